#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 57-nvgre-uplink: the uplink carries the host's own traffic untouched
# (ping, TCP, and the host's own GRE tunnels on other addresses) while vsw
# takes NVGRE to the PA. "uplink set" refuses what cannot be an uplink;
# "uplink del", or the uplink device going away, detaches it (listeners
# are told), after which frames for other hosts are dropped as no_uplink
# while VMs on the same host still reach each other; setting it again
# brings NVGRE back, and setting another PA moves the tunnel's source.
#
#	blue1 --+ hv1 nic0 192.168.4.11, .111 ==== wire ==== hv2 nic0 192.168.4.22, .122 +-- blue2
#	blue3 --+ gre1 10.99.0.1 (.111 -> .122)  ............  gre1 10.99.0.2
#	(blue3 10.0.0.9, a second Blue VM on hv1)

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_vm_define blue3 hv1 $VSID_BLUE 10.0.0.9 02:00:50:01:00:09
topo_seed -v "blue1 blue2"
topo_vm blue3
topo_port blue3
topo_policy hv1 blue3
topo_policy hv2 blue3
assert_json 'j[0]["uplink"] == "nic0" and j[0]["pa"] == "192.168.4.11"' \
	vswctl_in hv1 -j switch show sw0

# The hosts' own traffic, with both uplinks attached: vsw sees none of it.
stats_snap hv1 "$TMPDIR/hv1.0"
stats_snap hv2 "$TMPDIR/hv2.0"
vm_ping hv1 192.168.4.22 3
vm_ping hv2 192.168.4.11 3
tcp_sink hv2 8000 "$TMPDIR/host.sink"
srv=$BG_PID
want=$(tcp_send hv1 192.168.4.22 8000 $((4 * 1024 * 1024)))
wait "$srv"
assert_eq "$(cat "$TMPDIR/host.sink")" "$want" "host-to-host TCP: bytes and SHA-256"
# GRE that is not for the PA is the host's: a plain GRE tunnel between
# two other addresses of the same NICs.
nsx hv1 ip addr add 192.168.4.111/24 dev nic0
nsx hv2 ip addr add 192.168.4.122/24 dev nic0
nsx hv1 ip link add gre1 type gre local 192.168.4.111 remote 192.168.4.122
nsx hv2 ip link add gre1 type gre local 192.168.4.122 remote 192.168.4.111
nsx hv1 ip addr add 10.99.0.1/30 dev gre1
nsx hv2 ip addr add 10.99.0.2/30 dev gre1
nsx hv1 ip link set gre1 up
nsx hv2 ip link set gre1 up
vm_ping hv1 10.99.0.2 3
for h in hv1 hv2; do
	assert_stats $h "$TMPDIR/$h.0" switch.rx_packets=0 switch.tx_packets=0 \
		switch.decap_packets=0 switch.encap_packets=0
done
# And NVGRE still works alongside.
vm_ping blue1 10.0.0.7 2

# Refusals; none changes the uplink.
assert_fail_with 'not an address of this host|Cannot assign' \
	vswctl_in hv1 uplink set sw0 dev nic0 pa 192.168.4.99
assert_fail_with 'VM port|busy' vswctl_in hv1 uplink set sw0 dev blue1 pa 192.168.4.11
nsx hv1 ip link add bx0 type veth peer name bx1
nsx hv1 ip link add brx type bridge
nsx hv1 ip link set bx0 master brx
assert_fail_with 'rx_handler|bridge' vswctl_in hv1 uplink set sw0 dev bx0 pa 192.168.4.11
vswctl_in hv1 switch add sw1
assert_fail_with 'uplink of another switch|busy' \
	vswctl_in hv1 uplink set sw1 dev nic0 pa 192.168.4.11
assert_fail_with 'No such file or directory' \
	vswctl_in hv1 uplink set nosuch dev nic0 pa 192.168.4.11
assert_fail_with 'nosuchdev|No such device' \
	vswctl_in hv1 uplink set sw0 dev nosuchdev pa 192.168.4.11
assert_fail_with 'No such file or directory|no uplink' vswctl_in hv1 uplink del sw1
vswctl_in hv1 switch del sw1
assert_json 'j[0]["uplink"] == "nic0" and j[0]["pa"] == "192.168.4.11"' \
	vswctl_in hv1 -j switch show sw0
vm_ping blue1 10.0.0.7 1

# uplink del: listeners hear of it; frames for other hosts are no_uplink
# (ARP is still answered: it never needs the uplink); the host's own
# traffic goes on.
monitor_start hv1 "$TMPDIR/events"
ifindex=$(nsx hv1 cat /sys/class/net/nic0/ifindex)
vswctl_in hv1 uplink del sw0
monitor_wait "$TMPDIR/events" 30 \
	"e['event'] == 'uplink_del' and e['switch'] == 'sw0' and e['ifindex'] == $ifindex"
assert_json 'j[0].get("uplink") is None' vswctl_in hv1 -j switch show sw0
assert_fail_with 'No such file or directory|no uplink' vswctl_in hv1 uplink del sw0
stats_snap hv1 "$TMPDIR/hv1.1"
vm_ping_fails blue1 10.0.0.7 2
assert_stats hv1 "$TMPDIR/hv1.1" switch.no_uplink=2 blue1.no_uplink=2 switch.encap_packets=0
vm_ping hv1 192.168.4.22 2
vm_ping blue1 10.0.0.9 2

# Set again: NVGRE again.
vswctl_in hv1 uplink set sw0 dev nic0 pa 192.168.4.11
vm_ping blue1 10.0.0.7 2

# Another PA (the host's second address): the tunnel now starts there, so
# hv2 refuses it (spoofed_pa) until its records for hv1's VMs follow.
vswctl_in hv1 uplink set sw0 dev nic0 pa 192.168.4.111
assert_json 'j[0]["uplink"] == "nic0" and j[0]["pa"] == "192.168.4.111"' \
	vswctl_in hv1 -j switch show sw0
stats_snap hv2 "$TMPDIR/hv2.1"
vm_ping_fails blue1 10.0.0.7 2
assert_stats hv2 "$TMPDIR/hv2.1" switch.spoofed_pa=2 switch.decap_packets=0
for vm in blue1 red1 blue3; do
	vswctl_in hv2 policy replace sw0 vsid "${VM_VSID[$vm]}" ca "${VM_CA[$vm]}" \
		mac "${VM_MAC[$vm]}" pa 192.168.4.111
done
cap_start wire br0 "$TMPDIR/pa.pcap" 2 'ip proto 47'
vm_ping blue1 10.0.0.7 1
cap_wait
assert_eq "$(cap_fields "$TMPDIR/pa.pcap" ip.src ip.dst)" "$(printf '%s\n' \
	'192.168.4.111,10.0.0.5|192.168.4.22,10.0.0.7' \
	'192.168.4.22,10.0.0.7|192.168.4.111,10.0.0.5')" "outer and inner addresses of the request and the reply"
vswctl_in hv1 uplink set sw0 dev nic0 pa 192.168.4.11
for vm in blue1 red1 blue3; do
	vswctl_in hv2 policy replace sw0 vsid "${VM_VSID[$vm]}" ca "${VM_CA[$vm]}" \
		mac "${VM_MAC[$vm]}" pa 192.168.4.11
done
vm_ping blue1 10.0.0.7 1

# The uplink device goes away: detached, listeners told, no_uplink again.
nsx hv1 ip link del nic0
monitor_wait "$TMPDIR/events" 30 \
	"e['event'] == 'uplink_del' and e['switch'] == 'sw0' and e['ifindex'] == $ifindex" 2
assert_eq "$(monitor_count "$TMPDIR/events" "e['event'] == 'uplink_del'")" 2 "uplink_del events"
assert_json 'j[0].get("uplink") is None' vswctl_in hv1 -j switch show sw0
stats_snap hv1 "$TMPDIR/hv1.2"
vm_ping_fails blue1 10.0.0.7 2
assert_stats hv1 "$TMPDIR/hv1.2" switch.no_uplink=2 blue1.no_uplink=2
