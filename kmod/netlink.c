// SPDX-License-Identifier: GPL-2.0
/*
 * vsw: the "vsw" generic netlink family.
 *
 * One family, described in Documentation/netlink/specs/vsw.yaml, with the
 * ABI in include/uapi/linux/vsw.h. Every operation has its own strict
 * policy listing only the attributes it takes, so anything else is refused
 * by the core with an extended-ack message. Every change requires
 * CAP_NET_ADMIN in the user namespace owning the caller's network namespace
 * (GENL_UNS_ADMIN_PERM), and acts on that namespace only.
 */

#include <linux/rtnetlink.h>
#include <linux/vsw.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "netlink.h"
#include "switch.h"

static struct genl_family vsw_genl_family;

static const struct nla_policy vsw_switch_name_policy[VSW_A_MAX + 1] = {
	[VSW_A_SWITCH_NAME] = { .type = NLA_NUL_STRING,
				.len = VSW_SWITCH_NAME_MAX },
};

static int vsw_switch_fill(struct sk_buff *skb, const struct vsw_switch *sw,
			   u32 portid, u32 seq, int flags,
			   struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vsw_genl_family, flags,
			  VSW_CMD_SWITCH_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (nla_put_string(skb, VSW_A_SWITCH_NAME, sw->name)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * Copies the switch name out of a request that must have one. The policy
 * has already checked that it is NUL-terminated and short enough.
 */
static int vsw_nl_get_name(struct genl_info *info, char *name)
{
	if (GENL_REQ_ATTR_CHECK(info, VSW_A_SWITCH_NAME)) {
		GENL_SET_ERR_MSG(info, "missing switch name");
		return -EINVAL;
	}
	nla_strscpy(name, info->attrs[VSW_A_SWITCH_NAME], IFNAMSIZ);
	return 0;
}

static int vsw_nl_switch_new(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_net *vn = vsw_net_get(genl_info_net(info));
	struct vsw_switch *sw;
	char name[IFNAMSIZ];
	int err;

	err = vsw_nl_get_name(info, name);
	if (err)
		return err;

	rtnl_lock();
	sw = vsw_switch_create(vn, name, info->extack);
	rtnl_unlock();
	if (IS_ERR(sw)) {
		NL_SET_BAD_ATTR(info->extack, info->attrs[VSW_A_SWITCH_NAME]);
		return PTR_ERR(sw);
	}
	return 0;
}

static int vsw_nl_switch_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_net *vn = vsw_net_get(genl_info_net(info));
	struct vsw_switch *sw;
	char name[IFNAMSIZ];
	int err;

	err = vsw_nl_get_name(info, name);
	if (err)
		return err;

	rtnl_lock();
	sw = vsw_switch_find(vn, name);
	if (sw)
		vsw_switch_destroy(sw);
	rtnl_unlock();
	if (!sw) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[VSW_A_SWITCH_NAME],
				    "no such switch");
		return -ENOENT;
	}
	return 0;
}

static int vsw_nl_switch_get(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_net *vn = vsw_net_get(genl_info_net(info));
	struct vsw_switch *sw;
	char name[IFNAMSIZ];
	struct sk_buff *msg;
	int err;

	err = vsw_nl_get_name(info, name);
	if (err)
		return err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	sw = vsw_switch_find(vn, name);
	if (sw)
		err = vsw_switch_fill(msg, sw, info->snd_portid, info->snd_seq,
				      0, NULL);
	rtnl_unlock();

	if (!sw) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[VSW_A_SWITCH_NAME],
				    "no such switch");
		err = -ENOENT;
	}
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
	},
};

static struct genl_family vsw_genl_family __ro_after_init = {
	.name = VSW_GENL_NAME,
	.version = VSW_GENL_VERSION,
	.maxattr = VSW_A_MAX,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = vsw_genl_ops,
	.n_ops = ARRAY_SIZE(vsw_genl_ops),
};

int __init vsw_genl_register(void)
{
	return genl_register_family(&vsw_genl_family);
}

void vsw_genl_unregister(void)
{
	genl_unregister_family(&vsw_genl_family);
}
