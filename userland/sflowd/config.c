// SPDX-License-Identifier: GPL-2.0
/*
 * The command line and the configuration file of vsw-sflowd. See config.h.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
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
	fputs("Usage: vsw-sflowd [-f FILE] [-c HOST[:PORT]]... [-a AGENT_ADDR]\n"
	      "                  [-g GROUP] [-p POLL_SECONDS] [-l ADDR:PORT] [-v]\n"
	      "\n"
	      "Export vsw's packet samples and counters as sFlow version 5.\n"
	      "\n"
	      "  -f FILE         read the settings the command line does not\n"
	      "                  give from FILE (e.g. /etc/vsw/sflowd.conf)\n"
	      "  -c HOST[:PORT]  a collector (IPv4 address or name; port 6343);\n"
	      "                  up to 8, default 127.0.0.1:6343\n"
	      "  -a AGENT_ADDR   the agent address in the datagrams (default: the\n"
	      "                  uplink's PA, else the host's first IPv4 address)\n"
	      "  -g GROUP        the psample group to read (default 1)\n"
	      "  -p SECONDS      counter polling interval, 1-3600 (default 20)\n"
	      "  -l ADDR:PORT    serve Prometheus metrics at http://ADDR:PORT/metrics\n"
	      "                  (ADDR an IPv4 address, 0.0.0.0 for all)\n"
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

static int parse_agent(const char *arg, struct in_addr *a, char *err,
		       size_t errlen)
{
	if (inet_pton(AF_INET, arg, a) != 1 || !a->s_addr ||
	    IN_MULTICAST(ntohl(a->s_addr)) || a->s_addr == INADDR_BROADCAST) {
		error(err, errlen, "invalid agent address \"%s\": not a unicast IPv4 address",
		      arg);
		return -1;
	}
	return 0;
}

static int parse_group(const char *arg, uint32_t *group, char *err,
		       size_t errlen)
{
	const char *why;

	if (parse_u32(arg, group, &why)) {
		error(err, errlen, "invalid group \"%s\": %s", arg, why);
		return -1;
	}
	return 0;
}

static int parse_poll(const char *arg, uint32_t *poll, char *err,
		      size_t errlen)
{
	const char *why;

	if (parse_u32(arg, poll, &why) || !*poll || *poll > CONFIG_POLL_MAX) {
		error(err, errlen, "invalid polling interval \"%s\": out of range (1-%d seconds)",
		      arg, CONFIG_POLL_MAX);
		return -1;
	}
	return 0;
}

int config_parse_listen(const char *arg, struct sockaddr_in *sin, char *err,
			size_t errlen)
{
	const char *colon = strrchr(arg, ':'), *why;
	char host[INET_ADDRSTRLEN];
	uint32_t port;
	size_t len;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	len = colon ? (size_t)(colon - arg) : 0;
	if (!colon || !len || len >= sizeof(host)) {
		error(err, errlen, "invalid listen address \"%s\": ADDR:PORT expected (ADDR an IPv4 address)",
		      arg);
		return -1;
	}
	memcpy(host, arg, len);
	host[len] = '\0';
	if (inet_pton(AF_INET, host, &sin->sin_addr) != 1 ||
	    IN_MULTICAST(ntohl(sin->sin_addr.s_addr)) ||
	    sin->sin_addr.s_addr == INADDR_BROADCAST) {
		error(err, errlen, "invalid listen address \"%s\": \"%s\" is not an IPv4 address of this host",
		      arg, host);
		return -1;
	}
	if (parse_u32(colon + 1, &port, &why) || !port || port > 65535) {
		error(err, errlen, "invalid listen address \"%s\": bad port \"%s\" (1-65535)",
		      arg, colon + 1);
		return -1;
	}
	sin->sin_port = htons(port);
	return 0;
}

static int add_collector(struct config *c, const char *arg, char *err,
			 size_t errlen)
{
	if (c->ncollectors == CONFIG_COLLECTORS_MAX) {
		error(err, errlen, "too many collectors (at most %d)",
		      CONFIG_COLLECTORS_MAX);
		return -1;
	}
	if (config_parse_collector(arg, &c->collectors[c->ncollectors], err,
				   errlen))
		return -1;
	c->ncollectors++;
	return 0;
}

/* A line longer than this is refused, not cut. */
#define CONFIG_LINE_MAX	1024

static const struct {
	const char *name;
	unsigned int flag;
} keywords[] = {
	{ "collector", CONFIG_SET_COLLECTOR },
	{ "agent", CONFIG_SET_AGENT },
	{ "group", CONFIG_SET_GROUP },
	{ "polling", CONFIG_SET_POLL },
	{ "listen", CONFIG_SET_LISTEN },
};

/*
 * One line, comment and newline removed: 0, or -1 with @msg set. A setting
 * that @keep marks goes to @scratch instead of @c: checked all the same.
 */
static int config_line(char *line, struct config *c, struct config *scratch,
		       unsigned int keep, unsigned int *seen, char *msg,
		       size_t msglen)
{
	char *kw, *val, *extra, *save;
	unsigned int flag = 0;
	size_t i;

	kw = strtok_r(line, " \t\r", &save);
	if (!kw)
		return 0;
	val = strtok_r(NULL, " \t\r", &save);
	extra = strtok_r(NULL, " \t\r", &save);
	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (!strcmp(kw, keywords[i].name))
			flag = keywords[i].flag;
	if (!flag) {
		error(msg, msglen, "unknown keyword \"%s\" (collector, agent, group, polling, listen)",
		      kw);
		return -1;
	}
	if (!val) {
		error(msg, msglen, "\"%s\" needs a value", kw);
		return -1;
	}
	if (extra) {
		error(msg, msglen, "unexpected \"%s\" after \"%s %s\"", extra, kw,
		      val);
		return -1;
	}
	if (flag != CONFIG_SET_COLLECTOR && (*seen & flag)) {
		error(msg, msglen, "\"%s\" given twice", kw);
		return -1;
	}
	*seen |= flag;
	if (keep & flag)
		c = scratch;	/* the command line's value wins */
	switch (flag) {
	case CONFIG_SET_COLLECTOR:
		return add_collector(c, val, msg, msglen);
	case CONFIG_SET_AGENT:
		if (parse_agent(val, &c->agent, msg, msglen))
			return -1;
		c->has_agent = true;
		return 0;
	case CONFIG_SET_GROUP:
		return parse_group(val, &c->group, msg, msglen);
	case CONFIG_SET_LISTEN:
		if (config_parse_listen(val, &c->listen, msg, msglen))
			return -1;
		c->has_listen = true;
		return 0;
	default:
		return parse_poll(val, &c->poll, msg, msglen);
	}
}

int config_read_file(FILE *fp, const char *name, struct config *c,
		     unsigned int keep, char *err, size_t errlen)
{
	char line[CONFIG_LINE_MAX + 2], msg[400], *hash;
	unsigned int lineno = 0, seen = 0;
	struct config scratch = { 0 };
	size_t len;

	while (fgets(line, sizeof(line), fp)) {
		lineno++;
		len = strlen(line);
		if (len && line[len - 1] == '\n') {
			line[--len] = '\0';
		} else if (len > CONFIG_LINE_MAX) {
			error(err, errlen, "%s:%u: line longer than %d characters",
			      name, lineno, CONFIG_LINE_MAX);
			return -1;
		}
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		if (config_line(line, c, &scratch, keep, &seen, msg,
				sizeof(msg))) {
			error(err, errlen, "%s:%u: %s", name, lineno, msg);
			return -1;
		}
	}
	if (ferror(fp)) {
		error(err, errlen, "%s: read error", name);
		return -1;
	}
	return 0;
}

static const struct option options[] = {
	{ "config", required_argument, NULL, 'f' },
	{ "collector", required_argument, NULL, 'c' },
	{ "agent", required_argument, NULL, 'a' },
	{ "group", required_argument, NULL, 'g' },
	{ "poll", required_argument, NULL, 'p' },
	{ "listen", required_argument, NULL, 'l' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int read_file(const char *path, struct config *c, unsigned int keep,
		     char *err, size_t errlen)
{
	FILE *fp;
	int ret;

	fp = fopen(path, "re");
	if (!fp) {
		error(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	ret = config_read_file(fp, path, c, keep, err, errlen);
	fclose(fp);
	return ret;
}

enum config_result config_parse(int argc, char **argv, struct config *c,
				char *err, size_t errlen)
{
	const char *file = NULL;
	unsigned int set = 0;
	int opt;

	memset(c, 0, sizeof(*c));
	c->group = 1;
	c->poll = CONFIG_POLL_DEFAULT;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":f:c:a:g:p:l:vhV", options,
				  NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (file) {
				error(err, errlen, "-f given twice");
				return CONFIG_ERROR;
			}
			file = optarg;
			break;
		case 'c':
			if (add_collector(c, optarg, err, errlen))
				return CONFIG_ERROR;
			set |= CONFIG_SET_COLLECTOR;
			break;
		case 'a':
			if (parse_agent(optarg, &c->agent, err, errlen))
				return CONFIG_ERROR;
			c->has_agent = true;
			set |= CONFIG_SET_AGENT;
			break;
		case 'g':
			if (parse_group(optarg, &c->group, err, errlen))
				return CONFIG_ERROR;
			set |= CONFIG_SET_GROUP;
			break;
		case 'p':
			if (parse_poll(optarg, &c->poll, err, errlen))
				return CONFIG_ERROR;
			set |= CONFIG_SET_POLL;
			break;
		case 'l':
			if (config_parse_listen(optarg, &c->listen, err, errlen))
				return CONFIG_ERROR;
			c->has_listen = true;
			set |= CONFIG_SET_LISTEN;
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
	if (file && read_file(file, c, set, err, errlen))
		return CONFIG_ERROR;
	if (!c->ncollectors) {
		c->collectors[0].sin_family = AF_INET;
		c->collectors[0].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		c->collectors[0].sin_port = htons(SFLOW_PORT);
		c->ncollectors = 1;
	}
	return CONFIG_OK;
}
