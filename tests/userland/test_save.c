// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/save.c and the agreement of what vswctl shows
 * with what it takes: the lines "save" prints, in their order, each of
 * which must parse as the command it recreates; the keywords of "switch
 * show" and "uplink show", which must be those of "switch set" and
 * "uplink set"; and pretty JSON. No kernel needed: every device is "lo",
 * which exists everywhere, so that the lines parse with their devices.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include <linux/vsw.h>

#include "cmd.h"
#include "testutil.h"
#include "json.h"
#include "parse.h"
#include "report.h"
#include "save.h"
#include "uplink.h"

/*
 * Replies are collected across messages; emptying one list for a retried
 * dump leaves the others (a saved file once lost its ports and routes).
 */
static void collect_replies(void **state)
{
	struct save_switch s = { 0 };
	struct route_rec *route;
	struct nl_msg *msg;

	(void)state;
	msg = kmsg(VSW_CMD_PORT_GET);
	put_port(msg, 7, 5001, "\x02\x00\x00\x00\x00\x05");
	put_port(msg, 3, 6001, "\x02\x00\x00\x00\x00\x06");
	assert_int_equal(save_port_reply(nlmsg_hdr(msg), &s), 0);
	nlmsg_free(msg);
	msg = kmsg(VSW_CMD_POLICY_GET);
	put_policy(msg, 5001, "\x0a\x00\x00\x05", "\x02\x00\x00\x00\x00\x05",
		   "\xc0\xa8\x04\x0b");
	assert_int_equal(save_policy_reply(nlmsg_hdr(msg), &s), 0);
	assert_int_equal(save_policy_reply(nlmsg_hdr(msg), &s), 0);
	nlmsg_free(msg);
	/* Another command's reply is skipped. */
	msg = kmsg(VSW_CMD_SWITCH_GET);
	assert_int_equal(save_port_reply(nlmsg_hdr(msg), &s), 0);
	assert_int_equal(save_policy_reply(nlmsg_hdr(msg), &s), 0);
	nlmsg_free(msg);
	assert_int_equal(s.nports, 2);
	assert_int_equal(s.ports[1].vsid, 6001);
	assert_null(s.ports[0].stats);
	assert_int_equal(s.npolicy, 2);
	assert_int_equal(s.policy[1].vsid, 5001);

	route = calloc(1, sizeof(*route));
	assert_non_null(route);
	s.routes.v = route;
	s.routes.n = 1;
	save_restart(&s, VSW_CMD_POLICY_GET);
	assert_int_equal(s.npolicy, 0);
	assert_int_equal(s.nports, 2);
	assert_int_equal(s.routes.n, 1);
	save_restart(&s, VSW_CMD_ROUTE_GET);
	assert_int_equal(s.routes.n, 0);
	assert_int_equal(s.nports, 2);
	save_restart(&s, VSW_CMD_PORT_GET);
	assert_int_equal(s.nports, 0);
	save_switch_free(&s);
}

/* Devices: 1 is lo (parses), 9 is gone; others are named "lo" too. */
static char *lo_ifname(unsigned int ifindex, char *buf)
{
	if (ifindex == 9)
		return NULL;
	return strcpy(buf, "lo");
}

static void addr(struct vsw_addr *a, const char *s)
{
	const char *why;

	assert_int_equal(parse_host_addr(s, a, &why), 0);
}

static struct policy_rec rec(uint32_t vsid, const char *ca, const char *pa)
{
	struct policy_rec r = { .vsid = vsid,
				.mac = { 2, 0, 0, 0, 0x50, vsid & 0xff } };

	addr(&r.ca, ca);
	addr(&r.pa, pa);
	return r;
}

static void full_switch(struct switch_info *sw)
{
	memset(sw, 0, sizeof(*sw));
	strcpy(sw->name, "sw0");
	sw->has = SWITCH_HAS_UPLINK | SWITCH_HAS_PA | SWITCH_HAS_PA6 |
		  SWITCH_HAS_FLOWID | SWITCH_HAS_TTL | SWITCH_HAS_TOS |
		  SWITCH_HAS_PORTS | SWITCH_HAS_POLICY | SWITCH_HAS_POLICY_MAX |
		  SWITCH_HAS_ROUTER_MAC | SWITCH_HAS_HOLD_MAX |
		  SWITCH_HAS_HOLD_TIMEOUT | SWITCH_HAS_HELD |
		  SWITCH_HAS_OVER_LIMIT;
	sw->uplink_ifindex = 1;
	inet_pton(AF_INET, "192.168.4.11", &sw->pa);
	inet_pton(AF_INET6, "2001:db8:4::b", &sw->pa6);
	sw->flowid = VSW_FLOWID_ZERO;
	sw->ttl = 32;
	sw->tos = VSW_TOS_INHERIT;
	sw->ports = 2;
	sw->policy = 4;
	sw->policy_max = 1000;
	memcpy(sw->router_mac, "\x02\x76\x73\x77\x00\x09", 6);
	sw->hold_max = 0;
	sw->hold_timeout = 250;
	sw->held = 3;
	sw->policy_over_limit = 7;
}

static char *print_save(struct save_switch *s, int *ret)
{
	struct output out = { .ifname = lo_ifname };
	struct report r = { 0 };
	char *buf = NULL;
	size_t len;

	out.fp = open_memstream(&buf, &len);
	assert_non_null(out.fp);
	save_sort(s, &out);
	*ret = save_print(s, &out, &r);
	fclose(out.fp);
	return buf;
}

/* Every line of @text must parse as a command: the grammar of -b. */
static void parse_lines(char *text)
{
	char *argv[64], *line, *save = NULL;
	struct request req;
	struct report r;
	int argc;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		argc = parse_split_line(line, argv, 64);
		assert_true(argc > 0);
		if (cmd_parse(argc, argv, &req, &r))
			fail_msg("saved line does not parse: %s", r.msg);
	}
}

static void save_full(void **state)
{
	struct port_info ports[2] = {
		{ .ifindex = 1, .vsid = 6001, .mac = { 2, 0, 0, 0, 0x60, 5 } },
		{ .ifindex = 1, .vsid = 5001, .mac = { 2, 0, 0, 0, 0x50, 5 } },
	};
	struct route_rec routes[2] = {
		{ .rdid = 1, .vsid = 5001 },
		{ .rdid = 1, .vsid = 7001, .has_nexthop = true },
	};
	/* Out of order, as a hash table walks. */
	struct policy_rec policy[5];
	struct sample_info samples[1] = {
		{ .ifindex = 1, .rate = 1000, .group = 7, .trunc = 256,
		  .pool = 5, .samples = 1 },
	};
	struct switch_info sw;
	struct save_switch s;
	const char *why;
	char *text;
	int ret;

	(void)state;
	full_switch(&sw);
	policy[0] = rec(6001, "10.0.0.5", "192.168.4.11");
	policy[1] = rec(5001, "fd10::7", "2001:db8:4::16");
	policy[2] = rec(5001, "10.0.0.7", "192.168.4.22");
	policy[3] = rec(5001, "10.0.0.10", "192.168.4.22");
	policy[4] = rec(5001, "10.0.0.5", "2001:db8:4::b");
	assert_int_equal(parse_prefix("10.0.0.0/24", &routes[0].dst, &why), 0);
	assert_int_equal(parse_prefix("172.16.0.0/16", &routes[1].dst, &why), 0);
	addr(&routes[1].nexthop, "10.0.1.254");

	memset(&s, 0, sizeof(s));
	s.sw = &sw;
	s.ports = ports;
	s.nports = 2;
	s.routes.v = routes;
	s.routes.n = 2;
	s.policy = policy;
	s.npolicy = 5;
	s.samples.v = samples;
	s.samples.n = 1;
	text = print_save(&s, &ret);
	assert_int_equal(ret, 0);
	assert_string_equal(text,
		"switch add sw0\n"
		"switch set sw0 flowid zero ttl 32 tos inherit policy-max 1000 router-mac 02:76:73:77:00:09 hold-max 0 hold-timeout 250\n"
		"uplink set sw0 dev lo pa 192.168.4.11 pa 2001:db8:4::b\n"
		"port add sw0 dev lo vsid 6001 mac 02:00:00:00:60:05\n"
		"port add sw0 dev lo vsid 5001 mac 02:00:00:00:50:05\n"
		"route add sw0 rdid 1 vsid 5001 prefix 10.0.0.0/24\n"
		"route add sw0 rdid 1 vsid 7001 prefix 172.16.0.0/16 nexthop 10.0.1.254\n"
		"policy add sw0 vsid 5001 ca 10.0.0.5 mac 02:00:00:00:50:89 pa 2001:db8:4::b\n"
		"policy add sw0 vsid 5001 ca 10.0.0.7 mac 02:00:00:00:50:89 pa 192.168.4.22\n"
		"policy add sw0 vsid 5001 ca 10.0.0.10 mac 02:00:00:00:50:89 pa 192.168.4.22\n"
		"policy add sw0 vsid 5001 ca fd10::7 mac 02:00:00:00:50:89 pa 2001:db8:4::16\n"
		"policy add sw0 vsid 6001 ca 10.0.0.5 mac 02:00:00:00:50:71 pa 192.168.4.11\n"
		"sample set sw0 dev lo rate 1000 group 7 trunc 256\n");
	parse_lines(text);
	free(text);
}

static void save_bare_switch(void **state)
{
	struct switch_info sw = { .name = "b" };
	struct save_switch s = { .sw = &sw };
	char *text;
	int ret;

	(void)state;
	text = print_save(&s, &ret);
	assert_int_equal(ret, 0);
	assert_string_equal(text, "switch add b\n");
	free(text);
}

/* A device without a name cannot be written: an error, not "if9". */
static void save_nameless_device(void **state)
{
	struct port_info port = { .ifindex = 9, .vsid = 5001,
				  .mac = { 2, 0, 0, 0, 0, 1 } };
	struct switch_info sw = { .name = "sw0" };
	struct save_switch s = { .sw = &sw, .ports = &port, .nports = 1 };
	struct output out = { .ifname = lo_ifname };
	struct report r = { 0 };
	char *buf = NULL;
	size_t len;

	(void)state;
	out.fp = open_memstream(&buf, &len);
	assert_int_equal(save_print(&s, &out, &r), -1);
	fclose(out.fp);
	assert_int_equal(r.status, VSW_EXIT_FAIL);
	assert_string_equal(r.msg,
			    "save sw0: device 9 has no name (is it going away?)");
	free(buf);
}

static void policy_order(void **state)
{
	struct policy_rec a = rec(5001, "10.0.0.9", "192.168.4.11");
	struct policy_rec b = rec(5001, "10.0.1.0", "192.168.4.11");
	struct policy_rec c = rec(5001, "::2", "192.168.4.11");
	struct policy_rec d = rec(5002, "10.0.0.1", "192.168.4.11");

	(void)state;
	assert_true(save_policy_cmp(&a, &b) < 0);
	assert_true(save_policy_cmp(&b, &c) < 0);	/* IPv4 first */
	assert_true(save_policy_cmp(&c, &d) < 0);	/* VSID first */
	assert_true(save_policy_cmp(&d, &a) > 0);
	assert_int_equal(save_policy_cmp(&a, &a), 0);
}

/*
 * "switch show" and "uplink show": every pair they print that "switch
 * set" or "uplink set" takes is spelt as it takes it, and parses back to
 * the same value.
 */
static void show_keywords_are_set_keywords(void **state)
{
	static const char *const settable[] = {
		"flowid", "ttl", "tos", "policy-max", "router-mac", "hold-max",
		"hold-timeout",
	};
	static const char *const readonly[] = {
		"uplink", "pa", "ports", "policy", "held", "policy-over-limit",
	};
	struct output out = { .ifname = lo_ifname };
	struct switch_list l = { 0 };
	char *buf = NULL, *argv[64], *w[64];
	struct request req;
	struct report r;
	size_t len, i, k;
	int n, argc = 0;
	bool known;

	(void)state;
	l.v = calloc(1, sizeof(*l.v));
	l.n = 1;
	full_switch(&l.v[0]);
	out.fp = open_memstream(&buf, &len);
	switch_list_print(&l, &out);
	fclose(out.fp);
	assert_string_equal(buf,
		"switch sw0 uplink lo pa 192.168.4.11 pa 2001:db8:4::b flowid zero ttl 32 tos inherit ports 2 policy 4 policy-max 1000 router-mac 02:76:73:77:00:09 hold-max 0 hold-timeout 250 held 3 policy-over-limit 7\n");
	n = parse_split_line(buf, w, 64);
	assert_true(n > 2 && n % 2 == 0);
	argv[argc++] = "switch";
	argv[argc++] = "set";
	argv[argc++] = "sw0";
	for (i = 2; i < (size_t)n; i += 2) {
		known = false;
		for (k = 0; k < sizeof(settable) / sizeof(*settable); k++)
			known |= !strcmp(w[i], settable[k]);
		if (known) {
			argv[argc++] = w[i];
			argv[argc++] = w[i + 1];
			continue;
		}
		for (k = 0; k < sizeof(readonly) / sizeof(*readonly); k++)
			known |= !strcmp(w[i], readonly[k]);
		if (!known)
			fail_msg("\"switch show\" prints \"%s\", which is neither a keyword of \"switch set\" nor a known read-only one",
				 w[i]);
		assert_null(strchr(w[i], '_'));
	}
	assert_int_equal(cmd_parse(argc, argv, &req, &r), 0);
	assert_int_equal(req.sw.flowid, VSW_FLOWID_ZERO);
	assert_int_equal(req.sw.ttl, 32);
	assert_int_equal(req.sw.tos, VSW_TOS_INHERIT);
	assert_int_equal(req.sw.policy_max, 1000);
	assert_memory_equal(req.sw.router_mac, l.v[0].router_mac, 6);
	assert_int_equal(req.sw.hold_max, 0);
	assert_int_equal(req.sw.hold_timeout, 250);
	free(buf);

	/* "uplink show" prints the arguments of "uplink set". */
	out.fp = open_memstream(&buf, &len);
	uplink_list_print(&l, &out);
	fclose(out.fp);
	assert_string_equal(buf,
			    "uplink sw0 dev lo pa 192.168.4.11 pa 2001:db8:4::b\n");
	n = parse_split_line(buf, w, 64);
	argv[0] = "uplink";
	argv[1] = "set";
	for (i = 1; i < (size_t)n; i++)
		argv[i + 1] = w[i];
	assert_int_equal(cmd_parse(n + 1, argv, &req, &r), 0);
	assert_int_equal(req.up.npa, 2);
	free(buf);

	/* JSON: snake_case keys. */
	out.json = true;
	out.fp = open_memstream(&buf, &len);
	uplink_list_print(&l, &out);
	fclose(out.fp);
	assert_string_equal(buf,
			    "[{\"switch\":\"sw0\",\"dev\":\"lo\",\"ifindex\":1,\"pa\":\"192.168.4.11\",\"pa6\":\"2001:db8:4::b\"}]\n");
	free(buf);
	switch_list_free(&l);
}

/* -p: indented JSON, and empty containers stay "[]" and "{}". */
static void pretty_json(void **state)
{
	struct json j;
	char *buf = NULL;
	size_t len;
	FILE *fp;

	(void)state;
	fp = open_memstream(&buf, &len);
	json_init_pretty(&j, fp, true);
	json_array_begin(&j, NULL);
	json_object_begin(&j, NULL);
	json_string(&j, "name", "sw0");
	json_array_begin(&j, "ports");
	json_array_end(&j);
	json_object_begin(&j, "drops");
	json_uint(&j, "policy_miss", 2);
	json_object_end(&j);
	json_object_end(&j);
	json_object_begin(&j, NULL);
	json_object_end(&j);
	json_array_end(&j);
	assert_int_equal(json_finish(&j), 0);
	fclose(fp);
	assert_string_equal(buf,
			    "[\n"
			    "    {\n"
			    "        \"name\": \"sw0\",\n"
			    "        \"ports\": [],\n"
			    "        \"drops\": {\n"
			    "            \"policy_miss\": 2\n"
			    "        }\n"
			    "    },\n"
			    "    {}\n"
			    "]\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(collect_replies),
		cmocka_unit_test(save_full),
		cmocka_unit_test(save_bare_switch),
		cmocka_unit_test(save_nameless_device),
		cmocka_unit_test(policy_order),
		cmocka_unit_test(show_keywords_are_set_keywords),
		cmocka_unit_test(pretty_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
