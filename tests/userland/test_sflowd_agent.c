// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/sflowd/agent.c: from psample samples and a
 * made-up topology to the datagrams the agent would send. Checks the
 * records each kind of sample gets (local delivery, NVGRE out, NVGRE in,
 * dropped), how the pool is filled in, lost samples, sequence numbers,
 * splitting into datagrams and when the queue is flushed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "agent.h"
#include "hostcounters.h"
#include "psample.h"
#include "sample.h"
#include "vswinfo.h"

#define MAX_DGRAMS	64

struct sent {
	uint8_t d[MAX_DGRAMS][SFLOW_DATAGRAM_MAX];
	size_t len[MAX_DGRAMS];
	size_t n;
};

static void capture(void *ctx, const void *buf, size_t len)
{
	struct sent *s = ctx;

	assert_true(s->n < MAX_DGRAMS);
	assert_true(len <= SFLOW_DATAGRAM_MAX);
	memcpy(s->d[s->n], buf, len);
	s->len[s->n++] = len;
}

static uint32_t word(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* What the tests look at in a sample. */
struct seen {
	uint32_t format, seq, ds_class, ds_index, pool, drops;
	uint32_t out_format, out_value;
	uint32_t records[4];
	uint32_t nrec;
	uint32_t vni;
};

/* The samples of datagram @i, checking its framing on the way. */
static size_t samples(const struct sent *s, size_t i, struct seen *out,
		      size_t max)
{
	const uint8_t *p = s->d[i], *end = p + s->len[i], *r;
	uint32_t n, k, len, j, rlen;

	assert_int_equal(word(p), 5);
	n = word(p + 24);
	p += 28;
	for (k = 0; k < n; k++) {
		assert_true(k < max);
		memset(&out[k], 0, sizeof(out[k]));
		out[k].format = word(p);
		len = word(p + 4);
		assert_true(p + 8 + len <= end);
		out[k].seq = word(p + 8);
		out[k].ds_class = word(p + 12);
		out[k].ds_index = word(p + 16);
		if (out[k].format == 3) {
			out[k].pool = word(p + 24);
			out[k].drops = word(p + 28);
			out[k].out_format = word(p + 40);
			out[k].out_value = word(p + 44);
			out[k].nrec = word(p + 48);
			r = p + 52;
			for (j = 0; j < out[k].nrec; j++) {
				out[k].records[j] = word(r);
				rlen = word(r + 4);
				if (out[k].records[j] == 1029 ||
				    out[k].records[j] == 1030)
					out[k].vni = word(r + 8);
				r += 8 + rlen;
			}
			assert_ptr_equal(r, p + 8 + len);
		}
		p += 8 + len;
	}
	assert_ptr_equal(p, end);
	return n;
}

static struct topo topo;

static int setup(void **state)
{
	struct topo_switch sw = { .name = "sw0", .has_uplink = true,
				  .uplink = 3, .has_pa = true };

	(void)state;
	memset(&topo, 0, sizeof(topo));
	inet_pton(AF_INET, "192.168.4.11", &sw.pa);
	assert_int_equal(topo_add_switch(&topo, &sw), 0);
	assert_int_equal(topo_add_port(&topo, 7, 5001, 0), 0);
	assert_int_equal(topo_add_port(&topo, 9, 5001, 0), 0);
	assert_int_equal(topo_add_port(&topo, 70000, 6001, 0), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	topo_free(&topo);
	return 0;
}

static const uint8_t frame[60] = { 0x02, 0, 0x50, 0x01, 0, 0x09 };

static struct psample_pkt pkt(uint16_t iif, uint16_t oif, uint32_t seq)
{
	return (struct psample_pkt){
		.group = 1, .seq = seq, .rate = 50, .origsize = 60,
		.iif = iif, .oif = oif, .data = frame, .data_len = 60,
	};
}

static void with_tunnel(struct psample_pkt *p, const char *src,
			const char *dst, uint32_t vsid)
{
	p->has_tunnel = p->has_tun_id = true;
	p->tun_id = vsid;
	inet_pton(AF_INET, src, &p->tun_src);
	inet_pton(AF_INET, dst, &p->tun_dst);
}

static void build_kinds(void **state)
{
	uint8_t hdr[SFLOW_HEADER_MAX];
	struct sflow_flow_sample s;
	struct psample_pkt p;

	(void)state;
	/* Local delivery, port 7 -> port 9: the port's VSID, egress. */
	p = pkt(7, 9, 0);
	agent_build_sample(&p, &topo, &s, hdr);
	assert_int_equal(s.ds_class, 0);
	assert_int_equal(s.ds_index, 7);
	assert_int_equal(s.in_value, 7);
	assert_int_equal(s.out_format, 0);
	assert_int_equal(s.out_value, 9);
	assert_int_equal(s.rate, 50);
	assert_int_equal(s.frame_length, 64);
	assert_int_equal(s.stripped, 4);
	assert_int_equal(s.header_len, 60);
	assert_memory_equal(s.header, frame, 60);
	assert_int_equal(s.tunnel_dir, SFLOW_DIR_NONE);
	assert_int_equal(s.vni_dir, SFLOW_DIR_EGRESS);
	assert_int_equal(s.vni, 5001);

	/* Out in NVGRE: the tunnel of psample, egress, output the nic. */
	p = pkt(7, 3, 0);
	with_tunnel(&p, "192.168.4.11", "192.168.4.22", 5001);
	agent_build_sample(&p, &topo, &s, hdr);
	assert_int_equal(s.out_value, 3);
	assert_int_equal(s.tunnel_dir, SFLOW_DIR_EGRESS);
	assert_int_equal(s.tunnel.length, 60 + 28);
	assert_int_equal(s.tunnel.protocol, 47);
	assert_string_equal(inet_ntoa(s.tunnel.src), "192.168.4.11");
	assert_string_equal(inet_ntoa(s.tunnel.dst), "192.168.4.22");
	assert_int_equal(s.vni_dir, SFLOW_DIR_EGRESS);
	assert_int_equal(s.vni, 5001);

	/* In from NVGRE on the uplink, to port 9: ingress. */
	p = pkt(3, 9, 0);
	with_tunnel(&p, "192.168.4.22", "192.168.4.11", 5001);
	agent_build_sample(&p, &topo, &s, hdr);
	assert_int_equal(s.ds_index, 3);
	assert_int_equal(s.tunnel_dir, SFLOW_DIR_INGRESS);
	assert_int_equal(s.vni_dir, SFLOW_DIR_INGRESS);
	assert_int_equal(s.vni, 5001);

	/* Dropped on the uplink before decapsulation: no tunnel, no VSID. */
	p = pkt(3, 0, 0);
	agent_build_sample(&p, &topo, &s, hdr);
	assert_int_equal(s.out_format, SFLOW_IF_FORMAT_DISCARD);
	assert_int_equal(s.out_value, SFLOW_DISCARD_UNKNOWN);
	assert_int_equal(s.tunnel_dir, SFLOW_DIR_NONE);
	assert_int_equal(s.vni_dir, SFLOW_DIR_NONE);

	/* Dropped from a VM: the port's VSID still. */
	p = pkt(7, 0, 0);
	agent_build_sample(&p, &topo, &s, hdr);
	assert_int_equal(s.out_format, SFLOW_IF_FORMAT_DISCARD);
	assert_int_equal(s.vni, 5001);

	/* psample's 16-bit ifindex of port 70000 (0x11170) is mapped back. */
	p = pkt(70000 & 0xffff, 9, 0);
	agent_build_sample(&p, &topo, &s, hdr);
	assert_int_equal(s.ds_index, 70000);
	assert_int_equal(s.vni, 6001);

	/* A device vsw does not know (another psample user): no VSID. */
	p = pkt(42, 43, 0);
	agent_build_sample(&p, &topo, &s, hdr);
	assert_int_equal(s.ds_index, 42);
	assert_int_equal(s.vni_dir, SFLOW_DIR_NONE);
}

static void header_is_capped(void **state)
{
	static uint8_t big[1500];
	uint8_t hdr[SFLOW_HEADER_MAX];
	struct sflow_flow_sample s;
	struct psample_pkt p = pkt(7, 9, 0);

	(void)state;
	p.data = big;
	p.data_len = sizeof(big);
	p.origsize = 1500;
	agent_build_sample(&p, &topo, &s, hdr);
	assert_int_equal(s.header_len, SFLOW_HEADER_MAX);
	assert_int_equal(s.frame_length, 1504);
}

static struct sample_list pools_of(uint64_t pool7, uint64_t pool3)
{
	struct sample_list l = { 0 };

	l.v = calloc(2, sizeof(*l.v));
	assert_non_null(l.v);
	l.v[0] = (struct sample_info){ .ifindex = 7, .rate = 50, .pool = pool7 };
	l.v[1] = (struct sample_info){ .ifindex = 3, .rate = 50, .pool = pool3 };
	l.n = 2;
	return l;
}

static void pools_and_sequences(void **state)
{
	struct in_addr a = { htonl(0xc0a8040b) };
	struct sent *s = calloc(1, sizeof(*s));
	struct sample_list l;
	struct seen seen[16];
	struct agent ag;
	struct psample_pkt p;

	(void)state;
	assert_int_equal(agent_init(&ag, a, 1, 1000, capture, s), 0);
	p = pkt(7, 9, 10);
	assert_false(agent_add_sample(&ag, &p, &topo, 1000));
	p = pkt(7, 9, 11);
	agent_add_sample(&ag, &p, &topo, 1010);
	p = pkt(3, 9, 12);
	agent_add_sample(&ag, &p, &topo, 1020);
	/* Another group's sample is not ours. */
	p = pkt(7, 9, 500);
	p.group = 2;
	agent_add_sample(&ag, &p, &topo, 1020);
	assert_int_equal(ag.skipped, 1);

	l = pools_of(130, 77);
	agent_flush(&ag, &l, 1200);
	sample_list_free(&l);
	assert_int_equal(s->n, 1);
	assert_int_equal(word(s->d[0] + 16), 1);	/* datagram seq */
	assert_int_equal(word(s->d[0] + 20), 200);	/* uptime ms */
	assert_int_equal(samples(s, 0, seen, 16), 3);
	/* Per sampler: sequence 1, 2 on port 7; 1 on the uplink. */
	assert_int_equal(seen[0].seq, 1);
	assert_int_equal(seen[1].seq, 2);
	assert_int_equal(seen[2].seq, 1);
	assert_int_equal(seen[0].pool, 130);
	assert_int_equal(seen[1].pool, 130);
	assert_int_equal(seen[2].pool, 77);
	assert_int_equal(seen[0].drops, 0);
	assert_int_equal(seen[0].records[0], 1);
	assert_int_equal(seen[0].records[1], 1029);
	assert_int_equal(seen[0].vni, 5001);

	/* Samples 13 and 14 were lost: port 7 counts two drops. */
	p = pkt(7, 9, 15);
	agent_add_sample(&ag, &p, &topo, 2000);
	assert_int_equal(ag.lost, 2);
	/* The pools could not be read: never less than before. */
	agent_flush(&ag, NULL, 2100);
	assert_int_equal(s->n, 2);
	assert_int_equal(word(s->d[1] + 16), 2);
	assert_int_equal(samples(s, 1, seen, 16), 1);
	assert_int_equal(seen[0].seq, 3);
	assert_int_equal(seen[0].drops, 2);
	assert_int_equal(seen[0].pool, 130);

	/* A pool that went down: the sampler was set anew, start over. */
	p = pkt(7, 9, 16);
	agent_add_sample(&ag, &p, &topo, 3000);
	l = pools_of(5, 77);
	agent_flush(&ag, &l, 3100);
	sample_list_free(&l);
	assert_int_equal(samples(s, 2, seen, 16), 1);
	assert_int_equal(seen[0].seq, 1);
	assert_int_equal(seen[0].drops, 0);
	assert_int_equal(seen[0].pool, 5);

	/* psample's group was created anew (sequence back to 0): no loss. */
	p = pkt(7, 9, 0);
	agent_add_sample(&ag, &p, &topo, 4000);
	assert_int_equal(ag.lost, 2);
	agent_free(&ag);
	free(s);
}

static void unknown_pool_is_estimated(void **state)
{
	struct in_addr a = { 0 };
	struct sent *s = calloc(1, sizeof(*s));
	struct seen seen[4];
	struct psample_pkt p;
	struct agent ag;

	(void)state;
	assert_int_equal(agent_init(&ag, a, 1, 0, capture, s), 0);
	p = pkt(42, 43, 1);
	agent_add_sample(&ag, &p, &topo, 0);
	p = pkt(42, 43, 2);
	agent_add_sample(&ag, &p, &topo, 0);
	agent_flush(&ag, NULL, 10);
	assert_int_equal(samples(s, 0, seen, 4), 2);
	assert_int_equal(seen[0].pool, 50);
	assert_int_equal(seen[1].pool, 100);
	agent_free(&ag);
	free(s);
}

static struct pool_event pool_ev(uint32_t ifindex, uint32_t seq,
				 uint64_t pool)
{
	return (struct pool_event){ .ifindex = ifindex, .group = 1,
				    .seq = seq, .pool = pool };
}

/*
 * Each sample gets the pool vsw told for it (the pools of a burst differ,
 * however they are sent together); one whose pool was lost gets the last
 * plus the rate; pools told for another group or device are not taken.
 */
static void pools_told_per_sample(void **state)
{
	struct in_addr a = { 0 };
	struct sent *s = calloc(1, sizeof(*s));
	struct sample_list l;
	struct seen seen[8];
	struct pool_event ev;
	struct psample_pkt p;
	struct agent ag;
	uint32_t i;

	(void)state;
	assert_int_equal(agent_init(&ag, a, 1, 0, capture, s), 0);
	for (i = 0; i < 5; i++) {
		p = pkt(7, 9, 100 + i);
		agent_add_sample(&ag, &p, &topo, 0);
	}
	ev = pool_ev(7, 100, 40);
	agent_add_pool(&ag, &ev);
	ev = pool_ev(7, 101, 95);
	agent_add_pool(&ag, &ev);
	/* 102's is lost; 103's names another device, 104's another group */
	ev = pool_ev(9, 103, 1000);
	agent_add_pool(&ag, &ev);
	ev = pool_ev(7, 104, 2000);
	ev.group = 2;
	agent_add_pool(&ag, &ev);
	l = pools_of(5000, 77);
	agent_flush(&ag, &l, 10);
	sample_list_free(&l);
	assert_int_equal(samples(s, 0, seen, 8), 5);
	assert_int_equal(seen[0].pool, 40);
	assert_int_equal(seen[1].pool, 95);
	assert_int_equal(seen[2].pool, 145);
	assert_int_equal(seen[3].pool, 195);
	assert_int_equal(seen[4].pool, 245);
	assert_int_equal(ag.exact_pools, 2);

	/* A told pool below what was sent: never less than before. */
	p = pkt(7, 9, 105);
	agent_add_sample(&ag, &p, &topo, 20);
	ev = pool_ev(7, 105, 200);
	agent_add_pool(&ag, &ev);
	agent_flush(&ag, NULL, 30);
	assert_int_equal(samples(s, 1, seen, 8), 1);
	assert_int_equal(seen[0].pool, 245);
	agent_free(&ag);
	free(s);
}

static void flush_deadlines(void **state)
{
	struct in_addr a = { 0 };
	struct sent *s = calloc(1, sizeof(*s));
	struct psample_pkt p;
	struct agent ag;
	uint32_t i;

	(void)state;
	assert_int_equal(agent_init(&ag, a, 1, 0, capture, s), 0);
	assert_true(agent_flush_deadline(&ag) == UINT64_MAX);
	p = pkt(7, 9, 0);
	agent_add_sample(&ag, &p, &topo, 1000);
	/* idle: 100 ms after the last one */
	assert_int_equal(agent_flush_deadline(&ag), 1000 + AGENT_FLUSH_IDLE_MS);
	for (i = 1; i < 10; i++) {
		p = pkt(7, 9, i);
		agent_add_sample(&ag, &p, &topo, 1000 + 60 * i);
	}
	/* busy: 500 ms after the first one at the latest */
	assert_int_equal(agent_flush_deadline(&ag), 1000 + AGENT_FLUSH_MAX_MS);
	agent_flush(&ag, NULL, 1500);
	assert_false(agent_has_pending(&ag));
	/* A full queue must go now. */
	for (i = 0; i < AGENT_QUEUE_MAX - 1; i++) {
		p = pkt(7, 9, 100 + i);
		assert_false(agent_add_sample(&ag, &p, &topo, 2000));
	}
	p = pkt(7, 9, 100 + i);
	assert_true(agent_add_sample(&ag, &p, &topo, 2000));
	assert_int_equal(agent_flush_deadline(&ag), 0);
	agent_free(&ag);
	free(s);
}

/* 256 samples of 128 bytes of header: many datagrams, each <= 1400. */
static void datagrams_split(void **state)
{
	struct in_addr a = { 0 };
	struct sent *s = calloc(1, sizeof(*s));
	struct seen *seen = calloc(AGENT_QUEUE_MAX, sizeof(*seen));
	struct psample_pkt p;
	struct agent ag;
	size_t i, n, total = 0;
	uint32_t next = 1;

	(void)state;
	assert_int_equal(agent_init(&ag, a, 1, 0, capture, s), 0);
	for (i = 0; i < AGENT_QUEUE_MAX; i++) {
		p = pkt(7, 3, i);
		with_tunnel(&p, "192.168.4.11", "192.168.4.22", 5001);
		agent_add_sample(&ag, &p, &topo, 0);
	}
	agent_flush(&ag, NULL, 0);
	assert_true(s->n > 10);
	for (i = 0; i < s->n; i++) {
		assert_int_equal(word(s->d[i] + 16), i + 1);
		n = samples(s, i, seen, AGENT_QUEUE_MAX);
		assert_true(n > 0);
		total += n;
		/* and the next sample would not have fitted */
		if (i + 1 < s->n)
			assert_true(s->len[i] + (s->len[i] - 28) / n >
				    SFLOW_DATAGRAM_MAX);
		for (; n; n--)
			assert_int_equal(seen[n - 1].seq,
					 next + n - 1);
		next += samples(s, i, seen, AGENT_QUEUE_MAX);
	}
	assert_int_equal(total, AGENT_QUEUE_MAX);
	agent_free(&ag);
	free(seen);
	free(s);
}

static void counters(void **state)
{
	struct in_addr a = { 0 };
	struct sent *s = calloc(1, sizeof(*s));
	struct sflow_if_counters ifc[2] = { { .ifindex = 7 },
					    { .ifindex = 3 } };
	struct host_counters h;
	struct seen seen[8];
	struct agent ag;

	(void)state;
	memset(&h, 0, sizeof(h));
	strcpy(h.descr.hostname, "hv1");
	assert_int_equal(agent_init(&ag, a, 1, 0, capture, s), 0);
	agent_send_counters(&ag, ifc, 2, &h, 0);
	agent_send_counters(&ag, ifc, 2, &h, 2000);
	assert_int_equal(s->n, 2);
	assert_int_equal(samples(s, 1, seen, 8), 7);
	assert_int_equal(seen[0].format, 4);
	assert_int_equal(seen[0].ds_index, 7);
	assert_int_equal(seen[0].seq, 2);
	assert_int_equal(seen[1].ds_index, 3);
	assert_int_equal(seen[1].seq, 2);
	/* the host: physical entity 1, one sample per structure */
	assert_int_equal(seen[2].ds_class, 2);
	assert_int_equal(seen[2].ds_index, 1);
	assert_int_equal(seen[2].seq, 6);
	assert_int_equal(seen[6].seq, 10);
	assert_int_equal(word(s->d[1] + 16), 2);
	agent_free(&ag);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(build_kinds),
		cmocka_unit_test(header_is_capped),
		cmocka_unit_test(pools_and_sequences),
		cmocka_unit_test(unknown_pool_is_estimated),
		cmocka_unit_test(pools_told_per_sample),
		cmocka_unit_test(flush_deadlines),
		cmocka_unit_test(datagrams_split),
		cmocka_unit_test(counters),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
