// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: VM ports, and the switching of frames that come from VMs.
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/icmpv6.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/vsw.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/netlink.h>

#include "addr.h"
#include "arp.h"
#include "flood.h"
#include "hold.h"
#include "hostguard.h"
#include "inner.h"
#include "nd.h"
#include "netlink.h"
#include "nvgre.h"
#include "port.h"
#include "route.h"
#include "sample.h"
#include "switch.h"
#include "uplink.h"

static u32 vsw_port_hash(u32 vsid, const u8 *mac)
{
	return jhash(mac, ETH_ALEN, vsid);
}

/**
 * vsw_port_lookup - the port of a VM, by VSID and MAC
 * @sw: the switch
 * @vsid: virtual subnet
 * @mac: the VM's MAC
 *
 * Return: the port or %NULL. Caller holds rcu_read_lock(), RTNL or
 * @sw->lock.
 */
struct vsw_port *vsw_port_lookup(struct vsw_switch *sw, u32 vsid,
				 const u8 *mac)
{
	struct vsw_port *port;

	hash_for_each_possible_rcu(sw->port_hash, port, hnode,
				   vsw_port_hash(vsid, mac),
				   lockdep_rtnl_is_held() ||
				   lockdep_is_held(&sw->lock))
		if (port->vsid == vsid && ether_addr_equal(port->mac, mac))
			return port;
	return NULL;
}

/**
 * vsw_port_get_rtnl - the vsw port a netdev is, if it is one
 * @dev: any netdev
 *
 * Return: the port or %NULL. Caller holds RTNL.
 */
struct vsw_port *vsw_port_get_rtnl(const struct net_device *dev)
{
	ASSERT_RTNL();

	if (rcu_access_pointer(dev->rx_handler) != vsw_port_rx)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

/*
 * The headroom a frame from a VM needs to be encapsulated in place: the
 * uplink's link-layer header and the outer IPv6 (the larger) and GRE
 * headers, in front of the VM's Ethernet header. The switch asks it of
 * each port device as its rx headroom, as the bridge and OVS do, so that
 * a veth or tap peer allocates it and encapsulation need not reallocate
 * every frame's head (nvgre.c, skb_cow_head()).
 */
static int vsw_port_headroom(struct vsw_switch *sw)
{
	struct vsw_uplink *up = rtnl_dereference(sw->uplink);
	int ll = up ? LL_RESERVED_SPACE(up->dev) : HH_DATA_ALIGN(ETH_HLEN);

	return ll + VSW_NVGRE6_OVERHEAD - ETH_HLEN;
}

/**
 * vsw_port_set_headroom - ask every port of a switch for the rx headroom
 *	its uplink needs
 * @sw: the switch, whose uplink has just changed
 *
 * Caller holds RTNL.
 */
void vsw_port_set_headroom(struct vsw_switch *sw)
{
	int headroom = vsw_port_headroom(sw);
	struct vsw_port *port;

	ASSERT_RTNL();

	list_for_each_entry(port, &sw->ports, list)
		netdev_set_rx_headroom(port->dev, headroom);
}

/*
 * A port's device is the VM's: the host must not use it. What address
 * would make it do so: 4 for an IPv4 address, 6 for an IPv6 address other
 * than link-local (a link-local one is there as long as the device is up
 * with IPv6 on, and only its own frames go out: the egress hook drops
 * them), 0 for none. Caller holds RTNL.
 */
static int vsw_port_dev_addr(struct net_device *dev)
{
	struct in_device *in_dev = __in_dev_get_rtnl(dev);
	struct inet6_dev *idev = __in6_dev_get(dev);
	struct inet6_ifaddr *ifp;
	int found = 0;

	if (in_dev && rtnl_dereference(in_dev->ifa_list))
		return 4;
	if (!idev)
		return 0;
	read_lock_bh(&idev->lock);
	list_for_each_entry(ifp, &idev->addr_list, if_list) {
		if (!(ipv6_addr_type(&ifp->addr) & IPV6_ADDR_LINKLOCAL)) {
			found = 6;
			break;
		}
	}
	read_unlock_bh(&idev->lock);
	return found;
}

/*
 * While a device is a port, no address is added to it: neither by the
 * host's administrator (IPv4 or IPv6) nor by IPv6 autoconfiguration (the
 * link-local address the kernel adds when the device comes up; other
 * autoconfigured addresses need a router advertisement, which the device
 * never receives: the port takes every frame). The kernel asks these
 * validators, with RTNL held, before it adds any address; ipvlan refuses
 * addresses the same way.
 */
static int vsw_port_addr_refuse(struct net_device *dev, unsigned long event,
				struct netlink_ext_ack *extack)
{
	if (event != NETDEV_UP ||
	    rcu_access_pointer(dev->rx_handler) != vsw_port_rx)
		return NOTIFY_DONE;
	NL_SET_ERR_MSG(extack,
		       "device is a vsw port: the host takes no address on it");
	return notifier_from_errno(-EADDRNOTAVAIL);
}

static int vsw_port_inetaddr_event(struct notifier_block *nb,
				   unsigned long event, void *ptr)
{
	struct in_validator_info *ivi = ptr;

	return vsw_port_addr_refuse(ivi->ivi_dev->dev, event, ivi->extack);
}

static int vsw_port_inet6addr_event(struct notifier_block *nb,
				    unsigned long event, void *ptr)
{
	struct in6_validator_info *i6vi = ptr;

	return vsw_port_addr_refuse(i6vi->i6vi_dev->dev, event,
				    i6vi->extack);
}

static struct notifier_block vsw_port_inetaddr_notifier = {
	.notifier_call = vsw_port_inetaddr_event,
};

static struct notifier_block vsw_port_inet6addr_notifier = {
	.notifier_call = vsw_port_inet6addr_event,
};

/**
 * vsw_port_addr_notifiers_register - refuse addresses on port devices
 *
 * Module init. Return: 0 or a negative errno.
 */
int vsw_port_addr_notifiers_register(void)
{
	int err;

	err = register_inetaddr_validator_notifier(&vsw_port_inetaddr_notifier);
	if (err)
		return err;
	err = register_inet6addr_validator_notifier(&vsw_port_inet6addr_notifier);
	if (err)
		unregister_inetaddr_validator_notifier(&vsw_port_inetaddr_notifier);
	return err;
}

/**
 * vsw_port_addr_notifiers_unregister - undo vsw_port_addr_notifiers_register()
 */
void vsw_port_addr_notifiers_unregister(void)
{
	unregister_inet6addr_validator_notifier(&vsw_port_inet6addr_notifier);
	unregister_inetaddr_validator_notifier(&vsw_port_inetaddr_notifier);
}

/**
 * vsw_port_add - attach a netdev as a VM port
 * @sw: the switch
 * @dev: the VM-facing netdev, in the switch's namespace
 * @vsid: the VM's virtual subnet
 * @mac: the VM's MAC (valid unicast)
 * @extack: where a refusal is explained
 *
 * A device with an IPv4 address, or an IPv6 address other than link-local,
 * is refused: the host would use it. From now on until vsw_port_del(), no
 * address is added to it (vsw_port_addr_refuse()).
 *
 * Return: 0, or -EEXIST, -EBUSY, -EINVAL, -ENOSPC, -ENOMEM. Caller holds
 * RTNL and @sw->lock.
 */
int vsw_port_add(struct vsw_switch *sw, struct net_device *dev, u32 vsid,
		 const u8 *mac, struct netlink_ext_ack *extack)
{
	struct vsw_port *port;
	int err;

	ASSERT_RTNL();
	lockdep_assert_held(&sw->lock);

	if (dev->type != ARPHRD_ETHER || dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG(extack, "port device is not an Ethernet device");
		return -EINVAL;
	}
	port = vsw_port_get_rtnl(dev);
	if (port) {
		if (port->sw == sw) {
			NL_SET_ERR_MSG(extack,
				       "device is already a port of this switch");
			return -EEXIST;
		}
		NL_SET_ERR_MSG(extack, "device is a port of another switch");
		return -EBUSY;
	}
	if (vsw_uplink_get_rtnl(dev)) {
		NL_SET_ERR_MSG(extack, "device is the uplink of a switch");
		return -EBUSY;
	}
	if (netdev_is_rx_handler_busy(dev)) {
		NL_SET_ERR_MSG(extack,
			       "device already has an rx_handler (a bridge port, bond slave or similar)");
		return -EBUSY;
	}
	switch (vsw_port_dev_addr(dev)) {
	case 4:
		NL_SET_ERR_MSG(extack,
			       "port device has an IPv4 address: the host would use it; remove it first");
		return -EBUSY;
	case 6:
		NL_SET_ERR_MSG(extack,
			       "port device has an IPv6 address other than link-local: the host would use it; remove it first");
		return -EBUSY;
	}
	if (vsw_port_lookup(sw, vsid, mac)) {
		NL_SET_ERR_MSG(extack,
			       "a port with this MAC exists in this VSID");
		return -EEXIST;
	}
	if (sw->n_ports >= VSW_MAX_PORTS) {
		NL_SET_ERR_MSG(extack, "too many ports on this switch");
		return -ENOSPC;
	}

	port = kzalloc(sizeof(*port), GFP_KERNEL_ACCOUNT);
	if (!port)
		return -ENOMEM;
	port->stats = vsw_stats_alloc();
	if (!port->stats) {
		err = -ENOMEM;
		goto err_free;
	}
	port->sw = sw;
	port->dev = dev;
	port->vsid = vsid;
	ether_addr_copy(port->mac, mac);
	vsw_limit_init(&port->flood_limit, VSW_FLOOD_RATE, VSW_FLOOD_RATE);
	vsw_limit_init(&port->miss_limit, VSW_MISS_RATE, VSW_MISS_RATE);
	err = vsw_flood_group_get(sw, vsid);
	if (err)
		goto err_free;

	/* Before anything else: the host sends the VM nothing from now on. */
	err = vsw_hostguard_attach(port, extack);
	if (err)
		goto err_group;

	/*
	 * A tap or a NIC only receives frames for its own address otherwise;
	 * the VM's frames are for any address in its subnet.
	 */
	err = dev_set_promiscuity(dev, 1);
	if (err)
		goto err_guard;
	err = netdev_rx_handler_register(dev, vsw_port_rx, port);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot attach to the device");
		goto err_promisc;
	}
	netdev_hold(dev, &port->dev_tracker, GFP_KERNEL);
	netdev_set_rx_headroom(dev, vsw_port_headroom(sw));

	hash_add_rcu(sw->port_hash, &port->hnode, vsw_port_hash(vsid, mac));
	vsw_flood_port_link(port);
	list_add_tail(&port->list, &sw->ports);
	sw->n_ports++;
	sw->vn->gen++;
	return 0;

err_promisc:
	dev_set_promiscuity(dev, -1);
err_guard:
	vsw_hostguard_detach(port);
err_group:
	vsw_flood_group_put(sw, vsid);
err_free:
	free_percpu(port->stats);
	kfree(port);
	return err;
}

/*
 * Takes a port out of what other ports and the uplink look it up in: it
 * receives no frame from them once a grace period has passed.
 */
static void vsw_port_unhash(struct vsw_port *port)
{
	hash_del_rcu(&port->hnode);
	vsw_flood_port_unlink(port);
}

static void vsw_port_free_rcu(struct rcu_head *head)
{
	struct vsw_port *port = container_of(head, struct vsw_port, rcu);

	free_percpu(port->stats);
	kfree(port);
}

/*
 * The rest of detaching a port that no datapath reader can reach any more
 * (unhashed, its rx_handler unregistered, its held frames gone): its
 * device is given back as it was and let go. The egress hook may still
 * be running on another CPU when nf_unregister_net_hook() returns (it does
 * not wait for a grace period), and it counts on the port's and the
 * switch's counters: the port is freed after a grace period, as the
 * bridge and OVS free theirs, and so is the switch (vsw_switch_put()).
 */
static void vsw_port_release(struct vsw_port *port)
{
	struct vsw_switch *sw = port->sw;
	struct net_device *dev = port->dev;

	list_del(&port->list);
	sw->n_ports--;
	sw->vn->gen++;

	netdev_reset_rx_headroom(dev);
	dev_set_promiscuity(dev, -1);
	/* Last: the device is the VM's until the port is gone. */
	vsw_hostguard_detach(port);
	netdev_put(dev, &port->dev_tracker);
	vsw_sampler_release(rtnl_dereference(port->sampler));
	call_rcu(&port->rcu, vsw_port_free_rcu);
}

/**
 * vsw_port_del - detach a port and free it
 * @port: the port
 *
 * Caller holds RTNL and the switch's lock. Waits for one grace period
 * (netdev_rx_handler_unregister()'s, expedited as RTNL is held).
 */
void vsw_port_del(struct vsw_port *port)
{
	struct vsw_switch *sw = port->sw;

	ASSERT_RTNL();
	lockdep_assert_held(&sw->lock);

	/*
	 * Unhash first: netdev_rx_handler_unregister() waits for a grace
	 * period, after which neither this port's rx_handler nor another
	 * port's lookup can still hold it.
	 */
	vsw_port_unhash(port);
	netdev_rx_handler_unregister(port->dev);
	vsw_hold_purge_port(sw, port);
	vsw_port_release(port);
}

/**
 * vsw_port_del_all - detach and free every port of a switch being deleted
 * @sw: the switch, marked dead, its uplink gone
 *
 * Every port is unhashed first, so that the switch delivers to none of
 * them from the first grace period on, rather than port after port. Then
 * each device's rx_handler is unregistered: netdev_rx_handler_unregister()
 * waits for a grace period of its own every time (synchronize_net(),
 * expedited under RTNL), and the kernel offers no way to unregister
 * several at once (the bridge and OVS pay the same per port). Once they
 * are all gone, the hold queue is emptied in one go and the ports are
 * released without any further wait; their memory follows after one
 * grace period (call_rcu()).
 *
 * Caller holds RTNL and @sw->lock.
 */
void vsw_port_del_all(struct vsw_switch *sw)
{
	struct vsw_port *port, *tmp;

	ASSERT_RTNL();
	lockdep_assert_held(&sw->lock);
	WARN_ON_ONCE(!sw->dead || rtnl_dereference(sw->uplink));

	list_for_each_entry(port, &sw->ports, list)
		vsw_port_unhash(port);
	list_for_each_entry(port, &sw->ports, list)
		netdev_rx_handler_unregister(port->dev);
	/* No frame of any port can be held any more. */
	vsw_hold_destroy(&sw->hold);
	list_for_each_entry_safe(port, tmp, &sw->ports, list)
		vsw_port_release(port);
}

/**
 * vsw_port_xmit - send a frame out of a port, to its VM
 * @port: the port
 * @skb: the frame, data at its Ethernet header
 *
 * Consumes @skb. A frame that cannot go out is counted as a drop of this
 * port (and of the switch): port_down, too_big (longer than the device's
 * MTU allows, and not GSO), tx_error. Called from the datapath, in softirq
 * context.
 */
void vsw_port_xmit(struct vsw_port *port, struct sk_buff *skb)
{
	struct vsw_switch *sw = port->sw;
	unsigned int len = skb->len;
	int rc;

	/*
	 * A down device's qdisc drops and says NET_XMIT_CN, which reads as
	 * success: check first, so that the drop is counted for what it is.
	 */
	if (unlikely(!netif_running(port->dev) ||
		     !netif_carrier_ok(port->dev))) {
		vsw_drop(sw, port, skb, VSW_DROP_PORT_DOWN);
		return;
	}
	/*
	 * As the bridge forwards (br_forward.c): a frame longer than the
	 * device takes would be dropped by it (veth, tap) after the fact.
	 */
	if (unlikely(!is_skb_forwardable(port->dev, skb))) {
		vsw_drop(sw, port, skb, VSW_DROP_TOO_BIG);
		return;
	}
	vsw_sample_emit(skb, port->dev->ifindex, 0, 0);
	skb->dev = port->dev;
	skb_forward_csum(skb);
	/*
	 * The receive timestamp (a wall-clock time, taken when anyone asked
	 * for them) is no departure time: fq would take it for one beyond its
	 * horizon and drop the frame.
	 */
	skb_clear_tstamp(skb);
	/* net_xmit_eval() evaluates its argument twice: never inline it. */
	vsw_hostguard_pass(skb);
	rc = dev_queue_xmit(skb);
	vsw_hostguard_passed();
	if (unlikely(net_xmit_eval(rc))) {
		vsw_stats_drop(port->stats, VSW_DROP_TX_ERROR);
		vsw_stats_drop(sw->stats, VSW_DROP_TX_ERROR);
		return;
	}
	vsw_stats_tx(port->stats, len);
	vsw_stats_tx(sw->stats, len);
}

/**
 * vsw_port_forward - send a VM's frame to the VM of a policy record
 * @port: the port it came from
 * @skb: the frame, data at its network header, MACs set
 * @vsid: the VSID it travels in: the port's, or a routed frame's target
 * @rec: the record of its destination in @vsid
 *
 * To the local port of the VM, or encapsulated to the PA of its host.
 * Consumes @skb. Runs in softirq context under rcu_read_lock().
 */
void vsw_port_forward(struct vsw_port *port, struct sk_buff *skb, u32 vsid,
		      const struct vsw_policy *rec)
{
	struct vsw_switch *sw = port->sw;
	const struct in6_addr *local_pa;
	struct vsw_uplink *up;
	struct vsw_port *dst;

	up = rcu_dereference(sw->uplink);
	local_pa = up ? vsw_uplink_local_pa(up, &rec->pa) : NULL;
	if (!up || (local_pa && ipv6_addr_equal(&rec->pa, local_pa))) {
		/* The VM is on this host. */
		dst = vsw_port_lookup(sw, vsid, rec->mac);
		if (unlikely(!dst || dst == port)) {
			vsw_drop(sw, port, skb,
				 up ? VSW_DROP_NO_LOCAL_PORT : VSW_DROP_NO_UPLINK);
			return;
		}
		skb_push(skb, ETH_HLEN);
		vsw_port_xmit(dst, skb);
		return;
	}
	vsw_nvgre_xmit(port, up, skb, vsid, &rec->pa);
}

/*
 * A unicast IPv4 or IPv6 packet from a VM to @daddr (a CA, v4-mapped for
 * IPv4), in the VM's VSID; or, sent to the router MAC, to be routed to
 * another subnet. @daddr may point into @skb.
 */
static void vsw_port_unicast(struct vsw_port *port, struct sk_buff *skb,
			     const struct in6_addr *daddr, bool may_hold)
{
	struct vsw_switch *sw = port->sw;
	const struct vsw_policy *rec;

	if (vsw_route_is_router_mac(sw, eth_hdr(skb)->h_dest)) {
		vsw_route_rcv(port, skb);
		return;
	}
	rec = vsw_policy_lookup(&sw->policy, port->vsid, daddr);
	if (unlikely(!rec)) {
		vsw_nl_notify_miss(sw, port, port->vsid, daddr);
		if (!may_hold || !vsw_hold_frame(sw, port, skb))
			vsw_drop(sw, port, skb, VSW_DROP_POLICY_MISS);
		return;
	}
	if (unlikely(!ether_addr_equal(eth_hdr(skb)->h_dest, rec->mac))) {
		vsw_drop(sw, port, skb, VSW_DROP_MAC_MISMATCH);
		return;
	}
	vsw_port_forward(port, skb, port->vsid, rec);
}

/**
 * vsw_port_ip_fwd - switch a unicast IPv4 or IPv6 frame from a VM
 * @port: the port it came from
 * @skb: the frame, data at its network header (pulled)
 * @may_hold: on a policy miss, hold the frame (hold.c) rather than drop it
 *
 * Consumes @skb. Datapath, under rcu_read_lock() with BHs off.
 */
void vsw_port_ip_fwd(struct vsw_port *port, struct sk_buff *skb,
		     bool may_hold)
{
	if (skb->protocol == htons(ETH_P_IPV6))
		vsw_port_unicast(port, skb, &ipv6_hdr(skb)->daddr, may_hold);
	else
		vsw_port_unicast(port, skb, VSW_ADDR4(ip_hdr(skb)->daddr),
				 may_hold);
}

/* IPv4 (vsw_inner_check() has pulled its header). */
static void vsw_port_ip_rcv(struct vsw_port *port, struct sk_buff *skb)
{
	if (unlikely(is_multicast_ether_addr(eth_hdr(skb)->h_dest))) {
		vsw_flood(port, skb);
		return;
	}
	vsw_port_ip_fwd(port, skb, true);
}

/*
 * Is this IPv6 packet a Neighbour Discovery message (for nd.c)? Wherever
 * its ICMPv6 header is: an ND message behind extension headers or in a
 * fragment (which RFC 6980 forbids) is set in *@hidden, for the caller to
 * drop, never to flood or forward.
 */
static bool vsw_port_is_nd(struct sk_buff *skb, bool *hidden)
{
	return vsw_inner_nd(skb, 0, hidden) != 0;
}

/*
 * IPv6 (vsw_inner_check() has pulled its header): Neighbour Discovery is
 * answered here (nd.c), like ARP; other multicast (MLD, mDNS, DHCPv6, ...)
 * is flooded in the VSID like IPv4 broadcast.
 */
static void vsw_port_ip6_rcv(struct vsw_port *port, struct sk_buff *skb)
{
	bool hidden = false;

	if (vsw_port_is_nd(skb, &hidden)) {
		if (unlikely(hidden))
			vsw_drop(port->sw, port, skb, VSW_DROP_ND_IGNORED);
		else
			vsw_nd_rcv(port, skb);
		return;
	}
	if (unlikely(is_multicast_ether_addr(eth_hdr(skb)->h_dest))) {
		vsw_flood(port, skb);
		return;
	}
	vsw_port_ip_fwd(port, skb, true);
}

/**
 * vsw_port_rx - rx_handler of VM ports: every frame of a VM enters here
 * @pskb: the frame, data at its network header
 *
 * Runs in softirq context under rcu_read_lock(). Every frame is consumed:
 * switched, answered, or dropped with a counted reason.
 */
rx_handler_result_t vsw_port_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	enum vsw_drop_reason reason;
	struct vsw_switch *sw;
	struct vsw_port *port;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	port = rcu_dereference(skb->dev->rx_handler_data);
	sw = port->sw;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		vsw_stats_drop(port->stats, VSW_DROP_NOMEM);
		vsw_stats_drop(sw->stats, VSW_DROP_NOMEM);
		return RX_HANDLER_CONSUMED;
	}
	vsw_stats_rx(port->stats, skb->len + ETH_HLEN);
	vsw_stats_rx(sw->stats, skb->len + ETH_HLEN);
	vsw_sample_enter(rcu_dereference(port->sampler), skb,
			 skb->dev->ifindex);
	VSW_CB(skb)->vsid = port->vsid;

	if (unlikely(!ether_addr_equal(eth_hdr(skb)->h_source, port->mac))) {
		vsw_drop(sw, port, skb, VSW_DROP_SPOOFED_MAC);
		return RX_HANDLER_CONSUMED;
	}

	/*
	 * The core has moved one 802.1Q tag out of the frame already; the
	 * tenant's VLANs mean nothing on the overlay, so it goes. A frame
	 * that still carries a tag had two.
	 */
	__vlan_hwaccel_clear_tag(skb);

	/* Lengths that say the packet is not all there (inner.c). */
	reason = vsw_inner_check(skb, 0, skb->protocol);
	if (unlikely(reason != VSW_DROP_MAX)) {
		vsw_drop(sw, port, skb, reason);
		return RX_HANDLER_CONSUMED;
	}

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		vsw_port_ip_rcv(port, skb);
		break;
	case htons(ETH_P_IPV6):
		vsw_port_ip6_rcv(port, skb);
		break;
	case htons(ETH_P_ARP):
		vsw_arp_rcv(port, skb);
		break;
	default:
		vsw_drop(sw, port, skb, VSW_DROP_UNSUPPORTED_PROTOCOL);
		break;
	}
	return RX_HANDLER_CONSUMED;
}
