#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The writer of the cluster benchmark's propagation (scripts/bench/cluster.sh).

    etcdput.py URL
    etcdput.py URL txn N


Prints "ready" once connected to etcd at URL (http://HOST:PORT), then
for each line "KEY VALUE" on stdin does one put (POST /v3/kv/put, on the
one kept-alive connection) and prints "T0 T1": time.time() (the clock of
bash's EPOCHREALTIME) just before the request is sent and once etcd's
answer is read. So a change is timed from its put, not from the start of
a process (which under emulation costs more than the put itself).

With "txn N": reads every line first, then writes them in transactions
of N puts (POST /v3/kv/txn, again on one connection) and prints
"revision R" of the last, as "vswctl --etcd -b" does for one batch.
"""
import base64
import http.client
import json
import sys
import time
import urllib.parse


def b64(s):
    return base64.b64encode(s.encode()).decode()


def txn(c, n):
    lines = [l.rstrip("\n").split(" ", 1) for l in sys.stdin if l.strip()]
    rev = retries = 0
    for i in range(0, len(lines), n):
        ops = [{"requestPut": {"key": b64(k), "value": b64(v)}} for k, v in lines[i:i + n]]
        body = json.dumps({"success": ops}).encode()
        for attempt in range(4):
            c.request("POST", "/v3/kv/txn", body, {"Content-Type": "application/json"})
            r = c.getresponse()
            data = r.read()
            # etcd's "request timed out" (503, Unavailable) in a stalled
            # guest: plain puts, no compares, so sending again is safe
            if r.status != 503 or attempt == 3:
                break
            retries += 1
            sys.stderr.write("etcdput.py: txn at line %d: %s: again\n" % (i + 1, data[:100]))
        if r.status != 200:
            sys.exit("etcdput.py: txn at line %d: HTTP %d %s" % (i + 1, r.status, data[:200]))
        rev = int(json.loads(data)["header"]["revision"])
    sys.stderr.write("etcdput.py: %d transactions, %d sent again\n" % ((len(lines) + n - 1) // n, retries))
    print("revision %d" % rev, flush=True)


def main():
    u = urllib.parse.urlsplit(sys.argv[1])
    c = http.client.HTTPConnection(u.hostname, u.port or 2379, timeout=60)
    c.connect()
    print("ready", flush=True)
    if len(sys.argv) > 3 and sys.argv[2] == "txn":
        txn(c, int(sys.argv[3]))
        return
    for line in sys.stdin:
        key, value = line.rstrip("\n").split(" ", 1)
        body = json.dumps({"key": b64(key), "value": b64(value)}).encode()
        t0 = time.time()
        c.request("POST", "/v3/kv/put", body,
                  {"Content-Type": "application/json"})
        r = c.getresponse()
        data = r.read()
        t1 = time.time()
        if r.status != 200:
            sys.exit("etcdput.py: put %s: HTTP %d %s" % (key, r.status, data[:200]))
        print("%.6f %.6f" % (t0, t1), flush=True)


if __name__ == "__main__":
    main()
