// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/route.c: "route show" output in text and JSON
 * from dump replies built here, and the refusal of malformed replies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <cmocka.h>

#include "route.h"
#include "testutil.h"

/* A route nest; a NULL @nh is left out; @len 16 means IPv6 addresses. */
static void put_route(struct nl_msg *msg, uint32_t rdid, uint32_t vsid,
		      const char *dst, int len, uint8_t plen, const char *nh)
{
	struct nlattr *nest = nla_nest_start(msg, VSW_A_ROUTE | NLA_F_NESTED);
	bool v6 = len == 16;

	assert_non_null(nest);
	assert_int_equal(nla_put_u32(msg, VSW_ROUTE_A_RDID, rdid), 0);
	assert_int_equal(nla_put_u32(msg, VSW_ROUTE_A_VSID, vsid), 0);
	assert_int_equal(nla_put(msg, v6 ? VSW_ROUTE_A_DST6 : VSW_ROUTE_A_DST,
				 len, dst), 0);
	assert_int_equal(nla_put_u8(msg, VSW_ROUTE_A_PLEN, plen), 0);
	if (nh)
		assert_int_equal(nla_put(msg, v6 ? VSW_ROUTE_A_NEXTHOP6 :
						   VSW_ROUTE_A_NEXTHOP,
					 len, nh), 0);
	nla_nest_end(msg, nest);
}

#define FD10_1	"\xfd\x10\0\x01\0\0\0\0\0\0\0\0\0\0\0\0"
#define FD10_1FE "\xfd\x10\0\x01\0\0\0\0\0\0\0\0\0\0\0\xfe"
#define FD10_0	"\xfd\x10\0\0\0\0\0\0\0\0\0\0\0\0\0\0"

static char *render(const struct route_list *l, bool json)
{
	struct capture c;

	capture_begin(&c, json);
	route_list_print(l, &c.out);
	return capture_end(&c);
}

/*
 * Two dump messages, longest prefix first as the kernel sends them:
 * subnet routes show their gateway, a next-hop route its next hop, a /32
 * neither. The JSON keys are those the VM tests read.
 */
static void show_routes(void **state)
{
	struct route_list l = { 0 };
	struct nl_msg *m1, *m2;
	char *buf;

	(void)state;
	m1 = kmsg(VSW_CMD_ROUTE_GET);
	nla_put_string(m1, VSW_A_SWITCH_NAME, "sw0");
	put_route(m1, 1, 7001, "\x0a\x00\x01\x05", 4, 32, NULL);
	put_route(m1, 1, 5001, "\x0a\x00\x00\x00", 4, 24, NULL);
	put_route(m1, 1, 7001, "\x0a\x00\x01\x00", 4, 24, NULL);
	m2 = kmsg(VSW_CMD_ROUTE_GET);
	nla_put_string(m2, VSW_A_SWITCH_NAME, "sw0");
	put_route(m2, 2, 6001, FD10_0, 16, 64, NULL);
	put_route(m2, 1, 7001, "\xac\x10\x00\x00", 4, 16, "\x0a\x00\x01\xfe");
	put_route(m2, 4000000000U, 7001, FD10_1, 16, 32, FD10_1FE);
	nla_put_u32(m2, VSW_A_MAX + 5, 1);	/* a newer kernel's: ignored */

	assert_int_equal(route_parse_reply(nlmsg_hdr(m1), &l), 0);
	assert_int_equal(route_parse_reply(nlmsg_hdr(m2), &l), 0);
	assert_int_equal(l.n, 6);
	assert_int_equal(l.v[1].rdid, 1);
	assert_int_equal(l.v[1].vsid, 5001);
	assert_false(l.v[1].has_nexthop);
	assert_true(l.v[4].has_nexthop);
	assert_int_equal(l.v[4].nexthop.family, AF_INET);

	buf = render(&l, false);
	assert_string_equal(buf,
		"rdid 1 vsid 7001 prefix 10.0.1.5/32\n"
		"rdid 1 vsid 5001 prefix 10.0.0.0/24 gateway 10.0.0.1\n"
		"rdid 1 vsid 7001 prefix 10.0.1.0/24 gateway 10.0.1.1\n"
		"rdid 2 vsid 6001 prefix fd10::/64 gateway fd10::1\n"
		"rdid 1 vsid 7001 prefix 172.16.0.0/16 nexthop 10.0.1.254\n"
		"rdid 4000000000 vsid 7001 prefix fd10:1::/32 nexthop fd10:1::fe\n");
	free(buf);
	buf = render(&l, true);
	assert_string_equal(buf,
		"[{\"rdid\":1,\"vsid\":7001,\"prefix\":\"10.0.1.5/32\"},"
		"{\"rdid\":1,\"vsid\":5001,\"prefix\":\"10.0.0.0/24\",\"gateway\":\"10.0.0.1\"},"
		"{\"rdid\":1,\"vsid\":7001,\"prefix\":\"10.0.1.0/24\",\"gateway\":\"10.0.1.1\"},"
		"{\"rdid\":2,\"vsid\":6001,\"prefix\":\"fd10::/64\",\"gateway\":\"fd10::1\"},"
		"{\"rdid\":1,\"vsid\":7001,\"prefix\":\"172.16.0.0/16\",\"nexthop\":\"10.0.1.254\"},"
		"{\"rdid\":4000000000,\"vsid\":7001,\"prefix\":\"fd10:1::/32\",\"nexthop\":\"fd10:1::fe\"}]\n");
	free(buf);
	route_list_free(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	nlmsg_free(m1);
	nlmsg_free(m2);
}

/* No route (the kernel sends no message): nothing, or an empty array. */
static void show_empty(void **state)
{
	struct route_list l = { 0 };
	char *buf;

	(void)state;
	buf = render(&l, false);
	assert_string_equal(buf, "");
	free(buf);
	buf = render(&l, true);
	assert_string_equal(buf, "[]\n");
	free(buf);
}

/* A nest of a route with one attribute changed, for reply_malformed(). */
enum bad { NO_RDID, NO_VSID, NO_PLEN, NO_DST, BOTH_DST, SHORT_DST,
	   LONG_DST6, PLEN_33, PLEN_129, PLEN_U32, NH_FAMILY, BOTH_NH,
	   SHORT_RDID, BAD_N };

static struct nl_msg *bad_msg(enum bad bad)
{
	struct nl_msg *msg = kmsg(VSW_CMD_ROUTE_GET);
	struct nlattr *nest = nla_nest_start(msg, VSW_A_ROUTE | NLA_F_NESTED);
	bool v6 = bad == PLEN_129 || bad == LONG_DST6;

	if (bad == SHORT_RDID)
		nla_put_u16(msg, VSW_ROUTE_A_RDID, 1);
	else if (bad != NO_RDID)
		nla_put_u32(msg, VSW_ROUTE_A_RDID, 1);
	if (bad != NO_VSID)
		nla_put_u32(msg, VSW_ROUTE_A_VSID, 5001);
	if (bad == SHORT_DST)
		nla_put(msg, VSW_ROUTE_A_DST, 3, "\x0a\x00\x00");
	else if (bad == LONG_DST6)
		nla_put(msg, VSW_ROUTE_A_DST6, 17, FD10_0 "x");
	else if (v6)
		nla_put(msg, VSW_ROUTE_A_DST6, 16, FD10_0);
	else if (bad != NO_DST)
		nla_put(msg, VSW_ROUTE_A_DST, 4, "\x0a\x00\x00\x00");
	if (bad == BOTH_DST)
		nla_put(msg, VSW_ROUTE_A_DST6, 16, FD10_0);
	if (bad == PLEN_U32)
		nla_put_u32(msg, VSW_ROUTE_A_PLEN, 24);
	else if (bad != NO_PLEN)
		nla_put_u8(msg, VSW_ROUTE_A_PLEN, bad == PLEN_33 ? 33 :
						  bad == PLEN_129 ? 129 : 24);
	if (bad == NH_FAMILY || bad == BOTH_NH)
		nla_put(msg, VSW_ROUTE_A_NEXTHOP6, 16, FD10_1FE);
	if (bad == BOTH_NH)
		nla_put(msg, VSW_ROUTE_A_NEXTHOP, 4, "\x0a\x00\x01\xfe");
	nla_nest_end(msg, nest);
	return msg;
}

static void reply_malformed(void **state)
{
	struct route_list l = { 0 };
	struct nl_msg *msg;
	int bad;

	(void)state;
	for (bad = 0; bad < BAD_N; bad++) {
		msg = bad_msg(bad);
		if (route_parse_reply(nlmsg_hdr(msg), &l) != -EPROTO)
			fail_msg("malformed route %d accepted", bad);
		nlmsg_free(msg);
	}
	assert_int_equal(l.n, 0);

	msg = kmsg(VSW_CMD_POLICY_GET);	/* not a route reply: skipped */
	put_route(msg, 1, 5001, "\x0a\x00\x00\x00", 4, 24, NULL);
	assert_int_equal(route_parse_reply(nlmsg_hdr(msg), &l), 0);
	nlmsg_free(msg);
	assert_int_equal(l.n, 0);
	route_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(show_routes),
		cmocka_unit_test(show_empty),
		cmocka_unit_test(reply_malformed),
	};

	return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
