/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: frames held on a policy miss until a record arrives.
 */
#ifndef _VSW_HOLD_H
#define _VSW_HOLD_H

#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/types.h>

struct in6_addr;
struct vsw_port;
struct vsw_switch;

/* Miss events one port's frames may cause a second, in bursts of as many. */
#define VSW_MISS_RATE		1000
/* One port may hold at most 1/VSW_HOLD_PORT_SHARE of hold-max (at least 1). */
#define VSW_HOLD_PORT_SHARE	4
#define VSW_HOLD_HASH_BITS	6

/**
 * struct vsw_hold - the hold queue of one switch
 * @lock: protects @q, @pending and the ports' &vsw_port.held; taken
 *	from the datapath (softirq), the timer and, with BHs off, from
 *	process context
 * @q: held frames, oldest first; their control blocks are
 *	&struct vsw_hold_cb
 * @pending: the frames of @q again, by the (VSID, CA) they wait for: one
 *	singly linked chain per hash bucket, through their control blocks
 * @seed: of the hash of @pending
 * @timer: fires at the earliest deadline of a held frame
 * @max: most frames held at once, 0 to %VSW_HOLD_MAX_LIMIT (0: misses
 *	are dropped at once); written under the switch's lock, read
 *	locklessly
 * @timeout_ms: how long a frame is held, in ms; written under the
 *	switch's lock, read locklessly
 */
struct vsw_hold {
	spinlock_t lock;	/* protects q */
	struct sk_buff_head q;
	struct sk_buff *pending[1 << VSW_HOLD_HASH_BITS];
	u32 seed;
	struct timer_list timer;
	u32 max;
	u32 timeout_ms;
};

void vsw_hold_init(struct vsw_hold *h);
void vsw_hold_destroy(struct vsw_hold *h);
bool vsw_hold_frame(struct vsw_switch *sw, struct vsw_port *port,
		    struct sk_buff *skb);
void vsw_hold_release(struct vsw_switch *sw, u32 vsid,
		      const struct in6_addr *ca);
bool vsw_hold_pending(struct vsw_switch *sw, u32 vsid,
		      const struct in6_addr *ca);
void vsw_hold_purge_port(struct vsw_switch *sw, struct vsw_port *port);
unsigned int vsw_hold_count(const struct vsw_hold *h);

#endif /* _VSW_HOLD_H */
