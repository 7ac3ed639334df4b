/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake batch transport (struct batch_io) for the tests and the
 * benchmark: it numbers and keeps (or only counts) the requests it is
 * given, and acks them in order. It refuses the requests the test names
 * by their index in the order sent (fake_refuse()), as the kernel does:
 * error, extended-ack message and offset, into the nest of the record
 * refused; and, as the kernel applies a request whole or not at all,
 * fake_applied() tells whether a request took effect.
 */
#ifndef VSWCTL_FAKEIO_H
#define VSWCTL_FAKEIO_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "batch.h"

#define FAKE_MAX_MSGS	4096
#define FAKE_MAX_FAILS	8

/* A request to refuse. */
struct fake_fail {
	size_t index;		/* of the request, in the order sent */
	int error;		/* -errno */
	/*
	 * The offset points at the nest of this record of the request (its
	 * index among the request's VSW_A_POLICY nests, as sent), or, if
	 * it is -1, is @offset if @has_offset, none otherwise.
	 */
	long record;
	bool has_offset;
	uint32_t offset;
	const char *text;	/* extended-ack message, or NULL */
};

struct fake {
	bool keep;			/* keep copies of the requests */
	struct nlmsghdr *msgs[FAKE_MAX_MSGS];
	size_t sent, acked;
	uint32_t seq;
	unsigned int max_inflight;
	uint64_t bytes;
	struct fake_fail fails[FAKE_MAX_FAILS];
	size_t nfails;
	bool refused[FAKE_MAX_MSGS];	/* acked with an error */
	int send_error;			/* fail every send with this */
	/* if set, how much had been written to it at each send */
	FILE *watch;
	long watch_pos[FAKE_MAX_MSGS];
};

static inline void fake_init(struct fake *f, bool keep)
{
	memset(f, 0, sizeof(*f));
	f->keep = keep;
	f->seq = 1000;
}

static inline void fake_free(struct fake *f)
{
	size_t i;

	for (i = 0; i < f->sent && i < FAKE_MAX_MSGS; i++)
		free(f->msgs[i]);
}

/*
 * Refuse request @index with @error at its record @record (-1: with no
 * offset; the test may set one in the entry returned).
 */
static inline struct fake_fail *fake_refuse(struct fake *f, size_t index,
					    long record, int error)
{
	struct fake_fail *x;

	if (f->nfails == FAKE_MAX_FAILS)
		abort();
	x = &f->fails[f->nfails++];
	memset(x, 0, sizeof(*x));
	x->index = index;
	x->record = record;
	x->error = error;
	return x;
}

static inline struct fake_fail *fake_fail_of(struct fake *f, size_t index)
{
	size_t i;

	for (i = 0; i < f->nfails; i++)
		if (f->fails[i].index == index)
			return &f->fails[i];
	return NULL;
}

/* The offset of the nest of record @record of @nlh. */
static inline uint32_t fake_record_off(const struct nlmsghdr *nlh,
				       long record)
{
	uint32_t off = NLMSG_HDRLEN + GENL_HDRLEN;
	const struct nlattr *a;

	while (off + NLA_HDRLEN <= nlh->nlmsg_len) {
		a = (const struct nlattr *)((const char *)nlh + off);
		if ((a->nla_type & NLA_TYPE_MASK) == VSW_A_POLICY && !record--)
			return off;
		off += NLA_ALIGN(a->nla_len);
	}
	fprintf(stderr, "fakeio: the request to refuse has no such record\n");
	abort();
}

/* Whether request @index took effect: acked, and not refused. */
static inline bool fake_applied(const struct fake *f, size_t index)
{
	return index < f->acked && !f->refused[index];
}

static inline int fake_send(void *ctx, struct nlmsghdr *nlh)
{
	struct fake *f = ctx;
	struct fake_fail *x;

	if (f->send_error)
		return f->send_error;
	nlh->nlmsg_seq = f->seq++;
	if (f->keep && f->sent < FAKE_MAX_MSGS) {
		f->msgs[f->sent] = malloc(nlh->nlmsg_len);
		if (!f->msgs[f->sent])
			return -ENOMEM;
		memcpy(f->msgs[f->sent], nlh, nlh->nlmsg_len);
	}
	x = fake_fail_of(f, f->sent);
	if (x && x->record >= 0) {
		x->has_offset = true;
		x->offset = fake_record_off(nlh, x->record);
	}
	if (f->watch && f->sent < FAKE_MAX_MSGS)
		f->watch_pos[f->sent] = ftell(f->watch);
	f->sent++;
	f->bytes += nlh->nlmsg_len;
	if (f->sent - f->acked > f->max_inflight)
		f->max_inflight = f->sent - f->acked;
	return 0;
}

static inline int fake_recv_ack(void *ctx, struct vsw_nl_ack *ack)
{
	struct fake *f = ctx;
	const struct fake_fail *x;

	if (f->acked == f->sent)
		return -EAGAIN;		/* the batch waited for nothing */
	memset(ack, 0, sizeof(*ack));
	ack->seq = 1000 + f->acked;
	x = fake_fail_of(f, f->acked);
	if (x) {
		ack->error = x->error;
		ack->has_offset = x->has_offset;
		ack->offset = x->offset;
		if (x->text) {
			ack->msg = x->text;
			ack->msg_len = strlen(x->text);
		}
		if (f->acked < FAKE_MAX_MSGS)
			f->refused[f->acked] = true;
	}
	f->acked++;
	return 0;
}

static inline struct batch_io fake_io(struct fake *f)
{
	return (struct batch_io){ fake_send, fake_recv_ack, f };
}

#endif /* VSWCTL_FAKEIO_H */
