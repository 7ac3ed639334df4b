/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswd's on-demand mode (Documentation/control-plane.md, "On-demand"):
 * which policy records this host wants, and the misses that make it want
 * one. Policy records are fetched from etcd when the kernel reports a
 * miss for their (VSID, CA); routes and this host's ports are pushed as
 * in full mode. This file keeps the sets and the queue; vswd.c does the
 * etcd requests and the batches.
 *
 *	installed: the identities ("policy/VSID/CA") of the records this
 *		host fetched (or found in its switch at a list); the watch
 *		and every list keep exactly these in step with etcd.
 *	negative:  identities etcd did not have, remembered for
 *		VSWD_OD_NEGATIVE_MS: a miss for one asks etcd nothing; a put
 *		of one seen by the watch meanwhile installs it.
 *	queue:     misses waiting for a fetch, each identity once, at most
 *		VSWD_OD_QUEUE_MAX; fetched at most VSWD_OD_RATE a second.
 */
#ifndef VSWD_ONDEMAND_H
#define VSWD_ONDEMAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nl.h"

/* How long "etcd has no such record" is believed without asking again. */
#define VSWD_OD_NEGATIVE_MS	10000
/* Negative answers remembered at once (then the oldest go first). */
#define VSWD_OD_NEGATIVE_MAX	4096
/* Misses waiting for a fetch; more are dropped (the kernel asks again). */
#define VSWD_OD_QUEUE_MAX	256
/* Fetches a second, and the burst allowed (a token bucket). */
#define VSWD_OD_RATE		200
/* After a failed fetch, no fetch for this long. */
#define VSWD_OD_PAUSE_MS	1000

struct vswd_od_counters {
	uint64_t misses;	/* miss events for our switch */
	uint64_t fetches;	/* etcd requests for a miss */
	uint64_t hits;		/* fetches that found the record */
	uint64_t negatives;	/* fetches that found none */
	uint64_t negative_cached;	/* misses answered by the negative cache */
	uint64_t fetch_errors;	/* fetches that failed (etcd unreachable) */
	uint64_t duplicates;	/* misses for a record installed or queued */
	uint64_t dropped;	/* misses dropped: queue full, or etcd failing */
	uint64_t events_lost;	/* the kernel's events lost (ENOBUFS) */
};

struct vswd_od {
	const char *prefix;	/* "/vsw/v1/" */
	const char *sw;		/* misses of other switches are ignored */
	void *installed;	/* tsearch tree of char * */
	size_t ninstalled;
	void *negative;		/* tsearch tree of struct vswd_od_neg */
	size_t nnegative;
	char *queue[VSWD_OD_QUEUE_MAX];
	size_t nqueue;
	double tokens;		/* fetches allowed now */
	uint64_t tokens_at;	/* when tokens was computed, ms */
	uint64_t paused_until;	/* ms: no fetch before this */
	struct vswd_od_counters cnt;
	bool changed;		/* counters moved since the last status */
	/* where misses come from: the kernel, or a text file (dry run) */
	struct vsw_nl nl;
	void *cb;		/* struct nl_cb * */
	FILE *text;
	int fd;
	FILE *log;
	bool verbose;
};

void vswd_od_init(struct vswd_od *od, const char *prefix, const char *sw,
		  FILE *log, bool verbose);
void vswd_od_free(struct vswd_od *od);

/*
 * Listen to the kernel's miss events (the vsw family's "events" group),
 * or with @text_file read them as "vswctl monitor" prints them (vswd's
 * dry run, for tests). 0, or -1 with a message on od->log.
 */
int vswd_od_open(struct vswd_od *od, const char *text_file);
/* The descriptor to wait on, or -1. */
int vswd_od_fd(const struct vswd_od *od);
/* Read the misses that are there (never blocks) into the queue. */
void vswd_od_read(struct vswd_od *od, uint64_t now_ms);
/* A miss for (@vsid, @ca), @ca as vswctl prints it (what read() calls). */
void vswd_od_miss(struct vswd_od *od, uint32_t vsid, const char *ca,
		  uint64_t now_ms);

/*
 * The next identity to fetch ("policy/VSID/CA", malloc()ed), or NULL if
 * none may be fetched now (queue empty, rate spent, paused).
 */
char *vswd_od_next(struct vswd_od *od, uint64_t now_ms);
/* What the fetch of @id found: the record, none, or a failure. */
void vswd_od_found(struct vswd_od *od, const char *id);
void vswd_od_absent(struct vswd_od *od, const char *id, uint64_t now_ms);
void vswd_od_failed(struct vswd_od *od, uint64_t now_ms);

/*
 * Is this policy identity one of ours? Installed: yes. Negative and @put:
 * yes, and it becomes installed (a VM missed it lately). Otherwise no.
 */
bool vswd_od_wants(struct vswd_od *od, const char *id, bool put,
		   uint64_t now_ms);
/* @id was deleted in etcd: not installed any more, remembered negative. */
void vswd_od_forget(struct vswd_od *od, const char *id, uint64_t now_ms);
/* Make @id installed (a record found in the switch at a list). */
void vswd_od_adopt(struct vswd_od *od, const char *id);
/* Forget every negative answer (after a relist: the watch restarts). */
void vswd_od_clear_negative(struct vswd_od *od);

/* The installed identities, sorted, malloc()ed (free each and the array). */
size_t vswd_od_list(struct vswd_od *od, char ***ids);

#endif /* VSWD_ONDEMAND_H */
