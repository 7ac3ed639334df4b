// SPDX-License-Identifier: GPL-2.0
/*
 * JSON writer. See json.h.
 */
#include <inttypes.h>

#include "json.h"

/* Length of the valid UTF-8 sequence at @s, or 0 if it is not one. */
static unsigned int utf8_len(const unsigned char *s)
{
	unsigned int n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	/* The NUL terminator is no continuation byte: no overrun here. */
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void json_write_string(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned int n;

	fputc('"', fp);
	while (*s) {
		switch (*s) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\b':
			fputs("\\b", fp);
			break;
		case '\f':
			fputs("\\f", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		default:
			if (*s < 0x20 || *s == 0x7f) {
				fprintf(fp, "\\u%04x", *s);
				break;
			}
			n = utf8_len(s);
			if (!n) {
				fprintf(fp, "\\u%04x", *s);
				break;
			}
			fwrite(s, 1, n, fp);
			s += n;
			continue;
		}
		s++;
	}
	fputc('"', fp);
}

void json_init(struct json *j, FILE *fp)
{
	*j = (struct json){ .fp = fp };
}

void json_init_pretty(struct json *j, FILE *fp, bool pretty)
{
	*j = (struct json){ .fp = fp, .pretty = pretty };
}

/* Pretty output: a new line indented to @depth. */
static void newline(const struct json *j, unsigned int depth)
{
	if (!j->pretty)
		return;
	fputc('\n', j->fp);
	while (depth--)
		fputs("    ", j->fp);
}

int json_finish(const struct json *j)
{
	return j->bad || j->depth || !j->has_elem[0] ? -1 : 0;
}

/* Comma and key before a value; checks the key against the container. */
static void elem_begin(struct json *j, const char *key)
{
	bool in_object = j->depth && j->in_object[j->depth - 1];

	if (!key != !in_object || (!j->depth && j->has_elem[0]))
		j->bad = true;
	if (j->has_elem[j->depth])
		fputc(',', j->fp);
	if (j->depth)
		newline(j, j->depth);
	j->has_elem[j->depth] = true;
	if (key && in_object) {
		json_write_string(j->fp, key);
		fputs(j->pretty ? ": " : ":", j->fp);
	}
}

static void elem_end(struct json *j)
{
	if (!j->depth)
		fputc('\n', j->fp);
}

static void container_begin(struct json *j, const char *key, bool object)
{
	if (j->depth == JSON_MAX_DEPTH) {
		j->bad = true;
		return;
	}
	elem_begin(j, key);
	fputc(object ? '{' : '[', j->fp);
	j->in_object[j->depth++] = object;
	j->has_elem[j->depth] = false;
}

static void container_end(struct json *j, bool object)
{
	if (!j->depth) {
		j->bad = true;
		return;
	}
	if (j->in_object[--j->depth] != object)
		j->bad = true;
	if (j->has_elem[j->depth + 1])
		newline(j, j->depth);
	fputc(object ? '}' : ']', j->fp);
	elem_end(j);
}

void json_object_begin(struct json *j, const char *key)
{
	container_begin(j, key, true);
}

void json_object_end(struct json *j)
{
	container_end(j, true);
}

void json_array_begin(struct json *j, const char *key)
{
	container_begin(j, key, false);
}

void json_array_end(struct json *j)
{
	container_end(j, false);
}

void json_string(struct json *j, const char *key, const char *val)
{
	elem_begin(j, key);
	json_write_string(j->fp, val);
	elem_end(j);
}

void json_uint(struct json *j, const char *key, uint64_t val)
{
	elem_begin(j, key);
	fprintf(j->fp, "%" PRIu64, val);
	elem_end(j);
}

/* A finite number with up to three decimals ("12.5"); 0 if not finite. */
void json_double(struct json *j, const char *key, double val)
{
	elem_begin(j, key);
	fprintf(j->fp, "%.3f", val == val && val - val == 0 ? val : 0.0);
	elem_end(j);
}

void json_int(struct json *j, const char *key, int64_t val)
{
	elem_begin(j, key);
	fprintf(j->fp, "%" PRId64, val);
	elem_end(j);
}

void json_bool(struct json *j, const char *key, bool val)
{
	elem_begin(j, key);
	fputs(val ? "true" : "false", j->fp);
	elem_end(j);
}

void json_null(struct json *j, const char *key)
{
	elem_begin(j, key);
	fputs("null", j->fp);
	elem_end(j);
}
