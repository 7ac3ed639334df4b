#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh - build (once) a debug kernel from Debian's linux-source-6.1
# and run vsw's VM tests on it: `make check-debug`.
#
# usage: scripts/debug-kernel.sh build            build or reuse the kernel
#        scripts/debug-kernel.sh module OUT.ko    vsw.ko of this checkout, for it
#        scripts/debug-kernel.sh check [TEST...]  both, then scripts/vm.sh on it
#        scripts/debug-kernel.sh image            print the image dir (built)
#        scripts/debug-kernel.sh dir              print this configuration's dir
#
# The kernel is x86_64_defconfig + kvm_guest.config + scripts/debug-kernel.config
# (KASAN, UBSAN, lockdep with PROVE_RCU, kmemleak, netdev/netns reference
# trackers; what the tests use built in). It is built out of tree, in the
# cache, under a directory named by the source package's version and a hash
# of the configuration inputs: an unchanged configuration is reused, a
# changed one is built afresh next to it. Layout:
#
#   $VSW_CACHE/debug-kernel/src-VERSION/        private copy of the source
#   $VSW_CACHE/debug-kernel/VERSION-HASH/build/ the O= build tree (KDIR)
#   $VSW_CACHE/debug-kernel/VERSION-HASH/image/ boot/vmlinuz-KREL,
#                                               lib/modules/KREL (depmod'ed)
#   $VSW_CACHE/debug-kernel/VERSION-HASH/build.log
#
# The source is extracted privately (not the tree scripts/kunit.sh links
# vsw into), so a KUnit run in another checkout cannot disturb the build.
#
# "check" boots the image with scripts/vm.sh (VSW_KIMAGE), with kmemleak
# checked at the end of the run by vm-init.sh, and the timeouts scaled by
# VSW_TIMEOUT_SCALE (default 5 here): everything is several times slower
# under KASAN and lockdep.
#
# Environment: VSW_CACHE, VSW_DEBUG_JOBS (make -j, default nproc),
# VSW_DEBUG_NICE (default 10), and everything scripts/vm.sh reads.

set -euo pipefail

# shellcheck source=scripts/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

FRAGMENT=$VSW_TOP/scripts/debug-kernel.config
JOBS=${VSW_DEBUG_JOBS:-$(nproc)}
NICE=${VSW_DEBUG_NICE:-10}
DK=$VSW_CACHE/debug-kernel

say() { echo "debug-kernel: $*" >&2; }
die() {
	say "error: $*"
	exit 2
}

usage() {
	sed -n '7,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
	exit "${1:-2}"
}

# What building a kernel needs beyond building a module (objtool: libelf;
# the certs and signing tools: libssl).
install_deps() {
	local p missing=()
	for p in linux-source-6.1 xz-utils make gcc bc flex bison libelf-dev \
		libssl-dev kmod; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	((${#missing[@]})) || return 0
	say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	{ apt-get -qq -o DPkg::Lock::Timeout=600 update &&
	  apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
		--no-install-recommends "${missing[@]}"; } >&2 ||
		die "could not install ${missing[*]}"
}

tarball() {
	local t=/usr/src/linux-source-6.1.tar.xz
	[[ -f $t ]] || die "no $t: apt-get install linux-source-6.1"
	echo "$t"
}

# The source package's version (6.1.NNN-N): part of the cache key.
src_version() {
	dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null ||
		die "linux-source-6.1 is not installed"
}

# Where this configuration is (to be) built: the key covers the source
# version and every input of the configuration.
locate() {
	local ver key
	ver=$(src_version)
	key=$({
		echo "$ver"
		cat "$FRAGMENT"
		echo x86_64_defconfig kvm_guest.config
		gcc --version | head -n 1
	} | sha256sum | cut -c1-12)
	SRC=$DK/src-$ver
	DIR=$DK/$ver-$key
	BUILD=$DIR/build
	IMAGE=$DIR/image
}

extract_source() {
	[[ -f $SRC/.vsw-extracted ]] && return 0
	local t tmp
	t=$(tarball)
	tmp=$SRC.tmp
	say "extracting $t into $SRC"
	rm -rf "$tmp" "$SRC"
	mkdir -p "$tmp"
	tar -C "$tmp" -xf "$t"
	mv "$tmp/linux-source-6.1" "$SRC"
	rmdir "$tmp"
	touch "$SRC/.vsw-extracted"
}

# Fails if a line of the fragment did not make it into .config (a missing
# dependency makes Kconfig drop a symbol without a word).
verify_config() {
	local line sym bad=0
	while read -r line; do
		case $line in
		CONFIG_*=*)
			grep -qxF "$line" "$BUILD/.config" ||
				{ say "not in .config: $line ($(grep -E "^(# )?${line%%=*}[= ]" "$BUILD/.config" || echo absent))"; bad=1; }
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			! grep -q "^$sym=" "$BUILD/.config" ||
				{ say "should be off: $(grep "^$sym=" "$BUILD/.config")"; bad=1; }
			;;
		esac
	done <"$FRAGMENT"
	((bad == 0)) || die "the configuration does not hold (see above)"
}

# Builds the kernel unless this configuration's image is complete.
build_kernel() {
	locate
	mkdir -p "$DK"
	exec {lockfd}>"$DK/.lock"
	flock "$lockfd"
	if [[ -f $IMAGE/.complete ]]; then
		flock -u "$lockfd"
		return 0
	fi
	install_deps
	extract_source
	mkdir -p "$BUILD"
	local log=$DIR/build.log t0 mk
	t0=$(date +%s)
	say "building the debug kernel in $BUILD (log: $log); this takes long"
	mk=(nice -n "$NICE" make -C "$SRC" O="$BUILD" -j"$JOBS")
	{
		"${mk[@]}" x86_64_defconfig
		"${mk[@]}" kvm_guest.config
		"$SRC/scripts/kconfig/merge_config.sh" -m -O "$BUILD" \
			"$BUILD/.config" "$FRAGMENT"
		"${mk[@]}" olddefconfig
	} >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "configuring failed"; }
	verify_config
	"${mk[@]}" bzImage modules >>"$log" 2>&1 ||
		{ tail -n 40 "$log" >&2; die "the build failed (see $log)"; }

	local krel tmp=$IMAGE.tmp
	krel=$(cat "$BUILD/include/config/kernel.release")
	rm -rf "$tmp" "$IMAGE"
	mkdir -p "$tmp/boot"
	"${mk[@]}" modules_install INSTALL_MOD_PATH="$tmp" >>"$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "modules_install failed"; }
	cp "$BUILD/arch/x86/boot/bzImage" "$tmp/boot/vmlinuz-$krel"
	cp "$BUILD/System.map" "$tmp/boot/System.map-$krel"
	# The guest mounts lib/modules read-only: no dangling links to the
	# build tree there.
	rm -f "$tmp/lib/modules/$krel/build" "$tmp/lib/modules/$krel/source"
	depmod -b "$tmp" "$krel"
	mv "$tmp" "$IMAGE"
	touch "$IMAGE/.complete"
	flock -u "$lockfd"
	say "built $krel in $(($(date +%s) - t0)) s"
}

# vsw.ko of this checkout for the debug kernel, into $1. Built in a scratch
# copy so that the checkout's kmod/vsw.ko (for Debian's kernel) stays as it
# is, with debug info (-g) so that a splat's vsw frames resolve to file:line
# (scripts/faddr2line OUT.ko func+off).
build_module() {
	local out=$1 tmp
	locate
	[[ -f $IMAGE/.complete ]] || die "no debug kernel built yet (scripts/debug-kernel.sh build)"
	tmp=$(mktemp -d "$DK/module.XXXXXX")
	cp -r "$VSW_TOP/Kbuild" "$VSW_TOP/kmod" "$VSW_TOP/include" "$tmp/"
	rm -f "$tmp"/kmod/*.o "$tmp"/kmod/*.ko "$tmp"/kmod/.*.cmd
	if ! make -C "$BUILD" M="$tmp" KCFLAGS=-g -j"$JOBS" modules >"$tmp.log" 2>&1; then
		cat "$tmp.log" >&2
		rm -rf "$tmp" "$tmp.log"
		die "building vsw.ko for the debug kernel failed"
	fi
	mkdir -p "$(dirname "$out")"
	cp "$tmp/kmod/vsw.ko" "$out"
	rm -rf "$tmp" "$tmp.log"
}

check() {
	local ko
	build_kernel
	ko=$DIR/vsw.ko
	say "building vsw.ko for $(cat "$BUILD/include/config/kernel.release")"
	build_module "$ko"
	export VSW_KIMAGE=$IMAGE
	# vm.sh scales VSW_VM_TIMEOUT's default by it too.
	export VSW_TIMEOUT_SCALE=${VSW_TIMEOUT_SCALE:-5}
	# kmemleak: no automatic scans (they would race the final one); the
	# guest scans at the start and the end of the run.
	export VSW_KCMDLINE_EXTRA="${VSW_KCMDLINE_EXTRA:+$VSW_KCMDLINE_EXTRA }kmemleak=on"
	exec "$VSW_TOP/scripts/vm.sh" -k "$ko" "$@"
}

case ${1:-} in
build)
	build_kernel
	echo "$IMAGE"
	;;
dir)
	locate
	echo "$DIR"
	;;
image)
	locate
	[[ -f $IMAGE/.complete ]] || die "not built: scripts/debug-kernel.sh build"
	echo "$IMAGE"
	;;
module)
	(($# == 2)) || usage
	build_module "$2"
	;;
check)
	shift
	check "$@"
	;;
-h | --help) usage 0 ;;
*) usage ;;
esac
