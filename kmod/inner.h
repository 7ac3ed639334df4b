/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: the checks of a tenant's packet (inner IPv4, IPv6, ARP, ND).
 */
#ifndef _VSW_INNER_H
#define _VSW_INNER_H

#include <linux/types.h>

#include "stats.h"

struct sk_buff;

enum vsw_drop_reason vsw_inner_check(struct sk_buff *skb, unsigned int off,
				     __be16 proto);
int vsw_inner_nd(const struct sk_buff *skb, unsigned int off, bool *hidden);

#endif /* _VSW_INNER_H */
