#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 480
#
# 80-robust-wire: a barrage of malformed NVGRE, crafted with scapy and sent
# by hv1's NIC to hv2's PA while Blue's VMs keep a UDP flow going through
# the same switch. Every packet is dropped and counted under its reason,
# exactly once, and nothing of it reaches a VM:
#   - a valid packet cut at every byte offset through the outer IPv4, GRE,
#     inner Ethernet and inner IPv4 (or ARP) headers, as cut (the outer
#     length then says more than there is) and with the outer length and
#     checksum made to agree: malformed (inner_header once cut inside the
#     inner IPv4 header: 68-nvgre-inner has the rest); but cut inside the outer IPv4
#     header it cannot be told from any other IPv4 and is the host
#     stack's to drop (its InHdrErrors counts them; vsw's counters not);
#     an inner ARP is unsupported_protocol however it is cut;
#   - GRE with K clear, C, R or S set, recursion or version bits: gre_flags;
#   - GRE protocols other than 0x6558: gre_protocol;
#   - reserved VSIDs 0-4095 and 0xffffff: reserved_vsid;
#   - VSIDs nobody uses, GRE inside GRE aimed at a PA: their senders have
#     no record there, policy_miss_rx;
#   - inner 802.1Q and 802.1ad: inner_vlan;
#   - outer fragments: fragment; outer options: ip_options; bad outer
#     IHL, version or checksum: malformed.
# GRE inside NVGRE between two CAs of the tenant is the tenant's own
# traffic: it is decapsulated once and delivered, never decapsulated again.
# The flow blue1 -> blue2 goes on during the barrage.
#
#	blue1 --flow :7100--> hv1 [vsw] nic0 ==wire== nic0 [vsw] hv2 --> blue2 sinks :7000 (barrage), :7100 (flow)
#	                      hv1 nic0 --(crafted)-->

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_seed -v "blue1 blue2"
nsx blue1 ip neigh replace 10.0.0.7 lladdr 02:00:50:01:00:07 dev eth0 nud permanent
nsx blue2 ip neigh replace 10.0.0.5 lladdr 02:00:50:01:00:05 dev eth0 nud permanent
udp_sink blue2 7000 "$TMPDIR/barrage.got"
udp_sink blue2 7100 "$TMPDIR/flow.got"
MAC_HV1=$(nsx hv1 cat /sys/class/net/nic0/address)
MAC_HV2=$(nsx hv2 cat /sys/class/net/nic0/address)
export MAC_HV1 MAC_HV2

frames_build <<'PY'
import os
m1, m2 = os.environ["MAC_HV1"], os.environ["MAC_HV2"]
b1, b2 = "02:00:50:01:00:05", "02:00:50:01:00:07"
KEY = 5001 << 8 | 0x2a
def outer(src="192.168.4.11", dst="192.168.4.22", **kw):
    kw.setdefault("flags", "DF")
    return Ether(src=m1, dst=m2) / IP(src=src, dst=dst, ttl=64, **kw)
def gre(key=KEY, **kw):
    return GRE(key_present=1, key=key, proto=0x6558, **kw)
def inner(tok, ca="10.0.0.5"):
    return (Ether(src=b1, dst=b2) / IP(src=ca, dst="10.0.0.7") /
            UDP(sport=7000, dport=7000) / tok.encode())
def inner_arp():
    return Ether(src=b1, dst=b2) / ARP(op=1, hwsrc=b1, psrc="10.0.0.5", pdst="10.0.0.7")
def consistent(raw):
    # The outer IPv4 length and checksum made to agree with a cut packet.
    p = Ether(raw)
    if IP in p:
        p[IP].len = len(raw) - 14
        del p[IP].chksum
    return bytes(p)[:len(raw)]
def cuts(name, pkt, first, last):
    raw = bytes(pkt)
    for n in range(first, last):
        frames["%s_%d" % (name, n)] = raw[:n]
# Header ends: outer IPv4 34, GRE 42, inner Ethernet 56, inner IPv4 76,
# inner ARP 84.
good = outer() / gre() / inner("cut")
arp = outer() / gre() / inner_arp()
cuts("host", good, 14, 34)
cuts("cut", good, 34, len(bytes(good)))
cuts("cutarp", arp, 34, len(bytes(arp)))
for n in range(34, 56):
    frames["fix_%d" % n] = consistent(bytes(good)[:n])
for n in range(56, 76):
    frames["fixip_%d" % n] = consistent(bytes(good)[:n])
for n in range(56, 84):
    frames["fixarp_%d" % n] = consistent(bytes(arp)[:n])
frames["ihl4"] = bytes(outer(ihl=4) / gre() / inner("ihl4"))
frames["v6"] = bytes(outer(version=6) / gre() / inner("v6"))
frames["csum"] = bytes(outer(chksum=0xbad) / gre() / inner("csum"))
frames["nokey"] = outer() / GRE(proto=0x6558) / inner("nokey")
frames["c"] = outer() / gre(chksum_present=1) / inner("c")
frames["r"] = outer() / gre(routing_present=1) / inner("r")
frames["s"] = outer() / gre(seqnum_present=1, sequence_number=7) / inner("s")
frames["strict"] = outer() / gre(strict_route_source=1) / inner("strict")
for rec in (1, 4, 7):
    frames["rec%d" % rec] = outer() / gre(recursion_control=rec) / inner("rec")
for ver in (1, 2, 7):
    frames["ver%d" % ver] = outer() / gre(version=ver) / inner("ver")
for proto in (0x0000, 0x0800, 0x86dd, 0x88be, 0x6559, 0x8100):
    frames["proto_%04x" % proto] = (outer() / GRE(key_present=1, key=KEY, proto=proto) /
                                    inner("proto"))
for vsid in (0, 1, 100, 4095, 0xffffff):
    frames["vsid_%x" % vsid] = outer() / gre(key=vsid << 8 | 0x11) / inner("vsid")
for vsid in (4096, 7777, 0xfffffe):
    frames["unknown_%x" % vsid] = outer() / gre(key=vsid << 8) / inner("unknown")
# NVGRE inside NVGRE, the inner one from hv1's PA to hv2's: an attempt to
# get a packet decapsulated twice.
frames["greingre_pa"] = (outer() / gre() / Ether(src=b1, dst=b2) /
                         IP(src="192.168.4.11", dst="192.168.4.22") / gre() / inner("twice"))
frames["greingre_proto"] = (outer() / GRE(key_present=1, key=KEY, proto=0x0800) /
                            IP(src="192.168.4.11", dst="192.168.4.22") / gre() / inner("twice"))
# The tenant's own GRE, between its CAs.
frames["greingre_ca"] = (outer() / gre() / Ether(src=b1, dst=b2) /
                         IP(src="10.0.0.5", dst="10.0.0.7") / gre() / inner("tenant-gre"))
frames["vlan"] = (outer() / gre() / Ether(src=b1, dst=b2) / Dot1Q(vlan=7) /
                  IP(src="10.0.0.5", dst="10.0.0.7") / UDP(sport=7000, dport=7000) / b"vlan")
frames["qinq"] = (outer() / gre() / Ether(src=b1, dst=b2, type=0x88a8) / Dot1Q(vlan=7) /
                  IP(src="10.0.0.5", dst="10.0.0.7") / UDP(sport=7000, dport=7000) / b"qinq")
frames["frag_mf"] = outer(flags="MF") / gre() / inner("mf")
frames["frag_off"] = outer(flags=0, frag=8) / gre() / inner("off")
frames["frag_last"] = outer(flags=0, frag=185) / gre() / inner("last")
frames["frag_df_off"] = outer(flags="DF", frag=1) / gre() / inner("dfoff")
for n in (1, 2, 10):
    frames["opt%d" % n] = outer(options=[IPOption_NOP()] * (4 * n - 1) + [IPOption_EOL()]) / gre() / inner("opt")
frames["opt_ra"] = outer(options=[IPOption_Router_Alert()]) / gre() / inner("ra")
PY

# The names of FRAME matching a glob, in order of their number.
names() {
	local n
	for n in "${!FRAME[@]}"; do
		# shellcheck disable=SC2053 # a glob on purpose
		[[ $n == $1 ]] || continue
		printf '%s\n' "$n"
	done | sort -V
}

# shellcheck disable=SC2016 # awk code
hv2_ip() { nsx hv2 awk '/^Ip:/ { if (h) { print $(f) } else { for (i = 1; i <= NF; i++) if ($i == "InHdrErrors") f = i; h = 1 } }' /proc/net/snmp; }

# wire NAMES... -- EXPECT...: hv1's NIC sends the frames; hv2's counters
# must move as EXPECTed, and no other drop counter.
wire() {
	local hex=() n
	while [[ $1 != -- ]]; do
		hex+=("${FRAME[$1]}")
		shift
	done
	shift
	stats_snap hv2 "$TMPDIR/hv2.s"
	send_frames hv1 nic0 "${hex[@]}"
	assert_stats hv2 "$TMPDIR/hv2.s" "$@"
}

# Before the flow: the tenant's own GRE is delivered, once.
wire greingre_ca -- switch.decap_packets=1 blue2.tx_packets=1
mapfile -t host < <(names 'host_*')

udp_flood blue1 10.0.0.7 7100 600
flood=$BG_PID
wait_until 60 test -s "$TMPDIR/flow.got"
flow0=$(wc -l <"$TMPDIR/flow.got")

ip0=$(hv2_ip)
# shellcheck disable=SC2046 # names are words
wire "${host[@]}" -- switch.decap_packets'>=0'
assert_eq "$(($(hv2_ip) - ip0))" "${#host[@]}" "hv2's host stack counted the ${#host[@]} cut IPv4 headers"

mapfile -t cut < <(names 'cut_*')
mapfile -t cutarp < <(names 'cutarp_*')
mapfile -t fix < <(names 'fix_*')
wire "${cut[@]}" "${cutarp[@]}" "${fix[@]}" ihl4 v6 csum -- \
	switch.malformed=$((${#cut[@]} + ${#cutarp[@]} + ${#fix[@]} + 3)) switch.decap_packets'>=0'
mapfile -t fixip < <(names 'fixip_*')
wire "${fixip[@]}" -- switch.inner_header=${#fixip[@]} switch.decap_packets'>=0'
mapfile -t fixarp < <(names 'fixarp_*')
wire "${fixarp[@]}" -- switch.unsupported_protocol=${#fixarp[@]} switch.decap_packets'>=0'
wire nokey c r s strict rec1 rec4 rec7 ver1 ver2 ver7 -- switch.gre_flags=11 switch.decap_packets'>=0'
mapfile -t proto < <(names 'proto_*')
wire "${proto[@]}" greingre_proto -- switch.gre_protocol=$((${#proto[@]} + 1)) switch.decap_packets'>=0'
mapfile -t vsid < <(names 'vsid_*')
wire "${vsid[@]}" -- switch.reserved_vsid=${#vsid[@]} switch.decap_packets'>=0'
mapfile -t unknown < <(names 'unknown_*')
wire "${unknown[@]}" greingre_pa -- switch.policy_miss_rx=$((${#unknown[@]} + 1)) switch.decap_packets'>=0'
wire vlan qinq -- switch.inner_vlan=2 switch.decap_packets'>=0'
wire frag_mf frag_off frag_last frag_df_off -- switch.fragment=4 switch.decap_packets'>=0'
wire opt1 opt2 opt10 opt_ra -- switch.ip_options=4 switch.decap_packets'>=0'
flow1=$(wc -l <"$TMPDIR/flow.got")

# The flow kept going through the barrage, and its end still arrives.
((flow1 > flow0)) || fail "the flow stalled during the barrage ($flow0 -> $flow1 datagrams)"
say "ok: the flow delivered $((flow1 - flow0)) datagrams during the barrage"
kill "$flood"
wait "$flood" 2>/dev/null || true
udp_send blue1 10.0.0.7 7100 after-barrage
wait_until 30 grep -q 'after-barrage' "$TMPDIR/flow.got"
# Nothing of the barrage reached a VM, and only the flow moved blue2.
assert_eq "$(cat "$TMPDIR/barrage.got")" "" "what blue2 got of the barrage"
assert_json 'all(v == 0 for p in j["ports"] for v in p["drops"].values())' \
	vswctl_in hv2 -j stats show sw0
