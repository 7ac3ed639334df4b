#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm.sh - run vsw's integration tests in a QEMU guest that boots Debian's own
# kernel (the one the installed headers belong to) with vsw.ko loaded.
#
# usage: scripts/vm.sh [-k MODULE.ko] [-v] [TEST...]   run tests/vm/NN-*.sh
#        scripts/vm.sh [-k MODULE.ko] --script FILE [ARG...]
#        scripts/vm.sh [-k MODULE.ko] --shell
#   -k    the module to load (default: kmod/vsw.ko of this checkout); the
#         guest boots the kernel it was built for
#   -v    show the whole serial console live
#
# The host cannot load modules (Documentation/testing.md), so everything
# happens in a TCG guest:
#
#   host /  --9p ro (hostroot)-->  overlay lower  \
#   tmpfs                     -->  overlay upper   }-> guest /  (writable, RAM)
#   image lib/modules --9p ro (vswmods)--> guest /lib/modules
#   per-run dir --9p rw (vswrun)--> guest /run/vsw  (parameters in, results out)
#
# A tiny initramfs (busybox + the 9p/virtio/overlay modules) builds that root
# and switch_roots into scripts/vm-init.sh from this checkout, which is at the
# same absolute path in the guest.
#
# Parameters reach the guest through a file (env.sh) in the per-run share,
# not through the kernel command line: the command line is length-limited,
# would need quoting for arbitrary paths and script arguments, and every
# unknown "a.b=c" word on it is handed to module "a" as a parameter. The same
# share brings results back (results.tap, logs/, kernel.log), so the verdict
# never depends on parsing a serial console into which printk can interleave.
# The guest writes the file "complete" only after the last check; without it
# (panic, timeout, crash of vm-init) the run has failed.
#
# Environment:
#   KVER / KDIR         kernel version / headers dir (default: the kernel
#                       of the module given with -k, else the primary
#                       kernel, scripts/common.sh)
#   VSW_KIMAGE          boot another kernel than Debian's: a directory with
#                       boot/vmlinuz-KREL and lib/modules/KREL (depmod'ed),
#                       e.g. the debug kernel of scripts/debug-kernel.sh;
#                       KVER is then KREL and KDIR is not used
#   VSW_KCMDLINE_EXTRA  words appended to the guest kernel's command line
#   VSW_TIMEOUT_SCALE   multiplies every test's timeout and the default
#                       VSW_VM_TIMEOUT (integer, default 1; a debug kernel
#                       is several times slower)
#   VSW_CACHE           cache dir (default ~/.cache/vsw): kernel image,
#                       initramfs, and the last runs' logs under runs/
#   VSW_VM_TIMEOUT      bound on the whole qemu run, seconds (default 4500
#                       times VSW_TIMEOUT_SCALE: the whole tier takes 30-60
#                       min under TCG on a busy 2-core machine)
#   VSW_TEST_TIMEOUT    bound on each test (and on --script), seconds
#                       (default 300; a test can ask for more with a line
#                       "# vm-timeout: N" in its header)
#   (a test with "# vm-explicit: WHY" in its header runs only when named)
#   VSW_VM_VERBOSE=1    show the whole serial console live (same as -v)
#   VSW_QEMU_EXTRA      extra qemu arguments (word-split)
#   VSW_QEMU_ICOUNT=N   run the guest on qemu's instruction counter
#                       (-icount shift=N, one vCPU): guest time is 2^N
#                       ns per instruction, whatever the host's load
#                       (make bench's counted mode, Documentation/bench.md)
#   VSW_KEEP_RUNS       how many run dirs to keep in $VSW_CACHE/runs (20)

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=scripts/common.sh
. "$REPO/scripts/common.sh"
VSW_CACHE=${VSW_CACHE:-${HOME:-/root}/.cache/vsw}
VSW_TIMEOUT_SCALE=${VSW_TIMEOUT_SCALE:-1}
[[ $VSW_TIMEOUT_SCALE =~ ^[1-9][0-9]*$ ]] || {
	echo "vm: VSW_TIMEOUT_SCALE must be a positive integer" >&2
	exit 2
}
VSW_VM_TIMEOUT=${VSW_VM_TIMEOUT:-$((4500 * VSW_TIMEOUT_SCALE))}
VSW_TEST_TIMEOUT=${VSW_TEST_TIMEOUT:-300}
VSW_KEEP_RUNS=${VSW_KEEP_RUNS:-20}
VERBOSE=${VSW_VM_VERBOSE:-0}

APT_DEPS=(qemu-system-x86 busybox-static cpio kmod iproute2 util-linux python3)
# Start of a kernel splat on the console.
SPLAT='cut here|WARNING:|BUG:|Oops|Kernel panic|watchdog: |INFO: task|RCU detected stall|Call Trace|UBSAN:'
# Modules the initramfs needs to reach the root filesystem; their
# dependencies are resolved from the image's modules.dep, in load order
# (those a kernel has built in, per its modules.builtin, are skipped).
INITRAMFS_MODULES=(virtio_pci 9pnet_virtio 9p overlay)

# A test run that cannot start still ends with its summary line.
die() {
	echo "vm: error: $*" >&2
	[[ ${MODE:-tests} != tests ]] || echo "vm: 0 passed, 1 failed"
	exit 2
}
say() { echo "vm: $*"; }

usage() {
	sed -n '7,13s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
	exit "${1:-2}"
}

# Single-quote a string for a POSIX shell (the guest's env.sh is read by
# busybox sh in the initramfs and by bash in vm-init).
shq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

install_deps() {
	local missing=() p
	for p in "${APT_DEPS[@]}"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
	done
	((${#missing[@]})) || return 0
	say "installing ${missing[*]}"
	local apt=(apt-get -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends)
	export DEBIAN_FRONTEND=noninteractive
	"${apt[@]}" install "${missing[@]}" >&2 ||
		{ apt-get -q -o DPkg::Lock::Timeout=600 update >&2 &&
		  "${apt[@]}" install "${missing[@]}" >&2; } ||
		die "could not install ${missing[*]}"
}

find_kernel() {
	if [[ -n ${VSW_KIMAGE:-} ]]; then
		local k
		k=("$VSW_KIMAGE"/lib/modules/*/modules.dep)
		if ((${#k[@]} != 1)) || [[ ! -f ${k[0]} ]]; then
			die "VSW_KIMAGE=$VSW_KIMAGE: want exactly one lib/modules/KREL with modules.dep"
		fi
		KVER=$(basename "$(dirname "${k[0]}")")
		[[ -f $VSW_KIMAGE/boot/vmlinuz-$KVER ]] ||
			die "VSW_KIMAGE=$VSW_KIMAGE: no boot/vmlinuz-$KVER"
	elif [[ -z ${KVER:-} && -z ${KDIR:-} && -n $MODULE ]]; then
		# The kernel the module was built for.
		KVER=$(modinfo -F vermagic "$MODULE") || die "$MODULE is not a module"
		KVER=${KVER%% *}
	elif [[ -z ${KVER:-} ]]; then
		KDIR=$(vsw_kdir) || die "no kernel headers: apt-get install linux-headers-amd64"
		KVER=$(vsw_kdir_release "$KDIR")
		[[ -n $KVER ]] || die "cannot read the kernel release from $KDIR"
	fi
	[[ $KVER =~ ^[A-Za-z0-9._+-]+$ ]] || die "odd KVER '$KVER'"
}

# Debian's kernel image for $KVER, unpacked once into $IMG.
fetch_image() {
	if [[ -n ${VSW_KIMAGE:-} ]]; then
		IMG=$(cd "$VSW_KIMAGE" && pwd -P)
		return 0
	fi
	IMG=$VSW_CACHE/kernel/$KVER
	[[ -e $IMG/.complete ]] && return 0
	local pkg=linux-image-$KVER-unsigned ver tmp=$IMG.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	say "fetching $pkg into $IMG"
	# Prefer the exact version of the installed headers.
	ver=$(dpkg-query -W -f='${Version}' "linux-headers-$KVER" 2>/dev/null) || ver=
	(
		cd "$tmp"
		{ [[ -n $ver ]] && apt-get -q download "$pkg=$ver"; } ||
			apt-get -q download "$pkg" ||
			{ apt-get -q -o DPkg::Lock::Timeout=600 update &&
			  apt-get -q download "$pkg"; }
	) >"$tmp.log" 2>&1 || { cat "$tmp.log" >&2; die "apt-get download $pkg failed"; }
	dpkg -x "$tmp"/*.deb "$tmp/root"
	[[ -f $tmp/root/boot/vmlinuz-$KVER && -d $tmp/root/lib/modules/$KVER ]] ||
		die "$pkg has no boot/vmlinuz-$KVER or lib/modules/$KVER"
	depmod -b "$tmp/root" "$KVER"
	rm -rf "$IMG" "$tmp.log" "$tmp"/*.deb
	mkdir -p "$IMG"
	mv "$tmp/root/boot" "$tmp/root/lib" "$IMG/"
	rm -rf "$tmp"
	touch "$IMG/.complete"
}

# The initramfs's /init. Kept here so that its text is part of the
# initramfs cache key.
initramfs_init() {
	cat <<'EOF'
#!/bin/busybox sh
# Generated by scripts/vm.sh: build the guest root and switch_root into
# vm-init.sh. On any failure say why on the console and power off; the host
# then finds no completion token and reports the console tail.
/bin/busybox --install -s /bin
export PATH=/bin
fail() {
	echo "vm-initramfs: FAILED: $*"
	poweroff -f
	sleep 30
}
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /modules.list); do
	insmod "/modules/$m" || fail "insmod $m"
done
P9=trans=virtio,version=9p2000.L,msize=262144
mkdir -p /mnt/lower /mnt/rw /mnt/root
mount -t 9p -o "$P9,ro,cache=loose" hostroot /mnt/lower || fail "mount hostroot"
mount -t tmpfs -o mode=0755 tmpfs /mnt/rw
mkdir /mnt/rw/upper /mnt/rw/work
mount -t overlay -o lowerdir=/mnt/lower,upperdir=/mnt/rw/upper,workdir=/mnt/rw/work \
	overlay /mnt/root || fail "mount overlay root"
mkdir -p /mnt/root/lib/modules
mount -t 9p -o "$P9,ro,cache=loose" vswmods /mnt/root/lib/modules || fail "mount vswmods"
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /mnt/root/run
mkdir /mnt/root/run/vsw
mount -t 9p -o "$P9" vswrun /mnt/root/run/vsw || fail "mount vswrun"
. /mnt/root/run/vsw/env.sh || fail "no env.sh in the run share"
for d in proc sys dev; do
	mount --move "/$d" "/mnt/root/$d" || fail "move /$d"
done
exec switch_root /mnt/root /bin/bash "$VSW_REPO/scripts/vm-init.sh"
fail "switch_root"
EOF
}

# Rebuilt only when its inputs change: the init above, busybox, the module
# list (the image itself is immutable per KVER).
build_initramfs() {
	local line mods=() m seen=" " key
	for m in "${INITRAMFS_MODULES[@]}"; do
		while read -r line; do
			case $line in
			insmod\ *)
				line=${line#insmod }
				line=${line%% *}
				if [[ $seen != *" $line "* ]]; then
					seen+="$line "
					mods+=("$line")
				fi
				;;
			builtin\ *) ;;
			*) die "modprobe --show-depends $m: unexpected '$line'" ;;
			esac
		done < <(modprobe -d "$IMG" -S "$KVER" --show-depends "$m")
	done
	INITRD=$IMG/initramfs.cpio
	key=$({
		initramfs_init
		sha256sum /bin/busybox
		printf '%s\n' "${mods[@]}"
	} | sha256sum | cut -d' ' -f1)
	[[ -f $INITRD && $(cat "$INITRD.key" 2>/dev/null) == "$key" ]] && return 0
	say "building $INITRD"
	local d
	d=$(mktemp -d "$VSW_CACHE/initramfs.XXXXXX")
	mkdir -p "$d/bin" "$d/modules" "$d/proc" "$d/sys" "$d/dev" "$d/mnt"
	cp /bin/busybox "$d/bin/busybox"
	initramfs_init >"$d/init"
	chmod 755 "$d/init"
	# Empty if the kernel has them all built in.
	: >"$d/modules.list"
	for m in "${mods[@]}"; do
		cp "$m" "$d/modules/"
		basename "$m" >>"$d/modules.list"
	done
	(cd "$d" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$INITRD.tmp"
	rm -rf "$d"
	mv "$INITRD.tmp" "$INITRD"
	echo "$key" >"$INITRD.key"
}

prepare() {
	install_deps
	find_kernel
	mkdir -p "$VSW_CACHE/kernel" "$VSW_CACHE/runs"
	# Concurrent runs share the cache: serialise its preparation.
	exec {lockfd}>"$VSW_CACHE/.lock"
	flock "$lockfd"
	fetch_image
	build_initramfs
	flock -u "$lockfd"
	exec {lockfd}>&-
}

# Test names as given ("00-module-load", "00-module-load.sh",
# "tests/vm/00-module-load.sh") to names of files in tests/vm.
resolve_tests() {
	local t n
	TESTS=()
	if (($# == 0)); then
		# All but those that ask to be named ("# vm-explicit: WHY" in
		# their header: too slow for make check; their own target).
		for t in "$REPO"/tests/vm/[0-9][0-9]-*.sh; do
			[[ -e $t ]] || continue
			head -n 20 "$t" | grep -q '^# vm-explicit:' && continue
			TESTS+=("$(basename "$t" .sh)")
		done
		((${#TESTS[@]})) || die "no tests in $REPO/tests/vm"
		return 0
	fi
	for t in "$@"; do
		n=$(basename "$t" .sh)
		[[ $n =~ ^[0-9][0-9]-[A-Za-z0-9._-]+$ && -f $REPO/tests/vm/$n.sh ]] ||
			die "no test '$t' (tests are tests/vm/NN-name.sh)"
		TESTS+=("$n")
	done
}

new_run_dir() {
	local old
	RUN=$(mktemp -d "$VSW_CACHE/runs/$(date +%Y%m%d-%H%M%S).XXXX")
	mkdir "$RUN/logs"
	: >"$RUN/results.tap"
	# Keep the last VSW_KEEP_RUNS runs.
	while read -r old; do
		rm -rf "$old"
	done < <(printf '%s\n' "$VSW_CACHE"/runs/*/ | sort | head -n "-$VSW_KEEP_RUNS")
}

write_env() {
	local rows=0 cols=0
	if [[ $MODE == shell ]] && [[ -t 0 ]]; then
		read -r rows cols < <(stty size 2>/dev/null || echo 0 0)
	fi
	{
		echo "VSW_MODE=$(shq "$MODE")"
		echo "VSW_REPO=$(shq "$REPO")"
		echo "VSW_KVER=$(shq "$KVER")"
		echo "VSW_MODULE=$(shq "$GUEST_MODULE")"
		echo "VSW_TESTS=$(shq "${TESTS[*]}")"
		echo "VSW_TEST_TIMEOUT=$(shq "$VSW_TEST_TIMEOUT")"
		echo "VSW_TIMEOUT_SCALE=$(shq "$VSW_TIMEOUT_SCALE")"
		echo "VSW_SCRIPT=$(shq "$GUEST_SCRIPT")"
		echo "VSW_TERM=$(shq "${TERM:-vt100}")"
		echo "VSW_ROWS=$(shq "$rows")"
		echo "VSW_COLS=$(shq "$cols")"
	} >"$RUN/env.sh"
	# Script arguments, NUL-separated.
	if ((${#SCRIPT_ARGS[@]})); then
		printf '%s\0' "${SCRIPT_ARGS[@]}" >"$RUN/script.args"
	else
		: >"$RUN/script.args"
	fi
}

qemu_cmd() {
	local fs=security_model=none,multidevs=remap
	# loglevel=5: the console shows warnings and worse (WARN splats
	# included), not the hundreds of boot-time info lines.
	local append="console=ttyS0 panic=-1 panic_on_warn=1 oops=panic loglevel=5 edd=off"
	[[ -z ${VSW_KCMDLINE_EXTRA:-} ]] || append+=" $VSW_KCMDLINE_EXTRA"
	# shellcheck disable=SC2054 # commas belong to qemu options
	# qemu 7.2 cannot bring up a second vCPU on the instruction counter:
	# that guest has one.
	local accel=tcg,thread=multi smp=2
	[[ -z ${VSW_QEMU_ICOUNT:-} ]] || accel=tcg,thread=single smp=1
	QEMU=(qemu-system-x86_64
		-accel "$accel" -smp "$smp" -cpu max -m 2048
		-nographic -no-reboot -nic none
		-kernel "$IMG/boot/vmlinuz-$KVER" -initrd "$INITRD"
		-append "$append"
		-virtfs "local,path=/,mount_tag=hostroot,readonly=on,$fs"
		-virtfs "local,path=$IMG/lib/modules,mount_tag=vswmods,readonly=on,$fs"
		-virtfs "local,path=$RUN,mount_tag=vswrun,$fs")
	[[ -z ${VSW_QEMU_ICOUNT:-} ]] ||
		QEMU+=(-icount "shift=$VSW_QEMU_ICOUNT,align=off,sleep=on")
	# shellcheck disable=SC2206 # word splitting wanted
	[[ -z ${VSW_QEMU_EXTRA:-} ]] || QEMU+=($VSW_QEMU_EXTRA)
}

# Why the guest did not complete, from qemu's status and the console.
explain_incomplete() {
	local rc=$1 why
	if ((rc == 124 || rc == 137)); then
		why="timed out after ${VSW_VM_TIMEOUT}s (VSW_VM_TIMEOUT)"
	elif why=$(tr -d '\r' <"$CONSOLE" | grep -m1 -o 'Kernel panic - not syncing:.*'); then
		:
	elif why=$(tr -d '\r' <"$CONSOLE" | grep -m1 -o 'vm-initramfs: FAILED:.*'); then
		:
	else
		why="qemu exited with status $rc without the completion token"
	fi
	echo "$why"
}

# The console from the first kernel splat after the last test started (the
# WARNING/BUG line names the culprit), or else its last lines.
print_console_tail() {
	local start
	start=$(tr -d '\r' <"$CONSOLE" | awk -v re="$SPLAT" '
		/^vm-init: === / { s = 0 }
		!s && $0 ~ re { s = NR }
		END { print s + 0 }')
	if ((start)); then
		echo "# --- console from line $start ($CONSOLE) ---"
		tr -d '\r' <"$CONSOLE" | tail -n "+$start" | head -n 150 | sed 's/^/# /'
	else
		echo "# --- last 60 lines of the console ($CONSOLE) ---"
		tr -d '\r' <"$CONSOLE" | tail -n 60 | sed 's/^/# /'
	fi
	echo "# ---"
}

# The firmware resets and clears the terminal (ESC c, ESC [2J): not wanted
# in a live log.
console_filter() {
	sed -u -e 's/\x1bc//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r$//'
}

# Runs qemu under the VM timeout, its console into $CONSOLE (and, if $1 is
# "live", onto stdout), and returns its status: 124 if it timed out.
# Interrupting vm.sh stops qemu (which "timeout" keeps out of the terminal's
# process group).
QPID=
run_qemu() {
	local rc=0 confd cpid=''
	if [[ $1 == live ]]; then
		exec {confd}> >(console_filter | tee "$CONSOLE")
		cpid=$!
	else
		exec {confd}>"$CONSOLE"
	fi
	timeout -k 10 "$VSW_VM_TIMEOUT" "${QEMU[@]}" </dev/null >&"$confd" 2>&1 &
	QPID=$!
	if [[ $1 == tail ]]; then
		# Results appear as the guest appends them to the share.
		tail -n +1 -f --pid="$QPID" "$RUN/results.tap" &
		cpid=$!
	fi
	wait "$QPID" || rc=$?
	QPID=
	exec {confd}>&-
	[[ -z $cpid ]] || wait "$cpid" || true
	return "$rc"
}
on_signal() {
	[[ -z $QPID ]] || kill -TERM "$QPID" 2>/dev/null || true
	echo
	die "interrupted"
}

run_tests() {
	local rc=0 n passed failed skipped why
	if ((VERBOSE)); then
		run_qemu live || rc=$?
		echo "# --- results ---"
		cat "$RUN/results.tap"
	else
		run_qemu tail || rc=$?
	fi

	n=$(grep -cE '^(not )?ok [0-9]+' "$RUN/results.tap") || true
	failed=$(grep -cE '^not ok [0-9]+' "$RUN/results.tap") || true
	skipped=$(grep -E '^ok [0-9]+ .*# SKIP' "$RUN/results.tap" |
		sed -E 's/^ok [0-9]+ - ([^ ]+).*/\1/' | paste -sd ' ') || true
	passed=$((n - failed - $(wc -w <<<"$skipped")))
	if [[ ! -e $RUN/complete ]]; then
		# Name what was running (vm-init keeps it in "current") and
		# what never ran.
		local cur notrun t
		cur=$(cat "$RUN/current" 2>/dev/null) || cur=boot
		why=$(explain_incomplete "$rc")
		echo "not ok $((n + 1)) - $cur # guest did not complete: $why"
		if [[ -s $RUN/logs/$cur.log ]]; then
			echo "# --- end of its log ---"
			tail -n 30 "$RUN/logs/$cur.log" | sed 's/^/# /'
		fi
		print_console_tail
		failed=$((failed + 1))
		notrun=$(for t in "${TESTS[@]}"; do
			[[ -e $RUN/logs/$t.log ]] || echo "$t"
		done | paste -sd ' ')
		[[ -z $notrun ]] || say "not run: $notrun"
	fi
	say "console log: $CONSOLE"
	say "test logs: $RUN/logs/"
	[[ ! -s $RUN/kmemleak.txt ]] || say "kmemleak report: $RUN/kmemleak.txt"
	[[ -z $skipped ]] || say "skipped: $skipped"
	echo "vm: $passed passed, $failed failed"
	((failed == 0))
}

run_script() {
	local rc=0 st
	run_qemu live || rc=$?
	say "console log: $CONSOLE"
	if [[ ! -e $RUN/complete ]]; then
		say "guest did not complete: $(explain_incomplete "$rc")"
		say "script $SCRIPT: failed"
		return 1
	fi
	st=$(cat "$RUN/status" 2>/dev/null) || st=1
	say "script $SCRIPT exited with status $st"
	return "$st"
}

main() {
	MODE=tests MODULE='' SCRIPT='' SCRIPT_ARGS=()
	while (($#)); do
		case $1 in
		-k | --module) (($# >= 2)) || usage; MODULE=$2; shift 2 ;;
		-v | --verbose) VERBOSE=1; shift ;;
		--shell) MODE=shell; shift ;;
		--script)
			(($# >= 2)) || usage
			MODE=script SCRIPT=$2
			shift 2
			SCRIPT_ARGS=("$@")
			set --
			;;
		-h | --help) usage 0 ;;
		--) shift; break ;;
		-*) usage ;;
		*) break ;;
		esac
	done
	TESTS=()
	case $MODE in
	tests) resolve_tests "$@" ;;
	*) (($# == 0)) || die "no test names with --shell or --script" ;;
	esac

	MODULE=${MODULE:-$REPO/kmod/vsw.ko}
	if [[ ! -f $MODULE ]]; then
		[[ $MODE == shell ]] || die "no module $MODULE (build it: make, or give -k)"
		say "no module $MODULE: the shell starts without it"
		MODULE=
	fi
	if [[ $MODE == script ]]; then
		[[ -f $SCRIPT ]] || die "no script $SCRIPT"
		SCRIPT=$(realpath "$SCRIPT")
	fi

	prepare
	if [[ -n $MODULE ]]; then
		local vm
		vm=$(modinfo -F vermagic "$MODULE") || die "$MODULE is not a module"
		[[ $vm == "$KVER "* ]] || die "$MODULE is built for '${vm%% *}', the VM runs $KVER"
	fi
	new_run_dir
	CONSOLE=$RUN/console.log
	# The module is copied into the run share: the guest loads exactly what
	# was given even if it is rebuilt meanwhile, and from wherever it was
	# (the guest's /tmp is its own).
	GUEST_MODULE=
	if [[ -n $MODULE ]]; then
		cp "$MODULE" "$RUN/vsw.ko"
		GUEST_MODULE=/run/vsw/vsw.ko
	fi
	# A script from the checkout runs in place (it may source its
	# neighbours); one from elsewhere is copied into the share.
	GUEST_SCRIPT=$SCRIPT
	if [[ -n $SCRIPT && $SCRIPT != "$REPO"/* ]]; then
		cp "$SCRIPT" "$RUN/script"
		GUEST_SCRIPT=/run/vsw/script
	fi
	write_env
	qemu_cmd

	trap on_signal INT TERM
	case $MODE in
	tests)
		say "KVER $KVER, ${#TESTS[@]} test(s), run dir $RUN"
		run_tests
		;;
	script)
		say "KVER $KVER, script $SCRIPT, run dir $RUN"
		run_script
		;;
	shell)
		say "KVER $KVER; leave with 'exit' (or Ctrl-A x)"
		"${QEMU[@]}"
		;;
	esac
}

main "$@"
