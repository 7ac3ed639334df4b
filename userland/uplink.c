// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl uplink set NAME dev DEV pa ADDR [pa ADDR]
 * vswctl uplink del NAME
 * vswctl uplink show [NAME]
 */
#include <arpa/inet.h>
#include <errno.h>

#include <linux/vsw.h>

#include "cmd.h"
#include "nl.h"
#include "parse.h"
#include "json.h"
#include "report.h"
#include "switch.h"
#include "uplink.h"

/* "pa" is listed twice: an IPv4 PA, an IPv6 PA, or one of each. */
enum { KW_DEV, KW_PA, KW_PA2, KW_N };

static const char *family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

static int parse_set(int argc, char **argv, struct request *req,
		     struct report *r)
{
	struct keyword kw[KW_N] = {
		[KW_DEV] = { "dev", true, NULL },
		[KW_PA] = { "pa", true, NULL },
		[KW_PA2] = { "pa", false, NULL },
	};
	struct uplink_args *a = &req->up;
	const char *why;
	int k;

	if (cmd_parse_keywords("uplink set", argc, argv, &a->name, kw, KW_N,
			       r))
		return -1;
	a->npa = 0;
	for (k = KW_PA; k <= KW_PA2 && kw[k].val; k++) {
		if (parse_host_addr(kw[k].val, &a->pa[a->npa], &why)) {
			report_usage(r, "invalid PA \"%s\": %s", kw[k].val,
				     why);
			return -1;
		}
		a->npa++;
	}
	if (a->npa == 2 && a->pa[0].family == a->pa[1].family) {
		report_usage(r, "uplink set: two %s PAs (\"%s\" and \"%s\"): give at most one per family",
			     family_name(a->pa[0].family), kw[KW_PA].val,
			     kw[KW_PA2].val);
		return -1;
	}
	a->dev = kw[KW_DEV].val;
	return cmd_parse_dev("uplink set", a->dev, &a->ifindex, r);
}

static int parse_del(int argc, char **argv, struct request *req,
		     struct report *r)
{
	return cmd_parse_name("uplink del", argc, argv, false, &req->up.name,
			      r);
}

/* What to say when the kernel gave no extended-ack message. */
static const char *errtext(int errnum, bool set)
{
	switch (errnum) {
	case EBUSY:
		return "device is in use (bridge port, bond slave, other switch?)";
	case ENOENT:
		return set ? "no such switch" : "no such switch or no uplink";
	case EADDRNOTAVAIL:
		return "a PA is not an address of this host";
	default:
		return NULL;
	}
}

static int run_set(struct vsw_nl *nl, const struct request *req,
		   const struct output *out, struct report *r)
{
	const struct uplink_args *a = &req->up;
	struct nl_msg *msg;
	int ret = -ENOMEM;
	unsigned int i;

	(void)out;
	msg = vsw_nl_name_msg(nl, VSW_CMD_UPLINK_SET, 0, a->name);
	if (msg) {
		ret = nla_put_u32(msg, VSW_A_UPLINK_IFINDEX, a->ifindex);
		/* A family left out has no PA afterwards. */
		for (i = 0; i < a->npa && ret >= 0; i++)
			ret = nla_put(msg, a->pa[i].family == AF_INET6 ?
					   VSW_A_UPLINK_PA6 : VSW_A_UPLINK_PA,
				      vsw_addr_len(&a->pa[i]), &a->pa[i].v6);
		if (ret < 0) {
			nlmsg_free(msg);
			ret = -EMSGSIZE;
		} else {
			ret = vsw_nl_transact(nl, msg, NULL, NULL);
		}
	}
	if (ret) {
		report_errno(r, -ret, vsw_nl_errtext(nl, -ret, errtext(-ret, true)),
			     "uplink set %s dev %s", a->name, a->dev);
		return -1;
	}
	return 0;
}

static int run_del(struct vsw_nl *nl, const struct request *req,
		   const struct output *out, struct report *r)
{
	struct nl_msg *msg;
	int ret = -ENOMEM;

	(void)out;
	msg = vsw_nl_name_msg(nl, VSW_CMD_UPLINK_DEL, 0, req->up.name);
	if (msg)
		ret = vsw_nl_transact(nl, msg, NULL, NULL);
	if (ret) {
		report_errno(r, -ret,
			     vsw_nl_errtext(nl, -ret, errtext(-ret, false)),
			     "uplink del %s", req->up.name);
		return -1;
	}
	return 0;
}

static int parse_show(int argc, char **argv, struct request *req,
		      struct report *r)
{
	return cmd_parse_name("uplink show", argc, argv, true, &req->up.name,
			      r);
}

/* " dev nic0 pa 192.168.4.11 pa 2001:db8:4::b", as "uplink set" takes it. */
void uplink_print_args(FILE *fp, const struct switch_info *s,
		       const struct output *out)
{
	char name[IF_NAMESIZE];

	if (out_ifname(out, s->uplink_ifindex, name))
		fprintf(fp, " dev %s", name);
	else
		fprintf(fp, " dev if%u", s->uplink_ifindex);
	switch_print_pas(fp, s);
}

void uplink_list_print(const struct switch_list *l, const struct output *out)
{
	char name[IF_NAMESIZE], buf[INET6_ADDRSTRLEN];
	const struct switch_info *s;
	struct json j;
	size_t i;

	if (out->json) {
		out_json_init(&j, out);
		json_array_begin(&j, NULL);
	}
	for (i = 0; i < l->n; i++) {
		s = &l->v[i];
		if (!(s->has & SWITCH_HAS_UPLINK))
			continue;
		if (!out->json) {
			fprintf(out->fp, "%suplink %s", out_indent(out),
				s->name);
			uplink_print_args(out->fp, s, out);
			fputc('\n', out->fp);
			continue;
		}
		json_object_begin(&j, NULL);
		json_string(&j, "switch", s->name);
		if (out_ifname(out, s->uplink_ifindex, name))
			json_string(&j, "dev", name);
		else
			json_null(&j, "dev");
		json_uint(&j, "ifindex", s->uplink_ifindex);
		if (s->has & SWITCH_HAS_PA)
			json_string(&j, "pa", inet_ntop(AF_INET, &s->pa, buf,
							sizeof(buf)));
		if (s->has & SWITCH_HAS_PA6)
			json_string(&j, "pa6", inet_ntop(AF_INET6, &s->pa6, buf,
							 sizeof(buf)));
		json_object_end(&j);
	}
	if (out->json)
		json_array_end(&j);
}

static int run_show(struct vsw_nl *nl, const struct request *req,
		    const struct output *out, struct report *r)
{
	struct switch_list l;

	if (switch_get(nl, req->up.name, &l, "uplink show", r))
		return -1;
	uplink_list_print(&l, out);
	switch_list_free(&l);
	return 0;
}

const struct command uplink_commands[] = {
	{ "set", "NAME dev DEV pa ADDR [pa ADDR]", parse_set, run_set, NULL },
	{ "del", "NAME", parse_del, run_del, NULL },
	{ "show", "[NAME]", parse_show, run_show, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
