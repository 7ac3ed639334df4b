/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sFlow agent proper: turns psample samples into flow samples and
 * counters into counter samples, numbers them, and packs them into
 * datagrams. No I/O of its own: the caller hands it samples, pools and
 * counters, and a function that sends a datagram; so the tests drive it
 * with made-up inputs and check what it would send.
 *
 * Flow samples wait in a bounded queue and are sent together; each gets
 * the pool vsw told for it, or else the samplers' pools read just before
 * (see agent_flush() and Documentation/sflow.md, "The sample pool").
 */
#ifndef VSW_AGENT_H
#define VSW_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "sflow.h"

struct host_counters;
struct pool_event;
struct psample_pkt;
struct sample_list;
struct topo;

/* Flow samples waiting at most, and for how long. */
#define AGENT_QUEUE_MAX		256
/* Sent this long after the last sample arrived, if no other came... */
#define AGENT_FLUSH_IDLE_MS	100
/* ...and at the latest this long after the first one waiting arrived. */
#define AGENT_FLUSH_MAX_MS	500
/* Pools of samples remembered, by psample sequence number modulo this. */
#define AGENT_POOLS_MAX		4096
/* Samplers and counter sources tracked at most. */
#define AGENT_SOURCES_MAX	4096

/* Send one datagram to every collector. */
typedef void (*agent_send_fn)(void *ctx, const void *buf, size_t len);

struct agent_source {
	uint32_t ds_class, ds_index;
	uint32_t flow_seq;	/* last flow sample's sequence number */
	uint32_t counter_seq;	/* last counter sample's */
	uint32_t drops;		/* samples lost, since this source began */
	bool pool_known;	/* the kernel told its pool */
	bool exact;		/* a sample came with its own pool */
	uint64_t kernel_pool;	/* the pool it told last */
	uint64_t est_pool;	/* sum of the rates of its samples */
	uint64_t reported_pool;	/* the last pool we sent */
};

struct agent_pending {
	struct sflow_flow_sample s;	/* seq, pool, drops set when sent */
	uint32_t gseq;			/* psample's sequence number */
	uint8_t header[SFLOW_HEADER_MAX];
};

struct agent {
	struct in_addr addr;
	uint32_t sub_agent_id;
	uint32_t group;
	uint64_t start_ms;
	agent_send_fn send;
	void *send_ctx;

	uint32_t dgram_seq;		/* of the last datagram sent */
	uint64_t datagrams, flow_samples, counter_samples;

	struct agent_source *src;
	size_t nsrc;

	struct agent_pending *q;	/* AGENT_QUEUE_MAX */
	size_t nq;
	uint64_t first_ms, last_ms;	/* arrival of the first/last queued */

	struct pool_event *pools;	/* AGENT_POOLS_MAX, by seq */
	uint64_t exact_pools;		/* samples sent with their own pool */

	bool have_gseq;
	uint32_t next_gseq;		/* psample group sequence expected */
	uint64_t lost;			/* samples lost in all */
	uint64_t overruns;		/* ENOBUFS seen */
	uint64_t skipped;		/* other groups' samples */

	/* the datagram being filled */
	uint8_t dgram[SFLOW_DATAGRAM_MAX];
	struct xdr dx;
	uint32_t dgram_n;
	uint64_t now_ms;
};

/* 0, or -ENOMEM. */
int agent_init(struct agent *a, struct in_addr addr, uint32_t group,
	       uint64_t now_ms, agent_send_fn send, void *ctx);
void agent_free(struct agent *a);

/*
 * Build the flow sample of one psample sample (pure): the sampler is the
 * device it entered by; VSIDs and tunnel direction come from @t. @hdr
 * receives the header bytes (SFLOW_HEADER_MAX); s->header points there.
 */
void agent_build_sample(const struct psample_pkt *p, const struct topo *t,
			struct sflow_flow_sample *s, uint8_t *hdr);

/*
 * Take one sample: samples of another group are skipped; a gap in the
 * group's sequence counts as lost samples (drops of this sample's
 * sampler). Returns true if the queue is full and must be flushed now.
 */
bool agent_add_sample(struct agent *a, const struct psample_pkt *p,
		      const struct topo *t, uint64_t now_ms);
/*
 * The pool of one sample, from vsw's "samples" group (psample.h): the
 * sample of that group and sequence number gets it, if it is still to
 * be sent (it may not have arrived yet); other groups' are ignored.
 */
void agent_add_pool(struct agent *a, const struct pool_event *ev);
/* The socket said ENOBUFS: samples were lost (the gap will tell how many). */
void agent_note_overrun(struct agent *a);

/* When the queue must be flushed, in ms; UINT64_MAX if it is empty. */
uint64_t agent_flush_deadline(const struct agent *a);
bool agent_has_pending(const struct agent *a);

/*
 * Send the queued flow samples with the pools of @pools (read by the
 * caller just now; NULL if they could not be read) and empty the queue.
 */
void agent_flush(struct agent *a, const struct sample_list *pools,
		 uint64_t now_ms);

/* Send counter samples: the interfaces', then the host's if @host. */
void agent_send_counters(struct agent *a, const struct sflow_if_counters *ifc,
			 size_t n, const struct host_counters *host,
			 uint64_t now_ms);

#endif /* VSW_AGENT_H */
