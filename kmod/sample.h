/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: packet sampling through psample, sFlow style.
 */
#ifndef _VSW_SAMPLE_H
#define _VSW_SAMPLE_H

#include <linux/percpu.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>

struct net;
struct netlink_ext_ack;
struct psample_group;

struct vsw_sample_pcpu {
	u64_stats_t pool;
	u64_stats_t samples;
	struct u64_stats_sync syncp;
};

/**
 * struct vsw_sampler - 1-in-N random sampling on one port or uplink
 * @rate: N
 * @threshold: a frame is sampled when a random u32 is below it: 2^32 / N,
 *	so that N = 1 samples everything
 * @trunc: bytes of each sampled frame handed on
 * @group_num: the psample group's number
 * @group: the psample group samples go to; a reference is held
 * @stats: frames seen (the sample pool) and frames sampled
 * @rcu: freed after readers are done
 *
 * Immutable once published: a change of settings publishes a new one.
 */
struct vsw_sampler {
	u32 rate;
	u64 threshold;
	u32 trunc;
	u32 group_num;
	struct psample_group *group;
	struct vsw_sample_pcpu __percpu *stats;
	struct rcu_head rcu;
};

/**
 * struct vsw_skb_cb - what the datapath carries with a frame in skb->cb
 *	from its entry to its exit, to describe a sample
 * @sampler: the sampler that picked this frame, or %NULL
 * @in_ifindex: where the frame entered the switch
 * @vsid: its VSID, 0 if not known yet
 * @outer_src: for a decapsulated frame, the outer source PA, else 0
 * @outer_dst: for a decapsulated frame, the outer destination PA, else 0
 * @pool: if picked, the sampler's pool when it drew this frame (the frame
 *	included): the sample's sFlow sample_pool
 */
struct vsw_skb_cb {
	struct vsw_sampler *sampler;
	int in_ifindex;
	u32 vsid;
	__be32 outer_src;
	__be32 outer_dst;
	u64 pool;
};

/*
 * The draws: a per-CPU Tausworthe generator seeded from the kernel's RNG
 * when the first sampler is made (as BPF's bpf_get_prandom_u32() does).
 * get_random_u32() costs a ChaCha20 block every few draws, which made
 * sampling at 1:10000 cost 2% of the packet rate (make bench, counted);
 * a sampling decision needs uniform draws, not secret ones.
 */
DECLARE_PER_CPU(struct rnd_state, vsw_sample_rnd);

static inline struct vsw_skb_cb *VSW_CB(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct vsw_skb_cb) > sizeof(skb->cb));
	return (struct vsw_skb_cb *)skb->cb;
}

/**
 * vsw_sample_hit - does a random draw pick a frame?
 * @rnd: a uniformly random u32
 * @threshold: &vsw_sampler.threshold
 *
 * Pure, so that KUnit can check the statistics with a seeded generator.
 */
static inline bool vsw_sample_hit(u32 rnd, u64 threshold)
{
	return rnd < threshold;
}

u64 vsw_sample_threshold(u32 rate);
void vsw_sampler_read(struct vsw_sampler *sampler, u64 *pool, u64 *samples);

/**
 * vsw_sample_enter - account a frame entering the switch and draw
 * @sampler: the device's sampler (rcu_dereference()d), or %NULL
 * @skb: the frame
 * @in_ifindex: the device it came in on
 *
 * Initialises the frame's &struct vsw_skb_cb. Costs one pointer test when
 * sampling is off; a per-CPU increment and a random draw from the per-CPU
 * generator when on; and, for a picked frame, a sum of the pool over the
 * CPUs: the sample's pool. Datapath context.
 */
static inline void vsw_sample_enter(struct vsw_sampler *sampler,
				    struct sk_buff *skb, int in_ifindex)
{
	struct vsw_skb_cb *cb = VSW_CB(skb);

	cb->sampler = NULL;
	cb->in_ifindex = in_ifindex;
	cb->vsid = 0;
	cb->outer_src = 0;
	cb->outer_dst = 0;
	if (sampler) {
		struct vsw_sample_pcpu *s = this_cpu_ptr(sampler->stats);
		u32 rnd = prandom_u32_state(this_cpu_ptr(&vsw_sample_rnd));
		bool hit = vsw_sample_hit(rnd, sampler->threshold);

		u64_stats_update_begin(&s->syncp);
		u64_stats_inc(&s->pool);
		if (hit)
			u64_stats_inc(&s->samples);
		u64_stats_update_end(&s->syncp);
		if (unlikely(hit)) {
			u64 samples;

			cb->sampler = sampler;
			vsw_sampler_read(sampler, &cb->pool, &samples);
		}
	}
}

void __vsw_sample_emit(struct sk_buff *skb, int out_ifindex,
		       __be32 tun_src, __be32 tun_dst, u32 vsid);

/**
 * vsw_sample_emit - hand a picked frame to psample, with where it goes
 * @skb: the frame, data at its Ethernet header
 * @out_ifindex: the device it leaves by; 0 if it is dropped
 * @tun_src: for a frame leaving in NVGRE, the outer source PA, else 0
 * @tun_dst: for a frame leaving in NVGRE, the outer destination PA, else 0
 *
 * Does nothing unless the frame was picked. Datapath context.
 */
static inline void vsw_sample_emit(struct sk_buff *skb, int out_ifindex,
				   __be32 tun_src, __be32 tun_dst)
{
	struct vsw_skb_cb *cb = VSW_CB(skb);

	if (unlikely(cb->sampler))
		__vsw_sample_emit(skb, out_ifindex, tun_src, tun_dst, cb->vsid);
}

struct vsw_sampler *vsw_sampler_create(struct net *net, u32 rate, u32 group,
				       u32 trunc,
				       struct netlink_ext_ack *extack);
void vsw_sampler_release(struct vsw_sampler *sampler);

#endif /* _VSW_SAMPLE_H */
