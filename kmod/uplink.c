// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: the uplink, which carries NVGRE between provider addresses.
 */

#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/netlink.h>
#include <net/route.h>

#include "nvgre.h"
#include "port.h"
#include "sample.h"
#include "switch.h"
#include "uplink.h"

/**
 * vsw_uplink_get_rtnl - the vsw uplink a netdev is, if it is one
 * @dev: any netdev
 *
 * Return: the uplink or %NULL. Caller holds RTNL.
 */
struct vsw_uplink *vsw_uplink_get_rtnl(const struct net_device *dev)
{
	ASSERT_RTNL();

	if (rcu_access_pointer(dev->rx_handler) != vsw_uplink_rx)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

static void vsw_uplink_detach(struct vsw_uplink *up)
{
	netdev_rx_handler_unregister(up->dev);
	netdev_put(up->dev, &up->dev_tracker);
	vsw_sampler_release(rtnl_dereference(up->sampler));
	/* Datapath readers may still hold it through sw->uplink. */
	kfree_rcu(up, rcu);
}

/**
 * vsw_uplink_set - make a netdev the switch's uplink, or change its PA
 * @sw: the switch
 * @dev: the netdev, in the switch's namespace
 * @pa: the local provider address, configured on this host
 * @extack: where a refusal is explained
 *
 * An uplink already there is replaced: the new one is attached before the
 * old one is let go, so encapsulation never sees a switch without one.
 *
 * Return: 0, or -EINVAL, -EADDRNOTAVAIL, -EBUSY, -ENOMEM. Caller holds RTNL.
 */
int vsw_uplink_set(struct vsw_switch *sw, struct net_device *dev, __be32 pa,
		   struct netlink_ext_ack *extack)
{
	struct vsw_uplink *old = rtnl_dereference(sw->uplink);
	struct vsw_uplink *up;
	int err;

	ASSERT_RTNL();

	if (dev->type != ARPHRD_ETHER || dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG(extack, "uplink device is not an Ethernet device");
		return -EINVAL;
	}
	if (inet_addr_type(dev_net(dev), pa) != RTN_LOCAL) {
		NL_SET_ERR_MSG(extack,
			       "PA is not an address of this host: configure it first");
		return -EADDRNOTAVAIL;
	}
	if (old && old->dev == dev) {
		WRITE_ONCE(old->pa, pa);
		return 0;
	}
	if (vsw_port_get_rtnl(dev)) {
		NL_SET_ERR_MSG(extack, "device is a VM port of a switch");
		return -EBUSY;
	}
	if (vsw_uplink_get_rtnl(dev)) {
		NL_SET_ERR_MSG(extack, "device is the uplink of another switch");
		return -EBUSY;
	}
	if (netdev_is_rx_handler_busy(dev)) {
		NL_SET_ERR_MSG(extack,
			       "device already has an rx_handler (a bridge port, bond slave or similar)");
		return -EBUSY;
	}

	up = kzalloc(sizeof(*up), GFP_KERNEL_ACCOUNT);
	if (!up)
		return -ENOMEM;
	up->sw = sw;
	up->dev = dev;
	up->pa = pa;
	err = netdev_rx_handler_register(dev, vsw_uplink_rx, up);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot attach to the device");
		kfree(up);
		return err;
	}
	netdev_hold(dev, &up->dev_tracker, GFP_KERNEL);

	rcu_assign_pointer(sw->uplink, up);
	if (old)
		vsw_uplink_detach(old);
	return 0;
}

/**
 * vsw_uplink_del - detach the switch's uplink, if it has one
 * @sw: the switch
 *
 * Caller holds RTNL.
 */
void vsw_uplink_del(struct vsw_switch *sw)
{
	struct vsw_uplink *up = rtnl_dereference(sw->uplink);

	ASSERT_RTNL();

	if (!up)
		return;
	RCU_INIT_POINTER(sw->uplink, NULL);
	vsw_uplink_detach(up);
}

/**
 * vsw_uplink_rx - rx_handler of uplinks
 * @pskb: the frame, data at its network header
 *
 * Takes GRE sent to the local PA; everything else, the host's own traffic
 * included, goes on to the host stack untouched. Runs in softirq context
 * under rcu_read_lock().
 */
rx_handler_result_t vsw_uplink_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const struct iphdr *iph;
	struct vsw_uplink *up;

	if (skb->protocol != htons(ETH_P_IP) || skb->pkt_type != PACKET_HOST)
		return RX_HANDLER_PASS;
	/* Too short for IPv4: the host stack counts that, not vsw. */
	if (!pskb_may_pull(skb, sizeof(*iph)))
		return RX_HANDLER_PASS;

	up = rcu_dereference(skb->dev->rx_handler_data);
	iph = ip_hdr(skb);
	if (iph->protocol != IPPROTO_GRE || iph->daddr != READ_ONCE(up->pa))
		return RX_HANDLER_PASS;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		vsw_stats_drop(up->sw->stats, VSW_DROP_NOMEM);
		return RX_HANDLER_CONSUMED;
	}
	vsw_sample_enter(rcu_dereference(up->sampler), skb, skb->dev->ifindex);
	vsw_nvgre_rcv(up, skb);
	return RX_HANDLER_CONSUMED;
}
