// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl sample set NAME dev DEV rate N [group G] [trunc BYTES]
 * vswctl sample show NAME
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vsw.h>
#include <netlink/genl/genl.h>

#include "cmd.h"
#include "json.h"
#include "nl.h"
#include "parse.h"
#include "report.h"
#include "sample.h"

int sample_parse_nest(const struct nlattr *nest, struct sample_info *s)
{
	unsigned int seen = 0;
	const struct nlattr *a;
	uint32_t *u32;
	uint64_t *u64;
	int rem;

	memset(s, 0, sizeof(*s));
	nla_for_each_nested(a, nest, rem) {
		u32 = NULL;
		u64 = NULL;
		switch (nla_type(a)) {
		case VSW_SAMPLE_A_IFINDEX:
			u32 = &s->ifindex;
			break;
		case VSW_SAMPLE_A_RATE:
			u32 = &s->rate;
			break;
		case VSW_SAMPLE_A_GROUP:
			u32 = &s->group;
			break;
		case VSW_SAMPLE_A_TRUNC:
			u32 = &s->trunc;
			break;
		case VSW_SAMPLE_A_POOL:
			u64 = &s->pool;
			break;
		case VSW_SAMPLE_A_SAMPLES:
			u64 = &s->samples;
			break;
		default:	/* padding, or a newer kernel's */
			continue;
		}
		if (nla_len(a) != (u32 ? 4 : 8))
			return -EPROTO;
		if (u32)
			*u32 = nla_get_u32((struct nlattr *)a);
		else
			*u64 = nla_get_u64((struct nlattr *)a);
		seen |= 1U << nla_type(a);
	}
	if (!(seen & 1U << VSW_SAMPLE_A_IFINDEX) || !s->ifindex ||
	    !(seen & 1U << VSW_SAMPLE_A_RATE))
		return -EPROTO;
	return 0;
}

int sample_parse_reply(struct nlmsghdr *nlh, struct sample_list *l)
{
	struct genlmsghdr *genl = nlmsg_data(nlh);
	struct sample_info *v;
	struct nlattr *a;
	int rem, ret;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EPROTO;
	if (genl->cmd != VSW_CMD_SAMPLE_GET)
		return 0;
	nla_for_each_attr(a, genlmsg_attrdata(genl, 0),
			  genlmsg_attrlen(genl, 0), rem) {
		if (nla_type(a) != VSW_A_SAMPLE)
			continue;
		v = reallocarray(l->v, l->n + 1, sizeof(*v));
		if (!v)
			return -ENOMEM;
		l->v = v;
		ret = sample_parse_nest(a, &v[l->n]);
		if (ret)
			return ret;
		l->n++;
	}
	return rem ? -EPROTO : 0;
}

void sample_list_free(struct sample_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void sample_list_print(const struct sample_list *l, const struct output *out)
{
	char name[IF_NAMESIZE];
	const struct sample_info *s;
	const char *dev;
	struct json j;
	size_t i;

	if (out->json) {
		out_json_init(&j, out);
		json_array_begin(&j, NULL);
	}
	for (i = 0; i < l->n; i++) {
		s = &l->v[i];
		dev = out_ifname(out, s->ifindex, name);
		if (!out->json) {
			if (dev)
				fprintf(out->fp, "sample %s", dev);
			else
				fprintf(out->fp, "sample if%u", s->ifindex);
			fprintf(out->fp, " rate %u group %u trunc %u pool %"
				PRIu64 " samples %" PRIu64 "\n", s->rate,
				s->group, s->trunc, s->pool, s->samples);
			continue;
		}
		json_object_begin(&j, NULL);
		if (dev)
			json_string(&j, "dev", dev);
		else
			json_null(&j, "dev");
		json_uint(&j, "ifindex", s->ifindex);
		json_uint(&j, "rate", s->rate);
		json_uint(&j, "group", s->group);
		json_uint(&j, "trunc", s->trunc);
		json_uint(&j, "pool", s->pool);
		json_uint(&j, "samples", s->samples);
		json_object_end(&j);
	}
	if (out->json)
		json_array_end(&j);
}

static int sample_reply(struct nlmsghdr *nlh, void *arg)
{
	return sample_parse_reply(nlh, arg);
}

int sample_get(struct vsw_nl *nl, const char *name, struct sample_list *l)
{
	struct nl_msg *msg = vsw_nl_name_msg(nl, VSW_CMD_SAMPLE_GET, 0, name);

	if (!msg)
		return -ENOMEM;
	return vsw_nl_transact(nl, msg, sample_reply, l);
}

enum { KW_DEV, KW_RATE, KW_GROUP, KW_TRUNC, KW_N };

static int parse_set(int argc, char **argv, struct request *req,
		     struct report *r)
{
	struct keyword kw[KW_N] = {
		[KW_DEV] = { "dev", true, NULL },
		[KW_RATE] = { "rate", true, NULL },
		[KW_GROUP] = { "group", false, NULL },
		[KW_TRUNC] = { "trunc", false, NULL },
	};
	struct sample_args *a = &req->sample;
	const char *why;

	if (cmd_parse_keywords("sample set", argc, argv, &a->name, kw, KW_N,
			       r))
		return -1;
	if (parse_u32(kw[KW_RATE].val, &a->rate, &why)) {
		report_usage(r, "invalid rate \"%s\": %s (1 in N frames, 0 turns sampling off)",
			     kw[KW_RATE].val, why);
		return -1;
	}
	a->has_group = kw[KW_GROUP].val;
	if (a->has_group && parse_u32(kw[KW_GROUP].val, &a->group, &why)) {
		report_usage(r, "invalid group \"%s\": %s",
			     kw[KW_GROUP].val, why);
		return -1;
	}
	a->has_trunc = kw[KW_TRUNC].val;
	if (a->has_trunc &&
	    (parse_u32(kw[KW_TRUNC].val, &a->trunc, &why) ||
	     a->trunc < VSW_SAMPLE_TRUNC_MIN ||
	     a->trunc > VSW_SAMPLE_TRUNC_MAX)) {
		report_usage(r, "invalid trunc \"%s\": out of range (%u-%u bytes)",
			     kw[KW_TRUNC].val, VSW_SAMPLE_TRUNC_MIN,
			     VSW_SAMPLE_TRUNC_MAX);
		return -1;
	}
	a->dev = kw[KW_DEV].val;
	return cmd_parse_dev("sample set", a->dev, &a->ifindex, r);
}

static int parse_show(int argc, char **argv, struct request *req,
		      struct report *r)
{
	return cmd_parse_name("sample show", argc, argv, false,
			      &req->sample.name, r);
}

/* What to say when the kernel gave no extended-ack message. */
#define ENOENT_TEXT "no such switch, or the device is not its port or uplink"

static int run_set(struct vsw_nl *nl, const struct request *req,
		   const struct output *out, struct report *r)
{
	const struct sample_args *a = &req->sample;
	struct nlattr *nest;
	struct nl_msg *msg;
	int ret = -ENOMEM;

	(void)out;
	msg = vsw_nl_name_msg(nl, VSW_CMD_SAMPLE_SET, 0, a->name);
	if (!msg)
		goto out;
	ret = -EMSGSIZE;
	nest = nla_nest_start(msg, VSW_A_SAMPLE | NLA_F_NESTED);
	if (!nest || nla_put_u32(msg, VSW_SAMPLE_A_IFINDEX, a->ifindex) < 0 ||
	    nla_put_u32(msg, VSW_SAMPLE_A_RATE, a->rate) < 0 ||
	    (a->has_group &&
	     nla_put_u32(msg, VSW_SAMPLE_A_GROUP, a->group) < 0) ||
	    (a->has_trunc &&
	     nla_put_u32(msg, VSW_SAMPLE_A_TRUNC, a->trunc) < 0)) {
		nlmsg_free(msg);
		goto out;
	}
	nla_nest_end(msg, nest);
	ret = vsw_nl_transact(nl, msg, NULL, NULL);
out:
	if (ret) {
		report_errno(r, -ret, vsw_nl_errtext(nl, -ret, ret == -ENOENT ?
						     ENOENT_TEXT : NULL),
			     "sample set %s dev %s", a->name, a->dev);
		return -1;
	}
	return 0;
}

static int run_show(struct vsw_nl *nl, const struct request *req,
		    const struct output *out, struct report *r)
{
	const char *name = req->sample.name;
	struct sample_list l = { 0 };
	int ret;

	ret = sample_get(nl, name, &l);
	if (ret) {
		report_errno(r, -ret,
			     vsw_nl_errtext(nl, -ret,
					    ret == -ENOENT ? "no such switch" : NULL),
			     "sample show %s", name);
		sample_list_free(&l);
		return -1;
	}
	sample_list_print(&l, out);
	sample_list_free(&l);
	return 0;
}

const struct command sample_commands[] = {
	{ "set", "NAME dev DEV rate N [group G] [trunc BYTES]", parse_set,
	  run_set, NULL },
	{ "show", "NAME", parse_show, run_show, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
