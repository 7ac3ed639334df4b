/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: per-CPU counters of switches and ports, and drop reasons.
 */
#ifndef _VSW_STATS_H
#define _VSW_STATS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>

struct sk_buff;

/*
 * Why a frame was dropped. The names (vsw_drop_reason_name()) are ABI:
 * scripts read them from "vswctl stats show -j". Append only; never rename.
 * Documentation/counters.md explains each.
 */
enum vsw_drop_reason {
	VSW_DROP_SPOOFED_MAC,
	VSW_DROP_UNSUPPORTED_PROTOCOL,
	VSW_DROP_BROADCAST,
	VSW_DROP_ARP_MISS,
	VSW_DROP_ARP_IGNORED,
	VSW_DROP_POLICY_MISS,
	VSW_DROP_MAC_MISMATCH,
	VSW_DROP_NO_LOCAL_PORT,
	VSW_DROP_NO_UPLINK,
	VSW_DROP_NO_ROUTE,
	VSW_DROP_TOO_BIG,
	VSW_DROP_MALFORMED,
	VSW_DROP_FRAGMENT,
	VSW_DROP_IP_OPTIONS,
	VSW_DROP_GRE_FLAGS,
	VSW_DROP_GRE_PROTOCOL,
	VSW_DROP_RESERVED_VSID,
	VSW_DROP_SPOOFED_PA,
	VSW_DROP_INNER_VLAN,
	VSW_DROP_NOMEM,
	VSW_DROP_TX_ERROR,
	VSW_DROP_PORT_DOWN,
	VSW_DROP_ND_MISS,
	VSW_DROP_ND_IGNORED,
	VSW_DROP_ROUTE_MISS,
	VSW_DROP_TTL_EXCEEDED,
	VSW_DROP_HOLD_TIMEOUT,
	VSW_DROP_HOLD_FULL,
	VSW_DROP_FLOOD_RATE,
	VSW_DROP_FLOOD_FANOUT,
	VSW_DROP_INNER_HEADER,
	VSW_DROP_INNER_TRUNCATED,
	VSW_DROP_ECN,
	VSW_DROP_HOST_TX,
	VSW_DROP_POLICY_MISS_RX,

	VSW_DROP_MAX
};

struct vsw_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t encap_packets;
	u64_stats_t decap_packets;
	u64_stats_t drops[VSW_DROP_MAX];
	struct u64_stats_sync syncp;
};

/* A consistent sum over all CPUs, for netlink. */
struct vsw_stats_snapshot {
	u64 rx_packets;
	u64 rx_bytes;
	u64 tx_packets;
	u64 tx_bytes;
	u64 encap_packets;
	u64 decap_packets;
	u64 drops[VSW_DROP_MAX];
};

const char *vsw_drop_reason_name(enum vsw_drop_reason reason);

struct vsw_pcpu_stats __percpu *vsw_stats_alloc(void);
void vsw_stats_read(struct vsw_pcpu_stats __percpu *stats,
		    struct vsw_stats_snapshot *snap);

/*
 * The datapath updates counters from its rx_handlers, in softirq context
 * with BHs off, so this_cpu_ptr() is stable and a writer never nests.
 */
#define VSW_STATS_PAIR(name)						\
static inline void vsw_stats_##name(struct vsw_pcpu_stats __percpu *stats, \
				    unsigned int len)			\
{									\
	struct vsw_pcpu_stats *s = this_cpu_ptr(stats);			\
									\
	u64_stats_update_begin(&s->syncp);				\
	u64_stats_inc(&s->name##_packets);				\
	u64_stats_add(&s->name##_bytes, len);				\
	u64_stats_update_end(&s->syncp);				\
}

VSW_STATS_PAIR(rx)
VSW_STATS_PAIR(tx)

static inline void vsw_stats_encap(struct vsw_pcpu_stats __percpu *stats)
{
	struct vsw_pcpu_stats *s = this_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->encap_packets);
	u64_stats_update_end(&s->syncp);
}

static inline void vsw_stats_decap(struct vsw_pcpu_stats __percpu *stats)
{
	struct vsw_pcpu_stats *s = this_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->decap_packets);
	u64_stats_update_end(&s->syncp);
}

static inline void vsw_stats_drop(struct vsw_pcpu_stats __percpu *stats,
				  enum vsw_drop_reason reason)
{
	struct vsw_pcpu_stats *s = this_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[reason]);
	u64_stats_update_end(&s->syncp);
}

#endif /* _VSW_STATS_H */
