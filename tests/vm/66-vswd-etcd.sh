#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 66-vswd-etcd: one policy for two hosts, kept in etcd (Debian's
# etcd-server, started here in the "wire" namespace, reachable from both
# hosts on the underlay). vswd runs in each host's namespace; nothing is
# configured with vswctl but the switch and its uplink. Every host's
# kernel table becomes etcd's (compared as "vswctl save" prints it), VMs
# on the two hosts reach each other, a change and a delete are followed,
# and a vswd killed with -9 and restarted converges without the switch
# being flushed. Documentation/control-plane.md.
#
#	wire: br0 192.168.4.1, etcd on :2379
#	hv1 192.168.4.11: blue1 10.0.0.5, red1 10.0.0.5
#	hv2 192.168.4.22: blue2 10.0.0.7, red2 10.0.0.7
# vm-timeout: 420

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

require_cmd etcd etcdctl curl vswd

N=200			# extra policy records, beside the four VMs'
ETCD=http://192.168.4.1:2379
P=/vsw/v1

topo_wire
for h in hv1 hv2; do
	topo_host "$h"
done
for vm in blue1 red1 blue2 red2; do
	topo_vm "$vm"
done
for h in hv1 hv2; do
	topo_vsw "$h"
done
ipn wire addr add 192.168.4.1/24 dev br0

nsx_bg wire etcd --name vm --data-dir "$TMPDIR/etcd" \
	--listen-client-urls "$ETCD" --advertise-client-urls "$ETCD" \
	--listen-peer-urls http://127.0.0.1:2380 \
	--initial-advertise-peer-urls http://127.0.0.1:2380 \
	--initial-cluster vm=http://127.0.0.1:2380 --logger zap --log-level error
wait_until 120 nsx wire curl -sf -m 2 "$ETCD/health"

etcdctl_() {
	nsx wire env ETCDCTL_API=3 etcdctl --endpoints "$ETCD" "$@"
}

# The records: the VMs' ports and policy, and N more policy records,
# written in transactions of 100 through etcd's JSON gateway.
{
	for vm in blue1 red1 blue2 red2; do
		h=${VM_HOST[$vm]}
		printf '%s/port/%s/%s {"vsid":%s,"mac":"%s"}\n' "$P" "$h" "$vm" \
			"${VM_VSID[$vm]}" "${VM_MAC[$vm]}"
		printf '%s/policy/%s/%s {"mac":"%s","pa":"%s"}\n' "$P" \
			"${VM_VSID[$vm]}" "${VM_CA[$vm]}" "${VM_MAC[$vm]}" \
			"${TOPO_PA[$h]}"
	done
	for ((i = 0; i < N; i++)); do
		printf '%s/policy/%s/10.9.%d.%d {"mac":"02:00:00:09:%02x:%02x","pa":"192.168.4.%d"}\n' \
			"$P" $((5001 + i % 2)) $((i / 250)) $((i % 250 + 1)) \
			$((i / 256)) $((i % 256)) $((100 + i % 50))
	done
} >"$TMPDIR/records"
"$PYTHON" - "$TMPDIR/records" "$TMPDIR/txn" <<'EOF'
import base64, json, sys
b = lambda s: base64.b64encode(s.encode()).decode()
lines = [l.rstrip("\n").split(" ", 1) for l in open(sys.argv[1])]
for i in range(0, len(lines), 100):
    ops = [{"request_put": {"key": b(k), "value": b(v)}} for k, v in lines[i:i + 100]]
    with open("%s.%d" % (sys.argv[2], i // 100), "w") as f:
        json.dump({"success": ops}, f)
EOF
for f in "$TMPDIR"/txn.*; do
	nsx wire curl -sf -X POST --data-binary @"$f" "$ETCD/v3/kv/txn" >/dev/null ||
		fail "txn $f"
done

# What each host's table must be, as save prints it.
want() {
	local h=$1
	"$PYTHON" - "$TMPDIR/records" "$h" <<'EOF'
import json, sys
host = sys.argv[2]
for line in open(sys.argv[1]):
    key, val = line.rstrip("\n").split(" ", 1)
    parts, v = key.split("/")[3:], json.loads(val)
    if parts[0] == "policy":
        print("policy add sw0 vsid %s ca %s mac %s pa %s" % (parts[1], parts[2], v["mac"], v["pa"]))
    elif parts[0] == "port" and parts[1] == host:
        print("port add sw0 dev %s vsid %d mac %s" % (parts[2], v["vsid"], v["mac"]))
EOF
}
got() {
	ip netns exec "$(ns_name "$1")" vswctl save sw0 |
		grep -E '^(policy|port|route) add'
}
converged() {
	local h=$1
	cmp -s <(want "$h" | LC_ALL=C sort) <(got "$h" | LC_ALL=C sort)
}

declare -A VSWD
for h in hv1 hv2; do
	nsx_bg "$h" vswd -e "$ETCD" -H "$h" -s sw0 --lease-ttl 4 -v
	VSWD[$h]=$BG_PID
done
for h in hv1 hv2; do
	wait_until 120 converged "$h"
	assert_eq "$((N + 4))" "$(got "$h" | grep -c '^policy add')" \
		"$h: policy records"
done

# Traffic between the hosts, each tenant in its own VSID.
out=$(nsx blue1 ping -n -c 2 -i 0.3 -W 5 10.0.0.7) || fail "blue1 -> blue2: $out"
out=$(nsx red1 ping -n -c 2 -i 0.3 -W 5 10.0.0.7) || fail "red1 -> red2: $out"

# Registration and status.
for h in hv1 hv2; do
	assert_match '"pa":\["192.168.4' "$(etcdctl_ get --print-value-only "$P/host/$h")" \
		"$h registered with its PA"
done

# A change (new PA) and a delete: both hosts follow, status too.
"$PYTHON" - "$TMPDIR/records" <<'EOF'
import sys
f = sys.argv[1]
lines = open(f).read().splitlines()
out = []
for l in lines:
    if l.startswith("/vsw/v1/policy/5001/10.9.0.1 "):
        l = l.replace('"pa":"192.168.4.100"', '"pa":"192.168.4.200"')
    if l.startswith("/vsw/v1/policy/5002/10.9.0.2 "):
        continue
    out.append(l)
open(f, "w").write("\n".join(out) + "\n")
EOF
etcdctl_ put $P/policy/5001/10.9.0.1 '{"mac":"02:00:00:09:00:00","pa":"192.168.4.200"}'
rev=$(etcdctl_ del -w json $P/policy/5002/10.9.0.2 |
	"$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["header"]["revision"])')
status_at() {
	local r
	r=$(etcdctl_ get --print-value-only "$P/status/$1" |
		"$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["revision"])')
	((r >= $2))
}
for h in hv1 hv2; do
	wait_until 60 converged "$h"
	wait_until 30 status_at "$h" "$rev"
done

# kill -9 of hv1's vswd; a change meanwhile; restarted, it converges,
# and the switch was never flushed (the VMs' records stayed throughout).
kill -KILL "${VSWD[hv1]}"
wait "${VSWD[hv1]}" 2>/dev/null || true
etcdctl_ put $P/policy/5001/10.9.0.3 '{"mac":"02:00:00:09:00:02","pa":"192.168.4.201"}'
sed -i 's|^\(/vsw/v1/policy/5001/10.9.0.3 \).*|\1{"mac":"02:00:00:09:00:02","pa":"192.168.4.201"}|' \
	"$TMPDIR/records"
assert_eq "$((N + 3))" "$(got hv1 | grep -c '^policy add')" \
	"hv1 keeps its table while its vswd is down"
out=$(nsx blue1 ping -n -c 1 -W 5 10.0.0.7) || fail "blue1 -> blue2 with vswd down: $out"
gone() { [[ -z $(etcdctl_ get --print-value-only "$P/host/hv1") ]]; }
wait_until 30 gone
nsx_bg hv1 vswd -e "$ETCD" -H hv1 -s sw0 --lease-ttl 4 -v
wait_until 60 converged hv1
converged hv2 || fail "hv2 did not follow the change"
out=$(nsx blue1 ping -n -c 1 -W 5 10.0.0.7) || fail "blue1 -> blue2 after: $out"
