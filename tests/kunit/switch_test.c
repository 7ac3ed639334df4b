// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vsw's switch table (kmod/switch.c).
 *
 * Each test works on a private struct vsw_net, not on a real namespace, so
 * it sees exactly the switches it made. They run under RTNL, as the
 * netlink handlers do; lockdep checks that the asserts hold.
 */

#include <kunit/test.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include "switch.h"

struct name_case {
	const char *name;
	bool valid;
	const char *why;
};

static const struct name_case name_cases[] = {
	{ "sw0", true, "plain name" },
	{ "a", true, "one character is enough" },
	{ "abcdefghijklmno", true, "15 characters: longest allowed" },
	/* A 16-character name would not fit IFNAMSIZ with its NUL. */
	{ "abcdefghijklmnop", false, "16 characters: too long" },
	{ "", false, "empty" },
	{ ".", false, "'.' reads as a directory in sysfs-like paths" },
	{ "..", false, "'..' reads as a directory in sysfs-like paths" },
	{ "...", true, "three dots are an ordinary name" },
	{ "a/b", false, "'/' would break path-like uses" },
	{ "a:b", false, "':' is the old alias separator" },
	{ "a b", false, "space splits words in scripts" },
	{ "a\tb", false, "tab is whitespace too" },
	{ "tenant-blue_1", true, "dashes and underscores" },
};

static void name_case_desc(const struct name_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->why);
}

KUNIT_ARRAY_PARAM(name, name_cases, name_case_desc);

static void vsw_test_name_valid(struct kunit *test)
{
	const struct name_case *c = test->param_value;

	KUNIT_EXPECT_EQ_MSG(test, vsw_switch_name_valid(c->name), c->valid,
			    "name \"%s\"", c->name);
}

static int vsw_switch_test_init(struct kunit *test)
{
	struct vsw_net *vn;

	vn = kunit_kzalloc(test, sizeof(*vn), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vn);
	vsw_net_init(vn, &init_net);
	test->priv = vn;
	return 0;
}

static void vsw_switch_test_exit(struct kunit *test)
{
	struct vsw_net *vn = test->priv;

	rtnl_lock();
	vsw_net_flush(vn);
	rtnl_unlock();
	/* call_rcu() of the flushed switches must finish before vn goes. */
	rcu_barrier();
}

static void vsw_test_create_find_destroy(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vsw_net *vn = test->priv;
	struct vsw_switch *a, *b;
	unsigned int gen;

	rtnl_lock();
	gen = vn->gen;
	a = vsw_switch_create(vn, "sw0", &extack);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	b = vsw_switch_create(vn, "sw1", &extack);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));

	KUNIT_EXPECT_STREQ(test, a->name, "sw0");
	KUNIT_EXPECT_PTR_EQ(test, vsw_switch_find(vn, "sw0"), a);
	KUNIT_EXPECT_PTR_EQ(test, vsw_switch_find(vn, "sw1"), b);
	KUNIT_EXPECT_NULL(test, vsw_switch_find(vn, "sw2"));
	/* Lookups are exact: a prefix is another name. */
	KUNIT_EXPECT_NULL(test, vsw_switch_find(vn, "sw"));
	KUNIT_EXPECT_EQ(test, vn->n_switches, 2U);
	/* Dumps rely on the generation moving with every change. */
	KUNIT_EXPECT_NE(test, vn->gen, gen);

	gen = vn->gen;
	vsw_switch_destroy(a);
	KUNIT_EXPECT_NULL(test, vsw_switch_find(vn, "sw0"));
	KUNIT_EXPECT_PTR_EQ(test, vsw_switch_find(vn, "sw1"), b);
	KUNIT_EXPECT_EQ(test, vn->n_switches, 1U);
	KUNIT_EXPECT_NE(test, vn->gen, gen);

	/* The name is free again once its switch is gone. */
	a = vsw_switch_create(vn, "sw0", &extack);
	KUNIT_EXPECT_FALSE(test, IS_ERR(a));
	rtnl_unlock();
}

static void vsw_test_create_duplicate(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vsw_net *vn = test->priv;
	struct vsw_switch *sw;
	unsigned int gen;

	rtnl_lock();
	sw = vsw_switch_create(vn, "dup", &extack);
	KUNIT_ASSERT_FALSE(test, IS_ERR(sw));
	gen = vn->gen;

	sw = vsw_switch_create(vn, "dup", &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR(sw), -EEXIST);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	/* A refused request changes nothing. */
	KUNIT_EXPECT_EQ(test, vn->n_switches, 1U);
	KUNIT_EXPECT_EQ(test, vn->gen, gen);
	rtnl_unlock();
}

static void vsw_test_create_bad_name(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vsw_net *vn = test->priv;
	struct vsw_switch *sw;

	rtnl_lock();
	sw = vsw_switch_create(vn, "a/b", &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR(sw), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	KUNIT_EXPECT_EQ(test, vn->n_switches, 0U);
	KUNIT_EXPECT_TRUE(test, list_empty(&vn->switches));
	rtnl_unlock();
}

static void vsw_test_limit(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vsw_net *vn = test->priv;
	struct vsw_switch *sw;
	char name[IFNAMSIZ];
	unsigned int i;

	rtnl_lock();
	for (i = 0; i < VSW_MAX_SWITCHES; i++) {
		snprintf(name, sizeof(name), "sw%u", i);
		sw = vsw_switch_create(vn, name, &extack);
		KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(sw), "switch %u", i);
	}
	sw = vsw_switch_create(vn, "one-too-many", &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR(sw), -ENOSPC);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	KUNIT_EXPECT_EQ(test, vn->n_switches, VSW_MAX_SWITCHES);

	/* Deleting one makes room for one. */
	vsw_switch_destroy(vsw_switch_find(vn, "sw7"));
	sw = vsw_switch_create(vn, "one-too-many", &extack);
	KUNIT_EXPECT_FALSE(test, IS_ERR(sw));
	rtnl_unlock();
}

static void vsw_test_flush(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vsw_net *vn = test->priv;

	rtnl_lock();
	KUNIT_ASSERT_FALSE(test, IS_ERR(vsw_switch_create(vn, "x", &extack)));
	KUNIT_ASSERT_FALSE(test, IS_ERR(vsw_switch_create(vn, "y", &extack)));
	vsw_net_flush(vn);
	KUNIT_EXPECT_TRUE(test, list_empty(&vn->switches));
	KUNIT_EXPECT_EQ(test, vn->n_switches, 0U);
	KUNIT_EXPECT_NULL(test, vsw_switch_find(vn, "x"));
	/* Flushing an empty table is harmless. */
	vsw_net_flush(vn);
	KUNIT_EXPECT_EQ(test, vn->n_switches, 0U);
	rtnl_unlock();
}

/*
 * Requests that do not take RTNL (policy, routes) find their switch under
 * RCU and hold it; a deletion in between leaves them a dead switch, which
 * they refuse, and the last of them frees it.
 */
static void vsw_test_get_dead(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vsw_net *vn = test->priv;
	struct vsw_switch *sw, *got;

	rtnl_lock();
	sw = vsw_switch_create(vn, "sw0", &extack);
	rtnl_unlock();
	KUNIT_ASSERT_FALSE(test, IS_ERR(sw));

	got = vsw_switch_get(vn, "sw0");
	KUNIT_ASSERT_PTR_EQ(test, got, sw);
	KUNIT_EXPECT_NULL(test, vsw_switch_get(vn, "sw"));
	mutex_lock(&got->lock);
	KUNIT_EXPECT_FALSE(test, got->dead);
	mutex_unlock(&got->lock);

	rtnl_lock();
	vsw_switch_destroy(sw);
	rtnl_unlock();
	/* Gone from the list, still held: dead under its lock. */
	KUNIT_EXPECT_NULL(test, vsw_switch_get(vn, "sw0"));
	mutex_lock(&got->lock);
	KUNIT_EXPECT_TRUE(test, got->dead);
	mutex_unlock(&got->lock);
	KUNIT_EXPECT_EQ(test, refcount_read(&got->refcnt), 1U);
	vsw_switch_put(got);
}

static struct kunit_case vsw_switch_test_cases[] = {
	KUNIT_CASE_PARAM(vsw_test_name_valid, name_gen_params),
	KUNIT_CASE(vsw_test_create_find_destroy),
	KUNIT_CASE(vsw_test_create_duplicate),
	KUNIT_CASE(vsw_test_create_bad_name),
	KUNIT_CASE(vsw_test_limit),
	KUNIT_CASE(vsw_test_flush),
	KUNIT_CASE(vsw_test_get_dead),
	{}
};

static struct kunit_suite vsw_switch_test_suite = {
	.name = "vsw_switch",
	.init = vsw_switch_test_init,
	.exit = vsw_switch_test_exit,
	.test_cases = vsw_switch_test_cases,
};

kunit_test_suite(vsw_switch_test_suite);
