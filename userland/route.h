/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "route" object: add, del, show. Customer routes (Hyper-V's
 * New-NetVirtualizationCustomerRoute): in routing domain RDID, a prefix is
 * in virtual subnet VSID, or goes to a next hop of that VSID. Sent as one
 * VSW_A_ROUTE nest per request.
 */
#ifndef VSWCTL_ROUTE_H
#define VSWCTL_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"

struct nlattr;
struct nlmsghdr;
struct output;

struct route_rec {
	uint32_t rdid, vsid;
	struct vsw_prefix dst;		/* VSW_ROUTE_A_DST or _DST6, _PLEN */
	bool has_nexthop;
	struct vsw_addr nexthop;	/* VSW_ROUTE_A_NEXTHOP or _NEXTHOP6 */
};

struct route_args {
	const char *name;
	bool has_rdid;			/* show: only this routing domain */
	struct route_rec rec;
};

/*
 * Parse a VSW_A_ROUTE nest of a dump: RDID, VSID, one prefix (DST or
 * DST6) of a length within its family and at most one next hop, of the
 * prefix's family. -EPROTO if malformed.
 */
int route_parse_nest(const struct nlattr *nest, struct route_rec *rec);

/* What "route show" prints, filled from the kernel's replies. */
struct route_list {
	struct route_rec *v;
	size_t n;
};

/* Add the routes of a VSW_CMD_ROUTE_GET reply to @l; -EPROTO if bad. */
int route_parse_reply(struct nlmsghdr *nlh, struct route_list *l);
void route_list_free(struct route_list *l);
/*
 * Text, one line per route: "rdid 1 vsid 5001 prefix 10.0.0.0/24 gateway
 * 10.0.0.1" for a subnet route (no gateway for a /31 or /32, /127 or
 * /128), "rdid 1 vsid 7001 prefix 172.16.0.0/16 nexthop 10.0.1.254" for
 * one with a next hop. JSON: an array of objects with rdid, vsid, prefix
 * and gateway or nexthop, each left out where the text has none.
 */
void route_list_print(const struct route_list *l, const struct output *out);

#endif /* VSWCTL_ROUTE_H */
