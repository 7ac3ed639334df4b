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
 * Two locks order every change, always taken in this order when both are:
 * RTNL, then the switch's own mutex (&vsw_switch.lock). vsw never takes
 * RTNL with a switch's lock held, takes no switch's lock with another
 * held, and never takes one inside an RCU read-side section or with BHs
 * off (the datapath takes neither).
 *
 * - RTNL covers what involves devices: switch creation and deletion (the
 *   namespace's list), ports and uplinks, sampling settings. Attaching an
 *   rx_handler needs RTNL anyway, and netdev notifiers, which detach ports
 *   whose device goes away, are called with it held: one lock for devices
 *   leaves no window in which a device is half attached.
 *
 * - The switch's lock covers its policy table, its customer routes and
 *   router MAC and its other settings (switch set), and the frames held
 *   for a record (released when it comes). Policy and route requests take
 *   it alone, not RTNL, as OVS's datapath takes ovs_mutex for its flows: a
 *   batch of thousands of records (held frames sent, moved VMs announced)
 *   holds up no device configuration of the host, only other changes of
 *   the same switch. Port changes and a switch's deletion take it too,
 *   after RTNL, so that a holder of the switch's lock sees its ports and
 *   their hash stand still (the held frames it sends keep their port; the
 *   announcements walk the ports). So ports are read under either lock,
 *   changed under both.
 *
 * The family sets parallel_ops: the genetlink mutex does not serialize
 * vsw's requests, each takes the locks above itself.
 *
 * A request that is not under RTNL finds its switch with vsw_switch_get():
 * the namespace's list is read under RCU and the switch pinned by a
 * reference (refcount_inc_not_zero()). Deletion sets &vsw_switch.dead under
 * RTNL and the switch's lock before it detaches anything; a request checks
 * it once it holds the lock and refuses a dead switch as one that does not
 * exist. The switch is freed with its last reference, its memory after a
 * grace period.
 *
 * The datapath never takes RTNL or a switch's lock. It runs in the
 * rx_handlers of ports and uplinks, under RCU, and reaches everything from
 * the device's rx_handler_data: its port or uplink, their switch, the
 * switch's other ports (port_hash), uplink, policy table and routes.
 * Detaching a device (netdev_rx_handler_unregister()) waits for a grace
 * period, so once a switch has no devices left nothing in the datapath can
 * reach it. Policy records, routes and uplinks, which change while
 * devices stay attached, are freed by RCU; so are ports and the switch
 * itself, as a port's egress hook (hostguard.c) may still be running when
 * it is unregistered.
 *
 * Deleting a switch unhashes all its ports first, then unregisters their
 * rx_handlers: one grace period per device, which the kernel's API
 * imposes (vsw_port_del_all()); nothing else waits.
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
 * Return: the switch, or %NULL. Caller holds RTNL (and so sees no dead
 * switch).
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
 * vsw_switch_get - look a switch up by name, without RTNL, and hold it
 * @vn: namespace state
 * @name: switch name
 *
 * The caller takes the switch's lock and checks &vsw_switch.dead before it
 * uses the switch (it may be being deleted), and drops the reference with
 * vsw_switch_put(). Process context; takes no lock.
 *
 * Return: the switch, with a reference held, or %NULL.
 */
struct vsw_switch *vsw_switch_get(struct vsw_net *vn, const char *name)
{
	struct vsw_switch *sw, *found = NULL;

	rcu_read_lock();
	list_for_each_entry_rcu(sw, &vn->switches, list) {
		if (strcmp(sw->name, name))
			continue;
		/* Already unlinked and put for the last time: gone. */
		if (refcount_inc_not_zero(&sw->refcnt))
			found = sw;
		break;
	}
	rcu_read_unlock();
	return found;
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
	mutex_init(&sw->lock);
	if (vsw_policy_table_init(&sw->policy, &sw->lock))
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

	list_add_tail_rcu(&sw->list, &vn->switches);
	vn->n_switches++;
	vn->gen++;
	atomic_inc(&vsw_switch_count);
	return sw;

err_routes:
	mutex_destroy(&sw->lock);
	vsw_route_table_free(sw);
err_stats:
	free_percpu(sw->stats);
err_free:
	kfree(sw);
	return ERR_PTR(-ENOMEM);
}

static void vsw_switch_free_rcu(struct rcu_head *head)
{
	struct vsw_switch *sw = container_of(head, struct vsw_switch, rcu);

	free_percpu(sw->stats);
	kfree(sw);
}

/**
 * vsw_switch_put - drop a reference to a switch, freeing it with the last
 * @sw: the switch
 *
 * By the last put the switch has been destroyed: no device is attached, so
 * no datapath reader can reach it (see DOC: Locking). Its tables are freed
 * at once; the switch itself, and the counters a port's egress hook may
 * still be counting on, after a grace period, as lookups under RCU
 * (vsw_switch_get()) may still be looking at it. Process context, may
 * sleep; the caller holds none of the switch's locks.
 */
void vsw_switch_put(struct vsw_switch *sw)
{
	if (!refcount_dec_and_test(&sw->refcnt))
		return;
	WARN_ON_ONCE(!sw->dead || !list_empty(&sw->ports) ||
		     rcu_access_pointer(sw->uplink));
	vsw_policy_table_destroy(&sw->policy);
	vsw_route_table_free(sw);
	mutex_destroy(&sw->lock);
	call_rcu(&sw->rcu, vsw_switch_free_rcu);
}

/**
 * vsw_switch_destroy - detach a switch's devices, unlink it and put it
 * @sw: the switch
 *
 * Requests that found the switch before and wait for its lock find it
 * dead and give up; the last of them frees it. Caller holds RTNL (not
 * @sw->lock).
 */
void vsw_switch_destroy(struct vsw_switch *sw)
{
	struct vsw_net *vn = sw->vn;

	ASSERT_RTNL();

	mutex_lock(&sw->lock);
	/* Read without the lock by a policy dump in progress. */
	WRITE_ONCE(sw->dead, true);
	vsw_uplink_del(sw);
	vsw_port_del_all(sw);
	mutex_unlock(&sw->lock);

	list_del_rcu(&sw->list);
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
		struct vsw_switch *sw = port->sw;

		mutex_lock(&sw->lock);
		vsw_nl_notify_port_del(port);
		vsw_port_del(port);
		mutex_unlock(&sw->lock);
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
