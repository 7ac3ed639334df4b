#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 92-nvgre-announce: a VM that moves to a host is announced there. blue2
# (10.0.0.7) moves from hv2 to hv1 and comes up with a new MAC (blue7's
# namespace stands for it); when hv1's record for (5001, 10.0.0.7) is
# replaced with the new MAC and hv1's PA, hv1 sends a gratuitous ARP to
# blue1, its other Blue port, whose ARP cache then holds the new MAC
# without asking. Red's entry for its own 10.0.0.7 does not change; the
# moved VM itself and hv2, where the VM is now remote, send nothing; a
# replace that changes nothing announces nothing.
#
#	blue1 10.0.0.5 --+                      +-- blue2 10.0.0.7 (before)
#	red1  10.0.0.5 --+ hv1 ===== wire ===== hv2 +-- red2 10.0.0.7
#	blue7 10.0.0.7 --+ (blue2 after the move, MAC :77)

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

new_mac=02:00:50:01:00:77
topo_vm_define blue7 hv1 $VSID_BLUE 10.0.0.7 $new_mac
topo_seed
vm_ping blue1 10.0.0.7 1
vm_ping red1 10.0.0.7 1
neigh() { nsx "$1" ip neigh show 10.0.0.7 dev eth0; }
assert_match 'lladdr 02:00:50:01:00:07' "$(neigh blue1)" "blue1's entry before"
assert_match 'lladdr 02:00:60:01:00:07' "$(neigh red1)" "red1's entry before"

say "# a replace that changes nothing announces nothing"
stats_snap hv1 "$TMPDIR/hv1.0"
vswctl_in hv1 policy replace sw0 vsid 5001 ca 10.0.0.7 mac 02:00:50:01:00:07 pa 192.168.4.22
assert_stats hv1 "$TMPDIR/hv1.0" switch.tx_packets=0

say "# blue2 moves to hv1 with a new MAC"
nsx blue2 ip link set eth0 down
topo_vm blue7
topo_port blue7
cap_start blue1 eth0 "$TMPDIR/garp.pcap" 1 arp
stats_snap hv1 "$TMPDIR/hv1.1"
stats_snap hv2 "$TMPDIR/hv2.1"
vswctl_in hv1 policy replace sw0 vsid 5001 ca 10.0.0.7 mac $new_mac pa 192.168.4.11
vswctl_in hv2 policy replace sw0 vsid 5001 ca 10.0.0.7 mac $new_mac pa 192.168.4.11
cap_wait
# A gratuitous ARP request: from the new MAC, to broadcast, for 10.0.0.7.
assert_eq "$(cap_fields "$TMPDIR/garp.pcap" eth.src eth.dst arp.opcode arp.src.hw_mac arp.src.proto_ipv4 arp.dst.proto_ipv4)" \
	"$new_mac|ff:ff:ff:ff:ff:ff|1|$new_mac|10.0.0.7|10.0.0.7" "the announcement"
# blue1's cache took it, with no traffic of its own.
assert_match "lladdr $new_mac" "$(neigh blue1)" "blue1's entry after"
# (Its state may have aged meanwhile; its MAC must not have changed.)
assert_match 'lladdr 02:00:60:01:00:07' "$(neigh red1)" "red1's entry after"
assert_stats hv1 "$TMPDIR/hv1.1" switch.tx_packets=1 blue1.tx_packets=1 \
	red1.tx_packets=0 blue7.tx_packets=0
assert_stats hv2 "$TMPDIR/hv2.1" switch.tx_packets=0

say "# and blue1 reaches the moved VM, locally"
vm_ping blue1 10.0.0.7 2
assert_match "lladdr $new_mac" "$(neigh blue1)" "blue1's entry at the end"
