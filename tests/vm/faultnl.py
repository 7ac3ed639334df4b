#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Allocation failures injected into vsw requests, one at a time, for tests.

Systematic fault injection through /proc/self/task/TID/fail-nth (the
kernel's CONFIG_FAULT_INJECTION_DEBUG_FS, with failslab and
fail_page_alloc set by the caller to count every allocation: debugfs
ignore-gfp-wait N, min-order 0, verbose 0): each request is sent once
with no fault, which counts the allocations it makes (N), and then once
with each of allocations 1..N made to fail in turn. After each attempt:

  - an error was returned: everything vsw holds (the state command's
    output) is as it was before the request;
  - success was returned (the allocation that failed had a fallback):
    the state is the one the clean run left; the undo request restores
    the start;
  - the socket itself failed (ENOBUFS: the ack could not be allocated):
    either state is accepted, as netlink documents for a lost reply.

    faultnl.py --state CMD [--save CMD] --op NAME REQUEST UNDO [--op ...] [-v]
        --state  a shell command printing vsw's state (counters left out)
        --save   a shell command run before each op (to save what UNDO
                 restores)
        REQUEST  a request in tests/vm/genl.py's syntax, words separated
                 by spaces: "port-new 1:str:sw0 7:nest:1:u32:5;2:u32:5001"
        UNDO     a shell command that undoes it (vswctl ...)

Each op starts from the state the one before it left (its clean run is
done again at the end).

Prints one line per op (allocations counted, errors by errno, successes
despite a failure) and one per failure; exits 1 if any check failed.
"""
import argparse
import errno
import os
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genl  # noqa: E402

BIG = 1 << 30


class FailNth:
    """The calling thread's fail-nth counter, kept open: opening it again
    would itself allocate (and count)."""

    def __init__(self):
        path = "/proc/self/task/%d/fail-nth" % threading.get_native_id()
        self.fd = os.open(path, os.O_RDWR)

    def arm(self, n):
        os.pwrite(self.fd, b"%d" % n, 0)

    def disarm(self):
        """Stop injecting; return how many counted calls were left (0: the
        fault was injected)."""
        left = int(os.pread(self.fd, 32, 0))
        os.pwrite(self.fd, b"0", 0)
        return left


def parse_req(text):
    words = text.split()
    cmd = genl.COMMANDS.get(words[0])
    cmd = int(words[0], 0) if cmd is None else cmd
    return cmd, b"".join(genl.encode(w) for w in words[1:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--state", required=True)
    ap.add_argument("--save", default="")
    ap.add_argument("--op", nargs=3, action="append", required=True,
                    metavar=("NAME", "REQUEST", "UNDO"))
    ap.add_argument("-v", "--verbose", action="store_true")
    o = ap.parse_args()

    def state():
        r = subprocess.run(o.state, shell=True, capture_output=True,
                           text=True)
        if r.returncode:
            sys.exit("faultnl: the state command failed (status %d): %s"
                     % (r.returncode, r.stderr.strip()))
        return r.stdout

    fam = genl.Genl().family("vsw")
    fn = FailNth()
    failed = 0

    def send(req, nth):
        """Send req with allocation nth failing (BIG: none, but count
        them). Return (errno, counted calls left, socket error?)."""
        g = genl.Genl()
        sockerr = False
        fn.arm(nth)
        try:
            err = g.request(fam, *req)[0]
        except OSError as e:
            err, sockerr = e.errno, True
        left = fn.disarm()
        g.sk.close()
        return err, left, sockerr

    def undo(cmd):
        if cmd:
            subprocess.run(cmd, shell=True, check=True, capture_output=True)

    def check(what, got, want):
        nonlocal failed
        if got != want:
            failed += 1
            print("FAIL: %s: state differs\n--- expected\n%s--- found\n%s" %
                  (what, want, got))
            return False
        return True

    for name, rtext, ucmd in o.op:
        req = parse_req(rtext)
        undo(o.save)
        s0 = state()
        err, left, _ = send(req, BIG)
        if err:
            sys.exit("faultnl: %s: fails without a fault (errno %d)" % (name, err))
        calls = BIG - left
        s1 = state()
        undo(ucmd)
        check(name + ": undo of the clean run", state(), s0)
        errs = {}
        ok_despite = 0
        for n in range(1, calls + 1):
            err, left, sockerr = send(req, n)
            what = "%s, allocation %d of %d failed" % (name, n, calls)
            if left:
                # Fewer allocations this time: no fault was injected.
                what = "%s, allocation %d not reached" % (name, n)
            if o.verbose:
                print("%s: errno %d%s" % (what, err, " (socket)" if sockerr else ""))
            now = state()
            if err and (not sockerr or now == s0):
                errs[err] = errs.get(err, 0) + 1
                check(what + " (errno %d)" % err, now, s0)
                continue
            ok_despite += not left
            check(what + (" (reply lost)" if sockerr else " (success)"), now, s1)
            undo(ucmd)
            check(what + ": undo", state(), s0)
        # The next op starts where this one's clean run ended.
        if send(req, BIG)[0]:
            sys.exit("faultnl: %s: cannot redo" % name)
        check(name + ": redone", state(), s1)
        line = ("faultnl: %s: %d allocations, refused %s, succeeded despite "
                "a failure %d" % (name, calls, " ".join(
                    "%s:%d" % (errno.errorcode.get(e, e), c)
                    for e, c in sorted(errs.items())) or "-", ok_despite))
        print(line)
        # Progress, in the test's log while it runs (stdout is captured).
        print(line, file=sys.stderr, flush=True)
    print("faultnl: %d failed" % failed)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
