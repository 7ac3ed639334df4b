#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The compat tier of make check: vsw.ko builds for every kernel of
# VSW_KERNEL_PKGS that is installed (scripts/common.sh), and every compile
# probe decides something: with its result reversed (VSW_PROBE_INVERT) the
# build must fail, on every kernel. A probe whose reversal still builds is
# dead weight or, worse, picks a form that happens to compile but means
# something else. Ends with "compat: N passed, N failed".
set -uo pipefail

# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"
cd "$VSW_TOP" || exit 1

passed=0
failed=0
ok() { echo "ok - $*"; passed=$((passed + 1)); }
fail() { echo "not ok - $*"; failed=$((failed + 1)); }

mapfile -t kdirs < <(vsw_kdirs)
if ((${#kdirs[@]} < 2)); then
	fail "fewer than two kernels installed (${kdirs[*]:-none}): scripts/deps.sh installs $VSW_KERNEL_PKGS"
fi
probes=()
for f in kmod/compat/probes/*.c; do
	probes+=("$(basename "$f" .c)")
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
for kdir in "${kdirs[@]}"; do
	krel=$(vsw_kdir_release "$kdir")
	if scripts/build-module.sh "$kdir" >"$log" 2>&1; then
		ok "$krel: vsw.ko builds ($(grep -c '^#define' ".build/$krel/kmod/compat-probes.h") of ${#probes[@]} probes in their current form)"
	else
		fail "$krel: vsw.ko does not build"
		tail -n 30 "$log" | sed 's/^/# /'
		continue
	fi
	# A tree of its own, so that the module above stays built.
	for p in "${probes[@]}"; do
		if VSW_BUILD_DIR_SUFFIX=-invert VSW_PROBE_INVERT=$p \
			scripts/build-module.sh "$kdir" >"$log" 2>&1; then
			fail "$krel: builds with probe $p reversed: the probe decides nothing"
		else
			ok "$krel: probe $p reversed does not build ($(grep -m 1 -o 'error: .*' "$log" | cut -c 1-100))"
		fi
	done
done
echo "compat: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
