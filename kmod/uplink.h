/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: the uplink, which carries NVGRE between provider addresses.
 */
#ifndef _VSW_UPLINK_H
#define _VSW_UPLINK_H

#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

struct netlink_ext_ack;
struct vsw_sampler;
struct vsw_switch;

/**
 * struct vsw_uplink - the netdev carrying a switch's provider traffic
 * @sw: the switch; stable for the uplink's life
 * @dev: the netdev; its rx_handler_data points back here
 * @dev_tracker: tracks the reference held on @dev
 * @pa: the local provider address; written under RTNL, read locklessly
 * @sampler: NVGRE packets taken are sampled if set; RTNL to change, RCU to
 *	read
 * @rcu: frees the uplink after readers of &vsw_switch.uplink are done
 */
struct vsw_uplink {
	struct vsw_switch *sw;
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	__be32 pa;
	struct vsw_sampler __rcu *sampler;
	struct rcu_head rcu;
};

int vsw_uplink_set(struct vsw_switch *sw, struct net_device *dev, __be32 pa,
		   struct netlink_ext_ack *extack);
void vsw_uplink_del(struct vsw_switch *sw);
struct vsw_uplink *vsw_uplink_get_rtnl(const struct net_device *dev);
rx_handler_result_t vsw_uplink_rx(struct sk_buff **pskb);

#endif /* _VSW_UPLINK_H */
