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

	err = vsw_policy_cache_init();
	if (err)
		return err;
	err = vsw_net_register();
	if (err)
		goto err_net;
	err = vsw_netdev_notifier_register();
	if (err)
		goto err_notifier;

	/* Last: once the family is visible, requests can come in. */
	err = vsw_genl_register();
	if (err)
		goto err_genl;

	vsw_debugfs_init();
	pr_info("NVGRE virtual switch " VSW_VERSION " loaded\n");
	return 0;

err_genl:
	vsw_netdev_notifier_unregister();
err_notifier:
	vsw_net_unregister();
err_net:
	vsw_policy_cache_exit();
	return err;
}

static void __exit vsw_exit(void)
{
	debugfs_remove(vsw_debugfs);
	/*
	 * Unregistering the notifier replays NETDEV_UNREGISTER for every
	 * device, which detaches every port and uplink (and tells listeners,
	 * while the family is still there). Then no new requests, then every
	 * namespace's switches are flushed, then the RCU callbacks (policy
	 * records, uplink PAs and their route caches) are waited for.
	 */
	vsw_netdev_notifier_unregister();
	vsw_genl_unregister();
	vsw_net_unregister();
	vsw_policy_cache_exit();
}

module_init(vsw_init);
module_exit(vsw_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Virtual switch with NVGRE network virtualization");
MODULE_VERSION(VSW_VERSION);
MODULE_AUTHOR("The vsw developers");
MODULE_ALIAS_GENL_FAMILY(VSW_GENL_NAME);
