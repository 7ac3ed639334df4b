// SPDX-License-Identifier: GPL-2.0
/*
 * The live view's data: rates from the counters, flows and host pairs
 * estimated from the samples. See live.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "json.h"
#include "live.h"
#include "metrics.h"
#include "psample.h"
#include "rate.h"
#include "sflow.h"

#define ETH_HLEN_	14
#define ETH_P_IP_	0x0800
#define ETH_P_IPV6_	0x86dd
#define ETH_P_8021Q_	0x8100
#define ETH_P_8021AD_	0x88a8

/* What a flow is keyed by. family 0: not IP, src/dst are MACs. */
struct live_key {
	uint32_t vsid;
	uint8_t family;		/* 0, 4 or 6 */
	uint8_t proto;
	uint16_t sport, dport;	/* family 0: sport is the EtherType */
	uint8_t src[16], dst[16];
};

struct live_bucket {
	uint64_t sec;		/* which second it counts */
	uint64_t samples, frames, bytes;
};

struct live_entry {
	struct live_key key;
	bool used;
	struct live_bucket b[LIVE_WINDOW_S];
};

/* Entries in an array, found through an open-addressing index. */
struct live_table {
	struct live_entry *e;
	size_t n, max;
	uint32_t *index;	/* 2 * max slots: entry + 1, 0 if free */
	size_t nindex;
	uint64_t untracked;	/* samples of keys that did not fit */
};

struct live {
	uint64_t start_ms;
	struct metrics_snapshot prev, cur;
	uint64_t prev_ms, cur_ms;
	uint64_t lost;
	uint64_t samples;	/* taken in all */
	struct live_table flows, pairs;
};

static int table_init(struct live_table *t, size_t max)
{
	memset(t, 0, sizeof(*t));
	t->max = max;
	t->nindex = 2 * max;
	t->e = calloc(max, sizeof(*t->e));
	t->index = calloc(t->nindex, sizeof(*t->index));
	return t->e && t->index ? 0 : -ENOMEM;
}

static void table_free(struct live_table *t)
{
	free(t->e);
	free(t->index);
	memset(t, 0, sizeof(*t));
}

static uint32_t key_hash(const struct live_key *k)
{
	const uint8_t *p = (const uint8_t *)k;
	uint32_t h = 2166136261U;
	size_t i;

	for (i = 0; i < sizeof(*k); i++)
		h = (h ^ p[i]) * 16777619U;
	return h;
}

/* The entry of @k, added if new and there is room; NULL if not. */
static struct live_entry *table_get(struct live_table *t,
				    const struct live_key *k)
{
	size_t slot = key_hash(k) % t->nindex;
	struct live_entry *e;

	for (; t->index[slot]; slot = (slot + 1) % t->nindex) {
		e = &t->e[t->index[slot] - 1];
		if (!memcmp(&e->key, k, sizeof(*k)))
			return e;
	}
	if (t->n == t->max)
		return NULL;
	e = &t->e[t->n];
	memset(e, 0, sizeof(*e));
	e->key = *k;
	e->used = true;
	t->index[slot] = (uint32_t)++t->n;
	return e;
}

static bool entry_live(const struct live_entry *e, uint64_t now_s)
{
	size_t i;

	for (i = 0; i < LIVE_WINDOW_S; i++)
		if (e->b[i].samples && e->b[i].sec + LIVE_WINDOW_S > now_s)
			return true;
	return false;
}

/* Forget the entries with no sample in the window; index the rest anew. */
static void table_expire(struct live_table *t, uint64_t now_s)
{
	size_t i, n = 0, slot;

	for (i = 0; i < t->n; i++)
		if (entry_live(&t->e[i], now_s))
			t->e[n++] = t->e[i];
	if (n == t->n)
		return;
	t->n = n;
	memset(t->index, 0, t->nindex * sizeof(*t->index));
	for (i = 0; i < n; i++) {
		slot = key_hash(&t->e[i].key) % t->nindex;
		while (t->index[slot])
			slot = (slot + 1) % t->nindex;
		t->index[slot] = (uint32_t)(i + 1);
	}
}

static void table_add(struct live_table *t, const struct live_key *k,
		      uint64_t sec, uint64_t frames, uint64_t bytes)
{
	struct live_entry *e = table_get(t, k);
	struct live_bucket *b;

	if (!e) {
		t->untracked++;
		return;
	}
	b = &e->b[sec % LIVE_WINDOW_S];
	if (b->sec != sec)
		memset(b, 0, sizeof(*b));
	b->sec = sec;
	b->samples++;
	b->frames += frames;
	b->bytes += bytes;
}

/* The sums of an entry over the window ending at second @now_s. */
static void entry_sum(const struct live_entry *e, uint64_t now_s,
		      struct live_bucket *sum)
{
	size_t i;

	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < LIVE_WINDOW_S; i++) {
		if (!e->b[i].samples || e->b[i].sec + LIVE_WINDOW_S <= now_s ||
		    e->b[i].sec > now_s)
			continue;
		sum->samples += e->b[i].samples;
		sum->frames += e->b[i].frames;
		sum->bytes += e->b[i].bytes;
	}
}

struct live *live_new(uint64_t now_ms)
{
	struct live *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	if (table_init(&l->flows, LIVE_FLOWS_MAX) ||
	    table_init(&l->pairs, LIVE_PAIRS_MAX)) {
		live_free(l);
		return NULL;
	}
	l->start_ms = now_ms;
	return l;
}

void live_free(struct live *l)
{
	if (!l)
		return;
	metrics_free(&l->prev);
	metrics_free(&l->cur);
	table_free(&l->flows);
	table_free(&l->pairs);
	free(l);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/*
 * The flow of a sampled Ethernet frame: IPv4 or IPv6 addresses, protocol
 * and (TCP, UDP, SCTP, first fragment) ports; MACs and EtherType for
 * anything else, or for an IP header cut short.
 */
static void frame_key(const uint8_t *f, uint32_t len, struct live_key *k)
{
	uint32_t off = 12, l4 = 0, ihl;
	uint16_t type;
	bool ports = false;

	if (len < ETH_HLEN_)
		return;
	memcpy(k->dst, f, 6);
	memcpy(k->src, f + 6, 6);
	type = get16(f + off);
	while ((type == ETH_P_8021Q_ || type == ETH_P_8021AD_) &&
	       off + 6 <= len) {
		off += 4;
		type = get16(f + off);
	}
	off += 2;
	k->sport = type;
	if (type == ETH_P_IP_ && off + 20 <= len && (f[off] >> 4) == 4) {
		ihl = (uint32_t)(f[off] & 0xf) * 4;
		memset(k->src, 0, sizeof(k->src));
		memset(k->dst, 0, sizeof(k->dst));
		k->family = 4;
		k->sport = 0;
		k->proto = f[off + 9];
		memcpy(k->src, f + off + 12, 4);
		memcpy(k->dst, f + off + 16, 4);
		/* ports only in a first fragment */
		ports = ihl >= 20 && !(get16(f + off + 6) & 0x1fff);
		l4 = off + ihl;
	} else if (type == ETH_P_IPV6_ && off + 40 <= len &&
		   (f[off] >> 4) == 6) {
		k->family = 6;
		k->sport = 0;
		k->proto = f[off + 6];
		memcpy(k->src, f + off + 8, 16);
		memcpy(k->dst, f + off + 24, 16);
		ports = true;
		l4 = off + 40;
	}
	if (ports && (k->proto == 6 || k->proto == 17 || k->proto == 132) &&
	    l4 + 4 <= len) {
		k->sport = get16(f + l4);
		k->dport = get16(f + l4 + 2);
	}
}

void live_add_sample(struct live *l, const struct sflow_flow_sample *s,
		     uint64_t now_ms)
{
	uint64_t sec = now_ms / 1000, frames = s->rate;
	uint64_t bytes = (uint64_t)s->rate *
			 (s->frame_length - s->stripped);
	struct live_key k;

	l->samples++;
	memset(&k, 0, sizeof(k));
	if (s->vni_dir != SFLOW_DIR_NONE)
		k.vsid = s->vni;
	frame_key(s->header, s->header_len, &k);
	table_add(&l->flows, &k, sec, frames, bytes);
	if (s->tunnel_dir == SFLOW_DIR_NONE)
		return;
	memset(&k, 0, sizeof(k));
	k.family = 4;
	memcpy(k.src, &s->tunnel.src, 4);
	memcpy(k.dst, &s->tunnel.dst, 4);
	/* the outer packet's bytes: what the wire between them carries */
	table_add(&l->pairs, &k, sec, frames,
		  (uint64_t)s->rate * s->tunnel.length);
}

void live_add_psample(struct live *l, const struct psample_pkt *p,
		      const struct topo *t, uint32_t group, uint64_t now_ms)
{
	uint8_t hdr[SFLOW_HEADER_MAX];
	struct sflow_flow_sample s;

	if (p->group != group)
		return;
	agent_build_sample(p, t, &s, hdr);
	live_add_sample(l, &s, now_ms);
}

void live_add_counters(struct live *l, struct metrics_snapshot *m,
		       uint64_t lost, uint64_t now_ms)
{
	metrics_free(&l->prev);
	l->prev = l->cur;
	l->prev_ms = l->cur_ms;
	l->cur = *m;
	l->cur_ms = now_ms;
	l->lost = lost;
	m->sw = NULL;
	m->nsw = 0;
}

static const struct stats_reply *prev_of(const struct live *l,
					 const char *name)
{
	size_t i;

	for (i = 0; i < l->prev.nsw; i++)
		if (!strcmp(l->prev.sw[i].stats.name, name))
			return &l->prev.sw[i].stats;
	return NULL;
}

static void rates(struct json *j, const struct rate_row *r)
{
	json_double(j, "rx_bps", r->rx_bps);
	json_double(j, "rx_pps", r->rx_pps);
	json_double(j, "tx_bps", r->tx_bps);
	json_double(j, "tx_pps", r->tx_pps);
}

/* Per VSID: the sum of its ports' rates. */
struct vsid_sum {
	uint32_t vsid;
	unsigned int ports;
	struct rate_row r;
};

static void vsid_add(struct vsid_sum *v, size_t *n, const struct rate_row *r)
{
	size_t i;

	for (i = 0; i < *n && v[i].vsid != r->vsid; i++)
		;
	if (i == *n) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].vsid = r->vsid;
		(*n)++;
	}
	v[i].ports++;
	v[i].r.rx_bps += r->rx_bps;
	v[i].r.rx_pps += r->rx_pps;
	v[i].r.tx_bps += r->tx_bps;
	v[i].r.tx_pps += r->tx_pps;
}

static int cmp_vsid(const void *a, const void *b)
{
	const struct vsid_sum *x = a, *y = b;

	return x->vsid < y->vsid ? -1 : x->vsid > y->vsid;
}

static void render_switch(struct json *j, const struct metrics_switch *s,
			  const struct rate_report *rr)
{
	const struct stats_counters *c = &s->stats.sw;
	size_t i, k;
	double pps;

	json_object_begin(j, NULL);
	json_string(j, "name", s->info.name);
	rates(j, &rr->sw);
	json_array_begin(j, "drops");
	for (i = 0; rr->has_sw && i < c->ndrops; i++) {
		pps = 0;
		for (k = 0; k < rr->sw.ndrops; k++)
			if (!strcmp(rr->sw.drops[k].reason,
				    c->drops[i].reason))
				pps = rr->sw.drops[k].per_s;
		if (!c->drops[i].packets)
			continue;
		json_object_begin(j, NULL);
		json_string(j, "reason", c->drops[i].reason);
		json_uint(j, "total", c->drops[i].packets);
		json_double(j, "pps", pps);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

static int render_counters(struct json *j, struct live *l)
{
	struct rate_report *rr;
	struct vsid_sum *v;
	size_t i, k, nv = 0, nports = 0;
	char name[IF_NAMESIZE];
	double s = (double)(l->cur_ms - l->prev_ms) / 1000;
	static const struct stats_reply none;
	const struct stats_reply *prev;
	int ret = 0;

	json_double(j, "seconds", l->prev_ms ? s : 0);
	rr = calloc(l->cur.nsw ? l->cur.nsw : 1, sizeof(*rr));
	for (i = 0; i < l->cur.nsw; i++)
		nports += l->cur.sw[i].stats.nports;
	v = calloc(nports ? nports : 1, sizeof(*v));
	if (!rr || !v) {
		ret = -1;
		goto out;
	}
	for (i = 0; i < l->cur.nsw; i++) {
		prev = l->prev_ms ? prev_of(l, l->cur.sw[i].stats.name) : NULL;
		if (rate_compute(prev ? prev : &none, &l->cur.sw[i].stats, s,
				 &rr[i])) {
			ret = -1;
			goto out;
		}
	}
	json_array_begin(j, "switches");
	for (i = 0; i < l->cur.nsw; i++)
		render_switch(j, &l->cur.sw[i], &rr[i]);
	json_array_end(j);
	json_array_begin(j, "ports");
	for (i = 0; i < l->cur.nsw; i++) {
		for (k = 0; k < rr[i].nports; k++) {
			const struct rate_row *r = &rr[i].ports[k];

			json_object_begin(j, NULL);
			json_string(j, "switch", l->cur.sw[i].info.name);
			json_string(j, "dev", metrics_devname(&l->cur,
							      r->ifindex,
							      name));
			if (r->has_vsid)
				json_uint(j, "vsid", r->vsid);
			rates(j, r);
			json_object_end(j);
			if (r->has_vsid)
				vsid_add(v, &nv, r);
		}
	}
	json_array_end(j);
	qsort(v, nv, sizeof(*v), cmp_vsid);
	json_array_begin(j, "vsids");
	for (i = 0; i < nv; i++) {
		json_object_begin(j, NULL);
		json_uint(j, "vsid", v[i].vsid);
		json_uint(j, "ports", v[i].ports);
		rates(j, &v[i].r);
		json_object_end(j);
	}
	json_array_end(j);
out:
	for (i = 0; rr && i < l->cur.nsw; i++)
		rate_report_free(&rr[i]);
	free(rr);
	free(v);
	return ret;
}

struct ranked {
	const struct live_entry *e;
	struct live_bucket sum;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->e->key.vsid != y->e->key.vsid)
		return x->e->key.vsid < y->e->key.vsid ? -1 : 1;
	if (x->sum.bytes != y->sum.bytes)
		return x->sum.bytes > y->sum.bytes ? -1 : 1;
	return x->sum.frames > y->sum.frames ? -1 :
	       x->sum.frames < y->sum.frames;
}

static void addr(struct json *j, const char *key, int family,
		 const uint8_t *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (family == 4)
		inet_ntop(AF_INET, a, buf, sizeof(buf));
	else if (family == 6)
		inet_ntop(AF_INET6, a, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x",
			 a[0], a[1], a[2], a[3], a[4], a[5]);
	json_string(j, key, buf);
}

/* Estimated rates of one entry over @span seconds, and their error. */
static void estimate(struct json *j, const struct live_bucket *sum,
		     double span)
{
	json_uint(j, "samples", sum->samples);
	json_uint(j, "frames", sum->frames);
	json_double(j, "pps", (double)sum->frames / span);
	json_double(j, "bps", (double)sum->bytes * 8 / span);
	/* sFlow's bound: 196 * sqrt(1 / c) percent, 95% confidence */
	json_double(j, "error_pct", 196.0 * sqrt(1.0 / (double)sum->samples));
}

/* The entries with samples in the window, by VSID then bytes: their count. */
static size_t rank(const struct live_table *t, uint64_t now_s,
		   struct ranked *r)
{
	size_t i, n = 0;

	for (i = 0; i < t->n; i++) {
		r[n].e = &t->e[i];
		entry_sum(&t->e[i], now_s, &r[n].sum);
		if (r[n].sum.samples)
			n++;
	}
	qsort(r, n, sizeof(*r), cmp_ranked);
	return n;
}

static int render_samples(struct json *j, struct live *l, uint64_t now_ms)
{
	uint64_t now_s = now_ms / 1000, from_ms;
	struct ranked *r;
	size_t i, n, shown = 0;
	double span;
	bool open = false;
	uint32_t vsid = 0;

	table_expire(&l->flows, now_s);
	table_expire(&l->pairs, now_s);
	/* the window: from the start of its first second, or our start */
	from_ms = (now_s + 1 > LIVE_WINDOW_S ? now_s + 1 - LIVE_WINDOW_S : 0) *
		  1000;
	if (from_ms < l->start_ms)
		from_ms = l->start_ms;
	span = now_ms > from_ms + 1000 ? (double)(now_ms - from_ms) / 1000 : 1;
	json_object_begin(j, "sampling");
	json_double(j, "window", span);
	json_uint(j, "samples", l->samples);
	json_uint(j, "lost", l->lost);
	json_uint(j, "untracked", l->flows.untracked);
	json_object_end(j);

	r = calloc(LIVE_FLOWS_MAX, sizeof(*r));
	if (!r)
		return -1;
	n = rank(&l->flows, now_s, r);
	json_array_begin(j, "flows");
	for (i = 0; i < n; i++) {
		const struct live_key *k = &r[i].e->key;

		if (!open || k->vsid != vsid) {
			if (open) {
				json_array_end(j);
				json_object_end(j);
			}
			json_object_begin(j, NULL);
			json_uint(j, "vsid", k->vsid);
			json_array_begin(j, "top");
			open = true;
			vsid = k->vsid;
			shown = 0;
		}
		if (shown++ >= LIVE_TOP_FLOWS)
			continue;
		json_object_begin(j, NULL);
		addr(j, "src", k->family, k->src);
		addr(j, "dst", k->family, k->dst);
		if (k->family) {
			json_uint(j, "proto", k->proto);
			json_uint(j, "sport", k->sport);
			json_uint(j, "dport", k->dport);
		} else {
			json_uint(j, "ethertype", k->sport);
		}
		estimate(j, &r[i].sum, span);
		json_object_end(j);
	}
	if (open) {
		json_array_end(j);
		json_object_end(j);
	}
	json_array_end(j);

	n = rank(&l->pairs, now_s, r);
	json_array_begin(j, "hosts");
	for (i = 0; i < n && i < LIVE_TOP_PAIRS; i++) {
		json_object_begin(j, NULL);
		addr(j, "src", 4, r[i].e->key.src);
		addr(j, "dst", 4, r[i].e->key.dst);
		estimate(j, &r[i].sum, span);
		json_object_end(j);
	}
	json_array_end(j);
	free(r);
	return 0;
}

int live_render(struct live *l, FILE *fp, uint64_t now_ms, double unix_s)
{
	struct json j;
	int ret;

	json_init(&j, fp);
	json_object_begin(&j, NULL);
	json_double(&j, "time", unix_s);
	ret = render_counters(&j, l);
	if (!ret)
		ret = render_samples(&j, l, now_ms);
	json_object_end(&j);
	if (json_finish(&j) || ret)
		return -1;
	return ferror(fp) ? -1 : 0;
}
