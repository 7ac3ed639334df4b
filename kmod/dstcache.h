/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: a per-CPU cache of outer routes, keyed by remote provider address.
 */
#ifndef _VSW_DSTCACHE_H
#define _VSW_DSTCACHE_H

#include <linux/in6.h>
#include <linux/percpu.h>
#include <linux/types.h>

struct dst_entry;

/* Slots per CPU; a power of two. Each is 32 bytes (512 per CPU). */
#define VSW_DSTC_SLOTS	16

/**
 * struct vsw_dstc_slot - one cached outer route
 * @dst: the route, with a reference held; %NULL if the slot is empty
 * @pa: the remote PA it leads to (IPv6 or v4-mapped IPv4)
 * @cookie: what dst_check() validates @dst with (IPv6 routes)
 * @tos: the outer TOS it was looked up with
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

int vsw_dstc_init(struct vsw_dstc *c, gfp_t gfp);
void vsw_dstc_destroy(struct vsw_dstc *c);
struct dst_entry *vsw_dstc_get(struct vsw_dstc *c, const struct in6_addr *pa,
			       u8 tos);
void vsw_dstc_set(struct vsw_dstc *c, const struct in6_addr *pa, u8 tos,
		  struct dst_entry *dst, u32 cookie);

#endif /* _VSW_DSTCACHE_H */
