// SPDX-License-Identifier: GPL-2.0
/*
 * Argument parsing helpers. See parse.h.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <linux/vsw.h>

#include "parse.h"

/* parse_policy_max() spells the limit out. */
_Static_assert(VSW_POLICY_MAX_LIMIT == 16777216, "update parse_policy_max()");

/*
 * The kernel's isspace(), which dev_valid_name() uses: lib/ctype.c marks
 * 0xa0 (Latin-1 no-break space) as a space too, so the kernel refuses it
 * in a name and so do we, rather than let the kernel say EINVAL.
 */
static int kernel_isspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

/* Mirrors dev_valid_name() in net/core/dev.c, with VSW_SWITCH_NAME_MAX. */
int parse_switch_name(const char *s, const char **why)
{
	size_t len = strlen(s);
	const char *p;

	if (!len) {
		*why = "empty name";
		return -1;
	}
	if (len > VSW_SWITCH_NAME_MAX) {
		*why = "longer than 15 characters";
		return -1;
	}
	if (!strcmp(s, ".") || !strcmp(s, "..")) {
		*why = "\".\" and \"..\" are not allowed";
		return -1;
	}
	for (p = s; *p; p++) {
		if (*p == '/') {
			*why = "contains '/'";
			return -1;
		}
		if (*p == ':') {
			*why = "contains ':'";
			return -1;
		}
		if (kernel_isspace(*p)) {
			*why = "contains whitespace";
			return -1;
		}
	}
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decimal, or hexadecimal with a 0x prefix. Unlike strtoul() this takes no
 * sign, no leading blanks and no octal: "010" is ten, as a user means it.
 */
int parse_u32(const char *s, uint32_t *val, const char **why)
{
	unsigned int base = 10;
	uint64_t v = 0;
	int d;

	if (s[0] == '-' && s[1] >= '0' && s[1] <= '9' &&
	    strspn(s + 1, "0123456789") == strlen(s + 1)) {
		*why = "out of range (negative)";
		return -1;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s) {
		*why = "not a number";
		return -1;
	}
	for (; *s; s++) {
		d = hexval(*s);
		if (d < 0 || (unsigned int)d >= base) {
			*why = "not a number";
			return -1;
		}
		v = v * base + d;
		/* Saturate so that no length of input can wrap around. */
		if (v > UINT32_MAX)
			v = (uint64_t)UINT32_MAX + 1;
	}
	if (v > UINT32_MAX) {
		*why = "out of range";
		return -1;
	}
	*val = v;
	return 0;
}

int parse_vsid(const char *s, uint32_t *vsid, const char **why)
{
	uint32_t v;

	if (parse_u32(s, &v, why))
		return -1;
	if (v > 0xffffff) {
		*why = "out of range (a VSID has 24 bits)";
		return -1;
	}
	if (v < VSID_MIN || v > VSID_MAX) {
		*why = "reserved (0-4095 and 0xffffff are reserved, RFC 7637)";
		return -1;
	}
	*vsid = v;
	return 0;
}

/* Exactly six colon-separated pairs of hex digits, any case. */
int parse_mac(const char *s, uint8_t mac[6], const char **why)
{
	int i, hi, lo;

	for (i = 0; i < 6; i++, s += 3) {
		hi = hexval(s[0]);
		lo = hi < 0 ? -1 : hexval(s[1]);
		if (lo < 0 || s[2] != (i == 5 ? '\0' : ':')) {
			*why = "not a MAC address (expected xx:xx:xx:xx:xx:xx)";
			return -1;
		}
		mac[i] = hi << 4 | lo;
	}
	return 0;
}

int mac_is_unicast(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return !(mac[0] & 1) && memcmp(mac, zero, sizeof(zero));
}

/* Dotted quad only: inet_pton() refuses the short and octal forms. */
int parse_ipv4(const char *s, struct in_addr *addr, const char **why)
{
	if (inet_pton(AF_INET, s, addr) != 1) {
		*why = "not an IPv4 address";
		return -1;
	}
	return 0;
}

int parse_unicast_mac(const char *s, uint8_t mac[6], const char **why)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t m[6];

	if (parse_mac(s, m, why))
		return -1;
	if (!memcmp(m, bcast, sizeof(m))) {
		*why = "broadcast address (a VM's MAC must be unicast)";
		return -1;
	}
	if (m[0] & 1) {
		*why = "multicast address (a VM's MAC must be unicast)";
		return -1;
	}
	if (!mac_is_unicast(m)) {
		*why = "all-zero address (a VM's MAC must be unicast)";
		return -1;
	}
	memcpy(mac, m, sizeof(m));
	return 0;
}

/* The same checks, said of the router MAC. */
int parse_router_mac(const char *s, uint8_t mac[6], const char **why)
{
	uint8_t m[6];

	if (parse_unicast_mac(s, m, why)) {
		if (!strncmp(*why, "broadcast", 9))
			*why = "broadcast address (the router MAC must be unicast)";
		else if (!strncmp(*why, "multicast", 9))
			*why = "multicast address (the router MAC must be unicast)";
		else if (!strncmp(*why, "all-zero", 8))
			*why = "all-zero address (the router MAC must be unicast)";
		return -1;
	}
	memcpy(mac, m, sizeof(m));
	return 0;
}

int parse_host_ipv4(const char *s, struct in_addr *addr, const char **why)
{
	struct in_addr a;
	uint32_t h;

	if (parse_ipv4(s, &a, why))
		return -1;
	h = ntohl(a.s_addr);
	if (!h) {
		*why = "0.0.0.0 is not a host address";
		return -1;
	}
	if (!(h >> 24)) {
		*why = "0.0.0.0/8 is not a host address";
		return -1;
	}
	if ((h >> 24) == 127) {
		*why = "loopback address, not a host address";
		return -1;
	}
	if (h == 0xffffffff) {
		*why = "broadcast address, not a host address";
		return -1;
	}
	if ((h >> 28) == 0xe) {
		*why = "multicast address, not a host address";
		return -1;
	}
	*addr = a;
	return 0;
}

void vsw_addr_set(struct vsw_addr *addr, int family, const void *data)
{
	memset(addr, 0, sizeof(*addr));
	addr->family = family;
	memcpy(&addr->v6, data, family == AF_INET6 ? 16 : 4);
}

size_t vsw_addr_len(const struct vsw_addr *addr)
{
	return addr->family == AF_INET6 ? 16 : 4;
}

static int parse_host_ipv6(const char *s, struct in6_addr *addr,
			   const char **why)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1) {
		*why = "not an IPv6 address";
		return -1;
	}
	if (IN6_IS_ADDR_UNSPECIFIED(&a)) {
		*why = ":: is not a host address";
		return -1;
	}
	if (IN6_IS_ADDR_LOOPBACK(&a)) {
		*why = "loopback address, not a host address";
		return -1;
	}
	if (IN6_IS_ADDR_MULTICAST(&a)) {
		*why = "multicast address, not a host address";
		return -1;
	}
	if (IN6_IS_ADDR_V4MAPPED(&a)) {
		*why = "IPv4-mapped address: use the IPv4 form";
		return -1;
	}
	*addr = a;
	return 0;
}

int parse_host_addr(const char *s, struct vsw_addr *addr, const char **why)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (strchr(s, ':')) {
		if (parse_host_ipv6(s, &a6, why))
			return -1;
		vsw_addr_set(addr, AF_INET6, &a6);
		return 0;
	}
	if (inet_pton(AF_INET, s, &a4) != 1) {
		*why = "not an IPv4 or IPv6 address";
		return -1;
	}
	if (parse_host_ipv4(s, &a4, why))
		return -1;
	vsw_addr_set(addr, AF_INET, &a4);
	return 0;
}

const char *fmt_addr(char buf[ADDR_STRLEN], const struct vsw_addr *addr)
{
	if ((addr->family != AF_INET && addr->family != AF_INET6) ||
	    !inet_ntop(addr->family, &addr->v6, buf, ADDR_STRLEN))
		return strcpy(buf, "?");
	return buf;
}

/* Clear the bits of @a past the first @len; true if any was set. */
static bool clear_host_bits(uint8_t *a, size_t bytes, unsigned int len)
{
	bool set = false;
	size_t i;
	uint8_t keep;

	for (i = 0; i < bytes; i++) {
		if (len >= 8 * (i + 1))
			continue;
		keep = len > 8 * i ? (uint8_t)(0xff00 >> (len - 8 * i)) : 0;
		set |= a[i] & ~keep;
		a[i] &= keep;
	}
	return set;
}

int parse_prefix(const char *s, struct vsw_prefix *p, const char **why)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(s, '/'), *l;
	struct in6_addr a6;
	struct in_addr a4;
	struct vsw_prefix v;
	unsigned int len = 0, max;
	size_t n;

	if (!slash) {
		*why = "missing /LEN (a prefix is ADDR/LEN, as 10.0.0.0/24)";
		return -1;
	}
	n = slash - s;
	if (n >= sizeof(addr)) {
		*why = "not an IPv4 or IPv6 prefix";
		return -1;
	}
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (strchr(addr, ':')) {
		if (inet_pton(AF_INET6, addr, &a6) != 1) {
			*why = "not an IPv6 address";
			return -1;
		}
		if (IN6_IS_ADDR_V4MAPPED(&a6)) {
			*why = "IPv4-mapped address: use the IPv4 form";
			return -1;
		}
		vsw_addr_set(&v.addr, AF_INET6, &a6);
		max = 128;
	} else {
		if (inet_pton(AF_INET, addr, &a4) != 1) {
			*why = "not an IPv4 or IPv6 address";
			return -1;
		}
		vsw_addr_set(&v.addr, AF_INET, &a4);
		max = 32;
	}
	/* Decimal digits only: no sign, no 0x, no blank. */
	for (l = slash + 1; *l; l++) {
		if (*l < '0' || *l > '9') {
			*why = "prefix length is not a number";
			return -1;
		}
		if (len <= max)		/* saturate: no wrap-around */
			len = 10 * len + (*l - '0');
	}
	if (l == slash + 1) {
		*why = "missing prefix length after '/'";
		return -1;
	}
	if (len > max) {
		*why = max == 32 ? "prefix length out of range (0-32 for IPv4)" :
				   "prefix length out of range (0-128 for IPv6)";
		return -1;
	}
	v.len = len;
	if (clear_host_bits((uint8_t *)&v.addr.v6, vsw_addr_len(&v.addr),
			    len)) {
		*why = "host bits set";
		*p = v;
		return PARSE_HOST_BITS;
	}
	*p = v;
	return 0;
}

const char *fmt_prefix(char buf[PREFIX_STRLEN], const struct vsw_prefix *p)
{
	char a[ADDR_STRLEN];

	snprintf(buf, PREFIX_STRLEN, "%s/%u", fmt_addr(a, &p->addr), p->len);
	return buf;
}

int prefix_gateway(const struct vsw_prefix *p, struct vsw_addr *gw)
{
	size_t n = vsw_addr_len(&p->addr);

	if ((size_t)p->len + 2 > 8 * n)
		return -1;
	*gw = p->addr;
	((uint8_t *)&gw->v6)[n - 1] |= 1;
	return 0;
}

int parse_rdid(const char *s, uint32_t *rdid, const char **why)
{
	uint32_t v;

	if (parse_u32(s, &v, why))
		return -1;
	if (!v) {
		*why = "out of range (1-4294967295)";
		return -1;
	}
	*rdid = v;
	return 0;
}

int parse_nexthop(const char *s, int family, struct vsw_addr *addr,
		  const char **why)
{
	struct vsw_addr a;

	if (parse_host_addr(s, &a, why))
		return -1;
	if (a.family != family) {
		*why = family == AF_INET ? "an IPv6 next hop for an IPv4 prefix" :
					   "an IPv4 next hop for an IPv6 prefix";
		return -1;
	}
	*addr = a;
	return 0;
}

int parse_ttl(const char *s, uint8_t *ttl, const char **why)
{
	uint32_t v;

	if (parse_u32(s, &v, why))
		return -1;
	if (v < 1 || v > 255) {
		*why = "out of range (1-255)";
		return -1;
	}
	*ttl = v;
	return 0;
}

int parse_tos(const char *s, uint8_t *tos, const char **why)
{
	uint32_t v;

	if (!strcmp(s, "inherit")) {
		*tos = VSW_TOS_INHERIT;
		return 0;
	}
	if (parse_u32(s, &v, why)) {
		*why = "expected 0-255 or \"inherit\"";
		return -1;
	}
	if (v > 255) {
		*why = "out of range (0-255, or \"inherit\")";
		return -1;
	}
	*tos = v;
	return 0;
}

int parse_flowid(const char *s, uint8_t *flowid, const char **why)
{
	if (!strcmp(s, "hash")) {
		*flowid = VSW_FLOWID_HASH;
	} else if (!strcmp(s, "zero")) {
		*flowid = VSW_FLOWID_ZERO;
	} else {
		*why = "expected \"hash\" or \"zero\"";
		return -1;
	}
	return 0;
}

int parse_policy_max(const char *s, uint32_t *max, const char **why)
{
	uint32_t v;

	if (parse_u32(s, &v, why))
		return -1;
	if (v < 1 || v > VSW_POLICY_MAX_LIMIT) {
		*why = "out of range (1-16777216)";
		return -1;
	}
	*max = v;
	return 0;
}

int parse_lookup(const char *word, const void *table, size_t n, size_t size)
{
	size_t len = strlen(word), i;
	int found = PARSE_NOMATCH;
	const char *name;

	if (!len)
		return PARSE_NOMATCH;
	for (i = 0; i < n; i++) {
		memcpy(&name, (const char *)table + i * size, sizeof(name));
		if (!strcmp(name, word))
			return i;
		if (!strncmp(name, word, len))
			found = found == PARSE_NOMATCH ? (int)i : PARSE_AMBIGUOUS;
	}
	return found;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	       c == '\v' || c == '\f';
}

int parse_split_line(char *line, char **argv, int max)
{
	int argc = 0;

	for (;;) {
		while (is_blank(*line))
			line++;
		if (!*line || *line == '#')
			return argc;
		if (argc == max)
			return -1;
		argv[argc++] = line;
		while (*line && !is_blank(*line))
			line++;
		if (!*line)
			return argc;
		*line++ = '\0';
	}
}
