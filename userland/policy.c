// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl policy add NAME vsid VSID ca ADDR mac MAC pa ADDR
 * vswctl policy replace NAME vsid VSID ca ADDR mac MAC pa ADDR
 * vswctl policy del NAME vsid VSID ca ADDR
 * vswctl policy show NAME [vsid VSID]
 */
#include <errno.h>
#include <string.h>

#include <linux/vsw.h>
#include <netlink/genl/genl.h>

#include "batch.h"
#include "cmd.h"
#include "json.h"
#include "nl.h"
#include "parse.h"
#include "policy.h"
#include "report.h"

/* Write one attribute at @p; returns the aligned length. */
static size_t put_attr(char *p, uint16_t type, const void *data, size_t len)
{
	struct nlattr nla = { .nla_len = NLA_HDRLEN + len, .nla_type = type };
	size_t total = NLA_ALIGN(NLA_HDRLEN + len);

	memcpy(p, &nla, sizeof(nla));
	memcpy(p + NLA_HDRLEN, data, len);
	memset(p + NLA_HDRLEN + len, 0, total - NLA_HDRLEN - len);
	return total;
}

static size_t attr_len(size_t len)
{
	return NLA_ALIGN(NLA_HDRLEN + len);
}

size_t policy_nest_len(const struct policy_rec *rec, bool full)
{
	size_t len = NLA_HDRLEN + attr_len(4) + attr_len(vsw_addr_len(&rec->ca));

	if (full)
		len += attr_len(6) + attr_len(vsw_addr_len(&rec->pa));
	return len;
}

size_t policy_put_nest(void *buf, const struct policy_rec *rec, bool full)
{
	struct nlattr nest = { .nla_type = VSW_A_POLICY | NLA_F_NESTED };
	bool ca6 = rec->ca.family == AF_INET6, pa6 = rec->pa.family == AF_INET6;
	char *p = buf;
	size_t len = NLA_HDRLEN;

	len += put_attr(p + len, VSW_POLICY_A_VSID, &rec->vsid, 4);
	len += put_attr(p + len, ca6 ? VSW_POLICY_A_CA6 : VSW_POLICY_A_CA,
			&rec->ca.v6, vsw_addr_len(&rec->ca));
	if (full) {
		len += put_attr(p + len, VSW_POLICY_A_MAC, rec->mac, 6);
		len += put_attr(p + len, pa6 ? VSW_POLICY_A_PA6 : VSW_POLICY_A_PA,
				&rec->pa.v6, vsw_addr_len(&rec->pa));
	}
	nest.nla_len = len;
	memcpy(p, &nest, sizeof(nest));
	return len;
}

#define SEEN(type)	(1U << (type))

int policy_parse_nest(const struct nlattr *nest, struct policy_rec *rec,
		      bool full)
{
	const struct nlattr *a;
	unsigned int seen = 0;
	int rem;

	memset(rec, 0, sizeof(*rec));
	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case VSW_POLICY_A_VSID:
			if (nla_len(a) != 4)
				return -EPROTO;
			memcpy(&rec->vsid, nla_data(a), 4);
			break;
		case VSW_POLICY_A_CA:
		case VSW_POLICY_A_PA:
			if (nla_len(a) != 4)
				return -EPROTO;
			vsw_addr_set(nla_type(a) == VSW_POLICY_A_CA ? &rec->ca :
								      &rec->pa,
				     AF_INET, nla_data(a));
			break;
		case VSW_POLICY_A_CA6:
		case VSW_POLICY_A_PA6:
			if (nla_len(a) != 16)
				return -EPROTO;
			vsw_addr_set(nla_type(a) == VSW_POLICY_A_CA6 ? &rec->ca :
								       &rec->pa,
				     AF_INET6, nla_data(a));
			break;
		case VSW_POLICY_A_MAC:
			if (nla_len(a) != 6)
				return -EPROTO;
			memcpy(rec->mac, nla_data(a), 6);
			break;
		default:	/* a newer kernel's: ignore */
			continue;
		}
		seen |= SEEN(nla_type(a));
	}
	/* One CA, of either family; with @full, one PA and a MAC too. */
	if (!(seen & SEEN(VSW_POLICY_A_VSID)) ||
	    !(seen & SEEN(VSW_POLICY_A_CA)) == !(seen & SEEN(VSW_POLICY_A_CA6)))
		return -EPROTO;
	if ((seen & SEEN(VSW_POLICY_A_PA)) && (seen & SEEN(VSW_POLICY_A_PA6)))
		return -EPROTO;
	if (full && (!(seen & SEEN(VSW_POLICY_A_MAC)) ||
		     !(seen & (SEEN(VSW_POLICY_A_PA) | SEEN(VSW_POLICY_A_PA6)))))
		return -EPROTO;
	return 0;
}

void policy_print_begin(struct policy_printer *pp, const struct output *out)
{
	pp->out = out;
	pp->n = 0;
	pp->begun = false;
}

/* Output starts with the first item, so a failed request prints nothing. */
static void begin(struct policy_printer *pp)
{
	pp->begun = true;
	if (pp->out->json) {
		out_json_init(&pp->j, pp->out);
		json_array_begin(&pp->j, NULL);
	}
}

/*
 * "vsid 5001 ca 10.0.0.5 mac 00:11:22:33:44:55 pa 192.168.4.11", with
 * each address in its family's normal text form ("ca 2001:db8::5").
 */
void policy_print(struct policy_printer *pp, const struct policy_rec *rec)
{
	char ca[ADDR_STRLEN], pa[ADDR_STRLEN], mac[MAC_STRLEN];
	struct json *j = &pp->j;

	fmt_addr(ca, &rec->ca);
	fmt_addr(pa, &rec->pa);
	fmt_mac(mac, rec->mac);
	if (!pp->begun)
		begin(pp);
	pp->n++;
	if (!pp->out->json) {
		fprintf(pp->out->fp, "vsid %u ca %s mac %s pa %s\n", rec->vsid,
			ca, mac, pa);
		return;
	}
	json_object_begin(j, NULL);
	json_uint(j, "vsid", rec->vsid);
	json_string(j, "ca", ca);
	json_string(j, "mac", mac);
	json_string(j, "pa", pa);
	json_object_end(j);
}

void policy_print_end(struct policy_printer *pp, bool ok)
{
	if (!pp->begun && !ok)
		return;
	if (!pp->begun)
		begin(pp);
	if (pp->out->json)
		json_array_end(&pp->j);
}

int policy_parse_reply(struct nlmsghdr *nlh, struct policy_printer *pp)
{
	struct genlmsghdr *genl = nlmsg_data(nlh);
	struct policy_rec rec;
	struct nlattr *a;
	int rem, ret;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EPROTO;
	if (genl->cmd != VSW_CMD_POLICY_GET)
		return 0;
	nla_for_each_attr(a, genlmsg_attrdata(genl, 0),
			  genlmsg_attrlen(genl, 0), rem) {
		if (nla_type(a) != VSW_A_POLICY)
			continue;
		ret = policy_parse_nest(a, &rec, true);
		if (ret)
			return ret;
		policy_print(pp, &rec);
	}
	return rem ? -EPROTO : 0;
}

enum { KW_VSID, KW_CA, KW_MAC, KW_PA, KW_N };

/* Check and convert the values of the keywords that were given. */
static int parse_values(struct keyword *kw, struct policy_rec *rec,
			struct report *r)
{
	const char *why;

	if (kw[KW_VSID].val && parse_vsid(kw[KW_VSID].val, &rec->vsid, &why)) {
		report_usage(r, "invalid VSID \"%s\": %s", kw[KW_VSID].val, why);
		return -1;
	}
	if (kw[KW_CA].val && parse_host_addr(kw[KW_CA].val, &rec->ca, &why)) {
		report_usage(r, "invalid CA \"%s\": %s", kw[KW_CA].val, why);
		return -1;
	}
	if (kw[KW_MAC].val && parse_unicast_mac(kw[KW_MAC].val, rec->mac, &why)) {
		report_usage(r, "invalid MAC \"%s\": %s", kw[KW_MAC].val, why);
		return -1;
	}
	if (kw[KW_PA].val && parse_host_addr(kw[KW_PA].val, &rec->pa, &why)) {
		report_usage(r, "invalid PA \"%s\": %s", kw[KW_PA].val, why);
		return -1;
	}
	return 0;
}

static int parse_record(const char *what, int argc, char **argv,
			struct request *req, struct report *r)
{
	struct keyword kw[KW_N] = {
		[KW_VSID] = { "vsid", true, NULL },
		[KW_CA] = { "ca", true, NULL },
		[KW_MAC] = { "mac", true, NULL },
		[KW_PA] = { "pa", true, NULL },
	};

	if (cmd_parse_keywords(what, argc, argv, &req->pol.name, kw, KW_N, r))
		return -1;
	return parse_values(kw, &req->pol.rec, r);
}

static int parse_add(int argc, char **argv, struct request *req,
		     struct report *r)
{
	return parse_record("policy add", argc, argv, req, r);
}

static int parse_replace(int argc, char **argv, struct request *req,
			 struct report *r)
{
	return parse_record("policy replace", argc, argv, req, r);
}

static int parse_del(int argc, char **argv, struct request *req,
		     struct report *r)
{
	struct keyword kw[KW_N - 2] = {
		[KW_VSID] = { "vsid", true, NULL },
		[KW_CA] = { "ca", true, NULL },
	};
	struct keyword all[KW_N] = { { NULL, false, NULL } };

	if (cmd_parse_keywords("policy del", argc, argv, &req->pol.name, kw,
			       KW_N - 2, r))
		return -1;
	all[KW_VSID].val = kw[KW_VSID].val;
	all[KW_CA].val = kw[KW_CA].val;
	return parse_values(all, &req->pol.rec, r);
}

static int parse_show(int argc, char **argv, struct request *req,
		      struct report *r)
{
	struct keyword kw[1] = { { "vsid", false, NULL } };
	struct keyword all[KW_N] = { { NULL, false, NULL } };

	if (cmd_parse_keywords("policy show", argc, argv, &req->pol.name, kw,
			       1, r))
		return -1;
	all[KW_VSID].val = kw[0].val;
	req->pol.has_vsid = kw[0].val != NULL;
	return parse_values(all, &req->pol.rec, r);
}

static int queue_add(struct batch *b, const struct request *req,
		     unsigned long line)
{
	return batch_policy(b, VSW_CMD_POLICY_NEW, false, req->pol.name,
			    &req->pol.rec, line);
}

static int queue_replace(struct batch *b, const struct request *req,
			 unsigned long line)
{
	return batch_policy(b, VSW_CMD_POLICY_NEW, true, req->pol.name,
			    &req->pol.rec, line);
}

static int queue_del(struct batch *b, const struct request *req,
		     unsigned long line)
{
	return batch_policy(b, VSW_CMD_POLICY_DEL, false, req->pol.name,
			    &req->pol.rec, line);
}

static int policy_reply(struct nlmsghdr *nlh, void *arg)
{
	return policy_parse_reply(nlh, arg);
}

/*
 * Records are printed as they arrive, so a dump the kernel flags as
 * disturbed (NLM_F_DUMP_INTR: the table changed under it) cannot be
 * retried without printing records twice, and retrying a million-record
 * dump is costly anyway: we say so on stderr and exit 1, and the caller
 * runs it again if it needs a consistent snapshot.
 */
static int run_show(struct vsw_nl *nl, const struct request *req,
		    const struct output *out, struct report *r)
{
	const struct policy_args *a = &req->pol;
	struct policy_printer pp;
	struct nlattr *nest;
	struct nl_msg *msg;
	int ret = -ENOMEM;

	msg = vsw_nl_name_msg(nl, VSW_CMD_POLICY_GET, NLM_F_DUMP, a->name);
	if (msg && a->has_vsid) {
		nest = nla_nest_start(msg, VSW_A_POLICY | NLA_F_NESTED);
		if (!nest || nla_put_u32(msg, VSW_POLICY_A_VSID, a->rec.vsid) < 0) {
			nlmsg_free(msg);
			msg = NULL;
		} else {
			nla_nest_end(msg, nest);
		}
	}
	policy_print_begin(&pp, out);
	if (msg)
		ret = vsw_nl_transact(nl, msg, policy_reply, &pp);
	/*
	 * A dump that fails part way still ends as a complete JSON
	 * document; the exit status tells.
	 */
	policy_print_end(&pp, !ret);
	if (ret == -EINTR) {
		report_fail(r, "policy show %s: the policy table changed during the dump; the output may be inconsistent, run it again",
			    a->name);
		return -1;
	}
	if (ret) {
		report_errno(r, -ret,
			     vsw_nl_errtext(nl, -ret,
					    ret == -ENOENT ? "no such switch" : NULL),
			     "policy show %s", a->name);
		return -1;
	}
	return 0;
}

const struct command policy_commands[] = {
	{ "add", "NAME vsid VSID ca ADDR mac MAC pa ADDR", parse_add, NULL,
	  queue_add },
	{ "replace", "NAME vsid VSID ca ADDR mac MAC pa ADDR", parse_replace,
	  NULL, queue_replace },
	{ "del", "NAME vsid VSID ca ADDR", parse_del, NULL, queue_del },
	{ "show", "NAME [vsid VSID]", parse_show, run_show, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
