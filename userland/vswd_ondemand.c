// SPDX-License-Identifier: GPL-2.0
/*
 * vswd's on-demand mode: the records this host wants, the negative
 * answers, the queue of misses. See vswd_ondemand.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/genl/genl.h>

#include "monitor.h"
#include "parse.h"
#include "report.h"
#include "vswd_ondemand.h"

/* Buffer for a burst of misses (a VM starting many flows at once). */
#define OD_RCVBUF	(1024 * 1024)

struct vswd_od_neg {
	char *id;
	uint64_t until;		/* ms */
};

static int str_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int neg_cmp(const void *a, const void *b)
{
	return strcmp(((const struct vswd_od_neg *)a)->id,
		      ((const struct vswd_od_neg *)b)->id);
}

static void neg_free(void *p)
{
	struct vswd_od_neg *n = p;

	free(n->id);
	free(n);
}

void vswd_od_init(struct vswd_od *od, const char *prefix, const char *sw,
		  FILE *log, bool verbose)
{
	memset(od, 0, sizeof(*od));
	od->prefix = prefix;
	od->sw = sw;
	od->log = log;
	od->verbose = verbose;
	od->fd = -1;
	od->tokens = VSWD_OD_RATE;
}

void vswd_od_free(struct vswd_od *od)
{
	size_t i;

	tdestroy(od->installed, free);
	tdestroy(od->negative, neg_free);
	for (i = 0; i < od->nqueue; i++)
		free(od->queue[i]);
	if (od->cb)
		nl_cb_put(od->cb);
	if (od->nl.sk)
		vsw_nl_close(&od->nl);
	if (od->text)
		fclose(od->text);
	memset(od, 0, sizeof(*od));
	od->fd = -1;
}

static bool installed(struct vswd_od *od, const char *id)
{
	return tfind(id, &od->installed, str_cmp) != NULL;
}

static void install(struct vswd_od *od, const char *id)
{
	char *copy;
	void *p;

	if (installed(od, id))
		return;
	copy = strdup(id);
	if (!copy)
		return;
	p = tsearch(copy, &od->installed, str_cmp);
	if (!p || *(char **)p != copy) {
		free(copy);
		return;
	}
	od->ninstalled++;
}

static void uninstall(struct vswd_od *od, const char *id)
{
	void *p = tfind(id, &od->installed, str_cmp);
	char *s;

	if (!p)
		return;
	s = *(char **)p;
	tdelete(id, &od->installed, str_cmp);
	free(s);
	od->ninstalled--;
}

/* The negative entry of @id if it is still good; an expired one goes. */
static struct vswd_od_neg *negative(struct vswd_od *od, const char *id,
				    uint64_t now)
{
	struct vswd_od_neg key = { .id = (char *)id }, *n;
	void *p = tfind(&key, &od->negative, neg_cmp);

	if (!p)
		return NULL;
	n = *(struct vswd_od_neg **)p;
	if (n->until > now)
		return n;
	tdelete(&key, &od->negative, neg_cmp);
	neg_free(n);
	od->nnegative--;
	return NULL;
}

static void negative_del(struct vswd_od *od, const char *id)
{
	struct vswd_od_neg key = { .id = (char *)id }, *n;
	void *p = tfind(&key, &od->negative, neg_cmp);

	if (!p)
		return;
	n = *(struct vswd_od_neg **)p;
	tdelete(&key, &od->negative, neg_cmp);
	neg_free(n);
	od->nnegative--;
}

/* twalk_r: the entry that expires first. */
static void find_oldest(const void *node, VISIT which, void *arg)
{
	struct vswd_od_neg *n = *(struct vswd_od_neg *const *)node;
	struct vswd_od_neg **oldest = arg;

	if (which != postorder && which != leaf)
		return;
	if (!*oldest || n->until < (*oldest)->until)
		*oldest = n;
}

static void negative_add(struct vswd_od *od, const char *id, uint64_t now)
{
	struct vswd_od_neg *n, *oldest = NULL;
	void *p;

	n = negative(od, id, now);
	if (n) {
		n->until = now + VSWD_OD_NEGATIVE_MS;
		return;
	}
	if (od->nnegative >= VSWD_OD_NEGATIVE_MAX) {
		twalk_r(od->negative, find_oldest, &oldest);
		if (oldest)
			negative_del(od, oldest->id);
	}
	n = calloc(1, sizeof(*n));
	if (n)
		n->id = strdup(id);
	if (!n || !n->id) {
		if (n)
			free(n->id);
		free(n);
		return;
	}
	n->until = now + VSWD_OD_NEGATIVE_MS;
	p = tsearch(n, &od->negative, neg_cmp);
	if (!p || *(struct vswd_od_neg **)p != n) {
		neg_free(n);
		return;
	}
	od->nnegative++;
}

void vswd_od_clear_negative(struct vswd_od *od)
{
	tdestroy(od->negative, neg_free);
	od->negative = NULL;
	od->nnegative = 0;
}

/* Misses */

static void note(struct vswd_od *od, const char *what, const char *id)
{
	if (od->verbose && od->log)
		fprintf(od->log, "vswd: on-demand: %s %s\n", what, id);
}

void vswd_od_miss(struct vswd_od *od, uint32_t vsid, const char *ca,
		  uint64_t now)
{
	char id[64 + ADDR_STRLEN];
	size_t i;

	od->cnt.misses++;
	od->changed = true;
	snprintf(id, sizeof(id), "policy/%u/%s", vsid, ca);
	if (installed(od, id)) {
		/* sent before our install reached the kernel */
		od->cnt.duplicates++;
		return;
	}
	if (negative(od, id, now)) {
		od->cnt.negative_cached++;
		return;
	}
	for (i = 0; i < od->nqueue; i++) {
		if (!strcmp(od->queue[i], id)) {
			od->cnt.duplicates++;
			return;
		}
	}
	if (od->nqueue == VSWD_OD_QUEUE_MAX) {
		od->cnt.dropped++;
		return;
	}
	od->queue[od->nqueue] = strdup(id);
	if (od->queue[od->nqueue])
		od->nqueue++;
	else
		od->cnt.dropped++;
}

struct od_cb_ctx {
	struct vswd_od *od;
	uint64_t now;
};

static int on_nl_event(struct nl_msg *msg, void *arg)
{
	struct od_cb_ctx *c = arg;
	struct vswd_od *od = c->od;
	char ca[ADDR_STRLEN];
	struct vsw_addr addr;
	const char *sw;
	uint32_t vsid;

	/* A malformed event, or another kind: skipped. */
	if (monitor_parse_miss(nlmsg_hdr(msg), &sw, &vsid, &addr) == 1 &&
	    !strcmp(sw, od->sw))
		vswd_od_miss(od, vsid, fmt_addr(ca, &addr), c->now);
	return NL_OK;
}

/* Events are not answers to a request: their sequence number is 0. */
static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int vswd_od_open(struct vswd_od *od, const char *text_file)
{
	struct report r = { 0 };
	int fd;

	if (text_file) {
		/* O_RDWR: a FIFO never reads as ended when a writer leaves */
		fd = open(text_file, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		od->text = fd >= 0 ? fdopen(fd, "r") : NULL;
		if (!od->text) {
			fprintf(od->log, "vswd: %s: %s\n", text_file,
				strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		od->fd = fd;
		return 0;
	}
	if (vsw_nl_open(&od->nl, &r) || monitor_join(&od->nl, OD_RCVBUF,
						      &r) < 0) {
		report_print(od->log, "vswd: on-demand", &r);
		return -1;
	}
	od->cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!od->cb) {
		fprintf(od->log, "vswd: on-demand: out of memory\n");
		return -1;
	}
	nl_socket_set_nonblocking(od->nl.sk);
	od->fd = nl_socket_get_fd(od->nl.sk);
	return 0;
}

int vswd_od_fd(const struct vswd_od *od)
{
	return od->fd;
}

/* "miss switch SW vsid V ca CA [port DEV] [pa PA]", as vswctl monitor prints. */
static void read_text(struct vswd_od *od, uint64_t now)
{
	char *line = NULL, *argv[16], ca[ADDR_STRLEN], *end;
	struct vsw_addr addr;
	const char *why;
	unsigned long vsid;
	size_t cap = 0;
	int argc;

	while (getline(&line, &cap, od->text) >= 0) {
		argc = parse_split_line(line, argv, 16);
		if (argc < 7 || strcmp(argv[0], "miss") ||
		    strcmp(argv[1], "switch") || strcmp(argv[3], "vsid") ||
		    strcmp(argv[5], "ca"))
			continue;
		vsid = strtoul(argv[4], &end, 10);
		if (*end || strcmp(argv[2], od->sw) ||
		    parse_host_addr(argv[6], &addr, &why))
			continue;
		vswd_od_miss(od, (uint32_t)vsid, fmt_addr(ca, &addr), now);
	}
	clearerr(od->text);
	free(line);
}

void vswd_od_read(struct vswd_od *od, uint64_t now)
{
	struct od_cb_ctx c = { .od = od, .now = now };
	int ret;

	if (od->text) {
		read_text(od, now);
		return;
	}
	if (!od->cb)
		return;
	nl_cb_set(od->cb, NL_CB_VALID, NL_CB_CUSTOM, on_nl_event, &c);
	nl_cb_set(od->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	for (;;) {
		/* the messages read; 0 or -NLE_AGAIN: nothing more for now */
		ret = nl_recvmsgs_report(od->nl.sk, od->cb);
		if (ret > 0)
			continue;
		if (!ret || ret == -NLE_AGAIN)
			break;
		if (ret == -NLE_NOMEM) {
			/* ENOBUFS: the kernel dropped events for us; it
			 * sends a new one for the next frame that misses */
			od->cnt.events_lost++;
			od->changed = true;
			continue;
		}
		fprintf(od->log, "vswd: on-demand: events: %s\n",
			nl_geterror(ret));
		break;
	}
}

/* Fetching */

char *vswd_od_next(struct vswd_od *od, uint64_t now)
{
	char *id;

	if (!od->nqueue || now < od->paused_until)
		return NULL;
	if (now > od->tokens_at) {
		od->tokens += (double)(now - od->tokens_at) * VSWD_OD_RATE /
			      1000;
		if (od->tokens > VSWD_OD_RATE)
			od->tokens = VSWD_OD_RATE;
	}
	od->tokens_at = now;
	if (od->tokens < 1)
		return NULL;
	od->tokens--;
	id = od->queue[0];
	memmove(od->queue, od->queue + 1, --od->nqueue * sizeof(od->queue[0]));
	od->cnt.fetches++;
	od->changed = true;
	return id;
}

void vswd_od_found(struct vswd_od *od, const char *id)
{
	od->cnt.hits++;
	od->changed = true;
	negative_del(od, id);
	install(od, id);
	note(od, "fetched", id);
}

void vswd_od_absent(struct vswd_od *od, const char *id, uint64_t now)
{
	od->cnt.negatives++;
	od->changed = true;
	negative_add(od, id, now);
	note(od, "not in etcd:", id);
}

void vswd_od_failed(struct vswd_od *od, uint64_t now)
{
	size_t i;

	od->cnt.fetch_errors++;
	/*
	 * etcd is not answering: drop what waits (each would wait for its
	 * own timeout) and pause; the kernel sends a new miss for the next
	 * frame to each CA once its held frames have timed out.
	 */
	od->cnt.dropped += od->nqueue;
	for (i = 0; i < od->nqueue; i++)
		free(od->queue[i]);
	od->nqueue = 0;
	od->paused_until = now + VSWD_OD_PAUSE_MS;
	od->changed = true;
}

/* Following etcd */

bool vswd_od_wants(struct vswd_od *od, const char *id, bool put,
		   uint64_t now)
{
	if (installed(od, id))
		return true;
	if (!put || !negative(od, id, now))
		return false;
	negative_del(od, id);
	install(od, id);
	note(od, "created after a miss:", id);
	return true;
}

void vswd_od_forget(struct vswd_od *od, const char *id, uint64_t now)
{
	if (!installed(od, id))
		return;
	uninstall(od, id);
	negative_add(od, id, now);
	note(od, "deleted in etcd:", id);
}

void vswd_od_adopt(struct vswd_od *od, const char *id)
{
	install(od, id);
}

struct od_list {
	char **ids;
	size_t n, alloc;
	bool failed;
};

static void collect(const void *node, VISIT which, void *arg)
{
	const char *id = *(const char *const *)node;
	struct od_list *l = arg;
	char **p;

	if (which != postorder && which != leaf)
		return;
	if (l->n == l->alloc) {
		size_t alloc = l->alloc ? l->alloc * 2 : 64;

		p = realloc(l->ids, alloc * sizeof(*p));
		if (!p) {
			l->failed = true;
			return;
		}
		l->ids = p;
		l->alloc = alloc;
	}
	l->ids[l->n] = strdup(id);
	if (l->ids[l->n])
		l->n++;
}

size_t vswd_od_list(struct vswd_od *od, char ***ids)
{
	struct od_list l = { 0 };

	twalk_r(od->installed, collect, &l);
	*ids = l.ids;
	return l.n;
}
