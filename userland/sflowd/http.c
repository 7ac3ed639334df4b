// SPDX-License-Identifier: GPL-2.0
/*
 * The HTTP endpoint of vsw-sflowd, through libmicrohttpd. See http.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "http.h"

/* Debian 12 has 0.9.75; enum MHD_Result came with 0.9.71. */
#if MHD_VERSION < 0x00097100
#error "libmicrohttpd 0.9.71 or later is needed"
#endif

#define METRICS_TYPE	"text/plain; version=0.0.4; charset=utf-8"

static const char index_page[] =
	"<!DOCTYPE html>\n<html><head><title>vsw-sflowd</title></head>\n"
	"<body><p>vsw-sflowd: <a href=\"/metrics\">metrics</a></p></body>"
	"</html>\n";

struct http_server {
	struct MHD_Daemon *mhd;
	int fd;
	http_metrics_fn fn;
	void *ctx;
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
	if (!strcmp(url, "/"))
		return reply(c, MHD_HTTP_OK, "text/html; charset=utf-8",
			     (void *)index_page, sizeof(index_page) - 1,
			     MHD_RESPMEM_PERSISTENT);
	if (strcmp(url, "/metrics"))
		return text(c, MHD_HTTP_NOT_FOUND, "not found: try /metrics\n");
	fp = open_memstream(&body, &len);
	if (!fp)
		return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
	ret = s->fn(s->ctx, fp);
	if (fclose(fp) || ret) {
		free(body);
		return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
			    "cannot write the metrics\n");
	}
	return reply(c, MHD_HTTP_OK, METRICS_TYPE, body, len,
		     MHD_RESPMEM_MUST_FREE);
}

struct http_server *http_start(const struct sockaddr_in *addr,
			       http_metrics_fn fn, void *ctx, char *err,
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
	s->fn = fn;
	s->ctx = ctx;
	/* No thread of its own: the daemon's loop runs it (MHD_run()). */
	errno = 0;
	s->mhd = MHD_start_daemon(MHD_USE_EPOLL, ntohs(addr->sin_port), NULL,
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

void http_stop(struct http_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->mhd);
	free(s);
}
