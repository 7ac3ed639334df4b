/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: broadcast and multicast inside a VSID, by head-end replication.
 */
#ifndef _VSW_FLOOD_H
#define _VSW_FLOOD_H

#include <linux/hashtable.h>
#include <linux/rhashtable-types.h>
#include <linux/rculist.h>
#include <linux/in6.h>
#include <linux/rcupdate.h>
#include <linux/rtnetlink.h>
#include <linux/types.h>

#include "limit.h"

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
/*
 * Broadcast and multicast frames from the wire one VSID may receive per
 * second (in bursts of as many), whoever sends them; more are counted
 * (flood_rate, on the switch) and not delivered.
 */
#define VSW_FLOOD_RCV_RATE	1000

#define VSW_FLOOD_GROUP_BITS	6

/**
 * struct vsw_flood_group - the VM ports of one VSID on a switch
 * @node: entry in &vsw_flood_groups.h; RTNL and the switch's lock to
 *	change, RCU (or either lock) to read
 * @vsid: the VSID
 * @refs: ports linked on @ports, and ports being added; as @node
 * @ports: &struct vsw_port by &vsw_port.flood_node; as @node
 * @rcv_limit: bounds the broadcast and multicast frames the VSID receives
 *	from the wire
 * @rcu: frees it after a grace period
 */
struct vsw_flood_group {
	struct hlist_node node;
	u32 vsid;
	u32 refs;
	struct hlist_head ports;
	struct vsw_limit rcv_limit;
	struct rcu_head rcu;
};

/**
 * struct vsw_flood_groups - the VM ports of a switch, by VSID
 * @h: &struct vsw_flood_group by VSID; RTNL and the switch's lock to
 *	change, RCU (or RTNL) to read
 */
struct vsw_flood_groups {
	DECLARE_HASHTABLE(h, VSW_FLOOD_GROUP_BITS);
};

/* Each port of a group, under rcu_read_lock() (or RTNL). */
#define vsw_flood_for_each_port(port, g) \
	hlist_for_each_entry_rcu(port, &(g)->ports, flood_node, \
				 lockdep_rtnl_is_held())

/**
 * struct vsw_flood_pa_key - what a PA of a replication list is found by
 * @vsid: the VSID
 * @pa: the provider address, IPv6 or v4-mapped IPv4
 *
 * Hashed as a whole: no padding.
 */
struct vsw_flood_pa_key {
	u32 vsid;
	struct in6_addr pa;
};

/**
 * struct vsw_flood_pa - one PA hosting a VSID
 * @node: entry in &vsw_flood_table.pas; writers only (the switch's lock)
 * @key: VSID and PA; @key.pa is what the datapath reads
 * @refs: records of the VSID at the PA; writers only (the switch's lock)
 * @list: entry on &vsw_flood_vsid.pas; the switch's lock to change, RCU
 *	to read
 * @rcu: frees it after a grace period
 */
struct vsw_flood_pa {
	struct rhash_head node;
	struct vsw_flood_pa_key key;
	u32 refs;
	struct hlist_node list;
	struct rcu_head rcu;
};

/**
 * struct vsw_flood_vsid - the replication list of one VSID
 * @node: entry in &vsw_flood_table.vsids
 * @vsid: the VSID
 * @pas: the distinct PAs of the VSID's records, &struct vsw_flood_pa;
 *	the switch's lock to change, RCU to read
 * @n: entries on @pas; the switch's lock
 * @rcu: frees it after a grace period
 */
struct vsw_flood_vsid {
	struct rhash_head node;
	u32 vsid;
	struct hlist_head pas;
	u32 n;
	struct rcu_head rcu;
};

/**
 * struct vsw_flood_table - the replication lists of a policy table
 * @vsids: &struct vsw_flood_vsid by VSID; the switch's lock to change,
 *	RCU to read
 * @pas: &struct vsw_flood_pa by (VSID, PA), for writers' refcounting
 */
struct vsw_flood_table {
	struct rhashtable vsids;
	struct rhashtable pas;
};

/* Each PA of a list, under rcu_read_lock(). */
#define vsw_flood_for_each_pa(p, v) \
	hlist_for_each_entry_rcu(p, &(v)->pas, list)

int vsw_flood_table_init(struct vsw_flood_table *ft);
void vsw_flood_table_destroy(struct vsw_flood_table *ft);
int vsw_flood_pa_get(struct vsw_flood_table *ft, u32 vsid,
		     const struct in6_addr *pa);
void vsw_flood_pa_put(struct vsw_flood_table *ft, u32 vsid,
		      const struct in6_addr *pa);
struct vsw_flood_vsid *vsw_flood_lookup(struct vsw_flood_table *ft, u32 vsid);
unsigned int vsw_flood_vsids(const struct vsw_flood_table *ft);

int vsw_flood_group_get(struct vsw_switch *sw, u32 vsid);
void vsw_flood_group_put(struct vsw_switch *sw, u32 vsid);
void vsw_flood_port_link(struct vsw_port *port);
void vsw_flood_port_unlink(struct vsw_port *port);
struct vsw_flood_group *vsw_flood_group_lookup(struct vsw_switch *sw,
					       u32 vsid);

void vsw_flood(struct vsw_port *port, struct sk_buff *skb);
void vsw_flood_rcv(struct vsw_switch *sw, u32 vsid, struct sk_buff *skb);

#endif /* _VSW_FLOOD_H */
