/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What vswctl --etcd status and wait know of a host: its registration
 * (host/HOST) and its status (status/HOST), read from the JSON values
 * vswd writes (Documentation/control-plane.md). Apart from cluster.c so
 * that json-c (which reads them) and vswctl's own JSON writer (json.h,
 * which prints them) are never in one file: both have a json_bool.
 */
#ifndef VSWCTL_CLUSTER_HOST_H
#define VSWCTL_CLUSTER_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The words of host/ and status/ values that are strings. */
enum { CLUSTER_SWITCH, CLUSTER_MODE, CLUSTER_VERSION, CLUSTER_NWORDS };
extern const char *const cluster_words[CLUSTER_NWORDS];

struct cluster_counter {
	char *name;
	int64_t val;
};

struct cluster_host {
	char *name;
	bool up;		/* host/HOST exists: its lease lives */
	bool has_status;
	int64_t revision;	/* status/HOST's revision, or -1 */
	char *pa;		/* host/HOST's PAs, "A,B", or NULL */
	char *reg[CLUSTER_NWORDS], *status[CLUSTER_NWORDS];
	/* the status's integer members but revision, in its order */
	struct cluster_counter *cnt;
	size_t ncnt;
	/* wait: whether converged, decided for this status revision */
	bool converged;
	int64_t decided;
};

/* host/HOST put (@value) or deleted (NULL). */
void cluster_host_set_reg(struct cluster_host *x, const char *value,
			  size_t len);
/* status/HOST put or deleted. */
void cluster_host_set_status(struct cluster_host *x, const char *value,
			     size_t len);
void cluster_host_free(struct cluster_host *x);

#endif /* VSWCTL_CLUSTER_HOST_H */
