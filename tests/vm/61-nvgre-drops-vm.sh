#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 61-nvgre-drops-vm: every reason vsw drops a frame that comes from a VM,
# each caused on purpose and seen to move its counter, on the switch and
# on the port, by exactly the number of frames sent, and no other drop
# counter: spoofed_mac, unsupported_protocol, arp_ignored, malformed,
# policy_miss (with its miss event; hold_timeout once held, the default),
# no_local_port, no_route, tx_error (on the receiving host). Broadcast and
# multicast are flooded (91), here into no_route for the record that has
# no route. arp_miss is in 52, mac_mismatch in
# 51, too_big in 56, no_uplink in 57, the uplink's reasons in 62; nomem
# cannot be caused from a test.
# Frames are crafted with scapy and sent from blue1's eth0, except where a
# VM's own stack does it (a changed MAC, IPv6 turned on).
#
#	blue1 10.0.0.5 --+ hv1 ======== wire ======== hv2 +-- blue2 10.0.0.7
#	                  extra records on hv1 (Blue):
#	                  10.0.0.20 -> :20 at hv1 (local, no port)
#	                  10.0.0.30 -> :30 at 198.51.100.1 (no route)
#	                  10.0.0.50 -> blue1's own MAC, at hv1
#
# vm-timeout: 420

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_seed -v "blue1 blue2"
vswctl_in hv1 policy add sw0 vsid 5001 ca 10.0.0.20 mac 02:00:50:01:00:20 pa 192.168.4.11
vswctl_in hv1 policy add sw0 vsid 5001 ca 10.0.0.30 mac 02:00:50:01:00:30 pa 198.51.100.1
vswctl_in hv1 policy add sw0 vsid 5001 ca 10.0.0.50 mac 02:00:50:01:00:05 pa 192.168.4.11
vm_ping blue1 10.0.0.7 1
# No ARP from here on (a probe answered at the wrong moment would move
# the counters checked): blue1 and blue2 know each other for good.
nsx blue1 ip neigh replace 10.0.0.7 lladdr 02:00:50:01:00:07 dev eth0 nud permanent
nsx blue2 ip neigh replace 10.0.0.5 lladdr 02:00:50:01:00:05 dev eth0 nud permanent
monitor_start hv1 "$TMPDIR/events"

frames_build <<'PY'
import struct
b1, b2, bc = "02:00:50:01:00:05", "02:00:50:01:00:07", "ff:ff:ff:ff:ff:ff"
def udp(dst="10.0.0.7"):
    return IP(src="10.0.0.5", dst=dst) / UDP(sport=9, dport=9) / b"vsw"
def arp(**kw):
    return Ether(src=b1, dst=bc) / ARP(hwsrc=b1, psrc="10.0.0.5", **kw)
frames["spoofed_ip"] = Ether(src="02:00:50:01:00:66", dst=b2) / udp()
frames["spoofed_arp"] = Ether(src=b1, dst=bc) / ARP(op=1, hwsrc="02:00:50:01:00:66", psrc="10.0.0.5", pdst="10.0.0.7")
frames["ipv6"] = Ether(src=b1, dst="33:33:00:00:00:01") / IPv6(src="fe80::5", dst="ff02::1") / ICMPv6EchoRequest()
frames["ethertype"] = Ether(src=b1, dst=b2, type=0x88b5) / (b"\0" * 46)
frames["bcast"] = Ether(src=b1, dst=bc) / udp("10.0.0.255")
frames["mcast"] = Ether(src=b1, dst="01:00:5e:00:00:fb") / udp("224.0.0.251")
frames["arp_reply"] = Ether(src=b1, dst=b2) / ARP(op=2, hwsrc=b1, psrc="10.0.0.5", hwdst=b2, pdst="10.0.0.7")
frames["arp_garp"] = arp(op=1, pdst="10.0.0.5")
frames["arp_probe"] = Ether(src=b1, dst=bc) / ARP(op=1, hwsrc=b1, psrc="0.0.0.0", pdst="10.0.0.7")
frames["arp_self"] = arp(op=1, pdst="10.0.0.50")
frames["arp_short"] = Ether(src=b1, dst=bc, type=0x0806) / bytes(ARP(op=1, hwsrc=b1, psrc="10.0.0.5", pdst="10.0.0.7"))[:20]
frames["arp_plen"] = Ether(src=b1, dst=bc, type=0x0806) / (struct.pack("!HHBBH", 1, 0x0800, 6, 16, 1) + bytes(44))
frames["arp_hrd"] = Ether(src=b1, dst=bc, type=0x0806) / (struct.pack("!HHBBH", 6, 0x0800, 6, 4, 1) + bytes(20))
frames["ip_short"] = Ether(src=b1, dst=b2, type=0x0800) / b"\x45\x00\x00\x14\x00\x00"
frames["miss"] = Ether(src=b1, dst="02:00:50:01:00:99") / udp("10.0.0.99")
frames["no_port"] = Ether(src=b1, dst="02:00:50:01:00:20") / udp("10.0.0.20")
frames["to_self"] = Ether(src=b1, dst=b1) / udp("10.0.0.50")
frames["no_route"] = Ether(src=b1, dst="02:00:50:01:00:30") / udp("10.0.0.30")
frames["good"] = Ether(src=b1, dst=b2) / udp()
PY

# case_vm FRAMES EXPECT...: send the frames (names, space-separated) from
# blue1, then the counters of hv1 must have moved as EXPECTed, and nothing
# been encapsulated unless EXPECTed.
case_vm() {
	local names=$1 n hex=() encap=switch.encap_packets=0
	shift
	say "# case: $names"
	stats_snap hv1 "$TMPDIR/hv1.s"
	for n in $names; do
		hex+=("${FRAME[$n]}")
	done
	send_frames blue1 eth0 "${hex[@]}"
	[[ "$*" != *encap_packets* ]] || encap=
	assert_stats hv1 "$TMPDIR/hv1.s" ${encap:+"$encap"} "$@"
}

case_vm "spoofed_ip spoofed_arp" switch.spoofed_mac=2 blue1.spoofed_mac=2
case_vm "ethertype" switch.unsupported_protocol=1 blue1.unsupported_protocol=1
# Flooded: one copy to hv2, one to 198.51.100.1, which has no route.
case_vm "bcast mcast ipv6" switch.encap_packets=3 blue1.encap_packets=3 \
	switch.no_route=3 blue1.no_route=3
case_vm "arp_reply arp_garp arp_probe arp_self" switch.arp_ignored=4 blue1.arp_ignored=4
case_vm "arp_plen arp_hrd" switch.malformed=2 blue1.malformed=2
case_vm "arp_short" switch.inner_truncated=1 blue1.inner_truncated=1
case_vm "ip_short" switch.inner_header=1 blue1.inner_header=1
case_vm "no_port to_self" switch.no_local_port=2 blue1.no_local_port=2
case_vm "no_route" switch.no_route=1 blue1.no_route=1

# A policy miss: counted, and one event per frame. Without holding, at
# once (policy_miss); held (the default), once hold-timeout is over.
vswctl_in hv1 switch set sw0 hold-max 0
case_vm "miss" switch.policy_miss=1 blue1.policy_miss=1
vswctl_in hv1 switch set sw0 hold-max 64
case_vm "miss" switch.hold_timeout=1 blue1.hold_timeout=1
monitor_wait "$TMPDIR/events" 30 \
	'e["event"] == "miss" and e["vsid"] == 5001 and e["ca"] == "10.0.0.99" and e["port"] == "blue1"' 2
assert_eq "$(monitor_count "$TMPDIR/events" 'e["event"] == "miss"')" 2 "miss events"
# The same from the VM's own stack, believing 10.0.0.99 is somewhere.
nsx blue1 ip neigh replace 10.0.0.99 lladdr 02:00:50:01:00:99 dev eth0 nud permanent
stats_snap hv1 "$TMPDIR/hv1.m"
vm_ping_fails blue1 10.0.0.99 3
assert_stats hv1 "$TMPDIR/hv1.m" switch.hold_timeout=3 blue1.hold_timeout=3
# At least the first ping's event: a ping sent while the one before is
# still held finds its CA pending, and sends none.
monitor_wait "$TMPDIR/events" 30 'e["event"] == "miss" and e["ca"] == "10.0.0.99"' 3

# The receiving host cannot hand a frame to its port (the port's queue
# takes nothing): tx_error there.
nsx hv2 tc qdisc replace dev blue2 root pfifo limit 0
stats_snap hv2 "$TMPDIR/hv2.t"
case_vm "good good" switch.encap_packets=2
assert_stats hv2 "$TMPDIR/hv2.t" switch.decap_packets=2 switch.tx_error=2 blue2.tx_error=2 \
	blue2.tx_packets=0
nsx hv2 tc qdisc del dev blue2 root
vm_ping blue1 10.0.0.7 1

# The route to hv2's PA goes away (a blackhole) and comes back: no_route
# at once, and traffic again at once, although the route is cached.
underlay_route_check hv1 "${TOPO_PA[hv2]}" blue1 10.0.0.7

# A VM that takes another MAC: nothing it sends gets anywhere.
nsx blue1 ip link set eth0 address 02:00:50:01:00:66
stats_snap hv1 "$TMPDIR/hv1.x"
stats_snap hv2 "$TMPDIR/hv2.x"
vm_ping_fails blue1 10.0.0.7 3
assert_stats hv1 "$TMPDIR/hv1.x" switch.spoofed_mac=3 blue1.spoofed_mac=3 switch.encap_packets=0
assert_stats hv2 "$TMPDIR/hv2.x" switch.decap_packets=0 blue2.tx_packets=0
nsx blue1 ip link set eth0 address 02:00:50:01:00:05
vm_ping blue1 10.0.0.7 1

# A VM with IPv6 on: its own duplicate address detection and router
# solicitations have no one to go to (nd_ignored); its MLD reports are
# multicast, flooded in the VSID like broadcast (the topology turns IPv6
# off so that they do not move the counters of the other tests).
stats_snap hv1 "$TMPDIR/hv1.6"
base=$(vsw_counter hv1 blue1 nd_ignored)
more_than() { (($(vsw_counter hv1 blue1 nd_ignored) > $1)); }
nsx blue1 sysctl -q -w net.ipv6.conf.eth0.disable_ipv6=0
wait_until 60 more_than "$base"
nsx blue1 sysctl -q -w net.ipv6.conf.eth0.disable_ipv6=1
assert_stats hv1 "$TMPDIR/hv1.6" 'switch.nd_ignored>=1' 'blue1.nd_ignored>=1' \
	'switch.no_route>=0' 'blue1.no_route>=0'
