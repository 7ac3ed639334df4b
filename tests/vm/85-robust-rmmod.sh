#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 900
#
# 85-robust-rmmod: "rmmod vsw" while an iperf3 TCP flow runs through the
# switches (NVGRE from hv1 to hv2) and vswctl replaces policy records in
# a loop, 20 rounds. Every round: load the module, configure both hosts,
# start the flow and the loop, wait until the flow goes through vsw, then
# unload it. The unload must succeed (a few retries while a vswctl
# request holds the module are allowed), leave no vsw family behind, and
# the kernel must log nothing (the harness checks). Leaves the module
# loaded, with a reference count of 0, for the tests after it.
#
#	blue1 --iperf3--> hv1 [vsw] ==== wire ==== [vsw] hv2 --> blue2
#	                  vswctl -b: policy replace, in a loop

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

require_cmd iperf3
module=${VSW_MODULE:-$VSW_REPO/kmod/vsw.ko}
rounds=${ROUNDS:-20}

topo_seed -v "blue1 blue2"
# No ARP to wait for at the start of every round.
nsx blue1 ip neigh replace 10.0.0.7 lladdr 02:00:50:01:00:07 dev eth0 nud permanent
nsx blue2 ip neigh replace 10.0.0.5 lladdr 02:00:50:01:00:05 dev eth0 nud permanent
batch=$TMPDIR/replace
for _ in $(seq 50); do
	echo "policy replace sw0 vsid 5001 ca 10.0.0.7 mac 02:00:50:01:00:07 pa 192.168.4.22"
	echo "policy replace sw0 vsid 5001 ca 10.0.0.5 mac 02:00:50:01:00:05 pa 192.168.4.11"
done >"$batch"

configure() {
	local h vm
	for h in hv1 hv2; do
		topo_vsw "$h" >/dev/null
		topo_policy "$h" blue1 blue2 >/dev/null
	done
	for vm in blue1 blue2; do
		topo_port "$vm" >/dev/null
	done
}

unload() {
	local i out
	for i in $(seq 50); do
		out=$(rmmod vsw 2>&1) && return 0
		say "rmmod: $out (try $i)"
		sleep 0.1
	done
	fail "rmmod vsw failed 50 times: $out"
}

for round in $(seq "$rounds"); do
	say "# round $round"
	if ((round > 1)); then
		assert_ok pp insmod "$module"
		configure
	fi
	port=$((5200 + round))
	nsx_bg blue2 iperf3 -s -1 -p "$port" --forceflush >"$TMPDIR/iperf3.$round"
	srv=$BG_PID
	wait_listen blue2 "$port"
	# 20 Mbit/s leave the emulated CPUs to the rest of the round.
	nsx_bg blue1 iperf3 -c 10.0.0.7 -p "$port" -t 600 -i 0 -b 20M
	cli=$BG_PID
	# A short pause between batches leaves the (emulated) CPUs to the
	# flow; every batch is 100 replaces.
	rm -f "$TMPDIR/batches" "$TMPDIR/stop"
	nsx_bg hv1 bash -c "while [[ ! -e '$TMPDIR/stop' ]]; do vswctl -b '$batch' 2>/dev/null && echo >>'$TMPDIR/batches'; sleep 0.05; done"
	loop=$BG_PID
	# Unload while both go on: the flow through vsw, and the batches.
	# The data connection is up (its handshake went both ways through
	# vsw) and the first second of data is in.
	wait_until 60 grep -q ' sec ' "$TMPDIR/iperf3.$round"
	wait_until 60 test -s "$TMPDIR/batches"
	n=$(vsw_counter hv2 switch decap_packets)
	((n > 0)) || fail "round $round: nothing went through vsw"
	say "ok: round $round: $n packets decapsulated so far"
	unload
	assert_fail test -e /sys/module/vsw
	assert_fail_with 'not found|vsw.ko' vswctl_in hv1 switch show
	# The loop ends after the vswctl it runs: killed, that one could
	# still be running, and change the next round's fresh switch.
	touch "$TMPDIR/stop"
	wait "$loop" || true
	kill "$cli" "$srv" 2>/dev/null || true
	wait "$cli" "$srv" 2>/dev/null || true
done

assert_ok pp insmod "$module"
assert_eq "$(cat /sys/module/vsw/refcnt)" 0 "refcount of the reloaded module"
assert_eq "$(cat /sys/kernel/debug/vsw/switches)" 0 "no switch survived"
