#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vsw-sflowd as users and collectors see it, without vsw.ko: its command
# line (exit statuses and one-line errors), a clean exit on SIGTERM and
# SIGINT, and tshark, the reference decoder, reading what it sends:
#  - the datagrams of the running daemon (host counters: without vsw.ko
#    that is all it has), caught by a UDP receiver and written to a pcap;
#  - datagrams of every kind from sflow_pcap (flow samples of local
#    delivery, NVGRE out and in, drops; interface and host counters).
# Every datagram must decode as sFlow v5 with no malformed mark or expert
# error, and the fields tshark finds must be the ones sent. Output is TAP.
#
# Usage: test_sflowd.sh [VSW-SFLOWD [SFLOW_PCAP]]

top=$(cd "$(dirname "$0")/../.." && pwd)
sflowd=${1:-$top/userland/vsw-sflowd}
gen=${2:-$top/tests/userland/sflow_pcap}
man=$top/Documentation/man/vsw-sflowd.8
python=/usr/bin/python3
tmp=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$tmp"' EXIT

# shellcheck source=tests/userland/tap-lib.sh
. "$(dirname "$0")/tap-lib.sh"

run() {
	timeout 10 "$sflowd" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

expect() {	# expect NAME RC STDERR
	local lines
	lines=$(wc -l <"$tmp/err")
	if [[ $rc != "$2" || $err != "$3" ]]; then
		not_ok "$1" "status $rc, want $2" "stderr: $err" "want:   $3"
	elif [[ -n $3 && $lines != 1 ]]; then
		not_ok "$1" "stderr has $lines lines"
	else
		ok "$1"
	fi
}

# --- the command line --------------------------------------------------
run -h
[[ $rc == 0 && $out == "Usage: vsw-sflowd "* && -z $err ]]
check "-h prints usage" $? "status $rc" "stdout: $out"
run -V
[[ $rc == 0 && $out =~ ^vsw-sflowd\ [^\ ]+\ \(sFlow\ version\ 5\)$ ]]
check "-V" $? "status $rc" "stdout: $out"
run -c 192.0.2.1:99999
expect "bad collector port" 2 \
	'vsw-sflowd: invalid collector "192.0.2.1:99999": bad port "99999" (1-65535)'
run -c 'no such host'
expect "bad collector name" 2 \
	'vsw-sflowd: invalid collector "no such host": not an IPv4 address or host name'
run -c 10.0.0
expect "short address" 2 'vsw-sflowd: invalid collector "10.0.0": not an IPv4 address'
run -c '[::1]:6343'
expect "IPv6 collector" 2 \
	'vsw-sflowd: invalid collector "[::1]:6343": IPv6 collectors are not supported'
run -a 300.1.1.1
expect "bad agent address" 2 \
	'vsw-sflowd: invalid agent address "300.1.1.1": not a unicast IPv4 address'
run -g one
expect "bad group" 2 'vsw-sflowd: invalid group "one": not a number'
run -p 0
expect "bad poll" 2 \
	'vsw-sflowd: invalid polling interval "0": out of range (1-3600 seconds)'
run -l 127.0.0.1
expect "bad listen address" 2 \
	'vsw-sflowd: invalid listen address "127.0.0.1": ADDR:PORT expected (ADDR an IPv4 address)'
run -q
expect "unknown option" 2 'vsw-sflowd: unknown option "-q"'
run extra
expect "extra argument" 2 'vsw-sflowd: unexpected argument "extra"'

# The configuration file (-f): a bad line is named by its number, in one
# line, and nothing starts (no "agent ..." line, exit 2 at once).
printf '# sflowd.conf\ncollector 192.0.2.1\n\npolling 0\n' >"$tmp/bad.conf"
run -f "$tmp/bad.conf"
expect "config file: bad value, with its line" 2 \
	"vsw-sflowd: $tmp/bad.conf:4: invalid polling interval \"0\": out of range (1-3600 seconds)"
printf 'collector 192.0.2.1\ncolector 192.0.2.2\n' >"$tmp/bad.conf"
run -f "$tmp/bad.conf"
expect "config file: unknown keyword" 2 \
	"vsw-sflowd: $tmp/bad.conf:2: unknown keyword \"colector\" (collector, agent, group, polling, listen)"
run -f "$tmp/none.conf"
expect "config file: missing" 2 \
	"vsw-sflowd: cannot read $tmp/none.conf: No such file or directory"

# --- a running daemon, caught by a collector --------------------------------
# A UDP receiver on 127.0.0.1 that writes what it gets to a pcap file
# (Ethernet/IPv4/UDP around each datagram) with the arrival times.
cat >"$tmp/collector.py" <<'PY'
import socket, struct, sys, time
port_file, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
f = open(out, "wb", buffering=0)
f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
open(port_file + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(port_file + ".tmp", port_file)
def csum(b):
    t = sum(struct.unpack("!10H", b))
    while t >> 16:
        t = (t & 0xffff) + (t >> 16)
    return ~t & 0xffff
n = 0
while True:
    d, peer = s.recvfrom(65535)
    udp = struct.pack("!HHHH", peer[1], 6343, 8 + len(d), 0) + d
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), n & 0xffff,
                     0, 64, 17, 0, socket.inet_aton(peer[0]),
                     socket.inet_aton("127.0.0.1"))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    pkt = b"\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00" + ip + udp
    t = time.time()
    f.write(struct.pack("<IIII", int(t), int(t % 1 * 1e6), len(pkt),
                        len(pkt)) + pkt)
    n += 1
PY

have_tshark=1
command -v tshark >/dev/null || have_tshark=0

"$python" "$tmp/collector.py" "$tmp/port" "$tmp/daemon.pcap" &
pids+=($!)
if ! wait_for 20 test -s "$tmp/port"; then
	not_ok "collector starts"
else
	port=$(cat "$tmp/port")
	# Configured by a file (its agent address shows in the datagrams),
	# and under systemd's readiness protocol: READY=1 on NOTIFY_SOCKET
	# once started, STOPPING=1 on the way out.
	printf 'collector 127.0.0.1:%s\npolling 1  # seconds\nagent 192.0.2.7\n' \
		"$port" >"$tmp/sflowd.conf"
	"$python" -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
open(sys.argv[2] + ".ready", "w").close()
while True:
    with open(sys.argv[2], "a") as f:
        f.write(s.recv(4096).decode() + "\n")
' "$tmp/notify.sock" "$tmp/notify" &
	pids+=($!)
	wait_for 20 test -e "$tmp/notify.ready"
	NOTIFY_SOCKET=$tmp/notify.sock "$sflowd" -f "$tmp/sflowd.conf" 2>"$tmp/d.err" &
	dpid=$!
	# (built without libsystemd it has nothing to say: userland/Makefile)
	notify=1
	ldd "$sflowd" | grep -q 'libsystemd\.so' || notify=0
	if ((notify)); then
		wait_for 20 grep -qx READY=1 "$tmp/notify"
		check "sd_notify: READY=1 once started" $? \
			"notify: $(cat "$tmp/notify" 2>/dev/null)" "$(cat "$tmp/d.err")"
	else
		skip "sd_notify: READY=1 once started" "built without libsystemd"
	fi
	count() { [[ $(stat -c %s "$tmp/daemon.pcap") -gt $((24 + 3 * 450)) ]]; }
	wait_for 20 count
	check "daemon sends counter datagrams every second" $? \
		"pcap: $(stat -c %s "$tmp/daemon.pcap") bytes" "$(cat "$tmp/d.err")"
	kill -TERM "$dpid"
	wait "$dpid"
	rc=$?
	[[ $rc == 0 && $(tail -n 1 "$tmp/d.err") == "vsw-sflowd: signal 15: exiting" ]]
	check "SIGTERM: exit 0" $? "status $rc" "$(cat "$tmp/d.err")"
	if ((notify)); then
		wait_for 10 grep -qx STOPPING=1 "$tmp/notify"
		check "sd_notify: STOPPING=1 on SIGTERM" $? "notify: $(cat "$tmp/notify")"
	else
		skip "sd_notify: STOPPING=1 on SIGTERM" "built without libsystemd"
	fi

	# (to a port nobody listens on: the pcap holds the first daemon's)
	"$sflowd" -c 127.0.0.1:9 -p 1 2>"$tmp/i.err" &
	ipid=$!
	wait_for 10 grep -q "counters every" "$tmp/i.err"
	kill -INT "$ipid"
	wait "$ipid"
	rc=$?
	[[ $rc == 0 && $(tail -n 1 "$tmp/i.err") == "vsw-sflowd: signal 2: exiting" ]]
	check "SIGINT: exit 0" $? "status $rc" "$(cat "$tmp/i.err")"
	grep -q "vsw generic netlink family not found" "$tmp/d.err" ||
		[[ -d /sys/module/vsw ]]
	check "says that vsw.ko is missing, and carries on" $? "$(cat "$tmp/d.err")"
fi

# tshark_clean FILE: no malformed mark, no expert error in any packet
tshark_clean() {
	local bad
	bad=$(tshark -r "$1" -n -T fields -e frame.number -e _ws.malformed \
		-e _ws.expert.severity 2>&1 | awk -F'\t' '$2 != "" || $3 ~ /8388608|error/ {print}')
	[[ -z $bad ]] || { echo "$bad"; return 1; }
	! tshark -r "$1" -n -q -z expert 2>/dev/null | grep -qiE '^(Errors|Warnings)|Malformed'
}

fields() {	# fields FILE FIELD...: one line per value, all occurrences
	local f=$1 a=()
	shift
	for x in "$@"; do a+=(-e "$x"); done
	tshark -r "$f" -n -T fields -E occurrence=a -E aggregator=, \
		-E separator=, "${a[@]}" 2>/dev/null | tr ',' '\n' | sed '/^$/d'
}

if ((!have_tshark)); then
	skip "tshark: daemon datagrams" "no tshark"
	skip "tshark: every kind of datagram" "no tshark"
elif [[ -s $tmp/daemon.pcap ]]; then
	why=$(tshark_clean "$tmp/daemon.pcap")
	check "tshark: the daemon's datagrams decode without errors" $? "$why"
	seqs=$(fields "$tmp/daemon.pcap" sflow_245.sequence_number | paste -sd ' ')
	vers=$(fields "$tmp/daemon.pcap" sflow_245.version | sort -u | paste -sd ' ')
	agent=$(fields "$tmp/daemon.pcap" sflow_245.agent | sort -u | paste -sd ' ')
	ndg=$(echo "$seqs" | wc -w)
	want=$(seq 1 "$ndg" | paste -sd ' ')
	[[ $vers == 5 && $agent == 192.0.2.7 && $seqs == "$want"* && $ndg -ge 3 ]]
	check "tshark: version 5, agent -a, datagram sequence 1, 2, 3..." $? \
		"versions '$vers' agents '$agent' sequence '$seqs'"
	# Host counters: 5 samples of data source 2:1 per poll, numbered on.
	hs=$(fields "$tmp/daemon.pcap" sflow.counters_sample.sequence_number | paste -sd ' ')
	[[ $hs == "1 2 3 4 5 6 7 8 9 10"* ]]
	check "tshark: host counter samples numbered without gaps" $? "seen: $hs"
fi

if ((have_tshark)); then
	summary=$("$gen" "$tmp/gen.pcap")
	check "sflow_pcap writes datagrams" $? "$summary"
	why=$(tshark_clean "$tmp/gen.pcap")
	check "tshark: every kind of datagram decodes without errors" $? "$why"
	nflow=$(fields "$tmp/gen.pcap" sflow.flow_sample.sequence_number | wc -l)
	ncnt=$(fields "$tmp/gen.pcap" sflow.counters_sample.sequence_number | wc -l)
	[[ $summary == "datagrams "*" flow $nflow counters $ncnt" && $nflow == 40 ]]
	check "tshark: finds every sample ($summary)" $? \
		"tshark: $nflow flow samples, $ncnt counter samples"
	sizes=$(tshark -r "$tmp/gen.pcap" -n -T fields -e udp.length 2>/dev/null |
		awk '$1 - 8 > 1400' | wc -l)
	check "datagrams are at most 1400 bytes" "$sizes"
	pools=$(fields "$tmp/gen.pcap" sflow.flow_sample.sample_pool | sort -un | paste -sd ' ')
	[[ $pools == "800 1200" ]]
	check "tshark: sample pools are the kernel's" $? "pools: $pools"
	srcs=$(fields "$tmp/gen.pcap" ip.src | sort -u | paste -sd ' ')
	macs=$(fields "$tmp/gen.pcap" eth.src | sort -u | paste -sd ' ')
	ports=$(fields "$tmp/gen.pcap" udp.dstport | sort -un | paste -sd ' ')
	[[ $srcs == *10.0.0.5* && $macs == *02:00:50:01:00:05* && $ports == *5000* ]]
	check "tshark: the sampled headers decode as the frames sampled" $? \
		"ip.src $srcs" "eth.src $macs" "udp.dstport $ports"
	drops=$(fields "$tmp/gen.pcap" sflow.flow_sample.output_interface.format |
		sort | uniq -c | awk '{print $2 ":" $1}' | paste -sd ' ')
	[[ $drops == "0:24 1:16" ]]
	check "tshark: drops have output format 1 (discarded)" $? "formats: $drops"
	ifin=$(fields "$tmp/gen.pcap" sflow_245.ifinoct | paste -sd ' ')
	[[ $ifin == "123456 123457 123458" ]]
	check "tshark: interface counters" $? "ifInOctets: $ifin"
fi

# --- the man page -------------------------------------------------------
if command -v groff >/dev/null; then
	warnings=$(groff -man -Tutf8 -ww -z "$man" 2>&1)
	check "man page: groff -ww is silent" "${warnings:+1}${warnings:-0}" "$warnings"
	text=$(groff -man -Tascii -P-cbou "$man" 2>/dev/null)
	missing=
	for opt in -c -a -g -p -v -h -V; do
		[[ $text == *"$opt"* ]] || missing+=" $opt"
	done
	check "man page: documents every option" "${missing:+1}${missing:-0}" "missing:$missing"
else
	skip "man page: groff -ww is silent" "no groff"
	skip "man page: documents every option" "no groff"
fi

done_testing
