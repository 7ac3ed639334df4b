#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 74-sflow-daemon: vsw-sflowd as an operator meets it. Started on a host
# with no switch yet, it exports host counters, and finds the switch, its
# ports and its uplink at its next poll; with -g it reads only its psample
# group; its agent address is the host's first IPv4 address when there is
# no uplink, or -a's; it sends to every collector; SIGTERM ends it with
# status 0. Its metrics endpoint (-l) passes promtool and its counters are
# those of "vswctl -j stats show" (and switch show, sample show) after
# real traffic; "vswctl stats show -r" redraws its table in a terminal
# (tmux) with the ports' rates while traffic flows, as "vswctl top" does,
# and prints JSON lines. Its live view's stream estimates the flows of
# two tenants, sampled 1:1, from exactly the frames they sent.
#
#	blue1, red1 -- hv1 sw0 (no uplink at first) -- blue3, red3
#	hv1: vsw-sflowd -g 5 -c C1 -c C2 -l 127.0.0.1:9343

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/vm/sflow-lib.sh
. "$(dirname "$0")/sflow-lib.sh"

topo_vm_define blue3 hv1 $VSID_BLUE 10.0.0.9 02:00:50:01:00:09
topo_vm_define red3 hv1 $VSID_RED 10.0.0.9 02:00:60:01:00:09
topo_wire
topo_host hv1
topo_vm blue1
topo_vm blue3
topo_vm red1
topo_vm red3

c1=$TMPDIR/c1.pcap
c2=$TMPDIR/c2.pcap
sflow_collector hv1 "$c2"
port2=$SFLOW_PORT
sflow_collector hv1 "$c1"
sflowd_start hv1 -p 1 -g 5 -c "127.0.0.1:$port2" -l 127.0.0.1:9343
grep -q "agent 192.168.4.11," "$TMPDIR/sflowd.log" ||
	fail "without an uplink the agent address is the host's first IPv4"
sflow_wait "$c1" 30 'len(counters(d, (2, 1))) >= 5'
sflow_py "$c1" 'assert all(s["ds"] == (2, 1) for x in d for s in x["samples"]), "only host counters before vsw"'

# The switch comes after the daemon.
topo_vsw hv1
topo_port blue1
topo_port blue3
topo_port red1
topo_port red3
topo_policy hv1 blue1 blue3 red1 red3
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

# The metrics endpoint against vswctl, read while nothing moves: vswctl,
# the endpoint, vswctl again, until both vswctl readings agree.
metrics=http://127.0.0.1:9343/metrics
cat >"$TMPDIR/metrics_vs_vswctl.py" <<'PY'
import json, re, sys
text, stats, sw, samples = (open(f).read() for f in sys.argv[1:5])
m = {}
for line in text.splitlines():
    if line.startswith("#"):
        continue
    name, labels, value = re.match(r"(\w+)(?:\{(.*)\})? (\S+)$", line).groups()
    key = (name, frozenset(re.findall(r'(\w+)="([^"]*)"', labels or "")))
    m[key] = float(value)
def get(name, **labels):
    key = (name, frozenset(labels.items()))
    assert key in m, "no %s%s" % (name, labels)
    return m[key]
st, sw, smp = json.loads(stats), json.loads(sw)[0], json.loads(samples)
n = 0
for k in ("rx_packets", "rx_bytes", "tx_packets", "tx_bytes", "encap_packets", "decap_packets"):
    assert get("vsw_switch_%s_total" % k, switch="sw0") == st["switch"][k], k
    n += 1
for r, v in st["switch"]["drops"].items():
    assert get("vsw_switch_dropped_packets_total", switch="sw0", reason=r) == v, r
    n += 1
for p in st["ports"]:
    lab = dict(switch="sw0", port=p["dev"], vsid=str(p["vsid"]))
    for k in ("rx_packets", "rx_bytes", "tx_packets", "tx_bytes", "encap_packets"):
        assert get("vsw_port_%s_total" % k, **lab) == p[k], (p["dev"], k)
        n += 1
    for r, v in p["drops"].items():
        assert get("vsw_port_dropped_packets_total", reason=r, **lab) == v, (p["dev"], r)
        n += 1
assert get("vsw_port_rx_packets_total", switch="sw0", port="blue1", vsid="5001") > 0
for k, j in (("ports", "ports"), ("policy_records", "policy"),
             ("policy_records_max", "policy_max"), ("held_frames", "held"),
             ("held_frames_max", "hold_max"), ("policy_refused_total", "policy_over_limit")):
    assert get("vsw_switch_" + k, switch="sw0") == sw[j], k
    n += 1
for s in smp:
    lab = dict(switch="sw0", port=s["dev"], vsid="5001")
    assert get("vsw_port_sample_pool_packets_total", **lab) == s["pool"]
    assert get("vsw_port_samples_total", **lab) == s["samples"]
    assert get("vsw_port_sampling_rate", **lab) == s["rate"]
    n += 3
assert get("vsw_up") == 1
assert get("vsw_sflowd_flow_samples_total") >= 4
print("%d values equal" % n)
PY
same=0
for _ in 1 2 3 4 5; do
	nsx hv1 vswctl -j stats show sw0 >"$TMPDIR/stats1.json"
	nsx hv1 curl -sf "$metrics" >"$TMPDIR/metrics.prom"
	nsx hv1 vswctl -j stats show sw0 >"$TMPDIR/stats2.json"
	if cmp -s "$TMPDIR/stats1.json" "$TMPDIR/stats2.json"; then
		same=1
		break
	fi
	sleep 1
done
((same)) || fail "the counters kept moving"
nsx hv1 vswctl -j switch show sw0 >"$TMPDIR/switch.json"
nsx hv1 vswctl -j sample show sw0 >"$TMPDIR/sample.json"
assert_ok promtool check metrics <"$TMPDIR/metrics.prom"
assert_ok "$PYTHON" "$TMPDIR/metrics_vs_vswctl.py" "$TMPDIR/metrics.prom" \
	"$TMPDIR/stats1.json" "$TMPDIR/switch.json" "$TMPDIR/sample.json"
# The live view's stream (Documentation/live.md) against known traffic:
# 20 datagrams from blue1 and 30 from red1, both to 10.0.0.9 port 9100
# (blue3 and red3: the same addresses in two tenants), every frame of
# both sampled (rate 1): each VSID's flow comes from exactly its own
# frames, its rate over the window is theirs, and both ports are in the
# rates under their VSIDs. The page itself is drawn by Chromium on the
# host (tests/userland/test_live.sh): too slow under emulation.
assert_ok vswctl_in hv1 sample set sw0 dev red1 rate 1 group 5
events=http://127.0.0.1:9343/events
cat >"$TMPDIR/live_flow.py" <<'PY'
import json, sys
data = [l[5:] for l in open(sys.argv[1]).read().splitlines() if l.startswith("data:")]
if not data:
    sys.exit(1)
e = json.loads(data[-1])
want = {5001: ("blue1", 20), 6001: ("red1", 30)}
def flows(vsid):
    return [f for v in e["flows"] if v["vsid"] == vsid for f in v["top"]
            if f.get("dport") == 9100 and f["proto"] == 17]
if sys.argv[2] == "wait":
    sys.exit(0 if all(flows(v) and flows(v)[0]["samples"] >= n
                      for v, (_, n) in want.items()) else 1)
w = e["sampling"]["window"]
for vsid, (dev, n) in want.items():
    f = flows(vsid)
    assert len(f) == 1, (vsid, f)
    f = f[0]
    assert (f["src"], f["dst"]) == ("10.0.0.5", "10.0.0.9"), f
    assert f["samples"] == n and f["frames"] == n, (vsid, f)
    assert abs(f["pps"] * w - n) < 0.01 and f["bps"] > 0, (vsid, f, w)
    assert f["error_pct"] > 0, f
    p = [p for p in e["ports"] if p["dev"] == dev]
    assert p and p[0]["vsid"] == vsid, e["ports"]
    assert vsid in [v["vsid"] for v in e["vsids"]], e["vsids"]
    print(vsid, "flow", f, "window", w)
PY
# The estimates are over the last 10 s: both tenants send at once, and
# the event checked is the one that showed both flows.
live_flow() {
	nsx hv1 curl -sN --max-time 2 "$events" >"$TMPDIR/events.sse" || true
	"$PYTHON" "$TMPDIR/live_flow.py" "$TMPDIR/events.sse" wait
}
mapfile -t grams < <(seq -f 'live%g' 30)
udp_send blue1 10.0.0.9 9100 "${grams[@]:0:20}" &
udp_send red1 10.0.0.9 9100 "${grams[@]}"
wait $!
wait_until 30 live_flow
assert_ok "$PYTHON" "$TMPDIR/live_flow.py" "$TMPDIR/events.sse" check

sflowd_stop
assert_fail nsx hv1 curl -sf "$metrics"

# The rates, in a terminal: a table redrawn in place (one header on the
# screen, the report number moving) with blue1's packets while it pings.
nsx_bg blue1 ping -n -q -i 0.2 -c 1000 10.0.0.9
ping_pid=$BG_PID
tmux=(tmux -S "$TMPDIR/tmux.sock")
nsx hv1 env TERM=xterm "${tmux[@]}" new-session -d -x 120 -y 20 \
	"vswctl stats show sw0 -r 0.5; sleep 60"
screen() { "${tmux[@]}" capture-pane -p -t 0; }
screen_shows() {	# screen_shows REPORT: report >= REPORT, blue1 moving
	local s
	s=$(screen)
	[[ $(grep -c 'rates over' <<<"$s") == 1 ]] || return 1
	[[ $s =~ \(report\ ([0-9]+), ]] && ((BASH_REMATCH[1] >= $1)) &&
		grep -Eq '^blue1 +5001 +[1-9]' <<<"$s"
}
wait_until 60 screen_shows 3
say "$(screen)"
report=$(screen | sed -n 's/.*(report \([0-9]*\),.*/\1/p')
wait_until 30 screen_shows $((report + 2))
"${tmux[@]}" kill-server
# "vswctl top" is the same view.
nsx hv1 env TERM=xterm "${tmux[@]}" new-session -d -x 120 -y 20 \
	"vswctl top sw0 0.5; sleep 60"
wait_until 60 screen_shows 2
say "$(screen)"
"${tmux[@]}" kill-server
# With -j: one JSON object a line, "count" reports, then exit 0.
nsx hv1 vswctl -j stats show sw0 -r 0.5 count 2 >"$TMPDIR/rates.jsonl"
say "$(cat "$TMPDIR/rates.jsonl")"
assert_ok "$PYTHON" -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 2, lines
for i, l in enumerate(lines):
    r = json.loads(l)
    assert r["report"] == i + 1 and r["switch"]["name"] == "sw0"
    p = [p for p in r["ports"] if p["dev"] == "blue1"][0]
    assert p["vsid"] == 5001 and p["rx_pps"] > 0 and p["rx_bps"] > 0, p
' "$TMPDIR/rates.jsonl"
kill "$ping_pid"
wait "$ping_pid" || true

# -a sets the agent address.
: >"$c1"
sflow_collector hv1 "$c1"
sflowd_start hv1 -p 1 -a 198.51.100.1
sflow_wait "$c1" 30 'len(d) >= 1'
sflow_py "$c1" 'assert {x["agent"] for x in d} == {"198.51.100.1"}'
sflowd_stop
