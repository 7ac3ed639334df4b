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

/**
 * struct vsw_hold - the hold queue of one switch
 * @lock: protects @q; taken from the datapath (softirq), the timer and,
 *	with BHs off, from process context
 * @q: held frames, oldest first; their control blocks are
 *	&struct vsw_hold_cb
 * @timer: fires at the earliest deadline of a held frame
 * @max: most frames held at once, 0 to %VSW_HOLD_MAX_LIMIT (0: misses
 *	are dropped at once); written under RTNL, read locklessly
 * @timeout_ms: how long a frame is held, in ms; written under RTNL, read
 *	locklessly
 */
struct vsw_hold {
	spinlock_t lock;	/* protects q */
	struct sk_buff_head q;
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
void vsw_hold_purge_port(struct vsw_switch *sw, struct vsw_port *port);
unsigned int vsw_hold_count(const struct vsw_hold *h);

#endif /* _VSW_HOLD_H */
