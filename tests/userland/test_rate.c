// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/rate.c, the rates of "vswctl stats show -r":
 * rates from two readings of the counters (a port that came meanwhile, a
 * counter that went back), the table (redrawn in place on a terminal) and
 * the JSON lines.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <cmocka.h>

#include "rate.h"
#include "testutil.h"

static void add_drop(struct stats_counters *c, const char *reason,
		     uint64_t n)
{
	c->drops = reallocarray(c->drops, c->ndrops + 1, sizeof(*c->drops));
	assert_non_null(c->drops);
	c->drops[c->ndrops].reason = strdup(reason);
	c->drops[c->ndrops++].packets = n;
}

static void add_port(struct stats_reply *s, uint32_t ifindex, uint32_t vsid,
		     uint64_t rx, uint64_t tx, uint64_t policy_miss)
{
	struct stats_port *p;

	s->ports = reallocarray(s->ports, s->nports + 1, sizeof(*s->ports));
	assert_non_null(s->ports);
	p = &s->ports[s->nports++];
	memset(p, 0, sizeof(*p));
	p->ifindex = ifindex;
	p->has_vsid = true;
	p->vsid = vsid;
	p->has_stats = true;
	p->c.rx_packets = rx;
	p->c.rx_bytes = rx * 100;
	p->c.tx_packets = tx;
	p->c.tx_bytes = tx * 100;
	p->c.encap_packets = tx / 2;
	add_drop(&p->c, "spoofed_mac", 1);
	add_drop(&p->c, "policy_miss", policy_miss);
}

/* Two readings 2 s apart: sw0 with ports 7 (both) and 9 (only the second). */
static void readings(struct stats_reply *a, struct stats_reply *b)
{
	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	strcpy(a->name, "sw0");
	strcpy(b->name, "sw0");
	a->has_stats = b->has_stats = true;
	a->sw.rx_packets = 100;
	a->sw.rx_bytes = 10000;
	b->sw.rx_packets = 300;
	b->sw.rx_bytes = 30000;
	a->sw.tx_packets = 50;
	b->sw.tx_packets = 40;	/* went back: counted as 0 */
	a->sw.decap_packets = 0;
	b->sw.decap_packets = 8;
	add_drop(&a->sw, "spoofed_mac", 1);
	add_drop(&a->sw, "policy_miss", 4);
	add_drop(&b->sw, "spoofed_mac", 1);
	add_drop(&b->sw, "policy_miss", 10);
	add_port(a, 7, 5001, 10, 20, 4);
	add_port(b, 7, 5001, 30, 60, 10);
	add_port(b, 9, 6001, 500, 500, 0);
}

static void compute(void **state)
{
	struct stats_reply a, b;
	struct rate_report r;

	(void)state;
	readings(&a, &b);
	assert_int_equal(rate_compute(&a, &b, 2.0, &r), 0);
	assert_string_equal(r.name, "sw0");
	assert_true(r.has_sw);
	assert_true(r.sw.rx_pps == 100.0);
	assert_true(r.sw.rx_bps == 80000.0);	/* 20000 bytes in 2 s */
	assert_true(r.sw.tx_pps == 0.0);
	assert_true(r.sw.decap_pps == 4.0);
	assert_true(r.sw.drops_ps == 3.0);
	assert_int_equal(r.sw.ndrops, 1);	/* only the reason that moved */
	assert_string_equal(r.sw.drops[0].reason, "policy_miss");
	assert_true(r.sw.drops[0].per_s == 3.0);
	assert_int_equal(r.nports, 2);
	assert_int_equal(r.ports[0].ifindex, 7);
	assert_int_equal(r.ports[0].vsid, 5001);
	assert_true(r.ports[0].rx_pps == 10.0);
	assert_true(r.ports[0].rx_bps == 8000.0);
	assert_true(r.ports[0].tx_pps == 20.0);
	assert_true(r.ports[0].encap_pps == 10.0);
	assert_true(r.ports[0].drops_ps == 3.0);
	/* Port 9 came since the first reading: no rate yet. */
	assert_int_equal(r.ports[1].ifindex, 9);
	assert_true(r.ports[1].rx_pps == 0.0 && r.ports[1].tx_bps == 0.0);
	assert_int_equal(r.ports[1].ndrops, 0);
	rate_report_free(&r);
	stats_reply_free(&a);
	stats_reply_free(&b);
}

static char *render(const struct rate_report *r, unsigned long seq,
		    bool clear, bool json)
{
	struct capture c;

	capture_begin(&c, json);
	rate_print(r, seq, clear, &c.out);
	return capture_end(&c);
}

static void text(void **state)
{
	struct stats_reply a, b;
	struct rate_report r;
	char *out;

	(void)state;
	readings(&a, &b);
	assert_int_equal(rate_compute(&a, &b, 2.0, &r), 0);
	out = render(&r, 1, false, false);
	assert_non_null(strstr(out, "sw0: rates over 2.0 s (report 1, "));
	assert_non_null(strstr(out,
		"DEV                 VSID   RX pkt/s   RX bit/s   TX pkt/s   TX bit/s     DROP/s\n"
		"(switch)               -      100.0     80.00k        0.0        0.0        3.0\n"
		"veth1               5001       10.0      8.00k       20.0     16.00k        3.0\n"
		"if9                 6001        0.0        0.0        0.0        0.0        0.0\n"
		"drops/s sw0: policy_miss 3.0\n"
		"drops/s veth1: policy_miss 3.0\n"));
	assert_true(out[0] != '\033' && out[0] != '\n');
	free(out);
	/* Appended: a blank line between reports; redrawn: from the top. */
	out = render(&r, 2, false, false);
	assert_true(out[0] == '\n');
	free(out);
	out = render(&r, 2, true, false);
	assert_memory_equal(out, "\033[H\033[Jsw0: rates", 14);
	free(out);
	rate_report_free(&r);
	stats_reply_free(&a);
	stats_reply_free(&b);
}

static void json(void **state)
{
	struct stats_reply a, b;
	struct rate_report r;
	char *out;

	(void)state;
	readings(&a, &b);
	assert_int_equal(rate_compute(&a, &b, 2.0, &r), 0);
	out = render(&r, 3, true, true);
	/* One line, whatever the terminal: never redrawn. */
	assert_string_equal(out,
		"{\"report\":3,\"seconds\":2.000,\"switch\":{\"name\":\"sw0\","
		"\"rx_pps\":100.000,\"rx_bps\":80000.000,\"tx_pps\":0.000,"
		"\"tx_bps\":0.000,\"encap_pps\":0.000,\"decap_pps\":4.000,"
		"\"drops_ps\":3.000,\"drops\":{\"policy_miss\":3.000}},"
		"\"ports\":[{\"dev\":\"veth1\",\"ifindex\":7,\"vsid\":5001,"
		"\"rx_pps\":10.000,\"rx_bps\":8000.000,\"tx_pps\":20.000,"
		"\"tx_bps\":16000.000,\"encap_pps\":10.000,\"decap_pps\":0.000,"
		"\"drops_ps\":3.000,\"drops\":{\"policy_miss\":3.000}},"
		"{\"dev\":null,\"ifindex\":9,\"vsid\":6001,\"rx_pps\":0.000,"
		"\"rx_bps\":0.000,\"tx_pps\":0.000,\"tx_bps\":0.000,"
		"\"encap_pps\":0.000,\"decap_pps\":0.000,\"drops_ps\":0.000,"
		"\"drops\":{}}]}\n");
	free(out);
	rate_report_free(&r);
	stats_reply_free(&a);
	stats_reply_free(&b);
}

static void si(void **state)
{
	char b[16];

	(void)state;
	assert_string_equal(rate_si(b, sizeof(b), 0), "0.0");
	assert_string_equal(rate_si(b, sizeof(b), 999.9), "999.9");
	assert_string_equal(rate_si(b, sizeof(b), 1000), "1.00k");
	assert_string_equal(rate_si(b, sizeof(b), 1234567), "1.23M");
	assert_string_equal(rate_si(b, sizeof(b), 10e9), "10.00G");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(compute),
		cmocka_unit_test(text),
		cmocka_unit_test(json),
		cmocka_unit_test(si),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
