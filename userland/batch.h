/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packing policy records into few, large netlink messages.
 *
 * Consecutive records of the same command (add, replace or del) for the
 * same switch go into one VSW_CMD_POLICY_NEW/DEL request as a run of
 * VSW_A_POLICY nests (40 bytes for an IPv4 record, up to POLICY_NEST_MAX
 * with IPv6 addresses), up to msg_max bytes; a record of another command
 * or switch, or one that does not fit, starts the next request. The kernel
 * applies a request whole or not at all: if it refuses one of its records,
 * none of them stays, and its extended ack's offset (NLMSGERR_ATTR_OFFS)
 * points into the nest of the first it refused, which we map back to the
 * line the record came from. The records before that one are then sent
 * again, as a request of their own (a copy of the refused one, cut at the
 * refused nest); should that be refused too, at an earlier record, the
 * same is done for it. So a batch still stops exactly at the earliest
 * refused record: every record before it is applied, none after it.
 *
 * Up to @window requests may be sent before their acks are read. vswctl
 * uses a window of 1 (BATCH_WINDOW): a generic netlink request is handled
 * inside the sender's sendmsg(), so its ack is already queued when
 * sendmsg() returns and a deeper pipeline saves nothing (measured: the
 * same 3-4 us per request with windows of 1, 4 and 16), while it would
 * let requests after a refused one be applied too. Only with 1 are the
 * records before a refused one sent again (with a deeper window, after
 * requests that followed them); a deeper window is for measurements.
 *
 * Sending is done through a struct batch_io, so that the tests and the
 * benchmark pack through exactly this code with a fake transport.
 */
#ifndef VSWCTL_BATCH_H
#define VSWCTL_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/vsw.h>

#include "nl.h"
#include "policy.h"
#include "report.h"

/* Size of one request: many records per syscall, well under any limit. */
#define BATCH_MSG_MAX		(32 * 1024)
/* Requests in flight before the oldest ack is read: see above. */
#define BATCH_WINDOW		1

struct batch_io {
	/*
	 * Send a complete request. The transport may number it (set
	 * nlmsg_seq and nlmsg_pid) before sending; its ack must carry the
	 * same nlmsg_seq. 0 or -errno.
	 */
	int (*send)(void *ctx, struct nlmsghdr *nlh);
	/* Wait for the next ack. 0 or -errno. */
	int (*recv_ack)(void *ctx, struct vsw_nl_ack *ack);
	void *ctx;
};

/* Where a record of a request is, and what to name in an error. */
struct batch_tag {
	uint32_t off, end;	/* its nest: [off, end) of the request */
	unsigned long line;
	uint32_t vsid;
	struct vsw_addr ca;
};

/* A request: being built, or sent and waiting for its ack. */
struct batch_req {
	uint32_t seq;
	uint8_t cmd;		/* VSW_CMD_POLICY_NEW or _DEL */
	bool replace;		/* VSW_A_POLICY_REPLACE */
	char sw[VSW_SWITCH_NAME_MAX + 1];
	struct batch_tag *tags;
	size_t ntags, alloc;
	/* with a window of 1: a copy of the request as sent, to send
	 * part of it again (see above) */
	char *copy;
};

/*
 * With keep_going (vswctl -force), a refused record does not end the
 * batch: it is reported through this, with the line it came from, and
 * every other record of its request (none of which took effect) is sent
 * again as a request of its own; and so on, until one is accepted or no
 * record is left. Each refused record is reported once.
 */
typedef void (*batch_error_fn)(void *ctx, unsigned long line,
			       const struct report *r);

struct batch {
	struct batch_io io;
	uint16_t family;
	size_t msg_max;
	unsigned int window;

	char *buf;		/* the request being built (aligned) */
	size_t len;		/* 0: none */
	/* ring[head] is the oldest request in flight; after the
	 * @inflight of them comes the one being built */
	struct batch_req *ring;
	unsigned int head, inflight;

	bool keep_going;	/* see batch_error_fn; needs a window of 1 */
	batch_error_fn on_error;
	void *err_ctx;
	uint64_t refused;	/* records reported through on_error */

	bool failed;		/* then nothing more is sent */
	struct report err;
	unsigned long err_line;

	uint64_t records, requests;	/* sent, for the curious */
};

/*
 * @msg_max is at most BATCH_MSG_MAX and must hold a switch name, the
 * replace flag and at least one record of POLICY_NEST_MAX bytes; @window
 * at least 1. -ENOMEM or -EINVAL.
 */
int batch_init(struct batch *b, const struct batch_io *io, uint16_t family,
	       size_t msg_max, unsigned int window);
void batch_free(struct batch *b);

/*
 * Report each refused record through @fn and go on (see batch_error_fn).
 * Only for a window of 1: -EINVAL otherwise. Call before queueing.
 */
int batch_keep_going(struct batch *b, batch_error_fn fn, void *ctx);

/*
 * Queue a policy record for @cmd (VSW_CMD_POLICY_NEW, with @replace for
 * "replace", or VSW_CMD_POLICY_DEL) on switch @sw, from batch line @line
 * (0 outside batches). May send requests and read acks. Returns 0, or -1
 * once the batch has failed: b->err says why and b->err_line where (the
 * line of a record queued earlier, possibly).
 */
int batch_policy(struct batch *b, uint8_t cmd, bool replace, const char *sw,
		 const struct policy_rec *rec, unsigned long line);

/* Send what is queued and wait for every ack. 0, or -1 as above. */
int batch_sync(struct batch *b);

/*
 * Which record of @req an ack's offset points into: its index, or -1 if
 * the offset is outside every record (e.g. at the switch name).
 */
long batch_find_tag(const struct batch_req *req, uint32_t offset);

#endif /* VSWCTL_BATCH_H */
