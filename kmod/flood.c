// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: broadcast and multicast inside a VSID, by head-end replication.
 */

#include <kunit/visibility.h>
#include <linux/etherdevice.h>
#include <linux/hashtable.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "flood.h"
#include "nvgre.h"
#include "port.h"
#include "sample.h"
#include "switch.h"
#include "uplink.h"

/**
 * DOC: Flooding
 *
 * A broadcast or multicast IPv4 frame from a VM (ARP is answered by the
 * switch and never flooded) goes to every other port of the VM's VSID on
 * this host, and one unicast NVGRE copy goes to each other PA that hosts
 * the VSID: head-end replication, with no multicast in the underlay. The
 * PAs that host a VSID are the distinct PAs of its policy records; the
 * policy table keeps that set in step as records come, move and go
 * (vsw_flood_pa_get() and vsw_flood_pa_put(), refcounted per (VSID, PA)),
 * so the datapath finds it with one hash lookup and never walks the
 * policy table.
 *
 * A flooded frame that comes in from the uplink is delivered to the local
 * ports of its VSID only: it is never sent on to other PAs, so copies
 * cannot loop. Nothing ever crosses VSIDs.
 *
 * Bounds: one port may flood %VSW_FLOOD_RATE frames a second (more are
 * dropped as flood_rate), so a VM in a broadcast storm costs the host and
 * the underlay at most that many frames times the fan-out; and one frame
 * is sent to at most %VSW_FLOOD_FANOUT_MAX remote PAs (each copy past it
 * is counted as flood_fanout). Local delivery walks the switch's port hash
 * (at most %VSW_MAX_PORTS ports). A sampled frame is reported once, with
 * the output of its first copy.
 *
 * The sets live in an rhashtable keyed by VSID; each entry points to an
 * array of PAs that is replaced under RCU when a PA joins or leaves, while
 * the per-PA record counts are changed in place. Writers hold RTNL; they
 * allocate with GFP_ATOMIC, because vsw_policy_commit() may run inside an
 * RCU read-side section. If the smaller array cannot be allocated when a
 * PA leaves, its slot stays with no records, and the datapath skips it.
 */

struct vsw_flood_vsid {
	struct rhash_head node;
	u32 vsid;
	struct vsw_flood_set __rcu *set;
	struct rcu_head rcu;
};

static const struct rhashtable_params vsw_flood_params = {
	.head_offset = offsetof(struct vsw_flood_vsid, node),
	.key_offset = offsetof(struct vsw_flood_vsid, vsid),
	.key_len = sizeof(u32),
	.automatic_shrinking = true,
};

/**
 * vsw_flood_table_init - initialise an empty set of PA sets
 * @ft: the table
 *
 * Return: 0, or a negative error from rhashtable_init().
 */
int vsw_flood_table_init(struct vsw_flood_table *ft)
{
	return rhashtable_init(&ft->ht, &vsw_flood_params);
}

static void vsw_flood_free_now(void *ptr, void *arg)
{
	struct vsw_flood_vsid *v = ptr;

	kfree(rcu_dereference_protected(v->set, true));
	kfree(v);
}

/**
 * vsw_flood_table_destroy - free every PA set at once
 * @ft: the table, which no reader can reach any more (as for
 *	vsw_policy_table_destroy())
 */
void vsw_flood_table_destroy(struct vsw_flood_table *ft)
{
	rhashtable_free_and_destroy(&ft->ht, vsw_flood_free_now, NULL);
}

static struct vsw_flood_set *vsw_flood_set_alloc(u32 n)
{
	struct vsw_flood_set *set;

	set = kzalloc(struct_size(set, e, n), GFP_ATOMIC | __GFP_NOWARN);
	if (set)
		set->n = n;
	return set;
}

static struct vsw_flood_vsid *vsw_flood_find(struct vsw_flood_table *ft,
					     u32 vsid)
{
	return rhashtable_lookup_fast(&ft->ht, &vsid, vsw_flood_params);
}

/* Copies the PAs of @old that still have records into @set, from 0. */
static u32 vsw_flood_copy_live(struct vsw_flood_set *set,
			       const struct vsw_flood_set *old)
{
	u32 i, n = 0;

	for (i = 0; old && i < old->n; i++)
		if (old->e[i].refs)
			set->e[n++] = old->e[i];
	return n;
}

static u32 vsw_flood_live(const struct vsw_flood_set *set)
{
	u32 i, n = 0;

	for (i = 0; i < set->n; i++)
		n += !!set->e[i].refs;
	return n;
}

/**
 * vsw_flood_pa_get - count one more record of @vsid at @pa
 * @ft: the table
 * @vsid: the record's VSID
 * @pa: the record's PA
 *
 * Does not sleep; caller holds RTNL.
 *
 * Return: 0, or -ENOMEM (the record must then not be added).
 */
int vsw_flood_pa_get(struct vsw_flood_table *ft, u32 vsid, __be32 pa)
{
	struct vsw_flood_set *set, *old;
	struct vsw_flood_vsid *v;
	u32 i, n;
	int err;

	ASSERT_RTNL();

	v = vsw_flood_find(ft, vsid);
	old = v ? rtnl_dereference(v->set) : NULL;
	for (i = 0; old && i < old->n; i++) {
		if (old->e[i].pa == pa) {
			WRITE_ONCE(old->e[i].refs, old->e[i].refs + 1);
			return 0;
		}
	}

	set = vsw_flood_set_alloc((old ? vsw_flood_live(old) : 0) + 1);
	if (!set)
		return -ENOMEM;
	n = vsw_flood_copy_live(set, old);
	set->e[n].pa = pa;
	set->e[n].refs = 1;
	if (v) {
		rcu_assign_pointer(v->set, set);
		kfree_rcu(old, rcu);
		return 0;
	}

	v = kzalloc(sizeof(*v), GFP_ATOMIC | __GFP_NOWARN);
	if (!v) {
		kfree(set);
		return -ENOMEM;
	}
	v->vsid = vsid;
	RCU_INIT_POINTER(v->set, set);
	err = rhashtable_lookup_insert_fast(&ft->ht, &v->node,
					    vsw_flood_params);
	if (err) {
		kfree(set);
		kfree(v);
	}
	return err;
}

/**
 * vsw_flood_pa_put - count one record of @vsid at @pa less
 * @ft: the table
 * @vsid: the record's VSID
 * @pa: the record's PA
 *
 * Balances a vsw_flood_pa_get() that succeeded. Does not sleep; caller
 * holds RTNL.
 */
void vsw_flood_pa_put(struct vsw_flood_table *ft, u32 vsid, __be32 pa)
{
	struct vsw_flood_set *set, *old;
	struct vsw_flood_vsid *v;
	u32 i, live;

	ASSERT_RTNL();

	v = vsw_flood_find(ft, vsid);
	if (WARN_ON_ONCE(!v))
		return;
	old = rtnl_dereference(v->set);
	for (i = 0; i < old->n; i++)
		if (old->e[i].pa == pa && old->e[i].refs)
			break;
	if (WARN_ON_ONCE(i == old->n))
		return;
	WRITE_ONCE(old->e[i].refs, old->e[i].refs - 1);
	if (old->e[i].refs)
		return;

	live = vsw_flood_live(old);
	if (!live) {
		WARN_ON_ONCE(rhashtable_remove_fast(&ft->ht, &v->node,
						    vsw_flood_params));
		kfree_rcu(old, rcu);
		kfree_rcu(v, rcu);
		return;
	}
	/* Without memory the slot stays, with no records: skipped. */
	set = vsw_flood_set_alloc(live);
	if (!set)
		return;
	vsw_flood_copy_live(set, old);
	rcu_assign_pointer(v->set, set);
	kfree_rcu(old, rcu);
}

/**
 * vsw_flood_lookup - the PAs hosting a VSID
 * @ft: the table
 * @vsid: the VSID
 *
 * Caller holds rcu_read_lock() (or RTNL), and skips entries whose @refs
 * read 0.
 *
 * Return: the set, or %NULL if no record of @vsid exists.
 */
const struct vsw_flood_set *vsw_flood_lookup(struct vsw_flood_table *ft,
					     u32 vsid)
{
	struct vsw_flood_vsid *v;

	v = rhashtable_lookup(&ft->ht, &vsid, vsw_flood_params);
	return v ? rcu_dereference_rtnl(v->set) : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(vsw_flood_lookup);

/**
 * vsw_flood_vsids - VSIDs that have a PA set
 * @ft: the table
 *
 * Return: the number of VSIDs with at least one record.
 */
unsigned int vsw_flood_vsids(const struct vsw_flood_table *ft)
{
	return atomic_read(&ft->ht.nelems);
}

/*
 * A copy of @skb for one destination. Only the first copy keeps the
 * frame's sampler, so that a sampled frame is reported once.
 */
static struct sk_buff *vsw_flood_clone(struct vsw_switch *sw,
				       struct vsw_port *port,
				       struct sk_buff *skb, bool *first)
{
	struct sk_buff *c = skb_clone(skb, GFP_ATOMIC);

	if (unlikely(!c)) {
		vsw_stats_drop(sw->stats, VSW_DROP_NOMEM);
		if (port)
			vsw_stats_drop(port->stats, VSW_DROP_NOMEM);
		return NULL;
	}
	if (!*first)
		VSW_CB(c)->sampler = NULL;
	*first = false;
	return c;
}

/**
 * vsw_flood - flood a broadcast or multicast frame from a VM in its VSID
 * @port: the port it came from
 * @skb: the frame, data at its (IPv4) network header
 *
 * To the other local ports of the VSID, and by unicast NVGRE to each
 * other PA hosting it. Consumes @skb. Datapath, under rcu_read_lock().
 */
void vsw_flood(struct vsw_port *port, struct sk_buff *skb)
{
	struct vsw_switch *sw = port->sw;
	const struct vsw_flood_set *set;
	unsigned int sent = 0, bkt;
	struct vsw_uplink *up;
	struct vsw_port *dst;
	bool first = true;
	struct sk_buff *c;
	__be32 self;
	u32 i;

	if (!__ratelimit(&port->flood_rs)) {
		vsw_drop(sw, port, skb, VSW_DROP_FLOOD_RATE);
		return;
	}

	hash_for_each_rcu(sw->port_hash, bkt, dst, hnode) {
		if (dst->vsid != port->vsid || dst == port)
			continue;
		c = vsw_flood_clone(sw, port, skb, &first);
		if (!c)
			continue;
		skb_push(c, ETH_HLEN);
		vsw_port_xmit(dst, c);
	}

	up = rcu_dereference(sw->uplink);
	set = up ? vsw_flood_lookup(&sw->policy.flood, port->vsid) : NULL;
	self = up ? READ_ONCE(up->pa) : 0;
	for (i = 0; set && i < set->n; i++) {
		if (set->e[i].pa == self || !READ_ONCE(set->e[i].refs))
			continue;
		if (sent++ >= VSW_FLOOD_FANOUT_MAX) {
			vsw_stats_drop(sw->stats, VSW_DROP_FLOOD_FANOUT);
			vsw_stats_drop(port->stats, VSW_DROP_FLOOD_FANOUT);
			continue;
		}
		c = vsw_flood_clone(sw, port, skb, &first);
		if (c)
			vsw_nvgre_xmit(port, up, c, set->e[i].pa);
	}

	/* Alone in its VSID: nobody to deliver to. */
	if (first) {
		vsw_drop(sw, port, skb, VSW_DROP_NO_LOCAL_PORT);
		return;
	}
	consume_skb(skb);
}

/**
 * vsw_flood_rcv - deliver a decapsulated broadcast or multicast frame
 * @sw: the switch
 * @vsid: its VSID
 * @skb: the frame, data at its Ethernet header
 *
 * To every local port of @vsid, and never back to the wire. Consumes
 * @skb. Datapath, under rcu_read_lock().
 */
void vsw_flood_rcv(struct vsw_switch *sw, u32 vsid, struct sk_buff *skb)
{
	struct vsw_port *dst, *prev = NULL;
	bool first = true;
	unsigned int bkt;
	struct sk_buff *c;

	skb_set_network_header(skb, ETH_HLEN);
	hash_for_each_rcu(sw->port_hash, bkt, dst, hnode) {
		if (dst->vsid != vsid)
			continue;
		if (prev) {
			c = vsw_flood_clone(sw, NULL, skb, &first);
			if (c)
				vsw_port_xmit(prev, c);
		}
		prev = dst;
	}
	if (unlikely(!prev)) {
		vsw_drop(sw, NULL, skb, VSW_DROP_NO_LOCAL_PORT);
		return;
	}
	vsw_stats_decap(sw->stats);
	vsw_stats_rx(sw->stats, skb->len);
	if (!first)
		VSW_CB(skb)->sampler = NULL;
	vsw_port_xmit(prev, skb);
}
