#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 71-sflow-local: a known number of frames through a port sampled 1 in 50,
# exported by vsw-sflowd to a collector, decoded by tshark and by a strict
# decoder. The samples must be what sFlow promises:
#  - every datagram decodes as sFlow v5, without malformed marks;
#  - as many flow samples as the kernel took, within 5 sigma of the
#    binomial around frames/50, and the effective rate (pool deltas over
#    sample counts, from the datagrams) within 20% of 50;
#  - the pool of each sample is exactly the sampled frame's place in the
#    sampler's count (the frames carry their number): the sampled frame
#    and every frame before it, none after; it ends at most at the
#    sampler's pool, which is exactly the frames sent;
#  - a short burst (1,000 frames from blue3, sampled 1 in 4 on its port)
#    too: exact pools, effective rate within 20% of 4;
#  - the sampled headers are the frames sent (MACs, addresses, ports);
#  - input is blue1's port, output blue3's (local delivery), the VSID 5001
#    is there (extended_vni_egress);
#  - datagram and per-sampler sequence numbers have no gap, no drops;
#  - counter samples come every 2 s (POLL), and blue1's port's octets and
#    packets are those of "vswctl stats".
#
#	blue1 10.0.0.5 --[port blue1, sampled 1/50]-- hv1 sw0 --[port blue3]-- blue3 10.0.0.9
#	                                              hv1: vsw-sflowd -> collector 127.0.0.1
#
# vm-timeout: 600

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/vm/sflow-lib.sh
. "$(dirname "$0")/sflow-lib.sh"

require_cmd tshark
FRAMES=${SFLOW_FRAMES:-20000}
RATE=50
POLL=2

topo_vm_define blue3 hv1 $VSID_BLUE 10.0.0.9 02:00:50:01:00:09
topo_seed
topo_vm blue3
topo_port blue3
topo_policy hv1 blue3
vm_ping blue1 10.0.0.9 2
# ARP answered by vsw's proxy is drawn by the sampler but never reaches
# psample (kmod/arp.c consumes the request without vsw_sample_emit()), so
# the VMs here never ARP during the measurement: permanent neighbours.
nsx blue1 ip neigh replace 10.0.0.9 lladdr 02:00:50:01:00:09 dev eth0 nud permanent

assert_fail_with 'not a port or the uplink' vswctl_in hv1 sample set sw0 dev lo rate 50
assert_ok vswctl_in hv1 sample set sw0 dev blue1 rate $RATE
assert_json 'len(j) == 1 and j[0]["dev"] == "blue1" and j[0]["rate"] == 50 and j[0]["group"] == 1 and j[0]["trunc"] == 128 and j[0]["pool"] == 0' \
	vswctl_in hv1 -j sample show sw0

cap=$TMPDIR/sflow.pcap
sflow_collector hv1 "$cap"
sflowd_start hv1 -p $POLL
grep -q "agent 192.168.4.11," "$TMPDIR/sflowd.log" ||
	fail "the agent address is not the uplink's PA"
udp_discard blue3 5000

blue1_if=$(nsx hv1 cat /sys/class/net/blue1/ifindex)
blue3_if=$(nsx hv1 cat /sys/class/net/blue3/ifindex)
pool0=$(sample_json hv1 blue1 pool)
stats_snap hv1 "$TMPDIR/before"
start=$EPOCHREALTIME
udp_blast blue1 10.0.0.9 5000 "$FRAMES"
say "sent $FRAMES frames in $(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $start }") s"
assert_stats hv1 "$TMPDIR/before" "blue1.rx_packets=$FRAMES" \
	"blue3.tx_packets=$FRAMES"

pool=$(sample_json hv1 blue1 pool)
taken=$(sample_json hv1 blue1 samples)
assert_eq "$((pool - pool0))" "$FRAMES" "the sampler's pool grew by the frames sent"
say "the kernel sampled $taken of $pool frames"

# Every sample the kernel took reaches the collector.
sflow_wait "$cap" 60 "len(flows(d, $blue1_if)) >= $taken"
sleep 1
sflow_tshark_clean "$cap"

sflow_py "$cap" '
import json
blue1, blue3, pool0, frames, rate, taken, pool_end = map(int, sys.argv[2:9])
f = flows(d, blue1)
n = len(f)
print("%d datagrams, %d flow samples" % (len(d), n))
assert n == taken, "%d flow samples, the kernel took %d" % (n, taken)
p = 1 / rate
mean, sigma = frames * p, (frames * p * (1 - p)) ** 0.5
assert abs(n - mean) <= 5 * sigma, "%d samples of %d frames: mean %.0f, sigma %.1f" % (n, frames, mean, sigma)
check_eff_rate(f, rate)
assert [x["seq"] for x in d] == list(range(1, len(d) + 1)), "datagram sequence has gaps"
assert [s["seq"] for s in f] == list(range(1, n + 1)), "flow sample sequence has gaps"
last = 0
for s in f:
    h = s["header"]
    assert s["rate"] == rate and s["drops"] == 0, s
    assert s["input"] == (0, blue1) and s["output"] == (0, blue3), (s["input"], s["output"])
    assert s["formats"] == [1, 1029] and s["vni_egress"] == 5001, s["formats"]
    assert h["eth_src"] == "02:00:50:01:00:05" and h["eth_dst"] == "02:00:50:01:00:09", h
    assert h["ip_src"] == "10.0.0.5" and h["ip_dst"] == "10.0.0.9", h
    assert h["sport"] == 4000 and h["dport"] == 5000, h
    assert h["payload"].startswith(b"vsw "), h["payload"]
    i = int(h["payload"][4:12])
    assert h["frame_length"] == 14 + 20 + 8 + 12 + 4 and h["stripped"] == 4, h
    assert len(h["bytes"]) == 14 + 20 + 8 + 12, len(h["bytes"])
    # the pool counts this frame and every one before it, none after
    assert s["pool"] == pool0 + i, "sample of frame %d: pool %d, not %d" % (i, s["pool"], pool0 + i)
    assert s["pool"] >= last, "pool went down"
    last = s["pool"]
assert last <= pool_end, "pool %d beyond the sampler pool %d" % (last, pool_end)
print("pools: first %d, last %d, the sampler at the end %d" % (f[0]["pool"], last, pool_end))
' "$blue1_if" "$blue3_if" "$pool0" "$FRAMES" "$RATE" "$taken" "$pool"

# A short burst the other way, sampled on blue3's port: 1,000 frames, 1
# in 4 (about 250 samples: 20% is 3.6 sigma of the effective rate).
SHORT=1000
nsx blue3 ip neigh replace 10.0.0.5 lladdr 02:00:50:01:00:05 dev eth0 nud permanent
udp_discard blue1 5000
assert_ok vswctl_in hv1 sample set sw0 dev blue3 rate 4
udp_blast blue3 10.0.0.5 5000 "$SHORT"
taken3=$(sample_json hv1 blue3 samples)
sflow_wait "$cap" 60 "len(flows(d, $blue3_if)) >= $taken3"
sflow_py "$cap" '
blue3, frames, taken = map(int, sys.argv[2:5])
f = flows(d, blue3)
assert len(f) == taken, "%d flow samples, the kernel took %d" % (len(f), taken)
for s in f:
    i = int(s["header"]["payload"][4:12])
    assert s["pool"] == i and s["drops"] == 0, "sample of frame %d: pool %d" % (i, s["pool"])
check_eff_rate(f, 4)
' "$blue3_if" "$SHORT" "$taken3"
assert_ok vswctl_in hv1 sample set sw0 dev blue3 rate 0

# Counters: every POLL s, and equal to vswctl stats once the traffic
# has stopped (the next poll after the stats were read).
stats=$(vswctl_in hv1 -j stats show sw0)
n0=$(sflow_py "$cap" "print(len(counters(d, (0, $blue1_if))))")
sflow_wait "$cap" 30 "len(counters(d, (0, $blue1_if))) >= $n0 + 1"
sflow_py "$cap" '
import json
blue1, poll = int(sys.argv[2]), int(sys.argv[3])
st = json.loads(sys.argv[4])
port = [p for p in st["ports"] if p["ifindex"] == blue1][0]
c = counters(d, (0, blue1))
t = [x[0] for x in c]
gaps = [b - a for a, b in zip(t, t[1:])]
print("%d counter samples of blue1, intervals %s" % (len(c), " ".join("%.1f" % g for g in gaps)))
assert len(c) >= 3 and max(gaps) <= 40, gaps
assert 0.5 * poll <= sum(gaps) / len(gaps) <= 1.5 * poll, gaps
assert [s["seq"] for _, s in c] == list(range(1, len(c) + 1)), "counter sequence has gaps"
i = c[-1][1]["if"]
drops = sum(port["drops"].values())
print("sFlow: in %d pkts %d bytes, out %d pkts %d bytes" % (i["in_ucast"], i["in_octets"], i["out_ucast"], i["out_octets"]))
print("vswctl: rx %d pkts %d bytes, tx %d pkts %d bytes" % (port["rx_packets"], port["rx_bytes"], port["tx_packets"], port["tx_bytes"]))
assert (i["in_ucast"], i["in_octets"], i["out_ucast"], i["out_octets"]) == (port["rx_packets"], port["rx_bytes"], port["tx_packets"], port["tx_bytes"])
assert i["in_discards"] + i["in_errors"] + i["in_unknown_protos"] + i["out_discards"] == drops
assert i["ifindex"] == blue1 and i["status"] == 3, i
hosts = counters(d, (2, 1))
assert hosts and {s["formats"][0] for _, s in hosts} == {2000, 2003, 2004, 2005, 2006}
nic = [s for _, s in counters(d) if s["ds"][0] == 0 and s["ds"][1] not in (blue1,) and "if" in s]
assert nic, "no counters of the other ports and the uplink"
' "$blue1_if" "$POLL" "$stats"

sflowd_stop
assert_ok vswctl_in hv1 sample set sw0 dev blue1 rate 0
assert_json 'j == []' vswctl_in hv1 -j sample show sw0
