// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/sflowd/sflow.c: every structure vsw-sflowd sends,
 * encoded byte for byte as sflow_version_5.txt, sflow_tunnels.txt and
 * sflow_host.txt lay them out. The expected words are written out by hand
 * from the specifications, field by field, not computed by the encoder.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "sflow.h"

static uint8_t buf[2048];

/* The words @w (host order) as XDR bytes, compared with @x's output. */
static void check_words(const struct xdr *x, const uint32_t *w, size_t n)
{
	size_t i;

	assert_false(x->overflow);
	assert_int_equal(x->len, 4 * n);
	for (i = 0; i < n; i++) {
		uint32_t got;

		memcpy(&got, x->buf + 4 * i, 4);
		if (ntohl(got) != w[i])
			fail_msg("word %zu (byte %zu): got 0x%08x, want 0x%08x",
				 i, 4 * i, ntohl(got), w[i]);
	}
}

#define CHECK(x, ...) do {						\
	static const uint32_t want_[] = { __VA_ARGS__ };		\
	check_words((x), want_, sizeof(want_) / sizeof(want_[0]));	\
} while (0)

static struct in_addr ip(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

static void primitives(void **state)
{
	struct xdr x;

	(void)state;
	xdr_init(&x, buf, sizeof(buf));
	xdr_u32(&x, 0x01020304);
	xdr_u64(&x, 0x0a0b0c0d0e0f1011ULL);
	xdr_float(&x, 0.5f);		/* IEEE 754: 0x3f000000 */
	xdr_float(&x, -1.0f);		/* 0xbf800000 */
	xdr_opaque(&x, "abcde", 5);	/* length, then padded to 8 */
	xdr_opaque(&x, "", 0);
	xdr_ipv4(&x, ip("192.168.4.11"));
	CHECK(&x, 0x01020304, 0x0a0b0c0d, 0x0e0f1011, 0x3f000000,
	      0xbf800000, 5, 0x61626364, 0x65000000, 0, 0xc0a8040b);
}

static void overflow_writes_nothing(void **state)
{
	uint8_t small[10];
	struct xdr x;

	(void)state;
	memset(small, 0xee, sizeof(small));
	xdr_init(&x, small, 8);
	xdr_u32(&x, 1);
	xdr_u64(&x, 2);		/* does not fit: nothing of it is written */
	assert_true(x.overflow);
	assert_int_equal(x.len, 4);
	xdr_u32(&x, 3);		/* and nothing after an overflow either */
	assert_int_equal(x.len, 4);
	assert_int_equal(small[4], 0xee);
	assert_int_equal(small[8], 0xee);
}

static void datagram_header(void **state)
{
	struct sflow_datagram d = {
		.agent = ip("192.168.4.11"), .sub_agent_id = 0, .seq = 7,
		.uptime_ms = 123456, .nsamples = 0,
	};
	struct xdr x;

	(void)state;
	xdr_init(&x, buf, sizeof(buf));
	sflow_put_datagram(&x, &d);
	sflow_set_nsamples(&x, 2);
	/* version, address type IPv4, agent, sub-agent, seq, uptime, count */
	CHECK(&x, 5, 1, 0xc0a8040b, 0, 7, 123456, 2);
}

/* 14 bytes of Ethernet header: dst 02:00:50:01:00:09, src ...:05, IPv4. */
static const uint8_t eth[14] = {
	0x02, 0x00, 0x50, 0x01, 0x00, 0x09, 0x02, 0x00, 0x50, 0x01, 0x00, 0x05,
	0x08, 0x00,
};

static void flow_sample_local(void **state)
{
	struct sflow_flow_sample s = {
		.seq = 3, .ds_class = 0, .ds_index = 7, .rate = 50,
		.pool = 150, .drops = 1,
		.in_format = 0, .in_value = 7, .out_format = 0, .out_value = 9,
		.frame_length = 64 + 4, .stripped = 4,
		.header = eth, .header_len = sizeof(eth),
		.vni_dir = SFLOW_DIR_EGRESS, .vni = 5001,
	};
	struct xdr x;

	(void)state;
	xdr_init(&x, buf, sizeof(buf));
	sflow_put_flow_sample(&x, &s);
	CHECK(&x,
	      3, 96,			/* expanded flow sample, length */
	      3, 0, 7,			/* seq, source id type, index */
	      50, 150, 1,		/* rate, pool, drops */
	      0, 7, 0, 9,		/* input, output: ifIndex format */
	      2,			/* records */
	      1, 32,			/* sampled_header, length */
	      1, 68, 4, 14,		/* ethernet, frame length, stripped */
	      0x02005001, 0x00090200, 0x50010005, 0x08000000,
	      1029, 4, 5001);		/* extended_vni_egress */
}

static void flow_sample_tunnel_egress(void **state)
{
	struct sflow_flow_sample s = {
		.seq = 1, .ds_index = 7, .rate = 1, .pool = 1,
		.in_value = 7, .out_value = 3,
		.frame_length = 102, .stripped = 4,
		.header = eth, .header_len = 12,
		.tunnel_dir = SFLOW_DIR_EGRESS,
		.tunnel = { .length = 98 + 28, .protocol = 47,
			    .src = ip("192.168.4.11"),
			    .dst = ip("192.168.4.22"), .tos = 0x10 },
		.vni_dir = SFLOW_DIR_EGRESS, .vni = 5001,
	};
	struct xdr x;

	(void)state;
	xdr_init(&x, buf, sizeof(buf));
	sflow_put_flow_sample(&x, &s);
	CHECK(&x,
	      3, 132,
	      1, 0, 7, 1, 1, 0, 0, 7, 0, 3,
	      3,			/* header, tunnel, vni */
	      1, 28, 1, 102, 4, 12,
	      0x02005001, 0x00090200, 0x50010005,
	      1023, 32,			/* extended_ipv4_tunnel_egress */
	      126, 47, 0xc0a8040b, 0xc0a80416, 0, 0, 0, 0x10,
	      1029, 4, 5001);
}

static void flow_sample_ingress_dropped(void **state)
{
	struct sflow_flow_sample s = {
		.seq = 9, .ds_index = 3, .rate = 100, .pool = 1000, .drops = 0,
		.in_value = 3,
		.out_format = SFLOW_IF_FORMAT_DISCARD,
		.out_value = SFLOW_DISCARD_UNKNOWN,
		.frame_length = 64, .stripped = 4,
		.header = eth, .header_len = 1,	/* padded with three zeroes */
		.tunnel_dir = SFLOW_DIR_INGRESS,
		.tunnel = { .length = 88, .protocol = 47,
			    .src = ip("192.168.4.22"),
			    .dst = ip("192.168.4.11") },
		.vni_dir = SFLOW_DIR_INGRESS, .vni = 6001,
	};
	struct xdr x;

	(void)state;
	xdr_init(&x, buf, sizeof(buf));
	sflow_put_flow_sample(&x, &s);
	CHECK(&x,
	      3, 124,
	      9, 0, 3, 100, 1000, 0,
	      0, 3,
	      1, 256,			/* discarded, reason unknown */
	      3,
	      1, 20, 1, 64, 4, 1, 0x02000000,
	      1024, 32,			/* extended_ipv4_tunnel_ingress */
	      88, 47, 0xc0a80416, 0xc0a8040b, 0, 0, 0, 0,
	      1030, 4, 6001);		/* extended_vni_ingress */
}

static void if_counter_sample(void **state)
{
	struct sflow_if_counters c = {
		.ifindex = 7, .type = 6, .speed = 10000000000ULL,
		.direction = 1, .status = 3,
		.in_octets = 0x100000002ULL, .in_ucast = 10,
		.in_mcast = SFLOW_UNKNOWN32, .in_bcast = SFLOW_UNKNOWN32,
		.in_discards = 4, .in_errors = 5, .in_unknown_protos = 6,
		.out_octets = 2000, .out_ucast = 20,
		.out_mcast = SFLOW_UNKNOWN32, .out_bcast = SFLOW_UNKNOWN32,
		.out_discards = 7, .out_errors = 8, .promisc = 1,
	};
	struct xdr x;

	(void)state;
	xdr_init(&x, buf, sizeof(buf));
	sflow_put_if_sample(&x, 42, &c);
	CHECK(&x,
	      4, 112,			/* expanded counter sample */
	      42, 0, 7, 1,		/* seq, ifIndex source 7, 1 record */
	      1, 88,			/* generic interface counters */
	      7, 6, 2, 0x540be400,	/* ifIndex, ifType, ifSpeed 10G */
	      1, 3,			/* full duplex, admin and oper up */
	      1, 2, 10, 0xffffffff, 0xffffffff, 4, 5, 6,
	      0, 2000, 20, 0xffffffff, 0xffffffff, 7, 8,
	      1);			/* promiscuous */
}

static void host_descr(void **state)
{
	struct sflow_host_descr d = {
		.hostname = "hv1",
		.uuid = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
			  0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff },
		.machine_type = SFLOW_MACHINE_X86_64, .os_name = SFLOW_OS_LINUX,
		.os_release = "6.1.0-56-amd64",
	};
	struct xdr x;

	(void)state;
	xdr_init(&x, buf, sizeof(buf));
	sflow_put_host_descr(&x, 1, &d);
	CHECK(&x,
	      4, 76,
	      1, 2, 1, 1,		/* physical entity 1, one record */
	      2000, 52,
	      3, 0x68763100,		/* "hv1" */
	      0x00112233, 0x44556677, 0x8899aabb, 0xccddeeff,
	      3, 2,			/* x86_64, linux */
	      14, 0x362e312e, 0x302d3536, 0x2d616d64, 0x36340000);
}

static void host_cpu_memory(void **state)
{
	struct sflow_host_cpu c = {
		.load_one = 0.5f, .load_five = 0.25f, .load_fifteen = 2.0f,
		.proc_run = 1, .proc_total = 2, .cpu_num = 3, .cpu_speed = 4,
		.uptime = 5, .cpu_user = 6, .cpu_nice = 7, .cpu_system = 8,
		.cpu_idle = 9, .cpu_wio = 10, .cpu_intr = 11, .cpu_sintr = 12,
		.interrupts = 13, .contexts = 14,
	};
	struct sflow_host_memory m = {
		.mem_total = 1, .mem_free = 2, .mem_shared = 3,
		.mem_buffers = 4, .mem_cached = 5, .swap_total = 6,
		.swap_free = 0x700000000ULL, .page_in = 8, .page_out = 9,
		.swap_in = 10, .swap_out = 11,
	};
	struct xdr x;

	(void)state;
	xdr_init(&x, buf, sizeof(buf));
	sflow_put_host_cpu(&x, 2, &c);
	CHECK(&x,
	      4, 92, 2, 2, 1, 1,
	      2003, 68,
	      0x3f000000, 0x3e800000, 0x40000000,
	      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);

	xdr_init(&x, buf, sizeof(buf));
	sflow_put_host_memory(&x, 3, &m);
	CHECK(&x,
	      4, 96, 3, 2, 1, 1,
	      2004, 72,
	      0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 7, 0,
	      8, 9, 10, 11);
}

static void host_disk_net(void **state)
{
	struct sflow_host_disk_io d = {
		.disk_total = 1, .disk_free = 2, .part_max_used = -1,
		.reads = 3, .bytes_read = 4, .read_time = 5, .writes = 6,
		.bytes_written = 7, .write_time = 8,
	};
	struct sflow_host_net_io n = {
		.bytes_in = 1, .pkts_in = 2, .errs_in = 3, .drops_in = 4,
		.bytes_out = 5, .pkts_out = 6, .errs_out = 7, .drops_out = 8,
	};
	struct xdr x;

	(void)state;
	xdr_init(&x, buf, sizeof(buf));
	sflow_put_host_disk_io(&x, 4, &d);
	CHECK(&x,
	      4, 76, 4, 2, 1, 1,
	      2005, 52,
	      0, 1, 0, 2, 0xffffffff,	/* part_max_used unknown: -1 */
	      3, 0, 4, 5, 6, 0, 7, 8);

	xdr_init(&x, buf, sizeof(buf));
	sflow_put_host_net_io(&x, 5, &n);
	CHECK(&x,
	      4, 64, 5, 2, 1, 1,
	      2006, 40,
	      0, 1, 2, 3, 4, 0, 5, 6, 7, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(primitives),
		cmocka_unit_test(overflow_writes_nothing),
		cmocka_unit_test(datagram_header),
		cmocka_unit_test(flow_sample_local),
		cmocka_unit_test(flow_sample_tunnel_egress),
		cmocka_unit_test(flow_sample_ingress_dropped),
		cmocka_unit_test(if_counter_sample),
		cmocka_unit_test(host_descr),
		cmocka_unit_test(host_cpu_memory),
		cmocka_unit_test(host_disk_net),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
