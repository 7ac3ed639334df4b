/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: broadcast and multicast inside a VSID, by head-end replication.
 */
#ifndef _VSW_FLOOD_H
#define _VSW_FLOOD_H

#include <linux/rhashtable-types.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

struct sk_buff;
struct vsw_port;
struct vsw_switch;

/*
 * Most copies of one frame sent to remote PAs; copies past it are
 * counted (flood_fanout) and not sent.
 */
#define VSW_FLOOD_FANOUT_MAX	128
/* Broadcast and multicast frames one port may send per second. */
#define VSW_FLOOD_RATE		1000

/**
 * struct vsw_flood_pa - one PA hosting a VSID
 * @pa: the provider address; read by the datapath
 * @refs: records of the VSID at @pa; 0 for a slot left behind when a
 *	smaller set could not be allocated. Writers only (RTNL)
 */
struct vsw_flood_pa {
	__be32 pa;
	u32 refs;
};

/**
 * struct vsw_flood_set - the distinct PAs of one VSID's records
 * @rcu: frees a set replaced by another
 * @n: entries of @e
 * @e: the PAs, in no particular order
 *
 * Readers see a set under RCU and read @n and the PAs only. A writer
 * changes @refs in place, and publishes a new set when a PA comes or goes.
 */
struct vsw_flood_set {
	struct rcu_head rcu;
	u32 n;
	struct vsw_flood_pa e[];
};

/**
 * struct vsw_flood_table - the PA sets of a policy table, by VSID
 * @ht: &struct vsw_flood_vsid by VSID; RTNL to change, RCU to read
 */
struct vsw_flood_table {
	struct rhashtable ht;
};

int vsw_flood_table_init(struct vsw_flood_table *ft);
void vsw_flood_table_destroy(struct vsw_flood_table *ft);
int vsw_flood_pa_get(struct vsw_flood_table *ft, u32 vsid, __be32 pa);
void vsw_flood_pa_put(struct vsw_flood_table *ft, u32 vsid, __be32 pa);
const struct vsw_flood_set *vsw_flood_lookup(struct vsw_flood_table *ft,
					     u32 vsid);
unsigned int vsw_flood_vsids(const struct vsw_flood_table *ft);

void vsw_flood(struct vsw_port *port, struct sk_buff *skb);
void vsw_flood_rcv(struct vsw_switch *sw, u32 vsid, struct sk_buff *skb);

#endif /* _VSW_FLOOD_H */
