// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: ARP requests from VMs, answered from the policy table.
 *
 * The switch is the only ARP responder a VM ever talks to: a request is
 * answered with the MAC of the policy record for its target, in the VM's
 * VSID, and never leaves the host. No record, no answer (and a miss event,
 * so that a controller can install one).
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/skbuff.h>
#include <net/arp.h>

#include "addr.h"
#include "arp.h"
#include "netlink.h"
#include "port.h"
#include "route.h"
#include "sample.h"
#include "switch.h"

/**
 * vsw_arp_rcv - handle an ARP packet from a VM
 * @port: the port it came from
 * @skb: the packet, data at the ARP header
 *
 * Consumes @skb. Runs in softirq context under rcu_read_lock().
 */
void vsw_arp_rcv(struct vsw_port *port, struct sk_buff *skb)
{
	struct vsw_switch *sw = port->sw;
	const struct vsw_policy *rec;
	const struct arphdr *arp;
	struct sk_buff *reply;
	u8 sha[ETH_ALEN], mac[ETH_ALEN];
	const u8 *reply_mac;
	__be32 sip, tip;
	const u8 *p;

	if (unlikely(!pskb_may_pull(skb, arp_hdr_len(port->dev)))) {
		vsw_drop(sw, port, skb, VSW_DROP_MALFORMED);
		return;
	}
	arp = arp_hdr(skb);
	if (unlikely(arp->ar_hrd != htons(ARPHRD_ETHER) ||
		     arp->ar_pro != htons(ETH_P_IP) ||
		     arp->ar_hln != ETH_ALEN || arp->ar_pln != 4)) {
		vsw_drop(sw, port, skb, VSW_DROP_MALFORMED);
		return;
	}
	/* Replies and anything else from a VM have no one to go to. */
	if (arp->ar_op != htons(ARPOP_REQUEST)) {
		vsw_drop(sw, port, skb, VSW_DROP_ARP_IGNORED);
		return;
	}

	p = (const u8 *)(arp + 1);
	ether_addr_copy(sha, p);
	memcpy(&sip, p + ETH_ALEN, sizeof(sip));
	memcpy(&tip, p + 2 * ETH_ALEN + sizeof(sip), sizeof(tip));

	if (unlikely(!ether_addr_equal(sha, port->mac))) {
		vsw_drop(sw, port, skb, VSW_DROP_SPOOFED_MAC);
		return;
	}
	/*
	 * Gratuitous ARP and address probes (RFC 5227): answering a probe
	 * would tell the VM its own address is taken.
	 */
	if (sip == tip || ipv4_is_zeronet(sip)) {
		vsw_drop(sw, port, skb, VSW_DROP_ARP_IGNORED);
		return;
	}

	/* A record first; then the gateway of a customer route (route.c). */
	rec = vsw_policy_lookup(&sw->policy, port->vsid, VSW_ADDR4(tip));
	if (rec) {
		if (ether_addr_equal(rec->mac, port->mac)) {
			vsw_drop(sw, port, skb, VSW_DROP_ARP_IGNORED);
			return;
		}
		reply_mac = rec->mac;
	} else if (vsw_route_gateway_mac(sw, port->vsid, VSW_ADDR4(tip),
					 mac)) {
		reply_mac = mac;
	} else {
		vsw_nl_notify_miss(sw, port, port->vsid, VSW_ADDR4(tip));
		vsw_drop(sw, port, skb, VSW_DROP_ARP_MISS);
		return;
	}

	reply = arp_create(ARPOP_REPLY, ETH_P_ARP, sip, port->dev, tip, sha,
			   reply_mac, sha);
	if (unlikely(!reply)) {
		vsw_drop(sw, port, skb, VSW_DROP_NOMEM);
		return;
	}
	/* Answered here: a sample of it says so (no output device). */
	vsw_sample_emit(skb, 0, 0, 0);
	consume_skb(skb);
	vsw_port_xmit(port, reply);
}
