/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vsw: the "vsw" generic netlink family.
 */
#ifndef _VSW_NETLINK_H
#define _VSW_NETLINK_H

int vsw_genl_register(void);
void vsw_genl_unregister(void);

#endif /* _VSW_NETLINK_H */
