/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small etcd v3 client: the JSON gateway of etcd 3.4 (grpc-gateway,
 * POST /v3/...), over libcurl, parsed with json-c. Keys and values
 * travel in base64. See Documentation/control-plane.md for why JSON over
 * HTTP rather than gRPC.
 *
 * One struct etcd holds the endpoints of a cluster; a request goes to the
 * endpoint that answered last and, when it cannot be reached (connection
 * refused, timeout, a 5xx), to the next one, each at most once per
 * request. TLS (a CA, a client certificate and key) is libcurl's; with a
 * user name, the client takes a token from /v3/auth/authenticate and
 * sends it as the Authorization header, fetching a new one once when the
 * server says it is invalid.
 *
 * Every call returns 0 or -errno, and leaves a message in e->err.
 */
#ifndef VSW_ETCD_H
#define VSW_ETCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ETCD_ENDPOINTS_MAX	8

struct etcd_config {
	const char *endpoints[ETCD_ENDPOINTS_MAX];	/* http(s)://host:port */
	size_t nendpoints;
	const char *cacert, *cert, *key;	/* TLS files, or NULL */
	const char *user, *password;		/* auth, or NULL */
	long timeout_ms;			/* per request (not watch) */
};

struct etcd {
	struct etcd_config cfg;
	size_t cur;		/* the endpoint to try first */
	char *token;		/* auth token, or NULL */
	void *curl;		/* CURL *, reused: keeps connections */
	uint64_t requests;	/* HTTP requests made (watch included) */
	uint64_t failovers;	/* endpoints given up during requests */
	char err[256];
};

struct etcd_kv {
	char *key, *value;	/* NUL-terminated copies */
	size_t key_len, value_len;
	int64_t mod_revision, create_revision, lease;
};

struct etcd_kvs {
	struct etcd_kv *kv;
	size_t n, alloc;
	int64_t revision;	/* of the store when read */
};

int etcd_init(struct etcd *e, const struct etcd_config *cfg);
void etcd_free(struct etcd *e);

/* "a,b,c" into cfg->endpoints (pointers into @list, which is modified). */
int etcd_parse_endpoints(struct etcd_config *cfg, char *list);

/*
 * Every key starting with @prefix, at @revision (0: the latest), read in
 * pages of @page keys (0: 1000) all at the first page's revision; kvs is
 * appended to. -ENOENT... never: an empty range is 0 with nothing added.
 * A compacted @revision is -ESTALE.
 */
int etcd_range_prefix(struct etcd *e, const char *prefix, int64_t revision,
		      unsigned int page, struct etcd_kvs *kvs);
/* The same for the keys in [@key, @end), in byte order. */
int etcd_range(struct etcd *e, const char *key, const char *end,
	       int64_t revision, unsigned int page, struct etcd_kvs *kvs);
/* One key: 0 and *kv filled, or -ENOENT. */
int etcd_get(struct etcd *e, const char *key, struct etcd_kv *kv,
	     int64_t *revision);
/* The same at revision @at (0: the latest); a compacted one is -ESTALE. */
int etcd_get_at(struct etcd *e, const char *key, int64_t at,
		struct etcd_kv *kv, int64_t *revision);
void etcd_kvs_free(struct etcd_kvs *kvs);
void etcd_kv_free(struct etcd_kv *kv);

/* Put @value (@len bytes) at @key, attached to @lease (0: none). */
int etcd_put(struct etcd *e, const char *key, const void *value, size_t len,
	     int64_t lease, int64_t *revision);
/* Delete @key, or with @prefix every key starting with it. */
int etcd_delete(struct etcd *e, const char *key, bool prefix,
		int64_t *deleted, int64_t *revision);
/*
 * Put several keys in one transaction, only if @key_if's mod_revision is
 * still @mod_rev (0: the key does not exist); with key_if NULL,
 * unconditionally. *succeeded says which branch ran.
 */
int etcd_txn_put(struct etcd *e, const char *key_if, int64_t mod_rev,
		 const char *const *keys, const char *const *values, size_t n,
		 bool *succeeded, int64_t *revision);

/*
 * A transaction of puts and deletes, each optionally guarded by a compare
 * of its key's existence: the ops run, all at one revision, only if every
 * compare holds (*succeeded false otherwise, and nothing is written).
 * One key at most once (etcd refuses duplicates); at most etcd's
 * --max-txn-ops (128 by default) ops, else -EINVAL.
 */
enum etcd_cmp { ETCD_CMP_NONE, ETCD_CMP_ABSENT, ETCD_CMP_PRESENT };

struct etcd_op {
	const char *key;
	const char *value;	/* NULL: delete the key */
	enum etcd_cmp cmp;
};

int etcd_txn(struct etcd *e, const struct etcd_op *ops, size_t n,
	     bool *succeeded, int64_t *revision);

/*
 * The keys in [@key, @end) at @revision (0: the latest): how many there
 * are, and the highest mod_revision among them (0 if none). One request
 * (sorted by mod_revision, limit 1, keys only). A compacted @revision is
 * -ESTALE. *revision_out (if not NULL) is the revision read.
 */
int etcd_range_stat(struct etcd *e, const char *key, const char *end,
		    int64_t revision, int64_t *count, int64_t *max_mod,
		    int64_t *revision_out);

/* Compact the history up to @revision (physical: wait until done). */
int etcd_compact(struct etcd *e, int64_t revision);

/* A lease of @ttl seconds. */
int etcd_lease_grant(struct etcd *e, int64_t ttl, int64_t *id);
/* Renew it; *ttl is what is left, and -ENOENT if it has expired. */
int etcd_lease_keepalive(struct etcd *e, int64_t id, int64_t *ttl);
int etcd_lease_revoke(struct etcd *e, int64_t id);

/*
 * A watch of every key under a prefix, as a stream (one long HTTP
 * response), driven by etcd_watch_poll() so that the caller can do other
 * work (lease keepalives) in between.
 */
enum etcd_event_type { ETCD_PUT, ETCD_DELETE };

struct etcd_event {
	enum etcd_event_type type;
	struct etcd_kv kv;
};

struct etcd_watch_resp {
	int64_t revision;		/* header revision */
	int64_t compact_revision;	/* non-zero: history is gone */
	bool created, canceled;
	struct etcd_event *events;
	size_t nevents;
};

/* Called for every response; non-zero stops the watch (poll returns it). */
typedef int (*etcd_watch_fn)(void *ctx, const struct etcd_watch_resp *r);

struct etcd_watch {
	struct etcd *e;
	void *multi, *easy, *headers;
	void *tok;			/* json_tokener * */
	char *body;
	etcd_watch_fn fn;
	void *ctx;
	int stop;			/* the callback's value */
	bool running;
	char *pending;			/* bytes of an unfinished message */
	size_t npending;
};

/* Start watching @prefix from @start_revision (0: from now). */
int etcd_watch_start(struct etcd_watch *w, struct etcd *e, const char *prefix,
		     int64_t start_revision, etcd_watch_fn fn, void *ctx);
/* The same for the keys in [@key, @end), in byte order. */
int etcd_watch_start_range(struct etcd_watch *w, struct etcd *e,
			   const char *key, const char *end,
			   int64_t start_revision, etcd_watch_fn fn, void *ctx);
/*
 * Wait up to @timeout_ms for data and hand each complete response to the
 * callback. 0: still watching; the callback's non-zero value; or -errno
 * when the stream ended (-ECONNRESET) or failed.
 */
int etcd_watch_poll(struct etcd_watch *w, int timeout_ms);
/*
 * The same, waking up also when @fd (-1: none) is readable: then
 * *fd_ready is true. The caller reads @fd itself.
 */
int etcd_watch_poll_fd(struct etcd_watch *w, int timeout_ms, int fd,
		       bool *fd_ready);
void etcd_watch_stop(struct etcd_watch *w);

/* base64 (RFC 4648, padded). The result is malloc()ed and terminated. */
char *etcd_b64_encode(const void *data, size_t len);
/* -EINVAL on a bad input; *out malloc()ed and NUL-terminated. */
int etcd_b64_decode(const char *s, size_t len, char **out, size_t *outlen);
/* The end of the range of keys starting with @prefix (prefix + 1). */
char *etcd_prefix_end(const char *prefix);

#endif /* VSW_ETCD_H */
