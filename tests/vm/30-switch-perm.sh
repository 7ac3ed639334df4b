#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 30-switch-perm: every command needs CAP_NET_ADMIN over the namespace.
# Without it (capability dropped, another user, or a user namespace that
# does not own the network namespace) every change is refused with EPERM
# and nothing changes, and so is every read: switches (uplink PAs), ports
# (MACs), policy records (CAs, MACs, PAs), routes, samplers and counters
# name tenants' addresses. vswctl says why. Root reads all of it.
#
#	+-----------------------------------------+
#	| h1                                      |
#	|   sw0 (made by root): uplink nic0, port |
#	|   vm0, a record, a route                |
#	|   vswctl without NET_ADMIN              |
#	+-----------------------------------------+

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

require_cmd setpriv unshare

names() { vswctl_in h1 -j switch show | $PYTHON -c \
	'import json,sys; print(" ".join(s["name"] for s in json.load(sys.stdin)))'; }

ns_new h1
assert_ok vswctl_in h1 switch add sw0
ipn h1 link add nic0 type veth peer name nic1
ipn h1 link add vm0 type veth peer name vm1
ipn h1 addr add 192.168.4.11/24 dev nic0
ipn h1 link set nic0 up
vswctl_in h1 uplink set sw0 dev nic0 pa 192.168.4.11
vswctl_in h1 port add sw0 dev vm0 vsid 5001 mac 02:00:50:01:00:05
vswctl_in h1 policy add sw0 vsid 5001 ca 10.0.0.5 mac 02:00:50:01:00:05 pa 192.168.4.11
vswctl_in h1 route add sw0 rdid 1 vsid 5001 prefix 10.0.0.0/24

# Every read of tenant data, refused with EPERM and a clear message.
reads=("switch show" "switch show sw0" "port show sw0" "policy show sw0"
	"policy show sw0 vsid 5001" "route show sw0" "stats show sw0"
	"sample show sw0" "save")
no_read() {
	local r
	for r in "${reads[@]}"; do
		# shellcheck disable=SC2086 # the words of the command
		assert_fail_with 'CAP_NET_ADMIN required \(Operation not permitted\)' \
			nsx h1 "$@" vswctl $r
	done
}

# Root, with CAP_NET_ADMIN dropped from every set.
nocap=(setpriv --inh-caps=-net_admin --bounding-set=-net_admin)
assert_fail_with 'Operation not permitted' nsx h1 "${nocap[@]}" vswctl switch add x
assert_fail_with 'Operation not permitted' nsx h1 "${nocap[@]}" vswctl switch del sw0
no_read "${nocap[@]}"

# An ordinary user.
user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
assert_fail_with 'Operation not permitted' nsx h1 "${user[@]}" vswctl switch add x
assert_fail_with 'Operation not permitted' nsx h1 "${user[@]}" vswctl switch del sw0
no_read "${user[@]}"

# Full capabilities, but in a new user namespace that does not own h1's
# network namespace: GENL_UNS_ADMIN_PERM checks the owning namespace.
assert_fail_with 'Operation not permitted' nsx h1 unshare -U -r vswctl switch add x
assert_fail_with 'Operation not permitted' nsx h1 unshare -U -r vswctl switch del sw0
no_read unshare -U -r

# ... while a user namespace that owns a network namespace of its own may
# make switches there: vsw is usable by containers' own root.
assert_ok unshare -U -r -n bash -c "PATH=$VSW_REPO/userland:\$PATH; vswctl switch add mine && vswctl switch show mine"

assert_eq "$(names)" "sw0" "nothing changed"

# Root reads everything.
for r in "${reads[@]}"; do
	# shellcheck disable=SC2086
	assert_ok vswctl_in h1 $r
done
assert_match '10.0.0.5' "$(vswctl_in h1 policy show sw0)" "root: policy"
assert_match '192.168.4.11' "$(vswctl_in h1 switch show sw0)" "root: uplink PA"
