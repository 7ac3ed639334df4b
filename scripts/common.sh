# SPDX-License-Identifier: GPL-2.0
# Shared by the scripts in scripts/: where caches live, which kernel.
# shellcheck shell=bash

VSW_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VSW_CACHE=${VSW_CACHE:-$HOME/.cache/vsw}
export VSW_TOP VSW_CACHE
# Where kernel headers are looked for: VSW_SYSROOT/lib/modules/*/build and
# VSW_SYSROOT/usr/src (default: the real ones). Tests point it at a
# directory of their own (tests/userland/test_fresh_machine.sh).
VSW_SYSROOT=${VSW_SYSROOT:-}

# The kernels vsw is built for and tested on, as the Debian packages of
# their headers: a metapackage that follows Debian's updates, never a
# version. The first is the primary kernel (Debian 12's own, what make
# builds by default and the whole VM tier runs on); the others get the
# subset of Documentation/testing.md ("Kernels"). A third kernel is one
# more word here (and its linux-source for KUnit in VSW_KUNIT_SOURCES).
VSW_KERNEL_PKGS=${VSW_KERNEL_PKGS:-linux-headers-amd64 linux-headers-6.12-amd64}

# The headers directory a metapackage stands for, if it is installed:
# linux-headers-amd64 depends on linux-headers-6.1.0-57-amd64 (= ...).
vsw_pkg_kdir() {
	local dep
	dep=$(dpkg-query -W -f='${Depends}' "$1" 2>/dev/null) || return 1
	dep=$(echo "$dep" | tr ',|' '\n' | sed -n 's/^ *\(linux-headers-[^ ]*\).*/\1/p' | head -n 1)
	[ -n "$dep" ] && [ -f "$VSW_SYSROOT/usr/src/$dep/Makefile" ] || return 1
	echo "$VSW_SYSROOT/usr/src/$dep"
}

# Every installed kernel of VSW_KERNEL_PKGS, primary first, one headers
# directory per line.
vsw_kdirs() {
	local p
	for p in $VSW_KERNEL_PKGS; do
		vsw_pkg_kdir "$p" || true
	done
}

# The release (uname -r) of a headers directory.
vsw_kdir_release() {
	sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$1/include/generated/utsrelease.h" 2>/dev/null
}

# The kernel vsw is built for and tested on by default: KVER if given, else
# the release of vsw_kdir.
vsw_kver() {
	local d
	if [ -n "${KVER:-}" ]; then
		echo "$KVER"
		return
	fi
	d=$(vsw_kdir) || return 1
	vsw_kdir_release "$d"
}

# The kernel build tree, as the Makefile picks it: KDIR if given, the
# running kernel's if it has one (a real host), else the primary kernel's
# headers (this project's build machines), else the newest installed.
vsw_kdir() {
	local d
	if [ -n "${KDIR:-}" ]; then
		echo "$KDIR"
		return
	fi
	d=$VSW_SYSROOT/lib/modules/$(uname -r)/build
	if [ -d "$d" ]; then
		echo "$d"
		return
	fi
	d=$(vsw_kdirs | head -n 1)
	[ -n "$d" ] || d=$(find "$VSW_SYSROOT/usr/src" -maxdepth 1 -name 'linux-headers-*-amd64' 2>/dev/null | sort -V | tail -n 1)
	[ -n "$d" ] || { echo "vsw: no kernel headers (apt-get install linux-headers-amd64)" >&2; return 1; }
	echo "$d"
}

# The kernel sources KUnit runs on (UML), as Debian's linux-source-X
# packages: the first is the primary one (make check), the others run in
# make check-kernels.
VSW_KUNIT_SOURCES=${VSW_KUNIT_SOURCES:-6.1 6.12}

# Debian's linux-source-VERSION (default: the first of VSW_KUNIT_SOURCES),
# extracted once into the cache (not the checkout). Prints the tree's path.
vsw_source_tree() {
	local ver=${1:-${VSW_KUNIT_SOURCES%% *}} tarball dir
	tarball=/usr/src/linux-source-$ver.tar.xz
	[ -f "$tarball" ] || { echo "vsw: linux-source-$ver is not installed" >&2; return 1; }
	dir=$VSW_CACHE/linux-source-$ver
	# Re-extract when Debian updates the tarball.
	if [ ! -f "$dir/.vsw-extracted" ] || [ "$tarball" -nt "$dir/.vsw-extracted" ]; then
		echo "vsw: extracting $tarball into $VSW_CACHE" >&2
		mkdir -p "$VSW_CACHE"
		rm -rf "$dir"
		tar -C "$VSW_CACHE" -xf "$tarball"
		touch "$dir/.vsw-extracted"
	fi
	echo "$dir"
}

# The VM tests of tests/vm/kernels-subset, one per line.
vsw_vm_subset() {
	sed 's/#.*//' "$VSW_TOP/tests/vm/kernels-subset" | awk 'NF { print $1 }'
}
