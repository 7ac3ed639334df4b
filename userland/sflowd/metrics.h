/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw-sflowd's Prometheus metrics (text exposition format 0.0.4): the
 * counters of every switch and port, read over netlink as "vswctl stats
 * show" reads them (stats_get(), switch_get(), sample_get()), what the
 * agent knows of its samples, and the health of the scrape. See
 * Documentation/metrics.md for every metric.
 *
 * Reading (metrics_read()) and rendering (metrics_render()) are apart, so
 * that the tests render made-up snapshots without a kernel.
 */
#ifndef VSW_METRICS_H
#define VSW_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sample.h"
#include "stats.h"
#include "switch.h"

struct agent;
struct vsw_nl;

struct metrics_switch {
	struct switch_info info;
	struct stats_reply stats;
	struct sample_list samples;
};

struct metrics_agent {
	uint64_t flow_samples, counter_samples, datagrams;
	uint64_t samples_lost, overruns;
};

struct metrics_snapshot {
	struct metrics_switch *sw;
	size_t nsw;
	bool vsw_up;		/* every switch read */
	double scrape_seconds;	/* how long reading took */
	uint64_t scrape_errors;	/* scrapes that could not read vsw, in all */
	double start_time;	/* the daemon's start, Unix seconds */
	const char *version;
	struct metrics_agent agent;
	/* The name of a device (if_indextoname() if NULL). */
	char *(*ifname)(unsigned int ifindex, char *buf);
};

/*
 * Every switch of the namespace with its counters and samplers into @m
 * (m->sw, m->nsw): 0 or -errno (then m->nsw is 0).
 */
int metrics_read(struct vsw_nl *nl, struct metrics_snapshot *m);
/* What the agent knows into m->agent. */
void metrics_from_agent(const struct agent *a, struct metrics_snapshot *m);
void metrics_free(struct metrics_snapshot *m);

/* The name of device @ifindex (m->ifname), or "ifN": @buf (IF_NAMESIZE). */
const char *metrics_devname(const struct metrics_snapshot *m,
			    uint32_t ifindex, char *buf);

/* Write @m in the text exposition format: 0, or -1 if @fp failed. */
int metrics_render(FILE *fp, const struct metrics_snapshot *m);

#endif /* VSW_METRICS_H */
