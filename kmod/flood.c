// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: broadcast and multicast inside a VSID, by head-end replication.
 */

#include <linux/etherdevice.h>
#include <linux/hashtable.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/ipv6.h>

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
 * is counted as flood_fanout). From the wire, each VSID takes at most
 * %VSW_FLOOD_RCV_RATE flooded frames a second, from all senders together
 * (more are dropped as flood_rate, counted on the switch): a sender that
 * knows one valid (PA, VSID, CA, MAC) cannot make a host replicate at
 * line rate. Each limit is a lock-free token bucket (limit.h). A sampled
 * frame is reported once, with the output of its first copy.
 *
 * Local delivery walks the VM ports of the frame's VSID only: the switch
 * keeps, per VSID with ports, a &struct vsw_flood_group holding an RCU
 * list of them (vsw_flood_group_get(), vsw_flood_port_link(),
 * vsw_flood_port_unlink(), called as ports come and go), found by one
 * hash lookup. A flood never visits another VSID's ports.
 *
 * Each VSID with records has an entry in an rhashtable keyed by VSID,
 * holding an RCU list of its PAs; each (VSID, PA) is also in a second
 * rhashtable, where writers find it to count its records. A PA joins its
 * list with its first record and leaves with its last (freed after a
 * grace period), so every change is O(1) whatever the size of the table
 * or of the VSID. Writers hold the switch's mutex (the policy table's
 * writers), in process context; the objects are
 * charged to the caller's memory cgroup (GFP_KERNEL_ACCOUNT), like the
 * records themselves. The rhashtables' bucket arrays are not: the kernel
 * allocates them itself, without __GFP_ACCOUNT (6.1 and 6.12), mostly
 * from a worker that has no cgroup to charge.
 */

/* Writers of a policy table's replication lists hold the table's lock. */
static void vsw_flood_assert_locked(struct vsw_flood_table *ft)
{
	lockdep_assert_held(container_of(ft, struct vsw_policy_table,
					 flood)->lock);
}

static const struct rhashtable_params vsw_flood_vsid_params = {
	.head_offset = offsetof(struct vsw_flood_vsid, node),
	.key_offset = offsetof(struct vsw_flood_vsid, vsid),
	.key_len = sizeof(u32),
	.automatic_shrinking = true,
};

static const struct rhashtable_params vsw_flood_pa_params = {
	.head_offset = offsetof(struct vsw_flood_pa, node),
	.key_offset = offsetof(struct vsw_flood_pa, key),
	.key_len = sizeof(struct vsw_flood_pa_key),
	.automatic_shrinking = true,
};

static_assert(sizeof(struct vsw_flood_pa_key) == 5 * sizeof(u32));

/**
 * vsw_flood_table_init - initialise empty replication lists
 * @ft: the table
 *
 * Return: 0, or a negative error from rhashtable_init().
 */
int vsw_flood_table_init(struct vsw_flood_table *ft)
{
	int err;

	err = rhashtable_init(&ft->vsids, &vsw_flood_vsid_params);
	if (err)
		return err;
	err = rhashtable_init(&ft->pas, &vsw_flood_pa_params);
	if (err)
		rhashtable_destroy(&ft->vsids);
	return err;
}

static void vsw_flood_free_now(void *ptr, void *arg)
{
	kfree(ptr);
}

/**
 * vsw_flood_table_destroy - free every list at once
 * @ft: the table, which no reader can reach any more (as for
 *	vsw_policy_table_destroy())
 */
void vsw_flood_table_destroy(struct vsw_flood_table *ft)
{
	rhashtable_free_and_destroy(&ft->pas, vsw_flood_free_now, NULL);
	rhashtable_free_and_destroy(&ft->vsids, vsw_flood_free_now, NULL);
}

static struct vsw_flood_vsid *vsw_flood_vsid_find(struct vsw_flood_table *ft,
						  u32 vsid)
{
	return rhashtable_lookup_fast(&ft->vsids, &vsid,
				      vsw_flood_vsid_params);
}

static void vsw_flood_vsid_put(struct vsw_flood_table *ft,
			       struct vsw_flood_vsid *v)
{
	if (v->n)
		return;
	WARN_ON_ONCE(rhashtable_remove_fast(&ft->vsids, &v->node,
					    vsw_flood_vsid_params));
	kfree_rcu(v, rcu);
}

/**
 * vsw_flood_pa_get - count one more record of @vsid at @pa
 * @ft: the table
 * @vsid: the record's VSID
 * @pa: the record's PA
 *
 * A PA new to the VSID joins its list. O(1); may sleep (allocates, when
 * the VSID or the PA is new to the table); caller holds the lock of the
 * policy table @ft belongs to.
 *
 * Return: 0, or -ENOMEM (or another rhashtable error): the record must
 * then not be added.
 */
int vsw_flood_pa_get(struct vsw_flood_table *ft, u32 vsid,
		     const struct in6_addr *pa)
{
	struct vsw_flood_pa_key key = { .vsid = vsid, .pa = *pa };
	struct vsw_flood_vsid *v;
	struct vsw_flood_pa *p;
	int err;

	vsw_flood_assert_locked(ft);
	might_sleep();

	p = rhashtable_lookup_fast(&ft->pas, &key, vsw_flood_pa_params);
	if (p) {
		p->refs++;
		return 0;
	}

	v = vsw_flood_vsid_find(ft, vsid);
	if (!v) {
		v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
		if (!v)
			return -ENOMEM;
		v->vsid = vsid;
		INIT_HLIST_HEAD(&v->pas);
		err = rhashtable_lookup_insert_fast(&ft->vsids, &v->node,
						    vsw_flood_vsid_params);
		if (err) {
			kfree(v);
			return err;
		}
	}

	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p) {
		err = -ENOMEM;
		goto err_vsid;
	}
	p->key = key;
	p->refs = 1;
	err = rhashtable_lookup_insert_fast(&ft->pas, &p->node,
					    vsw_flood_pa_params);
	if (err) {
		kfree(p);
		goto err_vsid;
	}
	hlist_add_head_rcu(&p->list, &v->pas);
	v->n++;
	return 0;

err_vsid:
	vsw_flood_vsid_put(ft, v);
	return err;
}

/**
 * vsw_flood_pa_put - count one record of @vsid at @pa less
 * @ft: the table
 * @vsid: the record's VSID
 * @pa: the record's PA
 *
 * Balances a vsw_flood_pa_get() that succeeded; the PA leaves the list
 * with its last record. O(1); does not sleep; caller holds the lock of
 * the policy table @ft belongs to.
 */
void vsw_flood_pa_put(struct vsw_flood_table *ft, u32 vsid,
		      const struct in6_addr *pa)
{
	struct vsw_flood_pa_key key = { .vsid = vsid, .pa = *pa };
	struct vsw_flood_vsid *v;
	struct vsw_flood_pa *p;

	vsw_flood_assert_locked(ft);

	p = rhashtable_lookup_fast(&ft->pas, &key, vsw_flood_pa_params);
	v = vsw_flood_vsid_find(ft, vsid);
	if (WARN_ON_ONCE(!p || !v))
		return;
	if (--p->refs)
		return;
	WARN_ON_ONCE(rhashtable_remove_fast(&ft->pas, &p->node,
					    vsw_flood_pa_params));
	hlist_del_rcu(&p->list);
	kfree_rcu(p, rcu);
	v->n--;
	vsw_flood_vsid_put(ft, v);
}

/**
 * vsw_flood_lookup - the replication list of a VSID
 * @ft: the table
 * @vsid: the VSID
 *
 * Caller holds rcu_read_lock() while it walks the list with
 * vsw_flood_for_each_pa().
 *
 * Return: the list, or %NULL if no record of @vsid exists.
 */
struct vsw_flood_vsid *vsw_flood_lookup(struct vsw_flood_table *ft, u32 vsid)
{
	return rhashtable_lookup(&ft->vsids, &vsid, vsw_flood_vsid_params);
}

/**
 * vsw_flood_vsids - VSIDs that have a replication list
 * @ft: the table
 *
 * Return: the number of VSIDs with at least one record.
 */
unsigned int vsw_flood_vsids(const struct vsw_flood_table *ft)
{
	return atomic_read(&ft->vsids.nelems);
}

/**
 * vsw_flood_group_lookup - the VM ports of a VSID
 * @sw: the switch
 * @vsid: the VSID
 *
 * Caller holds rcu_read_lock() (or RTNL) while it walks the group with
 * vsw_flood_for_each_port().
 *
 * Return: the group, or %NULL if no port of @sw is in @vsid.
 */
struct vsw_flood_group *vsw_flood_group_lookup(struct vsw_switch *sw,
					       u32 vsid)
{
	struct vsw_flood_group *g;

	hash_for_each_possible_rcu(sw->flood_groups.h, g, node, vsid,
				   lockdep_rtnl_is_held())
		if (g->vsid == vsid)
			return g;
	return NULL;
}

/**
 * vsw_flood_group_get - make sure @vsid has a group, for a port to come
 * @sw: the switch
 * @vsid: the port's VSID
 *
 * Balanced by vsw_flood_port_unlink() once the port is linked, or by
 * vsw_flood_group_put() if it never is. Process context; caller holds
 * RTNL and @sw->lock.
 *
 * Return: 0 or -ENOMEM.
 */
int vsw_flood_group_get(struct vsw_switch *sw, u32 vsid)
{
	struct vsw_flood_group *g;

	ASSERT_RTNL();
	lockdep_assert_held(&sw->lock);

	g = vsw_flood_group_lookup(sw, vsid);
	if (!g) {
		g = kzalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);
		if (!g)
			return -ENOMEM;
		g->vsid = vsid;
		INIT_HLIST_HEAD(&g->ports);
		vsw_limit_init(&g->rcv_limit, VSW_FLOOD_RCV_RATE,
			       VSW_FLOOD_RCV_RATE);
		hash_add_rcu(sw->flood_groups.h, &g->node, vsid);
	}
	g->refs++;
	return 0;
}

/**
 * vsw_flood_group_put - balance a vsw_flood_group_get()
 * @sw: the switch
 * @vsid: the VSID
 *
 * The group goes with its last reference, after a grace period. Caller
 * holds RTNL and @sw->lock.
 */
void vsw_flood_group_put(struct vsw_switch *sw, u32 vsid)
{
	struct vsw_flood_group *g;

	ASSERT_RTNL();
	lockdep_assert_held(&sw->lock);

	g = vsw_flood_group_lookup(sw, vsid);
	if (WARN_ON_ONCE(!g || !g->refs) || --g->refs)
		return;
	WARN_ON_ONCE(!hlist_empty(&g->ports));
	hash_del_rcu(&g->node);
	kfree_rcu(g, rcu);
}

/**
 * vsw_flood_port_link - put a port on its VSID's group
 * @port: the port; vsw_flood_group_get() succeeded for its VSID
 *
 * Floods reach it from now on. Caller holds RTNL and the switch's lock.
 */
void vsw_flood_port_link(struct vsw_port *port)
{
	struct vsw_flood_group *g;

	ASSERT_RTNL();
	lockdep_assert_held(&port->sw->lock);

	g = vsw_flood_group_lookup(port->sw, port->vsid);
	if (WARN_ON_ONCE(!g))
		return;
	hlist_add_head_rcu(&port->flood_node, &g->ports);
}

/**
 * vsw_flood_port_unlink - take a port off its VSID's group
 * @port: the port, linked
 *
 * Readers may still see it until a grace period has passed; the group
 * goes with its last port. Caller holds RTNL and the switch's lock.
 */
void vsw_flood_port_unlink(struct vsw_port *port)
{
	ASSERT_RTNL();
	lockdep_assert_held(&port->sw->lock);

	hlist_del_init_rcu(&port->flood_node);
	vsw_flood_group_put(port->sw, port->vsid);
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
 * @skb: the frame, data at its (IPv4 or IPv6) network header
 *
 * To the other local ports of the VSID, and by unicast NVGRE to each
 * other PA hosting it. Consumes @skb. Datapath, under rcu_read_lock().
 */
void vsw_flood(struct vsw_port *port, struct sk_buff *skb)
{
	struct vsw_switch *sw = port->sw;
	struct vsw_flood_group *g;
	struct vsw_flood_vsid *v;
	unsigned int sent = 0;
	struct vsw_flood_pa *p;
	struct vsw_uplink *up;
	struct vsw_port *dst;
	bool first = true;
	const struct in6_addr *self;
	struct sk_buff *c;

	if (!vsw_limit_allow(&port->flood_limit)) {
		vsw_drop(sw, port, skb, VSW_DROP_FLOOD_RATE);
		return;
	}

	g = vsw_flood_group_lookup(sw, port->vsid);
	if (g) {
		vsw_flood_for_each_port(dst, g) {
			if (dst == port)
				continue;
			c = vsw_flood_clone(sw, port, skb, &first);
			if (!c)
				continue;
			skb_push(c, ETH_HLEN);
			vsw_port_xmit(dst, c);
		}
	}

	up = rcu_dereference(sw->uplink);
	v = up ? vsw_flood_lookup(&sw->policy.flood, port->vsid) : NULL;
	if (v) {
		vsw_flood_for_each_pa(p, v) {
			/* Not to this host: its own ports got theirs. */
			self = vsw_uplink_local_pa(up, &p->key.pa);
			if (self && ipv6_addr_equal(self, &p->key.pa))
				continue;
			if (sent++ >= VSW_FLOOD_FANOUT_MAX) {
				vsw_stats_drop(sw->stats, VSW_DROP_FLOOD_FANOUT);
				vsw_stats_drop(port->stats,
					       VSW_DROP_FLOOD_FANOUT);
				continue;
			}
			c = vsw_flood_clone(sw, port, skb, &first);
			if (c)
				vsw_nvgre_xmit(port, up, c, port->vsid,
					       &p->key.pa);
		}
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
 * To every local port of @vsid, and never back to the wire; at most
 * %VSW_FLOOD_RCV_RATE frames a second per VSID. Consumes @skb. Datapath,
 * under rcu_read_lock().
 */
void vsw_flood_rcv(struct vsw_switch *sw, u32 vsid, struct sk_buff *skb)
{
	struct vsw_port *dst, *prev = NULL;
	struct vsw_flood_group *g;
	bool first = true;
	struct sk_buff *c;

	g = vsw_flood_group_lookup(sw, vsid);
	if (unlikely(!g)) {
		vsw_drop(sw, NULL, skb, VSW_DROP_NO_LOCAL_PORT);
		return;
	}
	if (!vsw_limit_allow(&g->rcv_limit)) {
		vsw_drop(sw, NULL, skb, VSW_DROP_FLOOD_RATE);
		return;
	}
	skb_set_network_header(skb, ETH_HLEN);
	vsw_flood_for_each_port(dst, g) {
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
