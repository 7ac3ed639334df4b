// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/sflowd/config.c: the command line of vsw-sflowd,
 * its defaults, and the exact one-line error of every refusal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(everything),
		cmocka_unit_test(help_version),
		cmocka_unit_test(refusals),
		cmocka_unit_test(too_many_collectors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
