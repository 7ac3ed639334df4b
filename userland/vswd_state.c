// SPDX-License-Identifier: GPL-2.0
/*
 * vswd's desired and applied records, and the batch between them. See
 * vswd_state.h and Documentation/control-plane.md (the key layout).
 */
#include <ctype.h>
#include <errno.h>
#include <net/if.h>
#include <search.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* vswctl's json.h has a function named as json-c's type json_bool. */
#define json_bool vswctl_json_bool
#include "cmd.h"
#undef json_bool
#include <json-c/json.h>

#include "parse.h"
#include "vswd_state.h"

struct vswd_rec {
	char *id;
	char *line;	/* the "add" line; NULL in the dirty set */
};

static int rec_cmp(const void *a, const void *b)
{
	return strcmp(((const struct vswd_rec *)a)->id,
		      ((const struct vswd_rec *)b)->id);
}

static void rec_free(void *p)
{
	struct vswd_rec *r = p;

	free(r->id);
	free(r->line);
	free(r);
}

void vswd_state_init(struct vswd_state *st, const char *prefix,
		     const char *host, const char *sw, FILE *log)
{
	memset(st, 0, sizeof(*st));
	st->prefix = prefix;
	st->host = host;
	st->sw = sw;
	st->log = log;
}

static void tree_free(void **root)
{
	tdestroy(*root, rec_free);
	*root = NULL;
}

void vswd_state_free(struct vswd_state *st)
{
	tree_free(&st->desired);
	tree_free(&st->applied);
	tree_free(&st->dirty);
}

static const struct vswd_rec *tree_get(void *const *root, const char *id)
{
	struct vswd_rec key = { .id = (char *)id };
	void *const *p = tfind(&key, root, rec_cmp);

	return p ? *(struct vswd_rec *const *)p : NULL;
}

/* Set @id to @line (taken over; NULL: remove). -ENOMEM. */
static int tree_set(void **root, const char *id, char *line)
{
	struct vswd_rec key = { .id = (char *)id }, *r;
	void *p = tfind(&key, root, rec_cmp);

	if (p) {
		r = *(struct vswd_rec **)p;
		if (line) {
			free(r->line);
			r->line = line;
			return 0;
		}
		tdelete(&key, root, rec_cmp);
		rec_free(r);
		return 0;
	}
	if (!line)
		return 0;
	r = calloc(1, sizeof(*r));
	if (r)
		r->id = strdup(id);
	if (!r || !r->id || !tsearch(r, root, rec_cmp)) {
		if (r)
			free(r->id);
		free(r);
		free(line);
		return -ENOMEM;
	}
	r->line = line;
	return 0;
}

static void mark_dirty(struct vswd_state *st, const char *id)
{
	struct vswd_rec key = { .id = (char *)id }, *r;

	if (st->all_dirty || tfind(&key, &st->dirty, rec_cmp))
		return;
	r = calloc(1, sizeof(*r));
	if (r)
		r->id = strdup(id);
	if (!r || !r->id || !tsearch(r, &st->dirty, rec_cmp)) {
		if (r)
			free(r->id);
		free(r);
		st->all_dirty = true;	/* out of memory: diff everything */
	}
}

/* Parsing keys and values */

static enum vswd_key refuse(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum vswd_key refuse(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return VSWD_KEY_REFUSED;
}

/* A path segment that is safe on a batch line: printable, no blanks. */
static bool word_ok(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return false;
	for (i = 0; i < n; i++)
		if (!isgraph((unsigned char)s[i]) || s[i] == '#')
			return false;
	return true;
}

static char *xasprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

/* The value: a JSON object of at most VSWD_VALUE_MAX bytes. */
static json_object *parse_value(const char *value, size_t len, char *why,
				size_t whylen)
{
	enum json_tokener_error jerr;
	json_tokener *tok;
	json_object *o;

	if (len > VSWD_VALUE_MAX) {
		refuse(why, whylen, "value of %zu bytes (at most %d)", len,
		       VSWD_VALUE_MAX);
		return NULL;
	}
	if (memchr(value, '\0', len)) {
		refuse(why, whylen, "value contains a NUL byte");
		return NULL;
	}
	tok = json_tokener_new();
	if (!tok) {
		refuse(why, whylen, "out of memory");
		return NULL;
	}
	o = json_tokener_parse_ex(tok, value, len);
	jerr = json_tokener_get_error(tok);
	if (jerr == json_tokener_success &&
	    json_tokener_get_parse_end(tok) < len &&
	    strspn(value + json_tokener_get_parse_end(tok), " \t\r\n") !=
	    len - json_tokener_get_parse_end(tok)) {
		json_object_put(o);
		o = NULL;
		refuse(why, whylen, "invalid JSON: text after the object");
	} else if (jerr != json_tokener_success) {
		json_object_put(o);
		o = NULL;
		refuse(why, whylen, "invalid JSON: %s",
		       jerr == json_tokener_continue ? "unexpected end" :
		       json_tokener_error_desc(jerr));
	} else if (!json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		o = NULL;
		refuse(why, whylen, "value is not a JSON object");
	}
	json_tokener_free(tok);
	return o;
}

/* A string member; NULL (and @why) if absent or not a string. */
static const char *get_str(json_object *o, const char *name, bool required,
			   char *why, size_t whylen)
{
	json_object *v;

	if (!json_object_object_get_ex(o, name, &v)) {
		if (required)
			refuse(why, whylen, "no \"%s\"", name);
		return NULL;
	}
	if (!json_object_is_type(v, json_type_string)) {
		refuse(why, whylen, "\"%s\" is not a string", name);
		return NULL;
	}
	return json_object_get_string(v);
}

/* "vsid": a JSON number, VSW_VSID_MIN..VSW_VSID_MAX. */
static int get_vsid(json_object *o, uint32_t *vsid, char *why, size_t whylen)
{
	json_object *v;
	int64_t n;

	if (!json_object_object_get_ex(o, "vsid", &v)) {
		refuse(why, whylen, "no \"vsid\"");
		return -1;
	}
	if (!json_object_is_type(v, json_type_int)) {
		refuse(why, whylen, "\"vsid\" is not an integer");
		return -1;
	}
	n = json_object_get_int64(v);
	if (n < VSID_MIN || n > VSID_MAX) {
		refuse(why, whylen, "vsid %lld is reserved or out of range "
		       "(%u-%u)", (long long)n, VSID_MIN, VSID_MAX);
		return -1;
	}
	*vsid = n;
	return 0;
}

/* policy/VSID/CA = {"mac": MAC, "pa": ADDR} */
static enum vswd_key parse_policy(const struct vswd_state *st,
				  const char *rest, json_object *v, char **id,
				  char **line, char *why, size_t whylen)
{
	char ca_s[ADDR_STRLEN], pa_s[ADDR_STRLEN], mac_s[MAC_STRLEN];
	const char *slash = strchr(rest, '/'), *err, *s;
	struct vsw_addr ca, pa;
	char vsid_s[16];
	uint8_t mac[6];
	uint32_t vsid;

	if (!slash || slash == rest || (size_t)(slash - rest) >= sizeof(vsid_s))
		return refuse(why, whylen, "not policy/VSID/CA");
	memcpy(vsid_s, rest, slash - rest);
	vsid_s[slash - rest] = '\0';
	if (parse_vsid(vsid_s, &vsid, &err))
		return refuse(why, whylen, "VSID \"%s\": %s", vsid_s, err);
	if (strspn(vsid_s, "0123456789") != strlen(vsid_s) ||
	    (vsid_s[0] == '0'))
		return refuse(why, whylen, "VSID \"%s\" is not in decimal",
			      vsid_s);
	if (parse_host_addr(slash + 1, &ca, &err))
		return refuse(why, whylen, "CA \"%s\": %s", slash + 1, err);
	if (strcmp(fmt_addr(ca_s, &ca), slash + 1))
		return refuse(why, whylen, "CA \"%s\" is not written as %s",
			      slash + 1, ca_s);
	*id = xasprintf("policy/%u/%s", vsid, ca_s);
	if (!v)
		return *id ? VSWD_KEY_RECORD : refuse(why, whylen, "no memory");
	s = get_str(v, "mac", true, why, whylen);
	if (!s)
		goto bad;
	if (parse_unicast_mac(s, mac, &err)) {
		refuse(why, whylen, "mac \"%s\": %s", s, err);
		goto bad;
	}
	s = get_str(v, "pa", true, why, whylen);
	if (!s)
		goto bad;
	if (parse_host_addr(s, &pa, &err)) {
		refuse(why, whylen, "pa \"%s\": %s", s, err);
		goto bad;
	}
	*line = xasprintf("policy add %s vsid %u ca %s mac %s pa %s", st->sw,
			  vsid, ca_s, fmt_mac(mac_s, mac), fmt_addr(pa_s, &pa));
	if (*id && *line)
		return VSWD_KEY_RECORD;
	refuse(why, whylen, "out of memory");
bad:
	free(*id);
	*id = NULL;
	return VSWD_KEY_REFUSED;
}

/* route/RDID/PREFIX = {"vsid": N, "nexthop": ADDR (optional)} */
static enum vswd_key parse_route(const struct vswd_state *st,
				 const char *rest, json_object *v, char **id,
				 char **line, char *why, size_t whylen)
{
	char pfx_s[PREFIX_STRLEN], nh_s[ADDR_STRLEN], rdid_s[16];
	const char *slash = strchr(rest, '/'), *err, *s;
	struct vsw_prefix pfx;
	struct vsw_addr nh;
	uint32_t rdid, vsid;

	if (!slash || slash == rest || (size_t)(slash - rest) >= sizeof(rdid_s))
		return refuse(why, whylen, "not route/RDID/PREFIX");
	memcpy(rdid_s, rest, slash - rest);
	rdid_s[slash - rest] = '\0';
	if (parse_rdid(rdid_s, &rdid, &err))
		return refuse(why, whylen, "RDID \"%s\": %s", rdid_s, err);
	if (parse_prefix(slash + 1, &pfx, &err))
		return refuse(why, whylen, "prefix \"%s\": %s", slash + 1, err);
	if (strcmp(fmt_prefix(pfx_s, &pfx), slash + 1))
		return refuse(why, whylen, "prefix \"%s\" is not written as %s",
			      slash + 1, pfx_s);
	*id = xasprintf("route/%u/%s", rdid, pfx_s);
	if (!v)
		return *id ? VSWD_KEY_RECORD : refuse(why, whylen, "no memory");
	if (get_vsid(v, &vsid, why, whylen))
		goto bad;
	nh_s[0] = '\0';
	s = get_str(v, "nexthop", false, why, whylen);
	if (!s && json_object_object_get_ex(v, "nexthop", NULL))
		goto bad;
	if (s && parse_nexthop(s, pfx.addr.family, &nh, &err)) {
		refuse(why, whylen, "nexthop \"%s\": %s", s, err);
		goto bad;
	}
	if (s)
		fmt_addr(nh_s, &nh);
	*line = xasprintf("route add %s rdid %u vsid %u prefix %s%s%s", st->sw,
			  rdid, vsid, pfx_s, *nh_s ? " nexthop " : "", nh_s);
	if (*id && *line)
		return VSWD_KEY_RECORD;
	refuse(why, whylen, "out of memory");
bad:
	free(*id);
	*id = NULL;
	return VSWD_KEY_REFUSED;
}

/* port/HOST/DEV = {"vsid": N, "mac": MAC}; other hosts' are ignored. */
static enum vswd_key parse_port(const struct vswd_state *st,
				const char *rest, json_object *v, char **id,
				char **line, char *why, size_t whylen)
{
	const char *slash = strchr(rest, '/'), *dev, *err, *s;
	char mac_s[MAC_STRLEN];
	uint8_t mac[6];
	uint32_t vsid;

	if (!slash || slash == rest || !word_ok(rest, slash - rest))
		return refuse(why, whylen, "not port/HOST/DEV");
	dev = slash + 1;
	if (strlen(dev) >= IF_NAMESIZE || !word_ok(dev, strlen(dev)) ||
	    strchr(dev, '/') || strchr(dev, ':'))
		return refuse(why, whylen, "device \"%s\": not a device name",
			      dev);
	if ((size_t)(slash - rest) != strlen(st->host) ||
	    strncmp(rest, st->host, slash - rest))
		return VSWD_KEY_IGNORED;
	*id = xasprintf("port/%s", dev);
	if (!v)
		return *id ? VSWD_KEY_RECORD : refuse(why, whylen, "no memory");
	if (get_vsid(v, &vsid, why, whylen))
		goto bad;
	s = get_str(v, "mac", true, why, whylen);
	if (!s)
		goto bad;
	if (parse_unicast_mac(s, mac, &err)) {
		refuse(why, whylen, "mac \"%s\": %s", s, err);
		goto bad;
	}
	*line = xasprintf("port add %s dev %s vsid %u mac %s", st->sw, dev,
			  vsid, fmt_mac(mac_s, mac));
	if (*id && *line)
		return VSWD_KEY_RECORD;
	refuse(why, whylen, "out of memory");
bad:
	free(*id);
	*id = NULL;
	return VSWD_KEY_REFUSED;
}

enum vswd_key vswd_parse(const struct vswd_state *st, const char *key,
			 const char *value, size_t value_len, char **id,
			 char **line, char *why, size_t whylen)
{
	size_t plen = strlen(st->prefix);
	json_object *v = NULL;
	enum vswd_key k;
	const char *rest;

	*id = *line = NULL;
	if (strncmp(key, st->prefix, plen))
		return refuse(why, whylen, "key outside the prefix %s",
			      st->prefix);
	rest = key + plen;
	/* registrations and status: not records */
	if (!strncmp(rest, "host/", 5) || !strncmp(rest, "status/", 7))
		return VSWD_KEY_IGNORED;
	if (strncmp(rest, "policy/", 7) && strncmp(rest, "route/", 6) &&
	    strncmp(rest, "port/", 5))
		return refuse(why, whylen, "key outside the layout");
	if (value) {
		v = parse_value(value, value_len, why, whylen);
		if (!v)
			return VSWD_KEY_REFUSED;
	}
	if (!strncmp(rest, "policy/", 7))
		k = parse_policy(st, rest + 7, v, id, line, why, whylen);
	else if (!strncmp(rest, "route/", 6))
		k = parse_route(st, rest + 6, v, id, line, why, whylen);
	else
		k = parse_port(st, rest + 5, v, id, line, why, whylen);
	json_object_put(v);
	return k;
}

/* Refused values: reported like every other vswd message. */
static void log_refused(struct vswd_state *st, const char *key,
			const char *why)
{
	const unsigned char *p;

	if (!st->log)
		return;
	fputs("vswd: refused key \"", st->log);
	for (p = (const unsigned char *)key; *p && p - (const unsigned char *)key < 200; p++)
		if (isprint(*p) && *p != '"' && *p != '\\')
			fputc(*p, st->log);
		else
			fprintf(st->log, "\\x%02x", *p);
	fprintf(st->log, "\": %s\n", why);
}

enum vswd_key vswd_update(struct vswd_state *st, const char *key,
			  const char *value, size_t value_len)
{
	char why[256], *id = NULL, *line = NULL, *did = NULL, *dl;
	enum vswd_key k;

	k = vswd_parse(st, key, value, value_len, &id, &line, why,
		       sizeof(why));
	if (k == VSWD_KEY_IGNORED) {
		st->cnt.ignored++;
		return k;
	}
	if (k == VSWD_KEY_REFUSED) {
		st->cnt.refused++;
		log_refused(st, key, why);
		/* the key's record, if its key is valid, is now absent */
		if (value && vswd_parse(st, key, NULL, 0, &did, &dl, why,
					sizeof(why)) == VSWD_KEY_RECORD) {
			tree_set(&st->desired, did, NULL);
			mark_dirty(st, did);
		}
		free(did);
		return k;
	}
	if (tree_set(&st->desired, id, line))
		st->all_dirty = true;
	mark_dirty(st, id);
	free(id);
	return k;
}

void vswd_clear_desired(struct vswd_state *st)
{
	tree_free(&st->desired);
	tree_free(&st->dirty);
	st->all_dirty = true;
}

/* The identity of a line of save's output, or NULL. */
static char *save_line_id(const struct vswd_state *st, char **argv, int argc)
{
	if (argc < 4 || strcmp(argv[1], "add") || strcmp(argv[2], st->sw))
		return NULL;
	if (!strcmp(argv[0], "policy") && argc == 11)
		return xasprintf("policy/%s/%s", argv[4], argv[6]);
	if (!strcmp(argv[0], "route") && argc >= 9)
		return xasprintf("route/%s/%s", argv[4], argv[8]);
	if (!strcmp(argv[0], "port") && argc == 9)
		return xasprintf("port/%s", argv[4]);
	return NULL;
}

int vswd_load_applied(struct vswd_state *st, FILE *save, char *pa,
		      size_t palen)
{
	char *line = NULL, *copy, *argv[64], *id;
	size_t cap = 0, n;
	ssize_t len;
	int argc, ret = 0, i;

	tree_free(&st->applied);
	tree_free(&st->dirty);
	st->all_dirty = true;
	if (pa && palen)
		pa[0] = '\0';
	while ((len = getline(&line, &cap, save)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		copy = strdup(line);
		if (!copy) {
			ret = -ENOMEM;
			break;
		}
		argc = parse_split_line(copy, argv, 64);
		if (pa && argc >= 6 && !strcmp(argv[0], "uplink") &&
		    !strcmp(argv[1], "set") && !strcmp(argv[2], st->sw)) {
			for (i = 3; i + 1 < argc; i++) {
				if (strcmp(argv[i], "pa"))
					continue;
				n = strlen(pa);
				snprintf(pa + n, palen - n, "%s%s",
					 n ? " " : "", argv[i + 1]);
			}
		}
		id = argc > 0 ? save_line_id(st, argv, argc) : NULL;
		free(copy);
		if (id) {
			ret = tree_set(&st->applied, id, strdup(line));
			free(id);
			if (ret)
				break;
		}
	}
	free(line);
	return ret;
}

/* The diff */

enum { PH_DEL_PORT, PH_DEL_ROUTE, PH_DEL_POLICY, PH_ADD_POLICY,
       PH_ADD_ROUTE, PH_ADD_PORT, PH_N };

struct diff_ctx {
	struct vswd_state *st;
	char *buf[PH_N];
	size_t len[PH_N];
	FILE *ph[PH_N];
	size_t lines;
	bool failed;
};

/* "policy add SW vsid V ca C ..." -> "policy del SW vsid V ca C" */
static void put_del(struct diff_ctx *c, const char *add)
{
	char *copy = strdup(add), *argv[64];
	int argc;

	if (!copy) {
		c->failed = true;
		return;
	}
	argc = parse_split_line(copy, argv, 64);
	if (argc >= 9 && !strcmp(argv[0], "policy"))
		fprintf(c->ph[PH_DEL_POLICY], "policy del %s vsid %s ca %s\n",
			argv[2], argv[4], argv[6]);
	else if (argc >= 9 && !strcmp(argv[0], "route"))
		fprintf(c->ph[PH_DEL_ROUTE], "route del %s rdid %s prefix %s\n",
			argv[2], argv[4], argv[8]);
	else if (argc >= 5 && !strcmp(argv[0], "port"))
		fprintf(c->ph[PH_DEL_PORT], "port del %s dev %s\n", argv[2],
			argv[4]);
	c->lines++;
	free(copy);
}

static void put_add(struct diff_ctx *c, const char *add, bool replace)
{
	if (!strncmp(add, "policy add ", 11)) {
		if (replace)
			fprintf(c->ph[PH_ADD_POLICY], "policy replace %s\n",
				add + 11);
		else
			fprintf(c->ph[PH_ADD_POLICY], "%s\n", add);
	} else if (!strncmp(add, "route ", 6)) {
		fprintf(c->ph[PH_ADD_ROUTE], "%s\n", add);
	} else {
		fprintf(c->ph[PH_ADD_PORT], "%s\n", add);
	}
	c->lines++;
}

/* Bring one identity's applied record to the desired one. */
static void diff_one(struct diff_ctx *c, const char *id)
{
	struct vswd_state *st = c->st;
	const struct vswd_rec *d = tree_get(&st->desired, id);
	const struct vswd_rec *a = tree_get(&st->applied, id);
	char *line;

	if (d && a && !strcmp(d->line, a->line))
		return;
	if (a && (!d || strncmp(a->line, "policy ", 7)))
		put_del(c, a->line);
	if (d)
		put_add(c, d->line, a && !strncmp(a->line, "policy ", 7));
	if (d) {
		line = strdup(d->line);
		if (!line || tree_set(&st->applied, id, line))
			c->failed = true;
	} else {
		tree_set(&st->applied, id, NULL);
	}
}

static struct diff_ctx *walk_ctx;

/* twalk() callbacks: collect the identities first, then diff them. */
struct id_list {
	char **ids;
	size_t n, alloc;
};

static struct id_list *walk_list;

static void collect(const void *node, VISIT which, int depth)
{
	const struct vswd_rec *r = *(const struct vswd_rec *const *)node;
	char **p;

	(void)depth;
	if (which != postorder && which != leaf)
		return;
	if (walk_list->n == walk_list->alloc) {
		size_t alloc = walk_list->alloc ? walk_list->alloc * 2 : 256;

		p = realloc(walk_list->ids, alloc * sizeof(*p));
		if (!p) {
			walk_ctx->failed = true;
			return;
		}
		walk_list->ids = p;
		walk_list->alloc = alloc;
	}
	walk_list->ids[walk_list->n] = strdup(r->id);
	if (walk_list->ids[walk_list->n])
		walk_list->n++;
	else
		walk_ctx->failed = true;
}

size_t vswd_diff(struct vswd_state *st, FILE *out)
{
	struct diff_ctx c = { .st = st };
	struct id_list ids = { 0 };
	size_t i;
	int p;

	for (p = 0; p < PH_N; p++) {
		c.ph[p] = open_memstream(&c.buf[p], &c.len[p]);
		if (!c.ph[p])
			c.failed = true;
	}
	walk_ctx = &c;
	walk_list = &ids;
	if (!c.failed) {
		if (st->all_dirty) {
			twalk(st->desired, collect);
			twalk(st->applied, collect);
		} else {
			twalk(st->dirty, collect);
		}
	}
	for (i = 0; i < ids.n && !c.failed; i++)
		diff_one(&c, ids.ids[i]);
	for (i = 0; i < ids.n; i++)
		free(ids.ids[i]);
	free(ids.ids);
	walk_ctx = NULL;
	walk_list = NULL;
	for (p = 0; p < PH_N; p++) {
		if (!c.ph[p])
			continue;
		fclose(c.ph[p]);
		if (!c.failed)
			fwrite(c.buf[p], 1, c.len[p], out);
		free(c.buf[p]);
	}
	tree_free(&st->dirty);
	st->all_dirty = c.failed;
	if (c.failed)
		return 0;
	st->cnt.lines += c.lines;
	if (c.lines)
		st->cnt.batches++;
	return c.lines;
}

/* The applied identities of one kind (vswd's on-demand mode). */
struct kind_walk {
	const char *kind;
	size_t kind_len;
	char **ids;
	size_t n, alloc;
};

static void collect_kind(const void *node, VISIT which, void *arg)
{
	const struct vswd_rec *r = *(const struct vswd_rec *const *)node;
	struct kind_walk *w = arg;
	char **p;

	if ((which != postorder && which != leaf) ||
	    strncmp(r->id, w->kind, w->kind_len))
		return;
	if (w->n == w->alloc) {
		size_t alloc = w->alloc ? w->alloc * 2 : 64;

		p = realloc(w->ids, alloc * sizeof(*p));
		if (!p)
			return;
		w->ids = p;
		w->alloc = alloc;
	}
	w->ids[w->n] = strdup(r->id);
	if (w->ids[w->n])
		w->n++;
}

size_t vswd_applied_ids(struct vswd_state *st, const char *kind,
			char ***ids)
{
	struct kind_walk w = { .kind = kind, .kind_len = strlen(kind) };

	twalk_r(st->applied, collect_kind, &w);
	*ids = w.ids;
	return w.n;
}
