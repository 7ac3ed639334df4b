// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl route add NAME rdid N vsid VSID prefix ADDR/LEN [nexthop ADDR]
 * vswctl route del NAME rdid N prefix ADDR/LEN
 * vswctl route show NAME [rdid N]
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vsw.h>
#include <netlink/genl/genl.h>

#include "cmd.h"
#include "json.h"
#include "nl.h"
#include "parse.h"
#include "report.h"
#include "route.h"

/* vswctl's errtext below spells the limit out. */
_Static_assert(VSW_ROUTES_MAX == 1024, "update ENOSPC_TEXT");

#define SEEN(type)	(1U << (type))

/* An address attribute of @len bytes (4 or 16) into @addr. */
static int get_addr(const struct nlattr *a, int family, struct vsw_addr *addr)
{
	if (nla_len(a) != (family == AF_INET6 ? 16 : 4))
		return -EPROTO;
	vsw_addr_set(addr, family, nla_data(a));
	return 0;
}

int route_parse_nest(const struct nlattr *nest, struct route_rec *rec)
{
	const struct nlattr *a;
	unsigned int seen = 0;
	int rem, ret = 0;

	memset(rec, 0, sizeof(*rec));
	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case VSW_ROUTE_A_RDID:
		case VSW_ROUTE_A_VSID:
			if (nla_len(a) != 4)
				return -EPROTO;
			memcpy(nla_type(a) == VSW_ROUTE_A_RDID ? &rec->rdid :
								 &rec->vsid,
			       nla_data(a), 4);
			break;
		case VSW_ROUTE_A_DST:
			ret = get_addr(a, AF_INET, &rec->dst.addr);
			break;
		case VSW_ROUTE_A_DST6:
			ret = get_addr(a, AF_INET6, &rec->dst.addr);
			break;
		case VSW_ROUTE_A_PLEN:
			if (nla_len(a) != 1)
				return -EPROTO;
			rec->dst.len = *(const uint8_t *)nla_data(a);
			break;
		case VSW_ROUTE_A_NEXTHOP:
			ret = get_addr(a, AF_INET, &rec->nexthop);
			break;
		case VSW_ROUTE_A_NEXTHOP6:
			ret = get_addr(a, AF_INET6, &rec->nexthop);
			break;
		default:	/* a newer kernel's: ignore */
			continue;
		}
		if (ret)
			return ret;
		seen |= SEEN(nla_type(a));
	}
	if (!(seen & SEEN(VSW_ROUTE_A_RDID)) ||
	    !(seen & SEEN(VSW_ROUTE_A_VSID)) ||
	    !(seen & SEEN(VSW_ROUTE_A_PLEN)) ||
	    !(seen & SEEN(VSW_ROUTE_A_DST)) == !(seen & SEEN(VSW_ROUTE_A_DST6)))
		return -EPROTO;
	if (rec->dst.len > 8 * vsw_addr_len(&rec->dst.addr))
		return -EPROTO;
	if ((seen & SEEN(VSW_ROUTE_A_NEXTHOP)) &&
	    (seen & SEEN(VSW_ROUTE_A_NEXTHOP6)))
		return -EPROTO;
	rec->has_nexthop = seen & (SEEN(VSW_ROUTE_A_NEXTHOP) |
				   SEEN(VSW_ROUTE_A_NEXTHOP6));
	if (rec->has_nexthop && rec->nexthop.family != rec->dst.addr.family)
		return -EPROTO;
	return 0;
}

int route_parse_reply(struct nlmsghdr *nlh, struct route_list *l)
{
	struct genlmsghdr *genl = nlmsg_data(nlh);
	struct route_rec *v;
	struct nlattr *a;
	int rem, ret;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EPROTO;
	if (genl->cmd != VSW_CMD_ROUTE_GET)
		return 0;
	nla_for_each_attr(a, genlmsg_attrdata(genl, 0),
			  genlmsg_attrlen(genl, 0), rem) {
		if (nla_type(a) != VSW_A_ROUTE)
			continue;
		v = reallocarray(l->v, l->n + 1, sizeof(*v));
		if (!v)
			return -ENOMEM;
		l->v = v;
		ret = route_parse_nest(a, &v[l->n]);
		if (ret)
			return ret;
		l->n++;
	}
	return rem ? -EPROTO : 0;
}

void route_list_free(struct route_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void print_route(struct json *j, const struct route_rec *rec,
			const struct output *out)
{
	char prefix[PREFIX_STRLEN], addr[ADDR_STRLEN];
	const char *key = NULL;
	struct vsw_addr gw;

	fmt_prefix(prefix, &rec->dst);
	if (rec->has_nexthop) {
		key = "nexthop";
		fmt_addr(addr, &rec->nexthop);
	} else if (!prefix_gateway(&rec->dst, &gw)) {
		key = "gateway";
		fmt_addr(addr, &gw);
	}
	if (!out->json) {
		fprintf(out->fp, "rdid %u vsid %u prefix %s", rec->rdid,
			rec->vsid, prefix);
		if (key)
			fprintf(out->fp, " %s %s", key, addr);
		fputc('\n', out->fp);
		return;
	}
	json_object_begin(j, NULL);
	json_uint(j, "rdid", rec->rdid);
	json_uint(j, "vsid", rec->vsid);
	json_string(j, "prefix", prefix);
	if (key)
		json_string(j, key, addr);
	json_object_end(j);
}

void route_list_print(const struct route_list *l, const struct output *out)
{
	struct json j;
	size_t i;

	if (out->json) {
		out_json_init(&j, out);
		json_array_begin(&j, NULL);
	}
	for (i = 0; i < l->n; i++)
		print_route(&j, &l->v[i], out);
	if (out->json)
		json_array_end(&j);
}

enum { KW_RDID, KW_VSID, KW_PREFIX, KW_NEXTHOP, KW_N };

/* Check and convert the values of the keywords that were given. */
static int parse_values(const struct keyword *kw, struct route_rec *rec,
			struct report *r)
{
	char buf[PREFIX_STRLEN];
	const char *why;
	int ret;

	if (kw[KW_RDID].val && parse_rdid(kw[KW_RDID].val, &rec->rdid, &why)) {
		report_usage(r, "invalid RDID \"%s\": %s", kw[KW_RDID].val, why);
		return -1;
	}
	if (kw[KW_VSID].val && parse_vsid(kw[KW_VSID].val, &rec->vsid, &why)) {
		report_usage(r, "invalid VSID \"%s\": %s", kw[KW_VSID].val, why);
		return -1;
	}
	if (kw[KW_PREFIX].val) {
		ret = parse_prefix(kw[KW_PREFIX].val, &rec->dst, &why);
		if (ret == PARSE_HOST_BITS) {
			report_usage(r, "invalid prefix \"%s\": host bits set (the prefix is %s)",
				     kw[KW_PREFIX].val,
				     fmt_prefix(buf, &rec->dst));
			return -1;
		}
		if (ret) {
			report_usage(r, "invalid prefix \"%s\": %s",
				     kw[KW_PREFIX].val, why);
			return -1;
		}
	}
	if (kw[KW_NEXTHOP].val) {
		if (parse_nexthop(kw[KW_NEXTHOP].val, rec->dst.addr.family,
				  &rec->nexthop, &why)) {
			report_usage(r, "invalid next hop \"%s\": %s",
				     kw[KW_NEXTHOP].val, why);
			return -1;
		}
		rec->has_nexthop = true;
	}
	return 0;
}

static int parse_add(int argc, char **argv, struct request *req,
		     struct report *r)
{
	struct keyword kw[KW_N] = {
		[KW_RDID] = { "rdid", true, NULL },
		[KW_VSID] = { "vsid", true, NULL },
		[KW_PREFIX] = { "prefix", true, NULL },
		[KW_NEXTHOP] = { "nexthop", false, NULL },
	};

	if (cmd_parse_keywords("route add", argc, argv, &req->route.name, kw,
			       KW_N, r))
		return -1;
	return parse_values(kw, &req->route.rec, r);
}

static int parse_del(int argc, char **argv, struct request *req,
		     struct report *r)
{
	struct keyword kw[2] = {
		{ "rdid", true, NULL },
		{ "prefix", true, NULL },
	};
	struct keyword all[KW_N] = { { NULL, false, NULL } };

	if (cmd_parse_keywords("route del", argc, argv, &req->route.name, kw,
			       2, r))
		return -1;
	all[KW_RDID].val = kw[0].val;
	all[KW_PREFIX].val = kw[1].val;
	return parse_values(all, &req->route.rec, r);
}

static int parse_show(int argc, char **argv, struct request *req,
		      struct report *r)
{
	struct keyword kw[1] = { { "rdid", false, NULL } };
	struct keyword all[KW_N] = { { NULL, false, NULL } };

	if (cmd_parse_keywords("route show", argc, argv, &req->route.name, kw,
			       1, r))
		return -1;
	all[KW_RDID].val = kw[0].val;
	req->route.has_rdid = kw[0].val != NULL;
	return parse_values(all, &req->route.rec, r);
}

/* What to say when the kernel gave no extended-ack message. */
#define ENOSPC_TEXT	"too many routes on this switch (at most 1024)"

static const char *errtext(int errnum, bool del)
{
	switch (errnum) {
	case EEXIST:
		return "the routing domain has a route for this prefix";
	case EBUSY:
		return "VSID is in another routing domain";
	case ENOENT:
		return del ? "no such switch or route" : "no such switch";
	case ENOSPC:
		return ENOSPC_TEXT;
	default:
		return NULL;
	}
}

/* The VSW_A_ROUTE nest of an add (@full) or a delete. */
static int put_route(struct nl_msg *msg, const struct route_rec *rec,
		     bool full)
{
	bool v6 = rec->dst.addr.family == AF_INET6;
	struct nlattr *nest;

	nest = nla_nest_start(msg, VSW_A_ROUTE | NLA_F_NESTED);
	if (!nest ||
	    nla_put_u32(msg, VSW_ROUTE_A_RDID, rec->rdid) < 0 ||
	    (full && nla_put_u32(msg, VSW_ROUTE_A_VSID, rec->vsid) < 0) ||
	    nla_put(msg, v6 ? VSW_ROUTE_A_DST6 : VSW_ROUTE_A_DST,
		    vsw_addr_len(&rec->dst.addr), &rec->dst.addr.v6) < 0 ||
	    nla_put_u8(msg, VSW_ROUTE_A_PLEN, rec->dst.len) < 0 ||
	    (full && rec->has_nexthop &&
	     nla_put(msg, v6 ? VSW_ROUTE_A_NEXTHOP6 : VSW_ROUTE_A_NEXTHOP,
		     vsw_addr_len(&rec->nexthop), &rec->nexthop.v6) < 0))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int send_route(struct vsw_nl *nl, uint8_t cmd, const char *verb,
		      const struct route_args *a, struct report *r)
{
	bool del = cmd == VSW_CMD_ROUTE_DEL;
	char prefix[PREFIX_STRLEN];
	struct nl_msg *msg;
	int ret = -ENOMEM;

	msg = vsw_nl_name_msg(nl, cmd, 0, a->name);
	if (msg) {
		ret = put_route(msg, &a->rec, !del);
		if (ret)
			nlmsg_free(msg);
		else
			ret = vsw_nl_transact(nl, msg, NULL, NULL);
	}
	if (ret) {
		report_errno(r, -ret, vsw_nl_errtext(nl, -ret, errtext(-ret, del)),
			     "route %s %s rdid %u prefix %s", verb, a->name,
			     a->rec.rdid, fmt_prefix(prefix, &a->rec.dst));
		return -1;
	}
	return 0;
}

static int run_add(struct vsw_nl *nl, const struct request *req,
		   const struct output *out, struct report *r)
{
	(void)out;
	return send_route(nl, VSW_CMD_ROUTE_NEW, "add", &req->route, r);
}

static int run_del(struct vsw_nl *nl, const struct request *req,
		   const struct output *out, struct report *r)
{
	(void)out;
	return send_route(nl, VSW_CMD_ROUTE_DEL, "del", &req->route, r);
}

static int route_reply(struct nlmsghdr *nlh, void *arg)
{
	return route_parse_reply(nlh, arg);
}

static int get_routes(struct vsw_nl *nl, const struct route_args *a,
		      struct route_list *l)
{
	struct nlattr *nest;
	struct nl_msg *msg;

	msg = vsw_nl_name_msg(nl, VSW_CMD_ROUTE_GET, NLM_F_DUMP, a->name);
	if (!msg)
		return -ENOMEM;
	if (a->has_rdid) {
		nest = nla_nest_start(msg, VSW_A_ROUTE | NLA_F_NESTED);
		if (!nest ||
		    nla_put_u32(msg, VSW_ROUTE_A_RDID, a->rec.rdid) < 0) {
			nlmsg_free(msg);
			return -EMSGSIZE;
		}
		nla_nest_end(msg, nest);
	}
	return vsw_nl_transact(nl, msg, route_reply, l);
}

/* A dump disturbed by a concurrent change is retried this many times. */
#define DUMP_TRIES	3

/*
 * At most VSW_ROUTES_MAX routes: they are collected, and a dump the
 * kernel flags as disturbed is simply asked for again, as "switch show"
 * does.
 */
static int run_show(struct vsw_nl *nl, const struct request *req,
		    const struct output *out, struct report *r)
{
	const struct route_args *a = &req->route;
	struct route_list l = { 0 };
	int ret, tries = 0;

	do {
		route_list_free(&l);
		ret = get_routes(nl, a, &l);
	} while (ret == -EINTR && ++tries < DUMP_TRIES);
	if (ret == -EINTR) {
		report_fail(r, "route show %s: the routes kept changing during the dump, run it again",
			    a->name);
		route_list_free(&l);
		return -1;
	}
	if (ret) {
		report_errno(r, -ret,
			     vsw_nl_errtext(nl, -ret,
					    ret == -ENOENT ? "no such switch" : NULL),
			     "route show %s", a->name);
		route_list_free(&l);
		return -1;
	}
	route_list_print(&l, out);
	route_list_free(&l);
	return 0;
}

const struct command route_commands[] = {
	{ "add", "NAME rdid N vsid VSID prefix ADDR/LEN [nexthop ADDR]",
	  parse_add, run_add, NULL },
	{ "del", "NAME rdid N prefix ADDR/LEN", parse_del, run_del, NULL },
	{ "show", "NAME [rdid N]", parse_show, run_show, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
