/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer: compact output, one document per
 * json_init(), a newline after the top-level value.
 *
 * Every value function takes a key: it must be a string inside an object
 * and NULL inside an array or at the top level. Misuse (a missing or
 * stray key, unbalanced or too deep nesting, two top-level values) does
 * not crash; it makes json_finish() fail, which the tests check.
 */
#ifndef VSWCTL_JSON_H
#define VSWCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json {
	FILE *fp;
	unsigned int depth;
	bool in_object[JSON_MAX_DEPTH];		/* kind of each open container */
	bool has_elem[JSON_MAX_DEPTH + 1];	/* a comma is due at this level */
	bool bad;
	bool pretty;	/* indent, one member per line (vswctl -p) */
};

void json_init(struct json *j, FILE *fp);
/*
 * The same, but with @pretty the document is indented by four spaces per
 * level, one member or element per line, as "python3 -m json.tool" does.
 */
void json_init_pretty(struct json *j, FILE *fp, bool pretty);
int json_finish(const struct json *j);

void json_object_begin(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);

void json_string(struct json *j, const char *key, const char *val);
void json_uint(struct json *j, const char *key, uint64_t val);
void json_int(struct json *j, const char *key, int64_t val);
void json_double(struct json *j, const char *key, double val);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);

/*
 * Write @s as a quoted JSON string. Control characters, '"' and '\' are
 * escaped; bytes that are not valid UTF-8 are written as \u00XX (their
 * Latin-1 reading) so that the output is always valid JSON.
 */
void json_write_string(FILE *fp, const char *s);

#endif /* VSWCTL_JSON_H */
