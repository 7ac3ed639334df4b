/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "uplink" object: set, del.
 */
#ifndef VSWCTL_UPLINK_H
#define VSWCTL_UPLINK_H

#include <stdint.h>
#include <netinet/in.h>

struct uplink_args {
	const char *name;
	const char *dev;	/* as given */
	uint32_t ifindex;
	struct in_addr pa;
};

#endif /* VSWCTL_UPLINK_H */
