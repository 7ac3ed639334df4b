#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 50-nvgre-seed: the seed topology carries both tenants between the hosts
# in NVGRE, and a VM reaches another VM of its tenant on the same host
# directly. The counters say which way each frame went: encapsulated on
# the sender's host, decapsulated on the receiver's, on the right ports,
# and nothing dropped.
#
#	blue1 10.0.0.5 ---+                 +--- blue2 10.0.0.7
#	blue3 10.0.0.9 ---+ hv1 == wire == hv2
#	red1  10.0.0.5 ---+                 +--- red2  10.0.0.7
#
# (the seed topology of lib.sh, plus blue3, a second Blue VM on hv1)

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_vm_define blue3 hv1 $VSID_BLUE 10.0.0.9 02:00:50:01:00:09
topo_seed
topo_vm blue3
topo_port blue3
topo_policy hv1 blue3
topo_policy hv2 blue3

assert_json 'len(j) == 5' vswctl_in hv1 -j policy show sw0
assert_json 'sorted(p["dev"] for p in j) == ["blue1", "blue3", "red1"]' \
	vswctl_in hv1 -j port show sw0

# Blue across the hosts: 3 echo requests encapsulated by hv1 and
# decapsulated by hv2, 3 replies the other way. ARP is answered on each
# host and never encapsulated, so the tunnel counts are exact.
stats_snap hv1 "$TMPDIR/hv1.0"
stats_snap hv2 "$TMPDIR/hv2.0"
vm_ping blue1 10.0.0.7 3
assert_stats hv1 "$TMPDIR/hv1.0" \
	switch.encap_packets=3 switch.decap_packets=3 \
	blue1.encap_packets=3 'blue1.rx_packets>=3' 'blue1.rx_bytes>=294' \
	'blue1.tx_packets>=3' 'blue1.tx_bytes>=294' \
	red1.rx_packets=0 red1.tx_packets=0 red1.encap_packets=0 \
	blue3.rx_packets=0 blue3.tx_packets=0
assert_stats hv2 "$TMPDIR/hv2.0" \
	switch.encap_packets=3 switch.decap_packets=3 \
	blue2.encap_packets=3 'blue2.rx_packets>=3' 'blue2.tx_packets>=3' \
	red2.rx_packets=0 red2.tx_packets=0 red2.encap_packets=0

# Red, the same addresses in another VSID: the same again, on Red's ports.
# (From here on a port whose VM was active may see an ARP probe answered at
# any moment: idle ports are checked by what they encapsulate.)
stats_snap hv1 "$TMPDIR/hv1.1"
stats_snap hv2 "$TMPDIR/hv2.1"
vm_ping red1 10.0.0.7 3
assert_stats hv1 "$TMPDIR/hv1.1" \
	switch.encap_packets=3 switch.decap_packets=3 \
	red1.encap_packets=3 'red1.rx_packets>=3' 'red1.tx_packets>=3' \
	blue1.encap_packets=0
assert_stats hv2 "$TMPDIR/hv2.1" \
	switch.encap_packets=3 switch.decap_packets=3 \
	red2.encap_packets=3 'red2.rx_packets>=3' 'red2.tx_packets>=3' \
	blue2.encap_packets=0

# One port's counters alone, in JSON and in text.
assert_json 'len(j["ports"]) == 1 and j["ports"][0]["dev"] == "blue1" and j["ports"][0]["encap_packets"] == 3' \
	vswctl_in hv1 -j stats show sw0 dev blue1
assert_match 'encap_packets 3 ' "$(vswctl_in hv1 stats show sw0 dev blue1)" "blue1's counters in text"

# And from the other side.
vm_ping blue2 10.0.0.5 2
vm_ping red2 10.0.0.5 2

# Local delivery: blue1 -> blue3 on hv1 never touches the wire.
stats_snap hv1 "$TMPDIR/hv1.2"
stats_snap hv2 "$TMPDIR/hv2.2"
vm_ping blue1 10.0.0.9 3
vm_ping blue3 10.0.0.5 2
assert_stats hv1 "$TMPDIR/hv1.2" \
	switch.encap_packets=0 switch.decap_packets=0 \
	'blue1.rx_packets>=5' 'blue1.tx_packets>=5' \
	'blue3.rx_packets>=5' 'blue3.tx_packets>=5' \
	red1.encap_packets=0
assert_stats hv2 "$TMPDIR/hv2.2" switch.encap_packets=0 switch.decap_packets=0
# blue3 reaches blue2 across the hosts as well.
vm_ping blue3 10.0.0.7 2

# The VMs' neighbour entries hold the MACs of the policy records.
assert_match "^10\.0\.0\.7 lladdr 02:00:50:01:00:07 " \
	"$(nsx blue1 ip neigh show 10.0.0.7 dev eth0)" "blue1's neighbour blue2"
assert_match "^10\.0\.0\.7 lladdr 02:00:60:01:00:07 " \
	"$(nsx red1 ip neigh show 10.0.0.7 dev eth0)" "red1's neighbour red2"
assert_match "^10\.0\.0\.9 lladdr 02:00:50:01:00:09 " \
	"$(nsx blue1 ip neigh show 10.0.0.9 dev eth0)" "blue1's neighbour blue3"
