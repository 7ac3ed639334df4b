/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: IPv6 Neighbour Discovery from VMs, answered from the policy table.
 */
#ifndef _VSW_ND_H
#define _VSW_ND_H

#include <linux/types.h>

struct in6_addr;
struct net_device;
struct sk_buff;
struct vsw_port;

void vsw_nd_rcv(struct vsw_port *port, struct sk_buff *skb);
struct sk_buff *vsw_nd_na_create(struct net_device *dev, const u8 *dst_mac,
				 const u8 *src_mac,
				 const struct in6_addr *daddr,
				 const struct in6_addr *target, bool solicited);

#endif /* _VSW_ND_H */
