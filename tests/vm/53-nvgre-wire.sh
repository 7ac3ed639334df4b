#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 53-nvgre-wire: what vsw puts on the wire is NVGRE (RFC 7637) as tshark
# decodes it: outer IPv4 from the sender's PA to the receiver's, with DF;
# GRE version 0 with only the K bit set, protocol 0x6558 (transparent
# Ethernet bridging), key = VSID << 8 | FlowID; inside, the VMs' own
# Ethernet and IPv4 headers. The outer TTL and TOS follow "switch set".
#
#	blue1 --+  PA 192.168.4.11                PA 192.168.4.22  +-- blue2
#	        hv1 ======== wire/br0 (tcpdump) ======== hv2
#	red1  --+                                                  +-- red2

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_seed
# Resolve every neighbour (the VMs' ARP is answered on their host, the
# hosts' on the wire) so that the captures hold only the pings.
vm_ping blue1 10.0.0.7 1
vm_ping red1 10.0.0.7 1
mac_hv1=$(nsx hv1 cat /sys/class/net/nic0/address)
mac_hv2=$(nsx hv2 cat /sys/class/net/nic0/address)

FIELDS=(gre.flags.checksum gre.flags.routing gre.flags.key
	gre.flags.sequence_number gre.flags.strict_source_route
	gre.flags.recursion_control gre.flags.version gre.proto gre.key
	eth.src eth.dst ip.src ip.dst ip.proto ip.ttl ip.dsfield ip.flags.df
	ip.flags.mf ip.frag_offset icmp.type)

# check_wire PCAP TTL DSFIELD: every packet of PCAP is a well-formed NVGRE
# packet of one of the two pings (2 requests and 2 replies each), with the
# given outer TTL and DS field.
check_wire() {
	local why
	cap_fields "$1" "${FIELDS[@]}" >"$1.txt"
	say "$(cat "$1.txt")"
	why=$("$PYTHON" -S - "$1.txt" "$2" "$3" "$mac_hv1" "$mac_hv2" <<-'PY'
	import sys
	path, ttl, ds, mac1, mac2 = sys.argv[1:6]
	names = ["C", "R", "K", "S", "s", "recur", "ver", "proto", "key",
	         "eth_src", "eth_dst", "ip_src", "ip_dst", "ip_proto", "ttl",
	         "ds", "df", "mf", "frag", "icmp"]
	pa = {"hv1": "192.168.4.11", "hv2": "192.168.4.22"}
	nic = {"hv1": mac1, "hv2": mac2}
	vm = {(5001, "10.0.0.5"): "02:00:50:01:00:05",
	      (5001, "10.0.0.7"): "02:00:50:01:00:07",
	      (6001, "10.0.0.5"): "02:00:60:01:00:05",
	      (6001, "10.0.0.7"): "02:00:60:01:00:07"}
	true = lambda v: v in ("1", "True")
	false = lambda v: v in ("0", "False")
	bad, seen = [], {}
	for n, line in enumerate(open(path), 1):
	    f = dict(zip(names, line.rstrip("\n").split("|")))
	    def check(cond, what):
	        if not cond:
	            bad.append("packet %d: %s (%s)" % (n, what, line.strip()))
	    check(all(false(f[k]) for k in ("C", "R", "S", "s")), "C, R, S, s clear")
	    check(true(f["K"]), "K set")
	    check(int(f["recur"], 0) == 0 and int(f["ver"], 0) == 0,
	          "recursion 0, version 0")
	    check(int(f["proto"], 0) == 0x6558, "protocol 0x6558")
	    key = int(f["key"], 0)
	    vsid, flowid = key >> 8, key & 0xff
	    check(vsid in (5001, 6001), "VSID %d is Blue's or Red's" % vsid)
	    esrc, iesrc = f["eth_src"].split(",")
	    edst, iedst = f["eth_dst"].split(",")
	    osrc, isrc = f["ip_src"].split(",")
	    odst, idst = f["ip_dst"].split(",")
	    oproto, iproto = f["ip_proto"].split(",")
	    ottl = f["ttl"].split(",")[0]
	    ods = f["ds"].split(",")
	    req = f["icmp"] == "8"
	    frm, to = ("hv1", "hv2") if req else ("hv2", "hv1")
	    check(f["icmp"] in ("0", "8"), "an echo request or reply")
	    check((osrc, odst) == (pa[frm], pa[to]), "outer IPv4 %s -> %s" % (pa[frm], pa[to]))
	    check((esrc, edst) == (nic[frm], nic[to]), "outer Ethernet %s -> %s" % (nic[frm], nic[to]))
	    check(oproto == "47", "outer protocol GRE")
	    check(true(f["df"].split(",")[0]), "outer DF set")
	    check(false(f["mf"].split(",")[0]) and f["frag"].split(",")[0] == "0",
	          "outer not a fragment")
	    check(ottl == ttl, "outer TTL %s" % ttl)
	    check(int(ods[0], 0) == int(ds, 0), "outer DS field %s" % ds)
	    check(int(ods[1], 0) == 0x28, "inner DS field 0x28, as ping -Q set it")
	    ca = ("10.0.0.5", "10.0.0.7") if req else ("10.0.0.7", "10.0.0.5")
	    check((isrc, idst) == ca, "inner IPv4 %s -> %s" % ca)
	    check(iproto == "1", "inner ICMP")
	    check((iesrc, iedst) == (vm.get((vsid, ca[0])), vm.get((vsid, ca[1]))),
	          "inner Ethernet: VSID %d's VMs" % vsid)
	    k = (vsid, req)
	    seen[k] = seen.get(k, 0) + 1
	want = {(5001, True): 2, (5001, False): 2, (6001, True): 2, (6001, False): 2}
	if seen != want:
	    bad.append("packets per (VSID, request): %r, expected %r" % (seen, want))
	print("\n".join(bad))
	sys.exit(1 if bad else 0)
	PY
	) || fail "NVGRE on the wire: $why"
	say "ok: 8 NVGRE packets, each as RFC 7637 says (outer TTL $2, DS $3)"
}

# Defaults: TTL 64, TOS inherited from the inner packet.
assert_json 'j[0]["ttl"] == 64 and j[0]["tos"] == "inherit"' vswctl_in hv1 -j switch show sw0
cap_start wire br0 "$TMPDIR/default.pcap" 8 'ip proto 47'
vm_ping blue1 10.0.0.7 2 -Q 0x28
vm_ping red1 10.0.0.7 2 -Q 0x28
cap_wait
check_wire "$TMPDIR/default.pcap" 64 0x28

# Set on both hosts: TTL 17, TOS 0x48 whatever the inner one is.
for h in hv1 hv2; do
	vswctl_in $h switch set sw0 ttl 17 tos 0x48
done
assert_json 'j[0]["ttl"] == 17 and j[0]["tos"] == 0x48' vswctl_in hv1 -j switch show sw0
cap_start wire br0 "$TMPDIR/set.pcap" 8 'ip proto 47'
vm_ping blue1 10.0.0.7 2 -Q 0x28
vm_ping red1 10.0.0.7 2 -Q 0x28
cap_wait
check_wire "$TMPDIR/set.pcap" 17 0x48

