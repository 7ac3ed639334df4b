#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 76-vswd-cluster: four hosts' vswd fed by one etcd (started here in the
# "wire" namespace), the tests of issue 14 that 66-vswd-etcd does not
# cover, one phase each (Documentation/control-plane.md, "Testing"):
#
#  1. 10,000 policy records and the VMs' own, written with "vswctl --etcd
#     -b" in transactions of 128 (etcd's default --max-txn-ops), then
#     vswd started on each host: every host's kernel table equals
#     etcd's, VMs on different hosts reach each other, the tenants with
#     the same CA in two VSIDs stay apart.
#  2. Live migration of blue3 from hv3 to hv4 in one etcd transaction (its
#     record's PA, port/hv3 deleted, port/hv4 put): traffic follows; the
#     gap is printed (pings lost at 0.1 s).
#  3. kill -9 of hv4's vswd (whose vswd.conf has "lease-ttl 3"): hv4 shows
#     as down in "vswctl --etcd status" once its lease expires (issue
#     test 7); changes meanwhile; restarted, it converges, and a ping
#     across hv4 (0.2 s) lost nothing throughout.
#  4. hv3's vswd stopped (SIGSTOP: a host cut off with an old revision),
#     etcd stopped and restarted, changes, history compacted past hv3's
#     revision, hv3 resumed: every host converges; the attempts hv1 made
#     while etcd was down are counted (vswd -v logs each one) and bounded.
#  5. Bad values put with plain etcdctl (invalid JSON, bad and multicast
#     MACs, reserved VSIDs 1 and 16777215, a 1 MiB value, a key outside
#     the layout): refused, logged and counted on every host, the good
#     record put after them applied, every vswd still running.
#
# Convergence is waited for with "vswctl --etcd wait" (status/ revisions),
# then asserted: each host's "policy show" and "port show" equal what
# "vswctl --etcd" shows of etcd.
#
#	wire: br0 192.168.4.1, etcd on :2379
#	hv1 .11: blue1 10.0.0.5, red1 10.0.0.5   hv2 .22: blue2 10.0.0.7, red2 10.0.0.7
#	hv3 .33: blue3 10.0.0.9 (moves to hv4)   hv4 .44
# vm-timeout: 1200

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

require_cmd etcd etcdctl curl vswd

N=10000			# policy records beside the VMs'
HOSTS=(hv1 hv2 hv3 hv4)
ETCD=http://192.168.4.1:2379
P=/vsw/v1

TOPO_PA[hv3]=192.168.4.33
TOPO_PA[hv4]=192.168.4.44
topo_vm_define blue3 hv3 $VSID_BLUE 10.0.0.9 02:00:50:01:00:09
topo_wire
for h in "${HOSTS[@]}"; do
	topo_host "$h"
done
for vm in blue1 red1 blue2 red2 blue3; do
	topo_vm "$vm"
done
for h in "${HOSTS[@]}"; do
	topo_vsw "$h"
done
ipn wire addr add 192.168.4.1/24 dev br0

# etcd with its default limits: --max-txn-ops 128, so the records go in
# transactions of 128 lines (79 of them). Transactions of 1000 (with
# --max-txn-ops 1000) took 3.7 s each under TCG and, on a loaded host,
# passed the client's 5 s request timeout; 128 stay far from it. The
# default --max-request-bytes (1.5 MiB) takes phase 5's 1 MiB value.
ETCD_PID=
start_etcd() {
	nsx_bg wire etcd --name vm --data-dir "$TMPDIR/etcd" \
		--listen-client-urls "$ETCD" --advertise-client-urls "$ETCD" \
		--listen-peer-urls http://127.0.0.1:2380 \
		--initial-advertise-peer-urls http://127.0.0.1:2380 \
		--initial-cluster vm=http://127.0.0.1:2380 --logger zap --log-level error
	ETCD_PID=$BG_PID
	wait_until 120 nsx wire curl -sf -m 2 "$ETCD/health"
}
start_etcd

etcdctl_() {
	nsx wire env ETCDCTL_API=3 etcdctl --endpoints "$ETCD" "$@"
}
vswc() {
	nsx wire vswctl --etcd "$ETCD" "$@"
}
# quiet, for polling
vswc_q() {
	ip netns exec "$(ns_name wire)" vswctl --etcd "$ETCD" "$@"
}
host_state() {
	vswc_q status | awk -v h="$1" '$1 == h { print $2 }'
}
host_is() {
	[[ $(host_state "$1") == "$2" ]]
}
# status_member HOST MEMBER [FILE]: from FILE (a saved "status"), or now
status_member() {
	if (($# > 2)); then
		cat "$3"
	else
		vswc_q status
	fi | awk -v h="$1" -v m="$2" \
		'$1 == h { for (i = 3; i < NF; i++) if ($i == m) print $(i + 1) }'
}
all_up() {
	local h
	for h in "${HOSTS[@]}"; do
		host_is "$h" up || return 1
	done
}
# "vswctl --etcd -b FILE": one transaction; prints its revision.
write_batch() {
	local out
	out=$(vswc -b "$1") || fail "vswctl --etcd -b $1: $out"
	[[ $out =~ ^revision\ ([0-9]+)$ ]] || fail "vswctl --etcd -b $1: '$out'"
	printf '%s\n' "${BASH_REMATCH[1]}"
}
wait_rev() {
	assert_ok vswc wait "$1" timeout 240
}

# Every host's tables equal etcd's, as "vswctl --etcd ... show" and the
# kernel's "show" print them (the same format). With "bad", etcd holds
# values vswd refuses: show reports them and exits 1.
assert_converged() {
	local bad=${1:-} h rc=0
	vswc policy show sw0 2>"$TMPDIR/etcd.err" | LC_ALL=C sort >"$TMPDIR/etcd.policy" || rc=$?
	if [[ -n $bad ]]; then
		((rc <= 1)) || fail "vswctl --etcd policy show: status $rc"
	else
		((rc == 0)) || fail "vswctl --etcd policy show: status $rc: $(cat "$TMPDIR/etcd.err")"
	fi
	for h in "${HOSTS[@]}"; do
		vswc port show "$h" | LC_ALL=C sort >"$TMPDIR/etcd.port.$h"
		nsx "$h" vswctl policy show sw0 | LC_ALL=C sort >"$TMPDIR/$h.policy"
		nsx "$h" vswctl port show sw0 | LC_ALL=C sort >"$TMPDIR/$h.port"
		cmp -s "$TMPDIR/etcd.policy" "$TMPDIR/$h.policy" ||
			fail "$h's policy differs from etcd's: $(diff "$TMPDIR/etcd.policy" "$TMPDIR/$h.policy" | head -n 8)"
		cmp -s "$TMPDIR/etcd.port.$h" "$TMPDIR/$h.port" ||
			fail "$h's ports differ from etcd's: $(diff "$TMPDIR/etcd.port.$h" "$TMPDIR/$h.port" | head -n 8)"
	done
	say "ok: every host's table equals etcd's: $(wc -l <"$TMPDIR/etcd.policy") policy records, ports $(for h in "${HOSTS[@]}"; do printf '%s:%s ' "$h" "$(wc -l <"$TMPDIR/etcd.port.$h")"; done)"
}

# A ping's replies, from its output: "LAST GOT MISSING" (icmp_seq),
# MISSING being the requests up to the last answered one that got no
# answer (one still in flight when ping is stopped is not lost).
ping_seqs() {
	awk '/bytes from/ && !/DUP/ {
		for (i = 1; i <= NF; i++) if ($i ~ /^icmp_seq=/) {
			s = substr($i, 10) + 0
			if (!(s in seen)) { seen[s] = 1; n++ }
			if (s > max) max = s
		}
	} END { printf "%d %d %d\n", max, n, max - n }' "$1"
}
replies_ge() {
	local r
	r=$(ping_seqs "$1")
	((${r%% *} >= $2))
}
stop_ping() {
	kill -INT "$1"
	wait "$1" || true
}

declare -A VSWD
start_vswd() {
	local h=$1
	shift
	nsx_bg "$h" vswd -v "$@" >>"$TMPDIR/vswd.$h.log" 2>&1
	VSWD[$h]=$BG_PID
}
# hv4 runs from a configuration file with a short lease (phase 3).
cat >"$TMPDIR/vswd.hv4.conf" <<EOF
endpoints $ETCD
host hv4
switch sw0
lease-ttl 3
EOF

# "# phase N: what" with the test's time so far
phase() {
	say "# phase $* (at ${SECONDS} s)"
}
phase "1: $N policy records and the VMs' to four hosts"
{
	for vm in blue1 red1 blue2 red2 blue3; do
		h=${VM_HOST[$vm]}
		printf 'port add %s dev %s vsid %s mac %s\n' "$h" "$vm" \
			"${VM_VSID[$vm]}" "${VM_MAC[$vm]}"
		printf 'policy add sw0 vsid %s ca %s mac %s pa %s\n' \
			"${VM_VSID[$vm]}" "${VM_CA[$vm]}" "${VM_MAC[$vm]}" \
			"${TOPO_PA[$h]}"
	done
} >"$TMPDIR/vms.vsw"
# VSIDs 7001-7010, CAs 10.9.0.1-10.9.39.250, PAs of 50 absent hosts.
awk -v n=$N 'BEGIN {
	for (i = 0; i < n; i++)
		printf "policy add sw0 vsid %d ca 10.9.%d.%d mac 02:00:00:09:%02x:%02x pa 192.168.4.%d\n",
			7001 + i % 10, int(i / 250), i % 250 + 1, int(i / 256), i % 256, 100 + i % 50
}' >"$TMPDIR/records.vsw"
split -l 128 -d -a 2 "$TMPDIR/records.vsw" "$TMPDIR/records.vsw."
t0=$EPOCHREALTIME
rev=$(write_batch "$TMPDIR/vms.vsw")
ntxn=0
for f in "$TMPDIR"/records.vsw.[0-9][0-9]; do
	rev=$(write_batch "$f")
	ntxn=$((ntxn + 1))
done
t1=$EPOCHREALTIME
# vswd starts now: the records arrive by its first list (the watch
# carries the changes of phases 2-5, and 66-vswd-etcd's). Started before
# the writes, the four vswd's batches and status writes (four more etcd
# writes per transaction) made each transaction take 1.9 s under TCG on
# a loaded host: 150 s for the 80.
for h in hv1 hv2 hv3; do
	start_vswd "$h" -e "$ETCD" -H "$h" -s sw0
done
start_vswd hv4 -f "$TMPDIR/vswd.hv4.conf"
wait_until 120 all_up
wait_rev "$rev"
t2=$EPOCHREALTIME
say "measured: $((N + 5)) policy records and 5 ports written in $((ntxn + 1)) transactions in $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s; four vswd started then had listed and applied them all $(awk "BEGIN { printf \"%.1f\", $t2 - $t1 }") s later"
# etcd holds exactly what was written, and every host equals etcd.
grep -h '^policy' "$TMPDIR/vms.vsw" "$TMPDIR/records.vsw" |
	awk '{ print "vsid", $5, "ca", $7, "mac", $9, "pa", $11 }' |
	LC_ALL=C sort >"$TMPDIR/want.policy"
assert_converged
cmp -s "$TMPDIR/want.policy" "$TMPDIR/etcd.policy" ||
	fail "etcd does not hold what was written: $(diff "$TMPDIR/want.policy" "$TMPDIR/etcd.policy" | head -n 5)"
assert_eq "$(wc -l <"$TMPDIR/hv1.policy")" "$((N + 5))" "policy records on hv1"

# Across hosts, in both tenants; Red's twin of 10.0.0.7 sees nothing of
# Blue's pings, and Red cannot reach Blue's 10.0.0.9.
red2_rx() { nsx red2 cat /sys/class/net/eth0/statistics/rx_packets; }
before=$(red2_rx)
vm_ping blue1 10.0.0.7 3
assert_eq "$(red2_rx)" "$before" "red2 got none of blue1's pings to 10.0.0.7"
assert_match '02:00:50:01:00:07' "$(nsx blue1 ip neigh show 10.0.0.7 dev eth0)" \
	"blue1's 10.0.0.7 is blue2"
vm_ping red1 10.0.0.7 3
assert_match '02:00:60:01:00:07' "$(nsx red1 ip neigh show 10.0.0.7 dev eth0)" \
	"red1's 10.0.0.7 is red2"
vm_ping blue1 10.0.0.9 3
vm_ping blue2 10.0.0.9 3
vm_ping_fails red1 10.0.0.9 2

phase "2: blue3 migrates from hv3 to hv4 in one etcd transaction"
nsx_bg blue1 stdbuf -oL ping -n -i 0.1 10.0.0.9 >"$TMPDIR/ping.mig"
ping_pid=$BG_PID
wait_until 60 replies_ge "$TMPDIR/ping.mig" 10
# The VM's device moves (hv3's switch lets its port go by itself) ...
ipn hv3 link set blue3 netns "$(ns_name hv4)"
ipn hv4 link set blue3 up
wait_until 30 bash -c "! ip netns exec $(ns_name hv3) vswctl port show sw0 | grep -q blue3"
# ... and one transaction moves its record and its port.
cat >"$TMPDIR/migrate.vsw" <<EOF
policy replace sw0 vsid 5001 ca 10.0.0.9 mac 02:00:50:01:00:09 pa 192.168.4.44
port del hv3 dev blue3
port add hv4 dev blue3 vsid 5001 mac 02:00:50:01:00:09
EOF
rev=$(write_batch "$TMPDIR/migrate.vsw")
wait_rev "$rev"
read -r last _ _ < <(ping_seqs "$TMPDIR/ping.mig")
wait_until 60 replies_ge "$TMPDIR/ping.mig" $((last + 20))
stop_ping "$ping_pid"
read -r last got missing < <(ping_seqs "$TMPDIR/ping.mig")
say "measured: migration gap: $missing of $last pings lost at 0.1 s intervals (about $(awk "BEGIN { printf \"%.1f\", $missing / 10 }") s)"
VM_HOST[blue3]=hv4
assert_converged
assert_eq "$(nsx hv4 vswctl port show sw0)" "port blue3 vsid 5001 mac 02:00:50:01:00:09" \
	"blue3's port is on hv4"
assert_eq "$(nsx hv3 vswctl port show sw0)" "" "hv3 has no port left"
vm_ping blue2 10.0.0.9 3

# Changes for phases 3 and 4: delete, replace and add records.
changes() {
	awk -v from="$1" -v sub3="$2" 'BEGIN {
		for (i = from; i < from + 20; i++)
			printf "policy del sw0 vsid %d ca 10.9.%d.%d\n", 7001 + i % 10, int(i / 250), i % 250 + 1
		for (i = from + 20; i < from + 30; i++)
			printf "policy replace sw0 vsid %d ca 10.9.%d.%d mac 02:00:00:09:%02x:%02x pa 192.168.4.99\n",
				7001 + i % 10, int(i / 250), i % 250 + 1, int(i / 256), i % 256
		for (i = 1; i <= 20; i++)
			printf "policy add sw0 vsid 7001 ca 10.8.%d.%d mac 02:00:00:08:%02x:%02x pa 192.168.4.98\n", sub3, i, sub3, i
	}'
}

phase "3: kill -9 of hv4's vswd under a ping across hv4; hv4 shows as down"
nsx_bg blue1 stdbuf -oL ping -n -i 0.2 10.0.0.9 >"$TMPDIR/ping.kill"
ping_pid=$BG_PID
wait_until 60 replies_ge "$TMPDIR/ping.kill" 5
kill -KILL "${VSWD[hv4]}"
wait "${VSWD[hv4]}" 2>/dev/null || true
t0=$EPOCHREALTIME
wait_until 30 host_is hv4 down
say "measured: hv4 down in status $(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $t0 }") s after kill -9 (lease-ttl 3)"
assert_match '^hv4 down revision [0-9]+' "$(vswc status | grep '^hv4 ')" "status of hv4"
changes 0 0 >"$TMPDIR/changes.3"
rev=$(write_batch "$TMPDIR/changes.3")
start_vswd hv4 -f "$TMPDIR/vswd.hv4.conf"
wait_until 60 host_is hv4 up
wait_rev "$rev"
assert_converged
read -r last _ _ < <(ping_seqs "$TMPDIR/ping.kill")
wait_until 30 replies_ge "$TMPDIR/ping.kill" $((last + 3))
stop_ping "$ping_pid"
read -r last got missing < <(ping_seqs "$TMPDIR/ping.kill")
assert_eq "$missing" 0 "pings lost across hv4 while its vswd was killed and restarted ($got answered)"

phase "4: etcd restarted, history compacted past a stopped host's revision"
# SIGSTOP: hv3's vswd keeps its old revision and a watch on the etcd
# that goes away. Resumed whatever happens, so that the exit trap's
# SIGTERM is not left pending on a stopped process.
# shellcheck disable=SC2154 # _rc is the trap's
trap '_rc=$?; set +eE; trap - ERR; kill -CONT "${VSWD[hv3]}" 2>/dev/null; (exit $_rc); _vsw_exit' EXIT
hv3_rev=$(status_member hv3 revision)
hv3_relists=$(status_member hv3 relists)
kill -STOP "${VSWD[hv3]}"
declare -A LOGAT
for h in "${HOSTS[@]}"; do
	LOGAT[$h]=$(($(wc -l <"$TMPDIR/vswd.$h.log") + 1))
done
tries0=$(grep -c 'retrying in' "$TMPDIR/vswd.hv1.log" || true)
t0=$EPOCHREALTIME
kill -TERM "$ETCD_PID"
wait "$ETCD_PID" || true
start_etcd			# the outage: etcd's own start, 6-10 s under TCG
t1=$EPOCHREALTIME
tries=$(($(grep -c 'retrying in' "$TMPDIR/vswd.hv1.log" || true) - tries0))
down=$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")
say "measured: etcd down for $down s: hv1 made $tries attempts"
# Backoff with jitter: waits of [250 ms, 250 ms + B), B doubling from
# 500 ms to 30 s. A hot loop would make thousands; this bound is loose
# for the backoff (about 5 in the first 5 s, then one every 2-15 s).
((tries <= 6 + ${down%.*} / 2)) ||
	fail "hv1 made $tries attempts in $down s with etcd down"
changes 100 1 >"$TMPDIR/changes.4"
rev=$(write_batch "$TMPDIR/changes.4")
etcdctl_ compact "$rev"
((hv3_rev < rev)) || fail "hv3 at $hv3_rev is not behind $rev"
kill -CONT "${VSWD[hv3]}"
trap _vsw_exit EXIT
wait_until 120 all_up
for h in "${HOSTS[@]}"; do
	say "$h's vswd since hv3 was stopped:"
	say "$(sed -n "${LOGAT[$h]},\$p" "$TMPDIR/vswd.$h.log")"
done
wait_rev "$rev"
assert_converged
(($(status_member hv3 relists) > hv3_relists)) || fail "hv3 did not list again"
vm_ping blue1 10.0.0.7 2
vm_ping blue2 10.0.0.9 2

phase "5: bad values put with plain etcdctl"
vswc_q status >"$TMPDIR/status.0"
bad_keys=(
	"$P/policy/5001/10.7.0.1"
	"$P/policy/5001/10.7.0.2"
	"$P/policy/5001/10.7.0.3"
	"$P/policy/1/10.7.0.4"
	"$P/policy/16777215/10.7.0.5"
	"$P/policy/5001/10.7.0.6"
	"$P/foo/10.7.0.7"
)
etcdctl_ put "${bad_keys[0]}" 'not json'
etcdctl_ put "${bad_keys[1]}" '{"mac":"02:00:00:07:00:zz","pa":"192.168.4.22"}'
etcdctl_ put "${bad_keys[2]}" '{"mac":"01:00:5e:00:00:01","pa":"192.168.4.22"}'
etcdctl_ put "${bad_keys[3]}" '{"mac":"02:00:00:07:00:04","pa":"192.168.4.22"}'
etcdctl_ put "${bad_keys[4]}" '{"mac":"02:00:00:07:00:05","pa":"192.168.4.22"}'
# 1 MiB: under etcd's --max-request-bytes, over vswd's 1024 bytes. From
# stdin: too long for a command-line argument.
"$PYTHON" -S -c 'print("{\"mac\":\"02:00:00:07:00:06\",\"pa\":\"192.168.4.22\",\"pad\":\"%s\"}" % ("x" * (1 << 20)))' >"$TMPDIR/huge"
etcdctl_ put "${bad_keys[5]}" <"$TMPDIR/huge"
etcdctl_ put "${bad_keys[6]}" '{"mac":"02:00:00:07:00:07","pa":"192.168.4.22"}'
etcdctl_ put $P/policy/5001/10.7.0.9 '{"mac":"02:00:00:07:00:09","pa":"192.168.4.22"}'
rev=$(etcdctl_ get -w json $P/policy/5001/10.7.0.9 |
	"$PYTHON" -S -c 'import json, sys; print(json.load(sys.stdin)["header"]["revision"])')
wait_rev "$rev"
assert_converged bad
vswc status | tee "$TMPDIR/status.1"
for h in "${HOSTS[@]}"; do
	kill -0 "${VSWD[$h]}" || fail "$h's vswd is gone"
	assert_match 'vsid 5001 ca 10.7.0.9 mac 02:00:00:07:00:09 pa 192.168.4.22' \
		"$(grep 10.7.0 "$TMPDIR/$h.policy")" "$h: only the good record of the lot"
	r0=$(status_member "$h" refused "$TMPDIR/status.0")
	l0=$(status_member "$h" relists "$TMPDIR/status.0")
	r1=$(status_member "$h" refused "$TMPDIR/status.1")
	l1=$(status_member "$h" relists "$TMPDIR/status.1")
	# each refused once, or again by a list in between
	if ((l1 == l0)); then
		assert_eq "$((r1 - r0))" "${#bad_keys[@]}" "$h: refused"
	else
		((r1 - r0 >= ${#bad_keys[@]})) || fail "$h: refused $((r1 - r0))"
	fi
	for k in "${bad_keys[@]}"; do
		grep -qF "refused key \"$k\"" "$TMPDIR/vswd.$h.log" ||
			fail "$h did not log $k"
	done
done
say "$(grep -h 'refused key' "$TMPDIR/vswd.hv1.log" | sort -u)"
phase "end"
