// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl --etcd: policy, routes and ports in etcd. See cluster.h and
 * Documentation/control-plane.md.
 *
 * A command line is parsed by cmd_parse(), exactly as for the kernel
 * (so a bad MAC or a reserved VSID is refused with the same words),
 * except that a port's device is another host's (cmd_remote_devices)
 * and a port's NAME is the host (port/HOST/DEV). The request becomes a
 * key and a JSON value, which vswd_parse() (vswd's own reading of the
 * layout) must accept before anything is sent. Every line of a batch is
 * checked first; then the whole batch is one etcd transaction, guarded
 * by the existence of each key (an "add" of a key that exists, or a
 * "del" of one that does not, fails as the kernel's would: nothing is
 * written), unless -force.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cluster.h"
#include "cluster_host.h"
#include "cmd.h"
#include "etcd.h"
#include "json.h"
#include "options.h"
#include "parse.h"
#include "report.h"
#include "vswd_config.h"
#include "vswd_state.h"

#define CLUSTER_MAX_ARGS	64
/* A host name in port/HOST/DEV, as vswd's "host" setting allows. */
#define HOST_NAME_MAX_LEN	200

/* One key of the transaction being built. */
struct cop {
	char *key;
	char *value;		/* NULL: delete */
	enum etcd_cmp cmp;	/* what the store must hold before */
	bool exists;		/* after the lines so far */
	unsigned long line;	/* the last line that wrote it */
	/* the line that set cmp, for messages: "policy", "add", 3 */
	const char *obj, *cmd;
	unsigned long first;
};

struct cluster {
	struct vswd_config cfg;
	struct etcd e;
	struct output out;
	bool force;
	const char *label;	/* the batch file, or NULL */
	struct cop *ops;
	size_t n, alloc;
	int status;		/* of the first failure */
};

static void fail_at(struct cluster *c, unsigned long line,
		    const struct report *r)
{
	char at[4096];

	if (c->label) {
		if (line)
			snprintf(at, sizeof(at), "%s:%lu", c->label, line);
		else
			snprintf(at, sizeof(at), "%s", c->label);
		report_print(stderr, at, r);
	} else {
		report_print(stderr, NULL, r);
	}
	if (!c->status)
		c->status = r->status;
}

static char *xasprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* A host name as vswd's configuration takes it (vswd_config.c). */
static bool host_ok(const char *h)
{
	const char *p;

	for (p = h; *p; p++)
		if (*p <= ' ' || *p > '~' || *p == '/' || *p == '#')
			return false;
	return *h && p - h <= HOST_NAME_MAX_LEN;
}

static bool is_obj(const struct request *req, const struct command *cmds)
{
	return req->obj && req->obj->cmds == cmds;
}

/*
 * Parse one command as the kernel path does. For a port, NAME is a host:
 * it is checked as one, and the rest parsed with a stand-in switch name.
 * *host is the port's host, or NULL.
 */
static int parse(int argc, char **argv, struct request *req,
		 const char **host, struct report *r)
{
	char *copy[CLUSTER_MAX_ARGS];
	int i, ret;

	*host = NULL;
	if (argc > CLUSTER_MAX_ARGS) {
		report_usage(r, "too many words (more than %d)",
			     CLUSTER_MAX_ARGS);
		return -1;
	}
	for (i = 0; i < argc; i++)
		copy[i] = argv[i];
	if (argc > 2)
		copy[2] = "h";
	cmd_remote_devices = true;
	ret = cmd_parse(argc, copy, req, r);
	if (is_obj(req, port_commands) && req->cmd && argc > 2) {
		/* the host first, as the kernel path checks the name first */
		*host = argv[2];
		if (!host_ok(*host)) {
			report_usage(r, "invalid host name \"%s\"", *host);
			return -1;
		}
		if (ret)
			return -1;
	} else if (cmd_parse(argc, argv, req, r)) {
		/* not a port: the real name, checked as a switch's */
		return -1;
	}
	if (req->help || !req->cmd) {
		report_usage(r, "help is not available with --etcd (vswctl help)");
		return -1;
	}
	if (!is_obj(req, policy_commands) && !is_obj(req, route_commands) &&
	    !is_obj(req, port_commands)) {
		report_usage(r, "%s %s: not with --etcd (policy, route and port commands, status and wait are)",
			     req->obj->name, req->cmd->name);
		return -1;
	}
	return 0;
}

/* The key and value of a write request; value NULL for a delete. */
static int to_kv(const struct cluster *c, const struct request *req,
		 const char *host, char **key, char **value, struct report *r)
{
	char a1[ADDR_STRLEN], a2[ADDR_STRLEN], mac[MAC_STRLEN];
	char pfx[PREFIX_STRLEN];
	const char *verb = req->cmd->name, *p = c->cfg.prefix;
	bool del = !strcmp(verb, "del");
	struct vswd_state st;
	char why[256], *id, *line;
	enum vswd_key k;

	*key = *value = NULL;
	if (is_obj(req, policy_commands)) {
		const struct policy_rec *rec = &req->pol.rec;

		*key = xasprintf("%spolicy/%u/%s", p, rec->vsid,
				 fmt_addr(a1, &rec->ca));
		if (!del)
			*value = xasprintf("{\"mac\":\"%s\",\"pa\":\"%s\"}",
					   fmt_mac(mac, rec->mac),
					   fmt_addr(a2, &rec->pa));
	} else if (is_obj(req, route_commands)) {
		const struct route_rec *rec = &req->route.rec;

		*key = xasprintf("%sroute/%u/%s", p, rec->rdid,
				 fmt_prefix(pfx, &rec->dst));
		if (!del && rec->has_nexthop)
			*value = xasprintf("{\"vsid\":%u,\"nexthop\":\"%s\"}",
					   rec->vsid,
					   fmt_addr(a1, &rec->nexthop));
		else if (!del)
			*value = xasprintf("{\"vsid\":%u}", rec->vsid);
	} else {
		*key = xasprintf("%sport/%s/%s", p, host, req->port.dev);
		if (!del)
			*value = xasprintf("{\"vsid\":%u,\"mac\":\"%s\"}",
					   req->port.vsid,
					   fmt_mac(mac, req->port.mac));
	}
	if (!*key || (!del && !*value)) {
		report_errno(r, ENOMEM, NULL, "%s %s", req->obj->name, verb);
		goto bad;
	}
	/* What vswd will read: the same code decides. */
	vswd_state_init(&st, p, host ? host : "", "x", NULL);
	k = vswd_parse(&st, *key, *value, *value ? strlen(*value) : 0, &id,
		       &line, why, sizeof(why));
	vswd_state_free(&st);
	free(id);
	free(line);
	if (k == VSWD_KEY_RECORD)
		return 0;
	report_usage(r, "%s %s: key %s: %s", req->obj->name, verb, *key,
		     k == VSWD_KEY_REFUSED ? why : "not a record");
bad:
	free(*key);
	free(*value);
	return -1;
}

/* "policy/5001/10.0.0.7": a key without the prefix, for messages. */
static const char *short_key(const struct cluster *c, const char *key)
{
	return key + strlen(c->cfg.prefix);
}

/* Add one write to the transaction, merged with earlier lines' writes. */
static int queue(struct cluster *c, const struct request *req,
		 const char *host, unsigned long line, struct report *r)
{
	const char *verb = req->cmd->name;
	bool add = !strcmp(verb, "add"), del = !strcmp(verb, "del");
	struct cop *op = NULL, *v;
	char *key, *value;
	size_t i;

	if (to_kv(c, req, host, &key, &value, r))
		return -1;
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->ops[i].key, key))
			op = &c->ops[i];
	if (op) {
		if (!c->force && ((add && op->exists) || (del && !op->exists))) {
			report_fail(r, "%s %s: %s %s by line %lu", req->obj->name,
				    verb, short_key(c, key),
				    op->exists ? "already written" :
				    "already deleted", op->line);
			free(key);
			free(value);
			return -1;
		}
		free(op->key);
		free(op->value);
	} else {
		if (c->n == c->alloc) {
			c->alloc = c->alloc ? 2 * c->alloc : 16;
			v = reallocarray(c->ops, c->alloc, sizeof(*v));
			if (!v) {
				report_errno(r, ENOMEM, NULL, "batch");
				free(key);
				free(value);
				return -1;
			}
			c->ops = v;
		}
		op = &c->ops[c->n++];
		op->obj = req->obj->name;
		op->cmd = verb;
		op->first = line;
		op->cmp = c->force ? ETCD_CMP_NONE :
			  add ? ETCD_CMP_ABSENT :
			  del ? ETCD_CMP_PRESENT : ETCD_CMP_NONE;
	}
	op->key = key;
	op->value = value;
	op->exists = value != NULL;
	op->line = line;
	return 0;
}

/* Reading */

/* Parse a line vswd_parse() made back into a request. */
static int reparse(char *line, struct request *req)
{
	char *argv[CLUSTER_MAX_ARGS];
	struct report r;
	int argc;

	argc = parse_split_line(line, argv, CLUSTER_MAX_ARGS);
	memset(req, 0, sizeof(*req));
	return argc > 0 ? cmd_parse(argc, argv, req, &r) : -1;
}

/*
 * Every record under @sub ("policy/" or "policy/5001/"), as requests; bad
 * ones are reported as vswd logs them, and make the status 1.
 */
static int show(struct cluster *c, const struct request *req,
		const char *host)
{
	const struct output *out = &c->out;
	struct etcd_kvs kvs = { 0 };
	struct policy_printer pp;
	struct route_list rl = { 0 };
	struct vswd_state st;
	struct request rec;
	char *sub, *id, *line, why[256];
	struct report r;
	struct json j;
	size_t i;
	int ret;

	if (is_obj(req, policy_commands) && req->pol.has_vsid)
		sub = xasprintf("%spolicy/%u/", c->cfg.prefix,
				req->pol.rec.vsid);
	else if (is_obj(req, policy_commands))
		sub = xasprintf("%spolicy/", c->cfg.prefix);
	else if (is_obj(req, route_commands) && req->route.has_rdid)
		sub = xasprintf("%sroute/%u/", c->cfg.prefix,
				req->route.rec.rdid);
	else if (is_obj(req, route_commands))
		sub = xasprintf("%sroute/", c->cfg.prefix);
	else
		sub = xasprintf("%sport/%s/", c->cfg.prefix, host);
	if (!sub)
		return VSW_EXIT_FAIL;
	ret = etcd_range_prefix(&c->e, sub, 0, 0, &kvs);
	free(sub);
	if (ret) {
		report_fail(&r, "%s show: %s", req->obj->name, c->e.err);
		fail_at(c, 0, &r);
		etcd_kvs_free(&kvs);
		return c->status;
	}
	vswd_state_init(&st, c->cfg.prefix, host ? host : "", "x", NULL);
	if (is_obj(req, policy_commands))
		policy_print_begin(&pp, out);
	if (is_obj(req, port_commands) && out->json) {
		out_json_init(&j, out);
		json_array_begin(&j, NULL);
	}
	for (i = 0; i < kvs.n; i++) {
		struct etcd_kv *kv = &kvs.kv[i];
		char mac[MAC_STRLEN];

		if (vswd_parse(&st, kv->key, kv->value, kv->value_len, &id,
			       &line, why, sizeof(why)) != VSWD_KEY_RECORD) {
			report_fail(&r, "refused key \"%s\": %s", kv->key, why);
			fail_at(c, 0, &r);
			continue;
		}
		free(id);
		if (reparse(line, &rec)) {
			free(line);
			continue;
		}
		if (is_obj(req, policy_commands)) {
			policy_print(&pp, &rec.pol.rec);
		} else if (is_obj(req, route_commands)) {
			struct route_rec *v = reallocarray(rl.v, rl.n + 1,
							   sizeof(*v));

			if (v) {
				rl.v = v;
				rl.v[rl.n++] = rec.route.rec;
			}
		} else if (out->json) {
			json_object_begin(&j, NULL);
			json_string(&j, "dev", rec.port.dev);
			json_uint(&j, "vsid", rec.port.vsid);
			json_string(&j, "mac", fmt_mac(mac, rec.port.mac));
			json_object_end(&j);
		} else {
			/* as "port show" prints a port */
			fprintf(out->fp, "port %s vsid %u mac %s\n",
				rec.port.dev, rec.port.vsid,
				fmt_mac(mac, rec.port.mac));
		}
		free(line);	/* rec points into it: used up above */
	}
	if (is_obj(req, policy_commands))
		policy_print_end(&pp, true);
	else if (is_obj(req, route_commands))
		route_list_print(&rl, out);
	else if (out->json)
		json_array_end(&j);
	route_list_free(&rl);
	vswd_state_free(&st);
	etcd_kvs_free(&kvs);
	return c->status;
}

/* Status of the hosts */

struct hosts {
	struct cluster_host *v;
	size_t n;
};

static void hosts_free(struct hosts *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		cluster_host_free(&h->v[i]);
	free(h->v);
	memset(h, 0, sizeof(*h));
}

static struct cluster_host *host_get(struct hosts *h, const char *name)
{
	struct cluster_host *v;
	size_t i;

	for (i = 0; i < h->n; i++)
		if (!strcmp(h->v[i].name, name))
			return &h->v[i];
	v = reallocarray(h->v, h->n + 1, sizeof(*v));
	if (!v)
		return NULL;
	h->v = v;
	v = &h->v[h->n];
	memset(v, 0, sizeof(*v));
	v->name = strdup(name);
	if (!v->name)
		return NULL;
	v->revision = -1;
	v->decided = -2;
	h->n++;
	return v;
}

/*
 * A put (@value) or a delete of @key (under the prefix): host/HOST and
 * status/HOST update @h; other keys are not about hosts.
 */
static void host_event(struct cluster *c, struct hosts *h, const char *key,
		       const char *value, size_t len)
{
	const char *rest = key + strlen(c->cfg.prefix), *name;
	bool reg = !strncmp(rest, "host/", 5);
	struct cluster_host *x;

	if (!reg && strncmp(rest, "status/", 7))
		return;
	name = rest + (reg ? 5 : 7);
	if (!*name || strchr(name, '/'))
		return;
	x = host_get(h, name);
	if (!x)
		return;
	if (reg)
		cluster_host_set_reg(x, value, len);
	else
		cluster_host_set_status(x, value, len);
}

static int host_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cluster_host *)a)->name,
		      ((const struct cluster_host *)b)->name);
}

/* host/ and status/ at one revision; *revision is it. */
static int read_hosts(struct cluster *c, struct hosts *h, int64_t *revision)
{
	struct etcd_kvs kvs = { 0 };
	char *sub;
	size_t i;
	int ret = -ENOMEM;

	sub = xasprintf("%shost/", c->cfg.prefix);
	if (sub)
		ret = etcd_range_prefix(&c->e, sub, 0, 0, &kvs);
	free(sub);
	*revision = kvs.revision;
	if (!ret) {
		sub = xasprintf("%sstatus/", c->cfg.prefix);
		ret = sub ? etcd_range_prefix(&c->e, sub, *revision, 0, &kvs) :
			    -ENOMEM;
		free(sub);
	}
	for (i = 0; !ret && i < kvs.n; i++)
		host_event(c, h, kvs.kv[i].key, kvs.kv[i].value,
			   kvs.kv[i].value_len);
	etcd_kvs_free(&kvs);
	return ret;
}

/*
 * "hv1 up revision 1234 pa 192.168.4.11 switch sw0 mode full version 0.1
 * refused 0 ..."; JSON the same members. A registration's words win over
 * the status's (a dead host has only the latter).
 */
static void print_host(const struct output *out, struct json *j,
		       const struct cluster_host *x)
{
	char *pa = x->pa ? strdup(x->pa) : NULL, *p, *save = NULL;
	const char *w;
	size_t i;

	if (out->json) {
		json_object_begin(j, NULL);
		json_string(j, "host", x->name);
		json_string(j, "state", x->up ? "up" : "down");
		if (x->revision >= 0)
			json_int(j, "revision", x->revision);
		else
			json_null(j, "revision");
		json_array_begin(j, "pa");
		for (p = pa ? strtok_r(pa, ",", &save) : NULL; p;
		     p = strtok_r(NULL, ",", &save))
			json_string(j, NULL, p);
		json_array_end(j);
	} else {
		fprintf(out->fp, "%s %s revision ", x->name,
			x->up ? "up" : "down");
		if (x->revision >= 0)
			fprintf(out->fp, "%lld", (long long)x->revision);
		else
			fputs("none", out->fp);
		if (x->pa)
			fprintf(out->fp, " pa %s", x->pa);
	}
	free(pa);
	for (i = 0; i < CLUSTER_NWORDS; i++) {
		w = x->reg[i] ? x->reg[i] : x->status[i];
		if (!w)
			continue;
		if (out->json)
			json_string(j, cluster_words[i], w);
		else
			fprintf(out->fp, " %s %s", cluster_words[i], w);
	}
	for (i = 0; i < x->ncnt; i++) {
		if (out->json)
			json_int(j, x->cnt[i].name, x->cnt[i].val);
		else
			fprintf(out->fp, " %s %lld", x->cnt[i].name,
				(long long)x->cnt[i].val);
	}
	if (out->json)
		json_object_end(j);
	else
		fputc('\n', out->fp);
}

static int status(struct cluster *c)
{
	struct hosts h = { 0 };
	int64_t revision;
	struct report r;
	struct json j;
	size_t i;

	if (read_hosts(c, &h, &revision)) {
		report_fail(&r, "status: %s", c->e.err);
		fail_at(c, 0, &r);
		hosts_free(&h);
		return c->status;
	}
	qsort(h.v, h.n, sizeof(*h.v), host_cmp);
	if (c->out.json) {
		out_json_init(&j, &c->out);
		json_object_begin(&j, NULL);
		json_int(&j, "revision", revision);
		json_array_begin(&j, "hosts");
	}
	for (i = 0; i < h.n; i++)
		print_host(&c->out, &j, &h.v[i]);
	if (c->out.json) {
		json_array_end(&j);
		json_object_end(&j);
	}
	hosts_free(&h);
	return 0;
}

/* Waiting */

/*
 * What "has applied revision T" means. vswd's status revision moves with
 * every change it sees in its watch, the keys from the prefix up to
 * status/ ("the records"): a host at revision H >= T has them. A host at
 * H < T has them too if the records did not change in (H, T]: the keys
 * put last are not newer than H (max_mod <= H) and as many keys are there
 * at H as at T (nothing deleted since; with nothing put since, the keys
 * at H include those at T). Writes of status/ keys (every host writes one
 * after each change) move the store's revision but not the records, so
 * that "wait" with the store's revision as T converges.
 */
struct target {
	int64_t t;
	bool known;		/* count and max_mod are T's */
	int64_t count, max_mod;
	char *from, *to;	/* the records: [prefix, prefix + "status/") */
};

static bool converged(struct cluster *c, struct target *t, struct cluster_host *x)
{
	int64_t count, max_mod;

	if (x->decided == x->revision)
		return x->converged;
	x->decided = x->revision;
	x->converged = x->revision >= t->t;
	if (!x->converged && t->known && x->revision >= t->max_mod &&
	    !etcd_range_stat(&c->e, t->from, t->to, x->revision, &count,
			     &max_mod, NULL))
		x->converged = count == t->count;
	return x->converged;
}

static bool all_converged(struct cluster *c, struct target *t,
			  struct hosts *h)
{
	bool all = true;
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->v[i].up && !converged(c, t, &h->v[i]))
			all = false;
	return all;
}

struct waiter {
	struct cluster *c;
	struct target *t;
	struct hosts *h;
};

static int on_watch(void *ctx, const struct etcd_watch_resp *resp)
{
	struct waiter *w = ctx;
	size_t i;

	if (resp->compact_revision || resp->canceled)
		return -ESTALE;
	for (i = 0; i < resp->nevents; i++) {
		const struct etcd_event *ev = &resp->events[i];

		host_event(w->c, w->h, ev->kv.key,
			   ev->type == ETCD_PUT ? ev->kv.value : NULL,
			   ev->kv.value_len);
	}
	return all_converged(w->c, w->t, w->h) ? 1 : 0;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Block until every live host has applied @target (0: now's). */
static int wait_for(struct cluster *c, int64_t target, long timeout_s)
{
	uint64_t deadline = timeout_s ? now_ms() + timeout_s * 1000ULL : 0;
	struct target t = { .t = target };
	struct hosts h = { 0 };
	struct waiter w = { c, &t, &h };
	struct etcd_watch watch;
	char list[1024];
	int64_t revision, mod;
	struct report r;
	size_t i, n;
	int ret, ms;

	ret = read_hosts(c, &h, &revision);
	if (ret)
		goto fail;
	if (!t.t)
		t.t = revision;
	t.from = xasprintf("%s", c->cfg.prefix);
	t.to = xasprintf("%sstatus/", c->cfg.prefix);
	if (!t.from || !t.to) {
		ret = -ENOMEM;
		goto fail;
	}
	/* T in the future or compacted: only H >= T will do */
	t.known = t.t <= revision &&
		  !etcd_range_stat(&c->e, t.from, t.to, t.t, &t.count,
				   &t.max_mod, &mod);
	if (all_converged(c, &t, &h))
		goto done;
	ret = etcd_watch_start(&watch, &c->e, c->cfg.prefix, revision + 1,
			       on_watch, &w);
	if (ret)
		goto fail;
	for (;;) {
		ms = 1000;
		if (deadline) {
			if (now_ms() >= deadline)
				break;
			if (deadline - now_ms() < 1000)
				ms = deadline - now_ms();
		}
		ret = etcd_watch_poll(&watch, ms);
		if (ret == 1)
			break;
		if (ret) {
			if (ret == -ESTALE)
				snprintf(c->e.err, sizeof(c->e.err),
					 "the watch was compacted or canceled");
			etcd_watch_stop(&watch);
			goto fail;
		}
	}
	etcd_watch_stop(&watch);
	if (ret == 1)
		goto done;
	/* timed out: name who is behind */
	n = 0;
	list[0] = '\0';
	for (i = 0; i < h.n; i++) {
		struct cluster_host *x = &h.v[i];
		size_t len = strlen(list);

		if (!x->up || converged(c, &t, x))
			continue;
		n++;
		if (x->revision >= 0)
			snprintf(list + len, sizeof(list) - len,
				 "%s%s (at %lld)", len ? ", " : "", x->name,
				 (long long)x->revision);
		else
			snprintf(list + len, sizeof(list) - len,
				 "%s%s (no status)", len ? ", " : "", x->name);
	}
	report_fail(&r, "wait: revision %lld not applied after %ld s by %zu host(s): %s",
		    (long long)t.t, timeout_s, n, list);
	fail_at(c, 0, &r);
	goto out;
fail:
	report_fail(&r, "wait: %s", ret == -ENOMEM ? strerror(ENOMEM) :
		    c->e.err);
	fail_at(c, 0, &r);
	goto out;
done:
	ret = 0;
out:
	free(t.from);
	free(t.to);
	hosts_free(&h);
	return c->status;
}

/* "wait [REVISION] [timeout SECONDS]" */
static int parse_wait(int argc, char **argv, int64_t *rev, long *timeout,
		      struct report *r)
{
	unsigned long long v;
	char *end;
	int i;

	*rev = 0;
	*timeout = 0;
	for (i = 1; i < argc; i++) {
		bool to = !strcmp(argv[i], "timeout");

		if (to && i + 1 == argc) {
			report_usage(r, "wait: \"timeout\" needs a value");
			return -1;
		}
		if (to)
			i++;
		errno = 0;
		v = strtoull(argv[i], &end, 10);
		if (*end || end == argv[i] || errno || argv[i][0] == '-' ||
		    !v || v > (to ? 86400ULL * 365 : (unsigned long long)INT64_MAX)) {
			report_usage(r, "wait: invalid %s \"%s\"",
				     to ? "timeout" : "revision", argv[i]);
			return -1;
		}
		if (to ? *timeout != 0 : *rev != 0) {
			report_usage(r, "wait: %s given twice",
				     to ? "\"timeout\"" : "the revision");
			return -1;
		}
		if (to)
			*timeout = v;
		else
			*rev = v;
	}
	return 0;
}

/* Writing */

/* Run the transaction; on success print its revision. */
static int commit(struct cluster *c, bool wait)
{
	struct etcd_op *ops;
	struct report r;
	struct json j;
	bool ok = false;
	int64_t revision = 0;
	struct etcd_kv kv;
	size_t i;
	int ret;

	ops = calloc(c->n ? c->n : 1, sizeof(*ops));
	if (!ops) {
		report_errno(&r, ENOMEM, NULL, "transaction");
		fail_at(c, 0, &r);
		return c->status;
	}
	for (i = 0; i < c->n; i++) {
		ops[i].key = c->ops[i].key;
		ops[i].value = c->ops[i].value;
		ops[i].cmp = c->ops[i].cmp;
	}
	ret = c->n ? etcd_txn(&c->e, ops, c->n, &ok, &revision) : 0;
	free(ops);
	if (ret) {
		report_fail(&r, "etcd transaction of %zu key(s): %s%s", c->n,
			    c->e.err, ret == -EINVAL && c->n > 128 ?
			    " (one transaction: at most etcd's --max-txn-ops keys, 128 by default)" :
			    "");
		fail_at(c, 0, &r);
		return c->status;
	}
	if (c->n && !ok) {
		/* nothing was written: say which keys were not as expected */
		for (i = 0; i < c->n; i++) {
			struct cop *op = &c->ops[i];
			bool there;

			if (op->cmp == ETCD_CMP_NONE)
				continue;
			ret = etcd_get(&c->e, op->key, &kv, NULL);
			there = !ret;
			if (!ret)
				etcd_kv_free(&kv);
			if (ret && ret != -ENOENT)
				continue;
			if (there == (op->cmp == ETCD_CMP_PRESENT))
				continue;
			report_fail(&r, "%s %s: %s %s in etcd; nothing written",
				    op->obj, op->cmd, short_key(c, op->key),
				    there ?
				    "exists already" : "does not exist");
			fail_at(c, op->first, &r);
		}
		if (!c->status) {
			report_fail(&r, "etcd transaction refused (the keys changed meanwhile); nothing written");
			fail_at(c, 0, &r);
		}
		return c->status;
	}
	if (!c->n) {
		/* an empty batch writes nothing: the store's revision */
		char *end = etcd_prefix_end(c->cfg.prefix);
		int64_t count, mod;

		ret = end ? etcd_range_stat(&c->e, c->cfg.prefix, end, 0,
					    &count, &mod, &revision) : -ENOMEM;
		free(end);
		if (ret) {
			report_fail(&r, "%s", c->e.err);
			fail_at(c, 0, &r);
			return c->status;
		}
	}
	if (c->out.json) {
		out_json_init(&j, &c->out);
		json_object_begin(&j, NULL);
		json_int(&j, "revision", revision);
		json_uint(&j, "keys", c->n);
		json_object_end(&j);
	} else {
		fprintf(c->out.fp, "revision %lld\n", (long long)revision);
	}
	fflush(c->out.fp);
	return wait ? wait_for(c, revision, 0) : 0;
}

/* One command line (of a batch if @line). */
static int one(struct cluster *c, int argc, char **argv, unsigned long line,
	       struct report *r, bool *done)
{
	struct request req;
	const char *host;
	int64_t rev;
	long timeout;

	*done = false;
	if (argc && (!strcmp(argv[0], "status") || !strcmp(argv[0], "wait"))) {
		if (c->label) {
			report_usage(r, "%s: not in a batch", argv[0]);
			return -1;
		}
		*done = true;
		if (!strcmp(argv[0], "status")) {
			if (argc > 1) {
				report_usage(r, "status: unexpected argument \"%s\"",
					     argv[1]);
				return -1;
			}
			c->status = status(c);
			return 0;
		}
		if (parse_wait(argc, argv, &rev, &timeout, r))
			return -1;
		c->status = wait_for(c, rev, timeout);
		return 0;
	}
	if (parse(argc, argv, &req, &host, r))
		return -1;
	if (!strcmp(req.cmd->name, "show")) {
		if (c->label) {
			report_usage(r, "%s show: not in a batch with --etcd",
				     req.obj->name);
			return -1;
		}
		*done = true;
		c->status = show(c, &req, host);
		return 0;
	}
	return queue(c, &req, host, line, r);
}

static int batch(struct cluster *c, const char *file, bool wait)
{
	char *argv[CLUSTER_MAX_ARGS], *line = NULL;
	unsigned long lineno = 0;
	struct report r;
	size_t cap = 0;
	ssize_t len;
	bool done;
	int argc;
	FILE *in;

	in = strcmp(file, "-") ? fopen(file, "r") : stdin;
	if (!in) {
		report_errno(&r, errno, "cannot open", "batch file %s", file);
		report_print(stderr, NULL, &r);
		return r.status;
	}
	c->label = in == stdin ? "<stdin>" : file;
	while ((len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		if (strlen(line) != (size_t)len) {
			report_usage(&r, "line contains a NUL byte");
			fail_at(c, lineno, &r);
			continue;
		}
		argc = parse_split_line(line, argv, CLUSTER_MAX_ARGS);
		if (argc < 0) {
			report_usage(&r, "too many words (more than %d)",
				     CLUSTER_MAX_ARGS);
			fail_at(c, lineno, &r);
			continue;
		}
		if (argc && one(c, argc, argv, lineno, &r, &done))
			fail_at(c, lineno, &r);
	}
	if (ferror(in)) {
		report_errno(&r, errno, "cannot read", "batch file %s",
			     c->label);
		fail_at(c, 0, &r);
	}
	free(line);
	if (in != stdin)
		fclose(in);
	/* every line is checked first: one bad line, nothing written */
	if (c->status)
		return c->status;
	return commit(c, wait);
}

static const enum vswd_setting settings[] = {
	[OPTIONS_PREFIX] = VSWD_PREFIX,
	[OPTIONS_CACERT] = VSWD_CACERT,
	[OPTIONS_CERT] = VSWD_CERT,
	[OPTIONS_KEY] = VSWD_KEY,
	[OPTIONS_USER] = VSWD_USER,
	[OPTIONS_PASSWORD_FILE] = VSWD_PASSWORD_FILE,
};

int cluster_main(const struct options *o, FILE *out)
{
	struct cluster c = { .out = { .fp = out } };
	char err[512];
	struct report r;
	bool done;
	size_t i;
	int ret = 0;

	c.out.json = o->json;
	c.out.pretty = o->pretty;
	c.force = o->force;
	/* the settings as vswd takes and checks them (vswd_config.c) */
	ret = vswd_config_set(&c.cfg, VSWD_ENDPOINTS, o->etcd);
	for (i = 0; !ret && i < sizeof(settings) / sizeof(settings[0]); i++)
		if (o->etcd_opt[i])
			ret = vswd_config_set(&c.cfg, settings[i],
					      o->etcd_opt[i]);
	if (ret) {
		report_errno(&r, ENOMEM, NULL, "--etcd");
		goto usage;
	}
	if (vswd_config_check(&c.cfg, err, sizeof(err)) != VSWD_CONFIG_OK) {
		report_usage(&r, "--etcd: %s", err);
		goto usage;
	}
	if (!o->batch && !o->nargs) {
		report_usage(&r, "--etcd: a command is needed (policy, route, port, status, wait)");
		goto usage;
	}
	if (etcd_init(&c.e, &c.cfg.etcd)) {
		report_fail(&r, "--etcd: %s", c.e.err);
		vswd_config_free(&c.cfg);
		report_print(stderr, NULL, &r);
		return r.status;
	}
	if (o->batch) {
		ret = batch(&c, o->batch, o->wait);
	} else if (one(&c, o->nargs, o->args, 0, &r, &done)) {
		fail_at(&c, 0, &r);
		ret = c.status;
	} else {
		ret = done ? c.status : commit(&c, o->wait);
	}
	for (i = 0; i < c.n; i++) {
		free(c.ops[i].key);
		free(c.ops[i].value);
	}
	free(c.ops);
	etcd_free(&c.e);
	vswd_config_free(&c.cfg);
	return ret;

usage:
	vswd_config_free(&c.cfg);
	report_print(stderr, NULL, &r);
	return r.status;
}
