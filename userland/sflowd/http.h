/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw-sflowd's HTTP endpoint (-l ADDR:PORT): GET /metrics answers with
 * what a callback writes (the Prometheus metrics, metrics.c). Served by
 * libmicrohttpd in the daemon's own thread: the daemon polls http_fd()
 * and calls http_run(), so a scrape runs between two turns of its loop
 * and shares nothing with another thread. Connections are bounded in
 * number, per client and in time (HTTP_* below).
 */
#ifndef VSW_HTTP_H
#define VSW_HTTP_H

#include <stddef.h>
#include <stdio.h>
#include <netinet/in.h>

/* Connections at most, from one address at most, and idle seconds. */
#define HTTP_CONNECTIONS_MAX	16
#define HTTP_PER_CLIENT_MAX	8
#define HTTP_TIMEOUT_S		10

/* Write the metrics to @fp: 0, or -1 (the client gets a 500). */
typedef int (*http_metrics_fn)(void *ctx, FILE *fp);

struct http_server;

/* Listen on @addr: the server, or NULL with the reason in @err. */
struct http_server *http_start(const struct sockaddr_in *addr,
			       http_metrics_fn fn, void *ctx, char *err,
			       size_t errlen);
/* A descriptor that is readable when http_run() has work. */
int http_fd(const struct http_server *s);
/* Serve what is ready, without blocking. */
void http_run(struct http_server *s);
void http_stop(struct http_server *s);

#endif /* VSW_HTTP_H */
