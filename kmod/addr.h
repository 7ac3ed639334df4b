/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: customer and provider addresses of either family.
 *
 * vsw keeps every CA and PA as a struct in6_addr: an IPv6 address as is,
 * an IPv4 address v4-mapped (::ffff:a.b.c.d, RFC 4291 2.5.5.2). One key
 * type for both families keeps the policy table a single hash table, and
 * the family of a PA, which picks the underlay, is ipv6_addr_v4mapped().
 * IPv4-mapped addresses are never accepted as IPv6 addresses from
 * netlink, so the two never mix.
 */
#ifndef _VSW_ADDR_H
#define _VSW_ADDR_H

#include <linux/in6.h>
#include <net/ipv6.h>

/* An IPv4 address, v4-mapped, as a pointer to a temporary. */
#define VSW_ADDR4(a)	(&(const struct in6_addr){ .s6_addr32 = \
				{ 0, 0, htonl(0x0000ffff), (a) } })

static inline bool vsw_addr_is4(const struct in6_addr *a)
{
	return ipv6_addr_v4mapped(a);
}

static inline __be32 vsw_addr4(const struct in6_addr *a)
{
	return a->s6_addr32[3];
}

static inline void vsw_addr_set4(struct in6_addr *a, __be32 v4)
{
	ipv6_addr_set_v4mapped(v4, a);
}

#endif /* _VSW_ADDR_H */
