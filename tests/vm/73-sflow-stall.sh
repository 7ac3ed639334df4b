#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 73-sflow-stall: a stalled vsw-sflowd (SIGSTOP) while a port sampled at
# rate 1 carries traffic. Forwarding goes on (every frame delivered, ping
# answered), vsw-sflowd's memory does not grow, and once it runs again
# (SIGCONT) it counts what was lost: the drops of the next flow samples,
# plus the samples it exported, are exactly the samples the kernel took;
# and the pools of the samples it exported are right: the effective rate
# (pool deltas over samples exported and lost, from the datagrams) over
# every run of 10 samples is 1, within 20%, across the loss. Then the
# same for a short burst (1,000 frames) while it is stopped.
#
#	blue1 --[port blue1, sampled 1/1]-- hv1 sw0 -- blue3
#	hv1: vsw-sflowd (stopped, then continued) -> collector
#
# vm-timeout: 600

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/vm/sflow-lib.sh
. "$(dirname "$0")/sflow-lib.sh"

topo_vm_define blue3 hv1 $VSID_BLUE 10.0.0.9 02:00:50:01:00:09
topo_seed
topo_vm blue3
topo_port blue3
topo_policy hv1 blue3
vm_ping blue1 10.0.0.9 2
# ARP answered by vsw's proxy is drawn by the sampler but never reaches
# psample (kmod/arp.c consumes the request without vsw_sample_emit()), so
# the VMs here never ARP during the measurement: permanent neighbours.
nsx blue1 ip neigh replace 10.0.0.9 lladdr 02:00:50:01:00:09 dev eth0 nud permanent
udp_discard blue3 5000

cap=$TMPDIR/sflow.pcap
sflow_collector hv1 "$cap"
sflowd_start hv1 -p 5
assert_ok vswctl_in hv1 sample set sw0 dev blue1 rate 1
blue1_if=$(nsx hv1 cat /sys/class/net/blue1/ifindex)
rss() { awk '/^VmRSS/ {print $2}' "/proc/$SFLOWD_PID/status"; }

# Warm up with a first stall as long as the measured one: whatever a
# backlog makes it touch (its whole queue, buffers of every size) is
# touched once. (A short warm-up was enough until this session's kernel;
# with it, the first long backlog raises the RSS once, by about 1.2 MB,
# to a level that later backlogs never exceed: the cause is not known.)
pp kill -STOP "$SFLOWD_PID"
udp_blast blue1 10.0.0.9 5000 20000
pp kill -CONT "$SFLOWD_PID"
udp_blast blue1 10.0.0.9 5000 200
taken=$(sample_json hv1 blue1 samples)
sflow_wait "$cap" 60 "len(flows(d, $blue1_if)) and flows(d, $blue1_if)[-1]['drops'] + len(flows(d, $blue1_if)) >= $taken"
rss0=$(rss)

pp kill -STOP "$SFLOWD_PID"
stats_snap hv1 "$TMPDIR/before"
udp_blast blue1 10.0.0.9 5000 20000
vm_ping blue1 10.0.0.9 3
assert_stats hv1 "$TMPDIR/before" blue1.rx_packets=20003 blue3.tx_packets=20003
rss1=$(rss)
pp kill -CONT "$SFLOWD_PID"
# More traffic once it runs: the first sample after the loss shows it.
[[ $rss1 == "$rss0" ]] || fail "VmRSS changed while stopped"
udp_blast blue1 10.0.0.9 5000 500
taken=$(sample_json hv1 blue1 samples)
sflow_wait "$cap" 60 "len(flows(d, $blue1_if)) and flows(d, $blue1_if)[-1]['drops'] + len(flows(d, $blue1_if)) >= $taken"
rss2=$(rss)
say "VmRSS: ${rss0} kB before, ${rss1} kB stopped, ${rss2} kB after"
# A second backlog as long must not cost more memory.
((rss2 - rss0 < 256)) || fail "vsw-sflowd grew by $((rss2 - rss0)) kB"
wait_until 20 grep -qE " [1-9][0-9]* samples lost since" "$TMPDIR/sflowd.log"

sflow_py "$cap" '
blue1, taken = int(sys.argv[2]), int(sys.argv[3])
f = flows(d, blue1)
drops = f[-1]["drops"]
print("%d samples exported, %d lost, the kernel took %d" % (len(f), drops, taken))
assert drops > 0, "no loss counted"
assert len(f) + drops == taken, (len(f), drops, taken)
assert [s["seq"] for s in f] == list(range(1, len(f) + 1)), "flow sample sequence"
assert [x["seq"] for x in d] == list(range(1, len(d) + 1)), "datagram sequence"
assert all(a["drops"] <= b["drops"] for a, b in zip(f, f[1:])), "drops went down"
check_eff_rate(f, 1, window=10)
' "$blue1_if" "$taken"

# A short burst while it is stopped: the buffer holds part of it.
lost0=$(sflow_py "$cap" "print(flows(d, $blue1_if)[-1]['drops'])")
pp kill -STOP "$SFLOWD_PID"
udp_blast blue1 10.0.0.9 5000 1000
pp kill -CONT "$SFLOWD_PID"
udp_blast blue1 10.0.0.9 5000 100
taken=$(sample_json hv1 blue1 samples)
sflow_wait "$cap" 60 "len(flows(d, $blue1_if)) and flows(d, $blue1_if)[-1]['drops'] + len(flows(d, $blue1_if)) >= $taken"
sflow_py "$cap" '
blue1, taken, lost0 = map(int, sys.argv[2:5])
f = [s for s in flows(d, blue1) if s["drops"] >= lost0][-1100:]
print("short burst: %d samples lost" % (f[-1]["drops"] - lost0))
assert f[-1]["drops"] > lost0, "no loss counted"
check_eff_rate(f, 1, window=10)
' "$blue1_if" "$taken" "$lost0"
sflowd_stop
