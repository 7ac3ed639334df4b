// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: the "vsw" generic netlink family.
 *
 * One family, described in Documentation/netlink/specs/vsw.yaml, with the
 * ABI in include/uapi/linux/vsw.h. Every operation has its own strict
 * policy listing only the attributes it takes, so anything else is refused
 * by the core with an extended-ack message. Every command, reads included
 * (they name tenants' CAs, MACs and PAs, as events do), requires
 * CAP_NET_ADMIN in the user namespace owning the caller's network namespace
 * (GENL_UNS_ADMIN_PERM), and acts on that namespace only. The family runs
 * requests in parallel (parallel_ops): handlers take RTNL for switches,
 * devices and sampling, and the switch's own lock, not RTNL, for its
 * policy, routes and settings (see switch.c, DOC: Locking).
 */

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/vsw.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "addr.h"
#include "announce.h"
#include "hold.h"
#include "netlink.h"
#include "port.h"
#include "route.h"
#include "sample.h"
#include "switch.h"
#include "uplink.h"

static struct genl_family vsw_genl_family;

enum vsw_mcgrp {
	VSW_MCGRP_EVENTS_ID,
	VSW_MCGRP_SAMPLES_ID,
};

static const struct genl_multicast_group vsw_mcgrps[] = {
	/*
	 * Events name tenants' addresses: joining needs CAP_NET_ADMIN in the
	 * user namespace owning the network namespace, as changes do. Groups
	 * take GENL_MCAST_* flags; GENL_UNS_ADMIN_PERM means nothing here.
	 */
	[VSW_MCGRP_EVENTS_ID] = { .name = VSW_MCGRP_EVENTS,
				  .flags = GENL_MCAST_CAP_NET_ADMIN },
	/* As psample's "packets" group: what the samples go with. */
	[VSW_MCGRP_SAMPLES_ID] = { .name = VSW_MCGRP_SAMPLES,
				   .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct netlink_range_validation vsw_vsid_range = {
	.min = VSW_VSID_MIN,
	.max = VSW_VSID_MAX,
};

static struct netlink_range_validation vsw_policy_max_range = {
	.min = 1,
	.max = VSW_POLICY_MAX_LIMIT,
};

static struct netlink_range_validation vsw_hold_timeout_range = {
	.min = 1,
	.max = VSW_HOLD_TIMEOUT_MAX,
};

static struct netlink_range_validation vsw_trunc_range = {
	.min = VSW_SAMPLE_TRUNC_MIN,
	.max = VSW_SAMPLE_TRUNC_MAX,
};

static const struct nla_policy vsw_sample_nl_policy[VSW_SAMPLE_A_MAX + 1] = {
	[VSW_SAMPLE_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VSW_SAMPLE_A_RATE] = { .type = NLA_U32 },
	[VSW_SAMPLE_A_GROUP] = { .type = NLA_U32 },
	[VSW_SAMPLE_A_TRUNC] = NLA_POLICY_FULL_RANGE(NLA_U32,
						     &vsw_trunc_range),
};

static const struct nla_policy vsw_port_nl_policy[VSW_PORT_A_MAX + 1] = {
	[VSW_PORT_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VSW_PORT_A_VSID] = NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_vsid_range),
	[VSW_PORT_A_MAC] = NLA_POLICY_ETH_ADDR,
};

static const struct nla_policy vsw_policy_nl_policy[VSW_POLICY_A_MAX + 1] = {
	[VSW_POLICY_A_VSID] = NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_vsid_range),
	[VSW_POLICY_A_CA] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VSW_POLICY_A_MAC] = NLA_POLICY_ETH_ADDR,
	[VSW_POLICY_A_PA] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VSW_POLICY_A_CA6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[VSW_POLICY_A_PA6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

static const struct nla_policy vsw_route_nl_policy[VSW_ROUTE_A_MAX + 1] = {
	[VSW_ROUTE_A_RDID] = NLA_POLICY_MIN(NLA_U32, 1),
	[VSW_ROUTE_A_VSID] = NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_vsid_range),
	[VSW_ROUTE_A_DST] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VSW_ROUTE_A_DST6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[VSW_ROUTE_A_PLEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[VSW_ROUTE_A_NEXTHOP] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VSW_ROUTE_A_NEXTHOP6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

#define VSW_NAME_POLICY \
	[VSW_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, \
				.len = VSW_SWITCH_NAME_MAX }

static const struct nla_policy vsw_switch_name_policy[VSW_A_MAX + 1] = {
	VSW_NAME_POLICY,
};

static const struct nla_policy vsw_switch_set_policy[VSW_A_MAX + 1] = {
	VSW_NAME_POLICY,
	[VSW_A_SWITCH_FLOWID] = NLA_POLICY_MAX(NLA_U8, VSW_FLOWID_ZERO),
	[VSW_A_SWITCH_TTL] = NLA_POLICY_MIN(NLA_U8, 1),
	[VSW_A_SWITCH_TOS] = { .type = NLA_U8 },
	[VSW_A_POLICY_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32,
						   &vsw_policy_max_range),
	[VSW_A_ROUTER_MAC] = NLA_POLICY_ETH_ADDR,
	[VSW_A_HOLD_MAX] = NLA_POLICY_MAX(NLA_U32, VSW_HOLD_MAX_LIMIT),
	[VSW_A_HOLD_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32,
						     &vsw_hold_timeout_range),
};

static const struct nla_policy vsw_route_policy[VSW_A_MAX + 1] = {
	VSW_NAME_POLICY,
	[VSW_A_ROUTE] = NLA_POLICY_NESTED(vsw_route_nl_policy),
};

static const struct nla_policy vsw_uplink_set_policy[VSW_A_MAX + 1] = {
	VSW_NAME_POLICY,
	[VSW_A_UPLINK_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VSW_A_UPLINK_PA] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VSW_A_UPLINK_PA6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

static const struct nla_policy vsw_port_policy[VSW_A_MAX + 1] = {
	VSW_NAME_POLICY,
	[VSW_A_PORT] = NLA_POLICY_NESTED(vsw_port_nl_policy),
};

static const struct nla_policy vsw_policy_policy[VSW_A_MAX + 1] = {
	VSW_NAME_POLICY,
	[VSW_A_POLICY] = NLA_POLICY_NESTED(vsw_policy_nl_policy),
	[VSW_A_POLICY_REPLACE] = { .type = NLA_FLAG },
};

static const struct nla_policy vsw_sample_policy[VSW_A_MAX + 1] = {
	VSW_NAME_POLICY,
	[VSW_A_SAMPLE] = NLA_POLICY_NESTED(vsw_sample_nl_policy),
};

/* Looks the request's switch up. Caller holds RTNL. */
static struct vsw_switch *vsw_nl_switch(struct net *net, struct nlattr **attrs,
					struct netlink_ext_ack *extack)
{
	struct nlattr *attr = attrs[VSW_A_SWITCH_NAME];
	struct vsw_switch *sw;

	ASSERT_RTNL();

	if (!attr) {
		NL_SET_ERR_MSG(extack, "missing switch name");
		NL_SET_ERR_ATTR_MISS(extack, NULL, VSW_A_SWITCH_NAME);
		return ERR_PTR(-EINVAL);
	}
	sw = vsw_switch_find(vsw_net_get(net), nla_data(attr));
	if (!sw) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "no such switch");
		return ERR_PTR(-ENOENT);
	}
	return sw;
}

/*
 * Looks the request's switch up without RTNL, and locks it: its policy,
 * routes and settings stand still, and so do its ports, until
 * vsw_nl_switch_unlock(). A switch deleted meanwhile is no such switch.
 */
static struct vsw_switch *vsw_nl_switch_lock(struct net *net,
					     struct nlattr **attrs,
					     struct netlink_ext_ack *extack)
{
	struct nlattr *attr = attrs[VSW_A_SWITCH_NAME];
	struct vsw_switch *sw;

	if (!attr) {
		NL_SET_ERR_MSG(extack, "missing switch name");
		NL_SET_ERR_ATTR_MISS(extack, NULL, VSW_A_SWITCH_NAME);
		return ERR_PTR(-EINVAL);
	}
	sw = vsw_switch_get(vsw_net_get(net), nla_data(attr));
	if (sw) {
		mutex_lock(&sw->lock);
		if (!sw->dead)
			return sw;
		mutex_unlock(&sw->lock);
		vsw_switch_put(sw);
	}
	NL_SET_ERR_MSG_ATTR(extack, attr, "no such switch");
	return ERR_PTR(-ENOENT);
}

static void vsw_nl_switch_unlock(struct vsw_switch *sw)
{
	mutex_unlock(&sw->lock);
	vsw_switch_put(sw);
}

/*
 * Is @mac the switch's router MAC? A port or record with it would take
 * the frames VMs send to their gateway. Caller holds @sw->lock.
 */
static bool vsw_nl_is_router_mac(struct vsw_switch *sw, const u8 *mac)
{
	return ether_addr_equal(vsw_routes_locked(sw)->mac, mac);
}

/* Has a port of @sw the MAC @mac, in any VSID? Caller holds @sw->lock. */
static bool vsw_port_with_mac(struct vsw_switch *sw, const u8 *mac)
{
	struct vsw_port *port;

	lockdep_assert_held(&sw->lock);

	list_for_each_entry(port, &sw->ports, list)
		if (ether_addr_equal(port->mac, mac))
			return true;
	return false;
}

static int vsw_put_stats(struct sk_buff *skb, int type,
			 struct vsw_pcpu_stats __percpu *pcpu)
{
	struct vsw_stats_snapshot s;
	struct nlattr *nest, *drop;
	int i;

	vsw_stats_read(pcpu, &s);
	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, VSW_STATS_A_RX_PACKETS, s.rx_packets,
			      VSW_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, VSW_STATS_A_RX_BYTES, s.rx_bytes,
			      VSW_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, VSW_STATS_A_TX_PACKETS, s.tx_packets,
			      VSW_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, VSW_STATS_A_TX_BYTES, s.tx_bytes,
			      VSW_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, VSW_STATS_A_ENCAP_PACKETS, s.encap_packets,
			      VSW_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, VSW_STATS_A_DECAP_PACKETS, s.decap_packets,
			      VSW_STATS_A_PAD))
		goto cancel;
	for (i = 0; i < VSW_DROP_MAX; i++) {
		drop = nla_nest_start(skb, VSW_STATS_A_DROP);
		if (!drop ||
		    nla_put_string(skb, VSW_DROP_A_REASON,
				   vsw_drop_reason_name(i)) ||
		    nla_put_u64_64bit(skb, VSW_DROP_A_PACKETS, s.drops[i],
				      VSW_DROP_A_PAD))
			goto cancel;
		nla_nest_end(skb, drop);
	}
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int vsw_put_port(struct sk_buff *skb, const struct vsw_port *port,
			bool stats)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, VSW_A_PORT);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, VSW_PORT_A_IFINDEX, port->dev->ifindex) ||
	    nla_put_u32(skb, VSW_PORT_A_VSID, port->vsid) ||
	    nla_put(skb, VSW_PORT_A_MAC, ETH_ALEN, port->mac) ||
	    (stats && vsw_put_stats(skb, VSW_PORT_A_STATS, port->stats))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * Puts an address as the attribute of its family: @a4 (4 bytes) for a
 * v4-mapped one, @a6 (16 bytes) otherwise.
 */
static int vsw_put_addr(struct sk_buff *skb, int a4, int a6,
			const struct in6_addr *addr)
{
	if (vsw_addr_is4(addr))
		return nla_put_in_addr(skb, a4, vsw_addr4(addr));
	return nla_put_in6_addr(skb, a6, addr);
}

/* The uplink's PAs, one attribute per family it has. RTNL or RCU. */
static int vsw_put_uplink(struct sk_buff *skb, const struct vsw_uplink *up)
{
	const struct vsw_uplink_pa *pas = rcu_dereference_rtnl(up->pa);

	if (nla_put_u32(skb, VSW_A_UPLINK_IFINDEX, up->dev->ifindex))
		return -EMSGSIZE;
	if (!ipv6_addr_any(&pas->pa4) &&
	    nla_put_in_addr(skb, VSW_A_UPLINK_PA, vsw_addr4(&pas->pa4)))
		return -EMSGSIZE;
	if (!ipv6_addr_any(&pas->pa6) &&
	    nla_put_in6_addr(skb, VSW_A_UPLINK_PA6, &pas->pa6))
		return -EMSGSIZE;
	return 0;
}

/* Can @a (v4-mapped for IPv4) be a VM's or a host's address? */
static bool vsw_addr_unicast(const struct in6_addr *a)
{
	__be32 v4;

	if (vsw_addr_is4(a)) {
		v4 = vsw_addr4(a);
		return !(ipv4_is_zeronet(v4) || ipv4_is_multicast(v4) ||
			 ipv4_is_lbcast(v4) || ipv4_is_loopback(v4));
	}
	return !(ipv6_addr_type(a) & (IPV6_ADDR_ANY | IPV6_ADDR_MULTICAST |
				      IPV6_ADDR_LOOPBACK));
}

/*
 * Reads the address given as @a4 (IPv4) or @a6 (IPv6, not v4-mapped) of
 * @tb into @addr, checking that it can be a CA or a PA: unicast, not
 * unspecified, not loopback. Exactly one of the two must be there.
 */
static int vsw_nl_get_addr(struct nlattr **tb, int a4, int a6,
			   struct in6_addr *addr, struct nlattr *nest,
			   struct netlink_ext_ack *extack)
{
	bool ca = a4 == VSW_POLICY_A_CA;

	if (!tb[a4] == !tb[a6]) {
		if (ca)
			NL_SET_ERR_MSG(extack,
				       "policy record needs one CA, IPv4 or IPv6");
		else
			NL_SET_ERR_MSG(extack,
				       "policy record needs one PA, IPv4 or IPv6");
		NL_SET_BAD_ATTR(extack, tb[a4] ? tb[a6] : nest);
		return -EINVAL;
	}
	if (tb[a4])
		vsw_addr_set4(addr, nla_get_in_addr(tb[a4]));
	else
		*addr = nla_get_in6_addr(tb[a6]);
	/* An IPv4-mapped IPv6 address would be the IPv4 one in disguise. */
	if ((tb[a6] && vsw_addr_is4(addr)) || !vsw_addr_unicast(addr)) {
		if (ca)
			NL_SET_ERR_MSG(extack, "CA must be a unicast address");
		else
			NL_SET_ERR_MSG(extack, "PA must be a unicast address");
		NL_SET_BAD_ATTR(extack, tb[a4] ?: tb[a6]);
		return -EINVAL;
	}
	return 0;
}

static int vsw_switch_fill(struct sk_buff *skb, struct vsw_switch *sw,
			   u32 portid, u32 seq, int flags,
			   struct netlink_callback *cb)
{
	struct vsw_uplink *up = rtnl_dereference(sw->uplink);
	u8 router_mac[ETH_ALEN];
	void *hdr;

	/* Routes and settings change under the switch's lock, not RTNL. */
	rcu_read_lock();
	ether_addr_copy(router_mac, rcu_dereference(sw->routes)->mac);
	rcu_read_unlock();

	hdr = genlmsg_put(skb, portid, seq, &vsw_genl_family, flags,
			  VSW_CMD_SWITCH_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (nla_put_string(skb, VSW_A_SWITCH_NAME, sw->name) ||
	    nla_put_u8(skb, VSW_A_SWITCH_FLOWID, READ_ONCE(sw->flowid)) ||
	    nla_put_u8(skb, VSW_A_SWITCH_TTL, READ_ONCE(sw->ttl)) ||
	    nla_put_u8(skb, VSW_A_SWITCH_TOS, READ_ONCE(sw->tos)) ||
	    nla_put_u32(skb, VSW_A_PORT_COUNT, sw->n_ports) ||
	    nla_put_u32(skb, VSW_A_POLICY_COUNT,
			vsw_policy_count(&sw->policy)) ||
	    nla_put_u32(skb, VSW_A_POLICY_MAX, vsw_policy_max(&sw->policy)) ||
	    nla_put(skb, VSW_A_ROUTER_MAC, ETH_ALEN, router_mac) ||
	    nla_put_u32(skb, VSW_A_HOLD_MAX, READ_ONCE(sw->hold.max)) ||
	    nla_put_u32(skb, VSW_A_HOLD_TIMEOUT,
			READ_ONCE(sw->hold.timeout_ms)) ||
	    nla_put_u32(skb, VSW_A_HOLD_COUNT, vsw_hold_count(&sw->hold)) ||
	    nla_put_u64_64bit(skb, VSW_A_POLICY_OVER_LIMIT,
			      vsw_policy_over_limit(&sw->policy), VSW_A_PAD) ||
	    (up && vsw_put_uplink(skb, up))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int vsw_nl_switch_new(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_net *vn = vsw_net_get(genl_info_net(info));
	struct nlattr *attr = info->attrs[VSW_A_SWITCH_NAME];
	struct vsw_switch *sw;

	if (GENL_REQ_ATTR_CHECK(info, VSW_A_SWITCH_NAME)) {
		GENL_SET_ERR_MSG(info, "missing switch name");
		return -EINVAL;
	}

	rtnl_lock();
	sw = vsw_switch_create(vn, nla_data(attr), info->extack);
	rtnl_unlock();
	if (IS_ERR(sw)) {
		NL_SET_BAD_ATTR(info->extack, attr);
		return PTR_ERR(sw);
	}
	return 0;
}

static int vsw_nl_switch_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_switch *sw;

	rtnl_lock();
	sw = vsw_nl_switch(genl_info_net(info), info->attrs, info->extack);
	if (!IS_ERR(sw))
		vsw_switch_destroy(sw);
	rtnl_unlock();
	return PTR_ERR_OR_ZERO(sw);
}

static int vsw_nl_switch_get(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_switch *sw;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	sw = vsw_nl_switch(genl_info_net(info), info->attrs, info->extack);
	err = PTR_ERR_OR_ZERO(sw);
	if (!err)
		err = vsw_switch_fill(msg, sw, info->snd_portid, info->snd_seq,
				      0, NULL);
	rtnl_unlock();

	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * cb->args[0] counts the switches already sent. The table can change
 * between two parts of a dump; cb->seq carries its generation so that the
 * reader is told (NLM_F_DUMP_INTR) instead of silently missing a switch.
 */
static int vsw_nl_switch_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct vsw_net *vn = vsw_net_get(sock_net(skb->sk));
	unsigned long idx = 0, start = cb->args[0];
	struct vsw_switch *sw;
	int err = 0;

	rtnl_lock();
	cb->seq = vn->gen;
	list_for_each_entry(sw, &vn->switches, list) {
		if (idx++ < start)
			continue;
		err = vsw_switch_fill(skb, sw, NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
		if (err)
			break;
		cb->args[0] = idx;
	}
	rtnl_unlock();

	/* A switch that fits in no message at all would loop forever. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

static int vsw_nl_switch_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct vsw_switch *sw;
	int err = 0;

	sw = vsw_nl_switch_lock(genl_info_net(info), attrs, info->extack);
	if (IS_ERR(sw))
		return PTR_ERR(sw);
	/*
	 * All or nothing: everything is checked before anything changes, and
	 * the one change that can still fail (memory) goes first.
	 */
	if (attrs[VSW_A_POLICY_MAX]) {
		err = vsw_policy_check_max(&sw->policy,
					   nla_get_u32(attrs[VSW_A_POLICY_MAX]),
					   info->extack);
		if (err) {
			NL_SET_BAD_ATTR(info->extack, attrs[VSW_A_POLICY_MAX]);
			goto out;
		}
	}
	if (attrs[VSW_A_ROUTER_MAC]) {
		const u8 *mac = nla_data(attrs[VSW_A_ROUTER_MAC]);

		if (!is_valid_ether_addr(mac)) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[VSW_A_ROUTER_MAC],
					    "router MAC must be unicast and not zero");
			err = -EINVAL;
			goto out;
		}
		if (vsw_port_with_mac(sw, mac)) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[VSW_A_ROUTER_MAC],
					    "router MAC is the MAC of a port");
			err = -EINVAL;
			goto out;
		}
		err = vsw_route_set_mac(sw, mac);
		if (err)
			goto out;
	}
	if (attrs[VSW_A_POLICY_MAX])
		WARN_ON_ONCE(vsw_policy_set_max(&sw->policy,
						nla_get_u32(attrs[VSW_A_POLICY_MAX]),
						info->extack));
	if (attrs[VSW_A_SWITCH_FLOWID])
		WRITE_ONCE(sw->flowid, nla_get_u8(attrs[VSW_A_SWITCH_FLOWID]));
	if (attrs[VSW_A_SWITCH_TTL])
		WRITE_ONCE(sw->ttl, nla_get_u8(attrs[VSW_A_SWITCH_TTL]));
	if (attrs[VSW_A_SWITCH_TOS])
		WRITE_ONCE(sw->tos, nla_get_u8(attrs[VSW_A_SWITCH_TOS]));
	if (attrs[VSW_A_HOLD_MAX])
		WRITE_ONCE(sw->hold.max, nla_get_u32(attrs[VSW_A_HOLD_MAX]));
	if (attrs[VSW_A_HOLD_TIMEOUT])
		WRITE_ONCE(sw->hold.timeout_ms,
			   nla_get_u32(attrs[VSW_A_HOLD_TIMEOUT]));
out:
	vsw_nl_switch_unlock(sw);
	return err;
}

/* The device of an ifindex attribute, in the request's namespace. RTNL. */
static struct net_device *vsw_nl_dev(struct net *net, struct nlattr *attr,
				     struct netlink_ext_ack *extack)
{
	struct net_device *dev = __dev_get_by_index(net, nla_get_u32(attr));

	if (!dev)
		NL_SET_ERR_MSG_ATTR(extack, attr, "no such device");
	return dev;
}

/*
 * The request's switch, and the device named by one of its ifindex
 * attributes, in the request's namespace. Caller holds RTNL.
 */
static int vsw_nl_switch_dev(struct genl_info *info, struct nlattr *ifindex,
			     struct vsw_switch **swp, struct net_device **devp)
{
	*swp = vsw_nl_switch(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(*swp))
		return PTR_ERR(*swp);
	*devp = vsw_nl_dev(genl_info_net(info), ifindex, info->extack);
	return *devp ? 0 : -ENODEV;
}

static int vsw_nl_uplink_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct in6_addr pa4, pa6;
	struct net_device *dev;
	struct vsw_switch *sw;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VSW_A_UPLINK_IFINDEX)) {
		GENL_SET_ERR_MSG(info, "missing uplink device");
		return -EINVAL;
	}
	if (!attrs[VSW_A_UPLINK_PA] && !attrs[VSW_A_UPLINK_PA6]) {
		GENL_SET_ERR_MSG(info, "missing PA (IPv4, IPv6 or both)");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, VSW_A_UPLINK_PA);
		return -EINVAL;
	}
	if (attrs[VSW_A_UPLINK_PA])
		vsw_addr_set4(&pa4, nla_get_in_addr(attrs[VSW_A_UPLINK_PA]));
	if (attrs[VSW_A_UPLINK_PA6])
		pa6 = nla_get_in6_addr(attrs[VSW_A_UPLINK_PA6]);

	rtnl_lock();
	err = vsw_nl_switch_dev(info, attrs[VSW_A_UPLINK_IFINDEX], &sw, &dev);
	if (err)
		goto out;
	err = vsw_uplink_set(sw, dev, attrs[VSW_A_UPLINK_PA] ? &pa4 : NULL,
			     attrs[VSW_A_UPLINK_PA6] ? &pa6 : NULL,
			     info->extack);
out:
	rtnl_unlock();
	return err;
}

static int vsw_nl_uplink_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_switch *sw;
	int err = 0;

	rtnl_lock();
	sw = vsw_nl_switch(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
	} else if (!rtnl_dereference(sw->uplink)) {
		GENL_SET_ERR_MSG(info, "switch has no uplink");
		err = -ENOENT;
	} else {
		vsw_nl_notify_uplink_del(sw);
		vsw_uplink_del(sw);
	}
	rtnl_unlock();
	return err;
}

/* Parses the request's port nest; @need lists the attributes it must have. */
static int vsw_nl_port_attrs(struct genl_info *info, struct nlattr **tb,
			     const int *need, int n_need)
{
	struct nlattr *nest = info->attrs[VSW_A_PORT];
	int err, i;

	if (GENL_REQ_ATTR_CHECK(info, VSW_A_PORT)) {
		GENL_SET_ERR_MSG(info, "missing port");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, VSW_PORT_A_MAX, nest, vsw_port_nl_policy,
			       info->extack);
	if (err)
		return err;
	for (i = 0; i < n_need; i++) {
		if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, need[i])) {
			GENL_SET_ERR_MSG(info,
					 "port needs a device, a VSID and a MAC");
			return -EINVAL;
		}
	}
	return 0;
}

static int vsw_nl_port_new(struct sk_buff *skb, struct genl_info *info)
{
	static const int need[] = { VSW_PORT_A_IFINDEX, VSW_PORT_A_VSID,
				    VSW_PORT_A_MAC };
	struct nlattr *tb[VSW_PORT_A_MAX + 1];
	struct net_device *dev;
	struct vsw_switch *sw;
	const u8 *mac;
	int err;

	err = vsw_nl_port_attrs(info, tb, need, ARRAY_SIZE(need));
	if (err)
		return err;
	mac = nla_data(tb[VSW_PORT_A_MAC]);
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VSW_PORT_A_MAC],
				    "port MAC must be unicast and not zero");
		return -EINVAL;
	}

	rtnl_lock();
	err = vsw_nl_switch_dev(info, tb[VSW_PORT_A_IFINDEX], &sw, &dev);
	if (err)
		goto out;
	mutex_lock(&sw->lock);
	if (vsw_nl_is_router_mac(sw, mac)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VSW_PORT_A_MAC],
				    "port MAC is the switch's router MAC");
		err = -EINVAL;
	} else {
		err = vsw_port_add(sw, dev, nla_get_u32(tb[VSW_PORT_A_VSID]),
				   mac, info->extack);
		if (err)
			NL_SET_BAD_ATTR(info->extack, info->attrs[VSW_A_PORT]);
	}
	mutex_unlock(&sw->lock);
out:
	rtnl_unlock();
	return err;
}

static int vsw_nl_port_del(struct sk_buff *skb, struct genl_info *info)
{
	static const int need[] = { VSW_PORT_A_IFINDEX };
	struct nlattr *tb[VSW_PORT_A_MAX + 1];
	struct net_device *dev;
	struct vsw_switch *sw;
	struct vsw_port *port;
	int err;

	err = vsw_nl_port_attrs(info, tb, need, ARRAY_SIZE(need));
	if (err)
		return err;

	rtnl_lock();
	err = vsw_nl_switch_dev(info, tb[VSW_PORT_A_IFINDEX], &sw, &dev);
	if (err)
		goto out;
	port = vsw_port_get_rtnl(dev);
	if (!port || port->sw != sw) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VSW_PORT_A_IFINDEX],
				    "device is not a port of this switch");
		err = -ENOENT;
		goto out;
	}
	mutex_lock(&sw->lock);
	vsw_nl_notify_port_del(port);
	vsw_port_del(port);
	mutex_unlock(&sw->lock);
out:
	rtnl_unlock();
	return err;
}

/*
 * Each message carries the switch name and as many ports as fit.
 * cb->args[0] counts the ports already sent; cb->seq the generation.
 */
static int vsw_nl_port_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = genl_info_dump(cb)->attrs;
	unsigned long idx = 0, start = cb->args[0];
	struct vsw_port *port;
	struct vsw_switch *sw;
	int err = 0, n = 0;
	void *hdr;

	rtnl_lock();
	sw = vsw_nl_switch(sock_net(skb->sk), attrs, cb->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	cb->seq = sw->vn->gen;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &vsw_genl_family, NLM_F_MULTI, VSW_CMD_PORT_GET);
	if (!hdr) {
		err = -EMSGSIZE;
		goto out;
	}
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_string(skb, VSW_A_SWITCH_NAME, sw->name)) {
		genlmsg_cancel(skb, hdr);
		err = -EMSGSIZE;
		goto out;
	}
	list_for_each_entry(port, &sw->ports, list) {
		if (idx++ < start)
			continue;
		if (vsw_put_port(skb, port, false))
			break;
		cb->args[0] = idx;
		n++;
	}
	if (n)
		genlmsg_end(skb, hdr);
	else
		genlmsg_cancel(skb, hdr);
out:
	rtnl_unlock();
	if (err)
		return err;
	return n ? skb->len : 0;
}

/*
 * One record of a request: VSID and CA always, MAC and PA too when @full
 * (an add). @ca and @pa are filled in.
 */
static int vsw_nl_policy_parse(struct nlattr *nest, struct nlattr **tb,
			       bool full, struct in6_addr *ca,
			       struct in6_addr *pa,
			       struct netlink_ext_ack *extack)
{
	int err;

	err = nla_parse_nested(tb, VSW_POLICY_A_MAX, nest,
			       vsw_policy_nl_policy, extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, VSW_POLICY_A_VSID)) {
		NL_SET_ERR_MSG(extack, "policy record needs a VSID and a CA");
		return -EINVAL;
	}
	err = vsw_nl_get_addr(tb, VSW_POLICY_A_CA, VSW_POLICY_A_CA6, ca, nest,
			      extack);
	if (err || !full)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, VSW_POLICY_A_MAC)) {
		NL_SET_ERR_MSG(extack, "policy record needs a MAC and a PA");
		return -EINVAL;
	}
	if (!is_valid_ether_addr(nla_data(tb[VSW_POLICY_A_MAC]))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[VSW_POLICY_A_MAC],
				    "record MAC must be unicast and not zero");
		return -EINVAL;
	}
	return vsw_nl_get_addr(tb, VSW_POLICY_A_PA, VSW_POLICY_A_PA6, pa, nest,
			       extack);
}

static int vsw_nl_policy_change(struct genl_info *info, bool add)
{
	bool replace = nla_get_flag(info->attrs[VSW_A_POLICY_REPLACE]);
	struct nlattr *tb[VSW_POLICY_A_MAX + 1];
	struct vsw_policy_batch batch;
	struct in6_addr ca, pa;
	struct vsw_switch *sw;
	struct nlattr *nla;
	int err = 0, n = 0;
	int rem;

	/* The switch's lock, not RTNL: a batch holds up no other switch. */
	sw = vsw_nl_switch_lock(genl_info_net(info), info->attrs,
				info->extack);
	if (IS_ERR(sw))
		return PTR_ERR(sw);
	/*
	 * A request may carry many records: every VSW_A_POLICY, in order,
	 * applied whole or not at all (one batch).
	 */
	vsw_policy_batch_init(&batch, &sw->policy);
	nla_for_each_attr(nla, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(nla) != VSW_A_POLICY)
			continue;
		n++;
		err = vsw_nl_policy_parse(nla, tb, add, &ca, &pa,
					  info->extack);
		if (!err && add &&
		    vsw_nl_is_router_mac(sw, nla_data(tb[VSW_POLICY_A_MAC]))) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VSW_POLICY_A_MAC],
					    "record MAC is the switch's router MAC");
			err = -EINVAL;
		}
		if (!err && add)
			err = vsw_policy_batch_add(&batch,
						   nla_get_u32(tb[VSW_POLICY_A_VSID]),
						   &ca, nla_data(tb[VSW_POLICY_A_MAC]),
						   &pa, replace, info->extack);
		else if (!err)
			err = vsw_policy_batch_remove(&batch,
						      nla_get_u32(tb[VSW_POLICY_A_VSID]),
						      &ca, info->extack);
		if (err) {
			/* Nothing of the request stays: say which failed. */
			if (!info->extack->bad_attr)
				NL_SET_BAD_ATTR(info->extack, nla);
			break;
		}
		/* A request may be megabytes of records. */
		cond_resched();
	}
	if (!err && !n) {
		NL_SET_ERR_MSG(info->extack, "missing policy record");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, VSW_A_POLICY);
		err = -EINVAL;
	}
	if (err)
		vsw_policy_batch_abort(&batch);
	else if (add)
		vsw_policy_installed(sw, &batch);
	else
		vsw_policy_batch_end(&batch, NULL, NULL);
	vsw_nl_switch_unlock(sw);
	return err;
}

static int vsw_nl_policy_new(struct sk_buff *skb, struct genl_info *info)
{
	return vsw_nl_policy_change(info, true);
}

static int vsw_nl_policy_del(struct sk_buff *skb, struct genl_info *info)
{
	return vsw_nl_policy_change(info, false);
}

/**
 * struct vsw_policy_dump - the state of a policy dump between its messages
 * @sw: the switch, held (a reference) from the first message on
 * @it: where the walk is
 * @vsid: the VSID asked for, 0 for all
 * @gen: the table's generation when the walk began
 * @intr: the dump is no longer a snapshot (the table changed, the walk
 *	started over, or the switch was deleted); sticky
 * @ended: the switch was deleted: it has been let go, and the dump ends
 */
struct vsw_policy_dump {
	struct vsw_switch *sw;
	struct vsw_policy_iter it;
	u32 vsid;
	unsigned int gen;
	bool intr;
	bool ended;
};

static int vsw_nl_policy_dump_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = genl_info_dump(cb)->attrs;
	struct nlattr *tb[VSW_POLICY_A_MAX + 1];
	struct vsw_policy_dump *d;
	u32 vsid = 0;
	int err;

	if (attrs[VSW_A_POLICY]) {
		err = nla_parse_nested(tb, VSW_POLICY_A_MAX,
				       attrs[VSW_A_POLICY],
				       vsw_policy_nl_policy, cb->extack);
		if (err)
			return err;
		if (tb[VSW_POLICY_A_VSID])
			vsid = nla_get_u32(tb[VSW_POLICY_A_VSID]);
	}
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	/*
	 * The switch is looked up by the first vsw_nl_policy_dump() call:
	 * before 6.2, .start has no extack (cb->extack is NULL there), and a
	 * refusal must say why.
	 */
	d->vsid = vsid;
	cb->args[0] = (long)d;
	return 0;
}

/*
 * The dump's switch, held for the walk (which must not outlive the
 * table). Takes no lock: the walk runs under RCU.
 */
static int vsw_nl_policy_dump_switch(struct sk_buff *skb,
				     struct netlink_callback *cb,
				     struct vsw_policy_dump *d)
{
	struct nlattr **attrs = genl_info_dump(cb)->attrs;
	struct nlattr *attr = attrs[VSW_A_SWITCH_NAME];
	struct vsw_switch *sw;

	if (!attr) {
		NL_SET_ERR_MSG(cb->extack, "missing switch name");
		NL_SET_ERR_ATTR_MISS(cb->extack, NULL, VSW_A_SWITCH_NAME);
		return -EINVAL;
	}
	sw = vsw_switch_get(vsw_net_get(sock_net(skb->sk)), nla_data(attr));
	if (sw && READ_ONCE(sw->dead)) {
		vsw_switch_put(sw);
		sw = NULL;
	}
	if (!sw) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attr, "no such switch");
		return -ENOENT;
	}
	d->sw = sw;
	d->gen = vsw_policy_gen(&sw->policy);
	vsw_policy_iter_init(&sw->policy, &d->it);
	return 0;
}

static int vsw_nl_policy_fill(const struct vsw_policy *rec, void *arg)
{
	struct sk_buff *skb = arg;
	struct nlattr *nest;

	nest = nla_nest_start(skb, VSW_A_POLICY);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, VSW_POLICY_A_VSID, rec->key.vsid) ||
	    vsw_put_addr(skb, VSW_POLICY_A_CA, VSW_POLICY_A_CA6,
			 &rec->key.ca) ||
	    nla_put(skb, VSW_POLICY_A_MAC, ETH_ALEN, rec->mac) ||
	    vsw_put_addr(skb, VSW_POLICY_A_PA, VSW_POLICY_A_PA6, &rec->pa)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Lets the dump's switch go: its deletion must not wait for the reader. */
static void vsw_nl_policy_dump_release(struct vsw_policy_dump *d)
{
	vsw_policy_iter_exit(&d->it);
	vsw_switch_put(d->sw);
	d->sw = NULL;
}

/*
 * Each message carries the switch name and as many records as fit. A
 * change of the table during the dump, a resize that made the walk start
 * over (records may then come twice), or the deletion of the switch flags
 * it NLM_F_DUMP_INTR: every message from then on, the first one included
 * (genl_dump_check_consistent() alone never flags the first message, as
 * it has no earlier cb->seq to compare with). A dump of a deleted switch
 * ends with one more message, of no records, so flagged; the switch is let
 * go at once rather than when the reader closes the dump.
 */
static int vsw_nl_policy_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct vsw_policy_dump *d = (struct vsw_policy_dump *)cb->args[0];
	int err = 0, start_len;
	bool dead;
	void *hdr;

	if (d->ended)
		return 0;
	if (!d->sw) {
		err = vsw_nl_policy_dump_switch(skb, cb, d);
		if (err)
			return err;
	}
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &vsw_genl_family, NLM_F_MULTI, VSW_CMD_POLICY_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, VSW_A_SWITCH_NAME, d->sw->name)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	start_len = skb->len;

	dead = READ_ONCE(d->sw->dead);
	/* -EAGAIN comes again only after another record was handed out. */
	while (!dead) {
		err = vsw_policy_iter_walk(&d->it, d->vsid, vsw_nl_policy_fill,
					   skb);
		if (err != -EAGAIN)
			break;
		d->intr = true;
	}
	if (dead || vsw_policy_gen(&d->sw->policy) != d->gen)
		d->intr = true;

	cb->seq = d->intr ? 2 : 1;
	genl_dump_check_consistent(cb, hdr);
	if (d->intr)
		genlmsg_nlhdr(hdr)->nlmsg_flags |= NLM_F_DUMP_INTR;
	if (dead) {
		d->ended = true;
		vsw_nl_policy_dump_release(d);
	} else if (skb->len == start_len) {
		genlmsg_cancel(skb, hdr);
		/* Not even one record fits an empty message: give up. */
		return err == -EMSGSIZE ? -EMSGSIZE : 0;
	}
	genlmsg_end(skb, hdr);
	return skb->len;
}

static int vsw_nl_policy_dump_done(struct netlink_callback *cb)
{
	struct vsw_policy_dump *d = (struct vsw_policy_dump *)cb->args[0];

	if (!d)
		return 0;
	if (d->sw)
		vsw_nl_policy_dump_release(d);
	kfree(d);
	return 0;
}

/* Room for one port's counters: the nest, six u64s, every drop reason. */
#define VSW_STATS_SIZE	(nla_total_size(0) + 6 * nla_total_size_64bit(8) + \
			 VSW_DROP_MAX * (nla_total_size(0) + \
					 nla_total_size(IFNAMSIZ * 2) + \
					 nla_total_size_64bit(8)))
#define VSW_PORT_SIZE	(nla_total_size(0) + 2 * nla_total_size(4) + \
			 nla_total_size(ETH_ALEN) + VSW_STATS_SIZE)

static int vsw_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr *tb[VSW_PORT_A_MAX + 1];
	struct vsw_port *port, *only = NULL;
	struct net_device *dev;
	struct vsw_switch *sw;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (info->attrs[VSW_A_PORT]) {
		err = nla_parse_nested(tb, VSW_PORT_A_MAX,
				       info->attrs[VSW_A_PORT],
				       vsw_port_nl_policy, info->extack);
		if (err)
			return err;
		if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[VSW_A_PORT],
				      tb, VSW_PORT_A_IFINDEX)) {
			GENL_SET_ERR_MSG(info, "missing port device");
			return -EINVAL;
		}
	}

	rtnl_lock();
	sw = vsw_nl_switch(net, info->attrs, info->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	if (info->attrs[VSW_A_PORT]) {
		dev = vsw_nl_dev(net, tb[VSW_PORT_A_IFINDEX], info->extack);
		only = dev ? vsw_port_get_rtnl(dev) : NULL;
		if (!only || only->sw != sw) {
			if (dev)
				NL_SET_ERR_MSG_ATTR(info->extack,
						    tb[VSW_PORT_A_IFINDEX],
						    "device is not a port of this switch");
			err = dev ? -ENOENT : -ENODEV;
			goto out;
		}
	}

	msg = genlmsg_new(NLMSG_GOODSIZE + VSW_STATS_SIZE +
			  (only ? 1 : sw->n_ports) * VSW_PORT_SIZE,
			  GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &vsw_genl_family, 0,
				VSW_CMD_STATS_GET);
	err = -EMSGSIZE;
	if (!hdr || nla_put_string(msg, VSW_A_SWITCH_NAME, sw->name) ||
	    vsw_put_stats(msg, VSW_A_STATS, sw->stats))
		goto free;
	list_for_each_entry(port, &sw->ports, list)
		if ((!only || port == only) && vsw_put_port(msg, port, true))
			goto free;
	genlmsg_end(msg, hdr);
	rtnl_unlock();
	return genlmsg_reply(msg, info);

free:
	nlmsg_free(msg);
out:
	rtnl_unlock();
	return err;
}

/*
 * The counters of a switch and of every port, as a dump, so that no reply
 * is bigger than a message (1024 ports' counters would make one of about
 * 1.7 MB). The first message carries the switch's counters, each one
 * (the first too) as many ports as fit. cb->args[0] counts the ports
 * sent, cb->args[1] is set once the switch's counters are; cb->seq the
 * namespace's generation, bumped by port changes.
 */
static int vsw_nl_stats_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = genl_info_dump(cb)->attrs;
	unsigned long idx = 0, start = cb->args[0];
	bool full = false;
	struct vsw_port *port;
	struct vsw_switch *sw;
	int err = 0, n = 0;
	void *hdr;

	if (attrs[VSW_A_PORT]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[VSW_A_PORT],
				    "one port's counters are a get, not a dump");
		return -EINVAL;
	}
	rtnl_lock();
	sw = vsw_nl_switch(sock_net(skb->sk), attrs, cb->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	cb->seq = sw->vn->gen;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &vsw_genl_family, NLM_F_MULTI, VSW_CMD_STATS_GET);
	if (!hdr) {
		err = -EMSGSIZE;
		goto out;
	}
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_string(skb, VSW_A_SWITCH_NAME, sw->name) ||
	    (!cb->args[1] && vsw_put_stats(skb, VSW_A_STATS, sw->stats))) {
		genlmsg_cancel(skb, hdr);
		err = -EMSGSIZE;
		goto out;
	}
	if (!cb->args[1]) {
		cb->args[1] = 1;
		n++;
	}
	list_for_each_entry(port, &sw->ports, list) {
		if (idx++ < start)
			continue;
		if (vsw_put_port(skb, port, true)) {
			full = true;
			break;
		}
		cb->args[0] = idx;
		n++;
	}
	if (n) {
		genlmsg_end(skb, hdr);
	} else {
		genlmsg_cancel(skb, hdr);
		/* A port that fits no empty message would end the dump early. */
		if (full)
			err = -EMSGSIZE;
	}
out:
	rtnl_unlock();
	if (err)
		return err;
	return n ? skb->len : 0;
}

/* Where a device's sampler hangs, if it is a port or the uplink of @sw. */
static struct vsw_sampler __rcu **vsw_sampler_slot(struct vsw_switch *sw,
						   struct net_device *dev)
{
	struct vsw_uplink *up = rtnl_dereference(sw->uplink);
	struct vsw_port *port = vsw_port_get_rtnl(dev);

	if (port && port->sw == sw)
		return &port->sampler;
	if (up && up->dev == dev)
		return &up->sampler;
	return NULL;
}

static int vsw_nl_sample_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *nest = info->attrs[VSW_A_SAMPLE];
	struct net *net = genl_info_net(info);
	struct nlattr *tb[VSW_SAMPLE_A_MAX + 1];
	struct vsw_sampler __rcu **slot;
	struct vsw_sampler *new = NULL;
	struct net_device *dev;
	struct vsw_switch *sw;
	u32 rate, group, trunc;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VSW_A_SAMPLE)) {
		GENL_SET_ERR_MSG(info, "missing sample settings");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, VSW_SAMPLE_A_MAX, nest,
			       vsw_sample_nl_policy, info->extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, VSW_SAMPLE_A_IFINDEX) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, tb, VSW_SAMPLE_A_RATE)) {
		GENL_SET_ERR_MSG(info, "sampling needs a device and a rate");
		return -EINVAL;
	}
	rate = nla_get_u32(tb[VSW_SAMPLE_A_RATE]);
	group = tb[VSW_SAMPLE_A_GROUP] ? nla_get_u32(tb[VSW_SAMPLE_A_GROUP]) :
					 VSW_SAMPLE_GROUP_DEFAULT;
	trunc = tb[VSW_SAMPLE_A_TRUNC] ? nla_get_u32(tb[VSW_SAMPLE_A_TRUNC]) :
					 VSW_SAMPLE_TRUNC_DEFAULT;

	rtnl_lock();
	err = vsw_nl_switch_dev(info, tb[VSW_SAMPLE_A_IFINDEX], &sw, &dev);
	if (err)
		goto out;
	slot = vsw_sampler_slot(sw, dev);
	if (!slot) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VSW_SAMPLE_A_IFINDEX],
				    "device is not a port or the uplink of this switch");
		err = -ENOENT;
		goto out;
	}
	if (rate) {
		new = vsw_sampler_create(net, rate, group, trunc, info->extack);
		if (IS_ERR(new)) {
			err = PTR_ERR(new);
			goto out;
		}
	}
	/* Readers see the old sampler or the new one, then the old goes. */
	vsw_sampler_release(rcu_replace_pointer(*slot, new,
						lockdep_rtnl_is_held()));
out:
	rtnl_unlock();
	return err;
}

static int vsw_put_sample(struct sk_buff *skb, int ifindex,
			  struct vsw_sampler *sampler)
{
	struct nlattr *nest;
	u64 pool, samples;

	vsw_sampler_read(sampler, &pool, &samples);
	nest = nla_nest_start(skb, VSW_A_SAMPLE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, VSW_SAMPLE_A_IFINDEX, ifindex) ||
	    nla_put_u32(skb, VSW_SAMPLE_A_RATE, sampler->rate) ||
	    nla_put_u32(skb, VSW_SAMPLE_A_GROUP, sampler->group_num) ||
	    nla_put_u32(skb, VSW_SAMPLE_A_TRUNC, sampler->trunc) ||
	    nla_put_u64_64bit(skb, VSW_SAMPLE_A_POOL, pool,
			      VSW_SAMPLE_A_PAD) ||
	    nla_put_u64_64bit(skb, VSW_SAMPLE_A_SAMPLES, samples,
			      VSW_SAMPLE_A_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

#define VSW_SAMPLE_SIZE	(nla_total_size(0) + 4 * nla_total_size(4) + \
			 2 * nla_total_size_64bit(8))

static int vsw_nl_sample_get(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_sampler *sampler;
	struct vsw_uplink *up;
	struct vsw_switch *sw;
	struct vsw_port *port;
	struct sk_buff *msg;
	void *hdr;
	int err;

	rtnl_lock();
	sw = vsw_nl_switch(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE + (sw->n_ports + 1) * VSW_SAMPLE_SIZE,
			  GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &vsw_genl_family, 0,
				VSW_CMD_SAMPLE_GET);
	err = -EMSGSIZE;
	if (!hdr || nla_put_string(msg, VSW_A_SWITCH_NAME, sw->name))
		goto free;
	up = rtnl_dereference(sw->uplink);
	sampler = up ? rtnl_dereference(up->sampler) : NULL;
	if (sampler && vsw_put_sample(msg, up->dev->ifindex, sampler))
		goto free;
	list_for_each_entry(port, &sw->ports, list) {
		sampler = rtnl_dereference(port->sampler);
		if (sampler && vsw_put_sample(msg, port->dev->ifindex, sampler))
			goto free;
	}
	genlmsg_end(msg, hdr);
	rtnl_unlock();
	return genlmsg_reply(msg, info);

free:
	nlmsg_free(msg);
out:
	rtnl_unlock();
	return err;
}

/*
 * An address of a route (@a4 IPv4 or @a6 IPv6, not v4-mapped) into @addr.
 * Returns 1 if neither is there, 0 if one is, -EINVAL if both are.
 */
static int vsw_nl_route_addr(struct nlattr **tb, int a4, int a6,
			     struct in6_addr *addr,
			     struct netlink_ext_ack *extack)
{
	if (tb[a4] && tb[a6]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[a6],
				    "give an IPv4 or an IPv6 address, not both");
		return -EINVAL;
	}
	if (tb[a4]) {
		vsw_addr_set4(addr, nla_get_in_addr(tb[a4]));
		return 0;
	}
	if (!tb[a6])
		return 1;
	*addr = nla_get_in6_addr(tb[a6]);
	if (vsw_addr_is4(addr)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[a6],
				    "IPv4-mapped address: give it as IPv4");
		return -EINVAL;
	}
	return 0;
}

/*
 * The route of a request: routing domain, prefix and length always; the
 * VSID and an optional next hop too when @full (an add).
 */
static int vsw_nl_route_parse(struct genl_info *info, struct vsw_route *r,
			      bool full)
{
	struct nlattr *nest = info->attrs[VSW_A_ROUTE];
	struct nlattr *tb[VSW_ROUTE_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	u8 plen;
	int err;

	memset(r, 0, sizeof(*r));
	if (GENL_REQ_ATTR_CHECK(info, VSW_A_ROUTE)) {
		GENL_SET_ERR_MSG(info, "missing route");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, VSW_ROUTE_A_MAX, nest, vsw_route_nl_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, VSW_ROUTE_A_RDID) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, VSW_ROUTE_A_PLEN) ||
	    (full && NL_REQ_ATTR_CHECK(extack, nest, tb, VSW_ROUTE_A_VSID))) {
		NL_SET_ERR_MSG(extack,
			       "route needs a routing domain, a VSID and a prefix");
		return -EINVAL;
	}
	err = vsw_nl_route_addr(tb, VSW_ROUTE_A_DST, VSW_ROUTE_A_DST6,
				&r->prefix, extack);
	if (err > 0) {
		NL_SET_ERR_MSG(extack, "route needs a prefix");
		NL_SET_ERR_ATTR_MISS(extack, nest, VSW_ROUTE_A_DST);
		return -EINVAL;
	}
	if (err)
		return err;
	plen = nla_get_u8(tb[VSW_ROUTE_A_PLEN]);
	if (vsw_addr_is4(&r->prefix)) {
		if (plen > 32) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VSW_ROUTE_A_PLEN],
					    "IPv4 prefix length is 0-32");
			return -EINVAL;
		}
		plen += 96;
	}
	r->plen = plen;
	r->rdid = nla_get_u32(tb[VSW_ROUTE_A_RDID]);
	if (!full)
		return 0;
	r->vsid = nla_get_u32(tb[VSW_ROUTE_A_VSID]);
	err = vsw_nl_route_addr(tb, VSW_ROUTE_A_NEXTHOP, VSW_ROUTE_A_NEXTHOP6,
				&r->nexthop, extack);
	if (err < 0)
		return err;
	if (!err && !vsw_addr_unicast(&r->nexthop)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[VSW_ROUTE_A_NEXTHOP] ?:
				    tb[VSW_ROUTE_A_NEXTHOP6],
				    "next hop must be a unicast address");
		return -EINVAL;
	}
	return 0;
}

static int vsw_nl_route_change(struct genl_info *info, bool add)
{
	struct vsw_switch *sw;
	struct vsw_route r;
	int err;

	err = vsw_nl_route_parse(info, &r, add);
	if (err)
		return err;
	sw = vsw_nl_switch_lock(genl_info_net(info), info->attrs,
				info->extack);
	if (IS_ERR(sw))
		return PTR_ERR(sw);
	if (add)
		err = vsw_route_add(sw, &r, info->extack);
	else
		err = vsw_route_del(sw, r.rdid, &r.prefix, r.plen,
				    info->extack);
	vsw_nl_switch_unlock(sw);
	return err;
}

static int vsw_nl_route_new(struct sk_buff *skb, struct genl_info *info)
{
	return vsw_nl_route_change(info, true);
}

static int vsw_nl_route_del(struct sk_buff *skb, struct genl_info *info)
{
	return vsw_nl_route_change(info, false);
}

static int vsw_put_route(struct sk_buff *skb, const struct vsw_route *r)
{
	bool v4 = vsw_addr_is4(&r->prefix);
	struct nlattr *nest;

	nest = nla_nest_start(skb, VSW_A_ROUTE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, VSW_ROUTE_A_RDID, r->rdid) ||
	    nla_put_u32(skb, VSW_ROUTE_A_VSID, r->vsid) ||
	    vsw_put_addr(skb, VSW_ROUTE_A_DST, VSW_ROUTE_A_DST6, &r->prefix) ||
	    nla_put_u8(skb, VSW_ROUTE_A_PLEN, v4 ? r->plen - 96 : r->plen) ||
	    (!ipv6_addr_any(&r->nexthop) &&
	     vsw_put_addr(skb, VSW_ROUTE_A_NEXTHOP, VSW_ROUTE_A_NEXTHOP6,
			  &r->nexthop))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * cb->args[0] counts the routes already sent; cb->args[1] is the routing
 * domain asked for, 0 for all. A change between two parts of the dump
 * flags it NLM_F_DUMP_INTR.
 */
static int vsw_nl_route_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = genl_info_dump(cb)->attrs;
	unsigned long idx, start = cb->args[0];
	struct nlattr *tb[VSW_ROUTE_A_MAX + 1];
	const struct vsw_rtable *rt;
	struct vsw_switch *sw;
	int err = 0, n = 0;
	u32 rdid = 0;
	void *hdr;

	if (attrs[VSW_A_ROUTE]) {
		err = nla_parse_nested(tb, VSW_ROUTE_A_MAX,
				       attrs[VSW_A_ROUTE],
				       vsw_route_nl_policy, cb->extack);
		if (err)
			return err;
		if (tb[VSW_ROUTE_A_RDID])
			rdid = nla_get_u32(tb[VSW_ROUTE_A_RDID]);
	}

	sw = vsw_nl_switch_lock(sock_net(skb->sk), attrs, cb->extack);
	if (IS_ERR(sw))
		return PTR_ERR(sw);
	cb->seq = sw->route_gen;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &vsw_genl_family, NLM_F_MULTI, VSW_CMD_ROUTE_GET);
	if (!hdr) {
		err = -EMSGSIZE;
		goto out;
	}
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_string(skb, VSW_A_SWITCH_NAME, sw->name)) {
		genlmsg_cancel(skb, hdr);
		err = -EMSGSIZE;
		goto out;
	}
	rt = vsw_routes_locked(sw);
	for (idx = start; idx < rt->n; idx++) {
		if (rdid && rt->r[idx].rdid != rdid) {
			cb->args[0] = idx + 1;
			continue;
		}
		if (vsw_put_route(skb, &rt->r[idx]))
			break;
		cb->args[0] = idx + 1;
		n++;
	}
	if (n)
		genlmsg_end(skb, hdr);
	else
		genlmsg_cancel(skb, hdr);
out:
	vsw_nl_switch_unlock(sw);
	if (err)
		return err;
	return n ? skb->len : 0;
}

static const struct genl_ops vsw_genl_ops[] = {
	{
		.cmd = VSW_CMD_SWITCH_NEW,
		.doit = vsw_nl_switch_new,
		.policy = vsw_switch_name_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_SWITCH_DEL,
		.doit = vsw_nl_switch_del,
		.policy = vsw_switch_name_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_SWITCH_GET,
		.doit = vsw_nl_switch_get,
		.dumpit = vsw_nl_switch_dump,
		.policy = vsw_switch_name_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_SWITCH_SET,
		.doit = vsw_nl_switch_set,
		.policy = vsw_switch_set_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_UPLINK_SET,
		.doit = vsw_nl_uplink_set,
		.policy = vsw_uplink_set_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_UPLINK_DEL,
		.doit = vsw_nl_uplink_del,
		.policy = vsw_switch_name_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_PORT_NEW,
		.doit = vsw_nl_port_new,
		.policy = vsw_port_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_PORT_DEL,
		.doit = vsw_nl_port_del,
		.policy = vsw_port_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_PORT_GET,
		.dumpit = vsw_nl_port_dump,
		.policy = vsw_switch_name_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_POLICY_NEW,
		.doit = vsw_nl_policy_new,
		.policy = vsw_policy_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_POLICY_DEL,
		.doit = vsw_nl_policy_del,
		.policy = vsw_policy_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_POLICY_GET,
		.start = vsw_nl_policy_dump_start,
		.dumpit = vsw_nl_policy_dump,
		.done = vsw_nl_policy_dump_done,
		.policy = vsw_policy_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_STATS_GET,
		.doit = vsw_nl_stats_get,
		.dumpit = vsw_nl_stats_dump,
		.policy = vsw_port_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_SAMPLE_SET,
		.doit = vsw_nl_sample_set,
		.policy = vsw_sample_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_SAMPLE_GET,
		.doit = vsw_nl_sample_get,
		.policy = vsw_switch_name_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_ROUTE_NEW,
		.doit = vsw_nl_route_new,
		.policy = vsw_route_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_ROUTE_DEL,
		.doit = vsw_nl_route_del,
		.policy = vsw_route_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VSW_CMD_ROUTE_GET,
		.dumpit = vsw_nl_route_dump,
		.policy = vsw_route_policy,
		.maxattr = VSW_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family vsw_genl_family __ro_after_init = {
	.name = VSW_GENL_NAME,
	.version = VSW_GENL_VERSION,
	.maxattr = VSW_A_MAX,
	.netnsok = true,
	/* Handlers lock for themselves (see switch.c, DOC: Locking). */
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = vsw_genl_ops,
	.n_ops = ARRAY_SIZE(vsw_genl_ops),
	.mcgrps = vsw_mcgrps,
	.n_mcgrps = ARRAY_SIZE(vsw_mcgrps),
};

static void vsw_nl_notify(struct net *net, struct sk_buff *msg, gfp_t gfp)
{
	genlmsg_multicast_netns(&vsw_genl_family, net, msg, 0,
				VSW_MCGRP_EVENTS_ID, gfp);
}

/* A miss event at its largest: IPv6 CA and PA, from a port. */
#define VSW_MISS_EVENT_SIZE	(nla_total_size(IFNAMSIZ) +		\
				 nla_total_size(0) + nla_total_size(4) +	\
				 nla_total_size(sizeof(struct in6_addr)) +	\
				 nla_total_size(0) + nla_total_size(4) +	\
				 nla_total_size(sizeof(struct in6_addr)))

static void __vsw_nl_notify_miss(struct vsw_switch *sw, struct vsw_port *port,
				 u32 vsid, const struct in6_addr *ca,
				 const struct in6_addr *pa)
{
	struct net *net = sw->vn->net;
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	if (!genl_has_listeners(&vsw_genl_family, net, VSW_MCGRP_EVENTS_ID) ||
	    vsw_hold_pending(sw, vsid, ca) ||
	    !vsw_limit_allow(port ? &port->miss_limit : &sw->miss_limit))
		return;

	/* Softirq: a few hundred bytes of atomic memory, not a page. */
	msg = genlmsg_new(VSW_MISS_EVENT_SIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &vsw_genl_family, 0, VSW_CMD_MISS);
	if (!hdr || nla_put_string(msg, VSW_A_SWITCH_NAME, sw->name))
		goto free;
	nest = nla_nest_start(msg, VSW_A_POLICY);
	if (!nest || nla_put_u32(msg, VSW_POLICY_A_VSID, vsid) ||
	    vsw_put_addr(msg, VSW_POLICY_A_CA, VSW_POLICY_A_CA6, ca))
		goto free;
	nla_nest_end(msg, nest);
	if (port) {
		nest = nla_nest_start(msg, VSW_A_PORT);
		if (!nest ||
		    nla_put_u32(msg, VSW_PORT_A_IFINDEX, port->dev->ifindex))
			goto free;
		nla_nest_end(msg, nest);
	}
	if (pa && vsw_put_addr(msg, VSW_A_MISS_PA, VSW_A_MISS_PA6, pa))
		goto free;
	genlmsg_end(msg, hdr);
	vsw_nl_notify(net, msg, GFP_ATOMIC);
	return;
free:
	nlmsg_free(msg);
}

/**
 * vsw_nl_notify_miss - tell listeners a lookup found no policy record
 * @sw: the switch
 * @port: the port the frame came from
 * @vsid: the VSID looked in
 * @ca: the CA looked up
 *
 * Nothing is sent for a (@vsid, @ca) that frames are held for already
 * (its listeners were told), and at most %VSW_MISS_RATE events a second
 * per port (lock-free, limit.h): a VM causing misses at any rate neither
 * floods listeners nor takes the events of other VMs. Nothing is built
 * when nobody listens. Datapath context.
 */
void vsw_nl_notify_miss(struct vsw_switch *sw, struct vsw_port *port,
			u32 vsid, const struct in6_addr *ca)
{
	__vsw_nl_notify_miss(sw, port, vsid, ca, NULL);
}

/**
 * vsw_nl_notify_miss_rx - tell listeners a frame from the wire came from a
 *	sender without a record
 * @sw: the switch
 * @vsid: the VSID the frame came in
 * @ca: its inner source CA, which has no record in @vsid
 * @pa: the outer source PA it came from
 *
 * The event of vsw_nl_notify_miss(), with no port and with the outer
 * source PA (%VSW_A_MISS_PA or %VSW_A_MISS_PA6). Nothing is sent for a
 * (@vsid, @ca) that local frames are held for already, and all frames from
 * the wire share the switch's %VSW_MISS_RATE events a second: a flood of
 * frames from senders nobody knows costs listeners at most that. Nothing
 * is built when nobody listens. Datapath context.
 */
void vsw_nl_notify_miss_rx(struct vsw_switch *sw, u32 vsid,
			   const struct in6_addr *ca,
			   const struct in6_addr *pa)
{
	__vsw_nl_notify_miss(sw, NULL, vsid, ca, pa);
}

/**
 * vsw_nl_sample_listened - does anyone listen to the samples group?
 * @net: the namespace
 */
bool vsw_nl_sample_listened(struct net *net)
{
	return genl_has_listeners(&vsw_genl_family, net, VSW_MCGRP_SAMPLES_ID);
}

#define VSW_SAMPLE_EVENT_SIZE	(nla_total_size(0) + 3 * nla_total_size(4) + \
				 nla_total_size_64bit(8))

/**
 * vsw_nl_notify_sample - tell the samples group the pool of a sample
 * @net: the namespace of the psample group
 * @ifindex: the sampler's device
 * @group: the psample group
 * @seq: the PSAMPLE_ATTR_GROUP_SEQ psample gave the sample
 * @pool: the sampler's pool when it drew the frame
 *
 * Datapath context.
 */
void vsw_nl_notify_sample(struct net *net, int ifindex, u32 group, u32 seq,
			  u64 pool)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	msg = genlmsg_new(VSW_SAMPLE_EVENT_SIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &vsw_genl_family, 0, VSW_CMD_SAMPLE);
	if (!hdr)
		goto free;
	nest = nla_nest_start(msg, VSW_A_SAMPLE);
	if (!nest || nla_put_u32(msg, VSW_SAMPLE_A_IFINDEX, ifindex) ||
	    nla_put_u32(msg, VSW_SAMPLE_A_GROUP, group) ||
	    nla_put_u32(msg, VSW_SAMPLE_A_SEQ, seq) ||
	    nla_put_u64_64bit(msg, VSW_SAMPLE_A_POOL, pool, VSW_SAMPLE_A_PAD))
		goto free;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&vsw_genl_family, net, msg, 0,
				VSW_MCGRP_SAMPLES_ID, GFP_ATOMIC);
	return;
free:
	nlmsg_free(msg);
}

/**
 * vsw_nl_notify_port_del - tell listeners a port is going away
 * @port: the port, still attached
 *
 * Caller holds RTNL.
 */
void vsw_nl_notify_port_del(struct vsw_port *port)
{
	struct net *net = port->sw->vn->net;
	struct sk_buff *msg;
	void *hdr;

	ASSERT_RTNL();

	if (!genl_has_listeners(&vsw_genl_family, net, VSW_MCGRP_EVENTS_ID))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &vsw_genl_family, 0, VSW_CMD_PORT_DEL);
	if (!hdr || nla_put_string(msg, VSW_A_SWITCH_NAME, port->sw->name) ||
	    vsw_put_port(msg, port, false)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	vsw_nl_notify(net, msg, GFP_KERNEL);
}

/**
 * vsw_nl_notify_uplink_del - tell listeners a switch's uplink is going away
 * @sw: the switch
 *
 * Caller holds RTNL.
 */
void vsw_nl_notify_uplink_del(struct vsw_switch *sw)
{
	struct vsw_uplink *up = rtnl_dereference(sw->uplink);
	struct net *net = sw->vn->net;
	struct sk_buff *msg;
	void *hdr;

	ASSERT_RTNL();

	if (!up ||
	    !genl_has_listeners(&vsw_genl_family, net, VSW_MCGRP_EVENTS_ID))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &vsw_genl_family, 0, VSW_CMD_UPLINK_DEL);
	if (!hdr || nla_put_string(msg, VSW_A_SWITCH_NAME, sw->name) ||
	    vsw_put_uplink(msg, up)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	vsw_nl_notify(net, msg, GFP_KERNEL);
}

int __init vsw_genl_register(void)
{
	return genl_register_family(&vsw_genl_family);
}

void vsw_genl_unregister(void)
{
	genl_unregister_family(&vsw_genl_family);
}
