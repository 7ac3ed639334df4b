# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/vm/lib.sh - helpers for vsw's VM tests (tests/vm/NN-name.sh).
#
# Every test starts with
#
#	#!/bin/bash
#	. "$(dirname "$0")/lib.sh"
#
# and is run as root in the guest by scripts/vm-init.sh, in its own network,
# mount and PID namespaces. Sourcing this file turns on "set -eEuo pipefail",
# prints every command the helpers run ("+ [ns] cmd"), and installs an EXIT
# trap that kills the test's background processes, deletes its namespaces,
# checks that they are gone, and turns the exit status into the verdict:
# 0 pass, 77 skip, anything else (or any failed assertion, even one in a
# subshell or a background job) fail.
#
# Trace lines go to the stdout the test had when it sourced this file, also
# from inside $(...), so captured output is never polluted by them.
#
# Helpers
#   say MSG...                    print a line to the test log
#   pp CMD...                     print and run CMD in the test's own netns
#   ns_new NAME...                create namespace(s), lo up; cleaned up at exit
#   ns_del NAME...                delete namespace(s) now
#   ns_name NAME                  the real (prefixed) name, for "ip -n" etc.
#   nsx NAME CMD...               print and run CMD in namespace NAME
#   nsx_bg NAME CMD...            same, in the background; killed at exit;
#                                 its pid in BG_PID
#   veth_pair NS1 IF1 NS2 IF2     veth IF1 in NS1 <-> IF2 in NS2, both up
#   vswctl_in NAME ARG...         nsx NAME vswctl ARG...
#   assert_ok CMD...              CMD must exit 0
#   assert_fail CMD...            CMD must exit non-zero
#   assert_fail_with RE CMD...    CMD must exit non-zero with stderr matching
#                                 the extended regex RE (e.g. "File exists")
#   assert_eq A B [MSG]           A and B must be equal strings
#   assert_match RE STRING [MSG]  STRING must match the extended regex RE
#   assert_json EXPR CMD...       CMD must exit 0 and print JSON for which
#                                 the Python expression EXPR, with j bound
#                                 to the document, is true
#   json_get EXPR CMD...          print str(EXPR) for CMD's JSON output
#   wait_until SECS CMD...        poll CMD until it succeeds; fail after SECS
#   fail MSG                      fail the test now
#   skip MSG                      skip the test (exit 77)
#   require_cmd CMD...            skip unless every CMD is installed
#
# Prefer events to polling: wait for a process, read "vswctl monitor" or
# "ip monitor" output, use "ping -w". wait_until is for conditions that have
# no event to wait on, and always has a bound.

set -eEuo pipefail

VSW_TEST_NAME=${VSW_TEST_NAME:-$(basename "$0" .sh)}
VSW_REPO=${VSW_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)}
# Namespace names are "<test number>-<random>-<name>": unique per run, and
# readable in "ip netns list".
VSW_NS_PREFIX=${VSW_NS_PREFIX:-${VSW_TEST_NAME%%-*}-$(printf '%04x' $((SRANDOM % 65536)))}
PYTHON=/usr/bin/python3

exec {_vsw_out}>&1
_vsw_main=$BASHPID
_vsw_failed=$(mktemp "${TMPDIR:-/tmp}/vsw-failed.XXXXXX")
rm -f "$_vsw_failed"
_vsw_ns=()
_vsw_pids=()
BG_PID=

say() { printf '%s\n' "$*" >&"$_vsw_out"; }

# The file's existence is the verdict, so that a failure in a subshell, a
# $(...) or a background job fails the test too.
fail() {
	say "FAIL: $*"
	: >"$_vsw_failed"
	exit 1
}

skip() {
	say "SKIP: $*"
	exit 77
}

require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || skip "$c is not installed"
	done
}

pp() {
	say "+ $*"
	"$@"
}

ns_name() {
	printf '%s-%s\n' "$VSW_NS_PREFIX" "$1"
}

ns_new() {
	local n real
	for n in "$@"; do
		real=$(ns_name "$n")
		say "+ ip netns add $real"
		ip netns add "$real"
		_vsw_ns+=("$n")
		ip -n "$real" link set lo up
	done
}

ns_del() {
	local n i
	for n in "$@"; do
		pp ip netns del "$(ns_name "$n")"
		for i in "${!_vsw_ns[@]}"; do
			[[ ${_vsw_ns[i]} != "$n" ]] || unset '_vsw_ns[i]'
		done
	done
}

nsx() {
	local n=$1
	shift
	say "+ [$n] $*"
	ip netns exec "$(ns_name "$n")" "$@"
}

nsx_bg() {
	local n=$1
	shift
	say "+ [$n] $* &"
	ip netns exec "$(ns_name "$n")" "$@" &
	BG_PID=$!
	_vsw_pids+=("$BG_PID")
}

veth_pair() {
	(($# == 4)) || fail "usage: veth_pair NS1 IF1 NS2 IF2"
	local r1 r2
	r1=$(ns_name "$1")
	r2=$(ns_name "$3")
	say "+ ip link add $2 netns $r1 type veth peer name $4 netns $r2"
	ip link add "$2" netns "$r1" type veth peer name "$4" netns "$r2"
	ip -n "$r1" link set "$2" up
	ip -n "$r2" link set "$4" up
}

vswctl_in() {
	local n=$1
	shift
	nsx "$n" vswctl "$@"
}

assert_ok() {
	local rc=0
	"$@" || rc=$?
	((rc == 0)) || fail "expected success, got status $rc: $*"
	say "ok: $*"
}

assert_fail() {
	local rc=0
	"$@" || rc=$?
	((rc != 0)) || fail "expected failure, got status 0: $*"
	say "ok (status $rc): $*"
}

assert_fail_with() {
	local re=$1 rc=0 err
	shift
	err=$("$@" 2>&1 >&"$_vsw_out") || rc=$?
	[[ -z $err ]] || printf '%s\n' "$err" >&"$_vsw_out"
	((rc != 0)) || fail "expected failure, got status 0: $*"
	[[ $err =~ $re ]] ||
		fail "expected stderr matching /$re/, got '$err' (status $rc): $*"
	say "ok (status $rc, /$re/): $*"
}

assert_eq() {
	[[ $1 == "$2" ]] || fail "${3:-assert_eq}: expected '$2', got '$1'"
	say "ok: ${3:-assert_eq}: '$1'"
}

assert_match() {
	[[ $2 =~ $1 ]] || fail "${3:-assert_match}: '$2' does not match /$1/"
	say "ok: ${3:-assert_match}: '$2' =~ /$1/"
}

# Evaluates EXPR on JSON text on stdin: prints str(result) with "print",
# exits 0 if the result is true, 1 if false, 2 on error (message on stderr).
_vsw_json() {
	"$PYTHON" -c '
import json, sys
mode, expr = sys.argv[1], sys.argv[2]
text = sys.stdin.read()
try:
    j = json.loads(text)
except ValueError as e:
    sys.stderr.write("not JSON (%s): %.2000s\n" % (e, text))
    sys.exit(2)
try:
    r = eval(expr, {"j": j, "json": json})
except Exception as e:
    sys.stderr.write("%s: %r\n  on %.2000s\n" % (expr, e, text))
    sys.exit(2)
if mode == "print":
    print(r)
    sys.exit(0)
if not r:
    sys.stderr.write("%s is %r\n  on %.2000s\n" % (expr, r, text))
sys.exit(0 if r else 1)
' "$@"
}

assert_json() {
	local expr=$1 out rc=0 why
	shift
	out=$("$@") || rc=$?
	((rc == 0)) || fail "expected success, got status $rc: $*"
	why=$(_vsw_json check "$expr" <<<"$out" 2>&1) ||
		fail "assert_json: $why"
	say "ok: json $expr: $*"
}

json_get() {
	local expr=$1 out
	shift
	out=$("$@") || fail "json_get: status $?: $*"
	_vsw_json print "$expr" <<<"$out" || fail "json_get: $expr: $*"
}

wait_until() {
	local secs=$1 start now
	shift
	start=$EPOCHREALTIME
	say "+ wait_until ${secs}s: $*"
	while :; do
		if "$@" >/dev/null 2>&1; then
			now=$EPOCHREALTIME
			say "ok: after $(awk "BEGIN { printf \"%.1f\", $now - $start }")s: $*"
			return 0
		fi
		now=$EPOCHREALTIME
		if awk "BEGIN { exit !($now - $start > $secs) }"; then
			"$@" || true
			fail "still false after ${secs}s: $*"
		fi
		sleep 0.2
	done
}

# Names the test's own line, not a line in here, when a helper failed.
_vsw_on_err() {
	local rc=$1 line=$2 cmd=$3 i=1 where
	where="$(basename "${BASH_SOURCE[1]}"):$line"
	while [[ ${BASH_SOURCE[i]} == "${BASH_SOURCE[0]}" && -n ${BASH_SOURCE[i + 1]:-} ]]; do
		where="$(basename "${BASH_SOURCE[i + 1]}"):${BASH_LINENO[i]} (in ${FUNCNAME[i]})"
		i=$((i + 1))
	done
	say "error: status $rc at $where: $cmd"
}

_vsw_exit() {
	local rc=$? n p
	# Subshells do not inherit EXIT traps, but be explicit: only the test
	# itself cleans up.
	[[ $BASHPID == "$_vsw_main" ]] || return "$rc"
	set +eE
	trap - ERR
	for p in "${_vsw_pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${_vsw_pids[@]}"; do
		wait "$p" 2>/dev/null
	done
	for n in "${_vsw_ns[@]}"; do
		say "+ ip netns del $(ns_name "$n")"
		ip netns del "$(ns_name "$n")" || rc=1
	done
	# Every object this test created must be gone.
	for n in "${_vsw_ns[@]}"; do
		if [[ -e /run/netns/$(ns_name "$n") ]]; then
			say "FAIL: namespace $(ns_name "$n") is still there"
			rc=1
		fi
	done
	for p in "${_vsw_pids[@]}"; do
		if kill -0 "$p" 2>/dev/null; then
			say "FAIL: background process $p is still running"
			rc=1
		fi
	done
	if [[ -e $_vsw_failed ]]; then
		rc=1
		rm -f "$_vsw_failed"
	fi
	case $rc in
	0) say "PASS: $VSW_TEST_NAME" ;;
	77) ;;
	*) say "FAIL: $VSW_TEST_NAME (status $rc)" ;;
	esac
	exit "$rc"
}

trap '_vsw_on_err $? $LINENO "$BASH_COMMAND"' ERR
trap _vsw_exit EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# ---------------------------------------------------------------------------
# NVGRE topologies and tools (tests 50-79, scripts/demo.sh)
#
# The seed topology, after the Hyper-V Network Virtualization slide: two
# hypervisor hosts joined by an underlay, two tenants with the same
# customer addresses (CA) on both. Every box is a network namespace.
#
#	+----------+ +----------+                      +----------+ +----------+
#	| blue1    | | red1     |                      | blue2    | | red2     |
#	| 10.0.0.5 | | 10.0.0.5 |                      | 10.0.0.7 | | 10.0.0.7 |
#	| :50:01:00:05| :60:01:00:05                   | :50:01:00:07| :60:01:00:07
#	+--eth0----+ +--eth0----+                      +--eth0----+ +--eth0----+
#	     |            |                                 |            |
#	+--blue1--------red1------+                    +--blue2--------red2------+
#	| hv1  vsw sw0            |                    | hv2  vsw sw0            |
#	|  ports: blue1 vsid 5001 |                    |  ports: blue2 vsid 5001 |
#	|         red1  vsid 6001 |                    |         red2  vsid 6001 |
#	|  uplink nic0            |                    |  uplink nic0            |
#	|  PA 192.168.4.11/24     |                    |  PA 192.168.4.22/24     |
#	+---------nic0------------+                    +---------nic0------------+
#	           |                                              |
#	+---------hv1-------------------- br0 --------------------hv2---------+
#	| wire (the underlay; captures happen on br0)                         |
#	+---------------------------------------------------------------------+
#
# VM MACs are 02:00:VV:VV:00:HH: VV VV the VSID in decimal digits (50 01,
# 60 01), HH the last byte of the CA. Both hosts hold the same four policy
# records (vsid, ca) -> (mac, pa). In each VM, eth0 is one end of a veth
# whose other end, in the host and named like the VM, is a vsw port.
#
# IPv6 is off in every namespace of these topologies: a VM's router
# solicitations, DAD and MLD reports would otherwise reach vsw at random
# moments and move its counters (unsupported_protocol), and tests check
# counters exactly. Tests that need IPv6 frames send them on purpose.
#
#   topo_seed [-m MTU] [-M VM_MTU] [-x HOST] [-v VMS]
#                           the whole topology above; -m the underlay MTU
#                           (wire, nic0; default 1500), -M the VMs' MTU
#                           (eth0 and the port; default 1500); -x HOST
#                           leaves HOST without vsw (no switch, ports or
#                           policy: the test builds its own there); -v
#                           creates only the VMs named (e.g. "blue1 blue2":
#                           a third less to build under TCG), the four
#                           records are installed all the same
#   topo_wire [MTU]         the wire namespace and its bridge br0
#   topo_host HOST [MTU]    a host with nic0 on br0 and its PA (TOPO_PA)
#   topo_vm_define VM HOST VSID CA MAC
#                           declare a VM (TOPO_VMS, VM_HOST, VM_VSID,
#                           VM_CA, VM_MAC); the seed's four are predefined
#   topo_vm VM [MTU]        create a declared VM and its veth (not a port)
#   topo_vsw HOST           switch sw0 with uplink nic0 and the host's PA
#   topo_port VM            make the VM's host-side veth a port of sw0
#   topo_policy HOST [VM...] add the records of VMs (default: all declared)
#   topo_mtu MTU VM_MTU     change the MTUs of a built topology in place:
#                           the underlay (br0, its ports, nic0) and every
#                           VM's veth (both ends); VMs forget learnt PMTUs
#   noipv6 NS               turn IPv6 off in a namespace
#   ipn NS ARG...           "ip ARG..." in NS (with ip -n), printed
#
#   wait_listen NS PORT [tcp|udp]
#                           wait (60 s at most) until something listens on
#                           PORT in NS
#
#   vsw_counter NS WHERE NAME
#                           one counter of sw0 in NS: WHERE is "switch" or
#                           a port's dev; NAME a counter (rx_packets, ...,
#                           decap_packets) or a drop reason
#   stats_snap NS FILE      save sw0's "stats show -j" in FILE
#   assert_stats NS FILE WHERE.NAME=N...
#                           the counters moved, since the snapshot FILE, by
#                           exactly N (or at least N with ">=", e.g.
#                           switch.encap_packets>=3); every drop reason
#                           not named, of the switch and of every port,
#                           must not have moved (a port that is new since
#                           the snapshot counts from 0)
#
#   monitor_start NS FILE   "vswctl -j monitor" in NS to FILE, in the
#                           background; returns once it receives events
#                           (a probe port is added and deleted until its
#                           port_del event shows up)
#   monitor_wait FILE SECS EXPR [N]
#                           wait until N (default 1) lines of FILE are JSON
#                           events e for which the Python expression EXPR
#                           is true
#   monitor_count FILE EXPR print how many events of FILE match EXPR
#
#   cap_start NS IF FILE COUNT [FILTER...]
#                           tcpdump on IF in NS into FILE (pcap) until it
#                           has COUNT packets matching FILTER (bounded by
#                           CAP_TIMEOUT, default 120 s); returns once it
#                           is capturing; its pid in CAP_PID
#   cap_wait                wait for that capture to end by its count;
#                           fails if it ended by its time bound, or if
#                           tcpdump dropped packets
#   cap_fields FILE FIELD... tshark's fields of every packet in FILE, one
#                           line each, fields separated by "|", repeated
#                           ones (inner and outer ip.src) by ","
#
#   vm_ping NS DST [COUNT [OPT...]]
#                           ping DST from NS: exactly COUNT (default 3)
#                           echo requests, every one answered (5 s each)
#   vm_ping_fails NS DST [COUNT [OPT...]]
#                           ping DST from NS: COUNT (default 2) requests,
#                           none answered (within 2 s of the last)
#
#   udp_sink NS PORT FILE   a UDP receiver on PORT in NS that appends each
#                           datagram's text (one per line) to FILE; returns
#                           once it is bound
#   udp_send NS DST PORT TEXT...
#                           send one datagram per TEXT, in order, from one
#                           socket
#   tcp_sink NS PORT FILE   a TCP receiver on PORT in NS for one connection:
#                           writes "BYTES SHA256" of what it got to FILE
#                           at EOF; returns once it listens; pid in BG_PID
#   tcp_send NS DST PORT BYTES
#                           send BYTES bytes of pseudo-random data over one
#                           TCP connection; prints "BYTES SHA256"
#   udp_flood NS DST PORT SECS
#                           in the background: about 2000 datagrams a
#                           second from NS to DST:PORT, for SECS seconds;
#                           pid in BG_PID
#   udp_flows NS DST PORT SPORT N [REPEAT]
#                           N flows: one datagram (REPEAT, default 1) from
#                           each source port SPORT .. SPORT+N-1, in turn
#   send_frames NS IF HEX...
#                           send raw Ethernet frames (hex strings) on IF
#   frames_build <<'PY' ... PY
#                           build named frames with scapy: the Python code
#                           on stdin (scapy.all imported) fills the dict
#                           "frames" (name -> packet); they go into FRAME
#                           (name -> hex), for send_frames
#   arp_query VM CA [SECS]  one ARP request for CA from a declared VM's
#                           eth0 (its MAC and CA as sender); prints the
#                           reply "op=2 sha=.. spa=.. tha=.. tpa=..
#                           eth_src=.. eth_dst=..", or nothing if none
#                           came within SECS (default 3)
#
# Every helper prints what it runs. The Python ones run with -S: without
# site's start-up (dist-packages and their .pth files) Python starts several
# times faster under TCG, and they need nothing beyond the standard library.

TOPO_SWITCH=sw0
declare -A TOPO_PA=([hv1]=192.168.4.11 [hv2]=192.168.4.22)
VSID_BLUE=5001
VSID_RED=6001
TOPO_VMS=()
declare -A VM_HOST=() VM_VSID=() VM_CA=() VM_MAC=()

# "ip" in a namespace: like nsx NS ip ..., with "ip -n" (no mount namespace
# to set up: noticeably faster under TCG).
ipn() {
	local n=$1
	shift
	say "+ [$n] ip $*"
	ip -n "$(ns_name "$n")" "$@"
}

noipv6() {
	nsx "$1" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

topo_vm_define() {
	(($# == 5)) || fail "usage: topo_vm_define VM HOST VSID CA MAC"
	[[ -n ${VM_HOST[$1]:-} ]] || TOPO_VMS+=("$1")
	VM_HOST[$1]=$2
	VM_VSID[$1]=$3
	VM_CA[$1]=$4
	VM_MAC[$1]=$5
}

topo_vm_define blue1 hv1 $VSID_BLUE 10.0.0.5 02:00:50:01:00:05
topo_vm_define red1 hv1 $VSID_RED 10.0.0.5 02:00:60:01:00:05
topo_vm_define blue2 hv2 $VSID_BLUE 10.0.0.7 02:00:50:01:00:07
topo_vm_define red2 hv2 $VSID_RED 10.0.0.7 02:00:60:01:00:07

topo_wire() {
	local mtu=${1:-1500}
	ns_new wire
	noipv6 wire
	ipn wire link add br0 mtu "$mtu" type bridge
	ipn wire link set br0 up
}

topo_host() {
	local h=$1 mtu=${2:-1500} real
	[[ -n ${TOPO_PA[$h]:-} ]] || fail "topo_host: no PA for $h in TOPO_PA"
	ns_new "$h"
	noipv6 "$h"
	real=$(ns_name "$h")
	ipn wire link add "$h" mtu "$mtu" type veth peer name nic0 netns "$real" mtu "$mtu"
	ipn wire link set "$h" master br0 up
	ipn "$h" addr add "${TOPO_PA[$h]}/24" dev nic0
	ipn "$h" link set nic0 up
}

topo_vm() {
	local vm=$1 mtu=${2:-1500} host
	host=${VM_HOST[$vm]:-}
	[[ -n $host ]] || fail "topo_vm: $vm is not declared (topo_vm_define)"
	ns_new "$vm"
	noipv6 "$vm"
	ipn "$host" link add "$vm" mtu "$mtu" type veth peer name eth0 \
		netns "$(ns_name "$vm")" address "${VM_MAC[$vm]}" mtu "$mtu"
	ipn "$host" link set "$vm" up
	ipn "$vm" addr add "${VM_CA[$vm]}/24" dev eth0
	ipn "$vm" link set eth0 up
}

topo_vsw() {
	local h=$1
	vswctl_in "$h" switch add "$TOPO_SWITCH"
	vswctl_in "$h" uplink set "$TOPO_SWITCH" dev nic0 pa "${TOPO_PA[$h]}"
}

topo_port() {
	local vm=$1
	vswctl_in "${VM_HOST[$vm]}" port add "$TOPO_SWITCH" dev "$vm" \
		vsid "${VM_VSID[$vm]}" mac "${VM_MAC[$vm]}"
}

topo_policy() {
	local h=$1 vm
	shift
	(($#)) || set -- "${TOPO_VMS[@]}"
	for vm in "$@"; do
		vswctl_in "$h" policy add "$TOPO_SWITCH" vsid "${VM_VSID[$vm]}" \
			ca "${VM_CA[$vm]}" mac "${VM_MAC[$vm]}" \
			pa "${TOPO_PA[${VM_HOST[$vm]}]}"
	done
}

topo_seed() {
	local mtu=1500 vm_mtu=1500 without='' vms='blue1 red1 blue2 red2' opt h vm
	local OPTIND=1
	while getopts m:M:x:v: opt; do
		case $opt in
		m) mtu=$OPTARG ;;
		M) vm_mtu=$OPTARG ;;
		x) without=$OPTARG ;;
		v) vms=$OPTARG ;;
		*) fail "usage: topo_seed [-m MTU] [-M VM_MTU] [-x HOST] [-v VMS]" ;;
		esac
	done
	say "# seed topology: underlay MTU $mtu, VM MTU $vm_mtu, VMs $vms${without:+, no vsw on $without}"
	topo_wire "$mtu"
	for h in hv1 hv2; do
		topo_host "$h" "$mtu"
	done
	for vm in $vms; do
		topo_vm "$vm" "$vm_mtu"
	done
	for h in hv1 hv2; do
		[[ $h != "$without" ]] || continue
		topo_vsw "$h"
		for vm in $vms; do
			[[ ${VM_HOST[$vm]} != "$h" ]] || topo_port "$vm"
		done
		topo_policy "$h" blue1 red1 blue2 red2
	done
}

topo_mtu() {
	local mtu=$1 vm_mtu=$2 h vm
	say "# MTUs: underlay $mtu, VMs $vm_mtu"
	for h in hv1 hv2; do
		[[ -e /run/netns/$(ns_name "$h") ]] || continue
		ipn wire link set "$h" mtu "$mtu"
		ipn "$h" link set nic0 mtu "$mtu"
	done
	ipn wire link set br0 mtu "$mtu"
	for vm in "${TOPO_VMS[@]}"; do
		[[ -e /run/netns/$(ns_name "$vm") ]] || continue
		ipn "${VM_HOST[$vm]}" link set "$vm" mtu "$vm_mtu"
		ipn "$vm" link set eth0 mtu "$vm_mtu"
		ipn "$vm" route flush cache
	done
}

wait_listen() {
	local ns=$1 port=$2 proto=${3:-tcp} flag=-t
	[[ $proto == tcp ]] || flag=-u
	wait_until 60 bash -c "ip netns exec $(ns_name "$ns") ss -Hln $flag 'sport = :$port' | grep -q ."
}

# The stats of sw0 as JSON, checked by Python code shared by the helpers.
_vsw_stats_py='
import json, sys
def where(j, w, new=False):
    if w == "switch":
        return j["switch"]
    for p in j["ports"]:
        if p.get("dev") == w:
            return p
    if new:
        return {"drops": {}}
    raise KeyError("no port %s in the stats" % w)
def counter(o, name):
    if name in o and name != "drops":
        return o[name]
    return o.get(name, 0) if name.endswith(("_packets", "_bytes")) else o["drops"].get(name, 0)
'

vsw_counter() {
	(($# == 3)) || fail "usage: vsw_counter NS WHERE NAME"
	local out
	out=$(vswctl_in "$1" -j stats show "$TOPO_SWITCH") ||
		fail "vsw_counter: stats show failed in $1"
	"$PYTHON" -S -c "$_vsw_stats_py"'
print(counter(where(json.loads(sys.stdin.read()), sys.argv[1]), sys.argv[2]))
' "$2" "$3" <<<"$out" || fail "vsw_counter $*: cannot read it"
}

stats_snap() {
	vswctl_in "$1" -j stats show "$TOPO_SWITCH" >"$2" ||
		fail "stats_snap: stats show failed in $1"
}

assert_stats() {
	local ns=$1 snap=$2 now why start=$EPOCHREALTIME
	shift 2
	# Frames sent one way (no answer to wait for) may still be on their
	# way through a backlog queue: give the counters a moment to get
	# there. Counters only grow, so an overshoot fails all the same.
	while :; do
		now=$(ip netns exec "$(ns_name "$ns")" vswctl -j stats show "$TOPO_SWITCH") ||
			fail "assert_stats: stats show failed in $ns"
		why=$("$PYTHON" -S -c "$_vsw_stats_py"'
import re
old = json.load(open(sys.argv[1]))
new = json.loads(sys.stdin.read())
bad, named = [], set()
for e in sys.argv[2:]:
    m = re.fullmatch(r"([^.]+)\.(\w+)(>=|=)(\d+)", e)
    if not m:
        sys.exit("bad expectation %r (WHERE.NAME=N or WHERE.NAME>=N)" % e)
    w, name, op, n = m.group(1), m.group(2), m.group(3), int(m.group(4))
    named.add((w, name))
    d = counter(where(new, w), name) - counter(where(old, w, True), name)
    if (op == "=" and d != n) or (op == ">=" and d < n):
        bad.append("%s moved by %d, expected %s%d" % (e.split(op)[0], d, op, n))
objs = [("switch", new["switch"], old["switch"])]
for p in new["ports"]:
    objs.append((p["dev"], p, where(old, p["dev"], True)))
for w, n, o in objs:
    for r, v in n["drops"].items():
        d = v - o["drops"].get(r, 0)
        if d and (w, r) not in named:
            bad.append("%s.%s moved by %d, expected 0" % (w, r, d))
print("; ".join(bad))
sys.exit(1 if bad else 0)
' "$snap" "$@" <<<"$now" 2>&1) && break
		awk "BEGIN { exit !($EPOCHREALTIME - $start > ${ASSERT_STATS_WAIT:-10}) }" &&
			fail "assert_stats $ns: $why"
		sleep 0.3
	done
	say "ok: stats of $ns moved by: $*"
}

# underlay_route_check HOST REMOTE_PA VM DST [NOISE...]: the outer route
# to a remote PA is cached (kmod/dstcache.c) and revalidated on every
# use: a blackhole route to REMOTE_PA added on HOST stops VM's traffic to
# DST with the next frame (no_route, nothing encapsulated), and deleting
# it lets the next frame through again. DST's family picks ping -4 or -6;
# NOISE are more assert_stats tolerances.
underlay_route_check() {
	local h=$1 pa=$2 vm=$3 dst=$4 fam=-4 plen=32
	shift 4
	[[ $dst != *:* ]] || fam=-6
	[[ $pa != *:* ]] || plen=128
	vm_ping "$vm" "$dst" 2 "$fam"
	nsx "$h" ip route add blackhole "$pa/$plen"
	stats_snap "$h" "$TMPDIR/$h.underlay"
	vm_ping_fails "$vm" "$dst" 2 "$fam"
	assert_stats "$h" "$TMPDIR/$h.underlay" switch.encap_packets=0 \
		switch.no_route=2 "$vm.no_route=2" "$@"
	nsx "$h" ip route del blackhole "$pa/$plen"
	vm_ping "$vm" "$dst" 2 "$fam"
}

monitor_start() {
	local ns=$1 file=$2 i mac=02:00:00:00:00:01
	: >"$file"
	nsx_bg "$ns" vswctl -j monitor >"$file"
	MON_PID=$BG_PID
	# Nothing tells when the monitor has joined the events group: send
	# it probe events until one arrives.
	nsx "$ns" ip link add vswprobe0 type veth peer name vswprobe1
	vswctl_in "$ns" switch add vswprobe >/dev/null
	for ((i = 0; ; i++)); do
		vswctl_in "$ns" port add vswprobe dev vswprobe0 vsid 4096 mac $mac >/dev/null
		vswctl_in "$ns" port del vswprobe dev vswprobe0 >/dev/null
		grep -q '"vswprobe"' "$file" && break
		kill -0 "$MON_PID" 2>/dev/null || fail "monitor_start: vswctl monitor exited"
		((i < 100)) || fail "monitor_start: no probe event after $i tries"
		sleep 0.2
	done
	vswctl_in "$ns" switch del vswprobe
	nsx "$ns" ip link del vswprobe0
	say "ok: monitor in $ns receives events (pid $MON_PID)"
}

_vsw_events_py='
import json, sys
def events(path):
    for line in open(path):
        line = line.strip()
        if line:
            e = json.loads(line)
            if e.get("switch") != "vswprobe":
                yield e
'

monitor_count() {
	"$PYTHON" -S -c "$_vsw_events_py"'
print(sum(1 for e in events(sys.argv[1]) if eval(sys.argv[2], {"e": e})))
' "$1" "$2"
}

_vsw_monitor_has() {
	local n
	n=$(monitor_count "$1" "$2") && ((n >= $3))
}

monitor_wait() {
	local file=$1 secs=$2 expr=$3 n=${4:-1}
	wait_until "$secs" _vsw_monitor_has "$file" "$expr" "$n" ||
		fail "monitor_wait: no event with $expr"
	say "ok: event $expr: $(grep -v vswprobe "$file" | tail -n 3 | paste -sd ' ')"
}

# The Python helpers below run from files, so that the trace shows their
# arguments rather than their code.
_vsw_pyfile() {
	local dir=${TMPDIR:-/tmp}/vsw-py.$_vsw_main
	mkdir -p "$dir"
	local v=_vsw_py_$1
	[[ -e $dir/$1.py ]] || printf '%s\n' "${!v}" >"$dir/$1.py"
	printf '%s\n' "$dir/$1.py"
}

CAP_TIMEOUT=${CAP_TIMEOUT:-120}
CAP_PID=
CAP_FILE=

cap_start() {
	local ns=$1 ifname=$2 file=$3 count=$4
	shift 4
	: >"$file.err"
	# Immediate mode makes libpcap use a ring of snaplen-sized slots: with
	# the default snaplen (256 KiB) a 2 MiB buffer holds 8 packets, and a
	# burst overflows it. 512 bytes hold every header a test decodes.
	nsx_bg "$ns" timeout "$CAP_TIMEOUT" tcpdump -i "$ifname" -n -U \
		--immediate-mode -s 512 -B 8192 -c "$count" -w "$file" "$@" 2>"$file.err"
	CAP_PID=$BG_PID
	CAP_FILE=$file
	wait_until 60 grep -q 'listening on' "$file.err"
}

cap_wait() {
	local rc=0
	wait "$CAP_PID" || rc=$?
	say "$(cat "$CAP_FILE.err" 2>/dev/null)"
	grep -q '^0 packets dropped by kernel' "$CAP_FILE.err" ||
		fail "cap_wait: the capture lost packets (tcpdump's buffer overflowed)"
	((rc != 124)) || fail "cap_wait: the capture timed out (${CAP_TIMEOUT}s) before its count"
	((rc == 0)) || fail "cap_wait: tcpdump failed with status $rc"
	say "ok: capture complete"
}

cap_fields() {
	local file=$1 f args=()
	shift
	for f in "$@"; do
		args+=(-e "$f")
	done
	say "+ tshark -r $file -T fields $*"
	tshark -r "$file" -n -T fields -E separator='|' -E aggregator=, \
		-E occurrence=a "${args[@]}" 2>/dev/null
}

vm_ping() {
	local ns=$1 dst=$2 n=${3:-3} out rc=0
	shift $(($# < 3 ? $# : 3))
	out=$(nsx "$ns" ping -n -c "$n" -i 0.2 -W 5 "$@" "$dst" 2>&1) || rc=$?
	say "$out"
	[[ $out == *"$n packets transmitted, $n received"* ]] ||
		fail "vm_ping $ns -> $dst: not every request was answered (status $rc)"
	say "ok: $ns -> $dst: $n of $n answered"
}

vm_ping_fails() {
	local ns=$1 dst=$2 n=${3:-2} out rc=0
	shift $(($# < 3 ? $# : 3))
	out=$(nsx "$ns" ping -n -c "$n" -i 0.2 -W 2 "$@" "$dst" 2>&1) || rc=$?
	say "$out"
	if [[ $out != *"$n packets transmitted, 0 received"* ]] || ((rc == 0)); then
		fail "vm_ping_fails $ns -> $dst: got an answer (status $rc)"
	fi
	say "ok: $ns -> $dst: no answer"
}

_vsw_py_udp_sink='
import socket, sys
port, out = int(sys.argv[1]), sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", port))
open(out + ".ready", "w").close()
while True:
    data, peer = s.recvfrom(65535)
    with open(out, "a") as f:
        f.write("%s %s\n" % (peer[0], data.decode(errors="replace")))
'
udp_sink() {
	local ns=$1 port=$2 file=$3
	: >"$file"
	rm -f "$file.ready"
	nsx_bg "$ns" "$PYTHON" -S "$(_vsw_pyfile udp_sink)" "$port" "$file"
	wait_until 60 test -e "$file.ready"
}

_vsw_py_udp_send='
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for text in sys.argv[3:]:
    s.sendto(text.encode(), (sys.argv[1], int(sys.argv[2])))
'
udp_send() {
	local ns=$1 dst=$2 port=$3
	shift 3
	nsx "$ns" "$PYTHON" -S "$(_vsw_pyfile udp_send)" "$dst" "$port" "$@"
}

_vsw_py_tcp_sink='
import hashlib, os, socket, sys
port, out = int(sys.argv[1]), sys.argv[2]
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("0.0.0.0", port))
ls.listen(1)
c, _ = ls.accept()
h, n = hashlib.sha256(), 0
while True:
    b = c.recv(1 << 20)
    if not b:
        break
    h.update(b)
    n += len(b)
with open(out + ".tmp", "w") as f:
    f.write("%d %s\n" % (n, h.hexdigest()))
os.rename(out + ".tmp", out)
'
tcp_sink() {
	local ns=$1 port=$2 file=$3
	rm -f "$file"
	nsx_bg "$ns" "$PYTHON" -S "$(_vsw_pyfile tcp_sink)" "$port" "$file"
	wait_listen "$ns" "$port"
}

_vsw_py_tcp_send='
import hashlib, random, socket, sys
dst, port, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
block = random.Random(7001).randbytes(1 << 20)
s = socket.create_connection((dst, port), timeout=120)
h, n = hashlib.sha256(), 0
while n < total:
    b = block[: min(len(block), total - n)]
    s.sendall(b)
    h.update(b)
    n += len(b)
s.shutdown(socket.SHUT_WR)
s.recv(1)
print(n, h.hexdigest())
'
tcp_send() {
	nsx "$1" "$PYTHON" -S "$(_vsw_pyfile tcp_send)" "$2" "$3" "$4"
}

_vsw_py_udp_flood='
import socket, sys, time
dst, port, secs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end, i = time.monotonic() + secs, 0
while time.monotonic() < end:
    for _ in range(20):
        i += 1
        try:
            s.sendto(b"flood %d" % i, (dst, port))
        except OSError:
            pass
    time.sleep(0.01)
'
udp_flood() {
	nsx_bg "$1" "$PYTHON" -S "$(_vsw_pyfile udp_flood)" "$2" "$3" "$4"
}

_vsw_py_udp_flows='
import socket, sys
dst, port, sport, n, rep = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
socks = []
for i in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", sport + i))
    socks.append(s)
for r in range(rep):
    for i, s in enumerate(socks):
        s.sendto(b"flow %d %d" % (sport + i, r), (dst, port))
'
udp_flows() {
	nsx "$1" "$PYTHON" -S "$(_vsw_pyfile udp_flows)" "$2" "$3" "$4" "$5" "${6:-1}"
}

_vsw_py_send_frames='
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
for h in sys.argv[2:]:
    s.send(bytes.fromhex(h))
'
send_frames() {
	local ns=$1 ifname=$2
	shift 2
	nsx "$ns" "$PYTHON" -S "$(_vsw_pyfile send_frames)" "$ifname" "$@"
}

_vsw_py_arp_query='
import socket, struct, sys, time
mac, sip, tip, secs = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
hw = bytes.fromhex(mac.replace(":", ""))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
s.bind(("eth0", 0x0806))
req = (b"\xff" * 6 + hw + b"\x08\x06" +
       struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) +
       hw + socket.inet_aton(sip) + b"\x00" * 6 + socket.inet_aton(tip))
s.send(req)
m = lambda b: ":".join("%02x" % x for x in b)
end = time.monotonic() + secs
while True:
    left = end - time.monotonic()
    if left <= 0:
        break
    s.settimeout(left)
    try:
        f, addr = s.recvfrom(2048)
    except socket.timeout:
        break
    if addr[2] == socket.PACKET_OUTGOING or len(f) < 42:
        continue
    op = struct.unpack("!H", f[20:22])[0]
    if op == 2 and f[28:32] == socket.inet_aton(tip):
        print("op=2 sha=%s spa=%s tha=%s tpa=%s eth_src=%s eth_dst=%s" % (
            m(f[22:28]), socket.inet_ntoa(f[28:32]), m(f[32:38]),
            socket.inet_ntoa(f[38:42]), m(f[6:12]), m(f[0:6])))
        break
'
arp_query() {
	local vm=$1 ca=$2 secs=${3:-3}
	nsx "$vm" "$PYTHON" -S "$(_vsw_pyfile arp_query)" "${VM_MAC[$vm]}" "${VM_CA[$vm]}" "$ca" "$secs"
}

declare -A FRAME=()

frames_build() {
	local out=${TMPDIR:-/tmp}/vsw-frames.$BASHPID name hex
	{
		echo 'from scapy.all import *'
		echo 'frames = {}'
		cat
		echo 'for n, p in frames.items():'
		echo '    print(n, bytes(p).hex())'
	} >"$out.py"
	say "+ $PYTHON $out.py (scapy: build frames)"
	"$PYTHON" "$out.py" >"$out" || fail "frames_build: $PYTHON $out.py failed"
	while read -r name hex; do
		FRAME[$name]=$hex
	done <"$out"
	say "frames: ${!FRAME[*]}"
}
