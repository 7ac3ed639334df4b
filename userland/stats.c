// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl stats show NAME [dev DEV] [-r|--rate [SECONDS] [count N]]
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vsw.h>
#include <netlink/genl/genl.h>

#include "cmd.h"
#include "json.h"
#include "nl.h"
#include "parse.h"
#include "port.h"
#include "rate.h"
#include "report.h"
#include "stats.h"

static int add_drop(struct stats_counters *c, const char *reason,
		    uint64_t packets)
{
	struct stats_drop *v;
	size_t i;

	/* One entry per reason, so that JSON has no duplicate key. */
	for (i = 0; i < c->ndrops; i++) {
		if (!strcmp(c->drops[i].reason, reason)) {
			c->drops[i].packets += packets;
			return 0;
		}
	}
	v = reallocarray(c->drops, c->ndrops + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	c->drops = v;
	v[c->ndrops].reason = strdup(reason);
	if (!v[c->ndrops].reason)
		return -ENOMEM;
	v[c->ndrops++].packets = packets;
	return 0;
}

static int parse_drop(const struct nlattr *nest, struct stats_counters *c)
{
	const struct nlattr *a, *reason = NULL;
	uint64_t packets = 0;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case VSW_DROP_A_REASON:
			reason = a;
			break;
		case VSW_DROP_A_PACKETS:
			if (nla_len(a) != 8)
				return -EPROTO;
			packets = nla_get_u64(a);
			break;
		}
	}
	if (!reason || nla_len(reason) < 2 ||
	    strnlen(nla_data(reason), nla_len(reason)) != (size_t)nla_len(reason) - 1)
		return -EPROTO;
	return add_drop(c, nla_data(reason), packets);
}

int stats_parse_nest(const struct nlattr *nest, struct stats_counters *c)
{
	const struct nlattr *a;
	uint64_t *counter;
	int rem, ret;

	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case VSW_STATS_A_RX_PACKETS:
			counter = &c->rx_packets;
			break;
		case VSW_STATS_A_RX_BYTES:
			counter = &c->rx_bytes;
			break;
		case VSW_STATS_A_TX_PACKETS:
			counter = &c->tx_packets;
			break;
		case VSW_STATS_A_TX_BYTES:
			counter = &c->tx_bytes;
			break;
		case VSW_STATS_A_ENCAP_PACKETS:
			counter = &c->encap_packets;
			break;
		case VSW_STATS_A_DECAP_PACKETS:
			counter = &c->decap_packets;
			break;
		case VSW_STATS_A_DROP:
			ret = parse_drop(a, c);
			if (ret)
				return ret;
			continue;
		default:	/* padding, or a newer kernel's */
			continue;
		}
		if (nla_len(a) != 8)
			return -EPROTO;
		*counter = nla_get_u64(a);
	}
	return 0;
}

static int add_port(struct stats_reply *s, const struct nlattr *nest)
{
	struct stats_port *v, *sp;
	struct port_info p;
	int ret;

	ret = port_parse_nest(nest, &p);
	if (ret)
		return ret;
	v = reallocarray(s->ports, s->nports + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->ports = v;
	sp = &v[s->nports++];
	memset(sp, 0, sizeof(*sp));
	sp->ifindex = p.ifindex;
	sp->has_vsid = p.has & PORT_HAS_VSID;
	sp->vsid = p.vsid;
	sp->has_mac = p.has & PORT_HAS_MAC;
	memcpy(sp->mac, p.mac, 6);
	if (!p.stats)
		return 0;
	sp->has_stats = true;
	return stats_parse_nest(p.stats, &sp->c);
}

int stats_parse_reply(struct nlmsghdr *nlh, struct stats_reply *s)
{
	struct genlmsghdr *genl = nlmsg_data(nlh);
	struct nlattr *a;
	int rem, ret;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EPROTO;
	if (genl->cmd != VSW_CMD_STATS_GET)
		return 0;
	nla_for_each_attr(a, genlmsg_attrdata(genl, 0),
			  genlmsg_attrlen(genl, 0), rem) {
		switch (nla_type(a)) {
		case VSW_A_STATS:
			s->has_stats = true;
			ret = stats_parse_nest(a, &s->sw);
			break;
		case VSW_A_PORT:
			ret = add_port(s, a);
			break;
		default:
			ret = 0;
			break;
		}
		if (ret)
			return ret;
	}
	return rem ? -EPROTO : 0;
}

static void free_counters(struct stats_counters *c)
{
	size_t i;

	for (i = 0; i < c->ndrops; i++)
		free(c->drops[i].reason);
	free(c->drops);
}

void stats_reply_free(struct stats_reply *s)
{
	size_t i;

	free_counters(&s->sw);
	for (i = 0; i < s->nports; i++)
		free_counters(&s->ports[i].c);
	free(s->ports);
	memset(s, 0, sizeof(*s));
}

/*
 * Text, with the JSON names as keys, like "ip -s" indented under the
 * object it counts for:
 *
 *	switch sw0
 *	    rx_packets 3 rx_bytes 294 tx_packets 2 tx_bytes 196
 *	    encap_packets 1 decap_packets 1
 *	    drops policy_miss 1 spoofed_mac 2
 *
 * The drops line names the reasons with a count above 0, and is left out
 * if there is none; JSON has every reason the kernel sent.
 */
static void text_counters(FILE *fp, const struct stats_counters *c)
{
	size_t i, shown;

	fprintf(fp, "    rx_packets %" PRIu64 " rx_bytes %" PRIu64
		" tx_packets %" PRIu64 " tx_bytes %" PRIu64 "\n",
		c->rx_packets, c->rx_bytes, c->tx_packets, c->tx_bytes);
	fprintf(fp, "    encap_packets %" PRIu64 " decap_packets %" PRIu64 "\n",
		c->encap_packets, c->decap_packets);
	/* The kernel lists every reason; a person wants the ones that hit. */
	for (i = 0, shown = 0; i < c->ndrops; i++) {
		if (!c->drops[i].packets)
			continue;
		fprintf(fp, "%s %s %" PRIu64, shown++ ? "" : "    drops",
			c->drops[i].reason, c->drops[i].packets);
	}
	if (shown)
		fputc('\n', fp);
}

static void json_counters(struct json *j, const struct stats_counters *c)
{
	size_t i;

	json_uint(j, "rx_packets", c->rx_packets);
	json_uint(j, "rx_bytes", c->rx_bytes);
	json_uint(j, "tx_packets", c->tx_packets);
	json_uint(j, "tx_bytes", c->tx_bytes);
	json_uint(j, "encap_packets", c->encap_packets);
	json_uint(j, "decap_packets", c->decap_packets);
	json_object_begin(j, "drops");
	for (i = 0; i < c->ndrops; i++)
		json_uint(j, c->drops[i].reason, c->drops[i].packets);
	json_object_end(j);
}

static void print_text(const struct stats_reply *s, const struct output *out)
{
	char name[IF_NAMESIZE], mac[MAC_STRLEN];
	const struct stats_port *p;
	FILE *fp = out->fp;
	size_t i;

	fprintf(fp, "switch %s\n", s->name);
	if (s->has_stats)
		text_counters(fp, &s->sw);
	for (i = 0; i < s->nports; i++) {
		p = &s->ports[i];
		if (out_ifname(out, p->ifindex, name))
			fprintf(fp, "port %s", name);
		else
			fprintf(fp, "port if%u", p->ifindex);
		if (p->has_vsid)
			fprintf(fp, " vsid %u", p->vsid);
		if (p->has_mac)
			fprintf(fp, " mac %s", fmt_mac(mac, p->mac));
		fputc('\n', fp);
		text_counters(fp, &p->c);
	}
}

static void print_json(const struct stats_reply *s, const struct output *out)
{
	char name[IF_NAMESIZE], mac[MAC_STRLEN];
	const struct stats_port *p;
	struct json j;
	size_t i;

	out_json_init(&j, out);
	json_object_begin(&j, NULL);
	json_object_begin(&j, "switch");
	json_string(&j, "name", s->name);
	if (s->has_stats)
		json_counters(&j, &s->sw);
	json_object_end(&j);
	json_array_begin(&j, "ports");
	for (i = 0; i < s->nports; i++) {
		p = &s->ports[i];
		json_object_begin(&j, NULL);
		if (out_ifname(out, p->ifindex, name))
			json_string(&j, "dev", name);
		else
			json_null(&j, "dev");
		json_uint(&j, "ifindex", p->ifindex);
		if (p->has_vsid)
			json_uint(&j, "vsid", p->vsid);
		if (p->has_mac)
			json_string(&j, "mac", fmt_mac(mac, p->mac));
		json_counters(&j, &p->c);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
}

/*
 * Every counter is printed, 0 if the kernel left it out, and "drops" is
 * always there (an empty object if there is no reason), so that scripts
 * can rely on the keys. The switch's counters are left out only if the
 * kernel sent none (it may not, for "dev DEV").
 */
void stats_print(const struct stats_reply *s, const struct output *out)
{
	if (out->json)
		print_json(s, out);
	else
		print_text(s, out);
}

/*
 * "SECONDS", 0.1 to 3600 with at most three decimals ("1", "0.5"), in ms;
 * -1 if it is not one.
 */
static long parse_interval(const char *s)
{
	long ms = 0, scale = 1000;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		ms = ms * 10 + (*p - '0') * 1000;
		if (ms > 3600 * 1000L)
			return -1;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9' && scale > 1; p++) {
			scale /= 10;
			ms += (*p - '0') * scale;
		}
	}
	if (*p || ms < 100 || ms > 3600 * 1000L)
		return -1;
	return ms;
}

/*
 * NAME [dev DEV] [-r|--rate [INTERVAL]] [count N]: the rate option
 * (anywhere after NAME) is taken out, the rest are keywords.
 */
static int parse_show(int argc, char **argv, struct request *req,
		      struct report *r)
{
	struct keyword kw[2] = { { "dev", false, NULL },
				 { "count", false, NULL } };
	struct stats_args *a = &req->st;
	char *args[64];
	const char *why;
	int i, n = 0;
	long ms;

	a->rate = false;
	a->interval_ms = 1000;
	a->count = 0;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-r") || !strcmp(argv[i], "--rate")) {
			if (a->rate) {
				report_usage(r, "stats show: \"%s\" given twice",
					     argv[i]);
				return -1;
			}
			a->rate = true;
			if (i + 1 < argc && argv[i + 1][0] >= '0' &&
			    argv[i + 1][0] <= '9') {
				ms = parse_interval(argv[++i]);
				if (ms < 0) {
					report_usage(r, "stats show: invalid interval \"%s\" (0.1-3600 seconds)",
						     argv[i]);
					return -1;
				}
				a->interval_ms = (uint32_t)ms;
			}
			continue;
		}
		if (n == (int)(sizeof(args) / sizeof(args[0]))) {
			report_usage(r, "stats show: too many arguments");
			return -1;
		}
		args[n++] = argv[i];
	}
	if (cmd_parse_keywords("stats show", n, args, &a->name, kw, 2, r))
		return -1;
	a->dev = kw[0].val;
	if (kw[1].val) {
		if (!a->rate) {
			report_usage(r, "stats show: \"count\" goes with -r|--rate");
			return -1;
		}
		if (parse_u32(kw[1].val, &a->count, &why) || !a->count) {
			report_usage(r, "stats show: invalid count \"%s\" (1-4294967295)",
				     kw[1].val);
			return -1;
		}
	}
	if (a->dev)
		return cmd_parse_dev("stats show", a->dev, &a->ifindex, r);
	return 0;
}

static int stats_reply_fn(struct nlmsghdr *nlh, void *arg)
{
	return stats_parse_reply(nlh, arg);
}

int stats_get(struct vsw_nl *nl, const char *name, uint32_t ifindex,
	      struct stats_reply *s)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	int ret;

	memset(s, 0, sizeof(*s));
	/* A whole switch is a dump: 1024 ports' counters fit no one message. */
	msg = vsw_nl_name_msg(nl, VSW_CMD_STATS_GET, ifindex ? 0 : NLM_F_DUMP,
			      name);
	if (!msg)
		return -ENOMEM;
	if (ifindex) {
		nest = nla_nest_start(msg, VSW_A_PORT | NLA_F_NESTED);
		if (!nest ||
		    nla_put_u32(msg, VSW_PORT_A_IFINDEX, ifindex) < 0) {
			nlmsg_free(msg);
			return -ENOMEM;
		}
		nla_nest_end(msg, nest);
	}
	ret = vsw_nl_transact(nl, msg, stats_reply_fn, s);
	if (ret) {
		stats_reply_free(s);
		return ret;
	}
	snprintf(s->name, sizeof(s->name), "%s", name);
	return 0;
}

void stats_report(const struct vsw_nl *nl, const struct stats_args *a,
		  int err, struct report *r)
{
	report_errno(r, -err,
		     vsw_nl_errtext(nl, -err,
				    err == -ENOENT ? (a->dev ? "no such switch or port" : "no such switch") : NULL),
		     "stats show %s", a->name);
}

static int run_show(struct vsw_nl *nl, const struct request *req,
		    const struct output *out, struct report *r)
{
	const struct stats_args *a = &req->st;
	struct stats_reply s;
	int ret;

	if (a->rate)
		return stats_rate_run(nl, a, out, r);
	ret = stats_get(nl, a->name, a->dev ? a->ifindex : 0, &s);
	if (ret) {
		stats_report(nl, a, ret, r);
		return -1;
	}
	stats_print(&s, out);
	stats_reply_free(&s);
	return 0;
}

/*
 * top NAME [dev DEV] [SECONDS] [count N]: "stats show NAME -r [SECONDS]",
 * the terminal's live view.
 */
static int parse_top(int argc, char **argv, struct request *req,
		     struct report *r)
{
	char *args[66];
	int i, n = 0;

	if (argc < 1 || argc > 63) {
		report_usage(r, argc < 1 ? "top: missing switch name" :
					   "top: too many arguments");
		return -1;
	}
	args[n++] = argv[0];
	args[n++] = "-r";
	for (i = 1; i < argc; i++)
		args[n++] = argv[i];
	return parse_show(n, args, req, r);
}

const struct command top_commands[] = {
	{ "", "NAME [dev DEV] [SECONDS] [count N]", parse_top, run_show, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct command stats_commands[] = {
	{ "show", "NAME [dev DEV] [-r|--rate [SECONDS] [count N]]", parse_show, run_show, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
