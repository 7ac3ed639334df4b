/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: the "vsw" generic netlink family.
 */
#ifndef _VSW_NETLINK_H
#define _VSW_NETLINK_H

#include <linux/types.h>

struct in6_addr;
struct net;
struct vsw_port;
struct vsw_switch;

int vsw_genl_register(void);
void vsw_genl_unregister(void);

void vsw_nl_notify_miss(struct vsw_switch *sw, struct vsw_port *port,
			u32 vsid, const struct in6_addr *ca);
void vsw_nl_notify_miss_rx(struct vsw_switch *sw, u32 vsid,
			   const struct in6_addr *ca,
			   const struct in6_addr *pa);
void vsw_nl_notify_port_del(struct vsw_port *port);
void vsw_nl_notify_uplink_del(struct vsw_switch *sw);
bool vsw_nl_sample_listened(struct net *net);
void vsw_nl_notify_sample(struct net *net, int ifindex, u32 group, u32 seq,
			  u64 pool);

#endif /* _VSW_NETLINK_H */
