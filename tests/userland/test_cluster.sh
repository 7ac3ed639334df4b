#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vswctl --etcd against a real etcd on loopback: the policy, route and
# port commands write the keys and values of Documentation/control-plane.md
# (checked with etcdctl), a command or a batch is one transaction at one
# revision, bad input is refused with the kernel path's words and nothing
# written; "status" shows a live vswd (the real one, in dry-run mode: no
# kernel) and a dead host; "wait" returns when the status keys reach a
# revision and times out naming the host that lags.
#
#   test_cluster.sh VSWCTL VSWD

here=$(cd "$(dirname "$0")" && pwd)
vswctl=$1
vswd=$2
# shellcheck source=tests/userland/etcd-lib.sh
. "$here/etcd-lib.sh"
# shellcheck source=tests/userland/tap-lib.sh
. "$here/tap-lib.sh"

tmp=$(mktemp -d)
vpid=
wpid=
cleanup() {
	local p
	for p in $vpid $wpid; do
		{ kill -KILL "$p"; wait "$p"; } 2>/dev/null
	done
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
V() { "$vswctl" --etcd "$ETCD_URL" "$@"; }
# the store's revision now
store_rev() {
	etcdctl_ get -w json /nonexistent | sed 's/.*"revision":\([0-9]*\).*/\1/'
}
# the mod_revision of a key
mod_rev() {
	etcdctl_ get -w json "$1" | sed -n 's/.*"mod_revision":\([0-9]*\).*/\1/p'
}
value() { etcdctl_ get --print-value-only "$1"; }

# Options.
"$vswctl" --wait policy show sw0 >"$tmp/o" 2>&1
check "--wait without --etcd: a usage error" $(( $? == 2 ? 0 : 1 ))
"$vswctl" --cacert /dev/null policy show sw0 >"$tmp/o" 2>&1
st=$?
check "--cacert without --etcd: a usage error ($(cat "$tmp/o"))" $(( st == 2 ? 0 : 1 ))
"$vswctl" --etcd ftp://x status >"$tmp/o" 2>&1
st=$?
grep -q 'endpoints "ftp://x"' "$tmp/o"
found=$?
check "a bad endpoint is named, exit 2 ($(cat "$tmp/o"))" $(( st == 2 && found == 0 ? 0 : 1 ))
"$vswctl" --etcd "$ETCD_URL" --prefix vsw status >"$tmp/o" 2>&1
check "a prefix without its slashes: refused as vswd refuses it" $(( $? == 2 ? 0 : 1 ))

# Each command writes its documented key and value, and prints the
# revision it wrote.
out=$(V policy add sw0 vsid 5001 ca 10.0.0.7 mac 02:B1:00:00:00:07 pa 192.168.4.22)
check "policy add" $?
[[ $out == "revision $(mod_rev $P/policy/5001/10.0.0.7)" ]]
check "... prints the revision of its write ($out)" $?
[[ $(value $P/policy/5001/10.0.0.7) == '{"mac":"02:b1:00:00:00:07","pa":"192.168.4.22"}' ]]
check "... policy/5001/10.0.0.7 = {\"mac\":...,\"pa\":...}, MAC in lower case" $?
V policy add sw0 vsid 5001 ca FD10:0:0::7 mac 02:b1:00:00:00:17 pa fd00::22 >/dev/null
[[ $(value $P/policy/5001/fd10::7) == '{"mac":"02:b1:00:00:00:17","pa":"fd00::22"}' ]]
check "an IPv6 CA's key is written as vswctl prints it (fd10::7)" $?
V route add sw0 rdid 1 vsid 5001 prefix 10.0.0.0/24 >/dev/null &&
V route add sw0 rdid 1 vsid 5001 prefix 10.0.1.0/24 nexthop 10.0.0.9 >/dev/null
[[ $(value $P/route/1/10.0.0.0/24) == '{"vsid":5001}' &&
   $(value $P/route/1/10.0.1.0/24) == '{"vsid":5001,"nexthop":"10.0.0.9"}' ]]
check "route add: route/RDID/PREFIX = {\"vsid\":N[,\"nexthop\":...]}" $?
V port add hypervisor-17.rack4.example dev tap0 vsid 5001 mac 02:b1:00:00:00:05 >/dev/null
[[ $(value $P/port/hypervisor-17.rack4.example/tap0) == '{"vsid":5001,"mac":"02:b1:00:00:00:05"}' ]]
check "port add HOST: port/HOST/DEV (a host name longer than a switch name)" $?
out=$(V -j policy replace sw0 vsid 5001 ca 10.0.0.7 mac 02:b1:00:00:00:77 pa 192.168.4.23)
[[ $out == "{\"revision\":$(mod_rev $P/policy/5001/10.0.0.7),\"keys\":1}" ]]
check "policy replace, -j: {\"revision\":N,\"keys\":1} ($out)" $?
V policy show sw0 >"$tmp/o"
printf '%s\n' "vsid 5001 ca 10.0.0.7 mac 02:b1:00:00:00:77 pa 192.168.4.23" \
	"vsid 5001 ca fd10::7 mac 02:b1:00:00:00:17 pa fd00::22" | cmp -s - "$tmp/o"
check "policy show reads them back as the kernel path prints them" $?
V -j route show sw0 rdid 1 | python3 -c 'import json, sys
r = json.load(sys.stdin)
assert [x["prefix"] for x in r] == ["10.0.0.0/24", "10.0.1.0/24"], r
assert r[1]["nexthop"] == "10.0.0.9", r'
check "route show -j" $?
[[ $(V port show hypervisor-17.rack4.example) == "port tap0 vsid 5001 mac 02:b1:00:00:00:05" ]]
check "port show HOST" $?

# Bad input: refused before anything is written, with the kernel path's
# words (vswctl without --etcd parses the same line first, no kernel).
rev=$(store_rev)
while read -r what line; do
	read -ra words <<<"$line"
	V "${words[@]}" >"$tmp/o" 2>"$tmp/e"
	st=$?
	"$vswctl" "${words[@]}" >/dev/null 2>"$tmp/k"
	cmp -s "$tmp/e" "$tmp/k"
	found=$?
	check "$what: exit 2, the kernel path's message ($(cat "$tmp/e"))" $(( st == 2 && found == 0 ? 0 : 1 ))
done <<'EOF'
bad-MAC policy add sw0 vsid 5001 ca 10.0.0.8 mac 02:b1:00:00 pa 192.168.4.22
multicast-MAC policy add sw0 vsid 5001 ca 10.0.0.8 mac 03:b1:00:00:00:08 pa 192.168.4.22
reserved-VSID policy add sw0 vsid 4095 ca 10.0.0.8 mac 02:b1:00:00:00:08 pa 192.168.4.22
bad-PA policy add sw0 vsid 5001 ca 10.0.0.8 mac 02:b1:00:00:00:08 pa 224.0.0.1
host-bits route add sw0 rdid 1 vsid 5001 prefix 10.0.0.1/24
missing-keyword port add hv1 dev tap1 mac 02:b1:00:00:00:08
EOF
V port add hv1 dev tap0/1 vsid 5001 mac 02:b1:00:00:00:08 >/dev/null 2>"$tmp/e"
st=$?
grep -q 'port add: invalid device name "tap0/1"' "$tmp/e"
found=$?
check "a bad device name is refused ($(cat "$tmp/e"))" $(( st == 2 && found == 0 ? 0 : 1 ))
V port add hypervisor-17.rack4.example dev tap1 vsid 5001 mac 03:b1:00:00:00:08 \
	>/dev/null 2>"$tmp/e"
grep -q 'invalid MAC "03:b1:00:00:00:08"' "$tmp/e"
st=$?
check "a long host's port with a multicast MAC: the MAC is named ($(cat "$tmp/e"))" "$st"
V port add 'hv#1' dev tap0 vsid 5001 mac 02:b1:00:00:00:08 >/dev/null 2>"$tmp/e"
st=$?
check "a bad host name is refused ($(cat "$tmp/e"))" $(( st == 2 ? 0 : 1 ))
V policy add sw0 vsid 5001 ca 10.0.0.7 mac 02:b1:00:00:00:07 pa 192.168.4.22 \
	>/dev/null 2>"$tmp/e"
st=$?
grep -q 'policy add: policy/5001/10.0.0.7 exists already in etcd; nothing written' "$tmp/e"
found=$?
check "add of an existing record: refused as the kernel refuses it ($(cat "$tmp/e"))" $(( st == 1 && found == 0 ? 0 : 1 ))
V route del sw0 rdid 1 prefix 10.9.0.0/16 >/dev/null 2>"$tmp/e"
st=$?
grep -q 'route/1/10.9.0.0/16 does not exist in etcd' "$tmp/e"
check "del of a missing route: refused" $(( st == 1 && $? == 0 ? 0 : 1 ))
[[ $(store_rev) == "$rev" ]]
check "none of these wrote anything (revision still $rev)" $?

# A batch is one transaction at one revision.
cat >"$tmp/batch" <<'EOF'
# a migration: the record's PA and the VM's port
policy replace sw0 vsid 5001 ca 10.0.0.7 mac 02:b1:00:00:00:07 pa 192.168.4.24
port del hypervisor-17.rack4.example dev tap0
port add hv2 dev tap7 vsid 5001 mac 02:b1:00:00:00:07
policy del sw0 vsid 5001 ca fd10::7
policy add sw0 vsid 5001 ca fd10::7 mac 02:b1:00:00:00:18 pa fd00::22
route del sw0 rdid 1 prefix 10.0.1.0/24
EOF
out=$(V -b "$tmp/batch")
check "a batch of 6 lines" $?
r=${out#revision }
[[ $(mod_rev $P/policy/5001/10.0.0.7) == "$r" && $(mod_rev $P/port/hv2/tap7) == "$r" &&
   $(mod_rev $P/policy/5001/fd10::7) == "$r" && $(store_rev) == "$r" &&
   $r == $((rev + 1)) ]]
check "... landed at one revision, the one printed ($out)" $?
[[ -z $(value $P/port/hypervisor-17.rack4.example/tap0) && -z $(value $P/route/1/10.0.1.0/24) &&
   $(value $P/policy/5001/fd10::7) == '{"mac":"02:b1:00:00:00:18","pa":"fd00::22"}' ]]
check "... its deletes and a del then add of one key done" $?
rev=$(store_rev)
printf '%s\n' "policy add sw0 vsid 5001 ca 10.0.0.40 mac 02:b1:00:00:00:40 pa 192.168.4.22" \
	"policy add sw0 vsid 5001 ca 10.0.0.41 mac 02:b1:00:00:00:41 pa 192.168.4.22" \
	"policy add sw0 vsid 16777215 ca 10.0.0.42 mac 02:b1:00:00:00:42 pa 192.168.4.22" \
	"route add sw0 rdid 1 vsid 5001 prefix 10.0.2.0/24" >"$tmp/bad"
V -b "$tmp/bad" >/dev/null 2>"$tmp/e"
st=$?
grep -q "bad:3: invalid VSID \"16777215\"" "$tmp/e"
found=$?
check "a batch with a bad line 3: named with its line, exit 2 ($(cat "$tmp/e"))" $(( st == 2 && found == 0 ? 0 : 1 ))
[[ $(store_rev) == "$rev" && -z $(value $P/policy/5001/10.0.0.40) ]]
check "... and nothing of it written" $?
printf '%s\n' "policy add sw0 vsid 5001 ca 10.0.0.40 mac 02:b1:00:00:00:40 pa 192.168.4.22" \
	"port del hv2 dev tap9" >"$tmp/bad"
V -b "$tmp/bad" >/dev/null 2>"$tmp/e"
st=$?
grep -q "bad:2: port del: port/hv2/tap9 does not exist in etcd; nothing written" "$tmp/e"
found=$?
check "a batch deleting a missing key: refused whole ($(cat "$tmp/e"))" $(( st == 1 && found == 0 ? 0 : 1 ))
[[ $(store_rev) == "$rev" ]]
check "... nothing written" $?
V -force -b "$tmp/bad" >/dev/null 2>"$tmp/e"
check "-force: the same batch goes in (a missing key's del is a no-op)" $?
rev=$(store_rev)
for ((i = 1; i <= 129; i++)); do
	echo "policy add sw0 vsid 6001 ca 10.1.$((i / 200)).$((i % 200 + 1)) mac 02:b1:00:00:01:01 pa 192.168.4.22"
done >"$tmp/big"
V -b "$tmp/big" >/dev/null 2>"$tmp/e"
st=$?
grep -q "big: etcd transaction of 129 key(s): .*too many operations.*--max-txn-ops" "$tmp/e"
check "129 keys, over etcd's default --max-txn-ops: refused whole, saying so" $(( st == 1 && $? == 0 ? 0 : 1 ))
[[ $(store_rev) == "$rev" ]]
check "... nothing written" $?

# status: a live vswd (dry run: no kernel) and a dead host.
before=$(store_rev)
"$vswd" -n -e "$ETCD_URL" -H h1 --pa 192.168.4.11 --lease-ttl 2 \
	>"$tmp/v1.out" 2>"$tmp/v1.err" &
vpid=$!
status_of() { V status | grep "^$1 " >"$tmp/s"; grep -q "$2" "$tmp/s"; }
wait_for 20 status_of h1 "^h1 up revision [0-9]"
h1rev=$(sed -n 's/^h1 up revision \([0-9]*\) .*/\1/p' "$tmp/s")
check "status: h1 up, at revision $h1rev >= $before, the last change ($(cat "$tmp/s"))" $(( h1rev >= before ? 0 : 1 ))
grep -q " pa 192.168.4.11 switch sw0 mode full version [^ ]* refused 0 ignored [0-9]* batches 1 " "$tmp/s"
check "... with its PA, switch, mode, version and its status's counters" $?
etcdctl_ put $P/status/h0 '{"revision":3,"refused":2,"version":"0.0"}' >/dev/null
V status >"$tmp/s"
grep -q '^h0 down revision 3 version 0.0 refused 2$' "$tmp/s"
st=$?
check "a status without a registration: down ($(grep '^h0' "$tmp/s"))" "$st"
V -j status | python3 -c 'import json, sys
s = json.load(sys.stdin)
h = {x["host"]: x for x in s["hosts"]}
assert h["h1"]["state"] == "up" and h["h1"]["pa"] == ["192.168.4.11"], h
assert h["h0"]["state"] == "down" and h["h0"]["revision"] == 3, h
assert h["h0"]["refused"] == 2 and s["revision"] > 0, s'
check "status -j" $?
{ kill -KILL "$vpid"; wait "$vpid"; } 2>/dev/null
vpid=
wait_for 20 status_of h1 "^h1 down "
check "vswd killed: h1 down once its 2 s lease expired" $?

# wait. h1 is the real vswd again; h2 a host whose status the test
# writes, registered under a lease as vswd would.
"$vswd" -n -e "$ETCD_URL" -H h1 --pa 192.168.4.11 --lease-ttl 2 \
	>"$tmp/v1.out" 2>"$tmp/v1.err" &
vpid=$!
lease=$(etcdctl_ lease grant 60 | sed -n 's/^lease \([0-9a-f]*\) granted.*/\1/p')
etcdctl_ put --lease="$lease" $P/host/h2 '{"pa":["192.168.4.12"],"switch":"sw0","version":"0.1","mode":"full"}' >/dev/null
etcdctl_ put $P/status/h2 '{"revision":1}' >/dev/null
wait_for 20 status_of h1 "^h1 up "
# a port of another host: h1 has nothing to do, but gets there
out=$(V port add h9 dev tap3 vsid 5001 mac 02:b1:00:00:00:33)
r=${out#revision }
V wait "$r" timeout 2 >"$tmp/o" 2>"$tmp/e"
st=$?
grep -q "wait: revision $r not applied after 2 s by 1 host(s): h2 (at 1)$" "$tmp/e"
found=$?
check "wait times out naming the host behind, and only it ($(cat "$tmp/e"))" $(( st == 1 && found == 0 ? 0 : 1 ))
V wait "$r" timeout 20 >"$tmp/o" 2>"$tmp/e" &
wpid=$!
etcdctl_ put $P/status/h2 "{\"revision\":$((r - 1))}" >/dev/null
sleep 0.5
kill -0 "$wpid" 2>/dev/null
check "wait: still waiting while h2 is at $((r - 1))" $?
start=$(date +%s%N)
etcdctl_ put $P/status/h2 "{\"revision\":$r}" >/dev/null
wait "$wpid"
st=$?
wpid=
check "... returns 0 once h2's status says $r ($(( ($(date +%s%N) - start) / 1000000 )) ms after the put)" "$st"
# wait with no revision: the store's now, moved past the last change by
# the hosts' own status writes, which it sees through
etcdctl_ put $P/status/h2 "{\"revision\":$(store_rev)}" >/dev/null
V wait timeout 10 2>"$tmp/e"
st=$?
check "wait (the store's revision): every live host has it ($(cat "$tmp/e"))" "$st"
# a delete, then --wait on a write
etcdctl_ lease revoke "$lease" >/dev/null
out=$(V --wait policy del sw0 vsid 5001 ca 10.0.0.40)
check "--wait policy del: returns once h1 (the only live host) has it ($out)" $?
wait_for 20 status_of h1 "^h1 up revision ${out#revision } "
check "... h1's status says so" $?

# Authentication, with vswd's option names: refused without, works with.
{ kill -KILL "$vpid"; wait "$vpid"; } 2>/dev/null
vpid=
{
	etcdctl_ user add root:rootpw &&
	etcdctl_ user grant-role root root &&
	etcdctl_ auth enable
} >"$tmp/auth.log" 2>&1
echo rootpw >"$tmp/pw"
V policy add sw0 vsid 5001 ca 10.0.0.50 mac 02:b1:00:00:00:50 pa 192.168.4.22 \
	>/dev/null 2>"$tmp/e"
st=$?
check "auth enabled: refused without credentials ($(cat "$tmp/e"))" $(( st == 1 ? 0 : 1 ))
V --user root --password-file "$tmp/pw" policy add sw0 vsid 5001 ca 10.0.0.50 \
	mac 02:b1:00:00:00:50 pa 192.168.4.22 >/dev/null &&
	etcdctl_ --user root:rootpw get --print-value-only $P/policy/5001/10.0.0.50 |
	grep -q 02:b1:00:00:00:50
check "--user and --password-file (vswd's names): written" $?

# TLS with a client certificate, with vswd's option names.
etcd_stop
pki=$tmp/pki
if etcd_make_pki "$pki" >"$tmp/pki.log" 2>&1 &&
   etcd_start_tls "$tmp/etcd-tls" "$pki/ca.pem" "$pki/server.pem" \
	"$pki/server.key"; then
	V --cacert "$pki/ca.pem" --cert "$pki/client.pem" --key "$pki/client.key" \
		route add sw0 rdid 2 vsid 5001 prefix 10.2.0.0/16 >/dev/null &&
	V --cacert "$pki/ca.pem" --cert "$pki/client.pem" --key "$pki/client.key" \
		route show sw0 rdid 2 | grep -q '^rdid 2 vsid 5001 prefix 10.2.0.0/16 '
	check "TLS: --cacert, --cert, --key: written and read back" $?
	V --cacert "$pki/ca.pem" route show sw0 >/dev/null 2>"$tmp/e"
	check "TLS without the client certificate: refused" $(( $? == 1 ? 0 : 1 ))
else
	sed 's/^/# /' "$tmp/pki.log"
	not_ok "a TLS etcd starts"
fi

done_testing
