#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-init.sh - PID 1 of the vsw test VM, started by the initramfs that
# scripts/vm.sh builds (after switch_root into an overlay of the host's root).
#
# Reads its parameters from /run/vsw/env.sh (the per-run share), loads vsw.ko,
# runs the tests (or a script, or a shell), checks the kernel log after each,
# unloads vsw.ko, writes /run/vsw/complete and powers off. Results go to
# /run/vsw/results.tap (TAP), /run/vsw/logs/NAME.log and /run/vsw/kernel.log;
# everything is also echoed to the console. On a kernel with kmemleak (the
# debug kernel of scripts/debug-kernel.sh) the run ends with a kmemleak scan
# that must be empty (report in /run/vsw/kmemleak.txt).
#
# Each test runs in fresh network, mount and PID namespaces
# ("unshare --net --mount --pid"): its own netns has only lo (up), the netns
# it creates with "ip netns add" live in its private /run/netns and die with
# it, and no process it started survives it. So one test cannot leave state
# to the next, and the final rmmod sees only what the tests leaked inside the
# kernel.
#
# Called as "vm-init.sh --test-ns FILE [ARG...]" it is the small wrapper that
# runs inside those namespaces.

set -euo pipefail

RUN=/run/vsw
# A kernel message matching this fails the test during which it appeared.
KERNEL_BAD='WARNING:|BUG:|Oops|Call Trace|possible circular locking|suspicious RCU usage|RCU detected stall|unregister_netdevice: waiting|KASAN|UBSAN|kmemleak|ref_tracker'
KMEMLEAK=/sys/kernel/debug/kmemleak

# Inside a test's namespaces: make the netns's own view consistent (lo up,
# /sys showing this netns's devices, debugfs), then become the test.
if [[ ${1:-} == --test-ns ]]; then
	shift
	ip link set lo up
	mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
	mount -t debugfs -o nosuid,nodev,noexec debugfs /sys/kernel/debug
	mount -t tracefs -o nosuid,nodev,noexec tracefs /sys/kernel/tracing
	cd "$VSW_REPO"
	exec /bin/bash "$@"
fi

con() { echo "vm-init: $*" >/dev/console; }
poweroff_now() {
	sync
	/bin/busybox poweroff -f 2>/dev/null
	echo o >/proc/sysrq-trigger
	sleep 30
}
# PID 1 must never just exit (that panics the kernel): whatever happens, end
# with a power-off; the missing completion token tells the host it failed.
trap poweroff_now EXIT
trap 'con "line $LINENO: \"$BASH_COMMAND\" failed (status $?)"' ERR

mnt() {
	local type=$1 dir=$2 opts=$3
	mountpoint -q "$dir" && return 0
	mkdir -p "$dir"
	mount -t "$type" -o "$opts" "$type" "$dir"
}

setup() {
	# /proc, /sys, /dev, /run and /run/vsw come from the initramfs.
	mnt proc /proc nosuid,nodev,noexec
	mnt sysfs /sys nosuid,nodev,noexec
	mnt devtmpfs /dev mode=0755,nosuid
	mnt devpts /dev/pts gid=5,mode=0620,ptmxmode=0666
	mnt tmpfs /dev/shm mode=1777,nosuid,nodev
	mnt debugfs /sys/kernel/debug nosuid,nodev,noexec
	mnt tracefs /sys/kernel/tracing nosuid,nodev,noexec
	ln -sfn /proc/self/fd /dev/fd
	ln -sfn /proc/self/fd/0 /dev/stdin
	ln -sfn /proc/self/fd/1 /dev/stdout
	ln -sfn /proc/self/fd/2 /dev/stderr

	# Written by vm.sh: VSW_MODE, VSW_REPO, VSW_KVER, VSW_MODULE,
	# VSW_TESTS, VSW_TEST_TIMEOUT, VSW_TIMEOUT_SCALE, VSW_SCRIPT, VSW_TERM,
	# VSW_ROWS, VSW_COLS.
	# shellcheck source=/dev/null
	. "$RUN/env.sh"
	# A fresh /tmp; a checkout under /tmp stays visible at its path.
	if [[ $VSW_REPO == /tmp/* ]]; then
		mkdir -p /run/vsw-repo
		mount --bind "$VSW_REPO" /run/vsw-repo
		mnt tmpfs /tmp mode=1777,nosuid,nodev
		mkdir -p "$VSW_REPO"
		mount --move /run/vsw-repo "$VSW_REPO"
	else
		mnt tmpfs /tmp mode=1777,nosuid,nodev
	fi

	echo vsw-vm >/proc/sys/kernel/hostname
	export PATH=$VSW_REPO/userland:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	export HOME=/root LANG=C.UTF-8 TERM=$VSW_TERM PYTHON=/usr/bin/python3
	export VSW_REPO VSW_KVER VSW_MODULE VSW_TEST_TIMEOUT
	cd /
	ip link set lo up
	modprobe veth
}

# New kernel messages since the last call (read and cleared atomically
# through syslog(2)); all of them are kept in kernel.log.
kernel_new() {
	local what=$1 msgs
	msgs=$(dmesg -S -c) || msgs="(dmesg failed)"
	{ echo "=== $what"; printf '%s\n' "$msgs"; } >>"$RUN/kernel.log"
	printf '%s\n' "$msgs"
}

# Prints the bad kernel lines (with the lines around them) of "$1", if any.
# alloc_failures_ok MSGS: MSGS without the stack dump of each "page
# allocation failure" report: a test that injects allocation failures
# ("# vm-alloc-failures: WHY" in its header, tests/vm/89-robust-faults.sh)
# causes them on purpose. One "Call Trace" line is dropped per report;
# anything else (a WARNING, KASAN, a second trace) still counts.
alloc_failures_ok() {
	awk '/page allocation failure/ { n++ }
	     /Call Trace/ && n > 0 { n--; next }
	     { print }' <<<"$1"
}

kernel_bad() {
	grep -qE "$KERNEL_BAD" <<<"$1" || return 1
	grep -E -B2 -A20 "$KERNEL_BAD" <<<"$1" | head -n 200
}

# What is running, for the host to name if the guest dies.
now() { echo "$1" >"$RUN/current"; }

NTAP=0
NFAIL=0
# tap ok|fail NAME [DIRECTIVE]; diagnostics for it on stdin (fail only).
# Never call it in a pipeline: the counters live in this shell.
tap() {
	local res=$1 name=$2 dir=${3:+ # $3} line
	NTAP=$((NTAP + 1))
	if [[ $res == ok ]]; then
		line="ok $NTAP - $name$dir"
	else
		line="not ok $NTAP - $name$dir"
		NFAIL=$((NFAIL + 1))
	fi
	{
		echo "$line"
		[[ $res == ok ]] || sed 's/^/# /'
	} | tee -a "$RUN/results.tap" >/dev/console
}

load_vsw() {
	local out dep
	now "insmod vsw"
	out=$({
		for dep in $(modinfo -F depends "$VSW_MODULE" | tr ',' ' '); do
			modprobe "$dep"
		done
		insmod "$VSW_MODULE"
	} 2>&1) || {
		echo "insmod $VSW_MODULE failed:"
		echo "$out"
		kernel_new "insmod vsw" | tail -n 50
		return 1
	}
	local msgs bad
	msgs=$(kernel_new "insmod vsw")
	if bad=$(kernel_bad "$msgs"); then
		echo "kernel log after insmod:"
		echo "$bad"
		return 1
	fi
	con "vsw.ko loaded (uptime $(cut -d' ' -f1 /proc/uptime)s)"
}

# Runs FILE [ARG...] in fresh namespaces with a timeout; output to LOG and
# the console. Returns the script's status (124 on timeout).
run_isolated() {
	local tmo=$1 log=$2 rc=0
	shift 2
	mkdir -p /tmp/vsw-test
	TMPDIR=$(mktemp -d /tmp/vsw-test/XXXXXX) \
		timeout -k 10 "$tmo" \
		unshare --net --pid --fork --mount --propagation private --mount-proc \
		/bin/bash "$VSW_REPO/scripts/vm-init.sh" --test-ns "$@" </dev/null 2>&1 |
		tee "$log" >/dev/console || rc=${PIPESTATUS[0]}
	rm -rf /tmp/vsw-test
	return "$rc"
}

run_test() {
	local name=$1 file=$VSW_REPO/tests/vm/$1.sh tmo=$VSW_TEST_TIMEOUT
	local log=$RUN/logs/$1.log rc=0 t0 t1 msgs bad why
	local n
	n=$(sed -n 's/^# vm-timeout: *\([0-9][0-9]*\).*/\1/p' "$file" | head -n 1)
	[[ -z $n ]] || tmo=$n
	tmo=$((tmo * ${VSW_TIMEOUT_SCALE:-1}))
	now "$name"
	con "=== $name (timeout ${tmo}s)"
	t0=$(date +%s%N)
	VSW_TEST_NAME=$name run_isolated "$tmo" "$log" "$file" || rc=$?
	t1=$(date +%s%N)
	msgs=$(kernel_new "$name")
	con "=== $name: status $rc, $(((t1 - t0) / 1000000)) ms"
	if head -n 20 "$file" | grep -q '^# vm-alloc-failures:'; then
		msgs=$(alloc_failures_ok "$msgs")
	fi

	if bad=$(kernel_bad "$msgs"); then
		tap fail "$name" "kernel reported a problem (status $rc)" < <(
			tail -n 100 "$log"
			echo "--- kernel log during $name:"
			echo "$bad"
		)
		return 0
	fi
	case $rc in
	0) tap ok "$name" </dev/null ;;
	77)
		why=$(sed -n 's/^SKIP: //p' "$log" | tail -n 1)
		tap ok "$name" "SKIP ${why:-skipped}" </dev/null
		;;
	124 | 137) tap fail "$name" "timed out after ${tmo}s" < <(tail -n 100 "$log") ;;
	*) tap fail "$name" "exit status $rc" < <(tail -n 100 "$log") ;;
	esac
}

unload_vsw() {
	local out msgs bad
	now rmmod
	# Namespace teardown is asynchronous (cleanup_net): give it a moment.
	for _ in $(seq 50); do
		out=$(rmmod vsw 2>&1) && break
		sleep 0.2
	done
	msgs=$(kernel_new "rmmod vsw")
	if [[ -e /sys/module/vsw ]]; then
		tap fail rmmod "vsw stays loaded" < <(
			echo "rmmod vsw: $out"
			echo "refcnt: $(cat /sys/module/vsw/refcnt 2>/dev/null)"
			lsmod | grep -E '^vsw ' || true
		)
	elif bad=$(kernel_bad "$msgs"); then
		tap fail rmmod "kernel reported a problem" <<<"$bad"
	else
		tap ok rmmod </dev/null
	fi
}

# kmemleak reports an object only once it is older than its minimum age
# (5 s, a constant of mm/kmemleak.c: there is no event to wait for) and
# unchanged since the previous scan: so wait that long, then scan twice.
kmemleak_scan() {
	sleep 6
	echo scan >"$KMEMLEAK"
	echo scan >"$KMEMLEAK"
}

# Before vsw.ko is loaded: report what boot leaked (kept in
# kmemleak-boot.txt: 9p, overlay and the early userspace are not under test)
# and clear it, so that the final scan shows only what the run leaked.
kmemleak_begin() {
	[[ -e $KMEMLEAK ]] || return 0
	now kmemleak
	kmemleak_scan
	cat "$KMEMLEAK" >"$RUN/kmemleak-boot.txt"
	echo clear >"$KMEMLEAK"
	kernel_new "kmemleak: boot" >/dev/null
	con "kmemleak: $(grep -c '^unreferenced object' "$RUN/kmemleak-boot.txt") object(s) from boot cleared"
}

# After rmmod: anything kmemleak reports now was leaked during the run.
kmemleak_end() {
	local n msgs
	[[ -e $KMEMLEAK ]] || return 0
	now kmemleak
	kmemleak_scan
	cat "$KMEMLEAK" >"$RUN/kmemleak.txt"
	msgs=$(kernel_new kmemleak)
	if [[ -s $RUN/kmemleak.txt ]]; then
		n=$(grep -c '^unreferenced object' "$RUN/kmemleak.txt") || true
		tap fail kmemleak "$n unreferenced object(s), see kmemleak.txt" \
			< <(head -n 60 "$RUN/kmemleak.txt")
	elif grep -q 'kmemleak' <<<"$msgs"; then
		tap fail kmemleak "kmemleak is not working" <<<"$msgs"
	else
		rm -f "$RUN/kmemleak.txt"
		tap ok kmemleak </dev/null
	fi
}

complete() {
	echo "1..$NTAP" | tee -a "$RUN/results.tap" >/dev/console
	sync
	echo "vsw-vm-complete" >"$RUN/complete"
	con "complete: $NTAP results, $NFAIL failed (uptime $(cut -d' ' -f1 /proc/uptime)s)"
}

mode_tests() {
	local t
	kmemleak_begin
	if ! load_vsw >"$RUN/logs/insmod.log" 2>&1; then
		tap fail "insmod vsw" "no test run" <"$RUN/logs/insmod.log"
		complete
		return 0
	fi
	for t in $VSW_TESTS; do
		run_test "$t"
	done
	unload_vsw
	kmemleak_end
	complete
}

mode_script() {
	local rc=0 msgs bad args=() tmo
	tmo=$((VSW_TEST_TIMEOUT * ${VSW_TIMEOUT_SCALE:-1}))
	kmemleak_begin
	if [[ -n $VSW_MODULE ]] && ! load_vsw; then
		echo 1 >"$RUN/status"
		complete
		return 0
	fi
	mapfile -d '' -t args <"$RUN/script.args"
	now script
	con "running $VSW_SCRIPT ${args[*]}"
	run_isolated "$tmo" "$RUN/logs/script.log" \
		"$VSW_SCRIPT" "${args[@]}" || rc=$?
	((rc != 124 && rc != 137)) || con "script timed out after ${tmo}s"
	msgs=$(kernel_new script)
	if bad=$(kernel_bad "$msgs"); then
		con "kernel reported a problem:"
		echo "$bad" >/dev/console
		((rc)) || rc=1
	fi
	if [[ -n $VSW_MODULE ]]; then
		unload_vsw
	fi
	kmemleak_end
	((NFAIL == 0)) || ((rc)) || rc=1
	echo "$rc" >"$RUN/status"
	complete
}

mode_shell() {
	if [[ -n $VSW_MODULE ]]; then
		load_vsw || con "loading vsw.ko failed; continuing without it"
	fi
	local tty=/dev/ttyS0
	if ((VSW_ROWS > 0)); then
		stty -F "$tty" rows "$VSW_ROWS" cols "$VSW_COLS" || true
	fi
	con "shell: checkout at $VSW_REPO, module ${VSW_MODULE:-not loaded}; 'exit' powers off"
	cd "$VSW_REPO"
	PS1='vsw-vm:\w# ' setsid -c /bin/bash --norc --noprofile -i \
		<>"$tty" >&0 2>&1 || true
}

setup
dmesg -S -c >"$RUN/kernel.log"
# shellcheck disable=SC2153 # VSW_MODE comes from env.sh
case $VSW_MODE in
tests) mode_tests ;;
script) mode_script ;;
shell) mode_shell ;;
*) con "unknown VSW_MODE '$VSW_MODE'" ;;
esac
