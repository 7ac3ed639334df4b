// SPDX-License-Identifier: GPL-2.0
/*
 * A run of vswctl. See session.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "session.h"

/* More words than any command takes; a longer batch line is an error. */
#define BATCH_MAX_ARGS	64

/* Socket buffers for batches: the requests in flight and their acks. */
#define BATCH_SOCKBUF	(1024 * 1024)

void session_init(struct session *s, FILE *out, bool json)
{
	memset(s, 0, sizeof(*s));
	s->out.fp = out;
	s->out.json = json;
}

void session_close(struct session *s)
{
	if (s->batch_ready)
		batch_free(&s->batch);
	s->batch_ready = false;
	if (s->nl_open && !s->io)
		vsw_nl_close(&s->nl);
	s->nl_open = false;
}

static int open_nl(struct session *s, struct report *r)
{
	if (s->nl_open)
		return 0;
	if (vsw_nl_open(&s->nl, r))
		return -1;
	s->nl_open = true;
	return 0;
}

/* Print a failure of line @line; remember the first status. */
static void report_line(struct session *s, unsigned long line,
			const struct report *r)
{
	char at[4096];

	snprintf(at, sizeof(at), "%s:%lu", s->label ? s->label : "-", line);
	report_print(s->err ? s->err : stderr, at, r);
	if (!s->status)
		s->status = r->status;
	s->failures++;
}

/* batch_error_fn of -force: a refused record, reported as its line. */
static void record_refused(void *ctx, unsigned long line,
			   const struct report *r)
{
	report_line(ctx, line, r);
}

static int open_batch(struct session *s, struct report *r)
{
	static const struct batch_io nl_io = {
		.send = vsw_nl_send_raw,
		.recv_ack = vsw_nl_recv_ack,
	};
	struct batch_io io;
	int ret;

	if (s->batch_ready)
		return 0;
	if (open_nl(s, r))
		return -1;
	if (s->io) {
		io = *s->io;
	} else {
		io = nl_io;
		io.ctx = &s->nl;
		vsw_nl_grow_buffers(&s->nl, BATCH_SOCKBUF);
	}
	ret = batch_init(&s->batch, &io, s->nl.family, BATCH_MSG_MAX,
			 BATCH_WINDOW);
	if (!ret && s->force) {
		ret = batch_keep_going(&s->batch, record_refused, s);
		if (ret)
			batch_free(&s->batch);
	}
	if (ret) {
		report_errno(r, -ret, NULL, "cannot set up a batch");
		return -1;
	}
	s->batch_ready = true;
	return 0;
}

static int batch_failed(struct session *s, struct report *r,
			unsigned long *where)
{
	*r = s->batch.err;
	*where = s->batch.err_line;
	return -1;
}

int session_sync(struct session *s, struct report *r, unsigned long *where)
{
	if (!s->batch_ready || !batch_sync(&s->batch))
		return 0;
	return batch_failed(s, r, where);
}

int session_summary(struct session *s, struct report *r)
{
	if (open_nl(s, r))
		return -1;
	return save_summary(&s->nl, &s->out, r);
}

int session_execute(struct session *s, int argc, char **argv,
		    unsigned long line, struct report *r,
		    unsigned long *where)
{
	struct request req;

	*where = line;
	if (cmd_parse(argc, argv, &req, r)) {
		/* Lines before this one take effect before it fails. */
		session_sync(s, r, where);
		return -1;
	}
	if (req.cmd && req.cmd->queue) {
		if (open_batch(s, r))
			return -1;
		if (req.cmd->queue(&s->batch, &req, line))
			return batch_failed(s, r, where);
		return 0;
	}
	/* Anything else sees the effect of the records before it. */
	if (session_sync(s, r, where))
		return -1;
	if (req.help) {
		cmd_help(s->out.fp, req.obj);
		return 0;
	}
	if (open_nl(s, r))
		return -1;
	return cmd_run(&s->nl, &req, &s->out, r);
}

int session_run_batch(struct session *s, FILE *in, const char *label,
		      FILE *err)
{
	unsigned long lineno = 0, where = 0;
	char *argv[BATCH_MAX_ARGS];
	char *line = NULL;
	struct report r;
	size_t cap = 0;
	ssize_t len;
	int argc, rerr;

	s->err = err;
	s->label = label;
	s->status = 0;
	while ((len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		if (strlen(line) != (size_t)len) {
			report_usage(&r, "line contains a NUL byte");
			goto fail_here;
		}
		argc = parse_split_line(line, argv, BATCH_MAX_ARGS);
		if (argc < 0) {
			report_usage(&r, "too many words (more than %d)",
				     BATCH_MAX_ARGS);
			goto fail_here;
		}
		if (!argc || !session_execute(s, argc, argv, lineno, &r, &where))
			continue;
		goto fail;
fail_here:
		where = lineno;
		if (session_sync(s, &r, &where))
			goto fail;
fail:
		report_line(s, where, &r);
		/* Without -force, or once the batch cannot go on: stop. */
		if (!s->force || (s->batch_ready && s->batch.failed))
			goto out;
	}
	rerr = errno;
	if (ferror(in)) {
		/* What was read takes effect; then the read error. */
		if (session_sync(s, &r, &where))
			report_line(s, where, &r);
		report_errno(&r, rerr, "cannot read", "batch file %s", label);
		report_print(err, NULL, &r);
		if (!s->status)
			s->status = r.status;
		goto out;
	}
	if (session_sync(s, &r, &where))
		report_line(s, where, &r);
out:
	free(line);
	return s->status;
}
