// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl switch add NAME
 * vswctl switch del NAME
 * vswctl switch set NAME [flowid hash|zero] [ttl N] [tos inherit|N]
 *                        [policy-max N] [router-mac MAC] [hold-max N]
 *                        [hold-timeout MS]
 * vswctl switch show [NAME]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vsw.h>

#include "cmd.h"
#include "json.h"
#include "nl.h"
#include "parse.h"
#include "report.h"
#include "switch.h"

int switch_list_add(struct switch_list *l, const char *name)
{
	struct switch_info *v;
	size_t alloc;

	if (strlen(name) > VSW_SWITCH_NAME_MAX)
		return -EINVAL;
	if (l->n == l->alloc) {
		alloc = l->alloc ? 2 * l->alloc : 8;
		v = reallocarray(l->v, alloc, sizeof(*v));
		if (!v)
			return -ENOMEM;
		l->v = v;
		l->alloc = alloc;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	strcpy(l->v[l->n++].name, name);
	return 0;
}

void switch_list_free(struct switch_list *l)
{
	free(l->v);
	*l = (struct switch_list){ 0 };
}

static const char *flowid_name(uint8_t flowid, char buf[4])
{
	switch (flowid) {
	case VSW_FLOWID_HASH:
		return "hash";
	case VSW_FLOWID_ZERO:
		return "zero";
	default:	/* a newer kernel's: show the number */
		snprintf(buf, 4, "%u", flowid);
		return buf;
	}
}

void switch_print_pas(FILE *fp, const struct switch_info *s)
{
	char buf[ADDR_STRLEN];

	if (s->has & SWITCH_HAS_PA)
		fprintf(fp, " pa %s", fmt_ipv4(buf, &s->pa));
	if (s->has & SWITCH_HAS_PA6)
		fprintf(fp, " pa %s", inet_ntop(AF_INET6, &s->pa6, buf,
						sizeof(buf)));
}

const char *switch_flowid_name(uint8_t flowid, char buf[4])
{
	return flowid_name(flowid, buf);
}

/*
 * Keywords are those of "switch set" (policy-max, not policy_max), so
 * that what is shown can be typed back; read-only values (ports, held,
 * policy-over-limit) are spelt the same way.
 */
static void print_text(const struct switch_info *s, const struct output *out)
{
	char name[IF_NAMESIZE], buf[ADDR_STRLEN];
	FILE *fp = out->fp;

	fprintf(fp, "%sswitch %s", out_indent(out), s->name);
	if (s->has & SWITCH_HAS_UPLINK) {
		if (out_ifname(out, s->uplink_ifindex, name))
			fprintf(fp, " uplink %s", name);
		else
			fprintf(fp, " uplink if%u", s->uplink_ifindex);
	}
	switch_print_pas(fp, s);
	if (s->has & SWITCH_HAS_FLOWID)
		fprintf(fp, " flowid %s", flowid_name(s->flowid, buf));
	if (s->has & SWITCH_HAS_TTL)
		fprintf(fp, " ttl %u", s->ttl);
	if (s->has & SWITCH_HAS_TOS) {
		if (s->tos == VSW_TOS_INHERIT)
			fputs(" tos inherit", fp);
		else
			fprintf(fp, " tos %u", s->tos);
	}
	if (s->has & SWITCH_HAS_PORTS)
		fprintf(fp, " ports %u", s->ports);
	if (s->has & SWITCH_HAS_POLICY)
		fprintf(fp, " policy %u", s->policy);
	if (s->has & SWITCH_HAS_POLICY_MAX)
		fprintf(fp, " policy-max %u", s->policy_max);
	if (s->has & SWITCH_HAS_ROUTER_MAC)
		fprintf(fp, " router-mac %s", fmt_mac(buf, s->router_mac));
	if (s->has & SWITCH_HAS_HOLD_MAX)
		fprintf(fp, " hold-max %u", s->hold_max);
	if (s->has & SWITCH_HAS_HOLD_TIMEOUT)
		fprintf(fp, " hold-timeout %u", s->hold_timeout);
	if (s->has & SWITCH_HAS_HELD)
		fprintf(fp, " held %u", s->held);
	if (s->has & SWITCH_HAS_OVER_LIMIT)
		fprintf(fp, " policy-over-limit %" PRIu64, s->policy_over_limit);
	fputc('\n', fp);
}

static void print_json(struct json *j, const struct switch_info *s,
		       const struct output *out)
{
	char name[IF_NAMESIZE], buf[ADDR_STRLEN];

	json_object_begin(j, NULL);
	json_string(j, "name", s->name);
	if (s->has & SWITCH_HAS_UPLINK) {
		if (out_ifname(out, s->uplink_ifindex, name))
			json_string(j, "uplink", name);
		else
			json_null(j, "uplink");
		json_uint(j, "uplink_ifindex", s->uplink_ifindex);
	}
	/* "pa" stays the IPv4 one, as before IPv6 PAs. */
	if (s->has & SWITCH_HAS_PA)
		json_string(j, "pa", fmt_ipv4(buf, &s->pa));
	if (s->has & SWITCH_HAS_PA6)
		json_string(j, "pa6", inet_ntop(AF_INET6, &s->pa6, buf,
						sizeof(buf)));
	if (s->has & SWITCH_HAS_FLOWID) {
		if (s->flowid == VSW_FLOWID_HASH || s->flowid == VSW_FLOWID_ZERO)
			json_string(j, "flowid", flowid_name(s->flowid, buf));
		else
			json_uint(j, "flowid", s->flowid);
	}
	if (s->has & SWITCH_HAS_TTL)
		json_uint(j, "ttl", s->ttl);
	if (s->has & SWITCH_HAS_TOS) {
		if (s->tos == VSW_TOS_INHERIT)
			json_string(j, "tos", "inherit");
		else
			json_uint(j, "tos", s->tos);
	}
	if (s->has & SWITCH_HAS_PORTS)
		json_uint(j, "ports", s->ports);
	if (s->has & SWITCH_HAS_POLICY)
		json_uint(j, "policy", s->policy);
	if (s->has & SWITCH_HAS_POLICY_MAX)
		json_uint(j, "policy_max", s->policy_max);
	if (s->has & SWITCH_HAS_ROUTER_MAC)
		json_string(j, "router_mac", fmt_mac(buf, s->router_mac));
	if (s->has & SWITCH_HAS_HOLD_MAX)
		json_uint(j, "hold_max", s->hold_max);
	if (s->has & SWITCH_HAS_HOLD_TIMEOUT)
		json_uint(j, "hold_timeout", s->hold_timeout);
	if (s->has & SWITCH_HAS_HELD)
		json_uint(j, "held", s->held);
	if (s->has & SWITCH_HAS_OVER_LIMIT)
		json_uint(j, "policy_over_limit", s->policy_over_limit);
	json_object_end(j);
}

/*
 * Text: one line per switch, "switch NAME" followed by "KEY VALUE" pairs
 * for what the kernel reported, like ip(8). JSON: always an array of
 * objects with the same keys, also for a single switch, like
 * "ip -j link show dev X".
 */
void switch_list_print(const struct switch_list *l, const struct output *out)
{
	struct json j;
	size_t i;

	if (!out->json) {
		for (i = 0; i < l->n; i++)
			print_text(&l->v[i], out);
		return;
	}
	out_json_init(&j, out);
	json_array_begin(&j, NULL);
	for (i = 0; i < l->n; i++)
		print_json(&j, &l->v[i], out);
	json_array_end(&j);
}

static int parse_add(int argc, char **argv, struct request *req,
		     struct report *r)
{
	return cmd_parse_name("switch add", argc, argv, false, &req->sw.name,
			      r);
}

static int parse_del(int argc, char **argv, struct request *req,
		     struct report *r)
{
	return cmd_parse_name("switch del", argc, argv, false, &req->sw.name,
			      r);
}

static int parse_show(int argc, char **argv, struct request *req,
		      struct report *r)
{
	return cmd_parse_name("switch show", argc, argv, true, &req->sw.name,
			      r);
}

enum {
	KW_FLOWID, KW_TTL, KW_TOS, KW_POLICY_MAX, KW_ROUTER_MAC, KW_HOLD_MAX,
	KW_HOLD_TIMEOUT, KW_N
};

_Static_assert(VSW_HOLD_MAX_LIMIT == 1024 && VSW_HOLD_TIMEOUT_MAX == 60000,
	       "update parse_hold()");

/* hold-max (0-1024) or hold-timeout (1-60000 ms). */
static int parse_hold(const char *s, uint32_t min, uint32_t max,
		      uint32_t *val, const char **why)
{
	uint32_t v;

	if (parse_u32(s, &v, why))
		return -1;
	if (v < min || v > max) {
		*why = max == VSW_HOLD_MAX_LIMIT ? "out of range (0-1024)" :
						   "out of range (1-60000)";
		return -1;
	}
	*val = v;
	return 0;
}

static int parse_set(int argc, char **argv, struct request *req,
		     struct report *r)
{
	struct keyword kw[KW_N] = {
		[KW_FLOWID] = { "flowid", false, NULL },
		[KW_TTL] = { "ttl", false, NULL },
		[KW_TOS] = { "tos", false, NULL },
		[KW_POLICY_MAX] = { "policy-max", false, NULL },
		[KW_ROUTER_MAC] = { "router-mac", false, NULL },
		[KW_HOLD_MAX] = { "hold-max", false, NULL },
		[KW_HOLD_TIMEOUT] = { "hold-timeout", false, NULL },
	};
	struct switch_args *a = &req->sw;
	const char *why;

	if (cmd_parse_keywords("switch set", argc, argv, &a->name, kw, KW_N,
			       r))
		return -1;
	if (kw[KW_FLOWID].val) {
		if (parse_flowid(kw[KW_FLOWID].val, &a->flowid, &why))
			goto bad_flowid;
		a->set |= SWITCH_SET_FLOWID;
	}
	if (kw[KW_TTL].val) {
		if (parse_ttl(kw[KW_TTL].val, &a->ttl, &why)) {
			report_usage(r, "invalid TTL \"%s\": %s",
				     kw[KW_TTL].val, why);
			return -1;
		}
		a->set |= SWITCH_SET_TTL;
	}
	if (kw[KW_TOS].val) {
		if (parse_tos(kw[KW_TOS].val, &a->tos, &why)) {
			report_usage(r, "invalid TOS \"%s\": %s",
				     kw[KW_TOS].val, why);
			return -1;
		}
		a->set |= SWITCH_SET_TOS;
	}
	if (kw[KW_POLICY_MAX].val) {
		if (parse_policy_max(kw[KW_POLICY_MAX].val, &a->policy_max,
				     &why)) {
			report_usage(r, "invalid policy-max \"%s\": %s",
				     kw[KW_POLICY_MAX].val, why);
			return -1;
		}
		a->set |= SWITCH_SET_POLICY_MAX;
	}
	if (kw[KW_ROUTER_MAC].val) {
		if (parse_router_mac(kw[KW_ROUTER_MAC].val, a->router_mac,
				     &why)) {
			report_usage(r, "invalid router-mac \"%s\": %s",
				     kw[KW_ROUTER_MAC].val, why);
			return -1;
		}
		a->set |= SWITCH_SET_ROUTER_MAC;
	}
	if (kw[KW_HOLD_MAX].val) {
		if (parse_hold(kw[KW_HOLD_MAX].val, 0, VSW_HOLD_MAX_LIMIT,
			       &a->hold_max, &why)) {
			report_usage(r, "invalid hold-max \"%s\": %s",
				     kw[KW_HOLD_MAX].val, why);
			return -1;
		}
		a->set |= SWITCH_SET_HOLD_MAX;
	}
	if (kw[KW_HOLD_TIMEOUT].val) {
		if (parse_hold(kw[KW_HOLD_TIMEOUT].val, 1, VSW_HOLD_TIMEOUT_MAX,
			       &a->hold_timeout, &why)) {
			report_usage(r, "invalid hold-timeout \"%s\": %s",
				     kw[KW_HOLD_TIMEOUT].val, why);
			return -1;
		}
		a->set |= SWITCH_SET_HOLD_TIMEOUT;
	}
	if (!a->set) {
		report_usage(r, "switch set: nothing to set (flowid, ttl, tos, policy-max, "
			     "router-mac, hold-max or hold-timeout)");
		return -1;
	}
	return 0;

bad_flowid:
	report_usage(r, "invalid flowid \"%s\": %s", kw[KW_FLOWID].val, why);
	return -1;
}

/* What to say when the kernel gave no extended-ack message. */
static const char *errtext(int errnum)
{
	switch (errnum) {
	case EEXIST:
		return "switch already exists";
	case ENOENT:
		return "no such switch";
	default:
		return NULL;
	}
}

static void report_nl(struct report *r, const struct vsw_nl *nl, int err,
		      const char *cmd, const char *name)
{
	report_errno(r, -err, vsw_nl_errtext(nl, -err, errtext(-err)),
		     "switch %s%s%s", cmd, name ? " " : "", name ? name : "");
}

/* A request with the switch name as its only attribute. */
static struct nl_msg *name_msg(const struct vsw_nl *nl, uint8_t cmd,
			       const char *name)
{
	return vsw_nl_name_msg(nl, cmd, 0, name);
}

static int do_name_cmd(struct vsw_nl *nl, uint8_t cmd, const char *verb,
		       const char *name, struct report *r)
{
	struct nl_msg *msg = name_msg(nl, cmd, name);
	int ret = msg ? vsw_nl_transact(nl, msg, NULL, NULL) : -ENOMEM;

	if (ret) {
		report_nl(r, nl, ret, verb, name);
		return -1;
	}
	return 0;
}

static int run_add(struct vsw_nl *nl, const struct request *req,
		   const struct output *out, struct report *r)
{
	(void)out;
	return do_name_cmd(nl, VSW_CMD_SWITCH_NEW, "add", req->sw.name, r);
}

static int run_del(struct vsw_nl *nl, const struct request *req,
		   const struct output *out, struct report *r)
{
	(void)out;
	return do_name_cmd(nl, VSW_CMD_SWITCH_DEL, "del", req->sw.name, r);
}

/*
 * Lengths are checked again below: libnl's minlen lets longer attributes
 * through, and an address of the wrong size must not be half read.
 */
static const struct nla_policy switch_policy[VSW_A_MAX + 1] = {
	[VSW_A_SWITCH_NAME] = { .type = NLA_STRING },
	[VSW_A_SWITCH_FLOWID] = { .type = NLA_U8 },
	[VSW_A_SWITCH_TTL] = { .type = NLA_U8 },
	[VSW_A_SWITCH_TOS] = { .type = NLA_U8 },
	[VSW_A_UPLINK_IFINDEX] = { .type = NLA_U32 },
	[VSW_A_UPLINK_PA] = { .minlen = 4 },
	[VSW_A_UPLINK_PA6] = { .minlen = 16 },
	[VSW_A_PORT_COUNT] = { .type = NLA_U32 },
	[VSW_A_POLICY_COUNT] = { .type = NLA_U32 },
	[VSW_A_POLICY_MAX] = { .type = NLA_U32 },
	[VSW_A_ROUTER_MAC] = { .minlen = 6 },
	[VSW_A_HOLD_MAX] = { .type = NLA_U32 },
	[VSW_A_HOLD_TIMEOUT] = { .type = NLA_U32 },
	[VSW_A_HOLD_COUNT] = { .type = NLA_U32 },
	[VSW_A_POLICY_OVER_LIMIT] = { .type = NLA_U64 },
};

/* The length a fixed-size attribute of a reply must have, or 0. */
static int exact_len(int type)
{
	switch (type) {
	case VSW_A_SWITCH_FLOWID:
	case VSW_A_SWITCH_TTL:
	case VSW_A_SWITCH_TOS:
		return 1;
	case VSW_A_UPLINK_IFINDEX:
	case VSW_A_UPLINK_PA:
	case VSW_A_PORT_COUNT:
	case VSW_A_POLICY_COUNT:
	case VSW_A_POLICY_MAX:
	case VSW_A_HOLD_MAX:
	case VSW_A_HOLD_TIMEOUT:
	case VSW_A_HOLD_COUNT:
		return 4;
	case VSW_A_ROUTER_MAC:
		return 6;
	case VSW_A_UPLINK_PA6:
		return 16;
	case VSW_A_POLICY_OVER_LIMIT:
		return 8;
	default:
		return 0;
	}
}

int switch_parse_reply(struct nlmsghdr *nlh, struct switch_list *l)
{
	struct nlattr *tb[VSW_A_MAX + 1];
	struct switch_info *s;
	const char *name;
	uint8_t cmd;
	int ret, i;

	ret = vsw_nl_parse(nlh, &cmd, tb, VSW_A_MAX, switch_policy);
	if (ret)
		return ret;
	if (cmd != VSW_CMD_SWITCH_GET)
		return 0;
	if (!tb[VSW_A_SWITCH_NAME])
		return -EPROTO;
	name = nla_get_string(tb[VSW_A_SWITCH_NAME]);
	/*
	 * Only check what the list needs: a kernel whose name rules differ
	 * slightly from parse_switch_name() must still be listable.
	 */
	if (!*name || strlen(name) > VSW_SWITCH_NAME_MAX)
		return -EPROTO;
	for (i = 1; i <= VSW_A_MAX; i++)
		if (tb[i] && exact_len(i) && nla_len(tb[i]) != exact_len(i))
			return -EPROTO;
	ret = switch_list_add(l, name);
	if (ret)
		return ret;
	s = &l->v[l->n - 1];
	if (tb[VSW_A_UPLINK_IFINDEX]) {
		s->has |= SWITCH_HAS_UPLINK;
		s->uplink_ifindex = nla_get_u32(tb[VSW_A_UPLINK_IFINDEX]);
	}
	if (tb[VSW_A_UPLINK_PA]) {
		s->has |= SWITCH_HAS_PA;
		memcpy(&s->pa, nla_data(tb[VSW_A_UPLINK_PA]), 4);
	}
	if (tb[VSW_A_UPLINK_PA6]) {
		s->has |= SWITCH_HAS_PA6;
		memcpy(&s->pa6, nla_data(tb[VSW_A_UPLINK_PA6]), 16);
	}
	if (tb[VSW_A_SWITCH_FLOWID]) {
		s->has |= SWITCH_HAS_FLOWID;
		s->flowid = nla_get_u8(tb[VSW_A_SWITCH_FLOWID]);
	}
	if (tb[VSW_A_SWITCH_TTL]) {
		s->has |= SWITCH_HAS_TTL;
		s->ttl = nla_get_u8(tb[VSW_A_SWITCH_TTL]);
	}
	if (tb[VSW_A_SWITCH_TOS]) {
		s->has |= SWITCH_HAS_TOS;
		s->tos = nla_get_u8(tb[VSW_A_SWITCH_TOS]);
	}
	if (tb[VSW_A_PORT_COUNT]) {
		s->has |= SWITCH_HAS_PORTS;
		s->ports = nla_get_u32(tb[VSW_A_PORT_COUNT]);
	}
	if (tb[VSW_A_POLICY_COUNT]) {
		s->has |= SWITCH_HAS_POLICY;
		s->policy = nla_get_u32(tb[VSW_A_POLICY_COUNT]);
	}
	if (tb[VSW_A_POLICY_MAX]) {
		s->has |= SWITCH_HAS_POLICY_MAX;
		s->policy_max = nla_get_u32(tb[VSW_A_POLICY_MAX]);
	}
	if (tb[VSW_A_ROUTER_MAC]) {
		s->has |= SWITCH_HAS_ROUTER_MAC;
		memcpy(s->router_mac, nla_data(tb[VSW_A_ROUTER_MAC]), 6);
	}
	if (tb[VSW_A_HOLD_MAX]) {
		s->has |= SWITCH_HAS_HOLD_MAX;
		s->hold_max = nla_get_u32(tb[VSW_A_HOLD_MAX]);
	}
	if (tb[VSW_A_HOLD_TIMEOUT]) {
		s->has |= SWITCH_HAS_HOLD_TIMEOUT;
		s->hold_timeout = nla_get_u32(tb[VSW_A_HOLD_TIMEOUT]);
	}
	if (tb[VSW_A_HOLD_COUNT]) {
		s->has |= SWITCH_HAS_HELD;
		s->held = nla_get_u32(tb[VSW_A_HOLD_COUNT]);
	}
	if (tb[VSW_A_POLICY_OVER_LIMIT]) {
		s->has |= SWITCH_HAS_OVER_LIMIT;
		s->policy_over_limit = nla_get_u64(tb[VSW_A_POLICY_OVER_LIMIT]);
	}
	return 0;
}

static int switch_reply(struct nlmsghdr *nlh, void *arg)
{
	return switch_parse_reply(nlh, arg);
}

/* A dump disturbed by a concurrent change is retried this many times. */
#define DUMP_TRIES	3


int switch_get(struct vsw_nl *nl, const char *name, struct switch_list *l,
	       const char *what, struct report *r)
{
	struct nl_msg *msg;
	int ret, tries = 0;

	*l = (struct switch_list){ 0 };
	do {
		l->n = 0;
		if (name) {
			msg = name_msg(nl, VSW_CMD_SWITCH_GET, name);
			ret = msg ? vsw_nl_transact(nl, msg, switch_reply, l) :
				    -ENOMEM;
		} else {
			ret = vsw_nl_dump(nl, VSW_CMD_SWITCH_GET, switch_reply,
					  l);
		}
	} while (ret == -EINTR && ++tries < DUMP_TRIES);

	if (ret) {
		report_errno(r, -ret,
			     vsw_nl_errtext(nl, -ret, errtext(-ret)),
			     "%s%s%s", what, name ? " " : "", name ? name : "");
		switch_list_free(l);
		return -1;
	}
	return 0;
}

static int run_show(struct vsw_nl *nl, const struct request *req,
		    const struct output *out, struct report *r)
{
	struct switch_list l;

	if (switch_get(nl, req->sw.name, &l, "switch show", r))
		return -1;
	switch_list_print(&l, out);
	switch_list_free(&l);
	return 0;
}

static int run_set(struct vsw_nl *nl, const struct request *req,
		   const struct output *out, struct report *r)
{
	const struct switch_args *a = &req->sw;
	struct nl_msg *msg;
	int ret = -EMSGSIZE;

	(void)out;
	msg = name_msg(nl, VSW_CMD_SWITCH_SET, a->name);
	if (!msg) {
		ret = -ENOMEM;
		goto out;
	}
	if ((a->set & SWITCH_SET_FLOWID) &&
	    nla_put_u8(msg, VSW_A_SWITCH_FLOWID, a->flowid) < 0)
		goto free;
	if ((a->set & SWITCH_SET_TTL) &&
	    nla_put_u8(msg, VSW_A_SWITCH_TTL, a->ttl) < 0)
		goto free;
	if ((a->set & SWITCH_SET_TOS) &&
	    nla_put_u8(msg, VSW_A_SWITCH_TOS, a->tos) < 0)
		goto free;
	if ((a->set & SWITCH_SET_POLICY_MAX) &&
	    nla_put_u32(msg, VSW_A_POLICY_MAX, a->policy_max) < 0)
		goto free;
	if ((a->set & SWITCH_SET_ROUTER_MAC) &&
	    nla_put(msg, VSW_A_ROUTER_MAC, 6, a->router_mac) < 0)
		goto free;
	if ((a->set & SWITCH_SET_HOLD_MAX) &&
	    nla_put_u32(msg, VSW_A_HOLD_MAX, a->hold_max) < 0)
		goto free;
	if ((a->set & SWITCH_SET_HOLD_TIMEOUT) &&
	    nla_put_u32(msg, VSW_A_HOLD_TIMEOUT, a->hold_timeout) < 0)
		goto free;
	ret = vsw_nl_transact(nl, msg, NULL, NULL);
	goto out;
free:
	nlmsg_free(msg);
out:
	if (ret) {
		report_nl(r, nl, ret, "set", a->name);
		return -1;
	}
	return 0;
}

const struct command switch_commands[] = {
	{ "add", "NAME", parse_add, run_add, NULL },
	{ "del", "NAME", parse_del, run_del, NULL },
	{ "set", "NAME [flowid hash|zero] [ttl N] [tos inherit|N] [policy-max N] [router-mac MAC] [hold-max N] [hold-timeout MS]",
	  parse_set, run_set, NULL },
	{ "show", "[NAME]", parse_show, run_show, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
