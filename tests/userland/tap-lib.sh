# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the shell suites of tests/userland (sourced). The
# first four print one TAP line and count it in $n, a failure also in
# $failed:
#   ok NAME                      the case NAME passed
#   not_ok NAME DETAIL...        it failed; each DETAIL follows as "# " lines
#   check NAME STATUS DETAIL...  ok NAME if STATUS is 0, else not_ok
#   skip NAME WHY                not run here, and why
#   wait_for SECS CMD...         poll CMD until it succeeds, at most SECS
#                                seconds (an event waited for, bounded)
#   free_port                    a TCP port of 127.0.0.1 nobody listens on
#                                (now)
#   done_testing                 the plan (1..$n), last; status 0 if no
#                                case failed
# A command substitution in NAME runs before STATUS is expanded and sets
# $?: in `check "x ($(cat f))" $?` the status is cat's. Take $? first
# (st=$?) when NAME or a DETAIL before it runs a command.
# shellcheck shell=bash

n=0
failed=0
ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {
	local line
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for line in "$@"; do
		echo "# ${line//$'\n'/$'\n'# }"
	done
}
check() {
	local name=$1 st=$2
	shift 2
	if [[ $st == 0 ]]; then ok "$name"; else not_ok "$name" "$@"; fi
}
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}
done_testing() {
	echo "1..$n"
	((failed == 0))
}
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		((SECONDS < end)) || return 1
		sleep 0.1
	done
}
free_port() {
	/usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}
