/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The table of objects and their commands, and the parsing of
 * "OBJECT COMMAND ARGS..." into a struct request. Parsing is separate from
 * running and never touches netlink, so that all usage errors are found
 * (and tested) without a kernel.
 */
#ifndef VSWCTL_CMD_H
#define VSWCTL_CMD_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "monitor.h"
#include "policy.h"
#include "port.h"
#include "route.h"
#include "sample.h"
#include "save.h"
#include "stats.h"
#include "switch.h"
#include "uplink.h"

struct batch;
struct json;
struct report;
struct request;
struct vsw_nl;

struct output {
	FILE *fp;
	bool json;
	bool pretty;	/* -p: indented JSON */
	/* Put in front of every line of text output (the summary's "  "). */
	const char *indent;
	/*
	 * Device name of an ifindex, like if_indextoname() (used if NULL);
	 * the tests put a fake here so that output does not depend on the
	 * devices of the machine.
	 */
	char *(*ifname)(unsigned int ifindex, char *buf);
};

struct command {
	const char *name;	/* first member: see parse_lookup() */
	const char *synopsis;	/* arguments, for help */
	/* Fill @req from the arguments after the command word. */
	int (*parse)(int argc, char **argv, struct request *req,
		     struct report *r);
	int (*run)(struct vsw_nl *nl, const struct request *req,
		   const struct output *out, struct report *r);
	/*
	 * If set, the command is queued into a batch (many records in one
	 * netlink message, see batch.h) instead of being run; @line is
	 * reported with its errors.
	 */
	int (*queue)(struct batch *b, const struct request *req,
		     unsigned long line);
};

struct object {
	const char *name;	/* first member: see parse_lookup() */
	const struct command *cmds;	/* ends with a NULL name */
	const char *default_cmd;	/* run when no command is given */
	/*
	 * The object takes no command word ("monitor [NAME]"): its one
	 * command, cmds[0], parses everything after the object.
	 */
	bool no_command;
	/* Printed after the object's usage lines, if set. */
	const char *note;
};

struct request {
	const struct object *obj;	/* NULL for help on all objects */
	const struct command *cmd;	/* NULL for help */
	bool help;
	union {
		struct switch_args sw;
		struct uplink_args up;
		struct port_args port;
		struct policy_args pol;
		struct stats_args st;
		struct monitor_args mon;
		struct sample_args sample;
		struct route_args route;
		struct save_args save;
	};
};

/* Command tables, one per object file. */
extern const struct command switch_commands[];
extern const struct command uplink_commands[];
extern const struct command port_commands[];
extern const struct command policy_commands[];
extern const struct command stats_commands[];
extern const struct command top_commands[];
extern const struct command monitor_commands[];
extern const struct command sample_commands[];
extern const struct command route_commands[];
extern const struct command save_commands[];

/*
 * Parse "OBJECT COMMAND ARGS..." or "help [OBJECT]". Returns 0, or -1 with
 * a usage error in @r. Pointers in @req point into @argv.
 */
int cmd_parse(int argc, char **argv, struct request *req, struct report *r);
int cmd_run(struct vsw_nl *nl, const struct request *req,
	    const struct output *out, struct report *r);
/* Usage of one object, or of everything if @obj is NULL. */
void cmd_help(FILE *fp, const struct object *obj);

/*
 * Arguments "NAME KEYWORD VALUE..." of a command: the switch name first,
 * then keywords in any order, each at most once. @what ("port add")
 * starts the error messages. On success @name is the (valid) switch name
 * and each keyword's @val is its value, or NULL if it was not given.
 *
 * A word listed N times in @kw may be given up to N times, its values
 * filling those entries in the order given ("uplink set ... pa A pa B").
 */
struct keyword {
	const char *word;
	bool required;
	const char *val;	/* out */
};

int cmd_parse_keywords(const char *what, int argc, char **argv,
		       const char **name, struct keyword *kw, size_t n,
		       struct report *r);
/* NAME alone; with @optional, also nothing (*name is then NULL). */
int cmd_parse_name(const char *what, int argc, char **argv, bool optional,
		   const char **name, struct report *r);
/*
 * A device that exists in this network namespace; report_fail() if not.
 * With cmd_remote_devices (vswctl --etcd: the device is another host's)
 * only the name is checked, and *ifindex is 0.
 */
extern bool cmd_remote_devices;
int cmd_parse_dev(const char *what, const char *dev, uint32_t *ifindex,
		  struct report *r);

/* Formatting shared by the objects. */
#define MAC_STRLEN	18
#define IPV4_STRLEN	16
const char *fmt_mac(char buf[MAC_STRLEN], const uint8_t mac[6]);
const char *fmt_ipv4(char buf[IPV4_STRLEN], const void *addr);
/* Start a JSON document on out->fp, pretty if out->pretty. */
void out_json_init(struct json *j, const struct output *out);
/* out->indent, or "". */
const char *out_indent(const struct output *out);
/* Name of @ifindex in the current namespace (via out->ifname), or NULL. */
const char *out_ifname(const struct output *out, uint32_t ifindex,
		       char buf[IF_NAMESIZE]);

#endif /* VSWCTL_CMD_H */
