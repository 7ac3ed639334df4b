// SPDX-License-Identifier: GPL-2.0
/*
 * A small etcd v3 client over the JSON gateway. See etcd.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "etcd.h"

/* CURLOPT_PROTOCOLS_STR is 7.85; Debian 12 has 7.88. */

#define ETCD_TIMEOUT_MS		5000
#define ETCD_CONNECT_MS		2000
#define ETCD_PAGE		1000
/* A reply larger than this is refused (a runaway endpoint). */
#define ETCD_REPLY_MAX		(256u << 20)

static void seterr(struct etcd *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void seterr(struct etcd *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->err, sizeof(e->err), fmt, ap);
	va_end(ap);
}

/* base64 */

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *etcd_b64_encode(const void *data, size_t len)
{
	const unsigned char *p = data;
	char *out, *o;
	size_t i;

	out = malloc((len + 2) / 3 * 4 + 1);
	if (!out)
		return NULL;
	o = out;
	for (i = 0; i + 2 < len; i += 3) {
		*o++ = b64[p[i] >> 2];
		*o++ = b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		*o++ = b64[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
		*o++ = b64[p[i + 2] & 63];
	}
	if (i < len) {
		*o++ = b64[p[i] >> 2];
		if (i + 1 < len) {
			*o++ = b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
			*o++ = b64[(p[i + 1] & 15) << 2];
		} else {
			*o++ = b64[(p[i] & 3) << 4];
			*o++ = '=';
		}
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

static int b64_val(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

int etcd_b64_decode(const char *s, size_t len, char **out, size_t *outlen)
{
	unsigned int acc = 0, bits = 0;
	size_t i, n = 0;
	char *o;
	int v;

	while (len && s[len - 1] == '=')
		len--;
	o = malloc(len * 3 / 4 + 1);
	if (!o)
		return -ENOMEM;
	for (i = 0; i < len; i++) {
		v = b64_val(s[i]);
		if (v < 0) {
			free(o);
			return -EINVAL;
		}
		acc = (acc << 6) | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			o[n++] = (acc >> bits) & 0xff;
		}
	}
	o[n] = '\0';
	*out = o;
	*outlen = n;
	return 0;
}

char *etcd_prefix_end(const char *prefix)
{
	size_t n = strlen(prefix);
	char *end = strdup(prefix);

	if (!end)
		return NULL;
	while (n) {
		if ((unsigned char)end[n - 1] < 0xff) {
			end[n - 1]++;
			end[n] = '\0';
			return end;
		}
		n--;
	}
	/* every byte 0xff (or empty): to the end of the key space */
	end[0] = '\0';
	return end;
}

/* Setup */

int etcd_parse_endpoints(struct etcd_config *cfg, char *list)
{
	char *save = NULL, *tok;

	cfg->nendpoints = 0;
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!*tok)
			continue;
		if (cfg->nendpoints == ETCD_ENDPOINTS_MAX)
			return -E2BIG;
		if (strncmp(tok, "http://", 7) && strncmp(tok, "https://", 8))
			return -EINVAL;
		cfg->endpoints[cfg->nendpoints++] = tok;
	}
	return cfg->nendpoints ? 0 : -EINVAL;
}

int etcd_init(struct etcd *e, const struct etcd_config *cfg)
{
	static bool global;

	memset(e, 0, sizeof(*e));
	if (!cfg->nendpoints || cfg->nendpoints > ETCD_ENDPOINTS_MAX) {
		seterr(e, "no etcd endpoint");
		return -EINVAL;
	}
	if (!global) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
			seterr(e, "cannot initialise libcurl");
			return -ENOMEM;
		}
		global = true;
	}
	e->cfg = *cfg;
	if (!e->cfg.timeout_ms)
		e->cfg.timeout_ms = ETCD_TIMEOUT_MS;
	e->curl = curl_easy_init();
	if (!e->curl) {
		seterr(e, "cannot initialise libcurl");
		return -ENOMEM;
	}
	return 0;
}

void etcd_free(struct etcd *e)
{
	if (e->curl)
		curl_easy_cleanup(e->curl);
	e->curl = NULL;
	free(e->token);
	e->token = NULL;
}

/* HTTP */

struct buf {
	char *data;
	size_t len, cap;
};

static size_t buf_write(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct buf *b = arg;
	size_t n = size * nmemb;
	char *p;

	if (b->len + n + 1 > ETCD_REPLY_MAX)
		return 0;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;

		p = realloc(b->data, cap);
		if (!p)
			return 0;
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, ptr, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

/* TLS and the common options of every handle. */
static void setup_handle(struct etcd *e, CURL *c)
{
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)ETCD_CONNECT_MS);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	if (e->cfg.cacert)
		curl_easy_setopt(c, CURLOPT_CAINFO, e->cfg.cacert);
	if (e->cfg.cert)
		curl_easy_setopt(c, CURLOPT_SSLCERT, e->cfg.cert);
	if (e->cfg.key)
		curl_easy_setopt(c, CURLOPT_SSLKEY, e->cfg.key);
}

static struct curl_slist *make_headers(struct etcd *e)
{
	struct curl_slist *h, *n;
	char auth[1024];

	h = curl_slist_append(NULL, "Content-Type: application/json");
	if (h && e->token) {
		snprintf(auth, sizeof(auth), "Authorization: %s", e->token);
		n = curl_slist_append(h, auth);
		if (!n) {
			curl_slist_free_all(h);
			return NULL;
		}
		h = n;
	}
	return h;
}

/* Errors worth another endpoint: it is down or unwell, not our request. */
static bool curl_retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_SSL_CONNECT_ERROR:
		return true;
	default:
		return false;
	}
}

static int errno_of_grpc(int code)
{
	switch (code) {
	case 3:  return -EINVAL;	/* InvalidArgument */
	case 5:  return -ENOENT;	/* NotFound */
	case 7:  return -EACCES;	/* PermissionDenied */
	case 8:  return -ENOSPC;	/* ResourceExhausted */
	case 11: return -ESTALE;	/* OutOfRange: compacted revision */
	case 14: return -EAGAIN;	/* Unavailable */
	case 16: return -EPERM;		/* Unauthenticated */
	default: return -EIO;
	}
}

static int authenticate(struct etcd *e);

/*
 * POST @body to @path on the first endpoint that answers; *reply is the
 * parsed JSON object. A gRPC error ({"error": ..., "code": N}) becomes
 * -errno with its message in e->err.
 */
static int post(struct etcd *e, const char *path, const char *body,
		json_object **reply, bool auth_retry)
{
	struct curl_slist *hdr;
	struct buf b = { 0 };
	char url[1024];
	json_object *j, *o;
	size_t tries;
	long status = 0;
	CURLcode rc = CURLE_OK;
	int ret, code;

	*reply = NULL;
	if (e->cfg.user && !e->token && strcmp(path, "/v3/auth/authenticate")) {
		ret = authenticate(e);
		if (ret)
			return ret;
	}
	hdr = make_headers(e);
	if (!hdr) {
		seterr(e, "out of memory");
		return -ENOMEM;
	}
	for (tries = 0; tries < e->cfg.nendpoints; tries++) {
		size_t i = (e->cur + tries) % e->cfg.nendpoints;

		snprintf(url, sizeof(url), "%s%s", e->cfg.endpoints[i], path);
		b.len = 0;
		curl_easy_reset(e->curl);
		setup_handle(e, e->curl);
		curl_easy_setopt(e->curl, CURLOPT_URL, url);
		curl_easy_setopt(e->curl, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(e->curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(e->curl, CURLOPT_TIMEOUT_MS,
				 e->cfg.timeout_ms);
		curl_easy_setopt(e->curl, CURLOPT_WRITEFUNCTION, buf_write);
		curl_easy_setopt(e->curl, CURLOPT_WRITEDATA, &b);
		e->requests++;
		rc = curl_easy_perform(e->curl);
		status = 0;
		curl_easy_getinfo(e->curl, CURLINFO_RESPONSE_CODE, &status);
		if ((rc == CURLE_OK && status < 500) ||
		    (rc != CURLE_OK && !curl_retryable(rc))) {
			e->cur = i;
			break;
		}
		e->failovers++;
		if (rc != CURLE_OK)
			seterr(e, "%s: %s", e->cfg.endpoints[i],
			       curl_easy_strerror(rc));
		else
			seterr(e, "%s: HTTP status %ld", e->cfg.endpoints[i],
			       status);
	}
	curl_slist_free_all(hdr);
	if (tries == e->cfg.nendpoints) {
		free(b.data);
		return -EHOSTUNREACH;
	}
	if (rc != CURLE_OK) {
		seterr(e, "%s: %s", e->cfg.endpoints[e->cur],
		       curl_easy_strerror(rc));
		free(b.data);
		return -EIO;
	}
	j = b.data ? json_tokener_parse(b.data) : NULL;
	free(b.data);
	if (!j || !json_object_is_type(j, json_type_object)) {
		json_object_put(j);
		seterr(e, "%s%s: HTTP status %ld, no JSON object in the reply",
		       e->cfg.endpoints[e->cur], path, status);
		return -EPROTO;
	}
	if (json_object_object_get_ex(j, "error", NULL) ||
	    (json_object_object_get_ex(j, "message", NULL) &&
	     json_object_object_get_ex(j, "code", NULL))) {
		o = NULL;
		code = json_object_object_get_ex(j, "code", &o) ?
			json_object_get_int(o) : 2;
		if (!json_object_object_get_ex(j, "message", &o))
			json_object_object_get_ex(j, "error", &o);
		seterr(e, "%s%s: %s", e->cfg.endpoints[e->cur], path,
		       o ? json_object_get_string(o) : "error");
		json_object_put(j);
		/* An expired or invalid token: a new one, once. */
		if (code == 16 && e->cfg.user && auth_retry &&
		    strcmp(path, "/v3/auth/authenticate")) {
			free(e->token);
			e->token = NULL;
			return post(e, path, body, reply, false);
		}
		return errno_of_grpc(code);
	}
	*reply = j;
	return 0;
}

static int authenticate(struct etcd *e)
{
	json_object *req, *reply, *o;
	int ret;

	req = json_object_new_object();
	json_object_object_add(req, "name",
			       json_object_new_string(e->cfg.user));
	json_object_object_add(req, "password",
			       json_object_new_string(e->cfg.password ?
						      e->cfg.password : ""));
	ret = post(e, "/v3/auth/authenticate",
		   json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN),
		   &reply, false);
	json_object_put(req);
	if (ret)
		return ret;
	if (!json_object_object_get_ex(reply, "token", &o)) {
		seterr(e, "authenticate: no token in the reply");
		json_object_put(reply);
		return -EPROTO;
	}
	free(e->token);
	e->token = strdup(json_object_get_string(o));
	json_object_put(reply);
	return e->token ? 0 : -ENOMEM;
}

/* Encode a JSON request object and post it; @req is consumed. */
static int call(struct etcd *e, const char *path, json_object *req,
		json_object **reply)
{
	int ret;

	if (!req) {
		seterr(e, "out of memory");
		return -ENOMEM;
	}
	ret = post(e, path,
		   json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN),
		   reply, true);
	json_object_put(req);
	return ret;
}

/* JSON helpers: int64s come as strings from the gateway. */

static int64_t get_i64(json_object *o, const char *name)
{
	json_object *v;

	return json_object_object_get_ex(o, name, &v) ?
		json_object_get_int64(v) : 0;
}

static int64_t header_revision(json_object *o)
{
	json_object *h;

	return json_object_object_get_ex(o, "header", &h) ?
		get_i64(h, "revision") : 0;
}

static void add_b64(json_object *o, const char *name, const void *data,
		    size_t len)
{
	char *s = etcd_b64_encode(data, len);

	if (s)
		json_object_object_add(o, name, json_object_new_string(s));
	free(s);
}

static int b64_field(json_object *o, const char *name, char **out,
		     size_t *len)
{
	json_object *v;
	const char *s;

	if (!json_object_object_get_ex(o, name, &v)) {
		/* the gateway leaves out empty fields */
		*out = strdup("");
		*len = 0;
		return *out ? 0 : -ENOMEM;
	}
	s = json_object_get_string(v);
	return etcd_b64_decode(s, strlen(s), out, len);
}

static int parse_kv(json_object *o, struct etcd_kv *kv)
{
	int ret;

	memset(kv, 0, sizeof(*kv));
	ret = b64_field(o, "key", &kv->key, &kv->key_len);
	if (!ret)
		ret = b64_field(o, "value", &kv->value, &kv->value_len);
	if (ret) {
		etcd_kv_free(kv);
		return ret;
	}
	kv->mod_revision = get_i64(o, "mod_revision");
	kv->create_revision = get_i64(o, "create_revision");
	kv->lease = get_i64(o, "lease");
	return 0;
}

void etcd_kv_free(struct etcd_kv *kv)
{
	free(kv->key);
	free(kv->value);
	kv->key = kv->value = NULL;
}

void etcd_kvs_free(struct etcd_kvs *kvs)
{
	size_t i;

	for (i = 0; i < kvs->n; i++)
		etcd_kv_free(&kvs->kv[i]);
	free(kvs->kv);
	memset(kvs, 0, sizeof(*kvs));
}

static int kvs_push(struct etcd_kvs *kvs, json_object *o)
{
	struct etcd_kv *p;

	if (kvs->n == kvs->alloc) {
		size_t alloc = kvs->alloc ? kvs->alloc * 2 : 64;

		p = realloc(kvs->kv, alloc * sizeof(*p));
		if (!p)
			return -ENOMEM;
		kvs->kv = p;
		kvs->alloc = alloc;
	}
	if (parse_kv(o, &kvs->kv[kvs->n]))
		return -EPROTO;
	kvs->n++;
	return 0;
}

/* KV */

/* One page of [from, end) at @revision; *more if the range goes on. */
static int range_page(struct etcd *e, const char *from, size_t from_len,
		      const char *end, int64_t *revision, unsigned int limit,
		      struct etcd_kvs *kvs, bool *more, size_t *got)
{
	json_object *req, *reply, *arr, *o;
	size_t i, n = 0;
	int ret = 0;

	req = json_object_new_object();
	add_b64(req, "key", from, from_len);
	if (end)
		add_b64(req, "range_end", end, strlen(end));
	if (limit)
		json_object_object_add(req, "limit",
				       json_object_new_int64(limit));
	if (*revision)
		json_object_object_add(req, "revision",
				       json_object_new_int64(*revision));
	ret = call(e, "/v3/kv/range", req, &reply);
	if (ret)
		return ret;
	if (!*revision)
		*revision = header_revision(reply);
	*more = json_object_object_get_ex(reply, "more", &o) &&
		json_object_get_boolean(o);
	if (json_object_object_get_ex(reply, "kvs", &arr))
		n = json_object_array_length(arr);
	for (i = 0; i < n && !ret; i++)
		ret = kvs_push(kvs, json_object_array_get_idx(arr, i));
	json_object_put(reply);
	if (ret)
		seterr(e, "range: a bad key or value in the reply");
	*got = n;
	return ret;
}

int etcd_range_prefix(struct etcd *e, const char *prefix, int64_t revision,
		      unsigned int page, struct etcd_kvs *kvs)
{
	char *end = etcd_prefix_end(prefix);
	int ret;

	if (!end)
		return -ENOMEM;
	ret = etcd_range(e, prefix, end, revision, page, kvs);
	free(end);
	return ret;
}

int etcd_range(struct etcd *e, const char *key, const char *end,
	       int64_t revision, unsigned int page, struct etcd_kvs *kvs)
{
	size_t from_len = strlen(key), got;
	bool more = true;
	char *from;
	int ret = 0;

	from = strdup(key);
	if (!from)
		return -ENOMEM;
	if (!page)
		page = ETCD_PAGE;
	while (more) {
		ret = range_page(e, from, from_len, end, &revision, page, kvs,
				 &more, &got);
		if (ret || !got)
			break;
		/* the next page starts right after the last key: key "\0" */
		free(from);
		from_len = kvs->kv[kvs->n - 1].key_len + 1;
		from = calloc(1, from_len + 1);
		if (!from) {
			ret = -ENOMEM;
			break;
		}
		memcpy(from, kvs->kv[kvs->n - 1].key, from_len - 1);
	}
	kvs->revision = revision;
	free(from);
	return ret;
}

int etcd_get(struct etcd *e, const char *key, struct etcd_kv *kv,
	     int64_t *revision)
{
	return etcd_get_at(e, key, 0, kv, revision);
}

int etcd_get_at(struct etcd *e, const char *key, int64_t at,
		struct etcd_kv *kv, int64_t *revision)
{
	struct etcd_kvs kvs = { 0 };
	int64_t rev = at;
	size_t got;
	bool more;
	int ret;

	ret = range_page(e, key, strlen(key), NULL, &rev, 0, &kvs, &more,
			 &got);
	if (revision)
		*revision = rev;
	if (!ret && !kvs.n)
		ret = -ENOENT;
	if (!ret) {
		*kv = kvs.kv[0];
		kvs.n = 0;
	}
	etcd_kvs_free(&kvs);
	return ret;
}

int etcd_put(struct etcd *e, const char *key, const void *value, size_t len,
	     int64_t lease, int64_t *revision)
{
	json_object *req = json_object_new_object(), *reply;
	int ret;

	add_b64(req, "key", key, strlen(key));
	add_b64(req, "value", value, len);
	if (lease)
		json_object_object_add(req, "lease",
				       json_object_new_int64(lease));
	ret = call(e, "/v3/kv/put", req, &reply);
	if (ret)
		return ret;
	if (revision)
		*revision = header_revision(reply);
	json_object_put(reply);
	return 0;
}

int etcd_delete(struct etcd *e, const char *key, bool prefix,
		int64_t *deleted, int64_t *revision)
{
	json_object *req = json_object_new_object(), *reply;
	char *end;
	int ret;

	add_b64(req, "key", key, strlen(key));
	if (prefix) {
		end = etcd_prefix_end(key);
		if (end)
			add_b64(req, "range_end", end, strlen(end));
		free(end);
	}
	ret = call(e, "/v3/kv/deleterange", req, &reply);
	if (ret)
		return ret;
	if (deleted)
		*deleted = get_i64(reply, "deleted");
	if (revision)
		*revision = header_revision(reply);
	json_object_put(reply);
	return 0;
}

int etcd_txn_put(struct etcd *e, const char *key_if, int64_t mod_rev,
		 const char *const *keys, const char *const *values, size_t n,
		 bool *succeeded, int64_t *revision)
{
	json_object *req = json_object_new_object(), *reply, *ops, *op, *put;
	json_object *cmp, *c, *o;
	size_t i;
	int ret;

	if (key_if) {
		cmp = json_object_new_array();
		c = json_object_new_object();
		add_b64(c, "key", key_if, strlen(key_if));
		json_object_object_add(c, "target",
				       json_object_new_string("MOD"));
		json_object_object_add(c, "result",
				       json_object_new_string("EQUAL"));
		json_object_object_add(c, "mod_revision",
				       json_object_new_int64(mod_rev));
		json_object_array_add(cmp, c);
		json_object_object_add(req, "compare", cmp);
	}
	ops = json_object_new_array();
	for (i = 0; i < n; i++) {
		op = json_object_new_object();
		put = json_object_new_object();
		add_b64(put, "key", keys[i], strlen(keys[i]));
		add_b64(put, "value", values[i], strlen(values[i]));
		json_object_object_add(op, "request_put", put);
		json_object_array_add(ops, op);
	}
	json_object_object_add(req, "success", ops);
	ret = call(e, "/v3/kv/txn", req, &reply);
	if (ret)
		return ret;
	if (succeeded)
		*succeeded = json_object_object_get_ex(reply, "succeeded", &o)
			     && json_object_get_boolean(o);
	if (revision)
		*revision = header_revision(reply);
	json_object_put(reply);
	return 0;
}

int etcd_txn(struct etcd *e, const struct etcd_op *ops, size_t n,
	     bool *succeeded, int64_t *revision)
{
	json_object *req = json_object_new_object(), *reply, *arr, *cmp;
	json_object *op, *body, *c, *o;
	size_t i;
	int ret;

	cmp = json_object_new_array();
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		if (ops[i].cmp != ETCD_CMP_NONE) {
			/* the key's version: 0 if and only if it is absent */
			c = json_object_new_object();
			add_b64(c, "key", ops[i].key, strlen(ops[i].key));
			json_object_object_add(c, "target",
					       json_object_new_string("VERSION"));
			json_object_object_add(c, "result",
					       json_object_new_string(
						       ops[i].cmp == ETCD_CMP_ABSENT ?
						       "EQUAL" : "GREATER"));
			json_object_object_add(c, "version",
					       json_object_new_int64(0));
			json_object_array_add(cmp, c);
		}
		op = json_object_new_object();
		body = json_object_new_object();
		add_b64(body, "key", ops[i].key, strlen(ops[i].key));
		if (ops[i].value)
			add_b64(body, "value", ops[i].value,
				strlen(ops[i].value));
		json_object_object_add(op, ops[i].value ? "request_put" :
				       "request_delete_range", body);
		json_object_array_add(arr, op);
	}
	json_object_object_add(req, "compare", cmp);
	json_object_object_add(req, "success", arr);
	ret = call(e, "/v3/kv/txn", req, &reply);
	if (ret)
		return ret;
	*succeeded = json_object_object_get_ex(reply, "succeeded", &o) &&
		     json_object_get_boolean(o);
	if (revision)
		*revision = header_revision(reply);
	json_object_put(reply);
	return 0;
}

int etcd_range_stat(struct etcd *e, const char *key, const char *end,
		    int64_t revision, int64_t *count, int64_t *max_mod,
		    int64_t *revision_out)
{
	json_object *req = json_object_new_object(), *reply, *arr;
	int ret;

	add_b64(req, "key", key, strlen(key));
	add_b64(req, "range_end", end, strlen(end));
	json_object_object_add(req, "limit", json_object_new_int64(1));
	json_object_object_add(req, "sort_order",
			       json_object_new_string("DESCEND"));
	json_object_object_add(req, "sort_target",
			       json_object_new_string("MOD"));
	json_object_object_add(req, "keys_only", json_object_new_boolean(1));
	if (revision)
		json_object_object_add(req, "revision",
				       json_object_new_int64(revision));
	ret = call(e, "/v3/kv/range", req, &reply);
	if (ret)
		return ret;
	*count = get_i64(reply, "count");
	*max_mod = 0;
	if (json_object_object_get_ex(reply, "kvs", &arr) &&
	    json_object_array_length(arr))
		*max_mod = get_i64(json_object_array_get_idx(arr, 0),
				   "mod_revision");
	if (revision_out)
		*revision_out = header_revision(reply);
	json_object_put(reply);
	return 0;
}

int etcd_compact(struct etcd *e, int64_t revision)
{
	json_object *req = json_object_new_object(), *reply;
	int ret;

	json_object_object_add(req, "revision", json_object_new_int64(revision));
	json_object_object_add(req, "physical", json_object_new_boolean(1));
	ret = call(e, "/v3/kv/compaction", req, &reply);
	if (!ret)
		json_object_put(reply);
	return ret;
}

/* Leases */

int etcd_lease_grant(struct etcd *e, int64_t ttl, int64_t *id)
{
	json_object *req = json_object_new_object(), *reply;
	int ret;

	json_object_object_add(req, "TTL", json_object_new_int64(ttl));
	ret = call(e, "/v3/lease/grant", req, &reply);
	if (ret)
		return ret;
	*id = get_i64(reply, "ID");
	json_object_put(reply);
	if (!*id) {
		seterr(e, "lease grant: no ID in the reply");
		return -EPROTO;
	}
	return 0;
}

int etcd_lease_keepalive(struct etcd *e, int64_t id, int64_t *ttl)
{
	json_object *req = json_object_new_object(), *reply, *res;
	int ret;

	json_object_object_add(req, "ID", json_object_new_int64(id));
	ret = call(e, "/v3/lease/keepalive", req, &reply);
	if (ret)
		return ret;
	/* a stream of one message: {"result": {...}} */
	res = json_object_object_get_ex(reply, "result", &res) ? res : reply;
	*ttl = get_i64(res, "TTL");
	json_object_put(reply);
	if (*ttl <= 0) {
		seterr(e, "lease %llx has expired", (unsigned long long)id);
		return -ENOENT;
	}
	return 0;
}

int etcd_lease_revoke(struct etcd *e, int64_t id)
{
	json_object *req = json_object_new_object(), *reply;
	int ret;

	json_object_object_add(req, "ID", json_object_new_int64(id));
	ret = call(e, "/v3/kv/lease/revoke", req, &reply);
	if (!ret)
		json_object_put(reply);
	return ret;
}

/* Watch */

static void free_resp(struct etcd_watch_resp *r)
{
	size_t i;

	for (i = 0; i < r->nevents; i++)
		etcd_kv_free(&r->events[i].kv);
	free(r->events);
}

/* One message of the stream: {"result": {...}} or {"error": {...}}. */
static int watch_message(struct etcd_watch *w, json_object *msg)
{
	struct etcd_watch_resp r = { 0 };
	json_object *res, *arr, *ev, *o;
	size_t i, n;
	int ret;

	if (!json_object_object_get_ex(msg, "result", &res)) {
		if (json_object_object_get_ex(msg, "error", &o) &&
		    json_object_object_get_ex(o, "message", &o))
			seterr(w->e, "watch: %s", json_object_get_string(o));
		else
			seterr(w->e, "watch: a message without a result");
		return -EPROTO;
	}
	r.revision = header_revision(res);
	r.compact_revision = get_i64(res, "compact_revision");
	r.created = json_object_object_get_ex(res, "created", &o) &&
		    json_object_get_boolean(o);
	r.canceled = json_object_object_get_ex(res, "canceled", &o) &&
		     json_object_get_boolean(o);
	if (json_object_object_get_ex(res, "events", &arr)) {
		n = json_object_array_length(arr);
		r.events = calloc(n ? n : 1, sizeof(*r.events));
		if (!r.events)
			return -ENOMEM;
		for (i = 0; i < n; i++) {
			ev = json_object_array_get_idx(arr, i);
			r.events[i].type = ETCD_PUT;
			if (json_object_object_get_ex(ev, "type", &o) &&
			    !strcmp(json_object_get_string(o), "DELETE"))
				r.events[i].type = ETCD_DELETE;
			if (!json_object_object_get_ex(ev, "kv", &o) ||
			    parse_kv(o, &r.events[i].kv)) {
				free_resp(&r);
				seterr(w->e, "watch: a bad event");
				return -EPROTO;
			}
			r.nevents++;
		}
	}
	ret = w->fn(w->ctx, &r);
	free_resp(&r);
	return ret;
}

static size_t watch_write(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct etcd_watch *w = arg;
	size_t n = size * nmemb, off = 0;
	enum json_tokener_error jerr;
	json_object *msg;
	int ret;

	if (w->stop)
		return 0;
	while (off < n) {
		msg = json_tokener_parse_ex(w->tok, ptr + off, n - off);
		jerr = json_tokener_get_error(w->tok);
		if (jerr == json_tokener_continue)
			break;
		if (jerr != json_tokener_success) {
			seterr(w->e, "watch: bad JSON in the stream: %s",
			       json_tokener_error_desc(jerr));
			w->stop = -EPROTO;
			return 0;
		}
		off += json_tokener_get_parse_end(w->tok);
		json_tokener_reset(w->tok);
		ret = watch_message(w, msg);
		json_object_put(msg);
		if (ret) {
			w->stop = ret;
			return 0;
		}
		/* whitespace between messages */
		while (off < n && (ptr[off] == '\n' || ptr[off] == '\r' ||
				   ptr[off] == ' '))
			off++;
	}
	return n;
}

static void watch_cleanup(struct etcd_watch *w)
{
	if (w->multi && w->easy)
		curl_multi_remove_handle(w->multi, w->easy);
	if (w->easy)
		curl_easy_cleanup(w->easy);
	if (w->multi)
		curl_multi_cleanup(w->multi);
	if (w->headers)
		curl_slist_free_all(w->headers);
	if (w->tok)
		json_tokener_free(w->tok);
	free(w->body);
	w->easy = w->multi = w->headers = w->tok = NULL;
	w->body = NULL;
	w->running = false;
}

/* Open the stream on endpoint @i. */
static int watch_open(struct etcd_watch *w, size_t i)
{
	struct etcd *e = w->e;
	char url[1024];

	w->tok = json_tokener_new();
	w->multi = curl_multi_init();
	w->easy = curl_easy_init();
	w->headers = make_headers(e);
	if (!w->tok || !w->multi || !w->easy || !w->headers)
		return -ENOMEM;
	snprintf(url, sizeof(url), "%s/v3/watch", e->cfg.endpoints[i]);
	setup_handle(e, w->easy);
	curl_easy_setopt(w->easy, CURLOPT_URL, url);
	curl_easy_setopt(w->easy, CURLOPT_HTTPHEADER, w->headers);
	curl_easy_setopt(w->easy, CURLOPT_POSTFIELDS, w->body);
	curl_easy_setopt(w->easy, CURLOPT_WRITEFUNCTION, watch_write);
	curl_easy_setopt(w->easy, CURLOPT_WRITEDATA, w);
	/* a dead peer is found by TCP keepalive, not by a timeout */
	curl_easy_setopt(w->easy, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(w->easy, CURLOPT_TCP_KEEPIDLE, 10L);
	curl_easy_setopt(w->easy, CURLOPT_TCP_KEEPINTVL, 5L);
	if (curl_multi_add_handle(w->multi, w->easy))
		return -ENOMEM;
	e->requests++;
	w->running = true;
	return 0;
}

int etcd_watch_start(struct etcd_watch *w, struct etcd *e, const char *prefix,
		     int64_t start_revision, etcd_watch_fn fn, void *ctx)
{
	char *end = etcd_prefix_end(prefix);
	int ret;

	if (!end)
		return -ENOMEM;
	ret = etcd_watch_start_range(w, e, prefix, end, start_revision, fn,
				     ctx);
	free(end);
	return ret;
}

int etcd_watch_start_range(struct etcd_watch *w, struct etcd *e,
			   const char *key, const char *end,
			   int64_t start_revision, etcd_watch_fn fn, void *ctx)
{
	json_object *req, *create;
	int ret;

	memset(w, 0, sizeof(*w));
	w->e = e;
	w->fn = fn;
	w->ctx = ctx;
	if (e->cfg.user && !e->token) {
		ret = authenticate(e);
		if (ret)
			return ret;
	}
	req = json_object_new_object();
	create = json_object_new_object();
	if (!req || !create) {
		json_object_put(req);
		json_object_put(create);
		return -ENOMEM;
	}
	add_b64(create, "key", key, strlen(key));
	add_b64(create, "range_end", end, strlen(end));
	if (start_revision)
		json_object_object_add(create, "start_revision",
				       json_object_new_int64(start_revision));
	json_object_object_add(req, "create_request", create);
	w->body = strdup(json_object_to_json_string_ext(req,
						JSON_C_TO_STRING_PLAIN));
	json_object_put(req);
	if (!w->body)
		return -ENOMEM;
	/*
	 * The stream is opened on the current endpoint; whether it connects
	 * shows in the first polls. The caller's retry (after a backoff)
	 * comes to the next endpoint, as etcd_watch_poll() moves e->cur on
	 * a connection failure.
	 */
	ret = watch_open(w, e->cur);
	if (ret) {
		char *body = w->body;

		w->body = NULL;
		watch_cleanup(w);
		free(body);
		seterr(e, "watch: out of memory");
	}
	return ret;
}

int etcd_watch_poll(struct etcd_watch *w, int timeout_ms)
{
	return etcd_watch_poll_fd(w, timeout_ms, -1, NULL);
}

int etcd_watch_poll_fd(struct etcd_watch *w, int timeout_ms, int fd,
		       bool *fd_ready)
{
	struct curl_waitfd extra = { .fd = fd, .events = CURL_WAIT_POLLIN };
	struct etcd *e = w->e;
	CURLMcode mc;
	CURLMsg *m;
	int running = 0, left;
	CURLcode rc;
	long status;

	if (fd_ready)
		*fd_ready = false;
	if (!w->running)
		return -ENOTCONN;
	mc = curl_multi_poll(w->multi, fd >= 0 ? &extra : NULL,
			     fd >= 0 ? 1 : 0, timeout_ms, NULL);
	if (mc == CURLM_OK && fd_ready && (extra.revents & CURL_WAIT_POLLIN))
		*fd_ready = true;
	if (mc == CURLM_OK)
		mc = curl_multi_perform(w->multi, &running);
	if (mc != CURLM_OK) {
		seterr(e, "watch: %s", curl_multi_strerror(mc));
		return -EIO;
	}
	if (w->stop)
		return w->stop;
	while ((m = curl_multi_info_read(w->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		rc = m->data.result;
		status = 0;
		curl_easy_getinfo(w->easy, CURLINFO_RESPONSE_CODE, &status);
		w->running = false;
		if (w->stop)
			return w->stop;
		if (rc != CURLE_OK) {
			seterr(e, "watch on %s: %s", e->cfg.endpoints[e->cur],
			       curl_easy_strerror(rc));
			if (curl_retryable(rc)) {
				/* the next attempt goes to the next one */
				e->cur = (e->cur + 1) % e->cfg.nendpoints;
				e->failovers++;
			}
			return -ECONNRESET;
		}
		seterr(e, "watch on %s: the stream ended (HTTP status %ld)",
		       e->cfg.endpoints[e->cur], status);
		if (status == 401 && e->token) {
			free(e->token);
			e->token = NULL;
		}
		if (status >= 500) {
			e->cur = (e->cur + 1) % e->cfg.nendpoints;
			e->failovers++;
		}
		return -ECONNRESET;
	}
	return 0;
}

void etcd_watch_stop(struct etcd_watch *w)
{
	watch_cleanup(w);
}
