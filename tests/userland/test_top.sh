#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "vswctl top NAME [SECONDS]" in a terminal (tmux, capture-pane) is
# "vswctl stats show NAME -r [SECONDS]": the same screen, the same exit
# status, the same errors, here without vsw.ko; and "top" is listed in
# the help. The rates themselves, redrawn in place, are checked with a
# kernel in the VM tier (tests/vm/74-sflow-daemon.sh). Output is TAP.
#
# Usage: test_top.sh [VSWCTL]

top=$(cd "$(dirname "$0")/../.." && pwd)
vswctl=${1:-$top/userland/vswctl}
tmp=$(mktemp -d)
tmux=(tmux -S "$tmp/tmux.sock")
trap '"${tmux[@]}" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

# shellcheck source=tests/userland/tap-lib.sh
. "$(dirname "$0")/tap-lib.sh"

if ! command -v tmux >/dev/null; then
	not_ok "tmux" "tmux not found (scripts/deps.sh)"
	done_testing
	exit 1
fi

exited() {	# exited WINDOW: its command has said its status
	"${tmux[@]}" capture-pane -p -t "$1" | grep -q "^exit status"
}

# screen ARGS...: what a terminal shows of "vswctl ARGS", and its status.
screen() {
	local win=w$n-$RANDOM
	"${tmux[@]}" new-window -d -n "$win" \
		"env TERM=xterm $vswctl $*; echo \"exit status \$?\"; sleep 60"
	wait_for 20 exited "$win" ||
		echo "(no exit status)"
	"${tmux[@]}" capture-pane -p -t "$win" | sed '/^$/d'
	"${tmux[@]}" kill-window -t "$win"
}

"${tmux[@]}" new-session -d -s top -x 120 -y 20 "sleep 600"
for args in "sw0" "sw0 0.5" "sw0 0.05" "sw0 dev nosuchdev" "sw0 count 0"; do
	read -r name rest <<<"$args"
	got=$(screen top "$name" "$rest")
	want=$(screen stats show "$name" -r "$rest")
	[[ -n $got && $got == "$want" ]]
	check "top $args: the screen of stats show $name -r $rest" $? \
		"top:" "$got" "stats show -r:" "$want"
done
got=$(screen top)
grep -q '^vswctl: top: missing switch name' <<<"$got" &&
	grep -q '^exit status 2' <<<"$got"
check "top without a name: usage, status 2" $? "$got"
"$vswctl" help | grep -q '^  vswctl top NAME \[dev DEV\] \[SECONDS\] \[count N\]$'
check "help lists top" $? "$("$vswctl" help | grep top)"

done_testing
