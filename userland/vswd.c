// SPDX-License-Identifier: GPL-2.0
/*
 * vswd: keeps this host's vsw switch in step with the policy kept in etcd,
 * every record (full mode) or the policy records its VMs missed (mode
 * on-demand, vswd_ondemand.c). See vswd(8) and
 * Documentation/control-plane.md.
 *
 *	list the prefix at revision R, diff it against the kernel (read with
 *	"vswctl save"), apply the difference as one vswctl batch, watch from
 *	R + 1: each watch response is one batch; after a disconnect or a
 *	compacted revision, list again (the diff leaves what is right alone).
 *
 * The batches go through vswctl's own code (session_run_batch()); with
 * --dry-run they are printed instead, and the kernel is never touched,
 * which is how the host tests check vswd.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#else
/* Built without libsystemd: no readiness notification (vswd(8)). */
static inline int sd_notify(int unset_environment, const char *state)
{
	(void)unset_environment;
	(void)state;
	return 0;
}
#endif

#include "etcd.h"
#include "parse.h"
#include "session.h"
#include "vswd_config.h"
#include "vswd_ondemand.h"
#include "vswd_state.h"

#ifndef VSWCTL_VERSION
#define VSWCTL_VERSION "unknown"
#endif

#define BACKOFF_MIN_MS		500
#define BACKOFF_MAX_MS		30000

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("vswd: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct vswd {
	struct vswd_config cfg;
	struct vswd_state st;
	struct vswd_od od;	/* mode on-demand */
	uint64_t status_next;	/* on-demand counters: next write, ms */
	struct etcd etcd;
	struct session s;
	bool session_ready;
	int64_t revision;	/* applied: the last change seen */
	int64_t status_revision;	/* written to status/HOST */
	int64_t lease;
	uint64_t lease_next;	/* when to renew, in now_ms() */
	uint64_t relists, apply_failures, reconnects;
	uint64_t events;	/* watch events received */
	bool need_relist;
	char pa[128];
	unsigned int rng;
};

/* Running a batch */

/* The kernel's records of the switch, through "vswctl save SW". */
static int load_kernel(struct vswd *d)
{
	char *argv[] = { "save", (char *)d->cfg.sw, NULL };
	unsigned long where;
	struct report r;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem, *in;
	/* the PAs of the registration: the configured ones, or the uplink's */
	char *pa = d->cfg.pa[0] ? NULL : d->pa;
	int ret;

	if (d->cfg.dry_run) {
		if (!d->cfg.kernel_state)
			return 0;
		in = fopen(d->cfg.kernel_state, "r");
		if (!in) {
			say("%s: %s", d->cfg.kernel_state, strerror(errno));
			return -1;
		}
		ret = vswd_load_applied(&d->st, in, pa, sizeof(d->pa));
		fclose(in);
		/* read once: later, what the dry run "applied" is the state */
		d->cfg.kernel_state = NULL;
		return ret;
	}
	mem = open_memstream(&buf, &len);
	if (!mem)
		return -1;
	d->s.out.fp = mem;
	ret = session_execute(&d->s, 2, argv, 0, &r, &where);
	d->s.out.fp = stdout;
	fclose(mem);
	if (ret) {
		report_print(stderr, "vswd: reading the switch", &r);
		free(buf);
		return -1;
	}
	in = fmemopen(buf, len, "r");
	ret = in ? vswd_load_applied(&d->st, in, pa, sizeof(d->pa)) : -1;
	if (in)
		fclose(in);
	free(buf);
	return ret;
}

/* Run @text (batch lines) through vswctl's session: one netlink batch. */
static int apply(struct vswd *d, const char *text, size_t len,
		 int64_t revision)
{
	char label[64];
	FILE *in;
	int status;

	if (!len)
		return 0;
	if (d->cfg.dry_run) {
		printf("# revision %lld\n%s", (long long)revision, text);
		fflush(stdout);
		return 0;
	}
	in = fmemopen((void *)text, len, "r");
	if (!in)
		return -1;
	snprintf(label, sizeof(label), "etcd revision %lld",
		 (long long)revision);
	d->s.force = true;
	status = session_run_batch(&d->s, in, label, stderr);
	fclose(in);
	if (!status)
		return 0;
	/* What failed is not in the kernel: read it back, retry later. */
	d->apply_failures++;
	say("revision %lld: %lu line(s) failed; the switch is read again",
	    (long long)revision, d->s.failures);
	d->s.failures = 0;
	load_kernel(d);
	return -1;
}

/* The diff of what changed, applied as one batch. */
static int sync_changes(struct vswd *d, int64_t revision)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	int ret;

	mem = open_memstream(&buf, &len);
	if (!mem)
		return -1;
	vswd_diff(&d->st, mem);
	fclose(mem);
	ret = apply(d, buf, len, revision);
	free(buf);
	return ret;
}

/* etcd */

/* The on-demand members of status/HOST: ",\"installed\":..." */
static void od_status(struct vswd *d, char *buf, size_t len)
{
	const struct vswd_od_counters *c = &d->od.cnt;

	buf[0] = '\0';
	if (!d->cfg.on_demand)
		return;
	snprintf(buf, len,
		 ",\"installed\":%zu,\"misses\":%llu,\"fetches\":%llu,"
		 "\"hits\":%llu,\"negatives\":%llu,\"negative_cached\":%llu,"
		 "\"fetch_errors\":%llu,\"duplicates\":%llu,\"dropped\":%llu,"
		 "\"events_lost\":%llu",
		 d->od.ninstalled, (unsigned long long)c->misses,
		 (unsigned long long)c->fetches, (unsigned long long)c->hits,
		 (unsigned long long)c->negatives,
		 (unsigned long long)c->negative_cached,
		 (unsigned long long)c->fetch_errors,
		 (unsigned long long)c->duplicates,
		 (unsigned long long)c->dropped,
		 (unsigned long long)c->events_lost);
}

static int write_status(struct vswd *d)
{
	char key[512], val[1024], od[512];
	uint64_t now = now_ms();
	int ret;

	/* the revision moved; or, at most once a second, a miss counter */
	if (d->status_revision == d->revision &&
	    (!d->od.changed || now < d->status_next))
		return 0;
	od_status(d, od, sizeof(od));
	snprintf(key, sizeof(key), "%sstatus/%s", d->cfg.prefix, d->cfg.host);
	snprintf(val, sizeof(val),
		 "{\"revision\":%lld,\"refused\":%llu,\"ignored\":%llu,"
		 "\"batches\":%llu,\"lines\":%llu,\"apply_failures\":%llu,"
		 "\"relists\":%llu,\"reconnects\":%llu,\"events\":%llu%s,"
		 "\"version\":\"%s\"}",
		 (long long)d->revision,
		 (unsigned long long)d->st.cnt.refused,
		 (unsigned long long)d->st.cnt.ignored,
		 (unsigned long long)d->st.cnt.batches,
		 (unsigned long long)d->st.cnt.lines,
		 (unsigned long long)d->apply_failures,
		 (unsigned long long)d->relists,
		 (unsigned long long)d->reconnects,
		 (unsigned long long)d->events, od, VSWCTL_VERSION);
	ret = etcd_put(&d->etcd, key, val, strlen(val), 0, NULL);
	if (ret) {
		say("status: %s", d->etcd.err);
		return ret;
	}
	d->status_revision = d->revision;
	d->od.changed = false;
	d->status_next = now + 1000;
	return 0;
}

/* host/HOST under a lease: this host is alive while the lease lives. */
static int register_host(struct vswd *d)
{
	char key[512], val[512], pa[256], *p, *save = NULL;
	size_t n = 0;
	int ret;

	ret = etcd_lease_grant(&d->etcd, d->cfg.lease_ttl, &d->lease);
	if (ret) {
		say("lease: %s", d->etcd.err);
		return ret;
	}
	snprintf(pa, sizeof(pa), "%s", d->pa);
	n = snprintf(val, sizeof(val), "{\"pa\":[");
	for (p = strtok_r(pa, " ", &save); p; p = strtok_r(NULL, " ", &save))
		n += snprintf(val + n, sizeof(val) - n, "%s\"%s\"",
			      val[n - 1] == '[' ? "" : ",", p);
	snprintf(val + n, sizeof(val) - n,
		 "],\"switch\":\"%s\",\"version\":\"%s\",\"mode\":\"%s\"}",
		 d->cfg.sw, VSWCTL_VERSION,
		 d->cfg.on_demand ? "on-demand" : "full");
	snprintf(key, sizeof(key), "%shost/%s", d->cfg.prefix, d->cfg.host);
	ret = etcd_put(&d->etcd, key, val, strlen(val), d->lease, NULL);
	if (ret) {
		say("registration: %s", d->etcd.err);
		return ret;
	}
	d->lease_next = now_ms() + d->cfg.lease_ttl * 1000 / 3;
	return 0;
}

static int keep_lease(struct vswd *d)
{
	int64_t ttl;
	int ret;

	if (!d->lease)
		return register_host(d);
	if (now_ms() < d->lease_next)
		return 0;
	ret = etcd_lease_keepalive(&d->etcd, d->lease, &ttl);
	if (ret == -ENOENT) {
		say("lease expired: registering again");
		d->lease = 0;
		return register_host(d);
	}
	if (ret) {
		say("lease keepalive: %s", d->etcd.err);
		return ret;
	}
	d->lease_next = now_ms() + d->cfg.lease_ttl * 1000 / 3;
	return 0;
}

/*
 * Every key of the prefix; in mode on-demand every key but policy/ (the
 * two ranges around it, at one revision).
 */
static int list_keys(struct vswd *d, struct etcd_kvs *kvs)
{
	char *policy = NULL, *after = NULL, *end;
	int ret;

	if (!d->cfg.on_demand)
		return etcd_range_prefix(&d->etcd, d->cfg.prefix, 0, 0, kvs);
	end = etcd_prefix_end(d->cfg.prefix);
	/* "policy0": the first key after every "policy/..." ('0' = '/' + 1) */
	if (!end || asprintf(&policy, "%spolicy/", d->cfg.prefix) < 0 ||
	    asprintf(&after, "%spolicy0", d->cfg.prefix) < 0) {
		ret = -ENOMEM;
		goto out;
	}
	ret = etcd_range(&d->etcd, d->cfg.prefix, policy, 0, 0, kvs);
	if (!ret)
		ret = etcd_range(&d->etcd, after, end, kvs->revision, 0, kvs);
out:
	free(end);
	free(policy);
	free(after);
	return ret;
}

/*
 * Mode on-demand, at a list: the policy records this host holds (those
 * in the switch, which includes every one it fetched) are read from etcd
 * at the list's revision, one request each; one that etcd no longer has
 * is deleted from the switch by the diff.
 */
static int refetch_installed(struct vswd *d, int64_t revision)
{
	char **ids, *key;
	struct etcd_kv kv;
	size_t n, i;
	int ret = 0;

	n = vswd_applied_ids(&d->st, "policy/", &ids);
	for (i = 0; i < n; i++)
		vswd_od_adopt(&d->od, ids[i]);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	vswd_od_clear_negative(&d->od);
	n = vswd_od_list(&d->od, &ids);
	for (i = 0; i < n; i++) {
		if (!ret && asprintf(&key, "%s%s", d->cfg.prefix, ids[i]) >= 0) {
			ret = etcd_get_at(&d->etcd, key, revision, &kv, NULL);
			if (!ret) {
				vswd_update(&d->st, key, kv.value,
					    kv.value_len);
				etcd_kv_free(&kv);
			} else if (ret == -ENOENT) {
				vswd_od_forget(&d->od, ids[i], now_ms());
				ret = 0;
			} else {
				say("fetch %s: %s", key, d->etcd.err);
			}
			free(key);
		}
		free(ids[i]);
	}
	free(ids);
	return ret;
}

/* Read everything and apply the difference. */
#define RELIST_STALE_TRIES	3

static int relist(struct vswd *d)
{
	struct etcd_kvs kvs = { 0 };
	unsigned int tries;
	size_t i;
	int ret;

	d->relists++;
	ret = list_keys(d, &kvs);
	/*
	 * History compacted between two pages of the list (or the on-demand
	 * records' reads): list again at once, at the new revision, rather
	 * than after a backoff; a few times, then back off as for any error.
	 */
	for (tries = 0; ret == -ESTALE && tries < RELIST_STALE_TRIES; tries++) {
		say("list %s: compacted while listing; listing again",
		    d->cfg.prefix);
		etcd_kvs_free(&kvs);
		d->relists++;
		ret = list_keys(d, &kvs);
	}
	if (ret) {
		say("list %s: %s", d->cfg.prefix, d->etcd.err);
		etcd_kvs_free(&kvs);
		return ret;
	}
	if (load_kernel(d)) {
		etcd_kvs_free(&kvs);
		return -EIO;
	}
	vswd_clear_desired(&d->st);
	for (i = 0; i < kvs.n; i++)
		vswd_update(&d->st, kvs.kv[i].key, kvs.kv[i].value,
			    kvs.kv[i].value_len);
	d->revision = kvs.revision;
	etcd_kvs_free(&kvs);
	if (d->cfg.on_demand) {
		ret = refetch_installed(d, d->revision);
		if (ret)
			return ret;
	}
	if (d->cfg.verbose)
		say("listed %s at revision %lld", d->cfg.prefix,
		    (long long)d->revision);
	ret = sync_changes(d, d->revision);
	/* lines that failed are tried again at the next relist */
	d->need_relist = ret != 0;
	return 0;
}

#define WATCH_RELIST	1

/* In mode on-demand, the identity ("policy/V/CA") of a policy key. */
static const char *od_policy_id(const struct vswd *d, const char *key)
{
	size_t n = strlen(d->cfg.prefix);

	if (!d->cfg.on_demand || strncmp(key, d->cfg.prefix, n) ||
	    strncmp(key + n, "policy/", 7))
		return NULL;
	return key + n;
}

/*
 * Mode on-demand: read the misses, fetch what they ask for (one range
 * request each, at most VSWD_OD_RATE a second) and install what etcd has
 * in one batch. The frames the kernel holds for them then go out.
 */
static void serve_misses(struct vswd *d, bool readable)
{
	uint64_t now = now_ms();
	bool any = false;
	struct etcd_kv kv;
	char *id, *key;
	int ret;

	if (readable)
		vswd_od_read(&d->od, now);
	while ((id = vswd_od_next(&d->od, now))) {
		if (asprintf(&key, "%s%s", d->cfg.prefix, id) < 0) {
			free(id);
			break;
		}
		ret = etcd_get_at(&d->etcd, key, 0, &kv, NULL);
		if (!ret) {
			if (vswd_update(&d->st, key, kv.value, kv.value_len) ==
			    VSWD_KEY_RECORD) {
				vswd_od_found(&d->od, id);
				any = true;
			} else {	/* refused: as absent, and counted */
				vswd_od_absent(&d->od, id, now);
			}
			etcd_kv_free(&kv);
		} else if (ret == -ENOENT) {
			vswd_od_absent(&d->od, id, now);
		} else {
			say("fetch %s: %s", key, d->etcd.err);
			vswd_od_failed(&d->od, now);
		}
		free(key);
		free(id);
		if (ret && ret != -ENOENT)
			break;
	}
	if (any && sync_changes(d, d->revision))
		d->need_relist = true;
}

static int on_watch(void *ctx, const struct etcd_watch_resp *r)
{
	struct vswd *d = ctx;
	bool records = false;
	size_t i;

	if (r->compact_revision) {
		say("watch: revision %lld is compacted (now %lld): listing "
		    "again", (long long)(d->revision + 1),
		    (long long)r->compact_revision);
		return WATCH_RELIST;
	}
	if (r->canceled) {
		say("watch canceled by the server: listing again");
		return WATCH_RELIST;
	}
	d->events += r->nevents;
	for (i = 0; i < r->nevents; i++) {
		const struct etcd_event *ev = &r->events[i];
		bool put = ev->type == ETCD_PUT;
		const char *id = od_policy_id(d, ev->kv.key);

		/* on-demand: only the policy records this host holds */
		if (id && !vswd_od_wants(&d->od, id, put, now_ms()))
			continue;
		if (vswd_update(&d->st, ev->kv.key, put ? ev->kv.value : NULL,
				ev->kv.value_len) != VSWD_KEY_IGNORED)
			records = true;
		if (id && !put)
			vswd_od_forget(&d->od, id, now_ms());
	}
	/* a failed line: the switch was read back; list again */
	if (r->nevents && records && sync_changes(d, r->revision))
		d->need_relist = true;
	/*
	 * Every change seen moves the revision, other hosts' ports and
	 * registrations too: status/HOST's revision R means "everything up
	 * to R", so that a host waited for at the revision of another
	 * host's port change (vswctl wait) gets there. The last event's
	 * revision, not the header's: catching up on history, etcd sends
	 * its events in pieces of up to 1000 revisions, each with the
	 * store's revision in its header.
	 */
	for (i = 0; i < r->nevents; i++)
		if (r->events[i].kv.mod_revision > d->revision)
			d->revision = r->events[i].kv.mod_revision;
	return 0;
}

/*
 * Watch the prefix up to status/, not beyond: every host writes its
 * status/HOST after each change it applies, and a watch that saw those
 * writes would wake every host once per host per change (N^2 events at N
 * hosts) for keys it ignores. Keys after status/ in byte order are still
 * read (and refused, as outside the layout) by every list.
 */
static int watch_start(struct vswd *d, struct etcd_watch *w)
{
	char *end;
	int ret;

	if (asprintf(&end, "%sstatus/", d->cfg.prefix) < 0)
		return -ENOMEM;
	ret = etcd_watch_start_range(w, &d->etcd, d->cfg.prefix, end,
				     d->revision + 1, on_watch, d);
	free(end);
	return ret;
}

/* Full jitter: a random wait in [min, backoff]. */
static void back_off(struct vswd *d, unsigned int *backoff_ms)
{
	struct timespec ts;
	unsigned int ms;

	*backoff_ms = *backoff_ms ? *backoff_ms * 2 : BACKOFF_MIN_MS;
	if (*backoff_ms > BACKOFF_MAX_MS)
		*backoff_ms = BACKOFF_MAX_MS;
	ms = BACKOFF_MIN_MS / 2 + rand_r(&d->rng) % *backoff_ms;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	if (d->cfg.verbose)
		say("retrying in %u ms", ms);
	nanosleep(&ts, NULL);
}

static int run(struct vswd *d)
{
	struct etcd_watch w;
	unsigned int backoff = 0;
	bool watching = false, ready = false;
	int ret;

	d->need_relist = true;
	while (!stop_signal) {
		if (d->need_relist || !watching) {
			if (watching)
				etcd_watch_stop(&w);
			watching = false;
			ret = relist(d);
			if (ret && d->cfg.once)
				return 1;
			if (ret)
				goto fail;
			if (d->cfg.once)
				return d->need_relist ? 1 : 0;
			if (keep_lease(d) || write_status(d))
				goto fail;
			ret = watch_start(d, &w);
			if (ret) {
				say("watch: %s", d->etcd.err);
				goto fail;
			}
			watching = true;
			if (!ready) {
				sd_notify(0, "READY=1");
				ready = true;
			}
			if (d->need_relist)
				goto fail;	/* apply failed: retry later */
		}
		if (d->cfg.on_demand) {
			bool readable;

			/* misses waiting for the rate: come back soon */
			ret = etcd_watch_poll_fd(&w, d->od.nqueue ? 20 : 1000,
						 vswd_od_fd(&d->od), &readable);
			if (!ret)
				serve_misses(d, readable);
		} else {
			ret = etcd_watch_poll(&w, 1000);
		}
		if (ret == WATCH_RELIST) {
			d->need_relist = true;
			continue;
		}
		if (ret) {
			say("%s", d->etcd.err);
			goto fail;
		}
		backoff = 0;
		if (keep_lease(d) || write_status(d))
			goto fail;
		continue;
fail:
		d->reconnects++;
		if (watching && !d->need_relist) {
			/* the stream broke: list again after the wait */
			etcd_watch_stop(&w);
			watching = false;
		}
		back_off(d, &backoff);
	}
	if (watching)
		etcd_watch_stop(&w);
	sd_notify(0, "STOPPING=1");
	say("signal %d: exiting", (int)stop_signal);
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct vswd d;
	char err[512];
	int ret;

	memset(&d, 0, sizeof(d));
	switch (vswd_config_parse(argc, argv, &d.cfg, err, sizeof(err))) {
	case VSWD_CONFIG_HELP:
		vswd_config_usage(stdout);
		return 0;
	case VSWD_CONFIG_VERSION:
		printf("vswd %s\n", VSWCTL_VERSION);
		return 0;
	case VSWD_CONFIG_ERROR:
		fprintf(stderr, "vswd: %s\n", err);
		return 2;
	case VSWD_CONFIG_OK:
		break;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	d.rng = getpid() ^ (unsigned int)now_ms();
	vswd_state_init(&d.st, d.cfg.prefix, d.cfg.host, d.cfg.sw, stderr);
	vswd_od_init(&d.od, d.cfg.prefix, d.cfg.sw, stderr, d.cfg.verbose);
	if (d.cfg.on_demand && (d.cfg.miss_input || !d.cfg.dry_run) &&
	    vswd_od_open(&d.od, d.cfg.miss_input))
		return 1;
	if (d.cfg.pa[0])
		snprintf(d.pa, sizeof(d.pa), "%s", d.cfg.pa);
	if (etcd_init(&d.etcd, &d.cfg.etcd)) {
		say("%s", d.etcd.err);
		return 1;
	}
	session_init(&d.s, stdout, false);
	say("host %s, switch %s, prefix %s, %zu endpoint(s), mode %s%s",
	    d.cfg.host, d.cfg.sw, d.cfg.prefix, d.cfg.etcd.nendpoints,
	    d.cfg.on_demand ? "on-demand" : "full",
	    d.cfg.dry_run ? ", dry run" : "");
	ret = run(&d);
	if (d.lease)
		etcd_lease_revoke(&d.etcd, d.lease);
	session_close(&d.s);
	etcd_free(&d.etcd);
	vswd_state_free(&d.st);
	vswd_od_free(&d.od);
	vswd_config_free(&d.cfg);
	return ret;
}
