/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: lock-free rate limits for the datapath.
 */
#ifndef _VSW_LIMIT_H
#define _VSW_LIMIT_H

#include <linux/atomic.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>
#include <linux/types.h>

/**
 * DOC: Rate limits
 *
 * Every limit of the datapath (flooding per port and per VSID, miss
 * events per port) is a &struct vsw_limit: a token bucket of @burst
 * tokens refilled at @rate a second, kept as the time at which the bucket
 * will be full again ("theoretical arrival time", GCRA). A caller takes a
 * token with one compare-and-exchange on that time, retried if another
 * CPU took one meanwhile: no lock, no interrupts turned off, and a caller
 * is refused only when the tokens are really gone, however many CPUs
 * take them at once. (The kernel's __ratelimit() takes a spinlock with a
 * trylock and counts a failed trylock as "limit exceeded": under
 * multi-queue traffic it refuses far below its rate.)
 *
 * Time is the monotonic clock in ns (ktime_get_mono_fast_ns(), safe in
 * any context); vsw_limit_allow_at() takes it as an argument, for tests.
 */

/**
 * struct vsw_limit - a token bucket
 * @tat: when, in ns of the monotonic clock, the bucket is full again
 * @interval: ns per token (%NSEC_PER_SEC / rate)
 * @slack: how far @tat may run ahead of now: (burst - 1) * @interval
 */
struct vsw_limit {
	atomic64_t tat;
	u64 interval;
	u64 slack;
};

/**
 * vsw_limit_init - a full bucket of @burst tokens refilled at @rate a second
 * @l: the limit
 * @rate: tokens a second, at least 1
 * @burst: tokens at most, at least 1
 *
 * Not concurrent with a vsw_limit_allow() on @l.
 */
static inline void vsw_limit_init(struct vsw_limit *l, u32 rate, u32 burst)
{
	l->interval = div_u64(NSEC_PER_SEC, max(rate, 1U));
	l->slack = (u64)(max(burst, 1U) - 1) * l->interval;
	atomic64_set(&l->tat, 0);
}

/**
 * vsw_limit_allow_at - take a token, at a given time
 * @l: the limit
 * @now: the time, ns of the monotonic clock
 *
 * Any context; lock-free.
 *
 * Return: %true if a token was taken, %false if none is left.
 */
static inline bool vsw_limit_allow_at(struct vsw_limit *l, u64 now)
{
	s64 old = atomic64_read(&l->tat);
	u64 tat;

	do {
		tat = max_t(u64, old, now);
		if (tat - now > l->slack)
			return false;
	} while (!atomic64_try_cmpxchg(&l->tat, &old, tat + l->interval));
	return true;
}

/**
 * vsw_limit_allow - take a token now
 * @l: the limit
 *
 * Any context; lock-free.
 *
 * Return: %true if a token was taken, %false if none is left.
 */
static inline bool vsw_limit_allow(struct vsw_limit *l)
{
	return vsw_limit_allow_at(l, ktime_get_mono_fast_ns());
}

#endif /* _VSW_LIMIT_H */
