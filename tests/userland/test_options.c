// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/options.c: vswctl's global options, parsed as
 * iproute2 parses ip's. No kernel needed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "options.h"
#include "report.h"

#define MAXW	16

/* Parse the words after "vswctl"; returns what options_parse() does. */
static int parse(struct options *o, char **args, struct report *r, ...)
{
	/* Static: o->args and the values point into it. */
	static char *argv[MAXW + 1];
	const char *w;
	int argc = 1;
	va_list ap;

	argv[0] = "vswctl";
	va_start(ap, r);
	while ((w = va_arg(ap, const char *)) && argc < MAXW)
		argv[argc++] = (char *)w;
	va_end(ap);
	return options_parse(argc, argv, o, args, r);
}

#define PARSE(o, r, ...)	parse(o, args, r, __VA_ARGS__, NULL)

static void spellings(void **state)
{
	char *args[MAXW];
	struct options o;
	struct report r;

	(void)state;
	assert_int_equal(PARSE(&o, &r, "-j", "-p", "switch", "show"), 0);
	assert_true(o.json && o.pretty && !o.force);
	assert_int_equal(o.nargs, 2);
	assert_string_equal(o.args[0], "switch");
	assert_int_equal(PARSE(&o, &r, "-json", "-pretty", "-netns", "h1"), 0);
	assert_true(o.json && o.pretty);
	assert_string_equal(o.netns, "h1");
	assert_int_equal(o.nargs, 0);
	assert_int_equal(PARSE(&o, &r, "--json", "--netns", "h2", "-n", "h3"), 0);
	assert_string_equal(o.netns, "h3");
	/* Unique prefixes of long names, as ip takes them. */
	assert_int_equal(PARSE(&o, &r, "-pr", "-js", "-fo", "-ba", "f"), 0);
	assert_true(o.json && o.pretty && o.force);
	assert_string_equal(o.batch, "f");
	assert_int_equal(PARSE(&o, &r, "-force", "-b", "-"), 0);
	assert_true(o.force);
	assert_string_equal(o.batch, "-");
	assert_int_equal(PARSE(&o, &r, "-V"), 0);
	assert_true(o.version);
	assert_int_equal(PARSE(&o, &r, "--help"), 0);
	assert_true(o.help);
}

/* vswctl --etcd: vswd's setting names, never abbreviated. */
static void etcd_settings(void **state)
{
	char *args[MAXW];
	struct options o;
	struct report r;

	(void)state;
	assert_int_equal(PARSE(&o, &r, "--etcd", "http://e:2379", "--prefix",
			       "/p/", "-pre", "--key", "k", "--wait", "status"),
			 0);
	assert_string_equal(o.etcd, "http://e:2379");
	assert_string_equal(o.etcd_opt[OPTIONS_PREFIX], "/p/");
	assert_string_equal(o.etcd_opt[OPTIONS_KEY], "k");
	assert_null(o.etcd_opt[OPTIONS_CERT]);
	/* "-pre" is -pretty still: --prefix is never abbreviated */
	assert_true(o.pretty && o.wait && o.etcd_settings);
	assert_int_equal(o.nargs, 1);
	assert_int_equal(PARSE(&o, &r, "-cacert", "ca", "-user", "u",
			       "--password-file", "f", "-cert", "c"), 0);
	assert_string_equal(o.etcd_opt[OPTIONS_CACERT], "ca");
	assert_string_equal(o.etcd_opt[OPTIONS_USER], "u");
	assert_string_equal(o.etcd_opt[OPTIONS_PASSWORD_FILE], "f");
	assert_string_equal(o.etcd_opt[OPTIONS_CERT], "c");
	assert_true(o.etcd_settings && !o.etcd);
	assert_int_equal(PARSE(&o, &r, "-j", "status"), 0);
	assert_false(o.etcd_settings);
	/* no abbreviation: "--et" and "--pas" are unknown */
	assert_int_equal(PARSE(&o, &r, "--et", "x"), -1);
	assert_int_equal(PARSE(&o, &r, "--pas", "x"), -1);
	assert_int_equal(PARSE(&o, &r, "--etcd"), -1);
	assert_non_null(strstr(r.msg, "requires an argument"));
}

static void refusals(void **state)
{
	static const struct {
		const char *w[3];
		const char *msg;
	} cases[] = {
		{ { "-br" }, "unknown option \"-br\" (options are not grouped: \"-b\" is an option of its own)" },
		{ { "-jp", "switch" }, "unknown option \"-jp\" (options are not grouped: \"-j\" is an option of its own)" },
		{ { "-x" }, "unknown option \"-x\"" },
		{ { "--bogus" }, "unknown option \"--bogus\"" },
		{ { "-b" }, "option \"-b\" requires an argument" },
		{ { "-netns" }, "option \"-netns\" requires an argument" },
		{ { "switch", "show", "-n" }, "option \"-n\" requires an argument" },
	};
	char *args[MAXW];
	struct options o;
	struct report r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&r, 0, sizeof(r));
		assert_int_equal(parse(&o, args, &r, cases[i].w[0],
				       cases[i].w[1], cases[i].w[2], NULL), -1);
		assert_int_equal(r.status, VSW_EXIT_USAGE);
		assert_string_equal(r.msg, cases[i].msg);
	}
}

/* After the object only exact spellings are options: "-1" is a value. */
static void values_starting_with_dash(void **state)
{
	char *args[MAXW];
	struct options o;
	struct report r;

	(void)state;
	assert_int_equal(PARSE(&o, &r, "sample", "set", "sw0", "dev", "lo",
			       "rate", "-1", "-j"), 0);
	assert_true(o.json);
	assert_int_equal(o.nargs, 7);
	assert_string_equal(o.args[6], "-1");
	assert_int_equal(PARSE(&o, &r, "switch", "set", "sw0", "ttl", "-br"), 0);
	assert_int_equal(o.nargs, 5);
	assert_string_equal(o.args[4], "-br");
	assert_null(o.batch);
	/* "--" ends the options: "-j" is then a name. */
	assert_int_equal(PARSE(&o, &r, "switch", "add", "--", "-j"), 0);
	assert_false(o.json);
	assert_int_equal(o.nargs, 3);
	assert_string_equal(o.args[2], "-j");
	/* Options after the command, as before. */
	assert_int_equal(PARSE(&o, &r, "switch", "show", "-p", "--json"), 0);
	assert_true(o.json && o.pretty);
	assert_int_equal(o.nargs, 2);
	/* A lone "-" is a word (stdin for -b). */
	assert_int_equal(PARSE(&o, &r, "policy", "show", "-"), 0);
	assert_int_equal(o.nargs, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spellings),
		cmocka_unit_test(refusals),
		cmocka_unit_test(etcd_settings),
		cmocka_unit_test(values_starting_with_dash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
