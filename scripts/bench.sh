#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: vsw side by side with the Linux bridge + gretap and the Open
# vSwitch kernel datapath, in one QEMU guest (scripts/vm.sh --script).
# Installs what it needs (openvswitch-switch for ovs-dpctl; linux-perf if
# it can), builds the NVGRE frame generator, prepares the batch files,
# runs scripts/bench/guest.sh in the guest, prints the table and writes it
# to bench/results.md. Speed is reported, never asserted: the exit status
# is non-zero only if the benchmark could not run at all.
#
# Environment:
#   BENCH_SECS       seconds per measurement (default 3)
#   BENCH_REPS       repetitions, the median is reported (default 3)
#   BENCH_SCENARIOS  which of 1-6 (default "1 2 3 4 5 6"); "p" for profiles
#   BENCH_RECORDS    policy records for scenarios 3 and 5 (default 1000000)
#   BENCH_FDB        bridge fdb entries for the peer of scenario 5
#                    (default 50000)
#   BENCH_RESULTS    where the results go (default bench/results.md)
#   VSW_CACHE, VSW_KEEP_RUNS, KDIR: as for scripts/vm.sh
#
# usage: scripts/bench.sh                 the whole benchmark
#        scripts/bench.sh --prepare-only  only the generator and batch
#                                         files (for a run on hardware)
#        scripts/bench.sh --assemble RUN  results.md from the run dir RUN
#                                         of an earlier (or cut short) run

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VSW_CACHE=${VSW_CACHE:-${HOME:-/root}/.cache/vsw}
SECS=${BENCH_SECS:-3}
REPS=${BENCH_REPS:-3}
SCENARIOS=${BENCH_SCENARIOS:-1 2 3 4 5 6}
RECORDS=${BENCH_RECORDS:-1000000}
FDB=${BENCH_FDB:-50000}
RESULTS=${BENCH_RESULTS:-$REPO/bench/results.md}
DATA=$VSW_CACHE/bench

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

# assemble RUN SECONDS LOAD_BEFORE LOAD_AFTER: bench/results.md from a run.
assemble() {
	local run=$1 secs=$2 load0=$3 load1=$4 state=complete
	[[ -s $run/bench/table.md ]] || die "no results in $run"
	grep -q '(complete)' "$run/bench/guest.md" ||
		state="CUT SHORT (the guest did not finish: the rows below are those it had)"
	mkdir -p "$(dirname "$RESULTS")"
	{
		echo "# vsw benchmark results"
		echo
		echo "Written by \`make bench\` (scripts/bench.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'),"
		echo "vsw $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '?'). Run: $state."
		echo "How to read them: Documentation/bench.md."
		echo
		cat "$run/bench/guest.md"
		echo "Host: $(nproc) CPUs ($(awk '/^model name/ { sub(/.*: /, ""); print; exit }' /proc/cpuinfo)),"
		echo "the guest under QEMU software emulation (TCG, 2 vCPUs); the whole run took"
		echo "$secs s, VM boot included. Load average of the host before: $load0;"
		echo "after: $load1 (the machine is shared with other jobs: absolute numbers are"
		echo "noisy and 10-50x below hardware; compare the ratios, measured in the same"
		echo "run with the variants interleaved)."
		echo
		cat "$run/bench/table.md"
		echo
		echo "kpps: packets per second counted at the receiving end, in thousands."
		echo "Ratios: vsw divided by the peer (for packet rates and TCP, higher is"
		echo "better for vsw; for times and memory, lower is)."
		echo
		echo "## Commands"
		echo
		echo '```'
		echo "BENCH_SECS=$SECS BENCH_REPS=$REPS BENCH_SCENARIOS='$SCENARIOS' \\"
		echo "    BENCH_RECORDS=$RECORDS BENCH_FDB=$FDB \\"
		echo "    VSW_TEST_TIMEOUT=${VSW_TEST_TIMEOUT:-840} VSW_VM_TIMEOUT=${VSW_VM_TIMEOUT:-870} make bench"
		echo "scripts/vm.sh --script scripts/bench/guest.sh DATA $SECS $REPS '$SCENARIOS'"
		echo '```'
		echo
		echo "Every command that built the topologies and drove the measurements,"
		echo "each once, in order (\`[ns]\` is \`ip netns exec ns\`):"
		echo
		echo '```'
		awk '!seen[$0]++' "$run/bench/commands.log"
		echo '```'
		echo
		echo "## Every measurement"
		echo
		echo "Packet rates in packets/s, TCP in Mbit/s, times in s (.wall, .user,"
		echo ".sys of the command; .ksys the system time of the whole guest), memory"
		echo "in bytes per record; decap-sent-X: frames the generator sent in the"
		echo "whole run of a decapsulation measurement."
		echo
		echo '```'
		cat "$run/bench/raw.tsv"
		echo '```'
	} >"$RESULTS"
	echo
	cat "$run/bench/table.md"
	say "results in ${RESULTS#"$REPO"/} (run dir $run)"
}

main() {
	local log load0 load1 run rc=0 t0 t1
	case ${1:-} in
	--prepare-only)
		deps
		prepare
		say "generator and batch files in $DATA"
		return 0
		;;
	--assemble)
		assemble "${2:?--assemble RUN}" "?" "?" "?"
		return 0
		;;
	esac
	deps
	"$REPO/scripts/deps.sh"
	make -C "$REPO" -s all
	prepare
	export VSW_KEEP_RUNS=${VSW_KEEP_RUNS:-1000}
	# The whole run must stay within 15 minutes, boot included.
	export VSW_TEST_TIMEOUT=${VSW_TEST_TIMEOUT:-840}
	export VSW_VM_TIMEOUT=${VSW_VM_TIMEOUT:-870}
	log=$(mktemp)
	load0=$(cut -d' ' -f1-3 /proc/loadavg)
	t0=$(date +%s)
	say "scripts/vm.sh --script scripts/bench/guest.sh $DATA $SECS $REPS '$SCENARIOS'"
	"$REPO/scripts/vm.sh" --script "$REPO/scripts/bench/guest.sh" "$DATA" \
		"$SECS" "$REPS" "$SCENARIOS" 2>&1 | tee "$log" || rc=$?
	t1=$(date +%s)
	load1=$(cut -d' ' -f1-3 /proc/loadavg)
	run=$(sed -n 's/^vm: KVER .*, run dir //p' "$log" | tail -n 1)
	rm -f "$log"
	[[ -n $run && -s $run/bench/table.md ]] ||
		die "no results (vm.sh status $rc; see the run dir ${run:-?})"
	((rc == 0)) || say "warning: vm.sh exited with status $rc: the results may be partial"
	assemble "$run" $((t1 - t0)) "$load0" "$load1"
}

main "$@"
