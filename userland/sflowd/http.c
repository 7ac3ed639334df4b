// SPDX-License-Identifier: GPL-2.0
/*
 * The HTTP endpoint of vsw-sflowd, through libmicrohttpd. See http.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "http.h"

/* Debian 12 has 0.9.75; enum MHD_Result came with 0.9.71. */
#if MHD_VERSION < 0x00097100
#error "libmicrohttpd 0.9.71 or later is needed"
#endif

#define METRICS_TYPE	"text/plain; version=0.0.4; charset=utf-8"

#define EVENTS_TYPE	"text/event-stream"

static const char index_page[] =
	"<!DOCTYPE html>\n<html><head><title>vsw-sflowd</title></head>\n"
	"<body><p>vsw-sflowd: <a href=\"/metrics\">metrics</a></p></body>"
	"</html>\n";

/* Sent first on /events: how long a browser waits before reconnecting. */
static const char sse_hello[] = "retry: 2000\n\n";

/* One client of /events: the bytes it has still to take. */
struct sse_client {
	struct http_server *s;
	struct MHD_Connection *c;
	char *buf;
	size_t len, off, size;
	bool suspended;		/* waiting for the next event */
	bool closing;		/* too slow, or the server stops: end it */
	struct sse_client *next, **pprev;
};

struct http_server {
	struct MHD_Daemon *mhd;
	int fd;
	struct http_handlers h;
	struct sse_client *clients;
	unsigned int nclients;
	char *last;		/* the last event, for a new client */
	size_t last_len;
	uint64_t slow_dropped;
};

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int status,
			     const char *type, void *body, size_t len,
			     enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body, mode);
	if (!r) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result text(struct MHD_Connection *c, unsigned int status,
			    const char *msg)
{
	return reply(c, status, "text/plain; charset=utf-8", (void *)msg,
		     strlen(msg), MHD_RESPMEM_PERSISTENT);
}


/* Append @len bytes to what @cl has to take: false if over the bound. */
static bool sse_queue(struct sse_client *cl, const char *data, size_t len)
{
	size_t size;
	char *b;

	if (cl->off == cl->len)
		cl->off = cl->len = 0;
	if (cl->len - cl->off + len > HTTP_SSE_BACKLOG)
		return false;
	if (cl->off && cl->len + len > cl->size) {	/* slide down */
		memmove(cl->buf, cl->buf + cl->off, cl->len - cl->off);
		cl->len -= cl->off;
		cl->off = 0;
	}
	if (cl->len + len > cl->size) {
		size = cl->len + len;
		b = realloc(cl->buf, size);
		if (!b)
			return false;
		cl->buf = b;
		cl->size = size;
	}
	memcpy(cl->buf + cl->len, data, len);
	cl->len += len;
	return true;
}

static void sse_wake(struct sse_client *cl)
{
	if (!cl->suspended)
		return;
	cl->suspended = false;
	MHD_resume_connection(cl->c);
}

/*
 * libmicrohttpd asks for the next bytes of /events when the client's
 * socket can take them: give what is queued; with nothing queued, suspend
 * the connection until http_publish() has an event (returning 0 without
 * suspending would make MHD_run() ask again at once, a busy loop).
 */
static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sse_client *cl = cls;
	size_t n = cl->len - cl->off;

	(void)pos;
	if (cl->closing)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (!n) {
		cl->suspended = true;
		MHD_suspend_connection(cl->c);
		return 0;
	}
	if (n > max)
		n = max;
	memcpy(buf, cl->buf + cl->off, n);
	cl->off += n;
	return (ssize_t)n;
}

/* The response is gone (the connection closed): forget the client. */
static void sse_free(void *cls)
{
	struct sse_client *cl = cls;

	if (cl->next)
		cl->next->pprev = cl->pprev;
	*cl->pprev = cl->next;
	cl->s->nclients--;
	free(cl->buf);
	free(cl);
}

static enum MHD_Result events(struct http_server *s, struct MHD_Connection *c,
			      const char *method)
{
	const union MHD_ConnectionInfo *ci;
	int sndbuf = HTTP_SSE_SNDBUF;
	struct sse_client *cl;
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (!strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply(c, MHD_HTTP_OK, EVENTS_TYPE, (void *)"", 0,
			     MHD_RESPMEM_PERSISTENT);
	if (s->nclients >= HTTP_STREAMS_MAX)
		return text(c, MHD_HTTP_SERVICE_UNAVAILABLE,
			    "too many clients of /events\n");
	cl = calloc(1, sizeof(*cl));
	if (!cl || !sse_queue(cl, sse_hello, sizeof(sse_hello) - 1) ||
	    (s->last && !sse_queue(cl, s->last, s->last_len))) {
		if (cl)
			free(cl->buf);
		free(cl);
		return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
	}
	/*
	 * The kernel's share of what a client has not taken is bounded too:
	 * without this, loopback's autotuning lets a stalled client's socket
	 * hold megabytes before our queue even starts to grow.
	 */
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci)
		setsockopt(ci->connect_fd, SOL_SOCKET, SO_SNDBUF, &sndbuf,
			   sizeof(sndbuf));
	cl->s = s;
	cl->c = c;
	cl->next = s->clients;
	if (cl->next)
		cl->next->pprev = &cl->next;
	cl->pprev = &s->clients;
	s->clients = cl;
	s->nclients++;
	/* From now on the response frees the client (sse_free()). */
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, sse_read,
					      cl, sse_free);
	if (!r) {
		sse_free(cl);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, EVENTS_TYPE);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
			      const char *url, const char *method,
			      const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	char *body = NULL;
	size_t len = 0;
	FILE *fp;
	int ret;

	(void)version;
	(void)upload;
	(void)con_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD))
		return text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
			    "only GET and HEAD\n");
	if (*upload_size)	/* a GET with a body: ignore it */
		*upload_size = 0;
	if (!strcmp(url, "/") && s->h.page)
		return reply(c, MHD_HTTP_OK, "text/html; charset=utf-8",
			     (void *)s->h.page, s->h.page_len,
			     MHD_RESPMEM_PERSISTENT);
	if (!strcmp(url, "/"))
		return reply(c, MHD_HTTP_OK, "text/html; charset=utf-8",
			     (void *)index_page, sizeof(index_page) - 1,
			     MHD_RESPMEM_PERSISTENT);
	if (!strcmp(url, "/events") && s->h.events)
		return events(s, c, method);
	if (strcmp(url, "/metrics"))
		return text(c, MHD_HTTP_NOT_FOUND, "not found: try /metrics\n");
	fp = open_memstream(&body, &len);
	if (!fp)
		return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
	ret = s->h.metrics(s->h.ctx, fp);
	if (fclose(fp) || ret) {
		free(body);
		return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
			    "cannot write the metrics\n");
	}
	return reply(c, MHD_HTTP_OK, METRICS_TYPE, body, len,
		     MHD_RESPMEM_MUST_FREE);
}

struct http_server *http_start(const struct sockaddr_in *addr,
			       const struct http_handlers *h, char *err,
			       size_t errlen)
{
	char a[INET_ADDRSTRLEN];
	const union MHD_DaemonInfo *info;
	struct http_server *s;

	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	s->h = *h;
	/*
	 * No thread of its own: the daemon's loop runs it (MHD_run()).
	 * Clients of /events are suspended between two events.
	 */
	errno = 0;
	s->mhd = MHD_start_daemon(MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME,
				  ntohs(addr->sin_port), NULL,
				  NULL, handle, s,
				  MHD_OPTION_SOCK_ADDR, addr,
				  MHD_OPTION_CONNECTION_LIMIT,
				  (unsigned int)HTTP_CONNECTIONS_MAX,
				  MHD_OPTION_PER_IP_CONNECTION_LIMIT,
				  (unsigned int)HTTP_PER_CLIENT_MAX,
				  MHD_OPTION_CONNECTION_TIMEOUT,
				  (unsigned int)HTTP_TIMEOUT_S,
				  MHD_OPTION_END);
	if (!s->mhd) {
		snprintf(err, errlen, "cannot listen on %s:%u: %s",
			 inet_ntop(AF_INET, &addr->sin_addr, a, sizeof(a)),
			 ntohs(addr->sin_port),
			 errno ? strerror(errno) : "libmicrohttpd failed");
		free(s);
		return NULL;
	}
	info = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	s->fd = info ? info->epoll_fd : -1;
	if (s->fd < 0) {
		snprintf(err, errlen, "libmicrohttpd has no epoll descriptor");
		http_stop(s);
		return NULL;
	}
	return s;
}

int http_fd(const struct http_server *s)
{
	return s->fd;
}

void http_run(struct http_server *s)
{
	MHD_run(s->mhd);
}

void http_publish(struct http_server *s, const char *json, size_t len)
{
	struct sse_client *cl;
	char *ev;
	size_t n;

	while (len && json[len - 1] == '\n')
		len--;
	/* One event: "data: JSON" and a blank line (JSON has no newline). */
	n = len + sizeof("data: \n\n") - 1;
	ev = malloc(n);
	if (!ev)
		return;
	memcpy(ev, "data: ", 6);
	memcpy(ev + 6, json, len);
	memcpy(ev + 6 + len, "\n\n", 2);
	free(s->last);
	s->last = ev;
	s->last_len = n;
	for (cl = s->clients; cl; cl = cl->next) {
		if (cl->closing)
			continue;
		/*
		 * A client that has not taken the events of the last
		 * HTTP_SSE_BACKLOG bytes is too slow: its connection ends
		 * (sse_read() says so) rather than its queue growing.
		 */
		if (!sse_queue(cl, ev, n)) {
			cl->closing = true;
			s->slow_dropped++;
		}
		sse_wake(cl);
	}
}

unsigned int http_streams(const struct http_server *s)
{
	return s->nclients;
}

uint64_t http_slow_dropped(const struct http_server *s)
{
	return s->slow_dropped;
}

void http_stop(struct http_server *s)
{
	struct sse_client *cl;

	if (!s)
		return;
	/* MHD_stop_daemon() wants no connection suspended. */
	for (cl = s->clients; cl; cl = cl->next) {
		cl->closing = true;
		sse_wake(cl);
	}
	MHD_stop_daemon(s->mhd);
	free(s->last);
	free(s);
}
