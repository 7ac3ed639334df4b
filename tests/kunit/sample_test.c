// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vsw's sampler (kmod/sample.c): the 1-in-N draw and the
 * pool and sample counters.
 *
 * The draw is checked with a seeded generator, so the statistics are
 * deterministic: the bounds are wide (several standard deviations) only so
 * that a change of seed would not make them flaky.
 */

#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/math.h>
#include <linux/prandom.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>

#include "sample.h"

#define DRAWS	1000000U

struct draw_case {
	u32 rate;
};

static const struct draw_case draw_cases[] = {
	{ 2 }, { 10 }, { 100 }, { 1000 }, { 4096 },
};

static void draw_case_desc(const struct draw_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "1 in %u", c->rate);
}

KUNIT_ARRAY_PARAM(draw, draw_cases, draw_case_desc);

/*
 * 1-in-N on average: the number of hits in DRAWS draws is binomial; it
 * must lie within 6 standard deviations of DRAWS/N. A threshold off by a
 * factor (say 2^31 instead of 2^32) fails by far.
 */
static void vsw_test_draw_rate(struct kunit *test)
{
	const struct draw_case *c = test->param_value;
	u64 threshold = vsw_sample_threshold(c->rate);
	u64 hits = 0, expect, sd, var;
	struct rnd_state rnd;
	u32 i;

	prandom_seed_state(&rnd, 0x76737721ULL + c->rate);
	for (i = 0; i < DRAWS; i++)
		hits += vsw_sample_hit(prandom_u32_state(&rnd), threshold);

	expect = DRAWS / c->rate;
	var = div_u64((u64)DRAWS * (c->rate - 1), (u64)c->rate * c->rate);
	sd = int_sqrt64(var) + 1;
	KUNIT_EXPECT_GE_MSG(test, hits, expect - 6 * sd,
			    "%llu hits, expected %llu +- %llu", hits, expect,
			    6 * sd);
	KUNIT_EXPECT_LE_MSG(test, hits, expect + 6 * sd,
			    "%llu hits, expected %llu +- %llu", hits, expect,
			    6 * sd);
}

/*
 * Not every Nth: periodic sampling aliases with periodic traffic. The gaps
 * between hits of a random draw are geometric: their variance is close to
 * the square of their mean, and they take many values. A counter that
 * picks every Nth frame has one gap value and no variance.
 */
static void vsw_test_draw_not_periodic(struct kunit *test)
{
	u64 threshold = vsw_sample_threshold(100);
	u64 n = 0, sum = 0, sumsq = 0, mean, var;
	u32 i, last = 0, gap_min = U32_MAX, gap_max = 0;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, 1234);
	for (i = 1; i <= DRAWS; i++) {
		u32 gap;

		if (!vsw_sample_hit(prandom_u32_state(&rnd), threshold))
			continue;
		gap = i - last;
		last = i;
		n++;
		sum += gap;
		sumsq += (u64)gap * gap;
		gap_min = min(gap_min, gap);
		gap_max = max(gap_max, gap);
	}
	KUNIT_ASSERT_GT(test, n, 1000ULL);
	mean = div64_u64(sum, n);
	var = div64_u64(sumsq, n) - mean * mean;
	/* Geometric with p = 1/100: mean 100, variance 9900. */
	KUNIT_EXPECT_GE(test, mean, 90ULL);
	KUNIT_EXPECT_LE(test, mean, 110ULL);
	KUNIT_EXPECT_GE_MSG(test, var, mean * mean / 2,
			    "gap variance %llu for mean %llu: periodic?", var,
			    mean);
	KUNIT_EXPECT_LE(test, gap_min, 3U);
	KUNIT_EXPECT_GE(test, gap_max, 500U);
}

/* The edges of the threshold: 1 in 1 is everything, even U32_MAX. */
static void vsw_test_threshold_edges(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vsw_sample_hit(0, vsw_sample_threshold(1)));
	KUNIT_EXPECT_TRUE(test, vsw_sample_hit(U32_MAX,
					       vsw_sample_threshold(1)));
	/* 1 in 2: exactly the lower half. */
	KUNIT_EXPECT_TRUE(test, vsw_sample_hit(0x7fffffff,
					       vsw_sample_threshold(2)));
	KUNIT_EXPECT_FALSE(test, vsw_sample_hit(0x80000000,
						vsw_sample_threshold(2)));
	/* 1 in U32_MAX: only the smallest draw. */
	KUNIT_EXPECT_TRUE(test, vsw_sample_hit(0,
					       vsw_sample_threshold(U32_MAX)));
	KUNIT_EXPECT_FALSE(test, vsw_sample_hit(1,
						vsw_sample_threshold(U32_MAX)));
	/* 0 would divide by zero: treated as 1, never as "never". */
	KUNIT_EXPECT_EQ(test, vsw_sample_threshold(0), 1ULL << 32);
}

/*
 * The pool counts every frame seen, the samples every frame picked; with
 * 1 in 1 they are equal, and a picked frame carries its sampler in its cb
 * until it is reported, once.
 */
static void vsw_test_pool_and_samples(struct kunit *test)
{
	struct vsw_sampler *sampler;
	struct sk_buff *skb;
	u64 pool, samples;
	int i;

	sampler = vsw_sampler_create(&init_net, 1, 4242, 64, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(sampler));
	skb = alloc_skb(128, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reset_mac_header(skb);
	skb_put_zero(skb, 64);

	local_bh_disable();
	for (i = 0; i < 10; i++) {
		vsw_sample_enter(sampler, skb, 7);
		KUNIT_EXPECT_PTR_EQ(test, VSW_CB(skb)->sampler, sampler);
		KUNIT_EXPECT_EQ(test, VSW_CB(skb)->in_ifindex, 7);
		vsw_sample_emit(skb, 8, 0, 0);
		/* Reported once: the cb lets go of the sampler. */
		KUNIT_EXPECT_NULL(test, VSW_CB(skb)->sampler);
	}
	/* No sampler: nothing counted, nothing picked. */
	vsw_sample_enter(NULL, skb, 7);
	KUNIT_EXPECT_NULL(test, VSW_CB(skb)->sampler);
	local_bh_enable();

	vsw_sampler_read(sampler, &pool, &samples);
	KUNIT_EXPECT_EQ(test, pool, 10ULL);
	KUNIT_EXPECT_EQ(test, samples, 10ULL);

	kfree_skb(skb);
	vsw_sampler_release(sampler);
	rcu_barrier();
}

static struct kunit_case vsw_sample_test_cases[] = {
	KUNIT_CASE_PARAM(vsw_test_draw_rate, draw_gen_params),
	KUNIT_CASE(vsw_test_draw_not_periodic),
	KUNIT_CASE(vsw_test_threshold_edges),
	KUNIT_CASE(vsw_test_pool_and_samples),
	{}
};

static struct kunit_suite vsw_sample_test_suite = {
	.name = "vsw_sample",
	.test_cases = vsw_sample_test_cases,
};

kunit_test_suite(vsw_sample_test_suite);
