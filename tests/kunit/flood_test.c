// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vsw's replication lists (kmod/flood.c) as the policy
 * table keeps them, and for the bounds of the hold queue (kmod/hold.c).
 *
 * Replication lists: each test works on a private policy table; writers
 * run under RTNL and readers under RCU, as in the module. Hold queue: a
 * private switch in a private struct vsw_net, with a port that is only a
 * struct (the queue never looks at its device unless frames are released,
 * which the VM tests cover).
 */

#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/vsw.h>

#include "addr.h"
#include "flood.h"
#include "hold.h"
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

	rtnl_lock();
	err = vsw_policy_insert(t, vsid, VSW_ADDR4(htonl(0x0a000000 | ca)), mac, ip(pa),
				replace, NULL);
	rtnl_unlock();
	return err;
}

static int del(struct vsw_policy_table *t, u32 vsid, u32 ca)
{
	int err;

	rtnl_lock();
	err = vsw_policy_remove(t, vsid, VSW_ADDR4(htonl(0x0a000000 | ca)), NULL);
	rtnl_unlock();
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

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	KUNIT_ASSERT_EQ(test, vsw_policy_table_init(t), 0);
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
	rtnl_lock();
	KUNIT_ASSERT_EQ(test, vsw_policy_set_max(t, 1, NULL), 0);
	rtnl_unlock();
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
	rtnl_lock();
	vsw_policy_flush(t);
	rtnl_unlock();
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
	rtnl_lock();
	rcu_read_lock();
	v = vsw_flood_lookup(&t->flood, VSID_A);
	KUNIT_ASSERT_NOT_NULL(test, v);
	vsw_flood_for_each_pa(p, v) {
		KUNIT_EXPECT_FALSE(test, seen & BIT_ULL(ntohl(vsw_addr4(&p->key.pa)) & 0xff));
		seen |= BIT_ULL(ntohl(vsw_addr4(&p->key.pa)) & 0xff);
		/* The PA being read leaves, another joins. */
		if (vsw_addr4(&p->key.pa) == ip4(11)) {
			KUNIT_EXPECT_EQ(test, vsw_flood_pa_get(&t->flood, VSID_A,
							       ip(33)), 0);
			vsw_flood_pa_put(&t->flood, VSID_A, ip(11));
		}
	}
	rcu_read_unlock();
	rtnl_unlock();
	KUNIT_EXPECT_TRUE(test, seen & BIT_ULL(22));
	KUNIT_EXPECT_EQ(test, pas(t, VSID_A), BIT_ULL(22) | BIT_ULL(33));
	/* Balance the direct get and put for the records' own counts. */
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, vsw_flood_pa_get(&t->flood, VSID_A, ip(11)), 0);
	vsw_flood_pa_put(&t->flood, VSID_A, ip(33));
	rtnl_unlock();
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

	rtnl_lock();
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
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, vsw_flood_vsids(&t->flood), 0U);
}

static struct kunit_case vsw_flood_test_cases[] = {
	KUNIT_CASE(vsw_flood_test_refcount),
	KUNIT_CASE(vsw_flood_test_vsids),
	KUNIT_CASE(vsw_flood_test_replace),
	KUNIT_CASE(vsw_flood_test_flush),
	KUNIT_CASE(vsw_flood_test_rcu),
	KUNIT_CASE(vsw_flood_test_many_pas),
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
};

static int vsw_hold_test_init(struct kunit *test)
{
	struct vsw_hold_test *h;

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
	test->priv = h;
	return 0;
}

static void vsw_hold_test_exit(struct kunit *test)
{
	struct vsw_hold_test *h = test->priv;

	rtnl_lock();
	vsw_switch_destroy(h->sw);
	rtnl_unlock();
	free_percpu(h->port.stats);
	free_percpu(h->other.stats);
}

/* Offers @n frames from @port, as the datapath does; returns how many hold took. */
static unsigned int offer(struct kunit *test, struct vsw_port *port,
			  unsigned int n)
{
	unsigned int i, taken = 0;
	struct sk_buff *skb;

	for (i = 0; i < n; i++) {
		skb = alloc_skb(64, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		skb_put(skb, 64);
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

/* The bound: hold-max frames held, every other one counted hold_full. */
static void vsw_hold_test_bound(struct kunit *test)
{
	struct vsw_hold_test *h = test->priv;
	struct vsw_hold *q = &h->sw->hold;

	KUNIT_EXPECT_EQ(test, q->max, (u32)VSW_HOLD_MAX_DEFAULT);
	KUNIT_EXPECT_EQ(test, q->timeout_ms, (u32)VSW_HOLD_TIMEOUT_DEFAULT);
	WRITE_ONCE(q->max, 8);
	/* Every frame is consumed: held or dropped. */
	KUNIT_EXPECT_EQ(test, offer(test, &h->port, 50), 50U);
	KUNIT_EXPECT_EQ(test, vsw_hold_count(q), 8U);
	KUNIT_EXPECT_EQ(test, drops(h->sw->stats, VSW_DROP_HOLD_FULL), 42ULL);
	KUNIT_EXPECT_EQ(test, drops(h->port.stats, VSW_DROP_HOLD_FULL), 42ULL);
	KUNIT_EXPECT_TRUE(test, timer_pending(&q->timer));
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
	rtnl_lock();
	vsw_hold_purge_port(h->sw, &h->port);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, vsw_hold_count(&h->sw->hold), 2U);
	KUNIT_EXPECT_EQ(test, drops(h->sw->stats, VSW_DROP_HOLD_TIMEOUT), 3ULL);
	/* The switch's destruction (exit) drops the rest and stops the timer. */
}

static struct kunit_case vsw_hold_test_cases[] = {
	KUNIT_CASE(vsw_hold_test_bound),
	KUNIT_CASE(vsw_hold_test_off),
	KUNIT_CASE(vsw_hold_test_purge),
	{}
};

static struct kunit_suite vsw_hold_test_suite = {
	.name = "vsw_hold",
	.suite_init = vsw_flood_test_suite_init,
	.init = vsw_hold_test_init,
	.exit = vsw_hold_test_exit,
	.test_cases = vsw_hold_test_cases,
};

kunit_test_suites(&vsw_flood_test_suite, &vsw_hold_test_suite);
