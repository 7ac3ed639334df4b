// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/batch.c and session.c: how policy records are
 * packed into requests (built through the very code that feeds the
 * netlink socket, with a fake transport), how many are in flight, and
 * how a refused record is traced back to its batch line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include <linux/genetlink.h>

#include "batch.h"
#include "session.h"
#include "testutil.h"
#include "fakeio.h"

#define FAMILY	0x20
#define MAC1	"\x02\x00\x00\x00\x00\x05"
#define PA1	"\xc0\xa8\x04\x0b"
/* The nest of a record with IPv4 CA and PA (the largest is 64). */
#define NEST4	40

static struct policy_rec rec_n(unsigned int i)
{
	uint32_t ca = htonl(0x0a000000 | (i % 65536 + 1));
	struct policy_rec r;

	memset(&r, 0, sizeof(r));
	r.vsid = 5001 + i / 65536;
	vsw_addr_set(&r.ca, AF_INET, &ca);
	memcpy(r.mac, MAC1, 6);
	vsw_addr_set(&r.pa, AF_INET, PA1);
	return r;
}

/*
 * Record @i of a mix of families: IPv6 CA when @i % 3 is 1 or 2, IPv6
 * PA when @i % 2 is 1, so every combination and nest size (40, 52, 64)
 * follows every other.
 */
static struct policy_rec rec_mixed(unsigned int i)
{
	struct policy_rec r = rec_n(i);
	uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8 };

	a[14] = i >> 8;
	a[15] = i;
	if (i % 3)
		vsw_addr_set(&r.ca, AF_INET6, a);
	a[5] = 4;
	if (i % 2)
		vsw_addr_set(&r.pa, AF_INET6, a);
	return r;
}

/* What a request holds, checked attribute by attribute. */
struct decoded {
	uint8_t cmd;
	uint16_t flags;
	bool replace;		/* VSW_A_POLICY_REPLACE present */
	char sw[16];
	size_t nests;		/* VSW_A_POLICY nests */
	size_t other;		/* any other top-level attribute */
	uint32_t first_vsid;
	struct vsw_addr first_ca, last_ca;
};

static void decode(const struct nlmsghdr *nlh, struct decoded *d)
{
	const struct genlmsghdr *genl = NLMSG_DATA(nlh);
	struct policy_rec r;
	struct nlattr *a, *x;
	int rem, xrem, attrs;

	memset(d, 0, sizeof(*d));
	assert_int_equal(nlh->nlmsg_type, FAMILY);
	assert_true(nlh->nlmsg_flags & NLM_F_REQUEST);
	assert_true(nlh->nlmsg_flags & NLM_F_ACK);
	assert_int_equal(genl->version, VSW_GENL_VERSION);
	d->cmd = genl->cmd;
	d->flags = nlh->nlmsg_flags;
	nla_for_each_attr(a, (struct nlattr *)((char *)genl + GENL_HDRLEN),
			  nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, rem) {
		if (nla_type(a) == VSW_A_SWITCH_NAME) {
			assert_int_equal(d->nests, 0);	/* the name first */
			assert_int_equal(nla_len(a),
					 strlen(nla_data(a)) + 1);
			strcpy(d->sw, nla_data(a));
			continue;
		}
		if (nla_type(a) == VSW_A_POLICY_REPLACE) {
			assert_int_equal(nla_len(a), 0);
			d->replace = true;
			continue;
		}
		if (nla_type(a) != VSW_A_POLICY) {
			d->other++;
			continue;
		}
		assert_true(a->nla_type & NLA_F_NESTED);
		assert_int_equal(policy_parse_nest(a, &r,
						   d->cmd == VSW_CMD_POLICY_NEW),
				 0);
		attrs = 0;
		nla_for_each_nested(x, a, xrem)
			attrs++;
		assert_int_equal(attrs, d->cmd == VSW_CMD_POLICY_NEW ? 4 : 2);
		if (!d->nests++) {
			d->first_vsid = r.vsid;
			d->first_ca = r.ca;
		}
		d->last_ca = r.ca;
	}
	assert_int_equal(rem, 0);
}

struct env {
	struct fake f;
	struct batch b;
};

static void env_init(struct env *e, size_t msg_max, unsigned int window)
{
	struct batch_io io;

	fake_init(&e->f, true);
	io = fake_io(&e->f);
	assert_int_equal(batch_init(&e->b, &io, FAMILY, msg_max, window), 0);
}

static void env_free(struct env *e)
{
	batch_free(&e->b);
	fake_free(&e->f);
}

/* 2000 records in as few requests as fit; in order; none over the limit. */
static void pack_many(void **state)
{
	struct policy_rec r;
	struct decoded d;
	size_t i, total = 0;
	struct env e;

	(void)state;
	env_init(&e, BATCH_MSG_MAX, 4);
	for (i = 0; i < 2000; i++) {
		r = rec_n(i);
		assert_int_equal(batch_policy(&e.b, VSW_CMD_POLICY_NEW, false,
					      "sw0", &r, i + 1), 0);
	}
	assert_int_equal(batch_sync(&e.b), 0);
	/* 32 KiB holds 817 records of 40 bytes after the headers. */
	assert_int_equal(e.f.sent, 3);
	assert_int_equal(e.f.acked, 3);
	for (i = 0; i < e.f.sent; i++) {
		assert_true(e.f.msgs[i]->nlmsg_len <= BATCH_MSG_MAX);
		decode(e.f.msgs[i], &d);
		assert_int_equal(d.cmd, VSW_CMD_POLICY_NEW);
		assert_false(d.replace);
		assert_false(d.flags & NLM_F_REPLACE);
		assert_string_equal(d.sw, "sw0");
		assert_int_equal(d.other, 0);
		/* The records follow each other across requests. */
		r = rec_n(total);
		assert_memory_equal(&d.first_ca, &r.ca, sizeof(r.ca));
		total += d.nests;
		r = rec_n(total - 1);
		assert_memory_equal(&d.last_ca, &r.ca, sizeof(r.ca));
		if (i < e.f.sent - 1)	/* full: one more would not fit */
			assert_true(e.f.msgs[i]->nlmsg_len + NEST4 >
				    BATCH_MSG_MAX);
	}
	assert_int_equal(total, 2000);
	assert_int_equal(e.b.records, 2000);
	assert_int_equal(e.b.requests, 3);
	env_free(&e);
}

/* Whatever the limit, no request exceeds it. */
static void pack_size_limit(void **state)
{
	static const size_t limits[] = { 108, 128, 1000, 4096, 4097, 30001 };
	struct policy_rec r;
	size_t i, k, total;
	struct decoded d;
	struct env e;

	(void)state;
	for (k = 0; k < sizeof(limits) / sizeof(limits[0]); k++) {
		env_init(&e, limits[k], 2);
		for (i = 0; i < 500; i++) {
			r = rec_n(i);
			assert_int_equal(batch_policy(&e.b, VSW_CMD_POLICY_NEW,
						      false, "abcdefghijklmno",
						      &r, i + 1), 0);
		}
		assert_int_equal(batch_sync(&e.b), 0);
		for (i = total = 0; i < e.f.sent; i++) {
			assert_true(e.f.msgs[i]->nlmsg_len <= limits[k]);
			decode(e.f.msgs[i], &d);
			total += d.nests;
		}
		assert_int_equal(total, 500);
		env_free(&e);
	}
	/*
	 * Too small for the headers, a 15-character name, the replace flag
	 * and one record of POLICY_NEST_MAX (16 + 4 + 20 + 4 + 64), or too
	 * big: refused.
	 */
	assert_int_equal(batch_init(&e.b, &(struct batch_io){ 0 }, FAMILY, 107,
				    1), -EINVAL);
	assert_int_equal(batch_init(&e.b, &(struct batch_io){ 0 }, FAMILY,
				    BATCH_MSG_MAX + 1, 1), -EINVAL);
	assert_int_equal(batch_init(&e.b, &(struct batch_io){ 0 }, FAMILY,
				    BATCH_MSG_MAX, 0), -EINVAL);
}

/*
 * Records of both families: each request is as full as the next record's
 * own size allows, none is over the limit even with the largest records
 * and the replace flag, and every record comes back as it went.
 */
static void pack_mixed_families(void **state)
{
	static const size_t limits[] = { 108, 200, 1000, BATCH_MSG_MAX };
	struct policy_rec r, back;
	size_t i, k, n, total;
	struct nlattr *a;
	struct env e;
	int rem;

	(void)state;
	for (k = 0; k < sizeof(limits) / sizeof(limits[0]); k++) {
		env_init(&e, limits[k], 2);
		for (i = 0; i < 600; i++) {
			r = rec_mixed(i);
			assert_int_equal(batch_policy(&e.b, VSW_CMD_POLICY_NEW,
						      true, "abcdefghijklmno",
						      &r, i + 1), 0);
		}
		assert_int_equal(batch_sync(&e.b), 0);
		for (i = total = 0; i < e.f.sent; i++) {
			const struct nlmsghdr *nlh = e.f.msgs[i];
			const struct genlmsghdr *genl = NLMSG_DATA(nlh);

			assert_true(nlh->nlmsg_len <= limits[k]);
			n = 0;
			nla_for_each_attr(a, (struct nlattr *)((char *)genl +
							       GENL_HDRLEN),
					  nlh->nlmsg_len - NLMSG_HDRLEN -
					  GENL_HDRLEN, rem) {
				if (nla_type(a) != VSW_A_POLICY)
					continue;
				assert_int_equal(policy_parse_nest(a, &back,
								   true), 0);
				r = rec_mixed(total + n++);
				assert_memory_equal(&back, &r, sizeof(r));
			}
			total += n;
			/* Full: the next record would not have fit. */
			if (i < e.f.sent - 1) {
				r = rec_mixed(total);
				assert_true(nlh->nlmsg_len +
					    policy_nest_len(&r, true) >
					    limits[k]);
			}
		}
		assert_int_equal(total, 600);
		env_free(&e);
	}
}

/* Another command, replace flag or switch starts a new request. */
static void pack_boundaries(void **state)
{
	static const struct {
		uint8_t cmd;
		bool replace;
		const char *sw;
		int n;
	} runs[] = {
		{ VSW_CMD_POLICY_NEW, false, "sw0", 3 },
		{ VSW_CMD_POLICY_NEW, true, "sw0", 2 },
		{ VSW_CMD_POLICY_DEL, false, "sw0", 4 },
		{ VSW_CMD_POLICY_DEL, false, "sw1", 1 },
		{ VSW_CMD_POLICY_NEW, false, "sw1", 2 },
		{ VSW_CMD_POLICY_NEW, false, "sw0", 1 },
	};
	struct policy_rec r;
	struct decoded d;
	unsigned long line = 0;
	struct env e;
	size_t i;
	int k;

	(void)state;
	env_init(&e, BATCH_MSG_MAX, BATCH_WINDOW);
	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		for (k = 0; k < runs[i].n; k++) {
			r = rec_n(line);
			assert_int_equal(batch_policy(&e.b, runs[i].cmd,
						      runs[i].replace,
						      runs[i].sw, &r, ++line),
					 0);
		}
	}
	assert_int_equal(batch_sync(&e.b), 0);
	assert_int_equal(e.f.sent, 6);
	for (i = 0; i < 6; i++) {
		decode(e.f.msgs[i], &d);
		assert_int_equal(d.cmd, runs[i].cmd);
		assert_int_equal(d.replace, runs[i].replace);
		assert_false(d.flags & NLM_F_REPLACE);
		assert_string_equal(d.sw, runs[i].sw);
		assert_int_equal(d.nests, runs[i].n);
	}
	env_free(&e);
}

/* At most @window requests unacknowledged; all acked by the sync. */
static void window_bounds_inflight(void **state)
{
	static const unsigned int windows[] = { 1, 2, 8 };
	struct policy_rec r;
	struct env e;
	size_t i, k;

	(void)state;
	for (k = 0; k < 3; k++) {
		env_init(&e, 1024, windows[k]);
		for (i = 0; i < 1000; i++) {
			r = rec_n(i);
			assert_int_equal(batch_policy(&e.b, VSW_CMD_POLICY_NEW,
						      false, "sw0", &r, i + 1),
					 0);
			assert_true(e.f.sent - e.f.acked <= windows[k]);
		}
		assert_int_equal(batch_sync(&e.b), 0);
		assert_int_equal(e.f.max_inflight, windows[k]);
		assert_int_equal(e.f.acked, e.f.sent);
		assert_int_equal(e.b.inflight, 0);
		env_free(&e);
	}
}

static void find_tag(void **state)
{
	struct batch_tag tags[3] = {
		{ .off = 40, .end = 80 }, { .off = 80, .end = 120 },
		{ .off = 120, .end = 160 },
	};
	struct batch_req req = { .tags = tags, .ntags = 3 };

	(void)state;
	assert_int_equal(batch_find_tag(&req, 0), -1);	/* the headers */
	assert_int_equal(batch_find_tag(&req, 39), -1);
	assert_int_equal(batch_find_tag(&req, 40), 0);
	assert_int_equal(batch_find_tag(&req, 79), 0);
	assert_int_equal(batch_find_tag(&req, 80), 1);
	assert_int_equal(batch_find_tag(&req, 124), 2);	/* inside a nest */
	assert_int_equal(batch_find_tag(&req, 159), 2);
	assert_int_equal(batch_find_tag(&req, 160), -1);	/* past the end */
	assert_int_equal(batch_find_tag(&req, 0xffffffff), -1);
	req.ntags = 0;
	assert_int_equal(batch_find_tag(&req, 40), -1);
}

/*
 * The kernel refuses record 5 of the second request, pointing at its CA
 * attribute inside the nest: the error names that record's line.
 */
static void error_offset_to_line(void **state)
{
	char want[128], ca[ADDR_STRLEN];
	struct fake_fail *fail;
	struct policy_rec r;
	struct decoded d;
	uint32_t head;
	size_t i, per;
	struct env e;

	(void)state;
	env_init(&e, 1024, 4);
	/* Request layout: headers, name "sw0" (8), then 40-byte nests. */
	head = NLMSG_HDRLEN + GENL_HDRLEN + 8;
	per = (1024 - head) / NEST4;
	fail = fake_refuse(&e.f, 1, -1, -EEXIST);
	fail->has_offset = true;
	fail->offset = head + 5 * NEST4 + NLA_HDRLEN + 8;
	fail->text = "policy record exists";
	for (i = 0; i < 4 * per; i++) {
		r = rec_n(i);
		if (batch_policy(&e.b, VSW_CMD_POLICY_NEW, false, "sw0", &r,
				 100 + i))
			break;
	}
	if (i == 4 * per)
		assert_int_equal(batch_sync(&e.b), -1);
	assert_true(e.b.failed);
	/* Lines are 100, 101, ...: record 5 of request 1. */
	assert_int_equal(e.b.err_line, 100 + per + 5);
	r = rec_n(per + 5);
	decode(e.f.msgs[1], &d);
	assert_int_equal(d.nests, per);
	assert_int_equal(e.b.err.status, VSW_EXIT_FAIL);
	snprintf(want, sizeof(want),
		 "policy add sw0 vsid 5001 ca %s: policy record exists (File exists)",
		 fmt_addr(ca, &r.ca));
	assert_string_equal(e.b.err.msg, want);
	/* Nothing more is taken, and every ack was read. */
	r = rec_n(0);
	assert_int_equal(batch_policy(&e.b, VSW_CMD_POLICY_NEW, false, "sw0",
				      &r, 999), -1);
	assert_int_equal(batch_sync(&e.b), -1);
	assert_int_equal(e.f.acked, e.f.sent);
	env_free(&e);
}

/* No offset, or one outside every record: the request's first line. */
static void error_without_offset(void **state)
{
	struct fake_fail *fail;
	struct policy_rec r;
	struct env e;
	int i;

	(void)state;
	env_init(&e, BATCH_MSG_MAX, 1);
	fake_refuse(&e.f, 0, -1, -ENOENT);
	for (i = 0; i < 10; i++) {
		r = rec_n(i);
		assert_int_equal(batch_policy(&e.b, VSW_CMD_POLICY_DEL, false,
					      "sw9", &r, 20 + i), 0);
	}
	assert_int_equal(batch_sync(&e.b), -1);
	assert_int_equal(e.b.err_line, 20);
	assert_string_equal(e.b.err.msg,
			    "policy del sw9: no such switch (No such file or directory)");
	env_free(&e);

	env_init(&e, BATCH_MSG_MAX, 1);
	fail = fake_refuse(&e.f, 0, -1, -ENOENT);
	fail->has_offset = true;
	fail->offset = NLMSG_HDRLEN + GENL_HDRLEN;	/* the name */
	fail->text = "no such switch";
	r = rec_n(0);
	assert_int_equal(batch_policy(&e.b, VSW_CMD_POLICY_NEW, true, "sw9",
				      &r, 7), 0);
	assert_int_equal(batch_sync(&e.b), -1);
	assert_int_equal(e.b.err_line, 7);
	assert_string_equal(e.b.err.msg,
			    "policy replace sw9: no such switch (No such file or directory)");
	env_free(&e);

	/* A record the kernel points at, with no message of its own. */
	env_init(&e, BATCH_MSG_MAX, 1);
	fail = fake_refuse(&e.f, 0, -1, -ENOENT);
	fail->has_offset = true;
	fail->offset = NLMSG_HDRLEN + GENL_HDRLEN + 8 + 20;
	for (i = 0; i < 3; i++) {
		r = rec_n(i);
		assert_int_equal(batch_policy(&e.b, VSW_CMD_POLICY_DEL, false,
					      "sw0", &r, 1 + i), 0);
	}
	assert_int_equal(batch_sync(&e.b), -1);
	assert_int_equal(e.b.err_line, 2);	/* del nests are 20 bytes */
	assert_string_equal(e.b.err.msg,
			    "policy del sw0 vsid 5001 ca 10.0.0.2: no such policy record (No such file or directory)");
	env_free(&e);
}

/*
 * The records of request @nlh, as their indexes @i of rec_n(@i) (so for
 * @i below 65535), in order. Returns how many.
 */
static size_t records_of(const struct nlmsghdr *nlh, unsigned int *out,
			 size_t max)
{
	const struct genlmsghdr *genl = NLMSG_DATA(nlh);
	struct policy_rec r;
	struct nlattr *a;
	size_t n = 0;
	int rem;

	nla_for_each_attr(a, (struct nlattr *)((char *)genl + GENL_HDRLEN),
			  nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, rem) {
		if (nla_type(a) != VSW_A_POLICY)
			continue;
		assert_int_equal(policy_parse_nest(a, &r, true), 0);
		assert_true(n < max);
		out[n++] = ntohl(r.ca.v4.s_addr) - 0x0a000001;
	}
	return n;
}

/* Request @i of @f holds exactly the records @want, in this order. */
static void assert_request(const struct fake *f, size_t i,
			   const unsigned int *want, size_t n)
{
	unsigned int got[64];

	assert_true(i < f->sent);
	assert_int_equal(records_of(f->msgs[i], got, 64), n);
	assert_memory_equal(got, want, n * sizeof(*want));
}

/*
 * What the fake kernel holds after the batch: the records of the
 * requests it accepted, in order, are exactly records 0 to @n - 1.
 */
static void assert_applied_first(const struct fake *f, unsigned int n)
{
	unsigned int got[256];
	size_t i, k = 0;

	for (i = 0; i < f->sent; i++)
		if (fake_applied(f, i))
			k += records_of(f->msgs[i], got + k, 256 - k);
	assert_int_equal(k, n);
	for (i = 0; i < k; i++)
		assert_int_equal(got[i], i);
}

/* Room for 5 IPv4 records after the headers and the name "sw0". */
#define MSG5	(NLMSG_HDRLEN + GENL_HDRLEN + 8 + 5 * NEST4)

/* Queue records 0 to @n - 1 (line 100 + i) until the batch fails. */
static int queue_n(struct env *e, unsigned int n)
{
	struct policy_rec r;
	unsigned int i;

	for (i = 0; i < n; i++) {
		r = rec_n(i);
		if (batch_policy(&e->b, VSW_CMD_POLICY_NEW, false, "sw0", &r,
				 100 + i))
			return -1;
	}
	return batch_sync(&e->b);
}

/*
 * The kernel refuses record 3 of the second request (records 5-9) and
 * applies none of it: records 5-7 are sent again, as a request of their
 * own, before record 8 is reported; nothing after it is sent.
 */
static void refused_prefix_resent(void **state)
{
	static const unsigned int prefix[] = { 5, 6, 7 };
	char want[128], ca[ADDR_STRLEN];
	struct policy_rec r;
	struct env e;

	(void)state;
	env_init(&e, MSG5, BATCH_WINDOW);
	fake_refuse(&e.f, 1, 3, -EEXIST)->text = "policy record exists";
	assert_int_equal(queue_n(&e, 15), -1);
	assert_int_equal(e.f.sent, 3);
	assert_int_equal(e.f.acked, 3);
	assert_request(&e.f, 2, prefix, 3);
	assert_int_equal(e.f.msgs[2]->nlmsg_len,
			 NLMSG_HDRLEN + GENL_HDRLEN + 8 + 3 * NEST4);
	assert_int_equal(e.b.err_line, 108);
	r = rec_n(8);
	snprintf(want, sizeof(want),
		 "policy add sw0 vsid 5001 ca %s: policy record exists (File exists)",
		 fmt_addr(ca, &r.ca));
	assert_string_equal(e.b.err.msg, want);
	/* Every record before line 108 took effect, none after it. */
	assert_applied_first(&e.f, 8);
	assert_int_equal(batch_sync(&e.b), -1);
	assert_int_equal(e.f.sent, 3);
	env_free(&e);
}

/*
 * Refused at its first record, or with no offset at a record: nothing
 * before it in the request, nothing is sent again.
 */
static void refused_first_no_prefix(void **state)
{
	static const long records[] = { 0, -1 };
	struct env e;
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		env_init(&e, MSG5, BATCH_WINDOW);
		fake_refuse(&e.f, 1, records[k], -EEXIST);
		assert_int_equal(queue_n(&e, 15), -1);
		assert_int_equal(e.f.sent, 2);
		assert_int_equal(e.b.err_line, 105);
		assert_applied_first(&e.f, 5);
		env_free(&e);
	}
}

/*
 * The records sent again are refused in turn (as a transient ENOMEM
 * would), at an earlier record: the same again, and that record is the
 * one reported. Refused at their first record: nothing more is sent.
 */
static void refused_prefix_refused(void **state)
{
	static const unsigned int prefix[] = { 5, 6, 7 }, again[] = { 5 };
	struct env e;

	(void)state;
	env_init(&e, MSG5, BATCH_WINDOW);
	fake_refuse(&e.f, 1, 3, -EEXIST);
	fake_refuse(&e.f, 2, 1, -ENOMEM);
	assert_int_equal(queue_n(&e, 15), -1);
	assert_int_equal(e.f.sent, 4);
	assert_request(&e.f, 2, prefix, 3);
	assert_request(&e.f, 3, again, 1);
	assert_int_equal(e.b.err_line, 106);
	assert_int_equal(e.b.err.status, VSW_EXIT_FAIL);
	assert_string_equal(e.b.err.msg,
			    "policy add sw0 vsid 5001 ca 10.0.0.7: Cannot allocate memory");
	assert_applied_first(&e.f, 6);
	env_free(&e);

	env_init(&e, MSG5, BATCH_WINDOW);
	fake_refuse(&e.f, 1, 3, -EEXIST);
	fake_refuse(&e.f, 2, 0, -ENOMEM);
	assert_int_equal(queue_n(&e, 15), -1);
	assert_int_equal(e.f.sent, 3);
	assert_int_equal(e.b.err_line, 105);
	assert_applied_first(&e.f, 5);
	env_free(&e);
}

/* The lines keep_going reported, in order. */
struct refusals {
	unsigned long lines[8];
	size_t n;
};

static void note_refusal(void *ctx, unsigned long line,
			 const struct report *r)
{
	struct refusals *rf = ctx;

	assert_int_equal(r->status, VSW_EXIT_FAIL);
	assert_true(rf->n < 8);
	rf->lines[rf->n++] = line;
}

/*
 * keep_going: every record of a refused request but the refused one is
 * sent again, in order, in one request; refused in turn, the same again;
 * each refused record is reported once.
 */
static void keep_going_resends_others(void **state)
{
	static const unsigned int all_but_2[] = { 0, 1, 3, 4 },
		all_but_1[] = { 0, 2, 3, 4 }, all_but_1_3[] = { 0, 2, 4 },
		next[] = { 5, 6 };
	struct refusals rf = { 0 };
	struct env e;

	(void)state;
	env_init(&e, MSG5, BATCH_WINDOW);
	assert_int_equal(batch_keep_going(&e.b, note_refusal, &rf), 0);
	fake_refuse(&e.f, 0, 2, -EEXIST);
	assert_int_equal(queue_n(&e, 7), 0);
	assert_int_equal(e.f.sent, 3);
	assert_request(&e.f, 1, all_but_2, 4);
	assert_request(&e.f, 2, next, 2);
	assert_int_equal(rf.n, 1);
	assert_int_equal(rf.lines[0], 102);
	assert_int_equal(e.b.refused, 1);
	assert_false(e.b.failed);
	env_free(&e);

	/* Two refusals in one request: the second in the request sent
	 * again, where the original record 3 is record 2. */
	memset(&rf, 0, sizeof(rf));
	env_init(&e, MSG5, BATCH_WINDOW);
	assert_int_equal(batch_keep_going(&e.b, note_refusal, &rf), 0);
	fake_refuse(&e.f, 0, 1, -EEXIST);
	fake_refuse(&e.f, 1, 2, -EEXIST);
	assert_int_equal(queue_n(&e, 7), 0);
	assert_int_equal(e.f.sent, 4);
	assert_request(&e.f, 1, all_but_1, 4);
	assert_request(&e.f, 2, all_but_1_3, 3);
	assert_request(&e.f, 3, next, 2);
	assert_true(fake_applied(&e.f, 2));
	assert_int_equal(rf.n, 2);
	assert_int_equal(rf.lines[0], 101);
	assert_int_equal(rf.lines[1], 103);
	assert_int_equal(e.b.refused, 2);
	assert_int_equal(e.f.acked, e.f.sent);
	env_free(&e);

	/* The only record refused: nothing to send again. */
	memset(&rf, 0, sizeof(rf));
	env_init(&e, MSG5, BATCH_WINDOW);
	assert_int_equal(batch_keep_going(&e.b, note_refusal, &rf), 0);
	fake_refuse(&e.f, 0, 0, -EEXIST);
	assert_int_equal(queue_n(&e, 1), 0);
	assert_int_equal(e.f.sent, 1);
	assert_int_equal(rf.n, 1);
	assert_int_equal(rf.lines[0], 100);
	env_free(&e);
}

static void send_failure(void **state)
{
	struct policy_rec r = rec_n(0);
	struct env e;

	(void)state;
	env_init(&e, BATCH_MSG_MAX, 2);
	e.f.send_error = -ENOBUFS;
	assert_int_equal(batch_policy(&e.b, VSW_CMD_POLICY_NEW, false, "sw0",
				      &r, 3), 0);
	assert_int_equal(batch_sync(&e.b), -1);
	assert_int_equal(e.b.err_line, 3);
	assert_string_equal(e.b.err.msg,
			    "policy add sw0: cannot send (No buffer space available)");
	env_free(&e);
}

/* A session over a fake transport, as main() runs a batch file. */
struct sess {
	struct fake f;
	struct batch_io io;
	struct session s;
	char *out, *err;
	size_t outlen, errlen;
};

static int run_lines(struct sess *t, const char *text)
{
	FILE *in, *err;
	int status;

	fake_init(&t->f, true);
	t->io = fake_io(&t->f);
	session_init(&t->s, open_memstream(&t->out, &t->outlen), false);
	t->f.watch = t->s.out.fp;
	t->s.io = &t->io;
	t->s.nl_open = true;
	t->s.nl.family = FAMILY;
	in = fmemopen((void *)text, strlen(text), "r");
	err = open_memstream(&t->err, &t->errlen);
	assert_non_null(in);
	assert_non_null(err);
	status = session_run_batch(&t->s, in, "f.vsw", err);
	fclose(in);
	fclose(err);
	fclose(t->s.out.fp);
	return status;
}

static void sess_free(struct sess *t)
{
	session_close(&t->s);
	fake_free(&t->f);
	free(t->out);
	free(t->err);
}

#define P_ADD(ca) "policy add sw0 vsid 5001 ca " ca \
	" mac 02:00:00:00:00:05 pa 192.168.4.11\n"

/* Lines are packed across comments; another command is a barrier. */
static void session_packs_lines(void **state)
{
	struct decoded d;
	struct sess t;

	(void)state;
	assert_int_equal(run_lines(&t,
		P_ADD("10.0.0.1")
		"# comment\n"
		"\n"
		P_ADD("10.0.0.2")
		"policy replace sw0 vsid 5001 ca 10.0.0.3 mac 02:00:00:00:00:05 pa 192.168.4.22\n"
		"help port\n"
		P_ADD("10.0.0.4")
		"policy del sw0 vsid 5001 ca 10.0.0.1\n"
		"policy del sw0 ca 10.0.0.2 vsid 5001\n"), 0);
	assert_string_equal(t.err, "");
	assert_int_equal(t.f.sent, 4);
	decode(t.f.msgs[0], &d);
	assert_int_equal(d.nests, 2);
	decode(t.f.msgs[1], &d);
	assert_true(d.replace);
	assert_false(d.flags & NLM_F_REPLACE);
	assert_int_equal(d.nests, 1);
	decode(t.f.msgs[2], &d);
	assert_int_equal(d.nests, 1);
	decode(t.f.msgs[3], &d);
	assert_int_equal(d.cmd, VSW_CMD_POLICY_DEL);
	assert_int_equal(d.nests, 2);
	/* The help was printed after the records before it were sent. */
	assert_non_null(strstr(t.out, "Usage: vswctl port add"));
	assert_int_equal(t.f.watch_pos[0], 0);
	assert_int_equal(t.f.watch_pos[1], 0);
	assert_int_equal(t.f.watch_pos[2], strlen(t.out));
	sess_free(&t);
}

/*
 * The kernel refuses line 3, found only when line 5 is read; lines 1 and
 * 2 are sent again.
 */
static void session_reports_refused_line(void **state)
{
	struct decoded d;
	struct sess t;

	(void)state;
	{
		FILE *in, *err;
		const char *text = P_ADD("10.0.0.1") P_ADD("10.0.0.2")
			P_ADD("10.0.0.3") P_ADD("10.0.0.4")
			"policy add sw0 vsid 1 ca 10.0.0.5 mac 02:00:00:00:00:05 pa 192.168.4.11\n";

		fake_init(&t.f, true);
		fake_refuse(&t.f, 0, 2, -EEXIST);
		t.io = fake_io(&t.f);
		session_init(&t.s, open_memstream(&t.out, &t.outlen), false);
		t.s.io = &t.io;
		t.s.nl_open = true;
		t.s.nl.family = FAMILY;
		in = fmemopen((void *)text, strlen(text), "r");
		err = open_memstream(&t.err, &t.errlen);
		/* Line 5 is a usage error; the records before it are sent
		 * first, and the kernel's refusal of line 3 is what counts. */
		assert_int_equal(session_run_batch(&t.s, in, "f.vsw", err), 1);
		fclose(in);
		fclose(err);
		fclose(t.s.out.fp);
		assert_string_equal(t.err,
			"vswctl: f.vsw:3: policy add sw0 vsid 5001 ca 10.0.0.3: policy record exists (File exists)\n");
		assert_int_equal(t.f.sent, 2);
		decode(t.f.msgs[1], &d);
		assert_int_equal(d.nests, 2);
		assert_int_equal(d.first_ca.v4.s_addr, inet_addr("10.0.0.1"));
		assert_int_equal(d.last_ca.v4.s_addr, inet_addr("10.0.0.2"));
		sess_free(&t);
	}

	/* All accepted: the usage error of line 5 is reported. */
	assert_int_equal(run_lines(&t, P_ADD("10.0.0.1") P_ADD("10.0.0.2")
		"policy add sw0 vsid 4095 ca 10.0.0.5 mac 02:00:00:00:00:05 pa 192.168.4.11\n"
		P_ADD("10.0.0.9")), 2);
	assert_string_equal(t.err,
		"vswctl: f.vsw:3: invalid VSID \"4095\": reserved (0-4095 and 0xffffff are reserved, RFC 7637)\n");
	/* Lines 1 and 2 took effect, line 4 was never sent. */
	assert_int_equal(t.f.sent, 1);
	assert_int_equal(t.f.acked, 1);
	sess_free(&t);
}

#define P_ADD6(ca, pa) "policy add sw0 vsid 5001 ca " ca \
	" mac 02:00:00:00:00:05 pa " pa "\n"

/*
 * IPv6 lines pack with IPv4 ones, and a refused IPv6 record is named by
 * its CA in the IPv6 text form, on its own line.
 */
static void session_ipv6_lines(void **state)
{
	struct fake_fail *fail;
	struct policy_rec r;
	struct decoded d;
	struct sess t;
	FILE *in, *err;
	const char *text = P_ADD6("10.0.0.1", "192.168.4.11")
		"# IPv6 CA, IPv4 PA: 52-byte nests\n"
		P_ADD6("2001:db8::1", "192.168.4.11")
		P_ADD6("2001:DB8:0::2", "192.168.4.11")
		P_ADD6("10.0.0.3", "2001:db8:4::b");

	(void)state;
	fake_init(&t.f, true);
	fail = fake_refuse(&t.f, 0, -1, -EEXIST);
	fail->has_offset = true;
	/* Into the CA6 of the third record: after 40 + 52 bytes of nests. */
	fail->offset = NLMSG_HDRLEN + GENL_HDRLEN + 8 + NEST4 + 52 +
		       NLA_HDRLEN + 8;
	t.io = fake_io(&t.f);
	session_init(&t.s, open_memstream(&t.out, &t.outlen), false);
	t.s.io = &t.io;
	t.s.nl_open = true;
	t.s.nl.family = FAMILY;
	in = fmemopen((void *)text, strlen(text), "r");
	err = open_memstream(&t.err, &t.errlen);
	assert_int_equal(session_run_batch(&t.s, in, "f.vsw", err), 1);
	fclose(in);
	fclose(err);
	fclose(t.s.out.fp);
	assert_string_equal(t.err,
		"vswctl: f.vsw:4: policy add sw0 vsid 5001 ca 2001:db8::2: policy record exists (File exists)\n");
	assert_int_equal(t.f.sent, 2);
	decode(t.f.msgs[0], &d);
	assert_int_equal(d.nests, 4);
	assert_int_equal(d.first_ca.family, AF_INET);
	assert_int_equal(d.last_ca.family, AF_INET);
	assert_int_equal(t.f.msgs[0]->nlmsg_len,
			 NLMSG_HDRLEN + GENL_HDRLEN + 8 + NEST4 + 52 + 52 + 52);
	/* The two lines before it, sent again: cut at the right nest. */
	decode(t.f.msgs[1], &d);
	assert_int_equal(d.nests, 2);
	assert_int_equal(d.first_ca.family, AF_INET);
	assert_int_equal(d.last_ca.family, AF_INET6);
	assert_int_equal(t.f.msgs[1]->nlmsg_len,
			 NLMSG_HDRLEN + GENL_HDRLEN + 8 + NEST4 + 52);
	sess_free(&t);

	/* All accepted: the last record's PA went as PA6. */
	assert_int_equal(run_lines(&t, text), 0);
	assert_string_equal(t.err, "");
	{
		const struct nlmsghdr *nlh = t.f.msgs[0];
		const struct genlmsghdr *genl = NLMSG_DATA(nlh);
		struct nlattr *a, *last = NULL;
		int rem;

		nla_for_each_attr(a, (struct nlattr *)((char *)genl +
						       GENL_HDRLEN),
				  nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN,
				  rem)
			last = a;
		assert_non_null(last);
		assert_int_equal(policy_parse_nest(last, &r, true), 0);
		assert_int_equal(r.pa.family, AF_INET6);
		assert_non_null(nla_find(nla_data(last), nla_len(last),
					 VSW_POLICY_A_PA6));
		assert_null(nla_find(nla_data(last), nla_len(last),
				     VSW_POLICY_A_PA));
	}
	sess_free(&t);

	/* An IPv6 usage error names the line and the address. */
	assert_int_equal(run_lines(&t, P_ADD6("10.0.0.1", "192.168.4.11")
		P_ADD6("::ffff:10.0.0.2", "192.168.4.11")), 2);
	assert_string_equal(t.err,
		"vswctl: f.vsw:2: invalid CA \"::ffff:10.0.0.2\": IPv4-mapped address: use the IPv4 form\n");
	sess_free(&t);
}

/*
 * Run @text with -force over a fake that refuses request @index at its
 * record @record (-1: with no offset).
 */
static int run_force(struct sess *t, const char *text, size_t index,
		     long record)
{
	FILE *in, *err;
	int status;

	fake_init(&t->f, true);
	fake_refuse(&t->f, index, record, -EEXIST);
	t->io = fake_io(&t->f);
	session_init(&t->s, open_memstream(&t->out, &t->outlen), false);
	t->s.io = &t->io;
	t->s.nl_open = true;
	t->s.nl.family = FAMILY;
	t->s.force = true;
	in = fmemopen((void *)text, strlen(text), "r");
	err = open_memstream(&t->err, &t->errlen);
	status = session_run_batch(&t->s, in, "f.vsw", err);
	fclose(in);
	fclose(err);
	fclose(t->s.out.fp);
	return status;
}

/*
 * -force: the kernel refuses line 3 of a request of five records, and
 * applies none of them; line 3 is reported, the other records (lines 1,
 * 2, 4 and 5) are sent again in a request of their own, the usage error
 * of line 6 is reported after it, and lines 7 and 8 still go. The status
 * is that of the first failure.
 */
static void session_force(void **state)
{
	struct decoded d;
	struct sess t;

	(void)state;
	assert_int_equal(run_force(&t,
		P_ADD("10.0.0.1") P_ADD("10.0.0.2") P_ADD("10.0.0.3")
		P_ADD("10.0.0.4") P_ADD("10.0.0.5")
		"policy add sw0 vsid 1 ca 10.0.0.6 mac 02:00:00:00:00:05 pa 192.168.4.11\n"
		P_ADD("10.0.0.7") P_ADD("10.0.0.8"), 0, 2), 1);
	assert_string_equal(t.err,
		"vswctl: f.vsw:3: policy add sw0 vsid 5001 ca 10.0.0.3: policy record exists (File exists)\n"
		"vswctl: f.vsw:6: invalid VSID \"1\": reserved (0-4095 and 0xffffff are reserved, RFC 7637)\n");
	assert_int_equal(t.f.sent, 3);
	assert_int_equal(t.f.acked, 3);
	decode(t.f.msgs[0], &d);
	assert_int_equal(d.nests, 5);
	/* The refused request but line 3: well formed. */
	decode(t.f.msgs[1], &d);
	assert_int_equal(d.nests, 4);
	assert_int_equal(d.first_ca.v4.s_addr, inet_addr("10.0.0.1"));
	assert_int_equal(d.last_ca.v4.s_addr, inet_addr("10.0.0.5"));
	assert_int_equal(t.f.msgs[1]->nlmsg_len,
			 NLMSG_HDRLEN + GENL_HDRLEN + 8 + 4 * NEST4);
	decode(t.f.msgs[2], &d);
	assert_int_equal(d.nests, 2);
	assert_int_equal(d.first_ca.v4.s_addr, inet_addr("10.0.0.7"));
	assert_int_equal(t.s.failures, 2);
	sess_free(&t);

	/* Refused without an offset (as for no such switch): the first
	 * record is named, and the others are tried again. */
	assert_int_equal(run_force(&t, P_ADD("10.0.0.1") P_ADD("10.0.0.2")
				   P_ADD("10.0.0.3"), 0, -1), 1);
	assert_string_equal(t.err,
		"vswctl: f.vsw:1: policy add sw0: policy record exists (File exists)\n");
	assert_int_equal(t.f.sent, 2);
	decode(t.f.msgs[1], &d);
	assert_int_equal(d.nests, 2);
	assert_int_equal(d.first_ca.v4.s_addr, inet_addr("10.0.0.2"));
	sess_free(&t);

	/* The last record refused: the one before it is sent again. */
	assert_int_equal(run_force(&t, P_ADD("10.0.0.1") P_ADD("10.0.0.2"), 0,
				   1), 1);
	assert_string_equal(t.err,
		"vswctl: f.vsw:2: policy add sw0 vsid 5001 ca 10.0.0.2: policy record exists (File exists)\n");
	assert_int_equal(t.f.sent, 2);
	decode(t.f.msgs[1], &d);
	assert_int_equal(d.nests, 1);
	assert_int_equal(d.first_ca.v4.s_addr, inet_addr("10.0.0.1"));
	sess_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pack_many),
		cmocka_unit_test(pack_size_limit),
		cmocka_unit_test(pack_mixed_families),
		cmocka_unit_test(pack_boundaries),
		cmocka_unit_test(window_bounds_inflight),
		cmocka_unit_test(find_tag),
		cmocka_unit_test(error_offset_to_line),
		cmocka_unit_test(error_without_offset),
		cmocka_unit_test(refused_prefix_resent),
		cmocka_unit_test(refused_first_no_prefix),
		cmocka_unit_test(refused_prefix_refused),
		cmocka_unit_test(keep_going_resends_others),
		cmocka_unit_test(send_failure),
		cmocka_unit_test(session_packs_lines),
		cmocka_unit_test(session_reports_refused_line),
		cmocka_unit_test(session_ipv6_lines),
		cmocka_unit_test(session_force),
	};

	return cmocka_run_group_tests_name("batch", tests, NULL, NULL);
}
