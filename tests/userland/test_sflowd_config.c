// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/sflowd/config.c: the command line of vsw-sflowd,
 * its configuration file (-f), their defaults, and the exact one-line
 * error of every refusal (FILE:LINE: for the file).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "config.h"

static char err[512];

/* Parse a NULL-terminated list of arguments after the program name. */
static enum config_result parse(struct config *c, ...)
{
	char *argv[32] = { "vsw-sflowd" };
	int argc = 1;
	va_list ap;

	va_start(ap, c);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	err[0] = '\0';
	return config_parse(argc, argv, c, err, sizeof(err));
}

static const char *addr(const struct sockaddr_in *s)
{
	static char buf[64];
	char a[INET_ADDRSTRLEN];

	snprintf(buf, sizeof(buf), "%s:%u",
		 inet_ntop(AF_INET, &s->sin_addr, a, sizeof(a)),
		 ntohs(s->sin_port));
	return buf;
}

static void defaults(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(parse(&c, NULL), CONFIG_OK);
	assert_int_equal(c.ncollectors, 1);
	assert_string_equal(addr(&c.collectors[0]), "127.0.0.1:6343");
	assert_false(c.has_agent);
	assert_int_equal(c.group, 1);
	assert_int_equal(c.poll, 20);
	assert_false(c.verbose);
	assert_false(c.has_listen);
}

static void everything(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(parse(&c, "-c", "192.0.2.1", "-c", "192.0.2.2:9999",
			       "--collector=localhost:7000", "-a", "10.1.2.3",
			       "-g", "7", "-p", "2", "-v", NULL), CONFIG_OK);
	assert_int_equal(c.ncollectors, 3);
	assert_string_equal(addr(&c.collectors[0]), "192.0.2.1:6343");
	assert_string_equal(addr(&c.collectors[1]), "192.0.2.2:9999");
	assert_string_equal(addr(&c.collectors[2]), "127.0.0.1:7000");
	assert_true(c.has_agent);
	assert_string_equal(inet_ntoa(c.agent), "10.1.2.3");
	assert_int_equal(c.group, 7);
	assert_int_equal(c.poll, 2);
	assert_true(c.verbose);
	assert_int_equal(parse(&c, "-g", "0x10", "-g", "4294967295", NULL),
			 CONFIG_OK);
	assert_int_equal(c.group, 4294967295U);
	assert_int_equal(parse(&c, "-p", "3600", NULL), CONFIG_OK);
	assert_int_equal(parse(&c, "-l", "127.0.0.1:9343", NULL), CONFIG_OK);
	assert_true(c.has_listen);
	assert_string_equal(addr(&c.listen), "127.0.0.1:9343");
	assert_int_equal(parse(&c, "--listen=0.0.0.0:80", NULL), CONFIG_OK);
	assert_string_equal(addr(&c.listen), "0.0.0.0:80");
}

static void help_version(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(parse(&c, "-h", NULL), CONFIG_HELP);
	assert_int_equal(parse(&c, "--version", NULL), CONFIG_VERSION);
}

static const struct {
	const char *args[4];
	const char *err;
} bad[] = {
	{ { "-c", "192.0.2.1:0" },
	  "invalid collector \"192.0.2.1:0\": bad port \"0\" (1-65535)" },
	{ { "-c", "192.0.2.1:65536" },
	  "invalid collector \"192.0.2.1:65536\": bad port \"65536\" (1-65535)" },
	{ { "-c", "192.0.2.1:" },
	  "invalid collector \"192.0.2.1:\": bad port \"\" (1-65535)" },
	{ { "-c", "192.0.2.1:http" },
	  "invalid collector \"192.0.2.1:http\": bad port \"http\" (1-65535)" },
	{ { "-c", ":6343" }, "invalid collector \":6343\": missing host" },
	{ { "-c", "" }, "invalid collector \"\": missing host" },
	{ { "-c", "192.0.2.256" },
	  "invalid collector \"192.0.2.256\": not an IPv4 address" },
	{ { "-c", "192.0.2:80" },
	  "invalid collector \"192.0.2:80\": not an IPv4 address" },
	{ { "-c", "a b" },
	  "invalid collector \"a b\": not an IPv4 address or host name" },
	{ { "-c", "::1" },
	  "invalid collector \"::1\": IPv6 collectors are not supported" },
	{ { "-c", "[2001:db8::1]:6343" },
	  "invalid collector \"[2001:db8::1]:6343\": IPv6 collectors are not supported" },
	{ { "-c", "0.0.0.0" },
	  "invalid collector \"0.0.0.0\": not a unicast address" },
	{ { "-c", "224.0.0.1" },
	  "invalid collector \"224.0.0.1\": not a unicast address" },
	{ { "-a", "10.0.0" },
	  "invalid agent address \"10.0.0\": not a unicast IPv4 address" },
	{ { "-a", "0.0.0.0" },
	  "invalid agent address \"0.0.0.0\": not a unicast IPv4 address" },
	{ { "-a", "fe80::1" },
	  "invalid agent address \"fe80::1\": not a unicast IPv4 address" },
	{ { "-l", "9343" },
	  "invalid listen address \"9343\": ADDR:PORT expected (ADDR an IPv4 address)" },
	{ { "-l", ":9343" },
	  "invalid listen address \":9343\": ADDR:PORT expected (ADDR an IPv4 address)" },
	{ { "-l", "localhost:9343" },
	  "invalid listen address \"localhost:9343\": \"localhost\" is not an IPv4 address of this host" },
	{ { "-l", "224.0.0.1:9343" },
	  "invalid listen address \"224.0.0.1:9343\": \"224.0.0.1\" is not an IPv4 address of this host" },
	{ { "-l", "127.0.0.1:0" },
	  "invalid listen address \"127.0.0.1:0\": bad port \"0\" (1-65535)" },
	{ { "-l", "127.0.0.1:65536" },
	  "invalid listen address \"127.0.0.1:65536\": bad port \"65536\" (1-65535)" },
	{ { "-g", "-1" }, "invalid group \"-1\": out of range (negative)" },
	{ { "-g", "4294967296" }, "invalid group \"4294967296\": out of range" },
	{ { "-p", "0" },
	  "invalid polling interval \"0\": out of range (1-3600 seconds)" },
	{ { "-p", "3601" },
	  "invalid polling interval \"3601\": out of range (1-3600 seconds)" },
	{ { "-p", "2s" },
	  "invalid polling interval \"2s\": out of range (1-3600 seconds)" },
	{ { "-x" }, "unknown option \"-x\"" },
	{ { "--bogus" }, "unknown option \"--bogus\"" },
	{ { "-c" }, "option \"-c\" requires an argument" },
	{ { "collector" }, "unexpected argument \"collector\"" },
};

static void refusals(void **state)
{
	struct config c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *const *a = bad[i].args;
		enum config_result r = parse(&c, a[0], a[1], a[2], a[3], NULL);

		if (r != CONFIG_ERROR || strcmp(err, bad[i].err))
			fail_msg("%s %s: result %d, error \"%s\", want \"%s\"",
				 a[0], a[1] ? a[1] : "", r, err, bad[i].err);
	}
}

static void too_many_collectors(void **state)
{
	char *argv[2 + 2 * (CONFIG_COLLECTORS_MAX + 1)] = { "vsw-sflowd" };
	struct config c;
	int i, argc = 1;

	(void)state;
	for (i = 0; i <= CONFIG_COLLECTORS_MAX; i++) {
		argv[argc++] = "-c";
		argv[argc++] = "192.0.2.1";
	}
	assert_int_equal(config_parse(argc, argv, &c, err, sizeof(err)),
			 CONFIG_ERROR);
	assert_string_equal(err, "too many collectors (at most 8)");
}

/* A configuration file with @text, parsed by "vsw-sflowd -f FILE ARGS..." */
static char conf_path[64];

static enum config_result parse_file(struct config *c, const char *text,
				     const char *arg1, const char *arg2)
{
	char *argv[6] = { "vsw-sflowd", "-f", conf_path };
	int argc = 3, fd;

	strcpy(conf_path, "/tmp/test_sflowd_config.XXXXXX");
	fd = mkstemp(conf_path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	if (arg1)
		argv[argc++] = (char *)arg1;
	if (arg2)
		argv[argc++] = (char *)arg2;
	err[0] = '\0';
	return config_parse(argc, argv, c, err, sizeof(err));
}

static void file_everything(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(parse_file(&c,
		"# vsw-sflowd\n"
		"\n"
		"collector 192.0.2.1\t# the first\n"
		"  collector\t192.0.2.2:9999  \n"
		"agent 10.1.2.3\n"
		"group 7\n"
		"polling 2\n"
		"listen 127.0.0.1:9343\n"
		"collector localhost:7000", NULL, NULL), CONFIG_OK);
	unlink(conf_path);
	assert_true(c.has_listen);
	assert_string_equal(addr(&c.listen), "127.0.0.1:9343");
	assert_int_equal(c.ncollectors, 3);
	assert_string_equal(addr(&c.collectors[0]), "192.0.2.1:6343");
	assert_string_equal(addr(&c.collectors[1]), "192.0.2.2:9999");
	assert_string_equal(addr(&c.collectors[2]), "127.0.0.1:7000");
	assert_true(c.has_agent);
	assert_string_equal(inet_ntoa(c.agent), "10.1.2.3");
	assert_int_equal(c.group, 7);
	assert_int_equal(c.poll, 2);

	/* Empty, or only comments: the defaults. */
	assert_int_equal(parse_file(&c, "# nothing\n\n   \n", NULL, NULL),
			 CONFIG_OK);
	unlink(conf_path);
	assert_int_equal(c.ncollectors, 1);
	assert_string_equal(addr(&c.collectors[0]), "127.0.0.1:6343");
	assert_int_equal(c.poll, 20);
	assert_false(c.has_agent);
}

static void file_command_line_wins(void **state)
{
	struct config c;

	(void)state;
	/* -c replaces the file's collectors; -p its polling; the rest stays. */
	assert_int_equal(parse_file(&c, "collector 192.0.2.1\ncollector 192.0.2.2\n"
				    "polling 30\ngroup 5\n", "-c", "192.0.2.9"),
			 CONFIG_OK);
	unlink(conf_path);
	assert_int_equal(c.ncollectors, 1);
	assert_string_equal(addr(&c.collectors[0]), "192.0.2.9:6343");
	assert_int_equal(c.poll, 30);
	assert_int_equal(c.group, 5);
	assert_int_equal(parse_file(&c, "polling 30\n", "-p", "5"), CONFIG_OK);
	unlink(conf_path);
	assert_int_equal(c.poll, 5);
	assert_int_equal(parse_file(&c, "listen 127.0.0.1:1\n", "-l",
				    "127.0.0.2:2"), CONFIG_OK);
	unlink(conf_path);
	assert_string_equal(addr(&c.listen), "127.0.0.2:2");
	/* A bad line is refused even when the command line overrides it. */
	assert_int_equal(parse_file(&c, "polling 0\n", "-p", "5"),
			 CONFIG_ERROR);
	unlink(conf_path);
}

static const struct {
	const char *text;
	const char *err;	/* after "FILE:" */
} bad_files[] = {
	{ "collector 192.0.2.1:99999\n",
	  "1: invalid collector \"192.0.2.1:99999\": bad port \"99999\" (1-65535)" },
	{ "# a comment\n\ncollector\n",
	  "3: \"collector\" needs a value" },
	{ "polling 20 30\n", "1: unexpected \"30\" after \"polling 20\"" },
	{ "polling 0\n",
	  "1: invalid polling interval \"0\": out of range (1-3600 seconds)" },
	{ "polling 20\npolling 30\n", "2: \"polling\" given twice" },
	{ "agent 10.0.0.1\nagent 10.0.0.2\n", "2: \"agent\" given twice" },
	{ "agent 300.1.1.1\n",
	  "1: invalid agent address \"300.1.1.1\": not a unicast IPv4 address" },
	{ "group one\n", "1: invalid group \"one\": not a number" },
	{ "listen 127.0.0.1\n",
	  "1: invalid listen address \"127.0.0.1\": ADDR:PORT expected (ADDR an IPv4 address)" },
	{ "listen 127.0.0.1:1\nlisten 127.0.0.1:2\n", "2: \"listen\" given twice" },
	{ "poll 20\n",
	  "1: unknown keyword \"poll\" (collector, agent, group, polling, listen)" },
	{ "sflow {\n",
	  "1: unknown keyword \"sflow\" (collector, agent, group, polling, listen)" },
	{ "polling=20\n",
	  "1: unknown keyword \"polling=20\" (collector, agent, group, polling, listen)" },
	{ "collector 192.0.2.1\ncollector 192.0.2.1\ncollector 192.0.2.1\n"
	  "collector 192.0.2.1\ncollector 192.0.2.1\ncollector 192.0.2.1\n"
	  "collector 192.0.2.1\ncollector 192.0.2.1\ncollector 192.0.2.1\n",
	  "9: too many collectors (at most 8)" },
};

static void file_refusals(void **state)
{
	char want[600], line[1100];
	struct config c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_files) / sizeof(bad_files[0]); i++) {
		enum config_result r = parse_file(&c, bad_files[i].text, NULL,
						  NULL);

		snprintf(want, sizeof(want), "%s:%s", conf_path, bad_files[i].err);
		unlink(conf_path);
		if (r != CONFIG_ERROR || strcmp(err, want))
			fail_msg("file \"%s\": result %d, error \"%s\", want \"%s\"",
				 bad_files[i].text, r, err, want);
	}
	/* A line too long is refused, not cut in two. */
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	memcpy(line, "agent ", 6);
	assert_int_equal(parse_file(&c, line, NULL, NULL), CONFIG_ERROR);
	snprintf(want, sizeof(want), "%s:1: line longer than 1024 characters",
		 conf_path);
	unlink(conf_path);
	assert_string_equal(err, want);
	/* No file. */
	assert_int_equal(parse(&c, "-f", "/nonexistent/sflowd.conf", NULL),
			 CONFIG_ERROR);
	assert_string_equal(err, "cannot read /nonexistent/sflowd.conf: No such file or directory");
	assert_int_equal(parse(&c, "-f", "a", "-f", "b", NULL), CONFIG_ERROR);
	assert_string_equal(err, "-f given twice");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(everything),
		cmocka_unit_test(help_version),
		cmocka_unit_test(refusals),
		cmocka_unit_test(too_many_collectors),
		cmocka_unit_test(file_everything),
		cmocka_unit_test(file_command_line_wins),
		cmocka_unit_test(file_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
