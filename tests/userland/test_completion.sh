#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The bash completion of vswctl (userland/completion/vswctl): source it,
# set COMP_WORDS and COMP_CWORD as bash does, call _vswctl and check
# COMPREPLY. Switch names come from a fake vswctl first in PATH, which
# answers "-j switch show" with two switches, or with another one under
# "-n blue"; devices from /sys/class/net, where "lo" always is. Output
# is TAP.
#
# Usage: test_completion.sh [COMPLETION-FILE [VSWCTL]]

top=$(cd "$(dirname "$0")/../.." && pwd)
file=${1:-$top/userland/completion/vswctl}
real_vswctl=${2:-$top/userland/vswctl}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/vswctl" <<'FAKE'
#!/bin/bash
if [[ $1 == -n && $2 == blue ]]; then
	echo '[{"name":"blueA","ttl":64}]'
elif [[ $* == "-j switch show" ]]; then
	echo '[{"name":"sw0","uplink":"nic0"},{"name":"sw1"}]'
else
	exit 1
fi
FAKE
chmod +x "$tmp/vswctl"
PATH=$tmp:$PATH

# shellcheck source=tests/userland/tap-lib.sh
. "$(dirname "$0")/tap-lib.sh"
# shellcheck source=userland/completion/vswctl
. "$file"

# expect "WORDS..." "WANT": complete the last word of WORDS (a trailing
# space means an empty word), compare COMPREPLY joined by spaces.
expect() {
	local line=$1 want=$2 got
	local -a words
	read -r -a words <<<"$line"
	[[ $line == *" " ]] && words+=("")
	COMP_WORDS=("${words[@]}")
	COMP_CWORD=$((${#words[@]} - 1))
	COMPREPLY=()
	_vswctl
	got="${COMPREPLY[*]}"
	[[ $got == "$want" ]]
	check "'$line'" $? "got:  '$got'" "want: '$want'"
}

[[ $(complete -p vswctl 2>/dev/null) == "complete -F _vswctl vswctl" ]]
check "registered for vswctl" $?
expect "vswctl " "switch uplink port policy stats sample route monitor save top help"
expect "vswctl s" "switch stats sample save"
expect "vswctl -j po" "port policy"
expect "vswctl -" "-j -p -n -b -force -h -V -json -pretty -netns -batch -help -version --etcd --prefix --cacert --cert --key --user --password-file --wait"
expect "vswctl --etcd http://e1:2379 --prefix /x/ po" "port policy"
expect "vswctl --etcd http://e1:2379 w" "wait"
expect "vswctl -pr" "-pretty"
expect "vswctl policy " "add replace del show help"
expect "vswctl uplink s" "set show"
expect "vswctl port add " "sw0 sw1"
expect "vswctl switch show s" "sw0 sw1"
expect "vswctl switch show -j " "sw0 sw1"
expect "vswctl -n blue port show " "blueA"
expect "vswctl save " "sw0 sw1"
expect "vswctl monitor sw1" "sw1"
expect "vswctl switch add " ""
expect "vswctl help " "switch uplink port policy stats sample route monitor save top"
expect "vswctl switch set sw0 " "flowid ttl tos policy-max router-mac hold-max hold-timeout"
expect "vswctl switch set sw0 ttl 5 hold" "hold-max hold-timeout"
expect "vswctl switch set sw0 flowid " "hash zero"
expect "vswctl switch set sw0 tos i" "inherit"
expect "vswctl port add sw0 dev l" "lo"
expect "vswctl port add sw0 vsid 5001 " "dev mac"
expect "vswctl uplink set sw0 pa 192.168.4.11 " "dev pa"
expect "vswctl uplink set sw0 pa 192.168.4.11 pa 2001:db8::b " "dev"
expect "vswctl -j policy show sw0 " "vsid"
expect "vswctl sample set sw0 dev lo rate -1 " "group trunc"
expect "vswctl route add sw0 rdid 1 vsid 5001 prefix 10.0.0.0/24 " "nexthop"
expect "vswctl stats show sw0 -" "-r --rate"
expect "vswctl stats show sw0 -r " "dev count"
expect "vswctl stats show sw0 --rate 2 " "dev count"
expect "vswctl stats show sw0 -r 2 count 3 -" ""
expect "vswctl top " "sw0 sw1"
expect "vswctl top sw0 " "dev count"
expect "vswctl top sw0 0.5 dev lo " "count"
expect "vswctl top sw0 -" ""
expect "vswctl stats show sw0 dev " "$(command ls /sys/class/net | tr '\n' ' ' | sed 's/ $//')"
: >"$tmp/batch.vsw"
cd "$tmp" || exit 1
expect "vswctl -b bat" "batch.vsw"

# Every command and keyword of "vswctl help" is completed: a command or
# a keyword added to vswctl without its completion fails here.
missing=
while read -r _ obj cmd args; do
	[[ $obj == monitor || $obj == save || $obj == top ]] && continue
	COMP_WORDS=(vswctl "$obj" "")
	COMP_CWORD=2
	_vswctl
	[[ " ${COMPREPLY[*]} " == *" $cmd "* ]] || missing+=" [$obj $cmd]"
	COMP_WORDS=(vswctl "$obj" "$cmd" sw0 "")
	COMP_CWORD=4
	_vswctl
	for w in ${args//[\[\]|]/ }; do
		[[ $w =~ ^[a-z][a-z-]*$ ]] || continue
		case $w in hash | zero | inherit) continue ;; esac
		[[ " ${COMPREPLY[*]} " == *" $w "* ]] || missing+=" [$obj $cmd $w]"
	done
done < <("$real_vswctl" help | sed -n 's/^  \(vswctl .*\)/\1/p')
[[ -z $missing ]]
check "every command and keyword of vswctl help is completed" $? "missing:$missing"

done_testing
