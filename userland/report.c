// SPDX-License-Identifier: GPL-2.0
/*
 * Error reports. See report.h.
 */
#include <stdarg.h>
#include <string.h>

#include "report.h"

static void vreport(struct report *r, int status, const char *fmt, va_list ap)
{
	r->status = status;
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
}

void report_usage(struct report *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(r, VSW_EXIT_USAGE, fmt, ap);
	va_end(ap);
}

void report_fail(struct report *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(r, VSW_EXIT_FAIL, fmt, ap);
	va_end(ap);
}

void report_errno(struct report *r, int errnum, const char *text,
		  const char *fmt, ...)
{
	size_t len;
	va_list ap;

	va_start(ap, fmt);
	vreport(r, VSW_EXIT_FAIL, fmt, ap);
	va_end(ap);

	len = strlen(r->msg);
	if (text && *text)
		snprintf(r->msg + len, sizeof(r->msg) - len, ": %s (%s)",
			 text, strerror(errnum));
	else
		snprintf(r->msg + len, sizeof(r->msg) - len, ": %s",
			 strerror(errnum));
}

static void put_escaped(FILE *fp, const char *str)
{
	const unsigned char *s;

	for (s = (const unsigned char *)str; *s; s++) {
		if (*s == '\n')
			fputs("\\n", fp);
		else if (*s == '\t')
			fputs("\\t", fp);
		else if (*s < 0x20 || *s == 0x7f)
			fprintf(fp, "\\x%02x", *s);
		else
			fputc(*s, fp);
	}
}

void report_print(FILE *fp, const char *where, const struct report *r)
{
	fputs("vswctl: ", fp);
	if (where) {
		put_escaped(fp, where);
		fputs(": ", fp);
	}
	put_escaped(fp, r->msg);
	fputc('\n', fp);
}
