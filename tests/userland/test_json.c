// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/json.c: escaping, nesting and misuse detection.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "json.h"

struct capture {
	FILE *fp;
	char *buf;
	size_t len;
};

static void capture_begin(struct capture *c)
{
	c->buf = NULL;
	c->fp = open_memstream(&c->buf, &c->len);
	assert_non_null(c->fp);
}

/* Close the stream, compare what was written with @want, free it. */
static void capture_check(struct capture *c, const char *want)
{
	assert_int_equal(fclose(c->fp), 0);
	assert_string_equal(c->buf, want);
	free(c->buf);
}

static void check_string(const char *in, const char *want)
{
	struct capture c;

	capture_begin(&c);
	json_write_string(c.fp, in);
	capture_check(&c, want);
}

static void escape_quote_backslash(void **state)
{
	(void)state;
	check_string("", "\"\"");
	check_string("sw0", "\"sw0\"");
	check_string("a\"b", "\"a\\\"b\"");
	check_string("a\\b", "\"a\\\\b\"");
	check_string("\\\"", "\"\\\\\\\"\"");
	check_string("a/b", "\"a/b\"");	/* '/' needs no escape */
}

static void escape_control(void **state)
{
	(void)state;
	check_string("\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\"");
	check_string("\x01", "\"\\u0001\"");
	check_string("a\x1fz", "\"a\\u001fz\"");
	check_string("\x7f", "\"\\u007f\"");
	check_string("\x1b[31m", "\"\\u001b[31m\"");
}

/* Valid UTF-8 passes through; anything else still gives valid JSON. */
static void escape_utf8(void **state)
{
	(void)state;
	check_string("\xc3\xa9", "\"\xc3\xa9\"");			/* é */
	check_string("\xe2\x82\xac", "\"\xe2\x82\xac\"");		/* € */
	check_string("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");	/* U+1F600 */
	check_string("\xff", "\"\\u00ff\"");
	check_string("a\xc3", "\"a\\u00c3\"");		/* truncated */
	check_string("\xc3(", "\"\\u00c3(\"");		/* bad continuation */
	check_string("\xc0\xaf", "\"\\u00c0\\u00af\"");	/* overlong '/' */
	check_string("\xe0\x80\xaf", "\"\\u00e0\\u0080\\u00af\"");
	check_string("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"");	/* surrogate */
	check_string("\xf4\x90\x80\x80",
		     "\"\\u00f4\\u0090\\u0080\\u0080\"");	/* > U+10FFFF */
	check_string("\xe2\x82", "\"\\u00e2\\u0082\"");
}

static void empty_containers(void **state)
{
	struct capture c;
	struct json j;

	(void)state;
	capture_begin(&c);
	json_init(&j, c.fp);
	json_array_begin(&j, NULL);
	json_array_end(&j);
	assert_int_equal(json_finish(&j), 0);
	capture_check(&c, "[]\n");

	capture_begin(&c);
	json_init(&j, c.fp);
	json_object_begin(&j, NULL);
	json_object_end(&j);
	assert_int_equal(json_finish(&j), 0);
	capture_check(&c, "{}\n");
}

static void nesting(void **state)
{
	struct capture c;
	struct json j;

	(void)state;
	capture_begin(&c);
	json_init(&j, c.fp);
	json_object_begin(&j, NULL);
	json_array_begin(&j, "a");
	json_uint(&j, NULL, 1);
	json_uint(&j, NULL, 2);
	json_object_begin(&j, NULL);
	json_bool(&j, "b", true);
	json_bool(&j, "f", false);
	json_object_end(&j);
	json_array_begin(&j, NULL);
	json_array_end(&j);
	json_array_end(&j);
	json_null(&j, "c");
	json_string(&j, "d\"", "x\n");
	json_int(&j, "e", -5);
	json_uint(&j, "u", UINT64_MAX);
	json_int(&j, "m", INT64_MIN);
	json_object_begin(&j, "o");
	json_object_end(&j);
	json_object_end(&j);
	assert_int_equal(json_finish(&j), 0);
	capture_check(&c,
		      "{\"a\":[1,2,{\"b\":true,\"f\":false},[]],\"c\":null,"
		      "\"d\\\"\":\"x\\n\",\"e\":-5,\"u\":18446744073709551615,"
		      "\"m\":-9223372036854775808,\"o\":{}}\n");
}

static void array_of_objects(void **state)
{
	struct capture c;
	struct json j;

	(void)state;
	capture_begin(&c);
	json_init(&j, c.fp);
	json_array_begin(&j, NULL);
	json_object_begin(&j, NULL);
	json_string(&j, "name", "sw0");
	json_object_end(&j);
	json_object_begin(&j, NULL);
	json_string(&j, "name", "sw1");
	json_object_end(&j);
	json_array_end(&j);
	assert_int_equal(json_finish(&j), 0);
	capture_check(&c, "[{\"name\":\"sw0\"},{\"name\":\"sw1\"}]\n");
}

static void top_level_scalar(void **state)
{
	struct capture c;
	struct json j;

	(void)state;
	capture_begin(&c);
	json_init(&j, c.fp);
	json_string(&j, NULL, "x");
	assert_int_equal(json_finish(&j), 0);
	capture_check(&c, "\"x\"\n");
}

/* Each misuse must be caught by json_finish(). */
static void misuse(void **state)
{
	struct capture c;
	struct json j;
	int i;

	(void)state;
	capture_begin(&c);

	json_init(&j, c.fp);		/* nothing written */
	assert_int_equal(json_finish(&j), -1);

	json_init(&j, c.fp);		/* key inside an array */
	json_array_begin(&j, NULL);
	json_uint(&j, "k", 1);
	json_array_end(&j);
	assert_int_equal(json_finish(&j), -1);

	json_init(&j, c.fp);		/* no key inside an object */
	json_object_begin(&j, NULL);
	json_uint(&j, NULL, 1);
	json_object_end(&j);
	assert_int_equal(json_finish(&j), -1);

	json_init(&j, c.fp);		/* key at the top level */
	json_object_begin(&j, "k");
	json_object_end(&j);
	assert_int_equal(json_finish(&j), -1);

	json_init(&j, c.fp);		/* left open */
	json_array_begin(&j, NULL);
	assert_int_equal(json_finish(&j), -1);

	json_init(&j, c.fp);		/* closed with the wrong kind */
	json_array_begin(&j, NULL);
	json_object_end(&j);
	assert_int_equal(json_finish(&j), -1);

	json_init(&j, c.fp);		/* closed more than opened */
	json_array_begin(&j, NULL);
	json_array_end(&j);
	json_array_end(&j);
	assert_int_equal(json_finish(&j), -1);

	json_init(&j, c.fp);		/* two documents */
	json_array_begin(&j, NULL);
	json_array_end(&j);
	json_array_begin(&j, NULL);
	json_array_end(&j);
	assert_int_equal(json_finish(&j), -1);

	json_init(&j, c.fp);		/* too deep */
	for (i = 0; i <= JSON_MAX_DEPTH; i++)
		json_array_begin(&j, NULL);
	for (i = 0; i <= JSON_MAX_DEPTH; i++)
		json_array_end(&j);
	assert_int_equal(json_finish(&j), -1);

	json_init(&j, c.fp);		/* exactly as deep as allowed */
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_begin(&j, NULL);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_end(&j);
	assert_int_equal(json_finish(&j), 0);

	fclose(c.fp);
	free(c.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape_quote_backslash),
		cmocka_unit_test(escape_control),
		cmocka_unit_test(escape_utf8),
		cmocka_unit_test(empty_containers),
		cmocka_unit_test(nesting),
		cmocka_unit_test(array_of_objects),
		cmocka_unit_test(top_level_scalar),
		cmocka_unit_test(misuse),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
