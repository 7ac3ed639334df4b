// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark of "vswctl -b" without a kernel: N lines of "policy add" are
 * written to a temporary file, then read, parsed and packed into requests
 * by the code vswctl runs (session_run_batch()), with a transport that
 * acks every request at once. What is left for the real run is the
 * kernel's work and one send and one receive per request.
 *
 * Usage: bench_batch [LINES]   (default 1000000)
 *
 * Prints one TAP line: ok if every line was packed and acked in the
 * expected number of requests, and, on stderr, the time it took. Speed is
 * reported, never asserted: "make -C userland bench" is where it is read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include <linux/genetlink.h>

#include "session.h"
#include "testutil.h"
#include "fakeio.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
	double t0, t1, per100k;
	struct session s;
	struct batch_io io;
	struct fake f;
	unsigned long i, per;
	FILE *in, *out;
	int status;

	in = tmpfile();
	out = fopen("/dev/null", "w");
	if (!in || !out) {
		printf("not ok 1 - cannot create the batch file\n1..1\n");
		return 1;
	}
	for (i = 0; i < n; i++)
		fprintf(in, "policy add sw0 vsid %lu ca 10.%lu.%lu.%lu mac 02:00:%02lx:%02lx:%02lx:%02lx pa 192.168.4.%lu\n",
			5001 + i % 1000, (i >> 16) & 255, (i >> 8) & 255,
			i & 255 ? i & 255 : 1, (i >> 24) & 255,
			(i >> 16) & 255, (i >> 8) & 255, i & 255, 1 + i % 200);
	rewind(in);

	fake_init(&f, false);
	io = fake_io(&f);
	session_init(&s, out, false);
	s.io = &io;
	s.nl_open = true;
	s.nl.family = 0x20;

	t0 = now();
	status = session_run_batch(&s, in, "bench", stderr);
	t1 = now();
	session_close(&s);
	fclose(in);
	fclose(out);

	per100k = (t1 - t0) * 100000.0 / (n ? n : 1);
	printf("# %lu lines in %.3f s: %.0f lines/s, %.4f s per 100k lines\n",
	       n, t1 - t0, n / (t1 - t0), per100k);
	printf("# %zu requests of %.1f KiB on average, %.0f records each\n",
	       f.sent, f.sent ? f.bytes / 1024.0 / f.sent : 0.0,
	       f.sent ? (double)n / f.sent : 0.0);
	/*
	 * Every request full but the last: headers, "sw0", then records of
	 * 40 bytes (IPv4 CA and PA).
	 */
	per = (BATCH_MSG_MAX - (NLMSG_HDRLEN + GENL_HDRLEN + 8)) / 40;
	if (status || f.acked != f.sent || f.sent != (n + per - 1) / per) {
		printf("not ok 1 - batch of %lu lines: status %d, %zu requests\n",
		       n, status, f.sent);
	} else {
		printf("ok 1 - batch of %lu lines packed into %zu requests\n",
		       n, f.sent);
	}
	printf("1..1\n");
	return 0;
}
