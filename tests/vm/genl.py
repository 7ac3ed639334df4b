#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Raw generic netlink requests to the vsw family, for tests.

vswctl checks its arguments before it talks to the kernel; this client does
not, so tests can show that the module itself refuses bad input, and that
every refusal carries an extended-ack message.

    genl.py CMD [ATTR:TYPE:VALUE]... [--flags dump]
        CMD    a vsw command number or name (switch-new, switch-del, ...)
        ATTR   attribute number
        TYPE   str (NUL-terminated), raw (string, no NUL), hex (bytes),
               u8, u16, u32, u64, ip (dotted quad), mac (xx:xx:..),
               nest (VALUE: sub-attributes ATTR:TYPE:VALUE joined by ';',
               e.g. 7:nest:1:u32:5;2:u32:5001)
    Prints one line: "errno=N msg=... missing=N offset=N" for the ack, or
    "ok" (and the number of messages of a dump). Exit 0 unless the client
    itself failed.

    genl.py --join FAMILY:GROUP
        join a multicast group (e.g. vsw:events, psample:packets); prints
        "ok" or "errno=N ...".
"""
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 3, 1, 2
CTRL_ATTR_MCAST_GROUPS, CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 7, 1, 2
NETLINK_ADD_MEMBERSHIP = 1
SOL_NETLINK, NETLINK_EXT_ACK = 270, 11
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS, NLMSGERR_ATTR_MISS_TYPE = 1, 2, 5

COMMANDS = {
    "switch-new": 1, "switch-del": 2, "switch-get": 3, "switch-set": 4,
    "uplink-set": 5, "uplink-del": 6, "port-new": 7, "port-del": 8,
    "port-get": 9, "policy-new": 10, "policy-del": 11, "policy-get": 12,
    "stats-get": 13, "sample-set": 15, "sample-get": 16,
}


def nla(atype, payload):
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    pad = (4 - len(payload) % 4) % 4
    return hdr + payload + b"\0" * pad


def parse_attrs(data):
    attrs = {}
    while len(data) >= 4:
        alen, atype = struct.unpack("=HH", data[:4])
        if alen < 4:
            break
        attrs[atype & 0x3FFF] = data[4:alen]
        data = data[(alen + 3) & ~3:]
    return attrs


class Genl:
    def __init__(self):
        self.sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                NETLINK_GENERIC)
        self.sk.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sk.bind((0, 0))
        self.seq = 1

    def request(self, family, cmd, payload, flags=0, version=1, raw=None):
        """Send one request; return (errno, extack attributes, messages).

        raw, if given, is sent as the whole generic netlink payload (header
        included) instead of the header built from cmd and version. Replies
        to earlier requests (a dump's late ack) are skipped by sequence
        number. The error of a dump that fails once started comes in its
        NLMSG_DONE, with its extended ack: it is returned the same way.
        """
        self.seq += 1
        body = struct.pack("=BBH", cmd, version, 0) + payload
        if raw is not None:
            body = raw
        hdr = struct.pack("=IHHII", 16 + len(body), family,
                          NLM_F_REQUEST | NLM_F_ACK | flags, self.seq, 0)
        self.sk.send(hdr + body)
        msgs = []
        while True:
            data = self.sk.recv(1 << 16)
            while len(data) >= 16:
                mlen, mtype, mflags, mseq, _ = struct.unpack("=IHHII", data[:16])
                msg = data[16:mlen]
                data = data[(mlen + 3) & ~3:]
                if mseq != self.seq:
                    continue
                if mtype == NLMSG_DONE:
                    err = struct.unpack("=i", msg[:4])[0] if len(msg) >= 4 else 0
                    ext = parse_attrs(msg[4:]) if mflags & NLM_F_ACK_TLVS else {}
                    return -err, ext, msgs
                if mtype == NLMSG_ERROR:
                    err = struct.unpack("=i", msg[:4])[0]
                    ext = {}
                    if mflags & NLM_F_ACK_TLVS:
                        # The request is echoed whole unless capped,
                        # and the TLVs start aligned after it.
                        off = 4 + (16 if mflags & NLM_F_CAPPED else
                                   (struct.unpack("=I", msg[4:8])[0] + 3) & ~3)
                        ext = parse_attrs(msg[off:])
                    if err == 0 and flags & NLM_F_DUMP:
                        continue
                    return -err, ext, msgs
                msgs.append(msg)

    def family(self, name, groups=None):
        """The family's id; with groups (a dict), also fill it with the
        family's multicast groups, name -> id."""
        err, _, msgs = self.request(
            GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
            nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        if err or not msgs:
            sys.exit("genl.py: family %s not found (errno %d)" % (name, err))
        attrs = parse_attrs(msgs[0][4:])
        if groups is not None:
            for grp in parse_attrs(attrs.get(CTRL_ATTR_MCAST_GROUPS, b"")).values():
                g = parse_attrs(grp)
                groups[g[CTRL_ATTR_MCAST_GRP_NAME].rstrip(b"\0").decode()] = \
                    struct.unpack("=I", g[CTRL_ATTR_MCAST_GRP_ID][:4])[0]
        return struct.unpack("=H", attrs[CTRL_ATTR_FAMILY_ID][:2])[0]

    def join(self, family, group):
        """Join a multicast group of a family: 0 or an errno."""
        groups = {}
        self.family(family, groups)
        if group not in groups:
            sys.exit("genl.py: family %s has no group %s" % (family, group))
        try:
            self.sk.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
                               groups[group])
        except OSError as e:
            return e.errno
        return 0


def encode(spec):
    num, typ, val = spec.split(":", 2)
    num = int(num, 0)
    enc = {
        "str": lambda v: v.encode() + b"\0",
        "raw": lambda v: v.encode(),
        "hex": bytes.fromhex,
        "u8": lambda v: struct.pack("=B", int(v, 0)),
        "u16": lambda v: struct.pack("=H", int(v, 0)),
        "u32": lambda v: struct.pack("=I", int(v, 0)),
        "u64": lambda v: struct.pack("=Q", int(v, 0)),
        "nest": lambda v: b"".join(encode(x) for x in v.split(";") if x),
        "ip": lambda v: socket.inet_aton(v),
        "mac": lambda v: bytes.fromhex(v.replace(":", "")),
    }[typ]
    return nla(num | (0x8000 if typ == "nest" else 0), enc(val))


def main(argv):
    flags = 0
    args = []
    for a in argv[1:]:
        if a == "--dump":
            flags |= NLM_F_DUMP
        elif a == "--replace":
            flags |= 0x100
        else:
            args.append(a)
    if not args:
        sys.exit(__doc__)
    g = Genl()
    if args[0] == "--join":
        fam, _, grp = args[1].partition(":")
        err = g.join(fam, grp)
        print("errno=%d %s" % (err, os.strerror(err)) if err else "ok")
        return
    fam = g.family("vsw")
    cmd = COMMANDS.get(args[0])
    cmd = int(args[0], 0) if cmd is None else cmd
    payload = b"".join(encode(s) for s in args[1:])
    err, ext, msgs = g.request(fam, cmd, payload, flags)
    if err:
        out = "errno=%d %s" % (err, os.strerror(err))
        if NLMSGERR_ATTR_MSG in ext:
            out += " msg=" + ext[NLMSGERR_ATTR_MSG].rstrip(b"\0").decode()
        if NLMSGERR_ATTR_MISS_TYPE in ext:
            out += " missing=%d" % struct.unpack("=I", ext[NLMSGERR_ATTR_MISS_TYPE])[0]
        if NLMSGERR_ATTR_OFFS in ext:
            out += " offset=%d" % struct.unpack("=I", ext[NLMSGERR_ATTR_OFFS])[0]
        print(out)
    else:
        print("ok messages=%d" % len(msgs))


if __name__ == "__main__":
    main(sys.argv)
