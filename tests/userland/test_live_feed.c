// SPDX-License-Identifier: GPL-2.0
/*
 * The live view of vsw-sflowd without a kernel: live.c fed with made-up
 * counters and samples at known rates, served by http.c as the daemon
 * serves it (the page at /, the stream at /events, /metrics a stub).
 * Only the daemon's glue (main.c: metrics_read() and psample) is not run.
 *
 *   test_live_feed --truth           the traffic, as JSON (for the test)
 *   test_live_feed ADDR:PORT [MS]    serve until SIGTERM or SIGINT, an
 *                                    event every MS ms (default 1000: a
 *                                    short one makes clients fall behind
 *                                    quickly, for the test of the bound)
 *
 * One switch sw0, uplink "eth0" (PA 192.0.2.1), ports blue1 and blue2 in
 * VSID 5001 and red1 in VSID 6001; four flows sampled 1 in SAMPLE_RATE,
 * the counters and drops moving at the rates of TRUTH below. Samples are
 * drawn systematically (the frames of each second divided by the rate,
 * the remainder carried), so the estimates are exact but for the last
 * sample and the test's bounds never fail by chance.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "http.h"
#include "live.h"
#include "metrics.h"
#include "psample.h"
#include "vswinfo.h"

#define SAMPLE_RATE	100
#define GROUP		1

enum { IF_UPLINK = 10, IF_BLUE1 = 11, IF_BLUE2 = 12, IF_RED1 = 13 };

static const struct {
	uint32_t ifindex;
	const char *name;
	uint32_t vsid;
	/* frames and bytes per second, into the switch and out of it */
	double rx_pps, rx_frame, tx_pps, tx_frame;
} ports[] = {
	{ IF_BLUE1, "blue1", 5001, 1100, 1000 * 1000.0 / 1100 + 98 * 100.0 / 1100,
	  300, 200 },
	{ IF_BLUE2, "blue2", 5001, 0, 0, 100, 98 },
	{ IF_RED1, "red1", 6001, 500, 1500, 0, 0 },
};

static const struct {
	const char *reason;
	double pps;
} drops[] = {
	{ "policy_miss", 20 },
	{ "no_route", 5 },
};

/* A flow as the samples see it: which device it entered by, its tunnel. */
static const struct flow {
	uint32_t iif, oif, vsid;
	const char *src, *dst;	/* inner IPv4 */
	uint8_t proto;
	uint16_t sport, dport;
	uint32_t frame;		/* bytes, without FCS */
	double pps;
	const char *tun_src, *tun_dst;	/* NULL: not tunnelled */
} flows[] = {
	{ IF_BLUE1, IF_UPLINK, 5001, "10.0.0.1", "10.0.0.2", 6, 40000, 5201,
	  1000, 1000, "192.0.2.1", "192.0.2.2" },
	{ IF_UPLINK, IF_BLUE1, 5001, "10.0.0.2", "10.0.0.1", 17, 53, 3333,
	  200, 300, "192.0.2.2", "192.0.2.1" },
	{ IF_BLUE1, IF_BLUE2, 5001, "10.0.0.1", "10.0.0.3", 1, 0, 0,
	  98, 100, NULL, NULL },
	{ IF_RED1, IF_UPLINK, 6001, "10.0.0.1", "10.0.0.9", 6, 41000, 443,
	  1500, 500, "192.0.2.1", "192.0.2.3" },
};

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void truth(void)
{
	size_t i;

	printf("{\"sampling_rate\":%u,\"switch\":\"sw0\",\"ports\":[",
	       SAMPLE_RATE);
	for (i = 0; i < N(ports); i++)
		printf("%s{\"dev\":\"%s\",\"vsid\":%u,\"rx_pps\":%g,\"rx_bps\":%g,"
		       "\"tx_pps\":%g,\"tx_bps\":%g}", i ? "," : "",
		       ports[i].name, ports[i].vsid, ports[i].rx_pps,
		       ports[i].rx_pps * ports[i].rx_frame * 8,
		       ports[i].tx_pps, ports[i].tx_pps * ports[i].tx_frame * 8);
	printf("],\"drops\":[");
	for (i = 0; i < N(drops); i++)
		printf("%s{\"reason\":\"%s\",\"pps\":%g}", i ? "," : "",
		       drops[i].reason, drops[i].pps);
	printf("],\"flows\":[");
	for (i = 0; i < N(flows); i++)
		printf("%s{\"vsid\":%u,\"src\":\"%s\",\"dst\":\"%s\",\"proto\":%u,"
		       "\"sport\":%u,\"dport\":%u,\"pps\":%g,\"bps\":%g,"
		       "\"tun_src\":\"%s\",\"tun_dst\":\"%s\",\"frame\":%u}",
		       i ? "," : "", flows[i].vsid, flows[i].src, flows[i].dst,
		       flows[i].proto, flows[i].sport, flows[i].dport,
		       flows[i].pps, flows[i].pps * flows[i].frame * 8,
		       flows[i].tun_src ? flows[i].tun_src : "",
		       flows[i].tun_dst ? flows[i].tun_dst : "",
		       flows[i].frame);
	printf("]}\n");
}

static char *ifname(unsigned int ifindex, char *buf)
{
	size_t i;

	if (ifindex == IF_UPLINK)
		return strcpy(buf, "eth0");
	for (i = 0; i < N(ports); i++)
		if (ports[i].ifindex == ifindex)
			return strcpy(buf, ports[i].name);
	return NULL;
}

static void topology(struct topo *t)
{
	struct topo_switch sw = { .name = "sw0", .has_uplink = true,
				  .has_pa = true, .uplink = IF_UPLINK };
	size_t i;

	inet_pton(AF_INET, "192.0.2.1", &sw.pa);
	if (topo_add_switch(t, &sw))
		exit(1);
	for (i = 0; i < N(ports); i++)
		if (topo_add_port(t, ports[i].ifindex, ports[i].vsid, 0))
			exit(1);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* The first bytes of one frame of @f: Ethernet, IPv4, ports. */
static uint32_t frame(const struct flow *f, uint8_t *b)
{
	memset(b, 0, 64);
	b[0] = 0x02;
	b[5] = (uint8_t)f->oif;
	b[6] = 0x02;
	b[11] = (uint8_t)f->iif;
	put16(b + 12, 0x0800);
	b[14] = 0x45;
	put16(b + 16, (uint16_t)(f->frame - 14));
	b[22] = 64;
	b[23] = f->proto;
	inet_pton(AF_INET, f->src, b + 26);
	inet_pton(AF_INET, f->dst, b + 30);
	put16(b + 34, f->sport);
	put16(b + 36, f->dport);
	return 64;
}

/* The samples of @dt_s seconds of traffic, to @l. */
static void sample(struct live *l, const struct topo *t, double dt_s,
		   double *carry, uint32_t *seq, uint64_t now)
{
	struct psample_pkt p;
	uint8_t hdr[64];
	size_t i;

	for (i = 0; i < N(flows); i++) {
		const struct flow *f = &flows[i];

		double c;
		int k, n;

		carry[i] += f->pps * dt_s / SAMPLE_RATE;
		n = (int)carry[i];
		carry[i] -= n;
		/* spread over the interval, as they would have arrived */
		for (k = 0; k < n; k++) {
			c = (double)(k + 1) / n;
			memset(&p, 0, sizeof(p));
			p.group = GROUP;
			p.seq = (*seq)++;
			p.rate = SAMPLE_RATE;
			p.origsize = f->frame;
			p.iif = (uint16_t)f->iif;
			p.oif = (uint16_t)f->oif;
			p.data = hdr;
			p.data_len = frame(f, hdr);
			if (f->tun_src) {
				p.has_tunnel = true;
				p.has_tun_id = true;
				p.tun_id = f->vsid;
				inet_pton(AF_INET, f->tun_src, &p.tun_src);
				inet_pton(AF_INET, f->tun_dst, &p.tun_dst);
			}
			live_add_psample(l, &p, t, GROUP,
					 now - (uint64_t)((1 - c) * dt_s * 1000));
		}
	}
}

static void counters(struct stats_counters *c, double s, double rx_pps,
		     double rx_frame, double tx_pps, double tx_frame)
{
	c->rx_packets = (uint64_t)(rx_pps * s);
	c->rx_bytes = (uint64_t)(rx_pps * rx_frame * s);
	c->tx_packets = (uint64_t)(tx_pps * s);
	c->tx_bytes = (uint64_t)(tx_pps * tx_frame * s);
}

/* The counters @s seconds after the start, as metrics_read() gives them. */
static void snapshot(struct metrics_snapshot *m, double s)
{
	struct metrics_switch *w = calloc(1, sizeof(*w));
	struct stats_reply *r;
	size_t i;

	if (!w)
		exit(1);
	m->sw = w;
	m->nsw = 1;
	m->ifname = ifname;
	strcpy(w->info.name, "sw0");
	r = &w->stats;
	strcpy(r->name, "sw0");
	r->has_stats = true;
	r->sw.drops = calloc(N(drops), sizeof(*r->sw.drops));
	r->ports = calloc(N(ports), sizeof(*r->ports));
	if (!r->sw.drops || !r->ports)
		exit(1);
	for (i = 0; i < N(drops); i++) {
		r->sw.drops[i].reason = strdup(drops[i].reason);
		r->sw.drops[i].packets = (uint64_t)(drops[i].pps * s);
	}
	r->sw.ndrops = N(drops);
	r->nports = N(ports);
	for (i = 0; i < N(ports); i++) {
		struct stats_port *p = &r->ports[i];

		p->ifindex = ports[i].ifindex;
		p->has_vsid = p->has_stats = true;
		p->vsid = ports[i].vsid;
		counters(&p->c, s, ports[i].rx_pps, ports[i].rx_frame,
			 ports[i].tx_pps, ports[i].tx_frame);
		r->sw.rx_packets += p->c.rx_packets;
		r->sw.rx_bytes += p->c.rx_bytes;
		r->sw.tx_packets += p->c.tx_packets;
		r->sw.tx_bytes += p->c.tx_bytes;
	}
}

/* /metrics: what the test waits for (clients of /events now). */
static int metrics_stub(void *ctx, FILE *fp)
{
	struct http_server **s = ctx;

	return fprintf(fp, "live_streams %u\nlive_slow_dropped %llu\n",
		       http_streams(*s),
		       (unsigned long long)http_slow_dropped(*s)) < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct http_server *s;
	struct http_handlers h = {
		.metrics = metrics_stub, .ctx = &s, .page = live_page,
		.page_len = live_page_len, .events = true,
	};
	struct sockaddr_in addr = { .sin_family = AF_INET };
	uint64_t start, last, now, next, tick = LIVE_TICK_MS;
	struct metrics_snapshot m;
	double carry[N(flows)] = { 0 };
	struct topo t = { 0 };
	struct pollfd pfd[2];
	struct live *l;
	uint32_t seq = 1;
	char err[256], *colon, *body;
	size_t len;
	sigset_t mask;
	FILE *fp;
	int ret;

	if (argc == 2 && !strcmp(argv[1], "--truth")) {
		truth();
		return 0;
	}
	colon = argc == 2 || argc == 3 ? strrchr(argv[1], ':') : NULL;
	if (argc == 3)
		tick = (uint64_t)atoi(argv[2]);
	if (!colon || !tick) {
		fprintf(stderr, "usage: test_live_feed --truth | ADDR:PORT [MS]\n");
		return 2;
	}
	*colon = '\0';
	addr.sin_port = htons((uint16_t)atoi(colon + 1));
	if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) {
		fprintf(stderr, "test_live_feed: bad address %s\n", argv[1]);
		return 2;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	pfd[0] = (struct pollfd){ .fd = signalfd(-1, &mask, 0), .events = POLLIN };
	topology(&t);
	start = last = next = mono_ms();
	l = live_new(start);
	s = l ? http_start(&addr, &h, err, sizeof(err)) : NULL;
	if (!s) {
		fprintf(stderr, "test_live_feed: %s\n", l ? err : "no memory");
		return 1;
	}
	fprintf(stderr, "test_live_feed: serving http://%s:%s/\n", argv[1],
		colon + 1);
	pfd[1] = (struct pollfd){ .fd = http_fd(s), .events = POLLIN };
	for (;;) {
		now = mono_ms();
		ret = poll(pfd, 2, next > now ? (int)(next - now) : 0);
		if (ret < 0 && errno != EINTR)
			break;
		if (pfd[0].revents)
			break;
		now = mono_ms();
		if (now >= next) {
			sample(l, &t, (double)(now - last) / 1000, carry, &seq,
			       now);
			last = now;
			memset(&m, 0, sizeof(m));
			snapshot(&m, (double)(now - start) / 1000);
			live_add_counters(l, &m, 0, now);
			body = NULL;
			len = 0;
			fp = open_memstream(&body, &len);
			if (!fp)
				break;
			ret = live_render(l, fp, now, (double)time(NULL));
			if (!fclose(fp) && !ret)
				http_publish(s, body, len);
			free(body);
			next += tick;
		}
		http_run(s);
	}
	http_stop(s);
	live_free(l);
	topo_free(&t);
	close(pfd[0].fd);
	return 0;
}
