// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: customer routes, the distributed router between virtual subnets.
 *
 * Hyper-V Network Virtualization's customer routes: a routing domain
 * (RDID) groups virtual subnets, each route says which VSID a prefix is
 * in. A VM sends a packet for another subnet to its gateway, the first
 * address of its own subnet's prefix, which resolves (ARP or ND, answered
 * by the switch) to the router MAC. The switch of the sender's host
 * routes it at once: longest-prefix match among the routes of the
 * sender's routing domain, the policy record of the destination (or of
 * the route's next hop) in the target VSID, TTL or hop limit down by one,
 * source MAC the router's, destination MAC the record's; then delivery or
 * NVGRE in the target VSID like any frame of that VSID. The receiving
 * host needs no route lookup but for its anti-spoofing check: the sender
 * is a VM of another subnet of the same routing domain. Routing domains
 * never leak into each other: every lookup is confined to the sender's.
 */

#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/vsw.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netlink.h>

#include "addr.h"
#include "netlink.h"
#include "port.h"
#include "route.h"
#include "switch.h"

static const u8 vsw_router_mac_default[ETH_ALEN] = VSW_ROUTER_MAC_DEFAULT;

static struct vsw_rtable *vsw_rtable_alloc(unsigned int n)
{
	struct vsw_rtable *rt;

	rt = kzalloc(struct_size(rt, r, n), GFP_KERNEL_ACCOUNT);
	if (rt)
		rt->n = n;
	return rt;
}

/**
 * vsw_route_table_init - give a new switch an empty route table
 * @sw: the switch, not yet published
 *
 * Return: 0 or -ENOMEM.
 */
int vsw_route_table_init(struct vsw_switch *sw)
{
	struct vsw_rtable *rt = vsw_rtable_alloc(0);

	if (!rt)
		return -ENOMEM;
	ether_addr_copy(rt->mac, vsw_router_mac_default);
	RCU_INIT_POINTER(sw->routes, rt);
	return 0;
}

/**
 * vsw_route_table_free - free a switch's route table
 * @sw: the switch, which no reader can reach any more
 */
void vsw_route_table_free(struct vsw_switch *sw)
{
	kfree(rcu_dereference_protected(sw->routes, true));
}

/**
 * vsw_routes_locked - a switch's routes, for a writer
 * @sw: the switch
 *
 * Return: the route table. Caller holds @sw->lock.
 */
struct vsw_rtable *vsw_routes_locked(struct vsw_switch *sw)
{
	return rcu_dereference_protected(sw->routes,
					 lockdep_is_held(&sw->lock));
}

static void vsw_route_publish(struct vsw_switch *sw, struct vsw_rtable *new)
{
	struct vsw_rtable *old;

	old = rcu_replace_pointer(sw->routes, new,
				  lockdep_is_held(&sw->lock));
	kfree_rcu(old, rcu);
	sw->route_gen++;
}

static bool vsw_route_same(const struct vsw_route *r, u32 rdid,
			   const struct in6_addr *prefix, u8 plen)
{
	return r->rdid == rdid && r->plen == plen &&
	       ipv6_addr_equal(&r->prefix, prefix);
}

/**
 * vsw_route_add - add a customer route
 * @sw: the switch
 * @route: the route; prefix v4-mapped for IPv4, with its length in the
 *	128-bit form, and a next hop of the same family or ::
 * @extack: where a refusal is explained
 *
 * Return: 0, -EINVAL (host bits set, families mixed), -EEXIST (the
 * routing domain has that prefix), -EBUSY (the VSID is in another routing
 * domain), -ENOSPC, -ENOMEM. Caller holds @sw->lock.
 */
int vsw_route_add(struct vsw_switch *sw, const struct vsw_route *route,
		  struct netlink_ext_ack *extack)
{
	struct vsw_rtable *old = vsw_routes_locked(sw);
	struct vsw_rtable *new;
	struct in6_addr masked;
	unsigned int i, j;

	lockdep_assert_held(&sw->lock);

	ipv6_addr_prefix(&masked, &route->prefix, route->plen);
	if (!ipv6_addr_equal(&masked, &route->prefix)) {
		NL_SET_ERR_MSG(extack, "route prefix has host bits set");
		return -EINVAL;
	}
	if (!ipv6_addr_any(&route->nexthop) &&
	    vsw_addr_is4(&route->nexthop) != vsw_addr_is4(&route->prefix)) {
		NL_SET_ERR_MSG(extack,
			       "next hop is not of the prefix's address family");
		return -EINVAL;
	}
	for (i = 0; i < old->n; i++) {
		if (vsw_route_same(&old->r[i], route->rdid, &route->prefix,
				   route->plen)) {
			NL_SET_ERR_MSG(extack,
				       "the routing domain has a route for this prefix");
			return -EEXIST;
		}
		if (old->r[i].vsid == route->vsid &&
		    old->r[i].rdid != route->rdid) {
			NL_SET_ERR_MSG(extack,
				       "VSID is in another routing domain");
			return -EBUSY;
		}
	}
	if (old->n >= VSW_ROUTES_MAX) {
		NL_SET_ERR_MSG(extack, "too many routes on this switch");
		return -ENOSPC;
	}

	new = vsw_rtable_alloc(old->n + 1);
	if (!new)
		return -ENOMEM;
	ether_addr_copy(new->mac, old->mac);
	/* Longest prefix first; among equals, oldest first. */
	for (i = 0, j = 0; i < old->n; i++) {
		if (j == i && old->r[i].plen < route->plen)
			new->r[j++] = *route;
		new->r[j++] = old->r[i];
	}
	if (j == old->n)
		new->r[j] = *route;
	vsw_route_publish(sw, new);
	return 0;
}

/**
 * vsw_route_del - delete a customer route
 * @sw: the switch
 * @rdid: its routing domain
 * @prefix: its prefix, v4-mapped for IPv4
 * @plen: its length in the 128-bit form
 * @extack: where a refusal is explained
 *
 * Return: 0, -ENOENT, -ENOMEM. Caller holds @sw->lock.
 */
int vsw_route_del(struct vsw_switch *sw, u32 rdid,
		  const struct in6_addr *prefix, u8 plen,
		  struct netlink_ext_ack *extack)
{
	struct vsw_rtable *old = vsw_routes_locked(sw);
	struct vsw_rtable *new;
	unsigned int i, j;

	lockdep_assert_held(&sw->lock);

	for (i = 0; i < old->n; i++)
		if (vsw_route_same(&old->r[i], rdid, prefix, plen))
			break;
	if (i == old->n) {
		NL_SET_ERR_MSG(extack, "no such route");
		return -ENOENT;
	}
	new = vsw_rtable_alloc(old->n - 1);
	if (!new)
		return -ENOMEM;
	ether_addr_copy(new->mac, old->mac);
	for (i = 0, j = 0; i < old->n; i++)
		if (!vsw_route_same(&old->r[i], rdid, prefix, plen))
			new->r[j++] = old->r[i];
	vsw_route_publish(sw, new);
	return 0;
}

/**
 * vsw_route_set_mac - change the router MAC of a switch
 * @sw: the switch
 * @mac: a unicast MAC
 *
 * Return: 0 or -ENOMEM. Caller holds @sw->lock.
 */
int vsw_route_set_mac(struct vsw_switch *sw, const u8 *mac)
{
	struct vsw_rtable *old = vsw_routes_locked(sw);
	struct vsw_rtable *new;

	lockdep_assert_held(&sw->lock);

	new = vsw_rtable_alloc(old->n);
	if (!new)
		return -ENOMEM;
	memcpy(new->r, old->r, flex_array_size(old, r, old->n));
	ether_addr_copy(new->mac, mac);
	vsw_route_publish(sw, new);
	return 0;
}

/**
 * vsw_route_lookup - the longest-prefix route of a routing domain
 * @rt: the switch's routes
 * @rdid: the routing domain
 * @dst: the destination, v4-mapped for IPv4
 *
 * Return: the route or %NULL. RCU, or the switch's lock.
 */
const struct vsw_route *vsw_route_lookup(const struct vsw_rtable *rt,
					 u32 rdid, const struct in6_addr *dst)
{
	unsigned int i;

	for (i = 0; i < rt->n; i++)
		if (rt->r[i].rdid == rdid &&
		    ipv6_prefix_equal(dst, &rt->r[i].prefix, rt->r[i].plen))
			return &rt->r[i];
	return NULL;
}

/**
 * vsw_route_rdid - the routing domain of a virtual subnet
 * @rt: the switch's routes
 * @vsid: the VSID
 * @rdid: set to the routing domain
 *
 * Return: false if no route names @vsid (it is in no routing domain).
 */
bool vsw_route_rdid(const struct vsw_rtable *rt, u32 vsid, u32 *rdid)
{
	unsigned int i;

	for (i = 0; i < rt->n; i++) {
		if (rt->r[i].vsid == vsid) {
			*rdid = rt->r[i].rdid;
			return true;
		}
	}
	return false;
}

/**
 * vsw_route_gateway_mac - is an address the gateway of a VM's subnet?
 * @sw: the switch
 * @vsid: the VM's VSID
 * @addr: the address asked for (ARP or ND), v4-mapped for IPv4
 * @mac: set to the router MAC if it is
 *
 * The gateway of a subnet is the first address of the prefix of a route
 * of its VSID without a next hop. Caller holds rcu_read_lock().
 *
 * Return: true if @addr is a gateway of @vsid.
 */
bool vsw_route_gateway_mac(struct vsw_switch *sw, u32 vsid,
			   const struct in6_addr *addr, u8 *mac)
{
	const struct vsw_rtable *rt = rcu_dereference(sw->routes);
	const struct vsw_route *r;
	struct in6_addr gw;
	unsigned int i;

	for (i = 0; i < rt->n; i++) {
		r = &rt->r[i];
		/* A /31 or /32 (/127, /128) has no room for a gateway. */
		if (r->vsid != vsid || !ipv6_addr_any(&r->nexthop) ||
		    r->plen > 126)
			continue;
		gw = r->prefix;
		gw.s6_addr[15] |= 1;
		if (ipv6_addr_equal(&gw, addr)) {
			ether_addr_copy(mac, rt->mac);
			return true;
		}
	}
	return false;
}

/**
 * vsw_route_routed_src_ok - anti-spoofing of a routed frame from the wire
 * @sw: the switch
 * @vsid: the VSID the frame came in (the target subnet)
 * @ca: its source CA
 * @pa: the PA it came from
 *
 * A routed frame's sender is a VM of another subnet of @vsid's routing
 * domain: the route for @ca in that domain names its VSID, whose record
 * for @ca must be at @pa. Caller holds rcu_read_lock().
 *
 * Return: true if the sender checks out.
 */
bool vsw_route_routed_src_ok(struct vsw_switch *sw, u32 vsid,
			     const struct in6_addr *ca,
			     const struct in6_addr *pa)
{
	const struct vsw_rtable *rt = rcu_dereference(sw->routes);
	const struct vsw_policy *rec;
	const struct vsw_route *r;
	u32 rdid;

	if (!vsw_route_rdid(rt, vsid, &rdid))
		return false;
	r = vsw_route_lookup(rt, rdid, ca);
	if (!r)
		return false;
	rec = vsw_policy_lookup(&sw->policy, r->vsid, ca);
	return rec && ipv6_addr_equal(&rec->pa, pa);
}

/**
 * vsw_route_is_router_mac - is this the switch's router MAC?
 * @sw: the switch
 * @mac: a MAC
 *
 * Only when the switch has routes: without, the router MAC means nothing.
 * Caller holds rcu_read_lock().
 */
bool vsw_route_is_router_mac(struct vsw_switch *sw, const u8 *mac)
{
	const struct vsw_rtable *rt = rcu_dereference(sw->routes);

	return rt->n && ether_addr_equal(mac, rt->mac);
}

/**
 * vsw_route_rcv - route a VM's packet sent to its gateway
 * @port: the port it came from
 * @skb: an IPv4 or IPv6 packet, data at its network header (pulled), to
 *	the router MAC
 *
 * Consumes @skb. Runs in softirq context under rcu_read_lock().
 */
void vsw_route_rcv(struct vsw_port *port, struct sk_buff *skb)
{
	bool v6 = skb->protocol == htons(ETH_P_IPV6);
	struct vsw_switch *sw = port->sw;
	const struct vsw_policy *rec;
	const struct vsw_rtable *rt;
	const struct vsw_route *r;
	struct in6_addr dst;
	struct ethhdr *eth;
	u32 rdid;

	rt = rcu_dereference(sw->routes);
	if (v6)
		dst = ipv6_hdr(skb)->daddr;
	else
		vsw_addr_set4(&dst, ip_hdr(skb)->daddr);
	r = vsw_route_rdid(rt, port->vsid, &rdid) ?
		vsw_route_lookup(rt, rdid, &dst) : NULL;
	if (unlikely(!r)) {
		vsw_drop(sw, port, skb, VSW_DROP_ROUTE_MISS);
		return;
	}
	if (!ipv6_addr_any(&r->nexthop))
		dst = r->nexthop;
	rec = vsw_policy_lookup(&sw->policy, r->vsid, &dst);
	if (unlikely(!rec)) {
		vsw_nl_notify_miss(sw, port, r->vsid, &dst);
		vsw_drop(sw, port, skb, VSW_DROP_POLICY_MISS);
		return;
	}

	/* Headers written below must not be shared with a clone (taps). */
	skb_push(skb, ETH_HLEN);
	if (unlikely(skb_ensure_writable(skb, ETH_HLEN +
					 (v6 ? sizeof(struct ipv6hdr) :
					       sizeof(struct iphdr))))) {
		skb_pull(skb, ETH_HLEN);
		vsw_drop(sw, port, skb, VSW_DROP_NOMEM);
		return;
	}
	skb_pull(skb, ETH_HLEN);
	if (v6) {
		if (unlikely(ipv6_hdr(skb)->hop_limit <= 1)) {
			vsw_drop(sw, port, skb, VSW_DROP_TTL_EXCEEDED);
			return;
		}
		ipv6_hdr(skb)->hop_limit--;
	} else {
		if (unlikely(ip_hdr(skb)->ttl <= 1)) {
			vsw_drop(sw, port, skb, VSW_DROP_TTL_EXCEEDED);
			return;
		}
		ip_decrease_ttl(ip_hdr(skb));
	}
	eth = eth_hdr(skb);
	ether_addr_copy(eth->h_source, rt->mac);
	ether_addr_copy(eth->h_dest, rec->mac);
	vsw_port_forward(port, skb, r->vsid, rec);
}
