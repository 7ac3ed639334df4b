#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 72-sflow-nvgre: in the seed topology, samples of frames that leave or
# arrive in NVGRE carry the tunnel: hv1 samples blue1's and red1's ports
# and its uplink (every frame), and VMs ping across the hosts.
#  - echo requests from blue1 (a VM port): output nic0, an
#    extended_ipv4_tunnel_egress from PA 192.168.4.11 to 192.168.4.22,
#    GRE, and extended_vni_egress 5001 (6001 for red1);
#  - echo replies taken from the uplink: input nic0, output the VM's port,
#    extended_ipv4_tunnel_ingress from .22 to .11, extended_vni_ingress;
#  - a frame vsw drops (no policy record): output "discarded", the VSID;
#  - every datagram decodes in tshark; no sample is lost; the uplink has
#    counter samples of its device counters.
#
#	blue1, red1 -- hv1 (sampled: blue1, red1, nic0) == wire == hv2 -- blue2, red2
#
# vm-timeout: 600

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/vm/sflow-lib.sh
. "$(dirname "$0")/sflow-lib.sh"

require_cmd tshark
topo_seed
# ARP first: ARP answered by the proxy is counted in the pool but is not
# sampled, and this test counts samples exactly.
vm_ping blue1 10.0.0.7 1
vm_ping red1 10.0.0.7 1
# ARP answered by vsw's proxy is drawn by the sampler but never reaches
# psample (kmod/arp.c consumes the request without vsw_sample_emit()), so
# the VMs here never ARP during the measurement: permanent neighbours.
nsx blue1 ip neigh replace 10.0.0.7 lladdr 02:00:50:01:00:07 dev eth0 nud permanent
nsx red1 ip neigh replace 10.0.0.7 lladdr 02:00:60:01:00:07 dev eth0 nud permanent

for dev in blue1 red1 nic0; do
	assert_ok vswctl_in hv1 sample set sw0 dev $dev rate 1 trunc 64
done
assert_json 'sorted(s["dev"] for s in j) == ["blue1", "nic0", "red1"] and all(s["trunc"] == 64 for s in j)' \
	vswctl_in hv1 -j sample show sw0

cap=$TMPDIR/sflow.pcap
sflow_collector hv1 "$cap"
sflowd_start hv1 -p 2

vm_ping blue1 10.0.0.7 10
vm_ping red1 10.0.0.7 5
# A frame to a CA without a record: dropped (policy_miss), and sampled.
send_frames blue1 eth0 \
	"02005001000702005001000508004500001c0000400040110000""0a0000050a000063""0fa0138800080000"

ifx() { nsx hv1 cat "/sys/class/net/$1/ifindex"; }
blue1_if=$(ifx blue1)
red1_if=$(ifx red1)
nic0_if=$(ifx nic0)
taken=$(json_get 'sum(s["samples"] for s in j)' vswctl_in hv1 -j sample show sw0)
say "the kernel took $taken samples"
sflow_wait "$cap" 60 "len(flows(d)) >= $taken"
n0=$(sflow_py "$cap" "print(len(counters(d, (0, $nic0_if))))")
sflow_wait "$cap" 30 "len(counters(d, (0, $nic0_if))) >= $n0 + 1"
sflow_tshark_clean "$cap"

sflow_py "$cap" '
blue1, red1, nic0, taken = map(int, sys.argv[2:6])
f = flows(d)
assert len(f) == taken, "%d flow samples, the kernel took %d" % (len(f), taken)
assert all(s["drops"] == 0 and s["rate"] == 1 for s in f)
for ds in (blue1, red1, nic0):
    seqs = [s["seq"] for s in flows(d, ds)]
    assert seqs == list(range(1, len(seqs) + 1)), (ds, seqs)
out = [s for s in flows(d, blue1) if "tunnel_egress" in s]
assert len(out) == 10, "%d echo requests of blue1 in NVGRE" % len(out)
for s in out:
    t, h = s["tunnel_egress"], s["header"]
    assert s["input"] == (0, blue1) and s["output"] == (0, nic0), s
    assert (t["src"], t["dst"], t["protocol"]) == ("192.168.4.11", "192.168.4.22", 47), t
    assert t["length"] == h["frame_length"] - 4 + 28, (t, h["frame_length"])
    assert s["formats"] == [1, 1023, 1029] and s["vni_egress"] == 5001, s["formats"]
    assert h["ip_src"] == "10.0.0.5" and h["ip_dst"] == "10.0.0.7" and h["ip_proto"] == 1, h
    assert h["eth_dst"] == "02:00:50:01:00:07" and len(h["bytes"]) == 64, h
red = [s for s in flows(d, red1) if "tunnel_egress" in s]
assert len(red) == 5 and all(s["vni_egress"] == 6001 for s in red)
assert all(s["header"]["eth_src"] == "02:00:60:01:00:05" for s in red)
back = [s for s in flows(d, nic0) if "tunnel_ingress" in s]
assert len(back) == 15, "%d replies from the uplink" % len(back)
for s in back:
    t, h = s["tunnel_ingress"], s["header"]
    vm = blue1 if s["vni_ingress"] == 5001 else red1
    assert s["vni_ingress"] in (5001, 6001), s
    assert s["input"] == (0, nic0) and s["output"] == (0, vm), s
    assert (t["src"], t["dst"]) == ("192.168.4.22", "192.168.4.11"), t
    assert s["formats"] == [1, 1024, 1030], s["formats"]
    assert h["ip_src"] == "10.0.0.7" and h["ip_dst"] == "10.0.0.5", h
assert sorted(s["vni_ingress"] for s in back) == [5001] * 10 + [6001] * 5
drop = [s for s in flows(d, blue1) if s["output"][0] == 1]
assert len(drop) == 1 and drop[0]["output"] == (1, 256), drop
assert drop[0]["formats"] == [1, 1029] and drop[0]["vni_egress"] == 5001
assert drop[0]["header"]["ip_dst"] == "10.0.0.99"
c = counters(d, (0, nic0))[-1][1]["if"]
assert c["ifindex"] == nic0 and c["in_octets"] > 0 and c["out_octets"] > 0, c
assert {x["agent"] for x in d} == {"192.168.4.11"}
print("%d flow samples: %d out in NVGRE, %d in from NVGRE, 1 dropped" % (len(f), len(out) + len(red), len(back)))
' "$blue1_if" "$red1_if" "$nic0_if" "$taken"
sflowd_stop
