#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 67-port-host-tx: a port's device belongs to its VM (issue 16). The
# host end of a VM's veth is a netdev of the host: with IPv6 on and an
# IPv4 address it sends DAD, router solicitations and MLD reports from the
# host's link-local address, ARP for its neighbours, and a packet socket
# can write to it. While the device is a port, the VM sees none of that:
# its capture, from before "port add" to after "port del", holds only the
# frames vsw sent it (ARP replies and the frames of the other VM, all from
# blue3's MAC), and every frame the host tried is counted as host_tx.
# The host takes no address on a port's device: "port add" refuses the
# device while it has an IPv4 address (or a global IPv6 one); once it is a
# port, adding one is refused, and IPv6 gives it no link-local address
# when it comes up (so no DAD and no router solicitation). After "port
# del" addresses are taken again, IPv6 gives the device its link-local
# address when it comes up, and its IPv6 settings are as before.
#
#	blue1 (10.0.0.5) --+ hv1: sw0, no uplink; blue1's host end has
#	blue3 (10.0.0.9) --+      IPv6 on, and 10.0.0.1/24 until port add

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

topo_vm_define blue3 hv1 $VSID_BLUE 10.0.0.9 02:00:50:01:00:09
ns_new hv1
topo_vm blue3
# blue1 by hand: its host end stays down (silent) until it is a port.
ns_new blue1
noipv6 blue1
ipn hv1 link add blue1 type veth peer name eth0 netns "$(ns_name blue1)" \
	address "${VM_MAC[blue1]}"
ipn blue1 addr add "${VM_CA[blue1]}/24" dev eth0
ipn blue1 link set eth0 up
ipn hv1 addr add 10.0.0.1/24 dev blue1

v6conf() { nsx hv1 sysctl -n "net.ipv6.conf.blue1.$1"; }
v4addr() { ipn hv1 -4 -o addr show dev blue1 | awk '{ print $4 }'; }
host_mac=$(nsx hv1 cat /sys/class/net/blue1/address)
before="disable_ipv6=$(v6conf disable_ipv6) autoconf=$(v6conf autoconf) v4=$(v4addr)"
assert_eq "$before" "disable_ipv6=0 autoconf=1 v4=10.0.0.1/24" "blue1's host end as found"

vswctl_in hv1 switch add sw0
topo_policy hv1 blue1 blue3
topo_port blue3

# What blue1 receives, for the port's whole life.
cap=$TMPDIR/blue1.pcap
nsx_bg blue1 tcpdump -i eth0 -Q in -n -U -s 256 -w "$cap" 2>"$cap.err"
tcpdump_pid=$BG_PID
wait_until 60 grep -q 'listening on' "$cap.err"

stats_snap hv1 "$TMPDIR/before"
# An address on the device: refused; without it (the host's 10.0.0.1 on
# lo now), a port.
assert_fail_with 'port device has an IPv4 address' vswctl_in hv1 port add sw0 \
	dev blue1 vsid "${VM_VSID[blue1]}" mac "${VM_MAC[blue1]}"
ipn hv1 addr del 10.0.0.1/24 dev blue1
ipn hv1 addr add 10.0.0.1/32 dev lo
ipn hv1 -6 addr add 2001:db8::1/64 dev blue1 nodad
assert_fail_with 'port device has an IPv6 address other than link-local' \
	vswctl_in hv1 port add sw0 dev blue1 vsid "${VM_VSID[blue1]}" mac "${VM_MAC[blue1]}"
ipn hv1 -6 addr del 2001:db8::1/64 dev blue1
topo_port blue1
# A port takes no address, of either family.
assert_fail_with 'device is a vsw port: the host takes no address on it' \
	ipn hv1 addr add 10.0.0.1/24 dev blue1
assert_fail_with 'device is a vsw port: the host takes no address on it' \
	ipn hv1 -6 addr add 2001:db8::1/64 dev blue1
# Right after port add: up. IPv6 would add a link-local address, do DAD,
# RS and MLD: no address comes (MLD reports, from ::, are the egress
# hook's).
ipn hv1 link set blue1 up
assert_eq "$(ipn hv1 -o addr show dev blue1)" "" "blue1's host end's addresses, up"
# The host's ping through the device: ARP requests, never answered.
ipn hv1 route add 10.0.0.0/24 dev blue1 src 10.0.0.1
nsx hv1 ping -n -c 1 -W 2 -I blue1 10.0.0.5 && fail "the host reached blue1's VM"
# A packet socket of the host writes three frames (to the VM's MAC):
# each write fails with ENOBUFS (the device dropped the frame).
frame=${VM_MAC[blue1]//:/}${host_mac//:/}0800
frame+=450000240000400040110000$(printf '%02x' 10 0 0 1 10 0 0 5)
frame+=d431d4310010000068656c6c6f2e2e2e
pkt_write() {
	nsx hv1 "$PYTHON" -S -c '
import errno, socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
refused = 0
for h in sys.argv[2:]:
    try:
        s.send(bytes.fromhex(h))
    except OSError as e:
        if e.errno != errno.ENOBUFS:
            raise
        refused += 1
print(refused)' "$@"
}
refused=$(pkt_write blue1 "$frame" "$frame" "$frame")
# The link bounced: DAD and RS again, were there an address.
ipn hv1 link set blue1 down
ipn hv1 link set blue1 up
assert_eq "$(ipn hv1 -o addr show dev blue1)" "" "blue1's host end's addresses, bounced"
ipn hv1 route replace 10.0.0.0/24 dev blue1 src 10.0.0.1
# vsw's own frames still reach the VM: ARP answered, the other VM's echo
# replies.
wait_until 30 nsx blue1 ping -n -c 1 -W 1 10.0.0.9
vm_ping blue1 10.0.0.9 3
# No other drop (blue3's host end, IPv6 on too, may have host_tx of its
# own); host_tx is checked after the capture.
assert_stats hv1 "$TMPDIR/before" 'blue1.host_tx>=0' 'switch.host_tx>=0' \
	'blue3.host_tx>=0' 'blue1.tx_packets>=4' 'blue3.tx_packets>=3'
host_tx=$(vsw_counter hv1 blue1 host_tx)

ipn hv1 link set blue1 down
vswctl_in hv1 port del sw0 dev blue1
ipn hv1 link set blue1 up
# Not a port: IPv6 gives it its link-local address again, and it takes
# the host's address back.
assert_match 'inet6 fe80::' "$(ipn hv1 -o addr show dev blue1)" "blue1's host end after port del"
ipn hv1 addr del 10.0.0.1/32 dev lo
ipn hv1 addr add 10.0.0.1/24 dev blue1
# Not a port any more: the host's packet socket reaches the VM again (and
# tells when the capture has seen everything before it).
assert_eq "$(pkt_write blue1 "$frame")" 0 "the host's write after port del"
wait_until 30 sh -c "tcpdump -r '$cap' -n ether src $host_mac 2>/dev/null | grep -q ."
kill -INT "$tcpdump_pid"
wait "$tcpdump_pid" || true

# Every frame before that last one came from vsw, i.e. from blue3's MAC.
cap_fields "$cap" eth.src eth.type >"$cap.txt"
say "$(cat "$cap.txt")"
"$PYTHON" -S - "$cap.txt" "$host_mac" "${VM_MAC[blue3]}" <<'PY' ||
import sys
path, host, vsw = sys.argv[1:]
lines = [l.split("|") for l in open(path).read().split("\n") if l]
i = next(i for i, l in enumerate(lines) if l[0] == host)
during, after = lines[:i], lines[i:]
bad = [l for l in during if l[0] != vsw]
if bad:
    sys.exit("frames from the host reached the VM during the port's life: %s" % bad)
if len(during) < 5:
    sys.exit("only %d frames from vsw" % len(during))
print("ok: %d frames from vsw, none from the host; %d after port del"
      % (len(during), len(after)))
PY
	fail "the VM saw frames the host sent"

assert_eq "$refused" 3 "the host's packet socket writes refused during the port's life"
# At least the ping's ARP request and the three frames were counted.
((host_tx >= 4)) || fail "host_tx on blue1 is $host_tx, expected at least 4"
say "ok: host_tx on blue1: $host_tx"
after="disable_ipv6=$(v6conf disable_ipv6) autoconf=$(v6conf autoconf) v4=$(v4addr)"
assert_eq "$after" "$before" "blue1's host end after port del"
