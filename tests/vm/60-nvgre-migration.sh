#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 60-nvgre-migration: live migration. While blue1 pings blue2, blue2 moves
# from hv2 to hv3: its port's device changes host (hv2's vsw lets it go by
# itself), hv3 makes it a port, and every host's record for
# (5001, 10.0.0.7) is moved to hv3's PA with "policy replace". The pings
# resume through hv3; red2, with the same CA on hv2, never sees a Blue
# frame; the VMs change nothing (same MAC, same CA, same ARP entries).
#
#	blue1 --+ hv1 .11 ==+== wire ==+== hv2 .22 +-- blue2 (before) -+
#	red1  --+           |          |           +-- red2            | moves
#	                    +== hv3 .33 +-- blue2 (after) <------------+

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

TOPO_PA[hv3]=192.168.4.33
topo_seed
topo_host hv3
topo_vsw hv3
topo_policy hv3
# (Red stays idle until the end: then red2's port must not move at all.)
vm_ping blue1 10.0.0.7 2
mac_before=$(nsx blue1 ip neigh show 10.0.0.7 dev eth0)

stats_snap hv2 "$TMPDIR/hv2.0"
stats_snap hv1 "$TMPDIR/hv1.0"
stats_snap hv3 "$TMPDIR/hv3.0"
replies() { grep -c 'bytes from 10.0.0.7' "$TMPDIR/ping.out" || true; }
replies_ge() { (($(replies) >= $1)); }
nsx_bg blue1 stdbuf -oL ping -n -i 0.1 -c 3000 10.0.0.7 >"$TMPDIR/ping.out"
ping_pid=$BG_PID
wait_until 60 replies_ge 10

# Migrate.
nsx hv2 ip link set blue2 netns "$(ns_name hv3)"
wait_until 30 bash -c "! ip netns exec $(ns_name hv2) vswctl port show sw0 | grep -q blue2"
nsx hv3 ip link set blue2 up
VM_HOST[blue2]=hv3
topo_port blue2
for h in hv1 hv2 hv3; do
	vswctl_in $h policy replace sw0 vsid 5001 ca 10.0.0.7 mac 02:00:50:01:00:07 pa 192.168.4.33
done
moved=$(replies)
say "migrated after $moved replies"

# The pings resume, through hv3.
wait_until 60 replies_ge $((moved + 20))
kill -INT "$ping_pid"
wait "$ping_pid" || true
say "$(tail -n 3 "$TMPDIR/ping.out")"
assert_stats hv3 "$TMPDIR/hv3.0" 'switch.decap_packets>=20' 'switch.encap_packets>=20' \
	'blue2.tx_packets>=20' 'blue2.encap_packets>=20'
# In flight while the hosts changed their minds: hv1 may have taken a
# reply from hv3 before its record moved (spoofed_pa); hv2 a request for
# blue2 while its device was going down on the way out (port_down) or
# after it left (no_local_port). Nothing else, and nothing for red2.
assert_stats hv1 "$TMPDIR/hv1.0" 'switch.spoofed_pa>=0'
assert_stats hv2 "$TMPDIR/hv2.0" 'switch.no_local_port>=0' 'switch.port_down>=0' \
	red2.tx_packets=0 red2.rx_packets=0
assert_json 'sorted(p["dev"] for p in j) == ["red2"]' vswctl_in hv2 -j port show sw0
assert_json '[r["pa"] for r in j if r["ca"] == "10.0.0.7"] == ["192.168.4.33"]' \
	vswctl_in hv1 -j policy show sw0 vsid 5001

# Everything works from the new place, and Red never noticed.
assert_eq "$(nsx blue1 ip neigh show 10.0.0.7 dev eth0 | awk '{print $3}')" \
	"$(awk '{print $3}' <<<"$mac_before")" "blue1's entry for 10.0.0.7"
vm_ping blue1 10.0.0.7 3
vm_ping blue2 10.0.0.5 3
vm_ping red1 10.0.0.7 3
vm_ping red2 10.0.0.5 3
