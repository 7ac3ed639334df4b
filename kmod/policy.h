/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: the policy table of a switch, (VSID, CA) -> (MAC, PA).
 */
#ifndef _VSW_POLICY_H
#define _VSW_POLICY_H

#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/rhashtable-types.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#include "flood.h"

struct mutex;
struct netlink_ext_ack;

/**
 * struct vsw_policy_key - what a policy record is looked up by
 * @vsid: virtual subnet ID, %VSW_VSID_MIN to %VSW_VSID_MAX (host order)
 * @ca: customer address, IPv6 or v4-mapped IPv4 (addr.h)
 *
 * Hashed as a whole, so it must have no padding.
 */
struct vsw_policy_key {
	u32 vsid;
	struct in6_addr ca;
};

static_assert(sizeof(struct vsw_policy_key) == 5 * sizeof(u32));

/**
 * struct vsw_policy - one policy record, (VSID, CA) -> (MAC, PA)
 * @node: entry in &vsw_policy_table.ht
 * @key: VSID and CA
 * @pa: provider address of the host the VM is on, IPv6 or v4-mapped IPv4;
 *	its family picks the underlay
 * @mac: the VM's MAC address
 * @batch_state: what the writer's batch (&struct vsw_policy_batch) did
 *	with it, %VSW_POLICY_SETTLED outside a batch; @batch_state and @batch
 *	belong to the writer, readers never look at them
 * @batch: while in a batch: @batch.next links the batch's records, most
 *	recent first; @batch.old is the record this one replaced, out of the
 *	table until the batch ends, or %NULL
 * @rcu: frees the record after a grace period, once it has left the table
 *	and any batch
 *
 * What readers see of a record (@key, @pa, @mac) never changes once it is
 * in a table: readers see it under RCU only, and a replace links a new
 * record in its place. Readers copy out what they need before
 * rcu_read_unlock().
 */
struct vsw_policy {
	struct rhash_head node;
	struct vsw_policy_key key;
	struct in6_addr pa;
	u8 mac[ETH_ALEN];
	u8 batch_state;
	union {
		struct {
			struct vsw_policy *next;
			struct vsw_policy *old;
		} batch;
		struct rcu_head rcu;
	};
};

/**
 * enum vsw_policy_batch_state - what a batch did with a record
 * @VSW_POLICY_SETTLED: in no batch
 * @VSW_POLICY_ADDED: linked into the table by the batch
 * @VSW_POLICY_SUPERSEDED: linked by the batch, then replaced by a later
 *	record of the same batch: out of the table
 * @VSW_POLICY_REMOVING: to be removed when the batch ends; still in the
 *	table
 */
enum vsw_policy_batch_state {
	VSW_POLICY_SETTLED,
	VSW_POLICY_ADDED,
	VSW_POLICY_SUPERSEDED,
	VSW_POLICY_REMOVING,
};

/**
 * struct vsw_policy_table - the policy records of one switch
 * @lock: serializes the writers: its switch's mutex (&vsw_switch.lock)
 * @ht: the records, keyed by &struct vsw_policy_key. Changed under @lock,
 *	read under RCU
 * @max: most records the table accepts; @lock
 * @gen: bumped on every change, so that a dump spanning several messages
 *	can tell it is no longer consistent; written under @lock, read with
 *	vsw_policy_gen()
 * @over_limit: inserts refused because the table was full
 * @flood: the PAs hosting each VSID, kept in step with @ht (flood.c)
 */
struct vsw_policy_table {
	struct mutex *lock;	/* the writers' */
	struct rhashtable ht;
	u32 max;
	unsigned int gen;
	atomic64_t over_limit;
	struct vsw_flood_table flood;
};

/**
 * struct vsw_policy_batch - the changes of one request, kept or undone
 *	together
 * @t: the table
 * @head: the records the batch added or will remove, most recent first,
 *	linked through &vsw_policy.batch
 *
 * See vsw_policy_batch_init().
 */
struct vsw_policy_batch {
	struct vsw_policy_table *t;
	struct vsw_policy *head;
};

/**
 * struct vsw_policy_iter - a walk over a table that survives between the
 *	messages of a netlink dump
 * @hti: the rhashtable walker
 * @handed_out: some record has been passed to the fill function since the
 *	walk (re)started, so a restart would repeat records
 */
struct vsw_policy_iter {
	struct rhashtable_iter hti;
	bool handed_out;
};

int vsw_policy_cache_init(void);
void vsw_policy_cache_exit(void);

int vsw_policy_table_init(struct vsw_policy_table *t, struct mutex *lock);
void vsw_policy_table_destroy(struct vsw_policy_table *t);

struct vsw_policy *vsw_policy_lookup(struct vsw_policy_table *t, u32 vsid,
				     const struct in6_addr *ca);
int vsw_policy_insert(struct vsw_policy_table *t, u32 vsid,
		      const struct in6_addr *ca, const u8 *mac,
		      const struct in6_addr *pa, bool replace,
		      struct netlink_ext_ack *extack);
int vsw_policy_remove(struct vsw_policy_table *t, u32 vsid,
		      const struct in6_addr *ca, struct netlink_ext_ack *extack);

void vsw_policy_batch_init(struct vsw_policy_batch *b,
			   struct vsw_policy_table *t);
int vsw_policy_batch_add(struct vsw_policy_batch *b, u32 vsid,
			 const struct in6_addr *ca, const u8 *mac,
			 const struct in6_addr *pa, bool replace,
			 struct netlink_ext_ack *extack);
int vsw_policy_batch_remove(struct vsw_policy_batch *b, u32 vsid,
			    const struct in6_addr *ca,
			    struct netlink_ext_ack *extack);
void vsw_policy_batch_abort(struct vsw_policy_batch *b);
void vsw_policy_batch_end(struct vsw_policy_batch *b,
			  void (*added)(const struct vsw_policy *rec,
					const struct vsw_policy *old,
					void *arg),
			  void *arg);
void vsw_policy_flush(struct vsw_policy_table *t);

unsigned int vsw_policy_count(const struct vsw_policy_table *t);
u32 vsw_policy_max(const struct vsw_policy_table *t);
int vsw_policy_check_max(struct vsw_policy_table *t, u32 max,
			 struct netlink_ext_ack *extack);
int vsw_policy_set_max(struct vsw_policy_table *t, u32 max,
		       struct netlink_ext_ack *extack);
u64 vsw_policy_over_limit(const struct vsw_policy_table *t);
unsigned int vsw_policy_gen(const struct vsw_policy_table *t);

void vsw_policy_iter_init(struct vsw_policy_table *t,
			  struct vsw_policy_iter *it);
void vsw_policy_iter_exit(struct vsw_policy_iter *it);
int vsw_policy_iter_walk(struct vsw_policy_iter *it, u32 vsid,
			 int (*fill)(const struct vsw_policy *rec, void *arg),
			 void *arg);

#if IS_ENABLED(CONFIG_KUNIT)
/* The two halves of vsw_policy_insert(), for the KUnit suite. */
struct vsw_policy *vsw_policy_alloc(u32 vsid, const struct in6_addr *ca,
				    const u8 *mac, const struct in6_addr *pa);
int vsw_policy_commit(struct vsw_policy_table *t, struct vsw_policy *rec,
		      bool replace, struct netlink_ext_ack *extack);
#endif

#endif /* _VSW_POLICY_H */
