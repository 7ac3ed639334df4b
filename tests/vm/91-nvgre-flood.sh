#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 91-nvgre-flood: broadcast and multicast inside a VSID. A broadcast
# datagram from blue1 reaches exactly the VMs of Blue on both hosts (blue3
# beside it on hv1, blue2 on hv2 through one NVGRE copy), and neither Red
# VM, which have the same CAs; hv2 delivers it locally and never sends it
# on. The replication list follows the policy table: a record at a third
# PA adds a copy, a second record at hv2's PA adds none, and removing
# either leaves one copy for hv2 again. Multicast goes the same way.
# From the wire a VSID takes at most 1000 flooded frames a second: a
# burst of 5000 valid NVGRE broadcasts crafted on hv1's NIC reaches blue2
# up to the limit, and the rest is counted (flood_rate on hv2's switch),
# not delivered.
#
#	blue1 10.0.0.5 --+                        +-- blue2 10.0.0.7
#	blue3 10.0.0.9 --+ hv1 ===== wire ===== hv2 +-- red2  10.0.0.7
#	red1  10.0.0.5 --+

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_vm_define blue3 hv1 $VSID_BLUE 10.0.0.9 02:00:50:01:00:09
topo_seed
topo_vm blue3
topo_port blue3
topo_policy hv1 blue3
topo_policy hv2 blue3
vm_ping blue1 10.0.0.7 1
vm_ping blue1 10.0.0.9 1

for vm in blue2 blue3 red1 red2; do
	udp_sink "$vm" 9000 "$TMPDIR/$vm"
done

MAC_HV1=$(nsx hv1 cat /sys/class/net/nic0/address)
MAC_HV2=$(nsx hv2 cat /sys/class/net/nic0/address)
export MAC_HV1 MAC_HV2

frames_build <<'PY'
import os
b1 = "02:00:50:01:00:05"
def udp(dst, text):
    return IP(src="10.0.0.5", dst=dst) / UDP(sport=9000, dport=9000) / text
frames["bcast"] = Ether(src=b1, dst="ff:ff:ff:ff:ff:ff") / udp("10.0.0.255", b"bcast1")
frames["bcast2"] = Ether(src=b1, dst="ff:ff:ff:ff:ff:ff") / udp("255.255.255.255", b"bcast2")
frames["mcast"] = Ether(src=b1, dst="01:00:5e:00:00:fb") / udp("224.0.0.251", b"mcast1")
# blue1's broadcast as hv1 would send it to hv2, to a port nobody listens on.
frames["wire_bcast"] = (Ether(src=os.environ["MAC_HV1"], dst=os.environ["MAC_HV2"]) /
                        IP(src="192.168.4.11", dst="192.168.4.22", flags="DF") /
                        GRE(key_present=1, key=5001 << 8, proto=0x6558) /
                        Ether(src=b1, dst="ff:ff:ff:ff:ff:ff") /
                        IP(src="10.0.0.5", dst="10.0.0.255") / UDP(sport=9001, dport=9001) / b"wire")
PY

got() { grep -c " $2\$" "$TMPDIR/$1" || true; }
got_is() { [[ $(got "$1" "$2") == "$3" ]]; }

# flood FRAME HV1_ENCAP: send FRAME from blue1; hv1 must deliver it to
# blue3 and send HV1_ENCAP NVGRE copies; hv2 must deliver it to blue2 and
# send nothing on. Red sees nothing, and no drop counter moves.
flood() {
	local frame=$1 encap=$2
	say "# flood $frame, $encap copies"
	stats_snap hv1 "$TMPDIR/hv1.s"
	stats_snap hv2 "$TMPDIR/hv2.s"
	send_frames blue1 eth0 "${FRAME[$frame]}"
	assert_stats hv1 "$TMPDIR/hv1.s" switch.rx_packets=1 blue1.rx_packets=1 \
		switch.tx_packets=$((1 + encap)) blue3.tx_packets=1 red1.tx_packets=0 \
		switch.encap_packets="$encap" blue1.encap_packets="$encap"
	assert_stats hv2 "$TMPDIR/hv2.s" switch.decap_packets=1 switch.rx_packets=1 \
		blue2.tx_packets=1 red2.tx_packets=0 switch.encap_packets=0
}

flood bcast 1
wait_until 60 got_is blue2 bcast1 1
wait_until 60 got_is blue3 bcast1 1
flood bcast2 1
wait_until 60 got_is blue2 bcast2 1
wait_until 60 got_is blue3 bcast2 1
flood mcast 1

say "# the replication list follows the policy table"
# A record at a PA with no host behind it: one more copy (lost on the
# wire, which is not vsw's business).
vswctl_in hv1 policy add sw0 vsid 5001 ca 10.0.0.40 mac 02:00:50:01:00:40 pa 192.168.4.40
flood bcast 2
# A second record at hv2's PA: still one copy for hv2.
vswctl_in hv1 policy add sw0 vsid 5001 ca 10.0.0.41 mac 02:00:50:01:00:41 pa 192.168.4.22
flood bcast 2
# A Red record at the third PA changes nothing for Blue.
vswctl_in hv1 policy add sw0 vsid 6001 ca 10.0.0.42 mac 02:00:60:01:00:42 pa 192.168.4.40
vswctl_in hv1 policy del sw0 vsid 5001 ca 10.0.0.40
flood bcast 1
# hv2 stays in the list while one Blue record is at its PA, whichever.
vswctl_in hv1 policy del sw0 vsid 5001 ca 10.0.0.7
flood bcast 1
vswctl_in hv1 policy del sw0 vsid 5001 ca 10.0.0.41
# No Blue record at hv2's PA: hv2 gets no copy, blue3 still does.
stats_snap hv1 "$TMPDIR/hv1.n"
send_frames blue1 eth0 "${FRAME[bcast]}"
assert_stats hv1 "$TMPDIR/hv1.n" blue3.tx_packets=1 switch.encap_packets=0
topo_policy hv1 blue2
# A replace that moves a record moves its copy.
vswctl_in hv1 policy replace sw0 vsid 5001 ca 10.0.0.7 mac 02:00:50:01:00:07 pa 192.168.4.40
flood_nohv2() {
	stats_snap hv1 "$TMPDIR/hv1.r"
	send_frames blue1 eth0 "${FRAME[bcast]}"
	assert_stats hv1 "$TMPDIR/hv1.r" blue3.tx_packets=1 switch.encap_packets=1
}
flood_nohv2
vswctl_in hv1 policy replace sw0 vsid 5001 ca 10.0.0.7 mac 02:00:50:01:00:07 pa 192.168.4.22
flood bcast 1

say "# no Blue record left: local ports only"
for vm in blue1 blue2 blue3; do
	vswctl_in hv1 policy del sw0 vsid 5001 ca "${VM_CA[$vm]}"
done
stats_snap hv1 "$TMPDIR/hv1.f"
send_frames blue1 eth0 "${FRAME[bcast]}"
assert_stats hv1 "$TMPDIR/hv1.f" blue3.tx_packets=1 switch.encap_packets=0

# Red heard nothing at all.
assert_eq "$(cat "$TMPDIR/red1" "$TMPDIR/red2")" "" "Red's datagrams"

say "# from the wire: at most 1000 flooded frames a second per VSID"
cat >"$TMPDIR/burst.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
f = bytes.fromhex(sys.argv[2])
for _ in range(int(sys.argv[3])):
    s.send(f)
PY
stats_snap hv2 "$TMPDIR/hv2.w"
tx0=$(vsw_counter hv2 blue2 tx_packets)
limited0=$(vsw_counter hv2 switch flood_rate)
start=$EPOCHREALTIME
nsx hv1 "$PYTHON" -S "$TMPDIR/burst.py" nic0 "${FRAME[wire_bcast]}" 5000
say "5000 frames sent in $(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $start }") s"
# Past the burst: counted on the switch (and on no port), not delivered.
assert_stats hv2 "$TMPDIR/hv2.w" 'switch.flood_rate>=1' switch.encap_packets=0 \
	red2.tx_packets=0
limited=$(($(vsw_counter hv2 switch flood_rate) - limited0))
got=$(($(vsw_counter hv2 blue2 tx_packets) - tx0))
say "delivered $got, flood_rate $limited"
((got >= 1 && got + limited <= 5000 && got < 5000)) ||
	fail "from the wire: $got delivered and $limited counted of 5000"
