// SPDX-License-Identifier: GPL-2.0
/*
 * sFlow v5 XDR encoding. See sflow.h.
 */
#include <string.h>

#include "sflow.h"

void xdr_init(struct xdr *x, void *buf, size_t cap)
{
	x->buf = buf;
	x->cap = cap;
	x->len = 0;
	x->overflow = false;
}

static uint8_t *room(struct xdr *x, size_t n)
{
	uint8_t *p;

	if (x->overflow || n > x->cap - x->len) {
		x->overflow = true;
		return NULL;
	}
	p = x->buf + x->len;
	x->len += n;
	return p;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

void xdr_u32(struct xdr *x, uint32_t v)
{
	uint8_t *p = room(x, 4);

	if (p)
		put_be32(p, v);
}

void xdr_u64(struct xdr *x, uint64_t v)
{
	uint8_t *p = room(x, 8);

	if (p) {
		put_be32(p, v >> 32);
		put_be32(p + 4, (uint32_t)v);
	}
}

void xdr_float(struct xdr *x, float v)
{
	uint32_t bits;

	/* XDR floats are IEEE 754 single precision, like C's on Linux. */
	memcpy(&bits, &v, sizeof(bits));
	xdr_u32(x, bits);
}

void xdr_bytes(struct xdr *x, const void *src, size_t n)
{
	size_t padded = (n + 3) & ~(size_t)3;
	uint8_t *p = room(x, padded);

	if (!p)
		return;
	if (n)
		memcpy(p, src, n);
	memset(p + n, 0, padded - n);
}

void xdr_opaque(struct xdr *x, const void *p, size_t n)
{
	xdr_u32(x, n);
	xdr_bytes(x, p, n);
}

void xdr_ipv4(struct xdr *x, struct in_addr a)
{
	xdr_bytes(x, &a.s_addr, 4);
}

/* data_format and a length to be filled in by end(). */
static size_t begin(struct xdr *x, uint32_t format)
{
	size_t at;

	xdr_u32(x, format);	/* enterprise 0 */
	at = x->len;
	xdr_u32(x, 0);
	return at;
}

static void end(struct xdr *x, size_t at)
{
	if (!x->overflow)
		put_be32(x->buf + at, x->len - at - 4);
}

void sflow_put_datagram(struct xdr *x, const struct sflow_datagram *d)
{
	xdr_u32(x, SFLOW_VERSION);
	xdr_u32(x, 1);		/* agent address type: IPv4 */
	xdr_ipv4(x, d->agent);
	xdr_u32(x, d->sub_agent_id);
	xdr_u32(x, d->seq);
	xdr_u32(x, d->uptime_ms);
	xdr_u32(x, d->nsamples);
}

void sflow_set_nsamples(struct xdr *x, uint32_t n)
{
	if (x->len >= SFLOW_NSAMPLES_OFFSET + 4)
		put_be32(x->buf + SFLOW_NSAMPLES_OFFSET, n);
}

static void put_sampled_ipv4(struct xdr *x, const struct sflow_ipv4 *ip)
{
	xdr_u32(x, ip->length);
	xdr_u32(x, ip->protocol);
	xdr_ipv4(x, ip->src);
	xdr_ipv4(x, ip->dst);
	xdr_u32(x, ip->src_port);
	xdr_u32(x, ip->dst_port);
	xdr_u32(x, ip->tcp_flags);
	xdr_u32(x, ip->tos);
}

void sflow_put_flow_sample(struct xdr *x, const struct sflow_flow_sample *s)
{
	uint32_t nrec = 1 + (s->tunnel_dir != SFLOW_DIR_NONE) +
			(s->vni_dir != SFLOW_DIR_NONE);
	size_t sample, rec;

	sample = begin(x, SFLOW_FLOW_SAMPLE_EXPANDED);
	xdr_u32(x, s->seq);
	xdr_u32(x, s->ds_class);
	xdr_u32(x, s->ds_index);
	xdr_u32(x, s->rate);
	xdr_u32(x, s->pool);
	xdr_u32(x, s->drops);
	xdr_u32(x, s->in_format);
	xdr_u32(x, s->in_value);
	xdr_u32(x, s->out_format);
	xdr_u32(x, s->out_value);
	xdr_u32(x, nrec);

	rec = begin(x, SFLOW_FLOW_HEADER);
	xdr_u32(x, SFLOW_HEADER_PROTO_ETHERNET);
	xdr_u32(x, s->frame_length);
	xdr_u32(x, s->stripped);
	xdr_opaque(x, s->header, s->header_len);
	end(x, rec);

	if (s->tunnel_dir != SFLOW_DIR_NONE) {
		rec = begin(x, s->tunnel_dir == SFLOW_DIR_EGRESS ?
			       SFLOW_FLOW_IPV4_TUNNEL_EGRESS :
			       SFLOW_FLOW_IPV4_TUNNEL_INGRESS);
		put_sampled_ipv4(x, &s->tunnel);
		end(x, rec);
	}
	if (s->vni_dir != SFLOW_DIR_NONE) {
		rec = begin(x, s->vni_dir == SFLOW_DIR_EGRESS ?
			       SFLOW_FLOW_VNI_EGRESS : SFLOW_FLOW_VNI_INGRESS);
		xdr_u32(x, s->vni);
		end(x, rec);
	}
	end(x, sample);
}

/* An expanded counter sample header; the records follow, then end(). */
static size_t counter_sample(struct xdr *x, uint32_t seq, uint32_t ds_class,
			     uint32_t ds_index, uint32_t nrec)
{
	size_t at = begin(x, SFLOW_COUNTER_SAMPLE_EXPANDED);

	xdr_u32(x, seq);
	xdr_u32(x, ds_class);
	xdr_u32(x, ds_index);
	xdr_u32(x, nrec);
	return at;
}

void sflow_put_if_sample(struct xdr *x, uint32_t seq,
			 const struct sflow_if_counters *c)
{
	size_t sample, rec;

	sample = counter_sample(x, seq, SFLOW_DS_IFINDEX, c->ifindex, 1);
	rec = begin(x, SFLOW_COUNTERS_GENERIC);
	xdr_u32(x, c->ifindex);
	xdr_u32(x, c->type);
	xdr_u64(x, c->speed);
	xdr_u32(x, c->direction);
	xdr_u32(x, c->status);
	xdr_u64(x, c->in_octets);
	xdr_u32(x, c->in_ucast);
	xdr_u32(x, c->in_mcast);
	xdr_u32(x, c->in_bcast);
	xdr_u32(x, c->in_discards);
	xdr_u32(x, c->in_errors);
	xdr_u32(x, c->in_unknown_protos);
	xdr_u64(x, c->out_octets);
	xdr_u32(x, c->out_ucast);
	xdr_u32(x, c->out_mcast);
	xdr_u32(x, c->out_bcast);
	xdr_u32(x, c->out_discards);
	xdr_u32(x, c->out_errors);
	xdr_u32(x, c->promisc);
	end(x, rec);
	end(x, sample);
}

/* A host counter sample of one record: begin it, returning both marks. */
static void host_begin(struct xdr *x, uint32_t seq, uint32_t format,
		       size_t *sample, size_t *rec)
{
	*sample = counter_sample(x, seq, SFLOW_DS_PHYSICAL_ENTITY,
				 SFLOW_HOST_DS_INDEX, 1);
	*rec = begin(x, format);
}

static void host_end(struct xdr *x, size_t sample, size_t rec)
{
	end(x, rec);
	end(x, sample);
}

void sflow_put_host_descr(struct xdr *x, uint32_t seq,
			  const struct sflow_host_descr *d)
{
	size_t sample, rec;

	host_begin(x, seq, SFLOW_COUNTERS_HOST_DESCR, &sample, &rec);
	xdr_opaque(x, d->hostname, strnlen(d->hostname, SFLOW_HOSTNAME_MAX));
	/* opaque uuid[16]: fixed length, as every implementation sends it */
	xdr_bytes(x, d->uuid, 16);
	xdr_u32(x, d->machine_type);
	xdr_u32(x, d->os_name);
	xdr_opaque(x, d->os_release,
		   strnlen(d->os_release, SFLOW_OS_RELEASE_MAX));
	host_end(x, sample, rec);
}

void sflow_put_host_cpu(struct xdr *x, uint32_t seq,
			const struct sflow_host_cpu *c)
{
	size_t sample, rec;

	host_begin(x, seq, SFLOW_COUNTERS_HOST_CPU, &sample, &rec);
	xdr_float(x, c->load_one);
	xdr_float(x, c->load_five);
	xdr_float(x, c->load_fifteen);
	xdr_u32(x, c->proc_run);
	xdr_u32(x, c->proc_total);
	xdr_u32(x, c->cpu_num);
	xdr_u32(x, c->cpu_speed);
	xdr_u32(x, c->uptime);
	xdr_u32(x, c->cpu_user);
	xdr_u32(x, c->cpu_nice);
	xdr_u32(x, c->cpu_system);
	xdr_u32(x, c->cpu_idle);
	xdr_u32(x, c->cpu_wio);
	xdr_u32(x, c->cpu_intr);
	xdr_u32(x, c->cpu_sintr);
	xdr_u32(x, c->interrupts);
	xdr_u32(x, c->contexts);
	host_end(x, sample, rec);
}

void sflow_put_host_memory(struct xdr *x, uint32_t seq,
			   const struct sflow_host_memory *m)
{
	size_t sample, rec;

	host_begin(x, seq, SFLOW_COUNTERS_HOST_MEMORY, &sample, &rec);
	xdr_u64(x, m->mem_total);
	xdr_u64(x, m->mem_free);
	xdr_u64(x, m->mem_shared);
	xdr_u64(x, m->mem_buffers);
	xdr_u64(x, m->mem_cached);
	xdr_u64(x, m->swap_total);
	xdr_u64(x, m->swap_free);
	xdr_u32(x, m->page_in);
	xdr_u32(x, m->page_out);
	xdr_u32(x, m->swap_in);
	xdr_u32(x, m->swap_out);
	host_end(x, sample, rec);
}

void sflow_put_host_disk_io(struct xdr *x, uint32_t seq,
			    const struct sflow_host_disk_io *d)
{
	size_t sample, rec;

	host_begin(x, seq, SFLOW_COUNTERS_HOST_DISK_IO, &sample, &rec);
	xdr_u64(x, d->disk_total);
	xdr_u64(x, d->disk_free);
	xdr_u32(x, (uint32_t)d->part_max_used);
	xdr_u32(x, d->reads);
	xdr_u64(x, d->bytes_read);
	xdr_u32(x, d->read_time);
	xdr_u32(x, d->writes);
	xdr_u64(x, d->bytes_written);
	xdr_u32(x, d->write_time);
	host_end(x, sample, rec);
}

void sflow_put_host_net_io(struct xdr *x, uint32_t seq,
			   const struct sflow_host_net_io *n)
{
	size_t sample, rec;

	host_begin(x, seq, SFLOW_COUNTERS_HOST_NET_IO, &sample, &rec);
	xdr_u64(x, n->bytes_in);
	xdr_u32(x, n->pkts_in);
	xdr_u32(x, n->errs_in);
	xdr_u32(x, n->drops_in);
	xdr_u64(x, n->bytes_out);
	xdr_u32(x, n->pkts_out);
	xdr_u32(x, n->errs_out);
	xdr_u32(x, n->drops_out);
	host_end(x, sample, rec);
}
