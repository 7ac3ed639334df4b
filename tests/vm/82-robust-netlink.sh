#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 82-robust-netlink: hostile generic netlink input. tests/vm/nlfuzz.py
# sends thousands of requests (fixed seed) to every command of the vsw
# family, each a valid request with one thing made wrong (an attribute
# missing, unknown, of the wrong length or type, out of range, a nest
# garbled, bytes left over, an object that does not exist, ...). Every
# one must be refused with an errno and an extended-ack message (except
# the genetlink core's own refusals of an unknown command or a short
# header, which carry none), nothing may change (every switch, port,
# record and sampling setting compared before and after), and the kernel
# must log nothing (the harness checks). vsw still works afterwards.
#
#	+----------------------------------------------+
#	| h1  sw0: uplink nic0 192.168.4.11, port vm0, |
#	|          record 5001 10.0.0.5                |
#	|     victim (empty)      spare: an unused veth |
#	|     nlfuzz.py --seed 6 --iterations 4000     |
#	+----------------------------------------------+

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

ns_new h1
ipn h1 link add nic0 type veth peer name nic1
ipn h1 link add vm0 type veth peer name vm1
ipn h1 link add spare0 type veth peer name spare1
ipn h1 addr add 192.168.4.11/24 dev nic0
ipn h1 link set nic0 up
vswctl_in h1 switch add sw0
vswctl_in h1 switch add victim
vswctl_in h1 uplink set sw0 dev nic0 pa 192.168.4.11
vswctl_in h1 port add sw0 dev vm0 vsid 5001 mac 02:00:50:01:00:05
vswctl_in h1 policy add sw0 vsid 5001 ca 10.0.0.5 mac 02:00:50:01:00:05 pa 192.168.4.11
vswctl_in h1 sample set sw0 dev nic0 rate 100

# Everything vsw holds in h1, counters left out.
state() {
	local sw
	for sw in sw0 victim; do
		vswctl_in h1 -j switch show "$sw"
		vswctl_in h1 -j port show "$sw"
		vswctl_in h1 -j policy show "$sw"
		vswctl_in h1 -j sample show "$sw" | "$PYTHON" -c '
import json, sys
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if k not in ("pool", "samples")}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o
print(json.dumps(strip(json.load(sys.stdin)), sort_keys=True))'
	done
	cat /sys/kernel/debug/vsw/switches
}

idx() { nsx h1 cat "/sys/class/net/$1/ifindex"; }
fuzz=(--port "$(idx vm0)" --uplink "$(idx nic0)" --spare "$(idx spare0)" --pa 192.168.4.11)

before=$(state)
say "$before"
out=$(nsx h1 "$PYTHON" "$VSW_REPO/tests/vm/nlfuzz.py" --seed 6 --iterations 4000 "${fuzz[@]}") ||
	fail "nlfuzz: $out"
say "$out"
assert_match 'nlfuzz: seed 6, mode invalid: 4009 requests, 4009 refused, 0 failed' "$out" "every request refused"
after=$(state)
assert_eq "$after" "$before" "state after the fuzzer"

# A second seed, shorter: other combinations.
out=$(nsx h1 "$PYTHON" "$VSW_REPO/tests/vm/nlfuzz.py" --seed 1234 --iterations 1000 "${fuzz[@]}") ||
	fail "nlfuzz: $out"
say "$out"
assert_match ' 0 failed' "$out" "every request refused"
assert_eq "$(state)" "$before" "state after the second seed"

# The templates are valid: sent whole, they are accepted (so the
# refusals above are the mutations' doing).
assert_ok vswctl_in h1 port add sw0 dev spare0 vsid 5001 mac 02:00:50:01:00:99
assert_ok vswctl_in h1 switch add fz0
assert_ok vswctl_in h1 switch del victim
assert_ok vswctl_in h1 policy replace sw0 vsid 5001 ca 10.0.0.5 mac 02:00:50:01:00:05 pa 192.168.4.11
assert_json 'j[0]["policy"] == 1 and j[0]["ports"] == 2' vswctl_in h1 -j switch show sw0

# The router MAC belongs to the switch's router alone: a port or a record
# with it, or a router MAC that is a port's, is refused and changes nothing.
ipn h1 link add spare2 type veth peer name spare3
assert_fail_with "port MAC is the switch's router MAC" \
	vswctl_in h1 port add sw0 dev spare2 vsid 5001 mac 02:76:73:77:00:01
assert_fail_with "record MAC is the switch's router MAC" \
	vswctl_in h1 policy add sw0 vsid 5001 ca 10.0.0.77 mac 02:76:73:77:00:01 pa 192.168.4.11
assert_fail_with "router MAC is the MAC of a port" \
	vswctl_in h1 switch set sw0 router-mac 02:00:50:01:00:05
assert_json 'j[0]["policy"] == 1 and j[0]["ports"] == 2 and j[0]["router_mac"] == "02:76:73:77:00:01"' \
	vswctl_in h1 -j switch show sw0

# "switch set" is all or nothing: a valid policy-max next to a bad router
# MAC (raw, as vswctl checks MACs itself) leaves policy-max as it was.
max=$(vswctl_in h1 -j switch show sw0 | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)[0]["policy_max"])')
out=$(nsx h1 "$PYTHON" "$VSW_REPO/tests/vm/genl.py" switch-set 1:str:sw0 12:u32:1000 18:mac:01:00:5e:00:00:01)
assert_match '^errno=22 .*router MAC must be unicast' "$out" "bad router MAC refused"
assert_json "j[0][\"policy_max\"] == $max" vswctl_in h1 -j switch show sw0

# The counters of a whole switch are a dump (one reply of 1024 ports'
# counters would be 1.7 MB); one port's stay a get, and a dump of one port
# is refused. vswctl reads the dump.
out=$(nsx h1 "$PYTHON" "$VSW_REPO/tests/vm/genl.py" stats-get 1:str:sw0 --dump)
assert_match '^ok messages=[1-9]' "$out" "stats dump"
out=$(nsx h1 "$PYTHON" "$VSW_REPO/tests/vm/genl.py" stats-get 1:str:sw0 "7:nest:1:u32:$(idx vm0)" --dump)
assert_match "^errno=22 .*one port's counters are a get" "$out" "stats dump of a port"
assert_json 'len(j["ports"]) == 2 and "switch" in j' vswctl_in h1 -j stats show sw0
assert_json 'len(j["ports"]) == 1' vswctl_in h1 -j stats show sw0 dev vm0
