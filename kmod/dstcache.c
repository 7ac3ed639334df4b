// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: a per-CPU cache of outer routes, keyed by remote provider address.
 */

#include <linux/jhash.h>
#include <linux/lockdep.h>
#include <net/dst.h>
#include <net/ipv6.h>

#include "dstcache.h"

/**
 * DOC: Outer route cache
 *
 * Encapsulation needs the route to the remote PA for every packet. Like
 * struct dst_cache of the kernel's tunnels, which each have a single
 * remote end, vsw keeps the routes it looked up, with a reference held,
 * and revalidates one with dst_check() before use: a change of the routing
 * tables (IPv4 generation id, IPv6 fib serial number), a learned path MTU
 * or a device going away makes the route obsolete and the cache looks it
 * up again. A switch has many remote PAs, so the cache is a small
 * direct-mapped table per CPU, indexed by a hash of the remote PA and
 * tagged with it and the outer DSCP (vsw_dstc_tos()). Not with the whole
 * TOS: its ECN bits are the flow's (copied out by encapsulation) and no
 * route depends on them, so ECT and Not-ECT flows to one PA share the
 * route rather than evict each other.
 *
 * The cache belongs to the uplink's set of local PAs (struct
 * vsw_uplink_pa) and is replaced with it, so a route is never used with
 * another source address than the one it was looked up for. The source
 * address is fixed, so the route does not depend on anything else the
 * flow carries, except for policy routing on the GRE key, which the cache
 * ignores (as gretap's cache does).
 *
 * Locking: a CPU touches only its own slots, with bottom halves disabled
 * (encapsulation runs in softirq context or under local_bh_disable()).
 * vsw_dstc_destroy() runs once no reader is left (after an RCU grace
 * period).
 */

int vsw_dstc_init(struct vsw_dstc *c, gfp_t gfp)
{
	c->pcpu = alloc_percpu_gfp(struct vsw_dstc_pcpu, gfp);
	return c->pcpu ? 0 : -ENOMEM;
}

void vsw_dstc_destroy(struct vsw_dstc *c)
{
	int cpu, i;

	if (!c->pcpu)
		return;
	for_each_possible_cpu(cpu) {
		struct vsw_dstc_pcpu *p = per_cpu_ptr(c->pcpu, cpu);

		for (i = 0; i < VSW_DSTC_SLOTS; i++)
			dst_release(p->slot[i].dst);
	}
	free_percpu(c->pcpu);
	c->pcpu = NULL;
}

static struct vsw_dstc_slot *vsw_dstc_slot(struct vsw_dstc *c,
					   const struct in6_addr *pa)
{
	/* The low word is the IPv4 address, or the IPv6 interface id's. */
	u32 h = jhash_2words((__force u32)pa->s6_addr32[3],
			     (__force u32)pa->s6_addr32[2], 0);

	lockdep_assert_once(in_softirq() || irqs_disabled());
	return &this_cpu_ptr(c->pcpu)->slot[h & (VSW_DSTC_SLOTS - 1)];
}

/**
 * vsw_dstc_get - the cached route to a remote PA, if still valid
 * @c: the cache
 * @pa: the remote PA
 * @tos: the outer TOS (its ECN bits are ignored)
 *
 * Return: the route with a reference for the caller, or %NULL: look it up
 * and vsw_dstc_set() it.
 */
struct dst_entry *vsw_dstc_get(struct vsw_dstc *c, const struct in6_addr *pa,
			       u8 tos)
{
	struct vsw_dstc_slot *s = vsw_dstc_slot(c, pa);
	struct dst_entry *dst = s->dst;

	if (!vsw_dstc_match(s, pa, tos))
		return NULL;
	if (unlikely(!dst_check(dst, s->cookie))) {
		s->dst = NULL;
		dst_release(dst);
		return NULL;
	}
	dst_hold(dst);
	return dst;
}

/**
 * vsw_dstc_set - cache the route to a remote PA
 * @c: the cache
 * @pa: the remote PA
 * @tos: the outer TOS it was looked up with (its ECN bits are ignored)
 * @dst: the route; the cache takes a reference of its own
 * @cookie: what validates @dst (rt6_get_cookie() for IPv6, 0 for IPv4)
 *
 * Evicts what the slot held.
 */
void vsw_dstc_set(struct vsw_dstc *c, const struct in6_addr *pa, u8 tos,
		  struct dst_entry *dst, u32 cookie)
{
	struct vsw_dstc_slot *s = vsw_dstc_slot(c, pa);

	dst_release(s->dst);
	dst_hold(dst);
	s->dst = dst;
	s->pa = *pa;
	s->cookie = cookie;
	s->tos = vsw_dstc_tos(tos);
}
