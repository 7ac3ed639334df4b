#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: vsw side by side with the Linux bridge + gretap and the Open
# vSwitch kernel datapath, in QEMU guests (scripts/vm.sh --script).
# Installs what it needs (openvswitch-switch for ovs-dpctl; linux-perf if
# it can), builds the NVGRE frame generator, prepares the batch files,
# runs scripts/bench/guest.sh in two guests, prints their tables and
# writes them to bench/results.md:
#   counted  one vCPU on qemu's instruction counter (-icount): the guest's
#            clock is its instruction count, so rates are the same from
#            run to run whatever else the host does (Documentation/bench.md)
#   timed    two vCPUs in real time: the generator on one, the measured
#            path on the other; noisy on a shared host
# Speed is reported, never asserted: the exit status is non-zero only if
# the benchmark could not run at all.
#
# Environment:
#   BENCH_SECS       seconds per measurement (default 3)
#   BENCH_COUNTED_SECS  the same in the counted guest (default 1: its
#                    rates do not depend on the host's load)
#   BENCH_REPS       repetitions, the median is reported (default 3)
#   BENCH_COUNTED    scenarios of the counted guest (default "1 2 4";
#                    empty: none)
#   BENCH_SCENARIOS  scenarios of the timed guest (default "1 2 3 5 6");
#                    "p" adds profiles
#   BENCH_ICOUNT_SHIFT  the counted guest's clock: 2^N ns per instruction
#                    (default 3)
#   BENCH_RECORDS    policy records for scenarios 3 and 5 (default 1000000)
#   BENCH_FDB        bridge fdb entries for the peer of scenario 5
#                    (default 50000)
#   BENCH_CLUSTER    "N R H" for the cluster guest (scripts/bench/cluster.sh,
#                    issue 14: propagation of N etcd puts to H hosts against
#                    etcdctl watch, R records by etcd against vswctl -b);
#                    default "100 100000 8"; empty: that guest does not run
#   BENCH_RESULTS    where the results go (default bench/results.md, or
#                    bench/results-KREL.md for a kernel other than the
#                    primary one)
#   KDIR             the kernel: make bench KDIR=/usr/src/linux-headers-...
#                    builds vsw.ko for it and the guests boot it
#   VSW_CACHE, VSW_KEEP_RUNS: as for scripts/vm.sh
#
# usage: scripts/bench.sh                 the whole benchmark
#        scripts/bench.sh --prepare-only  only the generator and batch
#                                         files (for a run on hardware)
#        scripts/bench.sh --assemble COUNTED_RUN TIMED_RUN [CLUSTER_RUN]
#                                         results.md from the run dirs of
#                                         an earlier (or cut short) run
#                                         ("-" for a guest that did not run)

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=scripts/common.sh
. "$REPO/scripts/common.sh"
VSW_CACHE=${VSW_CACHE:-${HOME:-/root}/.cache/vsw}
SECS=${BENCH_SECS:-3}
SECS_C=${BENCH_COUNTED_SECS:-1}
REPS=${BENCH_REPS:-3}
SCENARIOS=${BENCH_SCENARIOS-1 2 3 5 6}
COUNTED=${BENCH_COUNTED-1 2 4}
SHIFT=${BENCH_ICOUNT_SHIFT:-3}
RECORDS=${BENCH_RECORDS:-1000000}
FDB=${BENCH_FDB:-50000}
CLUSTER=${BENCH_CLUSTER-100 100000 8}
RESULTS=${BENCH_RESULTS:-$REPO/bench/results.md}
DATA=$VSW_CACHE/bench
# Each guest's time, boot excluded: the two datapath guests stay within 15
# minutes (VSW_TEST_TIMEOUT overrides all three).
TIMEOUT_C=${VSW_TEST_TIMEOUT:-300}
TIMEOUT_T=${VSW_TEST_TIMEOUT:-520}
# The cluster guest: at the default sizes it took 2381 s at host load 6-10
# with a vswctl process per etcd transaction (2 s each: its start); it
# now writes them from one process (Documentation/bench.md, "Cluster").
# BENCH_CLUSTER="20 5000 3" is a short run.
TIMEOUT_X=${VSW_TEST_TIMEOUT:-3000}

say() { echo "bench: $*"; }
die() {
	echo "bench: error: $*" >&2
	exit 1
}

deps() {
	local missing=() p
	for p in openvswitch-switch iperf3 gcc iputils-ping; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	if ((${#missing[@]})); then
		say "installing ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
			--no-install-recommends "${missing[@]}" >/dev/null
	fi
	# perf is optional: for profiling in the guest by hand.
	if ! dpkg-query -W -f='${Status}' linux-perf 2>/dev/null | grep -q 'ok installed'; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			-o DPkg::Lock::Timeout=600 --no-install-recommends \
			linux-perf >/dev/null 2>&1 || say "linux-perf not installed (optional)"
	fi
}

# The generator and the batch files, kept in the cache.
prepare() {
	mkdir -p "$DATA"
	if [[ ! -x $DATA/rawgen || $REPO/scripts/bench/rawgen.c -nt $DATA/rawgen ]]; then
		gcc -O2 -Wall -Wextra -Werror -o "$DATA/rawgen" "$REPO/scripts/bench/rawgen.c"
	fi
	# Records 1..N: CA 10.64.0.0 + i (guest.sh's ca_of), all with vm2's
	# MAC and PA, so that pktgen's one destination MAC matches them all.
	if [[ $(wc -l <"$DATA/policy-add.vsw" 2>/dev/null || echo 0) != "$RECORDS" ]]; then
		awk -v n="$RECORDS" 'BEGIN {
			for (i = 1; i <= n; i++) {
				ca = sprintf("10.%d.%d.%d", 64 + int(i / 65536), int(i / 256) % 256, i % 256)
				print "policy add sw0 vsid 5001 ca " ca " mac 02:00:50:01:00:07 pa 192.168.4.22" >"/dev/stdout"
				print "policy del sw0 vsid 5001 ca " ca >"/dev/stderr"
			}
		}' >"$DATA/policy-add.vsw" 2>"$DATA/policy-del.vsw"
	fi
	if [[ $(wc -l <"$DATA/fdb-add.txt" 2>/dev/null || echo 0) != "$FDB" ]]; then
		awk -v n="$FDB" 'BEGIN {
			for (i = 1; i <= n; i++) {
				mac = sprintf("02:01:%02x:%02x:%02x:%02x", int(i / 16777216) % 256,
					      int(i / 65536) % 256, int(i / 256) % 256, i % 256)
				print "fdb add " mac " dev vx0 dst 192.168.4.22" >"/dev/stdout"
				print "fdb del " mac " dev vx0" >"/dev/stderr"
			}
		}' >"$DATA/fdb-add.txt" 2>"$DATA/fdb-del.txt"
	fi
}

# section RUN TITLE: one guest's part of bench/results.md.
section() {
	local run=$1 state=complete
	echo "## $2"
	echo
	if [[ ! -s $run/bench/table.md ]]; then
		echo "No results: this guest did not run, or wrote nothing (run dir $run)."
		echo
		return 0
	fi
	grep -q '(complete)' "$run/bench/guest.md" ||
		state="CUT SHORT (the guest did not finish: the rows below are those it had)"
	echo "Run: $state (run dir ${run##*/})."
	cat "$run/bench/guest.md"
	echo
	cat "$run/bench/table.md"
	echo
}

# assemble COUNTED_RUN TIMED_RUN SECONDS LOAD_BEFORE LOAD_AFTER [CLUSTER_RUN]:
# bench/results.md from the guests' run dirs.
assemble() {
	local runc=$1 runt=$2 secs=$3 load0=$4 load1=$5 runx=${6:--} run
	[[ -s $runc/bench/table.md || -s $runt/bench/table.md || -s $runx/bench/cluster.md ]] ||
		die "no results in $runc, $runt or $runx"
	mkdir -p "$(dirname "$RESULTS")"
	{
		echo "# vsw benchmark results"
		echo
		echo "Written by \`make bench\` (scripts/bench.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'),"
		echo "vsw $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '?')."
		echo "How to read them: Documentation/bench.md."
		echo
		echo "Host: $(nproc) CPUs ($(awk '/^model name/ { sub(/.*: /, ""); print; exit }' /proc/cpuinfo)),"
		echo "the guests under QEMU software emulation (TCG); the guests took $secs s,"
		echo "boots included. Load average of the host before: $load0; after: $load1."
		echo "Absolute numbers are 10-50x below hardware: compare the ratios, measured"
		echo "in the same guest with the variants interleaved."
		echo
		echo "kpps: packets per second counted at the receiving end, in thousands."
		echo "Ratios: vsw divided by the peer (for packet rates and TCP, higher is"
		echo "better for vsw; for times and memory, lower is)."
		echo
		section "$runc" "Counted: one vCPU on the instruction counter (qemu -icount shift=$SHIFT)"
		section "$runt" "Timed: two vCPUs in real time"
		if [[ -s $runx/bench/cluster.md ]]; then
			echo "## Cluster: vswd and etcd (run dir ${runx##*/})"
			echo
			cat "$runx/bench/cluster.md"
			echo
		fi
		echo "## Commands"
		echo
		echo '```'
		echo "BENCH_SECS=$SECS BENCH_COUNTED_SECS=$SECS_C BENCH_REPS=$REPS BENCH_COUNTED='$COUNTED' \\"
		echo "    BENCH_SCENARIOS='$SCENARIOS' BENCH_ICOUNT_SHIFT=$SHIFT \\"
		echo "    BENCH_RECORDS=$RECORDS BENCH_FDB=$FDB make bench"
		echo "VSW_QEMU_ICOUNT=$SHIFT VSW_TEST_TIMEOUT=$TIMEOUT_C \\"
		echo "    scripts/vm.sh --script scripts/bench/guest.sh DATA $SECS_C $REPS '$COUNTED'"
		echo "VSW_TEST_TIMEOUT=$TIMEOUT_T \\"
		echo "    scripts/vm.sh --script scripts/bench/guest.sh DATA $SECS $REPS '$SCENARIOS'"
		[[ -z $CLUSTER ]] || echo "VSW_TEST_TIMEOUT=$TIMEOUT_X scripts/vm.sh --script scripts/bench/cluster.sh $CLUSTER"
		echo '```'
		echo
		echo "Every command that built the topologies and drove the measurements,"
		echo "each once, in order (\`[ns]\` is \`ip netns exec ns\`):"
		echo
		echo '```'
		cat "$runc/bench/commands.log" "$runt/bench/commands.log" 2>/dev/null | awk '!seen[$0]++'
		echo '```'
		echo
		echo "## Every measurement"
		echo
		echo "Packet rates in packets/s, TCP in Mbit/s, times in s (.wall, .user,"
		echo ".sys of the command; .ksys the system time of the whole guest), memory"
		echo "in bytes per record; decap-sent-X: frames the generator sent in the"
		echo "whole run of a decapsulation measurement; X-h: the harness alone."
		for run in "$runc" "$runt"; do
			[[ -s $run/bench/raw.tsv ]] || continue
			echo
			if [[ $run == "$runc" ]]; then echo "Counted:"; else echo "Timed:"; fi
			echo
			echo '```'
			cat "$run/bench/raw.tsv"
			echo '```'
		done
	} >"$RESULTS"
	for run in "$runc" "$runt"; do
		[[ ! -s $run/bench/table.md ]] || { echo; cat "$run/bench/table.md"; }
	done
	say "results in ${RESULTS#"$REPO"/} (run dirs $runc $runt)"
}

# guest MODE SCENARIOS TIMEOUT: one guest; sets RUN to its run dir ("-"
# if it did not run).
guest() {
	local mode=$1 scen=$2 timeout=$3 log rc=0 secs=$SECS
	RUN=-
	[[ $mode != counted ]] || secs=$SECS_C
	[[ -n ${scen// /} ]] || return 0
	log=$(mktemp)
	say "$mode: scripts/vm.sh --script scripts/bench/guest.sh $DATA $secs $REPS '$scen'"
	local envs=(VSW_TEST_TIMEOUT="$timeout" VSW_VM_TIMEOUT=$((timeout + 60)))
	[[ $mode != counted ]] || envs+=(VSW_QEMU_ICOUNT="$SHIFT")
	env "${envs[@]}" "$REPO/scripts/vm.sh" --script "$REPO/scripts/bench/guest.sh" \
		"$DATA" "$secs" "$REPS" "$scen" 2>&1 | tee "$log" || rc=$?
	RUN=$(sed -n 's/^vm: KVER .*, run dir //p' "$log" | tail -n 1)
	rm -f "$log"
	[[ -n $RUN ]] || RUN=-
	((rc == 0)) || say "warning: $mode: vm.sh exited with status $rc: its results may be partial"
}

main() {
	local load0 load1 runc runt runx t0 t1 kver
	case ${1:-} in
	--prepare-only)
		deps
		prepare
		say "generator and batch files in $DATA"
		return 0
		;;
	--assemble)
		assemble "${2:?--assemble COUNTED_RUN TIMED_RUN}" "${3:--}" "?" "?" "?" "${4:--}"
		return 0
		;;
	esac
	deps
	"$REPO/scripts/deps.sh"
	make -C "$REPO" -s all
	# The guests boot the kernel the module was built for (KDIR); a
	# kernel other than the primary one has its own results file.
	kver=$(modinfo -F vermagic "$REPO/kmod/vsw.ko" | cut -d ' ' -f 1)
	if [[ -z ${BENCH_RESULTS:-} && $kver != "$(KDIR='' vsw_kver)" ]]; then
		RESULTS=$REPO/bench/results-$kver.md
	fi
	say "kernel $kver, results to ${RESULTS#"$REPO"/}"
	prepare
	export VSW_KEEP_RUNS=${VSW_KEEP_RUNS:-1000}
	load0=$(cut -d' ' -f1-3 /proc/loadavg)
	t0=$(date +%s)
	guest counted "$COUNTED" "$TIMEOUT_C"
	runc=$RUN
	guest timed "$SCENARIOS" "$TIMEOUT_T"
	runt=$RUN
	runx=-
	if [[ -n ${CLUSTER// /} ]]; then
		say "cluster: scripts/vm.sh --script scripts/bench/cluster.sh $CLUSTER"
		# shellcheck disable=SC2086 # N R H
		VSW_TEST_TIMEOUT=$TIMEOUT_X VSW_VM_TIMEOUT=$((TIMEOUT_X + 60)) \
			"$REPO/scripts/vm.sh" --script "$REPO/scripts/bench/cluster.sh" $CLUSTER 2>&1 |
			tee "$DATA/cluster.log" || say "warning: cluster: vm.sh failed: its results may be missing"
		runx=$(sed -n 's/^vm: KVER .*, run dir //p' "$DATA/cluster.log" | tail -n 1)
		[[ -n $runx ]] || runx=-
	fi
	t1=$(date +%s)
	load1=$(cut -d' ' -f1-3 /proc/loadavg)
	[[ -s $runc/bench/table.md || -s $runt/bench/table.md || -s $runx/bench/cluster.md ]] ||
		die "no results (see the run dirs $runc $runt $runx)"
	assemble "$runc" "$runt" $((t1 - t0)) "$load0" "$load1" "$runx"
}

main "$@"
