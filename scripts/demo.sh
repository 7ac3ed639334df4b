#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: runs inside the test VM (scripts/vm.sh --script). Builds the
# topology of the Hyper-V Network Virtualization slide with vsw: two
# hypervisor hosts, each a network namespace with a vsw switch, and two
# tenants, Blue (VSID 5001) and Red (VSID 6001), whose VMs have the same
# addresses on both hosts. It shows each tenant's VMs talking across the
# hosts in NVGRE, Blue unable to reach Red, the packets on the wire as
# tshark decodes them, and the switches' counters; then it takes
# everything down and unloads vsw.
#
# Every command is printed before it runs ("+ [hv1] ..." runs in the
# namespace hv1). The topology comes from tests/vm/lib.sh (topo_seed), the
# same one the tests use; the demo fails if anything it shows does not work.

top=$(cd "$(dirname "$0")/.." && pwd -P)
export PATH=$top/userland:$PATH
VSW_TEST_NAME=demo
VSW_NS_PREFIX=demo
# shellcheck source=tests/vm/lib.sh
. "$top/tests/vm/lib.sh"
TMPDIR=${TMPDIR:-$(mktemp -d)}

title() {
	say ""
	say "=== $*"
}

[[ -d /sys/module/vsw ]] || pp insmod "$top/kmod/vsw.ko"

title "The seed topology: two hosts, two tenants, the same addresses in both"
cat >&"$_vsw_out" <<'EOF'

     Blue1 10.0.0.5   Red1 10.0.0.5             Blue2 10.0.0.7   Red2 10.0.0.7
          |                |                         |                |
     +----+----------------+----+               +----+----------------+----+
     | hv1   vsw sw0             |               | hv2   vsw sw0             |
     |  Blue = VSID 5001         |               |  Blue = VSID 5001         |
     |  Red  = VSID 6001         |               |  Red  = VSID 6001         |
     |  PA 192.168.4.11          |               |  PA 192.168.4.22          |
     +------------+--------------+               +------------+--------------+
                  |                                           |
                  +------------------ wire -------------------+
                     NVGRE: GRE key = VSID << 8 | FlowID

EOF
topo_seed

title "What hv1's switch knows: its uplink, its ports, and the policy (CA -> MAC, PA)"
vswctl_in hv1 switch show
vswctl_in hv1 port show sw0
vswctl_in hv1 policy show sw0

title "Blue1 pings Blue2, on the other host"
nsx blue1 ping -c 3 -i 0.2 -W 5 10.0.0.7

title "Red1 pings Red2: the same addresses, another tenant"
nsx red1 ping -c 3 -i 0.2 -W 5 10.0.0.7

title "Each VM's ARP was answered by its host's switch, from the policy"
nsx blue1 ip neigh show dev eth0
nsx red1 ip neigh show dev eth0

title "Blue cannot reach Red"
say "Blue1 is told that 10.0.0.7 is Red2's MAC; Blue's record says otherwise:"
nsx blue1 ip neigh replace 10.0.0.7 lladdr 02:00:60:01:00:07 dev eth0
nsx blue1 ping -c 2 -i 0.2 -W 2 10.0.0.7 || say "(no answer: dropped by hv1 as mac_mismatch)"
nsx blue1 ip neigh replace 10.0.0.7 lladdr 02:00:50:01:00:07 dev eth0
say "A CA that only Red has is not in Blue's virtual subnet at all:"
vswctl_in hv1 policy add sw0 vsid 6001 ca 10.0.0.8 mac 02:00:60:01:00:08 pa 192.168.4.22
nsx blue1 ping -c 2 -i 0.2 -W 2 10.0.0.8 || say "(no answer: Blue's ARP for 10.0.0.8 is an arp_miss)"

title "On the wire: NVGRE, as tshark decodes it"
cap_start wire br0 "$TMPDIR/wire.pcap" 4 'ip proto 47'
nsx blue1 ping -c 1 -W 5 10.0.0.7 >/dev/null
nsx red1 ping -c 1 -W 5 10.0.0.7 >/dev/null
cap_wait
say ""
rows=$(cap_fields "$TMPDIR/wire.pcap" ip.src ip.dst gre.key eth.src eth.dst icmp.type)
{
	printf '%-30s  %-10s  %-4s  %-6s  %-20s  %-7s  %s\n' "outer IPv4 (PA -> PA)" "GRE key" \
		VSID FlowID "inner IPv4 (CA -> CA)" ICMP "inner Ethernet (VM -> VM)"
	while IFS='|' read -r src dst key mac_src mac_dst icmp; do
		printf '%-30s  %-10s  %-4d  0x%02x    %-20s  %-7s  %s\n' \
			"${src%,*} -> ${dst%,*}" "$key" $((key >> 8)) $((key & 0xff)) \
			"${src#*,} -> ${dst#*,}" "$([[ $icmp == 8 ]] && echo request || echo reply)" \
			"${mac_src#*,} -> ${mac_dst#*,}"
	done <<<"$rows"
} >&"$_vsw_out"
say ""
say "+ tshark -r wire.pcap -V -O ip,gre -c 1 (the first packet, in full)"
say "$(tshark -r "$TMPDIR/wire.pcap" -n -V -O ip,gre -c 1 2>/dev/null)"

title "Counters: per switch and per port, with drops by reason"
vswctl_in hv1 stats show sw0
vswctl_in hv2 stats show sw0

title "Taking it all down"
ns_del blue1 red1 blue2 red2 hv1 hv2 wire
# Namespaces are torn down asynchronously: vsw lets go of its switches as
# each one goes, and can be unloaded once the last has.
wait_until 30 rmmod vsw
say "vsw unloaded cleanly"
