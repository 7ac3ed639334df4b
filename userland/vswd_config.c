// SPDX-License-Identifier: GPL-2.0
/*
 * vswd's command line and configuration file. See vswd_config.h.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "vswd_config.h"

static const char *const names[VSWD_NSETTINGS] = {
	[VSWD_ENDPOINTS] = "endpoints",
	[VSWD_PREFIX] = "prefix",
	[VSWD_HOST] = "host",
	[VSWD_SWITCH] = "switch",
	[VSWD_PA] = "pa",
	[VSWD_CACERT] = "cacert",
	[VSWD_CERT] = "cert",
	[VSWD_KEY] = "key",
	[VSWD_USER] = "user",
	[VSWD_PASSWORD_FILE] = "password-file",
	[VSWD_LEASE_TTL] = "lease-ttl",
	[VSWD_MODE] = "mode",
};

void vswd_config_usage(FILE *fp)
{
	fputs("Usage: vswd [-f FILE] [-e URL[,URL...]] [-p PREFIX] [-H HOST]\n"
	      "            [-s SWITCH] [--pa ADDR[,ADDR]] [--cacert FILE]\n"
	      "            [--cert FILE] [--key FILE] [--user NAME]\n"
	      "            [--password-file FILE] [--lease-ttl SECONDS]\n"
	      "            [-m full|on-demand]\n"
	      "            [-n [--kernel-state FILE] [--miss-input FILE]]\n"
	      "            [--once] [-v]\n"
	      "       vswd -h | -V\n"
	      "\n"
	      "  -f, --config FILE     settings, one \"KEYWORD VALUE\" a line "
	      "(vswd(8))\n"
	      "  -e, --endpoints LIST  etcd's client URLs (default "
	      VSWD_ENDPOINT_DEFAULT ")\n"
	      "  -p, --prefix PREFIX   the key prefix (default "
	      VSWD_PREFIX_DEFAULT ")\n"
	      "  -H, --host HOST       this host's name (default: hostname)\n"
	      "  -s, --switch SWITCH   the switch to manage (default "
	      VSWD_SWITCH_DEFAULT ")\n"
	      "      --pa ADDR[,ADDR]  PAs to register (default: the uplink's)\n"
	      "      --cacert, --cert, --key FILE    TLS\n"
	      "      --user NAME, --password-file FILE   etcd authentication\n"
	      "      --lease-ttl N     registration lease, seconds (default 10)\n"
	      "  -m, --mode MODE       full (every record, the default) or\n"
	      "                        on-demand (policy fetched on a miss)\n"
	      "  -n, --dry-run         print the batches, leave the kernel alone\n"
	      "      --kernel-state FILE   with -n: the switch as "
	      "\"vswctl save\" printed it\n"
	      "      --miss-input FILE with -n, on-demand: miss events, one\n"
	      "                        \"vswctl monitor\" line each\n"
	      "      --once            list, apply, exit (1 if a line failed)\n"
	      "  -v, --verbose         say more\n"
	      "  -h, --help            print this help\n"
	      "  -V, --version         print the version\n", fp);
}

static enum vswd_config_result fail(char *err, size_t errlen,
				    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum vswd_config_result fail(char *err, size_t errlen,
				    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return VSWD_CONFIG_ERROR;
}

static int set(struct vswd_config *c, enum vswd_setting s, const char *v,
	       bool keep)
{
	if (keep && c->val[s])
		return 0;
	free(c->val[s]);
	c->val[s] = strdup(v);
	return c->val[s] ? 0 : -ENOMEM;
}

/* The file: settings not given on the command line. */
static enum vswd_config_result read_file(struct vswd_config *c,
					 const char *name, char *err,
					 size_t errlen)
{
	char *line = NULL, *p, *kw, *v, *end;
	unsigned long lineno = 0;
	size_t cap = 0;
	FILE *fp;
	int i;

	fp = fopen(name, "r");
	if (!fp)
		return fail(err, errlen, "%s: %s", name, strerror(errno));
	while (getline(&line, &cap, fp) >= 0) {
		lineno++;
		p = strchr(line, '#');
		if (p)
			*p = '\0';
		kw = line + strspn(line, " \t\r\n");
		if (!*kw)
			continue;
		v = kw + strcspn(kw, " \t\r\n");
		if (*v)
			*v++ = '\0';
		v += strspn(v, " \t");
		end = v + strlen(v);
		while (end > v && isspace((unsigned char)end[-1]))
			*--end = '\0';
		for (i = 0; i < VSWD_NSETTINGS; i++)
			if (!strcmp(kw, names[i]))
				break;
		if (i == VSWD_NSETTINGS || !*v) {
			fail(err, errlen, "%s:%lu: %s \"%s\"", name, lineno,
			     i == VSWD_NSETTINGS ? "unknown keyword" :
			     "no value for", kw);
			fclose(fp);
			free(line);
			return VSWD_CONFIG_ERROR;
		}
		set(c, i, v, true);
	}
	fclose(fp);
	free(line);
	return VSWD_CONFIG_OK;
}

int vswd_config_set(struct vswd_config *c, enum vswd_setting s,
		    const char *v)
{
	return set(c, s, v, false);
}

enum vswd_config_result vswd_config_check(struct vswd_config *c, char *err,
					  size_t errlen)
{
	char host[256], *p, *save = NULL, *tok;
	struct vsw_addr a;
	const char *why;
	size_t n;
	FILE *fp;
	int ret;

	set(c, VSWD_ENDPOINTS, VSWD_ENDPOINT_DEFAULT, true);
	set(c, VSWD_PREFIX, VSWD_PREFIX_DEFAULT, true);
	set(c, VSWD_SWITCH, VSWD_SWITCH_DEFAULT, true);
	if (!c->val[VSWD_HOST]) {
		if (gethostname(host, sizeof(host)))
			return fail(err, errlen, "gethostname: %s",
				    strerror(errno));
		host[sizeof(host) - 1] = '\0';
		set(c, VSWD_HOST, host, true);
	}
	c->endpoints_buf = strdup(c->val[VSWD_ENDPOINTS]);
	if (!c->endpoints_buf)
		return fail(err, errlen, "out of memory");
	ret = etcd_parse_endpoints(&c->etcd, c->endpoints_buf);
	if (ret)
		return fail(err, errlen, "endpoints \"%s\": %s",
			    c->val[VSWD_ENDPOINTS], ret == -E2BIG ?
			    "more than 8" : "not http(s)://HOST:PORT[,...]");
	c->prefix = c->val[VSWD_PREFIX];
	n = strlen(c->prefix);
	if (n < 2 || c->prefix[0] != '/' || c->prefix[n - 1] != '/' ||
	    n > 200 || strpbrk(c->prefix, " \t\n"))
		return fail(err, errlen, "prefix \"%s\": must start and end "
			    "with '/' (as " VSWD_PREFIX_DEFAULT ")", c->prefix);
	c->host = c->val[VSWD_HOST];
	for (p = c->val[VSWD_HOST]; *p; p++)
		if (!isgraph((unsigned char)*p) || *p == '/' || *p == '#')
			break;
	if (*p || !*c->host || strlen(c->host) > 200)
		return fail(err, errlen, "host \"%s\": not a host name",
			    c->host);
	c->sw = c->val[VSWD_SWITCH];
	if (parse_switch_name(c->sw, &why))
		return fail(err, errlen, "switch \"%s\": %s", c->sw, why);
	c->pa[0] = '\0';
	if (c->val[VSWD_PA]) {
		char *copy = strdup(c->val[VSWD_PA]);

		if (!copy)
			return fail(err, errlen, "out of memory");
		for (tok = strtok_r(copy, ", ", &save); tok;
		     tok = strtok_r(NULL, ", ", &save)) {
			if (parse_host_addr(tok, &a, &why)) {
				fail(err, errlen, "pa \"%s\": %s", tok, why);
				free(copy);
				return VSWD_CONFIG_ERROR;
			}
			n = strlen(c->pa);
			snprintf(c->pa + n, sizeof(c->pa) - n, "%s%s",
				 n ? " " : "", tok);
		}
		free(copy);
	}
	c->lease_ttl = VSWD_LEASE_TTL_DEFAULT;
	if (c->val[VSWD_LEASE_TTL]) {
		c->lease_ttl = strtol(c->val[VSWD_LEASE_TTL], &p, 10);
		if (*p || p == c->val[VSWD_LEASE_TTL] || c->lease_ttl < 2 ||
		    c->lease_ttl > VSWD_LEASE_TTL_MAX)
			return fail(err, errlen, "lease-ttl \"%s\": not 2-%d "
				    "seconds", c->val[VSWD_LEASE_TTL],
				    VSWD_LEASE_TTL_MAX);
	}
	c->etcd.cacert = c->val[VSWD_CACERT];
	c->etcd.cert = c->val[VSWD_CERT];
	c->etcd.key = c->val[VSWD_KEY];
	c->etcd.user = c->val[VSWD_USER];
	if (c->val[VSWD_PASSWORD_FILE]) {
		fp = fopen(c->val[VSWD_PASSWORD_FILE], "r");
		if (!fp)
			return fail(err, errlen, "password-file %s: %s",
				    c->val[VSWD_PASSWORD_FILE],
				    strerror(errno));
		n = 0;
		if (getline(&c->password, &n, fp) < 0) {
			fclose(fp);
			return fail(err, errlen, "password-file %s: empty",
				    c->val[VSWD_PASSWORD_FILE]);
		}
		fclose(fp);
		c->password[strcspn(c->password, "\r\n")] = '\0';
		c->etcd.password = c->password;
	}
	if (c->etcd.user && !c->etcd.password)
		return fail(err, errlen, "user %s: no password-file",
			    c->etcd.user);
	c->on_demand = false;
	if (c->val[VSWD_MODE] && !strcmp(c->val[VSWD_MODE], "on-demand"))
		c->on_demand = true;
	else if (c->val[VSWD_MODE] && strcmp(c->val[VSWD_MODE], "full"))
		return fail(err, errlen, "mode \"%s\": not full or on-demand",
			    c->val[VSWD_MODE]);
	if (c->miss_input && (!c->dry_run || !c->on_demand))
		return fail(err, errlen,
			    "--miss-input is for --dry-run in mode on-demand");
	if (c->kernel_state && !c->dry_run)
		return fail(err, errlen, "--kernel-state is for --dry-run");
	return VSWD_CONFIG_OK;
}

enum vswd_config_result vswd_config_parse(int argc, char **argv,
					  struct vswd_config *c, char *err,
					  size_t errlen)
{
	enum { O_PA = 256, O_CACERT, O_CERT, O_KEY, O_USER, O_PWFILE, O_TTL,
	       O_KSTATE, O_ONCE, O_MISSES };
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'f' },
		{ "endpoints", required_argument, NULL, 'e' },
		{ "prefix", required_argument, NULL, 'p' },
		{ "host", required_argument, NULL, 'H' },
		{ "switch", required_argument, NULL, 's' },
		{ "pa", required_argument, NULL, O_PA },
		{ "cacert", required_argument, NULL, O_CACERT },
		{ "cert", required_argument, NULL, O_CERT },
		{ "key", required_argument, NULL, O_KEY },
		{ "user", required_argument, NULL, O_USER },
		{ "password-file", required_argument, NULL, O_PWFILE },
		{ "lease-ttl", required_argument, NULL, O_TTL },
		{ "mode", required_argument, NULL, 'm' },
		{ "miss-input", required_argument, NULL, O_MISSES },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "kernel-state", required_argument, NULL, O_KSTATE },
		{ "once", no_argument, NULL, O_ONCE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	enum vswd_config_result res;
	int o, s;

	memset(c, 0, sizeof(*c));
	optind = 1;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":f:e:p:H:s:m:nvhV", opts,
				NULL)) != -1) {
		s = -1;
		switch (o) {
		case 'f': c->file = optarg; break;
		case 'e': s = VSWD_ENDPOINTS; break;
		case 'p': s = VSWD_PREFIX; break;
		case 'H': s = VSWD_HOST; break;
		case 's': s = VSWD_SWITCH; break;
		case O_PA: s = VSWD_PA; break;
		case O_CACERT: s = VSWD_CACERT; break;
		case O_CERT: s = VSWD_CERT; break;
		case O_KEY: s = VSWD_KEY; break;
		case O_USER: s = VSWD_USER; break;
		case O_PWFILE: s = VSWD_PASSWORD_FILE; break;
		case O_TTL: s = VSWD_LEASE_TTL; break;
		case 'm': s = VSWD_MODE; break;
		case O_MISSES: c->miss_input = optarg; break;
		case 'n': c->dry_run = true; break;
		case O_KSTATE: c->kernel_state = optarg; break;
		case O_ONCE: c->once = true; break;
		case 'v': c->verbose = true; break;
		case 'h': return VSWD_CONFIG_HELP;
		case 'V': return VSWD_CONFIG_VERSION;
		case ':':
			return fail(err, errlen, "option %s needs a value",
				    argv[optind - 1]);
		default:
			return fail(err, errlen, "unknown option %s",
				    argv[optind - 1]);
		}
		if (s >= 0 && set(c, s, optarg, false))
			return fail(err, errlen, "out of memory");
	}
	if (optind < argc)
		return fail(err, errlen, "unexpected argument \"%s\"",
			    argv[optind]);
	if (c->file) {
		res = read_file(c, c->file, err, errlen);
		if (res != VSWD_CONFIG_OK)
			return res;
	}
	return vswd_config_check(c, err, errlen);
}

void vswd_config_free(struct vswd_config *c)
{
	int i;

	for (i = 0; i < VSWD_NSETTINGS; i++)
		free(c->val[i]);
	free(c->endpoints_buf);
	free(c->password);
	memset(c, 0, sizeof(*c));
}
