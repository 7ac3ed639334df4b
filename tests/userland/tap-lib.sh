# SPDX-License-Identifier: GPL-2.0
#
# TAP helpers shared by the shell suites of tests/userland (sourced):
# ok STATUS TEXT prints one TAP line and counts it in $n and $failed;
# wait_for CMD... waits for CMD to succeed (an event polled, bounded).
# shellcheck shell=bash

n=0
failed=0
ok() {
	n=$((n + 1))
	if [[ $1 == 0 ]]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}
# wait_for CMD...: until CMD succeeds, at most 20 s
wait_for() {
	local i
	for ((i = 0; i < 200; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
