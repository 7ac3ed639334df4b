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

KDIR=${KDIR:-$(vsw_kdir)}
fail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

echo "lint: W=1 build with sparse (C=2) against $KDIR"
make -C "$KDIR" M="$VSW_TOP" W=1 C=2 modules >"$out" 2>&1 || fail=1
if grep -E 'warning:|error:' "$out"; then
	fail=1
fi
[ $fail -eq 0 ] || { cat "$out"; echo "lint: W=1/sparse findings" >&2; }

echo "lint: checkpatch --strict"
src=$(vsw_source_tree)
files=()
for f in kmod/*.[ch] include/uapi/linux/*.h tests/kunit/*.c; do
	[[ $f == *.mod.c ]] || files+=("$f")
done
if ! "$src/scripts/checkpatch.pl" --strict --no-tree --quiet --show-types \
	--no-summary -f "${files[@]}"; then
	fail=1
	echo "lint: checkpatch findings" >&2
fi

if command -v shellcheck >/dev/null; then
	echo "lint: shellcheck"
	shellcheck -x scripts/*.sh scripts/bench/*.sh tests/vm/*.sh tests/userland/*.sh .ci/run || fail=1
fi

echo "lint: userland with -Werror"
make -C userland >/dev/null || fail=1

[ $fail -eq 0 ] && echo "lint: clean"
exit $fail
