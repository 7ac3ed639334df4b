#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 98-routes: customer routes, the distributed router. Routing domain 1
# holds Blue (5001, 10.0.0.0/24, fd10::/64) and Green (7001, 10.0.1.0/24,
# fd11::/64); routing domain 2 holds Red (6001) and Orange (8001) with the
# very same prefixes and addresses. VMs reach other subnets of their
# routing domain through their gateway (the prefix's first address, which
# the switch answers with the router MAC), across hosts and on one host,
# with TTL and hop limit down by one; never a subnet of the other domain.
#
#	hv1: blue1 10.0.0.5  red1 10.0.0.5  green1 10.0.1.9
#	hv2: green2 10.0.1.7  orange2 10.0.1.7
# vm-timeout: 420

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

ROUTER_MAC=02:76:73:77:00:01
topo_vm_define green1 hv1 7001 10.0.1.9 02:00:70:01:00:09
topo_vm_define green2 hv2 7001 10.0.1.7 02:00:70:01:00:07
topo_vm_define orange2 hv2 8001 10.0.1.7 02:00:80:01:00:07
topo_seed -v "blue1 red1 green1 green2 orange2"

declare -A GW=([blue1]=10.0.0.1 [red1]=10.0.0.1 [green1]=10.0.1.1
	[green2]=10.0.1.1 [orange2]=10.0.1.1)
for vm in blue1 red1 green1 green2 orange2; do
	ipn "$vm" route add default via "${GW[$vm]}"
done
for h in hv1 hv2; do
	vswctl_in "$h" route add sw0 rdid 1 vsid 5001 prefix 10.0.0.0/24
	vswctl_in "$h" route add sw0 rdid 1 vsid 7001 prefix 10.0.1.0/24
	vswctl_in "$h" route add sw0 rdid 2 vsid 6001 prefix 10.0.0.0/24
	vswctl_in "$h" route add sw0 rdid 2 vsid 8001 prefix 10.0.1.0/24
	topo_policy "$h" green1 green2 orange2
done

assert_json 'len(j) == 4 and any(r["rdid"] == 1 and r["vsid"] == 7001 and r["prefix"] == "10.0.1.0/24" and r["gateway"] == "10.0.1.1" for r in j)' \
	vswctl_in hv1 -j route show sw0
assert_json 'len(j) == 2 and all(r["rdid"] == 2 for r in j)' vswctl_in hv1 -j route show sw0 rdid 2
assert_json 'j[0]["router_mac"] == "02:76:73:77:00:01"' vswctl_in hv1 -j switch show sw0

# Refusals, each with its reason.
assert_fail_with 'routing domain has a route' vswctl_in hv1 route add sw0 rdid 1 vsid 7001 prefix 10.0.1.0/24
assert_fail_with 'another routing domain' vswctl_in hv1 route add sw0 rdid 2 vsid 5001 prefix 10.9.0.0/16
assert_fail_with 'host bits' vswctl_in hv1 route add sw0 rdid 1 vsid 5001 prefix 10.0.0.1/24

# Blue to Green across the hosts: routed on hv1, TTL 64 - 1 both ways.
stats_snap hv1 "$TMPDIR/hv1.0"
out=$(nsx blue1 ping -n -c 3 -i 0.2 -W 5 10.0.1.7) || fail "blue1 -> 10.0.1.7: $out"
say "$out"
assert_match 'ttl=63' "$out" "the reply's TTL (routed once)"
out=$(nsx blue1 ip neigh show 10.0.0.1 dev eth0)
assert_match "lladdr $ROUTER_MAC" "$out" "blue1's gateway resolves to the router MAC"
assert_stats hv1 "$TMPDIR/hv1.0" 'blue1.encap_packets>=3' 'switch.decap_packets>=3' \
	red1.encap_packets=0

# Same addresses, other routing domain: tokens land where they belong.
udp_sink green2 7000 "$TMPDIR/green2.got"
udp_sink orange2 7000 "$TMPDIR/orange2.got"
udp_send blue1 10.0.1.7 7000 blue-token
udp_send red1 10.0.1.7 7000 red-token
wait_until 30 test -s "$TMPDIR/green2.got"
wait_until 30 test -s "$TMPDIR/orange2.got"
udp_send blue1 10.0.1.7 7000 blue-last
wait_until 30 grep -q blue-last "$TMPDIR/green2.got"
assert_eq "$(cat "$TMPDIR/green2.got")" "$(printf '%s\n' '10.0.0.5 blue-token' '10.0.0.5 blue-last')" \
	"what green2 (routing domain 1) received"
assert_eq "$(cat "$TMPDIR/orange2.got")" "10.0.0.5 red-token" \
	"what orange2 (routing domain 2) received"

# Routed on one host: Blue to Green on hv1, nothing encapsulated.
stats_snap hv1 "$TMPDIR/hv1.1"
out=$(nsx blue1 ping -n -c 2 -i 0.2 -W 5 10.0.1.9) || fail "blue1 -> 10.0.1.9: $out"
assert_match 'ttl=63' "$out" "the local reply's TTL"
assert_stats hv1 "$TMPDIR/hv1.1" switch.encap_packets=0 'green1.tx_packets>=2'

# No route in the domain, TTL 1: dropped and counted.
stats_snap hv1 "$TMPDIR/hv1.2"
vm_ping_fails blue1 10.0.2.5 2
vm_ping_fails blue1 10.0.1.7 2 -t 1
assert_stats hv1 "$TMPDIR/hv1.2" switch.route_miss=2 blue1.route_miss=2 \
	switch.ttl_exceeded=2 blue1.ttl_exceeded=2 switch.encap_packets=0

# The routed sender is checked on the receiving host: without Blue's
# record there, its routed frames are spoofed_pa.
stats_snap hv2 "$TMPDIR/hv2.3"
vswctl_in hv2 policy del sw0 vsid 5001 ca 10.0.0.5
vm_ping_fails blue1 10.0.1.7 2
assert_stats hv2 "$TMPDIR/hv2.3" switch.spoofed_pa=2
topo_policy hv2 blue1
vm_ping blue1 10.0.1.7 1

# A route deleted: the subnet is out of reach.
vswctl_in hv1 route del sw0 rdid 1 prefix 10.0.1.0/24
stats_snap hv1 "$TMPDIR/hv1.4"
vm_ping_fails blue1 10.0.1.7 2
assert_stats hv1 "$TMPDIR/hv1.4" switch.route_miss=2 blue1.route_miss=2
vswctl_in hv1 route add sw0 rdid 1 vsid 7001 prefix 10.0.1.0/24
vm_ping blue1 10.0.1.7 1

# IPv6: the same router between fd10::/64 and fd11::/64, gateway ::1
# resolved by Neighbour Discovery, hop limit down by one.
for vm in blue1 green2; do
	nsx "$vm" sysctl -q -w net.ipv6.conf.eth0.disable_ipv6=0 net.ipv6.conf.eth0.accept_dad=0
done
ipn blue1 -6 addr add fd10::5/64 dev eth0 nodad
ipn green2 -6 addr add fd11::7/64 dev eth0 nodad
ipn blue1 -6 route add default via fd10::1
ipn green2 -6 route add default via fd11::1
for h in hv1 hv2; do
	vswctl_in "$h" route add sw0 rdid 1 vsid 5001 prefix fd10::/64
	vswctl_in "$h" route add sw0 rdid 1 vsid 7001 prefix fd11::/64
	vswctl_in "$h" policy add sw0 vsid 5001 ca fd10::5 mac "${VM_MAC[blue1]}" pa "${TOPO_PA[hv1]}"
	vswctl_in "$h" policy add sw0 vsid 7001 ca fd11::7 mac "${VM_MAC[green2]}" pa "${TOPO_PA[hv2]}"
done
out=$(nsx blue1 ping -6 -n -c 3 -i 0.2 -W 5 fd11::7) || fail "blue1 -> fd11::7: $out"
say "$out"
assert_match 'ttl=63' "$out" "the IPv6 reply's hop limit (routed once)"
out=$(nsx blue1 ip -6 neigh show fd10::1 dev eth0)
assert_match "lladdr $ROUTER_MAC" "$out" "blue1's IPv6 gateway resolves to the router MAC"

# A new router MAC, the same on both hosts: VMs follow once their
# neighbour entries are refreshed.
for h in hv1 hv2; do
	vswctl_in "$h" switch set sw0 router-mac 02:76:73:77:00:02
done
assert_json 'j[0]["router_mac"] == "02:76:73:77:00:02"' vswctl_in hv1 -j switch show sw0
ipn blue1 neigh flush dev eth0
ipn green2 neigh flush dev eth0
vm_ping blue1 10.0.1.7 2
out=$(nsx blue1 ip neigh show 10.0.0.1 dev eth0)
assert_match "lladdr 02:76:73:77:00:02" "$out" "blue1's gateway after the change"
