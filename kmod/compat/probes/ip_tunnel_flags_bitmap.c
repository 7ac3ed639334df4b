// SPDX-License-Identifier: GPL-2.0
/* IP tunnel flags became a bitmap, IP_TUNNEL_*_BIT, instead of __be16 TUNNEL_* (6.10). */
#include <net/gre.h>
#include <net/ip_tunnels.h>

void vsw_probe(struct sk_buff *skb);
void vsw_probe(struct sk_buff *skb)
{
	IP_TUNNEL_DECLARE_FLAGS(flags) = { };

	__set_bit(IP_TUNNEL_KEY_BIT, flags);
	gre_build_header(skb, 8, flags, htons(ETH_P_TEB), 0, 0);
}
