/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sFlow version 5 structures and their XDR encoding (sflow_version_5.txt,
 * sflow_tunnels.txt, sflow_host.txt). Pure: it writes bytes into a buffer
 * and never does I/O, so that every encoding is checked byte for byte by
 * tests/userland/test_sflow.c.
 *
 * XDR is big-endian, in 4-byte units; opaque and string data are padded
 * with zeroes to a multiple of 4. Every sample and every record starts
 * with a data_format word (enterprise << 12 | format) and its length.
 */
#ifndef VSW_SFLOW_H
#define VSW_SFLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define SFLOW_VERSION		5
#define SFLOW_PORT		6343
/* Datagrams stay under a typical path MTU, as the sFlow spec advises. */
#define SFLOW_DATAGRAM_MAX	1400

/* Sample formats (enterprise 0). */
#define SFLOW_FLOW_SAMPLE_EXPANDED	3
#define SFLOW_COUNTER_SAMPLE_EXPANDED	4

/* Flow record formats (enterprise 0). */
#define SFLOW_FLOW_HEADER		1
#define SFLOW_FLOW_IPV4_TUNNEL_EGRESS	1023
#define SFLOW_FLOW_IPV4_TUNNEL_INGRESS	1024
#define SFLOW_FLOW_VNI_EGRESS		1029
#define SFLOW_FLOW_VNI_INGRESS		1030

/* Counter record formats (enterprise 0). */
#define SFLOW_COUNTERS_GENERIC		1
#define SFLOW_COUNTERS_HOST_DESCR	2000
#define SFLOW_COUNTERS_HOST_CPU		2003
#define SFLOW_COUNTERS_HOST_MEMORY	2004
#define SFLOW_COUNTERS_HOST_DISK_IO	2005
#define SFLOW_COUNTERS_HOST_NET_IO	2006

/* Data source classes (sFlowDataSource). */
#define SFLOW_DS_IFINDEX		0
#define SFLOW_DS_PHYSICAL_ENTITY	2

/* interface_expanded formats and the discard reason we can give. */
#define SFLOW_IF_FORMAT_IFINDEX		0
#define SFLOW_IF_FORMAT_DISCARD		1
#define SFLOW_DISCARD_UNKNOWN		256

#define SFLOW_HEADER_PROTO_ETHERNET	1
/* Bytes of each sampled frame exported, at most. */
#define SFLOW_HEADER_MAX		256
/* FCS: not in the frames Linux hands over, counted in frame_length. */
#define SFLOW_FCS_LEN			4

/* A counter this agent cannot know (sFlow convention: all ones). */
#define SFLOW_UNKNOWN32			0xffffffffU

/* host_descr machine_type and os_name values (sflow_host.txt). */
#define SFLOW_MACHINE_UNKNOWN	0
#define SFLOW_MACHINE_OTHER	1
#define SFLOW_MACHINE_X86	2
#define SFLOW_MACHINE_X86_64	3
#define SFLOW_MACHINE_IA64	4
#define SFLOW_MACHINE_SPARC	5
#define SFLOW_MACHINE_ALPHA	6
#define SFLOW_MACHINE_POWERPC	7
#define SFLOW_MACHINE_M68K	8
#define SFLOW_MACHINE_MIPS	9
#define SFLOW_MACHINE_ARM	10
#define SFLOW_MACHINE_HPPA	11
#define SFLOW_MACHINE_S390	12
#define SFLOW_OS_LINUX		2

/* An output buffer; writes past @cap set @overflow and write nothing. */
struct xdr {
	uint8_t *buf;
	size_t cap;
	size_t len;
	bool overflow;
};

void xdr_init(struct xdr *x, void *buf, size_t cap);
void xdr_u32(struct xdr *x, uint32_t v);
void xdr_u64(struct xdr *x, uint64_t v);
void xdr_float(struct xdr *x, float v);
/* @n bytes, then zeroes up to a multiple of 4 (XDR fixed opaque). */
void xdr_bytes(struct xdr *x, const void *p, size_t n);
/* Variable opaque / string: length word, then xdr_bytes(). */
void xdr_opaque(struct xdr *x, const void *p, size_t n);
/* An IPv4 address, network byte order as stored in @a. */
void xdr_ipv4(struct xdr *x, struct in_addr a);

/* The datagram header; @nsamples may be patched by sflow_set_nsamples(). */
struct sflow_datagram {
	struct in_addr agent;
	uint32_t sub_agent_id;
	uint32_t seq;
	uint32_t uptime_ms;
	uint32_t nsamples;
};

void sflow_put_datagram(struct xdr *x, const struct sflow_datagram *d);
/* Offset of the sample count in a datagram begun at offset 0. */
#define SFLOW_NSAMPLES_OFFSET	24
void sflow_set_nsamples(struct xdr *x, uint32_t n);

/* sampled_ipv4: here, the outer header of an NVGRE packet. */
struct sflow_ipv4 {
	uint32_t length;	/* of the IP packet */
	uint32_t protocol;
	struct in_addr src, dst;
	uint32_t src_port, dst_port;
	uint32_t tcp_flags;
	uint32_t tos;
};

/* Which tunnel records a flow sample carries. */
enum sflow_dir {
	SFLOW_DIR_NONE,
	SFLOW_DIR_EGRESS,	/* the frame leaves in a tunnel */
	SFLOW_DIR_INGRESS,	/* the frame arrived in a tunnel */
};

/*
 * An expanded flow sample with its records, in this order:
 * sampled_header, then extended_ipv4_tunnel_{egress,ingress} if
 * @tunnel_dir is set, then extended_vni_{egress,ingress} if @vni_dir is.
 */
struct sflow_flow_sample {
	uint32_t seq;
	uint32_t ds_class, ds_index;
	uint32_t rate, pool, drops;
	uint32_t in_format, in_value;
	uint32_t out_format, out_value;
	/* sampled_header */
	uint32_t frame_length;
	uint32_t stripped;
	const uint8_t *header;
	uint32_t header_len;
	enum sflow_dir tunnel_dir;
	struct sflow_ipv4 tunnel;
	enum sflow_dir vni_dir;
	uint32_t vni;
};

void sflow_put_flow_sample(struct xdr *x, const struct sflow_flow_sample *s);

/* Generic interface counters (RFC 2233 names). */
struct sflow_if_counters {
	uint32_t ifindex, type;
	uint64_t speed;
	uint32_t direction, status;
	uint64_t in_octets;
	uint32_t in_ucast, in_mcast, in_bcast, in_discards, in_errors;
	uint32_t in_unknown_protos;
	uint64_t out_octets;
	uint32_t out_ucast, out_mcast, out_bcast, out_discards, out_errors;
	uint32_t promisc;
};

#define SFLOW_IFTYPE_ETHERNET		6
#define SFLOW_IFDIRECTION_UNKNOWN	0
#define SFLOW_IFDIRECTION_FULL		1
#define SFLOW_IFDIRECTION_HALF		2
#define SFLOW_IFSTATUS_ADMIN_UP		(1U << 0)
#define SFLOW_IFSTATUS_OPER_UP		(1U << 1)

/* An expanded counter sample of one interface: generic counters. */
void sflow_put_if_sample(struct xdr *x, uint32_t seq,
			 const struct sflow_if_counters *c);

/* Host structures (sflow_host.txt). */
#define SFLOW_HOSTNAME_MAX	64
#define SFLOW_OS_RELEASE_MAX	32

struct sflow_host_descr {
	char hostname[SFLOW_HOSTNAME_MAX + 1];
	uint8_t uuid[16];	/* all zeroes if unknown */
	uint32_t machine_type;
	uint32_t os_name;
	char os_release[SFLOW_OS_RELEASE_MAX + 1];
};

struct sflow_host_cpu {
	float load_one, load_five, load_fifteen;
	uint32_t proc_run, proc_total;
	uint32_t cpu_num, cpu_speed, uptime;
	/* milliseconds */
	uint32_t cpu_user, cpu_nice, cpu_system, cpu_idle, cpu_wio;
	uint32_t cpu_intr, cpu_sintr;
	uint32_t interrupts, contexts;
};

struct sflow_host_memory {
	uint64_t mem_total, mem_free, mem_shared, mem_buffers, mem_cached;
	uint64_t swap_total, swap_free;
	uint32_t page_in, page_out, swap_in, swap_out;
};

struct sflow_host_disk_io {
	uint64_t disk_total, disk_free;
	int32_t part_max_used;	/* hundredths of a percent, -1 unknown */
	uint32_t reads;
	uint64_t bytes_read;
	uint32_t read_time;
	uint32_t writes;
	uint64_t bytes_written;
	uint32_t write_time;
};

struct sflow_host_net_io {
	uint64_t bytes_in;
	uint32_t pkts_in, errs_in, drops_in;
	uint64_t bytes_out;
	uint32_t pkts_out, errs_out, drops_out;
};

/*
 * The host's counters are sent as expanded counter samples of the data
 * source (SFLOW_DS_PHYSICAL_ENTITY, 1), one sample per record: see
 * Documentation/sflow.md, "Record layout", for why.
 */
void sflow_put_host_descr(struct xdr *x, uint32_t seq,
			  const struct sflow_host_descr *d);
void sflow_put_host_cpu(struct xdr *x, uint32_t seq,
			const struct sflow_host_cpu *c);
void sflow_put_host_memory(struct xdr *x, uint32_t seq,
			   const struct sflow_host_memory *m);
void sflow_put_host_disk_io(struct xdr *x, uint32_t seq,
			    const struct sflow_host_disk_io *d);
void sflow_put_host_net_io(struct xdr *x, uint32_t seq,
			   const struct sflow_host_net_io *n);

#define SFLOW_HOST_DS_INDEX	1

#endif /* VSW_SFLOW_H */
