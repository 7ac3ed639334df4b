// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of vsw's Neighbour Advertisements (kmod/nd.c): the frame a
 * VM gets in answer to a Neighbour Solicitation must be one its IPv6
 * stack accepts (RFC 4861 7.1.2): hop limit 255, code 0, a good checksum,
 * the target and its link-layer address, and the right flags.
 */

#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <net/ip6_checksum.h>
#include <net/ndisc.h>

#include "nd.h"

static const u8 vm_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
static const u8 rec_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x02 };
static const struct in6_addr vm_ip = {
	.s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } };
static const struct in6_addr target = {
	.s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 } };

static int vsw_nd_test_init(struct kunit *test)
{
	struct net_device *dev = alloc_etherdev(0);

	KUNIT_ASSERT_NOT_NULL(test, dev);
	test->priv = dev;
	return 0;
}

static void vsw_nd_test_exit(struct kunit *test)
{
	free_netdev(test->priv);
}

static void vsw_nd_test_check(struct kunit *test, bool solicited)
{
	struct net_device *dev = test->priv;
	const struct ipv6hdr *ip6h;
	const struct nd_msg *msg;
	const struct ethhdr *eth;
	struct sk_buff *skb;
	unsigned int len;
	const u8 *opt;

	skb = vsw_nd_na_create(dev, vm_mac, rec_mac, &vm_ip, &target,
			       solicited);
	KUNIT_ASSERT_NOT_NULL(test, skb);

	len = sizeof(*ip6h) + sizeof(*msg) + 8;
	KUNIT_ASSERT_EQ(test, skb->len, ETH_HLEN + len);
	KUNIT_EXPECT_PTR_EQ(test, skb->dev, dev);
	KUNIT_EXPECT_EQ(test, skb->protocol, htons(ETH_P_IPV6));

	eth = (const struct ethhdr *)skb->data;
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(eth->h_dest, vm_mac));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(eth->h_source, rec_mac));
	KUNIT_EXPECT_EQ(test, eth->h_proto, htons(ETH_P_IPV6));

	ip6h = (const struct ipv6hdr *)(eth + 1);
	KUNIT_EXPECT_EQ(test, (int)ip6h->version, 6);
	KUNIT_EXPECT_EQ(test, ntohs(ip6h->payload_len), sizeof(*msg) + 8);
	KUNIT_EXPECT_EQ(test, ip6h->nexthdr, IPPROTO_ICMPV6);
	KUNIT_EXPECT_EQ(test, ip6h->hop_limit, 255);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ip6h->saddr, &target));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ip6h->daddr, &vm_ip));

	msg = (const struct nd_msg *)(ip6h + 1);
	KUNIT_EXPECT_EQ(test, msg->icmph.icmp6_type,
			NDISC_NEIGHBOUR_ADVERTISEMENT);
	KUNIT_EXPECT_EQ(test, msg->icmph.icmp6_code, 0);
	KUNIT_EXPECT_EQ(test, (int)msg->icmph.icmp6_router, 0);
	KUNIT_EXPECT_EQ(test, (int)msg->icmph.icmp6_solicited, (int)solicited);
	KUNIT_EXPECT_EQ(test, (int)msg->icmph.icmp6_override, 1);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&msg->target, &target));
	/* A good checksum sums, with the pseudo-header, to zero. */
	KUNIT_EXPECT_EQ(test, csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr,
					      sizeof(*msg) + 8, IPPROTO_ICMPV6,
					      csum_partial(msg, sizeof(*msg) + 8,
							   0)), 0);

	opt = msg->opt;
	KUNIT_EXPECT_EQ(test, opt[0], ND_OPT_TARGET_LL_ADDR);
	KUNIT_EXPECT_EQ(test, opt[1], 1);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(opt + 2, rec_mac));
	kfree_skb(skb);
}

static void vsw_nd_test_solicited(struct kunit *test)
{
	vsw_nd_test_check(test, true);
}

static void vsw_nd_test_unsolicited(struct kunit *test)
{
	vsw_nd_test_check(test, false);
}

static struct kunit_case vsw_nd_test_cases[] = {
	KUNIT_CASE(vsw_nd_test_solicited),
	KUNIT_CASE(vsw_nd_test_unsolicited),
	{}
};

static struct kunit_suite vsw_nd_test_suite = {
	.name = "vsw_nd",
	.init = vsw_nd_test_init,
	.exit = vsw_nd_test_exit,
	.test_cases = vsw_nd_test_cases,
};

kunit_test_suite(vsw_nd_test_suite);
