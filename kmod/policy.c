// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: the policy table of a switch, (VSID, CA) -> (MAC, PA).
 */

#include <kunit/visibility.h>
#include <linux/etherdevice.h>
#include <linux/rhashtable.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vsw.h>
#include <net/ipv6.h>
#include <net/netlink.h>

#include "policy.h"

/**
 * DOC: Policy table
 *
 * Each switch holds its policy records in an rhashtable keyed by
 * (VSID, CA): lookups are O(1) at any size, and the table grows and
 * shrinks by itself in the background as records come and go.
 *
 * Writers (insert, replace, remove, flush, set_max) are serialized by the
 * caller holding the switch's mutex (&vsw_switch.lock, whose address the
 * table keeps for lockdep), not RTNL: a batch of thousands of records
 * blocks nothing but other changes of the same switch. Each asserts it.
 * Because nothing else changes the table, a writer may look a record up
 * and then act on it without racing another writer.
 *
 * Readers, the datapath in softirq context, take no lock: they look
 * records up under rcu_read_lock() and copy out what they need before
 * rcu_read_unlock(). So what they read of a record in the table (key, MAC,
 * PA) is never written to. A replace allocates a new record and swaps it
 * into the hash chain with one pointer store (rhashtable_replace_fast()): a concurrent reader
 * finds either the old record or the new one, never neither and never a
 * mix. Removed and replaced records are freed after a grace period.
 *
 * Records come from one kmem_cache, "vsw_policy", of 72-byte objects, so
 * their memory can be measured, and it is SLAB_ACCOUNT, so it is charged
 * to the memory cgroup of whoever installed them. A kernel that merges
 * slab caches (Debian's default) may serve it from a cache shared with
 * other 72-byte accounted objects: /sys/kernel/slab/vsw_policy links to
 * it, and booting with slab_nomerge gives it a line of its own in
 * /proc/slabinfo. The bucket array adds 8 bytes per bucket, at a load
 * between 30% and 75%.
 *
 * The records of one netlink request form a batch (&struct
 * vsw_policy_batch): the request is applied whole or not at all. A batch
 * links its records in as it goes and remembers what it did in fields of
 * the records that readers never look at; if one record is refused, the
 * writer undoes the rest without allocating (the records it replaced are
 * kept until it ends). Readers may meanwhile see records of a batch that
 * is then undone, as they would had it been applied and reverted.
 *
 * Records are freed with call_rcu() to that cache rather than
 * kfree_rcu(): on 6.1, rcu_barrier() does not wait for kfree_rcu()
 * batches, and the cache must be empty before it is destroyed at module
 * exit.
 */

/* Records removed per RCU read-side section when flushing a table. */
#define VSW_POLICY_FLUSH_BATCH	1024

static struct kmem_cache *vsw_policy_cache __read_mostly;

/*
 * Compares the key as its fields: rhashtable's default is a memcmp() whose
 * length is only known at run time, and this runs for every lookup.
 */
static int vsw_policy_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct vsw_policy_key *key = arg->key;
	const struct vsw_policy *rec = obj;

	return rec->key.vsid != key->vsid ||
	       !ipv6_addr_equal(&rec->key.ca, &key->ca);
}

static const struct rhashtable_params vsw_policy_params = {
	.head_offset = offsetof(struct vsw_policy, node),
	.key_offset = offsetof(struct vsw_policy, key),
	.key_len = sizeof(struct vsw_policy_key),
	.obj_cmpfn = vsw_policy_cmp,
	/* Most switches start small; the table doubles as records come. */
	.nelem_hint = 16,
	.automatic_shrinking = true,
};

/**
 * vsw_policy_cache_init - create the kmem_cache of policy records
 *
 * Called from module init, before any table exists. Idempotent, so that
 * the KUnit suite can make sure of the cache however the module under
 * test was initialised; the calls are never concurrent (module init runs
 * before the suites).
 *
 * Return: 0 or -ENOMEM.
 */
int vsw_policy_cache_init(void)
{
	if (vsw_policy_cache)
		return 0;
	vsw_policy_cache = KMEM_CACHE(vsw_policy, SLAB_ACCOUNT);
	return vsw_policy_cache ? 0 : -ENOMEM;
}

/**
 * vsw_policy_cache_exit - destroy the kmem_cache of policy records
 *
 * Called from module exit, after every table has been destroyed. Records
 * removed earlier may still be waiting for their grace period; the
 * rcu_barrier() lets their call_rcu() callbacks free them into the cache
 * (and finish running module code) before the cache goes.
 */
void vsw_policy_cache_exit(void)
{
	rcu_barrier();
	kmem_cache_destroy(vsw_policy_cache);
	vsw_policy_cache = NULL;
}

/* Records of other VSIDs a filtered walk passes in one RCU section. */
#define VSW_POLICY_WALK_CHUNK	1024

static void vsw_policy_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(vsw_policy_cache,
			container_of(head, struct vsw_policy, rcu));
}

static void vsw_policy_free_now(void *ptr, void *arg)
{
	kmem_cache_free(vsw_policy_cache, ptr);
}

/**
 * vsw_policy_table_init - initialise an empty policy table
 * @t: the table
 * @lock: the mutex its writers will hold (its switch's)
 *
 * The table accepts %VSW_POLICY_MAX_DEFAULT records until
 * vsw_policy_set_max() says otherwise. Process context (allocates the
 * first bucket array with GFP_KERNEL).
 *
 * Return: 0, or a negative error from rhashtable_init().
 */
int vsw_policy_table_init(struct vsw_policy_table *t, struct mutex *lock)
{
	int err;

	t->lock = lock;
	t->max = VSW_POLICY_MAX_DEFAULT;
	t->gen = 1;
	atomic64_set(&t->over_limit, 0);
	err = rhashtable_init(&t->ht, &vsw_policy_params);
	if (err)
		return err;
	err = vsw_flood_table_init(&t->flood);
	if (err)
		rhashtable_destroy(&t->ht);
	return err;
}

/**
 * vsw_policy_table_destroy - free every record and the table itself
 * @t: the table
 *
 * Records and bucket arrays are freed at once, not after a grace period,
 * and a resize still running is waited for. So the caller must guarantee
 * that nothing can reach @t any more: the switch holding it has been
 * unlinked from everything the datapath reads, a grace period has passed
 * since (synchronize_net(), or an rcu_work), no writer runs, and no dump
 * iterator (&struct vsw_policy_iter) on @t is left. May sleep; does not
 * need the lock.
 */
void vsw_policy_table_destroy(struct vsw_policy_table *t)
{
	rhashtable_free_and_destroy(&t->ht, vsw_policy_free_now, NULL);
	vsw_flood_table_destroy(&t->flood);
}

/**
 * vsw_policy_lookup - find the record of (@vsid, @ca)
 * @t: the table
 * @vsid: VSID
 * @ca: customer address
 *
 * The datapath's lookup. Caller holds rcu_read_lock() (softirq and
 * rx_handler context do), and may use the record until rcu_read_unlock();
 * it must not write to it.
 *
 * Return: the record, or %NULL.
 */
struct vsw_policy *vsw_policy_lookup(struct vsw_policy_table *t, u32 vsid,
				     const struct in6_addr *ca)
{
	struct vsw_policy_key key = { .vsid = vsid, .ca = *ca };

	return rhashtable_lookup(&t->ht, &key, vsw_policy_params);
}

/*
 * Writers are serialized by the table's lock, so a record a writer finds stays in the
 * table, and in memory, until that writer removes it.
 */
static struct vsw_policy *vsw_policy_find(struct vsw_policy_table *t,
					  const struct vsw_policy_key *key)
{
	return rhashtable_lookup_fast(&t->ht, key, vsw_policy_params);
}

static void vsw_policy_changed(struct vsw_policy_table *t)
{
	WRITE_ONCE(t->gen, t->gen + 1);
}

/*
 * Takes @rec out of the table; it is freed once no reader can hold it.
 * Returns false, and leaks @rec rather than free what may be reachable,
 * if it was not in the table (which the table's lock rules out).
 */
static bool vsw_policy_unlink(struct vsw_policy_table *t,
			      struct vsw_policy *rec)
{
	if (WARN_ON_ONCE(rhashtable_remove_fast(&t->ht, &rec->node,
						vsw_policy_params)))
		return false;
	vsw_flood_pa_put(&t->flood, rec->key.vsid, &rec->pa);
	call_rcu(&rec->rcu, vsw_policy_free_rcu);
	return true;
}

/**
 * vsw_policy_alloc - allocate a record, not yet in any table
 * @vsid: VSID
 * @ca: customer address
 * @mac: the VM's MAC address
 * @pa: provider address
 *
 * Process context, may sleep. The memory is charged to the caller's
 * memory cgroup.
 *
 * Return: the record, or %NULL.
 */
VISIBLE_IF_KUNIT struct vsw_policy *
vsw_policy_alloc(u32 vsid, const struct in6_addr *ca, const u8 *mac,
		 const struct in6_addr *pa)
{
	struct vsw_policy *rec;

	/* Refused when the cgroup is at its limit: the caller is told. */
	rec = kmem_cache_alloc(vsw_policy_cache, GFP_KERNEL | __GFP_NOWARN);
	if (!rec)
		return NULL;
	rec->key.vsid = vsid;
	rec->key.ca = *ca;
	rec->pa = *pa;
	ether_addr_copy(rec->mac, mac);
	rec->batch_state = VSW_POLICY_SETTLED;
	return rec;
}

/*
 * Links @rec into the table in place of @old, which has the same key (so
 * the same hash) and is in the table: that cannot fail (the table's lock).
 * One pointer store swaps them in their chain; @old stays readable until
 * readers that found it are done.
 */
static void vsw_policy_swap(struct vsw_policy_table *t, struct vsw_policy *old,
			    struct vsw_policy *rec)
{
	WARN_ON_ONCE(rhashtable_replace_fast(&t->ht, &old->node, &rec->node,
					     vsw_policy_params));
}

/*
 * Links @rec into the table as part of @b; on failure, frees it and
 * leaves the table as it was. The record it replaces, if any, keeps its
 * memory and its place in the VSID's PA set until the batch ends, so that
 * vsw_policy_batch_abort() can put it back without allocating anything.
 */
static int vsw_policy_link(struct vsw_policy_batch *b, struct vsw_policy *rec,
			   bool replace, struct netlink_ext_ack *extack)
{
	struct vsw_policy_table *t = b->t;
	struct vsw_policy *old;
	int err;

	lockdep_assert_held(t->lock);

	old = vsw_policy_find(t, &rec->key);
	if (old && !replace) {
		NL_SET_ERR_MSG(extack, "policy record exists");
		err = -EEXIST;
		goto err_free;
	}
	/* A batch adds or removes, never both. */
	if (WARN_ON_ONCE(old && old->batch_state == VSW_POLICY_REMOVING)) {
		err = -EINVAL;
		goto err_free;
	}
	/* A replace of a record that exists does not grow the table. */
	if (!old && vsw_policy_count(t) >= t->max) {
		atomic64_inc(&t->over_limit);
		NL_SET_ERR_MSG(extack, "policy table full");
		err = -ENOSPC;
		goto err_free;
	}
	/* The VSID's PA set takes the new PA before any old one goes. */
	err = vsw_flood_pa_get(&t->flood, rec->key.vsid, &rec->pa);
	if (err)
		goto err_free;

	if (old) {
		vsw_policy_swap(t, old, rec);
		if (old->batch_state == VSW_POLICY_ADDED) {
			/* Added by this batch: only its original matters. */
			rec->batch.old = old->batch.old;
			old->batch_state = VSW_POLICY_SUPERSEDED;
			vsw_flood_pa_put(&t->flood, old->key.vsid, &old->pa);
		} else {
			rec->batch.old = old;
		}
	} else {
		err = rhashtable_lookup_insert_fast(&t->ht, &rec->node,
						    vsw_policy_params);
		if (err) {
			vsw_flood_pa_put(&t->flood, rec->key.vsid, &rec->pa);
			/* -EEXIST cannot happen under @t->lock; the rest is memory. */
			WARN_ON_ONCE(err == -EEXIST);
			if (err == -EBUSY)
				NL_SET_ERR_MSG(extack,
					       "policy table is being resized, try again");
			goto err_free;
		}
		rec->batch.old = NULL;
	}
	rec->batch_state = VSW_POLICY_ADDED;
	rec->batch.next = b->head;
	b->head = rec;
	vsw_policy_changed(t);
	return 0;

err_free:
	kmem_cache_free(vsw_policy_cache, rec);
	return err;
}

/**
 * vsw_policy_batch_init - start a batch of changes of a table
 * @b: the batch
 * @t: the table
 *
 * A batch groups the records of one request so that they are kept, or
 * undone, together: vsw_policy_batch_add() and vsw_policy_batch_remove()
 * record what they did in @b, then exactly one of vsw_policy_batch_end()
 * (keep it all) or vsw_policy_batch_abort() (undo it all) ends it. Added
 * and replaced records are in the table, and seen by readers, as soon as
 * they are added; removals take effect when the batch ends. Undoing needs
 * no memory: the records a batch replaced stay allocated, and in the
 * VSID's PA set, until it ends. A batch adds or removes, not both. The
 * caller holds @t->lock from init to end or abort.
 */
void vsw_policy_batch_init(struct vsw_policy_batch *b,
			   struct vsw_policy_table *t)
{
	lockdep_assert_held(t->lock);

	b->t = t;
	b->head = NULL;
}

/*
 * Records ended or undone between two reschedules: a batch may hold a
 * request's worth of records, or a million.
 */
#define VSW_POLICY_BATCH_CHUNK	1024

/*
 * Ends @b: keeps what it did (@keep) or undoes it. Undoing a record it
 * added removes it, or links the record it replaced back in its place,
 * which allocates nothing; keeping it lets the replaced record go.
 * Removals happen only when kept. Most recent first: a record replaced
 * twice is restored last.
 */
static void vsw_policy_batch_finish(struct vsw_policy_batch *b, bool keep,
				    void (*added)(const struct vsw_policy *rec,
						  const struct vsw_policy *old,
						  void *arg),
				    void *arg)
{
	struct vsw_policy_table *t = b->t;
	struct vsw_policy *rec, *next, *old;
	bool changed = false;
	unsigned int n = 0;

	lockdep_assert_held(t->lock);

	for (rec = b->head; rec; rec = next) {
		next = rec->batch.next;
		switch (rec->batch_state) {
		case VSW_POLICY_ADDED:
			old = rec->batch.old;
			rec->batch_state = VSW_POLICY_SETTLED;
			if (keep) {
				if (added)
					added(rec, old, arg);
				if (old) {
					vsw_flood_pa_put(&t->flood, old->key.vsid,
							 &old->pa);
					call_rcu(&old->rcu, vsw_policy_free_rcu);
				}
				break;
			}
			if (old)
				vsw_policy_swap(t, rec, old);
			else
				WARN_ON_ONCE(rhashtable_remove_fast(&t->ht,
								    &rec->node,
								    vsw_policy_params));
			vsw_flood_pa_put(&t->flood, rec->key.vsid, &rec->pa);
			call_rcu(&rec->rcu, vsw_policy_free_rcu);
			changed = true;
			break;
		case VSW_POLICY_SUPERSEDED:
			call_rcu(&rec->rcu, vsw_policy_free_rcu);
			break;
		case VSW_POLICY_REMOVING:
			rec->batch_state = VSW_POLICY_SETTLED;
			if (keep) {
				vsw_policy_unlink(t, rec);
				changed = true;
			}
			break;
		default:
			WARN_ON_ONCE(1);
		}
		if (!(++n % VSW_POLICY_BATCH_CHUNK))
			cond_resched();
	}
	b->head = NULL;
	/*
	 * Records a kept batch added changed the generation as they came;
	 * an undone batch of removals changed nothing.
	 */
	if (changed)
		vsw_policy_changed(t);
}

/**
 * vsw_policy_batch_abort - undo every change of a batch
 * @b: the batch, ended by this call
 *
 * Records it added are removed, records it replaced are linked back in
 * their place: the table holds what it held at vsw_policy_batch_init(),
 * and nothing is allocated to get there. Readers may have used the
 * batch's records meanwhile. Process context; caller holds the table's
 * lock.
 */
void vsw_policy_batch_abort(struct vsw_policy_batch *b)
{
	vsw_policy_batch_finish(b, false, NULL, NULL);
}

/**
 * vsw_policy_batch_end - keep every change of a batch
 * @b: the batch, ended by this call
 * @added: called, if not %NULL, for each record the batch added and that
 *	is still in the table, with the record it replaced (%NULL if none),
 *	before that one is let go
 * @arg: passed to @added
 *
 * The records the batch removes leave the table; those it replaced are
 * freed after a grace period. Process context; caller holds the table's
 * lock.
 */
void vsw_policy_batch_end(struct vsw_policy_batch *b,
			  void (*added)(const struct vsw_policy *rec,
					const struct vsw_policy *old,
					void *arg),
			  void *arg)
{
	vsw_policy_batch_finish(b, true, added, arg);
}

/**
 * vsw_policy_commit - link an allocated record into a table
 * @t: the table
 * @rec: from vsw_policy_alloc(); owned by the table on success, freed
 *	on failure
 * @replace: overwrite a record of the same key instead of failing
 * @extack: where a refusal is explained
 *
 * A batch of one record. It does not sleep, so that a test can run it
 * inside an RCU read-side section. Caller holds @t->lock.
 *
 * Return: 0, -EEXIST, -ENOSPC, or an error of the rhashtable insert.
 */
VISIBLE_IF_KUNIT int vsw_policy_commit(struct vsw_policy_table *t,
				       struct vsw_policy *rec, bool replace,
				       struct netlink_ext_ack *extack)
{
	struct vsw_policy_batch b;
	int err;

	vsw_policy_batch_init(&b, t);
	err = vsw_policy_link(&b, rec, replace, extack);
	if (!err)
		vsw_policy_batch_end(&b, NULL, NULL);
	return err;
}

/* A record checked and allocated, not yet in a table, or an ERR_PTR(). */
static struct vsw_policy *vsw_policy_new(u32 vsid, const struct in6_addr *ca,
					 const u8 *mac,
					 const struct in6_addr *pa,
					 struct netlink_ext_ack *extack)
{
	struct vsw_policy *rec;

	if (vsid < VSW_VSID_MIN || vsid > VSW_VSID_MAX) {
		NL_SET_ERR_MSG(extack, "VSID out of range (4096-16777214)");
		return ERR_PTR(-EINVAL);
	}
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG(extack, "policy MAC must be unicast");
		return ERR_PTR(-EINVAL);
	}
	rec = vsw_policy_alloc(vsid, ca, mac, pa);
	return rec ?: ERR_PTR(-ENOMEM);
}

/**
 * vsw_policy_batch_add - add a record, or replace the record of its key,
 *	as part of a batch
 * @b: the batch
 * @vsid: VSID, %VSW_VSID_MIN to %VSW_VSID_MAX
 * @ca: customer address
 * @mac: the VM's MAC address, unicast
 * @pa: provider address of the VM's host
 * @replace: overwrite a record of the same key (atomically for readers)
 *	instead of failing with -EEXIST
 * @extack: where a refusal is explained
 *
 * A record that is not there yet is refused with -ENOSPC once the table
 * holds vsw_policy_max() records, and the refusal counted
 * (vsw_policy_over_limit()). Replacing a record is never refused for
 * space. A refusal changes nothing: the batch's earlier records stay
 * until it is ended or aborted. Process context, may sleep; caller holds
 * the table's lock.
 *
 * Return: 0; -EINVAL for a VSID out of range or a MAC that is not
 * unicast; -EEXIST; -ENOSPC; -ENOMEM; -EBUSY if the table could not grow
 * in time (rare, a retry succeeds).
 */
int vsw_policy_batch_add(struct vsw_policy_batch *b, u32 vsid,
			 const struct in6_addr *ca, const u8 *mac,
			 const struct in6_addr *pa, bool replace,
			 struct netlink_ext_ack *extack)
{
	struct vsw_policy *rec;

	lockdep_assert_held(b->t->lock);

	rec = vsw_policy_new(vsid, ca, mac, pa, extack);
	if (IS_ERR(rec))
		return PTR_ERR(rec);
	return vsw_policy_link(b, rec, replace, extack);
}

/**
 * vsw_policy_insert - add a record, or replace the record of its key
 * @t: the table
 * @vsid: VSID
 * @ca: customer address
 * @mac: the VM's MAC address
 * @pa: provider address of the VM's host
 * @replace: as for vsw_policy_batch_add()
 * @extack: where a refusal is explained
 *
 * vsw_policy_batch_add() in a batch of its own. Process context, may
 * sleep; caller holds @t->lock.
 *
 * Return: as for vsw_policy_batch_add().
 */
int vsw_policy_insert(struct vsw_policy_table *t, u32 vsid,
		      const struct in6_addr *ca, const u8 *mac,
		      const struct in6_addr *pa, bool replace,
		      struct netlink_ext_ack *extack)
{
	struct vsw_policy *rec;

	lockdep_assert_held(t->lock);

	rec = vsw_policy_new(vsid, ca, mac, pa, extack);
	if (IS_ERR(rec))
		return PTR_ERR(rec);
	return vsw_policy_commit(t, rec, replace, extack);
}

/**
 * vsw_policy_batch_remove - remove the record of (@vsid, @ca) when a batch
 *	ends
 * @b: the batch
 * @vsid: VSID
 * @ca: customer address
 * @extack: where a refusal is explained
 *
 * The record stays in the table, for readers, until vsw_policy_batch_end()
 * removes it (vsw_policy_batch_abort() keeps it). Does not sleep; caller
 * holds the table's lock.
 *
 * Return: 0, or -ENOENT if there is no such record (or the batch removes
 * it already).
 */
int vsw_policy_batch_remove(struct vsw_policy_batch *b, u32 vsid,
			    const struct in6_addr *ca,
			    struct netlink_ext_ack *extack)
{
	struct vsw_policy_key key = { .vsid = vsid, .ca = *ca };
	struct vsw_policy *rec;

	lockdep_assert_held(b->t->lock);

	rec = vsw_policy_find(b->t, &key);
	if (!rec || rec->batch_state == VSW_POLICY_REMOVING) {
		NL_SET_ERR_MSG(extack, "no such policy record");
		return -ENOENT;
	}
	/* A batch adds or removes, never both. */
	if (WARN_ON_ONCE(rec->batch_state != VSW_POLICY_SETTLED))
		return -EINVAL;
	rec->batch_state = VSW_POLICY_REMOVING;
	rec->batch.next = b->head;
	b->head = rec;
	return 0;
}

/**
 * vsw_policy_remove - remove the record of (@vsid, @ca)
 * @t: the table
 * @vsid: VSID
 * @ca: customer address
 * @extack: where a refusal is explained
 *
 * vsw_policy_batch_remove() in a batch of its own. The record is freed
 * after a grace period. Does not sleep; caller holds @t->lock.
 *
 * Return: 0, or -ENOENT if there is no such record.
 */
int vsw_policy_remove(struct vsw_policy_table *t, u32 vsid,
		      const struct in6_addr *ca, struct netlink_ext_ack *extack)
{
	struct vsw_policy_batch b;
	int err;

	vsw_policy_batch_init(&b, t);
	err = vsw_policy_batch_remove(&b, vsid, ca, extack);
	if (!err)
		vsw_policy_batch_end(&b, NULL, NULL);
	return err;
}

/*
 * One walk over the table removing every record it meets; returns how many.
 *
 * Each record is removed only once the walk has moved past it, because
 * the walker resumes from the record it last returned: remove that one
 * and the walk, when restarted after cond_resched(), would lose its
 * place. A resize rewinds the walk, which may then meet the record kept
 * back a second time, hence the check.
 */
static unsigned int vsw_policy_flush_pass(struct vsw_policy_table *t)
{
	struct vsw_policy *rec, *prev = NULL;
	struct rhashtable_iter iter;
	unsigned int n, removed = 0;

	rhashtable_walk_enter(&t->ht, &iter);
	do {
		rhashtable_walk_start(&iter);
		for (n = 0; n < VSW_POLICY_FLUSH_BATCH; n++) {
			rec = rhashtable_walk_next(&iter);
			if (!rec)
				break;
			if (IS_ERR(rec) || rec == prev)
				continue;
			if (prev && vsw_policy_unlink(t, prev))
				removed++;
			prev = rec;
		}
		rhashtable_walk_stop(&iter);
		cond_resched();
	} while (rec);
	if (prev && vsw_policy_unlink(t, prev))
		removed++;
	rhashtable_walk_exit(&iter);
	return removed;
}

/**
 * vsw_policy_flush - remove every record of a table
 * @t: the table
 *
 * Readers may run meanwhile; each record is freed after a grace period.
 * O(records), and it reschedules between batches. Process context; caller
 * holds @t->lock.
 */
void vsw_policy_flush(struct vsw_policy_table *t)
{
	lockdep_assert_held(t->lock);

	/*
	 * A walk that runs into a resize in progress can miss records that
	 * have not moved to the new bucket array yet: walk again until none
	 * is left. One pass is the rule.
	 */
	while (vsw_policy_count(t)) {
		if (WARN_ON_ONCE(!vsw_policy_flush_pass(t)))
			break;
	}
	vsw_policy_changed(t);
}

/**
 * vsw_policy_count - number of records in a table
 * @t: the table
 *
 * Any context; without @t->lock, the value may be stale by the time it
 * is used.
 *
 * Return: the number of records.
 */
unsigned int vsw_policy_count(const struct vsw_policy_table *t)
{
	return atomic_read(&t->ht.nelems);
}

/**
 * vsw_policy_max - most records a table accepts
 * @t: the table
 *
 * Any context.
 *
 * Return: the limit set by vsw_policy_set_max().
 */
u32 vsw_policy_max(const struct vsw_policy_table *t)
{
	return READ_ONCE(t->max);
}

/**
 * vsw_policy_check_max - could a table take a new maximum now?
 * @t: the table
 * @max: 1 to %VSW_POLICY_MAX_LIMIT
 * @extack: where a refusal is explained
 *
 * A limit below the number of records the table holds is refused rather
 * than left to block inserts, so that count <= max always holds and an
 * operator who lowers it is told at once that records must go first.
 * Caller holds @t->lock.
 *
 * Return: 0; -EINVAL if @max is out of range; -EBUSY if the table holds
 * more than @max records.
 */
int vsw_policy_check_max(struct vsw_policy_table *t, u32 max,
			 struct netlink_ext_ack *extack)
{
	lockdep_assert_held(t->lock);

	if (!max || max > VSW_POLICY_MAX_LIMIT) {
		NL_SET_ERR_MSG(extack, "policy max out of range (1-16777216)");
		return -EINVAL;
	}
	if (vsw_policy_count(t) > max) {
		NL_SET_ERR_MSG(extack,
			       "policy table holds more records than the new max");
		return -EBUSY;
	}
	return 0;
}

/**
 * vsw_policy_set_max - change the most records a table accepts
 * @t: the table
 * @max: the new maximum
 * @extack: where a refusal is explained
 *
 * Return: 0, or what vsw_policy_check_max() says. Caller holds @t->lock.
 */
int vsw_policy_set_max(struct vsw_policy_table *t, u32 max,
		       struct netlink_ext_ack *extack)
{
	int err;

	err = vsw_policy_check_max(t, max, extack);
	if (err)
		return err;
	WRITE_ONCE(t->max, max);
	return 0;
}

/**
 * vsw_policy_over_limit - inserts refused because the table was full
 * @t: the table
 *
 * Any context.
 *
 * Return: the number of -ENOSPC refusals since the table was created.
 */
u64 vsw_policy_over_limit(const struct vsw_policy_table *t)
{
	return atomic64_read(&t->over_limit);
}

/**
 * vsw_policy_gen - generation of a table's contents
 * @t: the table
 *
 * Changes whenever a record is added, replaced or removed. A dump stores
 * it in &netlink_callback.seq, so that genl_dump_check_consistent() flags
 * messages built after a change with %NLM_F_DUMP_INTR. Any context.
 *
 * Return: the generation.
 */
unsigned int vsw_policy_gen(const struct vsw_policy_table *t)
{
	return READ_ONCE(t->gen);
}

/**
 * vsw_policy_iter_init - start a walk over a table, e.g. for a dump
 * @t: the table
 * @it: the iterator, kept between the calls of the dump (.start)
 *
 * Process context or under a spinlock, not softirq. Every
 * vsw_policy_iter_init() needs a vsw_policy_iter_exit(), and @t must not
 * be destroyed in between.
 */
void vsw_policy_iter_init(struct vsw_policy_table *t,
			  struct vsw_policy_iter *it)
{
	rhashtable_walk_enter(&t->ht, &it->hti);
	it->handed_out = false;
}

/**
 * vsw_policy_iter_exit - end a walk (the dump's .done)
 * @it: the iterator
 */
void vsw_policy_iter_exit(struct vsw_policy_iter *it)
{
	rhashtable_walk_exit(&it->hti);
}

/**
 * vsw_policy_iter_walk - pass records to a fill function, from where the
 *	last call stopped
 * @it: the iterator
 * @vsid: only records of this VSID; 0 for all
 * @fill: called for each record, under rcu_read_lock() (must not sleep).
 *	Returns 0 when it has taken the record, non-zero (e.g. -EMSGSIZE
 *	when the message is full) to stop the walk at that record
 * @arg: passed to @fill
 *
 * The record @fill refuses is the first one offered by the next call, so
 * a dump resumes exactly where its last message ended. If the table is
 * not changed meanwhile, every record is offered exactly once. Records
 * added or removed between two calls may be missed or offered twice, as
 * with any rhashtable walk: dumps tell their reader with vsw_policy_gen().
 *
 * The table grows and shrinks on its own as records come and go. When it
 * is resized under a walk, the walk starts over in the new bucket array:
 * records offered before may be offered again, but none is missed. If
 * some record had been offered already, the walk returns -EAGAIN there,
 * so that the caller flags its dump %NLM_F_DUMP_INTR (the reader may see
 * duplicates); the caller may then call again to go on.
 *
 * A walk for one VSID leaves the RCU read-side section every
 * %VSW_POLICY_WALK_CHUNK records of other VSIDs and reschedules, so that
 * a table of millions of records costs no long RCU section or
 * non-preemptible stretch.
 *
 * Process context, may sleep; with or without a lock; never inside an
 * RCU read-side section.
 *
 * Return: 0 when every record has been offered (later calls return 0
 * too); what @fill returned when it stopped the walk; -EAGAIN when the
 * walk started over after records had been offered.
 */
int vsw_policy_iter_walk(struct vsw_policy_iter *it, u32 vsid,
			 int (*fill)(const struct vsw_policy *rec, void *arg),
			 void *arg)
{
	struct vsw_policy *rec;
	unsigned int skipped;
	int err = 0;

again:
	/* Takes rcu_read_lock() even when it fails. */
	if (rhashtable_walk_start_check(&it->hti) == -EAGAIN &&
	    it->handed_out)
		goto rewound;

	/* Peek, not next: the record the last call stopped at comes first. */
	skipped = 0;
	for (rec = rhashtable_walk_peek(&it->hti); rec;
	     rec = rhashtable_walk_next(&it->hti)) {
		if (IS_ERR(rec)) {
			if (PTR_ERR(rec) == -EAGAIN && it->handed_out)
				goto rewound;
			/* Nothing offered yet: no record can come twice. */
			continue;
		}
		if (vsid && rec->key.vsid != vsid) {
			/*
			 * A filtered walk may pass a whole table of other
			 * VSIDs before a message fills up: leave the RCU
			 * section now and then and let others run. The
			 * walk resumes at this record (skipped again).
			 */
			if (++skipped < VSW_POLICY_WALK_CHUNK)
				continue;
			rhashtable_walk_stop(&it->hti);
			cond_resched();
			goto again;
		}
		err = fill(rec, arg);
		if (err)
			break;
		it->handed_out = true;
	}
	rhashtable_walk_stop(&it->hti);
	return err;

rewound:
	it->handed_out = false;
	rhashtable_walk_stop(&it->hti);
	return -EAGAIN;
}
