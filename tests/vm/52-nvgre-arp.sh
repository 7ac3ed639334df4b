#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 52-nvgre-arp: the switch answers a VM's ARP requests from the policy
# table, in the VM's VSID, and no ARP about a customer address ever
# reaches the wire. A request for a CA without a record gets no answer, is
# counted (arp_miss) and reported to "vswctl monitor".
#
#	blue1 10.0.0.5 --+                       +-- blue2 10.0.0.7
#	                 hv1 ==== wire/br0 ==== hv2
#	red1  10.0.0.5 --+      (tcpdump)        +-- red2  10.0.0.7
#
# plus a record without a VM: Blue 10.0.0.8 -> 02:00:50:01:00:08 at hv2. An
# answer for it can only come from the policy.

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_seed
for h in hv1 hv2; do
	vswctl_in $h policy add sw0 vsid $VSID_BLUE ca 10.0.0.8 \
		mac 02:00:50:01:00:08 pa 192.168.4.22
done
monitor_start hv1 "$TMPDIR/events"

# Everything ARP about 10.0.0.0/24, and NVGRE, on the wire until the two
# NVGRE packets of the ping at the end: an ARP frame leaking out before
# then would be one of the two.
cap_start wire br0 "$TMPDIR/wire.pcap" 2 '(arp net 10.0.0.0/24) or (ip proto 47)'
stats_snap hv1 "$TMPDIR/hv1.0"

# Answered from the record: sender the record's MAC and CA, target the VM.
assert_eq "$(arp_query blue1 10.0.0.8)" \
	"op=2 sha=02:00:50:01:00:08 spa=10.0.0.8 tha=02:00:50:01:00:05 tpa=10.0.0.5 eth_src=02:00:50:01:00:08 eth_dst=02:00:50:01:00:05" \
	"blue1's answer for 10.0.0.8 (a record without a VM)"
# The same CA in two VSIDs: each VM gets its own tenant's MAC.
assert_eq "$(arp_query blue1 10.0.0.7)" \
	"op=2 sha=02:00:50:01:00:07 spa=10.0.0.7 tha=02:00:50:01:00:05 tpa=10.0.0.5 eth_src=02:00:50:01:00:07 eth_dst=02:00:50:01:00:05" \
	"blue1's answer for 10.0.0.7"
assert_eq "$(arp_query red1 10.0.0.7)" \
	"op=2 sha=02:00:60:01:00:07 spa=10.0.0.7 tha=02:00:60:01:00:05 tpa=10.0.0.5 eth_src=02:00:60:01:00:07 eth_dst=02:00:60:01:00:05" \
	"red1's answer for 10.0.0.7"

# No record: no answer (within 2 s), one arp_miss and one miss event per
# request. 10.0.0.8 is Blue's only: Red asking for it is a miss too.
assert_eq "$(arp_query blue1 10.0.0.99 2)" "" "blue1's answer for 10.0.0.99"
assert_eq "$(arp_query red1 10.0.0.8 2)" "" "red1's answer for 10.0.0.8 (Blue's)"
monitor_wait "$TMPDIR/events" 30 \
	'e["event"] == "miss" and e["vsid"] == 5001 and e["ca"] == "10.0.0.99" and e.get("port") == "blue1"'
monitor_wait "$TMPDIR/events" 30 \
	'e["event"] == "miss" and e["vsid"] == 6001 and e["ca"] == "10.0.0.8" and e.get("port") == "red1"'
assert_eq "$(monitor_count "$TMPDIR/events" 'e["event"] == "miss"')" 2 "miss events"
assert_stats hv1 "$TMPDIR/hv1.0" switch.arp_miss=2 blue1.arp_miss=1 red1.arp_miss=1 \
	switch.encap_packets=0 'blue1.tx_packets>=2' 'red1.tx_packets>=1'

# The kernel's own resolution. A miss: the entry fails.
vm_ping_fails blue1 10.0.0.98 1
wait_until 30 bash -c "ip netns exec $(ns_name blue1) ip neigh show 10.0.0.98 dev eth0 | grep -q FAILED"
assert_match '^[1-9]' "$(vsw_counter hv1 blue1 arp_miss)" "blue1's arp_miss"
# A record: the entry gets the record's MAC, and the ping that follows is
# the first thing on the wire.
assert_eq "$(nsx blue1 ip neigh show 10.0.0.7 dev eth0)" "" "blue1 has no entry yet"
vm_ping blue1 10.0.0.7 1
assert_match "^10\.0\.0\.7 lladdr 02:00:50:01:00:07 (REACHABLE|STALE|DELAY)" \
	"$(nsx blue1 ip neigh show 10.0.0.7 dev eth0)" "blue1's neighbour 10.0.0.7"

cap_wait
protos=$(cap_fields "$TMPDIR/wire.pcap" frame.protocols ip.src ip.dst)
say "$protos"
assert_eq "$protos" \
	"$(printf '%s\n' \
		'eth:ethertype:ip:gre:eth:ethertype:ip:icmp:data|192.168.4.11,10.0.0.5|192.168.4.22,10.0.0.7' \
		'eth:ethertype:ip:gre:eth:ethertype:ip:icmp:data|192.168.4.22,10.0.0.7|192.168.4.11,10.0.0.5')" \
	"the wire carried the echo request and reply, and no ARP"
