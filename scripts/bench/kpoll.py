#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The kernel side of the cluster benchmark (scripts/bench/cluster.sh).

    kpoll.py SWITCH BASE N INTERVAL [READY]

vsw sends no event when a policy record is added, so this polls: one
VSW_CMD_SWITCH_GET (not a dump, no process started) of SWITCH every
INTERVAL seconds, reading its VSW_A_POLICY_COUNT. When the count reaches
BASE + i it prints "i TIME" (TIME: time.time(), the clock of bash's
EPOCHREALTIME), for i = 1..N, then exits. The resolution is INTERVAL plus
one request (reported at the end as "# polls P in S s"). READY, a file
name, is created after the first poll: the poller is running.
"""
import os
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "../../tests/vm"))
import genl  # noqa: E402

VSW_CMD_SWITCH_GET = 3
VSW_A_SWITCH_NAME = 1
VSW_A_POLICY_COUNT = 11


def main():
    sw, base, n, interval = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    g = genl.Genl()
    fam = g.family("vsw")
    req = genl.nla(VSW_A_SWITCH_NAME, sw.encode() + b"\0")
    i, polls, t0 = 1, 0, time.time()
    while i <= n:
        err, _, msgs = g.request(fam, VSW_CMD_SWITCH_GET, req)
        polls += 1
        if err or not msgs:
            sys.exit("kpoll.py: switch get %s: errno %d" % (sw, err))
        attrs = genl.parse_attrs(msgs[0][4:])
        count = struct.unpack("=I", attrs[VSW_A_POLICY_COUNT][:4])[0]
        now = time.time()
        if polls == 1 and len(sys.argv) > 5:
            open(sys.argv[5], "w").close()
        while i <= n and count >= base + i:
            print(i, "%.6f" % now, flush=True)
            i += 1
        if i <= n:
            time.sleep(interval)
    print("# polls %d in %.1f s" % (polls, time.time() - t0), flush=True)


if __name__ == "__main__":
    main()
