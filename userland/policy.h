/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "policy" object: add, replace, del, show. Records are (VSID, CA) ->
 * (MAC, PA), sent as VSW_A_POLICY nests; add, replace and del are queued
 * into a batch (batch.h) so that many go in one netlink message.
 */
#ifndef VSWCTL_POLICY_H
#define VSWCTL_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "json.h"
#include "parse.h"

struct nlattr;
struct nlmsghdr;
struct output;

struct policy_rec {
	uint32_t vsid;
	struct vsw_addr ca;	/* VSW_POLICY_A_CA or _CA6 */
	struct vsw_addr pa;	/* VSW_POLICY_A_PA or _PA6 */
	uint8_t mac[6];
};

struct policy_args {
	const char *name;
	bool has_vsid;		/* show: only this VSID */
	struct policy_rec rec;
};

/*
 * Longest VSW_A_POLICY nest policy_put_nest() writes: the nest header (4),
 * then VSID (8), CA6 (20), MAC (4 + 6, padded to 12) and PA6 (20). An
 * all-IPv4 record takes 40.
 */
#define POLICY_NEST_MAX	64

/*
 * Write @rec as a VSW_A_POLICY nest (NLA_F_NESTED) at @buf, which has room
 * for policy_nest_len() bytes: every attribute if @full, else only VSID
 * and CA (a delete). CA and PA go as the attribute of their family
 * (VSW_POLICY_A_CA or _CA6, _PA or _PA6). Returns the length written, a
 * multiple of 4 and at most POLICY_NEST_MAX.
 */
size_t policy_put_nest(void *buf, const struct policy_rec *rec, bool full);
/* What policy_put_nest() will write for @rec. */
size_t policy_nest_len(const struct policy_rec *rec, bool full);

/*
 * Parse a VSW_A_POLICY nest of a dump or an event: VSID and one CA (CA or
 * CA6) are required, MAC and one PA (PA or PA6) needed only if @full.
 * -EPROTO if malformed (wrong length, both families of an address).
 */
int policy_parse_nest(const struct nlattr *nest, struct policy_rec *rec,
		      bool full);

/*
 * "policy show" streams: records are printed as they arrive and never
 * kept. Text is one line per record; JSON one array, opened by
 * policy_print_begin() and closed by policy_print_end().
 */
struct policy_printer {
	const struct output *out;
	struct json j;
	bool begun;
	uint64_t n;
};

void policy_print_begin(struct policy_printer *pp, const struct output *out);
void policy_print(struct policy_printer *pp, const struct policy_rec *rec);
/*
 * Close the output. If nothing was printed: an empty list if @ok, else
 * nothing at all (the request failed; its error goes to stderr).
 */
void policy_print_end(struct policy_printer *pp, bool ok);

/* Print every VSW_A_POLICY of a VSW_CMD_POLICY_GET reply; -EPROTO if bad. */
int policy_parse_reply(struct nlmsghdr *nlh, struct policy_printer *pp);

#endif /* VSWCTL_POLICY_H */
