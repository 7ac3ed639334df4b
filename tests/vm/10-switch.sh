#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 10-switch: switch add / show / del, text and JSON, and every refusal
# vswctl(8) names (EEXIST, ENOENT, bad names), each with a one-line message
# and no change to what exists.
#
#	+-------------------------+
#	| h1                      |
#	|   switches sw0, tenants |
#	+-------------------------+

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

ns_new h1

names() { vswctl_in h1 -j switch show | $PYTHON -c \
	'import json,sys; print(" ".join(s["name"] for s in json.load(sys.stdin)))'; }

# Empty to begin with, in text and in JSON.
assert_eq "$(vswctl_in h1 switch show)" "" "no switches yet"
assert_json 'j == []' vswctl_in h1 -j switch show

assert_ok vswctl_in h1 switch add sw0
assert_ok vswctl_in h1 switch add tenants
# The longest name a netdev may have is fine too.
assert_ok vswctl_in h1 switch add abcdefghijklmno

assert_eq "$(names)" "sw0 tenants abcdefghijklmno" "switches, in creation order"
assert_match '(^|[[:space:]])sw0([[:space:]]|$)' "$(vswctl_in h1 switch show)" "text show lists sw0"
assert_json 'len(j) == 1 and j[0]["name"] == "tenants"' \
	vswctl_in h1 -j switch show tenants
assert_ok vswctl_in h1 switch show sw0

# Adding what exists: EEXIST, one line on stderr, nothing changes.
assert_fail_with 'File exists' vswctl_in h1 switch add sw0
err=$(vswctl_in h1 switch add sw0 2>&1 >/dev/null || true)
assert_eq "$(wc -l <<<"$err")" 1 "one line of error"
assert_match 'sw0|already exists' "$err" "error names what is wrong"
assert_eq "$(names)" "sw0 tenants abcdefghijklmno" "unchanged after EEXIST"

# Deleting or showing what does not exist: ENOENT.
assert_fail_with 'No such file or directory' vswctl_in h1 switch del nope
assert_fail_with 'No such file or directory' vswctl_in h1 switch show nope
assert_eq "$(names)" "sw0 tenants abcdefghijklmno" "unchanged after ENOENT"

# Bad names are refused with a message naming the problem, and create
# nothing: too long, path characters, whitespace, dots, empty.
for bad in abcdefghijklmnop a/b a:b 'a b' . .. ''; do
	assert_fail_with 'name' vswctl_in h1 switch add "$bad"
done
# Missing and extra arguments are usage errors, not kernel errors.
assert_fail vswctl_in h1 switch add
assert_fail vswctl_in h1 switch add x y
assert_fail vswctl_in h1 switch frobnicate x
assert_eq "$(names)" "sw0 tenants abcdefghijklmno" "unchanged after bad input"

# Delete, and the name is free again.
assert_ok vswctl_in h1 switch del sw0
assert_eq "$(names)" "tenants abcdefghijklmno" "sw0 deleted"
assert_fail_with 'No such file or directory' vswctl_in h1 switch del sw0
assert_ok vswctl_in h1 switch add sw0
assert_ok vswctl_in h1 switch del sw0
assert_ok vswctl_in h1 switch del tenants
assert_ok vswctl_in h1 switch del abcdefghijklmno
assert_json 'j == []' vswctl_in h1 -j switch show
