/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswd's view of the world, without etcd or netlink: what etcd asks for
 * (the desired records, from the keys of Documentation/control-plane.md)
 * and what the kernel holds (the applied records), both as the lines of a
 * vswctl batch, keyed by an identity ("policy/5001/10.0.0.7",
 * "route/1/10.0.0.0/24", "port/tap0"). The difference between the two is
 * a batch that vswctl -b would read, which vswd runs through vswctl's own
 * session code (session_run_batch()); the host tests check the batch.
 *
 * The lines of a record are exactly those "vswctl save" prints for it, so
 * the kernel's state is read back by parsing save's output and a record
 * already in the kernel is left alone.
 */
#ifndef VSWD_STATE_H
#define VSWD_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A value longer than this is refused (a record needs < 100 bytes). */
#define VSWD_VALUE_MAX		1024

struct vswd_counters {
	uint64_t refused;	/* keys or values refused (bad data) */
	uint64_t ignored;	/* other hosts' ports, registrations, status */
	uint64_t lines;		/* batch lines produced */
	uint64_t batches;	/* batches produced (non-empty) */
};

struct vswd_state {
	const char *prefix;	/* "/vsw/v1/" */
	const char *host;	/* this host's name in port/HOST/DEV */
	const char *sw;		/* the switch vswd manages */
	void *desired;		/* tsearch trees of struct vswd_rec */
	void *applied;
	void *dirty;		/* identities changed since the last diff */
	bool all_dirty;		/* diff everything (after a relist) */
	struct vswd_counters cnt;
	FILE *log;		/* refusals are reported here */
};

enum vswd_key {
	VSWD_KEY_REFUSED = -1,
	VSWD_KEY_IGNORED = 0,
	VSWD_KEY_RECORD = 1,
};

void vswd_state_init(struct vswd_state *st, const char *prefix,
		     const char *host, const char *sw, FILE *log);
void vswd_state_free(struct vswd_state *st);

/*
 * Classify the key @key with @value (NULL: a deletion). For a record,
 * *id and (unless deleted) *line are malloc()ed: its identity and its
 * "add" line. Refused: @why says why.
 */
enum vswd_key vswd_parse(const struct vswd_state *st, const char *key,
			 const char *value, size_t value_len, char **id,
			 char **line, char *why, size_t whylen);

/*
 * A put (@value non-NULL) or a delete of @key seen in etcd: updates the
 * desired records. A refused value counts, is logged, and makes the key's
 * record absent (every host agrees on what an invalid value means).
 * Returns the vswd_key class.
 */
enum vswd_key vswd_update(struct vswd_state *st, const char *key,
			  const char *value, size_t value_len);

/* Forget every desired record (before a relist). */
void vswd_clear_desired(struct vswd_state *st);

/*
 * Replace the applied records by those of @save, the output of
 * "vswctl save SW" (lines of other switches and objects are skipped).
 * With @pa, the uplink's PAs ("a b") are copied there.
 */
int vswd_load_applied(struct vswd_state *st, FILE *save, char *pa,
		      size_t palen);

/*
 * Write to @out the batch lines that take the applied records to the
 * desired ones, for the identities changed since the last call (all of
 * them after vswd_clear_desired() or vswd_load_applied()), and consider
 * them applied. Deletions come first (ports, routes, policy), then
 * additions (policy, routes, ports); a changed policy record is a
 * "policy replace", a changed route or port a del and an add. Returns
 * the number of lines.
 */
size_t vswd_diff(struct vswd_state *st, FILE *out);

/*
 * The identities of the applied records starting with @kind ("policy/"),
 * sorted, malloc()ed (free each and the array). Their number.
 */
size_t vswd_applied_ids(struct vswd_state *st, const char *kind,
			char ***ids);

#endif /* VSWD_STATE_H */
