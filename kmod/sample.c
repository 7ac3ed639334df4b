// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: packet sampling through psample, sFlow style.
 *
 * A port or the uplink may carry a sampler. Every frame entering the
 * switch there counts in the sampler's pool, and is picked with
 * probability 1/N by a fresh random draw from a per-CPU generator
 * (never every Nth: periodic sampling aliases with periodic traffic).
 * A picked frame is handed to psample where the switch decides its fate, so the sample carries the
 * real output device (0 when the frame is dropped) and, when the frame
 * leaves or arrived in NVGRE, the tunnel: psample reports the VSID as the
 * tunnel ID and the PAs as the tunnel's addresses, the way it does for the
 * kernel's own tunnels. Any psample consumer can read them.
 *
 * psample copies what it sends, so a reader that falls behind costs
 * forwarding nothing: its socket buffer fills, further samples are dropped
 * by netlink and counted on that socket, and the reader sees ENOBUFS.
 *
 * sFlow wants each sample's pool: the frames its sampler had seen when it
 * drew it. psample has no attribute for it on every kernel (6.11 added a
 * user cookie; 6.1 has none, and the attributes it has mean something
 * else to other readers), so the pool goes on a channel of our own: when
 * the vsw family's "samples" group has listeners, each sample is followed
 * there by (sampler, psample group, psample sequence number, pool). To
 * know the sequence number psample gave the sample, vsw's samples go to
 * psample one at a time (psample increments it unlocked, so concurrent
 * callers could share one): a spinlock taken for the picked frames only.
 */

#include <linux/math64.h>
#include <linux/slab.h>
#include <net/dst_metadata.h>
#include <net/ip_tunnels.h>
#include <net/netlink.h>
#include <net/psample.h>

#include "netlink.h"
#include "sample.h"

DEFINE_PER_CPU(struct rnd_state, vsw_sample_rnd);

/* Serialises vsw's calls into psample, so that each learns its sequence. */
static DEFINE_SPINLOCK(vsw_sample_lock);

/**
 * vsw_sample_threshold - the draw threshold for 1-in-@rate sampling
 * @rate: N, at least 1
 */
u64 vsw_sample_threshold(u32 rate)
{
	return div_u64(1ULL << 32, rate ?: 1);
}

/**
 * vsw_sampler_create - a sampler, not yet published
 * @net: the namespace whose psample group samples go to
 * @rate: N, at least 1
 * @group: the psample group number
 * @trunc: bytes of each frame to hand on
 * @extack: where a refusal is explained
 *
 * Return: the sampler or an ERR_PTR(). Process context.
 */
struct vsw_sampler *vsw_sampler_create(struct net *net, u32 rate, u32 group,
				       u32 trunc,
				       struct netlink_ext_ack *extack)
{
	struct vsw_sampler *sampler;
	int cpu;

	prandom_init_once(&vsw_sample_rnd);
	sampler = kzalloc(sizeof(*sampler), GFP_KERNEL_ACCOUNT);
	if (!sampler)
		return ERR_PTR(-ENOMEM);
	sampler->stats = alloc_percpu_gfp(struct vsw_sample_pcpu,
					  GFP_KERNEL_ACCOUNT);
	if (!sampler->stats)
		goto err_free;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(sampler->stats, cpu)->syncp);

	sampler->group = psample_group_get(net, group);
	if (!sampler->group)
		goto err_stats;
	sampler->group_num = group;
	sampler->rate = rate;
	sampler->threshold = vsw_sample_threshold(rate);
	sampler->trunc = trunc;
	return sampler;

err_stats:
	free_percpu(sampler->stats);
err_free:
	kfree(sampler);
	NL_SET_ERR_MSG(extack, "cannot allocate the sampler");
	return ERR_PTR(-ENOMEM);
}

static void vsw_sampler_free(struct rcu_head *rcu)
{
	struct vsw_sampler *sampler = container_of(rcu, struct vsw_sampler,
						   rcu);

	psample_group_put(sampler->group);
	free_percpu(sampler->stats);
	kfree(sampler);
}

/**
 * vsw_sampler_release - free a sampler once readers are done with it
 * @sampler: a sampler no longer published, or %NULL
 */
void vsw_sampler_release(struct vsw_sampler *sampler)
{
	if (sampler)
		call_rcu(&sampler->rcu, vsw_sampler_free);
}

/**
 * vsw_sampler_read - the sampler's pool and samples, summed over CPUs
 * @sampler: the sampler
 * @pool: frames seen
 * @samples: frames picked
 */
void vsw_sampler_read(struct vsw_sampler *sampler, u64 *pool, u64 *samples)
{
	int cpu;

	*pool = 0;
	*samples = 0;
	for_each_possible_cpu(cpu) {
		const struct vsw_sample_pcpu *s = per_cpu_ptr(sampler->stats,
							      cpu);
		unsigned int start;
		u64 p, n;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			p = u64_stats_read(&s->pool);
			n = u64_stats_read(&s->samples);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		*pool += p;
		*samples += n;
	}
}

/*
 * Called for the few frames picked. The tunnel reaches psample the way
 * the kernel's own tunnels give it: as the skb's tunnel metadata, set
 * just for the call.
 */
void __vsw_sample_emit(struct sk_buff *skb, int out_ifindex,
		       __be32 tun_src, __be32 tun_dst, u32 vsid)
{
	struct vsw_skb_cb *cb = VSW_CB(skb);
	struct vsw_sampler *sampler = cb->sampler;
	IP_TUNNEL_DECLARE_FLAGS(flags) = { };
	struct psample_metadata md = {};
	struct metadata_dst *tun = NULL;
	bool tx = tun_src != 0;
	unsigned long refdst = 0;
	int off = 0;

	/* One sample per frame, however it ends. */
	cb->sampler = NULL;

	if (!tun_src) {
		tun_src = cb->outer_src;
		tun_dst = cb->outer_dst;
	}
	if (tun_src && vsid) {
		tun = metadata_dst_alloc(0, METADATA_IP_TUNNEL, GFP_ATOMIC);
		if (tun) {
			__set_bit(IP_TUNNEL_KEY_BIT, flags);
			ip_tunnel_key_init(&tun->u.tun_info.key, tun_src,
					   tun_dst, 0, 0, 0, 0, 0,
					   cpu_to_be64(vsid), flags);
			if (tx)
				tun->u.tun_info.mode = IP_TUNNEL_INFO_TX;
			refdst = skb->_skb_refdst;
			skb->_skb_refdst = (unsigned long)&tun->dst;
		}
	}

	/* psample copies from skb->data: the sample starts at Ethernet. */
	if (skb_mac_header_was_set(skb))
		off = skb->data - skb_mac_header(skb);
	if (off > 0)
		__skb_push(skb, off);

	md.trunc_size = sampler->trunc;
	md.in_ifindex = cb->in_ifindex;
	md.out_ifindex = out_ifindex;
	if (vsw_nl_sample_listened(sampler->group->net)) {
		struct psample_group *group = sampler->group;
		u32 seq;
		bool sent;

		spin_lock_bh(&vsw_sample_lock);
		seq = READ_ONCE(group->seq);
		psample_sample_packet(group, skb, sampler->rate, &md);
		sent = READ_ONCE(group->seq) != seq;
		spin_unlock_bh(&vsw_sample_lock);
		/* Numbered, hence sent or lost on the way, but not refused. */
		if (sent)
			vsw_nl_notify_sample(group->net, cb->in_ifindex,
					     sampler->group_num, seq, cb->pool);
	} else {
		psample_sample_packet(sampler->group, skb, sampler->rate, &md);
	}

	if (off > 0)
		__skb_pull(skb, off);
	if (tun) {
		skb->_skb_refdst = refdst;
		dst_release(&tun->dst);
	}
}
