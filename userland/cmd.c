// SPDX-License-Identifier: GPL-2.0
/*
 * Objects, commands and their dispatch. See cmd.h.
 *
 * To add an object: write OBJECT.c with a NULL-terminated command table,
 * declare the table in cmd.h, put its arguments in struct request and add
 * a line to objects[] below.
 */
#include <string.h>

#include "cmd.h"
#include "parse.h"
#include "report.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const struct object objects[] = {
	{ "switch", switch_commands, "show" },
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
	if (argc < 2) {
		req->cmd = find_command(req->obj, req->obj->default_cmd, r);
		return req->cmd ? req->cmd->parse(0, argv + 1, req, r) : -1;
	}
	if (!strcmp(argv[1], "help")) {
		req->help = true;
		if (argc > 2) {
			report_usage(r, "%s help: unexpected argument \"%s\"",
				     req->obj->name, argv[2]);
			return -1;
		}
		return 0;
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

	for (cmd = obj->cmds; cmd->name; cmd++, first = rest)
		fprintf(fp, "%svswctl %s %s%s%s\n", first, obj->name, cmd->name,
			*cmd->synopsis ? " " : "", cmd->synopsis);
}

void cmd_help(FILE *fp, const struct object *obj)
{
	size_t i;

	if (obj) {
		help_object(fp, obj, "Usage: ", "       ");
		return;
	}
	fputs("Usage: vswctl [OPTIONS] OBJECT COMMAND [ARGUMENTS]\n"
	      "       vswctl [OPTIONS] -b FILE\n"
	      "       vswctl help [OBJECT]\n"
	      "\n"
	      "Commands:\n", fp);
	for (i = 0; i < NOBJECTS; i++)
		help_object(fp, &objects[i], "  ", "  ");
	fputs("\n"
	      "Options:\n"
	      "  -j, --json          print JSON, one document per command\n"
	      "  -b, --batch FILE    run the commands in FILE, one per line\n"
	      "                      (\"-\": standard input)\n"
	      "  -h, --help          print this help and exit\n"
	      "  -V, --version       print the version and exit\n"
	      "\n"
	      "OBJECT and COMMAND may be abbreviated to a unique prefix.\n"
	      "See vswctl(8).\n",
	      fp);
}
