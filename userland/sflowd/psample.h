/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's psample generic netlink family: a socket that has joined
 * its "packets" multicast group, and the parsing of its PSAMPLE_CMD_SAMPLE
 * messages (pure, for the tests).
 */
#ifndef VSW_PSAMPLE_H
#define VSW_PSAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <netinet/in.h>

struct nlmsghdr;
struct nl_sock;

/* One sample as psample reports it. */
struct psample_pkt {
	uint32_t group;		/* PSAMPLE_ATTR_SAMPLE_GROUP */
	uint32_t seq;		/* PSAMPLE_ATTR_GROUP_SEQ */
	uint32_t rate;		/* PSAMPLE_ATTR_SAMPLE_RATE */
	uint32_t origsize;	/* PSAMPLE_ATTR_ORIGSIZE */
	uint16_t iif, oif;	/* 0 if absent */
	const uint8_t *data;	/* PSAMPLE_ATTR_DATA, points into the message */
	uint32_t data_len;
	bool has_tunnel;	/* PSAMPLE_ATTR_TUNNEL */
	bool has_tun_id;
	uint64_t tun_id;	/* host order */
	struct in_addr tun_src, tun_dst;	/* 0.0.0.0 if absent */
	uint8_t tun_tos, tun_ttl;
};

/*
 * Take a message of the psample family (@family: its id) apart. Returns
 * 0 for a PSAMPLE_CMD_SAMPLE, -ENOENT for any other message (another
 * family, another command), -EPROTO if it is malformed or lacks the group,
 * sequence, rate or original size. @p points into @nlh.
 */
int psample_parse(const struct nlmsghdr *nlh, int family,
		  struct psample_pkt *p);

struct psample_sock {
	struct nl_sock *sk;
	int family;
	int fd;
};

/*
 * Join the "packets" group with a receive buffer of @rcvbuf bytes, and
 * make the socket non-blocking. -ENOENT if the kernel has no psample
 * family (module not loaded), else 0 or -errno.
 */
int psample_sock_open(struct psample_sock *ps, int rcvbuf);
/* The same for any generic netlink @family's multicast @group. */
int genl_mcast_open(struct psample_sock *ps, const char *family,
		    const char *group, int rcvbuf);

/*
 * The pool of one sample, as vsw tells it on its family's "samples" group
 * (VSW_CMD_SAMPLE): the sampler's device, the psample group and sequence
 * number of the sample, and the sampler's pool when it drew the frame.
 */
struct pool_event {
	uint32_t ifindex;
	uint32_t group;
	uint32_t seq;
	uint64_t pool;
};

/*
 * Take a VSW_CMD_SAMPLE of the vsw family (@family: its id) apart: 0,
 * -ENOENT for another message, -EPROTO if malformed or incomplete.
 */
int pool_event_parse(const struct nlmsghdr *nlh, int family,
		     struct pool_event *ev);
void psample_sock_close(struct psample_sock *ps);
/*
 * Read one datagram: its length, or -EAGAIN when there is none, -ENOBUFS
 * when the kernel dropped messages for us (the socket stays usable).
 */
ssize_t psample_sock_recv(struct psample_sock *ps, void *buf, size_t size);

#endif /* VSW_PSAMPLE_H */
