#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 15-switch-netlink: the module's own checks, bypassing vswctl's. Raw
# generic netlink requests (tests/vm/genl.py) with missing, oversized,
# unterminated, unknown and wrongly flagged attributes must each be refused
# with an errno and an extended-ack message, and change nothing.
#
#	+------------------------------+
#	| h1                           |
#	|   switch "keep"              |
#	|   genl.py -> family "vsw"    |
#	+------------------------------+

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

genl() { nsx h1 "$PYTHON" "$VSW_REPO/tests/vm/genl.py" "$@"; }
NAME=1	# VSW_A_SWITCH_NAME

ns_new h1
assert_ok vswctl_in h1 switch add keep

# refused EXPECTED_RE ARGS...: the request fails with an errno and a message.
refused() {
	local re=$1 out
	shift
	out=$(genl "$@")
	say "  -> $out"
	assert_match '^errno=[1-9]' "$out" "refused: $*"
	assert_match 'msg=.+' "$out" "extended ack message: $*"
	assert_match "$re" "$out" "reason: $*"
}

refused 'errno=22 .*missing switch name.*missing=1' switch-new
refused 'errno=22 .*missing switch name' switch-del
refused 'errno=22 .*missing switch name' switch-get
# 16 characters do not fit IFNAMSIZ; the policy refuses before the handler.
refused 'errno=(22|34) ' switch-new "$NAME:str:abcdefghijklmnop"
# Not NUL-terminated.
refused 'errno=22 ' switch-new "$NAME:raw:abc"
# The module's own name rules, not only vswctl's.
refused 'errno=22 .*invalid switch name' switch-new "$NAME:str:a/b"
refused 'errno=22 .*invalid switch name' switch-new "$NAME:str:."
refused 'errno=22 .*invalid switch name' switch-new "$NAME:str:"
refused 'errno=22 .*invalid switch name' switch-new "$NAME:str:a b"
# Attributes the command does not know: strict validation.
refused 'errno=22 ' switch-new "$NAME:str:x" "200:u32:1"
refused 'errno=22 ' switch-new "$NAME:str:x" "0:u32:1"
# The NESTED flag on a string attribute.
refused 'errno=22 ' switch-new "$NAME:nest:"
# Existing and missing objects, from the kernel's side.
refused 'errno=17 .*already exists' switch-new "$NAME:str:keep"
refused 'errno=2 .*no such switch' switch-del "$NAME:str:nope"
refused 'errno=2 .*no such switch' switch-get "$NAME:str:nope"

# An unknown command is refused by the genetlink core.
out=$(genl 99)
assert_match '^errno=(95|22) ' "$out" "unknown command refused"

# Nothing above changed anything.
assert_json '[s["name"] for s in j] == ["keep"]' vswctl_in h1 -j switch show

# The happy path through the same client, so the refusals above are not
# an artefact of the client: create, get, dump, delete.
assert_match '^ok' "$(genl switch-new "$NAME:str:raw0")" "raw create"
assert_match '^ok messages=1' "$(genl switch-get "$NAME:str:raw0")" "raw get"
assert_match '^ok messages=2' "$(genl switch-get --dump)" "raw dump of two"
assert_match '^ok' "$(genl switch-del "$NAME:str:raw0")" "raw delete"
