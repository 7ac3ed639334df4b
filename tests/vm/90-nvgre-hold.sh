#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 90-nvgre-hold: misses that lose no packet. hv1 has no record for blue2
# (10.0.0.7): blue1's datagrams to it are held while the miss event goes
# to "vswctl monitor", and sent, in order, when "policy add" brings the
# record within hold-timeout; dropped and counted (hold_timeout) when it
# does not come in time; and the queue bound holds under a flood (the
# first frames kept up to the port's share, a quarter of hold-max, every
# other one counted as hold_full; one miss event for them all, as the
# CA is pending). A port detached, and a switch deleted, with frames held
# lose them cleanly. (Fairness between ports: 93-nvgre-fair.)
#
#	blue1 10.0.0.5 --+ hv1 ======== wire ======== hv2 +-- blue2 10.0.0.7
#	                   (no record for 10.0.0.7)

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_seed -v "blue1 blue2"
vm_ping blue1 10.0.0.7 1
# blue1 must not need ARP for blue2 once the record is gone.
nsx blue1 ip neigh replace 10.0.0.7 lladdr 02:00:50:01:00:07 dev eth0 nud permanent
udp_sink blue2 9000 "$TMPDIR/sink"
monitor_start hv1 "$TMPDIR/events"

record_del() { vswctl_in hv1 policy del sw0 vsid 5001 ca 10.0.0.7; }
record_add() { vswctl_in hv1 policy add sw0 vsid 5001 ca 10.0.0.7 mac 02:00:50:01:00:07 pa 192.168.4.22; }
held() { json_get 'j[0]["held"]' vswctl_in hv1 -j switch show sw0; }
held_is() { [[ $(held) == "$1" ]]; }
got() { grep -c " $1\$" "$TMPDIR/sink" || true; }
got_ge() { (($(got "$1") >= $2)); }
misses=0
wait_miss() {
	misses=$((misses + $1))
	monitor_wait "$TMPDIR/events" 60 \
		'e["event"] == "miss" and e["vsid"] == 5001 and e["ca"] == "10.0.0.7" and e["port"] == "blue1"' \
		"$misses"
}

assert_json 'j[0]["hold_max"] == 64 and j[0]["hold_timeout"] == 1000 and j[0]["held"] == 0' \
	vswctl_in hv1 -j switch show sw0

say "# held, then sent when the record comes"
vswctl_in hv1 switch set sw0 hold-timeout 60000
record_del
stats_snap hv1 "$TMPDIR/hv1.0"
udp_send blue1 10.0.0.7 9000 held1 held2
# One event: the second datagram's CA is pending already.
wait_miss 1
wait_until 60 held_is 2
assert_eq "$(got 'held[12]')" 0 "datagrams through before the record"
record_add
wait_until 60 got_ge 'held[12]' 2
assert_eq "$(grep -o 'held[12]' "$TMPDIR/sink" | tr '\n' ' ')" "held1 held2 " "order"
assert_eq "$(held)" 0 "frames held after the record"
# Nothing dropped on the way: every drop counter is still.
assert_stats hv1 "$TMPDIR/hv1.0" switch.rx_packets=2 blue1.rx_packets=2 \
	switch.encap_packets=2 blue1.encap_packets=2

say "# held, and dropped after hold-timeout"
vswctl_in hv1 switch set sw0 hold-timeout 300
record_del
stats_snap hv1 "$TMPDIR/hv1.1"
udp_send blue1 10.0.0.7 9000 late1
wait_miss 1
# The timeout has no event of its own: poll the queue, bounded.
wait_until 60 held_is 0
assert_stats hv1 "$TMPDIR/hv1.1" switch.hold_timeout=1 blue1.hold_timeout=1 \
	switch.encap_packets=0
record_add
udp_send blue1 10.0.0.7 9000 after1
wait_until 60 got_ge after1 1
assert_eq "$(got late1)" 0 "a frame dropped by timeout must never arrive"

say "# the bound, under a flood: the port's share kept, the rest hold_full"
# hold-max 16: a port holds 4.
vswctl_in hv1 switch set sw0 hold-max 16 hold-timeout 60000
record_del
stats_snap hv1 "$TMPDIR/hv1.2"
texts=()
for ((i = 1; i <= 50; i++)); do
	texts+=("flood$i")
done
udp_send blue1 10.0.0.7 9000 "${texts[@]}"
wait_miss 1
assert_stats hv1 "$TMPDIR/hv1.2" switch.hold_full=46 blue1.hold_full=46 \
	switch.encap_packets=0
assert_eq "$(held)" 4 "frames held at the port's share"
# One event for the 50 misses: the first; the CA was pending for the rest.
assert_eq "$(monitor_count "$TMPDIR/events" 'e["event"] == "miss"')" "$misses" "miss events"
record_add
wait_until 60 got_ge 'flood[0-9]*' 4
assert_eq "$(grep -o 'flood[0-9]*' "$TMPDIR/sink" | tr '\n' ' ')" \
	"flood1 flood2 flood3 flood4 " "the frames sent"
assert_stats hv1 "$TMPDIR/hv1.2" switch.hold_full=46 blue1.hold_full=46 \
	switch.encap_packets=4

say "# hold-max 0: a miss is dropped at once"
vswctl_in hv1 switch set sw0 hold-max 0
record_del
stats_snap hv1 "$TMPDIR/hv1.3"
udp_send blue1 10.0.0.7 9000 off1
wait_miss 1
assert_stats hv1 "$TMPDIR/hv1.3" switch.policy_miss=1 blue1.policy_miss=1
assert_eq "$(held)" 0 "frames held with hold-max 0"
vswctl_in hv1 switch set sw0 hold-max 64

say "# a port detached with frames held: they go with it"
stats_snap hv1 "$TMPDIR/hv1.4"
udp_send blue1 10.0.0.7 9000 gone1 gone2
wait_miss 1
wait_until 60 held_is 2
vswctl_in hv1 port del sw0 dev blue1
assert_eq "$(held)" 0 "frames held after the port went"
# The port is gone: its frames are counted on the switch only.
assert_stats hv1 "$TMPDIR/hv1.4" switch.hold_timeout=2
topo_port blue1
record_add
udp_send blue1 10.0.0.7 9000 back1
wait_until 60 got_ge back1 1
assert_eq "$(got 'gone[12]')" 0 "frames of a detached port must never arrive"

say "# a switch deleted with frames held"
record_del
udp_send blue1 10.0.0.7 9000 last1
wait_miss 1
assert_eq "$(held)" 1 "frames held"
vswctl_in hv1 switch del sw0
assert_fail vswctl_in hv1 switch show sw0
