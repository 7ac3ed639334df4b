// SPDX-License-Identifier: GPL-2.0
/*
 * Prometheus metrics of vsw-sflowd. See metrics.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "metrics.h"
#include "nl.h"
#include "report.h"

/* A dump disturbed by a concurrent change is tried again this often. */
#define READ_TRIES	3

static int read_switch(struct vsw_nl *nl, struct metrics_switch *s)
{
	int ret;

	ret = stats_get(nl, s->info.name, 0, &s->stats);
	if (!ret)
		ret = sample_get(nl, s->info.name, &s->samples);
	return ret;
}

static int read_once(struct vsw_nl *nl, struct metrics_snapshot *m)
{
	struct switch_list l;
	struct report r;
	size_t i;
	int ret;

	if (switch_get(nl, NULL, &l, "switch show", &r))
		return -EIO;
	m->sw = calloc(l.n ? l.n : 1, sizeof(*m->sw));
	if (!m->sw) {
		switch_list_free(&l);
		return -ENOMEM;
	}
	m->nsw = l.n;
	for (i = 0; i < l.n; i++)
		m->sw[i].info = l.v[i];
	switch_list_free(&l);
	for (i = 0; i < m->nsw; i++) {
		ret = read_switch(nl, &m->sw[i]);
		if (ret == -ENOENT)	/* deleted since the dump: read again */
			return -EINTR;
		if (ret)
			return ret;
	}
	return 0;
}

static void free_switches(struct metrics_snapshot *m)
{
	size_t i;

	for (i = 0; i < m->nsw; i++) {
		stats_reply_free(&m->sw[i].stats);
		sample_list_free(&m->sw[i].samples);
	}
	free(m->sw);
	m->sw = NULL;
	m->nsw = 0;
}

int metrics_read(struct vsw_nl *nl, struct metrics_snapshot *m)
{
	int ret, tries = 0;

	do {
		free_switches(m);
		ret = read_once(nl, m);
	} while (ret == -EINTR && ++tries < READ_TRIES);
	if (ret)
		free_switches(m);
	m->vsw_up = !ret;
	return ret;
}

void metrics_from_agent(const struct agent *a, struct metrics_snapshot *m)
{
	m->agent.flow_samples = a->flow_samples;
	m->agent.counter_samples = a->counter_samples;
	m->agent.datagrams = a->datagrams;
	m->agent.samples_lost = a->lost;
	m->agent.overruns = a->overruns;
}

void metrics_free(struct metrics_snapshot *m)
{
	free_switches(m);
}

/* A label value: '\', '"' and newline escaped, as the format wants. */
static void label(FILE *fp, const char *name, const char *val, bool first)
{
	fprintf(fp, "%s%s=\"", first ? "" : ",", name);
	for (; *val; val++) {
		if (*val == '\\' || *val == '"')
			fputc('\\', fp);
		if (*val == '\n')
			fputs("\\n", fp);
		else
			fputc(*val, fp);
	}
	fputc('"', fp);
}

static void family(FILE *fp, const char *name, const char *type,
		   const char *help)
{
	fprintf(fp, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

const char *metrics_devname(const struct metrics_snapshot *m,
			    uint32_t ifindex, char *buf)
{
	char *name = m->ifname ? m->ifname(ifindex, buf) :
				 if_indextoname(ifindex, buf);

	if (!name)
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
	return buf;
}

/* {switch="sw0",port="blue1",vsid="5001"} without the braces. */
static void port_labels(FILE *fp, const struct metrics_snapshot *m,
			const struct metrics_switch *s,
			const struct stats_port *p)
{
	char name[IF_NAMESIZE], vsid[12] = "";

	label(fp, "switch", s->info.name, true);
	label(fp, "port", metrics_devname(m, p->ifindex, name), false);
	if (p->has_vsid)
		snprintf(vsid, sizeof(vsid), "%u", p->vsid);
	label(fp, "vsid", vsid, false);
}

/* Which counter of a struct stats_counters a metric shows. */
enum counter { C_RX_PACKETS, C_RX_BYTES, C_TX_PACKETS, C_TX_BYTES, C_ENCAP,
	       C_DECAP };

static uint64_t counter_of(const struct stats_counters *c, enum counter k)
{
	switch (k) {
	case C_RX_PACKETS:
		return c->rx_packets;
	case C_RX_BYTES:
		return c->rx_bytes;
	case C_TX_PACKETS:
		return c->tx_packets;
	case C_TX_BYTES:
		return c->tx_bytes;
	case C_ENCAP:
		return c->encap_packets;
	default:
		return c->decap_packets;
	}
}

static const struct {
	const char *name;	/* after vsw_switch_ / vsw_port_ */
	enum counter k;
	bool port;		/* ports have it too */
	const char *help;
} counters[] = {
	{ "rx_packets_total", C_RX_PACKETS, true,
	  "Frames received: the switch's from VM ports and decapsulated; a port's from its VM." },
	{ "rx_bytes_total", C_RX_BYTES, true,
	  "Bytes of the frames received (Ethernet frame without FCS)." },
	{ "tx_packets_total", C_TX_PACKETS, true,
	  "Frames sent: the switch's to VM ports and the uplink (before encapsulation); a port's to its VM." },
	{ "tx_bytes_total", C_TX_BYTES, true,
	  "Bytes of the frames sent (Ethernet frame without FCS)." },
	{ "encap_packets_total", C_ENCAP, true,
	  "Frames sent in NVGRE." },
	{ "decap_packets_total", C_DECAP, false,
	  "NVGRE packets accepted from the uplink." },
};

#define NCOUNTERS	(sizeof(counters) / sizeof(counters[0]))

/* One sample of a switch's value, if the kernel sent it (@has). */
static void switch_value(FILE *fp, const char *name,
			 const struct switch_info *w, unsigned int has,
			 uint64_t v)
{
	if (!(w->has & has))
		return;
	fprintf(fp, "%s{", name);
	label(fp, "switch", w->name, true);
	fprintf(fp, "} %" PRIu64 "\n", v);
}

static void render_switches(FILE *fp, const struct metrics_snapshot *m)
{
	const struct metrics_switch *s;
	char name[96];
	size_t i, k, d;

	for (k = 0; k < NCOUNTERS; k++) {
		snprintf(name, sizeof(name), "vsw_switch_%s", counters[k].name);
		family(fp, name, "counter", counters[k].help);
		for (i = 0; i < m->nsw; i++) {
			s = &m->sw[i];
			if (!s->stats.has_stats)
				continue;
			fprintf(fp, "%s{", name);
			label(fp, "switch", s->info.name, true);
			fprintf(fp, "} %" PRIu64 "\n",
				counter_of(&s->stats.sw, counters[k].k));
		}
	}
	family(fp, "vsw_switch_dropped_packets_total", "counter",
	       "Frames the switch dropped, by reason (Documentation/counters.md).");
	for (i = 0; i < m->nsw; i++) {
		s = &m->sw[i];
		for (d = 0; s->stats.has_stats && d < s->stats.sw.ndrops; d++) {
			fputs("vsw_switch_dropped_packets_total{", fp);
			label(fp, "switch", s->info.name, true);
			label(fp, "reason", s->stats.sw.drops[d].reason, false);
			fprintf(fp, "} %" PRIu64 "\n", s->stats.sw.drops[d].packets);
		}
	}

	family(fp, "vsw_switch_ports", "gauge", "VM ports attached.");
	for (i = 0; i < m->nsw; i++)
		switch_value(fp, "vsw_switch_ports", &m->sw[i].info,
			     SWITCH_HAS_PORTS, m->sw[i].info.ports);
	family(fp, "vsw_switch_policy_records", "gauge",
	       "Policy (CA to PA) records in the table.");
	for (i = 0; i < m->nsw; i++)
		switch_value(fp, "vsw_switch_policy_records", &m->sw[i].info,
			     SWITCH_HAS_POLICY, m->sw[i].info.policy);
	family(fp, "vsw_switch_policy_records_max", "gauge",
	       "Most policy records the switch accepts (policy-max).");
	for (i = 0; i < m->nsw; i++)
		switch_value(fp, "vsw_switch_policy_records_max", &m->sw[i].info,
			     SWITCH_HAS_POLICY_MAX, m->sw[i].info.policy_max);
	family(fp, "vsw_switch_policy_refused_total", "counter",
	       "Policy records refused because the table was full.");
	for (i = 0; i < m->nsw; i++)
		switch_value(fp, "vsw_switch_policy_refused_total",
			     &m->sw[i].info, SWITCH_HAS_OVER_LIMIT,
			     m->sw[i].info.policy_over_limit);
	family(fp, "vsw_switch_held_frames", "gauge",
	       "Frames held on a policy miss, waiting for their record.");
	for (i = 0; i < m->nsw; i++)
		switch_value(fp, "vsw_switch_held_frames", &m->sw[i].info,
			     SWITCH_HAS_HELD, m->sw[i].info.held);
	family(fp, "vsw_switch_held_frames_max", "gauge",
	       "Most frames the switch holds (hold-max).");
	for (i = 0; i < m->nsw; i++)
		switch_value(fp, "vsw_switch_held_frames_max", &m->sw[i].info,
			     SWITCH_HAS_HOLD_MAX, m->sw[i].info.hold_max);
}

static void render_ports(FILE *fp, const struct metrics_snapshot *m)
{
	const struct metrics_switch *s;
	const struct stats_port *p;
	char name[96];
	size_t i, j, k, d;

	for (k = 0; k < NCOUNTERS; k++) {
		if (!counters[k].port)
			continue;
		snprintf(name, sizeof(name), "vsw_port_%s", counters[k].name);
		family(fp, name, "counter", counters[k].help);
		for (i = 0; i < m->nsw; i++) {
			s = &m->sw[i];
			for (j = 0; j < s->stats.nports; j++) {
				p = &s->stats.ports[j];
				if (!p->has_stats)
					continue;
				fprintf(fp, "%s{", name);
				port_labels(fp, m, s, p);
				fprintf(fp, "} %" PRIu64 "\n",
					counter_of(&p->c, counters[k].k));
			}
		}
	}
	family(fp, "vsw_port_dropped_packets_total", "counter",
	       "Frames of the port dropped, by reason (Documentation/counters.md).");
	for (i = 0; i < m->nsw; i++) {
		s = &m->sw[i];
		for (j = 0; j < s->stats.nports; j++) {
			p = &s->stats.ports[j];
			for (d = 0; p->has_stats && d < p->c.ndrops; d++) {
				fputs("vsw_port_dropped_packets_total{", fp);
				port_labels(fp, m, s, p);
				label(fp, "reason", p->c.drops[d].reason, false);
				fprintf(fp, "} %" PRIu64 "\n",
					p->c.drops[d].packets);
			}
		}
	}
}

/* The samplers: on a port (its labels) or on the uplink. */
static void render_samplers(FILE *fp, const struct metrics_snapshot *m)
{
	static const struct {
		const char *name, *type, *help;
	} f[] = {
		{ "sampling_rate", "gauge",
		  "The sampler's rate: one frame in this many is sampled." },
		{ "sample_pool_packets_total", "counter",
		  "Frames that could have been sampled (the sampler's pool)." },
		{ "samples_total", "counter",
		  "Samples the kernel took." },
	};
	const struct metrics_switch *s;
	const struct sample_info *si;
	const struct stats_port *p;
	char name[IF_NAMESIZE];
	size_t i, j, k, n;
	bool uplink;
	uint64_t v;

	for (uplink = false, n = 0; n < 2; n++, uplink = true) {
		for (k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
			fprintf(fp, "# HELP vsw_%s_%s %s\n# TYPE vsw_%s_%s %s\n",
				uplink ? "uplink" : "port", f[k].name, f[k].help,
				uplink ? "uplink" : "port", f[k].name, f[k].type);
			for (i = 0; i < m->nsw; i++) {
				s = &m->sw[i];
				for (j = 0; j < s->samples.n; j++) {
					si = &s->samples.v[j];
					p = NULL;
					for (size_t q = 0; q < s->stats.nports; q++)
						if (s->stats.ports[q].ifindex == si->ifindex)
							p = &s->stats.ports[q];
					if (uplink == !!p)
						continue;
					v = k == 0 ? si->rate : k == 1 ? si->pool :
						     si->samples;
					fprintf(fp, "vsw_%s_%s{",
						uplink ? "uplink" : "port",
						f[k].name);
					if (p) {
						port_labels(fp, m, s, p);
					} else {
						label(fp, "switch", s->info.name, true);
						label(fp, "uplink",
						      metrics_devname(m, si->ifindex, name),
						      false);
					}
					fprintf(fp, "} %" PRIu64 "\n", v);
				}
			}
		}
	}
}

static void render_agent(FILE *fp, const struct metrics_snapshot *m)
{
	const struct metrics_agent *a = &m->agent;

	family(fp, "vsw_sflowd_flow_samples_total", "counter",
	       "sFlow flow samples sent to the collectors.");
	fprintf(fp, "vsw_sflowd_flow_samples_total %" PRIu64 "\n",
		a->flow_samples);
	family(fp, "vsw_sflowd_polled_samples_total", "counter",
	       "sFlow counter samples (the counters polled) sent to the collectors.");
	fprintf(fp, "vsw_sflowd_polled_samples_total %" PRIu64 "\n",
		a->counter_samples);
	family(fp, "vsw_sflowd_datagrams_total", "counter",
	       "sFlow datagrams sent (to each collector).");
	fprintf(fp, "vsw_sflowd_datagrams_total %" PRIu64 "\n", a->datagrams);
	family(fp, "vsw_sflowd_samples_lost_total", "counter",
	       "Samples lost between the kernel and the agent (gaps in psample's sequence).");
	fprintf(fp, "vsw_sflowd_samples_lost_total %" PRIu64 "\n",
		a->samples_lost);
	family(fp, "vsw_sflowd_receive_overruns_total", "counter",
	       "Times the agent's psample socket overran (ENOBUFS).");
	fprintf(fp, "vsw_sflowd_receive_overruns_total %" PRIu64 "\n",
		a->overruns);
}

static void render_health(FILE *fp, const struct metrics_snapshot *m)
{
	family(fp, "vsw_up", "gauge",
	       "1 if this scrape read every switch from vsw, else 0 (vsw.ko not loaded, or an error).");
	fprintf(fp, "vsw_up %d\n", m->vsw_up ? 1 : 0);
	family(fp, "vsw_scrape_duration_seconds", "gauge",
	       "How long reading vsw's counters took for this scrape.");
	fprintf(fp, "vsw_scrape_duration_seconds %.6f\n", m->scrape_seconds);
	family(fp, "vsw_scrape_errors_total", "counter",
	       "Scrapes that could not read vsw.");
	fprintf(fp, "vsw_scrape_errors_total %" PRIu64 "\n", m->scrape_errors);
	family(fp, "vsw_sflowd_start_time_seconds", "gauge",
	       "When vsw-sflowd started, in seconds since the Unix epoch.");
	fprintf(fp, "vsw_sflowd_start_time_seconds %.3f\n", m->start_time);
	family(fp, "vsw_sflowd_build_info", "gauge",
	       "Always 1; the version of vsw-sflowd in a label.");
	fputs("vsw_sflowd_build_info{", fp);
	label(fp, "version", m->version ? m->version : "unknown", true);
	fputs("} 1\n", fp);
}

int metrics_render(FILE *fp, const struct metrics_snapshot *m)
{
	render_switches(fp, m);
	render_ports(fp, m);
	render_samplers(fp, m);
	render_agent(fp, m);
	render_health(fp, m);
	return fflush(fp) || ferror(fp) ? -1 : 0;
}
