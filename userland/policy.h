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

struct nlattr;
struct nlmsghdr;
struct output;

struct policy_rec {
	uint32_t vsid;
	struct in_addr ca;
	struct in_addr pa;
	uint8_t mac[6];
};

struct policy_args {
	const char *name;
	bool has_vsid;		/* show: only this VSID */
	struct policy_rec rec;
};

/*
 * Longest VSW_A_POLICY nest policy_put_nest() writes: the nest header,
 * then VSID (8), CA (8), MAC (4 + 6, padded to 12) and PA (8).
 */
#define POLICY_NEST_MAX	40

/*
 * Write @rec as a VSW_A_POLICY nest (NLA_F_NESTED) at @buf, which has room
 * for POLICY_NEST_MAX bytes: every attribute if @full, else only VSID and
 * CA (a delete). Returns the length written, a multiple of 4.
 */
size_t policy_put_nest(void *buf, const struct policy_rec *rec, bool full);

/*
 * Parse a VSW_A_POLICY nest of a dump or an event: VSID and CA are
 * required, MAC and PA needed only if @full. -EPROTO if malformed.
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
