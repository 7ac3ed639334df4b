/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "uplink" object: set, del.
 */
#ifndef VSWCTL_UPLINK_H
#define VSWCTL_UPLINK_H

#include <stdint.h>
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

#endif /* VSWCTL_UPLINK_H */
