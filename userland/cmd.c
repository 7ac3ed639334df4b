// SPDX-License-Identifier: GPL-2.0
/*
 * Objects, commands and their dispatch. See cmd.h.
 *
 * To add an object: write OBJECT.c with a NULL-terminated command table,
 * declare the table in cmd.h, put its arguments in struct request and add
 * a line to objects[] below.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "parse.h"
#include "report.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define ADDR_NOTE	"ADDR is an IPv4 or an IPv6 address.\n"

static const struct object objects[] = {
	{ "switch", switch_commands, "show", false, NULL },
	{ "uplink", uplink_commands, "show", false,
	  ADDR_NOTE
	  "An uplink has an IPv4 PA, an IPv6 PA or one of each; a family\n"
	  "left out has none afterwards.\n" },
	{ "port", port_commands, "show", false, NULL },
	{ "policy", policy_commands, "show", false, ADDR_NOTE },
	{ "stats", stats_commands, "show", false, NULL },
	{ "sample", sample_commands, "show", false, NULL },
	{ "route", route_commands, "show", false,
	  "N, a routing domain, is 1 to 4294967295. ADDR/LEN is an IPv4 or an\n"
	  "IPv6 prefix whose host bits are zero; a next hop is an address of\n"
	  "its family.\n" },
	{ "monitor", monitor_commands, NULL, true, NULL },
	{ "top", top_commands, NULL, true,
	  "The same as \"vswctl stats show NAME -r [SECONDS]\": the rates of the\n"
	  "switch and its ports, redrawn in place every SECONDS (1).\n" },
	{ "save", save_commands, NULL, true,
	  "Prints a batch file that \"vswctl -b FILE\" reads back: the switches\n"
	  "(or NAME) with their settings, uplink, ports, routes, policy and\n"
	  "samplers.\n" },
};

#define NOBJECTS	ARRAY_SIZE(objects)

static size_t count_commands(const struct object *obj)
{
	size_t n = 0;

	while (obj->cmds[n].name)
		n++;
	return n;
}

/* "a, b, c": the names that @word is a prefix of, for an error message. */
static void list_matches(char *buf, size_t size, const char *word,
			 const void *table, size_t n, size_t stride)
{
	size_t len = strlen(word), used = 0, i;
	const char *name;

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++) {
		memcpy(&name, (const char *)table + i * stride, sizeof(name));
		if (strncmp(name, word, len))
			continue;
		used += snprintf(buf + used, size - used, "%s%s",
				 used ? ", " : "", name);
	}
}

static const struct object *find_object(const char *word, struct report *r)
{
	char matches[128];
	int i;

	i = parse_lookup(word, objects, NOBJECTS, sizeof(objects[0]));
	if (i >= 0)
		return &objects[i];
	if (i == PARSE_AMBIGUOUS) {
		list_matches(matches, sizeof(matches), word, objects, NOBJECTS,
			     sizeof(objects[0]));
		report_usage(r, "ambiguous object \"%s\" (%s)", word, matches);
	} else {
		report_usage(r, "unknown object \"%s\" (try \"vswctl help\")",
			     word);
	}
	return NULL;
}

static const struct command *find_command(const struct object *obj,
					  const char *word, struct report *r)
{
	size_t n = count_commands(obj);
	char matches[128];
	int i;

	i = parse_lookup(word, obj->cmds, n, sizeof(obj->cmds[0]));
	if (i >= 0)
		return &obj->cmds[i];
	if (i == PARSE_AMBIGUOUS) {
		list_matches(matches, sizeof(matches), word, obj->cmds, n,
			     sizeof(obj->cmds[0]));
		report_usage(r, "ambiguous %s command \"%s\" (%s)", obj->name,
			     word, matches);
	} else {
		report_usage(r, "unknown %s command \"%s\" (try \"vswctl %s help\")",
			     obj->name, word, obj->name);
	}
	return NULL;
}

static int parse_help(int argc, char **argv, struct request *req,
		      struct report *r)
{
	req->help = true;
	if (argc > 1) {
		req->obj = find_object(argv[1], r);
		if (!req->obj)
			return -1;
	}
	if (argc > 2) {
		report_usage(r, "help: unexpected argument \"%s\"", argv[2]);
		return -1;
	}
	return 0;
}

int cmd_parse(int argc, char **argv, struct request *req, struct report *r)
{
	memset(req, 0, sizeof(*req));
	if (argc < 1) {
		report_usage(r, "missing object (try \"vswctl help\")");
		return -1;
	}
	if (!strcmp(argv[0], "help"))
		return parse_help(argc, argv, req, r);

	req->obj = find_object(argv[0], r);
	if (!req->obj)
		return -1;
	if (argc > 1 && !strcmp(argv[1], "help")) {
		req->help = true;
		if (argc > 2) {
			report_usage(r, "%s help: unexpected argument \"%s\"",
				     req->obj->name, argv[2]);
			return -1;
		}
		return 0;
	}
	if (req->obj->no_command) {
		req->cmd = &req->obj->cmds[0];
		return req->cmd->parse(argc - 1, argv + 1, req, r);
	}
	if (argc < 2) {
		if (!req->obj->default_cmd) {
			report_usage(r, "missing %s command (try \"vswctl %s help\")",
				     req->obj->name, req->obj->name);
			return -1;
		}
		req->cmd = find_command(req->obj, req->obj->default_cmd, r);
		return req->cmd ? req->cmd->parse(0, argv + 1, req, r) : -1;
	}
	req->cmd = find_command(req->obj, argv[1], r);
	if (!req->cmd)
		return -1;
	return req->cmd->parse(argc - 2, argv + 2, req, r);
}

int cmd_run(struct vsw_nl *nl, const struct request *req,
	    const struct output *out, struct report *r)
{
	return req->cmd->run(nl, req, out, r);
}

static void help_object(FILE *fp, const struct object *obj, const char *first,
			const char *rest)
{
	const struct command *cmd;

	if (obj->no_command) {
		fprintf(fp, "%svswctl %s %s\n", first, obj->name,
			obj->cmds[0].synopsis);
		return;
	}
	for (cmd = obj->cmds; cmd->name; cmd++, first = rest)
		fprintf(fp, "%svswctl %s %s%s%s\n", first, obj->name, cmd->name,
			*cmd->synopsis ? " " : "", cmd->synopsis);
}

void cmd_help(FILE *fp, const struct object *obj)
{
	size_t i;

	if (obj) {
		help_object(fp, obj, "Usage: ", "       ");
		if (obj->note)
			fprintf(fp, "\n%s", obj->note);
		return;
	}
	fputs("Usage: vswctl [OPTIONS] OBJECT COMMAND [ARGUMENTS]\n"
	      "       vswctl [OPTIONS] [-force] -b FILE\n"
	      "       vswctl [OPTIONS]            (a summary of every switch)\n"
	      "       vswctl help [OBJECT]\n"
	      "\n"
	      "Commands:\n", fp);
	for (i = 0; i < NOBJECTS; i++)
		help_object(fp, &objects[i], "  ", "  ");
	fputs("\n"
	      "Options:\n"
	      "  -j, -json           print JSON, one document per command\n"
	      "  -p, -pretty         indent the JSON\n"
	      "  -n, -netns NETNS    work in network namespace NETNS (ip netns)\n"
	      "  -b, -batch FILE     run the commands in FILE, one per line\n"
	      "                      (\"-\": standard input)\n"
	      "  -force              with -b: go on after a failed line\n"
	      "  -h, -help           print this help and exit\n"
	      "  -V, -version        print the versions (tools, module) and exit\n"
	      "  --etcd URL[,URL...] policy, route and port commands on etcd, not\n"
	      "                      the kernel; also \"status\" and \"wait [REVISION]\n"
	      "                      [timeout SECONDS]\"; with --prefix, --cacert,\n"
	      "                      --cert, --key, --user, --password-file (vswd's)\n"
	      "                      and --wait (see CLUSTER in vswctl(8))\n"
	      "\n"
	      "Options are words of their own (never grouped), with - or --;\n"
	      "a long name may be abbreviated.\n"
	      "OBJECT and COMMAND may be abbreviated to a unique prefix.\n"
	      ADDR_NOTE
	      "An uplink has at most one PA per family (\"pa A pa B\": one of each).\n"
	      "See vswctl(8).\n",
	      fp);
}

int cmd_parse_name(const char *what, int argc, char **argv, bool optional,
		   const char **name, struct report *r)
{
	const char *why;

	*name = NULL;
	if (!argc) {
		if (optional)
			return 0;
		report_usage(r, "%s: missing switch name", what);
		return -1;
	}
	if (argc > 1) {
		report_usage(r, "%s: unexpected argument \"%s\"", what, argv[1]);
		return -1;
	}
	if (parse_switch_name(argv[0], &why)) {
		report_usage(r, "invalid switch name \"%s\": %s", argv[0], why);
		return -1;
	}
	*name = argv[0];
	return 0;
}

/* True if kw[k]'s word is listed before it. */
static bool listed_before(const struct keyword *kw, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (!strcmp(kw[i].word, kw[k].word))
			return true;
	return false;
}

/* "dev, vsid, mac": the keywords, each once, for an error message. */
static void list_keywords(char *buf, size_t size, const struct keyword *kw,
			  size_t n)
{
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++)
		if (!listed_before(kw, i))
			used += snprintf(buf + used, size - used, "%s%s",
					 used ? ", " : "", kw[i].word);
}

/* How many times @word is listed in @kw. */
static size_t count_keyword(const struct keyword *kw, size_t n,
			    const char *word)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		count += !strcmp(kw[i].word, word);
	return count;
}

int cmd_parse_keywords(const char *what, int argc, char **argv,
		       const char **name, struct keyword *kw, size_t n,
		       struct report *r)
{
	char words[128];
	size_t k, times;
	bool known;
	int i;

	if (cmd_parse_name(what, argc ? 1 : 0, argv, false, name, r))
		return -1;
	for (k = 0; k < n; k++)
		kw[k].val = NULL;
	for (i = 1; i < argc; i += 2) {
		/* The first entry of this word that has no value yet. */
		known = false;
		for (k = 0; k < n; k++) {
			if (strcmp(argv[i], kw[k].word))
				continue;
			known = true;
			if (!kw[k].val)
				break;
		}
		if (!known) {
			list_keywords(words, sizeof(words), kw, n);
			report_usage(r, "%s: unknown keyword \"%s\" (expected %s)",
				     what, argv[i], words);
			return -1;
		}
		if (k == n) {
			times = count_keyword(kw, n, argv[i]);
			if (times == 1)
				report_usage(r, "%s: \"%s\" given twice", what,
					     argv[i]);
			else
				report_usage(r, "%s: \"%s\" given more than %zu times",
					     what, argv[i], times);
			return -1;
		}
		if (i + 1 == argc) {
			report_usage(r, "%s: \"%s\" needs a value", what,
				     argv[i]);
			return -1;
		}
		kw[k].val = argv[i + 1];
	}
	for (k = 0; k < n; k++) {
		if (kw[k].required && !kw[k].val) {
			report_usage(r, "%s: missing \"%s\"", what, kw[k].word);
			return -1;
		}
	}
	return 0;
}

bool cmd_remote_devices;

int cmd_parse_dev(const char *what, const char *dev, uint32_t *ifindex,
		  struct report *r)
{
	unsigned int i = 0;

	if (cmd_remote_devices) {
		*ifindex = 0;
		if (*dev && strlen(dev) < IF_NAMESIZE && strcmp(dev, ".") &&
		    strcmp(dev, "..") && !strpbrk(dev, "/: \t\n"))
			return 0;
		report_usage(r, "%s: invalid device name \"%s\"", what, dev);
		return -1;
	}

	if (strlen(dev) < IF_NAMESIZE)
		i = if_nametoindex(dev);
	if (!i) {
		report_fail(r, "%s: no device \"%s\"", what, dev);
		return -1;
	}
	*ifindex = i;
	return 0;
}

const char *fmt_mac(char buf[MAC_STRLEN], const uint8_t mac[6])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 6; i++) {
		buf[3 * i] = hex[mac[i] >> 4];
		buf[3 * i + 1] = hex[mac[i] & 15];
		buf[3 * i + 2] = i == 5 ? '\0' : ':';
	}
	return buf;
}

const char *fmt_ipv4(char buf[IPV4_STRLEN], const void *addr)
{
	return inet_ntop(AF_INET, addr, buf, IPV4_STRLEN);
}

const char *out_ifname(const struct output *out, uint32_t ifindex,
		       char buf[IF_NAMESIZE])
{
	if (!ifindex)
		return NULL;
	return out->ifname ? out->ifname(ifindex, buf) :
			     if_indextoname(ifindex, buf);
}

void out_json_init(struct json *j, const struct output *out)
{
	json_init_pretty(j, out->fp, out->pretty);
}

const char *out_indent(const struct output *out)
{
	return out->indent ? out->indent : "";
}
