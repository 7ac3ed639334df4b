// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: the uplink, which carries NVGRE between provider addresses.
 */

#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/netlink.h>
#include <net/route.h>

#include "addr.h"
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

static void vsw_uplink_pa_destroy(struct vsw_uplink_pa *pas)
{
	vsw_dstc_destroy(&pas->dstc);
	kfree(pas);
}

static void vsw_uplink_pa_free_rcu(struct rcu_head *head)
{
	vsw_uplink_pa_destroy(container_of(head, struct vsw_uplink_pa, rcu));
}

/*
 * Frees a set of PAs once datapath readers, which may still hold it
 * through sw->uplink, are done. Module exit waits for the callback in
 * vsw_policy_cache_exit()'s rcu_barrier().
 */
static void vsw_uplink_pa_free(struct vsw_uplink_pa *pas)
{
	call_rcu(&pas->rcu, vsw_uplink_pa_free_rcu);
}

static void vsw_uplink_detach(struct vsw_uplink *up)
{
	netdev_rx_handler_unregister(up->dev);
	netdev_put(up->dev, &up->dev_tracker);
	vsw_sampler_release(rtnl_dereference(up->sampler));
	/* Datapath readers may still hold them through sw->uplink. */
	vsw_uplink_pa_free(rtnl_dereference(up->pa));
	kfree_rcu(up, rcu);
}

/**
 * vsw_uplink_local_pa - this host's PA of the family of a remote PA
 * @up: the uplink
 * @remote: a remote PA (IPv6 or v4-mapped IPv4)
 *
 * Caller holds rcu_read_lock() (or RTNL); the address stays valid until
 * it drops it.
 *
 * Return: the local PA of @remote's family, or %NULL if the uplink has
 * none of that family.
 */
const struct in6_addr *vsw_uplink_local_pa(const struct vsw_uplink *up,
					   const struct in6_addr *remote)
{
	return vsw_uplink_pa_of(rcu_dereference_rtnl(up->pa), remote);
}

static int vsw_uplink_pa_check(struct net *net, const struct in6_addr *pa4,
			       const struct in6_addr *pa6,
			       struct netlink_ext_ack *extack)
{
	if (!pa4 && !pa6) {
		NL_SET_ERR_MSG(extack, "uplink needs a PA");
		return -EINVAL;
	}
	if (pa4 && (!vsw_addr_is4(pa4) ||
		    inet_addr_type(net, vsw_addr4(pa4)) != RTN_LOCAL)) {
		NL_SET_ERR_MSG(extack,
			       "IPv4 PA is not an address of this host: configure it first");
		return -EADDRNOTAVAIL;
	}
	if (pa6 && (vsw_addr_is4(pa6) || !ipv6_chk_addr(net, pa6, NULL, 0))) {
		NL_SET_ERR_MSG(extack,
			       "IPv6 PA is not an address of this host: configure it first");
		return -EADDRNOTAVAIL;
	}
	return 0;
}

/**
 * vsw_uplink_set - make a netdev the switch's uplink, or change its PAs
 * @sw: the switch
 * @dev: the netdev, in the switch's namespace
 * @pa4: the local IPv4 provider address (v4-mapped), or %NULL for none
 * @pa6: the local IPv6 provider address, or %NULL for none
 * @extack: where a refusal is explained
 *
 * At least one PA is given, and each is an address of this host. The PAs
 * given are the uplink's PAs: a family left out has none afterwards, and
 * records whose PA is of that family cannot be reached.
 *
 * An uplink already there is replaced: the new one is attached before the
 * old one is let go, so encapsulation never sees a switch without one.
 *
 * Return: 0, or -EINVAL, -EADDRNOTAVAIL, -EBUSY, -ENOMEM. Caller holds RTNL.
 */
int vsw_uplink_set(struct vsw_switch *sw, struct net_device *dev,
		   const struct in6_addr *pa4, const struct in6_addr *pa6,
		   struct netlink_ext_ack *extack)
{
	struct vsw_uplink *old = rtnl_dereference(sw->uplink);
	struct vsw_uplink_pa *pas;
	struct vsw_uplink *up;
	int err;

	ASSERT_RTNL();

	if (dev->type != ARPHRD_ETHER || dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG(extack, "uplink device is not an Ethernet device");
		return -EINVAL;
	}
	err = vsw_uplink_pa_check(dev_net(dev), pa4, pa6, extack);
	if (err)
		return err;
	pas = kzalloc(sizeof(*pas), GFP_KERNEL_ACCOUNT);
	if (!pas)
		return -ENOMEM;
	if (vsw_dstc_init(&pas->dstc, GFP_KERNEL_ACCOUNT)) {
		kfree(pas);
		return -ENOMEM;
	}
	if (pa4)
		pas->pa4 = *pa4;
	if (pa6)
		pas->pa6 = *pa6;
	if (old && old->dev == dev) {
		vsw_uplink_pa_free(rcu_replace_pointer(old->pa, pas,
						       lockdep_rtnl_is_held()));
		return 0;
	}
	err = -EBUSY;
	if (vsw_port_get_rtnl(dev)) {
		NL_SET_ERR_MSG(extack, "device is a VM port of a switch");
		goto err_pa;
	}
	if (vsw_uplink_get_rtnl(dev)) {
		NL_SET_ERR_MSG(extack, "device is the uplink of another switch");
		goto err_pa;
	}
	if (netdev_is_rx_handler_busy(dev)) {
		NL_SET_ERR_MSG(extack,
			       "device already has an rx_handler (a bridge port, bond slave or similar)");
		goto err_pa;
	}

	err = -ENOMEM;
	up = kzalloc(sizeof(*up), GFP_KERNEL_ACCOUNT);
	if (!up)
		goto err_pa;
	up->sw = sw;
	up->dev = dev;
	RCU_INIT_POINTER(up->pa, pas);
	err = netdev_rx_handler_register(dev, vsw_uplink_rx, up);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot attach to the device");
		kfree(up);
		goto err_pa;
	}
	netdev_hold(dev, &up->dev_tracker, GFP_KERNEL);

	rcu_assign_pointer(sw->uplink, up);
	if (old)
		vsw_uplink_detach(old);
	vsw_port_set_headroom(sw);
	return 0;

err_pa:
	vsw_uplink_pa_destroy(pas);
	return err;
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
	vsw_port_set_headroom(sw);
}

/*
 * The classification reads the headers with skb_header_pointer(), never
 * pulls them: the skb may still be shared (a tap, pktgen), and pulling
 * may reallocate its head, which a shared skb must not have done to it
 * (pskb_expand_head()). What vsw takes is share-checked, then pulled.
 */

/* Is this IPv4 packet NVGRE (or any GRE) for the uplink's PA? */
static bool vsw_uplink_take4(const struct sk_buff *skb,
			     const struct vsw_uplink_pa *pas)
{
	const struct iphdr *iph;
	struct iphdr _iph;

	/* Too short for IPv4: the host stack counts that, not vsw. */
	iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
	return iph && iph->protocol == IPPROTO_GRE &&
	       !ipv6_addr_any(&pas->pa4) && iph->daddr == vsw_addr4(&pas->pa4);
}

/*
 * The same for IPv6: GRE right after the fixed header, or a fragment of
 * GRE (which is then dropped and counted, like IPv4 fragments). Other
 * extension headers in front of GRE are left to the host.
 */
static bool vsw_uplink_take6(const struct sk_buff *skb,
			     const struct vsw_uplink_pa *pas)
{
	const struct ipv6hdr *ip6h;
	const struct frag_hdr *fh;
	struct ipv6hdr _ip6h;
	struct frag_hdr _fh;

	ip6h = skb_header_pointer(skb, 0, sizeof(_ip6h), &_ip6h);
	if (!ip6h || ipv6_addr_any(&pas->pa6) ||
	    !ipv6_addr_equal(&ip6h->daddr, &pas->pa6))
		return false;
	if (ip6h->nexthdr == IPPROTO_GRE)
		return true;
	if (ip6h->nexthdr != NEXTHDR_FRAGMENT)
		return false;
	fh = skb_header_pointer(skb, sizeof(_ip6h), sizeof(_fh), &_fh);
	return fh && fh->nexthdr == IPPROTO_GRE;
}

/**
 * vsw_uplink_rx - rx_handler of uplinks
 * @pskb: the frame, data at its network header
 *
 * Takes GRE sent to a local PA (IPv4 or IPv6); everything else, the host's
 * own traffic included, goes on to the host stack untouched. Runs in
 * softirq context under rcu_read_lock().
 */
rx_handler_result_t vsw_uplink_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const struct vsw_uplink_pa *pas;
	struct vsw_uplink *up;
	bool v6;

	/*
	 * A frame tagged with a VLAN the host has no device for is not the
	 * host's (the core marks it PACKET_OTHERHOST, but only after this
	 * handler); one of a VLAN it has is handed to that VLAN's device
	 * before. A priority tag (VLAN 0) is the untagged network with a
	 * priority, and the host's stack takes such frames as its own: so
	 * does vsw.
	 */
	if (skb->pkt_type != PACKET_HOST ||
	    (skb_vlan_tag_present(skb) && skb_vlan_tag_get_id(skb)))
		return RX_HANDLER_PASS;
	up = rcu_dereference(skb->dev->rx_handler_data);
	pas = rcu_dereference(up->pa);
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (!vsw_uplink_take4(skb, pas))
			return RX_HANDLER_PASS;
		v6 = false;
		break;
	case htons(ETH_P_IPV6):
		if (!vsw_uplink_take6(skb, pas))
			return RX_HANDLER_PASS;
		v6 = true;
		break;
	default:
		return RX_HANDLER_PASS;
	}

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		vsw_stats_drop(up->sw->stats, VSW_DROP_NOMEM);
		return RX_HANDLER_CONSUMED;
	}
	/* The fixed header, which decapsulation reads first. */
	if (unlikely(!pskb_may_pull(skb, v6 ? sizeof(struct ipv6hdr) :
					       sizeof(struct iphdr)))) {
		vsw_drop(up->sw, NULL, skb, VSW_DROP_NOMEM);
		return RX_HANDLER_CONSUMED;
	}
	vsw_sample_enter(rcu_dereference(up->sampler), skb, skb->dev->ifindex);
	if (v6)
		vsw_nvgre_rcv6(up, skb);
	else
		vsw_nvgre_rcv(up, skb);
	return RX_HANDLER_CONSUMED;
}
