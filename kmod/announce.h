/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: policy changes seen by the datapath: held frames released, moved
 * VMs announced.
 */
#ifndef _VSW_ANNOUNCE_H
#define _VSW_ANNOUNCE_H

#include <linux/types.h>

struct in6_addr;
struct vsw_policy_batch;
struct vsw_switch;

void vsw_announce(struct vsw_switch *sw, u32 vsid, const struct in6_addr *ca,
		  const u8 *mac);
void vsw_policy_installed(struct vsw_switch *sw, struct vsw_policy_batch *b);

#endif /* _VSW_ANNOUNCE_H */
