// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl save [NAME]
 * vswctl (alone): the summary
 *
 * See save.h. Each switch is read and printed before the next is read,
 * so only one switch's policy table is in memory at a time: records must
 * be sorted (the kernel's hash table walks in an order that changes with
 * every load of the module), and they are kept as struct policy_rec,
 * about 50 bytes each.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vsw.h>
#include <netlink/genl/genl.h>

#include "cmd.h"
#include "nl.h"
#include "parse.h"
#include "report.h"
#include "save.h"
#include "uplink.h"

/* A dump disturbed by a concurrent change is retried this many times. */
#define DUMP_TRIES	3

/* Device names, for sorting: the ifindex's name, else "" (fails later). */
static const struct output *sort_out;

static const char *dev_name(uint32_t ifindex, char buf[IF_NAMESIZE])
{
	const char *name = out_ifname(sort_out, ifindex, buf);

	return name ? name : "";
}

static int cmp_port(const void *a, const void *b)
{
	char x[IF_NAMESIZE], y[IF_NAMESIZE];

	return strcmp(dev_name(((const struct port_info *)a)->ifindex, x),
		      dev_name(((const struct port_info *)b)->ifindex, y));
}

static int cmp_sample(const void *a, const void *b)
{
	char x[IF_NAMESIZE], y[IF_NAMESIZE];

	return strcmp(dev_name(((const struct sample_info *)a)->ifindex, x),
		      dev_name(((const struct sample_info *)b)->ifindex, y));
}

int save_policy_cmp(const void *a, const void *b)
{
	const struct policy_rec *x = a, *y = b;

	if (x->vsid != y->vsid)
		return x->vsid < y->vsid ? -1 : 1;
	if (x->ca.family != y->ca.family)
		return x->ca.family == AF_INET ? -1 : 1;
	return memcmp(&x->ca.v6, &y->ca.v6, vsw_addr_len(&x->ca));
}

void save_sort(struct save_switch *s, const struct output *out)
{
	sort_out = out;
	if (s->nports > 1)
		qsort(s->ports, s->nports, sizeof(*s->ports), cmp_port);
	if (s->samples.n > 1)
		qsort(s->samples.v, s->samples.n, sizeof(*s->samples.v),
		      cmp_sample);
	if (s->npolicy > 1)
		qsort(s->policy, s->npolicy, sizeof(*s->policy),
		      save_policy_cmp);
	sort_out = NULL;
}

/* The name of a device the file names, or a report. */
static const char *need_dev(const struct save_switch *s, uint32_t ifindex,
			    const struct output *out, char buf[IF_NAMESIZE],
			    struct report *r)
{
	const char *name = out_ifname(out, ifindex, buf);

	if (!name)
		report_fail(r, "save %s: device %u has no name (is it going away?)",
			    s->sw->name, ifindex);
	return name;
}

static void print_settings(FILE *fp, const struct switch_info *sw)
{
	char buf[MAC_STRLEN];

	if (!(sw->has & (SWITCH_HAS_FLOWID | SWITCH_HAS_TTL | SWITCH_HAS_TOS |
			 SWITCH_HAS_POLICY_MAX | SWITCH_HAS_ROUTER_MAC |
			 SWITCH_HAS_HOLD_MAX | SWITCH_HAS_HOLD_TIMEOUT)))
		return;
	fprintf(fp, "switch set %s", sw->name);
	if (sw->has & SWITCH_HAS_FLOWID)
		fprintf(fp, " flowid %s", switch_flowid_name(sw->flowid, buf));
	if (sw->has & SWITCH_HAS_TTL)
		fprintf(fp, " ttl %u", sw->ttl);
	if (sw->has & SWITCH_HAS_TOS) {
		if (sw->tos == VSW_TOS_INHERIT)
			fputs(" tos inherit", fp);
		else
			fprintf(fp, " tos %u", sw->tos);
	}
	if (sw->has & SWITCH_HAS_POLICY_MAX)
		fprintf(fp, " policy-max %u", sw->policy_max);
	if (sw->has & SWITCH_HAS_ROUTER_MAC)
		fprintf(fp, " router-mac %s", fmt_mac(buf, sw->router_mac));
	if (sw->has & SWITCH_HAS_HOLD_MAX)
		fprintf(fp, " hold-max %u", sw->hold_max);
	if (sw->has & SWITCH_HAS_HOLD_TIMEOUT)
		fprintf(fp, " hold-timeout %u", sw->hold_timeout);
	fputc('\n', fp);
}

int save_print(const struct save_switch *s, const struct output *out,
	       struct report *r)
{
	char dev[IF_NAMESIZE], mac[MAC_STRLEN], ca[ADDR_STRLEN],
	     pa[ADDR_STRLEN], prefix[PREFIX_STRLEN];
	const struct switch_info *sw = s->sw;
	const struct route_rec *rt;
	const struct policy_rec *p;
	FILE *fp = out->fp;
	size_t i;

	fprintf(fp, "switch add %s\n", sw->name);
	print_settings(fp, sw);
	if (sw->has & SWITCH_HAS_UPLINK) {
		if (!need_dev(s, sw->uplink_ifindex, out, dev, r))
			return -1;
		fprintf(fp, "uplink set %s", sw->name);
		uplink_print_args(fp, sw, out);
		fputc('\n', fp);
	}
	for (i = 0; i < s->nports; i++) {
		if (!need_dev(s, s->ports[i].ifindex, out, dev, r))
			return -1;
		fprintf(fp, "port add %s dev %s vsid %u mac %s\n", sw->name,
			dev, s->ports[i].vsid, fmt_mac(mac, s->ports[i].mac));
	}
	for (i = 0; i < s->routes.n; i++) {
		rt = &s->routes.v[i];
		fprintf(fp, "route add %s rdid %u vsid %u prefix %s", sw->name,
			rt->rdid, rt->vsid, fmt_prefix(prefix, &rt->dst));
		if (rt->has_nexthop)
			fprintf(fp, " nexthop %s", fmt_addr(pa, &rt->nexthop));
		fputc('\n', fp);
	}
	for (i = 0; i < s->npolicy; i++) {
		p = &s->policy[i];
		fprintf(fp, "policy add %s vsid %u ca %s mac %s pa %s\n",
			sw->name, p->vsid, fmt_addr(ca, &p->ca),
			fmt_mac(mac, p->mac), fmt_addr(pa, &p->pa));
	}
	for (i = 0; i < s->samples.n; i++) {
		if (!need_dev(s, s->samples.v[i].ifindex, out, dev, r))
			return -1;
		fprintf(fp, "sample set %s dev %s rate %u group %u trunc %u\n",
			sw->name, dev, s->samples.v[i].rate,
			s->samples.v[i].group, s->samples.v[i].trunc);
	}
	return 0;
}

void save_switch_free(struct save_switch *s)
{
	free(s->ports);
	route_list_free(&s->routes);
	free(s->policy);
	sample_list_free(&s->samples);
	memset(s, 0, sizeof(*s));
}

/* Reply callbacks: collect VSW_A_PORT and VSW_A_POLICY nests. */
static int save_port(struct nlattr *a, void *arg)
{
	struct save_switch *s = arg;
	struct port_info *v;
	int ret;

	v = reallocarray(s->ports, s->nports + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->ports = v;
	ret = port_parse_nest(a, &v[s->nports]);
	if (ret)
		return ret;
	/* The stats nest points into this message: not kept. */
	v[s->nports++].stats = NULL;
	return 0;
}

int save_port_reply(struct nlmsghdr *nlh, void *arg)
{
	return vsw_nl_for_each_nest(nlh, VSW_CMD_PORT_GET, VSW_A_PORT,
				    save_port, arg);
}

static int save_policy(struct nlattr *a, void *arg)
{
	struct save_switch *s = arg;
	struct policy_rec *v;
	size_t alloc;
	int ret;

	if (s->npolicy == s->policy_alloc) {
		alloc = s->policy_alloc ? 2 * s->policy_alloc : 1024;
		v = reallocarray(s->policy, alloc, sizeof(*v));
		if (!v)
			return -ENOMEM;
		s->policy = v;
		s->policy_alloc = alloc;
	}
	ret = policy_parse_nest(a, &s->policy[s->npolicy], true);
	if (ret)
		return ret;
	s->npolicy++;
	return 0;
}

int save_policy_reply(struct nlmsghdr *nlh, void *arg)
{
	return vsw_nl_for_each_nest(nlh, VSW_CMD_POLICY_GET, VSW_A_POLICY,
				    save_policy, arg);
}

static int route_reply(struct nlmsghdr *nlh, void *arg)
{
	return route_parse_reply(nlh, arg);
}

void save_restart(struct save_switch *s, uint8_t cmd)
{
	if (cmd == VSW_CMD_PORT_GET)
		s->nports = 0;
	else if (cmd == VSW_CMD_POLICY_GET)
		s->npolicy = 0;
	else if (cmd == VSW_CMD_ROUTE_GET)
		route_list_free(&s->routes);
}

/* Dump @cmd of switch @name into @s, again while it is disturbed. */
static int dump(struct vsw_nl *nl, uint8_t cmd, const char *name,
		vsw_nl_reply_fn fn, struct save_switch *s)
{
	struct nl_msg *msg;
	int ret, tries = 0;

	do {
		save_restart(s, cmd);
		msg = vsw_nl_name_msg(nl, cmd, NLM_F_DUMP, name);
		if (!msg)
			return -ENOMEM;
		ret = vsw_nl_transact(nl, msg, fn,
				      cmd == VSW_CMD_ROUTE_GET ?
				      (void *)&s->routes : (void *)s);
	} while (ret == -EINTR && ++tries < DUMP_TRIES);
	return ret;
}

static int save_one(struct vsw_nl *nl, const struct switch_info *sw,
		    const struct output *out, struct report *r)
{
	struct save_switch s = { .sw = sw };
	const char *what = "ports";
	int ret;

	ret = dump(nl, VSW_CMD_PORT_GET, sw->name, save_port_reply, &s);
	if (!ret) {
		what = "routes";
		ret = dump(nl, VSW_CMD_ROUTE_GET, sw->name, route_reply, &s);
	}
	if (!ret) {
		what = "policy";
		ret = dump(nl, VSW_CMD_POLICY_GET, sw->name, save_policy_reply,
			   &s);
	}
	if (!ret) {
		what = "samplers";
		ret = sample_get(nl, sw->name, &s.samples);
	}
	if (ret) {
		if (ret == -EINTR)
			report_fail(r, "save %s: the %s kept changing while they were read, run it again",
				    sw->name, what);
		else
			report_errno(r, -ret,
				     vsw_nl_errtext(nl, -ret, ret == -ENOENT ?
						    "no such switch" : NULL),
				     "save %s: reading the %s", sw->name, what);
		save_switch_free(&s);
		return -1;
	}
	save_sort(&s, out);
	ret = save_print(&s, out, r);
	save_switch_free(&s);
	return ret;
}

static int parse_save(int argc, char **argv, struct request *req,
		      struct report *r)
{
	return cmd_parse_name("save", argc, argv, true, &req->save.name, r);
}

static int run_save(struct vsw_nl *nl, const struct request *req,
		    const struct output *out, struct report *r)
{
	struct switch_list l;
	size_t i;
	int ret = 0;

	if (out->json) {
		report_usage(r, "save: no JSON output (the saved configuration is a batch file)");
		return -1;
	}
	if (switch_get(nl, req->save.name, &l, "save", r))
		return -1;
	for (i = 0; i < l.n && !ret; i++)
		ret = save_one(nl, &l.v[i], out, r);
	switch_list_free(&l);
	return ret;
}

static int port_show_reply(struct nlmsghdr *nlh, void *arg)
{
	return port_parse_reply(nlh, arg);
}

int save_summary(struct vsw_nl *nl, const struct output *out,
		 struct report *r)
{
	struct output indented = *out;
	struct port_printer pp;
	struct switch_list l;
	struct nl_msg *msg;
	size_t i;
	int ret = 0;

	if (switch_get(nl, NULL, &l, "switch show", r))
		return -1;
	if (out->json) {
		switch_list_print(&l, out);
		switch_list_free(&l);
		return 0;
	}
	indented.indent = "  ";
	for (i = 0; i < l.n && !ret; i++) {
		struct switch_list one = { .v = &l.v[i], .n = 1 };

		switch_list_print(&one, out);
		msg = vsw_nl_name_msg(nl, VSW_CMD_PORT_GET, NLM_F_DUMP,
				      l.v[i].name);
		port_print_begin(&pp, &indented);
		ret = msg ? vsw_nl_transact(nl, msg, port_show_reply, &pp) :
			    -ENOMEM;
		port_print_end(&pp, !ret);
		if (ret)
			report_errno(r, -ret, vsw_nl_errtext(nl, -ret, NULL),
				     "port show %s", l.v[i].name);
	}
	switch_list_free(&l);
	return ret ? -1 : 0;
}

const struct command save_commands[] = {
	{ "save", "[NAME]", parse_save, run_save, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
