#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vsw-sflowd's live view without vsw.ko (Documentation/live.md):
#  - the daemon serves the page at / and the stream at /events;
#  - the stream of test_live_feed (live.c fed with made-up counters and
#    samples at known rates, served by http.c as the daemon serves it)
#    carries the rates of the counters (within 3%), every VSID fed, and
#    each flow and host pair fed, estimated within the error it reports
#    (196 * sqrt(1 / samples) percent);
#  - /events is bounded: stalled clients do not stop the others from
#    getting their events, streams beyond HTTP_STREAMS_MAX (8) get 503
#    and scrapes are still served, a client HTTP_SSE_BACKLOG behind is
#    disconnected;
#  - Debian's Chromium, headless (live_browser.mjs, playwright-core from
#    web/node_modules), draws the charts, keeps adding points, and shows
#    the VSIDs, top flows, host pairs and drops fed; its screenshot is
#    kept in $VSW_ARTIFACTS (default .build/artifacts/live.png).
# Output is TAP.
#
# Usage: test_live.sh [VSW-SFLOWD [TEST_LIVE_FEED]]

top=$(cd "$(dirname "$0")/../.." && pwd)
sflowd=${1:-$top/userland/vsw-sflowd}
feed=${2:-$top/tests/userland/test_live_feed}
artifacts=${VSW_ARTIFACTS:-$top/.build/artifacts}
python=/usr/bin/python3
tmp=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait; rm -rf "$tmp"' EXIT

# shellcheck source=tests/userland/tap-lib.sh
. "$(dirname "$0")/tap-lib.sh"
streams() {	# streams N: the feeder has N clients of /events
	curl -s --max-time 2 "$url/metrics" | grep -qx "live_streams $1"
}
stream_ok() {	# an event comes on a new stream
	curl -sN --max-time 1.5 "$url/events" | grep -q '^data: '
}

# --- the daemon: page and stream ------------------------------------------------
port=$(free_port)
"$sflowd" -p 1 -c 127.0.0.1:9 -l "127.0.0.1:$port" >"$tmp/out" 2>"$tmp/err" &
pids+=($!)
url=http://127.0.0.1:$port
wait_for 10 grep -qs "live view at $url/" "$tmp/err"
check "the daemon says where its live view is" $? "$(cat "$tmp/err")"
curl -s -o "$tmp/page.html" "$url/"
grep -q '<title>vsw live</title>' "$tmp/page.html" &&
	! grep -Eq '<script[^>]+src=|<link[^>]+stylesheet' "$tmp/page.html"
check "GET / is the live page, one file" $? "$(head -c 300 "$tmp/page.html")"
# Two events a second apart, as SSE: "data: {...}" and a blank line.
curl -sN -D "$tmp/ev.headers" --max-time 2.5 "$url/events" >"$tmp/ev.txt"
grep -qi '^content-type: text/event-stream' "$tmp/ev.headers" &&
	"$python" - "$tmp/ev.txt" <<'PY'
import json, sys
evs = [json.loads(l[6:]) for l in open(sys.argv[1]) if l.startswith("data: ")]
assert len(evs) >= 2, evs
assert all(set(e) >= {"time", "switches", "ports", "vsids", "flows", "hosts",
                      "sampling"} for e in evs)
assert evs[0]["switches"] == [] and evs[0]["flows"] == []   # no vsw.ko
PY
check "GET /events: an event a second, without vsw.ko empty" $? \
	"$(cat "$tmp/ev.headers" "$tmp/ev.txt")"

# --- the stream's numbers ---------------------------------------------------------
"$feed" --truth >"$tmp/truth.json"
port=$(free_port)
"$feed" "127.0.0.1:$port" 2>"$tmp/feed.err" &
pids+=($!)
url=http://127.0.0.1:$port
wait_for 10 grep -qs serving "$tmp/feed.err"
check "the feeder serves" $? "$(cat "$tmp/feed.err")"
# Three seconds of events, the window of flows some seconds long.
sleep 2
curl -sN --max-time 3.5 "$url/events" >"$tmp/feed.txt"
out=$("$python" - "$tmp/truth.json" "$tmp/feed.txt" <<'PY' 2>&1
import json, math, sys
truth = json.load(open(sys.argv[1]))
evs = [json.loads(l[6:]) for l in open(sys.argv[2]) if l.startswith("data: ")]
assert len(evs) >= 3, "%d events" % len(evs)
assert all(a["time"] < b["time"] for a, b in zip(evs, evs[1:])), "time goes back"
ev = evs[-1]
rate = truth["sampling_rate"]

def near(got, want, what, pct=3.0):
    assert abs(got - want) <= want * pct / 100 + 1e-9 or (want == 0 and got == 0), \
        "%s: %g, want %g (%g%%)" % (what, got, want, pct)

ports = {p["dev"]: p for p in ev["ports"]}
for p in truth["ports"]:
    q = ports[p["dev"]]
    assert q["vsid"] == p["vsid"] and q["switch"] == truth["switch"], q
    for k in ("rx_pps", "rx_bps", "tx_pps", "tx_bps"):
        near(q[k], p[k], "%s %s" % (p["dev"], k))
vsids = sorted({p["vsid"] for p in truth["ports"]})
assert [v["vsid"] for v in ev["vsids"]] == vsids, ev["vsids"]
for v in ev["vsids"]:
    for k in ("rx_pps", "rx_bps", "tx_pps", "tx_bps"):
        near(v[k], sum(p[k] for p in truth["ports"] if p["vsid"] == v["vsid"]),
             "VSID %d %s" % (v["vsid"], k))
drops = {d["reason"]: d for d in ev["switches"][0]["drops"]}
for d in truth["drops"]:
    near(drops[d["reason"]]["pps"], d["pps"], "drops " + d["reason"], 10)

def within(e, pps, bps, what):
    c = e["samples"]
    bound = 196 * math.sqrt(1 / c)
    assert abs(e["error_pct"] - bound) < 0.01, (what, e)
    assert e["frames"] == c * rate, (what, e)
    for k, want in (("pps", pps), ("bps", bps)):
        err = abs(e[k] - want) / want * 100
        assert err <= e["error_pct"], "%s %s: %g, want %g: %.1f%% > %.1f%%" % (
            what, k, e[k], want, err, e["error_pct"])

flows = {f["vsid"]: f["top"] for f in ev["flows"]}
assert sorted(flows) == vsids, "VSIDs of the flows: %s" % sorted(flows)
for f in truth["flows"]:
    m = [g for g in flows[f["vsid"]] if g["src"] == f["src"] and
         g["dst"] == f["dst"] and g["proto"] == f["proto"] and
         g["sport"] == f["sport"] and g["dport"] == f["dport"]]
    assert len(m) == 1, "flow %s not in %s" % (f, flows[f["vsid"]])
    within(m[0], f["pps"], f["bps"], "flow %s > %s" % (f["src"], f["dst"]))
    assert m[0]["samples"] >= 3, m[0]
hosts = {(h["src"], h["dst"]): h for h in ev["hosts"]}
pairs = {}
for f in truth["flows"]:
    if f["tun_src"]:
        k = (f["tun_src"], f["tun_dst"])
        pps, bps = pairs.get(k, (0, 0))
        pairs[k] = (pps + f["pps"], bps + f["pps"] * (f["frame"] + 28) * 8)
assert sorted(hosts) == sorted(pairs), "host pairs %s, want %s" % (sorted(hosts), sorted(pairs))
for k, (pps, bps) in pairs.items():
    within(hosts[k], pps, bps, "pair %s > %s" % k)
assert ev["sampling"]["lost"] == 0 and ev["sampling"]["untracked"] == 0
print("%d events; %d flows, %d pairs within their bounds" % (
    len(evs), len(truth["flows"]), len(pairs)))
PY
)
check "the stream's rates, VSIDs, flows and host pairs match what was fed" $? "$out"

# --- bounds: stalled clients, too many streams --------------------------------------
# The streams closed above are seen closed at the next event.
wait_for 10 streams 0
check "closed streams are let go" $? "$(curl -s "$url/metrics")"
out=$("$python" - "$port" <<'PY' 2>&1
import socket, sys, time
port = int(sys.argv[1])
def stream(src="127.0.0.1", rcvbuf=None):
    s = socket.socket()
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    s.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
    return s
def get(path, src):
    s = socket.socket()
    s.bind((src, 0))
    s.settimeout(5)
    s.connect(("127.0.0.1", port))
    s.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    return s.recv(100).split(b"\r\n")[0]
# Seven clients that never read, one that does.
stalled = [stream(rcvbuf=1024) for _ in range(7)]
reader = stream()
reader.settimeout(5)
got, end = b"", time.monotonic() + 3.5
while time.monotonic() < end:
    got += reader.recv(65536)
events = got.count(b"\ndata: ") + got.startswith(b"data: ")
assert events >= 3, "the reader got %d events in 3.5 s" % events
print("reader: %d events beside 7 stalled clients" % events)
status = get(b"/events", "127.0.0.2")
assert b" 503 " in status, "a ninth stream: %r" % status
print("ninth stream: %r" % status)
status = get(b"/metrics", "127.0.0.2")
assert b" 200 " in status, "a scrape beside 8 streams: %r" % status
for s in stalled + [reader]:
    s.close()
PY
)
check "/events bounded: stalled clients hold nobody, a ninth stream gets 503, scrapes served" $? "$out"
wait_for 10 stream_ok
check "streams served again after they closed" $? "$(curl -s "$url/metrics")"

# A client that stops reading is cut once HTTP_SSE_BACKLOG (256 KiB) is
# queued for it, while another keeps getting its events: a second feeder
# sends an event every 20 ms so that it falls behind in seconds.
port2=$(free_port)
"$feed" "127.0.0.1:$port2" 20 2>"$tmp/feed2.err" &
pids+=($!)
wait_for 10 grep -qs serving "$tmp/feed2.err"
out=$("$python" - "$port2" <<'PY' 2>&1
import socket, sys, time, urllib.request
port = int(sys.argv[1])
def stream(rcvbuf=None):
    s = socket.socket()
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.connect(("127.0.0.1", port))
    s.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
    return s
def metric(name):
    m = urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=5).read()
    return int(dict(l.split() for l in m.decode().splitlines())[name])
stalled = stream(rcvbuf=4096)
reader = stream()
reader.settimeout(5)
got, end = 0, time.monotonic() + 60
while metric("live_slow_dropped") < 1:
    assert time.monotonic() < end, "the stalled client was never cut"
    got += reader.recv(1 << 20).count(b"data: ")
cut = time.monotonic()
print("stalled client cut after %.1f s; the reader got %d events meanwhile" % (
    60 - (end - cut), got))
assert got > 10, "the reader got %d events" % got
assert metric("live_slow_dropped") == 1, "the reader was cut too"
# The cut client reads what the kernel holds, then the end of the stream.
stalled.settimeout(5)
try:
    while stalled.recv(1 << 20):
        pass
    print("the stalled client's stream ended")
except ConnectionResetError:
    print("the stalled client's connection was reset")
assert metric("live_streams") == 1, metric("live_streams")
PY
)
check "a client 256 KiB behind is cut, the others keep their stream" $? "$out"

# --- the page in Chromium ---------------------------------------------------------------
if ! command -v chromium >/dev/null; then
	not_ok "Chromium" "chromium not found (Debian's chromium package; scripts/deps.sh)"
elif [[ ! -d $top/web/node_modules/playwright-core ]]; then
	not_ok "playwright-core" "web/node_modules missing (scripts/deps.sh runs npm ci in web/)"
else
	mkdir -p "$artifacts"
	out=$(timeout 120 node "$top/tests/userland/live_browser.mjs" "$url/" \
		"$tmp/truth.json" "$artifacts/live.png" "$tmp/chromium-profile" 2>&1)
	st=$?
	# Its TAP lines, renumbered into ours.
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "chromium: ${line#ok * - }" ;;
		"not ok "*) not_ok "chromium: ${line#not ok * - }" ;;
		"# "*) echo "$line" ;;
		esac
	done <<<"$out"
	[[ $st == 0 ]] || grep -q '^not ok' <<<"$out" ||
		not_ok "chromium test exited with status $st" "$out"
fi

done_testing
