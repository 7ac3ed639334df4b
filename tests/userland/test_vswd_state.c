// SPDX-License-Identifier: GPL-2.0
/*
 * vswd's parsing of etcd's keys and values, and the batch it makes of the
 * difference with the kernel (userland/vswd_state.c). No etcd, no kernel:
 * the batch is compared with what vswctl -b would be given. TAP.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vswd_state.h"

static int n_tests, n_failed;

static void ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	n_tests++;
	if (!cond)
		n_failed++;
	printf("%sok %d - ", cond ? "" : "not ", n_tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

#define P "/vsw/v1/"

static void put(struct vswd_state *st, const char *key, const char *val)
{
	vswd_update(st, key, val, strlen(val));
}

/* The batch of the changes so far. */
static char *diff(struct vswd_state *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	vswd_diff(st, f);
	fclose(f);
	return buf;
}

static int same(const char *got, const char *want, const char *what)
{
	if (!strcmp(got, want))
		return 1;
	printf("# %s: got\n%s# want\n%s", what, got, want);
	return 0;
}

static void test_records(void)
{
	struct vswd_state st;
	char *b;

	vswd_state_init(&st, P, "h1", "sw0", NULL);
	put(&st, P "policy/5001/10.0.0.7",
	    "{\"mac\":\"02:B1:00:00:00:07\",\"pa\":\"192.168.4.22\"}");
	put(&st, P "policy/5001/fd10::7",
	    "{\"mac\":\"02:b1:00:00:00:07\",\"pa\":\"2001:db8::22\"}");
	put(&st, P "route/1/10.0.0.0/24", "{\"vsid\":5001}");
	put(&st, P "route/1/10.0.9.0/24",
	    "{\"vsid\":5001,\"nexthop\":\"10.0.0.9\"}");
	put(&st, P "port/h1/tap0", "{\"vsid\":5001,\"mac\":\"02:b1:00:00:00:05\"}");
	put(&st, P "port/h2/tap0", "{\"vsid\":5001,\"mac\":\"02:b1:00:00:00:06\"}");
	put(&st, P "host/h2", "{\"pa\":[\"192.168.4.12\"]}");
	put(&st, P "status/h2", "{\"revision\":5}");
	b = diff(&st);
	ok(same(b,
		"policy add sw0 vsid 5001 ca 10.0.0.7 mac 02:b1:00:00:00:07 pa 192.168.4.22\n"
		"policy add sw0 vsid 5001 ca fd10::7 mac 02:b1:00:00:00:07 pa 2001:db8::22\n"
		"route add sw0 rdid 1 vsid 5001 prefix 10.0.0.0/24\n"
		"route add sw0 rdid 1 vsid 5001 prefix 10.0.9.0/24 nexthop 10.0.0.9\n"
		"port add sw0 dev tap0 vsid 5001 mac 02:b1:00:00:00:05\n",
		"first batch"),
	   "policy, routes and this host's port become vswctl lines, "
	   "in the order save writes them");
	free(b);
	ok(st.cnt.refused == 0 && st.cnt.ignored == 3,
	   "another host's port, registration and status are ignored, "
	   "not refused (%llu)", (unsigned long long)st.cnt.ignored);
	b = diff(&st);
	ok(!*b, "nothing changed: an empty batch");
	free(b);

	/* changes */
	put(&st, P "policy/5001/10.0.0.7",
	    "{\"mac\":\"02:b1:00:00:00:07\",\"pa\":\"192.168.4.99\"}");
	put(&st, P "route/1/10.0.0.0/24", "{\"vsid\":5002}");
	put(&st, P "port/h1/tap0", "{\"vsid\":5001,\"mac\":\"02:b1:00:00:00:05\"}");
	vswd_update(&st, P "route/1/10.0.9.0/24", NULL, 0);
	vswd_update(&st, P "policy/5001/fd10::7", NULL, 0);
	b = diff(&st);
	ok(same(b,
		"route del sw0 rdid 1 prefix 10.0.0.0/24\n"
		"route del sw0 rdid 1 prefix 10.0.9.0/24\n"
		"policy del sw0 vsid 5001 ca fd10::7\n"
		"policy replace sw0 vsid 5001 ca 10.0.0.7 mac 02:b1:00:00:00:07 pa 192.168.4.99\n"
		"route add sw0 rdid 1 vsid 5002 prefix 10.0.0.0/24\n",
		"changes"),
	   "a changed policy record is replaced, a changed route deleted and "
	   "added, deletions first; an unchanged put is nothing");
	free(b);
	vswd_state_free(&st);
}

static void test_bad(void)
{
	static const struct {
		const char *key, *val, *what;
	} bad[] = {
		{ P "policy/5001/10.0.0.1", "{\"mac\":", "invalid JSON" },
		{ P "policy/5001/10.0.0.2", "[1,2]", "not an object" },
		{ P "policy/5001/10.0.0.3", "{\"mac\":\"02:b1:00:00:00\",\"pa\":\"192.168.4.2\"}",
		  "bad MAC" },
		{ P "policy/5001/10.0.0.4", "{\"mac\":\"01:00:5e:00:00:01\",\"pa\":\"192.168.4.2\"}",
		  "multicast MAC" },
		{ P "policy/4095/10.0.0.5", "{\"mac\":\"02:b1:00:00:00:05\",\"pa\":\"192.168.4.2\"}",
		  "reserved VSID" },
		{ P "policy/5001/10.0.0.6", "{\"mac\":\"02:b1:00:00:00:06\"}", "no pa" },
		{ P "policy/5001/10.0.0.007", "{\"mac\":\"02:b1:00:00:00:07\",\"pa\":\"192.168.4.2\"}",
		  "CA not in canonical form" },
		{ P "policy/5001/10.0.0.8", "{\"mac\":\"02:b1:00:00:00:08\",\"pa\":\"192.168.4.2\"} x",
		  "text after the object" },
		{ P "route/1/10.0.0.1/24", "{\"vsid\":5001}", "host bits in a prefix" },
		{ P "route/1/10.1.0.0/16", "{\"vsid\":\"5001\"}", "vsid as a string" },
		{ P "route/1/10.2.0.0/16", "{\"vsid\":16777215}", "VSID 0xffffff" },
		{ P "port/h1/tap 1", "{\"vsid\":5001,\"mac\":\"02:b1:00:00:00:09\"}",
		  "a device name with a blank" },
		{ P "port/h1/averyveryverylongname", "{\"vsid\":5001,\"mac\":\"02:b1:00:00:00:09\"}",
		  "a device name too long" },
		{ P "policies/5001/10.0.0.9", "{}", "a key outside the layout" },
		{ P "policy/5001", "{}", "a key without its CA" },
	};
	size_t i, nbad = sizeof(bad) / sizeof(bad[0]);
	struct vswd_state st;
	char *b, *huge, *log = NULL;
	size_t loglen = 0;
	FILE *logf = open_memstream(&log, &loglen);

	vswd_state_init(&st, P, "h1", "sw0", logf);
	put(&st, P "policy/5001/10.0.0.20",
	    "{\"mac\":\"02:b1:00:00:00:20\",\"pa\":\"192.168.4.2\"}");
	for (i = 0; i < nbad; i++) {
		uint64_t before = st.cnt.refused;

		put(&st, bad[i].key, bad[i].val);
		ok(st.cnt.refused == before + 1, "refused: %s", bad[i].what);
	}
	huge = malloc(VSWD_VALUE_MAX + 100);
	memset(huge, ' ', VSWD_VALUE_MAX + 99);
	memcpy(huge, "{\"mac\":\"02:b1:00:00:00:21\",\"pa\":\"192.168.4.2\"}", 46);
	huge[VSWD_VALUE_MAX + 99] = '\0';
	put(&st, P "policy/5001/10.0.0.21", huge);
	free(huge);
	ok(st.cnt.refused == nbad + 1, "refused: a value of more than %d bytes",
	   VSWD_VALUE_MAX);
	vswd_update(&st, P "policy/5001/10.0.0.22", "{\"mac\":\"02:b1:00:00:00:22\",\0\"pa\":\"192.168.4.2\"}", 48);
	ok(st.cnt.refused == nbad + 2, "refused: a value with a NUL byte");
	put(&st, P "policy/5001/10.0.0.23",
	    "{\"mac\":\"02:b1:00:00:00:23\",\"pa\":\"192.168.4.2\",\"future\":1}");
	b = diff(&st);
	ok(same(b,
		"policy add sw0 vsid 5001 ca 10.0.0.20 mac 02:b1:00:00:00:20 pa 192.168.4.2\n"
		"policy add sw0 vsid 5001 ca 10.0.0.23 mac 02:b1:00:00:00:23 pa 192.168.4.2\n",
		"bad batch"),
	   "the good records are applied, the bad ones are not, an unknown "
	   "member is ignored");
	free(b);
	fclose(logf);
	st.log = NULL;
	ok(log && strstr(log, "vswd: refused key \"/vsw/v1/policy/4095/10.0.0.5\": VSID") &&
	   strstr(log, "invalid JSON") && strstr(log, "key outside the layout") &&
	   strstr(log, "1123 bytes"),
	   "each refusal is logged with its key and why");
	free(log);

	/* a record that turns bad is removed: every host reads it so */
	put(&st, P "policy/5001/10.0.0.20", "{\"mac\":\"nonsense\"}");
	b = diff(&st);
	ok(same(b, "policy del sw0 vsid 5001 ca 10.0.0.20\n", "turned bad"),
	   "a record whose new value is refused is deleted");
	free(b);
	vswd_state_free(&st);
}

static void test_kernel(void)
{
	static const char save[] =
		"switch add sw0\n"
		"switch set sw0 ttl 64\n"
		"uplink set sw0 dev eth0 pa 192.168.4.11 pa 2001:db8::11\n"
		"port add sw0 dev tap0 vsid 5001 mac 02:b1:00:00:00:05\n"
		"port add sw0 dev tap9 vsid 5001 mac 02:b1:00:00:00:09\n"
		"route add sw0 rdid 1 vsid 5001 prefix 10.0.0.0/24\n"
		"policy add sw0 vsid 5001 ca 10.0.0.7 mac 02:b1:00:00:00:07 pa 192.168.4.22\n"
		"policy add sw0 vsid 5001 ca 10.0.0.8 mac 02:b1:00:00:00:08 pa 192.168.4.22\n"
		"switch add sw1\n"
		"policy add sw1 vsid 5001 ca 10.0.0.9 mac 02:b1:00:00:00:09 pa 192.168.4.22\n";
	struct vswd_state st;
	char pa[128], *b;
	FILE *f;

	vswd_state_init(&st, P, "h1", "sw0", NULL);
	f = fmemopen((void *)save, sizeof(save) - 1, "r");
	ok(!vswd_load_applied(&st, f, pa, sizeof(pa)) &&
	   !strcmp(pa, "192.168.4.11 2001:db8::11"),
	   "the kernel's state is read from save's output, the uplink's PAs "
	   "too (%s)", pa);
	fclose(f);
	put(&st, P "policy/5001/10.0.0.7",
	    "{\"mac\":\"02:b1:00:00:00:07\",\"pa\":\"192.168.4.22\"}");
	put(&st, P "policy/5001/10.0.0.10",
	    "{\"mac\":\"02:b1:00:00:00:10\",\"pa\":\"192.168.4.23\"}");
	put(&st, P "route/1/10.0.0.0/24", "{\"vsid\":5001}");
	put(&st, P "port/h1/tap0", "{\"vsid\":5001,\"mac\":\"02:b1:00:00:00:05\"}");
	b = diff(&st);
	ok(same(b,
		"port del sw0 dev tap9\n"
		"policy del sw0 vsid 5001 ca 10.0.0.8\n"
		"policy add sw0 vsid 5001 ca 10.0.0.10 mac 02:b1:00:00:00:10 pa 192.168.4.23\n",
		"against the kernel"),
	   "only the difference with the kernel: records already there are "
	   "left alone, the switch is never flushed, other switches untouched");
	free(b);

	/* a relist: everything again, same answer, nothing to do */
	vswd_clear_desired(&st);
	put(&st, P "policy/5001/10.0.0.7",
	    "{\"mac\":\"02:b1:00:00:00:07\",\"pa\":\"192.168.4.22\"}");
	put(&st, P "policy/5001/10.0.0.10",
	    "{\"mac\":\"02:b1:00:00:00:10\",\"pa\":\"192.168.4.23\"}");
	put(&st, P "route/1/10.0.0.0/24", "{\"vsid\":5001}");
	put(&st, P "port/h1/tap0", "{\"vsid\":5001,\"mac\":\"02:b1:00:00:00:05\"}");
	b = diff(&st);
	ok(!*b, "a relist of the same records: an empty batch");
	free(b);
	/* a relist after a delete missed while disconnected */
	vswd_clear_desired(&st);
	put(&st, P "policy/5001/10.0.0.7",
	    "{\"mac\":\"02:b1:00:00:00:07\",\"pa\":\"192.168.4.22\"}");
	put(&st, P "route/1/10.0.0.0/24", "{\"vsid\":5001}");
	put(&st, P "port/h1/tap0", "{\"vsid\":5001,\"mac\":\"02:b1:00:00:00:05\"}");
	b = diff(&st);
	ok(same(b, "policy del sw0 vsid 5001 ca 10.0.0.10\n", "relist"),
	   "a relist deletes what disappeared meanwhile, nothing else");
	free(b);
	vswd_state_free(&st);
}

static void test_many(void)
{
	struct vswd_state st;
	char key[128], val[128], *b;
	size_t lines;
	FILE *f;
	int i;

	vswd_state_init(&st, P, "h1", "sw0", NULL);
	for (i = 0; i < 2000; i++) {
		snprintf(key, sizeof(key), P "policy/%d/10.%d.%d.%d",
			 5000 + i % 7, 1 + i / 65536, (i / 256) % 256, i % 256);
		snprintf(val, sizeof(val),
			 "{\"mac\":\"02:00:00:00:%02x:%02x\",\"pa\":\"192.168.4.1\"}",
			 (i >> 8) & 0xff, i & 0xff);
		put(&st, key, val);
	}
	b = NULL;
	f = open_memstream(&b, &(size_t){ 0 });
	lines = vswd_diff(&st, f);
	fclose(f);
	ok(lines == 2000 && st.cnt.refused == 0,
	   "2000 records: 2000 lines (%zu)", lines);
	free(b);
	vswd_state_free(&st);
}

int main(void)
{
	test_records();
	test_bad();
	test_kernel();
	test_many();
	printf("1..%d\n", n_tests);
	return n_failed ? 1 : 0;
}
