// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl's global options. See options.h.
 */
#include <stddef.h>
#include <string.h>

#include "options.h"
#include "report.h"

enum opt { OPT_JSON, OPT_PRETTY, OPT_NETNS, OPT_BATCH, OPT_FORCE, OPT_HELP,
	   OPT_VERSION, OPT_ETCD, OPT_ETCD_SETTING, OPT_WAIT };

struct option_def {
	const char *name;	/* first member: long name */
	char short_name;	/* 0 if none */
	bool has_arg;
	enum opt opt;
	bool exact;	/* never abbreviated */
	int setting;	/* OPT_ETCD_SETTING: enum options_etcd */
};

static const struct option_def defs[] = {
	{ "json", 'j', false, OPT_JSON, false, 0 },
	{ "pretty", 'p', false, OPT_PRETTY, false, 0 },
	{ "netns", 'n', true, OPT_NETNS, false, 0 },
	{ "batch", 'b', true, OPT_BATCH, false, 0 },
	{ "force", 0, false, OPT_FORCE, false, 0 },
	{ "help", 'h', false, OPT_HELP, false, 0 },
	{ "version", 'V', false, OPT_VERSION, false, 0 },
	{ "etcd", 0, true, OPT_ETCD, true, 0 },
	{ "prefix", 0, true, OPT_ETCD_SETTING, true, OPTIONS_PREFIX },
	{ "cacert", 0, true, OPT_ETCD_SETTING, true, OPTIONS_CACERT },
	{ "cert", 0, true, OPT_ETCD_SETTING, true, OPTIONS_CERT },
	{ "key", 0, true, OPT_ETCD_SETTING, true, OPTIONS_KEY },
	{ "user", 0, true, OPT_ETCD_SETTING, true, OPTIONS_USER },
	{ "password-file", 0, true, OPT_ETCD_SETTING, true,
	  OPTIONS_PASSWORD_FILE },
	{ "wait", 0, false, OPT_WAIT, true, 0 },
};

#define NDEFS	(sizeof(defs) / sizeof(defs[0]))

/* The word without its one or two dashes. */
static const char *strip(const char *w)
{
	return w[1] == '-' ? w + 2 : w + 1;
}

/* Exactly "-X", "-name" or "--name" of an option: its index, else -1. */
static int exact(const char *w)
{
	const char *s = strip(w);
	size_t i;

	for (i = 0; i < NDEFS; i++) {
		if (!strcmp(s, defs[i].name))
			return i;
		if (w[1] != '-' && defs[i].short_name && s[0] == defs[i].short_name &&
		    !s[1])
			return i;
	}
	return -1;
}

static bool is_short(char c)
{
	size_t i;

	for (i = 0; i < NDEFS; i++)
		if (c && defs[i].short_name == c)
			return true;
	return false;
}

/* An option word before the object: exact, or a unique long prefix. */
static int lookup(const char *w, struct report *r)
{
	const char *s = strip(w);
	size_t len = strlen(s), i;
	int found = -1;

	i = exact(w);
	if ((int)i >= 0)
		return i;
	for (i = 0; len && i < NDEFS; i++) {
		if (defs[i].exact || strncmp(defs[i].name, s, len))
			continue;
		if (found >= 0) {
			report_usage(r, "ambiguous option \"%s\"", w);
			return -1;
		}
		found = i;
	}
	if (found >= 0)
		return found;
	if (w[1] != '-' && len > 1 && is_short(s[0]))
		report_usage(r, "unknown option \"%s\" (options are not grouped: \"-%c\" is an option of its own)",
			     w, s[0]);
	else
		report_usage(r, "unknown option \"%s\"", w);
	return -1;
}

int options_parse(int argc, char **argv, struct options *o, char **args,
		  struct report *r)
{
	bool ended = false;
	int i, k;

	memset(o, 0, sizeof(*o));
	o->args = args;
	for (i = 1; i < argc; i++) {
		const char *w = argv[i];

		if (ended || w[0] != '-' || !w[1]) {
			args[o->nargs++] = argv[i];
			continue;
		}
		if (!strcmp(w, "--")) {
			ended = true;
			continue;
		}
		/* After the object, only exact spellings are options. */
		if (o->nargs) {
			k = exact(w);
			if (k < 0) {
				args[o->nargs++] = argv[i];
				continue;
			}
		} else {
			k = lookup(w, r);
			if (k < 0)
				return -1;
		}
		if (defs[k].has_arg && i + 1 == argc) {
			report_usage(r, "option \"%s\" requires an argument", w);
			return -1;
		}
		switch (defs[k].opt) {
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_PRETTY:
			o->pretty = true;
			break;
		case OPT_NETNS:
			o->netns = argv[++i];
			break;
		case OPT_BATCH:
			o->batch = argv[++i];
			break;
		case OPT_FORCE:
			o->force = true;
			break;
		case OPT_HELP:
			o->help = true;
			break;
		case OPT_VERSION:
			o->version = true;
			break;
		case OPT_ETCD:
			o->etcd = argv[++i];
			break;
		case OPT_ETCD_SETTING:
			o->etcd_opt[defs[k].setting] = argv[++i];
			o->etcd_settings = true;
			break;
		case OPT_WAIT:
			o->wait = true;
			o->etcd_settings = true;
			break;
		}
	}
	return 0;
}
