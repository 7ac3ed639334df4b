#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 45-save-restore: "vswctl save" writes a batch file that recreates the
# configuration exactly. Three switches (settings changed from the
# defaults and left alone, an uplink with an IPv4 and an IPv6 PA, ports,
# IPv4 and IPv6 policy, customer routes with and without next hop,
# samplers on a port and on the uplink) are saved, the module is unloaded
# and loaded again (nothing survives), the file is restored with "vswctl
# -b", and saving again gives the identical file; show's output is the
# same too. Then -force against the kernel: a duplicate switch and a
# duplicate policy record in the middle of a batch are reported with
# their line numbers, every other line is applied, and the status is 1.
# Also -n NETNS, -p, "vswctl" alone and -V with the module loaded. Leaves
# the module loaded for the tests after it.
#
#	+-----------------------------+        +-------+
#	| h1  sw0: uplink nic0        |--wire--| h2    |
#	|          ports tap1 tap2    |        +-------+
#	|     sw1: port tap3; sw2     |--veths-- vms
#	+-----------------------------+

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

module=${VSW_MODULE:-$VSW_REPO/kmod/vsw.ko}
ns_new h1 h2 vms
veth_pair h1 nic0 h2 wire0
veth_pair h1 tap1 vms v1
veth_pair h1 tap2 vms v2
veth_pair h1 tap3 vms v3
nsx h1 ip addr add 192.168.4.11/24 dev nic0
nsx h1 ip addr add 2001:db8:4::b/64 dev nic0 nodad

cat >"$TMPDIR/config" <<'EOF'
switch add sw1
switch add sw0
switch add sw2
switch set sw0 flowid zero ttl 32 tos 8 policy-max 5000 router-mac 02:76:73:77:00:09 hold-max 10 hold-timeout 500
uplink set sw0 dev nic0 pa 2001:db8:4::b pa 192.168.4.11
port add sw0 dev tap2 vsid 6001 mac 02:00:60:01:00:05
port add sw0 dev tap1 vsid 5001 mac 02:00:50:01:00:05
port add sw1 dev tap3 vsid 5001 mac 02:00:50:01:00:15
policy add sw0 vsid 6001 ca 10.0.0.5 mac 02:00:60:01:00:05 pa 192.168.4.11
policy add sw0 vsid 5001 ca fd10::7 mac 02:00:50:01:00:07 pa 2001:db8:4::16
policy add sw0 vsid 5001 ca 10.0.0.7 mac 02:00:50:01:00:07 pa 192.168.4.22
policy add sw0 vsid 5001 ca 10.0.0.5 mac 02:00:50:01:00:05 pa 192.168.4.11
policy add sw0 vsid 5001 ca fd10::5 mac 02:00:50:01:00:05 pa 192.168.4.11
policy add sw0 vsid 7001 ca 10.0.1.9 mac 02:00:70:01:00:09 pa 2001:db8:4::16
policy add sw1 vsid 5001 ca 10.9.0.1 mac 02:00:50:01:00:15 pa 192.168.4.11
route add sw0 rdid 1 vsid 5001 prefix 10.0.0.0/24
route add sw0 rdid 1 vsid 7001 prefix 10.0.1.0/24
route add sw0 rdid 1 vsid 7001 prefix 172.16.0.0/16 nexthop 10.0.1.254
route add sw0 rdid 1 vsid 5001 prefix fd10::/64
route add sw0 rdid 1 vsid 7001 prefix fd11::/64
route add sw0 rdid 1 vsid 7001 prefix ::/0 nexthop fd11::fe
route add sw0 rdid 2 vsid 6001 prefix 10.0.0.0/24
sample set sw0 dev tap1 rate 100 group 3 trunc 200
sample set sw0 dev nic0 rate 1000
EOF
assert_ok vswctl_in h1 -b "$TMPDIR/config"

nsx h1 vswctl save >"$TMPDIR/saved1"
say "--- saved:"
say "$(cat "$TMPDIR/saved1")"
say "---"
# What the file must say, in its order: switches in the order they were
# created (a restore creates them in the file's order), all settings.
assert_eq "$(grep '^switch add ' "$TMPDIR/saved1" | tr '\n' ,)" \
	"switch add sw1,switch add sw0,switch add sw2," "three switches, in creation order"
assert_match '^switch set sw0 flowid zero ttl 32 tos 8 policy-max 5000 router-mac 02:76:73:77:00:09 hold-max 10 hold-timeout 500$' \
	"$(grep '^switch set sw0' "$TMPDIR/saved1")" "sw0's settings"
assert_match '^switch set sw2 flowid hash ttl 64 tos inherit policy-max 2097152 router-mac 02:76:73:77:00:01 hold-max 64 hold-timeout 1000$' \
	"$(grep '^switch set sw2' "$TMPDIR/saved1")" "sw2's default settings, spelt out"
assert_eq "$(grep '^uplink set' "$TMPDIR/saved1")" \
	"uplink set sw0 dev nic0 pa 192.168.4.11 pa 2001:db8:4::b" "the uplink"
assert_eq "$(grep '^port add sw0' "$TMPDIR/saved1" | cut -d' ' -f5)" $'tap1\ntap2' "ports by device"
assert_eq "$(grep -c '^policy add sw0' "$TMPDIR/saved1")" 6 "sw0's records"
assert_eq "$(grep '^policy add sw0' "$TMPDIR/saved1" | cut -d' ' -f4-7 | tr '\n' ,)" \
	"vsid 5001 ca 10.0.0.5,vsid 5001 ca 10.0.0.7,vsid 5001 ca fd10::5,vsid 5001 ca fd10::7,vsid 6001 ca 10.0.0.5,vsid 7001 ca 10.0.1.9," \
	"records by VSID, then CA (IPv4 first)"
assert_eq "$(grep -c '^route add' "$TMPDIR/saved1")" 7 "routes"
assert_eq "$(grep '^sample set' "$TMPDIR/saved1")" \
	$'sample set sw0 dev nic0 rate 1000 group 1 trunc 128\nsample set sw0 dev tap1 rate 100 group 3 trunc 200' "samplers"
# save NAME: that switch only.
assert_eq "$(nsx h1 vswctl save sw1)" "$(sed -n '/^switch add sw1$/,/^switch add sw0$/p' "$TMPDIR/saved1" | sed '$d')" "save sw1"
assert_fail_with 'no such switch' vswctl_in h1 save nope
assert_fail_with 'no JSON output' vswctl_in h1 -j save

# What show says before, to compare after the round trip.
show() {
	local out
	out=$(nsx h1 vswctl switch show) || return 1
	out+=$'\n'$(nsx h1 vswctl uplink show) || return 1
	for sw in sw0 sw1 sw2; do
		# Ports and samplers in any order: a restore adds ports by name.
		out+=$'\n'$(nsx h1 vswctl port show "$sw" | sort)
		out+=$'\n'$(nsx h1 vswctl route show "$sw")
		out+=$'\n'$(nsx h1 vswctl policy show "$sw" | sort)
		out+=$'\n'$(nsx h1 vswctl sample show "$sw" | sed 's/ pool .*//' | sort)
	done
	printf '%s\n' "$out"
}
show >"$TMPDIR/show1"
assert_match 'policy-max 5000' "$(cat "$TMPDIR/show1")" "show speaks set's keywords"

# Unload: nothing survives. Load, restore, save again.
assert_ok pp rmmod vsw
assert_ok pp insmod "$module"
assert_eq "$(nsx h1 vswctl switch show)" "" "no switch after the reload"
assert_ok vswctl_in h1 -b "$TMPDIR/saved1"
nsx h1 vswctl save >"$TMPDIR/saved2"
if ! cmp -s "$TMPDIR/saved1" "$TMPDIR/saved2"; then
	say "$(diff "$TMPDIR/saved1" "$TMPDIR/saved2")"
	fail "the second save differs from the first"
fi
say "ok: saved, restored on a fresh module, saved again: identical"
show >"$TMPDIR/show2"
if ! cmp -s "$TMPDIR/show1" "$TMPDIR/show2"; then
	say "$(diff "$TMPDIR/show1" "$TMPDIR/show2")"
	fail "show differs after the round trip"
fi
say "ok: show is the same after the round trip"

# -n NETNS is ip netns exec; -p -j is JSON; alone, a summary.
assert_eq "$(vswctl -n "$(ns_name h1)" save)" "$(cat "$TMPDIR/saved1")" "-n NETNS save"
assert_json '[s["name"] for s in j] == ["sw1", "sw0", "sw2"] and j[1]["policy_max"] == 5000 and j[1]["router_mac"] == "02:76:73:77:00:09"' \
	vswctl -n "$(ns_name h1)" -p -j switch show
assert_match $'\n    ' "$(vswctl -n "$(ns_name h1)" -j -p uplink show)" "-p indents"
assert_json 'j == [{"switch": "sw0", "dev": "nic0", "ifindex": j[0]["ifindex"], "pa": "192.168.4.11", "pa6": "2001:db8:4::b"}]' \
	vswctl_in h1 -j uplink show
summary=$(nsx h1 vswctl)
say "$summary"
assert_match '^switch sw1 .*
  port tap3 vsid 5001 .*
switch sw0 uplink nic0 .*
  port tap1 vsid 5001 mac 02:00:50:01:00:05
  port tap2 vsid 6001 mac 02:00:60:01:00:05
switch sw2 ' "$summary" "vswctl alone: every switch and its ports, in creation order"
assert_match ', module 0\.1$|, module [^ ]+$' "$(vswctl -V)" "-V names the loaded module's version"

# -force against the kernel: line 2 and line 5 are refused, the rest goes.
cat >"$TMPDIR/force" <<'EOF'
switch add x1
switch add sw0
switch add x2
policy add x1 vsid 5001 ca 10.0.0.1 mac 02:00:00:00:00:01 pa 192.168.4.11
policy add sw0 vsid 5001 ca 10.0.0.5 mac 02:00:50:01:00:05 pa 192.168.4.11
policy add x1 vsid 5001 ca 10.0.0.2 mac 02:00:00:00:00:02 pa 192.168.4.11
policy add x1 vsid 5001 ca 10.0.0.3 mac 02:00:00:00:00:03 pa 192.168.4.11
policy add x1 vsid 5001 ca 10.0.0.1 mac 02:00:00:00:00:09 pa 192.168.4.11
policy add x1 vsid 5001 ca 10.0.0.4 mac 02:00:00:00:00:04 pa 192.168.4.11
switch set x2 ttl 9
EOF
rc=0
err=$(nsx h1 vswctl -force -b "$TMPDIR/force" 2>&1) || rc=$?
say "$err"
assert_eq "$rc" 1 "-force: status 1"
assert_eq "$(printf '%s\n' "$err" | cut -d: -f1-3)" \
	"vswctl: $TMPDIR/force:2
vswctl: $TMPDIR/force:5
vswctl: $TMPDIR/force:8" "-force: each failure with its line"
assert_match 'switch add sw0: switch already exists' "$err" "the duplicate switch"
assert_match 'force:8: policy add x1 vsid 5001 ca 10.0.0.1: policy record exists' "$err" "the duplicate record"
assert_eq "$(nsx h1 vswctl policy show x1 | cut -d' ' -f4 | sort | tr '\n' ' ')" \
	"10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4 " "-force: every other record of x1"
assert_json 'j[0]["ttl"] == 9' vswctl_in h1 -j switch show x2
# Without -force the same batch stops at line 2.
assert_ok vswctl_in h1 switch del x1
assert_ok vswctl_in h1 switch del x2
assert_fail_with "force:2: switch add sw0" vswctl_in h1 -b "$TMPDIR/force"
assert_eq "$(nsx h1 vswctl switch show x2 2>&1)" \
	"vswctl: switch show x2: no such switch (No such file or directory)" "nothing after line 2"
