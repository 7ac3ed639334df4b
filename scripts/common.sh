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

# The kernel vsw is built for and tested on: KDIR if given, else the
# newest Debian linux-headers-*-amd64 installed. Never hard-coded: the
# version moves with Debian's updates.
vsw_kver() {
	local d
	if [ -n "${KVER:-}" ]; then
		echo "$KVER"
		return
	fi
	if [ -n "${KDIR:-}" ] && [ -f "$KDIR/include/config/kernel.release" ]; then
		cat "$KDIR/include/config/kernel.release"
		return
	fi
	d=$(find "$VSW_SYSROOT/usr/src" -maxdepth 1 -name 'linux-headers-*-amd64' 2>/dev/null | sort -V | tail -n 1)
	[ -n "$d" ] || { echo "vsw: no linux-headers-*-amd64 installed" >&2; return 1; }
	basename "$d" | sed 's/^linux-headers-//'
}

# The kernel build tree, as the Makefile picks it: KDIR if given, the
# running kernel's if it has one (a real host), else the newest Debian
# headers installed (this project's build machines).
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
	d=$(find "$VSW_SYSROOT/usr/src" -maxdepth 1 -name 'linux-headers-*-amd64' 2>/dev/null | sort -V | tail -n 1)
	[ -n "$d" ] || { echo "vsw: no kernel headers (apt-get install linux-headers-amd64)" >&2; return 1; }
	echo "$d"
}

# Debian's linux-source-6.1, extracted once into the cache (not the
# checkout). Prints the tree's path.
vsw_source_tree() {
	local tarball dir
	tarball=$(find /usr/src -maxdepth 1 -name 'linux-source-6.1.tar.xz' | head -n 1)
	[ -n "$tarball" ] || { echo "vsw: linux-source-6.1 is not installed" >&2; return 1; }
	dir=$VSW_CACHE/linux-source-6.1
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
