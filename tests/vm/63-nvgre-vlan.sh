#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 63-nvgre-vlan: a tenant's 802.1Q tag means nothing on the overlay. A VM's
# frame with one tag is switched without it: the NVGRE packet on the wire
# carries an untagged inner frame, and blue2 receives the datagram. A
# frame with two tags (802.1ad outside, 802.1Q inside) still has one after
# the first is stripped: dropped as unsupported_protocol.
#
# From the wire: NVGRE in a VLAN hv2 has not configured is left to the
# host stack (which drops it), a priority-tagged one is decapsulated, and
# an uplink that is a VLAN device (nic0.300) carries the tunnel tagged.
#
#	blue1 10.0.0.5 --(802.1Q 100)--> hv1 == wire/br0 (tcpdump) == hv2 --> blue2 udp sink :7000

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_seed -v "blue1 blue2"
udp_sink blue2 7000 "$TMPDIR/blue2.got"
vm_ping blue1 10.0.0.7 1

MAC_HV1=$(nsx hv1 cat /sys/class/net/nic0/address)
MAC_HV2=$(nsx hv2 cat /sys/class/net/nic0/address)
export MAC_HV1 MAC_HV2
frames_build <<'PY'
import os
m1, m2 = os.environ["MAC_HV1"], os.environ["MAC_HV2"]
b1, b2 = "02:00:50:01:00:05", "02:00:50:01:00:07"
def udp(tok):
    return IP(src="10.0.0.5", dst="10.0.0.7") / UDP(sport=7000, dport=7000) / tok
frames["tagged"] = Ether(src=b1, dst=b2) / Dot1Q(vlan=100, prio=5) / udp(b"tagged")
frames["qinq"] = Ether(src=b1, dst=b2, type=0x88a8) / Dot1Q(vlan=10) / Dot1Q(vlan=100) / udp(b"qinq")
# From the wire, for hv2's PA.
def nvgre(tok):
    return (IP(src="192.168.4.11", dst="192.168.4.22", flags="DF") /
            GRE(key_present=1, key=5001 << 8, proto=0x6558) /
            Ether(src=b1, dst=b2) / udp(tok))
frames["wire_vlan"] = Ether(src=m1, dst=m2) / Dot1Q(vlan=200) / nvgre(b"wire-vlan-200")
frames["wire_prio"] = Ether(src=m1, dst=m2) / Dot1Q(vlan=0, prio=3) / nvgre(b"wire-prio")
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

# The uplink's side. NVGRE for hv2's PA inside an 802.1Q tag hv2 has no
# VLAN device for is not hv2's (its stack takes such frames as another
# host's): vsw leaves it to the stack, and blue2 never sees it. A
# priority tag (VLAN 0) is the untagged network: decapsulated.
stats_snap hv2 "$TMPDIR/hv2.2"
send_frames hv1 nic0 "${FRAME[wire_vlan]}" "${FRAME[wire_prio]}"
wait_until 30 grep -q wire-prio "$TMPDIR/blue2.got"
assert_stats hv2 "$TMPDIR/hv2.2" switch.decap_packets=1
! grep -q wire-vlan "$TMPDIR/blue2.got" || fail "blue2 received NVGRE from VLAN 200, which hv2 has not configured"

# An uplink that is a VLAN device: the PAs move to nic0.300 on both hosts,
# and the tunnel runs tagged.
for h in hv1 hv2; do
	ipn "$h" link add link nic0 name nic0.300 type vlan id 300
	ipn "$h" addr del "${TOPO_PA[$h]}/24" dev nic0
	ipn "$h" addr add "${TOPO_PA[$h]}/24" dev nic0.300
	ipn "$h" link set nic0.300 up
	vswctl_in "$h" uplink set "$TOPO_SWITCH" dev nic0.300 pa "${TOPO_PA[$h]}"
done
stats_snap hv2 "$TMPDIR/hv2.3"
cap_start wire br0 "$TMPDIR/wire300.pcap" 1 'vlan 300 and ip proto 47'
udp_send blue1 10.0.0.7 7000 over-vlan-300
cap_wait
wait_until 30 grep -q over-vlan-300 "$TMPDIR/blue2.got"
assert_stats hv2 "$TMPDIR/hv2.3" switch.decap_packets=1
