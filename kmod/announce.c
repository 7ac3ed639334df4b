// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: policy changes seen by the datapath: held frames released, moved
 * VMs announced.
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/rcupdate.h>
#include <linux/lockdep.h>
#include <net/addrconf.h>
#include <net/arp.h>
#include <net/ipv6.h>

#include "addr.h"
#include "announce.h"
#include "hold.h"
#include "nd.h"
#include "port.h"
#include "switch.h"
#include "uplink.h"

/**
 * DOC: Announcing a moved VM
 *
 * When a record's MAC or PA changes (a replace: the VM moved, or came
 * back with another NIC) and the VM is now on this host (the record's PA
 * is the uplink's, and a port of the VSID has the record's MAC), the
 * switch sends a gratuitous ARP for the CA (an unsolicited override
 * Neighbour Advertisement for an IPv6 CA), from the new MAC, to every
 * other port of the VSID on this host, so that neighbours' caches forget
 * the old MAC at once instead of after their timeout. Remote hosts do the
 * same when their controller replaces the record there and the VM is
 * local to them; hosts where the VM is remote need nothing, as their VMs
 * resolve every CA through the switch's ARP and ND proxies.
 */

/**
 * vsw_announce - tell the local ports of a VSID that @ca is at @mac
 * @sw: the switch
 * @vsid: the VSID
 * @ca: the VM's CA
 * @mac: its MAC, now
 *
 * A gratuitous ARP request (sender and target @ca, from @mac, to the
 * broadcast address), or for an IPv6 @ca an unsolicited override
 * Neighbour Advertisement to all-nodes, to every port of @vsid but the
 * VM's own. Process context; caller holds @sw->lock (the ports stand
 * still).
 */
void vsw_announce(struct vsw_switch *sw, u32 vsid, const struct in6_addr *ca,
		  const u8 *mac)
{
	struct in6_addr all_nodes;
	struct vsw_port *port;
	u8 dst_mac[ETH_ALEN];
	struct sk_buff *skb;

	ipv6_addr_set(&all_nodes, htonl(0xff020000), 0, 0, htonl(1));
	ipv6_eth_mc_map(&all_nodes, dst_mac);

	lockdep_assert_held(&sw->lock);

	local_bh_disable();
	rcu_read_lock();
	list_for_each_entry(port, &sw->ports, list) {
		if (port->vsid != vsid || ether_addr_equal(port->mac, mac))
			continue;
		if (vsw_addr_is4(ca))
			skb = arp_create(ARPOP_REQUEST, ETH_P_ARP,
					 vsw_addr4(ca), port->dev,
					 vsw_addr4(ca), NULL, mac, NULL);
		else
			skb = vsw_nd_na_create(port->dev, dst_mac, mac,
					       &all_nodes, ca, false);
		if (unlikely(!skb)) {
			vsw_stats_drop(sw->stats, VSW_DROP_NOMEM);
			continue;
		}
		vsw_port_xmit(port, skb);
	}
	rcu_read_unlock();
	local_bh_enable();
}

/* What happens once a record added by a request is there for good. */
static void vsw_policy_added(const struct vsw_policy *rec,
			     const struct vsw_policy *old, void *arg)
{
	struct vsw_switch *sw = arg;
	const struct in6_addr *local_pa;
	struct vsw_uplink *up;
	bool here;

	vsw_hold_release(sw, rec->key.vsid, &rec->key.ca);

	if (!old || (ipv6_addr_equal(&old->pa, &rec->pa) &&
		     ether_addr_equal(old->mac, rec->mac)))
		return;
	/* The uplink changes under RTNL, which is not held: read it so. */
	rcu_read_lock();
	up = rcu_dereference(sw->uplink);
	local_pa = up ? vsw_uplink_local_pa(up, &rec->pa) : NULL;
	here = local_pa && ipv6_addr_equal(local_pa, &rec->pa) &&
	       vsw_port_lookup(sw, rec->key.vsid, rec->mac);
	rcu_read_unlock();
	if (here)
		vsw_announce(sw, rec->key.vsid, &rec->key.ca, rec->mac);
}

/**
 * vsw_policy_installed - keep the records a request added, and act on them
 * @sw: the switch
 * @b: the request's batch (vsw_policy_batch_add()), ended by this call
 *
 * vsw_policy_batch_end(); for each record, the frames held for its
 * (VSID, CA) are sent, and a VM that has moved here (its record's PA or
 * MAC changed, and its port is on this host) is announced
 * (vsw_announce()). Process context; caller holds @sw->lock (not RTNL).
 */
void vsw_policy_installed(struct vsw_switch *sw, struct vsw_policy_batch *b)
{
	lockdep_assert_held(&sw->lock);

	vsw_policy_batch_end(b, vsw_policy_added, sw);
}
