// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/sample.c: "sample set" arguments into a request,
 * a VSW_CMD_SAMPLE_GET reply built as the kernel sends it, parsed and
 * printed in text and JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <cmocka.h>

#include "cmd.h"
#include "report.h"
#include "sample.h"
#include "testutil.h"

static void put_sample(struct nl_msg *msg, uint32_t ifindex, uint32_t rate,
		       uint64_t pool, uint64_t samples)
{
	struct nlattr *nest = nla_nest_start(msg, VSW_A_SAMPLE);

	nla_put_u32(msg, VSW_SAMPLE_A_IFINDEX, ifindex);
	nla_put_u32(msg, VSW_SAMPLE_A_RATE, rate);
	nla_put_u32(msg, VSW_SAMPLE_A_GROUP, 1);
	nla_put_u32(msg, VSW_SAMPLE_A_TRUNC, 128);
	nla_put_u64(msg, VSW_SAMPLE_A_POOL, pool);
	nla_put_u64(msg, VSW_SAMPLE_A_SAMPLES, samples);
	nla_nest_end(msg, nest);
}

static void parse_and_print(void **state)
{
	struct nl_msg *msg = kmsg(VSW_CMD_SAMPLE_GET);
	struct sample_list l = { 0 };
	struct capture c;
	char *out;

	(void)state;
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	put_sample(msg, 3, 1000, 1ULL << 40, 7);
	put_sample(msg, 7, 50, 20000, 401);
	put_sample(msg, 12, 1, 0, 0);
	assert_int_equal(sample_parse_reply(nlmsg_hdr(msg), &l), 0);
	nlmsg_free(msg);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[1].ifindex, 7);
	assert_int_equal(l.v[1].rate, 50);
	assert_int_equal(l.v[1].group, 1);
	assert_int_equal(l.v[1].trunc, 128);
	assert_int_equal(l.v[1].pool, 20000);
	assert_int_equal(l.v[1].samples, 401);

	capture_begin(&c, false);
	sample_list_print(&l, &c.out);
	out = capture_end(&c);
	assert_string_equal(out,
		"sample nic0 rate 1000 group 1 trunc 128 pool 1099511627776 samples 7\n"
		"sample veth1 rate 50 group 1 trunc 128 pool 20000 samples 401\n"
		"sample if12 rate 1 group 1 trunc 128 pool 0 samples 0\n");
	free(out);

	capture_begin(&c, true);
	sample_list_print(&l, &c.out);
	out = capture_end(&c);
	assert_string_equal(out,
		"[{\"dev\":\"nic0\",\"ifindex\":3,\"rate\":1000,\"group\":1,\"trunc\":128,\"pool\":1099511627776,\"samples\":7},"
		"{\"dev\":\"veth1\",\"ifindex\":7,\"rate\":50,\"group\":1,\"trunc\":128,\"pool\":20000,\"samples\":401},"
		"{\"dev\":null,\"ifindex\":12,\"rate\":1,\"group\":1,\"trunc\":128,\"pool\":0,\"samples\":0}]\n");
	free(out);
	sample_list_free(&l);
}

static void empty(void **state)
{
	struct nl_msg *msg = kmsg(VSW_CMD_SAMPLE_GET);
	struct sample_list l = { 0 };
	struct capture c;
	char *out;

	(void)state;
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	assert_int_equal(sample_parse_reply(nlmsg_hdr(msg), &l), 0);
	nlmsg_free(msg);
	capture_begin(&c, false);
	sample_list_print(&l, &c.out);
	out = capture_end(&c);
	assert_string_equal(out, "");
	free(out);
	capture_begin(&c, true);
	sample_list_print(&l, &c.out);
	out = capture_end(&c);
	assert_string_equal(out, "[]\n");
	free(out);
}

static void malformed(void **state)
{
	struct sample_list l = { 0 };
	struct nlattr *nest;
	struct nl_msg *msg;

	(void)state;
	/* a pool of 4 bytes */
	msg = kmsg(VSW_CMD_SAMPLE_GET);
	nest = nla_nest_start(msg, VSW_A_SAMPLE);
	nla_put_u32(msg, VSW_SAMPLE_A_IFINDEX, 7);
	nla_put_u32(msg, VSW_SAMPLE_A_RATE, 5);
	nla_put_u32(msg, VSW_SAMPLE_A_POOL, 5);
	nla_nest_end(msg, nest);
	assert_int_equal(sample_parse_reply(nlmsg_hdr(msg), &l), -EPROTO);
	nlmsg_free(msg);
	sample_list_free(&l);

	/* no ifindex */
	msg = kmsg(VSW_CMD_SAMPLE_GET);
	nest = nla_nest_start(msg, VSW_A_SAMPLE);
	nla_put_u32(msg, VSW_SAMPLE_A_RATE, 5);
	nla_nest_end(msg, nest);
	assert_int_equal(sample_parse_reply(nlmsg_hdr(msg), &l), -EPROTO);
	nlmsg_free(msg);
	sample_list_free(&l);

	/* replies to other commands are not ours */
	msg = kmsg(VSW_CMD_PORT_GET);
	put_port(msg, 7, 5001, NULL);
	assert_int_equal(sample_parse_reply(nlmsg_hdr(msg), &l), 0);
	assert_int_equal(l.n, 0);
	nlmsg_free(msg);
}

static int parse_words(struct request *req, struct report *r, ...)
{
	char *argv[16];
	int argc = 0;
	va_list ap;

	va_start(ap, r);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	return cmd_parse(argc, argv, req, r);
}

static void set_arguments(void **state)
{
	struct request req;
	struct report r;

	(void)state;
	assert_int_equal(parse_words(&req, &r, "sample", "set", "sw0", "dev",
				     "lo", "rate", "50", NULL), 0);
	assert_string_equal(req.sample.name, "sw0");
	assert_int_equal(req.sample.ifindex, 1);
	assert_int_equal(req.sample.rate, 50);
	assert_false(req.sample.has_group);
	assert_false(req.sample.has_trunc);

	assert_int_equal(parse_words(&req, &r, "sample", "set", "sw0", "trunc",
				     "14", "group", "7", "rate", "0", "dev",
				     "lo", NULL), 0);
	assert_int_equal(req.sample.rate, 0);
	assert_true(req.sample.has_group);
	assert_int_equal(req.sample.group, 7);
	assert_int_equal(req.sample.trunc, 14);

	assert_int_equal(parse_words(&req, &r, "sample", "set", "sw0", "dev",
				     "lo", "rate", "x", NULL), -1);
	assert_int_equal(r.status, VSW_EXIT_USAGE);
	assert_string_equal(r.msg, "invalid rate \"x\": not a number (1 in N frames, 0 turns sampling off)");
	assert_int_equal(parse_words(&req, &r, "sample", "set", "sw0", "dev",
				     "lo", "rate", "5", "trunc", "13", NULL), -1);
	assert_string_equal(r.msg, "invalid trunc \"13\": out of range (14-65535 bytes)");
	assert_int_equal(parse_words(&req, &r, "sample", "set", "sw0", "dev",
				     "lo", "rate", "5", "trunc", "65536", NULL), -1);
	assert_string_equal(r.msg, "invalid trunc \"65536\": out of range (14-65535 bytes)");
	assert_int_equal(parse_words(&req, &r, "sample", "set", "sw0", "dev",
				     "lo", NULL), -1);
	assert_string_equal(r.msg, "sample set: missing \"rate\"");
	assert_int_equal(parse_words(&req, &r, "sample", "show", NULL), -1);
	assert_string_equal(r.msg, "sample show: missing switch name");
	assert_int_equal(parse_words(&req, &r, "sample", "show", "sw0", NULL),
			 0);
	assert_string_equal(req.sample.name, "sw0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_and_print),
		cmocka_unit_test(empty),
		cmocka_unit_test(malformed),
		cmocka_unit_test(set_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
