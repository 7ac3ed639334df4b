// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/policy.c: the encoding of a VSW_A_POLICY nest
 * (byte for byte, as the kernel's strict validation wants it), and the
 * streaming output of "policy show" from in-memory records and from dump
 * replies carrying many records each.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "policy.h"
#include "testutil.h"

#define MAC1	"\x00\x11\x22\x33\x44\x55"
#define CA1	"\x0a\x00\x00\x05"
#define CA2	"\x0a\x00\x00\x07"
#define PA1	"\xc0\xa8\x04\x0b"
#define PA2	"\xc0\xa8\x04\x16"
/* 2001:db8::5 and 2001:db8:4::b */
#define CA6	"\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x05"
#define PA6	"\x20\x01\x0d\xb8\0\x04\0\0\0\0\0\0\0\0\0\x0b"

/* An IPv4 record. */
static struct policy_rec rec(uint32_t vsid, const char *ca, const char *mac,
			     const char *pa)
{
	struct policy_rec r;

	memset(&r, 0, sizeof(r));
	r.vsid = vsid;
	vsw_addr_set(&r.ca, AF_INET, ca);
	memcpy(r.mac, mac, 6);
	vsw_addr_set(&r.pa, AF_INET, pa);
	return r;
}

/* A record with its addresses in text, as the command line gives them. */
static struct policy_rec rec_s(uint32_t vsid, const char *ca,
			       const char *mac, const char *pa)
{
	struct policy_rec r;
	const char *why;

	memset(&r, 0, sizeof(r));
	r.vsid = vsid;
	assert_int_equal(parse_host_addr(ca, &r.ca, &why), 0);
	memcpy(r.mac, mac, 6);
	assert_int_equal(parse_host_addr(pa, &r.pa, &why), 0);
	return r;
}

/* The nest we write is exactly what libnl writes for the same record. */
static void nest_encoding(void **state)
{
	struct policy_rec r = rec(5001, CA1, MAC1, PA1);
	char buf[POLICY_NEST_MAX + 8];
	struct nl_msg *msg;
	struct nlattr *ref;
	size_t len;

	(void)state;
	memset(buf, 0xee, sizeof(buf));
	len = policy_put_nest(buf, &r, true);
	assert_int_equal(len, 40);	/* an IPv4 record */
	assert_int_equal((unsigned char)buf[len], 0xee);	/* no overrun */
	msg = kmsg(VSW_CMD_POLICY_NEW);
	put_policy(msg, 5001, CA1, MAC1, PA1);
	ref = nlmsg_find_attr(nlmsg_hdr(msg), GENL_HDRLEN, VSW_A_POLICY);
	assert_non_null(ref);
	assert_int_equal(ref->nla_len, len);
	assert_memory_equal(buf, ref, len);
	/* NLA_F_NESTED: strict validation refuses a nest without it. */
	assert_int_equal(ref->nla_type, VSW_A_POLICY | NLA_F_NESTED);
	nlmsg_free(msg);

	/* A delete carries the key only. */
	len = policy_put_nest(buf, &r, false);
	assert_int_equal(len, 20);
	msg = kmsg(VSW_CMD_POLICY_DEL);
	put_policy(msg, 5001, CA1, NULL, NULL);
	ref = nlmsg_find_attr(nlmsg_hdr(msg), GENL_HDRLEN, VSW_A_POLICY);
	assert_memory_equal(buf, ref, len);
	nlmsg_free(msg);
}

static void nest_roundtrip(void **state)
{
	struct policy_rec r = rec(0xfffffe, CA2, MAC1, PA2), back;
	char buf[POLICY_NEST_MAX];

	(void)state;
	policy_put_nest(buf, &r, true);
	assert_int_equal(policy_parse_nest((struct nlattr *)buf, &back, true),
			 0);
	assert_memory_equal(&back, &r, sizeof(r));
	policy_put_nest(buf, &r, false);
	assert_int_equal(policy_parse_nest((struct nlattr *)buf, &back, false),
			 0);
	assert_int_equal(back.vsid, 0xfffffe);
	/* A key alone is no full record. */
	assert_int_equal(policy_parse_nest((struct nlattr *)buf, &back, true),
			 -EPROTO);
}

/*
 * Each family combination: the nest is what libnl writes (CA6/PA6 for
 * IPv6, 16 bytes), its length what policy_nest_len() says and at most
 * POLICY_NEST_MAX, and it parses back to the same record.
 */
static void nest_families(void **state)
{
	static const struct {
		const char *ca, *pa;
		const char *ca_bytes, *pa_bytes;
		int ca_len, pa_len;
		size_t full, key;
	} cases[] = {
		{ "10.0.0.5", "192.168.4.11", CA1, PA1, 4, 4, 40, 20 },
		{ "2001:db8::5", "192.168.4.11", CA6, PA1, 16, 4, 52, 32 },
		{ "10.0.0.5", "2001:db8:4::b", CA1, PA6, 4, 16, 52, 20 },
		{ "2001:db8::5", "2001:db8:4::b", CA6, PA6, 16, 16, 64, 32 },
	};
	char buf[POLICY_NEST_MAX + 8];
	struct policy_rec r, back;
	struct nl_msg *msg;
	struct nlattr *ref;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = rec_s(5001, cases[i].ca, MAC1, cases[i].pa);
		memset(buf, 0xee, sizeof(buf));
		len = policy_put_nest(buf, &r, true);
		assert_int_equal(len, cases[i].full);
		assert_int_equal(policy_nest_len(&r, true), len);
		assert_true(len <= POLICY_NEST_MAX);
		assert_int_equal((unsigned char)buf[len], 0xee);
		msg = kmsg(VSW_CMD_POLICY_NEW);
		put_policy_len(msg, 5001, cases[i].ca_bytes, cases[i].ca_len,
			       MAC1, cases[i].pa_bytes, cases[i].pa_len);
		ref = nlmsg_find_attr(nlmsg_hdr(msg), GENL_HDRLEN,
				      VSW_A_POLICY);
		assert_non_null(ref);
		assert_int_equal(ref->nla_len, len);
		assert_memory_equal(buf, ref, len);
		nlmsg_free(msg);
		assert_int_equal(policy_parse_nest((struct nlattr *)buf, &back,
						   true), 0);
		assert_memory_equal(&back, &r, sizeof(r));

		/* The key alone: VSID and the CA in its family. */
		len = policy_put_nest(buf, &r, false);
		assert_int_equal(len, cases[i].key);
		assert_int_equal(policy_nest_len(&r, false), len);
		msg = kmsg(VSW_CMD_POLICY_DEL);
		put_policy_len(msg, 5001, cases[i].ca_bytes, cases[i].ca_len,
			       NULL, NULL, 0);
		ref = nlmsg_find_attr(nlmsg_hdr(msg), GENL_HDRLEN,
				      VSW_A_POLICY);
		assert_memory_equal(buf, ref, len);
		nlmsg_free(msg);
		assert_int_equal(policy_parse_nest((struct nlattr *)buf, &back,
						   false), 0);
		assert_int_equal(back.vsid, 5001);
		assert_memory_equal(&back.ca, &r.ca, sizeof(r.ca));
		assert_int_equal(policy_parse_nest((struct nlattr *)buf, &back,
						   true), -EPROTO);
	}
}

/* Exactly one CA and at most one PA, each of its family's exact length. */
static void nest_family_malformed(void **state)
{
	static const struct {
		int type;
		int len;
	} extra[] = {
		{ VSW_POLICY_A_CA6, 16 },	/* a second CA */
		{ VSW_POLICY_A_PA6, 16 },	/* a second PA */
	};
	struct policy_rec back;
	struct nlattr *nest;
	struct nl_msg *msg;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		msg = kmsg(VSW_CMD_POLICY_GET);
		nest = nla_nest_start(msg, VSW_A_POLICY | NLA_F_NESTED);
		nla_put_u32(msg, VSW_POLICY_A_VSID, 5001);
		nla_put(msg, VSW_POLICY_A_CA, 4, CA1);
		nla_put(msg, VSW_POLICY_A_MAC, 6, MAC1);
		nla_put(msg, VSW_POLICY_A_PA, 4, PA1);
		nla_put(msg, extra[i].type, extra[i].len, CA6);
		nla_nest_end(msg, nest);
		assert_int_equal(policy_parse_nest(nest, &back, true), -EPROTO);
		assert_int_equal(policy_parse_nest(nest, &back, false),
				 -EPROTO);
		nlmsg_free(msg);
	}

	/* Wrong lengths of CA6 and PA6. */
	msg = kmsg(VSW_CMD_POLICY_GET);
	nest = nla_nest_start(msg, VSW_A_POLICY | NLA_F_NESTED);
	nla_put_u32(msg, VSW_POLICY_A_VSID, 5001);
	nla_put(msg, VSW_POLICY_A_CA6, 4, CA1);
	nla_nest_end(msg, nest);
	assert_int_equal(policy_parse_nest(nest, &back, false), -EPROTO);
	nlmsg_free(msg);
	msg = kmsg(VSW_CMD_POLICY_GET);
	nest = nla_nest_start(msg, VSW_A_POLICY | NLA_F_NESTED);
	nla_put_u32(msg, VSW_POLICY_A_VSID, 5001);
	nla_put(msg, VSW_POLICY_A_CA6, 16, CA6);
	nla_put(msg, VSW_POLICY_A_MAC, 6, MAC1);
	nla_put(msg, VSW_POLICY_A_PA6, 15, PA6);
	nla_nest_end(msg, nest);
	assert_int_equal(policy_parse_nest(nest, &back, true), -EPROTO);
	nlmsg_free(msg);

	/* No CA of either family. */
	msg = kmsg(VSW_CMD_POLICY_GET);
	nest = nla_nest_start(msg, VSW_A_POLICY | NLA_F_NESTED);
	nla_put_u32(msg, VSW_POLICY_A_VSID, 5001);
	nla_put(msg, VSW_POLICY_A_MAC, 6, MAC1);
	nla_put(msg, VSW_POLICY_A_PA6, 16, PA6);
	nla_nest_end(msg, nest);
	assert_int_equal(policy_parse_nest(nest, &back, true), -EPROTO);
	nlmsg_free(msg);
}

static void render_records(void **state)
{
	struct policy_rec r1 = rec(5001, CA1, MAC1, PA1);
	struct policy_rec r2 = rec(6001, CA2, "\x02\x00\x00\x00\x00\x07", PA2);
	struct policy_printer pp;
	struct capture c;
	char *buf;

	(void)state;
	capture_begin(&c, false);
	policy_print_begin(&pp, &c.out);
	policy_print(&pp, &r1);
	policy_print(&pp, &r2);
	policy_print_end(&pp, true);
	buf = capture_end(&c);
	assert_string_equal(buf,
		"vsid 5001 ca 10.0.0.5 mac 00:11:22:33:44:55 pa 192.168.4.11\n"
		"vsid 6001 ca 10.0.0.7 mac 02:00:00:00:00:07 pa 192.168.4.22\n");
	free(buf);

	capture_begin(&c, true);
	policy_print_begin(&pp, &c.out);
	policy_print(&pp, &r1);
	policy_print(&pp, &r2);
	policy_print_end(&pp, true);
	buf = capture_end(&c);
	assert_string_equal(buf,
		"[{\"vsid\":5001,\"ca\":\"10.0.0.5\",\"mac\":\"00:11:22:33:44:55\",\"pa\":\"192.168.4.11\"},"
		"{\"vsid\":6001,\"ca\":\"10.0.0.7\",\"mac\":\"02:00:00:00:00:07\",\"pa\":\"192.168.4.22\"}]\n");
	assert_int_equal(pp.n, 2);
	free(buf);

	/* IPv6 addresses in their normal text form. */
	r1 = rec_s(5001, "2001:DB8:0:0:0:0:0:5", MAC1, "192.168.4.11");
	r2 = rec_s(6001, "10.0.0.7", MAC1, "2001:db8:4::b");
	capture_begin(&c, false);
	policy_print_begin(&pp, &c.out);
	policy_print(&pp, &r1);
	policy_print(&pp, &r2);
	policy_print_end(&pp, true);
	buf = capture_end(&c);
	assert_string_equal(buf,
		"vsid 5001 ca 2001:db8::5 mac 00:11:22:33:44:55 pa 192.168.4.11\n"
		"vsid 6001 ca 10.0.0.7 mac 00:11:22:33:44:55 pa 2001:db8:4::b\n");
	free(buf);
	capture_begin(&c, true);
	policy_print_begin(&pp, &c.out);
	policy_print(&pp, &r1);
	policy_print(&pp, &r2);
	policy_print_end(&pp, true);
	buf = capture_end(&c);
	assert_string_equal(buf,
		"[{\"vsid\":5001,\"ca\":\"2001:db8::5\",\"mac\":\"00:11:22:33:44:55\",\"pa\":\"192.168.4.11\"},"
		"{\"vsid\":6001,\"ca\":\"10.0.0.7\",\"mac\":\"00:11:22:33:44:55\",\"pa\":\"2001:db8:4::b\"}]\n");
	free(buf);

	capture_begin(&c, true);	/* an empty table */
	policy_print_begin(&pp, &c.out);
	policy_print_end(&pp, true);
	buf = capture_end(&c);
	assert_string_equal(buf, "[]\n");
	free(buf);

	capture_begin(&c, true);	/* a dump that failed at once */
	policy_print_begin(&pp, &c.out);
	policy_print_end(&pp, false);
	buf = capture_end(&c);
	assert_string_equal(buf, "");
	free(buf);
}

/*
 * Records are printed as each message arrives: after the first message
 * its records are out, and the JSON separators carry across messages.
 */
static void reply_streams(void **state)
{
	struct policy_printer pp;
	struct nl_msg *m1, *m2;
	struct capture c;
	char *buf;
	int i;

	(void)state;
	m1 = kmsg(VSW_CMD_POLICY_GET);
	nla_put_string(m1, VSW_A_SWITCH_NAME, "sw0");
	for (i = 0; i < 3; i++) {
		char ca[4] = { 10, 0, 0, (char)(1 + i) };

		put_policy(m1, 5001, ca, MAC1, PA1);
	}
	m2 = kmsg(VSW_CMD_POLICY_GET);
	put_policy(m2, 6001, CA2, MAC1, PA2);
	put_policy_len(m2, 6001, CA6, 16, MAC1, PA6, 16);

	capture_begin(&c, true);
	policy_print_begin(&pp, &c.out);
	assert_int_equal(policy_parse_reply(nlmsg_hdr(m1), &pp), 0);
	fflush(c.out.fp);
	assert_string_equal(c.buf,
		"[{\"vsid\":5001,\"ca\":\"10.0.0.1\",\"mac\":\"00:11:22:33:44:55\",\"pa\":\"192.168.4.11\"},"
		"{\"vsid\":5001,\"ca\":\"10.0.0.2\",\"mac\":\"00:11:22:33:44:55\",\"pa\":\"192.168.4.11\"},"
		"{\"vsid\":5001,\"ca\":\"10.0.0.3\",\"mac\":\"00:11:22:33:44:55\",\"pa\":\"192.168.4.11\"}");
	assert_int_equal(policy_parse_reply(nlmsg_hdr(m2), &pp), 0);
	policy_print_end(&pp, true);
	buf = capture_end(&c);
	assert_non_null(strstr(buf, "\"pa\":\"192.168.4.11\"},{\"vsid\":6001,"));
	assert_non_null(strstr(buf, "{\"vsid\":6001,\"ca\":\"2001:db8::5\",\"mac\":\"00:11:22:33:44:55\",\"pa\":\"2001:db8:4::b\"}]\n"));
	assert_string_equal(buf + strlen(buf) - 3, "}]\n");
	assert_int_equal(pp.n, 5);
	free(buf);
	nlmsg_free(m1);
	nlmsg_free(m2);
}

static void reply_malformed(void **state)
{
	struct policy_printer pp;
	struct nlattr *nest;
	struct nl_msg *msg;
	struct capture c;

	(void)state;
	capture_begin(&c, false);
	policy_print_begin(&pp, &c.out);

	msg = kmsg(VSW_CMD_POLICY_GET);	/* no PA */
	put_policy(msg, 5001, CA1, MAC1, NULL);
	assert_int_equal(policy_parse_reply(nlmsg_hdr(msg), &pp), -EPROTO);
	nlmsg_free(msg);

	msg = kmsg(VSW_CMD_POLICY_GET);	/* a 16-byte CA */
	nest = nla_nest_start(msg, VSW_A_POLICY | NLA_F_NESTED);
	nla_put_u32(msg, VSW_POLICY_A_VSID, 5001);
	nla_put(msg, VSW_POLICY_A_CA, 16, "0123456789abcdef");
	nla_put(msg, VSW_POLICY_A_MAC, 6, MAC1);
	nla_put(msg, VSW_POLICY_A_PA, 4, PA1);
	nla_nest_end(msg, nest);
	assert_int_equal(policy_parse_reply(nlmsg_hdr(msg), &pp), -EPROTO);
	nlmsg_free(msg);

	msg = kmsg(VSW_CMD_POLICY_GET);	/* a newer kernel's attribute */
	nest = nla_nest_start(msg, VSW_A_POLICY | NLA_F_NESTED);
	nla_put_u32(msg, VSW_POLICY_A_VSID, 5001);
	nla_put(msg, VSW_POLICY_A_CA, 4, CA1);
	nla_put(msg, VSW_POLICY_A_MAC, 6, MAC1);
	nla_put(msg, VSW_POLICY_A_PA, 4, PA1);
	nla_put_u64(msg, VSW_POLICY_A_MAX + 1, 1);
	nla_nest_end(msg, nest);
	assert_int_equal(policy_parse_reply(nlmsg_hdr(msg), &pp), 0);
	nlmsg_free(msg);

	assert_int_equal(pp.n, 1);
	free(capture_end(&c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nest_encoding),
		cmocka_unit_test(nest_roundtrip),
		cmocka_unit_test(nest_families),
		cmocka_unit_test(nest_family_malformed),
		cmocka_unit_test(render_records),
		cmocka_unit_test(reply_streams),
		cmocka_unit_test(reply_malformed),
	};

	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
