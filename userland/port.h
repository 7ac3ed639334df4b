/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "port" object: add, del, show; and the VSW_A_PORT nests that stats
 * and monitor read too.
 */
#ifndef VSWCTL_PORT_H
#define VSWCTL_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"

struct nlattr;
struct nlmsghdr;
struct output;

struct port_args {
	const char *name;
	const char *dev;	/* as given */
	uint32_t ifindex;
	uint32_t vsid;
	uint8_t mac[6];
};

#define PORT_HAS_VSID	(1U << 0)
#define PORT_HAS_MAC	(1U << 1)

/* One VSW_A_PORT nest. */
struct port_info {
	uint32_t ifindex;
	unsigned int has;	/* PORT_HAS_* */
	uint32_t vsid;
	uint8_t mac[6];
	const struct nlattr *stats;	/* VSW_PORT_A_STATS, or NULL */
};

/*
 * Parse a VSW_A_PORT nest; the ifindex is required, the rest optional.
 * -EPROTO if malformed.
 */
int port_parse_nest(const struct nlattr *nest, struct port_info *p);

/*
 * "port show" prints ports as they arrive, in as many reply messages as
 * the kernel likes: text "port DEV vsid N mac M" lines, or one JSON array.
 */
struct port_printer {
	const struct output *out;
	struct json j;
	bool begun;
	size_t n;
};

void port_print_begin(struct port_printer *pp, const struct output *out);
void port_print(struct port_printer *pp, const struct port_info *p);
/*
 * Close the output. If nothing was printed: an empty list if @ok, else
 * nothing at all (the request failed; its error goes to stderr).
 */
void port_print_end(struct port_printer *pp, bool ok);

/* Print every VSW_A_PORT of a VSW_CMD_PORT_GET reply; -EPROTO if bad. */
int port_parse_reply(struct nlmsghdr *nlh, struct port_printer *pp);

#endif /* VSWCTL_PORT_H */
