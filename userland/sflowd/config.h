/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw-sflowd [-c HOST[:PORT]]... [-a AGENT_ADDR] [-g GROUP] [-p POLL_SECONDS]
 *            [-v]
 *
 * Parsing of the command line into a struct config, with one-line errors
 * and no other side effect than name resolution, so that the tests check
 * every rule.
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
 * "HOST[:PORT]": an IPv4 address or a host name (resolved to IPv4), port
 * 1-65535, default 6343. 0, or -1 with the reason in @err.
 */
int config_parse_collector(const char *arg, struct sockaddr_in *sin,
			   char *err, size_t errlen);

void config_usage(FILE *fp);

#endif /* VSW_SFLOWD_CONFIG_H */
