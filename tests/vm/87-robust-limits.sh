#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 87-robust-limits: a switch holds at most "policy-max" records. Past it,
# an add is refused with ENOSPC and the message "policy table full" (from
# vswctl, a batch, and raw netlink requests of many records) and counted
# (policy_over_limit in "switch show": one per refused record), while a
# replace of a record that is there, a delete, and an add after a delete
# still work; the table never holds more than the limit, however many
# adds are tried (2000 here, all refused). Lowering the limit below what
# the table holds is refused (EBUSY); the limit itself is checked (0 and
# more than 2^24 refused, by the kernel too).
#
#	+---------------------------------------+
#	| h1  sw0 policy-max 100                |
#	|     vswctl, vswctl -b, genl requests  |
#	+---------------------------------------+

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

ns_new h1
vswctl_in h1 switch add sw0
assert_ok vswctl_in h1 switch set sw0 policy-max 100
assert_fail_with 'policy-max|range|Numerical result' vswctl_in h1 switch set sw0 policy-max 0
assert_fail_with 'policy-max|range|Numerical result' vswctl_in h1 switch set sw0 policy-max 16777217
assert_json 'j[0]["policy_max"] == 100' vswctl_in h1 -j switch show sw0

rec() { printf 'policy %s sw0 vsid %d ca 10.%d.%d.%d mac 02:00:00:%02x:%02x:%02x pa 192.168.4.22\n' \
	"$1" "$2" $(($3 >> 16 & 255)) $(($3 >> 8 & 255)) $(($3 & 255)) \
	$(($3 >> 16 & 255)) $(($3 >> 8 & 255)) $(($3 & 255)); }
count() { json_get 'j[0]["policy"]' vswctl_in h1 -j switch show sw0; }
over() { json_get 'j[0]["policy_over_limit"]' vswctl_in h1 -j switch show sw0; }

for i in $(seq 1 100); do
	rec add $((4096 + i % 3)) "$i"
done >"$TMPDIR/fill"
assert_ok vswctl_in h1 -b "$TMPDIR/fill"
assert_eq "$(count)" 100 "records after filling"
assert_eq "$(over)" 0 "refused adds after filling"

# One more: refused, clearly.
# shellcheck disable=SC2046 # the words of a record
assert_fail_with 'policy table full.*|No space left' vswctl_in h1 $(rec add 5001 1000)
rec add 5001 1001 >"$TMPDIR/over"
assert_fail_with 'policy table full' vswctl_in h1 -b "$TMPDIR/over"
# Replacing one that is there is not growing: allowed at the limit.
# shellcheck disable=SC2046
assert_ok vswctl_in h1 $(rec replace 4097 1)
# A replace of one that is not there is an add: refused.
# shellcheck disable=SC2046
assert_fail_with 'policy table full' vswctl_in h1 $(rec replace 5001 1002)

# 2000 more adds, raw, 20 records a request: every request refused at
# its first record, the table unchanged.
out=$(nsx h1 "$PYTHON" - "$VSW_REPO/tests/vm" <<'PY'
import socket, struct, sys
sys.path.insert(0, sys.argv[1])
import genl
g = genl.Genl()
fam = g.family("vsw")
refused, other = 0, []
for r in range(100):
    recs = b""
    for i in range(20):
        n = 100000 + r * 20 + i
        recs += genl.nla(8 | 0x8000,
                         genl.nla(1, struct.pack("=I", 5001)) +
                         genl.nla(2, struct.pack("!I", 0x0b000000 + n)) +
                         genl.nla(3, bytes.fromhex("0200%08x" % n)) +
                         genl.nla(4, socket.inet_aton("192.168.4.22")))
    err, ext, _ = g.request(fam, 10, genl.nla(1, b"sw0\0") + recs)
    msg = ext.get(genl.NLMSGERR_ATTR_MSG, b"").rstrip(b"\0").decode()
    if err == 28 and msg == "policy table full":
        refused += 1
    else:
        other.append((err, msg))
print("refused %d other %r" % (refused, other[:5]))
PY
)
say "$out"
assert_eq "$out" "refused 100 other []" "2000 adds past the limit"
assert_eq "$(count)" 100 "records after 2000 refused adds"
# One per refused record: a request stops at its first.
assert_eq "$(over)" 103 "refused adds counted"

# Room again after a delete.
# shellcheck disable=SC2046
assert_ok vswctl_in h1 policy del sw0 vsid 4097 ca 10.0.0.1
# shellcheck disable=SC2046
assert_ok vswctl_in h1 $(rec add 5001 1003)
assert_eq "$(count)" 100 "records after a delete and an add"

# A limit below what the table holds is refused; once records are
# deleted it can be lowered, and then holds.
assert_fail_with 'holds more records than the new max' vswctl_in h1 switch set sw0 policy-max 50
assert_json 'j[0]["policy_max"] == 100' vswctl_in h1 -j switch show sw0
for i in $(seq 2 60); do
	printf 'policy del sw0 vsid %d ca 10.0.0.%d\n' $((4096 + i % 3)) "$i"
done >"$TMPDIR/shrink"
assert_ok vswctl_in h1 -b "$TMPDIR/shrink"
assert_eq "$(count)" 41 "records after deleting 59"
assert_ok vswctl_in h1 switch set sw0 policy-max 50
for i in $(seq 2001 2009); do
	rec add 5001 "$i"
done >"$TMPDIR/refill"
assert_ok vswctl_in h1 -b "$TMPDIR/refill"
assert_eq "$(count)" 50 "records at the lowered limit"
# shellcheck disable=SC2046
assert_fail_with 'policy table full' vswctl_in h1 $(rec add 5001 2010)
assert_eq "$(over)" 104 "refused adds counted"
assert_match ' policy-over-limit 104( |$)' "$(vswctl_in h1 switch show sw0)" "in the text output"

# The kernel checks the limit itself, not only vswctl.
genl() { nsx h1 "$PYTHON" "$VSW_REPO/tests/vm/genl.py" "$@"; }
for max in 0 16777217; do
	out=$(genl switch-set 1:str:sw0 12:u32:$max)
	assert_match '^errno=(22|34) .*msg=.+' "$out" "policy-max $max over raw netlink"
done
assert_json 'j[0]["policy_max"] == 50' vswctl_in h1 -j switch show sw0
