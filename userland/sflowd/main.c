// SPDX-License-Identifier: GPL-2.0
/*
 * vsw-sflowd: export vsw's packet samples (from psample) and the counters
 * of its ports, uplinks and host as sFlow version 5 datagrams over UDP.
 *
 * One thread, one poll() loop: samples are read as they come and queued
 * in the agent (agent.c), which sends them when the queue is full, idle
 * or old enough, after reading the samplers' pools; every POLL seconds
 * the counters are read and sent. Nothing here can slow the datapath:
 * psample copies what it sends, and when this process falls behind its
 * socket buffer (bounded) fills and the kernel drops samples, which are
 * counted from the gaps in psample's sequence numbers.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <inttypes.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>

#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#else
/* Built without libsystemd: no readiness notification (vsw-sflowd(8)). */
static inline int sd_notify(int unset_environment, const char *state)
{
	(void)unset_environment;
	(void)state;
	return 0;
}
#endif

#include "agent.h"
#include "config.h"
#include "hostcounters.h"
#include "http.h"
#include "live.h"
#include "metrics.h"
#include "nl.h"
#include "psample.h"
#include "sample.h"
#include "vswinfo.h"

#ifndef VSWCTL_VERSION
#define VSWCTL_VERSION "unknown"
#endif

/* psample's receive buffer: bounded, whatever the sampling rate. */
#define PSAMPLE_RCVBUF		(256 * 1024)
/*
 * vsw's "samples" group: one small message per sample, with its pool.
 * Larger than psample's, so that it keeps the pools of every sample that
 * psample's buffer kept (the same samples, much smaller messages).
 */
#define POOLS_RCVBUF		(1024 * 1024)
/* Largest psample message: PSAMPLE_MAX_PACKET_SIZE plus headers. */
#define RXBUF_SIZE		(64 * 1024 + 4096)
/* Messages read per turn of the loop, so that timers are not starved. */
#define DRAIN_MAX		512
/* At most one warning about lost samples this often. */
#define WARN_INTERVAL_MS	10000
/* A sample from an unknown device reloads the topology, this rarely. */
#define TOPO_RELOAD_MS		1000

struct daemon {
	struct config cfg;
	struct agent agent;
	int udp;
	struct vsw_nl nl;
	bool nl_open;
	struct psample_sock ps;
	bool ps_open;
	struct psample_sock pools;
	bool pools_open;
	struct topo topo;
	uint64_t topo_ms;
	uint64_t next_poll;
	uint64_t warn_ms, warned_lost;
	bool said_no_vsw, said_no_psample, said_send_error;
	uint8_t *rxbuf;
	struct http_server *http;	/* -l: metrics, live page */
	struct live *live;		/* -l: the live view's data */
	uint64_t next_live;
	uint64_t scrape_errors;
	double start_time;
};

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	va_list ap;

	fputs("vsw-sflowd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void send_datagram(void *ctx, const void *buf, size_t len)
{
	struct daemon *d = ctx;
	char addr[INET_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < d->cfg.ncollectors; i++) {
		const struct sockaddr_in *c = &d->cfg.collectors[i];

		if (sendto(d->udp, buf, len, 0, (const struct sockaddr *)c,
			   sizeof(*c)) < 0 && !d->said_send_error) {
			say("cannot send to %s:%u: %s (said once)",
			    inet_ntop(AF_INET, &c->sin_addr, addr, sizeof(addr)),
			    ntohs(c->sin_port), strerror(errno));
			d->said_send_error = true;
		}
	}
	if (d->cfg.verbose)
		say("datagram %u: %zu bytes", d->agent.dgram_seq, len);
}

static void open_pools(struct daemon *d)
{
	int ret;

	if (d->pools_open)
		return;
	ret = genl_mcast_open(&d->pools, VSW_GENL_NAME, VSW_MCGRP_SAMPLES,
			      POOLS_RCVBUF);
	if (ret) {
		say("cannot join vsw's \"%s\" group: %s; pools read with the samplers'",
		    VSW_MCGRP_SAMPLES, strerror(-ret));
		return;
	}
	d->pools_open = true;
}

static void open_vsw(struct daemon *d)
{
	int ret;

	if (d->nl_open)
		return;
	ret = vsw_nl_connect(&d->nl, "vsw");
	if (ret) {
		if (!d->said_no_vsw)
			say("vsw generic netlink family not found (is vsw.ko loaded?): "
			    "exporting host counters only, retrying every %u s",
			    d->cfg.poll);
		d->said_no_vsw = true;
		return;
	}
	if (d->said_no_vsw)
		say("vsw family found");
	d->said_no_vsw = false;
	d->nl_open = true;
	open_pools(d);
}

/* Take the pools vsw told, all there are now. */
static void drain_pools(struct daemon *d)
{
	struct pool_event ev;
	struct nlmsghdr *nlh;
	ssize_t n;
	int len;

	while (d->pools_open) {
		n = psample_sock_recv(&d->pools, d->rxbuf, RXBUF_SIZE);
		if (n == -EAGAIN)
			break;
		if (n == -ENOBUFS)
			continue;	/* those samples get estimated pools */
		if (n < 0) {
			say("vsw samples socket: %s; joining again later",
			    strerror((int)-n));
			psample_sock_close(&d->pools);
			d->pools_open = false;
			break;
		}
		len = (int)n;
		for (nlh = (struct nlmsghdr *)d->rxbuf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len))
			if (!pool_event_parse(nlh, d->pools.family, &ev))
				agent_add_pool(&d->agent, &ev);
	}
}

static void close_vsw(struct daemon *d)
{
	if (d->nl_open)
		vsw_nl_close(&d->nl);
	if (d->pools_open)
		psample_sock_close(&d->pools);
	d->pools_open = false;
	d->nl_open = false;
	topo_free(&d->topo);
}

static void open_psample(struct daemon *d)
{
	int ret;

	if (d->ps_open)
		return;
	ret = psample_sock_open(&d->ps, PSAMPLE_RCVBUF);
	if (ret) {
		if (!d->said_no_psample)
			say("cannot join psample's \"packets\" group: %s; retrying every %u s",
			    ret == -ENOENT ? "no psample family (modprobe psample)" :
					     strerror(-ret), d->cfg.poll);
		d->said_no_psample = true;
		return;
	}
	if (d->said_no_psample)
		say("psample joined");
	d->said_no_psample = false;
	d->ps_open = true;
}

static void load_topo(struct daemon *d, uint64_t now)
{
	int ret;

	d->topo_ms = now;
	if (!d->nl_open)
		return;
	ret = topo_load(&d->nl, &d->topo);
	if (ret) {
		say("cannot list the switches: %s", strerror(-ret));
		/* The module may have gone: connect again next time. */
		close_vsw(d);
	}
}

/* The uplink's PA, else the host's first IPv4 address that is not lo's. */
static struct in_addr default_agent(const struct daemon *d)
{
	struct in_addr a = { 0 };
	struct ifaddrs *ifa, *i;

	if (topo_first_pa(&d->topo, &a))
		return a;
	if (getifaddrs(&ifa))
		return a;
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET ||
		    (i->ifa_flags & IFF_LOOPBACK))
			continue;
		a = ((struct sockaddr_in *)i->ifa_addr)->sin_addr;
		break;
	}
	freeifaddrs(ifa);
	return a;
}

static void flush(struct daemon *d, uint64_t now)
{
	struct sample_list pools = { 0 };
	int ret = -ENOENT;

	if (!agent_has_pending(&d->agent))
		return;
	drain_pools(d);
	if (d->nl_open)
		ret = vswinfo_pools(&d->nl, &d->topo, &pools);
	agent_flush(&d->agent, ret ? NULL : &pools, now);
	sample_list_free(&pools);
}

static void poll_counters(struct daemon *d, uint64_t now)
{
	struct sflow_if_counters *ifc = NULL;
	struct host_counters host;
	char addr[INET_ADDRSTRLEN];
	size_t n = 0;

	flush(d, now);
	open_vsw(d);
	open_psample(d);
	load_topo(d, now);
	if (!d->cfg.has_agent && !d->agent.addr.s_addr) {
		d->agent.addr = default_agent(d);
		if (d->agent.addr.s_addr)
			say("agent address %s", inet_ntop(AF_INET, &d->agent.addr,
							  addr, sizeof(addr)));
	}
	if (d->nl_open && vswinfo_counters(&d->nl, &d->topo, &ifc, &n))
		n = 0;
	hc_read(&host, "");
	agent_send_counters(&d->agent, ifc, n, &host, now);
	free(ifc);
}

static bool known_device(const struct topo *t, uint16_t iif)
{
	uint32_t i = topo_resolve(t, iif);

	return topo_port(t, i) || topo_uplink(t, i);
}

static void drain(struct daemon *d)
{
	struct psample_pkt pkt;
	struct nlmsghdr *nlh;
	uint64_t now;
	ssize_t n;
	int i, len;

	for (i = 0; i < DRAIN_MAX; i++) {
		n = psample_sock_recv(&d->ps, d->rxbuf, RXBUF_SIZE);
		if (n == -EAGAIN)
			break;
		if (n == -ENOBUFS) {
			agent_note_overrun(&d->agent);
			continue;
		}
		if (n < 0) {
			say("psample socket: %s; joining again later",
			    strerror((int)-n));
			psample_sock_close(&d->ps);
			d->ps_open = false;
			break;
		}
		now = now_ms();
		len = (int)n;
		for (nlh = (struct nlmsghdr *)d->rxbuf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (psample_parse(nlh, d->ps.family, &pkt))
				continue;
			if (pkt.group == d->cfg.group &&
			    !known_device(&d->topo, pkt.iif) &&
			    now - d->topo_ms >= TOPO_RELOAD_MS)
				load_topo(d, now);
			if (d->live)
				live_add_psample(d->live, &pkt, &d->topo,
						 d->cfg.group, now);
			if (agent_add_sample(&d->agent, &pkt, &d->topo, now))
				flush(d, now);
		}
	}
}

static void warn_losses(struct daemon *d, uint64_t now)
{
	struct agent *a = &d->agent;

	/*
	 * An overrun alone says nothing of how many: the gap in psample's
	 * sequence does, when the next sample arrives. Warn then.
	 */
	if (a->lost == d->warned_lost)
		return;
	if (d->warn_ms && now - d->warn_ms < WARN_INTERVAL_MS)
		return;
	say("%" PRIu64 " samples lost since the last report, %" PRIu64
	    " in all (receive buffer overruns: %" PRIu64 ")",
	    a->lost - d->warned_lost, a->lost, a->overruns);
	d->warned_lost = a->lost;
	d->warn_ms = now;
}

/* GET /metrics (http.c): read vsw's counters now, as vswctl does. */
static int serve_metrics(void *ctx, FILE *fp)
{
	struct metrics_snapshot m = { .version = VSWCTL_VERSION };
	struct daemon *d = ctx;
	struct timespec t0, t1;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	open_vsw(d);
	if (!d->nl_open || metrics_read(&d->nl, &m)) {
		d->scrape_errors++;
		close_vsw(d);	/* the module may have gone: connect again */
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	m.scrape_seconds = (double)(t1.tv_sec - t0.tv_sec) +
			   (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	m.scrape_errors = d->scrape_errors;
	m.start_time = d->start_time;
	metrics_from_agent(&d->agent, &m);
	ret = metrics_render(fp, &m);
	metrics_free(&m);
	return ret;
}

/*
 * Once a second with -l: read the counters (as a scrape does), and send
 * the live view's event to the clients of /events. The send only queues
 * (http_publish()): a slow client cannot hold the loop.
 */
static void live_tick(struct daemon *d, uint64_t now)
{
	struct metrics_snapshot m = { 0 };
	char *body = NULL;
	size_t len = 0;
	FILE *fp;
	int ret;

	open_vsw(d);
	if (!d->nl_open || metrics_read(&d->nl, &m))
		close_vsw(d);	/* the module may have gone: connect again */
	live_add_counters(d->live, &m, d->agent.lost, now);
	metrics_free(&m);
	fp = open_memstream(&body, &len);
	if (!fp)
		return;
	ret = live_render(d->live, fp, now, (double)time(NULL));
	if (!fclose(fp) && !ret)
		http_publish(d->http, body, len);
	free(body);
}

static int run(struct daemon *d)
{
	uint64_t now, deadline, poll_ms = (uint64_t)d->cfg.poll * 1000;
	struct signalfd_siginfo si;
	struct pollfd pfd[4];
	sigset_t mask;
	int sfd, timeout;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		say("signalfd: %s", strerror(errno));
		return SFLOWD_EXIT_FAIL;
	}
	d->next_poll = now_ms();
	for (;;) {
		now = now_ms();
		deadline = agent_flush_deadline(&d->agent);
		if (d->next_poll < deadline)
			deadline = d->next_poll;
		if (d->live && d->next_live < deadline)
			deadline = d->next_live;
		timeout = deadline <= now ? 0 :
			  deadline - now > 1000 ? 1000 : (int)(deadline - now);
		pfd[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = d->ps_open ? d->ps.fd : -1,
					  .events = POLLIN };
		pfd[2] = (struct pollfd){ .fd = d->pools_open ? d->pools.fd : -1,
					  .events = POLLIN };
		pfd[3] = (struct pollfd){ .fd = d->http ? http_fd(d->http) : -1,
					  .events = POLLIN };
		if (poll(pfd, 4, timeout) < 0 && errno != EINTR) {
			say("poll: %s", strerror(errno));
			break;
		}
		if (pfd[0].revents) {
			if (read(sfd, &si, sizeof(si)) == sizeof(si))
				say("signal %u: exiting", si.ssi_signo);
			break;
		}
		if (d->pools_open && pfd[2].revents)
			drain_pools(d);
		if (d->ps_open && pfd[1].revents)
			drain(d);
		now = now_ms();
		if (d->live && now >= d->next_live) {
			live_tick(d, now);
			d->next_live += LIVE_TICK_MS;
			if (d->next_live <= now)
				d->next_live = now + LIVE_TICK_MS;
		}
		if (d->http)	/* also at least once a second: its timeouts */
			http_run(d->http);
		now = now_ms();
		if (agent_flush_deadline(&d->agent) <= now)
			flush(d, now);
		if (now >= d->next_poll) {
			poll_counters(d, now);
			d->next_poll += poll_ms;
			if (d->next_poll <= now)
				d->next_poll = now + poll_ms;
		}
		warn_losses(d, now);
	}
	flush(d, now_ms());
	close(sfd);
	return 0;
}

int main(int argc, char **argv)
{
	struct daemon d = { .udp = -1 };
	char err[512], addr[INET_ADDRSTRLEN];
	struct in_addr agent = { 0 };
	int status;

	switch (config_parse(argc, argv, &d.cfg, err, sizeof(err))) {
	case CONFIG_OK:
		break;
	case CONFIG_HELP:
		config_usage(stdout);
		return 0;
	case CONFIG_VERSION:
		printf("vsw-sflowd %s (sFlow version 5)\n", VSWCTL_VERSION);
		return 0;
	case CONFIG_ERROR:
		fprintf(stderr, "vsw-sflowd: %s\n", err);
		return SFLOWD_EXIT_USAGE;
	}
	setvbuf(stderr, NULL, _IOLBF, 0);
	d.rxbuf = malloc(RXBUF_SIZE);
	d.udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (!d.rxbuf || d.udp < 0) {
		say("cannot start: %s", strerror(errno));
		return SFLOWD_EXIT_FAIL;
	}
	open_vsw(&d);
	open_psample(&d);
	load_topo(&d, now_ms());
	d.start_time = (double)time(NULL);
	if (d.cfg.has_listen) {
		struct http_handlers h = {
			.metrics = serve_metrics, .ctx = &d,
			.page = live_page, .page_len = live_page_len,
			.events = true,
		};

		d.live = live_new(now_ms());
		d.next_live = now_ms();
		d.http = d.live ? http_start(&d.cfg.listen, &h, err,
					     sizeof(err)) : NULL;
		if (!d.http) {
			say("%s", d.live ? err : strerror(ENOMEM));
			return SFLOWD_EXIT_FAIL;
		}
		inet_ntop(AF_INET, &d.cfg.listen.sin_addr, addr, sizeof(addr));
		say("metrics at http://%s:%u/metrics", addr,
		    ntohs(d.cfg.listen.sin_port));
		say("live view at http://%s:%u/", addr,
		    ntohs(d.cfg.listen.sin_port));
	}
	agent = d.cfg.has_agent ? d.cfg.agent : default_agent(&d);
	if (agent_init(&d.agent, agent, d.cfg.group, now_ms(), send_datagram,
		       &d)) {
		say("cannot start: %s", strerror(ENOMEM));
		return SFLOWD_EXIT_FAIL;
	}
	say("agent %s, %zu collector%s, psample group %u, counters every %u s",
	    agent.s_addr ? inet_ntop(AF_INET, &agent, addr, sizeof(addr)) :
			   "not known yet",
	    d.cfg.ncollectors, d.cfg.ncollectors > 1 ? "s" : "", d.cfg.group,
	    d.cfg.poll);
	/*
	 * Configuration read, sockets open, agent address known or looked
	 * up at each poll: ready (systemd's Type=notify; a no-op elsewhere).
	 */
	sd_notify(0, "READY=1");

	status = run(&d);
	sd_notify(0, "STOPPING=1");

	http_stop(d.http);
	live_free(d.live);
	agent_free(&d.agent);
	if (d.ps_open)
		psample_sock_close(&d.ps);
	close_vsw(&d);
	close(d.udp);
	free(d.rxbuf);
	return status;
}
