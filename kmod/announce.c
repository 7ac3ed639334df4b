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

/**
 * vsw_policy_install - add or replace a record, and act on it
 * @sw: the switch
 * @vsid: VSID
 * @ca: customer address
 * @mac: the VM's MAC
 * @pa: provider address of the VM's host
 * @replace: as for vsw_policy_insert()
 * @extack: where a refusal is explained
 *
 * vsw_policy_insert(), then the frames held for (@vsid, @ca) are sent,
 * and a VM that has moved here is announced (vsw_announce()). Process
 * context; caller holds @sw->lock (not RTNL).
 *
 * Return: what vsw_policy_insert() returned.
 */
int vsw_policy_install(struct vsw_switch *sw, u32 vsid,
		       const struct in6_addr *ca, const u8 *mac,
		       const struct in6_addr *pa, bool replace,
		       struct netlink_ext_ack *extack)
{
	const struct in6_addr *local_pa;
	const struct vsw_policy *old;
	bool moved = false, here;
	struct vsw_uplink *up;
	int err;

	lockdep_assert_held(&sw->lock);

	rcu_read_lock();
	old = vsw_policy_lookup(&sw->policy, vsid, ca);
	if (old)
		moved = !ipv6_addr_equal(&old->pa, pa) ||
			!ether_addr_equal(old->mac, mac);
	rcu_read_unlock();

	err = vsw_policy_insert(&sw->policy, vsid, ca, mac, pa, replace,
				extack);
	if (err)
		return err;

	vsw_hold_release(sw, vsid, ca);

	if (!moved)
		return 0;
	/* The uplink changes under RTNL, which is not held: read it so. */
	rcu_read_lock();
	up = rcu_dereference(sw->uplink);
	local_pa = up ? vsw_uplink_local_pa(up, pa) : NULL;
	here = local_pa && ipv6_addr_equal(local_pa, pa) &&
	       vsw_port_lookup(sw, vsid, mac);
	rcu_read_unlock();
	if (here)
		vsw_announce(sw, vsid, ca, mac);
	return 0;
}
