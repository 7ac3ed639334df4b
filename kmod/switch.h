/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: switches and the per-network-namespace switch table.
 */
#ifndef _VSW_SWITCH_H
#define _VSW_SWITCH_H

#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/if.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/types.h>

#include "flood.h"
#include "hold.h"
#include "limit.h"
#include "policy.h"
#include "stats.h"

struct net;
struct net_device;
struct netlink_ext_ack;
struct sk_buff;
struct vsw_port;
struct vsw_rtable;
struct vsw_uplink;

/* Switches one network namespace may hold: bounds kernel memory. */
#define VSW_MAX_SWITCHES	256
/* VM ports one switch may hold. */
#define VSW_MAX_PORTS		1024

#define VSW_PORT_HASH_BITS	8

/**
 * struct vsw_net - the vsw state of one network namespace
 * @net: the namespace this belongs to
 * @switches: all switches of @net, in creation order; RTNL to change,
 *	RCU to look a switch up (vsw_switch_get())
 * @n_switches: number of entries on @switches; RTNL
 * @gen: bumped on every change of @switches, so that a dump spanning
 *	several messages can tell that it is no longer consistent; RTNL
 */
struct vsw_net {
	struct net *net;
	struct list_head switches;
	unsigned int n_switches;
	unsigned int gen;
};

/**
 * struct vsw_switch - one virtual switch
 * @list: entry on &vsw_net.switches; RTNL to change, RCU to look up
 * @vn: the namespace state holding this switch
 * @name: unique within @vn, netdev name rules
 * @lock: the switch's configuration mutex (see DOC: Locking in switch.c):
 *	policy and route changes take it alone, port changes and the
 *	switch's deletion take it after RTNL
 * @uplink: the uplink, or %NULL; RTNL to change, RCU to read
 * @ports: all VM ports, in attach order; RTNL and @lock to change, either
 *	to read
 * @n_ports: number of entries on @ports; as @ports
 * @port_hash: VM ports by (VSID, MAC), for delivery; RTNL and @lock to
 *	change, RCU (or either lock) to read
 * @policy: the CA -> PA policy table; @lock to change, RCU to read
 * @stats: the switch's counters
 * @flowid: &enum vsw_flowid; written under @lock, read locklessly
 * @ttl: outer TTL; written under @lock, read locklessly
 * @tos: outer TOS or %VSW_TOS_INHERIT; written under @lock, read locklessly
 * @routes: customer routes and the router MAC; @lock to change, RCU to
 *	read
 * @route_gen: bumped on every change of @routes, for dumps; @lock
 * @miss_limit: bounds the miss events of frames from no port (a VM's own
 *	are bounded by &vsw_port.miss_limit)
 * @flood_groups: the VM ports of each VSID, for flooding (flood.c); as
 *	@port_hash
 * @hold: frames waiting for a policy record (hold.c)
 * @refcnt: the namespace's table holds one reference; a request that
 *	found the switch (vsw_switch_get()) holds another until it is done,
 *	and a policy dump in progress one, so the table it walks outlives
 *	the switch's deletion
 * @dead: deleted: unlinked from the namespace, or being so; written under
 *	RTNL and @lock, checked under @lock by every request that found the
 *	switch before, read without a lock by a policy dump in progress
 * @rcu: frees the switch once lookups under RCU are done with it
 */
struct vsw_switch {
	struct list_head list;
	struct vsw_net *vn;
	char name[IFNAMSIZ];
	struct mutex lock;	/* see DOC: Locking */
	struct vsw_uplink __rcu *uplink;
	struct list_head ports;
	unsigned int n_ports;
	DECLARE_HASHTABLE(port_hash, VSW_PORT_HASH_BITS);
	struct vsw_policy_table policy;
	struct vsw_pcpu_stats __percpu *stats;
	u8 flowid;
	u8 ttl;
	u8 tos;
	struct vsw_rtable __rcu *routes;
	unsigned int route_gen;
	struct vsw_limit miss_limit;
	struct vsw_flood_groups flood_groups;
	struct vsw_hold hold;
	refcount_t refcnt;
	bool dead;
	struct rcu_head rcu;
};

extern atomic_t vsw_switch_count;

int vsw_net_register(void);
void vsw_net_unregister(void);
struct vsw_net *vsw_net_get(const struct net *net);

void vsw_net_init(struct vsw_net *vn, struct net *net);
void vsw_net_flush(struct vsw_net *vn);

bool vsw_switch_name_valid(const char *name);
struct vsw_switch *vsw_switch_create(struct vsw_net *vn, const char *name,
				     struct netlink_ext_ack *extack);
struct vsw_switch *vsw_switch_find(struct vsw_net *vn, const char *name);
struct vsw_switch *vsw_switch_get(struct vsw_net *vn, const char *name);
void vsw_switch_destroy(struct vsw_switch *sw);
void vsw_switch_put(struct vsw_switch *sw);

int vsw_netdev_notifier_register(void);
void vsw_netdev_notifier_unregister(void);

void vsw_drop(struct vsw_switch *sw, struct vsw_port *port,
	      struct sk_buff *skb, enum vsw_drop_reason reason);

#endif /* _VSW_SWITCH_H */
