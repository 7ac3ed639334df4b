// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/sflowd/live.c, the live view's data: what a
 * sampled frame's flow is (IPv4, IPv6 behind a VLAN tag, a fragment,
 * non-IP), the estimates and their error, the window (flows forgotten
 * after LIVE_WINDOW_S seconds), the bound on flows tracked, and the rates
 * of two readings. The stream end to end is test_live.sh's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "live.h"
#include "metrics.h"
#include "sflow.h"

/* A frame: Ethernet (a VLAN tag if @vlan), then @ethertype's header. */
static uint32_t frame(uint8_t *b, bool vlan, uint16_t ethertype)
{
	uint32_t off = 12;

	memset(b, 0, 128);
	memcpy(b, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
	if (vlan) {
		b[off] = 0x81;
		b[off + 1] = 0x00;
		b[off + 3] = 7;
		off += 4;
	}
	b[off] = ethertype >> 8;
	b[off + 1] = ethertype & 0xff;
	return off + 2;
}

static void sample(struct sflow_flow_sample *s, const uint8_t *hdr,
		   uint32_t len, uint32_t vsid, uint32_t rate, uint32_t size)
{
	memset(s, 0, sizeof(*s));
	s->rate = rate;
	s->frame_length = size + SFLOW_FCS_LEN;
	s->stripped = SFLOW_FCS_LEN;
	s->header = hdr;
	s->header_len = len;
	s->vni_dir = SFLOW_DIR_EGRESS;
	s->vni = vsid;
}

/* live_render() at @now_ms into a string (free it). */
static char *render(struct live *l, uint64_t now_ms)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_int_equal(live_render(l, fp, now_ms, 1.0), 0);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static void flows(void **state)
{
	struct sflow_flow_sample s;
	struct live *l = live_new(0);
	uint8_t b[128];
	uint32_t off;
	char *out;
	int i;

	(void)state;
	assert_non_null(l);
	/* IPv6 TCP behind a VLAN tag, 4 samples of 1 in 100, 1000 bytes */
	off = frame(b, true, 0x86dd);
	b[off] = 0x60;
	b[off + 6] = 6;
	inet_pton(AF_INET6, "fd10::1", b + off + 8);
	inet_pton(AF_INET6, "fd10::2", b + off + 24);
	b[off + 40] = 0x9c;	/* 40000 */
	b[off + 41] = 0x40;
	b[off + 43] = 80;
	sample(&s, b, off + 44, 5001, 100, 1000);
	for (i = 0; i < 4; i++)
		live_add_sample(l, &s, 9000 + i * 100);
	/* ARP: not IP, by MACs and EtherType */
	off = frame(b, false, 0x0806);
	sample(&s, b, off + 28, 6001, 10, 60);
	live_add_sample(l, &s, 10500);
	/* an IPv4 UDP fragment that is not the first: no ports */
	off = frame(b, false, 0x0800);
	b[off] = 0x45;
	b[off + 7] = 10;	/* offset 80 bytes */
	b[off + 9] = 17;
	inet_pton(AF_INET, "10.0.0.1", b + off + 12);
	inet_pton(AF_INET, "10.0.0.2", b + off + 16);
	b[off + 20] = 0x12;
	sample(&s, b, off + 28, 5001, 100, 500);
	live_add_sample(l, &s, 10600);

	/* 10 s window, started at 0: 10.6 s of it */
	out = render(l, 10600);
	assert_non_null(strstr(out, "\"src\":\"fd10::1\",\"dst\":\"fd10::2\","
				    "\"proto\":6,\"sport\":40000,\"dport\":80,"
				    "\"samples\":4,\"frames\":400,"));
	/* 196 * sqrt(1 / 4) */
	assert_non_null(strstr(out, "\"error_pct\":98.000"));
	assert_non_null(strstr(out, "\"src\":\"02:00:00:00:00:01\","
				    "\"dst\":\"02:00:00:00:00:02\","
				    "\"ethertype\":2054,\"samples\":1,\"frames\":10,"));
	assert_non_null(strstr(out, "\"src\":\"10.0.0.1\",\"dst\":\"10.0.0.2\","
				    "\"proto\":17,\"sport\":0,\"dport\":0,"));
	/* VSID 5001's flows first, the larger first */
	assert_true(strstr(out, "fd10::1") < strstr(out, "10.0.0.1"));
	assert_true(strstr(out, "\"vsid\":5001") < strstr(out, "\"vsid\":6001"));
	free(out);

	/* the IPv6 flow's second (9) is out of the window: forgotten */
	out = render(l, 19450);
	assert_null(strstr(out, "fd10::1"));
	assert_non_null(strstr(out, "10.0.0.1"));
	free(out);
	out = render(l, 20000);
	assert_non_null(strstr(out, "\"flows\":[],\"hosts\":[]"));
	free(out);
	live_free(l);
}

/* Flows beyond LIVE_FLOWS_MAX are counted, not kept. */
static void bounded(void **state)
{
	struct sflow_flow_sample s;
	struct live *l = live_new(0);
	uint8_t b[128];
	uint32_t off;
	char *out;
	int i;

	(void)state;
	off = frame(b, false, 0x0800);
	b[off] = 0x45;
	b[off + 9] = 17;
	for (i = 0; i < LIVE_FLOWS_MAX + 5; i++) {
		b[off + 12] = (uint8_t)(i >> 8);
		b[off + 13] = (uint8_t)i;
		sample(&s, b, off + 28, 1, 1, 64);
		live_add_sample(l, &s, 1000);
	}
	out = render(l, 1500);
	assert_non_null(strstr(out, "\"untracked\":5}"));
	free(out);
	live_free(l);
}

static struct metrics_switch *reading(uint64_t rx, uint64_t drops)
{
	struct metrics_switch *w = calloc(1, sizeof(*w));
	struct stats_reply *r = &w->stats;

	assert_non_null(w);
	strcpy(w->info.name, "sw0");
	strcpy(r->name, "sw0");
	r->has_stats = true;
	r->sw.rx_packets = rx;
	r->sw.rx_bytes = rx * 100;
	r->sw.drops = calloc(1, sizeof(*r->sw.drops));
	assert_non_null(r->sw.drops);
	r->sw.drops[0].reason = strdup("policy_miss");
	r->sw.drops[0].packets = drops;
	r->sw.ndrops = 1;
	r->ports = calloc(1, sizeof(*r->ports));
	assert_non_null(r->ports);
	r->nports = 1;
	r->ports[0].ifindex = 7;
	r->ports[0].has_vsid = r->ports[0].has_stats = true;
	r->ports[0].vsid = 5001;
	r->ports[0].c.rx_packets = rx;
	r->ports[0].c.rx_bytes = rx * 100;
	return w;
}

static char *name7(unsigned int ifindex, char *buf)
{
	return ifindex == 7 ? strcpy(buf, "blue1") : NULL;
}

static void rates(void **state)
{
	struct metrics_snapshot m = { .ifname = name7 };
	struct live *l = live_new(0);
	char *out;

	(void)state;
	m.sw = reading(1000, 5);
	m.nsw = 1;
	live_add_counters(l, &m, 0, 1000);
	assert_null(m.sw);
	out = render(l, 1000);
	assert_non_null(strstr(out, "\"seconds\":0.000"));
	free(out);
	m.sw = reading(3000, 45);
	m.nsw = 1;
	live_add_counters(l, &m, 3, 3000);
	out = render(l, 3000);
	/* 2000 frames of 100 bytes in 2 s */
	assert_non_null(strstr(out, "\"name\":\"sw0\",\"rx_bps\":800000.000,"
				    "\"rx_pps\":1000.000,"));
	assert_non_null(strstr(out, "\"reason\":\"policy_miss\",\"total\":45,"
				    "\"pps\":20.000"));
	assert_non_null(strstr(out, "\"switch\":\"sw0\",\"dev\":\"blue1\","
				    "\"vsid\":5001,\"rx_bps\":800000.000"));
	assert_non_null(strstr(out, "\"vsids\":[{\"vsid\":5001,\"ports\":1,"
				    "\"rx_bps\":800000.000"));
	assert_non_null(strstr(out, "\"lost\":3,"));
	free(out);
	live_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flows),
		cmocka_unit_test(bounded),
		cmocka_unit_test(rates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
