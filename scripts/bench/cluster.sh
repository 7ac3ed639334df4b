#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/bench/cluster.sh - the control-plane part of "make bench" (issue
# 14), run inside the test VM (scripts/vm.sh --script) by scripts/bench.sh
# or by hand. etcd (Debian's etcd-server) in the "wire" namespace, H hosts
# (namespaces hv1..hvH, a vsw switch each, PA 192.168.4.(10+i)) with their
# vswd. Reports, never asserts:
#
#  Propagation: N changes, one at a time, each ONE etcd put of a new
#    record in VSID 9999, from the wire namespace: by default
#    (BENCH_CLUSTER_PUT=http) a request on the one kept-alive connection
#    of scripts/bench/etcdput.py, with the key and value that "vswctl
#    --etcd policy add" writes; with BENCH_CLUSTER_PUT=vswctl that command
#    itself, a process per change. For each: the time from just before
#    the put until the record is in the kernel of every host (vsw), and
#    until "etcdctl watch" running in every host's namespace has printed
#    the key (etcd's own floor, in the same run, from the same start).
#    p50 and p99 over the N changes, and their ratio vsw/etcd. The put's
#    own time (vswctl: process start, HTTP, exit) is in both. vsw sends
#    no netlink event for a new record, so the kernel is polled: one
#    process per host (scripts/bench/kpoll.py) sends a switch get every
#    POLL seconds and reads the switch's record count: the resolution is
#    POLL plus one request.
#  Bulk: R records written to etcd in transactions of 128 (etcd's default
#    --max-txn-ops) with "vswctl --etcd -b", with every vswd running; the
#    time from the first write until "vswctl --etcd wait" says every host
#    has applied the last; against "vswctl -b" of the same R records
#    straight into each host's kernel (a second switch, sw1), one host
#    after the other: the time of each, and their sum.
#
# usage: cluster.sh [N [R [H]]] (scripts/vm.sh --script passes arguments,
# not the environment); else the environment: BENCH_CLUSTER_N (default
# 100), BENCH_CLUSTER_RECORDS (100000), BENCH_CLUSTER_HOSTS (8);
# BENCH_CLUSTER_POLL (0.005 s), BENCH_CLUSTER_PUT (http), BENCH_CLUSTER_PUTK
# (10: the samples of each part of a put's time, see put_cost). R=0: no
# bulk. Results:
# OUT/cluster.md (the table) and OUT/cluster-raw.tsv (every change's
# times), OUT being BENCH_OUT (default /run/vsw/bench, the run's share).

top=$(cd "$(dirname "$0")/../.." && pwd -P)
export PATH=$top/userland:$PATH
VSW_TEST_NAME=bench-cluster
VSW_NS_PREFIX=benchc
# shellcheck source=tests/vm/lib.sh
. "$top/tests/vm/lib.sh"
TMPDIR=${TMPDIR:-$(mktemp -d)}

require_cmd etcd etcdctl curl vswd

N=${1:-${BENCH_CLUSTER_N:-100}}
R=${2:-${BENCH_CLUSTER_RECORDS:-100000}}
H=${3:-${BENCH_CLUSTER_HOSTS:-8}}
POLL=${BENCH_CLUSTER_POLL:-0.005}
PUT=${BENCH_CLUSTER_PUT:-http}
[[ $PUT == http || $PUT == vswctl ]] || fail "BENCH_CLUSTER_PUT is http or vswctl, not '$PUT'"
OUT=${BENCH_OUT:-/run/vsw/bench}
ETCD=http://192.168.4.1:2379
P=/vsw/v1
mkdir -p "$OUT"
T_START=$SECONDS

HOSTS=()
for ((i = 1; i <= H; i++)); do
	HOSTS+=("hv$i")
	TOPO_PA[hv$i]=192.168.4.$((10 + i))
done

say "# bench cluster: $H hosts, N=$N changes, R=$R records, poll ${POLL}s; guest load $(cut -d' ' -f1-3 /proc/loadavg)"
topo_wire
for h in "${HOSTS[@]}"; do
	topo_host "$h"
	topo_vsw "$h"
done
ipn wire addr add 192.168.4.1/24 dev br0

# --logger zap: etcd 3.4's default (capnslog) leaves its zap logger nil,
# and the warning of a slow linearizable read (a guest stalled for
# seconds) then dereferences it: etcd panics (seen in this guest).
nsx_bg wire etcd --name bench --data-dir "$TMPDIR/etcd" \
	--listen-client-urls "$ETCD" --advertise-client-urls "$ETCD" \
	--listen-peer-urls http://127.0.0.1:2380 \
	--initial-advertise-peer-urls http://127.0.0.1:2380 \
	--initial-cluster bench=http://127.0.0.1:2380 --logger zap --log-level error
wait_until 120 nsx wire curl -sf -m 2 "$ETCD/health"

wirex() { ip netns exec "$(ns_name wire)" "$@"; }
vswc() { nsx wire vswctl --etcd "$ETCD" "$@"; }

# ---- where one put's time goes --------------------------------------
# The propagation's changes are each one "wirex vswctl --etcd ... policy
# add" (process start, libcurl's start, one HTTP request, exit), which is
# in both of its columns. Its parts, each timed PUTK times (median, ms),
# from the harness as the propagation does: "ip netns exec" alone, vswctl
# started without etcd (-V), vswctl's put, etcdctl's put and curl's (with
# curl's own time for the request alone), all under a prefix no vswd
# watches; and etcd's WAL fsync (its data dir is in the guest's tmpfs
# /tmp). LABEL: when.
PUTK=${BENCH_CLUSTER_PUTK:-10}
putn=0
med() { sort -g | awk -v f="${1:-%.1f}" '{ a[NR] = $1 } END { printf f, NR ? a[int((NR + 1) / 2)] : 0 }'; }
wal() { # sum and count of etcd's WAL fsyncs so far
	wirex curl -sf -m 10 "$ETCD/metrics" |
		awk '/^etcd_disk_wal_fsync_duration_seconds_sum/ { s = $2 }
		     /^etcd_disk_wal_fsync_duration_seconds_count/ { c = $2 }
		     END { print s + 0, c + 0 }'
}
put_cost() { # LABEL
	local i j t0 us w0 w1 c ca
	local -a ms=() req=()
	local -a what=(netns vswctl-V vswctl-put etcdctl-put curl-put)
	w0=$(wal)
	for ((i = 0; i < PUTK; i++)); do
		for ((j = 0; j < ${#what[@]}; j++)); do
			putn=$((putn + 1))
			ca=10.98.$((putn / 250)).$((putn % 250 + 1))
			t0=$EPOCHREALTIME
			case ${what[j]} in
			netns) wirex true ;;
			vswctl-V) wirex vswctl -V >/dev/null ;;
			vswctl-put) wirex vswctl --etcd "$ETCD" --prefix /bench-put/ \
				policy add sw0 vsid 9998 ca "$ca" mac 02:00:00:98:00:01 \
				pa 192.168.4.200 >/dev/null ;;
			etcdctl-put) wirex env ETCDCTL_API=3 etcdctl --endpoints "$ETCD" \
				put "/bench-put/etcdctl/$putn" v >/dev/null ;;
			curl-put) c=$(wirex curl -sf -m 10 -o /dev/null -w '%{time_total}' \
				-X POST -d '{"key":"L2JlbmNoLXB1dC9jdXJs","value":"dg=="}' \
				"$ETCD/v3/kv/put") ;;
			esac
			us=$((${EPOCHREALTIME/./} - ${t0/./}))
			ms[j]+="$((us / 1000)).$(printf '%03d' $((us % 1000))) "
			[[ ${what[j]} != curl-put ]] || req+=("$c")
		done
	done
	w1=$(wal)
	{
		printf '%s' "$1"
		for ((j = 0; j < ${#what[@]}; j++)); do
			printf ' %s' "$(tr ' ' '\n' <<<"${ms[j]}" | grep . | med)"
		done
		printf ' %s' "$(printf '%s\n' "${req[@]}" | awk '{ print $1 * 1000 }' | med)"
		awk -v a="$w0" -v b="$w1" 'BEGIN { split(a, x, " "); split(b, y, " ");
			n = y[2] - x[2]; printf " %.2f %d\n", n ? (y[1] - x[1]) * 1000 / n : 0, n }'
	} >>"$TMPDIR/putcost"
	say "put cost ($1): $(tail -n 1 "$TMPDIR/putcost")"
}
: >"$TMPDIR/putcost"
put_cost "etcd alone, no vswd"
all_up() {
	local n
	n=$(wirex vswctl --etcd "$ETCD" status | awk '$2 == "up"' | wc -l)
	((n == H))
}
for h in "${HOSTS[@]}"; do
	nsx_bg "$h" vswd -e "$ETCD" -H "$h" -s sw0 >>"$TMPDIR/vswd.$h.log" 2>&1
done
wait_until 120 all_up
vswc wait timeout 120
vswc status

# ---- propagation ----------------------------------------------------
# Change 0 is a warm-up (not counted): the watchers start at revision 1,
# so that one whose stream opens late still sees it, and all are
# listening by change 1.
ca_of() { printf '10.99.%d.%d\n' $(($1 / 250)) $(($1 % 250 + 1)); }
declare -A KP WA GW
# The watch that vswd opens: etcd's HTTP/JSON gateway (/v3/watch, the
# gRPC watch translated inside etcd), not gRPC as etcdctl does.
gwbody=$(printf '{"create_request":{"key":"%s","range_end":"%s","start_revision":"1"}}' \
	"$(printf '%s' "$P/policy/9999/" | base64 -w0)" "$(printf '%s' "$P/policy/99990" | base64 -w0)")
for h in "${HOSTS[@]}"; do
	nsx_bg "$h" "$PYTHON" "$top/scripts/bench/kpoll.py" sw0 0 $((N + 1)) "$POLL" \
		"$TMPDIR/kpoll.$h.ready" >"$TMPDIR/kpoll.$h"
	KP[$h]=$BG_PID
	# shellcheck disable=SC2016 # expanded by that bash
	nsx_bg "$h" bash -c 'ETCDCTL_API=3 etcdctl --endpoints "$1" watch --rev 1 --prefix "$2" |
		while IFS= read -r l; do
			[[ $l != "$2"* ]] || printf "%s\n" "$EPOCHREALTIME"
		done' watch "$ETCD" "$P/policy/9999/" >"$TMPDIR/watch.$h"
	WA[$h]=$BG_PID
	# shellcheck disable=SC2016 # expanded by that bash
	nsx_bg "$h" bash -c 'curl -sN -X POST -d "$2" "$1/v3/watch" |
		while IFS= read -r l; do
			[[ $l != *\"events\"* ]] || printf "%s\n" "$EPOCHREALTIME"
		done' gwatch "$ETCD" "$gwbody" >"$TMPDIR/gw.$h"
	GW[$h]=$BG_PID
done
# The harness's own waiting forks nothing (mapfile, read -t), so as to
# take as little CPU as it can from the agents it measures.
lines_ge() {
	local -a l
	mapfile -t l <"$1"
	((${#l[@]} >= $2))
}
exec {nap}<> <(:)
# arrived K: every host's kernel and watcher have change K (0-based)
arrived() {
	local h
	for h in "${HOSTS[@]}"; do
		lines_ge "$TMPDIR/kpoll.$h" $(($1 + 1)) || return 1
		lines_ge "$TMPDIR/watch.$h" $(($1 + 1)) || return 1
		lines_ge "$TMPDIR/gw.$h" $(($1 + 1)) || return 1
	done
}
# python's start takes seconds in a crowded guest
for h in "${HOSTS[@]}"; do
	wait_until 120 test -e "$TMPDIR/kpoll.$h.ready"
done
put_cost "$H vswd, pollers and watchers running"
if [[ $PUT == vswctl ]]; then
	say "+ [wire] vswctl --etcd $ETCD policy add sw0 vsid 9999 ca 10.99.X.Y mac 02:00:00:99:XX:XX pa 192.168.4.200 (for each change)"
else
	say "+ [wire] etcdput.py $ETCD &: $P/policy/9999/10.99.X.Y {\"mac\":\"02:00:00:99:XX:XX\",\"pa\":\"192.168.4.200\"} (for each change)"
	coproc PUTTER { wirex "$PYTHON" "$top/scripts/bench/etcdput.py" "$ETCD" 2>&1; }
	if ! read -rt 120 -u "${PUTTER[0]}" l || [[ $l != ready ]]; then
		fail "etcdput.py: ${l:-not ready in 120 s}"
	fi
fi
: >"$TMPDIR/puts"
for ((k = 0; k <= N; k++)); do
	ts=$SECONDS
	mac=$(printf '02:00:00:99:%02x:%02x' $((k >> 8)) $((k & 255)))
	if [[ $PUT == vswctl ]]; then
		t0=$EPOCHREALTIME
		wirex vswctl --etcd "$ETCD" policy add sw0 vsid 9999 ca "$(ca_of "$k")" \
			mac "$mac" pa 192.168.4.200 >/dev/null
		t1=$EPOCHREALTIME
	else
		printf '%s/policy/9999/%s {"mac":"%s","pa":"192.168.4.200"}\n' "$P" "$(ca_of "$k")" "$mac" >&"${PUTTER[1]}"
		if ! read -rt 60 -u "${PUTTER[0]}" t0 t1 || [[ -z $t1 ]]; then
			fail "etcdput.py: change $k: ${t0:-no answer in 60 s}"
		fi
	fi
	printf '%s %s\n' "$t0" "$t1" >>"$TMPDIR/puts"
	for ((w = 0; w < 6000 && SECONDS - ts < 60; w++)); do
		arrived "$k" && break
		read -rt 0.01 -u "$nap" || true
	done
	if ! arrived "$k"; then
		for h in "${HOSTS[@]}"; do
			say "$h: kernel $(grep -vc '^#' "$TMPDIR/kpoll.$h" || true) watch $(wc -l <"$TMPDIR/watch.$h") gateway $(wc -l <"$TMPDIR/gw.$h")"
		done
		fail "change $k did not reach every host in 60 s"
	fi
done
if [[ $PUT != vswctl ]]; then
	pfd=${PUTTER[1]}
	exec {pfd}>&-
	wait "$PUTTER_PID" || fail "etcdput.py failed"
fi
for h in "${HOSTS[@]}"; do
	wait "${KP[$h]}" || fail "kpoll on $h failed"
	pkill -P "${WA[$h]}" 2>/dev/null || true	# its etcdctl and loop
	kill "${WA[$h]}" 2>/dev/null || true
	pkill -P "${GW[$h]}" 2>/dev/null || true	# its curl and loop
	kill "${GW[$h]}" 2>/dev/null || true
done
# raw: k, put start, put end, then per host kernel, watch and gateway
# watch times
{
	printf 'change\tput_start\tput_end'
	for h in "${HOSTS[@]}"; do printf '\t%s_kernel\t%s_watch\t%s_gateway' "$h" "$h" "$h"; done
	printf '\n'
	cols=("$TMPDIR/puts")
	for h in "${HOSTS[@]}"; do
		grep -v '^#' "$TMPDIR/kpoll.$h" | cut -d' ' -f2 >"$TMPDIR/k.$h"
		head -n $((N + 1)) "$TMPDIR/watch.$h" >"$TMPDIR/w.$h"
		head -n $((N + 1)) "$TMPDIR/gw.$h" >"$TMPDIR/g.$h"
		cols+=("$TMPDIR/k.$h" "$TMPDIR/w.$h" "$TMPDIR/g.$h")
	done
	paste -d ' ' "${cols[@]}" | awk '{ $0 = (NR - 1) " " $0; gsub(/ /, "\t"); print }'
} >"$OUT/cluster-raw.tsv"
# "hv1 3887 polls in 58.2 s (15.0 ms each), ..."
polls=$(for h in "${HOSTS[@]}"; do
	sed -n 's/^# polls \([0-9]*\) in \([0-9.]*\) s$/\1 \2/p' "$TMPDIR/kpoll.$h" |
		awk -v h="$h" '{ printf "%s %d polls in %.1f s (%.1f ms each)\n", h, $1, $2, $2 * 1000 / $1 }'
done | paste -sd ',' | sed 's/,/, /g')
# per change (1..N): vsw = last kernel - put start, etcd = last watch -
# put start, put = put end - put start, then vsw - etcd, gateway = last
# gateway watch - put start, vsw - gateway; in ms
awk -F'\t' 'NR > 2 {
	kv = 0; kw = 0; kg = 0
	for (i = 4; i + 2 <= NF; i += 3) {
		if ($i > kv) kv = $i; if ($(i + 1) > kw) kw = $(i + 1); if ($(i + 2) > kg) kg = $(i + 2)
	}
	printf "%.3f %.3f %.3f %.3f %.3f %.3f\n", (kv - $2) * 1000, (kw - $2) * 1000, ($3 - $2) * 1000,
		(kv - kw) * 1000, (kg - $2) * 1000, (kv - kg) * 1000
}' "$OUT/cluster-raw.tsv" >"$TMPDIR/lat"
pct() { # COLUMN PERCENT
	cut -d' ' -f"$1" "$TMPDIR/lat" | sort -g |
		awk -v p="$2" '{ a[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.1f", a[i] }'
}
v50=$(pct 1 50) v99=$(pct 1 99) e50=$(pct 2 50) e99=$(pct 2 99) p50=$(pct 3 50) p99=$(pct 3 99)
d50=$(pct 4 50) d99=$(pct 4 99) g50=$(pct 5 50) g99=$(pct 5 99) dg50=$(pct 6 50) dg99=$(pct 6 99)
rat() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2fx", a / b }'; }
say "propagation: vsw p50 $v50 ms p99 $v99 ms; etcd watch p50 $e50 ms p99 $e99 ms; gateway watch p50 $g50 ms p99 $g99 ms; put itself p50 $p50 ms"

# ---- bulk -----------------------------------------------------------
etcd_s=- write_s=- sum_s=- max_s=- ntxn=0
if ((R > 0)); then
	awk -v n="$R" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "policy add sw0 vsid %d ca 10.%d.%d.%d mac 02:00:00:%02x:%02x:%02x pa 192.168.4.%d\n",
				7001 + i % 10, 64 + int(i / 65536), int(i / 256) % 256, i % 256,
				int(i / 65536), int(i / 256) % 256, i % 256, 100 + i % 50
	}' >"$TMPDIR/bulk.vsw"
	split -l 128 -d -a 4 "$TMPDIR/bulk.vsw" "$TMPDIR/bulk.vsw."
	ntxn=$(find "$TMPDIR" -name 'bulk.vsw.[0-9]*' | wc -l)
	if [[ $PUT == vswctl ]]; then
		say "+ [wire] vswctl --etcd $ETCD -b FILE (each of $ntxn files of 128 lines of bulk.vsw), then vswctl --etcd wait REV"
		tb0=$EPOCHREALTIME
		# A transaction that fails (vswctl allows 5 s per request: the
		# guest's vCPUs can stall that long on a loaded host) is sent again,
		# up to twice, with -force: without the compares, as it may have
		# landed. Each one's time and the retries are reported.
		: >"$TMPDIR/txn"
		for f in "$TMPDIR"/bulk.vsw.[0-9]*; do
			t0=$EPOCHREALTIME
			for ((try = 0; ; try++)); do
				force=()
				((try == 0)) || force=(-force)
				out=$(wirex vswctl --etcd "$ETCD" "${force[@]}" -b "$f" 2>"$TMPDIR/txn.err") && break
				((try < 2)) || fail "vswctl --etcd -b $f: $(cat "$TMPDIR/txn.err")"
				say "again: $(cat "$TMPDIR/txn.err")"
			done
			us=$((${EPOCHREALTIME/./} - ${t0/./}))
			printf '%d.%06d %d\n' $((us / 1000000)) $((us % 1000000)) "$try" >>"$TMPDIR/txn"
			[[ $f != *[05]00 ]] || say "$f written, $(awk -v a="$tb0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s"
		done
		txn_p50=$(cut -d' ' -f1 "$TMPDIR/txn" | med %.2f)
		txn_max=$(cut -d' ' -f1 "$TMPDIR/txn" | sort -g | tail -n 1 | awk '{ printf "%.2f", $1 }')
		txn_retries=$(awk '{ s += $2 } END { print s + 0 }' "$TMPDIR/txn")
	else
		# the same keys and values, in the same transactions of 128, from
		# one process on one connection
		awk -v p="$P" '{ printf "%s/policy/%s/%s {\"mac\":\"%s\",\"pa\":\"%s\"}\n", p, $5, $7, $9, $11 }' \
			"$TMPDIR/bulk.vsw" >"$TMPDIR/bulk.kv"
		say "+ [wire] etcdput.py $ETCD txn 128 <bulk.kv ($ntxn transactions of the keys and values of bulk.vsw), then vswctl --etcd wait REV"
		tb0=$EPOCHREALTIME
		out=$(wirex "$PYTHON" "$top/scripts/bench/etcdput.py" "$ETCD" txn 128 <"$TMPDIR/bulk.kv" | tail -n 1)
		[[ $out == revision* ]] || fail "etcdput.py txn: $out"
		txn_p50=$(awk -v a="$tb0" -v b="$EPOCHREALTIME" -v n="$ntxn" 'BEGIN { printf "%.2f (mean)", (b - a) / n }')
		txn_max=- txn_retries=-
	fi
	tb1=$EPOCHREALTIME
	rev=${out#revision }
	# every minute until all are there, who is where
	for ((w = 0; ; w++)); do
		wirex vswctl --etcd "$ETCD" wait "$rev" timeout 60 >/dev/null 2>&1 && break
		((w < 60)) || fail "vswctl --etcd wait $rev: not all there in an hour"
		say "waiting for revision $rev: $(wirex vswctl --etcd "$ETCD" status 2>&1 |
			awk '{ printf "%s %s %s %s; ", $1, $2, $3, $4 }')"
	done
	tb2=$EPOCHREALTIME
	for h in "${HOSTS[@]}"; do
		n=$(ip netns exec "$(ns_name "$h")" vswctl policy show sw0 | wc -l)
		((n == R + N + 1)) || fail "$h has $n records, not $((R + N + 1))"
	done
	etcd_s=$(awk -v a="$tb0" -v b="$tb2" 'BEGIN { printf "%.1f", b - a }')
	write_s=$(awk -v a="$tb0" -v b="$tb1" 'BEGIN { printf "%.1f", b - a }')
	sed 's/^policy add sw0 /policy add sw1 /' "$TMPDIR/bulk.vsw" >"$TMPDIR/bulk1.vsw"
	direct=()
	for h in "${HOSTS[@]}"; do
		vswctl_in "$h" switch add sw1
		t0=$EPOCHREALTIME
		nsx "$h" vswctl -b "$TMPDIR/bulk1.vsw"
		direct+=("$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')")
	done
	sum_s=$(printf '%s\n' "${direct[@]}" | awk '{ s += $1 } END { printf "%.1f", s }')
	max_s=$(printf '%s\n' "${direct[@]}" | sort -g | tail -n 1)
	say "bulk: etcd to $H hosts converged in $etcd_s s (writes $write_s s); vswctl -b per host ${direct[*]} s, sum $sum_s s"
fi

{
	echo "Cluster (issue 14): $H hosts, one etcd (etcd-server $(etcd --version 2>/dev/null | awk '/^etcd Version/ { print $3 }')),"
	echo "all in one guest; guest load average at the end $(cut -d' ' -f1-3 /proc/loadavg); $((SECONDS - T_START)) s."
	echo
	echo "| measurement | vsw | etcd's floor / direct | ratio |"
	echo "|---|---|---|---|"
	echo "| propagation p50, ms (N=$N) | $v50 | $e50 (etcdctl watch) | $(rat "$v50" "$e50") |"
	echo "| propagation p99, ms | $v99 | $e99 (etcdctl watch) | $(rat "$v99" "$e99") |"
	echo "| vsw's own share: last kernel minus last watch, per change, p50 / p99, ms | $d50 / $d99 | | |"
	echo "| propagation p50, ms, against the HTTP gateway's watch (vswd's) | $v50 | $g50 (curl /v3/watch) | $(rat "$v50" "$g50") |"
	echo "| propagation p99, ms, against the HTTP gateway's watch | $v99 | $g99 (curl /v3/watch) | $(rat "$v99" "$g99") |"
	echo "| last kernel minus last gateway watch, per change, p50 / p99, ms | $dg50 / $dg99 | | |"
	((R == 0)) || echo "| bulk: $R records to $H hosts, s | $etcd_s (etcd, writes $write_s) | $sum_s (vswctl -b on each host in turn, sum; slowest $max_s) | $(rat "$etcd_s" "$sum_s") |"
	echo
	if [[ $PUT == vswctl ]]; then
		echo "Propagation: from just before the put command (vswctl --etcd policy add,"
		echo "its own time p50 $p50 ms, p99 $p99 ms, is in both columns) to the last"
	else
		echo "Propagation: from just before the put's request (etcdput.py, one"
		echo "kept-alive HTTP connection to etcd; the request until etcd's answer"
		echo "took p50 $p50 ms, p99 $p99 ms, and is in both columns) to the last"
	fi
	echo "host. The kernel side is polled every ${POLL}s (kpoll.py, a switch get"
	echo "reading the record count): $polls. Goal (issue 14): vsw within 1.5x"
	if ((R > 0)); then
		echo "of etcd's floor. Bulk: $ntxn transactions of up to 128 records, each"
		if [[ $PUT == vswctl ]]; then
			echo "one vswctl --etcd -b (p50 $txn_p50 s, slowest $txn_max s; sent again"
			echo "after a timeout: $txn_retries), every vswd running; direct: each host's"
		else
			echo "written by etcdput.py on one connection ($txn_p50 s each, python's"
			echo "start included), every vswd running; direct: each host's"
		fi
		echo "own vswctl -b into a second switch, one host after the other."
	else
		echo "of etcd's floor."
	fi
	echo
	echo "Where one put's time goes (median of $PUTK each, ms; each command run"
	echo "as the propagation's puts are, through ip netns exec; etcd's data dir"
	echo "is in the guest's tmpfs):"
	echo
	echo "| when | ip netns exec alone | vswctl -V | vswctl --etcd policy add | etcdctl put | curl put (its request alone) | etcd WAL fsync, mean (count) |"
	echo "|---|---|---|---|---|---|---|"
	awk '{ n = NF; printf "| %s", $1; for (i = 2; i <= n - 8; i++) printf " %s", $i;
		printf " | %s | %s | %s | %s | %s (%s) | %s (%s) |\n", $(n-7), $(n-6), $(n-5), $(n-4), $(n-3), $(n-2), $(n-1), $n }' "$TMPDIR/putcost"
} >"$OUT/cluster.md"
say ""
cat "$OUT/cluster.md" >&"$_vsw_out"
