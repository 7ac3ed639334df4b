/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswctl's global options, parsed as iproute2 parses ip's: each option is
 * a word of its own, with one dash or two ("-j", "-json", "--json"), and
 * a long name may be abbreviated to any unique prefix ("-pr"). Short
 * options are never grouped: "-br" is an unknown option, not "-b r".
 *
 * Before the object every word starting with '-' is an option; after it
 * only the exact spellings of the options are, so that a value may start
 * with '-' ("rate -1" is a range error of "rate", not an option). "--"
 * ends the options anywhere. Pure: no I/O, so the rules are unit tested
 * (tests/userland/test_options.c).
 */
#ifndef VSWCTL_OPTIONS_H
#define VSWCTL_OPTIONS_H

#include <stdbool.h>

struct report;

enum options_etcd {
	OPTIONS_PREFIX, OPTIONS_CACERT, OPTIONS_CERT, OPTIONS_KEY,
	OPTIONS_USER, OPTIONS_PASSWORD_FILE,
};

struct options {
	bool json, pretty, force, help, version;
	const char *batch;	/* -b FILE, or NULL */
	const char *netns;	/* -n NETNS, or NULL */
	/*
	 * --etcd URL[,URL...] and the etcd settings named as vswd's
	 * (--prefix, --cacert, --cert, --key, --user, --password-file):
	 * vswctl then reads and writes etcd (cluster.h), not the kernel.
	 * These are never abbreviated ("-pr" stays -pretty).
	 */
	const char *etcd;
	const char *etcd_opt[6];	/* enum options_etcd */
	bool wait;			/* --wait: until every host has it */
	bool etcd_settings;		/* one of these, or --wait, given */
	/* The words that are not options, in order (point into argv). */
	char **args;
	int nargs;
};

/*
 * Parse argv[1..argc-1] into @o; @o->args is allocated by the caller with
 * room for @argc pointers. Returns 0, or -1 with a usage error in @r.
 */
int options_parse(int argc, char **argv, struct options *o, char **args,
		  struct report *r);

#endif /* VSWCTL_OPTIONS_H */
