// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/sflowd/metrics.c: a made-up snapshot of two
 * switches (counters, drops, samplers on a port and on the uplink, the
 * agent's numbers) rendered in Prometheus' text format, and the samples
 * and labels it must carry.
 *
 * "test_metrics --dump" prints that rendering instead, for
 * test_metrics.sh to give to promtool and to check the Grafana
 * dashboard's expressions against.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <cmocka.h>

#include "metrics.h"
#include "testutil.h"

/* As testutil's fake_ifname(), and 11 has a name that needs escaping. */
static char *ifname(unsigned int ifindex, char *buf)
{
	if (ifindex == 11)
		return strcpy(buf, "we\"ird\\");
	return fake_ifname(ifindex, buf);
}

static void add_drop(struct stats_counters *c, const char *reason,
		     uint64_t n)
{
	c->drops = reallocarray(c->drops, c->ndrops + 1, sizeof(*c->drops));
	assert_non_null(c->drops);
	c->drops[c->ndrops].reason = strdup(reason);
	c->drops[c->ndrops++].packets = n;
}

static void counters(struct stats_counters *c, uint64_t base)
{
	c->rx_packets = base;
	c->rx_bytes = base + 1;
	c->tx_packets = base + 2;
	c->tx_bytes = base + 3;
	c->encap_packets = base + 4;
	c->decap_packets = base + 5;
	add_drop(c, "spoofed_mac", base + 6);
	add_drop(c, "policy_miss", base + 7);
}

static void add_port(struct metrics_switch *s, uint32_t ifindex, bool vsid,
		     uint64_t base)
{
	struct stats_port *p;

	s->stats.ports = reallocarray(s->stats.ports, s->stats.nports + 1,
				      sizeof(*p));
	assert_non_null(s->stats.ports);
	p = &s->stats.ports[s->stats.nports++];
	memset(p, 0, sizeof(*p));
	p->ifindex = ifindex;
	p->has_vsid = vsid;
	p->vsid = 5001;
	p->has_stats = true;
	counters(&p->c, base);
}

static void add_sampler(struct metrics_switch *s, uint32_t ifindex,
			uint32_t rate, uint64_t pool, uint64_t samples)
{
	struct sample_info *v;

	v = reallocarray(s->samples.v, s->samples.n + 1, sizeof(*v));
	assert_non_null(v);
	s->samples.v = v;
	v[s->samples.n++] = (struct sample_info){ .ifindex = ifindex,
						  .rate = rate, .group = 1,
						  .pool = pool,
						  .samples = samples };
}

/*
 * sw0: counters from 100, ports 7 (veth1, VSID 5001, from 1000) and 9
 * (gone: "if9", no VSID, from 2000), samplers on 7 and on the uplink 3
 * (nic0). sw1: no counters, port 11 (a strange name), nothing else.
 */
static void snapshot(struct metrics_snapshot *m)
{
	struct metrics_switch *s;

	memset(m, 0, sizeof(*m));
	m->sw = calloc(2, sizeof(*m->sw));
	assert_non_null(m->sw);
	m->nsw = 2;
	m->vsw_up = true;
	m->scrape_seconds = 0.0125;
	m->scrape_errors = 3;
	m->start_time = 1796600000;
	m->version = "0.1";
	m->ifname = ifname;
	m->agent = (struct metrics_agent){ .flow_samples = 40,
					   .counter_samples = 50,
					   .datagrams = 60,
					   .samples_lost = 7,
					   .overruns = 2 };
	s = &m->sw[0];
	strcpy(s->info.name, "sw0");
	s->info.has = SWITCH_HAS_UPLINK | SWITCH_HAS_PORTS | SWITCH_HAS_POLICY |
		      SWITCH_HAS_POLICY_MAX | SWITCH_HAS_HELD |
		      SWITCH_HAS_HOLD_MAX | SWITCH_HAS_OVER_LIMIT;
	s->info.uplink_ifindex = 3;
	s->info.ports = 2;
	s->info.policy = 4;
	s->info.policy_max = 1000000;
	s->info.held = 1;
	s->info.hold_max = 64;
	s->info.policy_over_limit = 5;
	strcpy(s->stats.name, "sw0");
	s->stats.has_stats = true;
	counters(&s->stats.sw, 100);
	add_port(s, 7, true, 1000);
	add_port(s, 9, false, 2000);
	add_sampler(s, 7, 50, 4000, 88);
	add_sampler(s, 3, 1000, 9000, 9);
	s = &m->sw[1];
	strcpy(s->info.name, "sw1");
	strcpy(s->stats.name, "sw1");
	add_port(s, 11, true, 0);
}

static char *render(const struct metrics_snapshot *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_int_equal(metrics_render(fp, m), 0);
	fclose(fp);
	return buf;
}

static void has(const char *out, const char *line)
{
	char want[512];

	snprintf(want, sizeof(want), "\n%s\n", line);
	if (!strstr(out, want))
		fail_msg("no line \"%s\" in:\n%s", line, out);
}

static void lacks(const char *out, const char *text)
{
	if (strstr(out, text))
		fail_msg("\"%s\" should not be in:\n%s", text, out);
}

static void samples(void **state)
{
	struct metrics_snapshot m;
	char *out;

	(void)state;
	snapshot(&m);
	out = render(&m);
	has(out, "# TYPE vsw_switch_rx_packets_total counter");
	has(out, "vsw_switch_rx_packets_total{switch=\"sw0\"} 100");
	has(out, "vsw_switch_tx_bytes_total{switch=\"sw0\"} 103");
	has(out, "vsw_switch_decap_packets_total{switch=\"sw0\"} 105");
	has(out, "vsw_switch_dropped_packets_total{switch=\"sw0\",reason=\"spoofed_mac\"} 106");
	has(out, "vsw_switch_dropped_packets_total{switch=\"sw0\",reason=\"policy_miss\"} 107");
	/* sw1 sent no counters of its own: no sample, not a 0. */
	lacks(out, "vsw_switch_rx_packets_total{switch=\"sw1\"}");
	has(out, "vsw_switch_ports{switch=\"sw0\"} 2");
	has(out, "vsw_switch_policy_records{switch=\"sw0\"} 4");
	has(out, "vsw_switch_policy_records_max{switch=\"sw0\"} 1000000");
	has(out, "vsw_switch_policy_refused_total{switch=\"sw0\"} 5");
	has(out, "vsw_switch_held_frames{switch=\"sw0\"} 1");
	has(out, "vsw_switch_held_frames_max{switch=\"sw0\"} 64");
	lacks(out, "vsw_switch_ports{switch=\"sw1\"}");

	has(out, "vsw_port_rx_packets_total{switch=\"sw0\",port=\"veth1\",vsid=\"5001\"} 1000");
	has(out, "vsw_port_rx_bytes_total{switch=\"sw0\",port=\"veth1\",vsid=\"5001\"} 1001");
	has(out, "vsw_port_tx_packets_total{switch=\"sw0\",port=\"veth1\",vsid=\"5001\"} 1002");
	has(out, "vsw_port_tx_bytes_total{switch=\"sw0\",port=\"veth1\",vsid=\"5001\"} 1003");
	has(out, "vsw_port_encap_packets_total{switch=\"sw0\",port=\"veth1\",vsid=\"5001\"} 1004");
	/* Ports have no decapsulation counter of their own. */
	lacks(out, "vsw_port_decap_packets_total");
	has(out, "vsw_port_dropped_packets_total{switch=\"sw0\",port=\"veth1\",vsid=\"5001\",reason=\"policy_miss\"} 1007");
	has(out, "vsw_port_rx_packets_total{switch=\"sw0\",port=\"if9\",vsid=\"\"} 2000");
	has(out, "vsw_port_rx_packets_total{switch=\"sw1\",port=\"we\\\"ird\\\\\",vsid=\"5001\"} 0");

	has(out, "vsw_port_sampling_rate{switch=\"sw0\",port=\"veth1\",vsid=\"5001\"} 50");
	has(out, "vsw_port_sample_pool_packets_total{switch=\"sw0\",port=\"veth1\",vsid=\"5001\"} 4000");
	has(out, "vsw_port_samples_total{switch=\"sw0\",port=\"veth1\",vsid=\"5001\"} 88");
	has(out, "vsw_uplink_sampling_rate{switch=\"sw0\",uplink=\"nic0\"} 1000");
	has(out, "vsw_uplink_sample_pool_packets_total{switch=\"sw0\",uplink=\"nic0\"} 9000");
	has(out, "vsw_uplink_samples_total{switch=\"sw0\",uplink=\"nic0\"} 9");
	lacks(out, "vsw_port_samples_total{switch=\"sw0\",port=\"nic0\"");

	has(out, "vsw_sflowd_flow_samples_total 40");
	has(out, "vsw_sflowd_polled_samples_total 50");
	has(out, "vsw_sflowd_datagrams_total 60");
	has(out, "vsw_sflowd_samples_lost_total 7");
	has(out, "vsw_sflowd_receive_overruns_total 2");
	has(out, "vsw_up 1");
	has(out, "vsw_scrape_duration_seconds 0.012500");
	has(out, "vsw_scrape_errors_total 3");
	has(out, "vsw_sflowd_start_time_seconds 1796600000.000");
	has(out, "vsw_sflowd_build_info{version=\"0.1\"} 1");
	free(out);
	metrics_free(&m);
}

/* Without vsw: no switch, vsw_up 0, and every family still described. */
static void down(void **state)
{
	struct metrics_snapshot m = { .version = "0.1" };
	char *out;

	(void)state;
	out = render(&m);
	has(out, "vsw_up 0");
	has(out, "# TYPE vsw_port_rx_packets_total counter");
	has(out, "# TYPE vsw_switch_held_frames gauge");
	lacks(out, "{switch=");
	free(out);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(samples),
		cmocka_unit_test(down),
	};
	struct metrics_snapshot m;

	if (argc == 2 && !strcmp(argv[1], "--dump")) {
		snapshot(&m);
		metrics_render(stdout, &m);
		metrics_free(&m);
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
