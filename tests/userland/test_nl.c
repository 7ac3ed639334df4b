// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/nl.c.
 *
 * The extended-ack parser is tested on messages laid out here byte by
 * byte. The request/ack/dump machinery is tested against the one generic
 * netlink family every kernel has, "nlctrl": same code paths as vsw
 * (replies, acks, NLMSG_DONE, errors with and without an extended-ack
 * message, one socket for many requests). Those tests are skipped if no
 * netlink socket can be opened.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/socket.h>
#include <cmocka.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>

#include "nl.h"
#include "report.h"

/* A netlink message under construction, 4-byte aligned. */
struct builder {
	union {
		uint32_t align;
		char b[1024];
	} u;
	size_t len;
};

static struct nlmsghdr *hdr(struct builder *b)
{
	return (struct nlmsghdr *)b->u.b;
}

static void begin(struct builder *b, uint16_t type, uint16_t flags)
{
	memset(b, 0, sizeof(*b));
	hdr(b)->nlmsg_type = type;
	hdr(b)->nlmsg_flags = flags;
	b->len = NLMSG_HDRLEN;
	hdr(b)->nlmsg_len = b->len;
}

static void put(struct builder *b, const void *data, size_t len)
{
	memcpy(b->u.b + b->len, data, len);
	b->len += NLMSG_ALIGN(len);
	hdr(b)->nlmsg_len = b->len;
}

static void put_attr(struct builder *b, uint16_t type, const void *data,
		     size_t len)
{
	struct nlattr nla = { .nla_len = NLA_HDRLEN + len, .nla_type = type };

	memcpy(b->u.b + b->len, &nla, sizeof(nla));
	memcpy(b->u.b + b->len + NLA_HDRLEN, data, len);
	b->len += NLA_ALIGN(NLA_HDRLEN + len);
	hdr(b)->nlmsg_len = b->len;
}

static void put_error(struct builder *b, int error, uint32_t req_len)
{
	struct nlmsgerr e = { .error = error };

	e.msg.nlmsg_len = req_len;
	e.msg.nlmsg_type = 0x20;
	put(b, &e, sizeof(e));
}

static void ack_capped(void **state)
{
	struct builder b;
	uint32_t offs = 20;
	char buf[64];

	(void)state;
	begin(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_error(&b, -EEXIST, NLMSG_HDRLEN + 24);
	put_attr(&b, NLMSGERR_ATTR_OFFS, &offs, sizeof(offs));
	put_attr(&b, NLMSGERR_ATTR_MSG, "switch already exists",
		 sizeof("switch already exists"));
	assert_int_equal(vsw_nl_ack_msg(hdr(&b), buf, sizeof(buf)), 1);
	assert_string_equal(buf, "switch already exists");
}

/*
 * Without NLM_F_CAPPED the kernel echoes our request (padded) before the
 * TLVs. The echo here holds a decoy that looks like a message TLV: a
 * parser that did not skip the echo would return it.
 */
static void ack_uncapped_skips_echo(void **state)
{
	struct builder b;
	char echo[64] = { 0 };
	struct nlattr decoy = { .nla_len = NLA_HDRLEN + 6,
				.nla_type = NLMSGERR_ATTR_MSG };
	char buf[64];

	(void)state;
	memcpy(echo + 4, &decoy, sizeof(decoy));	/* after genl header */
	memcpy(echo + 4 + NLA_HDRLEN, "decoy", 6);
	begin(&b, NLMSG_ERROR, NLM_F_ACK_TLVS);
	put_error(&b, -EINVAL, NLMSG_HDRLEN + 4 + NLA_HDRLEN + 6 + 1);
	put(&b, echo, 4 + NLA_HDRLEN + 6 + 1);	/* odd length: padded */
	put_attr(&b, NLMSGERR_ATTR_MSG, "real", sizeof("real"));
	assert_int_equal(vsw_nl_ack_msg(hdr(&b), buf, sizeof(buf)), 1);
	assert_string_equal(buf, "real");
}

static void ack_without_tlvs(void **state)
{
	struct builder b;
	char buf[64] = "untouched";

	(void)state;
	begin(&b, NLMSG_ERROR, NLM_F_CAPPED);	/* no NLM_F_ACK_TLVS */
	put_error(&b, -ENOENT, NLMSG_HDRLEN);
	put_attr(&b, NLMSGERR_ATTR_MSG, "ignored", sizeof("ignored"));
	assert_int_equal(vsw_nl_ack_msg(hdr(&b), buf, sizeof(buf)), 0);
	assert_string_equal(buf, "untouched");

	begin(&b, 0x20, NLM_F_ACK_TLVS);	/* not an ack at all */
	put_attr(&b, NLMSGERR_ATTR_MSG, "ignored", sizeof("ignored"));
	assert_int_equal(vsw_nl_ack_msg(hdr(&b), buf, sizeof(buf)), 0);
}

/* A dump that fails after it started ends with NLMSG_DONE + error. */
static void ack_done(void **state)
{
	int err = -ENOBUFS;
	struct builder b;
	char buf[64];

	(void)state;
	begin(&b, NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS);
	put(&b, &err, sizeof(err));
	put_attr(&b, NLMSGERR_ATTR_MSG, "dump failed", sizeof("dump failed"));
	assert_int_equal(vsw_nl_ack_msg(hdr(&b), buf, sizeof(buf)), 1);
	assert_string_equal(buf, "dump failed");
}

static void ack_truncates_to_buffer(void **state)
{
	struct builder b;
	char buf[4];

	(void)state;
	begin(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_error(&b, -EINVAL, NLMSG_HDRLEN);
	put_attr(&b, NLMSGERR_ATTR_MSG, "abcdef", 6);	/* no NUL either */
	assert_int_equal(vsw_nl_ack_msg(hdr(&b), buf, sizeof(buf)), 1);
	assert_string_equal(buf, "abc");
}

/* Lengths that lie must not make the parser read past the message. */
static void ack_malformed(void **state)
{
	struct nlattr *nla;
	struct builder b;
	char buf[64];

	(void)state;
	begin(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_error(&b, -EINVAL, NLMSG_HDRLEN);
	put_attr(&b, NLMSGERR_ATTR_MSG, "x", 2);
	nla = (struct nlattr *)(b.u.b + NLMSG_HDRLEN + sizeof(struct nlmsgerr));
	nla->nla_len = 200;		/* longer than the message */
	assert_int_equal(vsw_nl_ack_msg(hdr(&b), buf, sizeof(buf)), 0);
	nla->nla_len = 2;		/* shorter than its header */
	assert_int_equal(vsw_nl_ack_msg(hdr(&b), buf, sizeof(buf)), 0);

	begin(&b, NLMSG_ERROR, NLM_F_ACK_TLVS);	/* echo longer than message */
	put_error(&b, -EINVAL, 4000);
	put_attr(&b, NLMSGERR_ATTR_MSG, "x", 2);
	assert_int_equal(vsw_nl_ack_msg(hdr(&b), buf, sizeof(buf)), 0);

	begin(&b, NLMSG_ERROR, NLM_F_ACK_TLVS);	/* echo shorter than a header */
	put_error(&b, -EINVAL, 3);
	assert_int_equal(vsw_nl_ack_msg(hdr(&b), buf, sizeof(buf)), 0);

	begin(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put(&b, "\xea\xff\xff\xff", 4);	/* shorter than struct nlmsgerr */
	assert_int_equal(vsw_nl_ack_msg(hdr(&b), buf, sizeof(buf)), 0);
}

static void errtext_choice(void **state)
{
	struct vsw_nl nl = { 0 };

	(void)state;
	assert_string_equal(vsw_nl_errtext(&nl, EPERM, NULL),
			    "CAP_NET_ADMIN required");
	assert_string_equal(vsw_nl_errtext(&nl, EOPNOTSUPP, NULL),
			    "not supported by the loaded vsw.ko");
	assert_string_equal(vsw_nl_errtext(&nl, EEXIST, "switch already exists"),
			    "switch already exists");
	strcpy(nl.extack, "kernel says no");
	/* The kernel's own words win over ours. */
	assert_string_equal(vsw_nl_errtext(&nl, EEXIST, "switch already exists"),
			    "kernel says no");
	assert_string_equal(vsw_nl_errtext(NULL, EINVAL, NULL),
			    "request failed");
}

/* Live tests against nlctrl. */

static int setup_nlctrl(void **state)
{
	static struct vsw_nl nl;

	if (vsw_nl_connect(&nl, "nlctrl"))
		*state = NULL;
	else
		*state = &nl;
	return 0;
}

static int teardown_nlctrl(void **state)
{
	if (*state)
		vsw_nl_close(*state);
	return 0;
}

struct families {
	int count;
	int nlctrl_id;
};

static int family_reply(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct families *f = arg;
	uint8_t cmd;

	if (vsw_nl_parse(nlh, &cmd, tb, CTRL_ATTR_MAX, NULL))
		return -EPROTO;
	if (cmd != CTRL_CMD_NEWFAMILY || !tb[CTRL_ATTR_FAMILY_NAME] ||
	    !tb[CTRL_ATTR_FAMILY_ID])
		return -EPROTO;
	f->count++;
	if (!strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]), "nlctrl"))
		f->nlctrl_id = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return 0;
}

static int get_family(struct vsw_nl *nl, const char *name, struct families *f)
{
	struct nl_msg *msg = vsw_nl_msg(nl, CTRL_CMD_GETFAMILY, 0);

	assert_non_null(msg);
	assert_int_equal(nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, name), 0);
	return vsw_nl_transact(nl, msg, family_reply, f);
}

static void live_do_and_dump(void **state)
{
	struct vsw_nl *nl = *state;
	struct families f = { 0 };

	if (!nl)
		skip();
	assert_int_equal(nl->family, GENL_ID_CTRL);

	assert_int_equal(get_family(nl, "nlctrl", &f), 0);
	assert_int_equal(f.count, 1);
	assert_int_equal(f.nlctrl_id, GENL_ID_CTRL);

	memset(&f, 0, sizeof(f));
	assert_int_equal(vsw_nl_dump(nl, CTRL_CMD_GETFAMILY, family_reply, &f),
			 0);
	assert_true(f.count >= 1);
	assert_int_equal(f.nlctrl_id, GENL_ID_CTRL);
}

static int bad_policy_request(struct vsw_nl *nl, struct families *f)
{
	struct nl_msg *msg = vsw_nl_msg(nl, CTRL_CMD_GETFAMILY, 0);

	/* A 1-byte u16 fails policy validation: the kernel says why. */
	assert_non_null(msg);
	assert_int_equal(nla_put_u8(msg, CTRL_ATTR_FAMILY_ID, 1), 0);
	return vsw_nl_transact(nl, msg, family_reply, f);
}

/* Errors come back as -errno, and the socket stays in step after them. */
static void live_errors_keep_socket_usable(void **state)
{
	struct vsw_nl *nl = *state;
	struct families f = { 0 };
	char capped[sizeof(nl->extack)];
	int ret, off = 0, on = 1, fd;

	if (!nl)
		skip();
	assert_int_equal(get_family(nl, "vswtest-nosuch", &f), -ENOENT);
	assert_int_equal(f.count, 0);

	ret = bad_policy_request(nl, &f);
	assert_true(ret == -ERANGE || ret == -EINVAL);
	assert_true(nl->extack[0] != '\0');
	assert_string_equal(vsw_nl_errtext(nl, -ret, "fallback"), nl->extack);
	strcpy(capped, nl->extack);

	/* Same, with our request echoed before the TLVs (not capped). */
	fd = nl_socket_get_fd(nl->sk);
	assert_int_equal(setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &off,
				    sizeof(off)), 0);
	ret = bad_policy_request(nl, &f);
	assert_int_equal(setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &on,
				    sizeof(on)), 0);
	assert_true(ret == -ERANGE || ret == -EINVAL);
	assert_string_equal(nl->extack, capped);

	/* The next request starts with no stale message. */
	assert_int_equal(get_family(nl, "nlctrl", &f), 0);
	assert_int_equal(nl->extack[0], '\0');
	assert_int_equal(f.count, 1);
}

static int failing_reply(struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(*(int *)arg)++;
	return -EPROTO;
}

/* A reply we cannot parse fails the request, but the dump is drained. */
static void live_reply_error_drains(void **state)
{
	struct vsw_nl *nl = *state;
	struct families f = { 0 };
	int calls = 0;

	if (!nl)
		skip();
	assert_int_equal(vsw_nl_dump(nl, CTRL_CMD_GETFAMILY, failing_reply,
				     &calls), -EPROTO);
	assert_int_equal(calls, 1);	/* not called after the failure */
	assert_int_equal(get_family(nl, "nlctrl", &f), 0);
	assert_int_equal(f.count, 1);
}

/* The offset of the attribute the kernel refused, and the message. */
static void ack_offset(void **state)
{
	struct vsw_nl_ack ack;
	struct builder b;
	uint32_t offs = 1234;

	(void)state;
	begin(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	hdr(&b)->nlmsg_seq = 77;
	put_error(&b, -EEXIST, 32768);
	put_attr(&b, NLMSGERR_ATTR_MSG, "exists", sizeof("exists"));
	put_attr(&b, NLMSGERR_ATTR_OFFS, &offs, sizeof(offs));
	assert_int_equal(vsw_nl_ack_parse(hdr(&b), &ack), 0);
	assert_int_equal(ack.seq, 77);
	assert_int_equal(ack.error, -EEXIST);
	assert_true(ack.has_offset);
	assert_int_equal(ack.offset, 1234);
	assert_int_equal(ack.msg_len, 6);
	assert_memory_equal(ack.msg, "exists", 6);

	/* A success: no TLVs at all. */
	begin(&b, NLMSG_ERROR, NLM_F_CAPPED);
	put_error(&b, 0, NLMSG_HDRLEN);
	assert_int_equal(vsw_nl_ack_parse(hdr(&b), &ack), 0);
	assert_int_equal(ack.error, 0);
	assert_false(ack.has_offset);
	assert_null(ack.msg);

	/* An offset of the wrong size is ignored. */
	begin(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_error(&b, -EINVAL, NLMSG_HDRLEN);
	put_attr(&b, NLMSGERR_ATTR_OFFS, &offs, 2);
	assert_int_equal(vsw_nl_ack_parse(hdr(&b), &ack), 0);
	assert_false(ack.has_offset);

	begin(&b, 0x20, 0);	/* not an ack */
	assert_int_equal(vsw_nl_ack_parse(hdr(&b), &ack), -EPROTO);
}

/*
 * The batch transport against the kernel: two requests sent before any
 * ack is read, the acks come back in order, the second with the offset of
 * the attribute the kernel refused (which is how a batch line is found).
 * Then an ordinary request on the same socket still works, although
 * libnl did not see the raw exchange.
 */
static void live_raw_pipeline(void **state)
{
	struct vsw_nl *nl = *state;
	struct families f = { 0 };
	struct vsw_nl_ack ack;
	union {
		struct nlmsghdr nlh;
		char b[256];
	} req[2];
	struct genlmsghdr *genl;
	struct nlattr *nla;
	uint32_t seq[2];
	int i;

	if (!nl)
		skip();
	for (i = 0; i < 2; i++) {
		memset(&req[i], 0, sizeof(req[i]));
		req[i].nlh.nlmsg_type = GENL_ID_CTRL;
		req[i].nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
		genl = (struct genlmsghdr *)(req[i].b + NLMSG_HDRLEN);
		genl->cmd = CTRL_CMD_GETFAMILY;
		genl->version = 1;
		nla = (struct nlattr *)(req[i].b + NLMSG_HDRLEN + GENL_HDRLEN);
		if (i == 0) {	/* good: a family name */
			nla->nla_type = CTRL_ATTR_FAMILY_NAME;
			nla->nla_len = NLA_HDRLEN + sizeof("nlctrl");
			memcpy((char *)nla + NLA_HDRLEN, "nlctrl",
			       sizeof("nlctrl"));
		} else {	/* bad: a 1-byte u16 family id */
			nla->nla_type = CTRL_ATTR_FAMILY_ID;
			nla->nla_len = NLA_HDRLEN + 1;
		}
		req[i].nlh.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN +
				       NLA_ALIGN(nla->nla_len);
		assert_int_equal(vsw_nl_send_raw(nl, &req[i].nlh), 0);
		seq[i] = req[i].nlh.nlmsg_seq;
	}
	assert_int_not_equal(seq[0], seq[1]);

	/* The reply to the first is skipped: only acks are returned. */
	assert_int_equal(vsw_nl_recv_ack(nl, &ack), 0);
	assert_int_equal(ack.seq, seq[0]);
	assert_int_equal(ack.error, 0);
	assert_int_equal(vsw_nl_recv_ack(nl, &ack), 0);
	assert_int_equal(ack.seq, seq[1]);
	assert_true(ack.error == -EINVAL || ack.error == -ERANGE);
	assert_true(ack.has_offset);
	assert_int_equal(ack.offset, NLMSG_HDRLEN + GENL_HDRLEN);
	assert_true(ack.msg_len > 0);

	assert_int_equal(get_family(nl, "nlctrl", &f), 0);
	assert_int_equal(f.count, 1);
}

/* With no vsw.ko, the one message the contract fixes. */
static void open_without_module(void **state)
{
	struct vsw_nl nl;
	struct report r;

	if (!*state)
		skip();
	if (!vsw_nl_open(&nl, &r)) {
		vsw_nl_close(&nl);
		skip();		/* vsw.ko is loaded here */
	}
	assert_int_equal(r.status, VSW_EXIT_FAIL);
	assert_string_equal(r.msg,
			    "vsw generic netlink family not found (is vsw.ko loaded?)");
	assert_null(nl.sk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ack_capped),
		cmocka_unit_test(ack_uncapped_skips_echo),
		cmocka_unit_test(ack_without_tlvs),
		cmocka_unit_test(ack_done),
		cmocka_unit_test(ack_truncates_to_buffer),
		cmocka_unit_test(ack_malformed),
		cmocka_unit_test(errtext_choice),
		cmocka_unit_test(ack_offset),
		cmocka_unit_test(live_do_and_dump),
		cmocka_unit_test(live_errors_keep_socket_usable),
		cmocka_unit_test(live_reply_error_drains),
		cmocka_unit_test(live_raw_pipeline),
		cmocka_unit_test(open_without_module),
	};

	return cmocka_run_group_tests_name("nl", tests, setup_nlctrl,
					   teardown_nlctrl);
}
