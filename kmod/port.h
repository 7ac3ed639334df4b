/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: VM ports.
 */
#ifndef _VSW_PORT_H
#define _VSW_PORT_H

#include <linux/if_ether.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/rcupdate.h>

#include "limit.h"
#include "stats.h"

struct netlink_ext_ack;
struct vsw_policy;
struct vsw_sampler;
struct vsw_switch;

/**
 * struct vsw_port - a netdev facing one VM, in one VSID
 * @hnode: entry in &vsw_switch.port_hash; RTNL and the switch's lock to
 *	change, RCU (or either lock) to read
 * @list: entry on &vsw_switch.ports; RTNL and the switch's lock to change,
 *	either to read
 * @sw: the switch; stable for the port's life
 * @dev: the netdev; its rx_handler_data points back here
 * @dev_tracker: tracks the reference held on @dev
 * @vsid: the VM's virtual subnet
 * @mac: the VM's MAC; frames from it must carry it as source
 * @stats: the port's counters
 * @sampler: frames from the VM are sampled if set; RTNL to change, RCU to
 *	read
 * @flood_limit: bounds the broadcast and multicast frames the VM may flood
 * @miss_limit: bounds the miss events the VM's frames may cause
 * @flood_node: entry on its VSID's &vsw_flood_group.ports (flood.c); as
 *	@hnode
 * @host_guard: the egress hook on @dev that drops what the host itself
 *	transmits there (hostguard.c)
 * @held: its frames in the switch's hold queue; under &vsw_hold.lock
 * @rcu: frees the port a grace period after it is detached
 */
struct vsw_port {
	struct hlist_node hnode;
	struct list_head list;
	struct vsw_switch *sw;
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	u32 vsid;
	u8 mac[ETH_ALEN];
	struct vsw_pcpu_stats __percpu *stats;
	struct vsw_sampler __rcu *sampler;
	struct vsw_limit flood_limit;
	struct vsw_limit miss_limit;
	struct hlist_node flood_node;
	u32 held;
	struct rcu_head rcu;
#ifdef VSW_HOSTGUARD
	struct nf_hook_ops host_guard;
#endif
};

int vsw_port_add(struct vsw_switch *sw, struct net_device *dev, u32 vsid,
		 const u8 *mac, struct netlink_ext_ack *extack);
void vsw_port_del(struct vsw_port *port);
int vsw_port_addr_notifiers_register(void);
void vsw_port_addr_notifiers_unregister(void);
void vsw_port_del_all(struct vsw_switch *sw);
void vsw_port_set_headroom(struct vsw_switch *sw);
struct vsw_port *vsw_port_get_rtnl(const struct net_device *dev);
struct vsw_port *vsw_port_lookup(struct vsw_switch *sw, u32 vsid,
				 const u8 *mac);
void vsw_port_xmit(struct vsw_port *port, struct sk_buff *skb);
void vsw_port_forward(struct vsw_port *port, struct sk_buff *skb, u32 vsid,
		      const struct vsw_policy *rec);
void vsw_port_ip_fwd(struct vsw_port *port, struct sk_buff *skb,
		     bool may_hold);
rx_handler_result_t vsw_port_rx(struct sk_buff **pskb);

#endif /* _VSW_PORT_H */
