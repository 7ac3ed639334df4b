#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 1200
#
# 46-save-restore-1m: the round trip of 45-save-restore with a million
# policy records (IPv4 and IPv6 CAs and PAs, 16 VSIDs): save, unload,
# load, restore, save again must give the identical file. The times of
# each step are printed for the log, never asserted (TCG is 10-50 times
# slower than hardware; make bench measures speed). Leaves the module
# loaded for the tests after it.

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

module=${VSW_MODULE:-$VSW_REPO/kmod/vsw.ko}
records=${RECORDS:-1000000}
ns_new h1

# timed LABEL CMD...: run CMD, and say how long it took.
timed() {
	local label=$1 start end
	shift
	start=$EPOCHREALTIME
	"$@"
	end=$EPOCHREALTIME
	say "time: $label: $(awk "BEGIN { printf \"%.2f\", $end - $start }") s"
}

gen=$TMPDIR/gen
timed "generate $records lines" awk -v n="$records" 'BEGIN {
	print "switch add big"
	print "switch set big policy-max 2000000 ttl 40"
	for (i = 0; i < n; i++) {
		vsid = 5001 + i % 16
		mac = sprintf("02:%02x:%02x:%02x:%02x:01", int(i / 16777216) % 256,
			      int(i / 65536) % 256, int(i / 256) % 256, i % 256)
		if (i % 4 == 3)
			ca = sprintf("fd10::%x:%x", int(i / 65536), i % 65536)
		else
			ca = sprintf("10.%d.%d.%d", int(i / 65536) % 256,
				     int(i / 256) % 256, i % 256)
		if (i % 3 == 2)
			pa = sprintf("2001:db8:4::%x", i % 200 + 1)
		else
			pa = sprintf("192.168.4.%d", i % 200 + 1)
		printf "policy add big vsid %d ca %s mac %s pa %s\n", vsid, ca, mac, pa
	}
}' >"$gen"
timed "restore the generated file" vswctl_in h1 -b "$gen"
rm -f "$gen"
assert_json "j[0]['policy'] == $records" vswctl_in h1 -j switch show big

timed "save $records records" nsx h1 vswctl save >"$TMPDIR/saved1"
assert_eq "$(wc -l <"$TMPDIR/saved1")" "$((records + 2))" "lines saved"
assert_eq "$(head -n 3 "$TMPDIR/saved1")" "switch add big
switch set big flowid hash ttl 40 tos inherit policy-max 2000000 router-mac 02:76:73:77:00:01 hold-max 64 hold-timeout 1000
policy add big vsid 5001 ca 10.0.0.0 mac 02:00:00:00:00:01 pa 192.168.4.1" "the first lines"

assert_ok pp rmmod vsw
assert_ok pp insmod "$module"
assert_eq "$(nsx h1 vswctl switch show)" "" "no switch after the reload"
timed "restore $records saved records" vswctl_in h1 -b "$TMPDIR/saved1"
timed "save them again" nsx h1 vswctl save >"$TMPDIR/saved2"
if ! cmp "$TMPDIR/saved1" "$TMPDIR/saved2" >&"$_vsw_out"; then
	say "$(diff "$TMPDIR/saved1" "$TMPDIR/saved2" | head -n 20)"
	fail "the second save of $records records differs from the first"
fi
say "ok: $records records saved, restored on a fresh module, saved again: identical"
assert_ok vswctl_in h1 switch del big
