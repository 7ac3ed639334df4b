// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vsw's replication lists (kmod/flood.c) as the policy
 * table keeps them, and for the bounds of the hold queue (kmod/hold.c).
 *
 * Replication lists: each test works on a private policy table; writers
 * run under RTNL and readers under RCU, as in the module. Hold queue: a
 * private switch in a private struct vsw_net, with a port that is only a
 * struct (the queue never looks at its device unless frames are released,
 * which the VM tests cover). The same private switch keeps the VM ports of
 * each VSID (struct vsw_flood_group) that floods walk.
 *
 * Rate limits (kmod/limit.h): the token bucket, at a clock the test
 * drives, and taken from several threads at once.
 *
 * The same private switch checks the sender of a frame from the wire
 * against its policy table (vsw_nvgre_src_check() of kmod/nvgre.c).
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/kthread.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/vsw.h>

#include "addr.h"
#include "flood.h"
#include "hold.h"
#include "limit.h"
#include "nvgre.h"
#include "policy.h"
#include "port.h"
#include "switch.h"

#define VSID_A	5000
#define VSID_B	5001

static __be32 ip4(u32 host)
{
	return htonl(0xc0a80400 | host);
}

/* A PA as the tables keep it (v4-mapped). */
#define ip(host)	VSW_ADDR4(ip4(host))

static int add(struct vsw_policy_table *t, u32 vsid, u32 ca, u32 pa,
	       bool replace)
{
	u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, (u8)(vsid >> 8), (u8)ca };
	int err;

	mutex_lock(t->lock);
	err = vsw_policy_insert(t, vsid, VSW_ADDR4(htonl(0x0a000000 | ca)), mac, ip(pa),
				replace, NULL);
	mutex_unlock(t->lock);
	return err;
}

static int del(struct vsw_policy_table *t, u32 vsid, u32 ca)
{
	int err;

	mutex_lock(t->lock);
	err = vsw_policy_remove(t, vsid, VSW_ADDR4(htonl(0x0a000000 | ca)), NULL);
	mutex_unlock(t->lock);
	return err;
}

/*
 * The PAs the datapath would replicate @vsid's frames to, as a bitmap of
 * their host bytes (1-63), read as the datapath does; -1 if a PA repeats.
 */
static long long pas(struct vsw_policy_table *t, u32 vsid)
{
	struct vsw_flood_vsid *v;
	struct vsw_flood_pa *p;
	long long bits = 0;
	u32 host;

	rcu_read_lock();
	v = vsw_flood_lookup(&t->flood, vsid);
	if (v) {
		vsw_flood_for_each_pa(p, v) {
			host = ntohl(vsw_addr4(&p->key.pa)) & 0xff;
			if (bits & BIT_ULL(host)) {
				bits = -1;
				break;
			}
			bits |= BIT_ULL(host);
		}
	}
	rcu_read_unlock();
	return bits;
}

static int vsw_flood_test_suite_init(struct kunit_suite *suite)
{
	return vsw_policy_cache_init();
}

static int vsw_flood_test_init(struct kunit *test)
{
	struct vsw_policy_table *t;
	struct mutex *lock;	/* a switch's in the module */

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	lock = kunit_kzalloc(test, sizeof(*lock), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, lock);
	mutex_init(lock);
	KUNIT_ASSERT_EQ(test, vsw_policy_table_init(t, lock), 0);
	test->priv = t;
	return 0;
}

static void vsw_flood_test_exit(struct kunit *test)
{
	vsw_policy_table_destroy(test->priv);
}

/* Distinct PAs, refcounted: a PA stays while one record is at it. */
static void vsw_flood_test_refcount(struct kunit *test)
{
	struct vsw_policy_table *t = test->priv;

	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), 0);
	KUNIT_ASSERT_EQ(test, add(t, VSID_A, 1, 11, false), 0);
	KUNIT_ASSERT_EQ(test, add(t, VSID_A, 2, 11, false), 0);
	KUNIT_ASSERT_EQ(test, add(t, VSID_A, 3, 22, false), 0);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(11) | BIT_ULL(22));
	KUNIT_EXPECT_EQ(test, vsw_flood_vsids(&t->flood), 1U);

	KUNIT_ASSERT_EQ(test, del(t, VSID_A, 1), 0);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(11) | BIT_ULL(22));
	KUNIT_ASSERT_EQ(test, del(t, VSID_A, 2), 0);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(22));
	KUNIT_ASSERT_EQ(test, del(t, VSID_A, 3), 0);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), 0);
	KUNIT_EXPECT_EQ(test, vsw_flood_vsids(&t->flood), 0U);
}

/* VSIDs never share a list. */
static void vsw_flood_test_vsids(struct kunit *test)
{
	struct vsw_policy_table *t = test->priv;

	KUNIT_ASSERT_EQ(test, add(t, VSID_A, 1, 11, false), 0);
	KUNIT_ASSERT_EQ(test, add(t, VSID_B, 1, 22, false), 0);
	KUNIT_ASSERT_EQ(test, add(t, VSID_B, 2, 33, false), 0);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(11));
	KUNIT_EXPECT_EQ(test, pas(t, VSID_B), BIT_ULL(22) | BIT_ULL(33));
	KUNIT_EXPECT_EQ(test, vsw_flood_vsids(&t->flood), 2U);
	KUNIT_ASSERT_EQ(test, del(t, VSID_B, 1), 0);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(11));
	KUNIT_EXPECT_EQ(test, pas(t, VSID_B), BIT_ULL(33));
}

/* A replace moves the record's PA; one that keeps it changes nothing. */
static void vsw_flood_test_replace(struct kunit *test)
{
	struct vsw_policy_table *t = test->priv;

	KUNIT_ASSERT_EQ(test, add(t, VSID_A, 1, 11, false), 0);
	KUNIT_ASSERT_EQ(test, add(t, VSID_A, 2, 22, false), 0);
	KUNIT_ASSERT_EQ(test, add(t, VSID_A, 1, 33, true), 0);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(22) | BIT_ULL(33));
	KUNIT_ASSERT_EQ(test, add(t, VSID_A, 1, 33, true), 0);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(22) | BIT_ULL(33));
	KUNIT_ASSERT_EQ(test, add(t, VSID_A, 1, 22, true), 0);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(22));
	/* Both records at 22 now: one removal keeps it. */
	KUNIT_ASSERT_EQ(test, del(t, VSID_A, 2), 0);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(22));
	/* Refused inserts leave the list alone. */
	KUNIT_EXPECT_EQ(test, add(t, VSID_A, 1, 44, false), -EEXIST);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(22));
	mutex_lock(t->lock);
	KUNIT_ASSERT_EQ(test, vsw_policy_set_max(t, 1, NULL), 0);
	mutex_unlock(t->lock);
	KUNIT_EXPECT_EQ(test, add(t, VSID_A, 5, 55, false), -ENOSPC);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(22));
}

/* Many records over many PAs, then a flush: every list goes. */
static void vsw_flood_test_flush(struct kunit *test)
{
	struct vsw_policy_table *t = test->priv;
	long long want = 0;
	u32 i;

	for (i = 0; i < 600; i++) {
		KUNIT_ASSERT_EQ(test, add(t, VSID_A + i % 3, i, 1 + i % 60,
					  false), 0);
		if (i % 3 == 0)
			want |= BIT_ULL(1 + i % 60);
	}
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), want);
	KUNIT_EXPECT_EQ(test, vsw_flood_vsids(&t->flood), 3U);
	mutex_lock(t->lock);
	vsw_policy_flush(t);
	mutex_unlock(t->lock);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), 0);
	KUNIT_EXPECT_EQ(test, vsw_flood_vsids(&t->flood), 0U);
}

/*
 * A reader walking a list while a writer changes it (writers do not wait
 * for readers, so this may run inside a read-side section) sees each PA
 * at most once, and the PAs that stay, always.
 */
static void vsw_flood_test_rcu(struct kunit *test)
{
	struct vsw_policy_table *t = test->priv;
	struct vsw_flood_vsid *v;
	struct vsw_flood_pa *p;
	long long seen = 0;

	KUNIT_ASSERT_EQ(test, add(t, VSID_A, 1, 11, false), 0);
	KUNIT_ASSERT_EQ(test, add(t, VSID_A, 2, 22, false), 0);
	mutex_lock(t->lock);
	/* A join allocates (and may sleep): before the reader's section. */
	KUNIT_EXPECT_EQ(test, vsw_flood_pa_get(&t->flood, VSID_A, ip(33)), 0);
	rcu_read_lock();
	v = vsw_flood_lookup(&t->flood, VSID_A);
	KUNIT_ASSERT_NOT_NULL(test, v);
	vsw_flood_for_each_pa(p, v) {
		KUNIT_EXPECT_FALSE(test, seen & BIT_ULL(ntohl(vsw_addr4(&p->key.pa)) & 0xff));
		seen |= BIT_ULL(ntohl(vsw_addr4(&p->key.pa)) & 0xff);
		/* The PA being read leaves. */
		if (vsw_addr4(&p->key.pa) == ip4(11))
			vsw_flood_pa_put(&t->flood, VSID_A, ip(11));
	}
	rcu_read_unlock();
	mutex_unlock(t->lock);
	KUNIT_EXPECT_EQ(test, seen, BIT_ULL(11) | BIT_ULL(22) | BIT_ULL(33));
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(22) | BIT_ULL(33));
	/* Balance the direct get and put for the records' own counts. */
	mutex_lock(t->lock);
	KUNIT_EXPECT_EQ(test, vsw_flood_pa_get(&t->flood, VSID_A, ip(11)), 0);
	vsw_flood_pa_put(&t->flood, VSID_A, ip(33));
	mutex_unlock(t->lock);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(11) | BIT_ULL(22));
}

/* One VSID over many distinct PAs: O(1) per change, no large allocation. */
static void vsw_flood_test_many_pas(struct kunit *test)
{
	struct vsw_policy_table *t = test->priv;
	struct vsw_flood_vsid *v;
	struct vsw_flood_pa *p;
	u32 i, n = 0;
	u8 mac[ETH_ALEN] = { 0x02 };

	mutex_lock(t->lock);
	for (i = 0; i < 20000; i++)
		KUNIT_ASSERT_EQ(test,
				vsw_policy_insert(t, VSID_A,
						  VSW_ADDR4(htonl(0x0a000000 | i)),
						  mac,
						  VSW_ADDR4(htonl(0xc0000000 | i)),
						  false, NULL), 0);
	rcu_read_lock();
	v = vsw_flood_lookup(&t->flood, VSID_A);
	KUNIT_ASSERT_NOT_NULL(test, v);
	vsw_flood_for_each_pa(p, v)
		n++;
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, n, 20000U);
	vsw_policy_flush(t);
	mutex_unlock(t->lock);
	KUNIT_EXPECT_EQ(test, vsw_flood_vsids(&t->flood), 0U);
}

/* As add(), within a batch whose table's lock the caller holds. */
static int batch_add(struct vsw_policy_batch *b, u32 vsid, u32 ca, u32 pa)
{
	u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, (u8)(vsid >> 8), (u8)ca };

	return vsw_policy_batch_add(b, vsid, VSW_ADDR4(htonl(0x0a000000 | ca)),
				    mac, ip(pa), true, NULL);
}

/*
 * A batch that is undone gives every VSID back the PAs it had, and one
 * that is kept has exactly those of its records: a PA that the batch
 * moved a record away from, and back to, counts once.
 */
static void vsw_flood_test_batch(struct kunit *test)
{
	struct vsw_policy_table *t = test->priv;
	struct vsw_policy_batch b;

	KUNIT_ASSERT_EQ(test, add(t, VSID_A, 1, 11, false), 0);
	KUNIT_ASSERT_EQ(test, add(t, VSID_A, 2, 22, false), 0);
	mutex_lock(t->lock);
	vsw_policy_batch_init(&b, t);
	KUNIT_EXPECT_EQ(test, batch_add(&b, VSID_A, 1, 33), 0);
	KUNIT_EXPECT_EQ(test, batch_add(&b, VSID_A, 1, 44), 0);
	KUNIT_EXPECT_EQ(test, batch_add(&b, VSID_B, 3, 55), 0);
	mutex_unlock(t->lock);
	/* While the batch runs, the old PA stays (it may come back). */
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A),
			BIT_ULL(11) | BIT_ULL(22) | BIT_ULL(44));
	KUNIT_EXPECT_EQ(test, pas(t, VSID_B), BIT_ULL(55));
	mutex_lock(t->lock);
	vsw_policy_batch_abort(&b);
	mutex_unlock(t->lock);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(11) | BIT_ULL(22));
	KUNIT_EXPECT_EQ(test, pas(t, VSID_B), 0);
	KUNIT_EXPECT_EQ(test, vsw_flood_vsids(&t->flood), 1U);

	mutex_lock(t->lock);
	vsw_policy_batch_init(&b, t);
	KUNIT_EXPECT_EQ(test, batch_add(&b, VSID_A, 1, 33), 0);
	KUNIT_EXPECT_EQ(test, batch_add(&b, VSID_A, 1, 11), 0);
	KUNIT_EXPECT_EQ(test, batch_add(&b, VSID_A, 2, 33), 0);
	vsw_policy_batch_end(&b, NULL, NULL);
	mutex_unlock(t->lock);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(11) | BIT_ULL(33));
	KUNIT_EXPECT_EQ(test, del(t, VSID_A, 1), 0);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(33));
	KUNIT_EXPECT_EQ(test, del(t, VSID_A, 2), 0);
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), 0);
	KUNIT_EXPECT_EQ(test, vsw_flood_vsids(&t->flood), 0U);
}

static struct kunit_case vsw_flood_test_cases[] = {
	KUNIT_CASE(vsw_flood_test_refcount),
	KUNIT_CASE(vsw_flood_test_vsids),
	KUNIT_CASE(vsw_flood_test_replace),
	KUNIT_CASE(vsw_flood_test_flush),
	KUNIT_CASE(vsw_flood_test_rcu),
	KUNIT_CASE(vsw_flood_test_many_pas),
	KUNIT_CASE(vsw_flood_test_batch),
	{}
};

static struct kunit_suite vsw_flood_test_suite = {
	.name = "vsw_flood",
	.suite_init = vsw_flood_test_suite_init,
	.init = vsw_flood_test_init,
	.exit = vsw_flood_test_exit,
	.test_cases = vsw_flood_test_cases,
};

/* The hold queue of a private switch, fed frames from a port-only struct. */
struct vsw_hold_test {
	struct vsw_net vn;
	struct vsw_switch *sw;
	struct vsw_port port, other;
	struct vsw_port more[4];
};

static int vsw_hold_test_init(struct kunit *test)
{
	struct vsw_hold_test *h;
	unsigned int i;

	h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, h);
	vsw_net_init(&h->vn, &init_net);
	rtnl_lock();
	h->sw = vsw_switch_create(&h->vn, "hold0", NULL);
	rtnl_unlock();
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, h->sw);
	h->port.sw = h->sw;
	h->port.vsid = VSID_A;
	h->port.stats = vsw_stats_alloc();
	h->other = h->port;
	h->other.stats = vsw_stats_alloc();
	KUNIT_ASSERT_NOT_NULL(test, h->port.stats);
	KUNIT_ASSERT_NOT_NULL(test, h->other.stats);
	for (i = 0; i < ARRAY_SIZE(h->more); i++) {
		h->more[i] = h->port;
		h->more[i].vsid = VSID_B;
		h->more[i].stats = vsw_stats_alloc();
		KUNIT_ASSERT_NOT_NULL(test, h->more[i].stats);
	}
	test->priv = h;
	return 0;
}

static void vsw_hold_test_exit(struct kunit *test)
{
	struct vsw_hold_test *h = test->priv;
	unsigned int i;

	rtnl_lock();
	vsw_switch_destroy(h->sw);
	rtnl_unlock();
	free_percpu(h->port.stats);
	free_percpu(h->other.stats);
	for (i = 0; i < ARRAY_SIZE(h->more); i++)
		free_percpu(h->more[i].stats);
}

/* The CA of the frames offer() makes: 10.0.0.1 unless told. */
static u32 offer_ca = 1;

/*
 * Offers @n IPv4 frames to offer_ca from @port, as the datapath does;
 * returns how many hold took.
 */
static unsigned int offer(struct kunit *test, struct vsw_port *port,
			  unsigned int n)
{
	unsigned int i, taken = 0;
	struct sk_buff *skb;

	for (i = 0; i < n; i++) {
		skb = alloc_skb(64, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		skb_put_zero(skb, 64);
		skb_reset_network_header(skb);
		skb->protocol = htons(ETH_P_IP);
		ip_hdr(skb)->daddr = htonl(0x0a000000 | offer_ca);
		local_bh_disable();
		rcu_read_lock();
		if (vsw_hold_frame(port->sw, port, skb))
			taken++;
		else
			kfree_skb(skb);
		rcu_read_unlock();
		local_bh_enable();
	}
	return taken;
}

static u64 drops(struct vsw_pcpu_stats __percpu *stats,
		 enum vsw_drop_reason reason)
{
	struct vsw_stats_snapshot s;

	vsw_stats_read(stats, &s);
	return s.drops[reason];
}

/* Is a frame of @vsid held for 10.0.0.@ca? */
static bool pending(struct vsw_hold_test *h, u32 vsid, u32 ca)
{
	bool ret;

	local_bh_disable();
	ret = vsw_hold_pending(h->sw, vsid, VSW_ADDR4(htonl(0x0a000000 | ca)));
	local_bh_enable();
	return ret;
}

/*
 * The bounds: a port holds at most a quarter of hold-max, the switch
 * hold-max; every frame past either is counted hold_full.
 */
static void vsw_hold_test_bound(struct kunit *test)
{
	struct vsw_hold_test *h = test->priv;
	struct vsw_hold *q = &h->sw->hold;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, q->max, (u32)VSW_HOLD_MAX_DEFAULT);
	KUNIT_EXPECT_EQ(test, q->timeout_ms, (u32)VSW_HOLD_TIMEOUT_DEFAULT);
	WRITE_ONCE(q->max, 8);
	/* Every frame is consumed: held or dropped. */
	KUNIT_EXPECT_EQ(test, offer(test, &h->port, 50), 50U);
	KUNIT_EXPECT_EQ(test, vsw_hold_count(q), 2U);
	KUNIT_EXPECT_EQ(test, drops(h->sw->stats, VSW_DROP_HOLD_FULL), 48ULL);
	KUNIT_EXPECT_EQ(test, drops(h->port.stats, VSW_DROP_HOLD_FULL), 48ULL);
	KUNIT_EXPECT_TRUE(test, timer_pending(&q->timer));
	/* Three more ports fill the queue; a fifth finds it full. */
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, offer(test, &h->more[i], 3), 3U);
	KUNIT_EXPECT_EQ(test, vsw_hold_count(q), 8U);
	KUNIT_EXPECT_EQ(test, offer(test, &h->more[3], 1), 1U);
	KUNIT_EXPECT_EQ(test, vsw_hold_count(q), 8U);
	KUNIT_EXPECT_EQ(test, drops(h->more[3].stats, VSW_DROP_HOLD_FULL), 1ULL);
	KUNIT_EXPECT_EQ(test, drops(h->sw->stats, VSW_DROP_HOLD_FULL), 52ULL);
}

/*
 * One port missing on every address it can think of takes its share of
 * the queue, never another port's.
 */
static void vsw_hold_test_share(struct kunit *test)
{
	struct vsw_hold_test *h = test->priv;
	u32 ca;

	/* hold-max 64 (the default): 16 frames a port. */
	for (ca = 100; ca < 1100; ca++) {
		offer_ca = ca;
		offer(test, &h->port, 1);
	}
	KUNIT_EXPECT_EQ(test, h->port.held, 16U);
	KUNIT_EXPECT_EQ(test, drops(h->port.stats, VSW_DROP_HOLD_FULL), 984ULL);
	offer_ca = 7;
	KUNIT_EXPECT_EQ(test, offer(test, &h->other, 1), 1U);
	KUNIT_EXPECT_EQ(test, h->other.held, 1U);
	KUNIT_EXPECT_EQ(test, drops(h->other.stats, VSW_DROP_HOLD_FULL), 0ULL);
	KUNIT_EXPECT_EQ(test, vsw_hold_count(&h->sw->hold), 17U);
	offer_ca = 1;
}

/* A (VSID, CA) is pending while a frame of that VSID waits for it. */
static void vsw_hold_test_pending(struct kunit *test)
{
	struct vsw_hold_test *h = test->priv;
	u32 ca;

	KUNIT_EXPECT_FALSE(test, pending(h, VSID_A, 1));
	KUNIT_EXPECT_EQ(test, offer(test, &h->port, 2), 2U);
	KUNIT_EXPECT_TRUE(test, pending(h, VSID_A, 1));
	/* Same CA, other VSID; other CA, same VSID. */
	KUNIT_EXPECT_FALSE(test, pending(h, VSID_B, 1));
	KUNIT_EXPECT_FALSE(test, pending(h, VSID_A, 2));
	/* Many CAs, of another port: every one found, in its bucket. */
	for (ca = 10; ca < 20; ca++) {
		offer_ca = ca;
		offer(test, &h->more[0], 1);
	}
	offer_ca = 1;
	for (ca = 10; ca < 20; ca++) {
		KUNIT_EXPECT_TRUE(test, pending(h, VSID_B, ca));
		KUNIT_EXPECT_FALSE(test, pending(h, VSID_A, ca));
	}
	mutex_lock(&h->sw->lock);
	vsw_hold_purge_port(h->sw, &h->port);
	mutex_unlock(&h->sw->lock);
	KUNIT_EXPECT_FALSE(test, pending(h, VSID_A, 1));
	KUNIT_EXPECT_EQ(test, h->port.held, 0U);
	KUNIT_EXPECT_TRUE(test, pending(h, VSID_B, 15));
	mutex_lock(&h->sw->lock);
	vsw_hold_purge_port(h->sw, &h->more[0]);
	mutex_unlock(&h->sw->lock);
	for (ca = 10; ca < 20; ca++)
		KUNIT_EXPECT_FALSE(test, pending(h, VSID_B, ca));
	KUNIT_EXPECT_EQ(test, vsw_hold_count(&h->sw->hold), 0U);
}

/* hold-max 0: nothing held, the caller drops. */
static void vsw_hold_test_off(struct kunit *test)
{
	struct vsw_hold_test *h = test->priv;

	WRITE_ONCE(h->sw->hold.max, 0);
	KUNIT_EXPECT_EQ(test, offer(test, &h->port, 3), 0U);
	KUNIT_EXPECT_EQ(test, vsw_hold_count(&h->sw->hold), 0U);
	KUNIT_EXPECT_EQ(test, drops(h->sw->stats, VSW_DROP_HOLD_FULL), 0ULL);
}

/* A port's frames go with it, and only its own. */
static void vsw_hold_test_purge(struct kunit *test)
{
	struct vsw_hold_test *h = test->priv;

	KUNIT_EXPECT_EQ(test, offer(test, &h->port, 3), 3U);
	KUNIT_EXPECT_EQ(test, offer(test, &h->other, 2), 2U);
	mutex_lock(&h->sw->lock);
	vsw_hold_purge_port(h->sw, &h->port);
	mutex_unlock(&h->sw->lock);
	KUNIT_EXPECT_EQ(test, vsw_hold_count(&h->sw->hold), 2U);
	KUNIT_EXPECT_EQ(test, drops(h->sw->stats, VSW_DROP_HOLD_TIMEOUT), 3ULL);
	/* The switch's destruction (exit) drops the rest and stops the timer. */
}

/*
 * The anti-spoofing of a frame from the wire (vsw_nvgre_src_check()):
 * a sender with no record at all in the VSID is a miss on receive
 * (policy_miss_rx, reported for on-demand hosts); one whose record says
 * another PA or MAC is spoofing. Nothing but a match passes.
 */
static enum vsw_drop_reason src_check(struct vsw_hold_test *h, u32 vsid,
				      u32 ca, u32 pa, const u8 *mac)
{
	enum vsw_drop_reason r;

	rcu_read_lock();
	r = vsw_nvgre_src_check(h->sw, vsid, VSW_ADDR4(htonl(0x0a000000 | ca)),
				ip(pa), mac);
	rcu_read_unlock();
	return r;
}

static void vsw_hold_test_src_check(struct kunit *test)
{
	struct vsw_hold_test *h = test->priv;
	/* The MAC add() gives (VSID_A, 10.0.0.5). */
	u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, (u8)(VSID_A >> 8), 5 };
	u8 other[ETH_ALEN] = { 0x02, 0, 0, 0, 0x66, 0x66 };

	KUNIT_EXPECT_EQ(test, src_check(h, VSID_A, 5, 11, mac),
			VSW_DROP_POLICY_MISS_RX);
	KUNIT_ASSERT_EQ(test, add(&h->sw->policy, VSID_A, 5, 11, false), 0);
	KUNIT_EXPECT_EQ(test, src_check(h, VSID_A, 5, 11, mac), VSW_DROP_MAX);
	KUNIT_EXPECT_EQ(test, src_check(h, VSID_A, 5, 12, mac),
			VSW_DROP_SPOOFED_PA);
	KUNIT_EXPECT_EQ(test, src_check(h, VSID_A, 5, 11, other),
			VSW_DROP_SPOOFED_MAC);
	/* Another CA, or the same CA in another VSID: no record there. */
	KUNIT_EXPECT_EQ(test, src_check(h, VSID_A, 6, 11, mac),
			VSW_DROP_POLICY_MISS_RX);
	KUNIT_EXPECT_EQ(test, src_check(h, VSID_B, 5, 11, mac),
			VSW_DROP_POLICY_MISS_RX);
	KUNIT_ASSERT_EQ(test, del(&h->sw->policy, VSID_A, 5), 0);
	KUNIT_EXPECT_EQ(test, src_check(h, VSID_A, 5, 11, mac),
			VSW_DROP_POLICY_MISS_RX);
}

static struct kunit_case vsw_hold_test_cases[] = {
	KUNIT_CASE(vsw_hold_test_bound),
	KUNIT_CASE(vsw_hold_test_share),
	KUNIT_CASE(vsw_hold_test_pending),
	KUNIT_CASE(vsw_hold_test_off),
	KUNIT_CASE(vsw_hold_test_purge),
	KUNIT_CASE(vsw_hold_test_src_check),
	{}
};

static struct kunit_suite vsw_hold_test_suite = {
	.name = "vsw_hold",
	.suite_init = vsw_flood_test_suite_init,
	.init = vsw_hold_test_init,
	.exit = vsw_hold_test_exit,
	.test_cases = vsw_hold_test_cases,
};

/* The VSID of each port a group of @vsid has, as a count; -1 if foreign. */
static int group_ports(struct vsw_hold_test *h, u32 vsid,
		       struct vsw_port *must)
{
	struct vsw_flood_group *g;
	struct vsw_port *p;
	bool seen = !must;
	int n = 0;

	rcu_read_lock();
	g = vsw_flood_group_lookup(h->sw, vsid);
	if (g) {
		vsw_flood_for_each_port(p, g) {
			if (p->vsid != vsid) {
				n = -1;
				break;
			}
			seen |= p == must;
			n++;
		}
	}
	rcu_read_unlock();
	return seen ? n : -2;
}

static void join(struct kunit *test, struct vsw_port *port)
{
	rtnl_lock();
	mutex_lock(&port->sw->lock);
	KUNIT_ASSERT_EQ(test, vsw_flood_group_get(port->sw, port->vsid), 0);
	vsw_flood_port_link(port);
	mutex_unlock(&port->sw->lock);
	rtnl_unlock();
}

static void leave(struct vsw_port *port)
{
	rtnl_lock();
	mutex_lock(&port->sw->lock);
	vsw_flood_port_unlink(port);
	mutex_unlock(&port->sw->lock);
	rtnl_unlock();
}

/* A VSID's group holds its ports, only them, and goes with the last. */
static void vsw_flood_ports_test_groups(struct kunit *test)
{
	struct vsw_hold_test *h = test->priv;
	unsigned int i;

	KUNIT_EXPECT_NULL(test, vsw_flood_group_lookup(h->sw, VSID_A));
	join(test, &h->port);
	join(test, &h->other);
	for (i = 0; i < ARRAY_SIZE(h->more); i++)
		join(test, &h->more[i]);
	KUNIT_EXPECT_EQ(test, group_ports(h, VSID_A, &h->port), 2);
	KUNIT_EXPECT_EQ(test, group_ports(h, VSID_A, &h->other), 2);
	KUNIT_EXPECT_EQ(test, group_ports(h, VSID_B, &h->more[3]), 4);
	/* A VSID without ports has no group, whatever its hash bucket. */
	KUNIT_EXPECT_NULL(test, vsw_flood_group_lookup(h->sw, VSID_A + 64));
	KUNIT_EXPECT_NULL(test, vsw_flood_group_lookup(h->sw, VSID_B + 64));

	leave(&h->port);
	KUNIT_EXPECT_EQ(test, group_ports(h, VSID_A, &h->other), 1);
	leave(&h->other);
	KUNIT_EXPECT_NULL(test, vsw_flood_group_lookup(h->sw, VSID_A));
	KUNIT_EXPECT_EQ(test, group_ports(h, VSID_B, NULL), 4);

	/* A port that fails to attach puts back the group it got. */
	rtnl_lock();
	mutex_lock(&h->sw->lock);
	KUNIT_EXPECT_EQ(test, vsw_flood_group_get(h->sw, VSID_A), 0);
	KUNIT_EXPECT_NOT_NULL(test, vsw_flood_group_lookup(h->sw, VSID_A));
	vsw_flood_group_put(h->sw, VSID_A);
	mutex_unlock(&h->sw->lock);
	rtnl_unlock();
	KUNIT_EXPECT_NULL(test, vsw_flood_group_lookup(h->sw, VSID_A));

	for (i = 0; i < ARRAY_SIZE(h->more); i++)
		leave(&h->more[i]);
	KUNIT_EXPECT_NULL(test, vsw_flood_group_lookup(h->sw, VSID_B));
}

static struct kunit_case vsw_flood_ports_test_cases[] = {
	KUNIT_CASE(vsw_flood_ports_test_groups),
	{}
};

static struct kunit_suite vsw_flood_ports_test_suite = {
	.name = "vsw_flood_ports",
	.suite_init = vsw_flood_test_suite_init,
	.init = vsw_hold_test_init,
	.exit = vsw_hold_test_exit,
	.test_cases = vsw_flood_ports_test_cases,
};

#define MS	(NSEC_PER_SEC / 1000)

/* A full bucket: @burst at once, then one per 1/@rate s, never more. */
static void vsw_limit_test_burst(struct kunit *test)
{
	struct vsw_limit l;
	u64 now = 1000 * NSEC_PER_SEC;
	unsigned int i, n = 0;

	vsw_limit_init(&l, 1000, 50);
	for (i = 0; i < 100; i++)
		n += vsw_limit_allow_at(&l, now);
	KUNIT_EXPECT_EQ(test, n, 50U);
	KUNIT_EXPECT_FALSE(test, vsw_limit_allow_at(&l, now + MS - 1));
	KUNIT_EXPECT_TRUE(test, vsw_limit_allow_at(&l, now + MS));
	KUNIT_EXPECT_FALSE(test, vsw_limit_allow_at(&l, now + MS));
	/* Idle long enough: full again, and no fuller. */
	n = 0;
	for (i = 0; i < 100; i++)
		n += vsw_limit_allow_at(&l, now + 10 * NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, n, 50U);
}

/*
 * The rate: callers at 10 times the rate for 10 s get the burst and the
 * rate times 10 s, within one; callers below the rate are never refused.
 */
static void vsw_limit_test_rate(struct kunit *test)
{
	u64 start = 5 * NSEC_PER_SEC, t;
	unsigned int n = 0, refused = 0;
	struct vsw_limit l;

	vsw_limit_init(&l, 1000, 1000);
	for (t = 0; t < 10 * NSEC_PER_SEC; t += 100 * 1000)
		n += vsw_limit_allow_at(&l, start + t);
	KUNIT_EXPECT_GE(test, n, 1000U + 10000U - 1);
	KUNIT_EXPECT_LE(test, n, 1000U + 10000U + 1);

	vsw_limit_init(&l, 1000, 1);
	for (t = 0; t < 10 * NSEC_PER_SEC; t += 1100 * 1000)
		refused += !vsw_limit_allow_at(&l, start + t);
	KUNIT_EXPECT_EQ(test, refused, 0U);
}

struct vsw_limit_test_thread {
	struct vsw_limit *l;
	struct completion *go;
	atomic_t *allowed, *refused, *done;
	struct completion *all_done;
	unsigned int calls;
};

static int vsw_limit_test_fn(void *arg)
{
	struct vsw_limit_test_thread *t = arg;
	unsigned int i;

	wait_for_completion(t->go);
	for (i = 0; i < t->calls; i++) {
		local_bh_disable();
		if (vsw_limit_allow(t->l))
			atomic_inc(t->allowed);
		else
			atomic_inc(t->refused);
		local_bh_enable();
		if (!(i % 64))
			cond_resched();
	}
	if (atomic_dec_and_test(t->done))
		complete(t->all_done);
	return 0;
}

/*
 * Several threads (on as many CPUs as there are) take tokens at once:
 * below the burst none is refused; past it, exactly the burst is taken
 * (the refill over the test's run is less than one token).
 */
static void vsw_limit_test_concurrent(struct kunit *test)
{
	struct vsw_limit_test_thread t[4];
	DECLARE_COMPLETION_ONSTACK(go);
	DECLARE_COMPLETION_ONSTACK(all_done);
	atomic_t allowed, refused, done;
	struct task_struct *task;
	struct vsw_limit l;
	unsigned int i, round;

	for (round = 0; round < 2; round++) {
		/* One token a minute: nothing refills while the test runs. */
		vsw_limit_init(&l, 1, 4000);
		l.interval = 60 * NSEC_PER_SEC;
		l.slack = 3999 * l.interval;
		atomic_set(&allowed, 0);
		atomic_set(&refused, 0);
		atomic_set(&done, ARRAY_SIZE(t));
		reinit_completion(&go);
		reinit_completion(&all_done);
		for (i = 0; i < ARRAY_SIZE(t); i++) {
			t[i] = (struct vsw_limit_test_thread){
				.l = &l, .go = &go, .allowed = &allowed,
				.refused = &refused, .done = &done,
				.all_done = &all_done,
				/* 4000 calls in all, then 8000. */
				.calls = 1000 * (round + 1),
			};
			task = kthread_run(vsw_limit_test_fn, &t[i],
					   "vsw_limit_test/%u", i);
			KUNIT_ASSERT_FALSE(test, IS_ERR(task));
		}
		complete_all(&go);
		wait_for_completion(&all_done);
		KUNIT_EXPECT_EQ(test, atomic_read(&allowed), 4000);
		KUNIT_EXPECT_EQ(test, atomic_read(&refused), round ? 4000 : 0);
	}
}

static struct kunit_case vsw_limit_test_cases[] = {
	KUNIT_CASE(vsw_limit_test_burst),
	KUNIT_CASE(vsw_limit_test_rate),
	KUNIT_CASE(vsw_limit_test_concurrent),
	{}
};

static struct kunit_suite vsw_limit_test_suite = {
	.name = "vsw_limit",
	.test_cases = vsw_limit_test_cases,
};

kunit_test_suites(&vsw_flood_test_suite, &vsw_hold_test_suite,
		  &vsw_flood_ports_test_suite, &vsw_limit_test_suite);
