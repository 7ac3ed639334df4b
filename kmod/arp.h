/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: ARP requests from VMs, answered from the policy table.
 */
#ifndef _VSW_ARP_H
#define _VSW_ARP_H

struct sk_buff;
struct vsw_port;

void vsw_arp_rcv(struct vsw_port *port, struct sk_buff *skb);

#endif /* _VSW_ARP_H */
