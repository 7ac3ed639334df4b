/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: the uplink, which carries NVGRE between provider addresses.
 */
#ifndef _VSW_UPLINK_H
#define _VSW_UPLINK_H

#include <linux/in6.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <net/ipv6.h>

#include "addr.h"
#include "dstcache.h"

struct netlink_ext_ack;
struct vsw_sampler;
struct vsw_switch;

/**
 * struct vsw_uplink_pa - the local provider addresses of an uplink
 * @pa4: IPv4 PA, v4-mapped; all zero if the uplink has none
 * @pa6: IPv6 PA; all zero (::) if the uplink has none
 * @dstc: the routes to remote PAs looked up from these PAs
 * @rcu: frees it after datapath readers are done
 *
 * Replaced as a whole, never written in place, so that the datapath reads
 * both addresses consistently, and a cached route always goes with the
 * source address it was looked up for.
 */
struct vsw_uplink_pa {
	struct in6_addr pa4;
	struct in6_addr pa6;
	struct vsw_dstc dstc;
	struct rcu_head rcu;
};

/**
 * vsw_uplink_pa_of - the local PA of the family of a remote PA
 * @pas: the uplink's local PAs
 * @remote: a remote PA (IPv6 or v4-mapped IPv4)
 *
 * Return: the local PA, or %NULL if the uplink has none of that family.
 */
static inline const struct in6_addr *
vsw_uplink_pa_of(const struct vsw_uplink_pa *pas, const struct in6_addr *remote)
{
	const struct in6_addr *pa = vsw_addr_is4(remote) ? &pas->pa4 : &pas->pa6;

	return ipv6_addr_any(pa) ? NULL : pa;
}

/**
 * struct vsw_uplink - the netdev carrying a switch's provider traffic
 * @sw: the switch; stable for the uplink's life
 * @dev: the netdev; its rx_handler_data points back here
 * @dev_tracker: tracks the reference held on @dev
 * @pa: the local provider addresses; RTNL to change, RCU to read
 * @sampler: NVGRE packets taken are sampled if set; RTNL to change, RCU to
 *	read
 * @rcu: frees the uplink after readers of &vsw_switch.uplink are done
 */
struct vsw_uplink {
	struct vsw_switch *sw;
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	struct vsw_uplink_pa __rcu *pa;
	struct vsw_sampler __rcu *sampler;
	struct rcu_head rcu;
};

int vsw_uplink_set(struct vsw_switch *sw, struct net_device *dev,
		   const struct in6_addr *pa4, const struct in6_addr *pa6,
		   struct netlink_ext_ack *extack);
const struct in6_addr *vsw_uplink_local_pa(const struct vsw_uplink *up,
					   const struct in6_addr *remote);
void vsw_uplink_del(struct vsw_switch *sw);
struct vsw_uplink *vsw_uplink_get_rtnl(const struct net_device *dev);
rx_handler_result_t vsw_uplink_rx(struct sk_buff **pskb);

#endif /* _VSW_UPLINK_H */
