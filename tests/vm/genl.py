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

    def request(self, family, cmd, payload, flags=0, version=1):
        self.seq += 1
        body = struct.pack("=BBH", cmd, version, 0) + payload
        hdr = struct.pack("=IHHII", 16 + len(body), family,
                          NLM_F_REQUEST | NLM_F_ACK | flags, self.seq, 0)
        self.sk.send(hdr + body)
        msgs = []
        while True:
            data = self.sk.recv(1 << 16)
            while len(data) >= 16:
                mlen, mtype, mflags, _, _ = struct.unpack("=IHHII", data[:16])
                msg = data[16:mlen]
                data = data[(mlen + 3) & ~3:]
                if mtype == NLMSG_DONE:
                    return 0, {}, msgs
                if mtype == NLMSG_ERROR:
                    err = struct.unpack("=i", msg[:4])[0]
                    ext = {}
                    if mflags & NLM_F_ACK_TLVS:
                        off = 4 + (16 if mflags & NLM_F_CAPPED else
                                   struct.unpack("=I", msg[4:8])[0])
                        ext = parse_attrs(msg[off:])
                    if err == 0 and flags & NLM_F_DUMP:
                        continue
                    return -err, ext, msgs
                msgs.append(msg)

    def family(self, name):
        err, _, msgs = self.request(
            GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
            nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        if err or not msgs:
            sys.exit("genl.py: family %s not found (errno %d)" % (name, err))
        attrs = parse_attrs(msgs[0][4:])
        return struct.unpack("=H", attrs[CTRL_ATTR_FAMILY_ID][:2])[0]


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
