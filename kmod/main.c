// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: a virtual switch with NVGRE network virtualization.
 *
 * Module init and exit only; see switch.c for the object model and its
 * locking, netlink.c for the control interface.
 */

#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/vsw.h>
#include <net/genetlink.h>

#include "netlink.h"
#include "policy.h"
#include "port.h"
#include "switch.h"

/* The version of vsw; userland/Makefile reads this line for the tools. */
#define VSW_VERSION "0.1"

static struct dentry *vsw_debugfs;

/*
 * debugfs is for tests and debugging, not an interface: it shows how many
 * switches exist in all namespaces together, which nothing else can tell.
 */
static void vsw_debugfs_init(void)
{
	vsw_debugfs = debugfs_create_dir("vsw", NULL);
	debugfs_create_atomic_t("switches", 0400, vsw_debugfs,
				&vsw_switch_count);
}

static int __init vsw_init(void)
{
	int err;

	/*
	 * The mirror of vsw_exit(): the notifier first, so that it watches
	 * every device a request can attach; the family last, so that no
	 * request comes in before the rest is there.
	 */
	err = vsw_policy_cache_init();
	if (err)
		return err;
	err = vsw_netdev_notifier_register();
	if (err)
		goto err_notifier;
	err = vsw_port_addr_notifiers_register();
	if (err)
		goto err_addr;
	err = vsw_net_register();
	if (err)
		goto err_net;
	err = vsw_genl_register();
	if (err)
		goto err_genl;

	vsw_debugfs_init();
	pr_info("NVGRE virtual switch " VSW_VERSION " loaded\n");
	return 0;

err_genl:
	vsw_net_unregister();
err_net:
	vsw_port_addr_notifiers_unregister();
err_addr:
	vsw_netdev_notifier_unregister();
err_notifier:
	vsw_policy_cache_exit();
	return err;
}

static void __exit vsw_exit(void)
{
	debugfs_remove(vsw_debugfs);
	/*
	 * No new requests first (genl_unregister_family() also waits for
	 * those in progress), as WireGuard does: after it nothing can attach
	 * a device. Then every namespace's switches are flushed, detaching
	 * every port and uplink while the notifier still watches their
	 * devices; then the notifiers go (the address validators too: no
	 * device is a port any more), with nothing left to watch. Last,
	 * the RCU callbacks (policy records, uplink PAs and their route
	 * caches) are waited for (vsw_policy_cache_exit()'s rcu_barrier()).
	 */
	vsw_genl_unregister();
	vsw_net_unregister();
	vsw_port_addr_notifiers_unregister();
	vsw_netdev_notifier_unregister();
	vsw_policy_cache_exit();
}

module_init(vsw_init);
module_exit(vsw_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Virtual switch with NVGRE network virtualization");
MODULE_VERSION(VSW_VERSION);
MODULE_AUTHOR("The vsw developers");
MODULE_ALIAS_GENL_FAMILY(VSW_GENL_NAME);
