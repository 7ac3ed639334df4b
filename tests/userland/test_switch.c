// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/switch.c: what "switch show" prints, in text and
 * JSON, from in-memory data, and how kernel replies are parsed, from
 * messages built here. No kernel needed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include <linux/vsw.h>
#include <netlink/genl/genl.h>

#include "cmd.h"
#include "switch.h"

/* Devices as the tests see them: 3 is nic0, every other is gone. */
static char *fake_ifname(unsigned int ifindex, char *buf)
{
	if (ifindex != 3)
		return NULL;
	strcpy(buf, "nic0");
	return buf;
}

static char *render(const struct switch_list *l, bool json)
{
	struct output out = { .json = json, .ifname = fake_ifname };
	char *buf = NULL;
	size_t len;

	out.fp = open_memstream(&buf, &len);
	assert_non_null(out.fp);
	switch_list_print(l, &out);
	fclose(out.fp);
	return buf;
}

static void check_render(const struct switch_list *l, const char *text,
			 const char *json)
{
	char *buf;

	buf = render(l, false);
	assert_string_equal(buf, text);
	free(buf);
	buf = render(l, true);
	assert_string_equal(buf, json);
	free(buf);
}

static void show_empty(void **state)
{
	struct switch_list l = { 0 };

	(void)state;
	/* JSON: still exactly one document, an empty array. */
	check_render(&l, "", "[]\n");
}

static void show_one(void **state)
{
	struct switch_list l = { 0 };

	(void)state;
	assert_int_equal(switch_list_add(&l, "sw0"), 0);
	check_render(&l, "switch sw0\n", "[{\"name\":\"sw0\"}]\n");
	switch_list_free(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
}

static void show_many_in_order(void **state)
{
	struct switch_list l = { 0 };
	char name[16], *text, *p;
	int i;

	(void)state;
	for (i = 0; i < 100; i++) {	/* several reallocations */
		snprintf(name, sizeof(name), "sw%d", i);
		assert_int_equal(switch_list_add(&l, name), 0);
	}
	assert_int_equal(l.n, 100);
	text = render(&l, false);
	for (p = text, i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "switch sw%d\n", i);
		assert_memory_equal(p, name, strlen(name));
		p += strlen(name);
	}
	assert_string_equal(p, "");
	free(text);
	switch_list_free(&l);

	assert_int_equal(switch_list_add(&l, "a"), 0);
	assert_int_equal(switch_list_add(&l, "b"), 0);
	check_render(&l, "switch a\nswitch b\n",
		     "[{\"name\":\"a\"},{\"name\":\"b\"}]\n");
	switch_list_free(&l);
}

/* '"' and '\' are valid in netdev-style names: JSON must escape them. */
static void show_escapes_name(void **state)
{
	struct switch_list l = { 0 };

	(void)state;
	assert_int_equal(switch_list_add(&l, "a\"b\\c"), 0);
	check_render(&l, "switch a\"b\\c\n",
		     "[{\"name\":\"a\\\"b\\\\c\"}]\n");
	switch_list_free(&l);
}

static void list_refuses_long_name(void **state)
{
	struct switch_list l = { 0 };

	(void)state;
	assert_int_equal(switch_list_add(&l, "abcdefghijklmno"), 0);
	assert_int_equal(switch_list_add(&l, "abcdefghijklmnop"), -EINVAL);
	assert_int_equal(l.n, 1);
	switch_list_free(&l);
}

static struct nl_msg *reply(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 1, 0x20, 0, 0, cmd,
				    VSW_GENL_VERSION));
	return msg;
}

static int parse(struct nl_msg *msg, struct switch_list *l)
{
	int ret = switch_parse_reply(nlmsg_hdr(msg), l);

	nlmsg_free(msg);
	return ret;
}

static void reply_good(void **state)
{
	struct switch_list l = { 0 };
	struct nl_msg *msg;

	(void)state;
	msg = reply(VSW_CMD_SWITCH_GET);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	assert_int_equal(parse(msg, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].name, "sw0");

	msg = reply(VSW_CMD_SWITCH_GET);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "abcdefghijklmno");
	assert_int_equal(parse(msg, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[1].name, "abcdefghijklmno");
	switch_list_free(&l);
}

/* A newer kernel may add attributes: they must not break old tools. */
static void reply_unknown_attributes(void **state)
{
	struct switch_list l = { 0 };
	struct nl_msg *msg;
	struct nlattr *nest;

	(void)state;
	msg = reply(VSW_CMD_SWITCH_GET);
	nla_put_u32(msg, VSW_A_MAX + 1, 7);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	nla_put_u64(msg, VSW_A_MAX + 40, 7);
	nest = nla_nest_start(msg, (VSW_A_MAX + 2) | NLA_F_NESTED);
	assert_non_null(nest);
	nla_put_u8(msg, 1, 1);
	nla_nest_end(msg, nest);
	assert_int_equal(parse(msg, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].name, "sw0");
	switch_list_free(&l);
}

static void reply_other_command_skipped(void **state)
{
	struct switch_list l = { 0 };
	struct nl_msg *msg;

	(void)state;
	msg = reply(VSW_CMD_SWITCH_NEW);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	assert_int_equal(parse(msg, &l), 0);
	assert_int_equal(l.n, 0);
}

static void reply_malformed(void **state)
{
	struct switch_list l = { 0 };
	struct nl_msg *msg;

	(void)state;
	msg = reply(VSW_CMD_SWITCH_GET);	/* no name */
	assert_int_equal(parse(msg, &l), -EPROTO);

	msg = reply(VSW_CMD_SWITCH_GET);	/* not NUL-terminated */
	nla_put(msg, VSW_A_SWITCH_NAME, 3, "sw0");
	assert_int_equal(parse(msg, &l), -EPROTO);

	msg = reply(VSW_CMD_SWITCH_GET);	/* empty */
	nla_put_string(msg, VSW_A_SWITCH_NAME, "");
	assert_int_equal(parse(msg, &l), -EPROTO);

	msg = reply(VSW_CMD_SWITCH_GET);	/* too long for the list */
	nla_put_string(msg, VSW_A_SWITCH_NAME, "abcdefghijklmnop");
	assert_int_equal(parse(msg, &l), -EPROTO);

	msg = nlmsg_alloc_simple(0x20, 0);	/* no genl header */
	assert_non_null(msg);
	assert_int_equal(parse(msg, &l), -EPROTO);

	assert_int_equal(l.n, 0);
}

/* Everything the kernel may report, in the documented format. */
static void show_full(void **state)
{
	struct switch_list l = { 0 };
	struct switch_info *s;

	(void)state;
	assert_int_equal(switch_list_add(&l, "sw0"), 0);
	s = &l.v[0];
	s->has = SWITCH_HAS_UPLINK | SWITCH_HAS_PA | SWITCH_HAS_FLOWID |
		 SWITCH_HAS_TTL | SWITCH_HAS_TOS | SWITCH_HAS_PORTS |
		 SWITCH_HAS_POLICY | SWITCH_HAS_POLICY_MAX;
	s->uplink_ifindex = 3;
	memcpy(&s->pa, "\xc0\xa8\x04\x0b", 4);
	s->flowid = VSW_FLOWID_HASH;
	s->ttl = 64;
	s->tos = VSW_TOS_INHERIT;
	s->ports = 2;
	s->policy = 4;
	s->policy_max = 2097152;
	check_render(&l,
		     "switch sw0 uplink nic0 pa 192.168.4.11 flowid hash ttl 64 tos inherit ports 2 policy 4 policy-max 2097152\n",
		     "[{\"name\":\"sw0\",\"uplink\":\"nic0\",\"uplink_ifindex\":3,"
		     "\"pa\":\"192.168.4.11\",\"flowid\":\"hash\",\"ttl\":64,"
		     "\"tos\":\"inherit\",\"ports\":2,\"policy\":4,"
		     "\"policy_max\":2097152}]\n");

	/* A device that is gone, a numeric TOS, FlowID zero. */
	s->has = SWITCH_HAS_UPLINK | SWITCH_HAS_FLOWID | SWITCH_HAS_TOS;
	s->uplink_ifindex = 7;
	s->flowid = VSW_FLOWID_ZERO;
	s->tos = 0x28;
	check_render(&l, "switch sw0 uplink if7 flowid zero tos 40\n",
		     "[{\"name\":\"sw0\",\"uplink\":null,\"uplink_ifindex\":7,"
		     "\"flowid\":\"zero\",\"tos\":40}]\n");

	/* A FlowID mode of a newer kernel: its number. */
	s->has = SWITCH_HAS_FLOWID;
	s->flowid = 9;
	check_render(&l, "switch sw0 flowid 9\n",
		     "[{\"name\":\"sw0\",\"flowid\":9}]\n");
	switch_list_free(&l);
}

static void reply_all_attributes(void **state)
{
	struct switch_list l = { 0 };
	struct switch_info *s;
	struct nl_msg *msg;

	(void)state;
	msg = reply(VSW_CMD_SWITCH_GET);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	nla_put_u8(msg, VSW_A_SWITCH_FLOWID, VSW_FLOWID_ZERO);
	nla_put_u8(msg, VSW_A_SWITCH_TTL, 32);
	nla_put_u8(msg, VSW_A_SWITCH_TOS, 0);
	nla_put_u32(msg, VSW_A_UPLINK_IFINDEX, 3);
	nla_put(msg, VSW_A_UPLINK_PA, 4, "\xc0\xa8\x04\x16");
	nla_put_u32(msg, VSW_A_PORT_COUNT, 2);
	nla_put_u32(msg, VSW_A_POLICY_COUNT, 1000000);
	nla_put_u32(msg, VSW_A_POLICY_MAX, 2097152);
	nla_put_u32(msg, VSW_A_HOLD_MAX, 64);
	nla_put_u32(msg, VSW_A_HOLD_TIMEOUT, 1000);
	nla_put_u32(msg, VSW_A_HOLD_COUNT, 3);
	assert_int_equal(parse(msg, &l), 0);
	assert_int_equal(l.n, 1);
	s = &l.v[0];
	assert_int_equal(s->has, SWITCH_HAS_UPLINK | SWITCH_HAS_PA |
			 SWITCH_HAS_FLOWID | SWITCH_HAS_TTL | SWITCH_HAS_TOS |
			 SWITCH_HAS_PORTS | SWITCH_HAS_POLICY |
			 SWITCH_HAS_POLICY_MAX | SWITCH_HAS_HOLD_MAX |
			 SWITCH_HAS_HOLD_TIMEOUT | SWITCH_HAS_HELD);
	assert_int_equal(s->uplink_ifindex, 3);
	assert_memory_equal(&s->pa, "\xc0\xa8\x04\x16", 4);
	assert_int_equal(s->flowid, VSW_FLOWID_ZERO);
	assert_int_equal(s->ttl, 32);
	assert_int_equal(s->tos, 0);
	assert_int_equal(s->ports, 2);
	assert_int_equal(s->policy, 1000000);
	assert_int_equal(s->policy_max, 2097152);
	assert_int_equal(s->hold_max, 64);
	assert_int_equal(s->hold_timeout, 1000);
	assert_int_equal(s->held, 3);
	check_render(&l,
		     "switch sw0 uplink nic0 pa 192.168.4.22 flowid zero ttl 32 tos 0 ports 2 policy 1000000 policy-max 2097152 hold-max 64 hold-timeout 1000 held 3\n",
		     "[{\"name\":\"sw0\",\"uplink\":\"nic0\",\"uplink_ifindex\":3,"
		     "\"pa\":\"192.168.4.22\",\"flowid\":\"zero\",\"ttl\":32,"
		     "\"tos\":0,\"ports\":2,\"policy\":1000000,"
		     "\"policy_max\":2097152,\"hold_max\":64,"
		     "\"hold_timeout\":1000,\"held\":3}]\n");

	/* Only a name: nothing else shown (no uplink yet). */
	msg = reply(VSW_CMD_SWITCH_GET);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw1");
	assert_int_equal(parse(msg, &l), 0);
	assert_int_equal(l.v[1].has, 0);
	switch_list_free(&l);
}

/*
 * An uplink with an IPv6 PA: "pa" is the IPv4 one as before, "pa6" the
 * IPv6 one; text shows each as " pa ADDR", IPv4 first.
 */
static void reply_ipv6_pa(void **state)
{
	static const char pa6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 4,
				      [15] = 0x0b };
	struct switch_list l = { 0 };
	struct nl_msg *msg;

	(void)state;
	msg = reply(VSW_CMD_SWITCH_GET);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	nla_put_u32(msg, VSW_A_UPLINK_IFINDEX, 3);
	nla_put(msg, VSW_A_UPLINK_PA6, 16, pa6);
	nla_put(msg, VSW_A_UPLINK_PA, 4, "\xc0\xa8\x04\x0b");
	assert_int_equal(parse(msg, &l), 0);
	assert_int_equal(l.v[0].has, SWITCH_HAS_UPLINK | SWITCH_HAS_PA |
				     SWITCH_HAS_PA6);
	assert_memory_equal(&l.v[0].pa6, pa6, 16);
	check_render(&l, "switch sw0 uplink nic0 pa 192.168.4.11 pa 2001:db8:4::b\n",
		     "[{\"name\":\"sw0\",\"uplink\":\"nic0\",\"uplink_ifindex\":3,"
		     "\"pa\":\"192.168.4.11\",\"pa6\":\"2001:db8:4::b\"}]\n");
	switch_list_free(&l);

	/* IPv6 only: no "pa" at all. */
	msg = reply(VSW_CMD_SWITCH_GET);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw1");
	nla_put_u32(msg, VSW_A_UPLINK_IFINDEX, 3);
	nla_put(msg, VSW_A_UPLINK_PA6, 16, pa6);
	assert_int_equal(parse(msg, &l), 0);
	assert_int_equal(l.v[0].has, SWITCH_HAS_UPLINK | SWITCH_HAS_PA6);
	check_render(&l, "switch sw1 uplink nic0 pa 2001:db8:4::b\n",
		     "[{\"name\":\"sw1\",\"uplink\":\"nic0\",\"uplink_ifindex\":3,"
		     "\"pa6\":\"2001:db8:4::b\"}]\n");
	switch_list_free(&l);
}

/* An address or number of the wrong size must not be half read. */
static void reply_wrong_lengths(void **state)
{
	struct switch_list l = { 0 };
	struct nl_msg *msg;

	(void)state;
	msg = reply(VSW_CMD_SWITCH_GET);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	nla_put(msg, VSW_A_UPLINK_PA, 16, "0123456789abcdef");
	assert_int_equal(parse(msg, &l), -EPROTO);

	msg = reply(VSW_CMD_SWITCH_GET);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	nla_put(msg, VSW_A_UPLINK_PA6, 4, "\xc0\xa8\x04\x0b");
	assert_int_equal(parse(msg, &l), -EPROTO);

	msg = reply(VSW_CMD_SWITCH_GET);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	nla_put(msg, VSW_A_UPLINK_PA6, 17, "0123456789abcdefg");
	assert_int_equal(parse(msg, &l), -EPROTO);

	msg = reply(VSW_CMD_SWITCH_GET);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	nla_put_u32(msg, VSW_A_SWITCH_TTL, 64);
	assert_int_equal(parse(msg, &l), -EPROTO);

	msg = reply(VSW_CMD_SWITCH_GET);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	nla_put_u64(msg, VSW_A_POLICY_COUNT, 4);
	assert_int_equal(parse(msg, &l), -EPROTO);
	assert_int_equal(l.n, 0);
}

/* The router MAC: " router-mac MAC" last in text, "router_mac" in JSON. */
static void reply_router_mac(void **state)
{
	struct switch_list l = { 0 };
	struct nl_msg *msg;

	(void)state;
	msg = reply(VSW_CMD_SWITCH_GET);
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	nla_put(msg, VSW_A_ROUTER_MAC, 6, "\x02\x76\x73\x77\x00\x01");
	nla_put_u32(msg, VSW_A_POLICY_MAX, 2097152);
	assert_int_equal(parse(msg, &l), 0);
	assert_int_equal(l.v[0].has, SWITCH_HAS_ROUTER_MAC |
				     SWITCH_HAS_POLICY_MAX);
	assert_memory_equal(l.v[0].router_mac, "\x02\x76\x73\x77\x00\x01", 6);
	check_render(&l, "switch sw0 policy-max 2097152 router-mac 02:76:73:77:00:01\n",
		     "[{\"name\":\"sw0\",\"policy_max\":2097152,"
		     "\"router_mac\":\"02:76:73:77:00:01\"}]\n");
	switch_list_free(&l);

	msg = reply(VSW_CMD_SWITCH_GET);	/* 5 bytes: not half read */
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	nla_put(msg, VSW_A_ROUTER_MAC, 5, "\x02\x76\x73\x77\x00");
	assert_int_equal(parse(msg, &l), -EPROTO);
	msg = reply(VSW_CMD_SWITCH_GET);	/* 8 bytes */
	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	nla_put(msg, VSW_A_ROUTER_MAC, 8, "\x02\x76\x73\x77\x00\x01\x00\x00");
	assert_int_equal(parse(msg, &l), -EPROTO);
	assert_int_equal(l.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(show_empty),
		cmocka_unit_test(show_one),
		cmocka_unit_test(show_many_in_order),
		cmocka_unit_test(show_escapes_name),
		cmocka_unit_test(list_refuses_long_name),
		cmocka_unit_test(reply_good),
		cmocka_unit_test(reply_unknown_attributes),
		cmocka_unit_test(reply_other_command_skipped),
		cmocka_unit_test(reply_malformed),
		cmocka_unit_test(show_full),
		cmocka_unit_test(reply_all_attributes),
		cmocka_unit_test(reply_ipv6_pa),
		cmocka_unit_test(reply_wrong_lengths),
		cmocka_unit_test(reply_router_mac),
	};

	return cmocka_run_group_tests_name("switch", tests, NULL, NULL);
}
