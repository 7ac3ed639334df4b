#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/bench/guest.sh - the benchmark of "make bench", run inside the
# test VM (scripts/vm.sh --script) by scripts/bench.sh, or on a real host
# by hand (see Documentation/bench.md). Measures vsw side by side with the
# Linux bridge + gretap and the Open vSwitch kernel datapath, all on the
# same kernel, variants interleaved and repeated; writes its results to
# OUT (default /run/vsw/bench, the per-run share of the VM):
# results.md (the table, kernel version, commands), raw.tsv (every single
# measurement), commands.log (every command that built a topology).
#
# usage: guest.sh DATA_DIR [SECS [REPS [SCENARIOS]]]
#   DATA_DIR    made by scripts/bench.sh: rawgen (the NVGRE frame
#               generator), policy-add.vsw / policy-del.vsw (1M records,
#               vswctl -b), fdb-add.txt / fdb-del.txt (bridge -b)
#   SECS        seconds per measurement (default 3)
#   REPS        repetitions of each, the median is reported (default 3)
#   SCENARIOS   which of 1-6 to run (default "1 2 3 4 5 6"); "p" adds a
#               profile: perf record -a -g during 64 B encapsulation and
#               decapsulation of each variant, reports in OUT/perf-*.txt
#
# One topology per variant X (v = vsw, b = bridge + gretap, o = OVS), all
# alive at once so that runs can alternate between them:
#
#   X-vm1 eth0 --veth-- vm1 [X-hv1] nic0 ==veth== nic0 [X-hv2] vm2 --veth-- eth0 X-vm2
#   10.0.0.5                 192.168.4.11       192.168.4.22                 10.0.0.7
#
# The VMs are in VSID 5001 (GRE key 0x138900). Encapsulation: rawgen
# (scenario 1) or pktgen (scenarios 3 and 4, to many destinations) in X-vm1
# sends to 10.0.0.7, X-hv1 encapsulates, X-hv2's nic0 counts and drops at
# tc ingress. Decapsulation: rawgen in X-hv2 sends NVGRE frames out of
# its nic0, X-hv1 decapsulates, X-vm1's eth0 counts and drops at tc ingress.
# The generator runs on CPU 0; RPS moves the measured path (vm1 and nic0 in
# X-hv1) to CPU 1, so that the generator's own work is not counted.
#
# With one CPU (the counted mode of scripts/bench.sh: qemu's instruction
# counter is the guest's clock), everything runs on that CPU in turn: a
# packet's time is the instructions spent on it, the generator's
# included. Scenarios 1 and 2 then also measure the harness alone (the
# same generator, its frames dropped at tc ingress of the device the
# datapath would take them from) and subtract its time per packet, which
# leaves each datapath's own.

set -uo pipefail

DATA=${1:?usage: guest.sh DATA_DIR [SECS [REPS [SCENARIOS]]]}
SECS=${2:-3}
REPS=${3:-3}
SCENARIOS=${4:-1 2 3 4 5 6}
OUT=${BENCH_OUT:-/run/vsw/bench}
PATH=$(cd "$(dirname "$0")/../.." && pwd -P)/userland:$PATH

MAC1=02:00:50:01:00:05
MAC2=02:00:50:01:00:07
NIC1=02:00:00:00:04:11
NIC2=02:00:00:00:04:22
PA1=192.168.4.11
PA2=192.168.4.22
VSID=5001
KEY=$((VSID << 8))
VARIANTS=(v b o)
COUNTED=$(($(nproc) == 1))
declare -A VNAME=([v]=vsw [b]=bridge+gretap [o]=OVS)

mkdir -p "$OUT"
RAW=$OUT/raw.tsv
ROWS=$OUT/rows.tsv
CMDS=$OUT/commands.log
LOG=$OUT/errors.log
: >"$RAW"
: >"$ROWS"
: >"$CMDS"
: >"$LOG"
T_START=$EPOCHREALTIME

say() { printf '%s\n' "$*"; }
elapsed() { awk -v a="$T_START" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }'; }
die() {
	say "bench: FAILED: $*"
	tail -n 20 "$LOG"
	exit 1
}

# Setup commands: logged to commands.log (the exact commands), and fatal.
must() {
	printf '%s\n' "$*" >>"$CMDS"
	"$@" 2>>"$LOG" || die "$* (status $?)"
}
# The same in a namespace.
nsm() {
	local ns=$1
	shift
	printf '[%s] %s\n' "$ns" "$*" >>"$CMDS"
	ip netns exec "$ns" "$@" 2>>"$LOG" || die "[$ns] $* (status $?)"
}
# Commands whose failure is reported, not fatal.
nsq() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@" 2>>"$LOG"
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (!NR) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || b + 0 == 0) print "-"; else printf "%.2fx", a / b }'; }
fmt() { awk -v a="$1" 'BEGIN { if (a == "nan" || a == "-") print "-"; else if (a >= 100) printf "%.0f", a; else printf "%.3g", a }'; }

# raw KEY VALUE: one measurement; med KEY: the median of its values.
raw() { printf '%s\t%s\n' "$1" "$2" >>"$RAW"; }
med() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$RAW" | median; }

# The table so far (kept up to date: a run cut short still has it).
table() {
	{
		echo "| scenario (unit) | vsw | bridge+gretap | OVS | vsw/bridge | vsw/OVS | goal |"
		echo "|---|---|---|---|---|---|---|"
		cat "$ROWS"
	} >"$OUT/table.md"
	{
		echo "Guest: kernel $(uname -r), $(nproc) CPUs, $(awk '/^model name/ { sub(/.*: /, ""); print; exit }' /proc/cpuinfo)."
		if ((COUNTED)); then
			echo "Counted mode: one vCPU on qemu's instruction counter (-icount), so a"
			echo "guest second is a fixed number of guest instructions, whatever the host does."
		fi
		echo "Each measurement ${SECS} s, ${REPS} repetitions, the variants interleaved; the median is shown."
		echo "The benchmark took $(elapsed) s inside the guest${1:+ ($1)}."
	} >"$OUT/guest.md"
}

# row SCENARIO VSW BRIDGE OVS UNIT GOAL: a line of the table.
row() {
	local r1 r2
	r1=$(ratio "$2" "$3")
	r2=$(ratio "$2" "$4")
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1 ($5)" "$(fmt "$2")" \
		"$(fmt "$3")" "$(fmt "$4")" "$r1" "$r2" "$6" >>"$ROWS"
	table
	say "bench: $1: vsw $(fmt "$2"), bridge+gretap $(fmt "$3"), OVS $(fmt "$4") $5; ratios $r1 $r2 (goal: $6)"
}

# ---------------------------------------------------------------------------
# Topologies

# ipb NS: "ip -batch" of the commands on stdin in NS (one process for
# them all: every fork counts under emulation); each is logged.
ipb() {
	local ns=$1 cmds
	cmds=$(cat)
	awk -v p="[$ns] ip " '{ print p $0 }' <<<"$cmds" >>"$CMDS"
	ip -n "$ns" -batch - <<<"$cmds" 2>>"$LOG" || die "[$ns] ip -batch failed: $cmds"
}

base() {
	local x=$1 n
	for n in vm1 hv1 hv2 vm2; do
		must ip netns add "$x-$n"
	done
	ipb "$x-hv1" <<-EOF
		link set lo up
		link add nic0 mtu 1600 address $NIC1 type veth peer name nic0 netns $x-hv2 mtu 1600 address $NIC2
		link add vm1 type veth peer name eth0 netns $x-vm1 address $MAC1
		addr add $PA1/24 dev nic0
		link set nic0 up
		link set vm1 up
		neigh add $PA2 lladdr $NIC2 dev nic0 nud permanent
	EOF
	ipb "$x-hv2" <<-EOF
		link set lo up
		link add vm2 type veth peer name eth0 netns $x-vm2 address $MAC2
		addr add $PA2/24 dev nic0
		link set nic0 up
		link set vm2 up
		neigh add $PA1 lladdr $NIC1 dev nic0 nud permanent
	EOF
	ipb "$x-vm1" <<-EOF
		link set lo up
		addr add 10.0.0.5/24 dev eth0
		link set eth0 up
		neigh add 10.0.0.7 lladdr $MAC2 dev eth0 nud permanent
	EOF
	ipb "$x-vm2" <<-EOF
		link set lo up
		addr add 10.0.0.7/24 dev eth0
		link set eth0 up
		neigh add 10.0.0.5 lladdr $MAC1 dev eth0 nud permanent
	EOF
	# The measured path runs on CPU 1, the generators on CPU 0. With
	# one CPU (the counted mode), everything runs on it in turn.
	(($(nproc) > 1)) || return 0
	for n in vm1 nic0; do
		printf '[%s] echo 2 >/sys/class/net/%s/queues/rx-0/rps_cpus\n' "$x-hv1" $n >>"$CMDS"
		sysfs_of "$x-hv1"
		echo 2 >"$SYSFS_PATH/$n/queues/rx-0/rps_cpus" || die "RPS on $n"
	done
}

topo_v() {
	local h pa mac cmds
	for h in 1 2; do
		if ((h == 1)); then pa=$PA1 mac=$MAC1; else pa=$PA2 mac=$MAC2; fi
		cmds="switch add sw0
uplink set sw0 dev nic0 pa $pa
port add sw0 dev vm$h vsid $VSID mac $mac
policy add sw0 vsid $VSID ca 10.0.0.5 mac $MAC1 pa $PA1
policy add sw0 vsid $VSID ca 10.0.0.7 mac $MAC2 pa $PA2"
		awk -v p="[v-hv$h] vswctl " '{ print p $0 }' <<<"$cmds" >>"$CMDS"
		ip netns exec "v-hv$h" vswctl -b - <<<"$cmds" 2>>"$LOG" ||
			die "[v-hv$h] vswctl -b failed"
	done
}

topo_b() {
	local h pa rpa mac rmac
	for h in 1 2; do
		if ((h == 1)); then
			pa=$PA1 rpa=$PA2 mac=$MAC1 rmac=$MAC2
		else
			pa=$PA2 rpa=$PA1 mac=$MAC2 rmac=$MAC1
		fi
		ipb "b-hv$h" <<-EOF
			link add gt0 type gretap local $pa remote $rpa key $KEY ttl 64 nopmtudisc
			link add br0 type bridge mcast_snooping 0
			link set vm$h master br0
			link set gt0 master br0
			link set gt0 up
			link set br0 up
		EOF
		# replace: the bridge may have learned the VM's MAC already.
		must bridge -n "b-hv$h" fdb replace $rmac dev gt0 master static
		must bridge -n "b-hv$h" fdb replace $mac dev vm$h master static
	done
}

# The OVS kernel datapath, programmed with ovs-dpctl (no daemon).
topo_o() {
	local h rpa pv pg show
	for h in 1 2; do
		if ((h == 1)); then rpa=$PA2; else rpa=$PA1; fi
		nsm "o-hv$h" ovs-dpctl add-dp dp0
		nsm "o-hv$h" ovs-dpctl add-if dp0 vm$h
		nsm "o-hv$h" ovs-dpctl add-if dp0 ovsgre,type=gre,remote_ip=flow,key=flow
		show=$(nsq "o-hv$h" ovs-dpctl show dp0)
		pv=$(awk -v n="vm$h" '$1 == "port" && $3 == n { print $2 + 0 }' <<<"$show")
		pg=$(awk '$1 == "port" && $3 == "ovsgre" { print $2 + 0 }' <<<"$show")
		# ovs-dpctl show may list no ports without the daemon: then they
		# are numbered in the order they were added, after dp0's own 0.
		pv=${pv:-1} pg=${pg:-2}
		nsm "o-hv$h" ovs-dpctl add-flow dp0 \
			"in_port($pv),eth(),eth_type(0x0800),ipv4()" \
			"set(tunnel(tun_id=$(printf '0x%x' $KEY),dst=$rpa,ttl=64,flags(key))),$pg"
		nsm "o-hv$h" ovs-dpctl add-flow dp0 \
			"in_port($pg),eth(),eth_type(0x0800),ipv4()" "$pv"
	done
}

# tc drop at ingress of DEV in NS (the sink), on or off.
sink() {
	local ns=$1 dev=$2 on=$3
	tc -n "$ns" qdisc del dev "$dev" clsact 2>/dev/null
	if ((on)); then
		must tc -n "$ns" qdisc add dev "$dev" clsact
		must tc -n "$ns" filter add dev "$dev" ingress matchall action drop
	fi
}

# Counters are read through a process that sits in the namespace (its
# /sys shows the namespace's devices): a builtin read, no fork, so the
# timestamps around it are tight.
# sysfs_of NS sets SYSFS_PATH to NS's /sys/class/net. Never call it in a
# $(...): the sleeper would keep it open, and the cache would be lost.
declare -A SYSFS=()
sysfs_of() {
	local ns=$1 pid i
	if [[ -z ${SYSFS[$ns]:-} ]]; then
		ip netns exec "$ns" sleep 100000 </dev/null >/dev/null 2>&1 &
		pid=$!
		for ((i = 0; i < 200; i++)); do
			[[ $(readlink "/proc/$pid/ns/net") != "$(readlink /proc/self/ns/net)" &&
				-d /proc/$pid/root/sys/class/net/lo ]] && break
			sleep 0.05
		done
		SYSFS[$ns]=/proc/$pid/root/sys/class/net
		SLEEPERS+=("$pid")
	fi
	SYSFS_PATH=${SYSFS[$ns]}
}
SLEEPERS=()

counter() { local v; read -r v <"$1" && printf '%s\n' "$v"; }

# window FILE: counts FILE (a statistics file) for SECS seconds; prints
# the rate per second.
window() {
	local f=$1 c0 c1 t0 t1
	c0=$(counter "$f") t0=$EPOCHREALTIME
	sleep "$SECS"
	c1=$(counter "$f") t1=$EPOCHREALTIME
	awk -v a="$c0" -v b="$c1" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.0f\n", (b - a) / (e - s) }'
}

# pktgen_cfg NS SIZE DST_MIN DST_MAX: pktgen in NS, on eth0, one UDP
# flow from 10.0.0.5 (to random destinations in the range, if one).
pktgen_cfg() {
	local ns=$1 size=$2 dmin=$3 dmax=$4 flags=''
	[[ $dmin == "$dmax" ]] || flags="echo 'flag IPDST_RND' >\$d"
	nsm "$ns" sh -c "
		t=/proc/net/pktgen/kpktgend_0 d=/proc/net/pktgen/eth0
		echo rem_device_all >\$t
		echo 'add_device eth0' >\$t
		echo 'count 0' >\$d
		echo 'clone_skb 0' >\$d
		echo 'pkt_size $size' >\$d
		echo 'delay 0' >\$d
		echo 'dst_mac $MAC2' >\$d
		echo 'dst_min $dmin' >\$d
		echo 'dst_max $dmax' >\$d
		echo 'src_min 10.0.0.5' >\$d
		echo 'src_max 10.0.0.5' >\$d
		echo 'udp_src_min 9' >\$d
		echo 'udp_src_max 9' >\$d
		echo 'udp_dst_min 9' >\$d
		echo 'udp_dst_max 9' >\$d
		$flags"
}

# encap X [FILE]: pktgen (configured) from X-vm1 for a while; prints pps
# counted at X-hv2's nic0 (or by the statistics file FILE).
encap() {
	local x=$1 f=${2:-${SYSFS[$1-hv2]}/nic0/statistics/rx_packets} pid r
	ip netns exec "$x-vm1" sh -c 'echo start >/proc/net/pktgen/pgctrl' >/dev/null 2>>"$LOG" &
	pid=$!
	sleep 0.5
	r=$(window "$f")
	ip netns exec "$x-vm1" sh -c 'echo stop >/proc/net/pktgen/pgctrl' 2>>"$LOG"
	wait "$pid"
	printf '%s\n' "$r"
}

# NVGRE frames from hv2 to hv1, VSID 5001, inner 10.0.0.7 -> 10.0.0.5 UDP,
# the inner Ethernet frame SIZE bytes; with "vm", only a VM's frame:
# vm1 to vm2, 10.0.0.5 -> 10.0.0.7 UDP, SIZE bytes.
nvgre_frame() {
	/usr/bin/python3 -S - "$1" "${2:-}" <<EOF
import struct, sys
size = int(sys.argv[1])
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
def ip(src, dst, proto, payload):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0x4000,
                    64, proto, 0, bytes(map(int, src.split("."))),
                    bytes(map(int, dst.split("."))))
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload
mac = lambda m: bytes.fromhex(m.replace(":", ""))
udp_len = size - 14 - 20
udp = struct.pack("!HHHH", 9, 9, udp_len, 0) + bytes(udp_len - 8)
if sys.argv[2] == "vm":
    print((mac("$MAC2") + mac("$MAC1") + b"\x08\x00" + ip("10.0.0.5", "10.0.0.7", 17, udp)).hex())
    sys.exit(0)
inner = mac("$MAC1") + mac("$MAC2") + b"\x08\x00" + ip("10.0.0.7", "10.0.0.5", 17, udp)
gre = struct.pack("!HHI", 0x2000, 0x6558, $KEY) + inner
outer = mac("$NIC1") + mac("$NIC2") + b"\x08\x00" + ip("$PA2", "$PA1", 47, gre)
print(outer.hex())
EOF
}

# rawgen_rate NS DEV HEX FILE: rawgen sends the frame HEX out of NS's DEV
# for a while; prints the pps counted by the statistics file FILE, and
# leaves in OUT/rawgen.out how many frames rawgen sent.
rawgen_rate() {
	local pid r
	ip netns exec "$1" taskset -c 0 "$DATA/rawgen" "$2" \
		"$(awk -v s="$SECS" 'BEGIN { print s + 1 }')" "$3" \
		>"$OUT/rawgen.out" 2>>"$LOG" &
	pid=$!
	sleep 0.5
	r=$(window "$4")
	wait "$pid"
	printf '%s\n' "$r"
}

# encap_raw X HEX [FILE]: rawgen from X-vm1's eth0 (scenario 1: its skbs
# are the VM's own, not shared with the generator as pktgen's are, which
# makes every datapath copy the frame's head); prints pps counted at
# X-hv2's nic0 (or by the statistics file FILE).
encap_raw() {
	rawgen_rate "$1-vm1" eth0 "$2" "${3:-${SYSFS[$1-hv2]}/nic0/statistics/rx_packets}"
}

# decap X HEX [FILE]: rawgen from X-hv2's nic0; prints pps counted at
# X-vm1's eth0 (or by the statistics file FILE).
decap() {
	local r sent
	r=$(rawgen_rate "$1-hv2" nic0 "$2" "${3:-${SYSFS[$1-vm1]}/eth0/statistics/rx_packets}")
	sent=$(cat "$OUT/rawgen.out" 2>/dev/null)
	raw "decap-sent-${SENT_TAG:-$1}" "${sent:-0}"
	printf '%s\n' "$r"
}

# timed NAME CMD...: runs CMD (output discarded); records wall, user and
# system time of CMD, and the system time of the whole machine (which
# includes kernel work deferred to workers) as NAME.{wall,user,sys,ksys}.
stat_sys() { awk '/^cpu / { print $4 + $7 + $8 }' /proc/stat; }
timed() {
	local name=$1 s0 s1 tf=$OUT/time.out rc=0
	shift
	printf '%s\n' "$*" >>"$CMDS"
	s0=$(stat_sys)
	{ TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>>"$LOG"; } 2>"$tf" || rc=$?
	s1=$(stat_sys)
	read -r w u s <"$tf"
	raw "$name.wall" "$w"
	raw "$name.user" "$u"
	raw "$name.sys" "$s"
	raw "$name.ksys" "$(awk -v a="$s0" -v b="$s1" -v hz="$(getconf CLK_TCK)" 'BEGIN { print (b - a) / hz }')"
	((rc == 0)) || say "bench: $name: $* failed (status $rc)"
	return "$rc"
}

# Kernel memory in use, bytes: slab, vmalloc and per-CPU.
kmem() {
	awk '/^(Slab|VmallocUsed|Percpu):/ { s += $2 } END { print s * 1024 }' /proc/meminfo
}
# The same, once it has stopped moving (tables resize in the background).
kmem_settled() {
	local a b i
	a=$(kmem)
	for ((i = 0; i < 20; i++)); do
		sleep 1
		b=$(kmem)
		awk -v a="$a" -v b="$b" 'BEGIN { d = a - b; exit !(d < 65536 && d > -65536) }' && break
		a=$b
	done
	printf '%s\n' "$b"
}

ping_ok() {
	ip netns exec "$1-vm1" ping -n -q -c 1 -W 2 10.0.0.7 >/dev/null 2>&1
}

# ---------------------------------------------------------------------------

# has N [SECONDS]: scenario N was asked for and, by a rough estimate of
# SECONDS, still fits in the time the guest has (VSW_TEST_TIMEOUT, less a
# margin for the rest); a scenario that does not fit is listed as skipped.
BUDGET=$((${VSW_TEST_TIMEOUT:-840} - 40))
declare -A SKIPPED=()
has() {
	[[ " $SCENARIOS " == *" $1 "* ]] || return 1
	[[ -z ${SKIPPED[$1]:-} ]] || return 1
	if (($# > 1)) && (($(elapsed) + $2 > BUDGET)); then
		SKIPPED[$1]=1
		say "bench: scenario $1 skipped: about $2 s needed, $((BUDGET - $(elapsed))) s left"
		printf '| %s | - | - | - | - | - | skipped: out of time |\n' "$1" >>"$ROWS"
		table
		return 1
	fi
}

say "bench: kernel $(uname -r), ${SECS}s x $REPS per measurement, scenarios $SCENARIOS"
modprobe -a pktgen ip_gre openvswitch psample vxlan 2>>"$LOG" || die "modprobe"
command -v ovs-dpctl >/dev/null || die "no ovs-dpctl (apt-get install openvswitch-switch)"

for x in "${VARIANTS[@]}"; do
	base "$x"
	"topo_$x"
done
for x in "${VARIANTS[@]}"; do
	ping_ok "$x" || say "bench: warning: ${VNAME[$x]}: vm1 cannot ping vm2"
	sink "$x-hv2" nic0 1
	sink "$x-vm1" eth0 1
	# The counters' namespaces, looked up once (encap and decap run in $(...)).
	sysfs_of "$x-hv1"
	sysfs_of "$x-hv2"
	sysfs_of "$x-vm1"
done
say "bench: topologies built ($(elapsed)s)"

# diag WHAT: counters after a scenario, into diag.txt (to find out where
# packets went): vsw's stats and drop reasons in v-hv1 always; with more
# than one word, also the devices of the peers' hv1 and OVS's flows.
diag() {
	{
		echo "=== after $1 ($(elapsed)s)"
		ip netns exec v-hv1 vswctl stats show sw0
		for x in "${VARIANTS[@]}"; do
			printf '%s-hv1: %s conntrack entries\n' "$x" "$(ip netns exec "$x-hv1" \
				cat /proc/sys/net/netfilter/nf_conntrack_count 2>&1)"
		done
		if [[ $1 == *" "* || $1 != scale* ]]; then
			ip -n v-hv1 -s link show
			ip -n b-hv1 -s link show
			ip -n o-hv1 -s link show
			ip netns exec o-hv1 ovs-dpctl dump-flows dp0
		fi
	} >>"$OUT/diag.txt" 2>&1
}

# kmed KEY: the median of KEY, pps, in kpps.
kmed() { awk -v a="$(med "$1")" 'BEGIN { if (a == "nan") print a; else print a / 1000 }'; }

# alone KEY HARNESS: the rate, in kpps, of KEY's datapath on its own: one
# over (KEY's time per packet less HARNESS's), from the medians.
alone() {
	awk -v a="$(med "$1")" -v h="$(med "$2")" 'BEGIN {
		if (a == "nan" || h == "nan" || a <= 0 || h <= a) print "nan"
		else print 1 / (1 / a - 1 / h) / 1000 }'
}

# harness X WHAT [ARGS]: in the counted mode, WHAT (encap or decap) with
# the frames dropped at X-hv1's tc ingress, on the device the datapath
# would take them from: the harness's own rate.
harness() {
	local x=$1 what=$2 dev=vm1
	shift 2
	[[ $what == encap* ]] || dev=nic0
	sink "$x-hv1" $dev 1
	SENT_TAG=h "$what" "$x" "$@" "${SYSFS[$x-hv1]}/$dev/statistics/rx_packets"
	sink "$x-hv1" $dev 0
}

# alone_rows N WHAT SIZE GOAL: the counted mode's rows for scenario N.
alone_rows() {
	local n=$1 what=$2 size=$3 goal=$4 how
	((COUNTED)) || return 0
	how='rawgen into vm1, dropped at its tc ingress'
	[[ $what == encap ]] || how='rawgen into nic0, dropped at its tc ingress'
	row "$n. $what, $size B frames, the harness alone ($how)" \
		"$(kmed "$what$size-h")" - - kpps -
	row "$n. $what, $size B frames, the datapath alone: 1 / (time per packet - the harness's)" \
		"$(alone "$what$size-v" "$what$size-h")" \
		"$(alone "$what$size-b" "$what$size-h")" \
		"$(alone "$what$size-o" "$what$size-h")" kpps "$goal"
}

# 1. Encapsulation
if has 1 $(((6 + 4 * COUNTED) * REPS * (SECS + 5))); then
	for size in 64 1514; do
		hex=$(nvgre_frame $size vm) || die "cannot build the VM's frame"
		printf 'VM frame, %s B: %s\n' "$size" "$hex" >>"$CMDS"
		for ((r = 0; r < REPS; r++)); do
			for x in "${VARIANTS[@]}"; do
				raw "encap$size-$x" "$(encap_raw "$x" "$hex")"
			done
			if ((COUNTED)); then
				raw "encap$size-h" "$(harness v encap_raw "$hex")"
				# vsw without the flow hash (FlowID 0): the peers set
				# no entropy in the key.
				nsm v-hv1 vswctl switch set sw0 flowid zero
				raw "encap$size-z" "$(encap_raw v "$hex")"
				nsm v-hv1 vswctl switch set sw0 flowid hash
			fi
		done
		goal=-
		[[ $size != 64 ]] || goal='>= 1.8x, >= 1.5x'
		row "1. encap, $size B frames" "$(kmed encap$size-v)" \
			"$(kmed encap$size-b)" "$(kmed encap$size-o)" kpps "$goal"
		alone_rows 1 encap $size "$goal"
		if ((COUNTED)); then
			row "1. encap, $size B frames, the datapath alone, vsw with FlowID 0 (no flow hash, as the peers)" \
				"$(alone "encap$size-z" "encap${size}-h")" \
				"$(alone "encap$size-b" "encap${size}-h")" \
				"$(alone "encap$size-o" "encap${size}-h")" kpps -
		fi
	done
	diag encap
	say "bench: scenario 1 done ($(elapsed)s)"
fi

# 2. Decapsulation
if has 2 $(((6 + 2 * COUNTED) * REPS * (SECS + 5))); then
	for size in 64 1514; do
		hex=$(nvgre_frame $size) || die "cannot build the NVGRE frame"
		printf 'NVGRE frame, inner %s B: %s\n' "$size" "$hex" >>"$CMDS"
		for ((r = 0; r < REPS; r++)); do
			for x in "${VARIANTS[@]}"; do
				raw "decap$size-$x" "$(decap "$x" "$hex")"
			done
			((!COUNTED)) || raw "decap$size-h" "$(harness v decap "$hex")"
		done
		goal=-
		[[ $size != 64 ]] || goal='>= 1.5x, >= 1.3x'
		row "2. decap, $size B frames" "$(kmed decap$size-v)" \
			"$(kmed decap$size-b)" "$(kmed decap$size-o)" kpps "$goal"
		alone_rows 2 decap $size "$goal"
	done
	diag decap
	say "bench: scenario 2 done ($(elapsed)s)"
fi

# 6. TCP between the VMs, through each datapath
if has 6 $((3 * REPS * (SECS + 10))); then
	for x in "${VARIANTS[@]}"; do
		sink "$x-hv2" nic0 0
		sink "$x-vm1" eth0 0
	done
	for ((r = 0; r < REPS; r++)); do
		for x in "${VARIANTS[@]}"; do
			ip netns exec "$x-vm2" iperf3 -s -1 -p 5201 >/dev/null 2>>"$LOG" &
			spid=$!
			for ((i = 0; i < 100; i++)); do
				ip netns exec "$x-vm2" ss -Hltn 'sport = :5201' 2>/dev/null | grep -q . && break
				sleep 0.1
			done
			mbps=$(ip netns exec "$x-vm1" iperf3 -c 10.0.0.7 -p 5201 -t "$SECS" -f k 2>>"$LOG" |
				awk '/receiver/ { for (i = 1; i < NF; i++) if ($(i + 1) == "Kbits/sec") v = $i / 1000 } END { print v + 0 }')
			wait "$spid" 2>/dev/null
			raw "tcp-$x" "$mbps"
		done
	done
	diag tcp
	printf '[X-vm2] iperf3 -s -1 -p 5201; [X-vm1] iperf3 -c 10.0.0.7 -p 5201 -t %s -f k\n' "$SECS" >>"$CMDS"
	row "6. TCP vm1 -> vm2 (iperf3, one stream)" "$(med tcp-v)" "$(med tcp-b)" \
		"$(med tcp-o)" Mbit/s -
	say "bench: scenario 6 done ($(elapsed)s)"
fi

# 3. and 5. Policy table scale and control plane, in vsw's switch of v-hv1
# (the one that carries the traffic). Records from DATA/policy-add.vsw:
# record i has CA 10.64.0.0 + i, vm2's MAC and PA. They are installed in
# three batches (1k, 99k, the rest), pps measured after each; then the
# whole table is dumped and deleted. Traffic: 64 B, to random
# destinations among the first min(N, 4096) records.
ca_of() { printf '10.%d.%d.%d\n' $((64 + ($1 >> 16))) $((($1 >> 8) & 255)) $(($1 & 255)); }
scale_run() {
	local tag=$1 n=$2 d r
	if ((n <= 1)); then
		pktgen_cfg v-vm1 64 10.0.0.7 10.0.0.7
	else
		d=$((n < 4096 ? n : 4096))
		pktgen_cfg v-vm1 64 10.64.0.1 "$(ca_of "$d")"
	fi
	for ((r = 0; r < REPS; r++)); do
		raw "scale-$tag" "$(encap v)"
	done
	diag "scale $tag"
}
# lines FILE FROM TO: lines FROM..TO of FILE, into batch.tmp.
lines() { sed -n "$2,$3p;$3q" "$1" >"$OUT/batch.tmp"; }
usrec() { awk -v t="$(med "$1")" -v n="$2" 'BEGIN { if (t == "nan") print t; else print t * 1e6 / n }'; }
nrec=$(wc -l <"$DATA/policy-add.vsw")
cost35=$((nrec / 12500 + 4 * REPS * (SECS + 2)))
if has 3 "$cost35" || has 5 "$cost35"; then
	sink v-hv2 nic0 1
	has 3 && scale_run 1 1
	m0=$(kmem_settled)
	prev=0
	for n in 1000 100000 "$nrec"; do
		((n > prev && n <= nrec)) || continue
		lines "$DATA/policy-add.vsw" $((prev + 1)) "$n"
		timed "cp-install-$prev-$n" ip netns exec v-hv1 vswctl -b "$OUT/batch.tmp" ||
			die "installing records $((prev + 1))-$n failed"
		for k in wall sys ksys; do
			raw "cp-install.$k" "$(awk -F'\t' -v k="cp-install-$prev-$n.$k" '$1 == k { print $2 }' "$RAW")"
		done
		prev=$n
		has 3 && scale_run "$n" "$n"
	done
	# The three batches' times add up to the time for all records.
	for k in wall sys ksys; do
		raw "cp-install-all.$k" "$(awk -F'\t' -v k="cp-install.$k" '$1 == k { s += $2 } END { print s }' "$RAW")"
	done
	m1=$(kmem_settled)
	raw mem-per-record-vsw "$(awk -v a="$m0" -v b="$m1" -v n="$nrec" 'BEGIN { printf "%.1f", (b - a) / n }')"
	timed cp-dump-all ip netns exec v-hv1 vswctl -j policy show sw0
	timed cp-delete-all ip netns exec v-hv1 vswctl -b "$DATA/policy-del.vsw"
	has 3 && scale_run 1b 1
	say "bench: scenarios 3/5 (vsw) done ($(elapsed)s)"
fi
if has 3; then
	base=$(awk -F'\t' '$1 == "scale-1" || $1 == "scale-1b" { print $2 }' "$RAW" | median)
	raw scale-base "$base"
	row "3. policy scale, 1 record (baseline), 64 B to 1 destination" \
		"$(awk -v a="$base" 'BEGIN { print a / 1000 }')" - - kpps -
	for n in 1000 100000 "$nrec"; do
		d=$((n < 4096 ? n : 4096))
		row "3. policy scale, $n records, 64 B to $d destinations" \
			"$(kmed "scale-$n")" - - kpps \
			"$(ratio "$(med "scale-$n")" "$base") of 1 record; >= 0.90x"
	done
fi
if has 5; then
	# The nearest peer: bridge fdb entries on a VXLAN device.
	nfdb=$(wc -l <"$DATA/fdb-add.txt")
	must ip netns add cp
	must ip -n cp link add vx0 type vxlan id $VSID dstport 4789 local $PA1 nolearning
	must ip -n cp link set vx0 up
	m0=$(kmem_settled)
	timed fdb-install-all bridge -n cp -force -batch "$DATA/fdb-add.txt" ||
		say "bench: bridge fdb batch failed"
	m1=$(kmem_settled)
	raw mem-per-record-fdb "$(awk -v a="$m0" -v b="$m1" -v n="$nfdb" 'BEGIN { printf "%.1f", (b - a) / n }')"
	timed fdb-dump-all bridge -n cp fdb show dev vx0
	timed fdb-delete-all bridge -n cp -force -batch "$DATA/fdb-del.txt"
	must ip netns del cp

	for op in install dump delete; do
		row "5. $op: wall time per record (vsw $nrec, fdb $nfdb records)" \
			"$(usrec "cp-$op-all.wall" "$nrec")" "$(usrec "fdb-$op-all.wall" "$nfdb")" - \
			us "vsw vs bridge fdb on VXLAN"
		row "5. $op: kernel time per record (whole machine)" \
			"$(usrec "cp-$op-all.ksys" "$nrec")" "$(usrec "fdb-$op-all.ksys" "$nfdb")" - us -
	done
	for op in install dump delete; do
		goal=-
		[[ $op != install ]] || goal='< 2 s kernel (hardware)'
		[[ $op != dump ]] || goal='< 1 s (hardware)'
		row "5. $op $nrec records: wall; kernel: vswctl $(fmt "$(med "cp-$op-all.sys")") s, machine $(fmt "$(med "cp-$op-all.ksys")") s" \
			"$(med "cp-$op-all.wall")" - - s "$goal"
	done
	row "5. kernel memory per record (slab + vmalloc + percpu)" \
		"$(med mem-per-record-vsw)" "$(med mem-per-record-fdb)" - bytes "<= 128 B"
	say "bench: scenario 5 done ($(elapsed)s)"
fi

# 4. Sampling cost: 64 B encapsulation with vm1's port sampled, and
# vsw-sflowd reading the samples (sending sFlow to 127.0.0.1).
if has 4 $((4 * REPS * (SECS + 5) + 20)); then
	sink v-hv2 nic0 1
	pktgen_cfg v-vm1 64 10.0.0.7 10.0.0.7
	ip netns exec v-hv1 vsw-sflowd -c 127.0.0.1 -p 20 2>>"$LOG" &
	SFLOWD=$!
	printf '[v-hv1] vsw-sflowd -c 127.0.0.1 -p 20 &\n' >>"$CMDS"
	for ((r = 0; r < REPS; r++)); do
		for rate in 0 10000 1000 100; do
			nsm v-hv1 vswctl sample set sw0 dev vm1 rate $rate
			raw "sample-$rate" "$(encap v)"
		done
	done
	diag sampling
	nsm v-hv1 vswctl sample set sw0 dev vm1 rate 0
	samples=$(ip netns exec v-hv1 vswctl sample show sw0 2>>"$LOG" | tr '\n' ' ')
	kill "$SFLOWD" 2>/dev/null
	wait "$SFLOWD" 2>/dev/null
	off=$(med sample-0)
	for rate in 10000 1000 100; do
		goal=-
		[[ $rate != 1000 ]] || goal='cost < 1% (>= 0.99x)'
		row "4. sampling 1:$rate, 64 B encap, vsw-sflowd reading" \
			"$(kmed "sample-$rate")" - - kpps \
			"$(ratio "$(med "sample-$rate")" "$off") of off; $goal"
	done
	row "4. sampling off, 64 B encap" "$(kmed sample-0)" - - kpps -
	say "bench: scenario 4 done ($(elapsed)s); $samples"
fi

# p. Profiles (not timed: perf's sampling slows everything down). Where
# the time goes for each variant, in the kernel's own symbols. The traffic
# runs before perf starts (its setup takes seconds under emulation) and
# until it is done.
perf_window() {
	{
		perf record -q -a -g -F 499 -o "$OUT/perf-$1.data" -- \
			sleep "$SECS" >/dev/null
		perf report -q -i "$OUT/perf-$1.data" --stdio --no-children \
			--sort sym -g none --percent-limit 0.7 >"$OUT/perf-$1.txt"
		# Who zeroes memory (Debian's kernel zeroes every allocation).
		perf report -q -i "$OUT/perf-$1.data" --stdio --no-children \
			--symbols memset_erms,clear_page_erms -g callee,0.5,2 \
			>"$OUT/perf-$1-zero.txt"
	} 2>>"$LOG"
	rm -f "$OUT/perf-$1.data"
}
if [[ " $SCENARIOS " == *" p "* ]] && command -v perf >/dev/null; then
	hex=$(nvgre_frame 64) || die "cannot build the NVGRE frame"
	vmhex=$(nvgre_frame 64 vm) || die "cannot build the VM's frame"
	for x in "${VARIANTS[@]}"; do
		sink "$x-hv2" nic0 1
		sink "$x-vm1" eth0 1
		ip netns exec "$x-vm1" taskset -c 0 "$DATA/rawgen" eth0 3600 "$vmhex" \
			>/dev/null 2>>"$LOG" &
		pid=$!
		sleep 0.5
		perf_window "encap64-$x"
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		ip netns exec "$x-hv2" taskset -c 0 "$DATA/rawgen" nic0 3600 "$hex" \
			>/dev/null 2>>"$LOG" &
		pid=$!
		sleep 0.5
		perf_window "decap64-$x"
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	say "bench: profiles in $OUT/perf-*.txt ($(elapsed)s)"
fi

# ---------------------------------------------------------------------------

for p in "${SLEEPERS[@]}"; do
	kill "$p" 2>/dev/null
done
wait 2>/dev/null
for x in "${VARIANTS[@]}"; do
	for n in vm1 hv1 hv2 vm2; do
		ip netns del "$x-$n" 2>>"$LOG"
	done
done

table complete
say ""
cat "$OUT/table.md"
say "bench: done ($(elapsed)s)"
