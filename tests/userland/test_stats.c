// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/stats.c: a VSW_CMD_STATS_GET reply built as the
 * kernel sends it, parsed and printed in text and JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <cmocka.h>

#include "stats.h"
#include "testutil.h"

#define MAC1	"\x02\x00\x00\x00\x00\x05"

static void put_drop(struct nl_msg *msg, const char *reason, uint64_t n)
{
	struct nlattr *nest = nla_nest_start(msg, VSW_STATS_A_DROP |
						  NLA_F_NESTED);

	nla_put_string(msg, VSW_DROP_A_REASON, reason);
	nla_put_u64(msg, VSW_DROP_A_PACKETS, n);
	nla_nest_end(msg, nest);
}

/* Counters base, base+1, ... in attribute order. */
static void put_counters(struct nl_msg *msg, int type, uint64_t base,
			 bool drops)
{
	struct nlattr *nest = nla_nest_start(msg, type | NLA_F_NESTED);

	nla_put_u64(msg, VSW_STATS_A_RX_PACKETS, base);
	nla_put_u64(msg, VSW_STATS_A_RX_BYTES, base + 1);
	nla_put_u64(msg, VSW_STATS_A_TX_PACKETS, base + 2);
	nla_put_u64(msg, VSW_STATS_A_TX_BYTES, base + 3);
	nla_put_u64(msg, VSW_STATS_A_ENCAP_PACKETS, base + 4);
	nla_put_u64(msg, VSW_STATS_A_DECAP_PACKETS, base + 5);
	if (drops) {
		put_drop(msg, "no_policy", 2);
		put_drop(msg, "spoofed_mac", 0);
	}
	nla_nest_end(msg, nest);
}

static struct nl_msg *full_reply(void)
{
	struct nl_msg *msg = kmsg(VSW_CMD_STATS_GET);
	struct nlattr *port;

	nla_put_string(msg, VSW_A_SWITCH_NAME, "sw0");
	put_counters(msg, VSW_A_STATS, 10, true);
	port = nla_nest_start(msg, VSW_A_PORT | NLA_F_NESTED);
	nla_put_u32(msg, VSW_PORT_A_IFINDEX, 7);
	nla_put_u32(msg, VSW_PORT_A_VSID, 5001);
	nla_put(msg, VSW_PORT_A_MAC, 6, MAC1);
	put_counters(msg, VSW_PORT_A_STATS, 1ULL << 40, false);
	nla_nest_end(msg, port);
	port = nla_nest_start(msg, VSW_A_PORT | NLA_F_NESTED);
	nla_put_u32(msg, VSW_PORT_A_IFINDEX, 9);
	nla_put_u32(msg, VSW_PORT_A_VSID, 6001);
	nla_put(msg, VSW_PORT_A_MAC, 6, MAC1);
	put_counters(msg, VSW_PORT_A_STATS, 0, true);
	nla_nest_end(msg, port);
	return msg;
}

static char *render(const struct stats_reply *s, bool json)
{
	struct capture c;

	capture_begin(&c, json);
	stats_print(s, &c.out);
	return capture_end(&c);
}

static void parse_and_render(void **state)
{
	struct stats_reply s = { 0 };
	struct nl_msg *msg = full_reply();
	char *buf;

	(void)state;
	assert_int_equal(stats_parse_reply(nlmsg_hdr(msg), &s), 0);
	nlmsg_free(msg);
	strcpy(s.name, "sw0");
	assert_true(s.has_stats);
	assert_int_equal(s.sw.rx_packets, 10);
	assert_int_equal(s.sw.decap_packets, 15);
	assert_int_equal(s.sw.ndrops, 2);
	assert_int_equal(s.nports, 2);
	assert_int_equal(s.ports[0].c.tx_bytes, (1ULL << 40) + 3);
	assert_int_equal(s.ports[0].c.ndrops, 0);

	buf = render(&s, false);
	assert_string_equal(buf,
		"switch sw0\n"
		"    rx_packets 10 rx_bytes 11 tx_packets 12 tx_bytes 13\n"
		"    encap_packets 14 decap_packets 15\n"
		"    drops no_policy 2\n"
		"port veth1 vsid 5001 mac 02:00:00:00:00:05\n"
		"    rx_packets 1099511627776 rx_bytes 1099511627777 tx_packets 1099511627778 tx_bytes 1099511627779\n"
		"    encap_packets 1099511627780 decap_packets 1099511627781\n"
		"port if9 vsid 6001 mac 02:00:00:00:00:05\n"
		"    rx_packets 0 rx_bytes 1 tx_packets 2 tx_bytes 3\n"
		"    encap_packets 4 decap_packets 5\n"
		"    drops no_policy 2\n");
	free(buf);

	buf = render(&s, true);
	assert_string_equal(buf,
		"{\"switch\":{\"name\":\"sw0\",\"rx_packets\":10,\"rx_bytes\":11,"
		"\"tx_packets\":12,\"tx_bytes\":13,\"encap_packets\":14,"
		"\"decap_packets\":15,\"drops\":{\"no_policy\":2,\"spoofed_mac\":0}},"
		"\"ports\":[{\"dev\":\"veth1\",\"ifindex\":7,\"vsid\":5001,"
		"\"mac\":\"02:00:00:00:00:05\",\"rx_packets\":1099511627776,"
		"\"rx_bytes\":1099511627777,\"tx_packets\":1099511627778,"
		"\"tx_bytes\":1099511627779,\"encap_packets\":1099511627780,"
		"\"decap_packets\":1099511627781,\"drops\":{}},"
		"{\"dev\":null,\"ifindex\":9,\"vsid\":6001,"
		"\"mac\":\"02:00:00:00:00:05\",\"rx_packets\":0,\"rx_bytes\":1,"
		"\"tx_packets\":2,\"tx_bytes\":3,\"encap_packets\":4,"
		"\"decap_packets\":5,\"drops\":{\"no_policy\":2,\"spoofed_mac\":0}}]}\n");
	free(buf);
	stats_reply_free(&s);
	assert_null(s.ports);
}

/* One port asked for: no switch counters; missing counters are 0. */
static void one_port(void **state)
{
	struct stats_reply s = { 0 };
	struct nl_msg *msg;
	struct nlattr *port, *st;
	char *buf;

	(void)state;
	msg = kmsg(VSW_CMD_STATS_GET);
	port = nla_nest_start(msg, VSW_A_PORT | NLA_F_NESTED);
	nla_put_u32(msg, VSW_PORT_A_IFINDEX, 3);
	st = nla_nest_start(msg, VSW_PORT_A_STATS | NLA_F_NESTED);
	nla_put_u64(msg, VSW_STATS_A_RX_PACKETS, 5);
	nla_put_u64(msg, VSW_STATS_A_MAX + 3, 5);	/* newer: ignored */
	nla_nest_end(msg, st);
	nla_nest_end(msg, port);
	assert_int_equal(stats_parse_reply(nlmsg_hdr(msg), &s), 0);
	nlmsg_free(msg);
	strcpy(s.name, "sw0");
	assert_false(s.has_stats);

	buf = render(&s, true);
	assert_string_equal(buf,
		"{\"switch\":{\"name\":\"sw0\"},\"ports\":[{\"dev\":\"nic0\","
		"\"ifindex\":3,\"rx_packets\":5,\"rx_bytes\":0,\"tx_packets\":0,"
		"\"tx_bytes\":0,\"encap_packets\":0,\"decap_packets\":0,"
		"\"drops\":{}}]}\n");
	free(buf);
	buf = render(&s, false);
	assert_string_equal(buf,
		"switch sw0\n"
		"port nic0\n"
		"    rx_packets 5 rx_bytes 0 tx_packets 0 tx_bytes 0\n"
		"    encap_packets 0 decap_packets 0\n");
	free(buf);
	stats_reply_free(&s);
}

/* A reason sent twice is one JSON key; its counts add up. */
static void duplicate_reason(void **state)
{
	struct stats_reply s = { 0 };
	struct nl_msg *msg;
	struct nlattr *st;
	char *buf;

	(void)state;
	msg = kmsg(VSW_CMD_STATS_GET);
	st = nla_nest_start(msg, VSW_A_STATS | NLA_F_NESTED);
	put_drop(msg, "ttl", 1);
	put_drop(msg, "zero", 0);
	put_drop(msg, "ttl", 2);
	put_drop(msg, "too_big", 4);
	nla_nest_end(msg, st);
	assert_int_equal(stats_parse_reply(nlmsg_hdr(msg), &s), 0);
	nlmsg_free(msg);
	assert_int_equal(s.sw.ndrops, 3);
	assert_int_equal(s.sw.drops[0].packets, 3);
	strcpy(s.name, "sw0");
	/* Text: reasons that hit, in the kernel's order. */
	buf = render(&s, false);
	assert_string_equal(buf,
		"switch sw0\n"
		"    rx_packets 0 rx_bytes 0 tx_packets 0 tx_bytes 0\n"
		"    encap_packets 0 decap_packets 0\n"
		"    drops ttl 3 too_big 4\n");
	free(buf);
	stats_reply_free(&s);
}

static void malformed(void **state)
{
	struct stats_reply s = { 0 };
	struct nlattr *st, *drop;
	struct nl_msg *msg;

	(void)state;
	msg = kmsg(VSW_CMD_STATS_GET);	/* a 4-byte counter */
	st = nla_nest_start(msg, VSW_A_STATS | NLA_F_NESTED);
	nla_put_u32(msg, VSW_STATS_A_RX_PACKETS, 1);
	nla_nest_end(msg, st);
	assert_int_equal(stats_parse_reply(nlmsg_hdr(msg), &s), -EPROTO);
	nlmsg_free(msg);
	stats_reply_free(&s);

	msg = kmsg(VSW_CMD_STATS_GET);	/* a drop without a reason */
	st = nla_nest_start(msg, VSW_A_STATS | NLA_F_NESTED);
	drop = nla_nest_start(msg, VSW_STATS_A_DROP | NLA_F_NESTED);
	nla_put_u64(msg, VSW_DROP_A_PACKETS, 1);
	nla_nest_end(msg, drop);
	nla_nest_end(msg, st);
	assert_int_equal(stats_parse_reply(nlmsg_hdr(msg), &s), -EPROTO);
	nlmsg_free(msg);
	stats_reply_free(&s);

	msg = kmsg(VSW_CMD_STATS_GET);	/* a reason without its NUL */
	st = nla_nest_start(msg, VSW_A_STATS | NLA_F_NESTED);
	drop = nla_nest_start(msg, VSW_STATS_A_DROP | NLA_F_NESTED);
	nla_put(msg, VSW_DROP_A_REASON, 3, "ttl");
	nla_nest_end(msg, drop);
	nla_nest_end(msg, st);
	assert_int_equal(stats_parse_reply(nlmsg_hdr(msg), &s), -EPROTO);
	nlmsg_free(msg);
	stats_reply_free(&s);

	msg = kmsg(VSW_CMD_STATS_GET);	/* a port without an ifindex */
	st = nla_nest_start(msg, VSW_A_PORT | NLA_F_NESTED);
	nla_put_u32(msg, VSW_PORT_A_VSID, 5001);
	nla_nest_end(msg, st);
	assert_int_equal(stats_parse_reply(nlmsg_hdr(msg), &s), -EPROTO);
	nlmsg_free(msg);
	stats_reply_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_and_render),
		cmocka_unit_test(one_port),
		cmocka_unit_test(duplicate_reason),
		cmocka_unit_test(malformed),
	};

	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
