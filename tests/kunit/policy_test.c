// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vsw's policy table (kmod/policy.c).
 *
 * Each test works on a private table. Writers run under RTNL, as the
 * netlink handlers do, and assert it; lookups run under RCU, as the
 * datapath does. PROVE_RCU and KASAN check both rules and every free.
 *
 * The record cache is created in .suite_init if module init has not done
 * it already (vsw_policy_cache_init() is idempotent), so the suite does not
 * depend on main.c.
 */

#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/vsw.h>

#include "addr.h"
#include "policy.h"

#define VSID_A	5000
#define VSID_B	5001
#define VSID_C	0xabcdef

/* Record i of a test: CA 10.x.y.z, PA 192.168.x.y, MAC 02:00:<i>. */
static __be32 ca_of(u32 i)
{
	return htonl(0x0a000000 | i);
}

static __be32 pa_of(u32 i)
{
	return htonl(0xc0a80000 | (i & 0xffff));
}

/* The same, as the table keeps them (v4-mapped). */
#define CA(i)	VSW_ADDR4(ca_of(i))
#define PA(i)	VSW_ADDR4(pa_of(i))

static void mac_of(u32 i, u8 *mac)
{
	mac[0] = 0x02;
	mac[1] = 0x00;
	mac[2] = i >> 24;
	mac[3] = i >> 16;
	mac[4] = i >> 8;
	mac[5] = i;
}

/* Index of a record made by insert_n(), from its CA. */
static u32 index_of(const struct vsw_policy *rec)
{
	return ntohl(vsw_addr4(&rec->key.ca)) & 0xffffff;
}

static int insert_one(struct vsw_policy_table *t, u32 vsid, u32 i,
		      bool replace)
{
	u8 mac[ETH_ALEN];

	mac_of(i, mac);
	return vsw_policy_insert(t, vsid, CA(i), mac, PA(i), replace,
				 NULL);
}

/* Inserts records 0 to n - 1 in @vsid; caller holds RTNL. */
static void insert_n(struct kunit *test, struct vsw_policy_table *t,
		     u32 vsid, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ_MSG(test, insert_one(t, vsid, i, false), 0,
				    "record %u", i);
}

/*
 * Looks up (vsid, ca) as the datapath does and copies the record out.
 * Returns false if there is none.
 */
static bool lookup_copy(struct vsw_policy_table *t, u32 vsid, __be32 ca,
			u8 *mac, __be32 *pa)
{
	struct vsw_policy *rec;

	rcu_read_lock();
	rec = vsw_policy_lookup(t, vsid, VSW_ADDR4(ca));
	if (rec) {
		ether_addr_copy(mac, rec->mac);
		*pa = vsw_addr4(&rec->pa);
	}
	rcu_read_unlock();
	return rec;
}

/*
 * The record of (vsid, ca), for comparing pointers only: the pointer is
 * not used after the read-side section (the test, the only writer, holds
 * RTNL, so it stays valid anyway).
 */
static struct vsw_policy *lookup_ptr(struct vsw_policy_table *t, u32 vsid,
				     __be32 ca)
{
	struct vsw_policy *rec;

	rcu_read_lock();
	rec = vsw_policy_lookup(t, vsid, VSW_ADDR4(ca));
	rcu_read_unlock();
	return rec;
}

static int vsw_policy_test_suite_init(struct kunit_suite *suite)
{
	return vsw_policy_cache_init();
}

static int vsw_policy_test_init(struct kunit *test)
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

static void vsw_policy_test_exit(struct kunit *test)
{
	/* Nothing reads the table any more: no grace period is needed. */
	vsw_policy_table_destroy(test->priv);
}

/*
 * The budget the datapath is sized by: a record, with an IPv6 CA and PA,
 * in one 72-byte object.
 */
static void vsw_policy_test_size(struct kunit *test)
{
	KUNIT_EXPECT_LE(test, sizeof(struct vsw_policy), 72);
	kunit_info(test, "sizeof(struct vsw_policy) = %zu\n",
		   sizeof(struct vsw_policy));
}

static void vsw_policy_test_insert_lookup_remove(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vsw_policy_table *t = test->priv;
	u8 mac[ETH_ALEN], want[ETH_ALEN];
	unsigned int gen;
	__be32 pa;

	mutex_lock(t->lock);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 0U);
	KUNIT_EXPECT_FALSE(test, lookup_copy(t, VSID_A, ca_of(1), mac, &pa));

	gen = vsw_policy_gen(t);
	mac_of(1, want);
	KUNIT_ASSERT_EQ(test, vsw_policy_insert(t, VSID_A, CA(1), want,
						PA(1), false, &extack), 0);
	KUNIT_EXPECT_NULL(test, extack._msg);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 1U);
	/* Dumps rely on the generation moving with every change. */
	KUNIT_EXPECT_NE(test, vsw_policy_gen(t), gen);

	KUNIT_ASSERT_TRUE(test, lookup_copy(t, VSID_A, ca_of(1), mac, &pa));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac, want));
	KUNIT_EXPECT_EQ(test, pa, pa_of(1));
	/* Lookups are exact: a neighbouring CA is another record. */
	KUNIT_EXPECT_FALSE(test, lookup_copy(t, VSID_A, ca_of(2), mac, &pa));

	gen = vsw_policy_gen(t);
	KUNIT_EXPECT_EQ(test, vsw_policy_remove(t, VSID_A, CA(1), &extack),
			0);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 0U);
	KUNIT_EXPECT_NE(test, vsw_policy_gen(t), gen);
	KUNIT_EXPECT_FALSE(test, lookup_copy(t, VSID_A, ca_of(1), mac, &pa));

	/* The key is free again once its record is gone. */
	KUNIT_EXPECT_EQ(test, insert_one(t, VSID_A, 1, false), 0);
	mutex_unlock(t->lock);
}

/* An add of a key that exists must not touch the record that is there. */
static void vsw_policy_test_exists(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vsw_policy_table *t = test->priv;
	u8 mac[ETH_ALEN], want[ETH_ALEN];
	struct vsw_policy *before;
	unsigned int gen;
	__be32 pa;

	mutex_lock(t->lock);
	KUNIT_ASSERT_EQ(test, insert_one(t, VSID_A, 1, false), 0);
	before = lookup_ptr(t, VSID_A, ca_of(1));
	gen = vsw_policy_gen(t);

	mac_of(2, mac);
	KUNIT_EXPECT_EQ(test, vsw_policy_insert(t, VSID_A, CA(1), mac,
						PA(2), false, &extack),
			-EEXIST);
	KUNIT_EXPECT_STREQ(test, extack._msg, "policy record exists");

	/* A refused request changes nothing, not even the generation. */
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 1U);
	KUNIT_EXPECT_EQ(test, vsw_policy_gen(t), gen);
	KUNIT_EXPECT_PTR_EQ(test, lookup_ptr(t, VSID_A, ca_of(1)), before);
	KUNIT_ASSERT_TRUE(test, lookup_copy(t, VSID_A, ca_of(1), mac, &pa));
	mac_of(1, want);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac, want));
	KUNIT_EXPECT_EQ(test, pa, pa_of(1));
	mutex_unlock(t->lock);
}

/* Live migration: a replace moves a CA to a new PA (and MAC). */
static void vsw_policy_test_replace(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vsw_policy_table *t = test->priv;
	u8 mac[ETH_ALEN], want[ETH_ALEN];
	unsigned int gen;
	__be32 pa;

	mutex_lock(t->lock);
	KUNIT_ASSERT_EQ(test, insert_one(t, VSID_A, 1, false), 0);
	KUNIT_ASSERT_EQ(test, insert_one(t, VSID_A, 2, false), 0);
	gen = vsw_policy_gen(t);

	mac_of(77, want);
	KUNIT_EXPECT_EQ(test, vsw_policy_insert(t, VSID_A, CA(1), want,
						PA(77), true, &extack), 0);
	KUNIT_EXPECT_NULL(test, extack._msg);
	KUNIT_ASSERT_TRUE(test, lookup_copy(t, VSID_A, ca_of(1), mac, &pa));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac, want));
	KUNIT_EXPECT_EQ(test, pa, pa_of(77));
	/* A replace is no add: the count stays, the generation moves. */
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 2U);
	KUNIT_EXPECT_NE(test, vsw_policy_gen(t), gen);

	/* The neighbour is untouched. */
	KUNIT_ASSERT_TRUE(test, lookup_copy(t, VSID_A, ca_of(2), mac, &pa));
	mac_of(2, want);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac, want));
	KUNIT_EXPECT_EQ(test, pa, pa_of(2));

	/* Replace of a key that is not there adds it ("add or overwrite"). */
	KUNIT_EXPECT_EQ(test, insert_one(t, VSID_A, 3, true), 0);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 3U);
	KUNIT_EXPECT_TRUE(test, lookup_copy(t, VSID_A, ca_of(3), mac, &pa));
	mutex_unlock(t->lock);
}

/*
 * A reader that found a record keeps valid memory across a replace or a
 * remove until it leaves its RCU read-side section: the old record must be
 * freed after a grace period, not at once (KASAN reports the difference).
 * The writer halves used here do not sleep, so they may run inside the
 * reader's section on this same thread: the VSID has a record at the new
 * PA already, so that its replication list allocates nothing there.
 */
static void vsw_policy_test_rcu_reader(struct kunit *test)
{
	struct vsw_policy_table *t = test->priv;
	struct vsw_policy *old, *new, *rec;
	u8 mac[ETH_ALEN], want[ETH_ALEN];

	mutex_lock(t->lock);
	KUNIT_ASSERT_EQ(test, insert_one(t, VSID_A, 1, false), 0);
	KUNIT_ASSERT_EQ(test, insert_one(t, VSID_A, 9, false), 0);
	mac_of(9, mac);
	new = vsw_policy_alloc(VSID_A, CA(1), mac,
			       PA(9));
	KUNIT_ASSERT_NOT_NULL(test, new);

	rcu_read_lock();
	old = vsw_policy_lookup(t, VSID_A, CA(1));
	KUNIT_ASSERT_NOT_NULL(test, old);
	KUNIT_EXPECT_EQ(test, vsw_policy_commit(t, new, true, NULL), 0);

	/* New readers see the new record... */
	rec = vsw_policy_lookup(t, VSID_A, CA(1));
	KUNIT_EXPECT_PTR_EQ(test, rec, new);
	KUNIT_EXPECT_PTR_NE(test, rec, old);
	/* ...and the old one is intact for the reader that holds it. */
	mac_of(1, want);
	KUNIT_EXPECT_EQ(test, old->key.vsid, VSID_A);
	KUNIT_EXPECT_EQ(test, vsw_addr4(&old->key.ca), ca_of(1));
	KUNIT_EXPECT_EQ(test, vsw_addr4(&old->pa), pa_of(1));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(old->mac, want));

	/* Same for a remove. */
	KUNIT_EXPECT_EQ(test, vsw_policy_remove(t, VSID_A, CA(1), NULL), 0);
	KUNIT_EXPECT_NULL(test, vsw_policy_lookup(t, VSID_A, CA(1)));
	KUNIT_EXPECT_EQ(test, vsw_addr4(&new->key.ca), ca_of(1));
	KUNIT_EXPECT_EQ(test, vsw_addr4(&new->pa), pa_of(9));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(new->mac, mac));
	rcu_read_unlock();
	mutex_unlock(t->lock);
}

static void vsw_policy_test_remove_missing(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vsw_policy_table *t = test->priv;

	mutex_lock(t->lock);
	KUNIT_EXPECT_EQ(test, vsw_policy_remove(t, VSID_A, CA(1), &extack),
			-ENOENT);
	KUNIT_EXPECT_STREQ(test, extack._msg, "no such policy record");

	/* The CA exists in another VSID only: still no such record. */
	KUNIT_ASSERT_EQ(test, insert_one(t, VSID_B, 1, false), 0);
	KUNIT_EXPECT_EQ(test, vsw_policy_remove(t, VSID_A, CA(1), NULL),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 1U);

	/* A second remove of the same record finds nothing. */
	KUNIT_EXPECT_EQ(test, vsw_policy_remove(t, VSID_B, CA(1), NULL), 0);
	KUNIT_EXPECT_EQ(test, vsw_policy_remove(t, VSID_B, CA(1), NULL),
			-ENOENT);
	mutex_unlock(t->lock);
}

/* Tenants reuse address space: one CA in two VSIDs is two records. */
/*
 * IPv6 CAs and PAs share the table with IPv4 ones: an IPv6 CA whose last
 * 32 bits are an IPv4 CA's is another key, and so is the IPv4 CA's
 * v4-mapped form to a native IPv6 lookup.
 */
static void vsw_policy_test_ipv6(struct kunit *test)
{
	struct in6_addr ca6 = { .s6_addr32 = { htonl(0x20010db8), 0, 0,
					      ca_of(1) } };
	struct in6_addr pa6 = { .s6_addr32 = { htonl(0xfd000000), 0, 0,
					      htonl(7) } };
	struct vsw_policy_table *t = test->priv;
	const struct vsw_policy *rec;
	u8 mac[ETH_ALEN];

	mac_of(6, mac);
	mutex_lock(t->lock);
	KUNIT_ASSERT_EQ(test, insert_one(t, VSID_A, 1, false), 0);
	KUNIT_ASSERT_EQ(test, vsw_policy_insert(t, VSID_A, &ca6, mac, &pa6,
						false, NULL), 0);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 2U);

	rcu_read_lock();
	rec = vsw_policy_lookup(t, VSID_A, &ca6);
	KUNIT_ASSERT_NOT_NULL(test, rec);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&rec->pa, &pa6));
	KUNIT_EXPECT_FALSE(test, vsw_addr_is4(&rec->pa));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(rec->mac, mac));
	rec = vsw_policy_lookup(t, VSID_A, CA(1));
	KUNIT_ASSERT_NOT_NULL(test, rec);
	KUNIT_EXPECT_TRUE(test, vsw_addr_is4(&rec->pa));
	KUNIT_EXPECT_EQ(test, vsw_addr4(&rec->pa), pa_of(1));
	KUNIT_EXPECT_NULL(test, vsw_policy_lookup(t, VSID_B, &ca6));
	rcu_read_unlock();

	KUNIT_EXPECT_EQ(test, vsw_policy_remove(t, VSID_A, &ca6, NULL), 0);
	KUNIT_EXPECT_EQ(test, vsw_policy_remove(t, VSID_A, &ca6, NULL),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 1U);
	mutex_unlock(t->lock);
}

static void vsw_policy_test_vsid_isolation(struct kunit *test)
{
	struct vsw_policy_table *t = test->priv;
	u8 mac[ETH_ALEN], want[ETH_ALEN];
	__be32 pa;

	mutex_lock(t->lock);
	KUNIT_ASSERT_EQ(test, insert_one(t, VSID_A, 1, false), 0);
	/* Not -EEXIST: the key is (VSID, CA), not CA. */
	KUNIT_ASSERT_EQ(test, insert_one(t, VSID_B, 2, false), 0);
	mac_of(3, mac);
	KUNIT_ASSERT_EQ(test, vsw_policy_insert(t, VSID_B, CA(1), mac,
						PA(3), false, NULL), 0);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 3U);

	KUNIT_ASSERT_TRUE(test, lookup_copy(t, VSID_A, ca_of(1), mac, &pa));
	mac_of(1, want);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac, want));
	KUNIT_EXPECT_EQ(test, pa, pa_of(1));
	KUNIT_ASSERT_TRUE(test, lookup_copy(t, VSID_B, ca_of(1), mac, &pa));
	mac_of(3, want);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac, want));
	KUNIT_EXPECT_EQ(test, pa, pa_of(3));

	/* Lookups never cross: CA 2 exists in VSID_B only. */
	KUNIT_EXPECT_FALSE(test, lookup_copy(t, VSID_A, ca_of(2), mac, &pa));
	KUNIT_EXPECT_FALSE(test, lookup_copy(t, VSID_C, ca_of(1), mac, &pa));

	/* Removing one tenant's record leaves the other's. */
	KUNIT_EXPECT_EQ(test, vsw_policy_remove(t, VSID_A, CA(1), NULL), 0);
	KUNIT_EXPECT_FALSE(test, lookup_copy(t, VSID_A, ca_of(1), mac, &pa));
	KUNIT_EXPECT_TRUE(test, lookup_copy(t, VSID_B, ca_of(1), mac, &pa));
	mutex_unlock(t->lock);
}

struct insert_case {
	u32 vsid;
	u8 mac[ETH_ALEN];
	int err;
	const char *why;
};

static const struct insert_case insert_cases[] = {
	/* RFC 7637 reserves 0-4095 and 0xffffff: a record there is dead. */
	{ 0, { 2, 0, 0, 0, 0, 1 }, -EINVAL, "VSID 0 is reserved" },
	{ 4095, { 2, 0, 0, 0, 0, 1 }, -EINVAL, "VSID 4095 is reserved" },
	{ 4096, { 2, 0, 0, 0, 0, 1 }, 0, "VSID 4096 is the first valid" },
	{ 0xfffffe, { 2, 0, 0, 0, 0, 1 }, 0, "VSID 0xfffffe is the last" },
	{ 0xffffff, { 2, 0, 0, 0, 0, 1 }, -EINVAL, "VSID 0xffffff reserved" },
	/* 24 bits: a wider value must not be truncated into a valid one. */
	{ 0x1001000, { 2, 0, 0, 0, 0, 1 }, -EINVAL, "VSID wider than 24 bits" },
	/* ARP replies built from a record must not claim a group address. */
	{ VSID_A, { 1, 0, 0x5e, 0, 0, 1 }, -EINVAL, "multicast MAC" },
	{ VSID_A, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, -EINVAL,
	  "broadcast MAC" },
	{ VSID_A, { 0, 0, 0, 0, 0, 0 }, -EINVAL, "all-zero MAC" },
	{ VSID_A, { 0x52, 0x54, 0, 0x12, 0x34, 0x56 }, 0, "ordinary MAC" },
};

static void insert_case_desc(const struct insert_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->why);
}

KUNIT_ARRAY_PARAM(insert, insert_cases, insert_case_desc);

static void vsw_policy_test_insert_checks(struct kunit *test)
{
	const struct insert_case *c = test->param_value;
	struct netlink_ext_ack extack = {};
	struct vsw_policy_table *t = test->priv;

	mutex_lock(t->lock);
	KUNIT_EXPECT_EQ(test, vsw_policy_insert(t, c->vsid, CA(1), c->mac,
						PA(1), false, &extack),
			c->err);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), c->err ? 0U : 1U);
	/* A refusal is explained; an accepted record is found. */
	if (c->err)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	else
		KUNIT_EXPECT_NOT_NULL(test, lookup_ptr(t, c->vsid, ca_of(1)));
	mutex_unlock(t->lock);
}

/*
 * The limit bounds kernel memory per switch: a new record past it is
 * refused and counted, a replace is not (it adds nothing), and a remove
 * makes room again.
 */
static void vsw_policy_test_limit(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vsw_policy_table *t = test->priv;
	u8 mac[ETH_ALEN];
	unsigned int gen;

	mutex_lock(t->lock);
	KUNIT_EXPECT_EQ(test, vsw_policy_max(t), VSW_POLICY_MAX_DEFAULT);
	KUNIT_ASSERT_EQ(test, vsw_policy_set_max(t, 3, NULL), 0);
	KUNIT_EXPECT_EQ(test, vsw_policy_max(t), 3U);
	insert_n(test, t, VSID_A, 3);
	KUNIT_EXPECT_EQ(test, vsw_policy_over_limit(t), 0ULL);

	gen = vsw_policy_gen(t);
	mac_of(3, mac);
	KUNIT_EXPECT_EQ(test, vsw_policy_insert(t, VSID_A, CA(3), mac,
						PA(3), false, &extack),
			-ENOSPC);
	KUNIT_EXPECT_STREQ(test, extack._msg, "policy table full");
	KUNIT_EXPECT_EQ(test, vsw_policy_over_limit(t), 1ULL);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 3U);
	KUNIT_EXPECT_EQ(test, vsw_policy_gen(t), gen);
	KUNIT_EXPECT_NULL(test, lookup_ptr(t, VSID_A, ca_of(3)));

	/* "replace" of a new key is an add, and refused as one. */
	KUNIT_EXPECT_EQ(test, insert_one(t, VSID_A, 3, true), -ENOSPC);
	KUNIT_EXPECT_EQ(test, vsw_policy_over_limit(t), 2ULL);
	/* A full table still takes a migration of a record it holds. */
	KUNIT_EXPECT_EQ(test, insert_one(t, VSID_A, 0, true), 0);
	/* An existing key is -EEXIST, not -ENOSPC, and not counted. */
	KUNIT_EXPECT_EQ(test, insert_one(t, VSID_A, 0, false), -EEXIST);
	KUNIT_EXPECT_EQ(test, vsw_policy_over_limit(t), 2ULL);

	/* A limit below the count is refused, not left half-applied. */
	extack._msg = NULL;
	KUNIT_EXPECT_EQ(test, vsw_policy_set_max(t, 2, &extack), -EBUSY);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	KUNIT_EXPECT_EQ(test, vsw_policy_max(t), 3U);

	/* Deleting one makes room for one. */
	KUNIT_EXPECT_EQ(test, vsw_policy_remove(t, VSID_A, CA(1), NULL), 0);
	KUNIT_EXPECT_EQ(test, insert_one(t, VSID_A, 3, false), 0);
	KUNIT_EXPECT_EQ(test, insert_one(t, VSID_A, 4, false), -ENOSPC);
	KUNIT_EXPECT_EQ(test, vsw_policy_over_limit(t), 3ULL);

	/* Raising the limit takes effect at once. */
	KUNIT_EXPECT_EQ(test, vsw_policy_set_max(t, 4, NULL), 0);
	KUNIT_EXPECT_EQ(test, insert_one(t, VSID_A, 4, false), 0);
	mutex_unlock(t->lock);
}

struct max_case {
	u32 max;
	int err;
	const char *why;
};

static const struct max_case max_cases[] = {
	/* A limit of 0 would turn the switch into one that drops all. */
	{ 0, -EINVAL, "0 is out of range" },
	{ 1, 0, "1 is the smallest limit" },
	{ VSW_POLICY_MAX_LIMIT, 0, "VSW_POLICY_MAX_LIMIT is the largest" },
	/* Past the documented maximum memory is no longer bounded. */
	{ VSW_POLICY_MAX_LIMIT + 1, -EINVAL, "past VSW_POLICY_MAX_LIMIT" },
	{ U32_MAX, -EINVAL, "U32_MAX" },
};

static void max_case_desc(const struct max_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->why);
}

KUNIT_ARRAY_PARAM(max, max_cases, max_case_desc);

static void vsw_policy_test_set_max_range(struct kunit *test)
{
	const struct max_case *c = test->param_value;
	struct netlink_ext_ack extack = {};
	struct vsw_policy_table *t = test->priv;

	mutex_lock(t->lock);
	KUNIT_EXPECT_EQ(test, vsw_policy_set_max(t, c->max, &extack), c->err);
	KUNIT_EXPECT_EQ(test, vsw_policy_max(t),
			c->err ? VSW_POLICY_MAX_DEFAULT : c->max);
	if (c->err)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	mutex_unlock(t->lock);
}

/*
 * Flush must remove every record even though it works in batches (more
 * than one here) and the table shrinks under it while it runs.
 */
static void vsw_policy_test_flush(struct kunit *test)
{
	struct vsw_policy_table *t = test->priv;
	unsigned int gen;
	u32 i;

	mutex_lock(t->lock);
	insert_n(test, t, VSID_A, 3000);
	insert_n(test, t, VSID_B, 100);
	gen = vsw_policy_gen(t);
	vsw_policy_flush(t);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 0U);
	KUNIT_EXPECT_NE(test, vsw_policy_gen(t), gen);
	rcu_read_lock();
	for (i = 0; i < 3000; i++)
		if (vsw_policy_lookup(t, VSID_A, CA(i)))
			break;
	rcu_read_unlock();
	KUNIT_EXPECT_EQ_MSG(test, i, 3000U, "record %u survived the flush", i);

	/* Flushing an empty table is harmless; the table is usable after. */
	vsw_policy_flush(t);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 0U);
	KUNIT_EXPECT_EQ(test, insert_one(t, VSID_A, 1, false), 0);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 1U);
	mutex_unlock(t->lock);
}

/*
 * A dump, as netlink runs it: messages of at most @per_msg records, the
 * walk resumed where the last message ended. @seen counts how often each
 * record was offered.
 */
struct dump {
	u8 *seen;
	u32 n;
	u32 vsid;
	unsigned int per_msg;
	unsigned int in_msg;
	const struct vsw_policy *first;
	const struct vsw_policy *refused;
	unsigned int stray;
};

static int dump_fill(const struct vsw_policy *rec, void *arg)
{
	struct dump *d = arg;
	u32 i = index_of(rec);

	if (d->in_msg == d->per_msg) {
		d->refused = rec;
		return -EMSGSIZE;
	}
	if (!d->first)
		d->first = rec;
	d->in_msg++;
	if (i >= d->n || (d->vsid && rec->key.vsid != d->vsid))
		d->stray++;
	else if (d->seen[i] < U8_MAX)
		d->seen[i]++;
	return 0;
}

/*
 * Runs one dump to its end, as the netlink core calls dumpit, and returns
 * how often the walk started over (-EAGAIN). Counts add up in d->seen.
 */
static unsigned int dump_once(struct kunit *test, struct vsw_policy_table *t,
			      struct dump *d, unsigned int *msgs)
{
	const struct vsw_policy *refused = NULL;
	unsigned int calls = 0, rewinds = 0;
	struct vsw_policy_iter it;
	int err;

	*msgs = 0;
	vsw_policy_iter_init(t, &it);
	for (;;) {
		/* Every call makes progress: the dump must end. */
		KUNIT_ASSERT_LT(test, calls++, 8 * (d->n + 2));
		d->in_msg = 0;
		d->first = NULL;
		err = vsw_policy_iter_walk(&it, d->vsid, dump_fill, d);
		if (err == -EAGAIN) {
			rewinds++;
			refused = NULL;
			continue;
		}
		(*msgs)++;
		/*
		 * The record that did not fit opens the next message: a walk
		 * that moved past it would lose one record per message.
		 */
		if (refused)
			KUNIT_EXPECT_PTR_EQ(test, d->first, refused);
		refused = NULL;
		if (!err)
			break;
		KUNIT_ASSERT_EQ(test, err, -EMSGSIZE);
		KUNIT_ASSERT_EQ(test, d->in_msg, d->per_msg);
		refused = d->refused;
	}
	/* The end is sticky: a further call offers nothing. */
	d->in_msg = 0;
	KUNIT_EXPECT_EQ(test, vsw_policy_iter_walk(&it, d->vsid, dump_fill, d),
			0);
	KUNIT_EXPECT_EQ(test, d->in_msg, 0U);
	vsw_policy_iter_exit(&it);
	return rewinds;
}

/* How many records were offered other than once; reports the first few. */
static u32 dump_check(struct kunit *test, const struct dump *d, bool dups)
{
	u32 i, bad = 0;

	for (i = 0; i < d->n; i++) {
		if (d->seen[i] == 1 || (dups && d->seen[i] > 1))
			continue;
		if (bad++ < 5)
			KUNIT_FAIL(test, "record %u offered %u times", i,
				   d->seen[i]);
	}
	return bad;
}

/*
 * Dumps the table until one dump runs without the walk starting over, as
 * a reader of an NLM_F_DUMP_INTR dump would, and checks every attempt:
 * one that started over may repeat records but never miss one; one that
 * did not offers each exactly once. The table grows in the background
 * after the inserts of a test; sleeping between attempts lets that end.
 * Returns the number of messages of the clean dump.
 */
static unsigned int dump_all(struct kunit *test, struct vsw_policy_table *t,
			     struct dump *d)
{
	unsigned int attempt, rewinds = 0, msgs = 0;

	for (attempt = 0; attempt < 50; attempt++) {
		memset(d->seen, 0, d->n);
		d->stray = 0;
		rewinds = dump_once(test, t, d, &msgs);
		KUNIT_EXPECT_EQ(test, d->stray, 0U);
		KUNIT_EXPECT_EQ(test, dump_check(test, d, rewinds), 0U);
		if (!rewinds)
			break;
		kunit_info(test, "dump started over %u times, again\n",
			   rewinds);
		msleep(20);
	}
	KUNIT_EXPECT_EQ(test, rewinds, 0U);
	return msgs;
}

struct dump_case {
	u32 n;
	unsigned int per_msg;
	const char *why;
};

static const struct dump_case dump_cases[] = {
	/* An empty table is one empty message, not an error or a loop. */
	{ 0, 4, "empty table" },
	{ 1, 1, "one record, one per message" },
	/* Every record ends a message: each resume is exercised. */
	{ 200, 1, "one record per message" },
	/* Messages end at arbitrary places inside hash chains. */
	{ 1000, 7, "7 per message" },
	{ 1000, 999, "last message holds one record" },
	{ 1000, 1000, "all records fit one message exactly" },
	{ 5000, 64, "large table, many resumes" },
};

static void dump_case_desc(const struct dump_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->why);
}

KUNIT_ARRAY_PARAM(dump, dump_cases, dump_case_desc);

/* A dump over many messages offers every record exactly once. */
static void vsw_policy_test_dump(struct kunit *test)
{
	const struct dump_case *c = test->param_value;
	struct vsw_policy_table *t = test->priv;
	struct dump d = {
		.n = c->n,
		.per_msg = c->per_msg,
	};
	unsigned int msgs;

	d.seen = kunit_kzalloc(test, c->n + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d.seen);
	mutex_lock(t->lock);
	insert_n(test, t, VSID_A, c->n);
	mutex_unlock(t->lock);

	msgs = dump_all(test, t, &d);
	KUNIT_EXPECT_GE(test, msgs, c->n / c->per_msg);
}

/* "policy show NAME vsid V" lists V's records, all of them, and no other. */
static void vsw_policy_test_dump_filter(struct kunit *test)
{
	struct vsw_policy_table *t = test->priv;
	struct dump d = {
		.n = 500,
		.per_msg = 16,
		.vsid = VSID_B,
	};
	unsigned int msgs;

	d.seen = kunit_kzalloc(test, d.n, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d.seen);
	mutex_lock(t->lock);
	/* The same CAs in three VSIDs: only the CA would not tell them apart. */
	insert_n(test, t, VSID_A, d.n);
	insert_n(test, t, VSID_B, d.n);
	insert_n(test, t, VSID_C, d.n);
	mutex_unlock(t->lock);

	dump_all(test, t, &d);

	/* A VSID with no records gives an empty dump, in one message. */
	d.vsid = 7777;
	memset(d.seen, 0, d.n);
	KUNIT_EXPECT_EQ(test, dump_once(test, t, &d, &msgs), 0U);
	KUNIT_EXPECT_EQ(test, msgs, 1U);
	KUNIT_EXPECT_NULL(test, memchr_inv(d.seen, 0, d.n));
}

#define SCALE_N	100000U

/*
 * Many records: the table must grow (and shrink) through many resizes
 * without losing one, and stay fast. Prints the time each phase took.
 */
static void vsw_policy_test_scale(struct kunit *test)
{
	struct vsw_policy_table *t = test->priv;
	u64 t0, t_ins, t_look, t_del;
	u32 i, missing = 0, wrong = 0;
	struct vsw_policy *rec;

	mutex_lock(t->lock);
	t0 = ktime_get_ns();
	insert_n(test, t, VSID_A, SCALE_N);
	t_ins = ktime_get_ns() - t0;
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), SCALE_N);

	t0 = ktime_get_ns();
	rcu_read_lock();
	for (i = 0; i < SCALE_N; i++) {
		rec = vsw_policy_lookup(t, VSID_A, CA(i));
		if (!rec)
			missing++;
		else if (vsw_addr4(&rec->pa) != pa_of(i) || index_of(rec) != i)
			wrong++;
	}
	rcu_read_unlock();
	t_look = ktime_get_ns() - t0;
	KUNIT_EXPECT_EQ(test, missing, 0U);
	KUNIT_EXPECT_EQ(test, wrong, 0U);

	t0 = ktime_get_ns();
	for (i = 0; i < SCALE_N; i++)
		if (vsw_policy_remove(t, VSID_A, CA(i), NULL))
			missing++;
	t_del = ktime_get_ns() - t0;
	KUNIT_EXPECT_EQ(test, missing, 0U);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 0U);
	mutex_unlock(t->lock);

	kunit_info(test, "%u records: insert %llu ms, lookup %llu ms, remove %llu ms\n",
		   SCALE_N, t_ins / NSEC_PER_MSEC, t_look / NSEC_PER_MSEC,
		   t_del / NSEC_PER_MSEC);
}

/* Adds record @i to @b with the MAC and PA of record @as. */
static int batch_add_as(struct vsw_policy_batch *b, u32 i, u32 as,
			bool replace, struct netlink_ext_ack *extack)
{
	u8 mac[ETH_ALEN];

	mac_of(as, mac);
	return vsw_policy_batch_add(b, VSID_A, CA(i), mac, PA(as), replace,
				    extack);
}

/* Record @i is there with the MAC and PA of record @as. */
static void expect_record(struct kunit *test, struct vsw_policy_table *t,
			  u32 i, u32 as)
{
	u8 mac[ETH_ALEN], want[ETH_ALEN];
	__be32 pa;

	KUNIT_ASSERT_TRUE_MSG(test, lookup_copy(t, VSID_A, ca_of(i), mac, &pa),
			      "record %u", i);
	mac_of(as, want);
	KUNIT_EXPECT_TRUE_MSG(test, ether_addr_equal(mac, want), "record %u", i);
	KUNIT_EXPECT_EQ_MSG(test, pa, pa_of(as), "record %u", i);
}

/*
 * One request is applied whole or not at all: a batch that added
 * records, replaced one twice, and added and replaced another before a
 * record of it was refused leaves the table as it found it, with the very
 * records it had (a reader that holds one still holds the table's).
 */
static void vsw_policy_test_batch_abort(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vsw_policy_table *t = test->priv;
	struct vsw_policy *before[3];
	struct vsw_policy_batch b;
	unsigned int gen;
	u32 i;

	mutex_lock(t->lock);
	insert_n(test, t, VSID_A, 3);
	for (i = 0; i < 3; i++)
		before[i] = lookup_ptr(t, VSID_A, ca_of(i));
	gen = vsw_policy_gen(t);

	vsw_policy_batch_init(&b, t);
	KUNIT_EXPECT_EQ(test, batch_add_as(&b, 3, 3, false, NULL), 0);
	KUNIT_EXPECT_EQ(test, batch_add_as(&b, 1, 11, true, NULL), 0);
	KUNIT_EXPECT_EQ(test, batch_add_as(&b, 1, 12, true, NULL), 0);
	KUNIT_EXPECT_EQ(test, batch_add_as(&b, 4, 4, false, NULL), 0);
	KUNIT_EXPECT_EQ(test, batch_add_as(&b, 4, 14, true, NULL), 0);
	/* Readers see the batch's records as it goes. */
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 5U);
	expect_record(test, t, 1, 12);
	expect_record(test, t, 4, 14);
	KUNIT_EXPECT_EQ(test, batch_add_as(&b, 0, 10, false, &extack),
			-EEXIST);
	KUNIT_EXPECT_STREQ(test, extack._msg, "policy record exists");
	vsw_policy_batch_abort(&b);

	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 3U);
	for (i = 0; i < 3; i++) {
		expect_record(test, t, i, i);
		KUNIT_EXPECT_PTR_EQ(test, lookup_ptr(t, VSID_A, ca_of(i)),
				    before[i]);
	}
	KUNIT_EXPECT_NULL(test, lookup_ptr(t, VSID_A, ca_of(3)));
	KUNIT_EXPECT_NULL(test, lookup_ptr(t, VSID_A, ca_of(4)));
	/* A dump that spanned the batch must know. */
	KUNIT_EXPECT_NE(test, vsw_policy_gen(t), gen);

	/* The records it held back are ordinary ones again. */
	KUNIT_EXPECT_EQ(test, insert_one(t, VSID_A, 1, true), 0);
	KUNIT_EXPECT_EQ(test, vsw_policy_remove(t, VSID_A, CA(2), NULL), 0);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 2U);
	mutex_unlock(t->lock);
}

/* A full table refuses a batch's record: the batch's earlier adds go. */
static void vsw_policy_test_batch_full(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vsw_policy_table *t = test->priv;
	struct vsw_policy_batch b;

	mutex_lock(t->lock);
	KUNIT_ASSERT_EQ(test, vsw_policy_set_max(t, 4, NULL), 0);
	insert_n(test, t, VSID_A, 3);
	vsw_policy_batch_init(&b, t);
	KUNIT_EXPECT_EQ(test, batch_add_as(&b, 0, 20, true, NULL), 0);
	KUNIT_EXPECT_EQ(test, batch_add_as(&b, 3, 3, false, NULL), 0);
	KUNIT_EXPECT_EQ(test, batch_add_as(&b, 4, 4, false, &extack),
			-ENOSPC);
	KUNIT_EXPECT_STREQ(test, extack._msg, "policy table full");
	vsw_policy_batch_abort(&b);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 3U);
	KUNIT_EXPECT_EQ(test, vsw_policy_over_limit(t), 1ULL);
	expect_record(test, t, 0, 0);
	KUNIT_EXPECT_NULL(test, lookup_ptr(t, VSID_A, ca_of(3)));
	mutex_unlock(t->lock);
}

struct batch_seen {
	unsigned int calls;
	u32 index[4];
	const struct vsw_policy *old[4];
};

static void batch_added(const struct vsw_policy *rec,
			const struct vsw_policy *old, void *arg)
{
	struct batch_seen *seen = arg;

	if (seen->calls < ARRAY_SIZE(seen->index)) {
		seen->index[seen->calls] = index_of(rec);
		seen->old[seen->calls] = old;
	}
	seen->calls++;
}

/*
 * A batch that is kept: what it added stays, and the caller hears once
 * of each record that is in the table, with the one it replaced before
 * the batch (not one the batch itself replaced).
 */
static void vsw_policy_test_batch_end(struct kunit *test)
{
	struct vsw_policy_table *t = test->priv;
	struct batch_seen seen = {};
	struct vsw_policy_batch b;
	struct vsw_policy *orig;

	mutex_lock(t->lock);
	insert_n(test, t, VSID_A, 2);
	orig = lookup_ptr(t, VSID_A, ca_of(1));
	vsw_policy_batch_init(&b, t);
	KUNIT_EXPECT_EQ(test, batch_add_as(&b, 1, 11, true, NULL), 0);
	KUNIT_EXPECT_EQ(test, batch_add_as(&b, 5, 5, false, NULL), 0);
	KUNIT_EXPECT_EQ(test, batch_add_as(&b, 1, 12, true, NULL), 0);
	vsw_policy_batch_end(&b, batch_added, &seen);

	KUNIT_EXPECT_EQ(test, seen.calls, 2U);
	/* Most recent first. */
	KUNIT_EXPECT_EQ(test, seen.index[0], 1U);
	KUNIT_EXPECT_PTR_EQ(test, seen.old[0], orig);
	KUNIT_EXPECT_EQ(test, seen.index[1], 5U);
	KUNIT_EXPECT_NULL(test, seen.old[1]);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 3U);
	expect_record(test, t, 0, 0);
	expect_record(test, t, 1, 12);
	expect_record(test, t, 5, 5);
	mutex_unlock(t->lock);
}

/*
 * Removals take effect when the batch ends: a refused one (a record that
 * is not there, or named twice) keeps every record.
 */
static void vsw_policy_test_batch_remove(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct vsw_policy_table *t = test->priv;
	struct vsw_policy_batch b;
	unsigned int gen;

	mutex_lock(t->lock);
	insert_n(test, t, VSID_A, 3);
	gen = vsw_policy_gen(t);
	vsw_policy_batch_init(&b, t);
	KUNIT_EXPECT_EQ(test, vsw_policy_batch_remove(&b, VSID_A, CA(0), NULL),
			0);
	KUNIT_EXPECT_EQ(test, vsw_policy_batch_remove(&b, VSID_A, CA(1), NULL),
			0);
	/* Still there for readers until the batch ends. */
	KUNIT_EXPECT_NOT_NULL(test, lookup_ptr(t, VSID_A, ca_of(0)));
	KUNIT_EXPECT_EQ(test, vsw_policy_batch_remove(&b, VSID_A, CA(1),
						      &extack), -ENOENT);
	KUNIT_EXPECT_STREQ(test, extack._msg, "no such policy record");
	vsw_policy_batch_abort(&b);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 3U);
	KUNIT_EXPECT_EQ(test, vsw_policy_gen(t), gen);

	vsw_policy_batch_init(&b, t);
	KUNIT_EXPECT_EQ(test, vsw_policy_batch_remove(&b, VSID_A, CA(1), NULL),
			0);
	KUNIT_EXPECT_EQ(test, vsw_policy_batch_remove(&b, VSID_A, CA(7), NULL),
			-ENOENT);
	vsw_policy_batch_abort(&b);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 3U);

	vsw_policy_batch_init(&b, t);
	KUNIT_EXPECT_EQ(test, vsw_policy_batch_remove(&b, VSID_A, CA(0), NULL),
			0);
	KUNIT_EXPECT_EQ(test, vsw_policy_batch_remove(&b, VSID_A, CA(2), NULL),
			0);
	vsw_policy_batch_end(&b, NULL, NULL);
	KUNIT_EXPECT_EQ(test, vsw_policy_count(t), 1U);
	KUNIT_EXPECT_NE(test, vsw_policy_gen(t), gen);
	expect_record(test, t, 1, 1);
	/* The records it removed can come back. */
	KUNIT_EXPECT_EQ(test, insert_one(t, VSID_A, 0, false), 0);
	mutex_unlock(t->lock);
}

static struct kunit_case vsw_policy_test_cases[] = {
	KUNIT_CASE(vsw_policy_test_size),
	KUNIT_CASE(vsw_policy_test_insert_lookup_remove),
	KUNIT_CASE(vsw_policy_test_exists),
	KUNIT_CASE(vsw_policy_test_replace),
	KUNIT_CASE(vsw_policy_test_rcu_reader),
	KUNIT_CASE(vsw_policy_test_remove_missing),
	KUNIT_CASE(vsw_policy_test_vsid_isolation),
	KUNIT_CASE(vsw_policy_test_ipv6),
	KUNIT_CASE_PARAM(vsw_policy_test_insert_checks, insert_gen_params),
	KUNIT_CASE(vsw_policy_test_limit),
	KUNIT_CASE(vsw_policy_test_batch_abort),
	KUNIT_CASE(vsw_policy_test_batch_full),
	KUNIT_CASE(vsw_policy_test_batch_end),
	KUNIT_CASE(vsw_policy_test_batch_remove),
	KUNIT_CASE_PARAM(vsw_policy_test_set_max_range, max_gen_params),
	KUNIT_CASE(vsw_policy_test_flush),
	KUNIT_CASE_PARAM(vsw_policy_test_dump, dump_gen_params),
	KUNIT_CASE(vsw_policy_test_dump_filter),
	KUNIT_CASE(vsw_policy_test_scale),
	{}
};

static struct kunit_suite vsw_policy_test_suite = {
	.name = "vsw_policy",
	.suite_init = vsw_policy_test_suite_init,
	.init = vsw_policy_test_init,
	.exit = vsw_policy_test_exit,
	.test_cases = vsw_policy_test_cases,
};

kunit_test_suite(vsw_policy_test_suite);
