// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl switch add NAME
 * vswctl switch del NAME
 * vswctl switch show [NAME]
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vsw.h>

#include "cmd.h"
#include "json.h"
#include "nl.h"
#include "parse.h"
#include "report.h"
#include "switch.h"

int switch_list_add(struct switch_list *l, const char *name)
{
	struct switch_info *v;
	size_t alloc;

	if (strlen(name) > VSW_SWITCH_NAME_MAX)
		return -EINVAL;
	if (l->n == l->alloc) {
		alloc = l->alloc ? 2 * l->alloc : 8;
		v = reallocarray(l->v, alloc, sizeof(*v));
		if (!v)
			return -ENOMEM;
		l->v = v;
		l->alloc = alloc;
	}
	strcpy(l->v[l->n++].name, name);
	return 0;
}

void switch_list_free(struct switch_list *l)
{
	free(l->v);
	*l = (struct switch_list){ 0 };
}

/*
 * Text: one line per switch, "switch NAME", to which later fields are
 * appended as "KEY VALUE" pairs like ip(8) does. JSON: always an array of
 * objects, also for a single switch, like "ip -j link show dev X".
 */
void switch_list_print(const struct switch_list *l, const struct output *out)
{
	struct json j;
	size_t i;

	if (!out->json) {
		for (i = 0; i < l->n; i++)
			fprintf(out->fp, "switch %s\n", l->v[i].name);
		return;
	}
	json_init(&j, out->fp);
	json_array_begin(&j, NULL);
	for (i = 0; i < l->n; i++) {
		json_object_begin(&j, NULL);
		json_string(&j, "name", l->v[i].name);
		json_object_end(&j);
	}
	json_array_end(&j);
}

/* NAME as the one and only argument, or, if @optional, nothing at all. */
static int parse_name_arg(const char *cmd, int argc, char **argv,
			  bool optional, struct request *req, struct report *r)
{
	const char *why;

	if (!argc) {
		if (optional)
			return 0;
		report_usage(r, "switch %s: missing switch name", cmd);
		return -1;
	}
	if (argc > 1) {
		report_usage(r, "switch %s: unexpected argument \"%s\"", cmd,
			     argv[1]);
		return -1;
	}
	if (parse_switch_name(argv[0], &why)) {
		report_usage(r, "invalid switch name \"%s\": %s", argv[0], why);
		return -1;
	}
	req->sw.name = argv[0];
	return 0;
}

static int parse_add(int argc, char **argv, struct request *req,
		     struct report *r)
{
	return parse_name_arg("add", argc, argv, false, req, r);
}

static int parse_del(int argc, char **argv, struct request *req,
		     struct report *r)
{
	return parse_name_arg("del", argc, argv, false, req, r);
}

static int parse_show(int argc, char **argv, struct request *req,
		      struct report *r)
{
	return parse_name_arg("show", argc, argv, true, req, r);
}

/* What to say when the kernel gave no extended-ack message. */
static const char *errtext(int errnum)
{
	switch (errnum) {
	case EEXIST:
		return "switch already exists";
	case ENOENT:
		return "no such switch";
	default:
		return NULL;
	}
}

static void report_nl(struct report *r, const struct vsw_nl *nl, int err,
		      const char *cmd, const char *name)
{
	report_errno(r, -err, vsw_nl_errtext(nl, -err, errtext(-err)),
		     "switch %s%s%s", cmd, name ? " " : "", name ? name : "");
}

/* A request with the switch name as its only attribute. */
static struct nl_msg *name_msg(const struct vsw_nl *nl, uint8_t cmd,
			       const char *name)
{
	struct nl_msg *msg = vsw_nl_msg(nl, cmd, 0);

	if (msg && nla_put_string(msg, VSW_A_SWITCH_NAME, name) < 0) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

static int do_name_cmd(struct vsw_nl *nl, uint8_t cmd, const char *verb,
		       const char *name, struct report *r)
{
	struct nl_msg *msg = name_msg(nl, cmd, name);
	int ret = msg ? vsw_nl_transact(nl, msg, NULL, NULL) : -ENOMEM;

	if (ret) {
		report_nl(r, nl, ret, verb, name);
		return -1;
	}
	return 0;
}

static int run_add(struct vsw_nl *nl, const struct request *req,
		   const struct output *out, struct report *r)
{
	(void)out;
	return do_name_cmd(nl, VSW_CMD_SWITCH_NEW, "add", req->sw.name, r);
}

static int run_del(struct vsw_nl *nl, const struct request *req,
		   const struct output *out, struct report *r)
{
	(void)out;
	return do_name_cmd(nl, VSW_CMD_SWITCH_DEL, "del", req->sw.name, r);
}

static const struct nla_policy switch_policy[VSW_A_MAX + 1] = {
	[VSW_A_SWITCH_NAME] = { .type = NLA_STRING },
};

int switch_parse_reply(struct nlmsghdr *nlh, struct switch_list *l)
{
	struct nlattr *tb[VSW_A_MAX + 1];
	const char *name;
	uint8_t cmd;
	int ret;

	ret = vsw_nl_parse(nlh, &cmd, tb, VSW_A_MAX, switch_policy);
	if (ret)
		return ret;
	if (cmd != VSW_CMD_SWITCH_GET)
		return 0;
	if (!tb[VSW_A_SWITCH_NAME])
		return -EPROTO;
	name = nla_get_string(tb[VSW_A_SWITCH_NAME]);
	/*
	 * Only check what the list needs: a kernel whose name rules differ
	 * slightly from parse_switch_name() must still be listable.
	 */
	if (!*name || strlen(name) > VSW_SWITCH_NAME_MAX)
		return -EPROTO;
	return switch_list_add(l, name);
}

static int switch_reply(struct nlmsghdr *nlh, void *arg)
{
	return switch_parse_reply(nlh, arg);
}

/* A dump disturbed by a concurrent change is retried this many times. */
#define DUMP_TRIES	3

static int run_show(struct vsw_nl *nl, const struct request *req,
		    const struct output *out, struct report *r)
{
	struct switch_list l = { 0 };
	const char *name = req->sw.name;
	struct nl_msg *msg;
	int ret, tries = 0;

	do {
		l.n = 0;
		if (name) {
			msg = name_msg(nl, VSW_CMD_SWITCH_GET, name);
			ret = msg ? vsw_nl_transact(nl, msg, switch_reply, &l) :
				    -ENOMEM;
		} else {
			ret = vsw_nl_dump(nl, VSW_CMD_SWITCH_GET, switch_reply,
					  &l);
		}
	} while (ret == -EINTR && ++tries < DUMP_TRIES);

	if (ret) {
		report_nl(r, nl, ret, "show", name);
		switch_list_free(&l);
		return -1;
	}
	switch_list_print(&l, out);
	switch_list_free(&l);
	return 0;
}

const struct command switch_commands[] = {
	{ "add", "NAME", parse_add, run_add },
	{ "del", "NAME", parse_del, run_del },
	{ "show", "[NAME]", parse_show, run_show },
	{ NULL, NULL, NULL, NULL },
};
