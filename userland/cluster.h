/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswctl --etcd URL[,URL...]: the policy, route and port commands of the
 * kernel path (same grammar, same parsing, same error texts), reading and
 * writing the keys of Documentation/control-plane.md in etcd instead;
 * "status" (every host, alive or not) and "wait" (until every live host
 * has applied a revision). A command, or a whole batch (-b), is one etcd
 * transaction: it lands at one revision, which is printed.
 *
 *	vswctl --etcd URL policy add NAME vsid VSID ca ADDR mac MAC pa ADDR
 *	vswctl --etcd URL port add HOST dev DEV vsid VSID mac MAC
 *	vswctl --etcd URL -b FILE
 *	vswctl --etcd URL status
 *	vswctl --etcd URL wait [REVISION] [timeout SECONDS]
 */
#ifndef VSWCTL_CLUSTER_H
#define VSWCTL_CLUSTER_H

#include <stdio.h>

struct options;

/* Run what @o asks of etcd; output on @out. Returns the exit status. */
int cluster_main(const struct options *o, FILE *out);

#endif /* VSWCTL_CLUSTER_H */
