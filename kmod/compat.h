/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: what differs between the kernels vsw builds for.
 *
 * The module is written against the current kernel API. For an older
 * kernel, this header puts the current form on top of what that kernel
 * has, and nothing else does: no other file tests a kernel version or a
 * VSW_HAVE_ symbol. Which form a kernel has is decided by a compile probe
 * (compat/probes/NAME.c, run by compat/probe.sh into compat-probes.h),
 * never by LINUX_VERSION_CODE: distributions backport (Debian's 6.1 has
 * APIs that upstream gained later). Kbuild force-includes this header in
 * every file of the module.
 *
 * To support another change: a probe that compiles only with the current
 * form, and here, under #ifndef VSW_HAVE_NAME, that form made from the old
 * one (Documentation/testing.md, "Kernels").
 */
#ifndef _VSW_COMPAT_H
#define _VSW_COMPAT_H

#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <net/dst_metadata.h>
#include <net/genetlink.h>
#include <net/gre.h>
#include <net/ip_tunnels.h>

#include "compat-probes.h"

/* The GSO helpers have their own header since 6.5. */
#ifdef VSW_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

/* A dump's parsed request attributes, in a struct genl_info since 6.7. */
#ifndef VSW_HAVE_GENL_INFO_DUMP
#define genl_info_dump(cb) genl_dumpit_info(cb)
#endif

/*
 * IP tunnel flags are a bitmap indexed by IP_TUNNEL_*_BIT since 6.10; before,
 * a __be16 of TUNNEL_* bits in the same positions. The functions that take
 * them become macros converting the bitmap; the headers whose inline code
 * calls them in the old form are included above, before the macros exist.
 */
#ifndef VSW_HAVE_IP_TUNNEL_FLAGS_BITMAP
#define IP_TUNNEL_KEY_BIT 2
#define IP_TUNNEL_DECLARE_FLAGS(name) DECLARE_BITMAP(name, 16)

static inline __be16 vsw_compat_tunnel_flags(const unsigned long *flags)
{
	BUILD_BUG_ON(be16_to_cpu(TUNNEL_KEY) != BIT(IP_TUNNEL_KEY_BIT));
	return cpu_to_be16(flags[0] & U16_MAX);
}

#define gre_build_header(skb, hdr_len, flags, proto, key, seq)		\
	gre_build_header(skb, hdr_len, vsw_compat_tunnel_flags(flags),	\
			 proto, key, seq)
#define ip_tunnel_key_init(key, saddr, daddr, tos, ttl, label, tp_src,	\
			   tp_dst, tun_id, flags)			\
	ip_tunnel_key_init(key, saddr, daddr, tos, ttl, label, tp_src,	\
			   tp_dst, tun_id, vsw_compat_tunnel_flags(flags))
#endif

/*
 * A port's device is kept from the host's own transmissions by a netfilter
 * egress hook (hostguard.c), which a kernel has with CONFIG_NETFILTER_EGRESS
 * (5.16 on; Debian's 6.1 and 6.12 set it). Built for a kernel without it,
 * the module has no such hook: the host's frames then reach the VM, and
 * host_tx stays 0.
 */
#if IS_ENABLED(CONFIG_NETFILTER_EGRESS)
#define VSW_HOSTGUARD 1
#endif

#endif /* _VSW_COMPAT_H */
