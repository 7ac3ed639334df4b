// SPDX-License-Identifier: GPL-2.0
/* genl_info_dump(): a dump's parsed attributes in a struct genl_info (6.7). */
#include <net/genetlink.h>

const struct genl_info *vsw_probe(struct netlink_callback *cb);
const struct genl_info *vsw_probe(struct netlink_callback *cb)
{
	return genl_info_dump(cb);
}
