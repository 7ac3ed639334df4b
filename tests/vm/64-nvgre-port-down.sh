#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 64-nvgre-port-down: a frame for a VM whose port's device is down cannot
# be delivered; Documentation/model.md says every drop is counted by its reason, so it
# must show up as a drop of that port (and of the switch), not as a frame
# sent. Checked for a frame that came in NVGRE (to blue2 on hv2) and for
# one switched locally (to blue3 on hv1). Which reason is the datapath's
# choice: the test only asks that some drop counter move by one per frame.
#
#	blue1 10.0.0.5 --+ hv1 ======== wire ======== hv2 +-- blue2 10.0.0.7 (port down)
#	blue3 10.0.0.9 --+ (port down)

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_vm_define blue3 hv1 $VSID_BLUE 10.0.0.9 02:00:50:01:00:09
topo_seed -v "blue1 blue2"
topo_vm blue3
topo_port blue3
topo_policy hv1 blue3
topo_policy hv2 blue3
vm_ping blue1 10.0.0.7 1
vm_ping blue1 10.0.0.9 1

# dropped_at NS SNAP PORT N: since SNAP, PORT sent nothing, and the drop
# counters of PORT and of the switch went up by N in all.
dropped_at() {
	local ns=$1 snap=$2 port=$3 n=$4 why
	why=$(vswctl_in "$ns" -j stats show sw0 | "$PYTHON" -S -c '
import json, sys
old, new = json.load(open(sys.argv[1])), json.load(sys.stdin)
port, n = sys.argv[2], int(sys.argv[3])
def find(j):
    return [p for p in j["ports"] if p["dev"] == port][0]
def drops(o, p):
    return {r: v - o["drops"].get(r, 0) for r, v in p["drops"].items() if v != o["drops"].get(r, 0)}
po, pn = find(old), find(new)
sent = pn["tx_packets"] - po["tx_packets"]
pd, sd = drops(po, pn), drops(old["switch"], new["switch"])
print("%s: sent %d, drops %r; switch drops %r" % (port, sent, pd, sd))
sys.exit(0 if sent == 0 and sum(pd.values()) == n and sum(sd.values()) == n else 1)
' "$snap" "$port" "$n") || fail "frames for a down port: $why (expected: sent 0, $n drops)"
	say "ok: $why"
}

nsx blue1 ip neigh replace 10.0.0.7 lladdr 02:00:50:01:00:07 dev eth0 nud permanent
nsx blue1 ip neigh replace 10.0.0.9 lladdr 02:00:50:01:00:09 dev eth0 nud permanent

# Through the tunnel: hv2 decapsulates, and has nowhere to put them.
nsx hv2 ip link set blue2 down
stats_snap hv2 "$TMPDIR/hv2.0"
base=$(($(vsw_counter hv2 switch decap_packets) + 2))
decap_at_least() { (($(vsw_counter hv2 switch decap_packets) >= $1)); }
vm_ping_fails blue1 10.0.0.7 2
wait_until 10 decap_at_least "$base"
dropped_at hv2 "$TMPDIR/hv2.0" blue2 2
nsx hv2 ip link set blue2 up
vm_ping blue1 10.0.0.7 1

# Locally, on hv1.
nsx hv1 ip link set blue3 down
stats_snap hv1 "$TMPDIR/hv1.0"
vm_ping_fails blue1 10.0.0.9 2
dropped_at hv1 "$TMPDIR/hv1.0" blue3 2
nsx hv1 ip link set blue3 up
vm_ping blue1 10.0.0.9 1
