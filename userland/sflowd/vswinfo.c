// SPDX-License-Identifier: GPL-2.0
/*
 * Switches, ports, pools and counters for vsw-sflowd. See vswinfo.h.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vsw.h>
#include <netlink/genl/genl.h>

#include "nl.h"
#include "port.h"
#include "sample.h"
#include "stats.h"
#include "switch.h"
#include "vswinfo.h"

#ifndef IFF_UP
#define IFF_UP		0x1
#endif
#ifndef IFF_PROMISC
#define IFF_PROMISC	0x100
#endif

int topo_add_switch(struct topo *t, const struct topo_switch *s)
{
	struct topo_switch *v = reallocarray(t->sw, t->nsw + 1, sizeof(*v));

	if (!v)
		return -ENOMEM;
	t->sw = v;
	v[t->nsw++] = *s;
	return 0;
}

int topo_add_port(struct topo *t, uint32_t ifindex, uint32_t vsid, size_t sw)
{
	struct topo_port *v = reallocarray(t->ports, t->nports + 1,
					   sizeof(*v));

	if (!v)
		return -ENOMEM;
	t->ports = v;
	v[t->nports++] = (struct topo_port){ ifindex, vsid, sw };
	return 0;
}

void topo_free(struct topo *t)
{
	free(t->sw);
	free(t->ports);
	memset(t, 0, sizeof(*t));
}

const struct topo_port *topo_port(const struct topo *t, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < t->nports; i++)
		if (t->ports[i].ifindex == ifindex)
			return &t->ports[i];
	return NULL;
}

const struct topo_switch *topo_uplink(const struct topo *t, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < t->nsw; i++)
		if (t->sw[i].has_uplink && t->sw[i].uplink == ifindex)
			return &t->sw[i];
	return NULL;
}

uint32_t topo_resolve(const struct topo *t, uint16_t idx)
{
	uint32_t found = 0, cand;
	size_t i, n = 0;

	for (i = 0; i < t->nports + t->nsw; i++) {
		if (i < t->nports)
			cand = t->ports[i].ifindex;
		else if (t->sw[i - t->nports].has_uplink)
			cand = t->sw[i - t->nports].uplink;
		else
			continue;
		if ((cand & 0xffff) == idx && cand != found) {
			found = cand;
			n++;
		}
	}
	return n == 1 ? found : idx;
}

bool topo_first_pa(const struct topo *t, struct in_addr *pa)
{
	size_t i;

	for (i = 0; i < t->nsw; i++) {
		if (t->sw[i].has_pa) {
			*pa = t->sw[i].pa;
			return true;
		}
	}
	return false;
}

static int switch_reply(struct nlmsghdr *nlh, void *arg)
{
	return switch_parse_reply(nlh, arg);
}

struct port_ctx {
	struct topo *t;
	size_t sw;
};

static int port_reply(struct nlmsghdr *nlh, void *arg)
{
	struct genlmsghdr *genl = nlmsg_data(nlh);
	struct port_ctx *ctx = arg;
	struct port_info p;
	struct nlattr *a;
	int rem, ret;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EPROTO;
	if (genl->cmd != VSW_CMD_PORT_GET)
		return 0;
	nla_for_each_attr(a, genlmsg_attrdata(genl, 0),
			  genlmsg_attrlen(genl, 0), rem) {
		if (nla_type(a) != VSW_A_PORT)
			continue;
		ret = port_parse_nest(a, &p);
		if (ret)
			return ret;
		ret = topo_add_port(ctx->t, p.ifindex,
				    p.has & PORT_HAS_VSID ? p.vsid : 0,
				    ctx->sw);
		if (ret)
			return ret;
	}
	return 0;
}

/* A dump disturbed by a concurrent change is tried again this often. */
#define DUMP_TRIES	3

static int load_once(struct vsw_nl *nl, struct topo *t)
{
	struct switch_list l = { 0 };
	struct topo_switch s;
	struct port_ctx ctx;
	struct nl_msg *msg;
	size_t i;
	int ret;

	ret = vsw_nl_dump(nl, VSW_CMD_SWITCH_GET, switch_reply, &l);
	for (i = 0; !ret && i < l.n; i++) {
		memset(&s, 0, sizeof(s));
		strcpy(s.name, l.v[i].name);
		s.has_uplink = l.v[i].has & SWITCH_HAS_UPLINK;
		s.uplink = l.v[i].uplink_ifindex;
		s.has_pa = l.v[i].has & SWITCH_HAS_PA;
		s.pa = l.v[i].pa;
		ret = topo_add_switch(t, &s);
	}
	for (i = 0; !ret && i < t->nsw; i++) {
		ctx = (struct port_ctx){ t, i };
		msg = vsw_nl_name_msg(nl, VSW_CMD_PORT_GET, NLM_F_DUMP,
				      t->sw[i].name);
		ret = msg ? vsw_nl_transact(nl, msg, port_reply, &ctx) :
			    -ENOMEM;
		/* A switch deleted since the first dump has no ports. */
		if (ret == -ENOENT)
			ret = 0;
	}
	switch_list_free(&l);
	return ret;
}

int topo_load(struct vsw_nl *nl, struct topo *t)
{
	int ret, tries = 0;

	do {
		topo_free(t);
		ret = load_once(nl, t);
	} while (ret == -EINTR && ++tries < DUMP_TRIES);
	if (ret)
		topo_free(t);
	return ret;
}

int vswinfo_pools(struct vsw_nl *nl, const struct topo *t,
		  struct sample_list *l)
{
	size_t i;
	int ret;

	for (i = 0; i < t->nsw; i++) {
		ret = sample_get(nl, t->sw[i].name, l);
		if (ret && ret != -ENOENT)
			return ret;
	}
	return 0;
}

void ifc_from_port(uint32_t ifindex, const struct stats_counters *c,
		   struct sflow_if_counters *ifc)
{
	uint64_t in_discards = 0;
	size_t i;

	ifc->ifindex = ifindex;
	ifc->type = SFLOW_IFTYPE_ETHERNET;
	ifc->in_octets = c->rx_bytes;
	ifc->in_ucast = (uint32_t)c->rx_packets;
	ifc->in_mcast = SFLOW_UNKNOWN32;
	ifc->in_bcast = SFLOW_UNKNOWN32;
	ifc->in_errors = 0;
	ifc->in_unknown_protos = 0;
	ifc->out_octets = c->tx_bytes;
	ifc->out_ucast = (uint32_t)c->tx_packets;
	ifc->out_mcast = SFLOW_UNKNOWN32;
	ifc->out_bcast = SFLOW_UNKNOWN32;
	ifc->out_discards = 0;
	ifc->out_errors = 0;
	for (i = 0; i < c->ndrops; i++) {
		const struct stats_drop *d = &c->drops[i];

		if (!strcmp(d->reason, "unsupported_protocol"))
			ifc->in_unknown_protos += (uint32_t)d->packets;
		else if (!strcmp(d->reason, "malformed"))
			ifc->in_errors += (uint32_t)d->packets;
		else if (!strcmp(d->reason, "tx_error"))
			ifc->out_discards += (uint32_t)d->packets;
		else
			in_discards += d->packets;
	}
	ifc->in_discards = (uint32_t)in_discards;
}

/* One number from a sysfs file; false if it cannot be read. */
static bool read_num(const char *sysroot, const char *dev, const char *file,
		     long long *val, int base)
{
	char path[512], buf[64], *end;
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "%s/sys/class/net/%s/%s", sysroot, dev,
		 file);
	f = fopen(path, "re");
	if (!f)
		return false;
	ok = fgets(buf, sizeof(buf), f);
	fclose(f);
	if (!ok)
		return false;
	*val = strtoll(buf, &end, base);
	return end != buf;
}

static bool read_word(const char *sysroot, const char *dev, const char *file,
		      char *buf, size_t size)
{
	char path[512];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "%s/sys/class/net/%s/%s", sysroot, dev,
		 file);
	f = fopen(path, "re");
	if (!f)
		return false;
	ok = fgets(buf, size, f);
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

void ifc_link_from_sysfs(const char *sysroot, const char *dev,
			 struct sflow_if_counters *ifc)
{
	char word[32];
	long long v;

	ifc->speed = 0;
	/* speed is in Mbit/s; -1 or an error when the link has none */
	if (read_num(sysroot, dev, "speed", &v, 10) && v > 0)
		ifc->speed = (uint64_t)v * 1000000;
	ifc->direction = SFLOW_IFDIRECTION_UNKNOWN;
	if (read_word(sysroot, dev, "duplex", word, sizeof(word))) {
		if (!strcmp(word, "full"))
			ifc->direction = SFLOW_IFDIRECTION_FULL;
		else if (!strcmp(word, "half"))
			ifc->direction = SFLOW_IFDIRECTION_HALF;
	}
	ifc->status = 0;
	ifc->promisc = 0;
	if (read_num(sysroot, dev, "flags", &v, 16)) {
		if (v & IFF_UP)
			ifc->status |= SFLOW_IFSTATUS_ADMIN_UP;
		ifc->promisc = !!(v & IFF_PROMISC);
	}
	if (read_word(sysroot, dev, "operstate", word, sizeof(word)) &&
	    !strcmp(word, "up"))
		ifc->status |= SFLOW_IFSTATUS_OPER_UP;
}

static uint64_t stat_of(const char *sysroot, const char *dev, const char *name)
{
	char file[64];
	long long v;

	snprintf(file, sizeof(file), "statistics/%s", name);
	return read_num(sysroot, dev, file, &v, 10) && v > 0 ? (uint64_t)v : 0;
}

void ifc_stats_from_sysfs(const char *sysroot, const char *dev,
			  struct sflow_if_counters *ifc)
{
	ifc->type = SFLOW_IFTYPE_ETHERNET;
	ifc->in_octets = stat_of(sysroot, dev, "rx_bytes");
	ifc->in_ucast = (uint32_t)stat_of(sysroot, dev, "rx_packets");
	ifc->in_mcast = SFLOW_UNKNOWN32;
	ifc->in_bcast = SFLOW_UNKNOWN32;
	ifc->in_discards = (uint32_t)stat_of(sysroot, dev, "rx_dropped");
	ifc->in_errors = (uint32_t)stat_of(sysroot, dev, "rx_errors");
	ifc->in_unknown_protos = SFLOW_UNKNOWN32;
	ifc->out_octets = stat_of(sysroot, dev, "tx_bytes");
	ifc->out_ucast = (uint32_t)stat_of(sysroot, dev, "tx_packets");
	ifc->out_mcast = SFLOW_UNKNOWN32;
	ifc->out_bcast = SFLOW_UNKNOWN32;
	ifc->out_discards = (uint32_t)stat_of(sysroot, dev, "tx_dropped");
	ifc->out_errors = (uint32_t)stat_of(sysroot, dev, "tx_errors");
}

static int stats_reply(struct nlmsghdr *nlh, void *arg)
{
	return stats_parse_reply(nlh, arg);
}

static int add_ifc(struct sflow_if_counters **v, size_t *n,
		   const struct sflow_if_counters *c)
{
	struct sflow_if_counters *nv = reallocarray(*v, *n + 1, sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	*v = nv;
	nv[(*n)++] = *c;
	return 0;
}

int vswinfo_counters(struct vsw_nl *nl, const struct topo *t,
		     struct sflow_if_counters **out, size_t *n)
{
	struct sflow_if_counters c;
	char name[IF_NAMESIZE];
	struct stats_reply s;
	struct nl_msg *msg;
	size_t i, p;
	int ret = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; !ret && i < t->nsw; i++) {
		memset(&s, 0, sizeof(s));
		msg = vsw_nl_name_msg(nl, VSW_CMD_STATS_GET, NLM_F_DUMP,
				      t->sw[i].name);
		ret = msg ? vsw_nl_transact(nl, msg, stats_reply, &s) :
			    -ENOMEM;
		for (p = 0; !ret && p < s.nports; p++) {
			memset(&c, 0, sizeof(c));
			ifc_from_port(s.ports[p].ifindex, &s.ports[p].c, &c);
			if (if_indextoname(c.ifindex, name))
				ifc_link_from_sysfs("", name, &c);
			ret = add_ifc(out, n, &c);
		}
		stats_reply_free(&s);
		if (ret == -ENOENT)	/* deleted meanwhile */
			ret = 0;
		if (ret || !t->sw[i].has_uplink ||
		    !if_indextoname(t->sw[i].uplink, name))
			continue;
		memset(&c, 0, sizeof(c));
		c.ifindex = t->sw[i].uplink;
		ifc_stats_from_sysfs("", name, &c);
		ifc_link_from_sysfs("", name, &c);
		ret = add_ifc(out, n, &c);
	}
	if (ret) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return ret;
}
