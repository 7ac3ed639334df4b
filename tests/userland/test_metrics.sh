#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vsw-sflowd's Prometheus endpoint without vsw.ko, and the Grafana
# dashboard that reads it:
#  - promtool (Debian's prometheus package) checks the metrics rendered
#    from a made-up snapshot of two switches (test_metrics --dump) and
#    what a running daemon serves at -l ADDR:PORT (vsw_up 0 here);
#  - the endpoint answers GET and HEAD of /metrics with format 0.0.4, 404
#    elsewhere, 405 to other methods; a port in use is refused in one
#    line; connections from one client are bounded, and the daemon
#    serves again once they close;
#  - contrib/grafana/vsw.json is JSON, every expression names only
#    metrics the endpoint exports and parses as PromQL (promtool check
#    rules), and every variable it uses is defined.
# Output is TAP.
#
# Usage: test_metrics.sh [VSW-SFLOWD [TEST_METRICS]]

top=$(cd "$(dirname "$0")/../.." && pwd)
sflowd=${1:-$top/userland/vsw-sflowd}
dump=${2:-$top/tests/userland/test_metrics}
dashboard=$top/contrib/grafana/vsw.json
python=/usr/bin/python3
tmp=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$tmp"' EXIT

# shellcheck source=tests/userland/tap-lib.sh
. "$(dirname "$0")/tap-lib.sh"

if ! command -v promtool >/dev/null; then
	not_ok "promtool" "promtool not found (Debian's prometheus package; scripts/deps.sh)"
	done_testing
	exit 1
fi

# --- a made-up snapshot -----------------------------------------------------
"$dump" --dump >"$tmp/dump.prom"
out=$(promtool check metrics <"$tmp/dump.prom" 2>&1)
check "promtool check metrics: two switches, ports, samplers, agent" $? "$out"
families=$(sed -n 's/^# TYPE \([a-z_]*\) .*/\1/p' "$tmp/dump.prom" | sort)
dup=$(uniq -d <<<"$families")
[[ -n $families && -z $dup ]]
check "each family described once" $? "twice: $dup"

# --- the running daemon -------------------------------------------------------
port=$(free_port)
"$sflowd" -p 1 -c 127.0.0.1:9 -l "127.0.0.1:$port" >"$tmp/out" 2>"$tmp/err" &
pid=$!
pids+=("$pid")
url=http://127.0.0.1:$port
wait_for 10 grep -q "metrics at $url/metrics" "$tmp/err"
check "the daemon says where its metrics are" $? "$(cat "$tmp/err")"
curl -s -D "$tmp/headers" -o "$tmp/live.prom" "$url/metrics"
out=$(promtool check metrics <"$tmp/live.prom" 2>&1)
check "promtool check metrics: the daemon's endpoint" $? "$out"
grep -qi '^content-type: text/plain; version=0.0.4' "$tmp/headers" &&
	grep -q '^HTTP/1.1 200' "$tmp/headers"
check "200, text format 0.0.4" $? "$(cat "$tmp/headers")"
grep -qx 'vsw_up 0' "$tmp/live.prom" &&
	grep -q '^vsw_scrape_errors_total [1-9]' "$tmp/live.prom" &&
	grep -q '^vsw_sflowd_build_info{version="' "$tmp/live.prom"
check "without vsw.ko: vsw_up 0, the error counted" $? "$(grep -v '^#' "$tmp/live.prom")"
live=$(sed -n 's/^# TYPE \([a-z_]*\) .*/\1/p' "$tmp/live.prom" | sort)
[[ $live == "$families" ]]
check "the daemon describes every family the snapshot has" $? \
	"$(diff <(echo "$live") <(echo "$families"))"
code=$(curl -s -o /dev/null -w '%{http_code}' -I "$url/metrics")
[[ $code == 200 ]]
check "HEAD /metrics" $? "status $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url/other")
[[ $code == 404 ]]
check "404 elsewhere" $? "status $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d x "$url/metrics")
[[ $code == 405 ]]
check "405 to POST" $? "status $code"

# One client holds every connection it may (HTTP_PER_CLIENT_MAX, 8): the
# next is closed at once, and once they are gone a scrape is served.
out=$("$python" - "$port" <<'PY' 2>&1
import socket, sys
port = int(sys.argv[1])
held = [socket.create_connection(("127.0.0.1", port)) for _ in range(8)]
extra = socket.create_connection(("127.0.0.1", port))
extra.settimeout(5)
extra.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
try:
    got = extra.recv(100)
except ConnectionResetError:
    got = b""
assert got == b"", "a ninth connection was served: %r" % got[:40]
for s in held:
    s.close()
print("ninth refused")
PY
)
check "connections of one client are bounded" $? "$out"
wait_for 10 curl -sf -o /dev/null "$url/metrics"
check "served again after they closed" $? "$(tail -3 "$tmp/err")"

# The port is taken: one line, status 1.
"$sflowd" -p 1 -l "127.0.0.1:$port" >"$tmp/out2" 2>"$tmp/err2" </dev/null
rc=$?
grep -q "^vsw-sflowd: cannot listen on 127.0.0.1:$port: " "$tmp/err2" && [[ $rc == 1 ]]
check "a port in use: status 1, said" $? "status $rc" "$(cat "$tmp/err2")"

kill -TERM "$pid"
wait "$pid"
rc=$?
[[ $rc == 0 ]]
check "SIGTERM ends it with status 0" $? "status $rc"

# --- the Grafana dashboard ----------------------------------------------------
out=$("$python" - "$dashboard" "$tmp/dump.prom" "$tmp/rules.yml" <<'PY' 2>&1
import json, re, sys
d = json.load(open(sys.argv[1]))
exported = set(re.findall(r"^# TYPE (\S+) ", open(sys.argv[2]).read(), re.M))
variables = {v["name"] for v in d["templating"]["list"]} | {"__rate_interval"}
exprs, ids = [], set()
for p in d["panels"]:
    assert p["id"] not in ids, "panel id %d twice" % p["id"]
    ids.add(p["id"])
    if p["type"] == "row":
        continue
    assert p.get("targets"), "panel %r has no query" % p["title"]
    exprs += [t["expr"] for t in p["targets"]]
exprs += [v["definition"] for v in d["templating"]["list"] if "definition" in v]
for e in exprs:
    for m in re.findall(r"\bvsw_[a-z0-9_]+", e):
        assert m in exported, "%r names %s, which the endpoint does not export" % (e, m)
    for v in re.findall(r"\$\{?(\w+)", e):
        assert v in variables, "%r uses $%s, not defined" % (e, v)
# Every query as a recording rule, for promtool to parse as PromQL.
with open(sys.argv[3], "w") as f:
    f.write("groups:\n- name: dashboard\n  rules:\n")
    for i, e in enumerate(e for e in exprs if not e.startswith("label_values")):
        e = e.replace("$__rate_interval", "5m").replace("$switch", ".*")
        f.write("  - record: dashboard:expr%d\n    expr: %s\n" % (i, json.dumps(e)))
print("%d expressions, all of exported metrics" % len(exprs))
PY
)
check "dashboard: JSON, every expression of exported metrics" $? "$out"
out=$(promtool check rules "$tmp/rules.yml" 2>&1)
check "dashboard: every expression parses (promtool check rules)" $? "$out"

done_testing
