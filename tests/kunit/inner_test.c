// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the checks of a tenant's packet (kmod/inner.c): a packet
 * cut at every byte offset is dropped under inner_header or
 * inner_truncated, whether its network header is at the start of the
 * data (a VM's frame) or after an Ethernet header (decapsulated), linear
 * or not; a whole one passes, its padding trimmed; ND is found behind
 * extension headers and in a first fragment, and only there.
 */

#include <kunit/test.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/ndisc.h>

#include "inner.h"

/* IPv4 + UDP + 4 bytes. */
static const u8 udp4[] = {
	0x45, 0, 0, 32, 0, 0, 0x40, 0, 64, 17, 0, 0,
	10, 0, 0, 5, 10, 0, 0, 7,
	0x1b, 0x58, 0x1b, 0x58, 0, 12, 0, 0,
	'a', 'b', 'c', 'd',
};

/* IPv6 (fd10::5 to fd10::7) + UDP + 4 bytes. */
static const u8 udp6[] = {
	0x60, 0, 0, 0, 0, 12, IPPROTO_UDP, 255,
	0xfd, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5,
	0xfd, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7,
	0x1b, 0x58, 0x1b, 0x58, 0, 12, 0, 0,
	'a', 'b', 'c', 'd',
};

/* A Neighbour Solicitation with a source link-layer address. */
static const u8 ns[] = {
	0x60, 0, 0, 0, 0, 32, IPPROTO_ICMPV6, 255,
	0xfd, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5,
	0xfd, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7,
	NDISC_NEIGHBOUR_SOLICITATION, 0, 0, 0, 0, 0, 0, 0,
	0xfd, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7,
	ND_OPT_SOURCE_LL_ADDR, 1, 2, 0, 0, 0, 0, 5,
};

/* A Router Advertisement behind a Hop-by-Hop header. */
static const u8 ra_hbh[] = {
	0x60, 0, 0, 0, 0, 24, NEXTHDR_HOP, 255,
	0xfd, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5,
	0xfd, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7,
	IPPROTO_ICMPV6, 0, 1, 4, 0, 0, 0, 0,
	NDISC_ROUTER_ADVERTISEMENT, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0,
};

/* A Neighbour Advertisement in a first fragment (M set). */
static const u8 na_frag[] = {
	0x60, 0, 0, 0, 0, 32, NEXTHDR_FRAGMENT, 255,
	0xfd, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5,
	0xfd, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7,
	IPPROTO_ICMPV6, 0, 0, 1, 0, 0, 0, 7,
	NDISC_NEIGHBOUR_ADVERTISEMENT, 0, 0, 0, 0x20, 0, 0, 0,
	0xfd, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7,
};

/* A Redirect's bytes in a later fragment (offset 8): not seen as ND. */
static const u8 redirect_later[] = {
	0x60, 0, 0, 0, 0, 16, NEXTHDR_FRAGMENT, 255,
	0xfd, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5,
	0xfd, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7,
	IPPROTO_ICMPV6, 0, 0, 8, 0, 0, 0, 7,
	NDISC_REDIRECT, 0, 0, 0, 0, 0, 0, 0,
};

/* A first fragment that ends before its ICMPv6 header (RFC 7112). */
static const u8 tiny_frag[] = {
	0x60, 0, 0, 0, 0, 8, NEXTHDR_FRAGMENT, 255,
	0xfd, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5,
	0xfd, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7,
	IPPROTO_ICMPV6, 0, 0, 1, 0, 0, 0, 7,
};

static const u8 arp[] = {
	0, 1, 8, 0, 6, 4, 0, 1,
	2, 0, 0x50, 1, 0, 5, 10, 0, 0, 5,
	0, 0, 0, 0, 0, 0, 10, 0, 0, 7,
};

/*
 * A frame of @off bytes (an Ethernet header, or none) and the first @len
 * bytes of @pkt, plus @pad bytes of padding; all but the first @lin bytes
 * of it in a page fragment if @lin is not 0.
 */
static struct sk_buff *vsw_inner_skb(struct kunit *test, const u8 *pkt,
				     unsigned int off, unsigned int len,
				     unsigned int pad, unsigned int lin)
{
	unsigned int total = off + len + pad;
	struct sk_buff *skb;
	struct page *page;
	u8 *buf;

	buf = kunit_kzalloc(test, total, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf + off, pkt, len);
	skb = alloc_skb(total, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	if (!lin || lin > total)
		lin = total;
	skb_put_data(skb, buf, lin);
	if (lin < total) {
		page = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, page);
		memcpy(page_address(page), buf + lin, total - lin);
		skb_add_rx_frag(skb, 0, page, 0, total - lin, PAGE_SIZE);
	}
	return skb;
}

static enum vsw_drop_reason vsw_inner_run(struct kunit *test, const u8 *pkt,
					  unsigned int off, unsigned int len,
					  unsigned int pad, unsigned int lin,
					  __be16 proto)
{
	struct sk_buff *skb = vsw_inner_skb(test, pkt, off, len, pad, lin);
	enum vsw_drop_reason r = vsw_inner_check(skb, off, proto);

	if (r == VSW_DROP_MAX) {
		/* IP's padding trimmed (ARP has no length), the header pulled. */
		if (proto != htons(ETH_P_ARP))
			KUNIT_EXPECT_EQ(test, skb->len, off + len);
		KUNIT_EXPECT_GE(test, skb_headlen(skb),
				off + min_t(unsigned int, len, 20));
	}
	kfree_skb(skb);
	return r;
}

/* @pkt cut at every offset: @hlen bytes of header, then its lengths. */
static void vsw_inner_cuts(struct kunit *test, const u8 *pkt,
			   unsigned int len, unsigned int hlen, __be16 proto)
{
	static const unsigned int offs[] = { 0, ETH_HLEN };
	enum vsw_drop_reason want;
	unsigned int i, n, lin;

	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		for (lin = 0; lin <= offs[i] + 8; lin += offs[i] + 8) {
			for (n = 0; n < len; n++) {
				want = n < hlen ? VSW_DROP_INNER_HEADER :
						  VSW_DROP_INNER_TRUNCATED;
				KUNIT_EXPECT_EQ_MSG(test,
						    vsw_inner_run(test, pkt,
								  offs[i], n,
								  0, lin,
								  proto),
						    want,
						    "off %u cut at %u lin %u",
						    offs[i], n, lin);
			}
			KUNIT_EXPECT_EQ(test,
					vsw_inner_run(test, pkt, offs[i], len,
						      0, lin, proto),
					VSW_DROP_MAX);
			KUNIT_EXPECT_EQ(test,
					vsw_inner_run(test, pkt, offs[i], len,
						      18, lin, proto),
					VSW_DROP_MAX);
		}
	}
}

static void vsw_inner_test_ipv4(struct kunit *test)
{
	u8 bad[sizeof(udp4)];

	vsw_inner_cuts(test, udp4, sizeof(udp4), sizeof(struct iphdr),
		       htons(ETH_P_IP));

	memcpy(bad, udp4, sizeof(bad));
	bad[0] = 0x44;		/* IHL 4 */
	KUNIT_EXPECT_EQ(test, vsw_inner_run(test, bad, 0, sizeof(bad), 0, 0,
					    htons(ETH_P_IP)),
			VSW_DROP_INNER_HEADER);
	bad[0] = 0x65;		/* version 6 */
	KUNIT_EXPECT_EQ(test, vsw_inner_run(test, bad, 0, sizeof(bad), 0, 0,
					    htons(ETH_P_IP)),
			VSW_DROP_INNER_HEADER);
	bad[0] = 0x46;		/* IHL 6: options beyond the total length */
	bad[3] = 20;
	KUNIT_EXPECT_EQ(test, vsw_inner_run(test, bad, 0, sizeof(bad), 0, 0,
					    htons(ETH_P_IP)),
			VSW_DROP_INNER_HEADER);
	bad[0] = 0x45;		/* total length below the header */
	bad[3] = 19;
	KUNIT_EXPECT_EQ(test, vsw_inner_run(test, bad, 0, sizeof(bad), 0, 0,
					    htons(ETH_P_IP)),
			VSW_DROP_INNER_HEADER);
}

static void vsw_inner_test_ipv6(struct kunit *test)
{
	u8 bad[sizeof(udp6)];

	vsw_inner_cuts(test, udp6, sizeof(udp6), sizeof(struct ipv6hdr),
		       htons(ETH_P_IPV6));
	memcpy(bad, udp6, sizeof(bad));
	bad[0] = 0x40;
	KUNIT_EXPECT_EQ(test, vsw_inner_run(test, bad, 0, sizeof(bad), 0, 0,
					    htons(ETH_P_IPV6)),
			VSW_DROP_INNER_HEADER);
}

static void vsw_inner_test_arp(struct kunit *test)
{
	/* An ARP packet cut anywhere is cut short. */
	vsw_inner_cuts(test, arp, sizeof(arp), 0, htons(ETH_P_ARP));
}

static void vsw_inner_test_nd_cut(struct kunit *test)
{
	u8 pkt[sizeof(ns)];
	unsigned int n;

	vsw_inner_cuts(test, ns, sizeof(ns), sizeof(struct ipv6hdr),
		       htons(ETH_P_IPV6));
	/* Its own length agreeing: shorter than an NS is cut short. */
	memcpy(pkt, ns, sizeof(pkt));
	for (n = 0; n <= sizeof(struct nd_msg); n++) {
		pkt[5] = n;
		KUNIT_EXPECT_EQ_MSG(test,
				    vsw_inner_run(test, pkt, 0, 40 + n, 0, 0,
						  htons(ETH_P_IPV6)),
				    n < sizeof(struct nd_msg) ?
				    VSW_DROP_INNER_TRUNCATED : VSW_DROP_MAX,
				    "NS of %u bytes", n);
	}
	KUNIT_EXPECT_EQ(test, vsw_inner_run(test, tiny_frag, 0,
					    sizeof(tiny_frag), 0, 0,
					    htons(ETH_P_IPV6)),
			VSW_DROP_INNER_TRUNCATED);
}

static int vsw_inner_nd_of(struct kunit *test, const u8 *pkt,
			   unsigned int len, unsigned int off, bool *hidden)
{
	struct sk_buff *skb = vsw_inner_skb(test, pkt, off, len, 0, 0);
	int type;

	KUNIT_ASSERT_EQ(test, vsw_inner_check(skb, off, htons(ETH_P_IPV6)),
			VSW_DROP_MAX);
	*hidden = false;
	type = vsw_inner_nd(skb, off, hidden);
	kfree_skb(skb);
	return type;
}

static void vsw_inner_test_nd_hidden(struct kunit *test)
{
	unsigned int off;
	bool hidden;

	for (off = 0; off <= ETH_HLEN; off += ETH_HLEN) {
		KUNIT_EXPECT_EQ(test, vsw_inner_nd_of(test, ns, sizeof(ns),
						      off, &hidden),
				NDISC_NEIGHBOUR_SOLICITATION);
		KUNIT_EXPECT_FALSE(test, hidden);
		KUNIT_EXPECT_EQ(test, vsw_inner_nd_of(test, ra_hbh,
						      sizeof(ra_hbh), off,
						      &hidden),
				NDISC_ROUTER_ADVERTISEMENT);
		KUNIT_EXPECT_TRUE(test, hidden);
		KUNIT_EXPECT_EQ(test, vsw_inner_nd_of(test, na_frag,
						      sizeof(na_frag), off,
						      &hidden),
				NDISC_NEIGHBOUR_ADVERTISEMENT);
		KUNIT_EXPECT_TRUE(test, hidden);
		KUNIT_EXPECT_EQ(test, vsw_inner_nd_of(test, redirect_later,
						      sizeof(redirect_later),
						      off, &hidden), 0);
		KUNIT_EXPECT_EQ(test, vsw_inner_nd_of(test, udp6,
						      sizeof(udp6), off,
						      &hidden), 0);
	}
}

static struct kunit_case vsw_inner_test_cases[] = {
	KUNIT_CASE(vsw_inner_test_ipv4),
	KUNIT_CASE(vsw_inner_test_ipv6),
	KUNIT_CASE(vsw_inner_test_arp),
	KUNIT_CASE(vsw_inner_test_nd_cut),
	KUNIT_CASE(vsw_inner_test_nd_hidden),
	{}
};

static struct kunit_suite vsw_inner_test_suite = {
	.name = "vsw_inner",
	.test_cases = vsw_inner_test_cases,
};

kunit_test_suite(vsw_inner_test_suite);
