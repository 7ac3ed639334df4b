#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The fresh machine (issue 12, item 1): "make check" runs scripts/check.sh,
# which installs the kernel headers (scripts/deps.sh) and then runs "make
# all". A Makefile that looks KDIR up when it is read, and exports it,
# hands the empty value of the outer make to the inner one: the first run
# on a machine without headers built nothing. Here a make whose one
# recipe line creates the headers and then runs make again, as check.sh
# does, must see the inner make find them. The headers are looked for
# under VSW_SYSROOT (scripts/common.sh), a directory of this test, so the
# machine's own headers play no part. Output is TAP.
#
# Usage: test_fresh_machine.sh [TOP]

top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/userland/tap-lib.sh
. "$(dirname "$0")/tap-lib.sh"

root=$tmp/root
headers=$root/usr/src/linux-headers-9.9.9-vsw-amd64
mkdir -p "$root/usr/src"
cat >"$tmp/fresh.mk" <<'MK'
# One recipe line, as "make check" runs scripts/check.sh: the headers
# appear (deps.sh) after this make has read the Makefile, then make again.
fresh:
	@mkdir -p $(HEADERS) && $(MAKE) --no-print-directory -f Makefile -f $(FRESH_MK) print-kdir
print-kdir:
	@echo "KDIR=[$(KDIR)]"
MK
# make in the checkout, KDIR as given by "kdir=..." (default: unset, not
# the caller's: this is about the lookup).
kdir=-
mk() {
	local e=(-u KDIR)
	[[ $kdir == - ]] || e=(KDIR="$kdir")
	env "${e[@]}" VSW_SYSROOT="$root" make --no-print-directory -C "$top" "$@"
}

out=$(mk module 2>&1)
rc=$?
[[ $rc != 0 && $out == *"no kernel headers: apt-get install linux-headers-amd64, or set KDIR"* ]]
check "no headers: make module says what to install" $? "status $rc" "$out"

out=$(mk -f Makefile -f "$tmp/fresh.mk" HEADERS="$headers" FRESH_MK="$tmp/fresh.mk" fresh 2>&1)
[[ $out == "KDIR=[$headers]" ]]
check "headers installed by a recipe: the make it runs finds them" $? \
	"got:  $out" "want: KDIR=[$headers]"

out=$(kdir='' mk -f Makefile -f "$tmp/fresh.mk" print-kdir 2>&1)
[[ $out == "KDIR=[$headers]" ]]
check "an empty KDIR in the environment counts as unset" $? "got: $out"

mkdir -p "$root/lib/modules/$(uname -r)/build"
out=$(mk -f Makefile -f "$tmp/fresh.mk" print-kdir 2>&1)
[[ $out == "KDIR=[$root/lib/modules/$(uname -r)/build]" ]]
check "the running kernel's build tree comes first" $? "got: $out"

out=$(kdir=/some/tree mk -f Makefile -f "$tmp/fresh.mk" print-kdir 2>&1)
[[ $out == "KDIR=[/some/tree]" ]]
check "KDIR=... wins" $? "got: $out"

done_testing
