#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 00-module-load: vm-init.sh has loaded vsw.ko before the tests. Check that
# the module is live, that its generic netlink family "vsw" is registered and
# answers in a fresh namespace, and that loading it did not warn or oops.
# (Unloading is checked by vm-init.sh after the last test.)
#
#	+---------------------+
#	| h1 (empty netns)    |
#	|   vswctl switch show|
#	+---------------------+

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

assert_ok test -d /sys/module/vsw
assert_eq "$(cat /sys/module/vsw/initstate)" live "vsw initstate"
assert_eq "$(cat /sys/module/vsw/refcnt)" 0 "vsw refcnt with no objects"

# The family is registered (genl resolves it through nlctrl by name).
assert_ok pp genl ctrl get name vsw

# The kernel has not warned (W) or died (D) since boot. With panic_on_warn
# a warning would have ended the run already; this makes the check explicit.
tainted=$(cat /proc/sys/kernel/tainted)
assert_eq "$((tainted & (1 << 9)))" 0 "taint W (warning)"
assert_eq "$((tainted & (1 << 7)))" 0 "taint D (oops)"

# In a namespace without objects, listing switches succeeds and lists none.
if [[ -x $VSW_REPO/userland/vswctl ]]; then
	ns_new h1
	assert_ok vswctl_in h1 switch show
	assert_eq "$(vswctl_in h1 switch show)" "" "switches in a new netns"
else
	say "userland/vswctl is not built: not checking 'vswctl switch show'"
fi
