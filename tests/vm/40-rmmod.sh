#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 40-rmmod: unloading the module with switches in several namespaces
# cleans them all up; the family disappears; loading it again starts from
# nothing. Leaves the module loaded for the tests after it.
#
#	+-------------+   +-------------+
#	| h1  sw0 sw1 |   | h2  sw0     |    rmmod vsw; insmod vsw.ko
#	+-------------+   +-------------+

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

module=${VSW_MODULE:-$VSW_REPO/kmod/vsw.ko}
ns_new h1 h2

assert_ok vswctl_in h1 switch add sw0
assert_ok vswctl_in h1 switch add sw1
assert_ok vswctl_in h2 switch add sw0
assert_ok pp rmmod vsw
assert_fail test -e /sys/module/vsw
assert_fail_with 'not found|vsw.ko' vswctl_in h1 switch show

for round in 1 2 3; do
	assert_ok pp insmod "$module"
	# A fresh module has no switches: none survived the unload.
	assert_eq "$(vswctl_in h1 switch show)" "" "round $round: h1 empty after reload"
	assert_eq "$(vswctl_in h2 switch show)" "" "round $round: h2 empty after reload"
	assert_eq "$(cat /sys/kernel/debug/vsw/switches)" 0 "round $round: no switch anywhere"
	assert_ok vswctl_in h1 switch add "r$round"
	assert_ok vswctl_in h2 switch add "r$round"
	assert_ok pp rmmod vsw
done
assert_ok pp insmod "$module"
assert_eq "$(cat /sys/module/vsw/refcnt)" 0 "refcount back to zero"
