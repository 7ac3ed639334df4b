#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 30-switch-perm: changes need CAP_NET_ADMIN over the namespace. Without
# it (capability dropped, another user, or a user namespace that does not
# own the network namespace) every change is refused with EPERM and
# nothing changes; reading is allowed.
#
#	+-----------------------------+
#	| h1                          |
#	|   sw0 (made by root)        |
#	|   vswctl without NET_ADMIN  |
#	+-----------------------------+

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

require_cmd setpriv unshare

names() { vswctl_in h1 -j switch show | $PYTHON -c \
	'import json,sys; print(" ".join(s["name"] for s in json.load(sys.stdin)))'; }

ns_new h1
assert_ok vswctl_in h1 switch add sw0

# Root, with CAP_NET_ADMIN dropped from every set.
nocap=(setpriv --inh-caps=-net_admin --bounding-set=-net_admin)
assert_fail_with 'Operation not permitted' nsx h1 "${nocap[@]}" vswctl switch add x
assert_fail_with 'Operation not permitted' nsx h1 "${nocap[@]}" vswctl switch del sw0
assert_ok nsx h1 "${nocap[@]}" vswctl switch show

# An ordinary user.
user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
assert_fail_with 'Operation not permitted' nsx h1 "${user[@]}" vswctl switch add x
assert_fail_with 'Operation not permitted' nsx h1 "${user[@]}" vswctl switch del sw0
assert_ok nsx h1 "${user[@]}" vswctl switch show

# Full capabilities, but in a new user namespace that does not own h1's
# network namespace: GENL_UNS_ADMIN_PERM checks the owning namespace.
assert_fail_with 'Operation not permitted' nsx h1 unshare -U -r vswctl switch add x
assert_fail_with 'Operation not permitted' nsx h1 unshare -U -r vswctl switch del sw0

# ... while a user namespace that owns a network namespace of its own may
# make switches there: vsw is usable by containers' own root.
assert_ok unshare -U -r -n bash -c "PATH=$VSW_REPO/userland:\$PATH; vswctl switch add mine && vswctl switch show mine"

assert_eq "$(names)" "sw0" "nothing changed"
