#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 20-switch-netns: switches belong to the network namespace they were made
# in. Two namespaces are two hosts: the same name may exist in each, and
# neither sees or touches the other's. Deleting a namespace deletes its
# switches (seen through debugfs' count of every switch in the kernel).
#
#	+-----------------+   +-----------------+   +-------------+
#	| h1              |   | h2              |   | h3          |
#	|   sw0, only-h1  |   |   sw0           |   |   a, b, c   |
#	+-----------------+   +-----------------+   +-------------+
#	                                              deleted: its
#	                                              switches go too

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

count=/sys/kernel/debug/vsw/switches
assert_ok test -r "$count"
total() { cat "$count"; }
names() { vswctl_in "$1" -j switch show | $PYTHON -c \
	'import json,sys; print(" ".join(s["name"] for s in json.load(sys.stdin)))'; }

base=$(total)
ns_new h1 h2 h3

assert_ok vswctl_in h1 switch add sw0
assert_ok vswctl_in h2 switch add sw0
assert_ok vswctl_in h1 switch add only-h1

assert_eq "$(names h1)" "sw0 only-h1" "h1 sees its own switches"
assert_eq "$(names h2)" "sw0" "h2 sees only its own"
assert_eq "$(names h3)" "" "h3 sees none"
assert_fail_with 'No such file or directory' vswctl_in h2 switch show only-h1
assert_fail_with 'No such file or directory' vswctl_in h2 switch del only-h1

# Deleting h2's sw0 leaves h1's alone.
assert_ok vswctl_in h2 switch del sw0
assert_eq "$(names h1)" "sw0 only-h1" "h1 unaffected by h2's delete"
assert_eq "$(names h2)" "" "h2 now empty"
assert_eq "$(total)" "$((base + 2))" "switches in the kernel"

# A namespace that goes away takes its switches with it. The namespace is
# torn down asynchronously (cleanup_net runs from a workqueue), and nothing
# signals its end to userspace: poll the count, with a bound.
assert_ok vswctl_in h3 switch add a
assert_ok vswctl_in h3 switch add b
assert_ok vswctl_in h3 switch add c
assert_eq "$(total)" "$((base + 5))" "switches before deleting h3"
ns_del h3
wait_until 30 test "$(total)" -eq "$((base + 2))"
assert_eq "$(names h1)" "sw0 only-h1" "h1 unaffected by h3's death"

# The same for a namespace with no name (unshare), held only by a process.
unshare -n bash -c "
	PATH=$VSW_REPO/userland:\$PATH
	vswctl switch add anon0 && vswctl switch add anon1 &&
	test \"\$(cat $count)\" -eq $((base + 4))" ||
	fail "switches in an anonymous namespace"
wait_until 30 test "$(total)" -eq "$((base + 2))"

ns_del h1 h2
wait_until 30 test "$(total)" -eq "$base"
