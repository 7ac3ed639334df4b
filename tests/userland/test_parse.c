// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/parse.c: argument parsing without a kernel.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include <linux/vsw.h>

#include "parse.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Names the kernel's dev_valid_name() takes must be taken here too. */
static void switch_name_valid(void **state)
{
	static const char *const ok[] = {
		"sw0", "a", "abcdefghijklmno" /* 15: the maximum */, "-x",
		"a.b", "...", ".a", "a..", "sw-0_1", "\xc3\xa9t\xc3\xa9",
	};
	const char *why = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		if (parse_switch_name(ok[i], &why))
			fail_msg("\"%s\" refused: %s", ok[i], why);
	}
}

/* Each reason has its own message: the user must learn what is wrong. */
static void switch_name_invalid(void **state)
{
	static const struct {
		const char *name, *why;
	} bad[] = {
		{ "", "empty name" },
		{ "abcdefghijklmnop", "longer than 15 characters" },
		{ "abcdefghijklmnopqrstuvwxyz", "longer than 15 characters" },
		{ ".", "\".\" and \"..\" are not allowed" },
		{ "..", "\".\" and \"..\" are not allowed" },
		{ "a/b", "contains '/'" },
		{ "/", "contains '/'" },
		{ "a:b", "contains ':'" },
		{ "a b", "contains whitespace" },
		{ " a", "contains whitespace" },
		{ "a\tb", "contains whitespace" },
		{ "a\nb", "contains whitespace" },
		{ "a\vb", "contains whitespace" },
		{ "a\rb", "contains whitespace" },
		/* The kernel's isspace() includes 0xa0: so "à" (c3 a0) fails. */
		{ "\xc3\xa0", "contains whitespace" },
	};
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		why = NULL;
		if (!parse_switch_name(bad[i].name, &why))
			fail_msg("\"%s\" accepted", bad[i].name);
		assert_non_null(why);
		assert_string_equal(why, bad[i].why);
	}
}

static void u32_valid(void **state)
{
	static const struct {
		const char *s;
		uint32_t v;
	} ok[] = {
		{ "0", 0 }, { "1", 1 }, { "010", 10 } /* not octal */,
		{ "4294967295", UINT32_MAX }, { "0x10", 16 }, { "0X1f", 31 },
		{ "0xffffffff", UINT32_MAX }, { "0x0", 0 },
	};
	const char *why;
	uint32_t v;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		v = 12345;
		if (parse_u32(ok[i].s, &v, &why))
			fail_msg("\"%s\" refused: %s", ok[i].s, why);
		assert_int_equal(v, ok[i].v);
	}
}

static void u32_invalid(void **state)
{
	static const struct {
		const char *s, *why;
	} bad[] = {
		{ "", "not a number" }, { "0x", "not a number" },
		{ "-1", "out of range (negative)" }, { "+1", "not a number" },
		{ "-", "not a number" }, { "-0x1", "not a number" },
		{ " 1", "not a number" }, { "1 ", "not a number" },
		{ "12a", "not a number" }, { "0x1g", "not a number" },
		{ "1.5", "not a number" },
		{ "4294967296", "out of range" },
		{ "0x100000000", "out of range" },
		/* Must not wrap around to a small number. */
		{ "18446744073709551617", "out of range" },
		{ "99999999999999999999999999999999999999", "out of range" },
	};
	const char *why;
	uint32_t v = 777;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		why = NULL;
		if (!parse_u32(bad[i].s, &v, &why))
			fail_msg("\"%s\" accepted as %u", bad[i].s, v);
		assert_string_equal(why, bad[i].why);
	}
	assert_int_equal(v, 777);	/* untouched on failure */
}

/* RFC 7637: 0-4095 and 0xffffff are reserved; 24 bits in all. */
static void vsid_boundaries(void **state)
{
	const char *why;
	uint32_t v;

	(void)state;
	assert_int_equal(parse_vsid("4096", &v, &why), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(parse_vsid("0x1000", &v, &why), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(parse_vsid("16777214", &v, &why), 0);
	assert_int_equal(v, 0xfffffe);
	assert_int_equal(parse_vsid("0xFFFFFE", &v, &why), 0);
	assert_int_equal(v, 0xfffffe);
	assert_int_equal(parse_vsid("5001", &v, &why), 0);
	assert_int_equal(v, 5001);

	assert_int_equal(parse_vsid("4095", &v, &why), -1);
	assert_non_null(strstr(why, "reserved"));
	assert_int_equal(parse_vsid("0", &v, &why), -1);
	assert_non_null(strstr(why, "reserved"));
	assert_int_equal(parse_vsid("0xffffff", &v, &why), -1);
	assert_non_null(strstr(why, "reserved"));
	assert_int_equal(parse_vsid("16777215", &v, &why), -1);
	assert_non_null(strstr(why, "reserved"));

	assert_int_equal(parse_vsid("16777216", &v, &why), -1);
	assert_non_null(strstr(why, "24 bits"));
	assert_int_equal(parse_vsid("0x1000000", &v, &why), -1);
	assert_non_null(strstr(why, "24 bits"));
	assert_int_equal(parse_vsid("4294967296", &v, &why), -1);
	assert_non_null(strstr(why, "out of range"));
	assert_int_equal(parse_vsid("99999999999999999999", &v, &why), -1);
	assert_non_null(strstr(why, "out of range"));

	assert_int_equal(parse_vsid("abc", &v, &why), -1);
	assert_string_equal(why, "not a number");
	assert_int_equal(parse_vsid("", &v, &why), -1);
	assert_int_equal(parse_vsid("5000x", &v, &why), -1);
	assert_int_equal(parse_vsid("-5000", &v, &why), -1);
}

static void mac_valid(void **state)
{
	static const uint8_t want[6] = { 0x00, 0x11, 0x22, 0xaa, 0xbb, 0xff };
	uint8_t mac[6];
	const char *why;

	(void)state;
	assert_int_equal(parse_mac("00:11:22:aa:bb:ff", mac, &why), 0);
	assert_memory_equal(mac, want, 6);
	memset(mac, 0, sizeof(mac));
	assert_int_equal(parse_mac("00:11:22:AA:BB:FF", mac, &why), 0);
	assert_memory_equal(mac, want, 6);
}

static void mac_invalid(void **state)
{
	static const char *const bad[] = {
		"", "00:11:22:33:44", "00:11:22:33:44:55:66",
		"0:11:22:33:44:55", "00:11:22:33:44:5", "00-11-22-33-44-55",
		"00:11:22:33:44:5g", "00:11:22:33:44:55 ", " 00:11:22:33:44:55",
		"001122334455", "00:11:22:33:44:555", "00::11:22:33:44:55",
	};
	const char *why;
	uint8_t mac[6];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		why = NULL;
		if (!parse_mac(bad[i], mac, &why))
			fail_msg("\"%s\" accepted", bad[i]);
		assert_non_null(strstr(why, "MAC"));
	}
}

static void mac_unicast(void **state)
{
	static const uint8_t vm[6] = { 0x02, 0, 0, 0, 0, 1 };
	static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t zero[6];

	(void)state;
	assert_true(mac_is_unicast(vm));
	assert_false(mac_is_unicast(mcast));
	assert_false(mac_is_unicast(bcast));
	assert_false(mac_is_unicast(zero));
}

static void ipv4_valid(void **state)
{
	struct in_addr a;
	const char *why;

	(void)state;
	assert_int_equal(parse_ipv4("10.0.1.2", &a, &why), 0);
	/* Network byte order, as the kernel wants it. */
	assert_memory_equal(&a.s_addr, "\x0a\x00\x01\x02", 4);
	assert_int_equal(parse_ipv4("255.255.255.255", &a, &why), 0);
	assert_int_equal(a.s_addr, 0xffffffff);
	assert_int_equal(parse_ipv4("0.0.0.0", &a, &why), 0);
	assert_int_equal(a.s_addr, 0);
}

static void ipv4_invalid(void **state)
{
	static const char *const bad[] = {
		"", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "::1",
		" 1.2.3.4", "1.2.3.4 ", "1.2.3.4/24", "a.b.c.d", "0x1.2.3.4",
		"16909060",
	};
	struct in_addr a;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		why = NULL;
		if (!parse_ipv4(bad[i], &a, &why))
			fail_msg("\"%s\" accepted", bad[i]);
		assert_string_equal(why, "not an IPv4 address");
	}
}

struct named {
	const char *name;
	int payload;
};

static void lookup_prefixes(void **state)
{
	static const struct named t[] = {
		{ "show", 0 }, { "showall", 1 }, { "set", 2 }, { "add", 3 },
	};
	size_t n = ARRAY_SIZE(t), size = sizeof(t[0]);

	(void)state;
	assert_int_equal(parse_lookup("add", t, n, size), 3);
	assert_int_equal(parse_lookup("a", t, n, size), 3);
	/* An exact match beats a longer name it is a prefix of. */
	assert_int_equal(parse_lookup("show", t, n, size), 0);
	assert_int_equal(parse_lookup("showa", t, n, size), 1);
	assert_int_equal(parse_lookup("se", t, n, size), 2);
	assert_int_equal(parse_lookup("s", t, n, size), PARSE_AMBIGUOUS);
	assert_int_equal(parse_lookup("sh", t, n, size), PARSE_AMBIGUOUS);
	assert_int_equal(parse_lookup("x", t, n, size), PARSE_NOMATCH);
	assert_int_equal(parse_lookup("adds", t, n, size), PARSE_NOMATCH);
	assert_int_equal(parse_lookup("", t, n, size), PARSE_NOMATCH);
}

static void split_line(void **state)
{
	char *argv[4];
	char line[128];

	(void)state;
	strcpy(line, "switch add sw0\n");
	assert_int_equal(parse_split_line(line, argv, 4), 3);
	assert_string_equal(argv[0], "switch");
	assert_string_equal(argv[1], "add");
	assert_string_equal(argv[2], "sw0");

	strcpy(line, "  \tswitch\t show \r\n");	/* CRLF files work */
	assert_int_equal(parse_split_line(line, argv, 4), 2);
	assert_string_equal(argv[0], "switch");
	assert_string_equal(argv[1], "show");

	strcpy(line, "switch del sw0 # gone # really");
	assert_int_equal(parse_split_line(line, argv, 4), 3);
	assert_string_equal(argv[2], "sw0");

	strcpy(line, "switch add a#b");	/* '#' inside a word is no comment */
	assert_int_equal(parse_split_line(line, argv, 4), 3);
	assert_string_equal(argv[2], "a#b");

	strcpy(line, "a b c d");
	assert_int_equal(parse_split_line(line, argv, 4), 4);
	strcpy(line, "a b c d e");
	assert_int_equal(parse_split_line(line, argv, 4), -1);
	strcpy(line, "a b c d # e f");
	assert_int_equal(parse_split_line(line, argv, 4), 4);
}

static void split_blank_and_comment(void **state)
{
	static const char *const empty[] = {
		"", "\n", "   \t  \n", "\r\n", "# a comment\n", "   # indented\n",
		"#switch add sw0",
	};
	char *argv[4], line[64];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(empty); i++) {
		strcpy(line, empty[i]);
		assert_int_equal(parse_split_line(line, argv, 4), 0);
	}
}

static void unicast_mac(void **state)
{
	static const uint8_t want[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	static const struct {
		const char *in, *why;
	} bad[] = {
		{ "ff:ff:ff:ff:ff:ff",
		  "broadcast address (a VM's MAC must be unicast)" },
		{ "01:00:5e:00:00:01",
		  "multicast address (a VM's MAC must be unicast)" },
		{ "33:33:00:00:00:01",
		  "multicast address (a VM's MAC must be unicast)" },
		{ "00:00:00:00:00:00",
		  "all-zero address (a VM's MAC must be unicast)" },
		{ "00:00:00:00:00", "not a MAC address (expected xx:xx:xx:xx:xx:xx)" },
	};
	uint8_t mac[6] = { 9, 9, 9, 9, 9, 9 };
	const char *why;
	size_t i;

	(void)state;
	assert_int_equal(parse_unicast_mac("02:00:00:00:00:01", mac, &why), 0);
	assert_memory_equal(mac, want, 6);
	/* Locally administered and OUI-based unicast are both fine. */
	assert_int_equal(parse_unicast_mac("00:00:00:00:00:01", mac, &why), 0);
	assert_int_equal(parse_unicast_mac("fe:ff:ff:ff:ff:ff", mac, &why), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memcpy(mac, want, 6);
		if (!parse_unicast_mac(bad[i].in, mac, &why))
			fail_msg("\"%s\" accepted", bad[i].in);
		assert_string_equal(why, bad[i].why);
		assert_memory_equal(mac, want, 6);	/* untouched */
	}
}

static void host_ipv4(void **state)
{
	static const struct {
		const char *in, *why;
	} bad[] = {
		{ "0.0.0.0", "0.0.0.0 is not a host address" },
		{ "0.0.0.1", "0.0.0.0/8 is not a host address" },
		{ "127.0.0.1", "loopback address, not a host address" },
		{ "255.255.255.255", "broadcast address, not a host address" },
		{ "224.0.0.1", "multicast address, not a host address" },
		{ "239.255.255.255", "multicast address, not a host address" },
		{ "10.0.0.256", "not an IPv4 address" },
		{ "10.0.0", "not an IPv4 address" },
	};
	struct in_addr a;
	const char *why;
	size_t i;

	(void)state;
	assert_int_equal(parse_host_ipv4("10.0.0.5", &a, &why), 0);
	assert_memory_equal(&a.s_addr, "\x0a\x00\x00\x05", 4);
	assert_int_equal(parse_host_ipv4("223.255.255.255", &a, &why), 0);
	assert_int_equal(parse_host_ipv4("240.0.0.1", &a, &why), 0);
	assert_int_equal(parse_host_ipv4("1.0.0.1", &a, &why), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (!parse_host_ipv4(bad[i].in, &a, &why))
			fail_msg("\"%s\" accepted", bad[i].in);
		assert_string_equal(why, bad[i].why);
	}
}

/* IPv4 by the rules of parse_host_ipv4(), IPv6 when there is a ':'. */
static void host_addr(void **state)
{
	static const struct {
		const char *in, *why;
	} bad[] = {
		{ "0.0.0.0", "0.0.0.0 is not a host address" },
		{ "224.0.0.1", "multicast address, not a host address" },
		{ "255.255.255.255", "broadcast address, not a host address" },
		{ "10.0.0", "not an IPv4 or IPv6 address" },
		{ "host", "not an IPv4 or IPv6 address" },
		{ "", "not an IPv4 or IPv6 address" },
		{ "::", ":: is not a host address" },
		{ "0:0::0", ":: is not a host address" },
		{ "::1", "loopback address, not a host address" },
		{ "ff02::1", "multicast address, not a host address" },
		{ "ff00::", "multicast address, not a host address" },
		{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe",
		  "multicast address, not a host address" },
		{ "::ffff:10.0.0.5", "IPv4-mapped address: use the IPv4 form" },
		{ "::ffff:a00:5", "IPv4-mapped address: use the IPv4 form" },
		{ "2001:db8::g", "not an IPv6 address" },
		{ "2001:db8:::5", "not an IPv6 address" },
		{ "1:2:3:4:5:6:7:8:9", "not an IPv6 address" },
		{ "2001:db8::5/64", "not an IPv6 address" },
		{ "[2001:db8::5]", "not an IPv6 address" },
		{ "fe80::1%eth0", "not an IPv6 address" },
		{ "10.0.0.5:80", "not an IPv6 address" },
	};
	static const uint8_t db8_5[16] = { 0x20, 0x01, 0x0d, 0xb8,
					   [15] = 5 };
	static const struct vsw_addr zero;
	struct vsw_addr a, keep;
	char buf[ADDR_STRLEN];
	const char *why;
	size_t i;

	(void)state;
	memset(&a, 0xee, sizeof(a));
	assert_int_equal(parse_host_addr("10.0.0.5", &a, &why), 0);
	assert_int_equal(a.family, AF_INET);
	assert_memory_equal(&a.v4.s_addr, "\x0a\x00\x00\x05", 4);
	/* The rest of the union is zero: addresses compare as bytes. */
	assert_memory_equal((char *)&a.v6 + 4, (char *)&zero.v6 + 4, 12);
	assert_int_equal(vsw_addr_len(&a), 4);
	assert_string_equal(fmt_addr(buf, &a), "10.0.0.5");

	assert_int_equal(parse_host_addr("2001:DB8:0:0::5", &a, &why), 0);
	assert_int_equal(a.family, AF_INET6);
	assert_memory_equal(&a.v6, db8_5, 16);
	assert_int_equal(vsw_addr_len(&a), 16);
	/* Printed in the normal (RFC 5952) form, whatever was typed. */
	assert_string_equal(fmt_addr(buf, &a), "2001:db8::5");

	/* Unicast IPv6 of every kind that is not refused. */
	assert_int_equal(parse_host_addr("fe80::1", &a, &why), 0);
	assert_int_equal(parse_host_addr("fd00::10:0:0:5", &a, &why), 0);
	assert_int_equal(parse_host_addr("::2", &a, &why), 0);
	assert_int_equal(parse_host_addr("fe00::1", &a, &why), 0);
	assert_int_equal(parse_host_addr("64:ff9b::10.0.0.5", &a, &why), 0);
	assert_string_equal(fmt_addr(buf, &a), "64:ff9b::a00:5");
	/* The longest text: 8 groups of 4 digits. */
	assert_int_equal(parse_host_addr(
		"feff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", &a, &why), 0);
	assert_string_equal(fmt_addr(buf, &a),
			    "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&a, 0x5a, sizeof(a));
		keep = a;
		if (!parse_host_addr(bad[i].in, &a, &why))
			fail_msg("\"%s\" accepted", bad[i].in);
		if (strcmp(why, bad[i].why))
			fail_msg("\"%s\": \"%s\", want \"%s\"", bad[i].in, why,
				 bad[i].why);
		assert_memory_equal(&a, &keep, sizeof(a));	/* untouched */
	}

	a.family = AF_UNSPEC;
	assert_string_equal(fmt_addr(buf, &a), "?");
}

static void switch_settings(void **state)
{
	const char *why;
	uint32_t max;
	uint8_t v;

	(void)state;
	assert_int_equal(parse_ttl("1", &v, &why), 0);
	assert_int_equal(v, 1);
	assert_int_equal(parse_ttl("255", &v, &why), 0);
	assert_int_equal(v, 255);
	assert_int_equal(parse_ttl("0", &v, &why), -1);
	assert_string_equal(why, "out of range (1-255)");
	assert_int_equal(parse_ttl("256", &v, &why), -1);
	assert_int_equal(parse_ttl("-1", &v, &why), -1);
	assert_string_equal(why, "out of range (negative)");

	assert_int_equal(parse_tos("inherit", &v, &why), 0);
	assert_int_equal(v, VSW_TOS_INHERIT);
	assert_int_equal(parse_tos("0", &v, &why), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_tos("0xb8", &v, &why), 0);	/* EF */
	assert_int_equal(v, 0xb8);
	assert_int_equal(parse_tos("255", &v, &why), 0);
	assert_int_equal(parse_tos("256", &v, &why), -1);
	assert_string_equal(why, "out of range (0-255, or \"inherit\")");
	assert_int_equal(parse_tos("Inherit", &v, &why), -1);
	assert_string_equal(why, "expected 0-255 or \"inherit\"");

	assert_int_equal(parse_flowid("hash", &v, &why), 0);
	assert_int_equal(v, VSW_FLOWID_HASH);
	assert_int_equal(parse_flowid("zero", &v, &why), 0);
	assert_int_equal(v, VSW_FLOWID_ZERO);
	assert_int_equal(parse_flowid("0", &v, &why), -1);
	assert_string_equal(why, "expected \"hash\" or \"zero\"");

	assert_int_equal(parse_policy_max("1", &max, &why), 0);
	assert_int_equal(max, 1);
	assert_int_equal(parse_policy_max("16777216", &max, &why), 0);
	assert_int_equal(max, VSW_POLICY_MAX_LIMIT);
	assert_int_equal(parse_policy_max("0x1000000", &max, &why), 0);
	assert_int_equal(parse_policy_max("0", &max, &why), -1);
	assert_string_equal(why, "out of range (1-16777216)");
	assert_int_equal(parse_policy_max("16777217", &max, &why), -1);
	assert_int_equal(parse_policy_max("4294967296", &max, &why), -1);
	assert_string_equal(why, "out of range");
}

/* Customer route prefixes: ADDR/LEN of either family, host bits zero. */
static void prefixes(void **state)
{
	static const struct {
		const char *in, *out;
		int family;
	} ok[] = {
		{ "10.0.0.0/24", "10.0.0.0/24", AF_INET },
		{ "0.0.0.0/0", "0.0.0.0/0", AF_INET },
		{ "10.0.1.5/32", "10.0.1.5/32", AF_INET },
		{ "172.16.0.0/12", "172.16.0.0/12", AF_INET },
		{ "10.0.0.0/010", "10.0.0.0/10", AF_INET },	/* decimal */
		{ "FD10:0::/64", "fd10::/64", AF_INET6 },
		{ "::/0", "::/0", AF_INET6 },
		{ "2001:db8::5/128", "2001:db8::5/128", AF_INET6 },
		{ "10.0.0.128/25", "10.0.0.128/25", AF_INET },
		{ "fd10::80/121", "fd10::80/121", AF_INET6 },
	};
	static const struct {
		const char *in, *why;
	} bad[] = {
		{ "10.0.0.0", "missing /LEN (a prefix is ADDR/LEN, as 10.0.0.0/24)" },
		{ "", "missing /LEN (a prefix is ADDR/LEN, as 10.0.0.0/24)" },
		{ "10.0.0.0/", "missing prefix length after '/'" },
		{ "10.0.0.0/33", "prefix length out of range (0-32 for IPv4)" },
		{ "10.0.0.0/99999999999", "prefix length out of range (0-32 for IPv4)" },
		{ "fd10::/129", "prefix length out of range (0-128 for IPv6)" },
		{ "10.0.0.0/-1", "prefix length is not a number" },
		{ "10.0.0.0/+8", "prefix length is not a number" },
		{ "10.0.0.0/0x18", "prefix length is not a number" },
		{ "10.0.0.0/24 ", "prefix length is not a number" },
		{ "10.0.0.0/24/8", "prefix length is not a number" },
		{ "10.0.0/24", "not an IPv4 or IPv6 address" },
		{ "/24", "not an IPv4 or IPv6 address" },
		{ "net/24", "not an IPv4 or IPv6 address" },
		{ "fd10:::/64", "not an IPv6 address" },
		{ "0123456789012345678901234567890123456789012345678/8",
		  "not an IPv4 or IPv6 prefix" },
		{ "::ffff:10.0.0.0/120", "IPv4-mapped address: use the IPv4 form" },
	};
	static const struct {
		const char *in, *masked;
	} host_bits[] = {
		{ "10.0.0.1/24", "10.0.0.0/24" },
		{ "10.1.2.3/0", "0.0.0.0/0" },
		{ "10.0.0.3/31", "10.0.0.2/31" },
		{ "172.31.255.255/12", "172.16.0.0/12" },
		{ "fd10::1/64", "fd10::/64" },
		{ "2001:db8:0:1::/63", "2001:db8::/63" },
		{ "fd10::ff/121", "fd10::80/121" },
	};
	char buf[PREFIX_STRLEN];
	struct vsw_prefix p, keep;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		memset(&p, 0xee, sizeof(p));
		if (parse_prefix(ok[i].in, &p, &why))
			fail_msg("\"%s\" refused: %s", ok[i].in, why);
		assert_int_equal(p.addr.family, ok[i].family);
		assert_string_equal(fmt_prefix(buf, &p), ok[i].out);
	}
	assert_int_equal(parse_prefix("10.0.1.0/24", &p, &why), 0);
	assert_memory_equal(&p.addr.v4, "\x0a\x00\x01\x00", 4);
	assert_int_equal(p.len, 24);
	assert_int_equal(vsw_addr_len(&p.addr), 4);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&p, 0x5a, sizeof(p));
		keep = p;
		if (parse_prefix(bad[i].in, &p, &why) != -1)
			fail_msg("\"%s\" accepted", bad[i].in);
		if (strcmp(why, bad[i].why))
			fail_msg("\"%s\": \"%s\", want \"%s\"", bad[i].in, why,
				 bad[i].why);
		assert_memory_equal(&p, &keep, sizeof(p));	/* untouched */
	}

	/* Host bits: refused, and the prefix meant is given back. */
	for (i = 0; i < ARRAY_SIZE(host_bits); i++) {
		if (parse_prefix(host_bits[i].in, &p, &why) != PARSE_HOST_BITS)
			fail_msg("\"%s\": host bits not found", host_bits[i].in);
		assert_string_equal(why, "host bits set");
		assert_string_equal(fmt_prefix(buf, &p), host_bits[i].masked);
	}
}

/* The first address of a subnet, where there is room for one. */
static void gateways(void **state)
{
	static const struct {
		const char *prefix, *gw;
	} cases[] = {
		{ "10.0.0.0/24", "10.0.0.1" },
		{ "10.0.1.0/24", "10.0.1.1" },
		{ "10.0.0.4/30", "10.0.0.5" },
		{ "10.0.0.4/31", NULL },
		{ "10.0.0.4/32", NULL },
		{ "0.0.0.0/0", "0.0.0.1" },
		{ "fd10::/64", "fd10::1" },
		{ "fd10::4/126", "fd10::5" },
		{ "fd10::4/127", NULL },
		{ "fd10::4/128", NULL },
	};
	struct vsw_prefix p;
	char buf[ADDR_STRLEN];
	struct vsw_addr gw;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(parse_prefix(cases[i].prefix, &p, &why), 0);
		if (!cases[i].gw) {
			if (!prefix_gateway(&p, &gw))
				fail_msg("%s has a gateway", cases[i].prefix);
			continue;
		}
		if (prefix_gateway(&p, &gw))
			fail_msg("%s has no gateway", cases[i].prefix);
		assert_int_equal(gw.family, p.addr.family);
		assert_string_equal(fmt_addr(buf, &gw), cases[i].gw);
	}
}

/* Routing domains, next hops and the router MAC. */
static void route_values(void **state)
{
	struct vsw_addr a, keep;
	char buf[ADDR_STRLEN];
	const char *why;
	uint8_t mac[6];
	uint32_t rdid;

	(void)state;
	assert_int_equal(parse_rdid("1", &rdid, &why), 0);
	assert_int_equal(rdid, 1);
	assert_int_equal(parse_rdid("4294967295", &rdid, &why), 0);
	assert_int_equal(rdid, UINT32_MAX);
	assert_int_equal(parse_rdid("0x10", &rdid, &why), 0);
	assert_int_equal(rdid, 16);
	assert_int_equal(parse_rdid("0", &rdid, &why), -1);
	assert_string_equal(why, "out of range (1-4294967295)");
	assert_int_equal(parse_rdid("4294967296", &rdid, &why), -1);
	assert_string_equal(why, "out of range");
	assert_int_equal(parse_rdid("one", &rdid, &why), -1);
	assert_string_equal(why, "not a number");

	assert_int_equal(parse_nexthop("10.0.1.254", AF_INET, &a, &why), 0);
	assert_int_equal(a.family, AF_INET);
	assert_string_equal(fmt_addr(buf, &a), "10.0.1.254");
	assert_int_equal(parse_nexthop("fd10:1::fe", AF_INET6, &a, &why), 0);
	assert_int_equal(a.family, AF_INET6);
	assert_string_equal(fmt_addr(buf, &a), "fd10:1::fe");
	keep = a;
	assert_int_equal(parse_nexthop("10.0.1.254", AF_INET6, &a, &why), -1);
	assert_string_equal(why, "an IPv4 next hop for an IPv6 prefix");
	assert_int_equal(parse_nexthop("fd10:1::fe", AF_INET, &a, &why), -1);
	assert_string_equal(why, "an IPv6 next hop for an IPv4 prefix");
	/* The rules of a host address. */
	assert_int_equal(parse_nexthop("224.0.0.1", AF_INET, &a, &why), -1);
	assert_string_equal(why, "multicast address, not a host address");
	assert_int_equal(parse_nexthop("::", AF_INET6, &a, &why), -1);
	assert_string_equal(why, ":: is not a host address");
	assert_memory_equal(&a, &keep, sizeof(a));	/* untouched */

	assert_int_equal(parse_router_mac("02:76:73:77:00:01", mac, &why), 0);
	assert_memory_equal(mac, "\x02\x76\x73\x77\x00\x01", 6);
	assert_int_equal(parse_router_mac("01:00:5e:00:00:01", mac, &why), -1);
	assert_string_equal(why, "multicast address (the router MAC must be unicast)");
	assert_int_equal(parse_router_mac("ff:ff:ff:ff:ff:ff", mac, &why), -1);
	assert_string_equal(why, "broadcast address (the router MAC must be unicast)");
	assert_int_equal(parse_router_mac("00:00:00:00:00:00", mac, &why), -1);
	assert_string_equal(why, "all-zero address (the router MAC must be unicast)");
	assert_int_equal(parse_router_mac("02:76:73:77:00", mac, &why), -1);
	assert_string_equal(why, "not a MAC address (expected xx:xx:xx:xx:xx:xx)");
	assert_memory_equal(mac, "\x02\x76\x73\x77\x00\x01", 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(switch_name_valid),
		cmocka_unit_test(switch_name_invalid),
		cmocka_unit_test(u32_valid),
		cmocka_unit_test(u32_invalid),
		cmocka_unit_test(vsid_boundaries),
		cmocka_unit_test(mac_valid),
		cmocka_unit_test(mac_invalid),
		cmocka_unit_test(mac_unicast),
		cmocka_unit_test(ipv4_valid),
		cmocka_unit_test(ipv4_invalid),
		cmocka_unit_test(lookup_prefixes),
		cmocka_unit_test(split_line),
		cmocka_unit_test(split_blank_and_comment),
		cmocka_unit_test(unicast_mac),
		cmocka_unit_test(host_ipv4),
		cmocka_unit_test(host_addr),
		cmocka_unit_test(switch_settings),
		cmocka_unit_test(prefixes),
		cmocka_unit_test(gateways),
		cmocka_unit_test(route_values),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
