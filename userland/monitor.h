/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "monitor [NAME]": print the events of the vsw family's "events"
 * multicast group, one line (or one JSON object) each, as they come.
 */
#ifndef VSWCTL_MONITOR_H
#define VSWCTL_MONITOR_H

struct nlmsghdr;
struct output;

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

#endif /* VSWCTL_MONITOR_H */
