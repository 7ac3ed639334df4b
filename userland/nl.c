// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing for vswctl. See nl.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/vsw.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "nl.h"
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

int vsw_nl_ack_msg(const struct nlmsghdr *nlh, char *buf, size_t size)
{
	const struct nlmsgerr *e;
	const struct nlattr *nla;
	size_t len, off, alen, step, n;
	const char *p;

	if (!size || nlh->nlmsg_len < NLMSG_HDRLEN ||
	    !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	len = nlh->nlmsg_len - NLMSG_HDRLEN;

	/*
	 * NLMSG_ERROR: struct nlmsgerr, then our request's payload unless
	 * the kernel capped it, then the TLVs. NLMSG_DONE: the int error,
	 * then the TLVs. Each part is padded to NLMSG_ALIGNTO.
	 */
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		e = NLMSG_DATA(nlh);
		if (len < sizeof(*e))
			return 0;
		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			if (e->msg.nlmsg_len < NLMSG_HDRLEN)
				return 0;
			off += NLMSG_ALIGN((size_t)e->msg.nlmsg_len -
					   NLMSG_HDRLEN);
		}
	} else if (nlh->nlmsg_type == NLMSG_DONE) {
		off = sizeof(int);
	} else {
		return 0;
	}
	off = NLMSG_ALIGN(off);
	if (off > len)
		return 0;
	p = (const char *)NLMSG_DATA(nlh) + off;
	len -= off;

	while (len >= NLA_HDRLEN) {
		nla = (const struct nlattr *)p;
		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > len)
			return 0;
		if ((nla->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			alen = nla->nla_len - NLA_HDRLEN;
			n = strnlen(p + NLA_HDRLEN, alen);
			if (n >= size)
				n = size - 1;
			memcpy(buf, p + NLA_HDRLEN, n);
			buf[n] = '\0';
			return n > 0;
		}
		step = NLA_ALIGN((size_t)nla->nla_len);
		if (step >= len)
			return 0;
		p += step;
		len -= step;
	}
	return 0;
}

struct transaction {
	struct vsw_nl *nl;
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
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &t);

	/* nl_send_auto() sets NLM_F_REQUEST and NLM_F_ACK, port and seq. */
	ret = nl_send_auto(nl->sk, msg);
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
