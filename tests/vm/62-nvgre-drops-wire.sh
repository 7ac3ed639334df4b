#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 62-nvgre-drops-wire: every check vsw makes on what arrives from the wire
# for its PA, each failed on purpose by one crafted packet (scapy), sent by
# hv1's NIC to hv2's PA, and seen to move the right drop counter of hv2's
# switch by exactly one per packet, and no other: malformed (bad header
# checksum, truncated packet, a GRE header cut short), inner_header (a
# runt inner IPv4),
# ip_options, fragment, gre_flags (C, S, R, no K, version 1),
# gre_protocol, reserved_vsid (0, 4095, 0xffffff), spoofed_pa (a sender
# whose record is at another PA), policy_miss_rx (an inner source CA
# without a record, IPv4 or IPv6: each with a miss event for the sender,
# carrying the outer source PA, to hv2's monitor; the frame is still
# never delivered),
# spoofed_mac (a MAC not the record's, Blue's frame in Red's VSID),
# no_local_port, inner_vlan, unsupported_protocol (inner ARP). The valid
# packets among them,
# whatever their FlowID, reach blue2's UDP sink; none of the others do.
#
#	hv1 nic0 --(crafted NVGRE)--> wire/br0 --> hv2 nic0 [vsw] --> blue2 udp sink :7000
#	192.168.4.11                               192.168.4.22        10.0.0.7

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_seed -v "blue1 blue2"
udp_sink blue2 7000 "$TMPDIR/blue2.got"
monitor_start hv2 "$TMPDIR/events"
MAC_HV1=$(nsx hv1 cat /sys/class/net/nic0/address)
MAC_HV2=$(nsx hv2 cat /sys/class/net/nic0/address)
export MAC_HV1 MAC_HV2

frames_build <<'PY'
import os
m1, m2 = os.environ["MAC_HV1"], os.environ["MAC_HV2"]
b1, b2, r1 = "02:00:50:01:00:05", "02:00:50:01:00:07", "02:00:60:01:00:05"
KEY = 5001 << 8 | 0x2a
def outer(src="192.168.4.11", **kw):
    kw.setdefault("flags", "DF")
    return Ether(src=m1, dst=m2) / IP(src=src, dst="192.168.4.22", ttl=64, **kw)
def gre(key=KEY, **kw):
    return GRE(key_present=1, key=key, proto=0x6558, **kw)
def inner(tok, src=b1, dst=b2, ca="10.0.0.5"):
    return (Ether(src=src, dst=dst) / IP(src=ca, dst="10.0.0.7") /
            UDP(sport=7000, dport=7000) / tok.encode())
frames["good"] = outer() / gre() / inner("good")
frames["good_flowid"] = outer() / gre(key=5001 << 8 | 0xd5) / inner("good-flowid-d5")
frames["bad_csum"] = outer(chksum=0x1234) / gre() / inner("bad-csum")
frames["bad_len"] = outer(len=400) / gre() / inner("bad-len")
frames["short_gre"] = outer(proto=47) / b"\x20\x00\x65\x58"
frames["inner_short"] = outer() / gre() / Ether(src=b1, dst=b2, type=0x0800) / b"\x45\x00\x00\x14"
frames["options"] = outer(options=[IPOption_NOP()] * 4) / gre() / inner("options")
frames["frag_mf"] = outer(flags="MF") / gre() / inner("frag-mf")
frames["frag_off"] = outer(flags=0, frag=64) / gre() / inner("frag-off")
frames["gre_csum"] = outer() / gre(chksum_present=1) / inner("gre-csum")
frames["gre_seq"] = outer() / gre(seqnum_present=1, sequence_number=1) / inner("gre-seq")
frames["gre_routing"] = outer() / gre(routing_present=1) / inner("gre-routing")
frames["gre_nokey"] = outer() / GRE(proto=0x6558) / inner("gre-nokey")
frames["gre_v1"] = outer() / gre(version=1) / inner("gre-v1")
frames["gre_proto"] = (outer() / GRE(key_present=1, key=KEY, proto=0x0800) /
                       IP(src="10.0.0.5", dst="10.0.0.7") / UDP(sport=7000, dport=7000) / b"gre-proto")
frames["vsid_0"] = outer() / gre(key=0x2a) / inner("vsid-0")
frames["vsid_4095"] = outer() / gre(key=4095 << 8) / inner("vsid-4095")
frames["vsid_max"] = outer() / gre(key=0xffffff00) / inner("vsid-max")
frames["pa_unknown"] = outer(src="192.168.4.33") / gre() / inner("pa-unknown")
frames["ca_unknown"] = outer() / gre() / inner("ca-unknown", ca="10.0.0.99")
frames["mac_spoof"] = outer() / gre() / inner("mac-spoof", src="02:00:50:01:00:66")
frames["cross_vsid"] = outer() / gre(key=6001 << 8) / inner("cross-vsid")
frames["cross_mac"] = outer() / gre(key=6001 << 8) / inner("cross-mac", src=r1)
frames["no_port"] = outer() / gre() / inner("no-port", dst="02:00:50:01:00:99")
frames["vlan"] = (outer() / gre() / Ether(src=b1, dst=b2) / Dot1Q(vlan=5) /
                  IP(src="10.0.0.5", dst="10.0.0.7") / UDP(sport=7000, dport=7000) / b"vlan")
frames["inner_arp"] = (outer() / gre() / Ether(src=b1, dst=b2) /
                       ARP(op=1, hwsrc=b1, psrc="10.0.0.5", pdst="10.0.0.7"))
frames["inner_ipv6"] = (outer() / gre() / Ether(src=b1, dst=b2) /
                        IPv6(src="fe80::5", dst="fe80::7") / UDP(sport=7000, dport=7000) / b"ipv6")
PY

# case_wire FRAMES EXPECT...: hv1's NIC sends the frames (names,
# space-separated) to hv2, whose counters must move as EXPECTed and
# deliver nothing unless EXPECTed.
case_wire() {
	local names=$1 n hex=() deliver=switch.decap_packets=0
	shift
	say "# case: $names"
	stats_snap hv2 "$TMPDIR/hv2.s"
	for n in $names; do
		hex+=("${FRAME[$n]}")
	done
	send_frames hv1 nic0 "${hex[@]}"
	[[ "$*" != *decap_packets* ]] || deliver=
	assert_stats hv2 "$TMPDIR/hv2.s" ${deliver:+"$deliver"} "$@"
}

# The valid ones first: FlowID is ignored.
case_wire "good good_flowid" switch.decap_packets=2 blue2.tx_packets=2
wait_until 30 test "$(grep -c . "$TMPDIR/blue2.got")" -ge 2
assert_eq "$(sort "$TMPDIR/blue2.got")" "$(printf '%s\n' '10.0.0.5 good' '10.0.0.5 good-flowid-d5')" \
	"what blue2 received"

case_wire "bad_csum bad_len short_gre" switch.malformed=3
case_wire "inner_short" switch.inner_header=1
case_wire "options" switch.ip_options=1
case_wire "frag_mf frag_off" switch.fragment=2
case_wire "gre_csum gre_seq gre_routing gre_nokey gre_v1" switch.gre_flags=5
case_wire "gre_proto" switch.gre_protocol=1
case_wire "vsid_0 vsid_4095 vsid_max" switch.reserved_vsid=3
# 10.0.0.5 has a record, at 192.168.4.11: from anywhere else it is
# spoofing. 10.0.0.99 and fe80::5 have none: a policy miss on receive,
# reported (a host fetching records on demand may not have it yet) and
# dropped all the same.
case_wire "pa_unknown" switch.spoofed_pa=1
case_wire "ca_unknown inner_ipv6" switch.policy_miss_rx=2
monitor_wait "$TMPDIR/events" 30 \
	'e["event"] == "miss" and e["vsid"] == 5001 and e["ca"] == "10.0.0.99" and e.get("pa") == "192.168.4.11" and "port" not in e'
monitor_wait "$TMPDIR/events" 30 \
	'e["event"] == "miss" and e["vsid"] == 5001 and e["ca"] == "fe80::5" and e.get("pa") == "192.168.4.11"'
case_wire "mac_spoof cross_vsid" switch.spoofed_mac=2
case_wire "no_port cross_mac" switch.no_local_port=2
case_wire "vlan" switch.inner_vlan=1
case_wire "inner_arp" switch.unsupported_protocol=1

# After all that, a valid one still goes through, and it is all blue2 got.
case_wire "good" switch.decap_packets=1 blue2.tx_packets=1
wait_until 30 test "$(grep -c . "$TMPDIR/blue2.got")" -ge 3
assert_eq "$(sort "$TMPDIR/blue2.got")" \
	"$(printf '%s\n' '10.0.0.5 good' '10.0.0.5 good' '10.0.0.5 good-flowid-d5')" "what blue2 received"
# Those two were the only misses: a sender with a record at another PA,
# or another MAC, is spoofing and reports nothing.
assert_eq "$(monitor_count "$TMPDIR/events" 'e["event"] == "miss"')" 2 "miss events on hv2"
# No port of hv2 saw a drop: they were all the uplink's.
assert_json 'all(v == 0 for p in j["ports"] for v in p["drops"].values())' \
	vswctl_in hv2 -j stats show sw0
