#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: runs inside the test VM (scripts/vm.sh --script). Two network
# namespaces play two hypervisor hosts; each gets its own switches.
# Grows with the datapath: ports, policy and NVGRE on the wire come next.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
export PATH=$top/userland:$PATH

run() {
	echo "# $*"
	"$@"
}

[ -d /sys/module/vsw ] || run insmod "$top/kmod/vsw.ko"
dmesg | grep 'vsw:' | tail -n 1

for h in host1 host2; do
	run ip netns add "$h"
done
trap 'ip netns del host1 2>/dev/null; ip netns del host2 2>/dev/null' EXIT

echo
echo "== each host gets switches of its own; the same name in both is fine"
run ip netns exec host1 vswctl switch add sw0
run ip netns exec host1 vswctl switch add tenants
run ip netns exec host2 vswctl switch add sw0
run ip netns exec host1 vswctl switch show
run ip netns exec host2 vswctl -j switch show

echo
echo "== mistakes get a clear error and a non-zero exit"
run ip netns exec host1 vswctl switch add sw0 || true
run ip netns exec host1 vswctl switch del nope || true
run ip netns exec host1 vswctl switch add 'a/b' || true

echo
echo "== a host that goes away takes its switches with it"
run ip netns del host2
run ip netns add host2
run ip netns exec host2 vswctl switch show
echo "(nothing: host2 is a new namespace)"

echo
echo "== unloading the module cleans up what is left"
run ip netns del host1
run ip netns del host2
run ip netns add host1
run ip netns exec host1 vswctl switch add left-behind
run rmmod vsw
run ip netns del host1
echo "vsw unloaded cleanly"
