/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The table of objects and their commands, and the parsing of
 * "OBJECT COMMAND ARGS..." into a struct request. Parsing is separate from
 * running and never touches netlink, so that all usage errors are found
 * (and tested) without a kernel.
 */
#ifndef VSWCTL_CMD_H
#define VSWCTL_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "switch.h"

struct report;
struct request;
struct vsw_nl;

struct output {
	FILE *fp;
	bool json;
};

struct command {
	const char *name;	/* first member: see parse_lookup() */
	const char *synopsis;	/* arguments, for help */
	/* Fill @req from the arguments after the command word. */
	int (*parse)(int argc, char **argv, struct request *req,
		     struct report *r);
	int (*run)(struct vsw_nl *nl, const struct request *req,
		   const struct output *out, struct report *r);
};

struct object {
	const char *name;	/* first member: see parse_lookup() */
	const struct command *cmds;	/* ends with a NULL name */
	const char *default_cmd;	/* run when no command is given */
};

struct request {
	const struct object *obj;	/* NULL for help on all objects */
	const struct command *cmd;	/* NULL for help */
	bool help;
	union {
		struct switch_args sw;
	};
};

/* Command tables, one per object file. */
extern const struct command switch_commands[];

/*
 * Parse "OBJECT COMMAND ARGS..." or "help [OBJECT]". Returns 0, or -1 with
 * a usage error in @r. Pointers in @req point into @argv.
 */
int cmd_parse(int argc, char **argv, struct request *req, struct report *r);
int cmd_run(struct vsw_nl *nl, const struct request *req,
	    const struct output *out, struct report *r);
/* Usage of one object, or of everything if @obj is NULL. */
void cmd_help(FILE *fp, const struct object *obj);

#endif /* VSWCTL_CMD_H */
