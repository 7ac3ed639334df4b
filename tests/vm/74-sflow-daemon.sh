#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 74-sflow-daemon: vsw-sflowd as an operator meets it. Started on a host
# with no switch yet, it exports host counters, and finds the switch, its
# ports and its uplink at its next poll; with -g it reads only its psample
# group; its agent address is the host's first IPv4 address when there is
# no uplink, or -a's; it sends to every collector; SIGTERM ends it with
# status 0.
#
#	blue1 -- hv1 sw0 (no uplink at first) -- blue3
#	hv1: vsw-sflowd -g 5 -c C1 -c C2

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/vm/sflow-lib.sh
. "$(dirname "$0")/sflow-lib.sh"

topo_vm_define blue3 hv1 $VSID_BLUE 10.0.0.9 02:00:50:01:00:09
topo_wire
topo_host hv1
topo_vm blue1
topo_vm blue3

c1=$TMPDIR/c1.pcap
c2=$TMPDIR/c2.pcap
sflow_collector hv1 "$c2"
port2=$SFLOW_PORT
sflow_collector hv1 "$c1"
sflowd_start hv1 -p 1 -g 5 -c "127.0.0.1:$port2"
grep -q "agent 192.168.4.11," "$TMPDIR/sflowd.log" ||
	fail "without an uplink the agent address is the host's first IPv4"
sflow_wait "$c1" 30 'len(counters(d, (2, 1))) >= 5'
sflow_py "$c1" 'assert all(s["ds"] == (2, 1) for x in d for s in x["samples"]), "only host counters before vsw"'

# The switch comes after the daemon.
topo_vsw hv1
topo_port blue1
topo_port blue3
topo_policy hv1 blue1 blue3
blue1_if=$(nsx hv1 cat /sys/class/net/blue1/ifindex)
nic0_if=$(nsx hv1 cat /sys/class/net/nic0/ifindex)
sflow_wait "$c1" 30 "len(counters(d, (0, $blue1_if))) >= 1 and len(counters(d, (0, $nic0_if))) >= 1"

# Samples of group 1 are not for a daemon of group 5.
vm_ping blue1 10.0.0.9 1
assert_ok vswctl_in hv1 sample set sw0 dev blue1 rate 1
vm_ping blue1 10.0.0.9 3
assert_ok vswctl_in hv1 sample set sw0 dev blue1 rate 1 group 5
vm_ping blue1 10.0.0.9 4
sflow_wait "$c1" 30 "len(flows(d, $blue1_if)) >= 4"
sleep 1
sflow_py "$c1" "assert len(flows(d, $blue1_if)) == 4, len(flows(d, $blue1_if))"
# The second collector got the same datagrams.
sflow_py "$c1" '
d2 = load(sys.argv[2])
same = lambda x: [(y["seq"], len(y["samples"])) for y in x]
assert same(d)[:len(d2)] == same(d2)[:len(d)], "collectors differ"
print("%d and %d datagrams" % (len(d), len(d2)))
' "$c2"
sflowd_stop

# -a sets the agent address.
: >"$c1"
sflow_collector hv1 "$c1"
sflowd_start hv1 -p 1 -a 198.51.100.1
sflow_wait "$c1" 30 'len(d) >= 1'
sflow_py "$c1" 'assert {x["agent"] for x in d} == {"198.51.100.1"}'
sflowd_stop
