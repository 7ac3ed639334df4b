/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error reports. Code that fails fills a struct report instead of printing,
 * so that main() prints exactly one line per failure and batch mode can
 * put "FILE:LINE: " in front of it.
 */
#ifndef VSWCTL_REPORT_H
#define VSWCTL_REPORT_H

#include <stdio.h>

/* Exit statuses (EXIT_SUCCESS is 0). */
#define VSW_EXIT_FAIL	1	/* the request failed: kernel or runtime error */
#define VSW_EXIT_USAGE	2	/* the command line is wrong; nothing was done */

struct report {
	int status;
	char msg[1024];
};

void report_usage(struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void report_fail(struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "CONTEXT: TEXT (strerror(errnum))", or "CONTEXT: strerror" if no TEXT. */
void report_errno(struct report *r, int errnum, const char *text,
		  const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Print "vswctl: [WHERE: ]MESSAGE\n". Control characters (from a user's
 * argument or the kernel) are escaped so that it stays one line.
 */
void report_print(FILE *fp, const char *where, const struct report *r);

#endif /* VSWCTL_REPORT_H */
