/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: a port's device belongs to its VM; the host's own stack transmits
 * nothing on it.
 */
#ifndef _VSW_HOSTGUARD_H
#define _VSW_HOSTGUARD_H

#include <linux/percpu.h>
#include <linux/skbuff.h>

struct netlink_ext_ack;
struct vsw_port;

#ifdef VSW_HOSTGUARD
DECLARE_PER_CPU(const struct sk_buff *, vsw_hostguard_skb);

/**
 * vsw_hostguard_pass - let the next frame vsw transmits through its port's
 *	egress hook
 * @skb: the frame, about to be given to dev_queue_xmit() on this CPU
 *
 * The hook runs synchronously inside dev_queue_xmit(), on this CPU, with
 * BHs off (as they are here: the datapath, or local_bh_disable()), so no
 * other transmission can come in between. vsw_hostguard_passed() follows.
 */
static inline void vsw_hostguard_pass(const struct sk_buff *skb)
{
	__this_cpu_write(vsw_hostguard_skb, skb);
}

/* After dev_queue_xmit(): whether or not the hook ran, nothing stays let. */
static inline void vsw_hostguard_passed(void)
{
	__this_cpu_write(vsw_hostguard_skb, NULL);
}

int vsw_hostguard_attach(struct vsw_port *port,
			 struct netlink_ext_ack *extack);
void vsw_hostguard_detach(struct vsw_port *port);
#else
static inline void vsw_hostguard_pass(const struct sk_buff *skb)
{
}

static inline void vsw_hostguard_passed(void)
{
}

static inline int vsw_hostguard_attach(struct vsw_port *port,
				       struct netlink_ext_ack *extack)
{
	return 0;
}

static inline void vsw_hostguard_detach(struct vsw_port *port)
{
}
#endif

#endif /* _VSW_HOSTGUARD_H */
