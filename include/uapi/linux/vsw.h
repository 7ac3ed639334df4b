/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * vsw: a virtual switch with NVGRE network virtualization.
 *
 * Generic netlink family "vsw". This header is the ABI between vsw.ko and
 * its userland tools; Documentation/netlink/specs/vsw.yaml describes the same
 * family and is kept in step with it (tests/userland checks that they agree).
 * Values are only ever appended.
 */
#ifndef _UAPI_LINUX_VSW_H
#define _UAPI_LINUX_VSW_H

#define VSW_GENL_NAME		"vsw"
#define VSW_GENL_VERSION	1

/* Longest switch name, without the terminating NUL (IFNAMSIZ rules). */
#define VSW_SWITCH_NAME_MAX	15

/* VSIDs are 24 bits; 0-4095 and 0xffffff are reserved (RFC 7637). */
#define VSW_VSID_MIN		4096
#define VSW_VSID_MAX		0xfffffe

/* Default outer TTL of NVGRE packets. */
#define VSW_TTL_DEFAULT		64
/* VSW_A_SWITCH_TOS value: copy the inner IPv4 TOS to the outer header. */
#define VSW_TOS_INHERIT		1

/* Default and largest number of policy records one switch may hold. */
#define VSW_POLICY_MAX_DEFAULT	(1U << 21)
#define VSW_POLICY_MAX_LIMIT	(1U << 24)

/*
 * Frames held on a policy miss until a record arrives: default and largest
 * number per switch (0 turns holding off), and default and longest time
 * one is held, in milliseconds.
 */
#define VSW_HOLD_MAX_DEFAULT	64
#define VSW_HOLD_MAX_LIMIT	1024
#define VSW_HOLD_TIMEOUT_DEFAULT	1000
#define VSW_HOLD_TIMEOUT_MAX	60000

/* Multicast group of the family for events (misses, removals). */
#define VSW_MCGRP_EVENTS	"events"
/* Multicast group of the family for the pool of each sample (VSW_CMD_SAMPLE). */
#define VSW_MCGRP_SAMPLES	"samples"

/**
 * enum vsw_flowid - how the FlowID (low 8 bits of the GRE key) is chosen
 * @VSW_FLOWID_HASH: a hash of the inner flow, for ECMP entropy (default)
 * @VSW_FLOWID_ZERO: always 0
 */
enum vsw_flowid {
	VSW_FLOWID_HASH,
	VSW_FLOWID_ZERO,
};

/**
 * enum vsw_cmd - commands of the vsw family
 * @VSW_CMD_SWITCH_NEW: create a switch in the caller's network namespace.
 *	Requires %VSW_A_SWITCH_NAME. Fails with -EEXIST if it exists.
 * @VSW_CMD_SWITCH_DEL: delete a switch. Requires %VSW_A_SWITCH_NAME.
 *	Fails with -ENOENT if there is none of that name.
 * @VSW_CMD_SWITCH_GET: get one switch (%VSW_A_SWITCH_NAME given) or dump
 *	all switches of the caller's network namespace.
 * @VSW_CMD_SWITCH_SET: change a switch's %VSW_A_SWITCH_FLOWID,
 *	%VSW_A_SWITCH_TTL, %VSW_A_SWITCH_TOS, %VSW_A_POLICY_MAX,
 *	%VSW_A_ROUTER_MAC, %VSW_A_HOLD_MAX or %VSW_A_HOLD_TIMEOUT.
 * @VSW_CMD_UPLINK_SET: set the switch's uplink: %VSW_A_UPLINK_IFINDEX and
 *	%VSW_A_UPLINK_PA (an address already configured on the host). Replaces
 *	an uplink that is there. -EBUSY if the device has an rx_handler.
 * @VSW_CMD_UPLINK_DEL: detach the uplink; -ENOENT if there is none. Also
 *	sent to %VSW_MCGRP_EVENTS when the uplink device goes away.
 * @VSW_CMD_PORT_NEW: attach a VM port: one %VSW_A_PORT with ifindex, VSID
 *	and MAC. -EEXIST if the device is a port of this switch, -EBUSY if it
 *	has another rx_handler (bridge port, bond slave, other switch).
 * @VSW_CMD_PORT_DEL: detach a port (%VSW_A_PORT with ifindex). Also sent
 *	to %VSW_MCGRP_EVENTS when a port's device goes away or leaves the
 *	namespace.
 * @VSW_CMD_PORT_GET: dump the ports of a switch, as %VSW_A_PORT nests.
 * @VSW_CMD_POLICY_NEW: add one or more records (%VSW_A_POLICY nests, in
 *	order). With %VSW_A_POLICY_REPLACE a record that exists is overwritten
 *	atomically; without, it fails with -EEXIST. (Not %NLM_F_REPLACE:
 *	generic netlink refuses that flag on requests.) The request is applied
 *	whole or not at all: if a record is refused, those before it are
 *	removed and the records they replaced put back; the extended ack
 *	points at the refused one.
 * @VSW_CMD_POLICY_DEL: delete records (%VSW_A_POLICY with VSID and CA),
 *	whole or not at all (a refused one deletes none).
 * @VSW_CMD_POLICY_GET: dump a switch's records, optionally only those of
 *	one VSID (a %VSW_A_POLICY with only a VSID).
 * @VSW_CMD_STATS_GET: counters of a switch (%VSW_A_STATS) and of its
 *	ports (%VSW_A_PORT with %VSW_PORT_A_STATS), or of one port. As a
 *	dump (whole switch), the ports come spread over several messages,
 *	the switch's counters in the first.
 * @VSW_CMD_MISS: event, sent to %VSW_MCGRP_EVENTS: a lookup of
 *	(VSID, CA) found no record. Carries %VSW_A_SWITCH_NAME, a %VSW_A_POLICY
 *	with VSID and CA, and the %VSW_A_PORT (ifindex) it came from, if any.
 *	For a frame from the wire whose sender (VSID, inner source CA) has no
 *	record, the CA is the sender's, there is no port, and
 *	%VSW_A_MISS_PA or %VSW_A_MISS_PA6 is the outer source it came from.
 * @VSW_CMD_SAMPLE_SET: sample a port or the uplink: one %VSW_A_SAMPLE with
 *	the device's ifindex and a rate (0 turns sampling off), optionally a
 *	psample group and a truncation length.
 * @VSW_CMD_SAMPLE_GET: the switch's samplers, as %VSW_A_SAMPLE nests with
 *	their settings, pool and sample counts.
 * @VSW_CMD_ROUTE_NEW: add a customer route: one %VSW_A_ROUTE with routing
 *	domain, VSID, prefix and length, optionally a next hop. -EEXIST if the
 *	routing domain has a route for that prefix; -EBUSY if the VSID is in
 *	another routing domain.
 * @VSW_CMD_ROUTE_DEL: delete a customer route (%VSW_A_ROUTE with routing
 *	domain, prefix and length).
 * @VSW_CMD_ROUTE_GET: dump a switch's customer routes, optionally only
 *	those of one routing domain (a %VSW_A_ROUTE with only a routing domain).
 * @VSW_CMD_SAMPLE: event, sent to %VSW_MCGRP_SAMPLES for each sample a
 *	sampler hands to psample, when that group has listeners: one
 *	%VSW_A_SAMPLE with the sampler's ifindex, the psample group, the
 *	sample's %VSW_SAMPLE_A_SEQ and the sampler's pool when it drew it.
 */
enum vsw_cmd {
	VSW_CMD_UNSPEC,
	VSW_CMD_SWITCH_NEW,
	VSW_CMD_SWITCH_DEL,
	VSW_CMD_SWITCH_GET,
	VSW_CMD_SWITCH_SET,
	VSW_CMD_UPLINK_SET,
	VSW_CMD_UPLINK_DEL,
	VSW_CMD_PORT_NEW,
	VSW_CMD_PORT_DEL,
	VSW_CMD_PORT_GET,
	VSW_CMD_POLICY_NEW,
	VSW_CMD_POLICY_DEL,
	VSW_CMD_POLICY_GET,
	VSW_CMD_STATS_GET,
	VSW_CMD_MISS,
	VSW_CMD_SAMPLE_SET,
	VSW_CMD_SAMPLE_GET,
	VSW_CMD_ROUTE_NEW,
	VSW_CMD_ROUTE_DEL,
	VSW_CMD_ROUTE_GET,
	VSW_CMD_SAMPLE,

	__VSW_CMD_MAX,
	VSW_CMD_MAX = __VSW_CMD_MAX - 1
};

/**
 * enum vsw_attr - top-level attributes of the vsw family
 * @VSW_A_SWITCH_NAME: NUL-terminated switch name, 1 to
 *	%VSW_SWITCH_NAME_MAX characters, following the rules of netdev names
 *	(no '/', ':' or whitespace; not "." or "..").
 * @VSW_A_SWITCH_FLOWID: u8, &enum vsw_flowid.
 * @VSW_A_SWITCH_TTL: u8, outer TTL, 1-255.
 * @VSW_A_SWITCH_TOS: u8, outer TOS; %VSW_TOS_INHERIT copies the inner one.
 * @VSW_A_UPLINK_IFINDEX: u32, the uplink netdev.
 * @VSW_A_UPLINK_PA: 4 bytes, the local provider address (IPv4, network
 *	byte order).
 * @VSW_A_PORT: nest of &enum vsw_port_attr; repeated in dumps.
 * @VSW_A_POLICY: nest of &enum vsw_policy_attr; repeated.
 * @VSW_A_STATS: nest of &enum vsw_stats_attr, the switch's counters.
 * @VSW_A_PORT_COUNT: u32, number of ports (get).
 * @VSW_A_POLICY_COUNT: u32, number of policy records (get).
 * @VSW_A_POLICY_MAX: u32, most policy records the switch accepts, 1 to
 *	%VSW_POLICY_MAX_LIMIT.
 * @VSW_A_PAD: padding for 64-bit attributes.
 * @VSW_A_POLICY_REPLACE: flag; %VSW_CMD_POLICY_NEW overwrites records that
 *	exist instead of failing.
 * @VSW_A_SAMPLE: nest of &enum vsw_sample_attr; repeated in replies.
 * @VSW_A_UPLINK_PA6: 16 bytes, the local IPv6 provider address. An uplink
 *	has an IPv4 PA (%VSW_A_UPLINK_PA), an IPv6 PA, or both; a record's PA
 *	family picks which one NVGRE to it leaves from.
 * @VSW_A_ROUTE: nest of &enum vsw_route_attr; repeated in dumps.
 * @VSW_A_ROUTER_MAC: 6 bytes, the MAC of the switch's distributed router:
 *	the MAC a VM's gateway address resolves to, and the source MAC of
 *	routed frames. The same on every host of a deployment (switch set,
 *	get); default 02:76:73:77:00:01 (locally administered, "vsw").
 * @VSW_A_HOLD_MAX: u32, most frames the switch holds on policy misses, 0
 *	(misses are dropped at once) to %VSW_HOLD_MAX_LIMIT.
 * @VSW_A_HOLD_TIMEOUT: u32, how long a frame is held, in ms, 1 to
 *	%VSW_HOLD_TIMEOUT_MAX.
 * @VSW_A_HOLD_COUNT: u32, frames held now (get).
 * @VSW_A_POLICY_OVER_LIMIT: u64, policy records refused because the table
 *	held %VSW_A_POLICY_MAX already (get).
 * @VSW_A_MISS_PA: 4 bytes, in %VSW_CMD_MISS for a frame from the wire: the
 *	IPv4 outer source address it came from (network byte order).
 * @VSW_A_MISS_PA6: 16 bytes, the same for a frame that came over IPv6.
 */
enum vsw_attr {
	VSW_A_UNSPEC,
	VSW_A_SWITCH_NAME,
	VSW_A_SWITCH_FLOWID,
	VSW_A_SWITCH_TTL,
	VSW_A_SWITCH_TOS,
	VSW_A_UPLINK_IFINDEX,
	VSW_A_UPLINK_PA,
	VSW_A_PORT,
	VSW_A_POLICY,
	VSW_A_STATS,
	VSW_A_PORT_COUNT,
	VSW_A_POLICY_COUNT,
	VSW_A_POLICY_MAX,
	VSW_A_PAD,
	VSW_A_POLICY_REPLACE,
	VSW_A_SAMPLE,
	VSW_A_UPLINK_PA6,
	VSW_A_ROUTE,
	VSW_A_ROUTER_MAC,
	VSW_A_HOLD_MAX,
	VSW_A_HOLD_TIMEOUT,
	VSW_A_HOLD_COUNT,
	VSW_A_POLICY_OVER_LIMIT,
	VSW_A_MISS_PA,
	VSW_A_MISS_PA6,

	__VSW_A_MAX,
	VSW_A_MAX = __VSW_A_MAX - 1
};

/**
 * enum vsw_port_attr - attributes of a %VSW_A_PORT nest
 * @VSW_PORT_A_IFINDEX: u32, the port's netdev.
 * @VSW_PORT_A_VSID: u32, %VSW_VSID_MIN to %VSW_VSID_MAX.
 * @VSW_PORT_A_MAC: 6 bytes, the VM's MAC (unicast).
 * @VSW_PORT_A_STATS: nest of &enum vsw_stats_attr (stats get).
 * @VSW_PORT_A_PAD: padding for 64-bit attributes.
 */
enum vsw_port_attr {
	VSW_PORT_A_UNSPEC,
	VSW_PORT_A_IFINDEX,
	VSW_PORT_A_VSID,
	VSW_PORT_A_MAC,
	VSW_PORT_A_STATS,
	VSW_PORT_A_PAD,

	__VSW_PORT_A_MAX,
	VSW_PORT_A_MAX = __VSW_PORT_A_MAX - 1
};

/**
 * enum vsw_policy_attr - attributes of a %VSW_A_POLICY nest: one record
 *	(VSID, CA) -> (MAC, PA)
 * @VSW_POLICY_A_VSID: u32, %VSW_VSID_MIN to %VSW_VSID_MAX.
 * @VSW_POLICY_A_CA: 4 bytes, customer address (IPv4, network byte order).
 * @VSW_POLICY_A_MAC: 6 bytes, the VM's MAC (unicast).
 * @VSW_POLICY_A_PA: 4 bytes, provider address of the host of the VM.
 * @VSW_POLICY_A_CA6: 16 bytes, an IPv6 customer address; a record has
 *	either %VSW_POLICY_A_CA or this.
 * @VSW_POLICY_A_PA6: 16 bytes, an IPv6 provider address (NVGRE over an
 *	IPv6 underlay); a record has either %VSW_POLICY_A_PA or this.
 *
 * IPv4-mapped IPv6 addresses are refused in the IPv6 attributes.
 */
enum vsw_policy_attr {
	VSW_POLICY_A_UNSPEC,
	VSW_POLICY_A_VSID,
	VSW_POLICY_A_CA,
	VSW_POLICY_A_MAC,
	VSW_POLICY_A_PA,
	VSW_POLICY_A_CA6,
	VSW_POLICY_A_PA6,

	__VSW_POLICY_A_MAX,
	VSW_POLICY_A_MAX = __VSW_POLICY_A_MAX - 1
};

/**
 * enum vsw_stats_attr - attributes of a %VSW_A_STATS or %VSW_PORT_A_STATS
 *	nest; all counters are u64
 * @VSW_STATS_A_RX_PACKETS: frames into the switch (from this port)
 * @VSW_STATS_A_RX_BYTES: their bytes
 * @VSW_STATS_A_TX_PACKETS: frames out of the switch (to this port)
 * @VSW_STATS_A_TX_BYTES: their bytes
 * @VSW_STATS_A_ENCAP_PACKETS: frames sent in NVGRE
 * @VSW_STATS_A_DECAP_PACKETS: NVGRE packets taken from the uplink
 * @VSW_STATS_A_DROP: nest of &enum vsw_drop_attr, one per drop reason
 * @VSW_STATS_A_PAD: padding for 64-bit attributes.
 */
enum vsw_stats_attr {
	VSW_STATS_A_UNSPEC,
	VSW_STATS_A_RX_PACKETS,
	VSW_STATS_A_RX_BYTES,
	VSW_STATS_A_TX_PACKETS,
	VSW_STATS_A_TX_BYTES,
	VSW_STATS_A_ENCAP_PACKETS,
	VSW_STATS_A_DECAP_PACKETS,
	VSW_STATS_A_DROP,
	VSW_STATS_A_PAD,

	__VSW_STATS_A_MAX,
	VSW_STATS_A_MAX = __VSW_STATS_A_MAX - 1
};

/**
 * enum vsw_drop_attr - attributes of a %VSW_STATS_A_DROP nest. Reasons are
 *	sent by name so tools need no update when one is added; names are
 *	snake_case and never change once released (Documentation/counters.md).
 * @VSW_DROP_A_REASON: string, the reason
 * @VSW_DROP_A_PACKETS: u64, frames dropped for it
 * @VSW_DROP_A_PAD: padding for 64-bit attributes.
 */
enum vsw_drop_attr {
	VSW_DROP_A_UNSPEC,
	VSW_DROP_A_REASON,
	VSW_DROP_A_PACKETS,
	VSW_DROP_A_PAD,

	__VSW_DROP_A_MAX,
	VSW_DROP_A_MAX = __VSW_DROP_A_MAX - 1
};

/* Routes one switch may hold, over all its routing domains. */
#define VSW_ROUTES_MAX		1024

/**
 * enum vsw_route_attr - attributes of a %VSW_A_ROUTE nest: one customer
 *	route (Hyper-V's New-NetVirtualizationCustomerRoute)
 * @VSW_ROUTE_A_RDID: u32, the routing domain, 1 or more. A routing domain
 *	groups virtual subnets that may reach each other; a VSID belongs to at
 *	most one.
 * @VSW_ROUTE_A_VSID: u32, the virtual subnet the prefix is in,
 *	%VSW_VSID_MIN to %VSW_VSID_MAX.
 * @VSW_ROUTE_A_DST: 4 bytes, an IPv4 prefix (host bits must be zero).
 * @VSW_ROUTE_A_DST6: 16 bytes, an IPv6 prefix; a route has one of the two.
 * @VSW_ROUTE_A_PLEN: u8, prefix length: 0-32 for IPv4, 0-128 for IPv6.
 * @VSW_ROUTE_A_NEXTHOP: 4 bytes, optional: send what matches to this CA
 *	of the route's VSID (an appliance) instead of to the destination.
 * @VSW_ROUTE_A_NEXTHOP6: 16 bytes, the same for an IPv6 route.
 *
 * Without a next hop the prefix is the subnet of the VSID, and its first
 * address (the prefix + 1) is the subnet's gateway: the switch answers ARP
 * and Neighbour Solicitations for it with %VSW_A_ROUTER_MAC.
 */
enum vsw_route_attr {
	VSW_ROUTE_A_UNSPEC,
	VSW_ROUTE_A_RDID,
	VSW_ROUTE_A_VSID,
	VSW_ROUTE_A_DST,
	VSW_ROUTE_A_DST6,
	VSW_ROUTE_A_PLEN,
	VSW_ROUTE_A_NEXTHOP,
	VSW_ROUTE_A_NEXTHOP6,

	__VSW_ROUTE_A_MAX,
	VSW_ROUTE_A_MAX = __VSW_ROUTE_A_MAX - 1
};

/* Default psample group and bytes of each sampled frame. */
#define VSW_SAMPLE_GROUP_DEFAULT	1
#define VSW_SAMPLE_TRUNC_DEFAULT	128
#define VSW_SAMPLE_TRUNC_MIN		14
#define VSW_SAMPLE_TRUNC_MAX		65535

/**
 * enum vsw_sample_attr - attributes of a %VSW_A_SAMPLE nest
 * @VSW_SAMPLE_A_IFINDEX: u32, the port's or the uplink's netdev.
 * @VSW_SAMPLE_A_RATE: u32, sample 1 in N frames at random; 0 turns it off.
 * @VSW_SAMPLE_A_GROUP: u32, the psample group (default
 *	%VSW_SAMPLE_GROUP_DEFAULT).
 * @VSW_SAMPLE_A_TRUNC: u32, bytes of each frame handed on, from its
 *	Ethernet header (default %VSW_SAMPLE_TRUNC_DEFAULT).
 * @VSW_SAMPLE_A_POOL: u64, frames the sampler has seen (sFlow's
 *	sample_pool) since it was set (get); in %VSW_CMD_SAMPLE, those it had
 *	seen when it drew the sampled frame, that frame included.
 * @VSW_SAMPLE_A_SAMPLES: u64, frames it picked (get).
 * @VSW_SAMPLE_A_PAD: padding for 64-bit attributes.
 * @VSW_SAMPLE_A_SEQ: u32, in %VSW_CMD_SAMPLE: the PSAMPLE_ATTR_GROUP_SEQ
 *	psample gave the sample.
 */
enum vsw_sample_attr {
	VSW_SAMPLE_A_UNSPEC,
	VSW_SAMPLE_A_IFINDEX,
	VSW_SAMPLE_A_RATE,
	VSW_SAMPLE_A_GROUP,
	VSW_SAMPLE_A_TRUNC,
	VSW_SAMPLE_A_POOL,
	VSW_SAMPLE_A_SAMPLES,
	VSW_SAMPLE_A_PAD,
	VSW_SAMPLE_A_SEQ,

	__VSW_SAMPLE_A_MAX,
	VSW_SAMPLE_A_MAX = __VSW_SAMPLE_A_MAX - 1
};

#endif /* _UAPI_LINUX_VSW_H */
