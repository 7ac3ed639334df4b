#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 77-vswd-ondemand: vswd in mode on-demand (Documentation/control-plane.md,
# "On-demand") on both hosts. etcd (Debian's etcd-server, in the "wire"
# namespace) holds 203 policy records; hv1 and hv2 start with their ports
# and no policy record at all. blue1's first packet to 10.0.0.7 is held
# by hv1's kernel, hv1's vswd fetches (5001, 10.0.0.7) on the miss event
# and installs it, and the held frame goes out. hv2 knows no blue1 yet:
# it drops the frame (policy_miss_rx, never delivered without the record)
# and reports a miss for the sender, (5001, 10.0.0.5) from hv1's PA; hv2's
# vswd fetches that record, and blue1's next echo request is delivered
# and answered. Each host then holds the one record its VM used and
# nothing else (not red's 10.0.0.7 in VSID 6001, not the 200 others); a
# change of it in etcd is followed; a CA in no key is answered negatively,
# counted, and not asked again at once.
#
#	wire: br0 192.168.4.1, etcd on :2379
#	hv1 192.168.4.11 (on-demand): blue1 10.0.0.5
#	hv2 192.168.4.22 (on-demand): blue2 10.0.0.7
# vm-timeout: 300

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

require_cmd etcd etcdctl curl vswd

N=200			# policy records nobody here uses
ETCD=http://192.168.4.1:2379
P=/vsw/v1

topo_wire
for h in hv1 hv2; do
	topo_host "$h"
done
for vm in blue1 blue2; do
	topo_vm "$vm"
done
for h in hv1 hv2; do
	topo_vsw "$h"
done
# Frames wait for vswd's fetch in the hold queue: leave room for a slow
# (emulated, loaded) machine; the default is 1 s.
for h in hv1 hv2; do
	vswctl_in "$h" switch set sw0 hold-timeout 5000
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

# The ports, the two blue VMs' records, red2's 10.0.0.7 in VSID 6001, and
# N more, written in transactions of 100 through etcd's JSON gateway.
{
	for vm in blue1 blue2; do
		h=${VM_HOST[$vm]}
		printf '%s/port/%s/%s {"vsid":%s,"mac":"%s"}\n' "$P" "$h" "$vm" \
			"${VM_VSID[$vm]}" "${VM_MAC[$vm]}"
	done
	for vm in blue1 blue2 red2; do
		printf '%s/policy/%s/%s {"mac":"%s","pa":"%s"}\n' "$P" \
			"${VM_VSID[$vm]}" "${VM_CA[$vm]}" "${VM_MAC[$vm]}" \
			"${TOPO_PA[${VM_HOST[$vm]}]}"
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
total=$(etcdctl_ get --prefix --keys-only $P/policy/ | grep -c . || true)

policies() {
	ip netns exec "$(ns_name "$1")" vswctl save sw0 | grep '^policy add' || true
}
npolicies() { policies "$1" | grep -c . || true; }
count_is() { [[ $(npolicies "$1") == "$2" ]]; }
has_port() {
	ip netns exec "$(ns_name "$1")" vswctl save sw0 | grep -q "^port add sw0 dev $2 "
}
# member NAME [HOST]: the number NAME in HOST's (hv1's) status/HOST
member() {
	etcdctl_ get --print-value-only "$P/status/${2:-hv1}" |
		"$PYTHON" -S -c 'import json, sys; print(json.load(sys.stdin).get(sys.argv[1], -1))' "$1"
}
member_is() { [[ $(member "$1" "${3:-hv1}") == "$2" ]]; }

for h in hv1 hv2; do
	nsx_bg "$h" vswd -e "$ETCD" -H "$h" -s sw0 -m on-demand -v
done
wait_until 60 has_port hv1 blue1
wait_until 60 has_port hv2 blue2
wait_until 30 member_is relists 1 hv1
wait_until 30 member_is relists 1 hv2
for h in hv1 hv2; do
	assert_eq 0 "$(npolicies "$h")" \
		"$h (on-demand) starts with no policy record ($total in etcd)"
	assert_match '"mode":"on-demand"' "$(etcdctl_ get --print-value-only "$P/host/$h")" \
		"$h registered in mode on-demand"
done

# The first packet to 10.0.0.7: blue1 knows its MAC (a static neighbour),
# so it is an IPv4 frame, which misses and is held while hv1's vswd
# fetches; hv2 drops it and fetches the sender's record; ping sends one
# request a second until one is answered (-w).
nsx blue1 ip neigh replace 10.0.0.7 lladdr "${VM_MAC[blue2]}" dev eth0 nud permanent
out=$(nsx blue1 ping -n -c 1 -w 30 10.0.0.7) || fail "first contact with 10.0.0.7: $out"
say "$out"
say "first contact: $(grep 'packets transmitted' <<<"$out")"
out=$(nsx blue1 ping -n -c 1 -W 5 10.0.0.7) || fail "second packet: $out"
say "second packet: $(sed -n 's/.*\(time=[0-9.]* ms\).*/\1/p' <<<"$out")"
assert_eq 0 "$(vsw_counter hv1 blue1 hold_timeout)" "the held frame was not dropped"
assert_eq 0 "$(vsw_counter hv1 blue1 policy_miss)" "... nor counted as a miss drop"
assert_eq "policy add sw0 vsid 5001 ca 10.0.0.7 mac ${VM_MAC[blue2]} pa 192.168.4.22" \
	"$(policies hv1)" "hv1 holds exactly the record its VM used"
wait_until 30 member_is hits 1
assert_eq 1 "$(member fetches)" "one fetch"
assert_eq 1 "$(member installed)" "one record installed on demand"
# hv2 learnt of blue1 from the frame it dropped: the first request(s),
# before the record arrived; never delivered to blue2 without it.
(($(vsw_counter hv2 switch policy_miss_rx) >= 1)) ||
	fail "hv2 counted no policy_miss_rx for blue1's first request"
assert_eq "policy add sw0 vsid 5001 ca 10.0.0.5 mac ${VM_MAC[blue1]} pa 192.168.4.11" \
	"$(policies hv2)" "hv2 holds exactly the record of the VM its VM talked with"
wait_until 30 member_is installed 1 hv2
assert_eq 1 "$(member fetches hv2)" "one fetch on hv2"

# A change in etcd to the fetched record is followed (a VM moved); a
# change to a record hv1 does not hold is not installed.
etcdctl_ put $P/policy/5001/10.0.0.7 "{\"mac\":\"${VM_MAC[blue2]}\",\"pa\":\"192.168.4.33\"}" >/dev/null
etcdctl_ put $P/policy/5001/10.9.0.1 '{"mac":"02:00:00:09:00:00","pa":"192.168.4.201"}' >/dev/null
moved() { policies hv1 | grep -q 'ca 10.0.0.7 .* pa 192.168.4.33$'; }
wait_until 30 moved
etcdctl_ put $P/policy/5001/10.0.0.7 "{\"mac\":\"${VM_MAC[blue2]}\",\"pa\":\"192.168.4.22\"}" >/dev/null
back() { policies hv1 | grep -q 'ca 10.0.0.7 .* pa 192.168.4.22$'; }
wait_until 30 back
out=$(nsx blue1 ping -n -c 1 -W 5 10.0.0.7) || fail "after the move back: $out"
assert_eq 1 "$(npolicies hv1)" "still one record on hv1"

# A CA in no key: a negative answer, counted; blue1's further ARP
# requests for it (one a second), within the negative cache's 10 s, ask
# etcd nothing.
out=$(nsx blue1 ping -n -c 3 -i 0.3 -W 1 10.0.0.99 2>&1) &&
	fail "10.0.0.99, in no key, answered: $out"
wait_until 30 member_is negatives 1
neg_cached() { (($(member negative_cached) >= 1)); }
wait_until 30 neg_cached
assert_eq 1 "$(member negatives)" "the absent CA was asked for once"
assert_eq 2 "$(member fetches)" "two fetches in all"
policies hv1 | grep -q 10.0.0.99 && fail "hv1 installed something for 10.0.0.99"

# The other tenant's 10.0.0.7 (VSID 6001) was never fetched for VSID 5001.
policies hv1 | grep -q 'vsid 6001' && fail "hv1 fetched VSID 6001's 10.0.0.7"
for h in hv1 hv2; do
	assert_eq 1 "$(npolicies "$h")" \
		"$h ends with 1 policy record of $total in etcd"
	say "$h status: $(etcdctl_ get --print-value-only "$P/status/$h")"
done
