/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw-sflowd [-f FILE] [-c HOST[:PORT]]... [-a AGENT_ADDR] [-g GROUP]
 *            [-p POLL_SECONDS] [-l ADDR:PORT] [-v]
 *
 * Parsing of the command line and of the configuration file (-f) into a
 * struct config, with one-line errors (FILE:LINE: for the file) and no
 * other side effect than name resolution, so that the tests check every
 * rule. What the command line sets wins over the file.
 */
#ifndef VSW_SFLOWD_CONFIG_H
#define VSW_SFLOWD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

#define CONFIG_COLLECTORS_MAX	8
#define CONFIG_POLL_DEFAULT	20
#define CONFIG_POLL_MAX		3600

struct config {
	struct sockaddr_in collectors[CONFIG_COLLECTORS_MAX];
	size_t ncollectors;
	bool has_agent;
	struct in_addr agent;
	uint32_t group;
	uint32_t poll;		/* seconds */
	bool verbose;
	bool has_listen;	/* -l: serve metrics over HTTP */
	struct sockaddr_in listen;
};

/* Exit statuses. */
#define SFLOWD_EXIT_FAIL	1
#define SFLOWD_EXIT_USAGE	2

enum config_result {
	CONFIG_OK,
	CONFIG_HELP,		/* -h: print the usage, exit 0 */
	CONFIG_VERSION,		/* -V */
	CONFIG_ERROR,		/* @err says why; exit SFLOWD_EXIT_USAGE */
};

enum config_result config_parse(int argc, char **argv, struct config *c,
				char *err, size_t errlen);

/*
 * The configuration file (vsw-sflowd(8), FILES): one "KEYWORD VALUE" a
 * line, '#' starts a comment. Keywords: collector (repeatable), agent,
 * group, polling, listen. Fills in @c what @keep does not mark as set already
 * (CONFIG_SET_*: the command line's); every line is checked all the same.
 * @name is used in the errors, "NAME:LINE: what". 0, or -1 with the
 * reason in @err.
 */
#define CONFIG_SET_COLLECTOR	0x1
#define CONFIG_SET_AGENT	0x2
#define CONFIG_SET_GROUP	0x4
#define CONFIG_SET_POLL		0x8
#define CONFIG_SET_LISTEN	0x10

int config_read_file(FILE *fp, const char *name, struct config *c,
		     unsigned int keep, char *err, size_t errlen);

/*
 * "HOST[:PORT]": an IPv4 address or a host name (resolved to IPv4), port
 * 1-65535, default 6343. 0, or -1 with the reason in @err.
 */
int config_parse_collector(const char *arg, struct sockaddr_in *sin,
			   char *err, size_t errlen);

/*
 * "ADDR:PORT" to listen on: an IPv4 address (0.0.0.0: every one), port
 * 1-65535. 0, or -1 with the reason in @err.
 */
int config_parse_listen(const char *arg, struct sockaddr_in *sin, char *err,
			size_t errlen);

void config_usage(FILE *fp);

#endif /* VSW_SFLOWD_CONFIG_H */
