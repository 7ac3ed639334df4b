/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswd's settings: the command line and the configuration file
 * (/etc/vsw/vswd.conf, "-f FILE"), one "keyword value" per line, as
 * vsw-sflowd's. An option on the command line wins over the file.
 */
#ifndef VSWD_CONFIG_H
#define VSWD_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "etcd.h"

#define VSWD_PREFIX_DEFAULT	"/vsw/v1/"
#define VSWD_ENDPOINT_DEFAULT	"http://127.0.0.1:2379"
#define VSWD_SWITCH_DEFAULT	"sw0"
#define VSWD_LEASE_TTL_DEFAULT	10
#define VSWD_LEASE_TTL_MAX	3600

/* The settings, by keyword (command line --KEYWORD, file KEYWORD). */
enum vswd_setting {
	VSWD_ENDPOINTS, VSWD_PREFIX, VSWD_HOST, VSWD_SWITCH, VSWD_PA,
	VSWD_CACERT, VSWD_CERT, VSWD_KEY, VSWD_USER, VSWD_PASSWORD_FILE,
	VSWD_LEASE_TTL, VSWD_MODE, VSWD_NSETTINGS
};

struct vswd_config {
	char *val[VSWD_NSETTINGS];	/* malloc()ed, or NULL */
	struct etcd_config etcd;
	char *endpoints_buf;		/* what etcd.endpoints point into */
	char *password;			/* read from password-file */
	const char *prefix, *host, *sw;
	char pa[128];			/* "A" or "A B", or "" */
	long lease_ttl;
	bool dry_run, once, verbose;
	bool on_demand;			/* mode on-demand (else full) */
	const char *miss_input;		/* dry run: miss events, as text */
	const char *kernel_state;	/* dry run: save output to start from */
	const char *file;
};

enum vswd_config_result {
	VSWD_CONFIG_OK,
	VSWD_CONFIG_HELP,
	VSWD_CONFIG_VERSION,
	VSWD_CONFIG_ERROR,	/* @err says why; exit status 2 */
};

enum vswd_config_result vswd_config_parse(int argc, char **argv,
					  struct vswd_config *c, char *err,
					  size_t errlen);
/*
 * The same settings given another way (vswctl --etcd): set them, then
 * check them and fill in the defaults and c->etcd as vswd_config_parse()
 * does.
 */
int vswd_config_set(struct vswd_config *c, enum vswd_setting s,
		    const char *v);
enum vswd_config_result vswd_config_check(struct vswd_config *c, char *err,
					  size_t errlen);
void vswd_config_free(struct vswd_config *c);
void vswd_config_usage(FILE *fp);

#endif /* VSWD_CONFIG_H */
