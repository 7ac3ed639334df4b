// SPDX-License-Identifier: GPL-2.0
/*
 * The etcd client (userland/etcd.c) against a real etcd, started by
 * test_etcd.sh:
 *
 *	test_etcd URL DEAD_URL			plain HTTP, failover
 *	test_etcd --auth URL USER PASSWORD	user/password auth
 *	test_etcd --tls URL CA CERT KEY		TLS, client certificates
 *
 * DEAD_URL is a port nobody listens on. TAP on stdout, without the plan
 * (test_etcd.sh prints it); numbered from $TAP_START + 1.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etcd.h"

static int n_tests, n_failed;

static void ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	n_tests++;
	if (!cond)
		n_failed++;
	printf("%sok %d - ", cond ? "" : "not ", n_tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void connect_to(struct etcd *e, const char *a, const char *b)
{
	struct etcd_config cfg = { .nendpoints = b ? 2 : 1,
				   .endpoints = { a, b } };

	if (etcd_init(e, &cfg)) {
		printf("Bail out! etcd_init: %s\n", e->err);
		exit(1);
	}
}

static void test_base64(void)
{
	static const char *const in[] = { "", "a", "ab", "abc", "abcd",
					  "/vsw/v1/policy/5001/10.0.0.7" };
	char *enc, *dec, *end;
	size_t i, n;
	int good = 1;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		enc = etcd_b64_encode(in[i], strlen(in[i]));
		if (!enc || etcd_b64_decode(enc, strlen(enc), &dec, &n) ||
		    n != strlen(in[i]) || memcmp(dec, in[i], n))
			good = 0;
		else
			free(dec);
		free(enc);
	}
	ok(good, "base64 round trip");
	ok(etcd_b64_decode("a*==", 4, &dec, &n) == -EINVAL,
	   "base64: a bad character is refused");
	end = etcd_prefix_end("/vsw/v1/");
	ok(end && !strcmp(end, "/vsw/v10"), "prefix end of /vsw/v1/ is /vsw/v10");
	free(end);
}

/* Watch callback: collect the events. */
struct collect {
	int responses, created, events, deletes;
	int64_t compact, last_rev;
	char last_key[256];
	int stop_after;		/* events */
};

static int on_watch(void *ctx, const struct etcd_watch_resp *r)
{
	struct collect *c = ctx;
	size_t i;

	c->responses++;
	c->created += r->created;
	if (r->compact_revision) {
		c->compact = r->compact_revision;
		return 1;
	}
	for (i = 0; i < r->nevents; i++) {
		c->events++;
		c->deletes += r->events[i].type == ETCD_DELETE;
		snprintf(c->last_key, sizeof(c->last_key), "%s",
			 r->events[i].kv.key);
	}
	c->last_rev = r->revision;
	return c->stop_after && c->events >= c->stop_after ? 2 : 0;
}

/* Poll until the callback stops the watch or 200 polls pass. */
static int watch_until(struct etcd_watch *w)
{
	int i, ret = 0;

	for (i = 0; i < 200 && !ret; i++)
		ret = etcd_watch_poll(w, 100);
	return ret;
}

static void test_kv(const char *url)
{
	struct etcd_kvs kvs = { 0 };
	struct etcd_kv kv;
	struct etcd e;
	int64_t rev, rev1, deleted;
	char key[64], val[64];
	const char *keys[2] = { "/t/txn/a", "/t/txn/b" };
	const char *vals[2] = { "1", "2" };
	bool succeeded;
	int i, ret;

	connect_to(&e, url, NULL);
	ret = etcd_put(&e, "/t/kv/a", "one", 3, 0, &rev1);
	ok(!ret && rev1 > 0, "put returns the new revision (%lld)",
	   (long long)rev1);
	ok(!etcd_get(&e, "/t/kv/a", &kv, NULL) && kv.value_len == 3 &&
	   !strcmp(kv.value, "one") && kv.mod_revision == rev1,
	   "get reads it back with its mod_revision");
	etcd_kv_free(&kv);
	ok(etcd_get(&e, "/t/kv/none", &kv, NULL) == -ENOENT,
	   "get of a missing key is -ENOENT");
	ok(!etcd_put(&e, "/t/kv/a", "two", 3, 0, &rev), "put again");
	ok(!etcd_range_prefix(&e, "/t/kv/", rev1, 0, &kvs) && kvs.n == 1 &&
	   !strcmp(kvs.kv[0].value, "one"),
	   "range at an older revision sees the older value");
	etcd_kvs_free(&kvs);

	for (i = 0; i < 25; i++) {
		snprintf(key, sizeof(key), "/t/page/%03d", i);
		snprintf(val, sizeof(val), "{\"n\":%d}", i);
		etcd_put(&e, key, val, strlen(val), 0, NULL);
	}
	/* a key just outside the prefix must not come back */
	etcd_put(&e, "/t/page0", "x", 1, 0, NULL);
	ret = etcd_range_prefix(&e, "/t/page/", 0, 7, &kvs);
	ok(!ret && kvs.n == 25 && !strcmp(kvs.kv[24].key, "/t/page/024") &&
	   kvs.revision > 0,
	   "range in pages of 7 reads all 25 keys once, in order (%zu)",
	   kvs.n);
	etcd_kvs_free(&kvs);
	ret = etcd_delete(&e, "/t/page/", true, &deleted, NULL);
	ok(!ret && deleted == 25, "delete with a prefix (%lld)",
	   (long long)deleted);
	ok(!etcd_range_prefix(&e, "/t/page/", 0, 0, &kvs) && kvs.n == 0,
	   "the prefix is empty");
	etcd_kvs_free(&kvs);

	ok(!etcd_txn_put(&e, "/t/txn/a", 0, keys, vals, 2, &succeeded, &rev) &&
	   succeeded, "txn: puts two keys if the first does not exist");
	ok(!etcd_txn_put(&e, "/t/txn/a", 0, keys, vals, 2, &succeeded, NULL) &&
	   !succeeded, "txn: not again (the compare fails)");
	ok(!etcd_get(&e, "/t/txn/b", &kv, NULL) && kv.mod_revision == rev,
	   "txn: both keys at one revision");
	etcd_kv_free(&kv);
	etcd_free(&e);
}

static void test_lease(const char *url)
{
	struct etcd_kv kv;
	struct etcd e;
	int64_t id, ttl;
	int ret;

	connect_to(&e, url, NULL);
	ok(!etcd_lease_grant(&e, 30, &id) && id, "lease grant");
	ok(!etcd_put(&e, "/t/lease/k", "v", 1, id, NULL), "put under the lease");
	ret = etcd_lease_keepalive(&e, id, &ttl);
	ok(!ret && ttl > 0 && ttl <= 30, "keepalive renews it (TTL %lld)",
	   (long long)ttl);
	ok(!etcd_get(&e, "/t/lease/k", &kv, NULL) && kv.lease == id,
	   "the key carries the lease");
	etcd_kv_free(&kv);
	ok(!etcd_lease_revoke(&e, id), "revoke");
	ok(etcd_get(&e, "/t/lease/k", &kv, NULL) == -ENOENT,
	   "revoking deleted the key");
	ok(etcd_lease_keepalive(&e, id, &ttl) == -ENOENT,
	   "keepalive of a gone lease is -ENOENT");
	etcd_free(&e);
}

static void test_watch(const char *url)
{
	struct collect c = { .stop_after = 3 };
	struct etcd_watch w;
	struct etcd e;
	int64_t start, rev;
	int ret;

	connect_to(&e, url, NULL);
	etcd_put(&e, "/t/w/a", "1", 1, 0, &start);
	etcd_put(&e, "/t/w/b", "2", 1, 0, NULL);
	etcd_put(&e, "/t/wx", "outside", 7, 0, NULL);
	etcd_delete(&e, "/t/w/a", false, NULL, &rev);
	ok(!etcd_watch_start(&w, &e, "/t/w/", start, on_watch, &c),
	   "watch starts");
	ret = watch_until(&w);
	ok(ret == 2 && c.events == 3 && c.deletes == 1 && c.created == 1 &&
	   !strcmp(c.last_key, "/t/w/a"),
	   "watch from a revision replays the 3 changes under the prefix, "
	   "the delete last (ret %d, %d events)", ret, c.events);
	etcd_watch_stop(&w);

	/* live: events after the start */
	memset(&c, 0, sizeof(c));
	c.stop_after = 1;
	ok(!etcd_watch_start(&w, &e, "/t/w/", rev + 1, on_watch, &c),
	   "watch from the next revision");
	etcd_watch_poll(&w, 100);	/* the "created" response */
	etcd_put(&e, "/t/w/c", "3", 1, 0, &rev);
	ret = watch_until(&w);
	ok(ret == 2 && c.events == 1 && c.last_rev == rev,
	   "a put made while watching arrives (revision %lld)",
	   (long long)c.last_rev);
	etcd_watch_stop(&w);

	/* compaction: a watch from before it is told, never stuck */
	etcd_put(&e, "/t/w/d", "4", 1, 0, &rev);
	ok(!etcd_compact(&e, rev), "compact to %lld", (long long)rev);
	memset(&c, 0, sizeof(c));
	ok(!etcd_watch_start(&w, &e, "/t/w/", start, on_watch, &c),
	   "watch from a compacted revision");
	ret = watch_until(&w);
	ok(ret == 1 && c.compact == rev,
	   "the stream says compact_revision %lld", (long long)c.compact);
	etcd_watch_stop(&w);
	{
		struct etcd_kvs kvs = { 0 };

		ok(etcd_range_prefix(&e, "/t/w/", start, 0, &kvs) == -ESTALE,
		   "range at a compacted revision is -ESTALE");
		etcd_kvs_free(&kvs);
	}
	etcd_free(&e);
}

static void test_failover(const char *url, const char *dead)
{
	struct collect c = { .stop_after = 1 };
	struct etcd_watch w;
	struct etcd e;
	struct etcd_kv kv;
	int64_t rev;
	int ret, i;

	connect_to(&e, dead, url);
	ret = etcd_put(&e, "/t/f/a", "1", 1, 0, &rev);
	ok(!ret, "put with the first endpoint down (%s)", e.err);
	ok(e.failovers == 1 && e.cur == 1,
	   "it went to the second endpoint (failovers %llu)",
	   (unsigned long long)e.failovers);
	ok(!etcd_get(&e, "/t/f/a", &kv, NULL) && e.failovers == 1,
	   "the next request goes straight to the one that answered");
	etcd_kv_free(&kv);
	etcd_free(&e);

	/* the watch: its stream fails on the dead one, then moves on */
	connect_to(&e, dead, url);
	ret = 0;
	for (i = 0; i < 3; i++) {
		ok(!etcd_watch_start(&w, &e, "/t/f/", rev, on_watch, &c),
		   "watch start (attempt %d)", i + 1);
		ret = watch_until(&w);
		etcd_watch_stop(&w);
		if (ret != -ECONNRESET)
			break;
	}
	ok(ret == 2 && i == 1 && c.events == 1,
	   "the first watch fails on the dead endpoint, the second delivers "
	   "(ret %d, attempt %d)", ret, i + 1);
	etcd_free(&e);

	connect_to(&e, dead, dead);
	ret = etcd_put(&e, "/t/f/a", "1", 1, 0, NULL);
	ok(ret == -EHOSTUNREACH, "every endpoint down: -EHOSTUNREACH (%s)",
	   e.err);
	ok(e.requests == 2, "one try per endpoint, no more (%llu)",
	   (unsigned long long)e.requests);
	etcd_free(&e);
}

static void test_auth(const char *url, const char *user, const char *pw)
{
	struct etcd_config cfg = { .nendpoints = 1, .endpoints = { url } };
	struct etcd e;
	struct etcd_kv kv;
	struct collect c = { .stop_after = 1 };
	struct etcd_watch w;
	int64_t rev;
	int ret;

	connect_to(&e, url, NULL);
	ret = etcd_put(&e, "/t/auth/a", "1", 1, 0, NULL);
	ok(ret == -EPERM || ret == -EACCES || ret == -EINVAL,
	   "without credentials: refused (%s)", e.err);
	etcd_free(&e);

	cfg.user = user;
	cfg.password = "wrong";
	etcd_init(&e, &cfg);
	ret = etcd_put(&e, "/t/auth/a", "1", 1, 0, NULL);
	ok(ret != 0 && !e.token, "a wrong password: refused (%s)", e.err);
	etcd_free(&e);

	cfg.password = pw;
	etcd_init(&e, &cfg);
	ok(!etcd_put(&e, "/t/auth/a", "1", 1, 0, &rev) && e.token,
	   "with user and password: a token, and the put succeeds");
	free(e.token);
	e.token = strdup("bogus.token");
	ret = etcd_get(&e, "/t/auth/a", &kv, NULL);
	ok(!ret, "an invalid token is replaced once, transparently");
	etcd_kv_free(&kv);
	ok(!etcd_watch_start(&w, &e, "/t/auth/", rev, on_watch, &c) &&
	   watch_until(&w) == 2 && c.events == 1,
	   "the watch carries the token");
	etcd_watch_stop(&w);
	etcd_free(&e);
}

static void test_tls(const char *url, const char *ca, const char *cert,
		     const char *key)
{
	struct etcd_config cfg = { .nendpoints = 1, .endpoints = { url },
				   .cacert = ca, .cert = cert, .key = key };
	struct collect c = { .stop_after = 1 };
	struct etcd_watch w;
	struct etcd_kv kv;
	struct etcd e;
	int64_t rev;
	int ret;

	etcd_init(&e, &cfg);
	ret = etcd_put(&e, "/t/tls/a", "1", 1, 0, &rev);
	ok(!ret, "TLS with a client certificate: put (%s)", ret ? e.err : "");
	ret = etcd_get(&e, "/t/tls/a", &kv, NULL);
	ok(!ret && !strcmp(kv.value, "1"), "TLS: get");
	if (!ret)
		etcd_kv_free(&kv);
	ok(!etcd_watch_start(&w, &e, "/t/tls/", rev, on_watch, &c) &&
	   watch_until(&w) == 2 && c.events == 1, "TLS: the watch");
	etcd_watch_stop(&w);
	etcd_free(&e);

	cfg.cert = cfg.key = NULL;
	etcd_init(&e, &cfg);
	ret = etcd_put(&e, "/t/tls/a", "2", 1, 0, NULL);
	ok(ret != 0, "TLS without a client certificate: refused (%s)", e.err);
	etcd_free(&e);

	cfg.cert = cert;
	cfg.key = key;
	cfg.cacert = NULL;
	etcd_init(&e, &cfg);
	ret = etcd_put(&e, "/t/tls/a", "3", 1, 0, NULL);
	ok(ret != 0, "TLS with a server certificate from an unknown CA: "
	   "refused (%s)", e.err);
	etcd_free(&e);
}

int main(int argc, char **argv)
{
	/* test_etcd.sh runs this twice, numbering the second run on */
	if (getenv("TAP_START"))
		n_tests = atoi(getenv("TAP_START"));
	if (argc == 6 && !strcmp(argv[1], "--tls")) {
		test_tls(argv[2], argv[3], argv[4], argv[5]);
	} else if (argc == 5 && !strcmp(argv[1], "--auth")) {
		test_auth(argv[2], argv[3], argv[4]);
	} else if (argc == 3) {
		test_base64();
		test_kv(argv[1]);
		test_lease(argv[1]);
		test_watch(argv[1]);
		test_failover(argv[1], argv[2]);
	} else {
		fprintf(stderr, "usage: test_etcd URL DEAD_URL | "
			"test_etcd --auth URL USER PASSWORD | "
			"test_etcd --tls URL CA CERT KEY\n");
		return 2;
	}
	return n_failed ? 1 : 0;
}
