// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/port.c: "port show" output from in-memory data
 * and from dump replies with several ports per message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <cmocka.h>

#include "port.h"
#include "testutil.h"

#define MAC1	"\x02\x00\x00\x00\x00\x05"
#define MAC2	"\x02\x00\x00\x00\x00\x07"

static void render_ports(void **state)
{
	struct port_info p1 = { .ifindex = 7, .vsid = 5001,
				.has = PORT_HAS_VSID | PORT_HAS_MAC };
	struct port_info p2 = { .ifindex = 9, .vsid = 6001,
				.has = PORT_HAS_VSID | PORT_HAS_MAC };
	struct port_printer pp;
	struct capture c;
	char *buf;
	int json;

	(void)state;
	memcpy(p1.mac, MAC1, 6);
	memcpy(p2.mac, MAC2, 6);
	for (json = 0; json < 2; json++) {
		capture_begin(&c, json);
		port_print_begin(&pp, &c.out);
		port_print(&pp, &p1);
		port_print(&pp, &p2);
		port_print_end(&pp, true);
		buf = capture_end(&c);
		/* A device that is gone is "if9", as in ip(8). */
		assert_string_equal(buf, json ?
			"[{\"dev\":\"veth1\",\"ifindex\":7,\"vsid\":5001,\"mac\":\"02:00:00:00:00:05\"},"
			"{\"dev\":null,\"ifindex\":9,\"vsid\":6001,\"mac\":\"02:00:00:00:00:07\"}]\n" :
			"port veth1 vsid 5001 mac 02:00:00:00:00:05\n"
			"port if9 vsid 6001 mac 02:00:00:00:00:07\n");
		assert_int_equal(pp.n, 2);
		free(buf);
	}
}

/* No port: an empty list; a failed request: nothing at all. */
static void render_empty_and_failed(void **state)
{
	struct port_printer pp;
	struct capture c;
	char *buf;

	(void)state;
	capture_begin(&c, true);
	port_print_begin(&pp, &c.out);
	port_print_end(&pp, true);
	buf = capture_end(&c);
	assert_string_equal(buf, "[]\n");
	free(buf);

	capture_begin(&c, true);
	port_print_begin(&pp, &c.out);
	port_print_end(&pp, false);
	buf = capture_end(&c);
	assert_string_equal(buf, "");
	free(buf);

	capture_begin(&c, false);
	port_print_begin(&pp, &c.out);
	port_print_end(&pp, true);
	buf = capture_end(&c);
	assert_string_equal(buf, "");
	free(buf);
}

/* Two dump messages, the first with two ports: one JSON array. */
static void reply_several_per_message(void **state)
{
	struct port_printer pp;
	struct nl_msg *m1, *m2;
	struct capture c;
	char *buf;

	(void)state;
	m1 = kmsg(VSW_CMD_PORT_GET);
	nla_put_string(m1, VSW_A_SWITCH_NAME, "sw0");
	put_port(m1, 7, 5001, MAC1);
	put_port(m1, 3, 6001, MAC2);
	m2 = kmsg(VSW_CMD_PORT_GET);
	put_port(m2, 9, 5001, NULL);
	nla_put_u32(m2, VSW_A_MAX + 5, 1);	/* a newer kernel's: ignored */

	capture_begin(&c, true);
	port_print_begin(&pp, &c.out);
	assert_int_equal(port_parse_reply(nlmsg_hdr(m1), &pp), 0);
	assert_int_equal(port_parse_reply(nlmsg_hdr(m2), &pp), 0);
	port_print_end(&pp, true);
	buf = capture_end(&c);
	assert_string_equal(buf,
		"[{\"dev\":\"veth1\",\"ifindex\":7,\"vsid\":5001,\"mac\":\"02:00:00:00:00:05\"},"
		"{\"dev\":\"nic0\",\"ifindex\":3,\"vsid\":6001,\"mac\":\"02:00:00:00:00:07\"},"
		"{\"dev\":null,\"ifindex\":9,\"vsid\":5001}]\n");
	free(buf);

	capture_begin(&c, false);
	port_print_begin(&pp, &c.out);
	assert_int_equal(port_parse_reply(nlmsg_hdr(m1), &pp), 0);
	assert_int_equal(port_parse_reply(nlmsg_hdr(m2), &pp), 0);
	port_print_end(&pp, true);
	buf = capture_end(&c);
	assert_string_equal(buf,
		"port veth1 vsid 5001 mac 02:00:00:00:00:05\n"
		"port nic0 vsid 6001 mac 02:00:00:00:00:07\n"
		"port if9 vsid 5001\n");
	free(buf);
	nlmsg_free(m1);
	nlmsg_free(m2);
}

static void reply_malformed(void **state)
{
	struct port_printer pp;
	struct nlattr *nest;
	struct nl_msg *msg;
	struct capture c;

	(void)state;
	capture_begin(&c, false);
	port_print_begin(&pp, &c.out);

	msg = kmsg(VSW_CMD_PORT_GET);	/* no ifindex */
	nest = nla_nest_start(msg, VSW_A_PORT | NLA_F_NESTED);
	nla_put_u32(msg, VSW_PORT_A_VSID, 5001);
	nla_nest_end(msg, nest);
	assert_int_equal(port_parse_reply(nlmsg_hdr(msg), &pp), -EPROTO);
	nlmsg_free(msg);

	msg = kmsg(VSW_CMD_PORT_GET);	/* a 5-byte MAC */
	nest = nla_nest_start(msg, VSW_A_PORT | NLA_F_NESTED);
	nla_put_u32(msg, VSW_PORT_A_IFINDEX, 7);
	nla_put(msg, VSW_PORT_A_MAC, 5, MAC1);
	nla_nest_end(msg, nest);
	assert_int_equal(port_parse_reply(nlmsg_hdr(msg), &pp), -EPROTO);
	nlmsg_free(msg);

	msg = kmsg(VSW_CMD_PORT_GET);	/* a 2-byte ifindex */
	nest = nla_nest_start(msg, VSW_A_PORT | NLA_F_NESTED);
	nla_put_u16(msg, VSW_PORT_A_IFINDEX, 7);
	nla_nest_end(msg, nest);
	assert_int_equal(port_parse_reply(nlmsg_hdr(msg), &pp), -EPROTO);
	nlmsg_free(msg);

	msg = kmsg(VSW_CMD_SWITCH_GET);	/* not a port reply: skipped */
	put_port(msg, 7, 5001, MAC1);
	assert_int_equal(port_parse_reply(nlmsg_hdr(msg), &pp), 0);
	nlmsg_free(msg);

	assert_int_equal(pp.n, 0);
	free(capture_end(&c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(render_ports),
		cmocka_unit_test(render_empty_and_failed),
		cmocka_unit_test(reply_several_per_message),
		cmocka_unit_test(reply_malformed),
	};

	return cmocka_run_group_tests_name("port", tests, NULL, NULL);
}
