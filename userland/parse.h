/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure argument parsing helpers: no I/O, no netlink, no global state, so
 * that every rule here is unit tested (tests/userland/test_parse.c).
 *
 * Parsers return 0 on success or -1 on failure, in which case *why points
 * to a static phrase fit to follow 'invalid THING "ARG": '.
 */
#ifndef VSWCTL_PARSE_H
#define VSWCTL_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define VSID_MIN	4096		/* 0-4095 are reserved (RFC 7637) */
#define VSID_MAX	0xfffffe	/* 0xffffff is reserved (RFC 7637) */

int parse_switch_name(const char *s, const char **why);
int parse_u32(const char *s, uint32_t *val, const char **why);
int parse_vsid(const char *s, uint32_t *vsid, const char **why);
int parse_mac(const char *s, uint8_t mac[6], const char **why);
int parse_ipv4(const char *s, struct in_addr *addr, const char **why);

/* True for a MAC a VM port may own: not multicast, not all zeroes. */
int mac_is_unicast(const uint8_t mac[6]);

/*
 * Look @word up in @table, an array of @n structs of @size bytes each whose
 * first member is a 'const char *' name. An exact match wins, else a
 * unique prefix. Returns the index, PARSE_NOMATCH or PARSE_AMBIGUOUS.
 */
#define PARSE_NOMATCH	(-1)
#define PARSE_AMBIGUOUS	(-2)
int parse_lookup(const char *word, const void *table, size_t n, size_t size);

/*
 * Split a batch line in place into at most @max words separated by blanks.
 * A word starting with '#' starts a comment that runs to the end of the
 * line. Returns the number of words (0 for a blank or comment line) or -1
 * if there are more than @max.
 */
int parse_split_line(char *line, char **argv, int max);

#endif /* VSWCTL_PARSE_H */
