// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl stats show NAME -r|--rate [SECONDS] [count N]. See rate.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "json.h"
#include "nl.h"
#include "rate.h"
#include "report.h"

static double delta(uint64_t cur, uint64_t prev)
{
	return cur >= prev ? (double)(cur - prev) : 0.0;
}

static uint64_t drop_of(const struct stats_counters *c, const char *reason)
{
	size_t i;

	for (i = 0; i < c->ndrops; i++)
		if (!strcmp(c->drops[i].reason, reason))
			return c->drops[i].packets;
	return 0;
}

/* @prev NULL: nothing to compare with yet, every rate 0. */
static int row(const struct stats_counters *prev,
	       const struct stats_counters *cur, double s, struct rate_row *r)
{
	double d;
	size_t i;

	r->drops = calloc(cur->ndrops ? cur->ndrops : 1, sizeof(*r->drops));
	if (!r->drops)
		return -ENOMEM;
	if (!prev)
		return 0;
	r->rx_pps = delta(cur->rx_packets, prev->rx_packets) / s;
	r->rx_bps = delta(cur->rx_bytes, prev->rx_bytes) * 8 / s;
	r->tx_pps = delta(cur->tx_packets, prev->tx_packets) / s;
	r->tx_bps = delta(cur->tx_bytes, prev->tx_bytes) * 8 / s;
	r->encap_pps = delta(cur->encap_packets, prev->encap_packets) / s;
	r->decap_pps = delta(cur->decap_packets, prev->decap_packets) / s;
	for (i = 0; i < cur->ndrops; i++) {
		d = delta(cur->drops[i].packets,
			  drop_of(prev, cur->drops[i].reason));
		if (!d)
			continue;
		r->drops[r->ndrops].reason = cur->drops[i].reason;
		r->drops[r->ndrops++].per_s = d / s;
		r->drops_ps += d / s;
	}
	return 0;
}

static const struct stats_port *find_port(const struct stats_reply *s,
					  uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < s->nports; i++)
		if (s->ports[i].ifindex == ifindex)
			return &s->ports[i];
	return NULL;
}

int rate_compute(const struct stats_reply *prev, const struct stats_reply *cur,
		 double seconds, struct rate_report *out)
{
	const struct stats_port *pp;
	struct rate_row *r;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->name = cur->name;
	out->seconds = seconds;
	if (seconds <= 0)
		seconds = 1;
	if (cur->has_stats) {
		out->has_sw = true;
		if (row(prev->has_stats ? &prev->sw : NULL, &cur->sw, seconds,
			&out->sw))
			goto nomem;
	}
	out->ports = calloc(cur->nports ? cur->nports : 1, sizeof(*out->ports));
	if (!out->ports)
		goto nomem;
	for (i = 0; i < cur->nports; i++) {
		r = &out->ports[out->nports++];
		r->ifindex = cur->ports[i].ifindex;
		r->has_vsid = cur->ports[i].has_vsid;
		r->vsid = cur->ports[i].vsid;
		pp = find_port(prev, r->ifindex);
		/* A port new since the last read has no rate yet. */
		if (row(pp ? &pp->c : NULL, &cur->ports[i].c, seconds, r))
			goto nomem;
	}
	return 0;
nomem:
	rate_report_free(out);
	return -ENOMEM;
}

void rate_report_free(struct rate_report *r)
{
	size_t i;

	free(r->sw.drops);
	for (i = 0; i < r->nports; i++)
		free(r->ports[i].drops);
	free(r->ports);
	memset(r, 0, sizeof(*r));
}

const char *rate_si(char *buf, size_t size, double v)
{
	static const char prefix[] = " kMGTP";
	size_t i = 0;

	while (v >= 999.95 && i < sizeof(prefix) - 2) {
		v /= 1000;
		i++;
	}
	if (!i)
		snprintf(buf, size, "%.1f", v);
	else
		snprintf(buf, size, "%.2f%c", v, prefix[i]);
	return buf;
}

/*
 *	sw0: rates over 1.0 s (report 3, 12:00:03)
 *	DEV              VSID     RX pkt/s   RX bit/s     TX pkt/s   TX bit/s    DROP/s
 *	(switch)            -         12.0     9.84k          12.0     9.84k        0.0
 *	blue1            5001          6.0     4.92k           6.0     4.92k        0.0
 *	drops/s sw0: policy_miss 1.0
 */
static void text_row(FILE *fp, const char *dev, const struct rate_row *r)
{
	char vsid[12] = "-", b[6][16];

	if (r->has_vsid)
		snprintf(vsid, sizeof(vsid), "%u", r->vsid);
	fprintf(fp, "%-15s %8s %10s %10s %10s %10s %10s\n", dev, vsid,
		rate_si(b[0], 16, r->rx_pps), rate_si(b[1], 16, r->rx_bps),
		rate_si(b[2], 16, r->tx_pps), rate_si(b[3], 16, r->tx_bps),
		rate_si(b[4], 16, r->drops_ps));
}

static void text_drops(FILE *fp, const char *dev, const struct rate_row *r)
{
	char b[16];
	size_t i;

	if (!r->ndrops)
		return;
	fprintf(fp, "drops/s %s:", dev);
	for (i = 0; i < r->ndrops; i++)
		fprintf(fp, " %s %s", r->drops[i].reason,
			rate_si(b, sizeof(b), r->drops[i].per_s));
	fputc('\n', fp);
}

static const char *port_name(const struct output *out, uint32_t ifindex,
			     char buf[IF_NAMESIZE])
{
	if (!out_ifname(out, ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
	return buf;
}

static void print_text(const struct rate_report *r, unsigned long seq,
		       bool clear, const struct output *out)
{
	char name[IF_NAMESIZE], when[16];
	time_t t = time(NULL);
	struct tm tm;
	FILE *fp = out->fp;
	size_t i;

	if (clear)	/* home, then erase to the end of the screen */
		fputs("\033[H\033[J", fp);
	else if (seq > 1)
		fputc('\n', fp);
	strftime(when, sizeof(when), "%H:%M:%S", localtime_r(&t, &tm));
	fprintf(fp, "%s: rates over %.1f s (report %lu, %s)\n", r->name,
		r->seconds, seq, when);
	fprintf(fp, "%-15s %8s %10s %10s %10s %10s %10s\n", "DEV", "VSID",
		"RX pkt/s", "RX bit/s", "TX pkt/s", "TX bit/s", "DROP/s");
	if (r->has_sw)
		text_row(fp, "(switch)", &r->sw);
	for (i = 0; i < r->nports; i++)
		text_row(fp, port_name(out, r->ports[i].ifindex, name),
			 &r->ports[i]);
	if (r->has_sw)
		text_drops(fp, r->name, &r->sw);
	for (i = 0; i < r->nports; i++)
		text_drops(fp, port_name(out, r->ports[i].ifindex, name),
			   &r->ports[i]);
}

static void json_row(struct json *j, const struct rate_row *r)
{
	size_t i;

	json_double(j, "rx_pps", r->rx_pps);
	json_double(j, "rx_bps", r->rx_bps);
	json_double(j, "tx_pps", r->tx_pps);
	json_double(j, "tx_bps", r->tx_bps);
	json_double(j, "encap_pps", r->encap_pps);
	json_double(j, "decap_pps", r->decap_pps);
	json_double(j, "drops_ps", r->drops_ps);
	json_object_begin(j, "drops");
	for (i = 0; i < r->ndrops; i++)
		json_double(j, r->drops[i].reason, r->drops[i].per_s);
	json_object_end(j);
}

static void print_json(const struct rate_report *r, unsigned long seq,
		       const struct output *out)
{
	char name[IF_NAMESIZE];
	struct json j;
	size_t i;

	/* One line a report, whatever -p says: a stream of JSON lines. */
	json_init(&j, out->fp);
	json_object_begin(&j, NULL);
	json_uint(&j, "report", seq);
	json_double(&j, "seconds", r->seconds);
	json_object_begin(&j, "switch");
	json_string(&j, "name", r->name);
	if (r->has_sw)
		json_row(&j, &r->sw);
	json_object_end(&j);
	json_array_begin(&j, "ports");
	for (i = 0; i < r->nports; i++) {
		json_object_begin(&j, NULL);
		if (out_ifname(out, r->ports[i].ifindex, name))
			json_string(&j, "dev", name);
		else
			json_null(&j, "dev");
		json_uint(&j, "ifindex", r->ports[i].ifindex);
		if (r->ports[i].has_vsid)
			json_uint(&j, "vsid", r->ports[i].vsid);
		json_row(&j, &r->ports[i]);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);	/* ends the line */
}

void rate_print(const struct rate_report *r, unsigned long seq, bool clear,
		const struct output *out)
{
	if (out->json)
		print_json(r, seq, out);
	else
		print_text(r, seq, clear, out);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int read_stats(struct vsw_nl *nl, const struct stats_args *a,
		      struct stats_reply *s, struct report *r)
{
	int ret = stats_get(nl, a->name, a->dev ? a->ifindex : 0, s);

	if (ret)
		stats_report(nl, a, ret, r);
	return ret ? -1 : 0;
}

int stats_rate_run(struct vsw_nl *nl, const struct stats_args *a,
		   const struct output *out, struct report *r)
{
	struct stats_reply prev, cur;
	struct signalfd_siginfo si;
	struct rate_report rr;
	uint64_t last, next, now;
	unsigned long seq = 0;
	sigset_t mask, old;
	struct pollfd pfd;
	int sfd, status = -1;
	bool clear;

	/* Redrawn in place on a terminal, appended otherwise. */
	clear = !out->json && isatty(fileno(out->fp));
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, &old);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		report_errno(r, errno, NULL, "stats show: signalfd");
		sigprocmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	if (read_stats(nl, a, &prev, r))
		goto out;
	last = now_ms();
	next = last + a->interval_ms;
	pfd = (struct pollfd){ .fd = sfd, .events = POLLIN };
	for (;;) {
		now = now_ms();
		if (now < next) {
			if (poll(&pfd, 1, (int)(next - now)) < 0 &&
			    errno != EINTR) {
				report_errno(r, errno, NULL, "stats show: poll");
				break;
			}
			if (pfd.revents) {	/* SIGINT or SIGTERM */
				if (read(sfd, &si, sizeof(si)) < 0)
					continue;
				status = 0;
				break;
			}
			continue;
		}
		if (read_stats(nl, a, &cur, r))
			break;
		now = now_ms();
		if (rate_compute(&prev, &cur, (double)(now - last) / 1000, &rr)) {
			report_errno(r, ENOMEM, NULL, "stats show");
			stats_reply_free(&cur);
			break;
		}
		rate_print(&rr, ++seq, clear, out);
		rate_report_free(&rr);
		stats_reply_free(&prev);
		prev = cur;
		last = now;
		/* The next report on the schedule, not after this one's end. */
		next += a->interval_ms;
		if (next <= now)
			next = now + a->interval_ms;
		if (fflush(out->fp)) {
			report_errno(r, errno ? errno : EIO, NULL,
				     "cannot write output");
			break;
		}
		if (a->count && seq == a->count) {
			status = 0;
			break;
		}
	}
	stats_reply_free(&prev);
out:
	close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return status;
}
