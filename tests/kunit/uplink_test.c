// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the uplink's rx_handler (kmod/uplink.c) on shared skbs.
 *
 * A shared skb (a tap, pktgen's netif_receive mode hold a reference) may
 * reach the rx_handler. Pulling a header that is not in its linear part
 * may reallocate the head, which pskb_expand_head() refuses a shared skb
 * with BUG_ON(): the handler must classify without pulling and pull only
 * once share-checked. The uplink here is a struct over an unregistered
 * netdev, with a private switch.
 */

#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/gfp.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include "addr.h"
#include "stats.h"
#include "switch.h"
#include "uplink.h"

#define PA_LOCAL	htonl(0xc0a80416)	/* 192.168.4.22 */
#define PA_REMOTE	htonl(0xc0a8040b)	/* 192.168.4.11 */

struct vsw_uplink_test {
	struct vsw_net vn;
	struct vsw_switch *sw;
	struct net_device *dev;
	struct vsw_uplink up;
	struct vsw_uplink_pa pas;
};

static int vsw_uplink_test_init(struct kunit *test)
{
	struct vsw_uplink_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	vsw_net_init(&t->vn, &init_net);
	rtnl_lock();
	t->sw = vsw_switch_create(&t->vn, "up0", NULL);
	rtnl_unlock();
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->sw);
	t->dev = alloc_netdev(0, "vswup%d", NET_NAME_ENUM, ether_setup);
	KUNIT_ASSERT_NOT_NULL(test, t->dev);
	vsw_addr_set4(&t->pas.pa4, PA_LOCAL);
	t->up.sw = t->sw;
	t->up.dev = t->dev;
	RCU_INIT_POINTER(t->up.pa, &t->pas);
	rcu_assign_pointer(t->dev->rx_handler_data, &t->up);
	test->priv = t;
	return 0;
}

static void vsw_uplink_test_exit(struct kunit *test)
{
	struct vsw_uplink_test *t = test->priv;

	free_netdev(t->dev);
	rtnl_lock();
	vsw_switch_destroy(t->sw);
	rtnl_unlock();
}

/*
 * An IPv4 GRE packet to @daddr whose headers are all in a page fragment
 * (nothing linear), with a bad header checksum; cloned (the clone is
 * returned in @clone) and shared, as a tap and the stack could leave it.
 */
static struct sk_buff *shared_skb(struct kunit *test, struct net_device *dev,
				  __be32 daddr, struct sk_buff **clone)
{
	unsigned int len = sizeof(struct iphdr) + 64;
	struct sk_buff *skb;
	struct iphdr *iph;
	struct page *page;

	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, page);
	iph = page_address(page);
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = IPPROTO_GRE;
	iph->tot_len = htons(len);
	iph->saddr = PA_REMOTE;
	iph->daddr = daddr;
	iph->check = 0;		/* wrong: decapsulation drops it as malformed */

	skb = alloc_skb(0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_add_rx_frag(skb, 0, page, 0, len, PAGE_SIZE);
	skb_reset_network_header(skb);
	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	skb->pkt_type = PACKET_HOST;
	KUNIT_ASSERT_EQ(test, skb_headlen(skb), 0U);
	*clone = skb_clone(skb, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, *clone);
	return skb_get(skb);
}

static rx_handler_result_t rx(struct sk_buff **pskb)
{
	rx_handler_result_t res;

	local_bh_disable();
	rcu_read_lock();
	res = vsw_uplink_rx(pskb);
	rcu_read_unlock();
	local_bh_enable();
	return res;
}

static u64 drops(struct vsw_switch *sw, enum vsw_drop_reason reason)
{
	struct vsw_stats_snapshot s;

	vsw_stats_read(sw->stats, &s);
	return s.drops[reason];
}

/* GRE for the PA, shared: taken on a copy, decapsulated, dropped. */
static void vsw_uplink_test_shared_taken(struct kunit *test)
{
	struct vsw_uplink_test *t = test->priv;
	struct sk_buff *skb, *clone, *orig;

	skb = shared_skb(test, t->dev, PA_LOCAL, &clone);
	orig = skb;
	KUNIT_EXPECT_EQ(test, rx(&skb), RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, drops(t->sw, VSW_DROP_MALFORMED), 1ULL);
	/* The other holder's skb is as it was. */
	KUNIT_EXPECT_EQ(test, refcount_read(&orig->users), 1U);
	KUNIT_EXPECT_EQ(test, skb_headlen(orig), 0U);
	kfree_skb(orig);
	kfree_skb(clone);
}

/* Anything else, shared: passed on untouched. */
static void vsw_uplink_test_shared_passed(struct kunit *test)
{
	struct vsw_uplink_test *t = test->priv;
	struct sk_buff *skb, *clone, *orig;

	skb = shared_skb(test, t->dev, PA_REMOTE, &clone);
	orig = skb;
	KUNIT_EXPECT_EQ(test, rx(&skb), RX_HANDLER_PASS);
	KUNIT_EXPECT_PTR_EQ(test, skb, orig);
	KUNIT_EXPECT_EQ(test, refcount_read(&skb->users), 2U);
	KUNIT_EXPECT_EQ(test, skb_headlen(skb), 0U);
	KUNIT_EXPECT_EQ(test, drops(t->sw, VSW_DROP_MALFORMED), 0ULL);
	kfree_skb(skb);
	kfree_skb(skb);
	kfree_skb(clone);
}

static struct kunit_case vsw_uplink_test_cases[] = {
	KUNIT_CASE(vsw_uplink_test_shared_taken),
	KUNIT_CASE(vsw_uplink_test_shared_passed),
	{}
};

static struct kunit_suite vsw_uplink_test_suite = {
	.name = "vsw_uplink",
	.init = vsw_uplink_test_init,
	.exit = vsw_uplink_test_exit,
	.test_cases = vsw_uplink_test_cases,
};

kunit_test_suite(vsw_uplink_test_suite);
