/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * vsw: a virtual switch with NVGRE network virtualization.
 *
 * Generic netlink family "vsw". This header is the ABI between vsw.ko and
 * its userland tools; Documentation/netlink/specs/vsw.yaml describes the same
 * family and is kept in step with it (tests/userland checks that they agree).
 * Values are only ever appended.
 */
#ifndef _UAPI_LINUX_VSW_H
#define _UAPI_LINUX_VSW_H

#define VSW_GENL_NAME		"vsw"
#define VSW_GENL_VERSION	1

/* Longest switch name, without the terminating NUL (IFNAMSIZ rules). */
#define VSW_SWITCH_NAME_MAX	15

/**
 * enum vsw_cmd - commands of the vsw family
 * @VSW_CMD_SWITCH_NEW: create a switch in the caller's network namespace.
 *	Requires %VSW_A_SWITCH_NAME. Fails with -EEXIST if it exists.
 * @VSW_CMD_SWITCH_DEL: delete a switch. Requires %VSW_A_SWITCH_NAME.
 *	Fails with -ENOENT if there is none of that name.
 * @VSW_CMD_SWITCH_GET: get one switch (%VSW_A_SWITCH_NAME given) or dump
 *	all switches of the caller's network namespace.
 */
enum vsw_cmd {
	VSW_CMD_UNSPEC,
	VSW_CMD_SWITCH_NEW,
	VSW_CMD_SWITCH_DEL,
	VSW_CMD_SWITCH_GET,

	__VSW_CMD_MAX,
	VSW_CMD_MAX = __VSW_CMD_MAX - 1
};

/**
 * enum vsw_attr - top-level attributes of the vsw family
 * @VSW_A_SWITCH_NAME: NUL-terminated switch name, 1 to
 *	%VSW_SWITCH_NAME_MAX characters, following the rules of netdev names
 *	(no '/', ':' or whitespace; not "." or "..").
 */
enum vsw_attr {
	VSW_A_UNSPEC,
	VSW_A_SWITCH_NAME,

	__VSW_A_MAX,
	VSW_A_MAX = __VSW_A_MAX - 1
};

#endif /* _UAPI_LINUX_VSW_H */
