#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build and run every userland test: the cmocka unit tests, the command
# line tests and the uapi/YAML agreement check. Every suite speaks TAP; a
# suite that dies before its plan is complete counts its missing cases as
# failed. The last line is always "userland: N passed, N failed", N
# counting individual test cases; the exit status is 0 only if none failed.

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/userland
python=/usr/bin/python3

passed=0
failed=0

# tally NAME STATUS OUTPUT: count the ok / not ok lines of a TAP run.
tally() {
	local name=$1 status=$2 output=$3 ok bad plan missing
	ok=$(grep -c '^ok ' <<<"$output")
	bad=$(grep -c '^not ok ' <<<"$output")
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' <<<"$output" | tail -n 1)
	missing=0
	if [[ -n $plan ]] && ((ok + bad < plan)); then
		missing=$((plan - ok - bad))
		echo "# $name: $missing of $plan cases did not run"
	fi
	if ((status != 0 && bad + missing == 0)); then
		echo "# $name: exited with status $status"
		missing=$((missing + 1))
	fi
	passed=$((passed + ok))
	failed=$((failed + bad + missing))
}

# suite NAME COMMAND...: run a TAP-speaking suite, show and tally it.
suite() {
	local name=$1 output status
	shift
	echo "# $name"
	output=$("$@" 2>&1)
	status=$?
	echo "$output"
	tally "$name" "$status" "$output"
}

if ! build=$(make -C "$top/userland" all test-programs 2>&1); then
	echo "$build"
	echo "# build failed"
	echo "userland: $passed passed, $((failed + 1)) failed"
	exit 1
fi

export CMOCKA_MESSAGE_OUTPUT=TAP
for t in parse json cmd switch nl port policy batch stats monitor options; do
	suite "cmocka $t" "$here/test_$t"
done
# vsw-sflowd's, "sample"'s, "route"'s, "save"'s and the rates' suites run under valgrind when it is there:
# any invalid access or leak fails them.
vg=()
# shellcheck disable=SC2054 # valgrind takes commas in this option
if command -v valgrind >/dev/null; then
	vg=(valgrind -q --error-exitcode=99 --leak-check=full
	    --errors-for-leak-kinds=definite,indirect)
fi
for t in sample route save sflow psample hostcounters sflowd_config sflowd_agent \
	 rate metrics live; do
	suite "cmocka $t" "${vg[@]}" "$here/test_$t"
done
# vswd: its parsing and diff (no etcd), then the etcd client and vswd
# itself against a real etcd (etcd-server) on loopback.
suite "vswd state" "${vg[@]}" "$here/test_vswd_state"
suite "etcd client" bash "$here/test_etcd.sh" "$here/test_etcd"
suite "vswd" bash "$here/test_vswd.sh" "$top/userland/vswd"
suite "vswd on-demand" bash "$here/test_vswd_ondemand.sh" "$top/userland/vswd"
suite "vswctl --etcd" bash "$here/test_cluster.sh" "$top/userland/vswctl" \
	"$top/userland/vswd"
# Parsing and packing of a "policy add" batch, without a kernel: checks the
# packing end to end; its speed is printed, not asserted (make bench).
suite "batch packing" "$here/bench_batch" "${VSW_BENCH_LINES:-100000}"
suite "cli" bash "$here/test_cli.sh" "$top/userland/vswctl"
# "vswctl top" in a terminal (tmux) is "stats show -r".
suite "top" bash "$here/test_top.sh" "$top/userland/vswctl"
suite "completion" bash "$here/test_completion.sh" \
	"$top/userland/completion/vswctl" "$top/userland/vswctl"
# vsw-sflowd's command line, signals, and tshark decoding what it sends.
suite "sflowd" bash "$here/test_sflowd.sh" "$top/userland/vsw-sflowd" \
	"$here/sflow_pcap"
# vsw-sflowd's metrics endpoint (promtool) and the Grafana dashboard.
suite "metrics" bash "$here/test_metrics.sh" "$top/userland/vsw-sflowd" \
	"$here/test_metrics"
# vsw-sflowd's live view: its stream's numbers, its bounds, and the page
# in headless Chromium (runs here, on the host: Chromium is far too slow
# under the VM tier's emulation).
suite "live view" bash "$here/test_live.sh" "$top/userland/vsw-sflowd" \
	"$here/test_live_feed"
# make install/uninstall, the units, dkms.conf; and the fresh machine's
# KDIR lookup (issue 12).
suite "install" bash "$here/test_install.sh" "$top"
suite "fresh machine" bash "$here/test_fresh_machine.sh" "$top"
# The repository names nothing outside itself.
suite "tree" bash "$here/test_tree.sh" "$top"
if [[ -x $python ]] && $python -c 'import yaml' 2>/dev/null; then
	suite "uapi/spec" "$python" "$here/test_uapi_spec.py" "$top"
else
	echo "# uapi/spec: needs $python with the yaml module (python3-yaml)"
	failed=$((failed + 1))
fi

echo "userland: $passed passed, $failed failed"
((failed == 0))
