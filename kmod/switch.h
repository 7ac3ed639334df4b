/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: switches and the per-network-namespace switch table.
 */
#ifndef _VSW_SWITCH_H
#define _VSW_SWITCH_H

#include <linux/atomic.h>
#include <linux/if.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

struct net;
struct netlink_ext_ack;

/* Switches one network namespace may hold: bounds kernel memory. */
#define VSW_MAX_SWITCHES	256

/**
 * struct vsw_net - the vsw state of one network namespace
 * @net: the namespace this belongs to
 * @switches: all switches of @net, in creation order; RTNL
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
 * @list: entry on &vsw_net.switches; RTNL (RCU for lockless readers)
 * @vn: the namespace state holding this switch
 * @rcu: frees the switch after a grace period, since datapath readers
 *	reach it under RCU only
 * @name: unique within @vn, netdev name rules
 */
struct vsw_switch {
	struct list_head list;
	struct vsw_net *vn;
	struct rcu_head rcu;
	char name[IFNAMSIZ];
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
void vsw_switch_destroy(struct vsw_switch *sw);

#endif /* _VSW_SWITCH_H */
