// SPDX-License-Identifier: GPL-2.0
/*
 * The command line of vsw-sflowd. See config.h.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <getopt.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "parse.h"
#include "sflow.h"

void config_usage(FILE *fp)
{
	fputs("Usage: vsw-sflowd [-c HOST[:PORT]]... [-a AGENT_ADDR] [-g GROUP]\n"
	      "                  [-p POLL_SECONDS] [-v]\n"
	      "\n"
	      "Export vsw's packet samples and counters as sFlow version 5.\n"
	      "\n"
	      "  -c HOST[:PORT]  a collector (IPv4 address or name; port 6343);\n"
	      "                  up to 8, default 127.0.0.1:6343\n"
	      "  -a AGENT_ADDR   the agent address in the datagrams (default: the\n"
	      "                  uplink's PA, else the host's first IPv4 address)\n"
	      "  -g GROUP        the psample group to read (default 1)\n"
	      "  -p SECONDS      counter polling interval, 1-3600 (default 20)\n"
	      "  -v              log every datagram sent\n"
	      "  -h, --help      print this help and exit\n"
	      "  -V, --version   print the version and exit\n"
	      "\n"
	      "See vsw-sflowd(8).\n", fp);
}

static void error(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Letters, digits, '-' and '.', as DNS names are: no lookup otherwise. */
static bool valid_hostname(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 253 || *s == '-' || *s == '.')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '.')
			return false;
	return true;
}

int config_parse_collector(const char *arg, struct sockaddr_in *sin,
			   char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_INET,
				  .ai_socktype = SOCK_DGRAM };
	struct addrinfo *res;
	char host[256];
	const char *colon, *why;
	uint32_t port = SFLOW_PORT;
	size_t len;
	int ret;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	colon = strchr(arg, ':');
	if (colon && strchr(colon + 1, ':')) {
		error(err, errlen, "invalid collector \"%s\": IPv6 collectors are not supported",
		      arg);
		return -1;
	}
	len = colon ? (size_t)(colon - arg) : strlen(arg);
	if (!len || len >= sizeof(host)) {
		error(err, errlen, "invalid collector \"%s\": %s", arg,
		      len ? "host name too long" : "missing host");
		return -1;
	}
	memcpy(host, arg, len);
	host[len] = '\0';
	if (colon && (parse_u32(colon + 1, &port, &why) || !port ||
		      port > 65535)) {
		error(err, errlen, "invalid collector \"%s\": bad port \"%s\" (1-65535)",
		      arg, colon + 1);
		return -1;
	}
	sin->sin_port = htons(port);
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1)
		goto check;
	if (strspn(host, "0123456789.") == len) {
		/* numbers and dots: meant as an address, not a name */
		error(err, errlen, "invalid collector \"%s\": not an IPv4 address",
		      arg);
		return -1;
	}
	if (!valid_hostname(host)) {
		error(err, errlen, "invalid collector \"%s\": not an IPv4 address or host name",
		      arg);
		return -1;
	}
	ret = getaddrinfo(host, NULL, &hints, &res);
	if (ret) {
		error(err, errlen, "invalid collector \"%s\": cannot resolve \"%s\": %s",
		      arg, host, gai_strerror(ret));
		return -1;
	}
	sin->sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
	freeaddrinfo(res);
check:
	if (!sin->sin_addr.s_addr || IN_MULTICAST(ntohl(sin->sin_addr.s_addr))) {
		error(err, errlen, "invalid collector \"%s\": not a unicast address",
		      arg);
		return -1;
	}
	return 0;
}

static const struct option options[] = {
	{ "collector", required_argument, NULL, 'c' },
	{ "agent", required_argument, NULL, 'a' },
	{ "group", required_argument, NULL, 'g' },
	{ "poll", required_argument, NULL, 'p' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

enum config_result config_parse(int argc, char **argv, struct config *c,
				char *err, size_t errlen)
{
	const char *why;
	int opt;

	memset(c, 0, sizeof(*c));
	c->group = 1;
	c->poll = CONFIG_POLL_DEFAULT;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":c:a:g:p:vhV", options,
				  NULL)) != -1) {
		switch (opt) {
		case 'c':
			if (c->ncollectors == CONFIG_COLLECTORS_MAX) {
				error(err, errlen, "too many collectors (at most %d)",
				      CONFIG_COLLECTORS_MAX);
				return CONFIG_ERROR;
			}
			if (config_parse_collector(optarg,
						   &c->collectors[c->ncollectors],
						   err, errlen))
				return CONFIG_ERROR;
			c->ncollectors++;
			break;
		case 'a':
			if (inet_pton(AF_INET, optarg, &c->agent) != 1 ||
			    !c->agent.s_addr ||
			    IN_MULTICAST(ntohl(c->agent.s_addr)) ||
			    c->agent.s_addr == INADDR_BROADCAST) {
				error(err, errlen, "invalid agent address \"%s\": not a unicast IPv4 address",
				      optarg);
				return CONFIG_ERROR;
			}
			c->has_agent = true;
			break;
		case 'g':
			if (parse_u32(optarg, &c->group, &why)) {
				error(err, errlen, "invalid group \"%s\": %s",
				      optarg, why);
				return CONFIG_ERROR;
			}
			break;
		case 'p':
			if (parse_u32(optarg, &c->poll, &why) || !c->poll ||
			    c->poll > CONFIG_POLL_MAX) {
				error(err, errlen, "invalid polling interval \"%s\": out of range (1-%d seconds)",
				      optarg, CONFIG_POLL_MAX);
				return CONFIG_ERROR;
			}
			break;
		case 'v':
			c->verbose = true;
			break;
		case 'h':
			return CONFIG_HELP;
		case 'V':
			return CONFIG_VERSION;
		case ':':
			error(err, errlen, "option \"%s\" requires an argument",
			      argv[optind - 1]);
			return CONFIG_ERROR;
		default:
			if (optopt)
				error(err, errlen, "unknown option \"-%c\"",
				      optopt);
			else
				error(err, errlen, "unknown option \"%s\"",
				      argv[optind - 1]);
			return CONFIG_ERROR;
		}
	}
	if (optind < argc) {
		error(err, errlen, "unexpected argument \"%s\"", argv[optind]);
		return CONFIG_ERROR;
	}
	if (!c->ncollectors) {
		c->collectors[0].sin_family = AF_INET;
		c->collectors[0].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		c->collectors[0].sin_port = htons(SFLOW_PORT);
		c->ncollectors = 1;
	}
	return CONFIG_OK;
}
