#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The writer of the cluster benchmark's propagation (scripts/bench/cluster.sh).

    etcdput.py URL

Prints "ready" once connected to etcd at URL (http://HOST:PORT), then
for each line "KEY VALUE" on stdin does one put (POST /v3/kv/put, on the
one kept-alive connection) and prints "T0 T1": time.time() (the clock of
bash's EPOCHREALTIME) just before the request is sent and once etcd's
answer is read. So a change is timed from its put, not from the start of
a process (which under emulation costs more than the put itself).
"""
import base64
import http.client
import json
import sys
import time
import urllib.parse


def b64(s):
    return base64.b64encode(s.encode()).decode()


def main():
    u = urllib.parse.urlsplit(sys.argv[1])
    c = http.client.HTTPConnection(u.hostname, u.port or 2379, timeout=60)
    c.connect()
    print("ready", flush=True)
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
