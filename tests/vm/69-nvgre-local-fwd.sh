#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 69-nvgre-local-fwd: frames between two VMs of one host go through
# vsw_port_xmit() as the bridge forwards them (br_forward.c).
#
# - The receive timestamp goes: with rx timestamps on (a SO_TIMESTAMP
#   socket anywhere on the host turns them on for every frame), a frame
#   from blue1 carries a wall-clock time, which the fq qdisc of blue3's
#   port takes for a departure time beyond its horizon and drops. Every
#   datagram must reach blue3, blue3's tx_packets must count exactly
#   those, and fq must have dropped nothing.
# - A frame longer than the destination device takes (blue3 and its port
#   at MTU 1000, blue1 at 1500) is dropped and counted as too_big on blue3's port,
#   not counted sent while veth drops it.
#
#	blue1 10.0.0.5 --+ hv1 [vsw] +-- blue3 10.0.0.6 (port: fq)
#	                 rx timestamps on (SO_TIMESTAMP socket in hv1)

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

N=20
topo_vm_define blue3 hv1 "$VSID_BLUE" 10.0.0.6 02:00:50:01:00:06
topo_seed -v "blue1 blue3"
topo_policy hv1 blue3
vm_ping blue1 10.0.0.6 1

nsx hv1 tc qdisc replace dev blue3 root fq
# Rx timestamps on, for as long as this socket lives.
nsx_bg hv1 "$PYTHON" -S -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 29, 1)  # SO_TIMESTAMP
open(sys.argv[1], "w").close()
time.sleep(3600)
' "$TMPDIR/stamp.ready"
wait_until 30 test -e "$TMPDIR/stamp.ready"
# The key is switched on by a work item: a round trip through vsw
# (which fq would drop already, but ping retries) lets it run.
nsx blue1 ping -n -c 1 -W 2 10.0.0.6 >/dev/null || true

udp_sink blue3 7000 "$TMPDIR/blue3.got"
stats_snap hv1 "$TMPDIR/hv1.0"
mapfile -t toks < <(seq -f "stamped-%g" 1 "$N")
udp_send blue1 10.0.0.6 7000 "${toks[@]}"
# shellcheck disable=SC2016 # the inner bash expands it
wait_until 30 bash -c '(($(wc -l <"$1") >= $2))' _ "$TMPDIR/blue3.got" "$N"
assert_stats hv1 "$TMPDIR/hv1.0" "blue3.tx_packets=$N" "blue1.rx_packets>=$N"
assert_eq "$(wc -l <"$TMPDIR/blue3.got")" "$N" "datagrams blue3 received"
# (tc shows horizon_drops only when there are some.)
fq=$(nsx hv1 tc -s qdisc show dev blue3)
say "$fq"
[[ $fq == *"qdisc fq"* && $fq != *"horizon_drops "[1-9]* ]] ||
	fail "fq on blue3 dropped frames beyond its horizon"

# Longer than blue3's port device takes (and its VM: veth drops what
# its peer would not take, after vsw counted it sent).
ipn hv1 link set blue3 mtu 1000
ipn blue3 link set eth0 mtu 1000
stats_snap hv1 "$TMPDIR/hv1.1"
big=$(printf 'big-%01200d' 0)
udp_send blue1 10.0.0.6 7000 "$big" small-after
wait_until 30 grep -q small-after "$TMPDIR/blue3.got"
assert_stats hv1 "$TMPDIR/hv1.1" blue3.too_big=1 switch.too_big=1 \
	blue3.tx_packets=1 'blue1.rx_packets>=2'
! grep -q big- "$TMPDIR/blue3.got" || fail "blue3 received the frame its port is too small for"
