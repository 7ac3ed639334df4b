// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: a port's device belongs to its VM.
 *
 * The host end of a veth, or a tap, is a netdev of the host like any
 * other: its IPv6 sends router solicitations, DAD and MLD reports from the
 * host's link-local address, an address given to it answers ARP, and a
 * packet socket may write to it. None of that is the VM's business, and
 * some of it (a router solicitation from the hypervisor) is a leak of the
 * host to a tenant. While a device is a port, a netfilter egress hook on
 * it drops every frame that vsw did not send, counted as the port's (and
 * the switch's) host_tx.
 *
 * vsw's own frames are told apart without touching them: vsw_port_xmit()
 * names the frame in a per-CPU slot around its dev_queue_xmit(), and the
 * hook, which runs inside that call on the same CPU with BHs off, lets
 * exactly that frame through. Anything else reaching the hook is the
 * host's.
 *
 * What the hook cannot see: a packet socket with PACKET_QDISC_BYPASS,
 * AF_XDP and pktgen transmit with dev_direct_xmit() or the driver
 * directly, and a frame redirected to the device by tc at ingress skips
 * netfilter's egress hook; all need CAP_NET_ADMIN or CAP_NET_RAW on the
 * host (Documentation/robustness.md).
 */

#include <linux/limits.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/rtnetlink.h>

#include "hostguard.h"
#include "port.h"
#include "switch.h"

DEFINE_PER_CPU(const struct sk_buff *, vsw_hostguard_skb);

static unsigned int vsw_hostguard_hook(void *priv, struct sk_buff *skb,
				       const struct nf_hook_state *state)
{
	struct vsw_port *port = priv;

	/* Used up at once: a frame the device hands on is not let again. */
	if (likely(__this_cpu_read(vsw_hostguard_skb) == skb)) {
		__this_cpu_write(vsw_hostguard_skb, NULL);
		return NF_ACCEPT;
	}
	vsw_stats_drop(port->stats, VSW_DROP_HOST_TX);
	vsw_stats_drop(port->sw->stats, VSW_DROP_HOST_TX);
	return NF_DROP;
}

/**
 * vsw_hostguard_attach - drop what the host transmits on a port's device
 * @port: the port, whose @dev, @sw and @stats are set
 * @extack: where a refusal is explained
 *
 * Called before the port can receive or be sent to, so that the host
 * transmits nothing from the first moment on.
 *
 * Return: 0 or a negative errno. Caller holds RTNL.
 */
int vsw_hostguard_attach(struct vsw_port *port,
			 struct netlink_ext_ack *extack)
{
	struct nf_hook_ops *ops = &port->host_guard;
	int err;

	ASSERT_RTNL();

	ops->hook = vsw_hostguard_hook;
	ops->pf = NFPROTO_NETDEV;
	ops->hooknum = NF_NETDEV_EGRESS;
	/* First: the host's own egress chains see only vsw's frames. */
	ops->priority = INT_MIN;
	ops->dev = port->dev;
	ops->priv = port;
	err = nf_register_net_hook(dev_net(port->dev), ops);
	if (err)
		NL_SET_ERR_MSG(extack,
			       "cannot hook the port device's transmissions");
	return err;
}

/**
 * vsw_hostguard_detach - let the host transmit on the device again
 * @port: the port
 *
 * Does not wait for a grace period (nf_unregister_net_hook() does not):
 * the hook may still be running on another CPU when this returns, so the
 * port, and the switch whose counters it uses, are freed only after one
 * (vsw_port_release(), vsw_switch_put()). Caller holds RTNL; the device
 * is still in the namespace it was attached in (a device leaving it is
 * detached on NETDEV_UNREGISTER, before it moves).
 */
void vsw_hostguard_detach(struct vsw_port *port)
{
	ASSERT_RTNL();

	nf_unregister_net_hook(dev_net(port->dev), &port->host_guard);
}
