// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/sflowd/psample.c: PSAMPLE_CMD_SAMPLE messages
 * built the way net/psample/psample.c builds them (u16 ifindexes, u32
 * rate, size, group and sequence, the data, a tunnel nest with a be64 key
 * and IPv4 addresses), parsed back; and every malformation refused.
 * Also vsw's VSW_CMD_SAMPLE, the pool of each sample, as kmod/netlink.c
 * builds it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <endian.h>
#include <errno.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include <linux/psample.h>
#include <linux/vsw.h>
#include <netlink/genl/genl.h>

#include "psample.h"

#define FAMILY	0x1d

static const uint8_t frame[20] = {
	0x02, 0x00, 0x50, 0x01, 0x00, 0x07, 0x02, 0x00, 0x50, 0x01, 0x00, 0x05,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x54, 0x12, 0x34,
};

struct opts {
	bool no_iif, no_oif, no_group, tunnel, bad_rate_len, bad_tun_len;
	uint8_t cmd;
	int family;
};

static struct nl_msg *build(const struct opts *o)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;
	uint64_t id = htobe64(5001);
	struct in_addr a;

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 0, o->family ? o->family : FAMILY,
				    0, 0, o->cmd, PSAMPLE_GENL_VERSION));
	if (!o->no_iif)
		nla_put_u16(msg, PSAMPLE_ATTR_IIFINDEX, 7);
	if (!o->no_oif)
		nla_put_u16(msg, PSAMPLE_ATTR_OIFINDEX, 3);
	if (o->bad_rate_len)
		nla_put_u16(msg, PSAMPLE_ATTR_SAMPLE_RATE, 50);
	else
		nla_put_u32(msg, PSAMPLE_ATTR_SAMPLE_RATE, 50);
	nla_put_u32(msg, PSAMPLE_ATTR_ORIGSIZE, 98);
	if (!o->no_group)
		nla_put_u32(msg, PSAMPLE_ATTR_SAMPLE_GROUP, 1);
	nla_put_u32(msg, PSAMPLE_ATTR_GROUP_SEQ, 41);
	nla_put_u64(msg, PSAMPLE_ATTR_TIMESTAMP, 1234567890ULL);
	nla_put_u16(msg, PSAMPLE_ATTR_PROTO, 0x0800);
	nla_put(msg, PSAMPLE_ATTR_DATA, sizeof(frame), frame);
	if (o->tunnel) {
		nest = nla_nest_start(msg, PSAMPLE_ATTR_TUNNEL);
		nla_put(msg, PSAMPLE_TUNNEL_KEY_ATTR_ID, o->bad_tun_len ? 4 : 8,
			&id);
		inet_pton(AF_INET, "192.168.4.11", &a);
		nla_put(msg, PSAMPLE_TUNNEL_KEY_ATTR_IPV4_SRC, 4, &a);
		inet_pton(AF_INET, "192.168.4.22", &a);
		nla_put(msg, PSAMPLE_TUNNEL_KEY_ATTR_IPV4_DST, 4, &a);
		nla_put_u8(msg, PSAMPLE_TUNNEL_KEY_ATTR_TOS, 0x10);
		nla_put_u8(msg, PSAMPLE_TUNNEL_KEY_ATTR_TTL, 64);
		nla_put_flag(msg, PSAMPLE_TUNNEL_KEY_ATTR_DONT_FRAGMENT);
		nla_nest_end(msg, nest);
	}
	return msg;
}

static int parse(const struct opts *o, struct psample_pkt *p)
{
	struct nl_msg *msg = build(o);
	int ret = psample_parse(nlmsg_hdr(msg), FAMILY, p);

	if (!ret) {
		/* p->data points into the message: check it before freeing */
		assert_int_equal(p->data_len, sizeof(frame));
		assert_memory_equal(p->data, frame, sizeof(frame));
	}
	nlmsg_free(msg);
	return ret;
}

static void plain_sample(void **state)
{
	struct opts o = { 0 };
	struct psample_pkt p;

	(void)state;
	assert_int_equal(parse(&o, &p), 0);
	assert_int_equal(p.iif, 7);
	assert_int_equal(p.oif, 3);
	assert_int_equal(p.rate, 50);
	assert_int_equal(p.origsize, 98);
	assert_int_equal(p.group, 1);
	assert_int_equal(p.seq, 41);
	assert_false(p.has_tunnel);
}

static void tunnel_sample(void **state)
{
	struct opts o = { .tunnel = true };
	struct psample_pkt p;

	(void)state;
	assert_int_equal(parse(&o, &p), 0);
	assert_true(p.has_tunnel);
	assert_true(p.has_tun_id);
	assert_int_equal(p.tun_id, 5001);
	assert_string_equal(inet_ntoa(p.tun_src), "192.168.4.11");
	assert_string_equal(inet_ntoa(p.tun_dst), "192.168.4.22");
	assert_int_equal(p.tun_tos, 0x10);
	assert_int_equal(p.tun_ttl, 64);
}

/* A dropped frame has no output ifindex: psample leaves it out. */
static void no_output(void **state)
{
	struct opts o = { .no_oif = true };
	struct psample_pkt p;

	(void)state;
	assert_int_equal(parse(&o, &p), 0);
	assert_int_equal(p.oif, 0);
	assert_int_equal(p.iif, 7);
}

static void other_messages(void **state)
{
	struct opts other_cmd = { .cmd = PSAMPLE_CMD_NEW_GROUP };
	struct opts other_family = { .family = 0x30 };
	struct psample_pkt p;

	(void)state;
	assert_int_equal(parse(&other_cmd, &p), -ENOENT);
	assert_int_equal(parse(&other_family, &p), -ENOENT);
}

static void malformed(void **state)
{
	struct opts no_group = { .no_group = true };
	struct opts bad_rate = { .bad_rate_len = true };
	struct opts bad_tun = { .tunnel = true, .bad_tun_len = true };
	struct psample_pkt p;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;

	(void)state;
	assert_int_equal(parse(&no_group, &p), -EPROTO);
	assert_int_equal(parse(&bad_rate, &p), -EPROTO);
	assert_int_equal(parse(&bad_tun, &p), -EPROTO);

	/* An attribute running past the end of the message. */
	msg = build(&(struct opts){ 0 });
	nlh = nlmsg_hdr(msg);
	nlh->nlmsg_len -= 2;
	assert_int_equal(psample_parse(nlh, FAMILY, &p), -EPROTO);
	/* Too short for a generic netlink header. */
	nlh->nlmsg_len = NLMSG_HDRLEN + 2;
	assert_int_equal(psample_parse(nlh, FAMILY, &p), -EPROTO);
	nlmsg_free(msg);
}

/* As vsw_nl_notify_sample() builds it; @drop: an attribute left out. */
static struct nl_msg *pool_msg(uint8_t cmd, int drop, bool short_seq)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 0, FAMILY, 0, 0, cmd,
				    VSW_GENL_VERSION));
	nest = nla_nest_start(msg, VSW_A_SAMPLE);
	if (drop != VSW_SAMPLE_A_IFINDEX)
		nla_put_u32(msg, VSW_SAMPLE_A_IFINDEX, 70000);
	if (drop != VSW_SAMPLE_A_GROUP)
		nla_put_u32(msg, VSW_SAMPLE_A_GROUP, 1);
	if (short_seq)
		nla_put_u16(msg, VSW_SAMPLE_A_SEQ, 41);
	else if (drop != VSW_SAMPLE_A_SEQ)
		nla_put_u32(msg, VSW_SAMPLE_A_SEQ, 41);
	if (drop != VSW_SAMPLE_A_POOL)
		nla_put_u64(msg, VSW_SAMPLE_A_POOL, 123456789012ULL);
	nla_nest_end(msg, nest);
	return msg;
}

static void pool_events(void **state)
{
	struct pool_event ev;
	struct nl_msg *msg;
	int drop;

	(void)state;
	msg = pool_msg(VSW_CMD_SAMPLE, 0, false);
	assert_int_equal(pool_event_parse(nlmsg_hdr(msg), FAMILY, &ev), 0);
	assert_int_equal(ev.ifindex, 70000);
	assert_int_equal(ev.group, 1);
	assert_int_equal(ev.seq, 41);
	assert_true(ev.pool == 123456789012ULL);
	assert_int_equal(pool_event_parse(nlmsg_hdr(msg), FAMILY + 1, &ev),
			 -ENOENT);
	nlmsg_free(msg);
	msg = pool_msg(VSW_CMD_MISS, 0, false);
	assert_int_equal(pool_event_parse(nlmsg_hdr(msg), FAMILY, &ev),
			 -ENOENT);
	nlmsg_free(msg);
	for (drop = VSW_SAMPLE_A_IFINDEX; drop <= VSW_SAMPLE_A_SEQ; drop++) {
		if (drop != VSW_SAMPLE_A_IFINDEX && drop != VSW_SAMPLE_A_GROUP &&
		    drop != VSW_SAMPLE_A_SEQ && drop != VSW_SAMPLE_A_POOL)
			continue;
		msg = pool_msg(VSW_CMD_SAMPLE, drop, false);
		assert_int_equal(pool_event_parse(nlmsg_hdr(msg), FAMILY, &ev),
				 -EPROTO);
		nlmsg_free(msg);
	}
	msg = pool_msg(VSW_CMD_SAMPLE, 0, true);
	assert_int_equal(pool_event_parse(nlmsg_hdr(msg), FAMILY, &ev),
			 -EPROTO);
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_sample),
		cmocka_unit_test(tunnel_sample),
		cmocka_unit_test(no_output),
		cmocka_unit_test(other_messages),
		cmocka_unit_test(malformed),
		cmocka_unit_test(pool_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
