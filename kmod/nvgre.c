// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: NVGRE encapsulation and decapsulation (RFC 7637).
 *
 * On the wire: outer IPv4 (protocol 47) or IPv6 (next header 47) from one
 * provider address (PA) to another, of the family of the destination PA;
 * GRE version 0 with only the K bit, protocol 0x6558 (transparent
 * Ethernet bridging); key = VSID << 8 | FlowID; the tenant's Ethernet
 * frame (IPv4 or IPv6), untagged.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <linux/vsw.h>
#include <net/gre.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ip6_tunnel.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>

#include "addr.h"
#include "flood.h"
#include "inner.h"
#include "netlink.h"
#include "nvgre.h"
#include "port.h"
#include "route.h"
#include "sample.h"
#include "switch.h"
#include "uplink.h"

static void vsw_nvgre_too_big(struct vsw_port *port, struct sk_buff *skb,
			      struct dst_entry *dst, int overhead)
{
	struct vsw_switch *sw = port->sw;
	int err;

	/*
	 * The kernel's helper for bridged tunnels turns the frame into the
	 * ICMP "fragmentation needed" (IPv4 with DF) or ICMPv6 "packet too
	 * big" its sender should get, addressed from the frame's destination.
	 */
	/* Sampled, the frame is reported dropped: it never leaves. */
	vsw_sample_emit(skb, 0, 0, 0);
	err = skb_tunnel_check_pmtu(skb, dst, overhead, true);
	vsw_stats_drop(port->stats, VSW_DROP_TOO_BIG);
	vsw_stats_drop(sw->stats, VSW_DROP_TOO_BIG);
	if (err > 0)
		vsw_port_xmit(port, skb);
	else
		kfree_skb(skb);
}

/*
 * What both underlays share once the outer route is known: the MTU check,
 * then the GRE header. Returns false if @skb was consumed (dropped).
 */
static bool vsw_nvgre_prepare(struct vsw_port *port, struct sk_buff *skb,
			      struct dst_entry *dst, int overhead, __be32 key)
{
	unsigned int mtu;

	skb_push(skb, ETH_HLEN);

	/*
	 * The outer packet never gets fragmented (DF on IPv4; IPv6 routers
	 * do not fragment): a receiver sees fragments before reassembly and
	 * drops them, so the inner packet must fit.
	 */
	mtu = dst_mtu(dst) - overhead;
	if (skb_is_gso(skb) ? !skb_gso_validate_network_len(skb, mtu) :
			      skb->len - ETH_HLEN > mtu) {
		vsw_nvgre_too_big(port, skb, dst, overhead);
		return false;
	}

	if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) + dst->header_len +
			      overhead - ETH_HLEN) ||
	    iptunnel_handle_offloads(skb, SKB_GSO_GRE)) {
		vsw_drop(port->sw, port, skb, VSW_DROP_NOMEM);
		return false;
	}
	return true;
}

static void vsw_nvgre_sent(struct vsw_port *port, struct sk_buff *skb,
			   __be32 key)
{
	IP_TUNNEL_DECLARE_FLAGS(flags) = { };
	struct vsw_switch *sw = port->sw;

	vsw_stats_encap(port->stats);
	vsw_stats_encap(sw->stats);
	vsw_stats_tx(sw->stats, skb->len);
	__set_bit(IP_TUNNEL_KEY_BIT, flags);
	gre_build_header(skb, VSW_GRE_HLEN, flags, htons(ETH_P_TEB), key, 0);
	/*
	 * The frame leaves the tenant here: the tunnel output scrubs it
	 * (mark, conntrack, ...; xnet) and, with no device set, leaves the
	 * device counters of the VM's port alone (they are not tunnel stats).
	 */
	skb->dev = NULL;
}

static void vsw_nvgre_xmit4(struct vsw_port *port, struct vsw_uplink *up,
			    struct vsw_dstc *dstc, struct sk_buff *skb,
			    const struct in6_addr *src_pa,
			    const struct in6_addr *dst_pa, __be32 key, u8 tos,
			    u8 ttl)
{
	__be32 saddr = vsw_addr4(src_pa), daddr = vsw_addr4(dst_pa);
	struct rtable *rt;

	rt = (struct rtable *)vsw_dstc_get(dstc, dst_pa, tos);
	if (!rt) {
		struct flowi4 fl4 = {};

		fl4.daddr = daddr;
		fl4.saddr = saddr;
		fl4.flowi4_proto = IPPROTO_GRE;
		fl4.flowi4_tos = RT_TOS(tos);
		fl4.fl4_gre_key = key;
		rt = ip_route_output_key(dev_net(up->dev), &fl4);
		if (IS_ERR(rt)) {
			vsw_drop(port->sw, port, skb, VSW_DROP_NO_ROUTE);
			return;
		}
		vsw_dstc_set(dstc, dst_pa, tos, &rt->dst, 0);
	}
	if (!vsw_nvgre_prepare(port, skb, &rt->dst, VSW_NVGRE_OVERHEAD, key)) {
		ip_rt_put(rt);
		return;
	}
	vsw_sample_emit(skb, rt->dst.dev->ifindex, saddr, daddr);
	vsw_nvgre_sent(port, skb, key);
	iptunnel_xmit(NULL, rt, skb, saddr, daddr, IPPROTO_GRE, tos, ttl,
		      htons(IP_DF), true);
}

static void vsw_nvgre_xmit6(struct vsw_port *port, struct vsw_uplink *up,
			    struct vsw_dstc *dstc, struct sk_buff *skb,
			    const struct in6_addr *saddr,
			    const struct in6_addr *daddr, __be32 key, u8 tos,
			    u8 ttl)
{
	struct net *net = dev_net(up->dev);
	struct flowi6 fl6 = {};
	struct dst_entry *dst;
	struct ipv6hdr *ip6h;
	__be32 label;

	fl6.daddr = *daddr;
	fl6.saddr = *saddr;
	fl6.flowi6_proto = IPPROTO_GRE;
	fl6.flowlabel = ip6_make_flowinfo(RT_TOS(tos), 0);
	fl6.fl6_gre_key = key;
	dst = vsw_dstc_get(dstc, daddr, tos);
	if (!dst) {
		dst = ipv6_stub->ipv6_dst_lookup_flow(net, NULL, &fl6, NULL);
		if (IS_ERR(dst)) {
			vsw_drop(port->sw, port, skb, VSW_DROP_NO_ROUTE);
			return;
		}
		vsw_dstc_set(dstc, daddr, tos, dst,
			     rt6_get_cookie((struct rt6_info *)dst));
	}
	if (!vsw_nvgre_prepare(port, skb, dst, VSW_NVGRE6_OVERHEAD, key)) {
		dst_release(dst);
		return;
	}
	/* The flow label spreads flows like the outer UDP ports of VXLAN. */
	label = ip6_make_flowlabel(net, skb, 0, true, &fl6);
	vsw_sample_emit(skb, dst->dev->ifindex, 0, 0);
	vsw_nvgre_sent(port, skb, key);

	skb_scrub_packet(skb, true);
	skb_clear_hash_if_not_l4(skb);
	skb_dst_set(skb, dst);
	skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6h = ipv6_hdr(skb);
	ip6_flow_hdr(ip6h, tos, label);
	ip6h->nexthdr = IPPROTO_GRE;
	ip6h->hop_limit = ttl;
	ip6h->saddr = *saddr;
	ip6h->daddr = *daddr;
	skb->protocol = htons(ETH_P_IPV6);
	/* ip6_local_out() fills in the payload length. */
	ip6tunnel_xmit(NULL, skb, NULL);
}

/*
 * The FlowID is the low byte of a hash of the inner flow: for TCP, UDP,
 * UDP-Lite and SCTP directly over IPv4 (not a fragment) or IPv6, a jhash
 * of the addresses, ports and protocol read here, with a seed drawn at
 * boot. It only spreads flows over the underlay's ECMP paths, 256 ways:
 * a whole flow dissection and SipHash (skb_get_hash()) cost about 670
 * instructions a packet, a sixth of encapsulation (make bench, counted
 * guest). Anything else, and an skb that already has a hash, takes
 * skb_get_hash().
 */
static u32 vsw_nvgre_flow_hash(struct sk_buff *skb)
{
	static u32 vsw_flow_seed __read_mostly;
	const __be16 *ports;
	__be16 _ports[2];
	u32 a, b;
	int off;
	u8 proto;

	if (skb->l4_hash || skb->sw_hash)
		return skb->hash;

	net_get_random_once(&vsw_flow_seed, sizeof(vsw_flow_seed));
	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph = ip_hdr(skb);

		if (iph->ihl < 5 || ip_is_fragment(iph))
			goto dissect;
		proto = iph->protocol;
		off = skb_network_offset(skb) + iph->ihl * 4;
		a = (__force u32)iph->saddr;
		b = (__force u32)iph->daddr;
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		proto = ip6h->nexthdr;
		off = skb_network_offset(skb) + sizeof(*ip6h);
		a = __ipv6_addr_jhash(&ip6h->saddr, vsw_flow_seed);
		b = __ipv6_addr_jhash(&ip6h->daddr, vsw_flow_seed);
	} else {
		goto dissect;
	}
	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
		break;
	default:
		goto dissect;
	}
	ports = skb_header_pointer(skb, off, sizeof(_ports), _ports);
	if (!ports)
		goto dissect;
	return jhash_3words(a, b, ((__force u32)ports[0] << 16 |
				   (__force u32)ports[1]) ^ proto,
			    vsw_flow_seed);

dissect:
	return skb_get_hash(skb);
}

static void vsw_nvgre_xmit_one(struct vsw_port *port, struct vsw_uplink *up,
			       struct vsw_uplink_pa *pas, struct sk_buff *skb,
			       const struct in6_addr *src_pa,
			       const struct in6_addr *dst_pa, __be32 key, u8 tos,
			       u8 ttl)
{
	if (vsw_addr_is4(dst_pa))
		vsw_nvgre_xmit4(port, up, &pas->dstc, skb, src_pa, dst_pa, key,
				tos, ttl);
	else
		vsw_nvgre_xmit6(port, up, &pas->dstc, skb, src_pa, dst_pa, key,
				tos, ttl);
}

/*
 * Whether a GSO frame (data at its network header) must be segmented
 * before encapsulation, in software, as WireGuard does before it
 * encrypts:
 *
 * - a frame that is itself tunnelled (skb->encapsulation): a VM or a
 *   container on a veth port running its own VXLAN, Geneve or GRE hands
 *   vsw GSO frames (veth offers NETIF_F_GSO_ENCAP_ALL) whose inner headers
 *   are its tunnel's. GRE segmentation over them would copy the VM's own
 *   outer headers into every segment with wrong lengths: the kernel
 *   segments no tunnel inside a tunnel.
 * - a frame the outer header's 16-bit length cannot describe: BIG TCP
 *   (gso_max_size over 64 KB on the port device) hands vsw larger frames.
 */
static bool vsw_nvgre_must_segment(const struct sk_buff *skb,
				   const struct in6_addr *dst_pa)
{
	unsigned int max = vsw_addr_is4(dst_pa) ?
		IP_MAX_MTU - VSW_NVGRE_OVERHEAD :
		IPV6_MAXPLEN + sizeof(struct ipv6hdr) - VSW_NVGRE6_OVERHEAD;

	return skb->encapsulation || skb->len > max;
}

/**
 * vsw_nvgre_xmit - encapsulate a VM's frame and send it to a remote PA
 * @port: the port the frame came from
 * @up: the switch's uplink
 * @skb: the frame, data at its (IPv4 or IPv6) network header
 * @vsid: the VSID it travels in (the port's, or a routed frame's target)
 * @dst_pa: the PA of the host of the destination VM; its family picks the
 *	underlay, and the uplink's PA of that family is the source
 *
 * The outer packet goes through the host's routing and neighbour tables;
 * its route is cached per remote PA (see DOC: Outer route cache). A GSO
 * frame that is itself tunnelled, or too long for the outer header, is
 * segmented first and each segment encapsulated on its own.
 * Consumes @skb. Runs in softirq context under rcu_read_lock().
 */
void vsw_nvgre_xmit(struct vsw_port *port, struct vsw_uplink *up,
		    struct sk_buff *skb, u32 vsid, const struct in6_addr *dst_pa)
{
	struct vsw_switch *sw = port->sw;
	u8 tos = READ_ONCE(sw->tos);
	u8 ttl = READ_ONCE(sw->ttl);
	const struct in6_addr *src_pa;
	struct vsw_uplink_pa *pas;
	u32 flowid = 0;
	__be32 key;

	/* The source PA and the routes cached for it, from one snapshot. */
	pas = rcu_dereference(up->pa);
	src_pa = vsw_uplink_pa_of(pas, dst_pa);
	if (unlikely(!src_pa)) {
		/* The uplink has no PA of this record's family. */
		vsw_drop(sw, port, skb, VSW_DROP_NO_UPLINK);
		return;
	}
	if (READ_ONCE(sw->flowid) == VSW_FLOWID_HASH)
		flowid = vsw_nvgre_flow_hash(skb) & 0xff;
	key = cpu_to_be32(vsid << 8 | flowid);
	if (tos == VSW_TOS_INHERIT)
		tos = ip_tunnel_get_dsfield(ip_hdr(skb), skb);
	tos = ip_tunnel_ecn_encap(tos, ip_hdr(skb), skb);

	if (unlikely(skb_is_gso(skb) && vsw_nvgre_must_segment(skb, dst_pa))) {
		struct sk_buff *segs, *next;

		/* Segmentation wants data at the MAC header. */
		skb_push(skb, ETH_HLEN);
		segs = skb_gso_segment(skb, 0);
		if (IS_ERR_OR_NULL(segs)) {
			vsw_drop(sw, port, skb, PTR_ERR(segs) == -ENOMEM ?
				 VSW_DROP_NOMEM : VSW_DROP_MALFORMED);
			return;
		}
		consume_skb(skb);
		skb_list_walk_safe(segs, skb, next) {
			skb_mark_not_on_list(skb);
			__skb_pull(skb, ETH_HLEN);
			vsw_nvgre_xmit_one(port, up, pas, skb, src_pa, dst_pa,
					   key, tos, ttl);
		}
		return;
	}
	vsw_nvgre_xmit_one(port, up, pas, skb, src_pa, dst_pa, key, tos, ttl);
}

/*
 * Point the transport header of a decapsulated frame (data at its Ethernet
 * header) at its L4 header. iptunnel_pull_header() leaves it where the
 * sending host's stack or GRO set it, at the outer GRE header, now in
 * front of skb->data. A GSO frame leaving by a port needs it right: the
 * qdisc layer reads the TCP header there (qdisc_pkt_len_init(), which
 * since 6.12.118 drops the frame if it lies in front of skb->data) and so
 * does a device that segments. A frame whose checksum is left to the
 * device, as every GSO frame's is, has its L4 header at csum_start; any
 * other has it at @thoff, after the fixed inner IP header.
 */
static void vsw_nvgre_set_transport(struct sk_buff *skb, int thoff)
{
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		thoff = skb_checksum_start_offset(skb);
	skb_set_transport_header(skb, thoff);
}

/*
 * ECN decapsulation (RFC 6040, section 4.2), as ip_tunnel_rcv() does it: a
 * CE mark on the outer header is copied to an inner header that is ECT,
 * and ECT(1) to one that is ECT(0); an inner header that is Not-ECT cannot
 * carry the mark, and the packet is dropped rather than the congestion
 * signal lost. @skb's network header is at the inner IPv4 or IPv6 header
 * (vsw_inner_check() has pulled it), its protocol the inner one. Returns
 * VSW_DROP_MAX, or why to drop the packet.
 */
static enum vsw_drop_reason vsw_nvgre_ecn_decap(struct sk_buff *skb,
						u8 outer, u8 inner)
{
	unsigned int hlen = skb->protocol == htons(ETH_P_IP) ?
			    sizeof(struct iphdr) : sizeof(struct ipv6hdr);
	bool set_ce = false;
	int rc;

	rc = __INET_ECN_decapsulate(outer, inner, &set_ce);
	if (unlikely(rc == 2))
		return VSW_DROP_ECN;
	/* Nothing to change: the fast path. */
	if (likely(rc || (!set_ce &&
			  (outer & INET_ECN_MASK) != INET_ECN_ECT_1)))
		return VSW_DROP_MAX;
	/* The data may be shared with a clone (a packet socket, say). */
	if (unlikely(skb_ensure_writable(skb, skb_network_offset(skb) + hlen)))
		return VSW_DROP_NOMEM;
	if (set_ce)
		INET_ECN_set_ce(skb);
	else
		INET_ECN_set_ect1(skb);
	return VSW_DROP_MAX;
}

/**
 * vsw_nvgre_src_check - anti-spoofing of a frame decapsulated from the wire
 * @sw: the switch
 * @vsid: the VSID it came in
 * @ca: its inner source CA (v4-mapped for IPv4)
 * @src_pa: the outer source PA it came from
 * @src_mac: its inner source MAC
 *
 * The sender's CA must be, in this VSID, a VM at the PA the packet came
 * from, with the MAC it came from. A frame routed by the sender's host
 * comes from the router MAC, and its sender is a VM of another subnet of
 * this VSID's routing domain (vsw_route_routed_src_ok()). A sender with no
 * record at all in @vsid (not routed) is a policy miss on receive: a host
 * that fetches records on demand may not have it yet; a record at another
 * PA, or with another MAC, is spoofing. Caller holds rcu_read_lock().
 *
 * Return: %VSW_DROP_MAX if the sender checks out, else why to drop the
 * frame: %VSW_DROP_POLICY_MISS_RX, %VSW_DROP_SPOOFED_PA or
 * %VSW_DROP_SPOOFED_MAC.
 */
enum vsw_drop_reason vsw_nvgre_src_check(struct vsw_switch *sw, u32 vsid,
					 const struct in6_addr *ca,
					 const struct in6_addr *src_pa,
					 const u8 *src_mac)
{
	const struct vsw_policy *rec = vsw_policy_lookup(&sw->policy, vsid, ca);

	if (vsw_route_is_router_mac(sw, src_mac)) {
		if ((!rec || !ipv6_addr_equal(&rec->pa, src_pa)) &&
		    !vsw_route_routed_src_ok(sw, vsid, ca, src_pa))
			return VSW_DROP_SPOOFED_PA;
		return VSW_DROP_MAX;
	}
	if (!rec)
		return VSW_DROP_POLICY_MISS_RX;
	if (!ipv6_addr_equal(&rec->pa, src_pa))
		return VSW_DROP_SPOOFED_PA;
	if (!ether_addr_equal(src_mac, rec->mac))
		return VSW_DROP_SPOOFED_MAC;
	return VSW_DROP_MAX;
}

/*
 * The GRE header, the tenant's frame and the anti-spoofing checks, the
 * same for both underlays. @skb's data is at the outer network header,
 * with @hlen bytes of it and the GRE header pulled.
 */
static void vsw_nvgre_rcv_gre(struct vsw_uplink *up, struct sk_buff *skb,
			      unsigned int hlen,
			      const struct in6_addr *outer_src, u8 outer_tos)
{
	struct vsw_switch *sw = up->sw;
	const struct gre_base_hdr *greh;
	const struct ipv6hdr *ip6h;
	enum vsw_drop_reason reason;
	const struct ethhdr *eth;
	const struct iphdr *iph;
	u8 inner_tos;
	struct in6_addr src_pa;
	struct in6_addr ca;
	struct vsw_port *dst;
	int thoff;
	u32 vsid;

	greh = (const struct gre_base_hdr *)(skb_network_header(skb) + hlen);
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
	VSW_CB(skb)->vsid = vsid;
	/* The outer header goes: keep the source PA. */
	src_pa = *outer_src;

	if (unlikely(iptunnel_pull_header(skb, hlen + VSW_GRE_HLEN,
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
	if (unlikely(eth->h_proto != htons(ETH_P_IP) &&
		     eth->h_proto != htons(ETH_P_IPV6))) {
		vsw_drop(sw, NULL, skb, VSW_DROP_UNSUPPORTED_PROTOCOL);
		return;
	}
	reason = vsw_inner_check(skb, ETH_HLEN, eth->h_proto);
	if (unlikely(reason != VSW_DROP_MAX)) {
		vsw_drop(sw, NULL, skb, reason);
		return;
	}
	/* The inner protocol, not ETH_P_TEB: for ECN, qdiscs and GSO. */
	skb->protocol = eth_hdr(skb)->h_proto;
	skb_set_network_header(skb, ETH_HLEN);
	if (skb->protocol == htons(ETH_P_IP)) {
		iph = ip_hdr(skb);
		vsw_addr_set4(&ca, iph->saddr);
		inner_tos = iph->tos;
		thoff = ETH_HLEN + iph->ihl * 4;
	} else {
		ip6h = ipv6_hdr(skb);
		ca = ip6h->saddr;
		inner_tos = ipv6_get_dsfield(ip6h);
		thoff = ETH_HLEN + sizeof(struct ipv6hdr);
	}
	reason = vsw_nvgre_ecn_decap(skb, outer_tos, inner_tos);
	if (unlikely(reason != VSW_DROP_MAX)) {
		vsw_drop(sw, NULL, skb, reason);
		return;
	}
	vsw_nvgre_set_transport(skb, thoff);
	eth = eth_hdr(skb);

	reason = vsw_nvgre_src_check(sw, vsid, &ca, &src_pa, eth->h_source);
	if (unlikely(reason != VSW_DROP_MAX)) {
		/* Someone may fetch the sender's record (on-demand hosts). */
		if (reason == VSW_DROP_POLICY_MISS_RX)
			vsw_nl_notify_miss_rx(sw, vsid, &ca, &src_pa);
		vsw_drop(sw, NULL, skb, reason);
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
	vsw_port_xmit(dst, skb);
}

/**
 * vsw_nvgre_rcv - check and decapsulate a GRE packet sent to the local PA
 * @up: the uplink it came in on
 * @skb: the packet, data at its outer IPv4 header (already pulled)
 *
 * Every check of decapsulation (Documentation/model.md); a packet that fails one is
 * dropped and counted by reason. Consumes @skb. Runs in softirq context
 * under rcu_read_lock().
 */
void vsw_nvgre_rcv(struct vsw_uplink *up, struct sk_buff *skb)
{
	struct vsw_switch *sw = up->sw;
	const struct iphdr *iph;
	u32 tot_len;

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
	VSW_CB(skb)->outer_src = iph->saddr;
	VSW_CB(skb)->outer_dst = iph->daddr;
	vsw_nvgre_rcv_gre(up, skb, sizeof(*iph), VSW_ADDR4(iph->saddr),
			  iph->tos);
}

/**
 * vsw_nvgre_rcv6 - check and decapsulate a GRE packet sent to the local
 *	IPv6 PA
 * @up: the uplink it came in on
 * @skb: the packet, data at its outer IPv6 header (already pulled); next
 *	header GRE or a fragment header (see vsw_uplink_rx())
 *
 * The IPv6 counterpart of vsw_nvgre_rcv(): no extension headers, no
 * fragments, no jumbograms. Consumes @skb. Runs in softirq context under
 * rcu_read_lock().
 */
void vsw_nvgre_rcv6(struct vsw_uplink *up, struct sk_buff *skb)
{
	struct vsw_switch *sw = up->sw;
	const struct ipv6hdr *ip6h;
	u32 len;

	ip6h = ipv6_hdr(skb);
	if (unlikely(ip6h->version != 6)) {
		vsw_drop(sw, NULL, skb, VSW_DROP_MALFORMED);
		return;
	}
	if (unlikely(ip6h->nexthdr == NEXTHDR_FRAGMENT)) {
		vsw_drop(sw, NULL, skb, VSW_DROP_FRAGMENT);
		return;
	}
	len = sizeof(*ip6h) + ntohs(ip6h->payload_len);
	if (unlikely(skb->len < len || len < sizeof(*ip6h) + VSW_GRE_HLEN)) {
		vsw_drop(sw, NULL, skb, VSW_DROP_MALFORMED);
		return;
	}
	if (unlikely(pskb_trim_rcsum(skb, len))) {
		vsw_drop(sw, NULL, skb, VSW_DROP_NOMEM);
		return;
	}
	if (unlikely(!pskb_may_pull(skb, sizeof(*ip6h) + VSW_GRE_HLEN))) {
		vsw_drop(sw, NULL, skb, VSW_DROP_MALFORMED);
		return;
	}
	ip6h = ipv6_hdr(skb);
	vsw_nvgre_rcv_gre(up, skb, sizeof(*ip6h), &ip6h->saddr,
			  ipv6_get_dsfield(ip6h));
}
