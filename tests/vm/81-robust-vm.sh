#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 81-robust-vm: a hostile VM. blue1 sends, crafted with scapy: frames with
# another VM's and random source MACs, traffic to and ARP for an address
# only Red has, IPv4 with a source CA not its own (another tenant's,
# another Blue VM's), gratuitous ARP and ARP replies claiming addresses
# that are not its own, unicast to Red's MAC, double-tagged frames, and
# broadcast and multicast storms. Every frame is dropped and counted under
# its reason, by exactly the number sent, on its port and its switch (the
# ARP requests vsw may answer are answered to blue1 alone); the frames
# that pass hv1 because hv1 cannot know better (a forged source CA) are
# dropped by hv2 (spoofed_pa for a CA whose record is on hv2,
# policy_miss_rx for one with no record in Blue). The storms are broadcast and multicast of
# Blue: flooded to Blue's other VM, blue2, exactly once each (under the
# port's flood rate). Not one frame reaches Red's VMs; blue2 gets the
# storm and nothing else. Misses are dropped at once here (hold-max 0):
# holding them is test 90's.
#
#	blue1 (hostile) --+ hv1 ==== wire ==== hv2 +-- blue2 10.0.0.7
#	red1 10.0.0.5  ---+                       +-- red2 10.0.0.7
#	Red only: 10.0.0.9 (02:00:60:01:00:09) on hv2

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_seed
vswctl_in hv1 switch set sw0 hold-max 0
for h in hv1 hv2; do
	vswctl_in "$h" policy add sw0 vsid 6001 ca 10.0.0.9 mac 02:00:60:01:00:09 pa 192.168.4.22
done
# Known neighbours: no VM sends anything of its own while this runs.
nsx blue1 ip neigh replace 10.0.0.7 lladdr 02:00:50:01:00:07 dev eth0 nud permanent
nsx blue2 ip neigh replace 10.0.0.5 lladdr 02:00:50:01:00:05 dev eth0 nud permanent
vm_ping blue1 10.0.0.7 1

frames_build <<'PY'
import random
rnd = random.Random(81)
b1, b2, bc = "02:00:50:01:00:05", "02:00:50:01:00:07", "ff:ff:ff:ff:ff:ff"
r1, r2, r9 = "02:00:60:01:00:05", "02:00:60:01:00:07", "02:00:60:01:00:09"
def udp(src="10.0.0.5", dst="10.0.0.7"):
    return IP(src=src, dst=dst) / UDP(sport=9, dport=9) / b"hostile"
def mac():
    return ":".join("%02x" % rnd.randrange(256) for _ in range(6))
def arp(op, psrc, pdst, dst=bc, hwdst="00:00:00:00:00:00"):
    return Ether(src=b1, dst=dst) / ARP(op=op, hwsrc=b1, psrc=psrc, hwdst=hwdst, pdst=pdst)
for i in range(20):
    frames["spoof_red_%d" % i] = Ether(src=r1, dst=b2) / udp()
    frames["spoof_blue_%d" % i] = Ether(src=b2, dst=b2) / udp()
for i in range(200):
    frames["spoof_rnd_%d" % i] = Ether(src=mac(), dst=rnd.choice([b2, r2, bc, mac()])) / udp()
for i in range(20):
    frames["redca_ip_%d" % i] = Ether(src=b1, dst=r9) / udp(dst="10.0.0.9")
    frames["redca_arp_%d" % i] = arp(1, "10.0.0.5", "10.0.0.9")
    frames["redmac_%d" % i] = Ether(src=b1, dst=r2) / udp()
    frames["srcca_red_%d" % i] = Ether(src=b1, dst=b2) / udp(src="10.0.0.9")
    frames["srcca_blue_%d" % i] = Ether(src=b1, dst=b2) / udp(src="10.0.0.7")
    frames["garp_%d" % i] = arp(1, "10.0.0.7", "10.0.0.7")
    frames["garp_red_%d" % i] = arp(1, "10.0.0.9", "10.0.0.9")
    frames["garp_reply_%d" % i] = arp(2, "10.0.0.7", "10.0.0.7")
    frames["reply_%d" % i] = arp(2, "10.0.0.7", "10.0.0.7", dst=b2, hwdst=b2)
    frames["reply_red_%d" % i] = arp(2, "10.0.0.9", "10.0.0.5", dst=r1, hwdst=r1)
    frames["qinq_%d" % i] = Ether(src=b1, dst=b2) / Dot1Q(vlan=1) / Dot1Q(vlan=2) / udp()
    frames["answered_%d" % i] = arp(1, "10.0.0.5", "10.0.0.7")
for i in range(300):
    frames["storm_bc_%d" % i] = Ether(src=b1, dst=bc) / udp(dst="10.0.0.255")
    frames["storm_mc_%d" % i] = Ether(src=b1, dst="01:00:5e:00:00:01") / udp(dst="224.0.0.1")
    frames["storm_arp_%d" % i] = arp(1, "10.0.0.5", "10.0.0.%d" % (100 + i % 150))
PY

names() {
	local n
	for n in "${!FRAME[@]}"; do
		# shellcheck disable=SC2053 # a glob on purpose
		[[ $n == $1 ]] || continue
		printf '%s\n' "${FRAME[$n]}"
	done
}
rx() { nsx "$1" cat /sys/class/net/eth0/statistics/rx_packets; }

declare -A rx0
for vm in red1 red2 blue2; do
	rx0[$vm]=$(rx "$vm")
done
stats_snap hv1 "$TMPDIR/hv1.s"
stats_snap hv2 "$TMPDIR/hv2.s"

# hostile GLOB...: blue1 sends the frames of these names.
hostile() {
	local g hex=()
	for g in "$@"; do
		mapfile -t -O "${#hex[@]}" hex < <(names "$g")
	done
	say "# blue1 sends ${#hex[@]} frames: $*"
	send_frames blue1 eth0 "${hex[@]}"
}
hostile 'spoof_*'
hostile 'redca_*' 'redmac_*' 'srcca_*'
hostile 'garp_*' 'reply_*' 'qinq_*' 'answered_*'
hostile 'storm_*'

spoofed=$((20 + 20 + 200))
assert_stats hv1 "$TMPDIR/hv1.s" \
	switch.spoofed_mac=$spoofed blue1.spoofed_mac=$spoofed \
	switch.policy_miss=20 blue1.policy_miss=20 \
	switch.arp_miss=$((20 + 300)) blue1.arp_miss=$((20 + 300)) \
	switch.mac_mismatch=20 blue1.mac_mismatch=20 \
	switch.arp_ignored=$((5 * 20)) blue1.arp_ignored=$((5 * 20)) \
	switch.unsupported_protocol=20 blue1.unsupported_protocol=20 \
	switch.encap_packets=$((40 + 600)) blue1.tx_packets=20
# The forged source CAs got through hv1 (it cannot know them) and were
# refused by hv2: Blue's 10.0.0.7 for its PA, 10.0.0.9 (Red's only) for
# having no record in Blue.
assert_stats hv2 "$TMPDIR/hv2.s" switch.spoofed_pa=20 switch.policy_miss_rx=20 \
	switch.decap_packets=600 \
	blue2.tx_packets=600 red2.tx_packets=0
for vm in red1 red2; do
	assert_eq "$(rx "$vm")" "${rx0[$vm]}" "frames $vm received"
done
assert_eq "$(rx blue2)" "$((rx0[blue2] + 600))" "frames blue2 received (the storm)"
# blue1 is still a working VM.
vm_ping blue1 10.0.0.7 2
