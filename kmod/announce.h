/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: policy changes seen by the datapath: held frames released, moved
 * VMs announced.
 */
#ifndef _VSW_ANNOUNCE_H
#define _VSW_ANNOUNCE_H

#include <linux/types.h>

struct in6_addr;
struct netlink_ext_ack;
struct vsw_switch;

void vsw_announce(struct vsw_switch *sw, u32 vsid, const struct in6_addr *ca,
		  const u8 *mac);
int vsw_policy_install(struct vsw_switch *sw, u32 vsid,
		       const struct in6_addr *ca, const u8 *mac,
		       const struct in6_addr *pa, bool replace,
		       struct netlink_ext_ack *extack);

#endif /* _VSW_ANNOUNCE_H */
