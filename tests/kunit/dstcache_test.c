// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of vsw's outer route cache keying (kmod/dstcache.h): a slot
 * is tagged with the remote PA and the outer DSCP, not the ECN bits, so
 * that ECT and Not-ECT flows to one PA share the route.
 */

#include <kunit/test.h>
#include <net/inet_ecn.h>

#include "dstcache.h"

static const struct in6_addr pa = {
	.s6_addr = { 0xfd, 0, [15] = 0x22 } };
static const struct in6_addr other_pa = {
	.s6_addr = { 0xfd, 0, [15] = 0x33 } };

static void vsw_dstc_test_ecn(struct kunit *test)
{
	struct vsw_dstc_slot s = {
		/* Never dereferenced: the match only tests it for NULL. */
		.dst = (struct dst_entry *)&s,
		.pa = pa,
	};
	static const u8 ecn[] = { INET_ECN_NOT_ECT, INET_ECN_ECT_1,
				  INET_ECN_ECT_0, INET_ECN_CE };
	int i, j;

	/* Set with each ECN codepoint, got with each: one route. */
	for (i = 0; i < ARRAY_SIZE(ecn); i++) {
		s.tos = vsw_dstc_tos(0xb8 | ecn[i]);
		KUNIT_EXPECT_EQ(test, s.tos, 0xb8);
		for (j = 0; j < ARRAY_SIZE(ecn); j++)
			KUNIT_EXPECT_TRUE_MSG(test,
					      vsw_dstc_match(&s, &pa,
							     0xb8 | ecn[j]),
					      "set with ECN %d, got with %d",
					      ecn[i], ecn[j]);
	}
}

static void vsw_dstc_test_dscp(struct kunit *test)
{
	struct vsw_dstc_slot s = {
		.dst = (struct dst_entry *)&s,
		.pa = pa,
		.tos = vsw_dstc_tos(0x20 | INET_ECN_ECT_0),
	};

	/* Another DSCP, another PA, or no route: no match. */
	KUNIT_EXPECT_TRUE(test, vsw_dstc_match(&s, &pa, 0x20));
	KUNIT_EXPECT_FALSE(test, vsw_dstc_match(&s, &pa, 0x00));
	KUNIT_EXPECT_FALSE(test, vsw_dstc_match(&s, &pa, 0x24));
	KUNIT_EXPECT_FALSE(test, vsw_dstc_match(&s, &other_pa, 0x20));
	s.dst = NULL;
	KUNIT_EXPECT_FALSE(test, vsw_dstc_match(&s, &pa, 0x20));
}

static struct kunit_case vsw_dstc_test_cases[] = {
	KUNIT_CASE(vsw_dstc_test_ecn),
	KUNIT_CASE(vsw_dstc_test_dscp),
	{}
};

static struct kunit_suite vsw_dstc_test_suite = {
	.name = "vsw_dstcache",
	.test_cases = vsw_dstc_test_cases,
};

kunit_test_suite(vsw_dstc_test_suite);
