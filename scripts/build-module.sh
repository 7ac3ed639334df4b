#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds vsw.ko for one kernel in a tree of its own, so that modules for
# several kernels coexist and each rebuilds incrementally:
# .build/KREL/ holds links to Kbuild, kmod/ and include/ of the checkout and
# the objects of that kernel. Prints the module's path on stdout.
#
# usage: scripts/build-module.sh KDIR [make arguments, e.g. W=1 C=2]
#
# VSW_PROBE_INVERT="NAME ..." reverses compile probes (kmod/compat/probe.sh);
# VSW_BUILD_DIR_SUFFIX builds in .build/KREL$SUFFIX instead.
set -euo pipefail

# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

(($# >= 1)) || { echo "usage: $0 KDIR [make arguments]" >&2; exit 2; }
kdir=$1
shift
krel=$(vsw_kdir_release "$kdir")
[ -n "$krel" ] || { echo "build-module: no kernel build tree at $kdir" >&2; exit 2; }

dir=$VSW_TOP/.build/$krel${VSW_BUILD_DIR_SUFFIX:-}
mkdir -p "$dir"
# Links to the sources as they are now (stale ones go); the objects stay.
# Only sources: a link to a generated file would be written through.
find "$dir" -xtype l -delete
(cd "$VSW_TOP" && find Kbuild kmod include -type f \
	\( -name '*.[ch]' -o -name Kbuild -o -name '*.sh' \) \
	! -name '*.mod.c' ! -name compat-probes.h) |
	while read -r f; do
		[ -L "$dir/$f" ] && continue
		mkdir -p "$dir/$(dirname "$f")"
		ln -sfn "$VSW_TOP/$f" "$dir/$f"
	done

make -C "$kdir" M="$dir" "$@" modules >&2
echo "$dir/kmod/vsw.ko"
