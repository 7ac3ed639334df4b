// SPDX-License-Identifier: GPL-2.0
/*
 * Registrations and status values of vswctl --etcd. See cluster_host.h.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cluster_host.h"

const char *const cluster_words[CLUSTER_NWORDS] = {
	[CLUSTER_SWITCH] = "switch",
	[CLUSTER_MODE] = "mode",
	[CLUSTER_VERSION] = "version",
};

/* The value as an object; a value that is not one reads as {}. */
static json_object *parse(const char *value, size_t len)
{
	json_tokener *tok = json_tokener_new();
	json_object *o = NULL;

	if (tok && len)
		o = json_tokener_parse_ex(tok, value, len);
	json_tokener_free(tok);
	if (o && !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		o = NULL;
	}
	return o ? o : json_object_new_object();
}

static void set_words(char *w[CLUSTER_NWORDS], json_object *o)
{
	json_object *v;
	int i;

	for (i = 0; i < CLUSTER_NWORDS; i++) {
		free(w[i]);
		w[i] = NULL;
		if (o && json_object_object_get_ex(o, cluster_words[i], &v) &&
		    json_object_is_type(v, json_type_string))
			w[i] = strdup(json_object_get_string(v));
	}
}

void cluster_host_set_reg(struct cluster_host *x, const char *value,
			  size_t len)
{
	json_object *o = value ? parse(value, len) : NULL, *pa, *e;
	size_t i, n = 0, need = 0;

	x->up = value != NULL;
	set_words(x->reg, o);
	free(x->pa);
	x->pa = NULL;
	if (o && json_object_object_get_ex(o, "pa", &pa) &&
	    json_object_is_type(pa, json_type_array)) {
		n = json_object_array_length(pa);
		for (i = 0; i < n; i++)
			need += strlen(json_object_get_string(
				json_object_array_get_idx(pa, i))) + 1;
		x->pa = calloc(1, need + 1);
		for (i = 0; x->pa && i < n; i++) {
			e = json_object_array_get_idx(pa, i);
			if (i)
				strcat(x->pa, ",");
			strcat(x->pa, json_object_get_string(e));
		}
	}
	json_object_put(o);
}

static void free_counters(struct cluster_host *x)
{
	size_t i;

	for (i = 0; i < x->ncnt; i++)
		free(x->cnt[i].name);
	free(x->cnt);
	x->cnt = NULL;
	x->ncnt = 0;
}

void cluster_host_set_status(struct cluster_host *x, const char *value,
			     size_t len)
{
	json_object *o = value ? parse(value, len) : NULL, *rev;
	struct cluster_counter *c;

	x->has_status = value != NULL;
	set_words(x->status, o);
	free_counters(x);
	x->revision = o && json_object_object_get_ex(o, "revision", &rev) &&
		      json_object_is_type(rev, json_type_int) ?
		      json_object_get_int64(rev) : -1;
	if (o) {
		json_object_object_foreach(o, k, v) {
			if (!strcmp(k, "revision") ||
			    !json_object_is_type(v, json_type_int))
				continue;
			c = reallocarray(x->cnt, x->ncnt + 1, sizeof(*c));
			if (!c)
				break;
			x->cnt = c;
			c[x->ncnt].name = strdup(k);
			if (!c[x->ncnt].name)
				break;
			c[x->ncnt++].val = json_object_get_int64(v);
		}
	}
	json_object_put(o);
}

void cluster_host_free(struct cluster_host *x)
{
	set_words(x->reg, NULL);
	set_words(x->status, NULL);
	free_counters(x);
	free(x->pa);
	free(x->name);
}
