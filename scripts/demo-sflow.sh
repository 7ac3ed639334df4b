#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The sFlow part of "make demo": runs in the test VM
# (scripts/vm.sh --script scripts/demo-sflow.sh). Builds the seed topology
# (two hypervisor hosts, Blue and Red tenants in NVGRE), samples a VM's
# port and the uplink of host 1, starts vsw-sflowd against a collector on
# the host, sends traffic, and shows the samples as tshark decodes them.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
export PATH=$top/userland:$PATH
[ -d /sys/module/vsw ] || { modprobe psample; insmod "$top/kmod/vsw.ko"; }

# The VM tests' helpers build the topology and clean it up at exit.
export VSW_TEST_NAME=99-demo-sflow
# shellcheck source=tests/vm/lib.sh
. "$top/tests/vm/lib.sh"
# shellcheck source=tests/vm/sflow-lib.sh
. "$top/tests/vm/sflow-lib.sh"
TMPDIR=${TMPDIR:-$(mktemp -d)}
# The helpers trace every command: keep that out of the demo's output.
exec {_vsw_out}>/dev/null

echo "== the seed topology: Blue and Red on hv1 and hv2, NVGRE between them"
topo_seed >/dev/null
vm_ping blue1 10.0.0.7 1 >/dev/null
vm_ping red1 10.0.0.7 1 >/dev/null

echo
echo "== hv1 samples blue1's port 1 in 2 and its uplink 1 in 2"
vswctl_in hv1 sample set sw0 dev blue1 rate 2
vswctl_in hv1 sample set sw0 dev nic0 rate 2
vswctl_in hv1 sample show sw0

echo
echo "== vsw-sflowd on hv1, counters every 5 s, to a collector on 127.0.0.1,"
echo "   metrics and the live view on 127.0.0.1:9343"
cap=$TMPDIR/demo.pcap
sflow_collector hv1 "$cap" >/dev/null
sflowd_start hv1 -p 5 -l 127.0.0.1:9343
cat "$TMPDIR/sflowd.log"

echo
echo "== traffic: blue1 pings blue2 (across the hosts), red1 pings red2"
vm_ping blue1 10.0.0.7 4 | grep -E 'transmitted|ok:' || true
vm_ping red1 10.0.0.7 2 | grep -E 'transmitted|ok:' || true
sleep 6

echo
echo "== what the collector got, as tshark decodes it"
tshark -r "$cap" -n -T fields -E header=y -E separator=' ' \
	-e frame.number -e sflow_245.sequence_number -e sflow_245.numsamples \
	-e sflow_245.agent 2>/dev/null | column -t
echo
echo "flow samples with their records (the tests' strict decoder):"
sflow_py "$cap" '
for s in flows(d):
    h = s["header"]
    t = s.get("tunnel_egress") or s.get("tunnel_ingress")
    tun = "%s %s -> %s" % ("egress" if "tunnel_egress" in s else "ingress", t["src"], t["dst"]) if t else "no tunnel"
    vni = s.get("vni_egress") or s.get("vni_ingress")
    print("  seq %-3d if%d -> if%d  %s -> %s  VSID %s  %s  pool %d" % (
        s["seq"], s["input"][1], s["output"][1], h.get("ip_src"), h.get("ip_dst"), vni, tun, s["pool"]))
c = counters(d)
print("%d counter samples, e.g.:" % len(c))
for t, s in c[:3]:
    if "if" in s:
        i = s["if"]
        print("  ifIndex %d: in %d packets %d bytes, out %d packets %d bytes" % (
            i["ifindex"], i["in_ucast"], i["in_octets"], i["out_ucast"], i["out_octets"]))
'
echo
echo "== tshark finds no error in any datagram"
sflow_tshark_clean "$cap" && echo "ok: $(tshark -r "$cap" 2>/dev/null | wc -l) datagrams, no error"

echo
echo "== the live view: Blue and Red traffic flowing across the hosts"
nsx_bg blue1 ping -q -n -i 0.05 -s 1000 -c 2000 10.0.0.7 >/dev/null
nsx_bg red1 ping -q -n -i 0.1 -s 300 -c 1000 10.0.0.7 >/dev/null
url=http://127.0.0.1:9343
# One event of /events with flows of both tenants (a stream: cut by --max-time).
live_event() {
	nsx hv1 curl -sN --max-time 2.5 "$url/events" 2>/dev/null |
		sed -n 's/^data: //p' | tail -n 1 >"$TMPDIR/live.json" || true
	"$PYTHON" -c 'import json, sys
e = json.load(open(sys.argv[1]))
sys.exit(sorted(f["vsid"] for f in e["flows"]) != [5001, 6001])' "$TMPDIR/live.json" 2>/dev/null
}
wait_until 60 live_event
# Flows are averaged over the last 10 s: let the window fill with traffic.
sleep 10
wait_until 60 live_event
"$PYTHON" - "$TMPDIR/live.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
si = lambda v: "%.1f k" % (v / 1e3) if v < 1e6 else "%.2f M" % (v / 1e6)
for v in e["vsids"]:
    print("  VSID %d: rx %sbit/s %.0f fr/s, tx %sbit/s %.0f fr/s (counters)" % (
        v["vsid"], si(v["rx_bps"]), v["rx_pps"], si(v["tx_bps"]), v["tx_pps"]))
for v in e["flows"]:
    for f in v["top"][:2]:
        print("  VSID %d flow %s -> %s proto %d: ~%sbit/s +-%.0f%% (%d samples)" % (
            v["vsid"], f["src"], f["dst"], f.get("proto", 0), si(f["bps"]),
            f["error_pct"], f["samples"]))
for h in e["hosts"]:
    print("  hosts %s -> %s: ~%sbit/s" % (h["src"], h["dst"], si(h["bps"])))
PY
echo
echo "live page: $url/   metrics: $url/metrics"
echo "(served by vsw-sflowd in the namespace $(ns_name hv1) of the test VM,"
echo " which has no network: open them there, e.g."
echo " ip netns exec $(ns_name hv1) curl -sN $url/events)"
sflowd_stop
