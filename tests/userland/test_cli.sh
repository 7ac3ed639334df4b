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

n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for line in "$@"; do echo "# $line"; done
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

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

run
expect "no arguments" 2 'vswctl: missing object (try "vswctl help")'
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
if [[ $rc == 0 && $out =~ ^vswctl\ [^\ ]+\ \(vsw\ netlink\ family\ version\ [0-9]+\)$ ]]; then
	ok "-V"
else
	not_ok "-V" "status $rc" "stdout: $out"
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

echo "1..$n"
[[ $failed == 0 ]]
