// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl monitor [NAME]
 *
 * Joins the vsw family's "events" multicast group and prints each event
 * as one line (or, with -j, one JSON object per line), flushed at once so
 * that a script reading a pipe sees it, until SIGINT or SIGTERM.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <linux/vsw.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "cmd.h"
#include "json.h"
#include "monitor.h"
#include "nl.h"
#include "policy.h"
#include "port.h"
#include "report.h"

struct event {
	const char *sw;
	bool has_policy, has_port, has_uplink, has_pa, has_pa6, has_miss_pa;
	struct policy_rec rec;
	struct port_info port;
	uint32_t uplink_ifindex;
	struct vsw_addr pa, pa6;	/* the uplink's IPv4 and IPv6 PAs */
	struct vsw_addr miss_pa;	/* a miss from the wire: its source */
};

static int parse_event(struct nlmsghdr *nlh, uint8_t *cmd, struct event *ev)
{
	struct genlmsghdr *genl = nlmsg_data(nlh);
	struct nlattr *a;
	int rem, ret;

	memset(ev, 0, sizeof(*ev));
	if (!genlmsg_valid_hdr(nlh, 0))
		return -EPROTO;
	*cmd = genl->cmd;
	nla_for_each_attr(a, genlmsg_attrdata(genl, 0),
			  genlmsg_attrlen(genl, 0), rem) {
		ret = 0;
		switch (nla_type(a)) {
		case VSW_A_SWITCH_NAME:
			if (nla_len(a) < 2 ||
			    strnlen(nla_data(a), nla_len(a)) != (size_t)nla_len(a) - 1)
				return -EPROTO;
			ev->sw = nla_data(a);
			break;
		case VSW_A_POLICY:
			ev->has_policy = true;
			ret = policy_parse_nest(a, &ev->rec, false);
			break;
		case VSW_A_PORT:
			ev->has_port = true;
			ret = port_parse_nest(a, &ev->port);
			break;
		case VSW_A_UPLINK_IFINDEX:
			if (nla_len(a) != 4)
				return -EPROTO;
			ev->has_uplink = true;
			ev->uplink_ifindex = nla_get_u32(a);
			break;
		case VSW_A_UPLINK_PA:
			ev->has_pa = true;
			ret = vsw_nl_get_addr(a, AF_INET, &ev->pa);
			break;
		case VSW_A_UPLINK_PA6:
			ev->has_pa6 = true;
			ret = vsw_nl_get_addr(a, AF_INET6, &ev->pa6);
			break;
		case VSW_A_MISS_PA:
		case VSW_A_MISS_PA6:
			ev->has_miss_pa = true;
			ret = vsw_nl_get_addr(a, nla_type(a) == VSW_A_MISS_PA ?
					      AF_INET : AF_INET6, &ev->miss_pa);
			break;
		}
		if (ret)
			return ret;
	}
	if (rem || !ev->sw)
		return -EPROTO;
	return 0;
}

/* " dev veth1", or " ifindex 7" if the device is gone; @key for the name. */
static void text_dev(const struct output *out, const char *key,
		     uint32_t ifindex)
{
	char name[IF_NAMESIZE];

	if (out_ifname(out, ifindex, name))
		fprintf(out->fp, " %s %s", key, name);
	else
		fprintf(out->fp, " ifindex %u", ifindex);
}

static void json_dev(struct json *j, const struct output *out,
		     const char *key, uint32_t ifindex)
{
	char name[IF_NAMESIZE];

	if (out_ifname(out, ifindex, name))
		json_string(j, key, name);
	else
		json_null(j, key);
	json_uint(j, "ifindex", ifindex);
}

static void print_text(uint8_t cmd, const struct event *ev,
		       const struct output *out)
{
	char ca[ADDR_STRLEN];

	switch (cmd) {
	case VSW_CMD_MISS:
		fprintf(out->fp, "miss switch %s vsid %u ca %s", ev->sw,
			ev->rec.vsid, fmt_addr(ca, &ev->rec.ca));
		if (ev->has_port)
			text_dev(out, "port", ev->port.ifindex);
		if (ev->has_miss_pa)
			fprintf(out->fp, " pa %s", fmt_addr(ca, &ev->miss_pa));
		break;
	case VSW_CMD_PORT_DEL:
		fprintf(out->fp, "port del switch %s", ev->sw);
		text_dev(out, "dev", ev->port.ifindex);
		break;
	case VSW_CMD_UPLINK_DEL:
		fprintf(out->fp, "uplink del switch %s", ev->sw);
		if (ev->has_uplink)
			text_dev(out, "dev", ev->uplink_ifindex);
		if (ev->has_pa)
			fprintf(out->fp, " pa %s", fmt_addr(ca, &ev->pa));
		if (ev->has_pa6)
			fprintf(out->fp, " pa %s", fmt_addr(ca, &ev->pa6));
		break;
	}
	fputc('\n', out->fp);
}

static void print_json(uint8_t cmd, const struct event *ev,
		       const struct output *out)
{
	char ca[ADDR_STRLEN];
	struct json j;

	out_json_init(&j, out);
	json_object_begin(&j, NULL);
	switch (cmd) {
	case VSW_CMD_MISS:
		json_string(&j, "event", "miss");
		json_string(&j, "switch", ev->sw);
		json_uint(&j, "vsid", ev->rec.vsid);
		json_string(&j, "ca", fmt_addr(ca, &ev->rec.ca));
		if (ev->has_port)
			json_dev(&j, out, "port", ev->port.ifindex);
		/* A frame from the wire: the PA it came from. */
		if (ev->has_miss_pa)
			json_string(&j, "pa", fmt_addr(ca, &ev->miss_pa));
		break;
	case VSW_CMD_PORT_DEL:
		json_string(&j, "event", "port_del");
		json_string(&j, "switch", ev->sw);
		json_dev(&j, out, "dev", ev->port.ifindex);
		break;
	case VSW_CMD_UPLINK_DEL:
		json_string(&j, "event", "uplink_del");
		json_string(&j, "switch", ev->sw);
		if (ev->has_uplink)
			json_dev(&j, out, "dev", ev->uplink_ifindex);
		/* As in "switch show": "pa" IPv4, "pa6" IPv6. */
		if (ev->has_pa)
			json_string(&j, "pa", fmt_addr(ca, &ev->pa));
		if (ev->has_pa6)
			json_string(&j, "pa6", fmt_addr(ca, &ev->pa6));
		break;
	}
	json_object_end(&j);
}

int monitor_print_event(struct nlmsghdr *nlh, const char *filter,
			const struct output *out)
{
	struct event ev;
	uint8_t cmd;
	int ret;

	ret = parse_event(nlh, &cmd, &ev);
	if (ret)
		return ret;
	switch (cmd) {
	case VSW_CMD_MISS:
		if (!ev.has_policy)
			return -EPROTO;
		break;
	case VSW_CMD_PORT_DEL:
		if (!ev.has_port)
			return -EPROTO;
		break;
	case VSW_CMD_UPLINK_DEL:
		break;
	default:	/* an event this version does not know */
		return 0;
	}
	if (filter && strcmp(filter, ev.sw))
		return 0;
	if (out->json)
		print_json(cmd, &ev, out);
	else
		print_text(cmd, &ev, out);
	return 1;
}

int monitor_parse_miss(struct nlmsghdr *nlh, const char **sw, uint32_t *vsid,
		       struct vsw_addr *ca)
{
	struct event ev;
	uint8_t cmd;
	int ret;

	ret = parse_event(nlh, &cmd, &ev);
	if (ret)
		return ret;
	if (cmd != VSW_CMD_MISS)
		return 0;
	if (!ev.has_policy)
		return -EPROTO;
	*sw = ev.sw;
	*vsid = ev.rec.vsid;
	*ca = ev.rec.ca;
	return 1;
}

int monitor_join(struct vsw_nl *nl, int rcvbuf, struct report *r)
{
	int grp, ret;

	grp = genl_ctrl_resolve_grp(nl->sk, VSW_GENL_NAME, VSW_MCGRP_EVENTS);
	if (grp < 0) {
		report_fail(r, "monitor: the vsw family has no \"%s\" multicast group (vsw.ko too old?)",
			    VSW_MCGRP_EVENTS);
		return -1;
	}
	vsw_nl_grow_buffers(nl, rcvbuf);
	ret = nl_socket_add_membership(nl->sk, grp);
	if (ret < 0) {
		report_fail(r, "monitor: cannot join the events group: %s",
			    nl_geterror(ret));
		return -1;
	}
	return grp;
}

struct monitor {
	const struct output *out;
	const char *filter;
	int err;	/* a write error ends the monitor */
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct monitor *m = arg;

	/* A malformed event is skipped: the next may be fine. */
	if (monitor_print_event(nlmsg_hdr(msg), m->filter, m->out) > 0 &&
	    fflush(m->out->fp))
		m->err = errno ? errno : EIO;
	return NL_OK;
}

/* Events are not answers to a request: their sequence number is 0. */
static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

static int parse_monitor(int argc, char **argv, struct request *req,
			 struct report *r)
{
	return cmd_parse_name("monitor", argc, argv, true, &req->mon.name, r);
}

/* Buffer for bursts of events (a storm of misses), before any are lost. */
#define MONITOR_RCVBUF	(4 * 1024 * 1024)

static int run_monitor(struct vsw_nl *nl, const struct request *req,
		       const struct output *out, struct report *r)
{
	struct monitor m = { .out = out, .filter = req->mon.name };
	int grp, fd, sfd = -1, flags, ret, status = -1;
	struct signalfd_siginfo si;
	struct pollfd pfd[2];
	sigset_t mask, old;
	struct nl_cb *cb;

	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb) {
		report_errno(r, ENOMEM, NULL, "monitor");
		return -1;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &m);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);

	/* Signals arrive through a descriptor: no race with poll(). */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, &old);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		report_errno(r, errno, NULL, "monitor: signalfd");
		goto out;
	}

	fd = nl_socket_get_fd(nl->sk);
	grp = monitor_join(nl, MONITOR_RCVBUF, r);
	if (grp < 0)
		goto out;
	flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);

	pfd[0] = (struct pollfd){ .fd = fd, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	for (;;) {
		ret = poll(pfd, 2, -1);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0) {
			report_errno(r, errno, NULL, "monitor: poll");
			break;
		}
		if (pfd[1].revents) {	/* SIGINT or SIGTERM: a normal end */
			/* Taken, so it is not delivered when unblocked. */
			if (read(sfd, &si, sizeof(si)) < 0)
				continue;
			status = 0;
			break;
		}
		ret = nl_recvmsgs(nl->sk, cb);
		if (m.err) {
			report_errno(r, m.err, NULL, "cannot write output");
			break;
		}
		if (ret == -NLE_AGAIN || ret >= 0)
			continue;
		if (ret == -NLE_NOMEM) {
			/* ENOBUFS: the kernel dropped events for us. */
			fputs("vswctl: monitor: events were lost (receive buffer overrun)\n",
			      stderr);
			continue;
		}
		report_fail(r, "monitor: %s", nl_geterror(ret));
		break;
	}
	fcntl(fd, F_SETFL, flags);
	nl_socket_drop_membership(nl->sk, grp);
out:
	if (sfd >= 0)
		close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	nl_cb_put(cb);
	return status;
}

const struct command monitor_commands[] = {
	{ "", "[NAME]", parse_monitor, run_monitor, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
