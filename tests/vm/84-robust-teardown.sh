#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 480
#
# 84-robust-teardown: devices and namespaces go away while traffic flows
# through them, and vsw lets go of everything at once:
#   A. blue2's port device (receiving a flow) moves to another namespace:
#      the port is removed (port_del event), the flow is then dropped as
#      no_local_port, and the device can be deleted there at once;
#   B. blue1's port device (sending the flow) is deleted: removed with its
#      event, and "ip link del" returns (bounded: a reference vsw kept
#      would make it wait for ever);
#   C. hv1's uplink moves to another namespace while red1 floods through
#      it: uplink_del event, the switch has no uplink, red1's frames are
#      dropped as no_uplink, and the device can be deleted there;
#   D. hv2, with its switch, uplink and a port red2 floods into, and hv1
#      are deleted whole: their switches are freed (the global count in
#      debugfs), which happens only once their devices are released, so
#      a held reference would stop it (and the kernel would log
#      "unregister_netdevice: waiting for ... to become free", which fails
#      the test too). The module's reference count is 0 at the end.
#   E. (before D, in a namespace of its own) a switch of 2000 records is
#      deleted while a policy dump of it is half read: the rest of the
#      dump says so (NLM_F_DUMP_INTR) and ends there.
#
#	blue1 ---flow---> hv1 ==== wire ==== hv2 ---> blue2
#	red1  ---flow---> hv1 ==== wire ==== hv2 <--- red2 (flow to red1)
#	elsewhere: where devices are moved to

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

# counter_over NS WHERE NAME N: the counter is above N now (for wait_until).
counter_over() { (($(vsw_counter "$1" "$2" "$3") > $4)); }
switches() { cat /sys/kernel/debug/vsw/switches; }
switches_at_most() { (($(switches) <= $1)); }
base=$(switches)
topo_seed
ns_new elsewhere
monitor_start hv1 "$TMPDIR/ev1"
mon1=$MON_PID
monitor_start hv2 "$TMPDIR/ev2"
mon2=$MON_PID
for vm in blue1 red1 blue2 red2; do
	peer=blue2
	case $vm in
	blue2) peer=blue1 ;;
	red1) peer=red2 ;;
	red2) peer=red1 ;;
	esac
	nsx "$vm" ip neigh replace "${VM_CA[$peer]}" lladdr "${VM_MAC[$peer]}" dev eth0 nud permanent
done

say "# A: blue2's port moves away while blue1 floods it"
udp_sink blue2 7000 "$TMPDIR/blue2.got"
udp_flood blue1 10.0.0.7 7000 600
flood=$BG_PID
wait_until 60 test -s "$TMPDIR/blue2.got"
ipn hv2 link set blue2 netns "$(ns_name elsewhere)"
monitor_wait "$TMPDIR/ev2" 60 'e["event"] == "port_del" and e["switch"] == "sw0"'
assert_json 'j[0]["ports"] == 1' vswctl_in hv2 -j switch show sw0
stats_snap hv2 "$TMPDIR/hv2.s"
assert_stats hv2 "$TMPDIR/hv2.s" switch.no_local_port'>=1' switch.decap_packets'>=0'
assert_ok timeout 30 ip -n "$(ns_name elsewhere)" link del blue2

say "# B: blue1's port is deleted while it floods"
assert_ok timeout 30 ip -n "$(ns_name hv1)" link del blue1
monitor_wait "$TMPDIR/ev1" 60 'e["event"] == "port_del" and e["switch"] == "sw0"'
assert_json 'j[0]["ports"] == 1' vswctl_in hv1 -j switch show sw0
# Its VM has no device any more: the flood is over (one at a time: TCG).
kill "$flood"

say "# C: hv1's uplink moves away while red1 floods through it"
udp_flood red1 10.0.0.7 7000 600
flood=$BG_PID
wait_until 60 counter_over hv1 red1 encap_packets 10
ipn hv1 link set nic0 netns "$(ns_name elsewhere)"
monitor_wait "$TMPDIR/ev1" 60 'e["event"] == "uplink_del" and e["switch"] == "sw0"'
assert_json '"uplink" not in j[0]' vswctl_in hv1 -j switch show sw0
stats_snap hv1 "$TMPDIR/hv1.s"
assert_stats hv1 "$TMPDIR/hv1.s" switch.no_uplink'>=1' red1.no_uplink'>=1'
assert_ok timeout 30 ip -n "$(ns_name elsewhere)" link del nic0
kill "$flood"

say "# E: a switch is deleted while its policy is dumped"
ns_new h3
awk 'BEGIN {
	print "switch add dsw"
	for (i = 0; i < 2000; i++)
		printf "policy add dsw vsid 5001 ca 10.9.%d.%d mac 02:00:00:00:%02x:%02x pa 192.168.9.1\n",
			int(i / 256), i % 256, int(i / 256), i % 256
}' >"$TMPDIR/dsw.batch"
vswctl_in h3 -b "$TMPDIR/dsw.batch"
n=$(switches)
out=$(nsx h3 "$PYTHON" "$VSW_REPO/tests/vm/dumpdel.py" dsw vswctl switch del dsw)
say "$out"
[[ $out =~ parts=([0-9]+)\ records=([0-9]+)\ intr=([0-9]+)\ done_intr=([01])\ error=0 ]] ||
	fail "dump of a deleted switch: $out"
((BASH_REMATCH[1] > 2 && BASH_REMATCH[2] < 2000)) || fail "the dump was not cut short: $out"
((BASH_REMATCH[3] + BASH_REMATCH[4] >= 1)) || fail "no NLM_F_DUMP_INTR: $out"
assert_eq "$(switches)" "$((n - 1))" "switches after the delete"
ns_del h3

say "# D: hv2 and hv1 are deleted whole while red2 floods into hv2"
udp_flood red2 10.0.0.5 7000 600
wait_until 60 counter_over hv2 red2 encap_packets 10
# The monitors' sockets would keep the namespaces alive.
kill "$mon1" "$mon2"
wait "$mon1" "$mon2" 2>/dev/null || true
ns_del hv2 hv1
wait_until 60 switches_at_most "$base"
say "ok: switches: $(switches) (before the test: $base)"
# Nothing of vsw is left to hold the module.
assert_eq "$(cat /sys/module/vsw/refcnt)" 0 "vsw's module reference count"
