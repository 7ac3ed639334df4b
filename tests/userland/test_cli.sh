#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the vswctl binary the way users and scripts do and check exit
# statuses and the exact one-line messages. Nothing here needs vsw.ko:
# usage errors must be found before the kernel is asked (status 2, even
# where the module is loaded), and the one test that depends on the module
# being absent skips itself where it is loaded. Output is TAP.
#
# Usage: test_cli.sh [VSWCTL]

top=$(cd "$(dirname "$0")/../.." && pwd)
vswctl=${1:-$top/userland/vswctl}
man=$top/Documentation/man/vswctl.8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/userland/tap-lib.sh
. "$(dirname "$0")/tap-lib.sh"

# run ARGS...: run vswctl, leaving $rc, $out and $err.
run() {
	"$vswctl" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

# expect NAME RC STDERR: check the last run; stderr must match exactly and
# be one line (or empty), stdout must be empty on failure.
expect() {
	local name=$1 want_rc=$2 want_err=$3
	local lines
	lines=$(wc -l <"$tmp/err")
	if [[ $rc != "$want_rc" || $err != "$want_err" ]]; then
		not_ok "$name" "status $rc, want $want_rc" \
			"stderr: $err" "want:   $want_err"
	elif [[ -n $want_err && $lines != 1 ]]; then
		not_ok "$name" "stderr has $lines lines"
	elif [[ $rc != 0 && -n $out ]]; then
		not_ok "$name" "stdout not empty on failure: $out"
	else
		ok "$name"
	fi
}

# "vswctl" alone is a summary of every switch, as "wg" alone is.
run
if [[ -d /sys/module/vsw ]]; then
	skip "no arguments: the summary" "vsw.ko is loaded"
else
	expect "no arguments: the summary needs the family" 1 \
		'vswctl: vsw generic netlink family not found (is vsw.ko loaded?)'
fi
run bogus
expect "unknown object" 2 'vswctl: unknown object "bogus" (try "vswctl help")'
run switch frob
expect "unknown command" 2 \
	'vswctl: unknown switch command "frob" (try "vswctl switch help")'
run switch add
expect "missing name" 2 'vswctl: switch add: missing switch name'
run switch del sw0 sw1
expect "extra argument" 2 'vswctl: switch del: unexpected argument "sw1"'
run switch add a/b
expect "invalid name" 2 "vswctl: invalid switch name \"a/b\": contains '/'"
run switch add abcdefghijklmnop
expect "16-character name" 2 \
	'vswctl: invalid switch name "abcdefghijklmnop": longer than 15 characters'
run switch add "$(printf 'a\nb')"
expect "newline in a name stays one line" 2 \
	'vswctl: invalid switch name "a\nb": contains whitespace'
run -j switch add a:b
expect "usage error with -j prints no JSON" 2 \
	"vswctl: invalid switch name \"a:b\": contains ':'"
run switch add a/b -j
expect "options after the command" 2 \
	"vswctl: invalid switch name \"a/b\": contains '/'"
run switch add -- -x/y
expect "-- ends options" 2 \
	"vswctl: invalid switch name \"-x/y\": contains '/'"
run --bogus switch show
expect "unknown long option" 2 'vswctl: unknown option "--bogus"'
run -x switch show
expect "unknown short option" 2 'vswctl: unknown option "-x"'
run -b
expect "-b without a file" 2 'vswctl: option "-b" requires an argument'
run -b /dev/null switch show
expect "-b with a command" 2 \
	'vswctl: unexpected argument "switch" with --batch'

run -h
if [[ $rc == 0 && -z $err && $out == Usage:* && $out == *"vswctl switch add NAME"* ]]; then
	ok "-h prints usage"
else
	not_ok "-h prints usage" "status $rc" "stderr: $err"
fi
help_h=$out
run help
if [[ $rc == 0 && $out == "$help_h" ]]; then
	ok "help is -h"
else
	not_ok "help is -h" "status $rc"
fi
run switch help
if [[ $rc == 0 && $out == "Usage: vswctl switch add NAME"* ]]; then
	ok "switch help"
else
	not_ok "switch help" "status $rc" "stdout: $out"
fi
run -V
if [[ -d /sys/module/vsw ]]; then
	want_mod='module [^ ]+'
else
	want_mod='module not loaded'
fi
if [[ $rc == 0 && $out =~ ^vswctl\ [^\ ]+\ \(vsw\ netlink\ family\ version\ [0-9]+\),\ $want_mod$ ]]; then
	ok "-V"
else
	not_ok "-V" "status $rc" "stdout: $out"
fi
# The tools carry the module's version: the one line of kmod/main.c.
kver=$(sed -n 's/^#define VSW_VERSION "\(.*\)"$/\1/p' "$top/kmod/main.c")
if [[ -n $kver && $out == "vswctl $kver "* ]]; then
	ok "-V: the version of kmod/main.c ($kver)"
else
	not_ok "-V: the version of kmod/main.c ($kver)" "stdout: $out"
fi
"$vswctl" help >/dev/full 2>"$tmp/err"
rc=$?
if [[ $rc == 1 && $(cat "$tmp/err") == "vswctl: cannot write output: No space left on device" ]]; then
	ok "write error is an error"
else
	not_ok "write error is an error" "status $rc" "stderr: $(cat "$tmp/err")"
fi

# Batch files.
printf '# a comment\n\n   \t\n   # indented comment\nswitch add a/b\nswitch add sw0\n' \
	>"$tmp/batch"
run -b "$tmp/batch"
expect "batch: FILE:LINE of the failing line" 2 \
	"vswctl: $tmp/batch:5: invalid switch name \"a/b\": contains '/'"

printf '# only comments\n\n' >"$tmp/empty"
run -b "$tmp/empty"
if [[ $rc == 0 && -z $out && -z $err ]]; then
	ok "batch: comments and blank lines only"
else
	not_ok "batch: comments and blank lines only" "status $rc" "stderr: $err"
fi

printf 'bogus1\nbogus2\n' >"$tmp/two"
run -b "$tmp/two"
expect "batch: stops at the first failure" 2 \
	"vswctl: $tmp/two:1: unknown object \"bogus1\" (try \"vswctl help\")"

printf 'help\n' >"$tmp/help"
run -b "$tmp/help"
if [[ $rc == 0 && $out == "$help_h" ]]; then
	ok "batch: help line"
else
	not_ok "batch: help line" "status $rc" "stderr: $err"
fi

"$vswctl" -b - >"$tmp/out" 2>"$tmp/err" < <(printf '\n# c\nswitch frob\n')
rc=$? out=$(cat "$tmp/out") err=$(cat "$tmp/err")
expect "batch: stdin" 2 \
	'vswctl: <stdin>:3: unknown switch command "frob" (try "vswctl switch help")'

run -b "$tmp/no-such-file"
expect "batch: missing file" 1 \
	"vswctl: batch file $tmp/no-such-file: cannot open (No such file or directory)"

{ printf 'switch add'; for i in $(seq 70); do printf ' w%d' "$i"; done; echo; } \
	>"$tmp/long"
run -b "$tmp/long"
expect "batch: too many words" 2 "vswctl: $tmp/long:1: too many words (more than 64)"

printf 'switch show\0x\n' >"$tmp/nul"
run -b "$tmp/nul"
expect "batch: NUL byte" 2 "vswctl: $tmp/nul:1: line contains a NUL byte"

printf 'switch add a/b\n' | "$vswctl" -b - -j >"$tmp/out" 2>"$tmp/err"
rc=$? out=$(cat "$tmp/out") err=$(cat "$tmp/err")
expect "batch: -j after -b" 2 \
	"vswctl: <stdin>:1: invalid switch name \"a/b\": contains '/'"

# Without vsw.ko: the message the contract fixes, and no JSON on stdout.
run -j switch show
if [[ -d /sys/module/vsw ]]; then
	skip "family not found" "vsw.ko is loaded"
else
	expect "family not found" 1 \
		'vswctl: vsw generic netlink family not found (is vsw.ko loaded?)'
fi

# The objects of the datapath: usage errors through the real binary.
run switch set sw0
expect "switch set: nothing to set" 2 \
	'vswctl: switch set: nothing to set (flowid, ttl, tos, policy-max, router-mac, hold-max or hold-timeout)'
run switch set sw0 ttl 0
expect "switch set: ttl 0" 2 'vswctl: invalid TTL "0": out of range (1-255)'
run switch set sw0 tos 256 flowid hash
expect "switch set: tos 256" 2 \
	'vswctl: invalid TOS "256": out of range (0-255, or "inherit")'
run switch set sw0 policy-max 16777217
expect "switch set: policy-max over the limit" 2 \
	'vswctl: invalid policy-max "16777217": out of range (1-16777216)'
run switch set sw0 router-mac ff:ff:ff:ff:ff:ff
expect "switch set: broadcast router MAC" 2 \
	'vswctl: invalid router-mac "ff:ff:ff:ff:ff:ff": broadcast address (the router MAC must be unicast)'
run uplink show a/b
expect "uplink show: invalid name" 2 "vswctl: invalid switch name \"a/b\": contains '/'"
run uplink set sw0 dev nic9 pa 192.168.4.11
expect "uplink set: no device" 1 'vswctl: uplink set: no device "nic9"'
run uplink set sw0 dev lo
expect "uplink set: missing pa" 2 'vswctl: uplink set: missing "pa"'
run uplink set sw0 dev lo pa 192.168.4.11 dev lo
expect "uplink set: repeated keyword" 2 \
	'vswctl: uplink set: "dev" given twice'
# One PA per family; both PAs parse before the device is looked up.
run uplink set sw0 dev lo pa 192.168.4.11 pa 192.168.4.12
expect "uplink set: two IPv4 PAs" 2 \
	'vswctl: uplink set: two IPv4 PAs ("192.168.4.11" and "192.168.4.12"): give at most one per family'
run uplink set sw0 pa 2001:db8:4::b dev lo pa 2001:db8:4::c
expect "uplink set: two IPv6 PAs" 2 \
	'vswctl: uplink set: two IPv6 PAs ("2001:db8:4::b" and "2001:db8:4::c"): give at most one per family'
run uplink set sw0 dev lo pa 192.168.4.11 pa 2001:db8:4::b pa 192.168.4.12
expect "uplink set: three PAs" 2 \
	'vswctl: uplink set: "pa" given more than 2 times'
run uplink set sw0 dev nic9 pa 2001:db8:4::b pa 192.168.4.11
expect "uplink set: one PA of each family" 1 'vswctl: uplink set: no device "nic9"'
run uplink set sw0 dev nic9 pa ::ffff:192.168.4.11
expect "uplink set: IPv4-mapped PA" 2 \
	'vswctl: invalid PA "::ffff:192.168.4.11": IPv4-mapped address: use the IPv4 form'
run port add sw0 dev lo vsid 4095 mac 02:00:00:00:00:01
expect "port add: reserved VSID" 2 \
	'vswctl: invalid VSID "4095": reserved (0-4095 and 0xffffff are reserved, RFC 7637)'
run port add sw0 dev lo vsid 5001 mac ff:ff:ff:ff:ff:ff
expect "port add: broadcast MAC" 2 \
	"vswctl: invalid MAC \"ff:ff:ff:ff:ff:ff\": broadcast address (a VM's MAC must be unicast)"
run port add sw0 dev lo vsid 5001 mac 02:00:00:00:00:01 vlan 5
expect "port add: unknown keyword" 2 \
	'vswctl: port add: unknown keyword "vlan" (expected dev, vsid, mac)'
run port del sw0 dev nic9
expect "port del: no device" 1 'vswctl: port del: no device "nic9"'
run port show
expect "port show: missing name" 2 'vswctl: port show: missing switch name'
run policy add sw0 vsid 5001 ca 10.0.0.5 mac 00:11:22:33:44:55
expect "policy add: missing pa" 2 'vswctl: policy add: missing "pa"'
run policy add sw0 vsid 5001 ca 10.0.0.5 mac 00:11:22:33:44:55 pa 192.168.4.11 vsid 5002
expect "policy add: repeated vsid" 2 'vswctl: policy add: "vsid" given twice'
run policy replace sw0 vsid 5001 ca 10.0.0 mac 00:11:22:33:44:55 pa 192.168.4.11
expect "policy replace: bad CA" 2 'vswctl: invalid CA "10.0.0": not an IPv4 or IPv6 address'
# IPv6 addresses: parsed when there is a ':', refused where no host can be.
run policy add sw0 vsid 5001 ca ::1 mac 00:11:22:33:44:55 pa 192.168.4.11
expect "policy add: IPv6 loopback CA" 2 \
	'vswctl: invalid CA "::1": loopback address, not a host address'
run policy replace sw0 vsid 5001 ca 2001:db8::5 mac 00:11:22:33:44:55 pa ff02::1
expect "policy replace: IPv6 multicast PA" 2 \
	'vswctl: invalid PA "ff02::1": multicast address, not a host address'
run policy del sw0 vsid 5001 ca ::ffff:10.0.0.5
expect "policy del: IPv4-mapped CA" 2 \
	'vswctl: invalid CA "::ffff:10.0.0.5": IPv4-mapped address: use the IPv4 form'
run policy add sw0 vsid 5001 ca 2001:db8::5 mac 00:11:22:33:44:55 pa ::
expect "policy add: unspecified IPv6 PA" 2 \
	'vswctl: invalid PA "::": :: is not a host address'
run policy del sw0 vsid 5001
expect "policy del: missing ca" 2 'vswctl: policy del: missing "ca"'
run policy show sw0 vsid
expect "policy show: vsid without value" 2 \
	'vswctl: policy show: "vsid" needs a value'
run route add sw0 rdid 1 vsid 5001 prefix 10.0.0.1/24
expect "route add: host bits set" 2 \
	'vswctl: invalid prefix "10.0.0.1/24": host bits set (the prefix is 10.0.0.0/24)'
run route add sw0 rdid 1 vsid 7001 prefix 172.16.0.0/16 nexthop 2001:db8::fe
expect "route add: next hop of the other family" 2 \
	'vswctl: invalid next hop "2001:db8::fe": an IPv6 next hop for an IPv4 prefix'
run route add sw0 rdid 1 vsid 5001 prefix fd10::/64 gateway fd10::1
expect "route add: unknown keyword" 2 \
	'vswctl: route add: unknown keyword "gateway" (expected rdid, vsid, prefix, nexthop)'
run route del sw0 rdid 1 prefix 10.0.0.0
expect "route del: prefix without length" 2 \
	'vswctl: invalid prefix "10.0.0.0": missing /LEN (a prefix is ADDR/LEN, as 10.0.0.0/24)'
run route show sw0 rdid 0
expect "route show: rdid 0" 2 \
	'vswctl: invalid RDID "0": out of range (1-4294967295)'
run stats show sw0 dev nic9
expect "stats show: no device" 1 'vswctl: stats show: no device "nic9"'
run monitor sw0 sw1
expect "monitor: two names" 2 'vswctl: monitor: unexpected argument "sw1"'
run p show sw0
expect "ambiguous object" 2 'vswctl: ambiguous object "p" (port, policy)'

run port help
if [[ $rc == 0 && $out == "Usage: vswctl port add NAME dev DEV vsid VSID mac MAC"$'\n'"       vswctl port del NAME dev DEV"$'\n'"       vswctl port show NAME" ]]; then
	ok "port help"
else
	not_ok "port help" "status $rc" "stdout: $out"
fi
run uplink help
if [[ $rc == 0 && $out == *"vswctl uplink set NAME dev DEV pa ADDR [pa ADDR]"* &&
	$out == *"ADDR is an IPv4 or an IPv6 address."* ]]; then
	ok "uplink help: ADDR of both families"
else
	not_ok "uplink help: ADDR of both families" "status $rc" "stdout: $out"
fi
run monitor help
if [[ $rc == 0 && $out == "Usage: vswctl monitor [NAME]" ]]; then
	ok "monitor help"
else
	not_ok "monitor help" "status $rc" "stdout: $out"
fi

# Batch: a bad policy line is found by its line, before any kernel use.
{
	echo "policy add sw0 vsid 5001 ca 10.0.0.5 mac 02:00:00:00:50:05 pa 192.168.4.11"
	echo "# Red"
	echo "policy add sw0 vsid 6001 ca 10.0.0.5 mac 02:00:00:00:60:05 pa 192.168.4.256"
} >"$tmp/policy"
if [[ -d /sys/module/vsw ]]; then
	skip "batch: bad policy line" "vsw.ko is loaded"
else
	run -b "$tmp/policy"
	# Without vsw.ko, line 1 already needs the family.
	expect "batch: policy line without vsw.ko" 1 \
		"vswctl: $tmp/policy:1: vsw generic netlink family not found (is vsw.ko loaded?)"
fi
printf '%s\n' "policy add sw0 vsid 1 ca 10.0.0.5 mac 02:00:00:00:50:05 pa 192.168.4.11" \
	>"$tmp/policy1"
run -b "$tmp/policy1"
expect "batch: reserved VSID on line 1" 2 \
	"vswctl: $tmp/policy1:1: invalid VSID \"1\": reserved (0-4095 and 0xffffff are reserved, RFC 7637)"
printf '%s\n' "policy add sw0 vsid 5001 ca 2001:db8::5 mac 02:00:00:00:50:05 pa 2001:db8:4::b" \
	"policy add sw0 vsid 5001 ca 2001:db8::6 mac 02:00:00:00:50:06 pa 2001:db8:4:::b" \
	>"$tmp/policy6"
if [[ -d /sys/module/vsw ]]; then
	skip "batch: IPv6 line without vsw.ko" "vsw.ko is loaded"
else
	# Line 1 is good and needs the family, which is not there.
	run -b "$tmp/policy6"
	expect "batch: IPv6 line without vsw.ko" 1 \
		"vswctl: $tmp/policy6:1: vsw generic netlink family not found (is vsw.ko loaded?)"
fi
printf '%s\n' "policy del sw0 vsid 5001 ca 2001:db8::5:" >"$tmp/policy6b"
run -b "$tmp/policy6b"
expect "batch: bad IPv6 CA on line 1" 2 \
	"vswctl: $tmp/policy6b:1: invalid CA \"2001:db8::5:\": not an IPv6 address"

# Route lines run in batches, one request each; a bad one is found by line.
printf '%s\n' "# routing domain 1" "route del sw0 rdid 1 prefix 172.16.0.0/16" \
	>"$tmp/route"
if [[ -d /sys/module/vsw ]]; then
	skip "batch: route line without vsw.ko" "vsw.ko is loaded"
else
	run -b "$tmp/route"
	expect "batch: route line without vsw.ko" 1 \
		"vswctl: $tmp/route:2: vsw generic netlink family not found (is vsw.ko loaded?)"
fi
printf '%s\n' "route add sw0 rdid 1 vsid 5001 prefix fd10::1/64" >"$tmp/route2"
run -b "$tmp/route2"
expect "batch: bad route prefix on line 1" 2 \
	"vswctl: $tmp/route2:1: invalid prefix \"fd10::1/64\": host bits set (the prefix is fd10::/64)"

# Without vsw.ko, every command that needs it says so, and prints nothing.
for cmd in "policy add sw0 vsid 5001 ca 10.0.0.5 mac 02:00:00:00:50:05 pa 192.168.4.11" \
	"policy show sw0" "port show sw0" "stats show sw0" "monitor" \
	"switch set sw0 ttl 9" "uplink del sw0" \
	"route add sw0 rdid 1 vsid 5001 prefix 10.0.0.0/24" \
	"route del sw0 rdid 1 prefix fd10::/64" "route show sw0 rdid 1"; do
	if [[ -d /sys/module/vsw ]]; then
		skip "family not found: ${cmd%% sw0*}" "vsw.ko is loaded"
	else
		# shellcheck disable=SC2086 # split the command into words
		run -j $cmd
		expect "family not found: ${cmd%% sw0*}" 1 \
			'vswctl: vsw generic netlink family not found (is vsw.ko loaded?)'
	fi
done

# Global options as ip takes them: one word each, never grouped.
run -br
expect "-br is not -b r" 2 \
	'vswctl: unknown option "-br" (options are not grouped: "-b" is an option of its own)'
if [[ -e r ]]; then
	not_ok "-br opened nothing" "a file r exists in $PWD"
else
	ok "-br opened nothing"
fi
run -jp switch show
expect "-jp is not grouped" 2 \
	'vswctl: unknown option "-jp" (options are not grouped: "-j" is an option of its own)'
run -n
expect "-n without a name" 2 'vswctl: option "-n" requires an argument'
run -n vsw-no-such-netns switch show
expect "-n: no such namespace" 1 \
	'vswctl: network namespace "vsw-no-such-netns": cannot open (No such file or directory)'
run -netns "$tmp/nope" switch show
expect "-netns: a path" 1 \
	"vswctl: network namespace \"$tmp/nope\": cannot open (No such file or directory)"
run -force switch show
expect "-force without -b" 2 'vswctl: -force is for batches (-b FILE)'
run -p -j switch add a/b
expect "-p -j: usage errors print no JSON" 2 \
	"vswctl: invalid switch name \"a/b\": contains '/'"
run -pretty -json help
if [[ $rc == 0 && $out == "$help_h" ]]; then
	ok "-pretty -json are options"
else
	not_ok "-pretty -json are options" "status $rc" "stderr: $err"
fi

# A value starting with '-' is a value: a range error, not an option.
run sample set sw0 dev lo rate -1
expect "rate -1" 2 \
	'vswctl: invalid rate "-1": out of range (negative) (1 in N frames, 0 turns sampling off)'
run switch set sw0 ttl -5
expect "ttl -5" 2 'vswctl: invalid TTL "-5": out of range (negative)'
run switch set sw0 hold-max -1 -j
expect "hold-max -1 then -j" 2 'vswctl: invalid hold-max "-1": out of range (negative)'
run policy add sw0 vsid -5001 ca 10.0.0.5 mac 02:00:00:00:50:05 pa 192.168.4.11
expect "vsid -5001" 2 'vswctl: invalid VSID "-5001": out of range (negative)'
run route add sw0 rdid -1 vsid 5001 prefix 10.0.0.0/24
expect "rdid -1" 2 'vswctl: invalid RDID "-1": out of range (negative)'

# -force: every failed line is reported with its line number, the lines
# after it still run, and the status is that of the first failure.
printf '%s\n' "bogus" "switch help" "switch add a/b" "# fine" "uplink help" \
	"switch set sw0 ttl -1" >"$tmp/force"
run -force -b "$tmp/force"
want_err="vswctl: $tmp/force:1: unknown object \"bogus\" (try \"vswctl help\")
vswctl: $tmp/force:3: invalid switch name \"a/b\": contains '/'
vswctl: $tmp/force:6: invalid TTL \"-1\": out of range (negative)"
if [[ $rc == 2 && $err == "$want_err" && $out == "Usage: vswctl switch add NAME"*"Usage: vswctl uplink set"* ]]; then
	ok "-force: every failure reported, later lines run"
else
	not_ok "-force: every failure reported, later lines run" "status $rc" \
		"stderr: $err" "want: $want_err" "stdout: $out"
fi
run -b "$tmp/force"
if [[ $rc == 2 && $err == "vswctl: $tmp/force:1: unknown object \"bogus\" (try \"vswctl help\")" && -z $out ]]; then
	ok "without -force: the first failure ends the batch"
else
	not_ok "without -force: the first failure ends the batch" "status $rc" \
		"stderr: $err" "stdout: $out"
fi
"$vswctl" -b - -force >"$tmp/out" 2>"$tmp/err" < <(printf 'help\nswitch frob\nhelp\n')
rc=$? out=$(cat "$tmp/out") err=$(cat "$tmp/err")
if [[ $rc == 2 && $err == 'vswctl: <stdin>:2: unknown switch command "frob" (try "vswctl switch help")' &&
	$out == "$help_h"$'\n'"$help_h" ]]; then
	ok "-force after -b -: both helps printed"
else
	not_ok "-force after -b -: both helps printed" "status $rc" "stderr: $err"
fi

# save: its usage errors need no kernel.
run save sw0 sw1
expect "save: two names" 2 'vswctl: save: unexpected argument "sw1"'
run save a/b
expect "save: invalid name" 2 "vswctl: invalid switch name \"a/b\": contains '/'"
if [[ -d /sys/module/vsw ]]; then
	skip "save: family not found" "vsw.ko is loaded"
	skip "uplink show: family not found" "vsw.ko is loaded"
else
	run save
	expect "save: family not found" 1 \
		'vswctl: vsw generic netlink family not found (is vsw.ko loaded?)'
	run uplink
	expect "uplink show: family not found" 1 \
		'vswctl: vsw generic netlink family not found (is vsw.ko loaded?)'
fi

# The man page: valid roff, and it documents every command of the tool.
if command -v groff >/dev/null; then
	warnings=$(groff -man -Tutf8 -ww -z "$man" 2>&1)
	if [[ -z $warnings ]]; then
		ok "man page: groff -ww is silent"
	else
		not_ok "man page: groff -ww is silent" "$warnings"
	fi
	text=$(groff -man -Tascii -P-cbou "$man" 2>/dev/null)
	missing=
	while read -r _ object cmd args; do
		line="$object $cmd${args:+ $args}"
		[[ $text == *"$line"* ]] || missing+=" [$line]"
	done < <("$vswctl" help | sed -n 's/^  \(vswctl .*\)/\1/p')
	if [[ -z $missing ]]; then
		ok "man page: lists every command of vswctl help"
	else
		not_ok "man page: lists every command of vswctl help" \
			"missing:$missing"
	fi
else
	skip "man page: groff -ww is silent" "no groff"
	skip "man page: lists every command of vswctl help" "no groff"
fi

done_testing
