/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: customer routes, the distributed router between virtual subnets.
 */
#ifndef _VSW_ROUTE_H
#define _VSW_ROUTE_H

#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

/* Default router MAC: locally administered, "vsw" in its middle bytes. */
#define VSW_ROUTER_MAC_DEFAULT	{ 0x02, 0x76, 0x73, 0x77, 0x00, 0x01 }

struct netlink_ext_ack;
struct sk_buff;
struct vsw_port;
struct vsw_switch;

/**
 * struct vsw_route - one customer route
 * @rdid: routing domain
 * @vsid: the virtual subnet @prefix is in
 * @prefix: the destination prefix, host bits zero; IPv4 v4-mapped
 * @nexthop: a CA of @vsid that gets what matches, or :: for none (the
 *	destination itself gets it)
 * @plen: length of @prefix in its 128-bit form (an IPv4 /n is 96 + n)
 */
struct vsw_route {
	u32 rdid;
	u32 vsid;
	struct in6_addr prefix;
	struct in6_addr nexthop;
	u8 plen;
};

/**
 * struct vsw_rtable - the customer routes of a switch, and its router MAC
 * @rcu: frees a replaced table after a grace period
 * @mac: the distributed router's MAC
 * @n: number of routes
 * @r: the routes, longest prefix first
 *
 * Never changed once published: every change builds a new table and
 * swaps it in (under the switch's lock), so the datapath reads a consistent one under RCU.
 * Routes are few (at most %VSW_ROUTES_MAX), and a lookup is a scan in
 * longest-prefix order.
 */
struct vsw_rtable {
	struct rcu_head rcu;
	u8 mac[ETH_ALEN];
	unsigned int n;
	struct vsw_route r[];
};

int vsw_route_table_init(struct vsw_switch *sw);
struct vsw_rtable *vsw_routes_locked(struct vsw_switch *sw);
void vsw_route_table_free(struct vsw_switch *sw);

int vsw_route_add(struct vsw_switch *sw, const struct vsw_route *route,
		  struct netlink_ext_ack *extack);
int vsw_route_del(struct vsw_switch *sw, u32 rdid,
		  const struct in6_addr *prefix, u8 plen,
		  struct netlink_ext_ack *extack);
int vsw_route_set_mac(struct vsw_switch *sw, const u8 *mac);

const struct vsw_route *vsw_route_lookup(const struct vsw_rtable *rt,
					 u32 rdid, const struct in6_addr *dst);
bool vsw_route_rdid(const struct vsw_rtable *rt, u32 vsid, u32 *rdid);
bool vsw_route_gateway_mac(struct vsw_switch *sw, u32 vsid,
			   const struct in6_addr *addr, u8 *mac);
bool vsw_route_routed_src_ok(struct vsw_switch *sw, u32 vsid,
			     const struct in6_addr *ca,
			     const struct in6_addr *pa);
bool vsw_route_is_router_mac(struct vsw_switch *sw, const u8 *mac);
void vsw_route_rcv(struct vsw_port *port, struct sk_buff *skb);

#endif /* _VSW_ROUTE_H */
