#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 56-nvgre-mtu: NVGRE adds 42 bytes (outer IPv4 20, GRE with key 8, inner
# Ethernet 14). A VM's packet that does not fit the path to the remote PA
# is never silently lost: it is counted (too_big) and, if it is IPv4 with
# DF, the VM gets an ICMP "fragmentation needed" with the MTU that fits,
# from the address it was sending to. The path is the host's route to the
# PA, with its MTU: the device's, or a route's own.
#
#	blue1 10.0.0.5 --+ hv1 ==== wire/br0 (1500, later 9000) ==== hv2 +-- blue2 10.0.0.7
#	  eth0 mtu 1500                                                       eth0 mtu 1500

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_seed -v "blue1 blue2"
vm_ping blue1 10.0.0.7 1

# too_big SIZE MTU: a DF ping of SIZE bytes of payload from blue1 is
# refused by vsw with an ICMP carrying MTU, and counted once.
too_big() {
	local size=$1 mtu=$2 out
	stats_snap hv1 "$TMPDIR/hv1.tb"
	nsx blue1 ip route flush cache
	out=$(nsx blue1 ping -n -c 1 -W 5 -M "do" -s "$size" 10.0.0.7 2>&1) &&
		fail "a $size-byte DF ping went through: $out"
	say "$out"
	assert_match "From 10\.0\.0\.7 .*(Frag needed and DF set \(mtu = $mtu\)|mtu ?= ?$mtu)" \
		"$out" "ICMP fragmentation needed, mtu $mtu, for $size bytes"
	assert_stats hv1 "$TMPDIR/hv1.tb" switch.too_big=1 blue1.too_big=1 \
		switch.encap_packets=0
	assert_match " mtu $mtu " "$(nsx blue1 ip route get 10.0.0.7)" "blue1's path MTU to 10.0.0.7"
}

# Underlay 1500: 1458 bytes of IPv4 fit, 1459 do not.
too_big 1472 1458
too_big 1431 1458
# What fits goes through, and fills the underlay's 1500 exactly.
cap_start wire br0 "$TMPDIR/fit.pcap" 2 'ip proto 47'
vm_ping blue1 10.0.0.7 1 -M "do" -s 1430
cap_wait
assert_eq "$(cap_fields "$TMPDIR/fit.pcap" ip.len | cut -d, -f1 | sort -u)" 1500 "outer length of a full-sized packet"

# Without DF there is no one to tell: counted, and dropped.
nsx blue1 ip route flush cache
stats_snap hv1 "$TMPDIR/hv1.df"
vm_ping_fails blue1 10.0.0.7 1 -M dont -s 1472
assert_stats hv1 "$TMPDIR/hv1.df" switch.too_big=1 blue1.too_big=1 switch.encap_packets=0

# A route to the PA with its own MTU is the path: 1400 - 42 = 1358.
nsx hv1 ip route add 192.168.4.22/32 dev nic0 mtu 1400
too_big 1331 1358
vm_ping blue1 10.0.0.7 1 -M "do" -s 1330
nsx hv1 ip route del 192.168.4.22/32 dev nic0 mtu 1400

# Jumbo underlay and VMs: 9000 - 42 = 8958.
topo_mtu 9000 9000
too_big 8972 8958
vm_ping blue1 10.0.0.7 1 -M "do" -s 8930
