#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 93-nvgre-fair: one tenant's misses do not starve another's. red1 sends
# datagrams to addresses of 10.9.0.0/16 that have no record (a miss each,
# for an address of its own) until it has caused 10 times the per-port
# miss event limit (1000 a second) in misses, and goes on; blue1 then
# sends one datagram to blue2, whose record hv1 does not have. blue1's
# miss event still comes (the limit is per port), its frame is held (red1
# holds at most its share, a quarter of hold-max), and when the test,
# acting as the controller, adds the record on the event, the datagram is
# delivered. Before the limits were per port, red1's frames filled the
# queue and blue1's was dropped as hold_full.
#
#	blue1 10.0.0.5 --+ hv1 ======== wire ======== hv2 +-- blue2 10.0.0.7
#	red1  10.0.0.5 --+ (no record for 10.0.0.7)

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_seed -v "blue1 blue2 red1"
# blue1 must not need ARP for blue2 once the record is gone.
nsx blue1 ip neigh replace 10.0.0.7 lladdr 02:00:50:01:00:07 dev eth0 nud permanent
udp_sink blue2 9000 "$TMPDIR/sink"
monitor_start hv1 "$TMPDIR/events"

record_del() { vswctl_in hv1 policy del sw0 vsid 5001 ca 10.0.0.7; }
record_add() { vswctl_in hv1 policy add sw0 vsid 5001 ca 10.0.0.7 mac 02:00:50:01:00:07 pa 192.168.4.22; }
got() { grep -c " $1\$" "$TMPDIR/sink" || true; }
got_ge() { (($(got "$1") >= $2)); }

say "# fairness: red1 scanning addresses nobody has does not starve blue1"
# red1 sends to 10.9.0.0/16 through a next hop with no record: each
# datagram a miss for an address of its own, never pending already.
nsx red1 ip neigh replace 10.0.0.99 lladdr 02:00:60:01:00:99 dev eth0 nud permanent
nsx red1 ip route add 10.9.0.0/16 via 10.0.0.99 dev eth0 onlink
cat >"$TMPDIR/scan.py" <<'PY'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
while True:
    for i in range(65536):
        try:
            s.sendto(b"scan", ("10.9.%d.%d" % (i >> 8, i & 255), 9000))
        except OSError:
            pass
PY
# Held long enough for the test to add the record, however slow it is.
vswctl_in hv1 switch set sw0 hold-timeout 60000
record_del
red_misses() { vsw_counter hv1 red1 hold_full; }
# 10 times the per-port event limit (a second's worth), past red1's
# share of the queue (16) and past the events of a burst (1000).
scan_far() { (($(red_misses) >= 10 * 1000)); }
nsx_bg red1 "$PYTHON" -S "$TMPDIR/scan.py"
scan_pid=$BG_PID
start=$EPOCHREALTIME m0=$(red_misses)
wait_until 150 scan_far
m1=$(red_misses)
say "red1 misses: $((m1 - m0)) in $(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $start }") s"
# The listener here is slower than red1's events (the guest is slow, and
# the scan takes its CPU): red1 pauses while blue1 sends and until
# blue1's event has been read, so that it is not lost in the monitor's
# full socket buffer (vswctl's problem, not the switch's); a marker event
# after red1's says the monitor has caught up. The queue keeps red1's
# frames all along, and red1 causes a thousand misses more before the
# record is added.
kill -STOP "$scan_pid"
m1=$(red_misses)
scan_far_again() { (($(red_misses) >= m1 + 1000)); }
nsx hv1 ip link add vswmark0 type veth peer name vswmark1
vswctl_in hv1 port add sw0 dev vswmark0 vsid 4096 mac 02:00:00:00:00:02
vswctl_in hv1 port del sw0 dev vswmark0
monitor_wait "$TMPDIR/events" 120 'e["event"] == "port_del" and e["switch"] == "sw0"'
b0=$(vsw_counter hv1 blue1 rx_packets)
udp_send blue1 10.0.0.7 9000 fair1
# Through the switch (held or not, its event sent or not) before red1 goes on.
blue_in() { (($(vsw_counter hv1 blue1 rx_packets) > b0)); }
wait_until 120 blue_in
monitor_wait "$TMPDIR/events" 120 \
	'e["event"] == "miss" and e["vsid"] == 5001 and e["ca"] == "10.0.0.7" and e["port"] == "blue1"'
kill -CONT "$scan_pid"
wait_until 150 scan_far_again
record_add
wait_until 120 got_ge fair1 1
kill "$scan_pid"
wait "$scan_pid" 2>/dev/null || true
# red1 kept to its share.
assert_json 'j[0]["held"] == 16' vswctl_in hv1 -j switch show sw0

