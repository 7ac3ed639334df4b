/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "stats" object: show. Counters of a switch and its ports.
 */
#ifndef VSWCTL_STATS_H
#define VSWCTL_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/vsw.h>

struct nlattr;
struct nlmsghdr;
struct output;
struct report;
struct vsw_nl;

struct stats_args {
	const char *name;
	const char *dev;	/* NULL: the switch and all its ports */
	uint32_t ifindex;
	/* -r|--rate [INTERVAL] (rate.c): rates every @interval_ms */
	bool rate;
	uint32_t interval_ms;
	uint32_t count;		/* "count N": stop after N reports; 0: never */
};

struct stats_drop {
	char *reason;
	uint64_t packets;
};

/* The counters of one VSW_A_STATS or VSW_PORT_A_STATS nest. */
struct stats_counters {
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
	uint64_t encap_packets, decap_packets;
	struct stats_drop *drops;	/* in the kernel's order */
	size_t ndrops;
};

struct stats_port {
	uint32_t ifindex;
	bool has_vsid, has_mac, has_stats;
	uint32_t vsid;
	uint8_t mac[6];
	struct stats_counters c;
};

struct stats_reply {
	char name[VSW_SWITCH_NAME_MAX + 1];
	bool has_stats;		/* the switch's own counters */
	struct stats_counters sw;
	struct stats_port *ports;
	size_t nports;
};

/* Parse a VSW_A_STATS / VSW_PORT_A_STATS nest into @c (adds to drops). */
int stats_parse_nest(const struct nlattr *nest, struct stats_counters *c);
/* Add a VSW_CMD_STATS_GET reply to @s; -EPROTO if malformed. */
int stats_parse_reply(struct nlmsghdr *nlh, struct stats_reply *s);
void stats_reply_free(struct stats_reply *s);
/*
 * VSW_CMD_STATS_GET of switch @name (of its port @ifindex only, if not
 * 0) into @s, named: 0 or -errno (@s then empty). vswctl's "stats show",
 * its rate view and vsw-sflowd's counters and metrics all read this way.
 */
int stats_get(struct vsw_nl *nl, const char *name, uint32_t ifindex,
	      struct stats_reply *s);
/* Report stats_get()'s -errno @err for "stats show" of @a into @r. */
void stats_report(const struct vsw_nl *nl, const struct stats_args *a,
		  int err, struct report *r);
void stats_print(const struct stats_reply *s, const struct output *out);

#endif /* VSWCTL_STATS_H */
