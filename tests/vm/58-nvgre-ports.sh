#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 58-nvgre-ports: VM ports come and go. "port show" lists them (text and
# JSON); "port add" refuses duplicates (EEXIST), devices that already
# have an rx_handler (a bridge port, the uplink, another switch's port:
# EBUSY), non-Ethernet devices and bad VSIDs or MACs, each with a message;
# "port del" of what is not a port is ENOENT. A port whose device goes
# away (its VM's namespace is deleted) or moves to another namespace is
# detached by itself, and "monitor" says so; a detached device is left as
# it was found (not promiscuous, free for a bridge).
#
#	blue1 --+                              +-- blue2
#	red1  --+ hv1 ======== wire ======== hv2 +-- red2
#	blue3 --+  (blue3 10.0.0.9: its port moves to wire)
#	          x0 -- x1   (a spare veth)

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_vm_define blue3 hv1 $VSID_BLUE 10.0.0.9 02:00:50:01:00:09
topo_seed
topo_vm blue3
topo_port blue3
topo_policy hv1 blue3
topo_policy hv2 blue3
monitor_start hv1 "$TMPDIR/events"

ifindex() { nsx "$1" cat "/sys/class/net/$2/ifindex"; }
promisc() { nsx "$1" ip -d -j link show "$2" | "$PYTHON" -S -c 'import json,sys; print(json.load(sys.stdin)[0]["promiscuity"])'; }
ports() { vswctl_in hv1 -j port show sw0 | "$PYTHON" -S -c \
	'import json,sys; print(" ".join(p["dev"] for p in json.load(sys.stdin)))'; }

# show, text and JSON.
assert_eq "$(vswctl_in hv1 port show sw0)" "$(printf '%s\n' \
	'port blue1 vsid 5001 mac 02:00:50:01:00:05' \
	'port red1 vsid 6001 mac 02:00:60:01:00:05' \
	'port blue3 vsid 5001 mac 02:00:50:01:00:09')" "port show"
assert_json "j == [
	{'dev': 'blue1', 'ifindex': $(ifindex hv1 blue1), 'vsid': 5001, 'mac': '02:00:50:01:00:05'},
	{'dev': 'red1', 'ifindex': $(ifindex hv1 red1), 'vsid': 6001, 'mac': '02:00:60:01:00:05'},
	{'dev': 'blue3', 'ifindex': $(ifindex hv1 blue3), 'vsid': 5001, 'mac': '02:00:50:01:00:09'}]" \
	vswctl_in hv1 -j port show sw0
assert_eq "$(promisc hv1 blue1)" 1 "a port's device is promiscuous"
vm_ping blue3 10.0.0.7 1

# Refusals, each with its errno and a message; nothing changes.
nsx hv1 ip link add x0 type veth peer name x1
nsx hv1 ip link set x0 up
x0_if=$(ifindex hv1 x0)
assert_fail_with 'File exists' \
	vswctl_in hv1 port add sw0 dev blue1 vsid 5001 mac 02:00:50:01:00:05
assert_fail_with 'File exists' \
	vswctl_in hv1 port add sw0 dev x0 vsid 5001 mac 02:00:50:01:00:05
assert_fail_with 'uplink' vswctl_in hv1 port add sw0 dev nic0 vsid 5001 mac 02:00:50:01:00:42
nsx hv1 ip link add brx type bridge
nsx hv1 ip link set x0 master brx
err=$(vswctl_in hv1 port add sw0 dev x0 vsid 5001 mac 02:00:50:01:00:42 2>&1) &&
	fail "a bridge port became a vsw port"
assert_match 'Device or resource busy' "$err" "a bridge port: EBUSY"
assert_match 'rx_handler|bridge' "$err" "a bridge port: the message says why"
nsx hv1 ip link set x0 nomaster
assert_fail_with 'Ethernet' vswctl_in hv1 port add sw0 dev lo vsid 5001 mac 02:00:50:01:00:42
for vsid in 0 4095 16777215 16777216 x; do
	assert_fail_with 'vsid|VSID|reserved|range|number' \
		vswctl_in hv1 port add sw0 dev x0 vsid $vsid mac 02:00:50:01:00:42
done
for mac in 01:00:5e:00:00:01 ff:ff:ff:ff:ff:ff 00:00:00:00:00:00 02:00:50:01:00 zz:00:50:01:00:42; do
	assert_fail_with 'mac|MAC|address' \
		vswctl_in hv1 port add sw0 dev x0 vsid 5001 mac $mac
done
assert_fail_with 'No such file or directory' \
	vswctl_in hv1 port add nosuch dev x0 vsid 5001 mac 02:00:50:01:00:42
assert_fail_with 'nosuchdev|No such device' \
	vswctl_in hv1 port add sw0 dev nosuchdev vsid 5001 mac 02:00:50:01:00:42
assert_fail_with 'No such file or directory' vswctl_in hv1 port del sw0 dev x0
assert_fail_with 'nosuchdev|No such device' vswctl_in hv1 port del sw0 dev nosuchdev
# Another switch's port.
vswctl_in hv1 switch add sw1
vswctl_in hv1 port add sw1 dev x0 vsid 5001 mac 02:00:50:01:00:42
assert_fail_with 'another switch|busy' \
	vswctl_in hv1 port add sw0 dev x0 vsid 5001 mac 02:00:50:01:00:42
assert_fail_with 'No such file or directory' vswctl_in hv1 port del sw0 dev x0
vswctl_in hv1 switch del sw1
assert_eq "$(promisc hv1 x0)" 0 "a port of a deleted switch is let go"
# The same MAC in another VSID is another VM.
vswctl_in hv1 port add sw0 dev x0 vsid 6001 mac 02:00:50:01:00:05
vswctl_in hv1 port del sw0 dev x0
assert_eq "$(ports)" "blue1 red1 blue3" "ports after the refusals"
vm_ping blue1 10.0.0.7 1

# A VM's namespace is deleted: its veth goes, and the port with it.
red1_if=$(ifindex hv1 red1)
ns_del red1
monitor_wait "$TMPDIR/events" 30 \
	"e['event'] == 'port_del' and e['switch'] == 'sw0' and e['ifindex'] == $red1_if"
assert_eq "$(ports)" "blue1 blue3" "ports after red1's namespace is gone"

# A port's device moves to another namespace: detached, and free there.
blue3_if=$(ifindex hv1 blue3)
nsx hv1 ip link set blue3 netns "$(ns_name wire)"
monitor_wait "$TMPDIR/events" 30 \
	"e['event'] == 'port_del' and e['switch'] == 'sw0' and e['ifindex'] == $blue3_if"
assert_eq "$(ports)" "blue1" "ports after blue3's device left"
assert_eq "$(promisc wire blue3)" 0 "the moved device is not promiscuous"
nsx wire ip link add brm type bridge
assert_ok nsx wire ip link set blue3 master brm
nsx wire ip link del blue3
nsx wire ip link del brm
vswctl_in hv1 policy del sw0 vsid 5001 ca 10.0.0.9

# port del: detached, listeners told, the device let go; blue1's frames
# now reach hv1's own stack, not the switch.
stats_snap hv1 "$TMPDIR/hv1.0"
blue1_if=$(ifindex hv1 blue1)
vswctl_in hv1 port del sw0 dev blue1
monitor_wait "$TMPDIR/events" 30 \
	"e['event'] == 'port_del' and e['switch'] == 'sw0' and e.get('dev') == 'blue1'"
assert_eq "$(ports)" "" "no ports left"
assert_eq "$(promisc hv1 blue1)" 0 "a deleted port's device is not promiscuous"
vm_ping_fails blue1 10.0.0.7 2
assert_stats hv1 "$TMPDIR/hv1.0" switch.rx_packets=0 switch.encap_packets=0
assert_json 'j["ports"] == []' vswctl_in hv1 -j stats show sw0

# Added again, it works again; a switch deleted with ports lets them go.
topo_port blue1
vm_ping blue1 10.0.0.7 2
# One event per port that went, in order: x0, red1, blue3, blue1.
assert_eq "$("$PYTHON" -S -c "$_vsw_events_py"'
print(" ".join(str(e["ifindex"]) for e in events(sys.argv[1]) if e["event"] == "port_del"))
' "$TMPDIR/events")" "$x0_if $red1_if $blue3_if $blue1_if" "port_del events"
vswctl_in hv1 switch del sw0
assert_eq "$(promisc hv1 blue1)" 0 "a deleted switch's port is not promiscuous"
assert_ok nsx hv1 ip link set blue1 master brx
