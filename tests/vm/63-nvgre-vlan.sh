#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 63-nvgre-vlan: a tenant's 802.1Q tag means nothing on the overlay. A VM's
# frame with one tag is switched without it: the NVGRE packet on the wire
# carries an untagged inner frame, and blue2 receives the datagram. A
# frame with two tags (802.1ad outside, 802.1Q inside) still has one after
# the first is stripped: dropped as unsupported_protocol.
#
#	blue1 10.0.0.5 --(802.1Q 100)--> hv1 == wire/br0 (tcpdump) == hv2 --> blue2 udp sink :7000

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_seed -v "blue1 blue2"
udp_sink blue2 7000 "$TMPDIR/blue2.got"
vm_ping blue1 10.0.0.7 1

frames_build <<'PY'
b1, b2 = "02:00:50:01:00:05", "02:00:50:01:00:07"
def udp(tok):
    return IP(src="10.0.0.5", dst="10.0.0.7") / UDP(sport=7000, dport=7000) / tok
frames["tagged"] = Ether(src=b1, dst=b2) / Dot1Q(vlan=100, prio=5) / udp(b"tagged")
frames["qinq"] = Ether(src=b1, dst=b2, type=0x88a8) / Dot1Q(vlan=10) / Dot1Q(vlan=100) / udp(b"qinq")
PY

stats_snap hv1 "$TMPDIR/hv1.0"
cap_start wire br0 "$TMPDIR/wire.pcap" 1 'ip proto 47'
send_frames blue1 eth0 "${FRAME[tagged]}"
cap_wait
wait_until 30 test -s "$TMPDIR/blue2.got"
assert_eq "$(cat "$TMPDIR/blue2.got")" "10.0.0.5 tagged" "what blue2 received"
IFS='|' read -r protos key < <(cap_fields "$TMPDIR/wire.pcap" frame.protocols gre.key)
assert_eq "$protos" "eth:ethertype:ip:gre:eth:ethertype:ip:udp:data" "an untagged inner frame on the wire"
assert_eq "$((key >> 8))" 5001 "its VSID"
assert_stats hv1 "$TMPDIR/hv1.0" switch.encap_packets=1

stats_snap hv1 "$TMPDIR/hv1.1"
send_frames blue1 eth0 "${FRAME[qinq]}"
assert_stats hv1 "$TMPDIR/hv1.1" switch.unsupported_protocol=1 blue1.unsupported_protocol=1 \
	switch.encap_packets=0
assert_eq "$(cat "$TMPDIR/blue2.got")" "10.0.0.5 tagged" "what blue2 received, in the end"
