// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: IPv6 Neighbour Discovery from VMs, answered from the policy table.
 *
 * What arp.c does for IPv4: a Neighbour Solicitation from a VM is
 * answered with a Neighbour Advertisement carrying the MAC of the policy
 * record for its target, in the VM's VSID, and never leaves the host. No
 * record, no answer (and a miss event). Duplicate Address Detection
 * (source ::) is never answered: that would tell the VM its own address
 * is taken. The other ND messages a VM may send (router and neighbour
 * advertisements, router solicitations, redirects) have no one to go to
 * on an overlay whose only neighbour resolver is the switch, and are
 * dropped and counted (nd_ignored).
 */

#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/addrconf.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "nd.h"
#include "netlink.h"
#include "port.h"
#include "route.h"
#include "sample.h"
#include "switch.h"

/* An ND option carrying one Ethernet address takes 8 bytes. */
#define VSW_ND_LLA_OPT_LEN	8

/**
 * vsw_nd_na_create - build a Neighbour Advertisement for a VM
 * @dev: the port's device (headroom and the skb's device)
 * @dst_mac: Ethernet destination (the VM)
 * @src_mac: Ethernet source and target link-layer address (the MAC the
 *	target has in the policy table)
 * @daddr: IPv6 destination: the solicitation's source, or all-nodes for an
 *	unsolicited advertisement
 * @target: the address advertised, also the IPv6 source
 * @solicited: set the S flag (an answer to a solicitation)
 *
 * Override is always set: the policy table is the authority on every
 * mapping. Any context.
 *
 * Return: the frame, data at its Ethernet header, or %NULL.
 */
struct sk_buff *vsw_nd_na_create(struct net_device *dev, const u8 *dst_mac,
				 const u8 *src_mac,
				 const struct in6_addr *daddr,
				 const struct in6_addr *target, bool solicited)
{
	unsigned int len = sizeof(struct nd_msg) + VSW_ND_LLA_OPT_LEN;
	struct ipv6hdr *ip6h;
	struct sk_buff *skb;
	struct nd_msg *msg;
	struct ethhdr *eth;
	u8 *opt;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + sizeof(*ip6h) + len +
			dev->needed_tailroom, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb_reset_network_header(skb);
	ip6h = skb_put(skb, sizeof(*ip6h));
	ip6_flow_hdr(ip6h, 0, 0);
	ip6h->payload_len = htons(len);
	ip6h->nexthdr = IPPROTO_ICMPV6;
	ip6h->hop_limit = 255;
	ip6h->saddr = *target;
	ip6h->daddr = *daddr;

	skb_set_transport_header(skb, skb->len);
	msg = skb_put_zero(skb, sizeof(*msg));
	msg->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	msg->icmph.icmp6_solicited = solicited;
	msg->icmph.icmp6_override = 1;
	msg->target = *target;
	opt = skb_put(skb, VSW_ND_LLA_OPT_LEN);
	opt[0] = ND_OPT_TARGET_LL_ADDR;
	opt[1] = VSW_ND_LLA_OPT_LEN / 8;
	ether_addr_copy(opt + 2, src_mac);
	msg->icmph.icmp6_cksum = csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr,
						 len, IPPROTO_ICMPV6,
						 csum_partial(msg, len, 0));

	eth = skb_push(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	ether_addr_copy(eth->h_dest, dst_mac);
	ether_addr_copy(eth->h_source, src_mac);
	eth->h_proto = htons(ETH_P_IPV6);
	skb->protocol = htons(ETH_P_IPV6);
	skb->dev = dev;
	return skb;
}

/*
 * The checks ndisc_recv_ns() makes before it believes a solicitation
 * (RFC 4861 7.1.1), and the source link-layer address option, which must
 * be the port's MAC. @len is the ICMPv6 length. Returns a drop reason, or
 * VSW_DROP_MAX if the solicitation is good.
 */
static enum vsw_drop_reason vsw_nd_ns_check(struct vsw_port *port,
					    struct sk_buff *skb,
					    unsigned int len)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	const struct nd_msg *msg;
	unsigned int off;
	const u8 *opt;

	if (ip6h->hop_limit != 255 || len < sizeof(*msg))
		return VSW_DROP_MALFORMED;
	if (skb->ip_summed != CHECKSUM_PARTIAL &&
	    csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, len, IPPROTO_ICMPV6,
			    skb_checksum(skb, skb_transport_offset(skb), len,
					 0)))
		return VSW_DROP_MALFORMED;
	msg = (const struct nd_msg *)skb_transport_header(skb);
	if (msg->icmph.icmp6_code || ipv6_addr_is_multicast(&msg->target))
		return VSW_DROP_MALFORMED;

	for (off = sizeof(*msg); off + 2 <= len; off += opt[1] * 8) {
		opt = msg->opt + off - sizeof(*msg);
		if (!opt[1] || off + opt[1] * 8 > len)
			return VSW_DROP_MALFORMED;
		if (opt[0] == ND_OPT_SOURCE_LL_ADDR &&
		    (opt[1] != 1 || !ether_addr_equal(opt + 2, port->mac)))
			return VSW_DROP_SPOOFED_MAC;
	}
	if (off != len)
		return VSW_DROP_MALFORMED;
	return VSW_DROP_MAX;
}

/**
 * vsw_nd_rcv - handle an ICMPv6 Neighbour Discovery message from a VM
 * @port: the port it came from
 * @skb: the packet, data at its IPv6 header, whose next header is ICMPv6
 *	and whose ICMPv6 type is one of ND's (133-137)
 *
 * Consumes @skb. Runs in softirq context under rcu_read_lock().
 */
void vsw_nd_rcv(struct vsw_port *port, struct sk_buff *skb)
{
	struct vsw_switch *sw = port->sw;
	const struct vsw_policy *rec;
	enum vsw_drop_reason reason;
	const struct ipv6hdr *ip6h;
	const struct nd_msg *msg;
	struct sk_buff *reply;
	struct in6_addr target;
	u8 mac[ETH_ALEN];
	const u8 *reply_mac;
	unsigned int len;

	ip6h = ipv6_hdr(skb);
	len = ntohs(ip6h->payload_len);
	if (unlikely(skb->len < sizeof(*ip6h) + len ||
		     !pskb_may_pull(skb, sizeof(*ip6h) + len))) {
		vsw_drop(sw, port, skb, VSW_DROP_MALFORMED);
		return;
	}
	skb_set_transport_header(skb, sizeof(*ip6h));
	msg = (const struct nd_msg *)skb_transport_header(skb);
	if (msg->icmph.icmp6_type != NDISC_NEIGHBOUR_SOLICITATION) {
		vsw_drop(sw, port, skb, VSW_DROP_ND_IGNORED);
		return;
	}
	reason = vsw_nd_ns_check(port, skb, len);
	if (unlikely(reason != VSW_DROP_MAX)) {
		vsw_drop(sw, port, skb, reason);
		return;
	}
	ip6h = ipv6_hdr(skb);
	/* Duplicate Address Detection: the address is the VM's to check. */
	if (ipv6_addr_any(&ip6h->saddr)) {
		vsw_drop(sw, port, skb, VSW_DROP_ND_IGNORED);
		return;
	}
	target = msg->target;

	/* A record first; then the gateway of a customer route (route.c). */
	rec = vsw_policy_lookup(&sw->policy, port->vsid, &target);
	if (rec) {
		if (ether_addr_equal(rec->mac, port->mac)) {
			vsw_drop(sw, port, skb, VSW_DROP_ND_IGNORED);
			return;
		}
		reply_mac = rec->mac;
	} else if (vsw_route_gateway_mac(sw, port->vsid, &target, mac)) {
		reply_mac = mac;
	} else {
		vsw_nl_notify_miss(sw, port, port->vsid, &target);
		vsw_drop(sw, port, skb, VSW_DROP_ND_MISS);
		return;
	}

	reply = vsw_nd_na_create(port->dev, port->mac, reply_mac,
				 &ip6h->saddr, &target, true);
	if (unlikely(!reply)) {
		vsw_drop(sw, port, skb, VSW_DROP_NOMEM);
		return;
	}
	/* Answered here: a sample of it says so (no output device). */
	vsw_sample_emit(skb, 0, 0, 0);
	consume_skb(skb);
	vsw_port_xmit(port, reply);
}
