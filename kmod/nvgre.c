// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: NVGRE encapsulation and decapsulation (RFC 7637).
 *
 * On the wire: outer IPv4 from one provider address (PA) to another,
 * protocol 47; GRE version 0 with only the K bit, protocol 0x6558
 * (transparent Ethernet bridging); key = VSID << 8 | FlowID; the tenant's
 * Ethernet frame, untagged.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/vsw.h>
#include <net/gre.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>
#include <net/route.h>

#include "flood.h"
#include "nvgre.h"
#include "port.h"
#include "sample.h"
#include "switch.h"
#include "uplink.h"

static void vsw_nvgre_too_big(struct vsw_port *port, struct sk_buff *skb,
			      struct rtable *rt)
{
	struct vsw_switch *sw = port->sw;
	int err;

	/*
	 * The kernel's helper for bridged tunnels turns the frame into the
	 * ICMP "fragmentation needed" its sender should get (IPv4 with DF
	 * only), addressed from the frame's destination.
	 */
	/* Sampled, the frame is reported dropped: it never leaves. */
	vsw_sample_emit(skb, 0, 0, 0);
	err = skb_tunnel_check_pmtu(skb, &rt->dst, VSW_NVGRE_OVERHEAD, true);
	vsw_stats_drop(port->stats, VSW_DROP_TOO_BIG);
	vsw_stats_drop(sw->stats, VSW_DROP_TOO_BIG);
	if (err > 0)
		vsw_port_xmit(port, skb);
	else
		kfree_skb(skb);
}

/**
 * vsw_nvgre_xmit - encapsulate a VM's frame and send it to a remote PA
 * @port: the port the frame came from
 * @up: the switch's uplink
 * @skb: the frame, data at its (IPv4) network header
 * @dst_pa: the PA of the host of the destination VM
 *
 * The outer packet goes through the host's routing and neighbour tables.
 * Consumes @skb. Runs in softirq context under rcu_read_lock().
 */
void vsw_nvgre_xmit(struct vsw_port *port, struct vsw_uplink *up,
		    struct sk_buff *skb, __be32 dst_pa)
{
	const struct iphdr *inner = ip_hdr(skb);
	struct vsw_switch *sw = port->sw;
	u8 tos = READ_ONCE(sw->tos);
	u8 ttl = READ_ONCE(sw->ttl);
	struct flowi4 fl4 = {};
	unsigned int len, mtu;
	struct rtable *rt;
	u32 flowid = 0;
	__be32 key;

	if (READ_ONCE(sw->flowid) == VSW_FLOWID_HASH)
		flowid = skb_get_hash(skb) & 0xff;
	key = cpu_to_be32(port->vsid << 8 | flowid);
	if (tos == VSW_TOS_INHERIT)
		tos = inner->tos;
	tos = ip_tunnel_ecn_encap(tos, inner, skb);

	fl4.daddr = dst_pa;
	fl4.saddr = READ_ONCE(up->pa);
	fl4.flowi4_proto = IPPROTO_GRE;
	fl4.flowi4_tos = RT_TOS(tos);
	fl4.fl4_gre_key = key;
	rt = ip_route_output_key(dev_net(up->dev), &fl4);
	if (IS_ERR(rt)) {
		vsw_drop(sw, port, skb, VSW_DROP_NO_ROUTE);
		return;
	}

	skb_push(skb, ETH_HLEN);
	len = skb->len;

	/*
	 * The outer packet always has DF: a receiver sees fragments before
	 * reassembly and drops them, so the inner packet must fit.
	 */
	mtu = dst_mtu(&rt->dst) - VSW_NVGRE_OVERHEAD;
	if (skb_is_gso(skb) ? !skb_gso_validate_network_len(skb, mtu) :
			      skb->len - ETH_HLEN > mtu) {
		vsw_nvgre_too_big(port, skb, rt);
		ip_rt_put(rt);
		return;
	}

	vsw_sample_emit(skb, rt->dst.dev->ifindex, fl4.saddr, fl4.daddr);

	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			      rt->dst.header_len + sizeof(struct iphdr) +
			      VSW_GRE_HLEN) ||
	    iptunnel_handle_offloads(skb, SKB_GSO_GRE)) {
		ip_rt_put(rt);
		vsw_drop(sw, port, skb, VSW_DROP_NOMEM);
		return;
	}
	gre_build_header(skb, VSW_GRE_HLEN, TUNNEL_KEY, htons(ETH_P_TEB),
			 key, 0);

	vsw_stats_encap(port->stats);
	vsw_stats_encap(sw->stats);
	vsw_stats_tx(sw->stats, len);

	/*
	 * The frame leaves the tenant here: iptunnel_xmit() scrubs it (mark,
	 * conntrack, ...; xnet) and, with no device set, leaves the device
	 * counters of the VM's port alone (they are not tunnel stats).
	 */
	skb->dev = NULL;
	iptunnel_xmit(NULL, rt, skb, fl4.saddr, fl4.daddr, IPPROTO_GRE, tos,
		      ttl, htons(IP_DF), true);
}

/**
 * vsw_nvgre_rcv - check and decapsulate a GRE packet sent to the local PA
 * @up: the uplink it came in on
 * @skb: the packet, data at its outer IPv4 header (already pulled)
 *
 * Every check of SPEC.md "Decapsulation"; a packet that fails one is
 * dropped and counted by reason. Consumes @skb. Runs in softirq context
 * under rcu_read_lock().
 */
void vsw_nvgre_rcv(struct vsw_uplink *up, struct sk_buff *skb)
{
	struct vsw_switch *sw = up->sw;
	const struct gre_base_hdr *greh;
	const struct vsw_policy *rec;
	const struct iphdr *iph;
	const struct ethhdr *eth;
	struct vsw_port *dst;
	u32 vsid, tot_len;
	__be32 saddr;

	iph = ip_hdr(skb);
	if (unlikely(iph->ihl < 5 || iph->version != 4)) {
		vsw_drop(sw, NULL, skb, VSW_DROP_MALFORMED);
		return;
	}
	if (unlikely(iph->ihl > 5)) {
		vsw_drop(sw, NULL, skb, VSW_DROP_IP_OPTIONS);
		return;
	}
	if (unlikely(ip_is_fragment(iph))) {
		vsw_drop(sw, NULL, skb, VSW_DROP_FRAGMENT);
		return;
	}
	tot_len = ntohs(iph->tot_len);
	if (unlikely(ip_fast_csum(iph, iph->ihl) || skb->len < tot_len ||
		     tot_len < sizeof(*iph) + VSW_GRE_HLEN)) {
		vsw_drop(sw, NULL, skb, VSW_DROP_MALFORMED);
		return;
	}
	/* Ethernet may have padded a short packet. */
	if (unlikely(pskb_trim_rcsum(skb, tot_len))) {
		vsw_drop(sw, NULL, skb, VSW_DROP_NOMEM);
		return;
	}
	if (unlikely(!pskb_may_pull(skb, sizeof(*iph) + VSW_GRE_HLEN))) {
		vsw_drop(sw, NULL, skb, VSW_DROP_MALFORMED);
		return;
	}

	iph = ip_hdr(skb);
	greh = (const struct gre_base_hdr *)(iph + 1);
	/* Version 0, K set; C, R, S and the recursion bits clear. */
	if (unlikely(greh->flags != GRE_KEY)) {
		vsw_drop(sw, NULL, skb, VSW_DROP_GRE_FLAGS);
		return;
	}
	if (unlikely(greh->protocol != htons(ETH_P_TEB))) {
		vsw_drop(sw, NULL, skb, VSW_DROP_GRE_PROTOCOL);
		return;
	}
	vsid = be32_to_cpu(*(const __be32 *)(greh + 1)) >> 8;
	if (unlikely(vsid < VSW_VSID_MIN || vsid > VSW_VSID_MAX)) {
		vsw_drop(sw, NULL, skb, VSW_DROP_RESERVED_VSID);
		return;
	}
	saddr = iph->saddr;
	VSW_CB(skb)->vsid = vsid;
	VSW_CB(skb)->outer_src = saddr;
	VSW_CB(skb)->outer_dst = iph->daddr;

	if (unlikely(iptunnel_pull_header(skb, sizeof(*iph) + VSW_GRE_HLEN,
					  htons(ETH_P_TEB), true))) {
		vsw_drop(sw, NULL, skb, VSW_DROP_MALFORMED);
		return;
	}
	skb_reset_mac_header(skb);
	eth = eth_hdr(skb);
	if (unlikely(eth_type_vlan(eth->h_proto))) {
		vsw_drop(sw, NULL, skb, VSW_DROP_INNER_VLAN);
		return;
	}
	if (unlikely(eth->h_proto != htons(ETH_P_IP))) {
		vsw_drop(sw, NULL, skb, VSW_DROP_UNSUPPORTED_PROTOCOL);
		return;
	}
	if (unlikely(!pskb_may_pull(skb, ETH_HLEN + sizeof(*iph)))) {
		vsw_drop(sw, NULL, skb, VSW_DROP_MALFORMED);
		return;
	}
	eth = eth_hdr(skb);
	iph = (const struct iphdr *)(skb->data + ETH_HLEN);

	/*
	 * Anti-spoofing: the sender's CA must be, in this VSID, a VM at the
	 * PA the packet came from, with the MAC it came from.
	 */
	rec = vsw_policy_lookup(&sw->policy, vsid, iph->saddr);
	if (unlikely(!rec || rec->pa != saddr)) {
		vsw_drop(sw, NULL, skb, VSW_DROP_SPOOFED_PA);
		return;
	}
	if (unlikely(!ether_addr_equal(eth->h_source, rec->mac))) {
		vsw_drop(sw, NULL, skb, VSW_DROP_SPOOFED_MAC);
		return;
	}

	/* Flooded by the sender's host; never sent on from here. */
	if (unlikely(is_multicast_ether_addr(eth->h_dest))) {
		vsw_flood_rcv(sw, vsid, skb);
		return;
	}
	dst = vsw_port_lookup(sw, vsid, eth->h_dest);
	if (unlikely(!dst)) {
		vsw_drop(sw, NULL, skb, VSW_DROP_NO_LOCAL_PORT);
		return;
	}
	vsw_stats_decap(sw->stats);
	vsw_stats_rx(sw->stats, skb->len);
	skb_set_network_header(skb, ETH_HLEN);
	vsw_port_xmit(dst, skb);
}
