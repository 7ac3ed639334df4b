// SPDX-License-Identifier: GPL-2.0
/* <net/gso.h>: the GSO helpers left <linux/skbuff.h> and <linux/netdevice.h> (6.5). */
#include <net/gso.h>

bool vsw_probe(const struct sk_buff *skb);
bool vsw_probe(const struct sk_buff *skb)
{
	return skb_gso_validate_network_len(skb, 1500);
}
