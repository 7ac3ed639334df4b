/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: a per-CPU cache of outer routes, keyed by remote provider address.
 */
#ifndef _VSW_DSTCACHE_H
#define _VSW_DSTCACHE_H

#include <linux/in6.h>
#include <linux/percpu.h>
#include <linux/types.h>
#include <net/inet_ecn.h>
#include <net/ipv6.h>

struct dst_entry;

/* Slots per CPU; a power of two. Each is 32 bytes (512 per CPU). */
#define VSW_DSTC_SLOTS	16

/**
 * struct vsw_dstc_slot - one cached outer route
 * @dst: the route, with a reference held; %NULL if the slot is empty
 * @pa: the remote PA it leads to (IPv6 or v4-mapped IPv4)
 * @cookie: what dst_check() validates @dst with (IPv6 routes)
 * @tos: the DSCP of the outer TOS it was looked up with (ECN bits clear)
 */
struct vsw_dstc_slot {
	struct dst_entry *dst;
	struct in6_addr pa;
	u32 cookie;
	u8 tos;
};

struct vsw_dstc_pcpu {
	struct vsw_dstc_slot slot[VSW_DSTC_SLOTS];
};

/**
 * struct vsw_dstc - the outer route cache of one set of local PAs
 * @pcpu: the slots of each CPU
 */
struct vsw_dstc {
	struct vsw_dstc_pcpu __percpu *pcpu;
};

/*
 * What a slot is tagged with of the outer TOS: its DSCP. Its ECN bits are
 * the flow's (encapsulation copies them out), and no route depends on
 * them, so flows that differ only in ECN share a route.
 */
static inline u8 vsw_dstc_tos(u8 tos)
{
	return tos & ~INET_ECN_MASK;
}

/* Does @s hold the route to @pa for outer TOS @tos? */
static inline bool vsw_dstc_match(const struct vsw_dstc_slot *s,
				  const struct in6_addr *pa, u8 tos)
{
	return s->dst && s->tos == vsw_dstc_tos(tos) &&
	       ipv6_addr_equal(&s->pa, pa);
}

int vsw_dstc_init(struct vsw_dstc *c, gfp_t gfp);
void vsw_dstc_destroy(struct vsw_dstc *c);
struct dst_entry *vsw_dstc_get(struct vsw_dstc *c, const struct in6_addr *pa,
			       u8 tos);
void vsw_dstc_set(struct vsw_dstc *c, const struct in6_addr *pa, u8 tos,
		  struct dst_entry *dst, u32 cookie);

#endif /* _VSW_DSTCACHE_H */
