/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake batch transport (struct batch_io) for the tests and the
 * benchmark: it numbers and keeps (or only counts) the requests it is
 * given, and acks them in order, failing one if told to, as the kernel
 * would: error, extended-ack message and offset.
 */
#ifndef VSWCTL_FAKEIO_H
#define VSWCTL_FAKEIO_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

#define FAKE_MAX_MSGS	4096

struct fake {
	bool keep;			/* keep copies of the requests */
	struct nlmsghdr *msgs[FAKE_MAX_MSGS];
	size_t sent, acked;
	uint32_t seq;
	unsigned int max_inflight;
	uint64_t bytes;
	/* fail the request of this index (-1: none) */
	long fail_index;
	int fail_error;
	bool fail_has_offset;
	uint32_t fail_offset;
	const char *fail_text;
	int send_error;			/* fail every send with this */
	/* if set, how much had been written to it at each send */
	FILE *watch;
	long watch_pos[FAKE_MAX_MSGS];
};

static inline void fake_init(struct fake *f, bool keep)
{
	memset(f, 0, sizeof(*f));
	f->keep = keep;
	f->fail_index = -1;
	f->seq = 1000;
}

static inline void fake_free(struct fake *f)
{
	size_t i;

	for (i = 0; i < f->sent && i < FAKE_MAX_MSGS; i++)
		free(f->msgs[i]);
}

static inline int fake_send(void *ctx, struct nlmsghdr *nlh)
{
	struct fake *f = ctx;

	if (f->send_error)
		return f->send_error;
	nlh->nlmsg_seq = f->seq++;
	if (f->keep && f->sent < FAKE_MAX_MSGS) {
		f->msgs[f->sent] = malloc(nlh->nlmsg_len);
		if (!f->msgs[f->sent])
			return -ENOMEM;
		memcpy(f->msgs[f->sent], nlh, nlh->nlmsg_len);
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

	if (f->acked == f->sent)
		return -EAGAIN;		/* the batch waited for nothing */
	memset(ack, 0, sizeof(*ack));
	ack->seq = 1000 + f->acked;
	if ((long)f->acked == f->fail_index) {
		ack->error = f->fail_error;
		ack->has_offset = f->fail_has_offset;
		ack->offset = f->fail_offset;
		if (f->fail_text) {
			ack->msg = f->fail_text;
			ack->msg_len = strlen(f->fail_text);
		}
	}
	f->acked++;
	return 0;
}

static inline struct batch_io fake_io(struct fake *f)
{
	return (struct batch_io){ fake_send, fake_recv_ack, f };
}

#endif /* VSWCTL_FAKEIO_H */
