// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: per-CPU counters of switches and ports, and drop reasons.
 */

#include <linux/bug.h>
#include <linux/percpu.h>

#include "stats.h"

static const char * const vsw_drop_reason_names[VSW_DROP_MAX] = {
	[VSW_DROP_SPOOFED_MAC] = "spoofed_mac",
	[VSW_DROP_UNSUPPORTED_PROTOCOL] = "unsupported_protocol",
	[VSW_DROP_BROADCAST] = "broadcast",
	[VSW_DROP_ARP_MISS] = "arp_miss",
	[VSW_DROP_ARP_IGNORED] = "arp_ignored",
	[VSW_DROP_POLICY_MISS] = "policy_miss",
	[VSW_DROP_MAC_MISMATCH] = "mac_mismatch",
	[VSW_DROP_NO_LOCAL_PORT] = "no_local_port",
	[VSW_DROP_NO_UPLINK] = "no_uplink",
	[VSW_DROP_NO_ROUTE] = "no_route",
	[VSW_DROP_TOO_BIG] = "too_big",
	[VSW_DROP_MALFORMED] = "malformed",
	[VSW_DROP_FRAGMENT] = "fragment",
	[VSW_DROP_IP_OPTIONS] = "ip_options",
	[VSW_DROP_GRE_FLAGS] = "gre_flags",
	[VSW_DROP_GRE_PROTOCOL] = "gre_protocol",
	[VSW_DROP_RESERVED_VSID] = "reserved_vsid",
	[VSW_DROP_SPOOFED_PA] = "spoofed_pa",
	[VSW_DROP_INNER_VLAN] = "inner_vlan",
	[VSW_DROP_NOMEM] = "nomem",
	[VSW_DROP_TX_ERROR] = "tx_error",
	[VSW_DROP_PORT_DOWN] = "port_down",
	[VSW_DROP_ND_MISS] = "nd_miss",
	[VSW_DROP_ND_IGNORED] = "nd_ignored",
	[VSW_DROP_ROUTE_MISS] = "route_miss",
	[VSW_DROP_TTL_EXCEEDED] = "ttl_exceeded",
	[VSW_DROP_HOLD_TIMEOUT] = "hold_timeout",
	[VSW_DROP_HOLD_FULL] = "hold_full",
	[VSW_DROP_FLOOD_RATE] = "flood_rate",
	[VSW_DROP_FLOOD_FANOUT] = "flood_fanout",
	[VSW_DROP_INNER_HEADER] = "inner_header",
	[VSW_DROP_INNER_TRUNCATED] = "inner_truncated",
	[VSW_DROP_ECN] = "ecn",
	[VSW_DROP_HOST_TX] = "host_tx",
	[VSW_DROP_POLICY_MISS_RX] = "policy_miss_rx",
};

const char *vsw_drop_reason_name(enum vsw_drop_reason reason)
{
	if (WARN_ON_ONCE(reason >= VSW_DROP_MAX || !vsw_drop_reason_names[reason]))
		return "unknown";
	return vsw_drop_reason_names[reason];
}

struct vsw_pcpu_stats __percpu *vsw_stats_alloc(void)
{
	struct vsw_pcpu_stats __percpu *stats;
	int cpu;

	stats = alloc_percpu_gfp(struct vsw_pcpu_stats, GFP_KERNEL_ACCOUNT);
	if (!stats)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats, cpu)->syncp);
	return stats;
}

void vsw_stats_read(struct vsw_pcpu_stats __percpu *stats,
		    struct vsw_stats_snapshot *snap)
{
	int cpu, i;

	memset(snap, 0, sizeof(*snap));
	for_each_possible_cpu(cpu) {
		const struct vsw_pcpu_stats *s = per_cpu_ptr(stats, cpu);
		struct vsw_stats_snapshot c;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			c.rx_packets = u64_stats_read(&s->rx_packets);
			c.rx_bytes = u64_stats_read(&s->rx_bytes);
			c.tx_packets = u64_stats_read(&s->tx_packets);
			c.tx_bytes = u64_stats_read(&s->tx_bytes);
			c.encap_packets = u64_stats_read(&s->encap_packets);
			c.decap_packets = u64_stats_read(&s->decap_packets);
			for (i = 0; i < VSW_DROP_MAX; i++)
				c.drops[i] = u64_stats_read(&s->drops[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		snap->rx_packets += c.rx_packets;
		snap->rx_bytes += c.rx_bytes;
		snap->tx_packets += c.tx_packets;
		snap->tx_bytes += c.tx_bytes;
		snap->encap_packets += c.encap_packets;
		snap->decap_packets += c.decap_packets;
		for (i = 0; i < VSW_DROP_MAX; i++)
			snap->drops[i] += c.drops[i];
	}
}
