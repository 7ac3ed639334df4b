/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "save [NAME]": the configuration of the namespace's switches (or of
 * NAME) as a batch file that "vswctl -b" reads back; and the summary that
 * "vswctl" alone prints.
 *
 * The file is deterministic: switches by name, then for each its settings,
 * uplink, ports (by device name), routes (in the kernel's order, which a
 * restore keeps), policy records (by VSID, then CA: IPv4 before IPv6,
 * then by address) and samplers (by device name). Saving what a restore
 * of it built gives the same file again.
 */
#ifndef VSWCTL_SAVE_H
#define VSWCTL_SAVE_H

#include <stddef.h>
#include <stdint.h>

#include "policy.h"
#include "port.h"
#include "route.h"
#include "sample.h"
#include "switch.h"

struct output;
struct report;
struct vsw_nl;

struct save_args {
	const char *name;	/* NULL: every switch */
};

/* Everything saved of one switch. */
struct save_switch {
	const struct switch_info *sw;
	struct port_info *ports;
	size_t nports;
	struct route_list routes;
	struct policy_rec *policy;
	size_t npolicy, policy_alloc;
	struct sample_list samples;
};

/* Put @s's lists in the order of the file (see above). */
void save_sort(struct save_switch *s, const struct output *out);
/*
 * Print the lines of @s. Returns 0, or -1 with @r filled if a device has
 * no name (it is going away), which a batch could not name.
 */
int save_print(const struct save_switch *s, const struct output *out,
	       struct report *r);
void save_switch_free(struct save_switch *s);

/*
 * Reply callbacks (vsw_nl_reply_fn, @arg the struct save_switch): add the
 * ports of a VSW_CMD_PORT_GET reply, or the records of a
 * VSW_CMD_POLICY_GET reply, to its lists. -EPROTO if malformed.
 */
struct nlmsghdr;
int save_port_reply(struct nlmsghdr *nlh, void *arg);
int save_policy_reply(struct nlmsghdr *nlh, void *arg);
/* Empty the list a dump of @cmd fills (before it is asked again). */
void save_restart(struct save_switch *s, uint8_t cmd);

/* Compare two policy records in the order of the file, for qsort(). */
int save_policy_cmp(const void *a, const void *b);

/*
 * "vswctl" alone: every switch, as "switch show" prints it, each followed
 * by its ports indented; with JSON, the array of "switch show".
 */
int save_summary(struct vsw_nl *nl, const struct output *out,
		 struct report *r);

#endif /* VSWCTL_SAVE_H */
