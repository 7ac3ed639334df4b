#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 94-nvgre-gso: GSO frames that GRE segmentation cannot take whole are
# segmented by vsw before it encapsulates them.
#
# - A VM that tunnels its own traffic: a VXLAN device between blue1 and
#   blue2 (172.16.0.1, .2), TCP through it. veth hands vsw the VM's
#   VXLAN GSO frames whole (NETIF_F_GSO_ENCAP_ALL), their inner headers
#   the VM's; encapsulated whole, GRE segmentation would copy the VM's
#   outer headers into every segment with wrong lengths.
# - BIG TCP: blue1's eth0 with gso_max_size 192 KiB and IPv6 CAs hands
#   vsw TCP frames over 64 KiB (a capture on its port sees one), which the
#   outer IPv4 header's total length cannot describe.
#
# Each time every byte must arrive (a transfer checked by SHA-256; iperf3
# runs too, its rate is printed, not asserted), and what hv1 counted
# encapsulated hv2 must have decapsulated, and the other way round.
#
#	blue1 10.0.0.5 fd10::5 --+ hv1 ==== wire ==== hv2 +-- blue2 10.0.0.7 fd10::7
#	  vx0 172.16.0.1 (VXLAN 42)  underlay 1600         vx0 172.16.0.2

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

require_cmd iperf3
BYTES=$((8 * 1024 * 1024))
topo_seed -m 1600 -v "blue1 blue2"

# transfer NAME DST: iperf3 and a checked transfer from blue1 to DST in
# blue2; the counters of both hosts agree.
transfer() {
	local name=$1 dst=$2 out srv want sink e1 d1 e2 d2
	stats_snap hv1 "$TMPDIR/$name.hv1"
	stats_snap hv2 "$TMPDIR/$name.hv2"
	nsx_bg blue2 iperf3 -s -1 >"$TMPDIR/$name.server" 2>&1
	srv=$BG_PID
	wait_listen blue2 5201
	out=$(nsx blue1 timeout 120 iperf3 -c "$dst" -n "$BYTES" -J) ||
		fail "$name: iperf3 client failed: $(tail -c 2000 <<<"$out")"
	wait "$srv" || fail "$name: iperf3 server failed: $(cat "$TMPDIR/$name.server")"
	say "$name: iperf3 $("$PYTHON" -S -c 'import json,sys; e = json.load(sys.stdin)["end"]; print("sent %d bytes, %.1f Mbit/s" % (e["sum_sent"]["bytes"], e["sum_sent"]["bits_per_second"] / 1e6))' <<<"$out")"

	if [[ $dst == *:* ]]; then
		# lib.sh's sink, listening on IPv6.
		sink=${_vsw_py_tcp_sink//AF_INET/AF_INET6}
		printf '%s\n' "${sink//0.0.0.0/::}" >"$TMPDIR/tcp_sink6.py"
		rm -f "$TMPDIR/$name.sink"
		nsx_bg blue2 "$PYTHON" -S "$TMPDIR/tcp_sink6.py" 7001 "$TMPDIR/$name.sink"
		wait_listen blue2 7001
	else
		tcp_sink blue2 7001 "$TMPDIR/$name.sink"
	fi
	srv=$BG_PID
	want=$(nsx blue1 timeout 120 "$PYTHON" -S "$(_vsw_pyfile tcp_send)" "$dst" 7001 "$BYTES") ||
		fail "$name: the transfer did not complete"
	wait "$srv" || fail "$name: the TCP sink failed"
	assert_eq "$(cat "$TMPDIR/$name.sink")" "$want" "$name: bytes and SHA-256 received"

	# Sent and received, each way: nothing lost between the hosts.
	e1=$(vsw_counter hv1 switch encap_packets)
	d2=$(vsw_counter hv2 switch decap_packets)
	e2=$(vsw_counter hv2 switch encap_packets)
	d1=$(vsw_counter hv1 switch decap_packets)
	say "$name: hv1 encapsulated $e1, hv2 decapsulated $d2; hv2 encapsulated $e2, hv1 decapsulated $d1 (totals)"
	assert_eq "$d2" "$e1" "$name: hv2's decap_packets against hv1's encap_packets"
	assert_eq "$d1" "$e2" "$name: hv1's decap_packets against hv2's encap_packets"
	# (Router solicitations, with IPv6 on, are ignored: nd_ignored.)
	assert_stats hv1 "$TMPDIR/$name.hv1" 'switch.encap_packets>=1' \
		'switch.nd_ignored>=0' 'blue1.nd_ignored>=0'
	assert_stats hv2 "$TMPDIR/$name.hv2" 'switch.decap_packets>=1' \
		'switch.nd_ignored>=0' 'blue2.nd_ignored>=0'
}

# The VMs' own tunnel, over their eth0 (MTU 1500: VXLAN's is 1450).
nsx blue1 ip link add vx0 type vxlan id 42 local 10.0.0.5 remote 10.0.0.7 dstport 4789 dev eth0
nsx blue2 ip link add vx0 type vxlan id 42 local 10.0.0.7 remote 10.0.0.5 dstport 4789 dev eth0
ipn blue1 addr add 172.16.0.1/24 dev vx0
ipn blue2 addr add 172.16.0.2/24 dev vx0
ipn blue1 link set vx0 up
ipn blue2 link set vx0 up
assert_match 'tx-udp_tnl-segmentation: on' "$(nsx blue1 ethtool -k eth0)" "blue1's eth0 takes VXLAN GSO frames"
vm_ping blue1 172.16.0.2 1
transfer vxlan 172.16.0.2

# BIG TCP over IPv6 CAs (6.1 has it for IPv6 only).
for vm in blue1 blue2; do
	# MLD reports (ICMPv6 behind a hop-by-hop header) would be flooded
	# at any moment and not all be taken on the other side: dropped
	# before they leave, but not TCP behind the jumbo hop-by-hop header.
	nsx "$vm" tc qdisc add dev eth0 clsact
	nsx "$vm" tc filter add dev eth0 egress protocol ipv6 u32 \
		match u8 0 0xff at 6 match u8 58 0xff at 40 action drop
	nsx "$vm" sysctl -q -w net.ipv6.conf.eth0.disable_ipv6=0 net.ipv6.conf.eth0.accept_dad=0
done
ipn blue1 -6 addr add fd10::5/64 dev eth0 nodad
ipn blue2 -6 addr add fd10::7/64 dev eth0 nodad
for h in hv1 hv2; do
	vswctl_in "$h" policy add "$TOPO_SWITCH" vsid "$VSID_BLUE" ca fd10::5 \
		mac "${VM_MAC[blue1]}" pa "${TOPO_PA[hv1]}"
	vswctl_in "$h" policy add "$TOPO_SWITCH" vsid "$VSID_BLUE" ca fd10::7 \
		mac "${VM_MAC[blue2]}" pa "${TOPO_PA[hv2]}"
done
ipn blue1 link set eth0 gso_max_size 196608
# Under TCG TCP's pacing would keep frames small: ask for 127 segments.
nsx blue1 sysctl -q -w net.ipv4.tcp_min_tso_segs=127
vm_ping blue1 fd10::7 1 -6
# Not "tcp": over 64 KiB, a hop-by-hop jumbo option sits before TCP.
cap_start hv1 blue1 "$TMPDIR/big.pcap" 1 'ip6 and greater 65600'
transfer bigtcp fd10::7
cap_wait
