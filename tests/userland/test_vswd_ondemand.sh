#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vswd in mode on-demand against a real etcd on loopback, in dry-run mode
# (-n: batches printed, not applied), the kernel's miss events given as
# "vswctl monitor" lines through a FIFO (--miss-input). Checks that only
# routes, this host's ports and the records it missed are installed, one
# fetch per miss, the negative answers and their cache, the watch
# following only installed records, the relist reconciling only those,
# and the counters in status/HOST. Documentation/control-plane.md,
# "On-demand".
#
#   test_vswd_ondemand.sh VSWD

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
	exec 7>&- 2>/dev/null
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

"$vswd" -m sometimes -n --once >"$tmp/o" 2>&1
check "mode sometimes: exit status 2" $(( $? == 2 ? 0 : 1 ))
grep -q 'mode "sometimes": not full or on-demand' "$tmp/o"
check "... named" $?
printf 'endpoints %s\nmode on-demand\n' "$ETCD_URL" >"$tmp/vswd.conf"
"$vswd" -f "$tmp/vswd.conf" --miss-input /dev/null -n --once -H h0 \
	>"$tmp/o" 2>&1
check "mode on-demand in vswd.conf" $?
"$vswd" --miss-input /dev/null -n --once >"$tmp/o" 2>&1
check "--miss-input without mode on-demand: exit status 2" $(( $? == 2 ? 0 : 1 ))

# The store: 200 records nobody here uses, the ones the test misses, the
# other tenant's 10.0.0.7, a route and two hosts' ports.
{
	for ((i = 0; i < 200; i++)); do
		printf 'put %s/policy/%d/10.9.%d.%d {"mac":"02:00:00:09:%02x:%02x","pa":"192.168.4.%d"}\n' \
			"$P" $((5001 + i % 2)) $((i / 250)) $((i % 250 + 1)) \
			$((i / 256)) $((i % 256)) $((100 + i % 50))
	done
} | while read -r _ k v; do etcdctl_ put "$k" "$v"; done >/dev/null
{
	etcdctl_ put $P/policy/5001/10.0.0.7 '{"mac":"02:b1:00:00:00:07","pa":"192.168.4.22"}'
	etcdctl_ put $P/policy/5002/10.0.0.7 '{"mac":"02:b2:00:00:00:07","pa":"192.168.4.22"}'
	etcdctl_ put $P/policy/5001/10.0.0.8 '{"mac":"02:b1:00:00:00:08","pa":"192.168.4.23"}'
	etcdctl_ put $P/route/1/10.0.0.0/24 '{"vsid":5001}'
	etcdctl_ put $P/port/h1/tap0 '{"vsid":5001,"mac":"02:b1:00:00:00:05"}'
	etcdctl_ put $P/port/h2/tap0 '{"vsid":5001,"mac":"02:b1:00:00:00:06"}'
} >/dev/null

# The switch: 10.0.0.8 fetched before a restart (its PA changed since),
# 10.0.0.9 no longer in etcd.
cat >"$tmp/kernel" <<'EOF'
switch add sw0
uplink set sw0 dev eth0 pa 192.168.4.11
policy add sw0 vsid 5001 ca 10.0.0.8 mac 02:b1:00:00:00:08 pa 192.168.4.99
policy add sw0 vsid 5001 ca 10.0.0.9 mac 02:b1:00:00:00:09 pa 192.168.4.22
EOF

mkfifo "$tmp/misses"
exec 7<>"$tmp/misses"
miss() { echo "miss switch ${3:-sw0} vsid $1 ca $2 port tap0" >&7; }

"$vswd" -n -v -m on-demand -e "$ETCD_URL" -H h1 --lease-ttl 4 \
	--kernel-state "$tmp/kernel" --miss-input "$tmp/misses" \
	>"$tmp/out" 2>"$tmp/err" &
vpid=$!
wait_for 20 grep -q '^# revision' "$tmp/out"
rev=$(sed -n 's/^# revision //p' "$tmp/out" | head -n 1)
cat >"$tmp/want" <<EOF
# revision $rev
policy del sw0 vsid 5001 ca 10.0.0.9
policy replace sw0 vsid 5001 ca 10.0.0.8 mac 02:b1:00:00:00:08 pa 192.168.4.23
route add sw0 rdid 1 vsid 5001 prefix 10.0.0.0/24
port add sw0 dev tap0 vsid 5001 mac 02:b1:00:00:00:05
EOF
diff -u "$tmp/want" "$tmp/out" | sed 's/^/# /'
check "the first batch: routes, this host's ports, the records it holds reconciled; none of the 200 others" "${PIPESTATUS[0]}"
etcdctl_ get --print-value-only $P/host/h1 | grep -q '"mode":"on-demand"'
check "host/h1 registers mode on-demand" $?

status() {
	etcdctl_ get --print-value-only $P/status/h1 >"$tmp/status" 2>/dev/null
}
# member NAME: its value in the last status read
member() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$tmp/status"; }
# status_has NAME VALUE...: status/h1 has each NAME at VALUE
status_has() {
	status || return 1
	while (($#)); do
		[[ $(member "$1") == "$2" ]] || return 1
		shift 2
	done
}

# A miss: one fetch, the record installed.
miss 5001 10.0.0.7
wait_for 20 grep -q '^policy add sw0 vsid 5001 ca 10.0.0.7 mac 02:b1:00:00:00:07 pa 192.168.4.22$' "$tmp/out"
check "a miss for (5001, 10.0.0.7): fetched and installed" $?
wait_for 20 status_has misses 1 fetches 1 hits 1 installed 2
st=$?
check "status/h1: misses 1 fetches 1 hits 1 installed 2 ($(cat "$tmp/status"))" "$st"

# The same miss again (sent before the record reached the kernel): no fetch.
miss 5001 10.0.0.7
wait_for 20 status_has misses 2 fetches 1 duplicates 1
check "a second miss for it asks etcd nothing (duplicates 1)" $?

# The other tenant's 10.0.0.7 is its own record; a VSID without one is
# answered negatively, never with another VSID's record. This miss is one
# on receive (a frame from the wire, no port, the outer PA it came from):
# fetched the same way, and etcd's record installed even though its PA is
# not the frame's (the kernel checks the next frame against it).
echo "miss switch sw0 vsid 5002 ca 10.0.0.7 pa 192.168.4.99" >&7
wait_for 20 grep -q '^policy add sw0 vsid 5002 ca 10.0.0.7 mac 02:b2:00:00:00:07 pa 192.168.4.22$' "$tmp/out"
check "(5002, 10.0.0.7), a miss on receive from another PA: the other tenant's own record, etcd's PA" $?
miss 5003 10.0.0.7
wait_for 20 status_has negatives 1
check "(5003, 10.0.0.7), in no key: a negative answer" $?
grep -q 'vsid 5003' "$tmp/out"
check "... and nothing installed for VSID 5003" $(( $? == 1 ? 0 : 1 ))

# A scan of a CA that is in no key: one request, then the negative cache.
miss 5001 10.0.0.99
wait_for 20 status_has negatives 2
for i in 1 2 3 4 5; do
	miss 5001 10.0.0.99
done
wait_for 20 status_has misses 10 negatives 2 negative_cached 5 fetches 4
st=$?
check "5 more misses for an absent CA: answered from the negative cache, no request ($(cat "$tmp/status"))" "$st"
# ... and it appears in etcd while remembered: the watch installs it.
etcdctl_ put $P/policy/5001/10.0.0.99 '{"mac":"02:b1:00:00:00:99","pa":"192.168.4.23"}' >/dev/null
wait_for 20 grep -q '^policy add sw0 vsid 5001 ca 10.0.0.99 ' "$tmp/out"
check "a record created after its negative answer is installed from the watch" $?

# The watch: changes to installed records are followed, others not.
lines=$(wc -l <"$tmp/out")
etcdctl_ put $P/policy/5001/10.9.0.1 '{"mac":"02:00:00:09:00:00","pa":"192.168.4.201"}' >/dev/null
etcdctl_ put $P/policy/5001/10.0.0.7 '{"mac":"02:b1:00:00:00:07","pa":"192.168.4.33"}' >/dev/null
wait_for 20 grep -q '^policy replace sw0 vsid 5001 ca 10.0.0.7 mac 02:b1:00:00:00:07 pa 192.168.4.33$' "$tmp/out"
check "a fetched record moved to another PA: followed (policy replace)" $?
tail -n +$((lines + 1)) "$tmp/out" | grep -q '10.9.0.1'
check "a change to a record this host does not hold: ignored" $(( $? == 1 ? 0 : 1 ))
etcdctl_ del $P/policy/5002/10.0.0.7 >/dev/null
wait_for 20 grep -q '^policy del sw0 vsid 5002 ca 10.0.0.7$' "$tmp/out"
check "a fetched record deleted in etcd: deleted" $?
wait_for 20 status_has installed 3
check "installed 3 (10.0.0.7, 10.0.0.8, 10.0.0.99)" $?

# vswctl --etcd status shows the mode and the counters.
vswctl=$(dirname "$vswd")/vswctl
"$vswctl" --etcd "$ETCD_URL" status >"$tmp/st" 2>&1
grep -q '^h1 up .* mode on-demand .* installed 3 misses 10 fetches 4 hits 2 negatives 2 negative_cached 5 ' "$tmp/st"
st=$?
check "vswctl --etcd status: mode and counters ($(grep '^h1 ' "$tmp/st"))" "$st"

# Another switch's misses are not ours.
miss 5001 10.0.0.8 sw1
sleep 1.5
status_has misses 10
check "a miss of another switch is ignored" $?

# A relist (etcd restarted, history compacted while vswd was stopped)
# reconciles the installed records, and only those.
# (etcd restarted first: the changes reach no watch stream of vswd's.)
kill -STOP "$vpid"
etcd_stop
etcd_restart
lines=$(wc -l <"$tmp/out")
etcdctl_ put $P/policy/5001/10.0.0.8 '{"mac":"02:b1:00:00:00:08","pa":"192.168.4.44"}' >/dev/null
etcdctl_ del $P/policy/5001/10.0.0.99 >/dev/null
etcdctl_ put $P/policy/5001/10.9.0.3 '{"mac":"02:00:00:09:00:02","pa":"192.168.4.202"}' >/dev/null
crev=$(etcdctl_ get -w json $P/policy/5001/10.9.0.3 | sed 's/.*"revision":\([0-9]*\).*/\1/')
etcdctl_ compact --physical "$crev" >/dev/null
kill -CONT "$vpid"
wait_for 20 grep -q '^policy del sw0 vsid 5001 ca 10.0.0.99$' "$tmp/out"
check "relist: an installed record deleted meanwhile is deleted" $?
tail -n +$((lines + 1)) "$tmp/out" | grep -v '^#' >"$tmp/new"
printf '%s\n' "policy del sw0 vsid 5001 ca 10.0.0.99" \
	"policy replace sw0 vsid 5001 ca 10.0.0.8 mac 02:b1:00:00:00:08 pa 192.168.4.44" |
	diff -u - "$tmp/new" | sed 's/^/# /'
check "relist: exactly the installed records' changes, not the others'" "${PIPESTATUS[1]}"

# A miss while etcd is down waits (vswd is reconnecting), then is served.
etcdctl_ put $P/policy/5001/10.0.0.50 '{"mac":"02:b1:00:00:00:50","pa":"192.168.4.23"}' >/dev/null
etcd_stop
miss 5001 10.0.0.50
sleep 1
kill -0 "$vpid"
check "vswd is still running with etcd down" $?
etcd_restart
wait_for 20 grep -q '^policy add sw0 vsid 5001 ca 10.0.0.50 ' "$tmp/out"
check "a miss made while etcd was down is served once it is back" $?
miss 5001 10.0.0.8
miss 5001 10.0.0.7
wait_for 20 status_has duplicates 3
check "misses for installed records after the restart: duplicates, no fetch" $?

kill -TERM "$vpid"
wait "$vpid"
check "SIGTERM: exit status 0" $?
vpid=

done_testing
