/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "switch" object: add, del, show.
 */
#ifndef VSWCTL_SWITCH_H
#define VSWCTL_SWITCH_H

#include <stddef.h>

#include <linux/vsw.h>

struct nlmsghdr;
struct output;

struct switch_args {
	const char *name;	/* NULL: every switch (show) */
};

struct switch_info {
	char name[VSW_SWITCH_NAME_MAX + 1];
};

/* What "switch show" prints, filled from the kernel's replies. */
struct switch_list {
	struct switch_info *v;
	size_t n, alloc;
};

int switch_list_add(struct switch_list *l, const char *name);
void switch_list_free(struct switch_list *l);
void switch_list_print(const struct switch_list *l, const struct output *out);

/*
 * Add the switch in a VSW_CMD_SWITCH_GET reply to @l. Unknown attributes
 * are ignored, replies to other commands skipped; -EPROTO if malformed.
 */
int switch_parse_reply(struct nlmsghdr *nlh, struct switch_list *l);

#endif /* VSWCTL_SWITCH_H */
