// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: switches and the per-network-namespace switch table.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/netlink.h>

#include "switch.h"

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
 * The datapath never takes RTNL. It reaches a switch from its devices'
 * rx_handler_data under RCU, so a switch is unlinked first and freed only
 * after a grace period (kfree_rcu()).
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

	sw = kzalloc(sizeof(*sw), GFP_KERNEL);
	if (!sw)
		return ERR_PTR(-ENOMEM);
	sw->vn = vn;
	strscpy(sw->name, name, sizeof(sw->name));

	list_add_tail_rcu(&sw->list, &vn->switches);
	vn->n_switches++;
	vn->gen++;
	atomic_inc(&vsw_switch_count);
	return sw;
}

/**
 * vsw_switch_destroy - unlink a switch and free it after a grace period
 * @sw: the switch
 *
 * Caller holds RTNL.
 */
void vsw_switch_destroy(struct vsw_switch *sw)
{
	struct vsw_net *vn = sw->vn;

	ASSERT_RTNL();

	list_del_rcu(&sw->list);
	if (!WARN_ON_ONCE(!vn->n_switches))
		vn->n_switches--;
	vn->gen++;
	atomic_dec(&vsw_switch_count);
	kfree_rcu(sw, rcu);
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
