// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: control vsw virtual switches.
 *
 *	vswctl [-j|--json] [-b|--batch FILE|-] OBJECT COMMAND ...
 *
 * main() handles the global options and batch files; cmd.c parses and runs
 * one command. The netlink socket is opened once, when the first command
 * that needs it has parsed, and serves every line of a batch.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vsw.h>

#include "cmd.h"
#include "nl.h"
#include "parse.h"
#include "report.h"

#ifndef VSWCTL_VERSION
#define VSWCTL_VERSION "unknown"
#endif

/* More words than any command takes; a longer batch line is an error. */
#define BATCH_MAX_ARGS	64

struct session {
	struct output out;
	struct vsw_nl nl;
	bool nl_open;
};

static int execute(struct session *s, int argc, char **argv, struct report *r)
{
	struct request req;

	if (cmd_parse(argc, argv, &req, r))
		return -1;
	if (req.help) {
		cmd_help(s->out.fp, req.obj);
		return 0;
	}
	if (!s->nl_open) {
		if (vsw_nl_open(&s->nl, r))
			return -1;
		s->nl_open = true;
	}
	return cmd_run(&s->nl, &req, &s->out, r);
}

/*
 * One command per line; stop at the first that fails, which is reported
 * as "FILE:LINE: message". Returns the exit status.
 */
static int run_batch(struct session *s, const char *path)
{
	const char *label = strcmp(path, "-") ? path : "<stdin>";
	int argc, status = EXIT_SUCCESS;
	char *argv[BATCH_MAX_ARGS];
	unsigned long lineno = 0;
	char where[4096];
	char *line = NULL;
	struct report r;
	size_t cap = 0;
	ssize_t len;
	FILE *in;

	in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!in) {
		report_errno(&r, errno, "cannot open", "batch file %s", path);
		report_print(stderr, NULL, &r);
		return r.status;
	}
	while ((len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		if (strlen(line) != (size_t)len) {
			report_usage(&r, "line contains a NUL byte");
			goto fail;
		}
		argc = parse_split_line(line, argv, BATCH_MAX_ARGS);
		if (argc < 0) {
			report_usage(&r, "too many words (more than %d)",
				     BATCH_MAX_ARGS);
			goto fail;
		}
		if (argc && execute(s, argc, argv, &r))
			goto fail;
	}
	if (ferror(in)) {
		report_errno(&r, errno, "cannot read", "batch file %s", path);
		report_print(stderr, NULL, &r);
		status = r.status;
	}
	goto out;

fail:
	snprintf(where, sizeof(where), "%s:%lu", label, lineno);
	report_print(stderr, where, &r);
	status = r.status;
out:
	free(line);
	if (in != stdin)
		fclose(in);
	return status;
}

/* A full disk or a closed pipe must not look like success. */
static int finish(int status)
{
	struct report r;
	int err;

	err = fflush(stdout) ? errno : ferror(stdout) ? EIO : 0;
	if (err && !status) {
		report_errno(&r, err, NULL, "cannot write output");
		report_print(stderr, NULL, &r);
		return r.status;
	}
	return status;
}

static const struct option options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "batch", required_argument, NULL, 'b' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	struct session s = { .out = { .fp = stdout } };
	const char *batch = NULL;
	struct report r;
	int opt, status;

	/*
	 * Options may follow the command ("vswctl switch show -j"), as with
	 * GNU getopt; "--" ends them, for a name starting with '-'.
	 */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":jb:hV", options, NULL)) != -1) {
		switch (opt) {
		case 'j':
			s.out.json = true;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'h':
			cmd_help(stdout, NULL);
			return finish(EXIT_SUCCESS);
		case 'V':
			printf("vswctl %s (vsw netlink family version %d)\n",
			       VSWCTL_VERSION, VSW_GENL_VERSION);
			return finish(EXIT_SUCCESS);
		case ':':
			report_usage(&r, "option \"%s\" requires an argument",
				     argv[optind - 1]);
			goto usage;
		default:
			if (optopt)
				report_usage(&r, "unknown option \"-%c\"",
					     optopt);
			else
				report_usage(&r, "unknown option \"%s\"",
					     argv[optind - 1]);
			goto usage;
		}
	}

	if (batch) {
		if (optind < argc) {
			report_usage(&r, "unexpected argument \"%s\" with --batch",
				     argv[optind]);
			goto usage;
		}
		status = run_batch(&s, batch);
	} else if (execute(&s, argc - optind, argv + optind, &r)) {
		report_print(stderr, NULL, &r);
		status = r.status;
	} else {
		status = EXIT_SUCCESS;
	}

	if (s.nl_open)
		vsw_nl_close(&s.nl);
	return finish(status);

usage:
	report_print(stderr, NULL, &r);
	return r.status;
}
