// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: control vsw virtual switches.
 *
 *	vswctl [-j|--json] [-b|--batch FILE|-] OBJECT COMMAND ...
 *
 * main() handles the global options; session.c runs one command or the
 * lines of a batch file, cmd.c parses and runs one command. The netlink
 * socket is opened once, when the first command that needs it has parsed,
 * and serves every line of a batch.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vsw.h>

#include "cmd.h"
#include "report.h"
#include "session.h"

#ifndef VSWCTL_VERSION
#define VSWCTL_VERSION "unknown"
#endif

/* One command, or a batch file; returns the exit status. */
static int run(struct session *s, const char *batch, int argc, char **argv)
{
	unsigned long where;
	struct report r;
	int status;
	FILE *in;

	if (!batch) {
		if (session_execute(s, argc, argv, 0, &r, &where) ||
		    session_sync(s, &r, &where)) {
			report_print(stderr, NULL, &r);
			return r.status;
		}
		return EXIT_SUCCESS;
	}
	in = strcmp(batch, "-") ? fopen(batch, "r") : stdin;
	if (!in) {
		report_errno(&r, errno, "cannot open", "batch file %s", batch);
		report_print(stderr, NULL, &r);
		return r.status;
	}
	status = session_run_batch(s, in, in == stdin ? "<stdin>" : batch,
				   stderr);
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
	const char *batch = NULL;
	struct session s;
	struct report r;
	int opt, status;

	/*
	 * Options may follow the command ("vswctl switch show -j"), as with
	 * GNU getopt; "--" ends them, for a name starting with '-'.
	 */
	session_init(&s, stdout, false);
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

	if (batch && optind < argc) {
		report_usage(&r, "unexpected argument \"%s\" with --batch",
			     argv[optind]);
		goto usage;
	}
	status = run(&s, batch, argc - optind, argv + optind);
	session_close(&s);
	return finish(status);

usage:
	report_print(stderr, NULL, &r);
	return r.status;
}
