/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw-sflowd's HTTP endpoint (-l ADDR:PORT): GET /metrics answers with
 * what a callback writes (the Prometheus metrics, metrics.c), GET / with
 * the live page, GET /events with a Server-Sent Events stream of what
 * http_publish() is given (the live view, live.c). Served by
 * libmicrohttpd in the daemon's own thread: the daemon polls http_fd()
 * and calls http_run(), so a scrape runs between two turns of its loop
 * and shares nothing with another thread. Connections are bounded in
 * number, per client and in time (HTTP_* below).
 */
#ifndef VSW_HTTP_H
#define VSW_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

/* Connections at most, from one address at most, and idle seconds. */
#define HTTP_CONNECTIONS_MAX	16
#define HTTP_PER_CLIENT_MAX	8
#define HTTP_TIMEOUT_S		10
/*
 * Clients of /events at most (they count in the connections too; the
 * rest are left to scrapes), and the bytes queued for one at most: a
 * client further behind is disconnected.
 */
#define HTTP_STREAMS_MAX	(HTTP_CONNECTIONS_MAX / 2)
#define HTTP_SSE_BACKLOG	(256 * 1024)
/* The send buffer of a client of /events (the kernel doubles it). */
#define HTTP_SSE_SNDBUF		(64 * 1024)

/* Write the metrics to @fp: 0, or -1 (the client gets a 500). */
typedef int (*http_metrics_fn)(void *ctx, FILE *fp);

struct http_handlers {
	http_metrics_fn metrics;	/* GET /metrics */
	void *ctx;
	const char *page;		/* GET /: NULL for a link to /metrics */
	size_t page_len;
	bool events;			/* GET /events */
};

struct http_server;

/* Listen on @addr: the server, or NULL with the reason in @err. */
struct http_server *http_start(const struct sockaddr_in *addr,
			       const struct http_handlers *h, char *err,
			       size_t errlen);
/* A descriptor that is readable when http_run() has work. */
int http_fd(const struct http_server *s);
/* Serve what is ready, without blocking. */
void http_run(struct http_server *s);
/*
 * Send one event (@json, one JSON value) to every client of /events, and
 * keep it for the next client. Never blocks: it is queued, and sent as
 * each client's socket takes it.
 */
void http_publish(struct http_server *s, const char *json, size_t len);
/* Clients of /events now, and those disconnected for being too slow. */
unsigned int http_streams(const struct http_server *s);
uint64_t http_slow_dropped(const struct http_server *s);
void http_stop(struct http_server *s);

#endif /* VSW_HTTP_H */
