/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A run of vswctl: one command, or the lines of a batch file, sharing one
 * netlink socket and one batch of packed policy records. main() is a thin
 * wrapper around this, and the tests and the benchmark drive it with a
 * fake transport.
 */
#ifndef VSWCTL_SESSION_H
#define VSWCTL_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include "batch.h"
#include "cmd.h"
#include "nl.h"
#include "report.h"

struct session {
	struct output out;
	struct vsw_nl nl;
	bool nl_open;
	/*
	 * How packed requests travel: NULL for the netlink socket; the
	 * tests set a fake (and nl_open, and nl.family).
	 */
	const struct batch_io *io;
	struct batch batch;
	bool batch_ready;
	/*
	 * -force: a failed batch line is reported on @err as
	 * "vswctl: LABEL:LINE: ..." and the batch goes on; the exit status
	 * is that of the first failure.
	 */
	bool force;
	FILE *err;
	const char *label;
	int status;		/* of the first failure reported, or 0 */
	unsigned long failures;
};

void session_init(struct session *s, FILE *out, bool json);
void session_close(struct session *s);

/*
 * Run one command; @line is its batch line (0 for the command line).
 * Policy add/replace/del are only queued: session_sync() sends them.
 * Returns 0, or -1 with @r filled and *@where set to the line at fault,
 * which may be the line of a record queued earlier.
 */
int session_execute(struct session *s, int argc, char **argv,
		    unsigned long line, struct report *r,
		    unsigned long *where);

/* "vswctl" alone: save_summary() on the session's socket. */
int session_summary(struct session *s, struct report *r);

/* Send what is queued and wait for the acks. 0, or -1 as above. */
int session_sync(struct session *s, struct report *r, unsigned long *where);

/*
 * Run the lines of @in, reporting a failure as "vswctl: LABEL:LINE: ..."
 * on @err. Without s->force the first failure ends the batch; with it,
 * every failure is reported and the lines after it still run. Returns
 * the exit status: that of the first failure, or 0.
 */
int session_run_batch(struct session *s, FILE *in, const char *label,
		      FILE *err);

#endif /* VSWCTL_SESSION_H */
