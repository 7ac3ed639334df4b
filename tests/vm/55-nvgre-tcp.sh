#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 55-nvgre-tcp: a TCP stream between two VMs on different hosts crosses
# the tunnel with segmentation offload (the VMs hand vsw TSO/GSO frames;
# vsw encapsulates them whole and GSO segments them as GRE, checksums
# right), with the underlay at 1500 and the VMs at 1458, with a jumbo
# underlay (9000, VMs at 8958), and with VMs at 1500 over a 1500 underlay,
# where path MTU discovery through vsw's ICMP "fragmentation needed" must
# bring the stream down to size. Each time iperf3 must move all of its
# 20 MiB; no speed is asserted (TCG).
#
#	blue1 10.0.0.5 --+ hv1 ==== wire ==== hv2 +-- blue2 10.0.0.7
#	  iperf3 -c -n 20M                             iperf3 -s -1

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

require_cmd iperf3
BYTES=$((20 * 1024 * 1024))
topo_seed -v "blue1 blue2"

# stream NAME MTU: an iperf3 run from blue1 to blue2, then a transfer whose
# every byte is checked. iperf3's server stops counting when the client's
# end of test reaches it, so its count may miss the bytes still in flight
# (megabytes, with large windows): the exact count comes from the second.
# With offload, vsw encapsulates whole TSO frames: far fewer frames than
# the MTU-sized segments the streams are cut into on the wire.
stream() {
	local name=$1 mtu=$2 out got sent e0 e1 srv want segs
	e0=$(vsw_counter hv1 blue1 encap_packets)
	nsx_bg blue2 iperf3 -s -1 -B 10.0.0.7 >"$TMPDIR/$name.server" 2>&1
	srv=$BG_PID
	wait_listen blue2 5201
	out=$(nsx blue1 timeout 180 iperf3 -c 10.0.0.7 -n "$BYTES" -J) ||
		fail "$name: iperf3 client failed: $(tail -c 2000 <<<"$out")"
	wait "$srv" || fail "$name: iperf3 server failed: $(cat "$TMPDIR/$name.server")"
	got=$("$PYTHON" -S -c 'import json,sys; print(json.load(sys.stdin)["end"]["sum_received"]["bytes"])' <<<"$out")
	sent=$("$PYTHON" -S -c 'import json,sys; print(json.load(sys.stdin)["end"]["sum_sent"]["bytes"])' <<<"$out")
	say "$name: iperf3 sent $sent, its server counted $got bytes"
	((sent >= BYTES)) || fail "$name: iperf3 sent $sent bytes of $BYTES"
	((got > 0)) || fail "$name: iperf3's server counted nothing"

	tcp_sink blue2 7001 "$TMPDIR/$name.sink"
	srv=$BG_PID
	want=$(tcp_send blue1 10.0.0.7 7001 "$BYTES")
	wait "$srv" || fail "$name: the TCP sink failed"
	assert_eq "$(cat "$TMPDIR/$name.sink")" "$want" "$name: bytes and SHA-256 received"
	e1=$(vsw_counter hv1 blue1 encap_packets)
	segs=$((2 * BYTES / (mtu - 40)))
	say "$name: hv1 encapsulated $((e1 - e0)) frames from blue1 for $segs segments"
	((e1 - e0 < segs / 2)) ||
		fail "$name: $((e1 - e0)) frames encapsulated for $segs segments: TSO frames were split before vsw"
}

# Underlay 1500, VMs 1458: everything fits, nothing is dropped.
topo_mtu 1500 1458
stats_snap hv1 "$TMPDIR/hv1.a"
stats_snap hv2 "$TMPDIR/hv2.a"
stream mtu1458 1458
assert_stats hv1 "$TMPDIR/hv1.a" 'switch.encap_packets>=1' 'switch.decap_packets>=1'
assert_stats hv2 "$TMPDIR/hv2.a" 'switch.encap_packets>=1' 'switch.decap_packets>=1'

# Jumbo underlay.
topo_mtu 9000 8958
stats_snap hv1 "$TMPDIR/hv1.b"
stats_snap hv2 "$TMPDIR/hv2.b"
stream jumbo 8958
assert_stats hv1 "$TMPDIR/hv1.b" 'switch.encap_packets>=1' 'switch.decap_packets>=1'
assert_stats hv2 "$TMPDIR/hv2.b" 'switch.encap_packets>=1' 'switch.decap_packets>=1'

# VMs at 1500 over a 1500 underlay: the first full-sized frames are too
# big; the VM learns the path MTU (1458) from vsw's ICMP and goes on.
topo_mtu 1500 1500
stats_snap hv1 "$TMPDIR/hv1.c"
stream pmtud 1458
assert_stats hv1 "$TMPDIR/hv1.c" 'switch.too_big>=1' 'blue1.too_big>=1' \
	'switch.encap_packets>=1'
assert_match 'mtu 1458' "$(nsx blue1 ip route get 10.0.0.7)" "blue1's path MTU to blue2"
