#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 65-nvgre-churn: the configuration changes under traffic, as it does in a
# cloud. While three UDP floods cross the tunnel, records are deleted,
# added and replaced, ports and uplinks detached and attached, the FlowID
# mode flipped, counters and tables dumped, over and over; then a host and
# a VM are deleted with traffic in flight, and vsw is unloaded with ports,
# an uplink and a flood still there. The kernel must stay quiet (the
# harness fails the test on any WARN, RCU or refcount complaint), a
# "monitor" listening all along must get the miss events the churn causes
# (from softirq context, under load), the topology must work again after
# the churn, and the module must unload and load again.
#
#	blue1 ==flood==> blue2     red1 ==flood==> red2     blue2 ==flood==> blue1
#	  hv1: policy del/add/replace, port del/add, uplink del/set, flowid
#	  hv2: port del/add
#
# vm-timeout: 420

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

module=${VSW_MODULE:-$VSW_REPO/kmod/vsw.ko}
topo_seed
vm_ping blue1 10.0.0.7 1
vm_ping red1 10.0.0.7 1

monitor_start hv1 "$TMPDIR/events"
# The floods run until they are killed, however slow the machine.
udp_flood blue1 10.0.0.7 9 3600
f1=$BG_PID
udp_flood red1 10.0.0.7 9 3600
f2=$BG_PID
udp_flood blue2 10.0.0.5 9 3600
f3=$BG_PID

rec_blue2=(vsid 5001 ca 10.0.0.7 mac 02:00:50:01:00:07 pa 192.168.4.22)
rec_red2=(vsid 6001 ca 10.0.0.7 mac 02:00:60:01:00:07 pa 192.168.4.22)
for i in $(seq 6); do
	say "# round $i"
	vswctl_in hv1 policy del sw0 vsid 5001 ca 10.0.0.7
	vswctl_in hv1 policy add sw0 "${rec_blue2[@]}"
	vswctl_in hv1 policy replace sw0 "${rec_red2[@]}"
	vswctl_in hv1 port del sw0 dev red1
	topo_port red1
	vswctl_in hv2 port del sw0 dev blue2
	topo_port blue2
	vswctl_in hv1 switch set sw0 flowid zero ttl $((i + 10))
	vswctl_in hv1 uplink del sw0
	vswctl_in hv1 uplink set sw0 dev nic0 pa 192.168.4.11
	vswctl_in hv1 switch set sw0 flowid hash
	vswctl_in hv2 policy replace sw0 "${rec_blue2[@]}"
	vswctl_in hv1 stats show sw0 >/dev/null
	vswctl_in hv2 -j stats show sw0 >/dev/null
	vswctl_in hv1 policy show sw0 >/dev/null
	vswctl_in hv2 port show sw0 >/dev/null
done
# One at a time: kill succeeds if any one of its processes is there.
for p in "$f1" "$f2" "$f3" "$MON_PID"; do
	assert_ok kill -0 "$p"
done
# Each round's "policy del" leaves blue1's flood without a record for a
# moment.
monitor_wait "$TMPDIR/events" 30 'e["event"] == "miss" and e["ca"] == "10.0.0.7" and e["vsid"] == 5001'

kill "$f1" "$f2" "$f3"
wait "$f1" "$f2" "$f3" || true

# Everything still works, and the counters add up to something.
vm_ping blue1 10.0.0.7 2
vm_ping red1 10.0.0.7 2
vm_ping blue2 10.0.0.5 2
vm_ping red2 10.0.0.5 2
assert_json 'j["switch"]["encap_packets"] > 1000 and j["switch"]["decap_packets"] > 1000' \
	vswctl_in hv1 -j stats show sw0

# Hosts and VMs die with traffic in flight.
udp_flood blue1 10.0.0.7 9 3600
udp_flood red1 10.0.0.7 9 3600
udp_flood blue2 10.0.0.5 9 3600
ns_del hv2
ns_del blue1
vm_ping_fails red1 10.0.0.7 2

# Unloading vsw with a switch, ports, an uplink and a flood: everything is
# let go. Namespace teardown is asynchronous: rmmod may need a moment.
wait_until 30 rmmod vsw
assert_fail test -e /sys/module/vsw
assert_eq "$(nsx hv1 ip -d -j link show red1 | "$PYTHON" -S -c 'import json,sys; print(json.load(sys.stdin)[0]["promiscuity"])')" 0 \
	"red1's device after the unload"
assert_ok pp insmod "$module"
assert_eq "$(vswctl_in hv1 switch show)" "" "no switch after loading again"
# The devices are free: they can be attached again.
topo_vsw hv1
topo_port red1
