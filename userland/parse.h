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

/* A MAC a VM may own: parse_mac() and not multicast, broadcast or zero. */
int parse_unicast_mac(const char *s, uint8_t mac[6], const char **why);
/* The same, for the router MAC (switch set router-mac). */
int parse_router_mac(const char *s, uint8_t mac[6], const char **why);
/* A host address (CA, PA): parse_ipv4() and not 0.0.0.0, multicast or
 * 255.255.255.255. */
int parse_host_ipv4(const char *s, struct in_addr *addr, const char **why);

/*
 * A CA or a PA: IPv4 or IPv6. The bytes of the union past an IPv4
 * address are zero, so that two addresses compare with memcmp().
 */
struct vsw_addr {
	int family;		/* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

/* Longest text of a struct vsw_addr, with its NUL. */
#define ADDR_STRLEN	INET6_ADDRSTRLEN

/*
 * A host address, IPv6 if @s has a ':' (inet_pton() forms), else
 * parse_host_ipv4(). An IPv6 one must not be ::, ::1, multicast
 * (ff00::/8) or IPv4-mapped (::ffff:a.b.c.d, which must be given in its
 * IPv4 form). @addr is untouched on failure.
 */
int parse_host_addr(const char *s, struct vsw_addr *addr, const char **why);
/* Sets @addr to the IPv4 or IPv6 address at @data (4 or 16 bytes). */
void vsw_addr_set(struct vsw_addr *addr, int family, const void *data);
/* The address's bytes and their length (4 or 16). */
size_t vsw_addr_len(const struct vsw_addr *addr);
/* Normal text form (inet_ntop()); "?" for an unknown family. */
const char *fmt_addr(char buf[ADDR_STRLEN], const struct vsw_addr *addr);

/*
 * A customer route's prefix: ADDR/LEN, IPv6 if ADDR has a ':' (any
 * inet_pton() form, not IPv4-mapped), else a dotted quad; LEN decimal,
 * 0-32 for IPv4, 0-128 for IPv6. The host bits must be zero: then
 * PARSE_HOST_BITS is returned and *@p set to the prefix with them cleared
 * (for the message); on any other failure -1, and *@p is untouched.
 */
struct vsw_prefix {
	struct vsw_addr addr;
	uint8_t len;
};

#define PARSE_HOST_BITS	(-2)
/* Longest text of a struct vsw_prefix, with its NUL. */
#define PREFIX_STRLEN	(ADDR_STRLEN + 4)

int parse_prefix(const char *s, struct vsw_prefix *p, const char **why);
/* "10.0.0.0/24", "fd10::/64". */
const char *fmt_prefix(char buf[PREFIX_STRLEN], const struct vsw_prefix *p);
/*
 * The gateway of a subnet route (one without a next hop): the prefix's
 * first address, prefix + 1, as the kernel answers ARP and ND for it.
 * Returns 0 and sets *@gw, or -1 for a /31 or /32 (/127, /128), which has
 * no room for one.
 */
int prefix_gateway(const struct vsw_prefix *p, struct vsw_addr *gw);
/* A routing domain ID: 1 to 4294967295. */
int parse_rdid(const char *s, uint32_t *rdid, const char **why);
/* A route's next hop: parse_host_addr() of the prefix's @family. */
int parse_nexthop(const char *s, int family, struct vsw_addr *addr,
		  const char **why);

/* Switch settings (VSW_CMD_SWITCH_SET). */
int parse_ttl(const char *s, uint8_t *ttl, const char **why);
/* 0-255, or "inherit" (VSW_TOS_INHERIT, which is 1, as in ip-gre(8)). */
int parse_tos(const char *s, uint8_t *tos, const char **why);
/* "hash" or "zero": enum vsw_flowid. */
int parse_flowid(const char *s, uint8_t *flowid, const char **why);
/* 1 to VSW_POLICY_MAX_LIMIT. */
int parse_policy_max(const char *s, uint32_t *max, const char **why);

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
