/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to the vsw generic netlink family through libnl-3.
 *
 * One socket serves a whole run (all the lines of a batch). Requests made
 * with vsw_nl_transact() are sent one at a time and each waits for its
 * acknowledgment, so replies never interleave; batches of policy records
 * (batch.h) send raw requests and read their acks with vsw_nl_send_raw()
 * and vsw_nl_recv_ack(), between two transactions. Functions return 0 or
 * a negative errno; when the kernel rejected a request, vsw_nl_errtext()
 * gives its extended-ack message.
 */
#ifndef VSWCTL_NL_H
#define VSWCTL_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

struct report;

struct vsw_nl {
	struct nl_sock *sk;
	int family;
	char extack[256];	/* kernel's message for the last failure, or "" */
	/* vsw_nl_recv_ack(): the last datagram read and how far it was read */
	char *rxbuf;
	size_t rxlen, rxpos;
};

/* An acknowledgment (NLMSG_ERROR, or a dump's NLMSG_DONE) taken apart. */
struct vsw_nl_ack {
	uint32_t seq;
	int error;		/* 0 or -errno */
	bool has_offset;
	uint32_t offset;	/* NLMSGERR_ATTR_OFFS: bad attribute's byte
				 * offset from the start of our request */
	const char *msg;	/* NLMSGERR_ATTR_MSG, not NUL-terminated */
	size_t msg_len;
};

/*
 * Called for every reply message (not for acks or errors). Returning a
 * negative errno makes the request fail with it; the remaining replies are
 * still read so that the socket stays usable.
 */
typedef int (*vsw_nl_reply_fn)(struct nlmsghdr *nlh, void *arg);

/* Connect and resolve the vsw family; on failure fill @r and return -1. */
int vsw_nl_open(struct vsw_nl *nl, struct report *r);
/* Same for any generic netlink @family (tests use "nlctrl"); -errno. */
int vsw_nl_connect(struct vsw_nl *nl, const char *family);
void vsw_nl_close(struct vsw_nl *nl);

/* A request for @cmd with the genl header filled in; NULL if out of memory. */
struct nl_msg *vsw_nl_msg(const struct vsw_nl *nl, uint8_t cmd, int flags);
/* Same, with VSW_A_SWITCH_NAME @name as its first attribute. */
struct nl_msg *vsw_nl_name_msg(const struct vsw_nl *nl, uint8_t cmd,
			       int flags, const char *name);

/* Ask for @bytes of socket buffers each way (for batches and monitor). */
void vsw_nl_grow_buffers(struct vsw_nl *nl, int bytes);

/*
 * Send @msg (always freed), pass each reply to @fn (may be NULL) and wait
 * for the ack, the error or the end of the dump. -EINTR means a dump was
 * disturbed by a concurrent change (NLM_F_DUMP_INTR): its replies were all
 * read but may be inconsistent, so start it again.
 */
int vsw_nl_transact(struct vsw_nl *nl, struct nl_msg *msg,
		    vsw_nl_reply_fn fn, void *arg);

/* Dump @cmd with no attributes: vsw_nl_msg(NLM_F_DUMP) + vsw_nl_transact. */
int vsw_nl_dump(struct vsw_nl *nl, uint8_t cmd, vsw_nl_reply_fn fn, void *arg);

/*
 * For a reply of command @cmd (others are ignored: 0), calls @fn on each
 * top-level attribute of type @type; stops at @fn's first non-zero return.
 * -EPROTO for a malformed message or trailing bytes.
 */
int vsw_nl_for_each_nest(struct nlmsghdr *nlh, uint8_t cmd, int type,
			 int (*fn)(struct nlattr *a, void *arg), void *arg);

/*
 * Parse a reply: genl header (its command in *cmd) and attributes into
 * @tb[0..maxtype] against @policy. Attributes above @maxtype, which a newer
 * kernel may send, are ignored. -EPROTO if the message is malformed.
 */
int vsw_nl_parse(struct nlmsghdr *nlh, uint8_t *cmd, struct nlattr **tb,
		 int maxtype, const struct nla_policy *policy);

/*
 * Text to show for a failed request: the kernel's extended-ack message if
 * there was one, else @fallback if not NULL, else a generic phrase.
 */
const char *vsw_nl_errtext(const struct vsw_nl *nl, int errnum,
			   const char *fallback);

/*
 * Take an NLMSG_ERROR or NLMSG_DONE apart: sequence number, error, and
 * the extended-ack message and offset if there are any (@ack->msg points
 * into @nlh). -EPROTO if it is neither or too short to be one. Pure.
 */
int vsw_nl_ack_parse(const struct nlmsghdr *nlh, struct vsw_nl_ack *ack);

/*
 * The transport of batches (struct batch_io, @ctx is the struct vsw_nl):
 * send one complete request as it is, numbered from the socket's
 * sequence, without waiting; and read the next ack, skipping anything
 * that is not one. -errno on failure.
 */
int vsw_nl_send_raw(void *ctx, struct nlmsghdr *nlh);
int vsw_nl_recv_ack(void *ctx, struct vsw_nl_ack *ack);

/*
 * Copy the NLMSGERR_ATTR_MSG string of an NLMSG_ERROR or NLMSG_DONE
 * message into @buf. Returns 1 if there was one, else 0. Pure, for tests.
 */
int vsw_nl_ack_msg(const struct nlmsghdr *nlh, char *buf, size_t size);

struct vsw_addr;
/*
 * An address attribute of @family (exactly 4 or 16 bytes) into @addr.
 * Returns 0, or -EPROTO if its length is not the family's.
 */
int vsw_nl_get_addr(const struct nlattr *a, int family,
		    struct vsw_addr *addr);

#endif /* VSWCTL_NL_H */
