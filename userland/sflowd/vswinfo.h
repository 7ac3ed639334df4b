/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What vsw-sflowd needs to know of the switches, through the vsw family
 * (nl.c, switch.c, port.c, stats.c, sample.c of vswctl): which devices are
 * ports (and their VSIDs) or uplinks (and their PAs), the samplers' pools,
 * and the counters of every port and uplink as sFlow interface counters.
 */
#ifndef VSW_VSWINFO_H
#define VSW_VSWINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include <linux/vsw.h>

#include "sflow.h"

struct sample_list;
struct stats_counters;
struct vsw_nl;

struct topo_switch {
	char name[VSW_SWITCH_NAME_MAX + 1];
	bool has_uplink, has_pa;
	uint32_t uplink;
	struct in_addr pa;
};

struct topo_port {
	uint32_t ifindex;
	uint32_t vsid;
	size_t sw;		/* index in topo.sw */
};

struct topo {
	struct topo_switch *sw;
	size_t nsw;
	struct topo_port *ports;
	size_t nports;
};

/* Every switch of the namespace and their ports: 0 or -errno. */
int topo_load(struct vsw_nl *nl, struct topo *t);
void topo_free(struct topo *t);
/* Add a port / a switch (topo_load() and the tests use these). */
int topo_add_switch(struct topo *t, const struct topo_switch *s);
int topo_add_port(struct topo *t, uint32_t ifindex, uint32_t vsid, size_t sw);

const struct topo_port *topo_port(const struct topo *t, uint32_t ifindex);
/* The switch whose uplink @ifindex is, or NULL. */
const struct topo_switch *topo_uplink(const struct topo *t, uint32_t ifindex);
/*
 * psample carries ifindexes in 16 bits: the known device whose ifindex
 * has these low 16 bits, if exactly one has; else @idx itself.
 */
uint32_t topo_resolve(const struct topo *t, uint16_t idx);
/* The PA of the first switch with an uplink, if any. */
bool topo_first_pa(const struct topo *t, struct in_addr *pa);

/* The pools of every sampler of every switch into @l: 0 or -errno. */
int vswinfo_pools(struct vsw_nl *nl, const struct topo *t,
		  struct sample_list *l);

/*
 * A VM port's counters as sFlow generic interface counters: "in" is what
 * the VM sent into the switch. Drops are split: unsupported_protocol is
 * ifInUnknownProtos, malformed ifInErrors, tx_error ifOutDiscards, every
 * other reason ifInDiscards. Link fields (speed, status...) are left.
 */
void ifc_from_port(uint32_t ifindex, const struct stats_counters *c,
		   struct sflow_if_counters *ifc);

/*
 * Link fields of @dev from sysfs under @sysroot ("" for the real one):
 * speed, duplex, operstate, flags (admin up, promiscuous).
 */
void ifc_link_from_sysfs(const char *sysroot, const char *dev,
			 struct sflow_if_counters *ifc);
/* A device's own counters (the uplink's) from its statistics/ files. */
void ifc_stats_from_sysfs(const char *sysroot, const char *dev,
			  struct sflow_if_counters *ifc);

/*
 * Counters of every port and uplink of every switch into a new array
 * (*out, free() it) of *n entries: 0 or -errno.
 */
int vswinfo_counters(struct vsw_nl *nl, const struct topo *t,
		     struct sflow_if_counters **out, size_t *n);

#endif /* VSW_VSWINFO_H */
