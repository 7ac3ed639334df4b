#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 89-robust-faults: every allocation vsw's control path makes, made to
# fail. Needs the debug kernel (CONFIG_FAULT_INJECTION, failslab,
# fail_page_alloc, debugfs controls): `make check-faults`. On a kernel
# without them it is skipped.
#
# 1. Systematic (tests/vm/faultnl.py, through /proc/self/task/TID/fail-nth):
#    switch add, switch set, uplink set, two port adds, a batch of eight
#    records (IPv4 and IPv6 CAs), a customer route, a sampler, a record
#    and a port deleted, and the teardown of the whole switch: each
#    request once with each of its allocations failing in turn. A refusal
#    leaves everything as it was (vswctl save, sorted, compared); a
#    success despite the failure leaves what a clean run leaves.
# 2. The netlink fuzzer (nlfuzz.py, seed 6) with every 7th allocation of
#    its task failing (failslab and fail_page_alloc: probability 100,
#    interval 7, task-filter): everything refused, nothing changed.
# 3. vsw still works (a record added and found), and, on the debug
#    kernel, kmemleak stays empty after rmmod (vm-init.sh checks it).
#
# vm-explicit: needs the fault-injection debug kernel (make check-faults)
# vm-alloc-failures: page allocation failures are injected on purpose
# vm-timeout: 1500

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

[[ -e /proc/self/fail-nth ]] || skip "this kernel has no fault injection (CONFIG_FAULT_INJECTION_DEBUG_FS)"
FI=/sys/kernel/debug
[[ -d $FI/failslab && -d $FI/fail_page_alloc ]] || skip "no failslab/fail_page_alloc in debugfs"

# Count (and fail) every allocation, sleeping ones included, quietly.
for a in failslab fail_page_alloc; do
	echo N >"$FI/$a/ignore-gfp-wait"
	echo 0 >"$FI/$a/verbose"
	echo 0 >"$FI/$a/probability"
	echo -1 >"$FI/$a/times"
done
echo 0 >"$FI/fail_page_alloc/min-order"
echo N >"$FI/fail_page_alloc/ignore-gfp-highmem"

ns_new h1
ipn h1 link add nic0 type veth peer name nic1
ipn h1 link add vm0 type veth peer name vm1
ipn h1 link add vm2 type veth peer name vm3
ipn h1 link add spare0 type veth peer name spare1
ipn h1 addr add 192.168.4.11/24 dev nic0
ipn h1 link set nic0 up

idx() { nsx h1 cat "/sys/class/net/$1/ifindex"; }
NIC=$(idx nic0) VM0=$(idx vm0) VM2=$(idx vm2)

# The state: everything vswctl can set, as vswctl save prints it, in a
# canonical order (a switch rebuilt from a batch walks its tables in
# another order), and the module's count of live switches.
# faultnl.py runs it under "ip netns exec", whose /sys has no debugfs:
# the count is read in this script's mount namespace.
cat >"$TMPDIR/state.sh" <<EOF
set -e
ip netns exec $(ns_name h1) vswctl save | sort
nsenter --mount=/proc/$$/ns/mnt cat /sys/kernel/debug/vsw/switches
EOF
# Undo: rebuild sw1 as it was before the request under test.
cat >"$TMPDIR/undo.sh" <<EOF
ip netns exec $(ns_name h1) vswctl switch del sw1 >/dev/null 2>&1
ip netns exec $(ns_name h1) vswctl -b $TMPDIR/before.conf
EOF
cat >"$TMPDIR/save.sh" <<EOF
ip netns exec $(ns_name h1) vswctl save sw1 >$TMPDIR/before.conf 2>/dev/null || : >$TMPDIR/before.conf
EOF

pol() { # VSID CA-KIND CA MAC
	if [[ $2 == 4 ]]; then
		printf '8:nest:1:u32:%s;2:ip:%s;3:mac:%s;4:ip:192.168.4.12' "$1" "$3" "$4"
	else
		printf '8:nest:1:u32:%s;5:hex:%s;3:mac:%s;4:ip:192.168.4.12' "$1" "$3" "$4"
	fi
}
batch="policy-new 1:str:sw1"
for i in 1 2 3 4; do
	batch+=" $(pol 5001 4 "10.0.0.1$i" "02:00:50:01:00:1$i")"
	batch+=" $(pol 5001 6 "fd000000000000000000000000000a1$i" "02:00:50:01:00:2$i")"
done

ops=(
	--op switch-new "switch-new 1:str:sw1" "sh $TMPDIR/undo.sh"
	--op switch-set "switch-set 1:str:sw1 3:u8:32 4:u8:16 12:u32:1000 19:u32:16 20:u32:500" "sh $TMPDIR/undo.sh"
	--op uplink-set "uplink-set 1:str:sw1 5:u32:$NIC 6:ip:192.168.4.11" "sh $TMPDIR/undo.sh"
	--op port-new "port-new 1:str:sw1 7:nest:1:u32:$VM0;2:u32:5001;3:mac:02:00:50:01:00:05" "sh $TMPDIR/undo.sh"
	--op port-new-2 "port-new 1:str:sw1 7:nest:1:u32:$VM2;2:u32:5002;3:mac:02:00:50:02:00:05" "sh $TMPDIR/undo.sh"
	--op policy-batch "$batch" "sh $TMPDIR/undo.sh"
	--op route-new "17 1:str:sw1 17:nest:1:u32:1;2:u32:5001;3:ip:10.0.1.0;5:u8:24" "sh $TMPDIR/undo.sh"
	--op sample-set "sample-set 1:str:sw1 15:nest:1:u32:$VM0;2:u32:100" "sh $TMPDIR/undo.sh"
	--op policy-del "policy-del 1:str:sw1 8:nest:1:u32:5001;2:ip:10.0.0.11" "sh $TMPDIR/undo.sh"
	--op port-del "port-del 1:str:sw1 7:nest:1:u32:$VM2" "sh $TMPDIR/undo.sh"
	--op switch-del "switch-del 1:str:sw1" "sh $TMPDIR/undo.sh"
)
say "# 1. each allocation of each request, failing in turn"
out=$(nsx h1 "$PYTHON" "$VSW_REPO/tests/vm/faultnl.py" --state "sh $TMPDIR/state.sh" \
	--save "sh $TMPDIR/save.sh" "${ops[@]}") || fail "faultnl: $out"
say "$out"
assert_match 'faultnl: 0 failed' "$out" "every refusal clean"
assert_match 'faultnl: policy-batch: [1-9][0-9]* allocations' "$out" "faults reached the batch"
assert_match 'faultnl: switch-del: [1-9][0-9]* allocations' "$out" "faults reached the teardown"

say "# 2. the netlink fuzzer, every 7th allocation of its task failing"
vswctl_in h1 switch add sw0
vswctl_in h1 switch add victim
vswctl_in h1 uplink set sw0 dev nic0 pa 192.168.4.11
vswctl_in h1 port add sw0 dev vm0 vsid 5001 mac 02:00:50:01:00:05
vswctl_in h1 policy add sw0 vsid 5001 ca 10.0.0.5 mac 02:00:50:01:00:05 pa 192.168.4.11
vswctl_in h1 sample set sw0 dev nic0 rate 100
before=$(sh "$TMPDIR/state.sh")
for a in failslab fail_page_alloc; do
	echo Y >"$FI/$a/task-filter"
	echo 7 >"$FI/$a/interval"
	echo 100 >"$FI/$a/probability"
done
out=$(nsx h1 "$PYTHON" "$VSW_REPO/tests/vm/nlfuzz.py" --seed 6 --iterations 1500 --faults \
	--port "$VM0" --uplink "$NIC" --spare "$(idx spare0)" --pa 192.168.4.11) || rc=$?
for a in failslab fail_page_alloc; do
	echo 0 >"$FI/$a/probability"
	echo N >"$FI/$a/task-filter"
done
say "$out"
[[ ${rc:-0} == 0 ]] || fail "nlfuzz with faults: $out"
assert_match ' 0 failed' "$out" "every request refused"
assert_match 'errnos .*12:' "$out" "allocations failed (ENOMEM seen)"
assert_eq "$(sh "$TMPDIR/state.sh")" "$before" "state after the fuzzer with faults"

say "# 3. still works"
assert_ok vswctl_in h1 policy add sw0 vsid 5001 ca 10.0.0.6 mac 02:00:50:01:00:06 pa 192.168.4.11
assert_match '10.0.0.6' "$(vswctl_in h1 policy show sw0)" "record added after the faults"
