// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing for vswctl. See nl.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/vsw.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "nl.h"
#include "parse.h"
#include "report.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK	10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK	11
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED	0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS	0x200
#endif

/* libnl turns errnos into its own codes; turn them back for strerror(). */
static int nlerr_to_errno(int nlerr)
{
	switch (-nlerr) {
	case NLE_INTR:
	case NLE_DUMP_INTR:
		return -EINTR;
	case NLE_BAD_SOCK:
		return -EBADF;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_EXIST:
		return -EEXIST;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_RANGE:
		return -ERANGE;
	case NLE_MSGSIZE:
		return -EMSGSIZE;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	case NLE_AF_NOSUPPORT:
		return -EAFNOSUPPORT;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_MSG_OVERFLOW:
		return -ENOBUFS;
	case NLE_BUSY:
		return -EBUSY;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_PERM:
		return -EPERM;
	case NLE_NODEV:
		return -ENODEV;
	default:
		return -EPROTO;
	}
}

int vsw_nl_connect(struct vsw_nl *nl, const char *family)
{
	int one = 1, fd, ret;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	ret = genl_connect(nl->sk);
	if (ret < 0) {
		ret = nlerr_to_errno(ret);
		goto err;
	}

	/*
	 * Ask for the kernel's error messages and, since we never look at
	 * it, not to echo our request back in errors. Kernels older than
	 * 4.12 refuse both options; we then print the errno text alone.
	 */
	fd = nl_socket_get_fd(nl->sk);
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	/* genl_ctrl_resolve() says -NLE_OBJ_NOTFOUND for any failure. */
	nl->family = genl_ctrl_resolve(nl->sk, family);
	if (nl->family < 0) {
		ret = -ENOENT;
		goto err;
	}
	return 0;

err:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return ret;
}

int vsw_nl_open(struct vsw_nl *nl, struct report *r)
{
	int ret = vsw_nl_connect(nl, VSW_GENL_NAME);

	if (ret == -ENOENT)
		report_fail(r, "vsw generic netlink family not found (is vsw.ko loaded?)");
	else if (ret)
		report_errno(r, -ret, NULL, "cannot open generic netlink socket");
	return ret ? -1 : 0;
}

void vsw_nl_close(struct vsw_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
	free(nl->rxbuf);
	nl->rxbuf = NULL;
	nl->rxlen = nl->rxpos = 0;
}

void vsw_nl_grow_buffers(struct vsw_nl *nl, int bytes)
{
	int fd = nl_socket_get_fd(nl->sk);

	/* The FORCE variants pass rmem_max and need CAP_NET_ADMIN. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bytes, sizeof(bytes)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof(bytes));
}

struct nl_msg *vsw_nl_name_msg(const struct vsw_nl *nl, uint8_t cmd,
			       int flags, const char *name)
{
	struct nl_msg *msg = vsw_nl_msg(nl, cmd, flags);

	if (msg && nla_put_string(msg, VSW_A_SWITCH_NAME, name) < 0) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

int vsw_nl_send_raw(void *ctx, struct nlmsghdr *nlh)
{
	struct vsw_nl *nl = ctx;
	int ret;

	nlh->nlmsg_seq = nl_socket_use_seq(nl->sk);
	nlh->nlmsg_pid = nl_socket_get_local_port(nl->sk);
	ret = nl_sendto(nl->sk, nlh, nlh->nlmsg_len);
	if (ret < 0)
		return nlerr_to_errno(ret);
	return 0;
}

/* Room for an ack with our request echoed, should the kernel not cap it. */
#define RXBUF_SIZE	(128 * 1024)

int vsw_nl_recv_ack(void *ctx, struct vsw_nl_ack *ack)
{
	struct vsw_nl *nl = ctx;
	struct nlmsghdr *nlh;
	ssize_t n;

	if (!nl->rxbuf) {
		nl->rxbuf = malloc(RXBUF_SIZE);
		if (!nl->rxbuf)
			return -ENOMEM;
	}
	for (;;) {
		if (nl->rxpos >= nl->rxlen) {
			nl->rxpos = nl->rxlen = 0;
			n = recv(nl_socket_get_fd(nl->sk), nl->rxbuf,
				 RXBUF_SIZE, MSG_TRUNC);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return -errno;
			if (n > RXBUF_SIZE)
				return -EMSGSIZE;
			nl->rxlen = n;
		}
		nlh = (struct nlmsghdr *)(nl->rxbuf + nl->rxpos);
		if (!NLMSG_OK(nlh, nl->rxlen - nl->rxpos)) {
			nl->rxlen = 0;
			return -EPROTO;
		}
		nl->rxpos += NLMSG_ALIGN(nlh->nlmsg_len);
		/* Only acks are expected; anything else is no answer of ours. */
		if (nlh->nlmsg_type == NLMSG_ERROR)
			return vsw_nl_ack_parse(nlh, ack);
	}
}

struct nl_msg *vsw_nl_msg(const struct vsw_nl *nl, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, VSW_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int vsw_nl_ack_parse(const struct nlmsghdr *nlh, struct vsw_nl_ack *ack)
{
	const struct nlmsgerr *e;
	const struct nlattr *nla;
	size_t len, off, alen, step;
	const char *p;

	memset(ack, 0, sizeof(*ack));
	if (nlh->nlmsg_len < NLMSG_HDRLEN)
		return -EPROTO;
	len = nlh->nlmsg_len - NLMSG_HDRLEN;

	/*
	 * NLMSG_ERROR: struct nlmsgerr, then our request's payload unless
	 * the kernel capped it, then the TLVs. NLMSG_DONE: the int error,
	 * then the TLVs. Each part is padded to NLMSG_ALIGNTO.
	 */
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		e = NLMSG_DATA(nlh);
		if (len < sizeof(*e))
			return -EPROTO;
		ack->seq = nlh->nlmsg_seq;
		ack->error = e->error;
		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
			return 0;
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			if (e->msg.nlmsg_len < NLMSG_HDRLEN)
				return 0;
			off += NLMSG_ALIGN((size_t)e->msg.nlmsg_len -
					   NLMSG_HDRLEN);
		}
	} else if (nlh->nlmsg_type == NLMSG_DONE) {
		ack->seq = nlh->nlmsg_seq;
		if (len < sizeof(int))
			return 0;
		memcpy(&ack->error, NLMSG_DATA(nlh), sizeof(int));
		if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
			return 0;
		off = sizeof(int);
	} else {
		return -EPROTO;
	}
	off = NLMSG_ALIGN(off);
	if (off > len)
		return 0;
	p = (const char *)NLMSG_DATA(nlh) + off;
	len -= off;

	/* Malformed TLVs are ignored: the error itself is what counts. */
	while (len >= NLA_HDRLEN) {
		nla = (const struct nlattr *)p;
		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > len)
			break;
		alen = nla->nla_len - NLA_HDRLEN;
		switch (nla->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			if (!ack->msg) {
				ack->msg = p + NLA_HDRLEN;
				ack->msg_len = strnlen(ack->msg, alen);
			}
			break;
		case NLMSGERR_ATTR_OFFS:
			if (alen == sizeof(uint32_t) && !ack->has_offset) {
				memcpy(&ack->offset, p + NLA_HDRLEN,
				       sizeof(uint32_t));
				ack->has_offset = true;
			}
			break;
		}
		step = NLA_ALIGN((size_t)nla->nla_len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return 0;
}

int vsw_nl_ack_msg(const struct nlmsghdr *nlh, char *buf, size_t size)
{
	struct vsw_nl_ack ack;
	size_t n;

	if (!size || vsw_nl_ack_parse(nlh, &ack) || !ack.msg_len)
		return 0;
	n = ack.msg_len < size ? ack.msg_len : size - 1;
	memcpy(buf, ack.msg, n);
	buf[n] = '\0';
	return n > 0;
}

struct transaction {
	struct vsw_nl *nl;
	uint32_t seq;	/* of our request: replies carry it */
	vsw_nl_reply_fn fn;
	void *arg;
	int err;	/* first error: the kernel's or the reply parser's */
	bool done;	/* ack, error or end of dump seen */
	bool intr;	/* the dump was disturbed (NLM_F_DUMP_INTR) */
};

/*
 * The handlers below never return NL_STOP: libnl would drop the rest of
 * the datagram. They record what happened and let nl_recvmsgs() return at
 * the end of it; vsw_nl_transact() reads until t->done.
 */
static int on_valid(struct nl_msg *msg, void *arg)
{
	struct transaction *t = arg;
	int ret;

	if (t->fn && !t->err) {
		ret = t->fn(nlmsg_hdr(msg), t->arg);
		if (ret < 0)
			t->err = ret;
	}
	return NL_OK;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct transaction *t = arg;

	(void)msg;
	t->done = true;
	return NL_OK;
}

/* A dump's NLMSG_DONE carries an int: 0, or the error that ended it. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct transaction *t = arg;
	int err;

	t->done = true;
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(err)))
		return NL_OK;
	memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
	if (err < 0 && !t->err) {
		t->err = err;
		vsw_nl_ack_msg(nlh, t->nl->extack, sizeof(t->nl->extack));
	}
	return NL_OK;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	/* libnl hands us nlmsg_data() of the NLMSG_ERROR message. */
	struct nlmsghdr *nlh = (void *)((char *)e - NLMSG_HDRLEN);
	struct transaction *t = arg;

	(void)nla;
	t->done = true;
	if (!t->err) {
		t->err = e->error < 0 ? e->error : -EPROTO;
		vsw_nl_ack_msg(nlh, t->nl->extack, sizeof(t->nl->extack));
	}
	return NL_SKIP;
}

/*
 * Our own sequence check: libnl's counts acks it has seen, and batches
 * (vsw_nl_batch_io()) send and read acks behind its back. A message with
 * another number is a leftover, not ours: skip it.
 */
static int on_seq_check(struct nl_msg *msg, void *arg)
{
	struct transaction *t = arg;

	return nlmsg_hdr(msg)->nlmsg_seq == t->seq ? NL_OK : NL_SKIP;
}

static int on_dump_intr(struct nl_msg *msg, void *arg)
{
	struct transaction *t = arg;

	(void)msg;
	t->intr = true;
	return NL_OK;
}

int vsw_nl_transact(struct vsw_nl *nl, struct nl_msg *msg,
		    vsw_nl_reply_fn fn, void *arg)
{
	struct transaction t = { .nl = nl, .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int ret;

	nl->extack[0] = '\0';
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &t);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &t);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_dump_intr, &t);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, on_seq_check, &t);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &t);

	/* This sets NLM_F_REQUEST and NLM_F_ACK, port and seq. */
	nl_complete_msg(nl->sk, msg);
	t.seq = nlmsg_hdr(msg)->nlmsg_seq;
	ret = nl_send(nl->sk, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		t.err = nlerr_to_errno(ret);
		goto out;
	}

	while (!t.done) {
		ret = nl_recvmsgs_report(nl->sk, cb);
		if (ret < 0 && !t.done) {
			t.err = nlerr_to_errno(ret);
			break;
		}
		if (ret == 0 && !t.done) {
			/* Blocking socket, yet nothing read: give up. */
			t.err = -EIO;
			break;
		}
	}
	if (!t.err && t.intr)
		t.err = -EINTR;
out:
	nl_cb_put(cb);
	return t.err;
}

int vsw_nl_dump(struct vsw_nl *nl, uint8_t cmd, vsw_nl_reply_fn fn, void *arg)
{
	struct nl_msg *msg = vsw_nl_msg(nl, cmd, NLM_F_DUMP);

	if (!msg)
		return -ENOMEM;
	return vsw_nl_transact(nl, msg, fn, arg);
}

int vsw_nl_parse(struct nlmsghdr *nlh, uint8_t *cmd, struct nlattr **tb,
		 int maxtype, const struct nla_policy *policy)
{
	if (genlmsg_parse(nlh, 0, tb, maxtype, policy))
		return -EPROTO;
	*cmd = genlmsg_hdr(nlh)->cmd;
	return 0;
}

const char *vsw_nl_errtext(const struct vsw_nl *nl, int errnum,
			   const char *fallback)
{
	if (nl && nl->extack[0])
		return nl->extack;
	if (fallback)
		return fallback;
	switch (errnum) {
	case EPERM:
	case EACCES:
		return "CAP_NET_ADMIN required";
	case EOPNOTSUPP:
		return "not supported by the loaded vsw.ko";
	case EPROTO:
		return "unexpected reply from the kernel";
	case EINTR:
		return "changed while being listed, try again";
	case ENOBUFS:
		return "netlink receive buffer overrun";
	default:
		return "request failed";
	}
}

int vsw_nl_for_each_nest(struct nlmsghdr *nlh, uint8_t cmd, int type,
			 int (*fn)(struct nlattr *a, void *arg), void *arg)
{
	struct genlmsghdr *genl = nlmsg_data(nlh);
	struct nlattr *a;
	int rem, ret;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EPROTO;
	if (genl->cmd != cmd)
		return 0;
	nla_for_each_attr(a, genlmsg_attrdata(genl, 0),
			  genlmsg_attrlen(genl, 0), rem) {
		if (nla_type(a) != type)
			continue;
		ret = fn(a, arg);
		if (ret)
			return ret;
	}
	return rem ? -EPROTO : 0;
}

int vsw_nl_get_addr(const struct nlattr *a, int family, struct vsw_addr *addr)
{
	if (nla_len(a) != (family == AF_INET ? 4 : 16))
		return -EPROTO;
	vsw_addr_set(addr, family, nla_data(a));
	return 0;
}
