/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "sample" object: set, show. Packet sampling on a port or the
 * uplink; and the VSW_CMD_SAMPLE_GET reply, which vsw-sflowd reads too.
 */
#ifndef VSWCTL_SAMPLE_H
#define VSWCTL_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/vsw.h>

struct nlattr;
struct nlmsghdr;
struct output;
struct vsw_nl;

struct sample_args {
	const char *name;
	const char *dev;	/* as given */
	uint32_t ifindex;
	uint32_t rate;
	bool has_group, has_trunc;
	uint32_t group, trunc;
};

/* One sampler, a VSW_A_SAMPLE nest of a reply. */
struct sample_info {
	uint32_t ifindex;
	uint32_t rate, group, trunc;
	uint64_t pool, samples;
};

struct sample_list {
	struct sample_info *v;
	size_t n;
};

/* Parse one VSW_A_SAMPLE nest; the ifindex and rate are required. */
int sample_parse_nest(const struct nlattr *nest, struct sample_info *s);
/* Add the samplers of a VSW_CMD_SAMPLE_GET reply to @l; -EPROTO if bad. */
int sample_parse_reply(struct nlmsghdr *nlh, struct sample_list *l);
void sample_list_free(struct sample_list *l);
/*
 * Text, one line per sampler: "sample DEV rate N group G trunc T pool P
 * samples S"; JSON: an array of objects with dev, ifindex, rate, group,
 * trunc, pool and samples.
 */
void sample_list_print(const struct sample_list *l, const struct output *out);

/* VSW_CMD_SAMPLE_GET of switch @name into @l: 0 or -errno. */
int sample_get(struct vsw_nl *nl, const char *name, struct sample_list *l);

#endif /* VSWCTL_SAMPLE_H */
