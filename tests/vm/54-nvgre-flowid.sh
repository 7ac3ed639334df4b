#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 54-nvgre-flowid: the low byte of the GRE key, the FlowID, is a hash of
# the inner flow by default: different flows get different values (entropy
# for ECMP in the underlay), and every packet of one flow the same value
# (no reordering). "switch set flowid zero" makes it 0 for every packet;
# the VSID in the upper 24 bits never changes.
#
#	blue1 10.0.0.5 --+ hv1 ==== wire/br0 (tcpdump) ==== hv2 +-- blue2 10.0.0.7
#	  32 UDP flows, source ports 20000-20031, 2 datagrams each ->  sink :7000

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_seed -v "blue1 blue2"
udp_sink blue2 7000 "$TMPDIR/blue2.got"
vm_ping blue1 10.0.0.7 1

# flows PCAP: prints "sport flowid" for each packet of PCAP, checking that
# each is Blue's VSID.
flows() {
	cap_fields "$1" gre.key udp.srcport | "$PYTHON" -S -c '
import sys
for line in sys.stdin:
    key, sport = line.split("|")
    key = int(key, 0)
    if key >> 8 != 5001:
        sys.exit("key %#x: VSID %d, not 5001" % (key, key >> 8))
    print(sport.strip(), key & 0xff)
'
}

# Hash (the default): 32 flows, 2 packets each, from hv1 only.
assert_json 'j[0]["flowid"] == "hash"' vswctl_in hv1 -j switch show sw0
cap_start wire br0 "$TMPDIR/hash.pcap" 64 'ip proto 47 and src host 192.168.4.11'
udp_flows blue1 10.0.0.7 7000 20000 32 2
cap_wait
wait_until 30 test "$(grep -c . "$TMPDIR/blue2.got")" -ge 64
flows "$TMPDIR/hash.pcap" >"$TMPDIR/hash.txt" || fail "VSID in the key: $(cat "$TMPDIR/hash.txt")"
say "$(sort -n "$TMPDIR/hash.txt" | uniq -c | paste -sd ' ')"
assert_eq "$(cut -d' ' -f1 "$TMPDIR/hash.txt" | sort -u | wc -l)" 32 "flows captured"
assert_eq "$(sort -u "$TMPDIR/hash.txt" | wc -l)" 32 "one FlowID per flow"
n=$(cut -d' ' -f2 "$TMPDIR/hash.txt" | sort -u | wc -l)
# 32 flows hashed into 256 values: all in one value would be a broken hash
# (or none), not bad luck.
assert_match '^([4-9]|[1-9][0-9])$' "$n" "distinct FlowIDs among 32 flows"

# Zero: every key is exactly 5001 << 8.
vswctl_in hv1 switch set sw0 flowid zero
assert_json 'j[0]["flowid"] == "zero"' vswctl_in hv1 -j switch show sw0
cap_start wire br0 "$TMPDIR/zero.pcap" 64 'ip proto 47 and src host 192.168.4.11'
udp_flows blue1 10.0.0.7 7000 20000 32 2
cap_wait
flows "$TMPDIR/zero.pcap" >"$TMPDIR/zero.txt" || fail "VSID in the key: $(cat "$TMPDIR/zero.txt")"
assert_eq "$(cut -d' ' -f1 "$TMPDIR/zero.txt" | sort -u | wc -l)" 32 "flows captured"
assert_eq "$(cut -d' ' -f2 "$TMPDIR/zero.txt" | sort -u)" 0 "every FlowID (so every key is 0x00138900)"
wait_until 30 test "$(grep -c . "$TMPDIR/blue2.got")" -ge 128

# And back to hashing.
vswctl_in hv1 switch set sw0 flowid hash
assert_json 'j[0]["flowid"] == "hash"' vswctl_in hv1 -j switch show sw0
cap_start wire br0 "$TMPDIR/again.pcap" 32 'ip proto 47 and src host 192.168.4.11'
udp_flows blue1 10.0.0.7 7000 20000 32 1
cap_wait
flows "$TMPDIR/again.pcap" >"$TMPDIR/again.txt" || fail "VSID in the key: $(cat "$TMPDIR/again.txt")"
n=$(cut -d' ' -f2 "$TMPDIR/again.txt" | sort -u | wc -l)
assert_match '^([4-9]|[1-9][0-9])$' "$n" "distinct FlowIDs among 32 flows, hashing again"
