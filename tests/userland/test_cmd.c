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

#include <linux/vsw.h>

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
	assert_int_equal(PARSE(&req, &r, "sw", "d", "sw0"), 0);
	assert_string_equal(req.cmd->name, "del");
	assert_int_equal(PARSE(&req, &r, "po", "a", "sw0", "dev", "lo", "vsid",
			       "5001", "mac", "02:00:00:00:00:01"), -1);
	assert_string_equal(r.msg, "ambiguous object \"po\" (port, policy)");
	assert_int_equal(PARSE(&req, &r, "pol", "r", "sw0", "vsid", "5001",
			       "ca", "10.0.0.5", "mac", "02:00:00:00:00:01",
			       "pa", "192.168.4.11"), 0);
	assert_string_equal(req.cmd->name, "replace");
	assert_int_equal(PARSE(&req, &r, "mon"), 0);
	assert_string_equal(req.obj->name, "monitor");
	/* "s" was "switch" until "stats" came: scripts must spell out. */
	assert_int_equal(PARSE(&req, &r, "s", "d", "sw0"), -1);
	assert_string_equal(r.msg, "ambiguous object \"s\" (switch, stats, sample, save)");
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
	assert_non_null(strstr(buf, "vswctl switch set NAME [flowid hash|zero] [ttl N] [tos inherit|N] [policy-max N] [router-mac MAC] [hold-max N] [hold-timeout MS]\n"));
	assert_non_null(strstr(buf, "vswctl uplink set NAME dev DEV pa ADDR [pa ADDR]\n"));
	assert_non_null(strstr(buf, "\nADDR is an IPv4 or an IPv6 address.\n"));
	assert_non_null(strstr(buf, "vswctl uplink del NAME\n"));
	assert_non_null(strstr(buf, "vswctl port add NAME dev DEV vsid VSID mac MAC\n"));
	assert_non_null(strstr(buf, "vswctl port del NAME dev DEV\n"));
	assert_non_null(strstr(buf, "vswctl port show NAME\n"));
	assert_non_null(strstr(buf, "vswctl policy add NAME vsid VSID ca ADDR mac MAC pa ADDR\n"));
	assert_non_null(strstr(buf, "vswctl policy replace NAME vsid VSID ca ADDR mac MAC pa ADDR\n"));
	assert_non_null(strstr(buf, "vswctl policy del NAME vsid VSID ca ADDR\n"));
	assert_non_null(strstr(buf, "vswctl policy show NAME [vsid VSID]\n"));
	assert_non_null(strstr(buf, "vswctl stats show NAME [dev DEV] [-r|--rate [SECONDS] [count N]]\n"));
	assert_non_null(strstr(buf, "vswctl monitor [NAME]\n"));
	assert_non_null(strstr(buf, "vswctl route add NAME rdid N vsid VSID prefix ADDR/LEN [nexthop ADDR]\n"));
	assert_non_null(strstr(buf, "vswctl route del NAME rdid N prefix ADDR/LEN\n"));
	assert_non_null(strstr(buf, "vswctl route show NAME [rdid N]\n"));
	assert_non_null(strstr(buf, "vswctl uplink show [NAME]\n"));
	assert_non_null(strstr(buf, "vswctl save [NAME]\n"));
	assert_non_null(strstr(buf, "-j, -json"));
	assert_non_null(strstr(buf, "-p, -pretty"));
	assert_non_null(strstr(buf, "-n, -netns NETNS"));
	assert_non_null(strstr(buf, "-b, -batch FILE"));
	assert_non_null(strstr(buf, "-force"));
	free(buf);

	buf = NULL;
	fp = open_memstream(&buf, &len);
	cmd_help(fp, &(struct object){ "switch", switch_commands, "show",
					false, NULL });
	fclose(fp);
	assert_string_equal(buf,
			    "Usage: vswctl switch add NAME\n"
			    "       vswctl switch del NAME\n"
			    "       vswctl switch set NAME [flowid hash|zero] [ttl N] [tos inherit|N] [policy-max N] [router-mac MAC] [hold-max N] [hold-timeout MS]\n"
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

static void parse_switch_set(void **state)
{
	struct request req;
	struct report r;

	(void)state;
	assert_int_equal(PARSE(&req, &r, "switch", "set", "sw0", "ttl", "32"),
			 0);
	assert_string_equal(req.cmd->name, "set");
	assert_string_equal(req.sw.name, "sw0");
	assert_int_equal(req.sw.set, SWITCH_SET_TTL);
	assert_int_equal(req.sw.ttl, 32);

	/* Any order, all four. */
	assert_int_equal(PARSE(&req, &r, "switch", "set", "sw0", "tos",
			       "inherit", "policy-max", "16777216", "flowid",
			       "zero", "ttl", "255"), 0);
	assert_int_equal(req.sw.set, SWITCH_SET_FLOWID | SWITCH_SET_TTL |
				     SWITCH_SET_TOS | SWITCH_SET_POLICY_MAX);
	assert_int_equal(req.sw.flowid, VSW_FLOWID_ZERO);
	assert_int_equal(req.sw.ttl, 255);
	assert_int_equal(req.sw.tos, VSW_TOS_INHERIT);
	assert_int_equal(req.sw.policy_max, VSW_POLICY_MAX_LIMIT);

	/* The hold queue: 0 turns it off; the limits are accepted. */
	assert_int_equal(PARSE(&req, &r, "switch", "set", "sw0", "hold-max",
			       "0", "hold-timeout", "60000"), 0);
	assert_int_equal(req.sw.set,
			 SWITCH_SET_HOLD_MAX | SWITCH_SET_HOLD_TIMEOUT);
	assert_int_equal(req.sw.hold_max, 0);
	assert_int_equal(req.sw.hold_timeout, VSW_HOLD_TIMEOUT_MAX);
	assert_int_equal(PARSE(&req, &r, "switch", "set", "sw0", "hold-max",
			       "1024", "hold-timeout", "1"), 0);
	assert_int_equal(req.sw.hold_max, VSW_HOLD_MAX_LIMIT);
	assert_int_equal(req.sw.hold_timeout, 1);

	assert_int_equal(PARSE(&req, &r, "switch", "set", "sw0", "flowid",
			       "hash", "tos", "0x10"), 0);
	assert_int_equal(req.sw.set, SWITCH_SET_FLOWID | SWITCH_SET_TOS);
	assert_int_equal(req.sw.flowid, VSW_FLOWID_HASH);
	assert_int_equal(req.sw.tos, 0x10);
	assert_int_equal(PARSE(&req, &r, "switch", "set", "sw0", "policy-max",
			       "1"), 0);
	assert_int_equal(req.sw.policy_max, 1);
}

/* 2001:db8::b */
#define V6_DB8_B "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x0b"

static void parse_uplink(void **state)
{
	struct request req;
	struct report r;

	(void)state;
	/* "lo" exists in every network namespace, with ifindex 1. */
	assert_int_equal(PARSE(&req, &r, "uplink", "set", "sw0", "pa",
			       "192.168.4.11", "dev", "lo"), 0);
	assert_string_equal(req.obj->name, "uplink");
	assert_string_equal(req.cmd->name, "set");
	assert_string_equal(req.up.name, "sw0");
	assert_string_equal(req.up.dev, "lo");
	assert_int_equal(req.up.ifindex, 1);
	assert_int_equal(req.up.npa, 1);
	assert_int_equal(req.up.pa[0].family, AF_INET);
	assert_memory_equal(&req.up.pa[0].v4, "\xc0\xa8\x04\x0b", 4);

	/* An IPv6 PA alone, or one of each family in any order. */
	assert_int_equal(PARSE(&req, &r, "uplink", "set", "sw0", "dev", "lo",
			       "pa", "2001:db8::b"), 0);
	assert_int_equal(req.up.npa, 1);
	assert_int_equal(req.up.pa[0].family, AF_INET6);
	assert_memory_equal(&req.up.pa[0].v6, V6_DB8_B, 16);
	assert_int_equal(PARSE(&req, &r, "uplink", "set", "sw0", "pa",
			       "2001:db8::b", "dev", "lo", "pa",
			       "192.168.4.11"), 0);
	assert_int_equal(req.up.npa, 2);
	assert_int_equal(req.up.pa[0].family, AF_INET6);
	assert_memory_equal(&req.up.pa[0].v6, V6_DB8_B, 16);
	assert_int_equal(req.up.pa[1].family, AF_INET);
	assert_memory_equal(&req.up.pa[1].v4, "\xc0\xa8\x04\x0b", 4);
	assert_int_equal(PARSE(&req, &r, "uplink", "set", "sw0", "pa",
			       "192.168.4.11", "pa", "2001:db8::b", "dev",
			       "lo"), 0);
	assert_int_equal(req.up.npa, 2);
	assert_int_equal(req.up.pa[0].family, AF_INET);
	assert_int_equal(req.up.pa[1].family, AF_INET6);

	assert_int_equal(PARSE(&req, &r, "uplink", "del", "sw0"), 0);
	assert_string_equal(req.cmd->name, "del");
	assert_string_equal(req.up.name, "sw0");
	assert_non_null(req.cmd->run);
}

static void parse_port(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x05 };
	struct request req;
	struct report r;

	(void)state;
	assert_int_equal(PARSE(&req, &r, "port", "add", "sw0", "mac",
			       "02:00:00:00:00:05", "vsid", "5001", "dev", "lo"),
			 0);
	assert_string_equal(req.cmd->name, "add");
	assert_string_equal(req.port.name, "sw0");
	assert_string_equal(req.port.dev, "lo");
	assert_int_equal(req.port.ifindex, 1);
	assert_int_equal(req.port.vsid, 5001);
	assert_memory_equal(req.port.mac, mac, 6);

	assert_int_equal(PARSE(&req, &r, "port", "del", "sw0", "dev", "lo"), 0);
	assert_string_equal(req.cmd->name, "del");
	assert_int_equal(req.port.ifindex, 1);

	assert_int_equal(PARSE(&req, &r, "port", "show", "sw0"), 0);
	assert_string_equal(req.cmd->name, "show");
	assert_string_equal(req.port.name, "sw0");
}

static void parse_policy(void **state)
{
	static const uint8_t mac[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct request req;
	struct report r;

	(void)state;
	assert_int_equal(PARSE(&req, &r, "policy", "add", "sw0", "vsid", "5001",
			       "ca", "10.0.0.5", "mac", "00:11:22:33:44:55",
			       "pa", "192.168.4.11"), 0);
	assert_string_equal(req.cmd->name, "add");
	assert_non_null(req.cmd->queue);
	assert_null(req.cmd->run);
	assert_string_equal(req.pol.name, "sw0");
	assert_int_equal(req.pol.rec.vsid, 5001);
	assert_int_equal(req.pol.rec.ca.family, AF_INET);
	assert_memory_equal(&req.pol.rec.ca.v4, "\x0a\x00\x00\x05", 4);
	assert_memory_equal(req.pol.rec.mac, mac, 6);
	assert_int_equal(req.pol.rec.pa.family, AF_INET);
	assert_memory_equal(&req.pol.rec.pa.v4, "\xc0\xa8\x04\x0b", 4);

	/* Either address may be IPv6, independently of the other. */
	assert_int_equal(PARSE(&req, &r, "policy", "add", "sw0", "vsid", "5001",
			       "ca", "2001:db8::b", "mac", "00:11:22:33:44:55",
			       "pa", "192.168.4.11"), 0);
	assert_int_equal(req.pol.rec.ca.family, AF_INET6);
	assert_memory_equal(&req.pol.rec.ca.v6, V6_DB8_B, 16);
	assert_int_equal(req.pol.rec.pa.family, AF_INET);
	assert_int_equal(PARSE(&req, &r, "policy", "replace", "sw0", "vsid",
			       "5001", "ca", "10.0.0.5", "mac",
			       "00:11:22:33:44:55", "pa", "2001:db8::b"), 0);
	assert_int_equal(req.pol.rec.ca.family, AF_INET);
	assert_int_equal(req.pol.rec.pa.family, AF_INET6);
	assert_memory_equal(&req.pol.rec.pa.v6, V6_DB8_B, 16);
	assert_int_equal(PARSE(&req, &r, "policy", "del", "sw0", "vsid", "5001",
			       "ca", "2001:DB8:0::B"), 0);
	assert_int_equal(req.pol.rec.ca.family, AF_INET6);
	assert_memory_equal(&req.pol.rec.ca.v6, V6_DB8_B, 16);

	assert_int_equal(PARSE(&req, &r, "policy", "replace", "sw0", "pa",
			       "192.168.4.22", "mac", "00:11:22:33:44:55",
			       "ca", "10.0.0.5", "vsid", "6001"), 0);
	assert_string_equal(req.cmd->name, "replace");
	assert_non_null(req.cmd->queue);
	assert_int_equal(req.pol.rec.vsid, 6001);
	assert_memory_equal(&req.pol.rec.pa.v4, "\xc0\xa8\x04\x16", 4);

	assert_int_equal(PARSE(&req, &r, "policy", "del", "sw0", "ca",
			       "10.0.0.7", "vsid", "5001"), 0);
	assert_string_equal(req.cmd->name, "del");
	assert_non_null(req.cmd->queue);
	assert_int_equal(req.pol.rec.vsid, 5001);
	assert_memory_equal(&req.pol.rec.ca.v4, "\x0a\x00\x00\x07", 4);

	assert_int_equal(PARSE(&req, &r, "policy", "show", "sw0"), 0);
	assert_string_equal(req.cmd->name, "show");
	assert_false(req.pol.has_vsid);
	assert_int_equal(PARSE(&req, &r, "policy", "show", "sw0", "vsid",
			       "6001"), 0);
	assert_true(req.pol.has_vsid);
	assert_int_equal(req.pol.rec.vsid, 6001);

	/* Like "ip link": an object alone shows; but show needs a name. */
	assert_int_equal(PARSE(&req, &r, "policy"), -1);
	assert_string_equal(r.msg, "policy show: missing switch name");
}

static void parse_route(void **state)
{
	struct request req;
	struct report r;

	(void)state;
	assert_int_equal(PARSE(&req, &r, "route", "add", "sw0", "rdid", "1",
			       "vsid", "5001", "prefix", "10.0.0.0/24"), 0);
	assert_string_equal(req.obj->name, "route");
	assert_string_equal(req.cmd->name, "add");
	/* Not packed in batches: each is a request of its own. */
	assert_non_null(req.cmd->run);
	assert_null(req.cmd->queue);
	assert_string_equal(req.route.name, "sw0");
	assert_int_equal(req.route.rec.rdid, 1);
	assert_int_equal(req.route.rec.vsid, 5001);
	assert_int_equal(req.route.rec.dst.addr.family, AF_INET);
	assert_memory_equal(&req.route.rec.dst.addr.v4, "\x0a\x00\x00\x00", 4);
	assert_int_equal(req.route.rec.dst.len, 24);
	assert_false(req.route.rec.has_nexthop);

	/* Any order; a next hop of the prefix's family. */
	assert_int_equal(PARSE(&req, &r, "route", "add", "sw0", "nexthop",
			       "10.0.1.254", "prefix", "172.16.0.0/16", "vsid",
			       "7001", "rdid", "0xffffffff"), 0);
	assert_int_equal(req.route.rec.rdid, UINT32_MAX);
	assert_int_equal(req.route.rec.vsid, 7001);
	assert_int_equal(req.route.rec.dst.len, 16);
	assert_true(req.route.rec.has_nexthop);
	assert_int_equal(req.route.rec.nexthop.family, AF_INET);
	assert_memory_equal(&req.route.rec.nexthop.v4, "\x0a\x00\x01\xfe", 4);

	assert_int_equal(PARSE(&req, &r, "route", "add", "sw0", "rdid", "2",
			       "vsid", "6001", "prefix", "2001:DB8::/32",
			       "nexthop", "2001:db8::b"), 0);
	assert_int_equal(req.route.rec.dst.addr.family, AF_INET6);
	assert_int_equal(req.route.rec.dst.len, 32);
	assert_int_equal(req.route.rec.nexthop.family, AF_INET6);
	assert_memory_equal(&req.route.rec.nexthop.v6, V6_DB8_B, 16);

	assert_int_equal(PARSE(&req, &r, "route", "del", "sw0", "prefix",
			       "0.0.0.0/0", "rdid", "3"), 0);
	assert_string_equal(req.cmd->name, "del");
	assert_non_null(req.cmd->run);
	assert_int_equal(req.route.rec.rdid, 3);
	assert_int_equal(req.route.rec.dst.len, 0);
	assert_int_equal(req.route.rec.dst.addr.family, AF_INET);

	assert_int_equal(PARSE(&req, &r, "route", "show", "sw0"), 0);
	assert_string_equal(req.cmd->name, "show");
	assert_false(req.route.has_rdid);
	assert_int_equal(PARSE(&req, &r, "route", "show", "sw0", "rdid", "2"),
			 0);
	assert_true(req.route.has_rdid);
	assert_int_equal(req.route.rec.rdid, 2);

	/* The router MAC, with the other settings. */
	assert_int_equal(PARSE(&req, &r, "switch", "set", "sw0", "router-mac",
			       "02:76:73:77:00:01", "ttl", "9"), 0);
	assert_int_equal(req.sw.set, SWITCH_SET_ROUTER_MAC | SWITCH_SET_TTL);
	assert_memory_equal(req.sw.router_mac, "\x02\x76\x73\x77\x00\x01", 6);
}

static void parse_stats_monitor(void **state)
{
	struct request req;
	struct report r;

	(void)state;
	assert_int_equal(PARSE(&req, &r, "stats", "show", "sw0"), 0);
	assert_string_equal(req.st.name, "sw0");
	assert_null(req.st.dev);
	assert_int_equal(PARSE(&req, &r, "stats", "show", "sw0", "dev", "lo"),
			 0);
	assert_string_equal(req.st.dev, "lo");
	assert_int_equal(req.st.ifindex, 1);
	assert_false(req.st.rate);
	/* -r|--rate [SECONDS] anywhere after the name; 1 s by default. */
	assert_int_equal(PARSE(&req, &r, "stats", "show", "sw0", "-r"), 0);
	assert_true(req.st.rate);
	assert_int_equal(req.st.interval_ms, 1000);
	assert_int_equal(req.st.count, 0);
	assert_int_equal(PARSE(&req, &r, "stats", "show", "sw0", "--rate",
			       "2.5", "dev", "lo", "count", "3"), 0);
	assert_true(req.st.rate);
	assert_int_equal(req.st.interval_ms, 2500);
	assert_int_equal(req.st.count, 3);
	assert_string_equal(req.st.dev, "lo");
	assert_int_equal(PARSE(&req, &r, "stats", "show", "sw0", "dev", "lo",
			       "-r", "0.1"), 0);
	assert_int_equal(req.st.interval_ms, 100);
	assert_int_equal(PARSE(&req, &r, "stats", "show", "sw0", "-r", "3600"),
			 0);
	assert_int_equal(req.st.interval_ms, 3600000);

	assert_int_equal(PARSE(&req, &r, "monitor"), 0);
	assert_string_equal(req.obj->name, "monitor");
	assert_non_null(req.cmd);
	assert_null(req.mon.name);
	assert_int_equal(PARSE(&req, &r, "monitor", "sw0"), 0);
	assert_string_equal(req.mon.name, "sw0");
	/* A switch called like a command word is still a name. */
	assert_int_equal(PARSE(&req, &r, "monitor", "show"), 0);
	assert_string_equal(req.mon.name, "show");
	assert_int_equal(PARSE(&req, &r, "monitor", "help"), 0);
	assert_true(req.help);
}

/* Usage errors of the new commands: status 2, the culprit named. */
static void parse_usage_errors_objects(void **state)
{
	static struct {
		int argc;
		char *argv[14];
		const char *msg;
	} cases[] = {
		/* switch set */
		{ 3, { "switch", "set", "sw0" },
		  "switch set: nothing to set (flowid, ttl, tos, policy-max, router-mac, hold-max or hold-timeout)" },
		{ 5, { "switch", "set", "sw0", "hold-max", "1025" },
		  "invalid hold-max \"1025\": out of range (0-1024)" },
		{ 5, { "switch", "set", "sw0", "hold-timeout", "0" },
		  "invalid hold-timeout \"0\": out of range (1-60000)" },
		{ 5, { "switch", "set", "sw0", "hold-timeout", "60001" },
		  "invalid hold-timeout \"60001\": out of range (1-60000)" },
		{ 2, { "switch", "set" }, "switch set: missing switch name" },
		{ 5, { "switch", "set", "sw0", "ttl", "0" },
		  "invalid TTL \"0\": out of range (1-255)" },
		{ 5, { "switch", "set", "sw0", "ttl", "256" },
		  "invalid TTL \"256\": out of range (1-255)" },
		{ 5, { "switch", "set", "sw0", "ttl", "x" },
		  "invalid TTL \"x\": not a number" },
		{ 5, { "switch", "set", "sw0", "tos", "256" },
		  "invalid TOS \"256\": out of range (0-255, or \"inherit\")" },
		{ 5, { "switch", "set", "sw0", "tos", "inherits" },
		  "invalid TOS \"inherits\": expected 0-255 or \"inherit\"" },
		{ 5, { "switch", "set", "sw0", "flowid", "random" },
		  "invalid flowid \"random\": expected \"hash\" or \"zero\"" },
		{ 5, { "switch", "set", "sw0", "policy-max", "0" },
		  "invalid policy-max \"0\": out of range (1-16777216)" },
		{ 5, { "switch", "set", "sw0", "policy-max", "16777217" },
		  "invalid policy-max \"16777217\": out of range (1-16777216)" },
		{ 7, { "switch", "set", "sw0", "ttl", "1", "ttl", "2" },
		  "switch set: \"ttl\" given twice" },
		{ 4, { "switch", "set", "sw0", "ttl" },
		  "switch set: \"ttl\" needs a value" },
		{ 5, { "switch", "set", "sw0", "mtu", "1500" },
		  "switch set: unknown keyword \"mtu\" (expected flowid, ttl, tos, policy-max, router-mac, hold-max, hold-timeout)" },
		{ 5, { "switch", "set", "sw0", "router-mac", "01:00:5e:00:00:01" },
		  "invalid router-mac \"01:00:5e:00:00:01\": multicast address (the router MAC must be unicast)" },
		{ 5, { "switch", "set", "sw0", "router-mac", "00:00:00:00:00:00" },
		  "invalid router-mac \"00:00:00:00:00:00\": all-zero address (the router MAC must be unicast)" },
		{ 5, { "switch", "set", "sw0", "router-mac", "02:76:73:77:0:1" },
		  "invalid router-mac \"02:76:73:77:0:1\": not a MAC address (expected xx:xx:xx:xx:xx:xx)" },
		{ 5, { "switch", "set", "a/b", "ttl", "1" },
		  "invalid switch name \"a/b\": contains '/'" },
		/* uplink */
		/* "uplink" alone is "uplink show", of every switch */
		{ 1, { "uplink" }, NULL },
		{ 2, { "uplink", "show" }, NULL },
		{ 3, { "uplink", "show", "sw0" }, NULL },
		{ 4, { "uplink", "show", "sw0", "sw1" },
		  "uplink show: unexpected argument \"sw1\"" },
		{ 3, { "uplink", "show", "a/b" },
		  "invalid switch name \"a/b\": contains '/'" },
		/* save */
		{ 1, { "save" }, NULL },
		{ 2, { "save", "sw0" }, NULL },
		{ 3, { "save", "sw0", "sw1" }, "save: unexpected argument \"sw1\"" },
		{ 2, { "save", "a:b" }, "invalid switch name \"a:b\": contains ':'" },
		{ 5, { "uplink", "set", "sw0", "dev", "lo" },
		  "uplink set: missing \"pa\"" },
		{ 5, { "uplink", "set", "sw0", "pa", "1.2.3.4" },
		  "uplink set: missing \"dev\"" },
		{ 7, { "uplink", "set", "sw0", "dev", "lo", "pa", "1.2.3" },
		  "invalid PA \"1.2.3\": not an IPv4 or IPv6 address" },
		{ 7, { "uplink", "set", "sw0", "dev", "lo", "pa", "224.0.0.1" },
		  "invalid PA \"224.0.0.1\": multicast address, not a host address" },
		{ 9, { "uplink", "set", "sw0", "dev", "lo", "pa", "1.2.3.4",
		       "dev", "lo" },
		  "uplink set: \"dev\" given twice" },
		/* One PA per family: an IPv4 one, an IPv6 one, or both. */
		{ 9, { "uplink", "set", "sw0", "dev", "lo", "pa", "1.2.3.4",
		       "pa", "1.2.3.5" },
		  "uplink set: two IPv4 PAs (\"1.2.3.4\" and \"1.2.3.5\"): give at most one per family" },
		{ 9, { "uplink", "set", "sw0", "pa", "2001:db8::1", "dev", "lo",
		       "pa", "2001:db8::1" },
		  "uplink set: two IPv6 PAs (\"2001:db8::1\" and \"2001:db8::1\"): give at most one per family" },
		{ 11, { "uplink", "set", "sw0", "dev", "lo", "pa", "1.2.3.4",
			"pa", "2001:db8::1", "pa", "1.2.3.5" },
		  "uplink set: \"pa\" given more than 2 times" },
		{ 9, { "uplink", "set", "sw0", "dev", "lo", "pa", "1.2.3.4",
		       "pa", "::ffff:1.2.3.5" },
		  "invalid PA \"::ffff:1.2.3.5\": IPv4-mapped address: use the IPv4 form" },
		{ 9, { "uplink", "set", "sw0", "dev", "lo", "pa", "ff02::1",
		       "pa", "1.2.3.5" },
		  "invalid PA \"ff02::1\": multicast address, not a host address" },
		{ 8, { "uplink", "set", "sw0", "dev", "lo", "pa", "1.2.3.4",
		       "pa" },
		  "uplink set: \"pa\" needs a value" },
		{ 7, { "uplink", "set", "sw0", "dev", "lo", "mtu", "1500" },
		  "uplink set: unknown keyword \"mtu\" (expected dev, pa)" },
		{ 4, { "uplink", "del", "sw0", "x" },
		  "uplink del: unexpected argument \"x\"" },
		/* port */
		{ 9, { "port", "add", "sw0", "dev", "lo", "vsid", "4095", "mac",
		       "02:00:00:00:00:01" },
		  "invalid VSID \"4095\": reserved (0-4095 and 0xffffff are reserved, RFC 7637)" },
		{ 9, { "port", "add", "sw0", "dev", "lo", "vsid", "0xffffff",
		       "mac", "02:00:00:00:00:01" },
		  "invalid VSID \"0xffffff\": reserved (0-4095 and 0xffffff are reserved, RFC 7637)" },
		{ 9, { "port", "add", "sw0", "dev", "lo", "vsid", "5001", "mac",
		       "01:00:5e:00:00:01" },
		  "invalid MAC \"01:00:5e:00:00:01\": multicast address (a VM's MAC must be unicast)" },
		{ 9, { "port", "add", "sw0", "dev", "lo", "vsid", "5001", "mac",
		       "ff:ff:ff:ff:ff:ff" },
		  "invalid MAC \"ff:ff:ff:ff:ff:ff\": broadcast address (a VM's MAC must be unicast)" },
		{ 9, { "port", "add", "sw0", "dev", "lo", "vsid", "5001", "mac",
		       "00:00:00:00:00:00" },
		  "invalid MAC \"00:00:00:00:00:00\": all-zero address (a VM's MAC must be unicast)" },
		{ 9, { "port", "add", "sw0", "dev", "lo", "vsid", "5001", "mac",
		       "00:11:22:33:44" },
		  "invalid MAC \"00:11:22:33:44\": not a MAC address (expected xx:xx:xx:xx:xx:xx)" },
		{ 7, { "port", "add", "sw0", "dev", "lo", "vsid", "5001" },
		  "port add: missing \"mac\"" },
		{ 9, { "port", "add", "sw0", "dev", "lo", "vsid", "5001", "vlan",
		       "5" },
		  "port add: unknown keyword \"vlan\" (expected dev, vsid, mac)" },
		{ 3, { "port", "del", "sw0" }, "port del: missing \"dev\"" },
		{ 2, { "port", "show" }, "port show: missing switch name" },
		{ 4, { "port", "show", "sw0", "dev" },
		  "port show: unexpected argument \"dev\"" },
		/* policy */
		{ 11, { "policy", "add", "sw0", "vsid", "5001", "ca", "10.0.0.5",
			"mac", "00:11:22:33:44:55", "pa", "1.2.3.256" },
		  "invalid PA \"1.2.3.256\": not an IPv4 or IPv6 address" },
		{ 11, { "policy", "add", "sw0", "vsid", "5001", "ca", "0.0.0.0",
			"mac", "00:11:22:33:44:55", "pa", "1.2.3.4" },
		  "invalid CA \"0.0.0.0\": 0.0.0.0 is not a host address" },
		{ 11, { "policy", "add", "sw0", "vsid", "5001", "ca",
			"255.255.255.255", "mac", "00:11:22:33:44:55", "pa",
			"1.2.3.4" },
		  "invalid CA \"255.255.255.255\": broadcast address, not a host address" },
		{ 11, { "policy", "add", "sw0", "vsid", "5001", "ca", "10.0.0.05",
			"mac", "00:11:22:33:44:55", "pa", "1.2.3.4" },
		  "invalid CA \"10.0.0.05\": not an IPv4 or IPv6 address" },
		{ 11, { "policy", "add", "sw0", "vsid", "100", "ca", "10.0.0.5",
			"mac", "00:11:22:33:44:55", "pa", "1.2.3.4" },
		  "invalid VSID \"100\": reserved (0-4095 and 0xffffff are reserved, RFC 7637)" },
		{ 11, { "policy", "replace", "sw0", "vsid", "5001", "ca",
			"10.0.0.5", "mac", "01:00:00:00:00:00", "pa", "1.2.3.4" },
		  "invalid MAC \"01:00:00:00:00:00\": multicast address (a VM's MAC must be unicast)" },
		{ 9, { "policy", "add", "sw0", "vsid", "5001", "ca", "10.0.0.5",
		       "mac", "00:11:22:33:44:55" },
		  "policy add: missing \"pa\"" },
		{ 13, { "policy", "add", "sw0", "vsid", "5001", "ca", "10.0.0.5",
			"mac", "00:11:22:33:44:55", "pa", "1.2.3.4", "ca",
			"10.0.0.6" },
		  "policy add: \"ca\" given twice" },
		{ 11, { "policy", "add", "sw0", "vsid", "5001", "ca", "::",
			"mac", "00:11:22:33:44:55", "pa", "1.2.3.4" },
		  "invalid CA \"::\": :: is not a host address" },
		{ 11, { "policy", "add", "sw0", "vsid", "5001", "ca", "::1",
			"mac", "00:11:22:33:44:55", "pa", "1.2.3.4" },
		  "invalid CA \"::1\": loopback address, not a host address" },
		{ 11, { "policy", "replace", "sw0", "vsid", "5001", "ca",
			"ff05::2", "mac", "00:11:22:33:44:55", "pa", "1.2.3.4" },
		  "invalid CA \"ff05::2\": multicast address, not a host address" },
		{ 11, { "policy", "add", "sw0", "vsid", "5001", "ca",
			"2001:db8::5", "mac", "00:11:22:33:44:55", "pa",
			"::ffff:192.168.4.11" },
		  "invalid PA \"::ffff:192.168.4.11\": IPv4-mapped address: use the IPv4 form" },
		{ 11, { "policy", "add", "sw0", "vsid", "5001", "ca",
			"2001:db8::5", "mac", "00:11:22:33:44:55", "pa",
			"2001:db8::x" },
		  "invalid PA \"2001:db8::x\": not an IPv6 address" },
		{ 7, { "policy", "del", "sw0", "vsid", "5001", "ca",
		       "::ffff:10.0.0.5" },
		  "invalid CA \"::ffff:10.0.0.5\": IPv4-mapped address: use the IPv4 form" },
		{ 7, { "policy", "del", "sw0", "vsid", "5001", "ca", "10.0.0.5",
		       NULL },
		  NULL },	/* placeholder replaced below: must be valid */
		{ 9, { "policy", "del", "sw0", "vsid", "5001", "ca", "10.0.0.5",
		       "mac", "00:11:22:33:44:55" },
		  "policy del: unknown keyword \"mac\" (expected vsid, ca)" },
		{ 5, { "policy", "del", "sw0", "ca", "10.0.0.5" },
		  "policy del: missing \"vsid\"" },
		{ 5, { "policy", "show", "sw0", "ca", "10.0.0.5" },
		  "policy show: unknown keyword \"ca\" (expected vsid)" },
		{ 5, { "policy", "show", "sw0", "vsid", "1" },
		  "invalid VSID \"1\": reserved (0-4095 and 0xffffff are reserved, RFC 7637)" },
		{ 3, { "policy", "frob", "sw0" },
		  "unknown policy command \"frob\" (try \"vswctl policy help\")" },
		{ 4, { "policy", "help", "x", "y" },
		  "policy help: unexpected argument \"x\"" },
		/* route */
		{ 9, { "route", "add", "sw0", "rdid", "1", "vsid", "5001",
		       "prefix", "10.0.0.1/24" },
		  "invalid prefix \"10.0.0.1/24\": host bits set (the prefix is 10.0.0.0/24)" },
		{ 9, { "route", "add", "sw0", "rdid", "1", "vsid", "5001",
		       "prefix", "fd10::1:0/96" },
		  "invalid prefix \"fd10::1:0/96\": host bits set (the prefix is fd10::/96)" },
		{ 9, { "route", "add", "sw0", "rdid", "1", "vsid", "5001",
		       "prefix", "10.0.0.0" },
		  "invalid prefix \"10.0.0.0\": missing /LEN (a prefix is ADDR/LEN, as 10.0.0.0/24)" },
		{ 9, { "route", "add", "sw0", "rdid", "1", "vsid", "5001",
		       "prefix", "10.0.0.0/33" },
		  "invalid prefix \"10.0.0.0/33\": prefix length out of range (0-32 for IPv4)" },
		{ 9, { "route", "add", "sw0", "rdid", "1", "vsid", "5001",
		       "prefix", "fd10::/129" },
		  "invalid prefix \"fd10::/129\": prefix length out of range (0-128 for IPv6)" },
		{ 9, { "route", "add", "sw0", "rdid", "0", "vsid", "5001",
		       "prefix", "10.0.0.0/24" },
		  "invalid RDID \"0\": out of range (1-4294967295)" },
		{ 9, { "route", "add", "sw0", "rdid", "4294967296", "vsid",
		       "5001", "prefix", "10.0.0.0/24" },
		  "invalid RDID \"4294967296\": out of range" },
		{ 9, { "route", "add", "sw0", "rdid", "1", "vsid", "4095",
		       "prefix", "10.0.0.0/24" },
		  "invalid VSID \"4095\": reserved (0-4095 and 0xffffff are reserved, RFC 7637)" },
		{ 11, { "route", "add", "sw0", "rdid", "1", "vsid", "5001",
			"prefix", "10.0.0.0/24", "nexthop", "fd10::1" },
		  "invalid next hop \"fd10::1\": an IPv6 next hop for an IPv4 prefix" },
		{ 11, { "route", "add", "sw0", "rdid", "1", "vsid", "5001",
			"prefix", "fd10::/64", "nexthop", "10.0.0.1" },
		  "invalid next hop \"10.0.0.1\": an IPv4 next hop for an IPv6 prefix" },
		{ 11, { "route", "add", "sw0", "rdid", "1", "vsid", "5001",
			"prefix", "0.0.0.0/0", "nexthop", "255.255.255.255" },
		  "invalid next hop \"255.255.255.255\": broadcast address, not a host address" },
		{ 7, { "route", "add", "sw0", "rdid", "1", "prefix",
		       "10.0.0.0/24" },
		  "route add: missing \"vsid\"" },
		{ 7, { "route", "add", "sw0", "rdid", "1", "vsid", "5001" },
		  "route add: missing \"prefix\"" },
		{ 11, { "route", "add", "sw0", "rdid", "1", "vsid", "5001",
			"prefix", "10.0.0.0/24", "rdid", "2" },
		  "route add: \"rdid\" given twice" },
		{ 11, { "route", "add", "sw0", "rdid", "1", "vsid", "5001",
			"prefix", "10.0.0.0/24", "via", "10.0.0.9" },
		  "route add: unknown keyword \"via\" (expected rdid, vsid, prefix, nexthop)" },
		{ 9, { "route", "del", "sw0", "rdid", "1", "vsid", "5001",
		       "prefix", "10.0.0.0/24" },
		  "route del: unknown keyword \"vsid\" (expected rdid, prefix)" },
		{ 5, { "route", "del", "sw0", "prefix", "10.0.0.0/24" },
		  "route del: missing \"rdid\"" },
		{ 7, { "route", "del", "sw0", "rdid", "1", "prefix", "10.0.0.1/8" },
		  "invalid prefix \"10.0.0.1/8\": host bits set (the prefix is 10.0.0.0/8)" },
		{ 2, { "route", "show" }, "route show: missing switch name" },
		{ 1, { "route" }, "route show: missing switch name" },
		{ 4, { "route", "show", "sw0", "rdid" },
		  "route show: \"rdid\" needs a value" },
		{ 5, { "route", "show", "sw0", "rdid", "0" },
		  "invalid RDID \"0\": out of range (1-4294967295)" },
		{ 5, { "route", "show", "sw0", "vsid", "5001" },
		  "route show: unknown keyword \"vsid\" (expected rdid)" },
		/* stats, monitor */
		{ 2, { "stats", "show" }, "stats show: missing switch name" },
		{ 4, { "stats", "show", "sw0", "port" },
		  "stats show: unknown keyword \"port\" (expected dev, count)" },
		{ 5, { "stats", "show", "sw0", "count", "2" },
		  "stats show: \"count\" goes with -r|--rate" },
		{ 5, { "stats", "show", "sw0", "-r", "-r" },
		  "stats show: \"-r\" given twice" },
		{ 5, { "stats", "show", "sw0", "--rate", "0.05" },
		  "stats show: invalid interval \"0.05\" (0.1-3600 seconds)" },
		{ 5, { "stats", "show", "sw0", "-r", "3601" },
		  "stats show: invalid interval \"3601\" (0.1-3600 seconds)" },
		{ 5, { "stats", "show", "sw0", "-r", "1.x" },
		  "stats show: invalid interval \"1.x\" (0.1-3600 seconds)" },
		{ 6, { "stats", "show", "sw0", "-r", "count", "0" },
		  "stats show: invalid count \"0\" (1-4294967295)" },
		{ 3, { "stats", "show", "-r" },
		  "stats show: missing switch name" },
		{ 3, { "monitor", "sw0", "sw1" },
		  "monitor: unexpected argument \"sw1\"" },
		{ 2, { "monitor", "a:b" },
		  "invalid switch name \"a:b\": contains ':'" },
	};
	struct request req;
	struct report r;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&r, 0, sizeof(r));
		if (!cases[i].msg) {
			assert_int_equal(cmd_parse(cases[i].argc, cases[i].argv,
						   &req, &r), 0);
			continue;
		}
		if (cmd_parse(cases[i].argc, cases[i].argv, &req, &r) != -1)
			fail_msg("case %zu accepted: %s", i, cases[i].msg);
		assert_int_equal(r.status, VSW_EXIT_USAGE);
		assert_string_equal(r.msg, cases[i].msg);
	}
}

/* A device that does not exist is a failure (1), found before netlink. */
static void parse_no_device(void **state)
{
	struct request req;
	struct report r;

	(void)state;
	assert_int_equal(PARSE(&req, &r, "uplink", "set", "sw0", "dev", "nic9",
			       "pa", "192.168.4.11"), -1);
	assert_int_equal(r.status, VSW_EXIT_FAIL);
	assert_string_equal(r.msg, "uplink set: no device \"nic9\"");
	assert_int_equal(PARSE(&req, &r, "port", "add", "sw0", "dev", "nic9",
			       "vsid", "5001", "mac", "02:00:00:00:00:01"), -1);
	assert_int_equal(r.status, VSW_EXIT_FAIL);
	assert_string_equal(r.msg, "port add: no device \"nic9\"");
	assert_int_equal(PARSE(&req, &r, "port", "del", "sw0", "dev",
			       "abcdefghijklmnopq"), -1);
	assert_string_equal(r.msg, "port del: no device \"abcdefghijklmnopq\"");
	assert_int_equal(PARSE(&req, &r, "stats", "show", "sw0", "dev", "nic9"),
			 -1);
	assert_string_equal(r.msg, "stats show: no device \"nic9\"");
	/* A usage error wins over a missing device: nothing is looked up. */
	assert_int_equal(PARSE(&req, &r, "port", "add", "sw0", "dev", "nic9",
			       "vsid", "1", "mac", "02:00:00:00:00:01"), -1);
	assert_int_equal(r.status, VSW_EXIT_USAGE);
}

static void help_per_object(void **state)
{
	struct request req;
	struct report r;
	char *buf = NULL;
	size_t len;
	FILE *fp;

	(void)state;
	assert_int_equal(PARSE(&req, &r, "port", "help"), 0);
	assert_true(req.help);
	fp = open_memstream(&buf, &len);
	cmd_help(fp, req.obj);
	fclose(fp);
	assert_string_equal(buf,
			    "Usage: vswctl port add NAME dev DEV vsid VSID mac MAC\n"
			    "       vswctl port del NAME dev DEV\n"
			    "       vswctl port show NAME\n");
	free(buf);

	assert_int_equal(PARSE(&req, &r, "help", "monitor"), 0);
	fp = open_memstream(&buf, &len);
	cmd_help(fp, req.obj);
	fclose(fp);
	assert_string_equal(buf, "Usage: vswctl monitor [NAME]\n");
	free(buf);

	/* Where an address is taken, its families are told. */
	assert_int_equal(PARSE(&req, &r, "uplink", "help"), 0);
	fp = open_memstream(&buf, &len);
	cmd_help(fp, req.obj);
	fclose(fp);
	assert_string_equal(buf,
			    "Usage: vswctl uplink set NAME dev DEV pa ADDR [pa ADDR]\n"
			    "       vswctl uplink del NAME\n"
			    "       vswctl uplink show [NAME]\n"
			    "\n"
			    "ADDR is an IPv4 or an IPv6 address.\n"
			    "An uplink has an IPv4 PA, an IPv6 PA or one of each; a family\n"
			    "left out has none afterwards.\n");
	free(buf);
	assert_int_equal(PARSE(&req, &r, "policy", "help"), 0);
	fp = open_memstream(&buf, &len);
	cmd_help(fp, req.obj);
	fclose(fp);
	assert_non_null(strstr(buf, "       vswctl policy del NAME vsid VSID ca ADDR\n"
				    "       vswctl policy show NAME [vsid VSID]\n"
				    "\n"
				    "ADDR is an IPv4 or an IPv6 address.\n"));
	free(buf);

	/* "route" alone is "route show", which needs a name. */
	assert_int_equal(PARSE(&req, &r, "route", "help"), 0);
	fp = open_memstream(&buf, &len);
	cmd_help(fp, req.obj);
	fclose(fp);
	assert_string_equal(buf,
			    "Usage: vswctl route add NAME rdid N vsid VSID prefix ADDR/LEN [nexthop ADDR]\n"
			    "       vswctl route del NAME rdid N prefix ADDR/LEN\n"
			    "       vswctl route show NAME [rdid N]\n"
			    "\n"
			    "N, a routing domain, is 1 to 4294967295. ADDR/LEN is an IPv4 or an\n"
			    "IPv6 prefix whose host bits are zero; a next hop is an address of\n"
			    "its family.\n");
	free(buf);
}

static void formatting(void **state)
{
	static const uint8_t mac[6] = { 0x00, 0x1a, 0xff, 0x80, 0x09, 0xab };
	char m[MAC_STRLEN], a[IPV4_STRLEN];
	struct output out = { 0 };
	char name[IF_NAMESIZE];

	(void)state;
	assert_string_equal(fmt_mac(m, mac), "00:1a:ff:80:09:ab");
	assert_string_equal(fmt_ipv4(a, "\xc0\xa8\x04\x0b"), "192.168.4.11");
	assert_string_equal(out_ifname(&out, 1, name), "lo");
	assert_null(out_ifname(&out, 0, name));
	assert_null(out_ifname(&out, 0x7ffffff0, name));
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
		cmocka_unit_test(parse_switch_set),
		cmocka_unit_test(parse_uplink),
		cmocka_unit_test(parse_port),
		cmocka_unit_test(parse_policy),
		cmocka_unit_test(parse_route),
		cmocka_unit_test(parse_stats_monitor),
		cmocka_unit_test(parse_usage_errors_objects),
		cmocka_unit_test(parse_no_device),
		cmocka_unit_test(help_per_object),
		cmocka_unit_test(formatting),
	};

	return cmocka_run_group_tests_name("cmd", tests, NULL, NULL);
}
