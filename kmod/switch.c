// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: switches and the per-network-namespace switch table.
 */

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/netlink.h>
#include <linux/vsw.h>

#include "netlink.h"
#include "port.h"
#include "sample.h"
#include "route.h"
#include "switch.h"
#include "uplink.h"

/**
 * DOC: Locking
 *
 * Every change to vsw's configuration (switches now; uplinks, ports and
 * policy as they come) runs under RTNL. Attaching an rx_handler needs RTNL
 * anyway, and netdev notifiers, which detach ports whose device goes away,
 * are called with it held: one lock for configuration gives one lock order
 * and no window in which a device is half attached. Netlink requests take
 * RTNL after the genetlink mutex, as the rest of the kernel does.
 *
 * The datapath never takes RTNL. It runs in the rx_handlers of ports and
 * uplinks, under RCU, and reaches everything from the device's
 * rx_handler_data: its port or uplink, their switch, the switch's other
 * ports (port_hash), uplink and policy table. Detaching a device
 * (netdev_rx_handler_unregister()) waits for a grace period, so once a
 * switch has no devices left nothing in the datapath can reach it, and it
 * can be freed without another one. Policy records and uplinks, which
 * change while devices stay attached, are freed by RCU.
 *
 * Netdev notifiers detach ports and uplinks whose device is unregistered or
 * leaves the namespace, under RTNL like every other change.
 *
 * A network namespace's switches go away with it: the pernet exit hook
 * flushes them, under RTNL, after the namespace's devices are gone. Module
 * unload unregisters that hook, which flushes every namespace left.
 */

static unsigned int vsw_net_id __read_mostly;

/*
 * Switches alive in every namespace together. Shown in debugfs so that
 * tests can see a dying namespace take its switches with it.
 */
atomic_t vsw_switch_count = ATOMIC_INIT(0);

struct vsw_net *vsw_net_get(const struct net *net)
{
	return net_generic(net, vsw_net_id);
}

void vsw_net_init(struct vsw_net *vn, struct net *net)
{
	vn->net = net;
	INIT_LIST_HEAD(&vn->switches);
	vn->n_switches = 0;
	vn->gen = 1;
}

/**
 * vsw_switch_name_valid - is @name a valid switch name?
 * @name: NUL-terminated candidate
 *
 * Switch names follow the netdev rules, so that they read like interface
 * names in scripts: 1 to IFNAMSIZ - 1 characters, no '/', ':' or
 * whitespace, and neither "." nor "..".
 */
bool vsw_switch_name_valid(const char *name)
{
	return dev_valid_name(name);
}

/**
 * vsw_switch_find - look a switch up by name
 * @vn: namespace state
 * @name: switch name
 *
 * Return: the switch, or %NULL. Caller holds RTNL.
 */
struct vsw_switch *vsw_switch_find(struct vsw_net *vn, const char *name)
{
	struct vsw_switch *sw;

	ASSERT_RTNL();

	list_for_each_entry(sw, &vn->switches, list)
		if (!strcmp(sw->name, name))
			return sw;
	return NULL;
}

/**
 * vsw_switch_create - create a switch and link it into its namespace
 * @vn: namespace state
 * @name: switch name
 * @extack: where a refusal is explained
 *
 * Return: the new switch, or an ERR_PTR(): -EINVAL for a bad name, -EEXIST
 * if @vn has a switch of that name, -ENOSPC past %VSW_MAX_SWITCHES,
 * -ENOMEM. Caller holds RTNL.
 */
struct vsw_switch *vsw_switch_create(struct vsw_net *vn, const char *name,
				     struct netlink_ext_ack *extack)
{
	struct vsw_switch *sw;

	ASSERT_RTNL();

	if (!vsw_switch_name_valid(name)) {
		NL_SET_ERR_MSG(extack,
			       "invalid switch name: 1 to 15 characters, no '/', ':' or whitespace, not '.' or '..'");
		return ERR_PTR(-EINVAL);
	}
	if (vsw_switch_find(vn, name)) {
		NL_SET_ERR_MSG(extack, "switch already exists");
		return ERR_PTR(-EEXIST);
	}
	if (vn->n_switches >= VSW_MAX_SWITCHES) {
		NL_SET_ERR_MSG(extack,
			       "too many switches in this network namespace");
		return ERR_PTR(-ENOSPC);
	}

	sw = kzalloc(sizeof(*sw), GFP_KERNEL_ACCOUNT);
	if (!sw)
		return ERR_PTR(-ENOMEM);
	sw->stats = vsw_stats_alloc();
	if (!sw->stats)
		goto err_free;
	if (vsw_route_table_init(sw))
		goto err_stats;
	if (vsw_policy_table_init(&sw->policy))
		goto err_routes;
	sw->vn = vn;
	strscpy(sw->name, name, sizeof(sw->name));
	INIT_LIST_HEAD(&sw->ports);
	hash_init(sw->port_hash);
	sw->flowid = VSW_FLOWID_HASH;
	sw->ttl = VSW_TTL_DEFAULT;
	sw->tos = VSW_TOS_INHERIT;
	vsw_limit_init(&sw->miss_limit, VSW_MISS_RATE, VSW_MISS_RATE);
	hash_init(sw->flood_groups.h);
	vsw_hold_init(&sw->hold);
	refcount_set(&sw->refcnt, 1);

	list_add_tail(&sw->list, &vn->switches);
	vn->n_switches++;
	vn->gen++;
	atomic_inc(&vsw_switch_count);
	return sw;

err_routes:
	vsw_route_table_free(sw);
err_stats:
	free_percpu(sw->stats);
err_free:
	kfree(sw);
	return ERR_PTR(-ENOMEM);
}

/**
 * vsw_switch_put - drop a reference to a switch, freeing it with the last
 * @sw: the switch
 *
 * By the last put the switch has been destroyed: no device is attached, so
 * no datapath reader can reach it (see DOC: Locking).
 */
void vsw_switch_put(struct vsw_switch *sw)
{
	if (!refcount_dec_and_test(&sw->refcnt))
		return;
	WARN_ON_ONCE(!sw->dead || !list_empty(&sw->ports) ||
		     rcu_access_pointer(sw->uplink));
	vsw_policy_table_destroy(&sw->policy);
	vsw_route_table_free(sw);
	free_percpu(sw->stats);
	kfree(sw);
}

/**
 * vsw_switch_destroy - detach a switch's devices, unlink it and put it
 * @sw: the switch
 *
 * Caller holds RTNL.
 */
void vsw_switch_destroy(struct vsw_switch *sw)
{
	struct vsw_net *vn = sw->vn;
	struct vsw_port *port, *tmp;

	ASSERT_RTNL();

	vsw_uplink_del(sw);
	list_for_each_entry_safe(port, tmp, &sw->ports, list)
		vsw_port_del(port);
	vsw_hold_destroy(&sw->hold);

	list_del(&sw->list);
	/* Read without RTNL by a policy dump in progress. */
	WRITE_ONCE(sw->dead, true);
	if (!WARN_ON_ONCE(!vn->n_switches))
		vn->n_switches--;
	vn->gen++;
	atomic_dec(&vsw_switch_count);
	vsw_switch_put(sw);
}

/**
 * vsw_drop - drop a frame and count why
 * @sw: the switch
 * @port: the port the frame came from, or %NULL (the uplink)
 * @skb: the frame
 * @reason: why
 */
void vsw_drop(struct vsw_switch *sw, struct vsw_port *port,
	      struct sk_buff *skb, enum vsw_drop_reason reason)
{
	vsw_stats_drop(sw->stats, reason);
	if (port)
		vsw_stats_drop(port->stats, reason);
	vsw_sample_emit(skb, 0, 0, 0);
	kfree_skb(skb);
}

/*
 * A port or uplink whose device goes away, or moves to another namespace
 * (which unregisters it from this one), is detached, so that no reference
 * to the device is left behind, and listeners are told. A change of its
 * device's type is vetoed.
 */
static int vsw_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct vsw_uplink *up;
	struct vsw_port *port;

	/*
	 * A port or uplink is an Ethernet device for as long as it is
	 * attached (a bond taking a slave of another type would change it):
	 * refuse, as the bridge does for its ports.
	 */
	if (event == NETDEV_PRE_TYPE_CHANGE) {
		if (vsw_port_get_rtnl(dev) || vsw_uplink_get_rtnl(dev))
			return notifier_from_errno(-EOPNOTSUPP);
		return NOTIFY_DONE;
	}
	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;

	port = vsw_port_get_rtnl(dev);
	if (port) {
		vsw_nl_notify_port_del(port);
		vsw_port_del(port);
	}
	up = vsw_uplink_get_rtnl(dev);
	if (up) {
		vsw_nl_notify_uplink_del(up->sw);
		vsw_uplink_del(up->sw);
	}
	return NOTIFY_DONE;
}

static struct notifier_block vsw_netdev_notifier = {
	.notifier_call = vsw_netdev_event,
};

int vsw_netdev_notifier_register(void)
{
	return register_netdevice_notifier(&vsw_netdev_notifier);
}

void vsw_netdev_notifier_unregister(void)
{
	unregister_netdevice_notifier(&vsw_netdev_notifier);
}

/**
 * vsw_net_flush - destroy every switch of a namespace
 * @vn: namespace state
 *
 * Caller holds RTNL.
 */
void vsw_net_flush(struct vsw_net *vn)
{
	struct vsw_switch *sw, *tmp;

	ASSERT_RTNL();

	list_for_each_entry_safe(sw, tmp, &vn->switches, list)
		vsw_switch_destroy(sw);
}

static int __net_init vsw_net_init_net(struct net *net)
{
	vsw_net_init(vsw_net_get(net), net);
	return 0;
}

static void __net_exit vsw_net_exit_batch(struct list_head *net_exit_list)
{
	struct net *net;

	rtnl_lock();
	list_for_each_entry(net, net_exit_list, exit_list)
		vsw_net_flush(vsw_net_get(net));
	rtnl_unlock();
}

static struct pernet_operations vsw_net_ops = {
	.init = vsw_net_init_net,
	.exit_batch = vsw_net_exit_batch,
	.id = &vsw_net_id,
	.size = sizeof(struct vsw_net),
};

int vsw_net_register(void)
{
	/*
	 * Subsystem pernet operations exit after every netdev of a dying
	 * namespace has been unregistered or moved out, so by the time the
	 * switches are flushed the netdev notifier has seen all their
	 * devices leave.
	 */
	return register_pernet_subsys(&vsw_net_ops);
}

void vsw_net_unregister(void)
{
	unregister_pernet_subsys(&vsw_net_ops);
}
