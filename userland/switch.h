/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "switch" object: add, del, set, show.
 */
#ifndef VSWCTL_SWITCH_H
#define VSWCTL_SWITCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

#include <linux/vsw.h>

struct nlmsghdr;
struct output;
struct report;
struct vsw_nl;

/* Settings of "switch set"; each is sent only if its flag is set. */
#define SWITCH_SET_FLOWID	(1U << 0)
#define SWITCH_SET_TTL		(1U << 1)
#define SWITCH_SET_TOS		(1U << 2)
#define SWITCH_SET_POLICY_MAX	(1U << 3)
#define SWITCH_SET_ROUTER_MAC	(1U << 4)
#define SWITCH_SET_HOLD_MAX	(1U << 5)
#define SWITCH_SET_HOLD_TIMEOUT	(1U << 6)

struct switch_args {
	const char *name;	/* NULL: every switch (show) */
	unsigned int set;	/* SWITCH_SET_* */
	uint8_t flowid, ttl, tos;
	uint32_t policy_max;
	uint8_t router_mac[6];
	uint32_t hold_max, hold_timeout;
};

/* What "switch show" knows of a switch; SWITCH_HAS_* say what is there. */
#define SWITCH_HAS_UPLINK	(1U << 0)
#define SWITCH_HAS_PA		(1U << 1)
#define SWITCH_HAS_FLOWID	(1U << 2)
#define SWITCH_HAS_TTL		(1U << 3)
#define SWITCH_HAS_TOS		(1U << 4)
#define SWITCH_HAS_PORTS	(1U << 5)
#define SWITCH_HAS_POLICY	(1U << 6)
#define SWITCH_HAS_POLICY_MAX	(1U << 7)
#define SWITCH_HAS_PA6		(1U << 8)
#define SWITCH_HAS_ROUTER_MAC	(1U << 9)
#define SWITCH_HAS_HOLD_MAX	(1U << 10)
#define SWITCH_HAS_HOLD_TIMEOUT	(1U << 11)
#define SWITCH_HAS_HELD		(1U << 12)
#define SWITCH_HAS_OVER_LIMIT	(1U << 13)

struct switch_info {
	char name[VSW_SWITCH_NAME_MAX + 1];
	unsigned int has;	/* SWITCH_HAS_* */
	uint32_t uplink_ifindex;
	struct in_addr pa;	/* SWITCH_HAS_PA: the uplink's IPv4 PA */
	struct in6_addr pa6;	/* SWITCH_HAS_PA6: its IPv6 PA */
	uint8_t flowid, ttl, tos;
	uint32_t ports, policy, policy_max;
	uint8_t router_mac[6];	/* SWITCH_HAS_ROUTER_MAC */
	uint32_t hold_max, hold_timeout, held;
	uint64_t policy_over_limit;
};

/* What "switch show" prints, filled from the kernel's replies. */
struct switch_list {
	struct switch_info *v;
	size_t n, alloc;
};

/* Append a switch with only a name; -EINVAL if it is too long. */
int switch_list_add(struct switch_list *l, const char *name);
void switch_list_free(struct switch_list *l);
void switch_list_print(const struct switch_list *l, const struct output *out);

/*
 * Add the switch in a VSW_CMD_SWITCH_GET reply to @l. Unknown attributes
 * are ignored, replies to other commands skipped; -EPROTO if malformed.
 */
int switch_parse_reply(struct nlmsghdr *nlh, struct switch_list *l);

/* " pa A" for the IPv4 PA, then " pa B" for the IPv6 one, if there. */
void switch_print_pas(FILE *fp, const struct switch_info *s);
/* "hash", "zero", or a newer kernel's number. */
const char *switch_flowid_name(uint8_t flowid, char buf[4]);

/*
 * Switch @name, or every switch of the namespace (NULL), in creation order,
 * into @l (switch_list_free() it). A dump disturbed by a concurrent change
 * is asked for again. 0, or -1 with @r saying "WHAT [NAME]: ...".
 */
int switch_get(struct vsw_nl *nl, const char *name, struct switch_list *l,
	       const char *what, struct report *r);

#endif /* VSWCTL_SWITCH_H */
