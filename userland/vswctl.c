// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: control vsw virtual switches.
 *
 *	vswctl [OPTIONS] OBJECT COMMAND ...
 *	vswctl [OPTIONS] -b FILE|-
 *	vswctl [OPTIONS]		(a summary of every switch)
 *
 * main() handles the global options (options.c); session.c runs one
 * command or the lines of a batch file, cmd.c parses and runs one command.
 * The netlink socket is opened once, when the first command that needs it
 * has parsed, and serves every line of a batch; with -n it is opened in
 * that network namespace, entered first.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/vsw.h>

#include "cluster.h"
#include "cmd.h"
#include "options.h"
#include "report.h"
#include "save.h"
#include "session.h"

#define NETNS_RUN_DIR	"/var/run/netns"

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

	if (!batch && !argc) {
		if (session_summary(s, &r)) {
			report_print(stderr, NULL, &r);
			return r.status;
		}
		return EXIT_SUCCESS;
	}
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

/* "/var/run/netns/NAME", as "ip -n NAME"; a NETNS with '/' is a path. */
static int enter_netns(const char *netns, struct report *r)
{
	char path[4096];
	int fd;

	if (!*netns) {
		report_usage(r, "invalid network namespace name \"\"");
		return -1;
	}
	if (strchr(netns, '/'))
		snprintf(path, sizeof(path), "%s", netns);
	else
		snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, netns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		report_errno(r, errno, "cannot open",
			     "network namespace \"%s\"", netns);
		return -1;
	}
	if (setns(fd, CLONE_NEWNET)) {
		report_errno(r, errno, "cannot enter",
			     "network namespace \"%s\"", netns);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* The loaded module's version, as MODULE_VERSION gave it. */
static void module_version(char *buf, size_t size)
{
	FILE *f = fopen("/sys/module/vsw/version", "r");
	size_t n;

	if (!f) {
		snprintf(buf, size, access("/sys/module/vsw", F_OK) ?
			 "module not loaded" : "module version unknown");
		return;
	}
	n = snprintf(buf, size, "module ");
	if (!fgets(buf + n, size - n, f))
		snprintf(buf, size, "module version unknown");
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

int main(int argc, char **argv)
{
	char modver[128];
	struct options o;
	struct session s;
	struct report r;
	char **args;
	int status;

	args = calloc(argc, sizeof(*args));
	if (!args) {
		report_errno(&r, ENOMEM, NULL, "vswctl");
		goto usage;
	}
	if (options_parse(argc, argv, &o, args, &r))
		goto usage;
	if (o.help) {
		free(args);
		cmd_help(stdout, NULL);
		return finish(EXIT_SUCCESS);
	}
	if (o.version) {
		free(args);
		module_version(modver, sizeof(modver));
		printf("vswctl %s (vsw netlink family version %d), %s\n",
		       VSWCTL_VERSION, VSW_GENL_VERSION, modver);
		return finish(EXIT_SUCCESS);
	}
	if (o.batch && o.nargs) {
		report_usage(&r, "unexpected argument \"%s\" with --batch",
			     o.args[0]);
		goto usage;
	}
	if (o.force && !o.batch) {
		report_usage(&r, "-force is for batches (-b FILE)");
		goto usage;
	}
	if (o.netns && enter_netns(o.netns, &r))
		goto usage;
	if (o.etcd) {
		status = cluster_main(&o, stdout);
		free(args);
		return finish(status);
	}
	if (o.etcd_settings) {
		report_usage(&r, "--wait and the etcd settings need --etcd URL");
		goto usage;
	}

	session_init(&s, stdout, o.json);
	s.out.pretty = o.pretty;
	s.force = o.force;
	status = run(&s, o.batch, o.nargs, o.args);
	session_close(&s);
	free(args);
	return finish(status);

usage:
	free(args);
	report_print(stderr, NULL, &r);
	return r.status;
}
