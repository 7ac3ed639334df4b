#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 59-nvgre-interop: vsw speaks the same NVGRE as a stock Linux tunnel. On
# hv2 there is no vsw, only a "gretap" with key 5001 << 8 bridged with
# blue2; hv1 runs vsw with "flowid zero" (a gretap only takes its own key,
# FlowID included). Pings cross both ways, and on the wire every packet,
# whichever side sent it, has the same GRE header: K only, key 0x00138900,
# protocol 0x6558.
#
#	+--------------------+                      +------------------------+
#	| hv1  vsw sw0       |                      | hv2  (no vsw)          |
#	|  port blue1 5001   |                      |  br1: blue2 + gt       |
#	|  flowid zero       |                      |  gt gretap key 5001<<8 |
#	+---nic0 .11---------+                      +---nic0 .22-------------+
#	        |                                            |
#	        +------------------ wire/br0 ----------------+
#	blue1 10.0.0.5 on hv1                       blue2 10.0.0.7 on hv2

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_seed -x hv2
vswctl_in hv1 switch set sw0 flowid zero

# hv2: a plain bridged gretap. blue2 has no switch to answer its ARP: it
# is told blue1's MAC, as HNV's policy would have. Without multicast
# snooping the bridge sends no IGMP reports of its own (from 0.0.0.0, which
# hv1 would rightly drop: policy_miss_rx, no record for it).
nsx hv2 ip link add gt type gretap local 192.168.4.22 remote 192.168.4.11 key $((5001 << 8))
nsx hv2 ip link add br1 type bridge mcast_snooping 0
nsx hv2 ip link set gt master br1
nsx hv2 ip link set blue2 master br1
nsx hv2 ip link set gt up
nsx hv2 ip link set br1 up
nsx blue2 ip neigh replace 10.0.0.5 lladdr 02:00:50:01:00:05 dev eth0 nud permanent

stats_snap hv1 "$TMPDIR/hv1.0"
cap_start wire br0 "$TMPDIR/wire.pcap" 8 'ip proto 47'
vm_ping blue1 10.0.0.7 2
vm_ping blue2 10.0.0.5 2
cap_wait
assert_stats hv1 "$TMPDIR/hv1.0" switch.encap_packets=4 switch.decap_packets=4 \
	blue1.encap_packets=4 'blue1.tx_packets>=4'
assert_json 'j[0]["stats64"]["rx"]["packets"] >= 4 and j[0]["stats64"]["tx"]["packets"] >= 4' \
	nsx hv2 ip -s -j link show gt

cap_fields "$TMPDIR/wire.pcap" ip.src gre.flags_and_version gre.proto gre.key >"$TMPDIR/wire.txt"
say "$(cat "$TMPDIR/wire.txt")"
assert_eq "$(cut -d'|' -f2- "$TMPDIR/wire.txt" | sort -u)" "0x2000|0x6558|0x00138900" \
	"GRE flags and version, protocol and key of every packet"
assert_eq "$(cut -d, -f1 "$TMPDIR/wire.txt" | sort | uniq -c | awk '{print $2 "x" $1}' | paste -sd' ')" \
	"192.168.4.11x4 192.168.4.22x4" "packets from each side"
