#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel review bar, mechanised: the module must build without a single
# warning at W=1, sparse must find nothing (C=2 checks every file), and
# checkpatch.pl --strict (from Debian's linux-source-6.1) must be clean.
# The tools build with -Werror already. Any finding fails.
set -euo pipefail

# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"
cd "$VSW_TOP" || exit 1
"$VSW_TOP/scripts/deps.sh"

# Every kernel vsw is built for (or KDIR alone, if given), each in a tree
# of its own (scripts/build-module.sh).
if [ -n "${KDIR:-}" ]; then
	kdirs=("$KDIR")
else
	mapfile -t kdirs < <(vsw_kdirs)
	[ ${#kdirs[@]} -gt 0 ] || kdirs=("$(vsw_kdir)")
fi
fail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for kdir in "${kdirs[@]}"; do
	echo "lint: W=1 build with sparse (C=2) against $kdir"
	VSW_BUILD_DIR_SUFFIX=-lint scripts/build-module.sh "$kdir" W=1 C=2 \
		>/dev/null 2>"$out" || fail=1
	if grep -E 'warning:|error:' "$out"; then
		fail=1
	fi
	[ $fail -eq 0 ] || { cat "$out"; echo "lint: W=1/sparse findings" >&2; }
done

echo "lint: checkpatch --strict"
src=$(vsw_source_tree "${VSW_KUNIT_SOURCES%% *}")
files=()
for f in kmod/*.[ch] kmod/compat/probes/*.c include/uapi/linux/*.h tests/kunit/*.c; do
	[[ $f == *.mod.c || $f == kmod/compat-probes.h ]] || files+=("$f")
done
if ! "$src/scripts/checkpatch.pl" --strict --no-tree --quiet --show-types \
	--no-summary -f "${files[@]}"; then
	fail=1
	echo "lint: checkpatch findings" >&2
fi

if command -v shellcheck >/dev/null; then
	echo "lint: shellcheck"
	shellcheck -x scripts/*.sh scripts/bench/*.sh kmod/compat/*.sh tests/vm/*.sh tests/userland/*.sh .ci/run || fail=1
fi

echo "lint: userland with -Werror"
make -C userland >/dev/null || fail=1

[ $fail -eq 0 ] && echo "lint: clean"
exit $fail
