// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: frames held on a policy miss until a record arrives.
 */

#include <linux/hash.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/lockdep.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/vsw.h>

#include "addr.h"
#include "hold.h"
#include "port.h"
#include "sample.h"
#include "switch.h"

/**
 * DOC: Hold queue
 *
 * A frame from a VM whose destination CA has no record in the VM's VSID
 * is not dropped at once: it waits in its switch's hold queue while the
 * miss event goes to listeners, so that a controller answering misses
 * loses no packet. When a record for that (VSID, CA) is added or
 * replaced, the frames waiting for it are run through the datapath again,
 * in the order they came; a frame that misses again then (or is refused
 * for any other reason) is dropped like any other, never held twice.
 * Frames still waiting after hold-timeout are dropped as hold_timeout.
 *
 * The queue is bounded: at most hold-max frames per switch (default
 * %VSW_HOLD_MAX_DEFAULT, at most %VSW_HOLD_MAX_LIMIT; 0 turns holding
 * off, and misses are dropped at once as policy_miss), and at most a
 * %VSW_HOLD_PORT_SHARE-th of hold-max (rounded up) from any one port, so
 * that a VM scanning addresses nobody has cannot take the queue from the
 * other VMs. A frame that finds the queue, or its port's share, full is
 * dropped as hold_full: the frames already held keep their place (tail
 * drop), so a flood of misses cannot push out the frames of a flow whose
 * record is on its way. Memory is bounded by hold-max frames per switch,
 * each at most one (GSO) skb.
 *
 * The held frames are also hashed by the (VSID, CA) they wait for, so
 * that vsw_hold_pending() tells in one bucket whether a miss is already
 * pending: its listeners were told, and another frame for it sends no
 * event (it is held all the same, within its port's share: it is a packet
 * of its own, sent when the record comes).
 *
 * Locking: the queue has its own spinlock, taken by the datapath (in
 * softirq), by the timer (softirq) and by process context with BHs off.
 * A held frame keeps a pointer to the port it came from: ports are
 * detached under the switch's lock (and RTNL), and vsw_port_del() purges
 * the port's frames before freeing it, so every frame in the queue has a
 * live port; frames are released under the switch's lock too (a policy
 * add takes it, not RTNL), so their port stays while they are sent.
 * The timer drops expired frames under the lock, before a purge could
 * have freed their port. A switch is destroyed after all its devices are
 * detached (their rx_handlers gone), so nothing adds to the queue any
 * more: vsw_hold_destroy() purges it, before the ports are freed, and the
 * timer, which only rearms itself while frames are
 * held, is then stopped for good.
 *
 * A frame sampled on its way in is reported when it is held (with no
 * output), as the sampler it was picked by may be gone by the time the
 * frame leaves the queue.
 */

/*
 * What a held frame carries in its control block. The CA it waits for is
 * its destination address, read from the frame itself (vsw_hold_for()).
 * Of &struct vsw_skb_cb only the sampler stays, %NULL: the frame was
 * reported when it was held, and the rest of it is read only for a frame
 * that is to be reported.
 */
struct vsw_hold_cb {
	struct vsw_sampler *sampler;	/* &vsw_skb_cb.sampler */
	struct vsw_port *port;
	unsigned long expires;
	struct sk_buff *next;	/* in its &vsw_hold.pending chain */
};

static struct vsw_hold_cb *vsw_hold_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct vsw_hold_cb) > sizeof(skb->cb));
	BUILD_BUG_ON(offsetof(struct vsw_hold_cb, sampler) !=
		     offsetof(struct vsw_skb_cb, sampler));
	return (struct vsw_hold_cb *)skb->cb;
}

/*
 * Is @skb, held, waiting for (@vsid, @ca)? Data is at its IPv4 or IPv6
 * header; @ca is v4-mapped for IPv4.
 */
static bool vsw_hold_for(struct sk_buff *skb, u32 vsid,
			 const struct in6_addr *ca)
{
	if (vsw_hold_cb(skb)->port->vsid != vsid)
		return false;
	if (skb->protocol == htons(ETH_P_IPV6))
		return ipv6_addr_equal(&ipv6_hdr(skb)->daddr, ca);
	return vsw_addr_is4(ca) && ip_hdr(skb)->daddr == vsw_addr4(ca);
}

static struct vsw_switch *vsw_hold_switch(struct vsw_hold *h)
{
	return container_of(h, struct vsw_switch, hold);
}

static struct sk_buff **vsw_hold_bucket(struct vsw_hold *h, u32 vsid,
					const struct in6_addr *ca)
{
	u32 hash = jhash2((__force const u32 *)ca->s6_addr32, 4,
			   vsid ^ h->seed);

	return &h->pending[hash_32(hash, VSW_HOLD_HASH_BITS)];
}

/* The chain @skb, held, is on. Caller holds @h->lock. */
static struct sk_buff **vsw_hold_chain(struct vsw_hold *h,
				       struct sk_buff *skb)
{
	u32 vsid = vsw_hold_cb(skb)->port->vsid;
	struct in6_addr ca;

	if (skb->protocol == htons(ETH_P_IPV6))
		ca = ipv6_hdr(skb)->daddr;
	else
		vsw_addr_set4(&ca, ip_hdr(skb)->daddr);
	return vsw_hold_bucket(h, vsid, &ca);
}

/* Queues @skb, its control block filled in. Caller holds @h->lock. */
static void vsw_hold_link(struct vsw_hold *h, struct sk_buff *skb)
{
	struct vsw_hold_cb *cb = vsw_hold_cb(skb);
	struct sk_buff **chain = vsw_hold_chain(h, skb);

	__skb_queue_tail(&h->q, skb);
	cb->next = *chain;
	*chain = skb;
	cb->port->held++;
}

/* Takes @skb off the queue, onto @to. Caller holds @h->lock. */
static void vsw_hold_unlink(struct vsw_hold *h, struct sk_buff *skb,
			    struct sk_buff_head *to)
{
	struct vsw_hold_cb *cb = vsw_hold_cb(skb);
	struct sk_buff **pp;

	__skb_unlink(skb, &h->q);
	pp = vsw_hold_chain(h, skb);
	while (*pp && *pp != skb)
		pp = &vsw_hold_cb(*pp)->next;
	if (!WARN_ON_ONCE(!*pp))
		*pp = cb->next;
	if (!WARN_ON_ONCE(!cb->port->held))
		cb->port->held--;
	__skb_queue_tail(to, skb);
}

/* Drops every frame of @q, by @reason. Caller holds @h->lock, BHs off. */
static void vsw_hold_drop_list(struct vsw_switch *sw, struct sk_buff_head *q,
			       bool count_port, enum vsw_drop_reason reason)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(q)))
		vsw_drop(sw, count_port ? vsw_hold_cb(skb)->port : NULL, skb,
			 reason);
}

static void vsw_hold_expire(struct timer_list *t)
{
	struct vsw_hold *h = from_timer(h, t, timer);
	struct vsw_switch *sw = vsw_hold_switch(h);
	unsigned long now = jiffies, next = 0;
	struct sk_buff *skb, *tmp;
	struct sk_buff_head expired;
	bool more = false;

	__skb_queue_head_init(&expired);
	spin_lock(&h->lock);
	skb_queue_walk_safe(&h->q, skb, tmp) {
		unsigned long expires = vsw_hold_cb(skb)->expires;

		if (time_after_eq(now, expires)) {
			vsw_hold_unlink(h, skb, &expired);
		} else if (!more || time_before(expires, next)) {
			next = expires;
			more = true;
		}
	}
	if (more)
		mod_timer(&h->timer, next);
	/* Under the lock: a port being detached waits for its frames. */
	vsw_hold_drop_list(sw, &expired, true, VSW_DROP_HOLD_TIMEOUT);
	spin_unlock(&h->lock);
}

/**
 * vsw_hold_init - initialise an empty hold queue with the defaults
 * @h: the queue
 */
void vsw_hold_init(struct vsw_hold *h)
{
	spin_lock_init(&h->lock);
	__skb_queue_head_init(&h->q);
	timer_setup(&h->timer, vsw_hold_expire, 0);
	h->seed = get_random_u32();
	h->max = VSW_HOLD_MAX_DEFAULT;
	h->timeout_ms = VSW_HOLD_TIMEOUT_DEFAULT;
}

/**
 * vsw_hold_destroy - drop every held frame and stop the timer
 * @h: the queue of a switch none of whose devices is attached any more
 *
 * Process context, may sleep.
 */
void vsw_hold_destroy(struct vsw_hold *h)
{
	spin_lock_bh(&h->lock);
	vsw_hold_drop_list(vsw_hold_switch(h), &h->q, false,
			   VSW_DROP_HOLD_TIMEOUT);
	memset(h->pending, 0, sizeof(h->pending));
	spin_unlock_bh(&h->lock);
	/* The timer rearms only while frames are held: none can come now. */
	del_timer_sync(&h->timer);
}

/**
 * vsw_hold_frame - hold a frame that missed the policy table
 * @sw: the switch
 * @port: the port it came from
 * @skb: the frame, data at its IPv4 header, whose destination CA has no
 *	record
 *
 * Datapath, under rcu_read_lock() with BHs off.
 *
 * Return: %true if @skb was consumed (held, or dropped as hold_full:
 * the queue or @port's share of it is full); %false if holding is off,
 * and the caller drops it.
 */
bool vsw_hold_frame(struct vsw_switch *sw, struct vsw_port *port,
		    struct sk_buff *skb)
{
	struct vsw_hold *h = &sw->hold;
	u32 max = READ_ONCE(h->max);
	struct vsw_hold_cb *cb;

	if (!max)
		return false;
	/* Reported now: the sampler may be gone when the frame leaves. */
	vsw_sample_emit(skb, 0, 0, 0);
	cb = vsw_hold_cb(skb);
	cb->sampler = NULL;
	cb->port = port;
	cb->expires = jiffies + msecs_to_jiffies(READ_ONCE(h->timeout_ms));

	spin_lock(&h->lock);
	if (skb_queue_len(&h->q) >= max ||
	    port->held >= DIV_ROUND_UP(max, VSW_HOLD_PORT_SHARE)) {
		spin_unlock(&h->lock);
		vsw_drop(sw, port, skb, VSW_DROP_HOLD_FULL);
		return true;
	}
	vsw_hold_link(h, skb);
	timer_reduce(&h->timer, cb->expires);
	spin_unlock(&h->lock);
	return true;
}

/**
 * vsw_hold_release - send the frames held for a CA that has a record now
 * @sw: the switch
 * @vsid: the record's VSID
 * @ca: the record's CA
 *
 * Each frame goes through the datapath again as if it had just come from
 * its port, with BHs off and under rcu_read_lock(); one that misses again
 * is dropped, not held again. Process context; caller holds @sw->lock
 * (which keeps the frames' ports attached).
 */
void vsw_hold_release(struct vsw_switch *sw, u32 vsid,
		      const struct in6_addr *ca)
{
	struct vsw_hold *h = &sw->hold;
	struct sk_buff *skb, *tmp;
	struct sk_buff_head q;

	lockdep_assert_held(&sw->lock);

	if (!skb_queue_len_lockless(&h->q))
		return;
	__skb_queue_head_init(&q);
	spin_lock_bh(&h->lock);
	skb_queue_walk_safe(&h->q, skb, tmp) {
		if (vsw_hold_for(skb, vsid, ca))
			vsw_hold_unlink(h, skb, &q);
	}
	spin_unlock_bh(&h->lock);

	local_bh_disable();
	rcu_read_lock();
	while ((skb = __skb_dequeue(&q)))
		vsw_port_ip_fwd(vsw_hold_cb(skb)->port, skb, false);
	rcu_read_unlock();
	local_bh_enable();
}

/**
 * vsw_hold_pending - is a frame held for (@vsid, @ca)?
 * @sw: the switch
 * @vsid: the VSID
 * @ca: the CA, v4-mapped for IPv4
 *
 * A miss for it was seen already: its listeners were told. One hash
 * bucket is looked at. Datapath, or with BHs off.
 *
 * Return: %true if a frame waits for that record.
 */
bool vsw_hold_pending(struct vsw_switch *sw, u32 vsid,
		      const struct in6_addr *ca)
{
	struct vsw_hold *h = &sw->hold;
	struct sk_buff *skb;
	bool found = false;

	if (!skb_queue_len_lockless(&h->q))
		return false;
	spin_lock_bh(&h->lock);
	for (skb = *vsw_hold_bucket(h, vsid, ca); skb;
	     skb = vsw_hold_cb(skb)->next) {
		if (vsw_hold_for(skb, vsid, ca)) {
			found = true;
			break;
		}
	}
	spin_unlock_bh(&h->lock);
	return found;
}

/**
 * vsw_hold_purge_port - drop the held frames of a port being detached
 * @sw: the switch
 * @port: the port, no longer reachable from the datapath
 *
 * They are counted on the switch as hold_timeout. Caller holds @sw->lock.
 */
void vsw_hold_purge_port(struct vsw_switch *sw, struct vsw_port *port)
{
	struct vsw_hold *h = &sw->hold;
	struct sk_buff *skb, *tmp;
	struct sk_buff_head q;

	lockdep_assert_held(&sw->lock);

	__skb_queue_head_init(&q);
	spin_lock_bh(&h->lock);
	skb_queue_walk_safe(&h->q, skb, tmp) {
		if (vsw_hold_cb(skb)->port == port)
			vsw_hold_unlink(h, skb, &q);
	}
	vsw_hold_drop_list(sw, &q, false, VSW_DROP_HOLD_TIMEOUT);
	spin_unlock_bh(&h->lock);
}

/**
 * vsw_hold_count - frames held now
 * @h: the queue
 *
 * Any context; the value may be stale by the time it is used.
 *
 * Return: the number of frames in the queue.
 */
unsigned int vsw_hold_count(const struct vsw_hold *h)
{
	return skb_queue_len_lockless(&h->q);
}
