// SPDX-License-Identifier: GPL-2.0
/*
 * Packing policy records into netlink requests. See batch.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vsw.h>

#include "batch.h"
#include "cmd.h"

/*
 * Room for the headers, the switch name and the replace flag that start
 * every request.
 */
#define REQ_HEAD_MAX	(NLMSG_HDRLEN + GENL_HDRLEN + \
			 NLA_ALIGN(NLA_HDRLEN + VSW_SWITCH_NAME_MAX + 1) + \
			 NLA_HDRLEN)

int batch_init(struct batch *b, const struct batch_io *io, uint16_t family,
	       size_t msg_max, unsigned int window)
{
	memset(b, 0, sizeof(*b));
	if (msg_max > BATCH_MSG_MAX || msg_max < REQ_HEAD_MAX + POLICY_NEST_MAX ||
	    !window)
		return -EINVAL;
	b->io = *io;
	b->family = family;
	b->msg_max = msg_max;
	b->window = window;
	/* malloc()ed memory is aligned for struct nlmsghdr. */
	b->buf = malloc(msg_max);
	/* One more than the window: the request being built. */
	b->ring = calloc(window + 1, sizeof(*b->ring));
	if (!b->buf || !b->ring) {
		batch_free(b);
		return -ENOMEM;
	}
	return 0;
}

void batch_free(struct batch *b)
{
	unsigned int i;

	if (b->ring)
		for (i = 0; i <= b->window; i++) {
			free(b->ring[i].tags);
			free(b->ring[i].copy);
		}
	free(b->ring);
	free(b->buf);
	b->ring = NULL;
	b->buf = NULL;
}

int batch_keep_going(struct batch *b, batch_error_fn fn, void *ctx)
{
	if (b->window != 1 || !fn)
		return -EINVAL;
	b->keep_going = true;
	b->on_error = fn;
	b->err_ctx = ctx;
	return 0;
}

static struct batch_req *slot(struct batch *b, unsigned int i)
{
	return &b->ring[(b->head + i) % (b->window + 1)];
}

static const char *verb(const struct batch_req *req)
{
	if (req->cmd == VSW_CMD_POLICY_DEL)
		return "del";
	return req->replace ? "replace" : "add";
}

/* What to say when the kernel gave no extended-ack message. */
static const char *errtext(const struct batch_req *req, int errnum,
			   bool in_record)
{
	switch (errnum) {
	case EEXIST:
		return "policy record exists";
	case ENOENT:
		if (in_record && req->cmd == VSW_CMD_POLICY_DEL)
			return "no such policy record";
		return "no such switch";
	case ENOSPC:
		return "policy table full (see switch set policy-max)";
	default:
		return NULL;
	}
}

/*
 * The request @req failed with @ack: name the record the kernel pointed
 * at, or, if it pointed at none, the request's first record (the earliest
 * line concerned). Returns the index of the record named.
 */
static size_t ack_report(const struct batch_req *req,
			 const struct vsw_nl_ack *ack, struct report *r,
			 unsigned long *line)
{
	char ca[ADDR_STRLEN], text[256];
	const struct batch_tag *t;
	const char *why;
	size_t n;
	long i;

	i = ack->has_offset ? batch_find_tag(req, ack->offset) : -1;
	t = &req->tags[i < 0 ? 0 : i];
	n = ack->msg_len < sizeof(text) ? ack->msg_len : sizeof(text) - 1;
	memcpy(text, ack->msg ? ack->msg : "", n);
	text[n] = '\0';
	why = n ? text : errtext(req, -ack->error, i >= 0);

	*line = t->line;
	if (i >= 0)
		report_errno(r, -ack->error, why,
			     "policy %s %s vsid %u ca %s", verb(req), req->sw,
			     t->vsid, fmt_addr(ca, &t->ca));
	else
		report_errno(r, -ack->error, why, "policy %s %s",
			     verb(req), req->sw);
	return i < 0 ? 0 : i;
}

static void fail_errno(struct batch *b, const struct batch_req *req, int err,
		       const char *what)
{
	b->failed = true;
	b->err_line = req->ntags ? req->tags[0].line : 0;
	report_errno(&b->err, -err, what, "policy %s %s", verb(req), req->sw);
}

/*
 * Send @req again in its own place without its records [@from, @to): cut
 * their nests out of its copy (header and name stay, the nests after them
 * move down) and out of its tags. Returns 1 if it was sent (its ack is
 * due), 0 if no record was left to send, -1 if it could not be sent (the
 * batch failed).
 */
static int resend_without(struct batch *b, struct batch_req *req,
			  size_t from, size_t to)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)req->copy;
	uint32_t cut, end, shift;
	size_t k, n = to - from;
	int ret;

	if (n == req->ntags)
		return 0;
	cut = req->tags[from].off;
	end = to < req->ntags ? req->tags[to].off : nlh->nlmsg_len;
	shift = end - cut;
	memmove(req->copy + cut, req->copy + end, nlh->nlmsg_len - end);
	nlh->nlmsg_len -= shift;
	for (k = to; k < req->ntags; k++) {
		req->tags[k - n] = req->tags[k];
		req->tags[k - n].off -= shift;
		req->tags[k - n].end -= shift;
	}
	req->ntags -= n;
	ret = b->io.send(b->io.ctx, nlh);
	if (ret) {
		fail_errno(b, req, ret, "cannot send");
		return -1;
	}
	req->seq = nlh->nlmsg_seq;
	b->requests++;
	return 1;
}

long batch_find_tag(const struct batch_req *req, uint32_t offset)
{
	size_t lo = 0, hi = req->ntags, mid;

	/* Tags are in increasing offset order: the last one starting at or
	 * before @offset is the only candidate. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (req->tags[mid].off <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || offset >= req->tags[lo - 1].end)
		return -1;
	return lo - 1;
}

/* Read the ack of @req, the oldest request in flight. 0 or -1. */
static int read_ack(struct batch *b, const struct batch_req *req,
		    struct vsw_nl_ack *ack)
{
	int ret;

	do {
		ret = b->io.recv_ack(b->io.ctx, ack);
		if (ret) {
			if (!b->failed)
				fail_errno(b, req, ret,
					   "cannot read the acknowledgment");
			return -1;
		}
		/* A leftover of an earlier exchange is not this ack. */
	} while (ack->seq != req->seq);
	return 0;
}

/*
 * The kernel refused @req with @ack: none of it took effect (see batch.h).
 * Name the refused record and, with a window of 1, send again in @req's
 * place what must still take effect: the records before it, or with
 * keep_going all the others. Without keep_going the record is the batch's
 * failure: b->err names it and *@refusal is set. Returns as
 * resend_without().
 */
static int refused_req(struct batch *b, struct batch_req *req,
		       const struct vsw_nl_ack *ack, bool *refusal)
{
	unsigned long line;
	struct report r;
	size_t i;

	i = ack_report(req, ack, &r, &line);
	if (b->keep_going) {
		b->refused++;
		b->on_error(b->err_ctx, line, &r);
		return resend_without(b, req, i, i + 1);
	}
	/* A refusal of the records sent again is earlier in the batch. */
	b->err = r;
	b->err_line = line;
	*refusal = true;
	if (b->window > 1)
		return 0;
	return resend_without(b, req, i, req->ntags);
}

/*
 * Read the ack of the oldest request in flight, and those of the requests
 * sent again in its place.
 */
static int wait_one(struct batch *b)
{
	struct batch_req *req = slot(b, 0);
	bool failed = b->failed, refusal = false;
	struct vsw_nl_ack ack;
	int ret;

	do {
		ret = read_ack(b, req, &ack);
		if (!ret && ack.error && !failed)
			ret = refused_req(b, req, &ack, &refusal);
	} while (ret > 0);
	b->head = (b->head + 1) % (b->window + 1);
	b->inflight--;
	if (refusal && !b->failed) {
		b->failed = true;
		return -1;
	}
	return ret;
}

/* After a failure, read the acks still due so the socket stays in step. */
static void drain(struct batch *b)
{
	while (b->inflight && !wait_one(b))
		;
	b->inflight = 0;
}

/* Send the request being built. */
static int send_req(struct batch *b)
{
	struct batch_req *req = slot(b, b->inflight);
	struct nlmsghdr *nlh = (struct nlmsghdr *)b->buf;
	int ret;

	if (!b->len)
		return 0;
	nlh->nlmsg_len = b->len;
	b->len = 0;
	if (b->window == 1) {	/* to send part of it again */
		if (!req->copy)
			req->copy = malloc(b->msg_max);
		if (!req->copy) {
			fail_errno(b, req, -ENOMEM, NULL);
			drain(b);
			return -1;
		}
		memcpy(req->copy, nlh, nlh->nlmsg_len);
	}
	ret = b->io.send(b->io.ctx, nlh);
	if (ret) {
		fail_errno(b, req, ret, "cannot send");
		drain(b);
		return -1;
	}
	req->seq = nlh->nlmsg_seq;
	b->inflight++;
	b->requests++;
	b->records += req->ntags;
	return 0;
}

static void put_attr(struct batch *b, uint16_t type, const void *data,
		     size_t len)
{
	struct nlattr *nla = (struct nlattr *)(b->buf + b->len);

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy((char *)nla + NLA_HDRLEN, data, len);
	memset((char *)nla + NLA_HDRLEN + len, 0,
	       NLA_ALIGN(NLA_HDRLEN + len) - (NLA_HDRLEN + len));
	b->len += NLA_ALIGN(NLA_HDRLEN + len);
}

/* Start a request in the free slot after those in flight. */
static int start_req(struct batch *b, uint8_t cmd, bool replace,
		     const char *sw)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)b->buf;
	struct genlmsghdr *genl;
	struct batch_req *req;

	if (b->inflight == b->window && wait_one(b)) {
		drain(b);
		return -1;
	}
	req = slot(b, b->inflight);
	req->cmd = cmd;
	req->replace = replace;
	strcpy(req->sw, sw);
	req->ntags = 0;

	memset(nlh, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_type = b->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	genl = (struct genlmsghdr *)(b->buf + NLMSG_HDRLEN);
	genl->cmd = cmd;
	genl->version = VSW_GENL_VERSION;
	b->len = NLMSG_HDRLEN + GENL_HDRLEN;
	put_attr(b, VSW_A_SWITCH_NAME, sw, strlen(sw) + 1);
	/* Generic netlink refuses NLM_F_REPLACE on requests: an attribute. */
	if (replace)
		put_attr(b, VSW_A_POLICY_REPLACE, NULL, 0);
	return 0;
}

int batch_policy(struct batch *b, uint8_t cmd, bool replace, const char *sw,
		 const struct policy_rec *rec, unsigned long line)
{
	struct batch_req *req;
	bool full = cmd != VSW_CMD_POLICY_DEL;
	struct batch_tag *tags;
	size_t len, alloc;

	if (b->failed)
		return -1;
	if (strlen(sw) > VSW_SWITCH_NAME_MAX) {
		b->failed = true;
		b->err_line = line;
		report_usage(&b->err, "invalid switch name \"%s\"", sw);
		return -1;
	}
	req = slot(b, b->inflight);
	if (b->len && (req->cmd != cmd || req->replace != replace ||
		       strcmp(req->sw, sw) ||
		       b->len + policy_nest_len(rec, full) > b->msg_max)) {
		if (send_req(b))
			return -1;
	}
	if (!b->len) {
		if (start_req(b, cmd, replace, sw))
			return -1;
		req = slot(b, b->inflight);
	}

	if (req->ntags == req->alloc) {
		alloc = req->alloc ? 2 * req->alloc : 256;
		tags = reallocarray(req->tags, alloc, sizeof(*tags));
		if (!tags) {
			b->len = 0;
			fail_errno(b, req, -ENOMEM, NULL);
			b->err_line = line;
			drain(b);
			return -1;
		}
		req->tags = tags;
		req->alloc = alloc;
	}
	len = policy_put_nest(b->buf + b->len, rec, full);
	req->tags[req->ntags++] = (struct batch_tag){
		.off = b->len,
		.end = b->len + len,
		.line = line,
		.vsid = rec->vsid,
		.ca = rec->ca,
	};
	b->len += len;
	return 0;
}

int batch_sync(struct batch *b)
{
	if (b->failed)
		return -1;
	if (send_req(b))
		return -1;
	while (b->inflight) {
		if (wait_one(b)) {
			drain(b);
			return -1;
		}
	}
	return 0;
}
