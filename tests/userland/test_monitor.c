// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/monitor.c: events built as the kernel sends
 * them to the "events" group, formatted as text lines and JSON objects.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <cmocka.h>

#include "monitor.h"
#include "testutil.h"

#define CA	"\x0a\x00\x00\x09"
/* 2001:db8::9 and 2001:db8:4::b */
#define CA6	"\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x09"
#define PA6	"\x20\x01\x0d\xb8\0\x04\0\0\0\0\0\0\0\0\0\x0b"

static struct nl_msg *miss(const char *sw, uint32_t ifindex)
{
	struct nl_msg *msg = kmsg(VSW_CMD_MISS);

	nla_put_string(msg, VSW_A_SWITCH_NAME, sw);
	put_policy(msg, 5001, CA, NULL, NULL);
	if (ifindex)
		put_port(msg, ifindex, 0, NULL);
	return msg;
}

/* A miss of an IPv6 CA: VSW_POLICY_A_CA6 in the nest. */
static struct nl_msg *miss6(const char *sw, uint32_t ifindex)
{
	struct nl_msg *msg = kmsg(VSW_CMD_MISS);

	nla_put_string(msg, VSW_A_SWITCH_NAME, sw);
	put_policy_len(msg, 5001, CA6, 16, NULL, NULL, 0);
	if (ifindex)
		put_port(msg, ifindex, 0, NULL);
	return msg;
}

/*
 * A miss on receive, as vsw.ko sends it: no port, the outer source PA the
 * frame came from (IPv4, or IPv6 if @v6).
 */
static struct nl_msg *miss_rx(const char *sw, bool v6)
{
	struct nl_msg *msg = kmsg(VSW_CMD_MISS);

	nla_put_string(msg, VSW_A_SWITCH_NAME, sw);
	put_policy(msg, 5001, CA, NULL, NULL);
	if (v6)
		nla_put(msg, VSW_A_MISS_PA6, 16, PA6);
	else
		nla_put(msg, VSW_A_MISS_PA, 4, "\xc0\xa8\x04\x0b");
	return msg;
}

static struct nl_msg *port_del(const char *sw, uint32_t ifindex)
{
	struct nl_msg *msg = kmsg(VSW_CMD_PORT_DEL);

	nla_put_string(msg, VSW_A_SWITCH_NAME, sw);
	put_port(msg, ifindex, 0, NULL);
	return msg;
}

static struct nl_msg *uplink_del(const char *sw, uint32_t ifindex)
{
	struct nl_msg *msg = kmsg(VSW_CMD_UPLINK_DEL);

	nla_put_string(msg, VSW_A_SWITCH_NAME, sw);
	if (ifindex)
		nla_put_u32(msg, VSW_A_UPLINK_IFINDEX, ifindex);
	return msg;
}

/* As vsw.ko sends it: with the device and the PA. */
static struct nl_msg *uplink_del_pa(const char *sw, uint32_t ifindex)
{
	struct nl_msg *msg = uplink_del(sw, ifindex);

	nla_put(msg, VSW_A_UPLINK_PA, 4, "\xc0\xa8\x04\x0b");
	return msg;
}

/* An uplink with an IPv6 PA, and an IPv4 one if @pa4. */
static struct nl_msg *uplink_del_pa6(const char *sw, uint32_t ifindex,
				     bool pa4)
{
	struct nl_msg *msg = pa4 ? uplink_del_pa(sw, ifindex) :
				   uplink_del(sw, ifindex);

	nla_put(msg, VSW_A_UPLINK_PA6, 16, PA6);
	return msg;
}

/* Format @msg (freed) with @filter; the output, or NULL if skipped. */
static char *event(struct nl_msg *msg, const char *filter, bool json,
		   int want)
{
	struct capture c;
	char *buf;

	capture_begin(&c, json);
	assert_int_equal(monitor_print_event(nlmsg_hdr(msg), filter, &c.out),
			 want);
	nlmsg_free(msg);
	buf = capture_end(&c);
	if (want <= 0) {
		assert_string_equal(buf, "");
		free(buf);
		return NULL;
	}
	return buf;
}

static void check(struct nl_msg *msg, bool json, const char *want)
{
	char *buf = event(msg, NULL, json, 1);

	assert_string_equal(buf, want);
	free(buf);
}

static void text_lines(void **state)
{
	(void)state;
	check(miss("sw0", 7), false,
	      "miss switch sw0 vsid 5001 ca 10.0.0.9 port veth1\n");
	check(miss("sw0", 0), false, "miss switch sw0 vsid 5001 ca 10.0.0.9\n");
	check(miss("sw0", 12), false,
	      "miss switch sw0 vsid 5001 ca 10.0.0.9 ifindex 12\n");
	check(port_del("sw0", 7), false, "port del switch sw0 dev veth1\n");
	/* The device is gone: its ifindex. */
	check(port_del("sw0", 12), false, "port del switch sw0 ifindex 12\n");
	check(uplink_del("sw0", 0), false, "uplink del switch sw0\n");
	check(uplink_del("sw0", 3), false, "uplink del switch sw0 dev nic0\n");
	check(uplink_del_pa("sw0", 3), false,
	      "uplink del switch sw0 dev nic0 pa 192.168.4.11\n");
	check(uplink_del_pa("sw0", 12), false,
	      "uplink del switch sw0 ifindex 12 pa 192.168.4.11\n");
	check(miss6("sw0", 7), false,
	      "miss switch sw0 vsid 5001 ca 2001:db8::9 port veth1\n");
	check(uplink_del_pa6("sw0", 3, false), false,
	      "uplink del switch sw0 dev nic0 pa 2001:db8:4::b\n");
	check(uplink_del_pa6("sw0", 3, true), false,
	      "uplink del switch sw0 dev nic0 pa 192.168.4.11 pa 2001:db8:4::b\n");
	check(miss_rx("sw0", false), false,
	      "miss switch sw0 vsid 5001 ca 10.0.0.9 pa 192.168.4.11\n");
	check(miss_rx("sw0", true), false,
	      "miss switch sw0 vsid 5001 ca 10.0.0.9 pa 2001:db8:4::b\n");
}

static void json_objects(void **state)
{
	(void)state;
	check(miss("sw0", 7), true,
	      "{\"event\":\"miss\",\"switch\":\"sw0\",\"vsid\":5001,"
	      "\"ca\":\"10.0.0.9\",\"port\":\"veth1\",\"ifindex\":7}\n");
	check(miss("sw0", 12), true,
	      "{\"event\":\"miss\",\"switch\":\"sw0\",\"vsid\":5001,"
	      "\"ca\":\"10.0.0.9\",\"port\":null,\"ifindex\":12}\n");
	check(miss("sw0", 0), true,
	      "{\"event\":\"miss\",\"switch\":\"sw0\",\"vsid\":5001,"
	      "\"ca\":\"10.0.0.9\"}\n");
	check(port_del("sw0", 7), true,
	      "{\"event\":\"port_del\",\"switch\":\"sw0\",\"dev\":\"veth1\","
	      "\"ifindex\":7}\n");
	check(port_del("sw0", 12), true,
	      "{\"event\":\"port_del\",\"switch\":\"sw0\",\"dev\":null,"
	      "\"ifindex\":12}\n");
	check(uplink_del("sw0", 0), true,
	      "{\"event\":\"uplink_del\",\"switch\":\"sw0\"}\n");
	check(uplink_del_pa("sw0", 3), true,
	      "{\"event\":\"uplink_del\",\"switch\":\"sw0\",\"dev\":\"nic0\","
	      "\"ifindex\":3,\"pa\":\"192.168.4.11\"}\n");
	check(miss6("sw0", 0), true,
	      "{\"event\":\"miss\",\"switch\":\"sw0\",\"vsid\":5001,"
	      "\"ca\":\"2001:db8::9\"}\n");
	check(uplink_del_pa6("sw0", 3, false), true,
	      "{\"event\":\"uplink_del\",\"switch\":\"sw0\",\"dev\":\"nic0\","
	      "\"ifindex\":3,\"pa6\":\"2001:db8:4::b\"}\n");
	check(uplink_del_pa6("sw0", 3, true), true,
	      "{\"event\":\"uplink_del\",\"switch\":\"sw0\",\"dev\":\"nic0\","
	      "\"ifindex\":3,\"pa\":\"192.168.4.11\",\"pa6\":\"2001:db8:4::b\"}\n");
	check(miss_rx("sw0", false), true,
	      "{\"event\":\"miss\",\"switch\":\"sw0\",\"vsid\":5001,"
	      "\"ca\":\"10.0.0.9\",\"pa\":\"192.168.4.11\"}\n");
	check(miss_rx("sw0", true), true,
	      "{\"event\":\"miss\",\"switch\":\"sw0\",\"vsid\":5001,"
	      "\"ca\":\"10.0.0.9\",\"pa\":\"2001:db8:4::b\"}\n");
}

static void filter_by_switch(void **state)
{
	char *buf;

	(void)state;
	assert_null(event(miss("sw1", 7), "sw0", false, 0));
	assert_null(event(port_del("sw1", 7), "sw0", true, 0));
	assert_null(event(uplink_del("sw10", 0), "sw1", false, 0));
	buf = event(miss("sw0", 7), "sw0", false, 1);
	assert_string_equal(buf,
			    "miss switch sw0 vsid 5001 ca 10.0.0.9 port veth1\n");
	free(buf);
}

/* Unknown events are skipped quietly; broken ones are errors. */
static void unknown_and_malformed(void **state)
{
	struct nl_msg *msg;

	(void)state;
	msg = kmsg(VSW_CMD_MAX + 1);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	assert_null(event(msg, NULL, false, 0));
	msg = kmsg(VSW_CMD_SWITCH_NEW);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	assert_null(event(msg, NULL, true, 0));

	msg = kmsg(VSW_CMD_MISS);	/* no switch name */
	put_policy(msg, 5001, CA, NULL, NULL);
	assert_null(event(msg, NULL, false, -EPROTO));
	msg = kmsg(VSW_CMD_MISS);	/* no policy nest */
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	assert_null(event(msg, NULL, false, -EPROTO));
	msg = kmsg(VSW_CMD_PORT_DEL);	/* no port nest */
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	assert_null(event(msg, NULL, false, -EPROTO));
	msg = uplink_del("sw0", 3);	/* a 16-byte PA */
	nla_put(msg, VSW_A_UPLINK_PA, 16, "0123456789abcdef");
	assert_null(event(msg, NULL, false, -EPROTO));
	msg = uplink_del("sw0", 3);	/* a 4-byte PA6 */
	nla_put(msg, VSW_A_UPLINK_PA6, 4, "\xc0\xa8\x04\x0b");
	assert_null(event(msg, NULL, false, -EPROTO));
	msg = miss_rx("sw0", false);	/* a 16-byte MISS_PA */
	nla_put(msg, VSW_A_MISS_PA, 16, PA6);
	assert_null(event(msg, NULL, false, -EPROTO));
	msg = kmsg(VSW_CMD_MISS);	/* a 4-byte MISS_PA6 */
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	put_policy(msg, 5001, CA, NULL, NULL);
	nla_put(msg, VSW_A_MISS_PA6, 4, "\xc0\xa8\x04\x0b");
	assert_null(event(msg, NULL, false, -EPROTO));
	msg = kmsg(VSW_CMD_MISS);	/* a 4-byte CA6 */
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	{
		struct nlattr *nest = nla_nest_start(msg, VSW_A_POLICY |
							  NLA_F_NESTED);

		nla_put_u32(msg, VSW_POLICY_A_VSID, 5001);
		nla_put(msg, VSW_POLICY_A_CA6, 4, CA);
		nla_nest_end(msg, nest);
	}
	assert_null(event(msg, NULL, false, -EPROTO));
	msg = kmsg(VSW_CMD_MISS);	/* a name without its NUL */
	nla_put(msg, VSW_A_SWITCH_NAME, 3, "sw0");
	put_policy(msg, 5001, CA, NULL, NULL);
	assert_null(event(msg, NULL, false, -EPROTO));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_lines),
		cmocka_unit_test(json_objects),
		cmocka_unit_test(filter_by_switch),
		cmocka_unit_test(unknown_and_malformed),
	};

	return cmocka_run_group_tests_name("monitor", tests, NULL, NULL);
}
