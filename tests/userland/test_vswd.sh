#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vswd against a real etcd on loopback, in dry-run mode (-n): it prints
# the batches it would hand to vswctl's session code instead of running
# them, starting from a switch given as "vswctl save" prints it; so this
# checks the list, the watch, the diff, bad values, registration and
# status, reconnection and its backoff, without a kernel.
#
#   test_vswd.sh VSWD

here=$(cd "$(dirname "$0")" && pwd)
vswd=$1
# shellcheck source=tests/userland/etcd-lib.sh
. "$here/etcd-lib.sh"
# shellcheck source=tests/userland/tap-lib.sh
. "$here/tap-lib.sh"

tmp=$(mktemp -d)
vpid=
cleanup() {
	[[ -n $vpid ]] && kill -KILL "$vpid" 2>/dev/null
	etcd_stop
	rm -rf "$tmp"
}
trap cleanup EXIT

if ! etcd_start "$tmp/etcd"; then
	not_ok "etcd starts"
	done_testing
	exit 1
fi
P=/vsw/v1

# Command line and configuration file.
"$vswd" -f /nonexistent/vswd.conf >"$tmp/o" 2>&1
check "a missing configuration file: exit status 2" $(( $? == 2 ? 0 : 1 ))
printf 'endpoints %s\nfrobnicate 1\n' "$ETCD_URL" >"$tmp/bad.conf"
"$vswd" -f "$tmp/bad.conf" >"$tmp/o" 2>&1
grep -q 'bad.conf:2: unknown keyword "frobnicate"' "$tmp/o"
check "an unknown keyword is named with its line" $?
"$vswd" -e "ftp://x" -n --once >"$tmp/o" 2>&1
check "a bad endpoint URL: exit status 2" $(( $? == 2 ? 0 : 1 ))
"$vswd" -p vsw/v1 -n --once >"$tmp/o" 2>&1
grep -q "must start and end with '/'" "$tmp/o"
check "a prefix without its slashes is refused" $?

# The store: good records and one of every kind of bad value.
{
	etcdctl_ put $P/policy/5001/10.0.0.7 '{"mac":"02:b1:00:00:00:07","pa":"192.168.4.22"}'
	etcdctl_ put $P/policy/5001/10.0.0.8 '{"mac":"02:b1:00:00:00:08","pa":"192.168.4.22"}'
	etcdctl_ put $P/policy/5001/10.0.0.10 '{"mac":"02:b1:00:00:00:10","pa":"192.168.4.23"}'
	etcdctl_ put $P/route/1/10.0.0.0/24 '{"vsid":5001}'
	etcdctl_ put $P/port/h1/tap0 '{"vsid":5001,"mac":"02:b1:00:00:00:05"}'
	etcdctl_ put $P/port/h2/tap0 '{"vsid":5001,"mac":"02:b1:00:00:00:06"}'
	etcdctl_ put $P/policy/5001/10.0.0.11 '{"mac":"02:b1:00:00:00:11",'
	etcdctl_ put $P/policy/5001/10.0.0.12 '{"mac":"02:b1:00:00","pa":"192.168.4.23"}'
	etcdctl_ put $P/policy/1/10.0.0.13 '{"mac":"02:b1:00:00:00:13","pa":"192.168.4.23"}'
	etcdctl_ put $P/policy/5001/10.0.0.14 "{\"mac\":\"02:b1:00:00:00:14\",\"pa\":\"192.168.4.23\",\"pad\":\"$(head -c 2000 /dev/zero | tr '\0' x)\"}"
	etcdctl_ put $P/elsewhere/x '{}'
} >/dev/null

# The switch as the kernel has it: 10.0.0.7 and the route already there,
# 10.0.0.9 and tap9 no longer in etcd.
cat >"$tmp/kernel" <<'EOF'
switch add sw0
uplink set sw0 dev eth0 pa 192.168.4.11
port add sw0 dev tap9 vsid 5001 mac 02:b1:00:00:00:09
route add sw0 rdid 1 vsid 5001 prefix 10.0.0.0/24
policy add sw0 vsid 5001 ca 10.0.0.7 mac 02:b1:00:00:00:07 pa 192.168.4.22
policy add sw0 vsid 5001 ca 10.0.0.9 mac 02:b1:00:00:00:09 pa 192.168.4.22
EOF

"$vswd" -n --once -e "$ETCD_URL" -H h1 --kernel-state "$tmp/kernel" \
	>"$tmp/once" 2>"$tmp/once.err"
check "--once: lists, prints the batch, exits 0" $?

"$vswd" -n -v -e "$ETCD_URL" -H h1 --lease-ttl 2 \
	--kernel-state "$tmp/kernel" >"$tmp/out" 2>"$tmp/err" &
vpid=$!
wait_for 20 grep -q '^# revision' "$tmp/out"
rev=$(sed -n 's/^# revision //p' "$tmp/out" | head -n 1)
cat >"$tmp/want" <<EOF
# revision $rev
port del sw0 dev tap9
policy del sw0 vsid 5001 ca 10.0.0.9
policy add sw0 vsid 5001 ca 10.0.0.10 mac 02:b1:00:00:00:10 pa 192.168.4.23
policy add sw0 vsid 5001 ca 10.0.0.8 mac 02:b1:00:00:00:08 pa 192.168.4.22
port add sw0 dev tap0 vsid 5001 mac 02:b1:00:00:00:05
EOF
diff -u "$tmp/want" "$tmp/out" | sed 's/^/# /'
check "the first batch is the difference with the kernel, nothing more" "${PIPESTATUS[0]}"
cmp -s "$tmp/want" "$tmp/once"
check "--once printed the same batch" $?

for why in 'invalid JSON' 'mac "02:b1:00:00"' 'VSID "1": reserved' \
	   'value of 2[0-9]* bytes' 'key outside the layout'; do
	grep -q "vswd: refused key \".*\": $why" "$tmp/err"
	check "refused and logged: $why" $?
done

status_is() {
	etcdctl_ get --print-value-only $P/status/h1 >"$tmp/status" 2>/dev/null &&
		grep -q "\"revision\":$1," "$tmp/status"
}
# at least: its own registration, which its watch sees, moves it on
status_ge() {
	local r
	etcdctl_ get --print-value-only $P/status/h1 >"$tmp/status" 2>/dev/null &&
		r=$(sed -n 's/.*"revision":\([0-9]*\),.*/\1/p' "$tmp/status") &&
		[[ -n $r ]] && ((r >= $1))
}
wait_for 20 status_ge "$rev"
st=$?
check "status/h1 says revision $rev (or later) applied ($(cat "$tmp/status"))" "$st"
grep -q '"refused":5,' "$tmp/status"
st=$?
check "status/h1 counts the 5 refusals ($(cat "$tmp/status"))" "$st"
etcdctl_ get -w json $P/host/h1 >"$tmp/host"
grep -q '"lease":[1-9]' "$tmp/host"
check "host/h1 is registered under a lease" $?
etcdctl_ get --print-value-only $P/host/h1 | grep -q '"pa":\["192.168.4.11"\]'
check "the registration carries the uplink's PA" $?

# A change while watching: one batch, status follows.
lines=$(wc -l <"$tmp/out")
etcdctl_ put $P/policy/5001/10.0.0.8 '{"mac":"02:b1:00:00:00:08","pa":"192.168.4.99"}' >/dev/null
rev2=$(etcdctl_ get -w json $P/policy/5001/10.0.0.8 | sed 's/.*"mod_revision":\([0-9]*\).*/\1/')
wait_for 20 grep -q "^# revision $rev2\$" "$tmp/out"
check "a put is seen at its revision ($rev2)" $?
tail -n +$((lines + 1)) "$tmp/out" >"$tmp/new"
printf '# revision %s\npolicy replace sw0 vsid 5001 ca 10.0.0.8 mac 02:b1:00:00:00:08 pa 192.168.4.99\n' "$rev2" |
	cmp -s - "$tmp/new"
check "... and becomes one policy replace" $?
wait_for 20 status_is "$rev2"
check "status/h1 follows to $rev2" $?

# Other hosts' status writes are not watched (N hosts would otherwise
# wake each other N times per change): vswd receives no event for them.
events() { sed -n 's/.*"events":\([0-9]*\).*/\1/p' "$tmp/status"; }
e1=$(events)
for i in 1 2 3; do
	etcdctl_ put $P/status/h2 "{\"revision\":$i}" >/dev/null
done
etcdctl_ put $P/policy/5001/10.0.0.19 '{"mac":"02:b1:00:00:00:19","pa":"192.168.4.99"}' >/dev/null
rev3=$(etcdctl_ get -w json $P/policy/5001/10.0.0.19 | sed 's/.*"mod_revision":\([0-9]*\).*/\1/')
wait_for 20 status_is "$rev3"
e2=$(events)
[[ -n $e1 && $e2 == $((e1 + 1)) ]]
check "another host's status writes wake nothing (events $e1 -> $e2: the put alone)" $?

# A bad value next to a good one in one transaction: the good one goes in.
lines=$(wc -l <"$tmp/out")
etcdctl_ txn >/dev/null <<EOF

put $P/policy/5001/10.0.0.20 "{\"mac\":\"02:b1:00:00:00:20\",\"pa\":\"192.168.4.23\"}"
put $P/policy/70000000/10.0.0.21 "{\"mac\":\"02:b1:00:00:00:21\",\"pa\":\"192.168.4.23\"}"


EOF
wait_for 20 grep -q 'ca 10.0.0.20' "$tmp/out"
check "a transaction's good record is applied" $?
grep -q 'refused key "/vsw/v1/policy/70000000/10.0.0.21"' "$tmp/err"
check "... its bad one refused" $?
kill -0 "$vpid"
check "vswd is still running" $?

# etcd down: vswd retries with a growing, jittered wait, not in a loop.
etcd_stop
sleep 5		# the window whose attempts are counted
tries=$(grep -c 'retrying in' "$tmp/err")
check "etcd down for 5 s: $tries attempts (backoff, no hot loop)" \
	$(( tries >= 1 && tries <= 8 ? 0 : 1 ))
lines=$(wc -l <"$tmp/out")
etcd_restart
etcdctl_ del $P/policy/5001/10.0.0.10 >/dev/null
wait_for 20 grep -q 'policy del sw0 vsid 5001 ca 10.0.0.10' "$tmp/out"
check "after etcd is back, a delete made then arrives" $?
tail -n +$((lines + 1)) "$tmp/out" | grep -v '^#' >"$tmp/new"
echo "policy del sw0 vsid 5001 ca 10.0.0.10" | cmp -s - "$tmp/new"
check "the relist applied only the difference (nothing already there)" $?
reconnected() {
	etcdctl_ get --print-value-only $P/status/h1 |
		grep -Eq '"reconnects":[1-9]'
}
wait_for 20 reconnected
check "status/h1 counts the reconnect (reconnects >= 1)" $?

# Compaction past vswd's revision while it cannot watch: it relists.
kill -STOP "$vpid"
etcdctl_ put $P/policy/5001/10.0.0.30 '{"mac":"02:b1:00:00:00:30","pa":"192.168.4.23"}' >/dev/null
etcdctl_ put $P/policy/5001/10.0.0.30 '{"mac":"02:b1:00:00:00:30","pa":"192.168.4.24"}' >/dev/null
rev3=$(etcdctl_ get -w json $P/policy/5001/10.0.0.30 | sed 's/.*"revision":\([0-9]*\).*/\1/')
etcdctl_ compact --physical "$rev3" >/dev/null
etcd_stop
etcd_restart
kill -CONT "$vpid"
wait_for 20 grep -q 'ca 10.0.0.30 mac 02:b1:00:00:00:30 pa 192.168.4.24' "$tmp/out"
check "changes and a compaction while it was stopped: converged (relist)" $?

# kill -9: the registration disappears when its lease expires.
{ kill -KILL "$vpid"; wait "$vpid"; } 2>/dev/null
vpid=
gone() { [[ -z $(etcdctl_ get --print-value-only $P/host/h1) ]]; }
wait_for 20 gone
check "vswd killed: host/h1 is gone once its 2 s lease expired" $?
etcdctl_ get --print-value-only $P/status/h1 | grep -q '"revision":'
check "status/h1 stays (the last revision it applied)" $?

# SIGTERM: a clean exit that revokes the lease at once.
"$vswd" -n -e "$ETCD_URL" -H h3 --lease-ttl 60 >"$tmp/out3" 2>"$tmp/err3" &
vpid=$!
there() { [[ -n $(etcdctl_ get --print-value-only $P/host/h3) ]]; }
wait_for 20 there
kill -TERM "$vpid"
wait "$vpid"
check "SIGTERM: exit status 0" $?
vpid=
gone3() { [[ -z $(etcdctl_ get --print-value-only $P/host/h3) ]]; }
gone3
check "... and host/h3 is gone at once (lease revoked)" $?

# Two endpoints, the first down: it works through the second.
dead="http://127.0.0.1:$(free_port)"
"$vswd" -n --once -e "$dead,$ETCD_URL" -H h1 >"$tmp/fo" 2>"$tmp/fo.err"
check "--once with the first endpoint down goes to the second" $?

done_testing
