#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 480
#
# 68-nvgre-inner: the tenant's packet inside, from the wire and from a VM
# (kmod/inner.c, RFC 6040 in kmod/nvgre.c, ND in kmod/port.c).
#   - From the wire, over an IPv4 and an IPv6 underlay, NVGRE cut at every
#     byte offset from the end of the outer IP header through the inner
#     Ethernet, IPv4+UDP, IPv6+UDP, ARP and ND (NS) headers, with the
#     outer length made to agree with the cut: malformed up to the end of
#     the inner Ethernet header, then inner_header while the inner IP
#     header is not whole, inner_truncated after (its length says more
#     than there is); an NS whose own length agrees with the cut is
#     inner_truncated too; ARP is unsupported_protocol however it is cut.
#     Cut inside the outer IPv6 header it is the host stack's (vsw's
#     counters do not move).
#   - From blue1 (a port), the same inner packets cut at every offset of
#     their headers: inner_header or inner_truncated on blue1's port.
#   - From blue1, RA, NA and Redirect behind a Hop-by-Hop or Destination
#     Options header, or in a fragment (RFC 6980): nd_ignored, and none
#     leaves hv1; a first fragment without its ICMPv6 type:
#     inner_truncated.
#   - ECN (RFC 6040): outer CE over an inner ECT(0) arrives as CE (DSCP
#     kept, IPv4 checksum right), outer ECT(1) over ECT(0) as ECT(1);
#     outer CE over an inner Not-ECT is dropped (ecn). IPv4 and IPv6,
#     inside and outside.
# Meanwhile blue2 captures every IP frame it gets: exactly the well-formed
# control frames, after everything else was sent, and nothing else.
#
#	blue1 --(crafted)--> hv1 [vsw] nic0 ==wire== nic0 [vsw] hv2 --> blue2 (capture, sink :7000)
#	                     hv1 nic0 --(crafted NVGRE, IPv4 and IPv6)-->

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/vm/ipv6-lib.sh
. "$(dirname "$0")/ipv6-lib.sh"

# IPv4 CAs with IPv6 PAs; the VMs have no IPv6 and send nothing of their
# own. Records for the crafted frames: fd10::5 and fd10::7 (IPv6 PAs),
# and 10.0.0.15, blue1's second address, at hv1's IPv4 PA.
topo6 4 6
for h in hv1 hv2; do
	vswctl_in "$h" policy add sw0 vsid 5001 ca fd10::5 mac 02:00:50:01:00:05 pa fd00:4::11
	vswctl_in "$h" policy add sw0 vsid 5001 ca fd10::7 mac 02:00:50:01:00:07 pa fd00:4::22
	vswctl_in "$h" policy add sw0 vsid 5001 ca 10.0.0.15 mac 02:00:50:01:00:05 pa 192.168.4.11
done
nsx blue1 ip neigh replace 10.0.0.7 lladdr 02:00:50:01:00:07 dev eth0 nud permanent
nsx blue2 ip neigh replace 10.0.0.5 lladdr 02:00:50:01:00:05 dev eth0 nud permanent
nsx blue2 ip neigh replace 10.0.0.15 lladdr 02:00:50:01:00:05 dev eth0 nud permanent
udp_sink blue2 7000 "$TMPDIR/blue2.got"
MAC_HV1=$(nsx hv1 cat /sys/class/net/nic0/address)
MAC_HV2=$(nsx hv2 cat /sys/class/net/nic0/address)
export MAC_HV1 MAC_HV2

frames_build <<'PY'
import os, struct
m1, m2 = os.environ["MAC_HV1"], os.environ["MAC_HV2"]
b1, b2 = "02:00:50:01:00:05", "02:00:50:01:00:07"
KEY = 5001 << 8 | 0x2a
def gre():
    return GRE(key_present=1, key=KEY, proto=0x6558)
def outer4(tos=0):
    return Ether(src=m1, dst=m2) / IP(src="192.168.4.11", dst="192.168.4.22", ttl=64, flags="DF", tos=tos) / gre()
def outer6(tc=0):
    return Ether(src=m1, dst=m2) / IPv6(src="fd00:4::11", dst="fd00:4::22", hlim=64, tc=tc) / gre()
def udp4(tok, src="10.0.0.5", tos=0):
    return Ether(src=b1, dst=b2) / IP(src=src, dst="10.0.0.7", tos=tos) / UDP(sport=7000, dport=7000) / tok.encode()
def udp6(tok, tc=0):
    return Ether(src=b1, dst=b2) / IPv6(src="fd10::5", dst="fd10::7", tc=tc) / UDP(sport=7000, dport=7000) / tok.encode()
def arp():
    return Ether(src=b1, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=b1, psrc="10.0.0.5", pdst="10.0.0.7")
def ns():
    return (Ether(src=b1, dst=b2) / IPv6(src="fd10::5", dst="fd10::7", hlim=255) /
            ICMPv6ND_NS(tgt="fd10::7") / ICMPv6NDOptSrcLLAddr(lladdr=b1))
def fix(raw, n, at):
    # Cut at n, the length field of the IP header at @at made to agree.
    b = bytearray(raw[:n])
    if n < at + 20:
        return bytes(b)
    if b[at] >> 4 == 4:
        b[at + 2:at + 4] = struct.pack("!H", n - at)
        b[at + 10:at + 12] = b"\0\0"
        b[at + 10:at + 12] = struct.pack("!H", checksum(bytes(b[at:at + 20])))
    elif n >= at + 40:
        b[at + 4:at + 6] = struct.pack("!H", n - at - 40)
    return bytes(b)
def cuts(prefix, raw, first, reason):
    # reason(n) names the drop of the packet cut at n (a name of the frame).
    for n in range(first, len(raw)):
        frames["%s_%s_%d" % (prefix, reason(n), n)] = raw[:n]
# From the wire: outer IP at 14, inner Ethernet at 42 (IPv4) or 62, inner
# IP at 56 or 76.
for u, outer, eth in (("w4", outer4, 42), ("w6", outer6, 62)):
    ip = eth + 14
    for kind, inner in (("ip4", udp4("cut")), ("ip6", udp6("cut")), ("arp", arp()), ("ns", ns())):
        raw = bytes(outer() / inner)
        hl = 20 if kind == "ip4" else 40
        def why(n, kind=kind, ip=ip, hl=hl):
            if n < ip:
                return "malformed"
            if kind == "arp":
                return "unsupported"
            return "header" if n < ip + hl else "truncated"
        for n in range(eth - 8, len(raw)):
            frames["%s_%s_%s_%d" % (u, kind, why(n), n)] = fix(raw, n, 14)
    # An NS whose own length agrees with the cut, inside its ICMPv6 part.
    raw = bytes(outer() / ns())
    for n in range(ip + 40, ip + 40 + 24):
        frames["%s_nsfix_truncated_%d" % (u, n)] = fix(fix(raw, n, 14), n, ip)
# Cut inside the outer IPv6 header: the host's.
raw = bytes(outer6() / udp6("host"))
for n in range(14, 54):
    frames["w6_host_%d" % n] = fix(raw, n, 14)
# From blue1: the same, cut at every offset of the network header on.
for kind, inner in (("ip4", udp4("cut")), ("ip6", udp6("cut")), ("arp", arp()), ("ns", ns())):
    raw = bytes(inner)
    hl = 20 if kind == "ip4" else 40
    for n in range(14, len(raw)):
        r = "truncated" if kind == "arp" or n >= 14 + hl else "header"
        frames["vm_%s_%s_%d" % (kind, r, n)] = raw[:n]
raw = bytes(ns())
for n in range(54, 54 + 24):
    frames["vm_nsfix_truncated_%d" % n] = fix(raw, n, 14)
# Rogue ND from blue1, hidden.
def v6(dst, dmac, src="fe80::5"):
    return Ether(src=b1, dst=dmac) / IPv6(src=src, dst=dst, hlim=255)
rogue = {
    "ra": (v6("ff02::1", "33:33:00:00:00:01"), ICMPv6ND_RA() / ICMPv6NDOptSrcLLAddr(lladdr=b1) /
           ICMPv6NDOptPrefixInfo(prefix="fd66::", prefixlen=64)),
    "na": (v6("fd10::7", b2, "fd10::5"), ICMPv6ND_NA(tgt="fd10::7", R=0, S=0, O=1) / ICMPv6NDOptDstLLAddr(lladdr=b1)),
    "redirect": (v6("fd10::7", b2, "fd10::5"), ICMPv6ND_Redirect(tgt="fd10::1", dst="fd10::99")),
}
for name, (hdr, msg) in rogue.items():
    frames["nd_hbh_" + name] = hdr / IPv6ExtHdrHopByHop() / msg
    frames["nd_dst_" + name] = hdr / IPv6ExtHdrDestOpt() / msg
    frames["nd_hbhdst_" + name] = hdr / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() / msg
    frames["nd_frag_" + name] = hdr / IPv6ExtHdrFragment(m=1, id=7) / msg
    frames["nd_atomic_" + name] = hdr / IPv6ExtHdrFragment(m=0, id=8) / msg
# A first fragment that ends before the ICMPv6 type (RFC 7112).
frames["nd_tiny"] = bytes(v6("fd10::7", b2) / IPv6ExtHdrFragment(m=1, id=9, nh=58))
# ECN (RFC 6040): outer over inner.
frames["ecn4_ce"] = outer6(tc=3) / udp4("ecn4-ce", tos=0xb8 | 2)
frames["ecn4_ect1"] = outer6(tc=1) / udp4("ecn4-ect1", tos=2)
frames["ecn4_notect"] = outer6(tc=3) / udp4("ecn4-notect")
frames["ecn44_ce"] = outer4(tos=3) / udp4("ecn44-ce", src="10.0.0.15", tos=2)
frames["ecn44_notect"] = outer4(tos=3) / udp4("ecn44-notect", src="10.0.0.15")
frames["ecn6_ce"] = outer6(tc=0xb8 | 3) / udp6("ecn6-ce", tc=0x20 | 2)
frames["ecn6_notect"] = outer6(tc=3) / udp6("ecn6-notect")
# The control frames.
frames["ctl_w4"] = outer4() / udp4("ctl-w4", src="10.0.0.15")
frames["ctl_w6"] = outer6() / udp6("ctl-w6")
frames["ctl_vm4"] = udp4("ctl-vm4")
frames["ctl_vm6"] = udp6("ctl-vm6")
PY

# The names of FRAME matching a glob.
names() {
	local n
	for n in "${!FRAME[@]}"; do
		# shellcheck disable=SC2053 # a glob on purpose
		if [[ $n == $1 ]]; then
			printf '%s\n' "$n"
		fi
	done | sort -V
}

# send NS IFNAME GLOB -- EXPECT...: NS's IFNAME sends the frames; the
# counters of the host NS's switch move as EXPECTed (N: how many).
send() {
	local ns=$1 ifname=$2 hex=() n list
	shift 2
	list=()
	while [[ $1 != -- ]]; do
		mapfile -t -O "${#list[@]}" list < <(names "$1")
		shift
	done
	shift
	for n in "${list[@]}"; do
		hex+=("${FRAME[$n]}")
	done
	say "sending ${#hex[@]} frames"
	stats_snap "$SNAP_NS" "$TMPDIR/snap"
	send_frames "$ns" "$ifname" "${hex[@]}"
	assert_stats "$SNAP_NS" "$TMPDIR/snap" "$@"
}
count() { names "$1" | wc -l; }

# blue2 captures every IP frame from here on: the control frames only.
# The capture spans the whole test, not one exchange.
CAP_TIMEOUT=400
cap_start blue2 eth0 "$TMPDIR/blue2.pcap" 8 ip or ip6

SNAP_NS=hv2
for u in w4 w6; do
	send hv1 nic0 "${u}_*_malformed_*" -- switch.malformed="$(count "${u}_*_malformed_*")" \
		switch.decap_packets=0
	send hv1 nic0 "${u}_*_header_*" -- switch.inner_header="$(count "${u}_*_header_*")" \
		switch.decap_packets=0
	send hv1 nic0 "${u}_*_truncated_*" -- switch.inner_truncated="$(count "${u}_*_truncated_*")" \
		switch.decap_packets=0
	send hv1 nic0 "${u}_*_unsupported_*" -- \
		switch.unsupported_protocol="$(count "${u}_*_unsupported_*")" switch.decap_packets=0
done
send hv1 nic0 'w6_host_*' -- switch.decap_packets=0
send hv1 nic0 'ecn*_notect' -- switch.ecn=3 switch.decap_packets=0

SNAP_NS=hv1
n=$(count 'vm_*_header_*')
send blue1 eth0 'vm_*_header_*' -- switch.inner_header="$n" blue1.inner_header="$n" \
	switch.encap_packets=0
n=$(count 'vm_*_truncated_*')
send blue1 eth0 'vm_*_truncated_*' -- switch.inner_truncated="$n" blue1.inner_truncated="$n" \
	switch.encap_packets=0
n=$(count 'nd_*_*')
send blue1 eth0 'nd_*_*' -- switch.nd_ignored="$n" blue1.nd_ignored="$n" switch.encap_packets=0
send blue1 eth0 nd_tiny -- switch.inner_truncated=1 blue1.inner_truncated=1 switch.encap_packets=0

# Now what must arrive, in this order.
SNAP_NS=hv2
send hv1 nic0 ecn4_ce ecn4_ect1 ecn44_ce ecn6_ce ctl_w4 ctl_w6 -- switch.decap_packets=6 \
	blue2.tx_packets=6
send blue1 eth0 ctl_vm4 ctl_vm6 -- switch.decap_packets=2 blue2.tx_packets=2
cap_wait

# Each frame: its length, its DSCP and ECN, whether its IPv4 header
# checksum is right, its payload.
# shellcheck disable=SC2016 # Python code
got=$("$PYTHON" -S -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
off = 24
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s
while off < len(d):
    n = struct.unpack("<I", d[off + 8:off + 12])[0]
    f = d[off + 16:off + 16 + n]
    off += 16 + n
    if f[12:14] == b"\x08\x00":
        ds, ok, pay = f[15], "ok" if csum(f[14:34]) == 0xffff else "bad", f[42:]
    else:
        ds, ok, pay = (struct.unpack("!I", f[14:18])[0] >> 20) & 0xff, "-", f[62:]
    print(len(f), "0x%02x" % ds, ok, pay.decode(errors="replace"))
' "$TMPDIR/blue2.pcap")
say "$got"
# Inner DSCP and ECN as RFC 6040 makes them, IPv4 checksums right.
assert_eq "$got" "$(printf '%s\n' \
	"49 0xbb ok ecn4-ce" "51 0x01 ok ecn4-ect1" "50 0x03 ok ecn44-ce" \
	"69 0x23 - ecn6-ce" "48 0x00 ok ctl-w4" "68 0x00 - ctl-w6" \
	"49 0x00 ok ctl-vm4" "69 0x00 - ctl-vm6")" "the frames blue2 got"
wait_until 30 grep -q ctl-vm4 "$TMPDIR/blue2.got"
assert_eq "$(cut -d' ' -f2 "$TMPDIR/blue2.got")" "$(printf '%s\n' ecn4-ce ecn4-ect1 ecn44-ce ctl-w4 ctl-vm4)" \
	"what blue2's UDP sink got"
