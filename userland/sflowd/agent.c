// SPDX-License-Identifier: GPL-2.0
/*
 * The sFlow agent: samples in, datagrams out. See agent.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "hostcounters.h"
#include "psample.h"
#include "sample.h"
#include "vswinfo.h"

/* Outer IPv4 header and GRE header with a key: what NVGRE adds. */
#define NVGRE_OUTER_LEN		(20 + 8)
#define IPPROTO_GRE_NUM		47
#define VSID_MASK		0xffffffU

int agent_init(struct agent *a, struct in_addr addr, uint32_t group,
	       uint64_t now_ms, agent_send_fn send, void *ctx)
{
	memset(a, 0, sizeof(*a));
	a->q = calloc(AGENT_QUEUE_MAX, sizeof(*a->q));
	a->pools = calloc(AGENT_POOLS_MAX, sizeof(*a->pools));
	if (!a->q || !a->pools) {
		free(a->q);
		free(a->pools);
		a->q = NULL;
		a->pools = NULL;
		return -ENOMEM;
	}
	a->addr = addr;
	a->group = group;
	a->start_ms = now_ms;
	a->now_ms = now_ms;
	a->send = send;
	a->send_ctx = ctx;
	return 0;
}

void agent_free(struct agent *a)
{
	free(a->q);
	free(a->src);
	free(a->pools);
	a->pools = NULL;
	a->q = NULL;
	a->src = NULL;
	a->nq = 0;
	a->nsrc = 0;
}

static struct agent_source *source(struct agent *a, uint32_t ds_class,
				   uint32_t ds_index)
{
	struct agent_source *v;
	size_t i;

	for (i = 0; i < a->nsrc; i++)
		if (a->src[i].ds_class == ds_class &&
		    a->src[i].ds_index == ds_index)
			return &a->src[i];
	if (a->nsrc == AGENT_SOURCES_MAX)
		return NULL;
	v = reallocarray(a->src, a->nsrc + 1, sizeof(*v));
	if (!v)
		return NULL;
	a->src = v;
	v = &a->src[a->nsrc++];
	memset(v, 0, sizeof(*v));
	v->ds_class = ds_class;
	v->ds_index = ds_index;
	return v;
}

void agent_build_sample(const struct psample_pkt *p, const struct topo *t,
			struct sflow_flow_sample *s, uint8_t *hdr)
{
	uint32_t iif = p->iif ? topo_resolve(t, p->iif) : 0;
	uint32_t oif = p->oif ? topo_resolve(t, p->oif) : 0;
	const struct topo_port *port = topo_port(t, iif);
	bool from_uplink = topo_uplink(t, iif);

	memset(s, 0, sizeof(*s));
	s->ds_class = SFLOW_DS_IFINDEX;
	s->ds_index = iif;
	s->rate = p->rate;
	s->in_format = SFLOW_IF_FORMAT_IFINDEX;
	s->in_value = iif;
	if (oif) {
		s->out_format = SFLOW_IF_FORMAT_IFINDEX;
		s->out_value = oif;
	} else {
		/* vsw gives no output device only for a frame it dropped */
		s->out_format = SFLOW_IF_FORMAT_DISCARD;
		s->out_value = SFLOW_DISCARD_UNKNOWN;
	}
	s->frame_length = p->origsize + SFLOW_FCS_LEN;
	s->stripped = SFLOW_FCS_LEN;
	s->header_len = p->data_len < SFLOW_HEADER_MAX ? p->data_len :
							  SFLOW_HEADER_MAX;
	if (s->header_len)
		memcpy(hdr, p->data, s->header_len);
	s->header = hdr;

	if (p->has_tunnel && p->tun_src.s_addr && p->tun_dst.s_addr) {
		/*
		 * A frame sampled on the uplink arrived in NVGRE; one sampled
		 * on a VM port can only leave in it.
		 */
		s->tunnel_dir = from_uplink ? SFLOW_DIR_INGRESS :
					      SFLOW_DIR_EGRESS;
		s->tunnel.length = p->origsize + NVGRE_OUTER_LEN;
		s->tunnel.protocol = IPPROTO_GRE_NUM;
		s->tunnel.src = p->tun_src;
		s->tunnel.dst = p->tun_dst;
		s->tunnel.tos = p->tun_tos;
		if (p->has_tun_id) {
			s->vni_dir = s->tunnel_dir;
			s->vni = (uint32_t)(p->tun_id & VSID_MASK);
		}
	}
	if (s->vni_dir == SFLOW_DIR_NONE && port && port->vsid) {
		/* switched in the VSID of the VM's port */
		s->vni_dir = SFLOW_DIR_EGRESS;
		s->vni = port->vsid;
	}
}

bool agent_add_sample(struct agent *a, const struct psample_pkt *p,
		      const struct topo *t, uint64_t now_ms)
{
	struct agent_pending *q;
	struct agent_source *src;
	uint32_t gap, lost = 0;

	if (p->group != a->group) {
		a->skipped++;
		return false;
	}
	/*
	 * psample numbers the samples of a group: a gap means some were
	 * lost on the way (our socket's buffer overran). A step back means
	 * the group was created anew: nothing lost.
	 */
	if (a->have_gseq) {
		gap = p->seq - a->next_gseq;
		if (gap && gap < 0x80000000U)
			lost = gap;
	}
	a->have_gseq = true;
	a->next_gseq = p->seq + 1;

	if (a->nq == AGENT_QUEUE_MAX) {
		lost++;		/* the caller did not flush: lose this one */
		q = NULL;
	} else {
		q = &a->q[a->nq];
		agent_build_sample(p, t, &q->s, q->header);
		q->gseq = p->seq;
	}
	src = source(a, SFLOW_DS_IFINDEX,
		     q ? q->s.ds_index : (p->iif ? topo_resolve(t, p->iif) : 0));
	if (src)
		src->drops += lost;
	a->lost += lost;
	if (!q)
		return true;
	if (!a->nq)
		a->first_ms = now_ms;
	a->last_ms = now_ms;
	a->nq++;
	return a->nq == AGENT_QUEUE_MAX;
}

void agent_add_pool(struct agent *a, const struct pool_event *ev)
{
	if (ev->group != a->group)
		return;
	a->pools[ev->seq % AGENT_POOLS_MAX] = *ev;
}

/* The pool vsw told for this sample, if it is known. */
static bool exact_pool(const struct agent *a, const struct agent_pending *q,
		       uint64_t *pool)
{
	const struct pool_event *ev = &a->pools[q->gseq % AGENT_POOLS_MAX];

	if (ev->group != a->group || ev->seq != q->gseq || !ev->pool ||
	    ev->ifindex != q->s.ds_index)
		return false;
	*pool = ev->pool;
	return true;
}

void agent_note_overrun(struct agent *a)
{
	a->overruns++;
}

bool agent_has_pending(const struct agent *a)
{
	return a->nq > 0;
}

uint64_t agent_flush_deadline(const struct agent *a)
{
	uint64_t idle, age;

	if (!a->nq)
		return UINT64_MAX;
	if (a->nq == AGENT_QUEUE_MAX)
		return 0;
	idle = a->last_ms + AGENT_FLUSH_IDLE_MS;
	age = a->first_ms + AGENT_FLUSH_MAX_MS;
	return idle < age ? idle : age;
}

static void dgram_begin(struct agent *a)
{
	struct sflow_datagram d = {
		.agent = a->addr,
		.sub_agent_id = a->sub_agent_id,
		.seq = a->dgram_seq + 1,
		.uptime_ms = (uint32_t)(a->now_ms - a->start_ms),
	};

	xdr_init(&a->dx, a->dgram, sizeof(a->dgram));
	sflow_put_datagram(&a->dx, &d);
	a->dgram_n = 0;
}

static void dgram_send(struct agent *a)
{
	if (!a->dgram_n)
		return;
	sflow_set_nsamples(&a->dx, a->dgram_n);
	a->dgram_seq++;
	a->datagrams++;
	a->send(a->send_ctx, a->dgram, a->dx.len);
	dgram_begin(a);
}

/* Append one encoded sample, starting a new datagram if it does not fit. */
static void dgram_add(struct agent *a, const struct xdr *sample)
{
	if (sample->overflow)
		return;		/* cannot happen: a sample is < 700 bytes */
	if (a->dx.len + sample->len > sizeof(a->dgram))
		dgram_send(a);
	memcpy(a->dgram + a->dx.len, sample->buf, sample->len);
	a->dx.len += sample->len;
	a->dgram_n++;
}

/* Take the pools the kernel just told; a pool that went down is a reset. */
static void take_pools(struct agent *a, const struct sample_list *pools)
{
	struct agent_source *src;
	size_t i;

	for (i = 0; pools && i < pools->n; i++) {
		src = source(a, SFLOW_DS_IFINDEX, pools->v[i].ifindex);
		if (!src)
			continue;
		if (src->pool_known && pools->v[i].pool < src->kernel_pool) {
			/* The sampler was set anew: a new data source. */
			src->flow_seq = 0;
			src->drops = 0;
			src->est_pool = 0;
			src->reported_pool = 0;
			src->exact = false;
		}
		src->kernel_pool = pools->v[i].pool;
		src->pool_known = true;
	}
}

void agent_flush(struct agent *a, const struct sample_list *pools,
		 uint64_t now_ms)
{
	uint8_t buf[SFLOW_DATAGRAM_MAX];
	struct agent_source *src;
	struct sflow_flow_sample *s;
	struct xdr x;
	uint64_t pool;
	size_t i;

	a->now_ms = now_ms;
	take_pools(a, pools);
	dgram_begin(a);
	for (i = 0; i < a->nq; i++) {
		s = &a->q[i].s;
		src = source(a, SFLOW_DS_IFINDEX, s->ds_index);
		if (!src)
			continue;
		src->flow_seq++;
		src->est_pool += s->rate;
		/*
		 * The pool vsw told for this sample: the frames its sampler
		 * had seen when it drew it. Else, if the samples of this
		 * sampler come with theirs (this one's was lost on the
		 * way), the last one plus the rate. Else the kernel's pool,
		 * read after this sample arrived: it counts the sampled
		 * frame and every frame before it, and may count some after
		 * it. Without it, what the rates add up to. Never less than
		 * what we sent before.
		 */
		if (exact_pool(a, &a->q[i], &pool)) {
			src->exact = true;
			a->exact_pools++;
		} else if (src->exact) {
			pool = src->reported_pool + s->rate;
		} else {
			pool = src->pool_known ? src->kernel_pool :
						 src->est_pool;
		}
		if (pool < src->reported_pool)
			pool = src->reported_pool;
		src->reported_pool = pool;
		s->seq = src->flow_seq;
		s->pool = (uint32_t)pool;
		s->drops = src->drops;
		xdr_init(&x, buf, sizeof(buf));
		sflow_put_flow_sample(&x, s);
		dgram_add(a, &x);
		a->flow_samples++;
	}
	dgram_send(a);
	a->nq = 0;
}

void agent_send_counters(struct agent *a, const struct sflow_if_counters *ifc,
			 size_t n, const struct host_counters *host,
			 uint64_t now_ms)
{
	uint8_t buf[SFLOW_DATAGRAM_MAX];
	struct agent_source *src;
	struct xdr x;
	uint32_t seq;
	size_t i;

	a->now_ms = now_ms;
	dgram_begin(a);
	for (i = 0; i < n; i++) {
		src = source(a, SFLOW_DS_IFINDEX, ifc[i].ifindex);
		if (!src)
			continue;
		xdr_init(&x, buf, sizeof(buf));
		sflow_put_if_sample(&x, ++src->counter_seq, &ifc[i]);
		dgram_add(a, &x);
		a->counter_samples++;
	}
	src = host ? source(a, SFLOW_DS_PHYSICAL_ENTITY, SFLOW_HOST_DS_INDEX) :
		     NULL;
	for (i = 0; src && i < 5; i++) {
		xdr_init(&x, buf, sizeof(buf));
		seq = ++src->counter_seq;
		switch (i) {
		case 0:
			sflow_put_host_descr(&x, seq, &host->descr);
			break;
		case 1:
			sflow_put_host_cpu(&x, seq, &host->cpu);
			break;
		case 2:
			sflow_put_host_memory(&x, seq, &host->mem);
			break;
		case 3:
			sflow_put_host_disk_io(&x, seq, &host->disk);
			break;
		default:
			sflow_put_host_net_io(&x, seq, &host->net);
			break;
		}
		dgram_add(a, &x);
		a->counter_samples++;
	}
	dgram_send(a);
}
