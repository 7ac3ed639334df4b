/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the unit tests: kernel-like reply messages built with
 * libnl, output captured in memory, and a fixed view of the devices.
 * Include after <cmocka.h>.
 */
#ifndef VSWCTL_TESTUTIL_H
#define VSWCTL_TESTUTIL_H

#include <stdio.h>
#include <string.h>

#include <linux/vsw.h>
#include <netlink/genl/genl.h>

#include "cmd.h"

/* Devices as the tests see them: 3 is nic0, 7 is veth1, others are gone. */
static inline char *fake_ifname(unsigned int ifindex, char *buf)
{
	switch (ifindex) {
	case 3:
		return strcpy(buf, "nic0");
	case 7:
		return strcpy(buf, "veth1");
	default:
		return NULL;
	}
}

/* A message as the kernel would send it: genl header, no attributes. */
static inline struct nl_msg *kmsg(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 1, 0x20, 0, 0, cmd,
				    VSW_GENL_VERSION));
	return msg;
}

/* A policy nest; a NULL @mac or @pa (length 0) is left out. */
static inline void put_policy_len(struct nl_msg *msg, uint32_t vsid,
				  const char *ca, int ca_len, const char *mac,
				  const char *pa, int pa_len)
{
	struct nlattr *nest = nla_nest_start(msg, VSW_A_POLICY | NLA_F_NESTED);

	assert_non_null(nest);
	assert_int_equal(nla_put_u32(msg, VSW_POLICY_A_VSID, vsid), 0);
	assert_int_equal(nla_put(msg, ca_len == 16 ? VSW_POLICY_A_CA6 :
						     VSW_POLICY_A_CA,
				 ca_len, ca), 0);
	if (mac)
		assert_int_equal(nla_put(msg, VSW_POLICY_A_MAC, 6, mac), 0);
	if (pa)
		assert_int_equal(nla_put(msg, pa_len == 16 ? VSW_POLICY_A_PA6 :
							     VSW_POLICY_A_PA,
					 pa_len, pa), 0);
	nla_nest_end(msg, nest);
}

/* An IPv4 one. */
static inline void put_policy(struct nl_msg *msg, uint32_t vsid,
			      const char *ca, const char *mac, const char *pa)
{
	put_policy_len(msg, vsid, ca, 4, mac, pa, 4);
}

static inline void put_port(struct nl_msg *msg, uint32_t ifindex,
			    uint32_t vsid, const char *mac)
{
	struct nlattr *nest = nla_nest_start(msg, VSW_A_PORT | NLA_F_NESTED);

	assert_non_null(nest);
	assert_int_equal(nla_put_u32(msg, VSW_PORT_A_IFINDEX, ifindex), 0);
	if (vsid)
		assert_int_equal(nla_put_u32(msg, VSW_PORT_A_VSID, vsid), 0);
	if (mac)
		assert_int_equal(nla_put(msg, VSW_PORT_A_MAC, 6, mac), 0);
	nla_nest_end(msg, nest);
}

/* Output to memory: capture_begin(), print, capture_end() (free it). */
struct capture {
	struct output out;
	char *buf;
	size_t len;
};

static inline void capture_begin(struct capture *c, bool json)
{
	memset(c, 0, sizeof(*c));
	c->out.json = json;
	c->out.ifname = fake_ifname;
	c->out.fp = open_memstream(&c->buf, &c->len);
	assert_non_null(c->out.fp);
}

static inline char *capture_end(struct capture *c)
{
	fclose(c->out.fp);
	return c->buf;
}

#endif /* VSWCTL_TESTUTIL_H */
