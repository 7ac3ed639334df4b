// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/cmd.c and report.c: the command line is parsed
 * into a request, and every usage error is found, without a kernel.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cmd.h"
#include "report.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ARGV(...) ((char *[]){ __VA_ARGS__ })
#define PARSE(req, r, ...) \
	cmd_parse(ARRAY_SIZE(ARGV(__VA_ARGS__)), ARGV(__VA_ARGS__), req, r)

static void parse_switch_add(void **state)
{
	struct request req;
	struct report r;

	(void)state;
	assert_int_equal(PARSE(&req, &r, "switch", "add", "sw0"), 0);
	assert_string_equal(req.obj->name, "switch");
	assert_string_equal(req.cmd->name, "add");
	assert_false(req.help);
	assert_string_equal(req.sw.name, "sw0");
	assert_non_null(req.cmd->run);
}

static void parse_switch_del_show(void **state)
{
	struct request req;
	struct report r;

	(void)state;
	assert_int_equal(PARSE(&req, &r, "switch", "del", "sw1"), 0);
	assert_string_equal(req.cmd->name, "del");
	assert_string_equal(req.sw.name, "sw1");

	assert_int_equal(PARSE(&req, &r, "switch", "show"), 0);
	assert_string_equal(req.cmd->name, "show");
	assert_null(req.sw.name);

	assert_int_equal(PARSE(&req, &r, "switch", "show", "sw2"), 0);
	assert_string_equal(req.cmd->name, "show");
	assert_string_equal(req.sw.name, "sw2");

	/* Like "ip link": an object alone shows. */
	assert_int_equal(PARSE(&req, &r, "switch"), 0);
	assert_string_equal(req.cmd->name, "show");
	assert_null(req.sw.name);
}

/* A name that looks like a command word is still a name. */
static void parse_name_like_keyword(void **state)
{
	struct request req;
	struct report r;

	(void)state;
	assert_int_equal(PARSE(&req, &r, "switch", "add", "show"), 0);
	assert_string_equal(req.sw.name, "show");
	assert_int_equal(PARSE(&req, &r, "switch", "del", "help"), 0);
	assert_string_equal(req.cmd->name, "del");
	assert_string_equal(req.sw.name, "help");
}

static void parse_abbreviations(void **state)
{
	struct request req;
	struct report r;

	(void)state;
	assert_int_equal(PARSE(&req, &r, "sw", "a", "sw0"), 0);
	assert_string_equal(req.cmd->name, "add");
	assert_int_equal(PARSE(&req, &r, "s", "d", "sw0"), 0);
	assert_string_equal(req.cmd->name, "del");
	assert_int_equal(PARSE(&req, &r, "switc", "sh"), 0);
	assert_string_equal(req.cmd->name, "show");
	/* Longer than the word is no abbreviation. */
	assert_int_equal(PARSE(&req, &r, "switches", "show"), -1);
	assert_int_equal(r.status, VSW_EXIT_USAGE);
	assert_int_equal(PARSE(&req, &r, "switch", "adds", "sw0"), -1);
	assert_int_equal(r.status, VSW_EXIT_USAGE);
}

static void parse_help(void **state)
{
	struct request req;
	struct report r;

	(void)state;
	assert_int_equal(PARSE(&req, &r, "help"), 0);
	assert_true(req.help);
	assert_null(req.obj);
	assert_null(req.cmd);

	assert_int_equal(PARSE(&req, &r, "help", "switch"), 0);
	assert_true(req.help);
	assert_string_equal(req.obj->name, "switch");

	assert_int_equal(PARSE(&req, &r, "switch", "help"), 0);
	assert_true(req.help);
	assert_string_equal(req.obj->name, "switch");
	assert_null(req.cmd);

	assert_int_equal(PARSE(&req, &r, "help", "nosuch"), -1);
	assert_int_equal(r.status, VSW_EXIT_USAGE);
	assert_int_equal(PARSE(&req, &r, "help", "switch", "x"), -1);
	assert_int_equal(r.status, VSW_EXIT_USAGE);
	assert_int_equal(PARSE(&req, &r, "switch", "help", "x"), -1);
	assert_int_equal(r.status, VSW_EXIT_USAGE);
}

/* Every usage error: status 2 and a message naming the culprit. */
static void parse_usage_errors(void **state)
{
	static struct {
		int argc;
		char *argv[4];
		const char *msg;
	} cases[] = {
		{ 0, { NULL }, "missing object (try \"vswctl help\")" },
		{ 1, { "bogus" }, "unknown object \"bogus\" (try \"vswctl help\")" },
		{ 1, { "" }, "unknown object \"\" (try \"vswctl help\")" },
		{ 2, { "switch", "frob" },
		  "unknown switch command \"frob\" (try \"vswctl switch help\")" },
		{ 2, { "switch", "add" }, "switch add: missing switch name" },
		{ 2, { "switch", "del" }, "switch del: missing switch name" },
		{ 4, { "switch", "add", "a", "b" },
		  "switch add: unexpected argument \"b\"" },
		{ 4, { "switch", "del", "a", "b" },
		  "switch del: unexpected argument \"b\"" },
		{ 4, { "switch", "show", "a", "b" },
		  "switch show: unexpected argument \"b\"" },
		{ 3, { "switch", "add", "a/b" },
		  "invalid switch name \"a/b\": contains '/'" },
		{ 3, { "switch", "add", "a b" },
		  "invalid switch name \"a b\": contains whitespace" },
		{ 3, { "switch", "del", "a:b" },
		  "invalid switch name \"a:b\": contains ':'" },
		{ 3, { "switch", "add", "" },
		  "invalid switch name \"\": empty name" },
		{ 3, { "switch", "add", ".." },
		  "invalid switch name \"..\": \".\" and \"..\" are not allowed" },
		{ 3, { "switch", "show", "abcdefghijklmnop" },
		  "invalid switch name \"abcdefghijklmnop\": longer than 15 characters" },
	};
	struct request req;
	struct report r;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&r, 0, sizeof(r));
		assert_int_equal(cmd_parse(cases[i].argc, cases[i].argv, &req,
					   &r), -1);
		assert_int_equal(r.status, VSW_EXIT_USAGE);
		assert_string_equal(r.msg, cases[i].msg);
	}
}

static void help_lists_every_command(void **state)
{
	char *buf = NULL;
	size_t len;
	FILE *fp;

	(void)state;
	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	cmd_help(fp, NULL);
	fclose(fp);
	assert_non_null(strstr(buf, "vswctl switch add NAME\n"));
	assert_non_null(strstr(buf, "vswctl switch del NAME\n"));
	assert_non_null(strstr(buf, "vswctl switch show [NAME]\n"));
	assert_non_null(strstr(buf, "--json"));
	assert_non_null(strstr(buf, "--batch"));
	free(buf);

	buf = NULL;
	fp = open_memstream(&buf, &len);
	cmd_help(fp, &(struct object){ "switch", switch_commands, "show" });
	fclose(fp);
	assert_string_equal(buf,
			    "Usage: vswctl switch add NAME\n"
			    "       vswctl switch del NAME\n"
			    "       vswctl switch show [NAME]\n");
	free(buf);
}

/* The exact formats of the one-line errors (see vswctl(8)). */
static void report_formats(void **state)
{
	struct report r;

	(void)state;
	report_errno(&r, 17, "switch already exists", "switch add %s", "sw0");
	assert_int_equal(r.status, VSW_EXIT_FAIL);
	assert_string_equal(r.msg,
			    "switch add sw0: switch already exists (File exists)");

	report_errno(&r, 1, "CAP_NET_ADMIN required", "switch del %s", "sw0");
	assert_string_equal(r.msg,
			    "switch del sw0: CAP_NET_ADMIN required (Operation not permitted)");

	report_errno(&r, 2, NULL, "batch file %s", "x");
	assert_string_equal(r.msg, "batch file x: No such file or directory");

	report_usage(&r, "bad %d", 42);
	assert_int_equal(r.status, VSW_EXIT_USAGE);
	assert_string_equal(r.msg, "bad 42");

	report_fail(&r, "x");
	assert_int_equal(r.status, VSW_EXIT_FAIL);
}

/* Whatever a user or the kernel puts in a message, it stays one line. */
static void report_print_one_line(void **state)
{
	struct report r;
	char *buf = NULL;
	size_t len;
	FILE *fp;

	(void)state;
	fp = open_memstream(&buf, &len);
	report_usage(&r, "invalid switch name \"%s\": x", "a\nb\tc\x1b");
	report_print(fp, NULL, &r);
	report_fail(&r, "boom");
	report_print(fp, "file\n:3", &r);
	fclose(fp);
	assert_string_equal(buf,
			    "vswctl: invalid switch name \"a\\nb\\tc\\x1b\": x\n"
			    "vswctl: file\\n:3: boom\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_switch_add),
		cmocka_unit_test(parse_switch_del_show),
		cmocka_unit_test(parse_name_like_keyword),
		cmocka_unit_test(parse_abbreviations),
		cmocka_unit_test(parse_help),
		cmocka_unit_test(parse_usage_errors),
		cmocka_unit_test(help_lists_every_command),
		cmocka_unit_test(report_formats),
		cmocka_unit_test(report_print_one_line),
	};

	return cmocka_run_group_tests_name("cmd", tests, NULL, NULL);
}
