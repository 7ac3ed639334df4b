#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A policy dump of a switch that is deleted while it is read, for tests.

    dumpdel.py SWITCH CMD...
        dumps SWITCH's policy records, reads the first part of the dump,
        runs CMD (which deletes the switch), reads the rest. Prints
        "parts=N records=N intr=N done_intr=0|1 error=N": how many
        datagrams, records and messages flagged NLM_F_DUMP_INTR (DONE
        apart), and the dump's errno (0 if none).
"""
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genl  # noqa: E402

NLM_F_DUMP_INTR = 0x10
POLICY_GET, A_NAME, A_POLICY = 12, 1, 8


def main():
    sw, cmd = sys.argv[1], sys.argv[2:]
    g = genl.Genl()
    fam = g.family("vsw")
    body = struct.pack("=BBH", POLICY_GET, 1, 0) + genl.nla(A_NAME, sw.encode() + b"\0")
    g.seq += 1
    g.sk.send(struct.pack("=IHHII", 16 + len(body), fam,
                          genl.NLM_F_REQUEST | genl.NLM_F_ACK | genl.NLM_F_DUMP,
                          g.seq, 0) + body)
    parts = records = intr = done_intr = err = 0
    done = False
    while not done:
        data = g.sk.recv(1 << 16)
        parts += 1
        while len(data) >= 16:
            mlen, mtype, mflags, mseq, _ = struct.unpack("=IHHII", data[:16])
            msg = data[16:mlen]
            data = data[(mlen + 3) & ~3:]
            if mseq != g.seq:
                continue
            if mtype == genl.NLMSG_DONE:
                err = -struct.unpack("=i", msg[:4])[0]
                done_intr = int(bool(mflags & NLM_F_DUMP_INTR))
                done = True
            elif mtype == genl.NLMSG_ERROR:
                err = -struct.unpack("=i", msg[:4])[0]
                done = True
            else:
                intr += bool(mflags & NLM_F_DUMP_INTR)
                # Records: the policy nests after the genetlink header.
                a = msg[4:]
                while len(a) >= 4:
                    alen, atype = struct.unpack("=HH", a[:4])
                    records += (atype & 0x3FFF) == A_POLICY
                    a = a[(alen + 3) & ~3:]
        if parts == 1 and not done:
            subprocess.run(cmd, check=True)
    print("parts=%d records=%d intr=%d done_intr=%d error=%d" % (
        parts, records, intr, done_intr, err))


if __name__ == "__main__":
    main()
