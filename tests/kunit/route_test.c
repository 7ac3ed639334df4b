// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of vsw's customer routes (kmod/route.c): the table a switch
 * routes by. Longest prefix wins, within the sender's routing domain only;
 * a VSID belongs to one routing domain; gateways are the prefix + 1;
 * refusals leave the table as it was.
 */

#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/vsw.h>
#include <net/ipv6.h>

#include "addr.h"
#include "route.h"
#include "switch.h"

#define V4(a, b, c, d)	VSW_ADDR4(htonl((a) << 24 | (b) << 16 | (c) << 8 | (d)))

static int vsw_route_test_init(struct kunit *test)
{
	struct vsw_switch *sw = kunit_kzalloc(test, sizeof(*sw), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sw);
	mutex_init(&sw->lock);
	KUNIT_ASSERT_EQ(test, vsw_route_table_init(sw), 0);
	test->priv = sw;
	return 0;
}

static void vsw_route_test_exit(struct kunit *test)
{
	vsw_route_table_free(test->priv);
}

static int add(struct vsw_switch *sw, u32 rdid, u32 vsid,
	       const struct in6_addr *prefix, u8 plen4,
	       const struct in6_addr *nexthop)
{
	struct vsw_route r = {
		.rdid = rdid, .vsid = vsid, .prefix = *prefix,
		.plen = vsw_addr_is4(prefix) ? 96 + plen4 : plen4,
	};
	int err;

	if (nexthop)
		r.nexthop = *nexthop;
	mutex_lock(&sw->lock);
	err = vsw_route_add(sw, &r, NULL);
	mutex_unlock(&sw->lock);
	return err;
}

static const struct vsw_rtable *table(struct vsw_switch *sw)
{
	return rcu_dereference_protected(sw->routes, true);
}

/* The VSID a destination routes to from @rdid, 0 if none. */
static u32 route_to(struct vsw_switch *sw, u32 rdid,
		    const struct in6_addr *dst)
{
	const struct vsw_route *r = vsw_route_lookup(table(sw), rdid, dst);

	return r ? r->vsid : 0;
}

static void vsw_route_test_lpm(struct kunit *test)
{
	struct vsw_switch *sw = test->priv;

	KUNIT_ASSERT_EQ(test, add(sw, 1, 5001, V4(10, 0, 0, 0), 16, NULL), 0);
	KUNIT_ASSERT_EQ(test, add(sw, 1, 5002, V4(10, 0, 1, 0), 24, NULL), 0);
	KUNIT_ASSERT_EQ(test, add(sw, 1, 5003, V4(0, 0, 0, 0), 0, NULL), 0);
	KUNIT_ASSERT_EQ(test, add(sw, 1, 5004, V4(10, 0, 1, 128), 25, NULL),
			0);

	KUNIT_EXPECT_EQ(test, route_to(sw, 1, V4(10, 0, 2, 9)), 5001U);
	KUNIT_EXPECT_EQ(test, route_to(sw, 1, V4(10, 0, 1, 9)), 5002U);
	KUNIT_EXPECT_EQ(test, route_to(sw, 1, V4(10, 0, 1, 200)), 5004U);
	KUNIT_EXPECT_EQ(test, route_to(sw, 1, V4(192, 0, 2, 1)), 5003U);
	/* The table is kept longest prefix first. */
	KUNIT_EXPECT_EQ(test, table(sw)->r[0].plen, 96 + 25);
	KUNIT_EXPECT_EQ(test, table(sw)->r[3].plen, 96 + 0);
}

static void vsw_route_test_domains(struct kunit *test)
{
	struct in6_addr v6 = { .s6_addr = { 0xfd, 0x11 } };
	struct vsw_switch *sw = test->priv;
	u32 rdid = 0;

	KUNIT_ASSERT_EQ(test, add(sw, 1, 5001, V4(10, 0, 0, 0), 24, NULL), 0);
	KUNIT_ASSERT_EQ(test, add(sw, 1, 7001, V4(10, 0, 1, 0), 24, NULL), 0);
	/* The same prefixes in another routing domain: other subnets. */
	KUNIT_ASSERT_EQ(test, add(sw, 2, 6001, V4(10, 0, 0, 0), 24, NULL), 0);
	KUNIT_ASSERT_EQ(test, add(sw, 2, 8001, V4(10, 0, 1, 0), 24, NULL), 0);
	KUNIT_ASSERT_EQ(test, add(sw, 1, 7001, &v6, 64, NULL), 0);

	KUNIT_EXPECT_TRUE(test, vsw_route_rdid(table(sw), 5001, &rdid));
	KUNIT_EXPECT_EQ(test, rdid, 1U);
	KUNIT_EXPECT_TRUE(test, vsw_route_rdid(table(sw), 8001, &rdid));
	KUNIT_EXPECT_EQ(test, rdid, 2U);
	KUNIT_EXPECT_FALSE(test, vsw_route_rdid(table(sw), 9001, &rdid));

	KUNIT_EXPECT_EQ(test, route_to(sw, 1, V4(10, 0, 1, 7)), 7001U);
	KUNIT_EXPECT_EQ(test, route_to(sw, 2, V4(10, 0, 1, 7)), 8001U);
	KUNIT_EXPECT_EQ(test, route_to(sw, 3, V4(10, 0, 1, 7)), 0U);
	/* IPv6 only in routing domain 1; IPv4 never matches an IPv6 prefix. */
	v6.s6_addr[15] = 7;
	KUNIT_EXPECT_EQ(test, route_to(sw, 1, &v6), 7001U);
	KUNIT_EXPECT_EQ(test, route_to(sw, 2, &v6), 0U);
}

static void vsw_route_test_refusals(struct kunit *test)
{
	struct in6_addr v6 = { .s6_addr = { 0xfd, 0x11 } };
	struct vsw_switch *sw = test->priv;
	unsigned int gen;

	KUNIT_ASSERT_EQ(test, add(sw, 1, 5001, V4(10, 0, 0, 0), 24, NULL), 0);
	gen = sw->route_gen;
	/* Host bits, a duplicate prefix, a VSID of another domain. */
	KUNIT_EXPECT_EQ(test, add(sw, 1, 5002, V4(10, 0, 1, 1), 24, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, add(sw, 1, 5002, V4(10, 0, 0, 0), 24, NULL),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, add(sw, 2, 5001, V4(10, 9, 0, 0), 24, NULL),
			-EBUSY);
	/* A next hop of the other family. */
	KUNIT_EXPECT_EQ(test, add(sw, 1, 5001, V4(10, 7, 0, 0), 24, &v6),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, table(sw)->n, 1U);
	KUNIT_EXPECT_EQ(test, sw->route_gen, gen);

	mutex_lock(&sw->lock);
	KUNIT_EXPECT_EQ(test, vsw_route_del(sw, 2, V4(10, 0, 0, 0), 120, NULL),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, vsw_route_del(sw, 1, V4(10, 0, 0, 0), 120, NULL),
			0);
	mutex_unlock(&sw->lock);
	KUNIT_EXPECT_EQ(test, table(sw)->n, 0U);
}

static void vsw_route_test_gateway(struct kunit *test)
{
	static const u8 def[ETH_ALEN] = VSW_ROUTER_MAC_DEFAULT;
	static const u8 other[ETH_ALEN] = { 0x02, 0, 0, 0, 0x12, 0x34 };
	struct in6_addr v6 = { .s6_addr = { 0xfd, 0x11 } };
	struct vsw_switch *sw = test->priv;
	u8 mac[ETH_ALEN];

	KUNIT_ASSERT_EQ(test, add(sw, 1, 5001, V4(10, 0, 0, 0), 24, NULL), 0);
	KUNIT_ASSERT_EQ(test, add(sw, 1, 5001, &v6, 64, NULL), 0);
	/* A next-hop route has no gateway of its own. */
	KUNIT_ASSERT_EQ(test, add(sw, 1, 5001, V4(172, 16, 0, 0), 16,
				  V4(10, 0, 0, 254)), 0);

	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, vsw_route_gateway_mac(sw, 5001,
						      V4(10, 0, 0, 1), mac));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac, def));
	v6.s6_addr[15] = 1;
	KUNIT_EXPECT_TRUE(test, vsw_route_gateway_mac(sw, 5001, &v6, mac));
	KUNIT_EXPECT_FALSE(test, vsw_route_gateway_mac(sw, 5001,
						       V4(10, 0, 0, 2), mac));
	KUNIT_EXPECT_FALSE(test, vsw_route_gateway_mac(sw, 5001,
						       V4(172, 16, 0, 1),
						       mac));
	/* The gateway of another subnet is not this one's. */
	KUNIT_EXPECT_FALSE(test, vsw_route_gateway_mac(sw, 6001,
						       V4(10, 0, 0, 1), mac));
	KUNIT_EXPECT_TRUE(test, vsw_route_is_router_mac(sw, def));
	rcu_read_unlock();

	mutex_lock(&sw->lock);
	KUNIT_ASSERT_EQ(test, vsw_route_set_mac(sw, other), 0);
	mutex_unlock(&sw->lock);
	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, vsw_route_gateway_mac(sw, 5001,
						      V4(10, 0, 0, 1), mac));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac, other));
	KUNIT_EXPECT_FALSE(test, vsw_route_is_router_mac(sw, def));
	rcu_read_unlock();
	/* The routes survive a MAC change. */
	KUNIT_EXPECT_EQ(test, table(sw)->n, 3U);
}

static void vsw_route_test_no_routes(struct kunit *test)
{
	static const u8 def[ETH_ALEN] = VSW_ROUTER_MAC_DEFAULT;
	struct vsw_switch *sw = test->priv;

	/* Without routes, the router MAC is nobody's. */
	rcu_read_lock();
	KUNIT_EXPECT_FALSE(test, vsw_route_is_router_mac(sw, def));
	rcu_read_unlock();
}

static struct kunit_case vsw_route_test_cases[] = {
	KUNIT_CASE(vsw_route_test_lpm),
	KUNIT_CASE(vsw_route_test_domains),
	KUNIT_CASE(vsw_route_test_refusals),
	KUNIT_CASE(vsw_route_test_gateway),
	KUNIT_CASE(vsw_route_test_no_routes),
	{}
};

static struct kunit_suite vsw_route_test_suite = {
	.name = "vsw_route",
	.init = vsw_route_test_init,
	.exit = vsw_route_test_exit,
	.test_cases = vsw_route_test_cases,
};

kunit_test_suite(vsw_route_test_suite);
