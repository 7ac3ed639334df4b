#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile generic netlink input for the vsw family, for tests.

Builds, from a fixed seed, requests for every command of the family, each
a valid request (a template naming objects the test created) with one
thing made wrong: a required attribute missing, an unknown attribute
(beyond the policy's maxtype, or known to the family but not taken by the
command), an attribute of the wrong length or type, a value out of range,
the NLA_F_NESTED flag wrong, bytes left over or an attribute longer than
the message, an empty or garbled nest, an object that does not exist, an
invalid name, MAC or address. Plus a few malformed at the genetlink level
(unknown command, header cut short).

    nlfuzz.py [--seed N] [--iterations N] [--mode invalid|noperm]
              --port IFINDEX --uplink IFINDEX --spare IFINDEX --pa ADDR
        --port     a port of switch sw0
        --uplink   sw0's uplink device
        --spare    an Ethernet device that is not attached
        --pa       sw0's uplink PA

Templates name switch sw0 (with the port, uplink and PA above, TTL 64,
TOS inherit, FlowID hash, default policy-max, and the record vsid 5001 ca
10.0.0.5 mac 02:00:50:01:00:05 pa PA) and switch "victim" (empty). Sent
as is, a template sets what is already set, or fails, except these:
switch-new makes fz0, switch-del deletes victim, port-new attaches the
spare device.

--mode invalid (default): every request must be refused with an errno,
and, unless the genetlink core itself refuses it (unknown command, a
header cut short), with an extended-ack message.
--mode noperm: run without CAP_NET_ADMIN over the namespace; the
templates themselves are sent too (a valid "switch del victim" among
them), and every request, of a command that changes something or of one
that reads (reads name tenants' addresses), must be refused with EPERM.

Prints one line per failure and a summary; exit 0 if none failed. The
test compares the state before and after (tests/vm/82-robust-netlink.sh).
"""
import argparse
import os
import random
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genl  # noqa: E402

NLA_F_NESTED = 0x8000
NLM_F_DUMP = 0x300
EPERM, EOPNOTSUPP, ENOMEM, ENOBUFS = 1, 95, 12, 105

# Top-level attributes (include/uapi/linux/vsw.h).
NAME, FLOWID, TTL, TOS, UP_IFINDEX, UP_PA, PORT, POLICY, STATS = range(1, 10)
PORT_COUNT, POLICY_COUNT, POLICY_MAX, PAD, REPLACE, SAMPLE = range(10, 16)
A_MAX = SAMPLE
# Nested ones.
P_IFINDEX, P_VSID, P_MAC, P_STATS, P_PAD = range(1, 6)
R_VSID, R_CA, R_MAC, R_PA = range(1, 5)
S_IFINDEX, S_RATE, S_GROUP, S_TRUNC, S_POOL, S_SAMPLES, S_PAD = range(1, 8)

U8, U32, STR, MAC, ADDR, FLAG, NEST = "u8", "u32", "str", "mac", "addr", "flag", "nest"


class A:
    """One attribute of a template: type, kind, value (a list for nests)."""

    def __init__(self, t, kind, value, required=False, bad=(), nmax=0):
        self.t, self.kind, self.value = t, kind, value
        self.required, self.bad, self.nmax = required, list(bad), nmax

    def copy(self):
        v = [a.copy() for a in self.value] if self.kind == NEST else self.value
        return A(self.t, self.kind, v, self.required, self.bad, self.nmax)


def payload(a):
    if a.kind == U8:
        return struct.pack("=B", a.value)
    if a.kind == U32:
        return struct.pack("=I", a.value)
    if a.kind == STR:
        return a.value.encode() + b"\0"
    if a.kind == MAC:
        return bytes.fromhex(a.value.replace(":", ""))
    if a.kind == ADDR:
        return socket.inet_aton(a.value)
    if a.kind == FLAG:
        return b""
    if a.kind == NEST:
        return b"".join(enc(x) for x in a.value)
    if a.kind == "bytes":
        return a.value
    raise ValueError(a.kind)


def enc(a):
    t = a.t | (NLA_F_NESTED if a.kind == NEST else 0)
    return genl.nla(t, payload(a))


BAD_NAMES = ["", ".", "..", "a/b", "a b", "a:b", "a\tb", "x" * 16, "x" * 200]
BAD_MACS = ["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01",
            "03:00:00:00:00:01"]
BAD_ADDRS = ["0.0.0.0", "224.0.0.1", "239.1.2.3", "255.255.255.255"]
BAD_VSIDS = [0, 1, 4095, 0xffffff, 0x1000000, 0xffffffff]


def name(value, **kw):
    return A(NAME, STR, value, required=True, bad=[(STR, n) for n in BAD_NAMES], **kw)


def templates(o):
    """command name -> (number, changes state, [attributes])."""
    port = lambda required=True: A(PORT, NEST, [
        A(P_IFINDEX, U32, o.port, True, [(U32, 0), (U32, 999999)])],
        required=required, nmax=P_PAD)
    rec = lambda full: A(POLICY, NEST, [
        A(R_VSID, U32, 5001, True, [(U32, v) for v in BAD_VSIDS]),
        A(R_CA, ADDR, "10.0.0.5", True,
          [(ADDR, x) for x in BAD_ADDRS] if full else [])] + ([
            A(R_MAC, MAC, "02:00:50:01:00:05", True, [(MAC, m) for m in BAD_MACS]),
            A(R_PA, ADDR, o.pa, True, [(ADDR, x) for x in BAD_ADDRS])] if full else []),
        required=True, nmax=R_PA)
    return {
        "switch-new": (1, True, [name("fz0")]),
        "switch-del": (2, True, [name("victim")]),
        "switch-get": (3, False, [name("sw0")]),
        "switch-set": (4, True, [
            name("sw0"),
            A(FLOWID, U8, 0, bad=[(U8, v) for v in (2, 3, 255)]),
            A(TTL, U8, 64, bad=[(U8, 0)]),
            A(TOS, U8, 1),
            A(POLICY_MAX, U32, 1 << 21, bad=[(U32, v) for v in (0, (1 << 24) + 1, 0xffffffff)])]),
        "uplink-set": (5, True, [
            name("sw0"),
            A(UP_IFINDEX, U32, o.uplink, True, [(U32, 0), (U32, 1), (U32, 999999)]),
            A(UP_PA, ADDR, o.pa, True, [(ADDR, x) for x in BAD_ADDRS + ["192.0.2.1"]])]),
        # Run against victim, which has no uplink: refused if it arrives.
        "uplink-del": (6, True, [name("victim")]),
        # The spare device: valid as is (noperm mode sends it).
        "port-new": (7, True, [name("sw0"), A(PORT, NEST, [
            A(P_IFINDEX, U32, o.spare, True,
              [(U32, 0), (U32, 1), (U32, 999999), (U32, o.port), (U32, o.uplink)]),
            A(P_VSID, U32, 5001, True, [(U32, v) for v in BAD_VSIDS]),
            A(P_MAC, MAC, "02:00:50:01:00:99", True, [(MAC, m) for m in BAD_MACS])],
            required=True, nmax=P_PAD)]),
        # On victim, which has no port.
        "port-del": (8, True, [name("victim"), port()]),
        "port-get": (9, False, [name("sw0")]),
        "policy-new": (10, True, [name("sw0"), rec(True), A(REPLACE, FLAG, None)]),
        # On victim, whose table is empty.
        "policy-del": (11, True, [name("victim"), rec(False)]),
        "policy-get": (12, False, [name("sw0")]),
        # Without a port: the switch's stats.
        "stats-get": (13, False, [name("sw0"), port(required=False)]),
        "sample-set": (15, True, [name("sw0"), A(SAMPLE, NEST, [
            A(S_IFINDEX, U32, o.port, True, [(U32, 0), (U32, 1), (U32, 999999), (U32, o.spare)]),
            # Rate 0 on a port that is not sampled: changes nothing.
            A(S_RATE, U32, 0, True),
            A(S_TRUNC, U32, 128, bad=[(U32, 0), (U32, 65536), (U32, 0xffffffff)])],
            required=True, nmax=S_PAD)]),
        "sample-get": (16, False, [name("sw0")]),
    }


# Attributes each command's policy takes at the top level (netlink.c).
TAKES = {
    1: {NAME}, 2: {NAME}, 3: {NAME}, 4: {NAME, FLOWID, TTL, TOS, POLICY_MAX},
    5: {NAME, UP_IFINDEX, UP_PA}, 6: {NAME}, 7: {NAME, PORT}, 8: {NAME, PORT},
    9: {NAME}, 10: {NAME, POLICY, REPLACE}, 11: {NAME, POLICY, REPLACE},
    12: {NAME, POLICY, REPLACE}, 13: {NAME, PORT}, 15: {NAME, SAMPLE}, 16: {NAME},
}


def walk(attrs, path=()):
    """Every (path, attribute) of a template, nests included."""
    for i, a in enumerate(attrs):
        yield path + (i,), a
        if a.kind == NEST:
            yield from walk(a.value, path + (i,))


def at(attrs, path):
    for i in path[:-1]:
        attrs = attrs[i].value
    return attrs, path[-1]


def wrong_length(rng, a):
    """The attribute's payload made one of the wrong lengths for it."""
    if a.kind == U8:
        return rng.choice([b"", b"\0\0", struct.pack("=I", a.value)])
    if a.kind in (U32, ADDR):
        return rng.choice([b"", b"\1", b"\1\2", b"\1\2\3", b"\1\2\3\4\5",
                           struct.pack("=Q", 5001)])
    if a.kind == MAC:
        return rng.choice([b"", b"\2\0\0\0\0", b"\2\0\0\0\0\5\6"])
    if a.kind == FLAG:
        return rng.choice([b"\1", b"\0\0\0\0"])
    if a.kind == STR:
        # Not NUL-terminated, or longer than a name may be.
        return rng.choice([a.value.encode(), b"x" * rng.randint(16, 300) + b"\0",
                           b"x" * 1000])
    if a.kind == NEST:
        # A sub-attribute whose length runs past the nest, or garbage.
        return rng.choice([struct.pack("=HH", 200, 1) + b"\0" * 4,
                           struct.pack("=HH", 2, 1), b"\1\2\3"])
    raise ValueError(a.kind)


def mutate(rng, tpl, cmd, dump):
    """One invalid variant of the template: (description, payload)."""
    attrs = [a.copy() for a in tpl]
    kinds = ["unknown", "unsupported", "length", "nested_flag", "leftover",
             "overrun"]
    paths = list(walk(attrs))
    # A dump of every switch ignores a name (valid by the policy) given
    # with it: only malformed attributes are refused there.
    semantic = not (dump and cmd == 3)
    if semantic:
        kinds.append("missing_obj")
    if any(a.required for _, a in paths) and not dump:
        kinds.append("drop")
    if any(a.bad for _, a in paths) and semantic:
        kinds += ["range"] * 3
    if any(a.kind == NEST for _, a in paths):
        kinds += ["nest_empty", "nest_unknown"]
    kind = rng.choice(kinds)
    tail = b""
    if kind == "drop":
        path, a = rng.choice([(p, a) for p, a in paths if a.required])
        lst, i = at(attrs, path)
        del lst[i]
        what = "without attribute %d" % a.t
    elif kind == "unknown":
        t = rng.choice([A_MAX + 1, A_MAX + 2, 100, 0x3fff, rng.randint(A_MAX + 1, 0x3fff)])
        attrs.insert(rng.randint(0, len(attrs)),
                     A(t, "bytes", os.urandom(rng.choice([0, 1, 4, 8, 33]))))
        what = "with unknown attribute %d" % t
    elif kind == "unsupported":
        t = rng.choice([t for t in range(0, A_MAX + 1) if t not in TAKES[cmd]])
        attrs.append(A(t, "bytes", struct.pack("=I", 1)))
        what = "with attribute %d the command does not take" % t
    elif kind == "length":
        path, a = rng.choice(paths)
        lst, i = at(attrs, path)
        lst[i] = A(a.t | (NLA_F_NESTED if a.kind == NEST else 0), "bytes",
                   wrong_length(rng, a))
        what = "with attribute %d of a wrong length (%d bytes)" % (a.t, len(lst[i].value))
    elif kind == "range":
        path, a = rng.choice([(p, a) for p, a in paths if a.bad])
        k, v = rng.choice(a.bad)
        lst, i = at(attrs, path)
        lst[i] = A(a.t, k, v)
        what = "with attribute %d = %r" % (a.t, v)
    elif kind == "nested_flag":
        path, a = rng.choice(paths)
        lst, i = at(attrs, path)
        t = a.t if a.kind == NEST else a.t | NLA_F_NESTED
        lst[i] = A(t, "bytes", payload(a))
        what = "with attribute %d's NLA_F_NESTED flag wrong" % a.t
    elif kind == "leftover":
        tail = os.urandom(rng.randint(1, 3))
        what = "with %d bytes left over" % len(tail)
    elif kind == "overrun":
        # The last attribute claims more bytes than the message has.
        body = b"".join(enc(a) for a in attrs)
        if not body:
            body = genl.nla(NAME, b"sw0\0")
        last = len(body) - len(enc(attrs[-1])) if attrs else 0
        alen = len(body) - last + rng.choice([1, 4, 64, 4000])
        body = body[:last] + struct.pack("=H", alen) + body[last + 2:]
        return "with the last attribute longer than the message", body
    elif kind == "missing_obj":
        a = attrs[0]
        a.value = rng.choice(["nosuch", "sw1", "SW0", "sw0 "]) if a.t == NAME else a.value
        if cmd == 1:
            # switch-new of a name that is not there would succeed: make
            # it one that is.
            a.value = "sw0"
        what = "for switch %r" % a.value
    elif kind == "nest_empty":
        path, a = rng.choice([(p, a) for p, a in paths if a.kind == NEST])
        lst, i = at(attrs, path)
        lst[i] = A(a.t, NEST, [])
        what = "with attribute %d an empty nest" % a.t
    elif kind == "nest_unknown":
        path, a = rng.choice([(p, a) for p, a in paths if a.kind == NEST])
        t = rng.choice([0, a.nmax + 1, a.nmax + 7, 0x3fff])
        lst, i = at(attrs, path)
        a.value.append(A(t, "bytes", struct.pack("=I", 7)))
        what = "with unknown attribute %d in nest %d" % (t, a.t)
    return what, b"".join(enc(a) for a in attrs) + tail


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--iterations", type=int, default=3000)
    ap.add_argument("--mode", choices=("invalid", "noperm"), default="invalid")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--uplink", type=int, required=True)
    ap.add_argument("--spare", type=int, required=True)
    ap.add_argument("--pa", required=True)
    ap.add_argument("--faults", action="store_true",
                    help="allocations fail (failslab/fail_page_alloc with "
                    "task-filter, set up by the caller) while requests are sent")
    ap.add_argument("-v", "--verbose", action="store_true")
    o = ap.parse_args()

    rng = random.Random(o.seed)
    # os.urandom would make runs differ: garbage comes from the seed too.
    os.urandom = lambda n: bytes(rng.getrandbits(8) for _ in range(n))
    g = genl.Genl()
    fam = g.family("vsw")
    tpls = templates(o)
    names = sorted(tpls)
    n = refused = failed = 0
    errnos = {}
    if o.faults:
        # From here on, this task's allocations may fail (task-filter).
        # Kept open: opening it again would allocate.
        mif = os.open("/proc/self/make-it-fail", os.O_WRONLY)
        os.write(mif, b"1")

    def request(*args, **kw):
        try:
            return g.request(*args, **kw)
        except OSError as e:
            if not o.faults or e.errno not in (ENOMEM, ENOBUFS):
                raise
            return e.errno, {}, []

    def judge(cname, changes, what, err, ext, core=False):
        nonlocal refused, failed
        msg = ext.get(genl.NLMSGERR_ATTR_MSG, b"").rstrip(b"\0").decode(errors="replace")
        errnos[err] = errnos.get(err, 0) + 1
        bad = None
        if o.mode == "noperm":
            if err != EPERM:
                bad = "not refused with EPERM"
        elif not err:
            bad = "accepted"
        elif o.faults and err in (ENOMEM, ENOBUFS):
            pass
        elif not msg and not core:
            bad = "refused (errno %d) without an extended-ack message" % err
        if bad:
            failed += 1
            print("FAIL: %s %s: %s" % (cname, what, bad))
        else:
            refused += bool(err)
        if o.verbose:
            print("%s %s -> errno %d %s" % (cname, what, err, msg))

    # The genetlink core's own refusals: no extended ack from the family.
    if o.mode == "invalid":
        for cmd in (0, 14, 17, 99, 255):
            n += 1
            err, ext, _ = request(fam, cmd, genl.nla(NAME, b"sw0\0"))
            judge("cmd-%d" % cmd, True, "(unknown command)", err, ext, core=True)
        for raw in (b"", b"\1", b"\1\1", b"\1\1\0"):
            n += 1
            err, ext, _ = request(fam, 0, b"", raw=raw)
            judge("short", True, "(genetlink header of %d bytes)" % len(raw), err, ext,
                  core=True)
    else:
        # The templates as they are, valid ones included.
        for cname in names:
            cmd, changes, tpl = tpls[cname]
            n += 1
            err, ext, _ = request(fam, cmd, b"".join(enc(a) for a in tpl))
            judge(cname, changes, "(template)", err, ext)

    for _ in range(o.iterations):
        cname = rng.choice(names)
        cmd, changes, tpl = tpls[cname]
        # Port and policy gets are dumps only; switch-get is both.
        dump = cmd in (9, 12) or (cmd == 3 and rng.random() < 0.3)
        what, body = mutate(rng, tpl, cmd, dump)
        n += 1
        err, ext, _ = request(fam, cmd, body, NLM_F_DUMP if dump else 0)
        judge(cname + (" (dump)" if dump else ""), changes, what, err, ext)

    if o.faults:
        os.write(mif, b"0")
    print("nlfuzz: seed %d, mode %s: %d requests, %d refused, %d failed; errnos %s" % (
        o.seed, o.mode, n, refused, failed,
        " ".join("%d:%d" % kv for kv in sorted(errnos.items()))))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
