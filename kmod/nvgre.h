/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: NVGRE encapsulation and decapsulation (RFC 7637).
 */
#ifndef _VSW_NVGRE_H
#define _VSW_NVGRE_H

#include <linux/types.h>

#include "stats.h"

struct in6_addr;
struct sk_buff;
struct vsw_port;
struct vsw_switch;
struct vsw_uplink;

/* GRE with a key and nothing else: base header and the key. */
#define VSW_GRE_HLEN		8
/* Outer IPv4 and GRE headers, and the inner Ethernet header they carry. */
#define VSW_NVGRE_OVERHEAD	(20 + VSW_GRE_HLEN + ETH_HLEN)
/* The same over an IPv6 underlay: 62 bytes. */
#define VSW_NVGRE6_OVERHEAD	(40 + VSW_GRE_HLEN + ETH_HLEN)

void vsw_nvgre_xmit(struct vsw_port *port, struct vsw_uplink *up,
		    struct sk_buff *skb, u32 vsid,
		    const struct in6_addr *dst_pa);
void vsw_nvgre_rcv(struct vsw_uplink *up, struct sk_buff *skb);
void vsw_nvgre_rcv6(struct vsw_uplink *up, struct sk_buff *skb);
enum vsw_drop_reason vsw_nvgre_src_check(struct vsw_switch *sw, u32 vsid,
					 const struct in6_addr *ca,
					 const struct in6_addr *src_pa,
					 const u8 *src_mac);

#endif /* _VSW_NVGRE_H */
