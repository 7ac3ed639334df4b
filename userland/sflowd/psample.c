// SPDX-License-Identifier: GPL-2.0
/*
 * psample: the socket and the messages. See psample.h.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/psample.h>
#include <linux/vsw.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "psample.h"

/* Exact sizes of the fixed-size attributes we read; 0: any. */
static int attr_len(int type)
{
	switch (type) {
	case PSAMPLE_ATTR_IIFINDEX:
	case PSAMPLE_ATTR_OIFINDEX:
		return 2;
	case PSAMPLE_ATTR_ORIGSIZE:
	case PSAMPLE_ATTR_SAMPLE_GROUP:
	case PSAMPLE_ATTR_GROUP_SEQ:
	case PSAMPLE_ATTR_SAMPLE_RATE:
		return 4;
	default:
		return 0;
	}
}

static int parse_tunnel(const struct nlattr *nest, struct psample_pkt *p)
{
	const struct nlattr *a;
	uint64_t id;
	int rem;

	p->has_tunnel = true;
	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case PSAMPLE_TUNNEL_KEY_ATTR_ID:
			if (nla_len(a) != 8)
				return -EPROTO;
			memcpy(&id, nla_data(a), 8);
			p->tun_id = be64toh(id);
			p->has_tun_id = true;
			break;
		case PSAMPLE_TUNNEL_KEY_ATTR_IPV4_SRC:
			if (nla_len(a) != 4)
				return -EPROTO;
			memcpy(&p->tun_src, nla_data(a), 4);
			break;
		case PSAMPLE_TUNNEL_KEY_ATTR_IPV4_DST:
			if (nla_len(a) != 4)
				return -EPROTO;
			memcpy(&p->tun_dst, nla_data(a), 4);
			break;
		case PSAMPLE_TUNNEL_KEY_ATTR_TOS:
			if (nla_len(a) != 1)
				return -EPROTO;
			p->tun_tos = nla_get_u8((struct nlattr *)a);
			break;
		case PSAMPLE_TUNNEL_KEY_ATTR_TTL:
			if (nla_len(a) != 1)
				return -EPROTO;
			p->tun_ttl = nla_get_u8((struct nlattr *)a);
			break;
		default:	/* flags, IPv6, options: not for NVGRE */
			break;
		}
	}
	return rem ? -EPROTO : 0;
}

int psample_parse(const struct nlmsghdr *nlh, int family,
		  struct psample_pkt *p)
{
	const struct genlmsghdr *genl;
	unsigned int seen = 0;
	const struct nlattr *a;
	int rem, type, want;
	uint32_t v = 0;

	memset(p, 0, sizeof(*p));
	if (nlh->nlmsg_type != family)
		return -ENOENT;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -EPROTO;
	genl = NLMSG_DATA(nlh);
	if (genl->cmd != PSAMPLE_CMD_SAMPLE)
		return -ENOENT;

	a = (const struct nlattr *)((const char *)genl + GENL_HDRLEN);
	rem = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	for (; nla_ok(a, rem); a = nla_next(a, &rem)) {
		type = nla_type(a);
		want = attr_len(type);
		if (want && nla_len(a) != want)
			return -EPROTO;
		if (want == 4)
			memcpy(&v, nla_data(a), 4);
		switch (type) {
		case PSAMPLE_ATTR_IIFINDEX:
			memcpy(&p->iif, nla_data(a), 2);
			break;
		case PSAMPLE_ATTR_OIFINDEX:
			memcpy(&p->oif, nla_data(a), 2);
			break;
		case PSAMPLE_ATTR_ORIGSIZE:
			p->origsize = v;
			break;
		case PSAMPLE_ATTR_SAMPLE_GROUP:
			p->group = v;
			break;
		case PSAMPLE_ATTR_GROUP_SEQ:
			p->seq = v;
			break;
		case PSAMPLE_ATTR_SAMPLE_RATE:
			p->rate = v;
			break;
		case PSAMPLE_ATTR_DATA:
			p->data = nla_data(a);
			p->data_len = nla_len(a);
			break;
		case PSAMPLE_ATTR_TUNNEL:
			if (parse_tunnel(a, p))
				return -EPROTO;
			break;
		default:	/* timestamp, protocol, a newer kernel's */
			continue;
		}
		if (type < 32)
			seen |= 1U << type;
	}
	if (rem)
		return -EPROTO;
	want = 1U << PSAMPLE_ATTR_ORIGSIZE | 1U << PSAMPLE_ATTR_SAMPLE_GROUP |
	       1U << PSAMPLE_ATTR_GROUP_SEQ | 1U << PSAMPLE_ATTR_SAMPLE_RATE;
	return (seen & want) == (unsigned int)want ? 0 : -EPROTO;
}

int pool_event_parse(const struct nlmsghdr *nlh, int family,
		     struct pool_event *ev)
{
	const struct genlmsghdr *genl;
	const struct nlattr *a, *n;
	unsigned int seen = 0;
	int rem, nrem, type;

	memset(ev, 0, sizeof(*ev));
	if (nlh->nlmsg_type != family)
		return -ENOENT;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -EPROTO;
	genl = NLMSG_DATA(nlh);
	if (genl->cmd != VSW_CMD_SAMPLE)
		return -ENOENT;
	a = (const struct nlattr *)((const char *)genl + GENL_HDRLEN);
	rem = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	for (; nla_ok(a, rem); a = nla_next(a, &rem)) {
		if (nla_type(a) != VSW_A_SAMPLE)
			continue;
		n = nla_data(a);
		nrem = nla_len(a);
		for (; nla_ok(n, nrem); n = nla_next(n, &nrem)) {
			type = nla_type(n);
			switch (type) {
			case VSW_SAMPLE_A_IFINDEX:
			case VSW_SAMPLE_A_GROUP:
			case VSW_SAMPLE_A_SEQ:
				if (nla_len(n) != 4)
					return -EPROTO;
				memcpy(type == VSW_SAMPLE_A_IFINDEX ?
				       &ev->ifindex : type == VSW_SAMPLE_A_GROUP ?
				       &ev->group : &ev->seq, nla_data(n), 4);
				break;
			case VSW_SAMPLE_A_POOL:
				if (nla_len(n) != 8)
					return -EPROTO;
				memcpy(&ev->pool, nla_data(n), 8);
				break;
			default:
				continue;
			}
			seen |= 1U << type;
		}
		if (nrem)
			return -EPROTO;
	}
	if (rem)
		return -EPROTO;
	return seen == (1U << VSW_SAMPLE_A_IFINDEX | 1U << VSW_SAMPLE_A_GROUP |
			1U << VSW_SAMPLE_A_SEQ | 1U << VSW_SAMPLE_A_POOL) ?
	       0 : -EPROTO;
}

int psample_sock_open(struct psample_sock *ps, int rcvbuf)
{
	return genl_mcast_open(ps, PSAMPLE_GENL_NAME,
			       PSAMPLE_NL_MCGRP_SAMPLE_NAME, rcvbuf);
}

int genl_mcast_open(struct psample_sock *ps, const char *family,
		    const char *group, int rcvbuf)
{
	int grp, ret, flags;

	memset(ps, 0, sizeof(*ps));
	ps->fd = -1;
	ps->sk = nl_socket_alloc();
	if (!ps->sk)
		return -ENOMEM;
	ret = genl_connect(ps->sk);
	if (ret < 0) {
		ret = -ECONNREFUSED;
		goto err;
	}
	ps->family = genl_ctrl_resolve(ps->sk, family);
	grp = genl_ctrl_resolve_grp(ps->sk, family, group);
	if (ps->family < 0 || grp < 0) {
		ret = -ENOENT;
		goto err;
	}
	ps->fd = nl_socket_get_fd(ps->sk);
	/*
	 * A bounded buffer: a reader that falls behind loses samples (and
	 * counts them), it never makes the kernel hold more. The FORCE
	 * variant passes net.core.rmem_max and needs CAP_NET_ADMIN, which
	 * joining psample's group (and vsw's "samples") needs anyway.
	 */
	if (setsockopt(ps->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)))
		setsockopt(ps->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
			   sizeof(rcvbuf));
	ret = nl_socket_add_membership(ps->sk, grp);
	if (ret < 0) {
		ret = ret == -NLE_PERM ? -EPERM : -EPROTO;
		goto err;
	}
	flags = fcntl(ps->fd, F_GETFL);
	if (flags < 0 || fcntl(ps->fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		ret = -errno;
		goto err;
	}
	return 0;
err:
	nl_socket_free(ps->sk);
	ps->sk = NULL;
	ps->fd = -1;
	return ret;
}

void psample_sock_close(struct psample_sock *ps)
{
	if (ps->sk)
		nl_socket_free(ps->sk);
	ps->sk = NULL;
	ps->fd = -1;
}

ssize_t psample_sock_recv(struct psample_sock *ps, void *buf, size_t size)
{
	ssize_t n;

	do {
		n = recv(ps->fd, buf, size, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	return n;
}
