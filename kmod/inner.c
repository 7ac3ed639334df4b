// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: the checks of a tenant's packet (inner IPv4, IPv6, ARP, ND).
 *
 * vsw forwards a tenant's packet by its Ethernet header and its IP
 * addresses, and answers ARP and Neighbour Discovery itself. It does not
 * look further (checksums, options, the transport header are the
 * receiving VM's to check), but it does not forward a packet whose own
 * lengths say it is not all there, or whose header is not a header: what
 * ip_rcv_core() and ipv6_rcv() would drop (their InHdrErrors and
 * InTruncatedPkts), vsw drops before it reaches another VM or the wire,
 * and counts:
 *
 *   inner_header     IPv4 version not 4 or IHL below 5, IPv6 version not
 *                    6, or the fixed header (IPv4: with its options) not
 *                    all in the frame; IPv4 total length below the header
 *   inner_truncated  IPv4 total length or IPv6 payload length beyond the
 *                    frame; an ARP packet shorter than its address
 *                    lengths say; an ND message shorter than its type's
 *                    fixed part (RFC 4861), or the first fragment of an
 *                    ICMPv6 packet without its ICMPv6 type
 *
 * What follows the lengths (Ethernet's padding of a short frame) is
 * trimmed off, as ip_rcv_core() does. The same checks apply to the frame
 * a VM sends (port.c, data at the network header) and to a frame
 * decapsulated from the wire (nvgre.c, data at the inner Ethernet
 * header): @off says where the network header is.
 */

#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "inner.h"

/* The fixed part of each ND message (RFC 4861, section 4), by type. */
static const u8 vsw_nd_min_len[] = {
	[NDISC_ROUTER_SOLICITATION - NDISC_ROUTER_SOLICITATION] = 8,
	[NDISC_ROUTER_ADVERTISEMENT - NDISC_ROUTER_SOLICITATION] = 16,
	[NDISC_NEIGHBOUR_SOLICITATION - NDISC_ROUTER_SOLICITATION] = 24,
	[NDISC_NEIGHBOUR_ADVERTISEMENT - NDISC_ROUTER_SOLICITATION] = 24,
	[NDISC_REDIRECT - NDISC_ROUTER_SOLICITATION] = 40,
};

static bool vsw_inner_is_nd_type(u8 type)
{
	return type >= NDISC_ROUTER_SOLICITATION && type <= NDISC_REDIRECT;
}

/*
 * The upper-layer header of the IPv6 packet at @off: its offset in @skb,
 * or -1 if there is none to be seen (a non-first fragment, a chain cut
 * short or ending in "no next header"); *@nexthdr its protocol.
 */
static int vsw_inner_l4(const struct sk_buff *skb, unsigned int off,
			u8 *nexthdr)
{
	const struct ipv6hdr *ip6h = (const struct ipv6hdr *)(skb->data + off);
	__be16 frag_off;
	int l4off;

	*nexthdr = ip6h->nexthdr;
	/* The common case: no extension header to walk. */
	if (likely(!ipv6_ext_hdr(*nexthdr)))
		return off + sizeof(*ip6h);
	l4off = ipv6_skip_exthdr(skb, off + sizeof(*ip6h), nexthdr, &frag_off);
	if (l4off < 0 || frag_off & htons(IP6_OFFSET))
		return -1;
	return l4off;
}

/**
 * vsw_inner_nd - is this IPv6 packet a Neighbour Discovery message?
 * @skb: the frame; vsw_inner_check() has passed its IPv6 header
 * @off: the offset of the IPv6 header in @skb's data
 * @hidden: set if the message is behind extension headers or in a
 *	fragment, where no legitimate ND message is (RFC 6980), cleared if
 *	it follows the fixed header
 *
 * An ICMPv6 message of type 133-137 is ND wherever it is in the header
 * chain: behind Hop-by-Hop or Destination Options headers, or in the first
 * fragment of a fragmented packet.
 *
 * Return: the ND type, or 0 if the packet is not ND.
 */
int vsw_inner_nd(const struct sk_buff *skb, unsigned int off, bool *hidden)
{
	u8 nexthdr, _type;
	const u8 *type;
	int l4off;

	l4off = vsw_inner_l4(skb, off, &nexthdr);
	if (l4off < 0 || nexthdr != IPPROTO_ICMPV6)
		return 0;
	type = skb_header_pointer(skb, l4off, sizeof(_type), &_type);
	if (!type || !vsw_inner_is_nd_type(*type))
		return 0;
	*hidden = l4off != off + sizeof(struct ipv6hdr);
	return *type;
}

static enum vsw_drop_reason vsw_inner_ipv4(struct sk_buff *skb,
					   unsigned int off)
{
	const struct iphdr *iph;
	unsigned int hlen, len;

	if (unlikely(!pskb_may_pull(skb, off + sizeof(*iph))))
		return VSW_DROP_INNER_HEADER;
	iph = (const struct iphdr *)(skb->data + off);
	hlen = iph->ihl * 4;
	if (unlikely(iph->version != 4 || iph->ihl < 5))
		return VSW_DROP_INNER_HEADER;
	len = ntohs(iph->tot_len);
	/* A GSO frame larger than 64 KiB (BIG TCP) says 0: ip_rcv_core(). */
	if (!len && skb_is_gso(skb))
		len = skb->len - off;
	if (unlikely(len < hlen))
		return VSW_DROP_INNER_HEADER;
	if (unlikely(skb->len - off < len))
		return VSW_DROP_INNER_TRUNCATED;
	if (unlikely(!pskb_may_pull(skb, off + hlen)))
		return VSW_DROP_INNER_HEADER;
	if (unlikely(pskb_trim_rcsum(skb, off + len)))
		return VSW_DROP_NOMEM;
	return VSW_DROP_MAX;
}

static enum vsw_drop_reason vsw_inner_ipv6(struct sk_buff *skb,
					   unsigned int off)
{
	const struct ipv6hdr *ip6h;
	unsigned int len;
	const u8 *type;
	u8 nexthdr, _t;
	int l4off;

	if (unlikely(!pskb_may_pull(skb, off + sizeof(*ip6h))))
		return VSW_DROP_INNER_HEADER;
	ip6h = (const struct ipv6hdr *)(skb->data + off);
	if (unlikely(ip6h->version != 6))
		return VSW_DROP_INNER_HEADER;
	len = sizeof(*ip6h) + ntohs(ip6h->payload_len);
	/* A GSO frame larger than 64 KiB (BIG TCP) says 0. */
	if (len == sizeof(*ip6h) && skb_is_gso(skb))
		len = skb->len - off;
	if (unlikely(skb->len - off < len))
		return VSW_DROP_INNER_TRUNCATED;
	if (unlikely(pskb_trim_rcsum(skb, off + len)))
		return VSW_DROP_NOMEM;

	/* An ND message must be all there for nd.c or the receiving VM. */
	l4off = vsw_inner_l4(skb, off, &nexthdr);
	if (l4off < 0 || nexthdr != IPPROTO_ICMPV6)
		return VSW_DROP_MAX;
	type = skb_header_pointer(skb, l4off, sizeof(_t), &_t);
	/* A first fragment must hold the whole header chain (RFC 7112). */
	if (unlikely(!type))
		return VSW_DROP_INNER_TRUNCATED;
	if (unlikely(vsw_inner_is_nd_type(*type) &&
		     skb->len - l4off <
		     vsw_nd_min_len[*type - NDISC_ROUTER_SOLICITATION]))
		return VSW_DROP_INNER_TRUNCATED;
	return VSW_DROP_MAX;
}

static enum vsw_drop_reason vsw_inner_arp(struct sk_buff *skb,
					  unsigned int off)
{
	const struct arphdr *arp;

	if (unlikely(!pskb_may_pull(skb, off + sizeof(*arp))))
		return VSW_DROP_INNER_TRUNCATED;
	arp = (const struct arphdr *)(skb->data + off);
	if (unlikely(!pskb_may_pull(skb, off + sizeof(*arp) +
					 2 * (arp->ar_hln + arp->ar_pln))))
		return VSW_DROP_INNER_TRUNCATED;
	return VSW_DROP_MAX;
}

/**
 * vsw_inner_check - check a tenant's packet's own lengths
 * @skb: the frame
 * @off: the offset of its network header in @skb's data
 * @proto: its Ethernet type
 *
 * On success, the network header (IPv4 with its options, the fixed IPv6
 * header, ARP with its addresses) is in the linear part of @skb, and
 * anything after the packet is trimmed off. Protocols other than IPv4,
 * IPv6 and ARP are not checked. Any context.
 *
 * Return: %VSW_DROP_MAX if the packet is whole, else why to drop it:
 * %VSW_DROP_INNER_HEADER, %VSW_DROP_INNER_TRUNCATED, or %VSW_DROP_NOMEM.
 */
enum vsw_drop_reason vsw_inner_check(struct sk_buff *skb, unsigned int off,
				     __be16 proto)
{
	switch (proto) {
	case htons(ETH_P_IP):
		return vsw_inner_ipv4(skb, off);
	case htons(ETH_P_IPV6):
		return vsw_inner_ipv6(skb, off);
	case htons(ETH_P_ARP):
		return vsw_inner_arp(skb, off);
	}
	return VSW_DROP_MAX;
}
