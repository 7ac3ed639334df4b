/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "uplink" object: set, del, show.
 */
#ifndef VSWCTL_UPLINK_H
#define VSWCTL_UPLINK_H

#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

#include "parse.h"

struct uplink_args {
	const char *name;
	const char *dev;	/* as given */
	uint32_t ifindex;
	/* The PAs given, at most one per family (VSW_A_UPLINK_PA, _PA6). */
	struct vsw_addr pa[2];
	unsigned int npa;
};

struct output;
struct switch_info;
struct switch_list;

/*
 * Text, one line per switch that has an uplink: "uplink NAME dev DEV pa
 * ADDR [pa ADDR]", the arguments of "uplink set"; JSON, an array of
 * objects with switch, dev, ifindex, pa (IPv4) and pa6 (IPv6).
 */
void uplink_list_print(const struct switch_list *l, const struct output *out);
/* " dev DEV pa ADDR [pa ADDR]" of @s's uplink. */
void uplink_print_args(FILE *fp, const struct switch_info *s,
		       const struct output *out);

#endif /* VSWCTL_UPLINK_H */
