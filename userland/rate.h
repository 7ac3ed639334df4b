/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswctl stats show NAME [dev DEV] -r|--rate [SECONDS] [count N]: the
 * counters of a switch and its ports read every SECONDS (stats_get()),
 * printed as rates: packets and bits per second received and sent, and
 * drops per second (by reason). On a terminal the table is redrawn in
 * place; otherwise (or with -j, one JSON object a line) each report
 * follows the last. Ends on SIGINT or SIGTERM, or after N reports.
 *
 * rate_compute() and rate_print() are pure, for the tests.
 */
#ifndef VSWCTL_RATE_H
#define VSWCTL_RATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stats.h"

struct output;
struct report;
struct vsw_nl;

struct rate_drop {
	const char *reason;	/* points into the newer stats_reply */
	double per_s;
};

/* Rates of the switch or of one port over one interval. */
struct rate_row {
	uint32_t ifindex;	/* 0 for the switch */
	bool has_vsid;
	uint32_t vsid;
	double rx_pps, rx_bps, tx_pps, tx_bps;
	double encap_pps, decap_pps;
	double drops_ps;		/* every reason */
	struct rate_drop *drops;	/* the reasons that moved */
	size_t ndrops;
};

struct rate_report {
	const char *name;
	double seconds;
	bool has_sw;
	struct rate_row sw;
	struct rate_row *ports;	/* those of @cur; one not in @prev: rates 0 */
	size_t nports;
};

/*
 * Rates from @prev to @cur, @seconds apart. A counter that went back
 * (a port detached and attached again) counts as not moved. Strings of
 * @out point into @cur. 0 or -ENOMEM.
 */
int rate_compute(const struct stats_reply *prev, const struct stats_reply *cur,
		 double seconds, struct rate_report *out);
void rate_report_free(struct rate_report *r);

/*
 * One report: a table (text) or one JSON line. @seq numbers the reports
 * (1, 2, ...); @clear redraws a terminal's screen from its top first.
 */
void rate_print(const struct rate_report *r, unsigned long seq, bool clear,
		const struct output *out);

/* The loop of "stats show -r": 0, or -1 with @r set. */
int stats_rate_run(struct vsw_nl *nl, const struct stats_args *a,
		   const struct output *out, struct report *r);

/* "1.23 k", "45.6 M": @v with an SI prefix, in @buf (at least 16). */
const char *rate_si(char *buf, size_t size, double v);

#endif /* VSWCTL_RATE_H */
