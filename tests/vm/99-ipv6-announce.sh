#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 99-ipv6-announce: 92's move, for an IPv6 CA. blue2 (fd10::7) moves from
# hv2 to hv1 with a new MAC (blue7 stands for it); when the record for
# (5001, fd10::7) is replaced with the new MAC and hv1's PA, hv1 sends an
# unsolicited Neighbour Advertisement (override set, solicited clear, to
# all-nodes, target fd10::7, the new MAC as target link-layer address) to
# blue1, whose neighbour cache then holds the new MAC without asking.
#
#	blue1 fd10::5 --+                      +-- blue2 fd10::7 (before)
#	blue7 fd10::7 --+ hv1 ===== wire ===== hv2  (blue2 after the move, :77)

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/vm/ipv6-lib.sh
. "$(dirname "$0")/ipv6-lib.sh"

new_mac=02:00:50:01:00:77
topo6 6 4
vm_ping blue1 fd10::7 1 -6
neigh() { nsx blue1 ip -6 neigh show fd10::7 dev eth0; }
assert_match 'lladdr 02:00:50:01:00:07' "$(neigh)" "blue1's entry before"

say "# blue2 moves to hv1 with a new MAC"
nsx blue2 ip link set eth0 down
topo_vm_define blue7 hv1 $VSID_BLUE 10.0.0.7 $new_mac
topo_vm blue7 1500
nsx blue7 tc qdisc add dev eth0 clsact
nsx blue7 tc filter add dev eth0 egress protocol ipv6 u32 match u8 0 0xff at 6 action drop
v6on blue7 eth0
ipn blue7 -6 addr add fd10::7/64 dev eth0 nodad
topo_port blue7

# Only the announcement: an unsolicited NA (the S flag, bit 6 of the byte
# after the ICMPv6 checksum, clear) to all-nodes.
cap_start blue1 eth0 "$TMPDIR/na.pcap" 1 \
	'icmp6 and ip6 dst ff02::1 and ip6[40] == 136 and ip6[44] & 0x40 == 0'
for h in hv1 hv2; do
	vswctl_in $h policy replace sw0 vsid 5001 ca fd10::7 mac $new_mac \
		pa "${TOPO_PA[hv1]}"
done
cap_wait
assert_eq "$(cap_fields "$TMPDIR/na.pcap" eth.src eth.dst ipv6.src ipv6.hlim \
	icmpv6.nd.na.flag.s icmpv6.nd.na.flag.o icmpv6.nd.na.target_address \
	icmpv6.opt.linkaddr | sed 's/True/1/g; s/False/0/g')" \
	"$new_mac|33:33:00:00:00:01|fd10::7|255|0|1|fd10::7|$new_mac" \
	"the announcement"
assert_match "lladdr $new_mac" "$(neigh)" "blue1's entry after"

say "# and blue1 reaches the moved VM, locally"
stats_snap hv1 "$TMPDIR/hv1.1"
vm_ping blue1 fd10::7 2 -6
# blue7 is IPv6-enabled too: its router solicitations are noise.
assert_stats hv1 "$TMPDIR/hv1.1" switch.encap_packets=0 'blue7.tx_packets>=2' \
	"${NOISE_hv1[@]}" 'blue7.nd_ignored>=0' 'blue7.broadcast>=0'
