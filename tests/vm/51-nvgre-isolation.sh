#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 51-nvgre-isolation: Blue and Red use the same customer addresses, and
# frames never cross from one VSID to the other. A datagram blue1 sends to
# 10.0.0.7 reaches blue2 and never red2, and the other way round; a Blue
# VM that aims at a Red VM's MAC, or at a CA only Red has, gets nowhere,
# and the switch counts why.
#
#	blue1 10.0.0.5 --+                +-- blue2 10.0.0.7  udp sink :7000
#	                 hv1 == wire == hv2
#	red1  10.0.0.5 --+                +-- red2  10.0.0.7  udp sink :7000
#	(and sinks in blue1 and red1 for the way back)

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_seed

for vm in blue1 red1 blue2 red2; do
	udp_sink "$vm" 7000 "$TMPDIR/$vm.got"
done

# Tokens unique to this run and to each tenant and direction.
tok=$SRANDOM
udp_send blue1 10.0.0.7 7000 "blue-$tok-"{1,2,3}
udp_send red1 10.0.0.7 7000 "red-$tok-"{1,2,3}
udp_send blue2 10.0.0.5 7000 "blue-back-$tok-"{1,2,3}
udp_send red2 10.0.0.5 7000 "red-back-$tok-"{1,2,3}
# Each sink gets its three (they wait for ARP, which the switch answers,
# in the kernel's queue for unresolved neighbours; UDP has no retries, so
# a lost one shows up here).
for vm in blue1 red1 blue2 red2; do
	wait_until 30 test "$(grep -c . "$TMPDIR/$vm.got")" -ge 3
done
expect() {
	local vm=$1 from=$2 tag=$3
	assert_eq "$(sort "$TMPDIR/$vm.got")" \
		"$(printf "$from $tag-$tok-%s\n" 1 2 3)" "what $vm received"
}
expect blue2 10.0.0.5 blue
expect red2 10.0.0.5 red
expect blue1 10.0.0.7 blue-back
expect red1 10.0.0.7 red-back

# Blue aims at Red: blue1 believes 10.0.0.7 is red2's MAC. The record for
# (5001, 10.0.0.7) says blue2's MAC: dropped on hv1 as mac_mismatch; red2
# sees nothing, nothing is encapsulated.
stats_snap hv1 "$TMPDIR/hv1.0"
stats_snap hv2 "$TMPDIR/hv2.0"
nsx blue1 ip neigh replace 10.0.0.7 lladdr 02:00:60:01:00:07 dev eth0 nud permanent
udp_send blue1 10.0.0.7 7000 "cross-$tok-"{1,2}
vm_ping_fails blue1 10.0.0.7 2
assert_stats hv1 "$TMPDIR/hv1.0" switch.mac_mismatch=4 blue1.mac_mismatch=4 \
	switch.encap_packets=0
assert_stats hv2 "$TMPDIR/hv2.0" switch.decap_packets=0

# A CA that only Red has: Blue's lookups are in Blue's VSID only. ARP
# gets no answer, and IP to it is a policy miss (held, then dropped when
# no record comes: hold_timeout).
vswctl_in hv1 policy add sw0 vsid $VSID_RED ca 10.0.0.8 mac 02:00:60:01:00:08 pa 192.168.4.22
vswctl_in hv2 policy add sw0 vsid $VSID_RED ca 10.0.0.8 mac 02:00:60:01:00:08 pa 192.168.4.22
assert_json 'not any(r["ca"] == "10.0.0.8" for r in j)' \
	vswctl_in hv1 -j policy show sw0 vsid $VSID_BLUE
stats_snap hv1 "$TMPDIR/hv1.1"
nsx blue1 ip neigh replace 10.0.0.8 lladdr 02:00:60:01:00:08 dev eth0 nud permanent
vm_ping_fails blue1 10.0.0.8 2
assert_stats hv1 "$TMPDIR/hv1.1" switch.hold_timeout=2 blue1.hold_timeout=2 \
	switch.encap_packets=0

# Nothing of all that reached any sink.
for vm in blue1 red1 blue2 red2; do
	assert_eq "$(grep -c cross "$TMPDIR/$vm.got")" 0 "cross-tenant datagrams at $vm"
	assert_eq "$(grep -c . "$TMPDIR/$vm.got")" 3 "datagrams at $vm"
done
