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
# VSW_PROBE_INVERT="NAME ..." reverses compile probes (kmod/compat/probe.sh).
set -euo pipefail

# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

(($# >= 1)) || { echo "usage: $0 KDIR [make arguments]" >&2; exit 2; }
kdir=$1
shift
krel=$(vsw_kdir_release "$kdir")
[ -n "$krel" ] || { echo "build-module: no kernel build tree at $kdir" >&2; exit 2; }

dir=$VSW_TOP/.build/$krel
mkdir -p "$dir"
# Links afresh for what exists now; the objects stay.
find "$dir" -xtype l -delete
cp -rsn "$VSW_TOP/Kbuild" "$VSW_TOP/kmod" "$VSW_TOP/include" "$dir/"
# Generated files of an in-place build are not sources.
find "$dir/kmod" -type l \( -name 'compat-probes.h' -o -name '*.o' \
	-o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \) -delete

make -C "$kdir" M="$dir" "$@" modules >&2
echo "$dir/kmod/vsw.ko"
