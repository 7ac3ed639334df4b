#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 88-robust-loops: configurations that would loop frames between a switch
# and itself, or between two switches, are refused with a clear error and
# change nothing: the uplink as a port (of its switch, of another), a port
# as the uplink (of its switch, of another), a port of one switch as a
# port of another, the uplink of one switch as the uplink of another, a
# vsw port or uplink enslaved to a Linux bridge or bond, and a bridge
# port as a vsw port or uplink. A switch has no device of its own to
# attach anywhere (Documentation/design.md, "Switches are not netdevs"):
# no netdev named like a switch appears. Loopback is not Ethernet. And
# two ports of one switch joined by a veth pair do not loop: what comes
# back in is dropped for its source MAC.
#
#	+----------------------------------------------+
#	| h1  swa: uplink nica (192.168.4.11), port pa |
#	|     swb: uplink nicb (192.168.5.11), port pb |
#	|     br0 with port brp0; bond0                |
#	+----------------------------------------------+

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

ns_new h1
# No IPv6 chatter from the devices into the ports: counters are checked.
noipv6 h1
for d in nica nicb pa pb pc brp0 bp0; do
	ipn h1 link add "$d" type veth peer name "${d}x"
done
ipn h1 addr add 192.168.4.11/24 dev nica
ipn h1 addr add 192.168.5.11/24 dev nicb
# The PA the refused uplinks name: on lo, as a port takes no address.
ipn h1 addr add 192.168.6.11/32 dev lo
ipn h1 link set nica up
ipn h1 link set nicb up
ipn h1 link set pa up
ipn h1 link add br0 type bridge
ipn h1 link set brp0 master br0
vswctl_in h1 switch add swa
vswctl_in h1 switch add swb
vswctl_in h1 uplink set swa dev nica pa 192.168.4.11
vswctl_in h1 uplink set swb dev nicb pa 192.168.5.11
vswctl_in h1 port add swa dev pa vsid 5001 mac 02:00:50:01:00:05
vswctl_in h1 port add swb dev pb vsid 5001 mac 02:00:50:01:00:06

state() {
	vswctl_in h1 -j switch show
	vswctl_in h1 -j port show swa
	vswctl_in h1 -j port show swb
	ipn h1 -br link show
}
before=$(state)

# The uplink as a port, of its own switch and of another.
assert_fail_with 'uplink of a switch' vswctl_in h1 port add swa dev nica vsid 5001 mac 02:00:50:01:00:07
assert_fail_with 'uplink of a switch' vswctl_in h1 port add swb dev nica vsid 5001 mac 02:00:50:01:00:07
# A port as the uplink, of its own switch and of another.
assert_fail_with 'VM port of a switch' vswctl_in h1 uplink set swa dev pa pa 192.168.6.11
assert_fail_with 'VM port of a switch' vswctl_in h1 uplink set swb dev pa pa 192.168.6.11
# A port of one switch as a port of another (and twice of the same).
assert_fail_with 'port of another switch' vswctl_in h1 port add swb dev pa vsid 5001 mac 02:00:50:01:00:07
assert_fail_with 'already a port of this switch' vswctl_in h1 port add swa dev pa vsid 6001 mac 02:00:50:01:00:08
# The uplink of one switch as the uplink of another.
assert_fail_with 'uplink of another switch' vswctl_in h1 uplink set swb dev nica pa 192.168.4.11
# A bridge port as a port or an uplink.
assert_fail_with 'rx_handler' vswctl_in h1 port add swa dev brp0 vsid 5001 mac 02:00:50:01:00:09
ipn h1 addr add 192.168.7.11/24 dev brp0
assert_fail_with 'rx_handler' vswctl_in h1 uplink set swa dev brp0 pa 192.168.7.11
# The bridge device itself is Ethernet, but a port of it is taken: vsw
# may attach to br0 (it has no rx_handler); detach it again.
# Loopback (its own address, 127.0.0.1, is refused as a PA by vswctl already).
assert_fail_with 'not an Ethernet device' vswctl_in h1 port add swa dev lo vsid 5001 mac 02:00:50:01:00:0a
assert_fail_with 'not an Ethernet device' vswctl_in h1 uplink set swa dev lo pa 192.168.7.11
# A vsw port or uplink enslaved to a bridge or a bond: the kernel's
# own check (one rx_handler per device) refuses it.
assert_fail_with 'busy|in use' ipn h1 link set pa master br0
assert_fail_with 'busy|in use' ipn h1 link set nica master br0
if ipn h1 link add bond0 type bond 2>/dev/null; then
	ipn h1 link set pa down
	assert_fail ipn h1 link set pa master bond0
	ipn h1 link set pa up
	ipn h1 link set nicb down
	assert_fail ipn h1 link set nicb master bond0
	ipn h1 link set nicb up
	ipn h1 link del bond0
fi
# A switch is not a device: there is none named like it to enslave.
assert_fail_with 'not exist|Cannot find' ipn h1 link show swa
assert_fail_with 'not exist|Cannot find' ipn h1 link set swa master br0

assert_eq "$(state)" "$before" "nothing changed"
# Both switches still forward between their port and their uplink's
# side: the refusals left their rx_handlers in place.
assert_json 'j[0]["uplink"] == "nica" and j[0]["ports"] == 1' vswctl_in h1 -j switch show swa

# Two ports of swa joined by a veth pair (lpa <-> lpb): a frame swa sends
# out of lpb comes back in on lpa, where its source MAC is not lpa's: it
# is dropped there (spoofed_mac), not switched again.
ipn h1 link add lpa type veth peer name lpb
ipn h1 link set lpa up
ipn h1 link set lpb up
ipn h1 link set pax up
vswctl_in h1 port add swa dev lpa vsid 5001 mac 02:00:50:01:00:0a
vswctl_in h1 port add swa dev lpb vsid 5001 mac 02:00:50:01:00:0b
vswctl_in h1 policy add swa vsid 5001 ca 10.9.0.2 mac 02:00:50:01:00:0b pa 192.168.4.11
TOPO_SWITCH=swa
stats_snap h1 "$TMPDIR/swa.s"
# From pa's VM side: 02:00:50:01:00:05 (pa's MAC) -> lpb's MAC, 10.9.0.1 -> 10.9.0.2, UDP.
frame="02005001000b 020050010005 0800 4500001c 00004000 40110000 0a090001 0a090002 0009 0009 0008 0000"
send_frames h1 pax "${frame// /}"
assert_stats h1 "$TMPDIR/swa.s" pa.rx_packets=1 lpb.tx_packets=1 lpa.rx_packets=1 \
	lpa.spoofed_mac=1 switch.spoofed_mac=1
