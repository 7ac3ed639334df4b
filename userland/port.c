// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl port add NAME dev DEV vsid VSID mac MAC
 * vswctl port del NAME dev DEV
 * vswctl port show NAME
 */
#include <errno.h>
#include <string.h>

#include <linux/vsw.h>
#include <netlink/genl/genl.h>

#include "cmd.h"
#include "json.h"
#include "nl.h"
#include "parse.h"
#include "port.h"
#include "report.h"

int port_parse_nest(const struct nlattr *nest, struct port_info *p)
{
	const struct nlattr *a;
	bool has_ifindex = false;
	int rem;

	memset(p, 0, sizeof(*p));
	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case VSW_PORT_A_IFINDEX:
			if (nla_len(a) != 4)
				return -EPROTO;
			p->ifindex = nla_get_u32(a);
			has_ifindex = true;
			break;
		case VSW_PORT_A_VSID:
			if (nla_len(a) != 4)
				return -EPROTO;
			p->vsid = nla_get_u32(a);
			p->has |= PORT_HAS_VSID;
			break;
		case VSW_PORT_A_MAC:
			if (nla_len(a) != 6)
				return -EPROTO;
			memcpy(p->mac, nla_data(a), 6);
			p->has |= PORT_HAS_MAC;
			break;
		case VSW_PORT_A_STATS:
			p->stats = a;
			break;
		default:	/* a newer kernel's, or padding */
			break;
		}
	}
	return has_ifindex && p->ifindex ? 0 : -EPROTO;
}

void port_print_begin(struct port_printer *pp, const struct output *out)
{
	pp->out = out;
	pp->n = 0;
	pp->begun = false;
}

/* Output starts with the first item, so a failed request prints nothing. */
static void begin(struct port_printer *pp)
{
	pp->begun = true;
	if (pp->out->json) {
		out_json_init(&pp->j, pp->out);
		json_array_begin(&pp->j, NULL);
	}
}

/*
 * "port veth1 vsid 5001 mac 02:00:00:00:00:05"; a device whose name
 * cannot be found (it is going away) is shown as "if7", as ip(8) does.
 */
void port_print(struct port_printer *pp, const struct port_info *p)
{
	char name[IF_NAMESIZE], mac[MAC_STRLEN];
	const struct output *out = pp->out;
	const char *dev = out_ifname(out, p->ifindex, name);
	struct json *j = &pp->j;

	if (!pp->begun)
		begin(pp);
	pp->n++;
	if (!out->json) {
		if (dev)
			fprintf(out->fp, "%sport %s", out_indent(out), dev);
		else
			fprintf(out->fp, "%sport if%u", out_indent(out),
				p->ifindex);
		if (p->has & PORT_HAS_VSID)
			fprintf(out->fp, " vsid %u", p->vsid);
		if (p->has & PORT_HAS_MAC)
			fprintf(out->fp, " mac %s", fmt_mac(mac, p->mac));
		fputc('\n', out->fp);
		return;
	}
	json_object_begin(j, NULL);
	if (dev)
		json_string(j, "dev", dev);
	else
		json_null(j, "dev");
	json_uint(j, "ifindex", p->ifindex);
	if (p->has & PORT_HAS_VSID)
		json_uint(j, "vsid", p->vsid);
	if (p->has & PORT_HAS_MAC)
		json_string(j, "mac", fmt_mac(mac, p->mac));
	json_object_end(j);
}

void port_print_end(struct port_printer *pp, bool ok)
{
	if (!pp->begun && !ok)
		return;
	if (!pp->begun)
		begin(pp);
	if (pp->out->json)
		json_array_end(&pp->j);
}

int port_parse_reply(struct nlmsghdr *nlh, struct port_printer *pp)
{
	struct genlmsghdr *genl = nlmsg_data(nlh);
	struct port_info p;
	struct nlattr *a;
	int rem, ret;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EPROTO;
	if (genl->cmd != VSW_CMD_PORT_GET)
		return 0;
	nla_for_each_attr(a, genlmsg_attrdata(genl, 0),
			  genlmsg_attrlen(genl, 0), rem) {
		if (nla_type(a) != VSW_A_PORT)
			continue;
		ret = port_parse_nest(a, &p);
		if (ret)
			return ret;
		port_print(pp, &p);
	}
	return rem ? -EPROTO : 0;
}

enum { KW_DEV, KW_VSID, KW_MAC, KW_N };

static int parse_add(int argc, char **argv, struct request *req,
		     struct report *r)
{
	struct keyword kw[KW_N] = {
		[KW_DEV] = { "dev", true, NULL },
		[KW_VSID] = { "vsid", true, NULL },
		[KW_MAC] = { "mac", true, NULL },
	};
	struct port_args *a = &req->port;
	const char *why;

	if (cmd_parse_keywords("port add", argc, argv, &a->name, kw, KW_N, r))
		return -1;
	if (parse_vsid(kw[KW_VSID].val, &a->vsid, &why)) {
		report_usage(r, "invalid VSID \"%s\": %s", kw[KW_VSID].val, why);
		return -1;
	}
	if (parse_unicast_mac(kw[KW_MAC].val, a->mac, &why)) {
		report_usage(r, "invalid MAC \"%s\": %s", kw[KW_MAC].val, why);
		return -1;
	}
	a->dev = kw[KW_DEV].val;
	return cmd_parse_dev("port add", a->dev, &a->ifindex, r);
}

static int parse_del(int argc, char **argv, struct request *req,
		     struct report *r)
{
	struct keyword kw[1] = { { "dev", true, NULL } };
	struct port_args *a = &req->port;

	if (cmd_parse_keywords("port del", argc, argv, &a->name, kw, 1, r))
		return -1;
	a->dev = kw[0].val;
	return cmd_parse_dev("port del", a->dev, &a->ifindex, r);
}

static int parse_show(int argc, char **argv, struct request *req,
		      struct report *r)
{
	return cmd_parse_name("port show", argc, argv, false, &req->port.name,
			      r);
}

/* What to say when the kernel gave no extended-ack message. */
static const char *errtext(int errnum)
{
	switch (errnum) {
	case EEXIST:
		return "device is a port of this switch already";
	case EBUSY:
		return "device is in use (bridge port, bond slave, other switch?)";
	case ENOENT:
		return "no such switch or port";
	default:
		return NULL;
	}
}

static int send_port(struct vsw_nl *nl, uint8_t cmd, const char *verb,
		     const struct port_args *a, struct report *r)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	int ret = -ENOMEM;

	msg = vsw_nl_name_msg(nl, cmd, 0, a->name);
	if (!msg)
		goto out;
	nest = nla_nest_start(msg, VSW_A_PORT | NLA_F_NESTED);
	if (!nest || nla_put_u32(msg, VSW_PORT_A_IFINDEX, a->ifindex) < 0)
		goto free;
	if (cmd == VSW_CMD_PORT_NEW &&
	    (nla_put_u32(msg, VSW_PORT_A_VSID, a->vsid) < 0 ||
	     nla_put(msg, VSW_PORT_A_MAC, 6, a->mac) < 0))
		goto free;
	nla_nest_end(msg, nest);
	ret = vsw_nl_transact(nl, msg, NULL, NULL);
	goto out;
free:
	nlmsg_free(msg);
out:
	if (ret) {
		report_errno(r, -ret, vsw_nl_errtext(nl, -ret, errtext(-ret)),
			     "port %s %s dev %s", verb, a->name, a->dev);
		return -1;
	}
	return 0;
}

static int run_add(struct vsw_nl *nl, const struct request *req,
		   const struct output *out, struct report *r)
{
	(void)out;
	return send_port(nl, VSW_CMD_PORT_NEW, "add", &req->port, r);
}

static int run_del(struct vsw_nl *nl, const struct request *req,
		   const struct output *out, struct report *r)
{
	(void)out;
	return send_port(nl, VSW_CMD_PORT_DEL, "del", &req->port, r);
}

static int port_reply(struct nlmsghdr *nlh, void *arg)
{
	return port_parse_reply(nlh, arg);
}

/* Streams like "policy show"; see there for NLM_F_DUMP_INTR. */
static int run_show(struct vsw_nl *nl, const struct request *req,
		    const struct output *out, struct report *r)
{
	const char *name = req->port.name;
	struct port_printer pp;
	struct nl_msg *msg;
	int ret = -ENOMEM;

	msg = vsw_nl_name_msg(nl, VSW_CMD_PORT_GET, NLM_F_DUMP, name);
	port_print_begin(&pp, out);
	if (msg)
		ret = vsw_nl_transact(nl, msg, port_reply, &pp);
	port_print_end(&pp, !ret);
	if (ret == -EINTR) {
		report_fail(r, "port show %s: the ports changed during the dump; the output may be inconsistent, run it again",
			    name);
		return -1;
	}
	if (ret) {
		report_errno(r, -ret,
			     vsw_nl_errtext(nl, -ret,
					    ret == -ENOENT ? "no such switch" : NULL),
			     "port show %s", name);
		return -1;
	}
	return 0;
}

const struct command port_commands[] = {
	{ "add", "NAME dev DEV vsid VSID mac MAC", parse_add, run_add, NULL },
	{ "del", "NAME dev DEV", parse_del, run_del, NULL },
	{ "show", "NAME", parse_show, run_show, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
