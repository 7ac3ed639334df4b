/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "monitor [NAME]": print the events of the vsw family's "events"
 * multicast group, one line (or one JSON object) each, as they come.
 */
#ifndef VSWCTL_MONITOR_H
#define VSWCTL_MONITOR_H

#include <stdint.h>

struct nlmsghdr;
struct output;
struct report;
struct vsw_addr;
struct vsw_nl;

struct monitor_args {
	const char *name;	/* NULL: events of every switch */
};

/*
 * Print one event message. Returns 1 if printed, 0 if skipped (another
 * switch than @filter, or an event this version does not know), -EPROTO
 * if malformed. Does not flush.
 */
int monitor_print_event(struct nlmsghdr *nlh, const char *filter,
			const struct output *out);

/*
 * A policy miss event (VSW_CMD_MISS): 1 and its switch (pointing into
 * @nlh), VSID and CA; 0 for another event; -EPROTO if malformed. vswd's
 * on-demand mode reads the events with this, as "vswctl monitor" does.
 */
int monitor_parse_miss(struct nlmsghdr *nlh, const char **sw, uint32_t *vsid,
		       struct vsw_addr *ca);

/*
 * Join the vsw family's "events" multicast group on @nl, with a receive
 * buffer of @rcvbuf bytes. The group's id, or -1 with @r filled.
 */
int monitor_join(struct vsw_nl *nl, int rcvbuf, struct report *r);

#endif /* VSWCTL_MONITOR_H */
