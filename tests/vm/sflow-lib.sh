# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/vm/sflow-lib.sh - helpers for the sFlow VM tests (60-69). Source it
# after lib.sh:
#
#	. "$(dirname "$0")/lib.sh"
#	. "$(dirname "$0")/sflow-lib.sh"
#
#   sflow_collector NS FILE     a collector on 127.0.0.1 in NS: a UDP
#                               receiver writing each datagram to the pcap
#                               FILE as it arrives; its port in
#                               SFLOW_PORT, its pid in SFLOW_COLLECTOR_PID
#   sflowd_start NS ARGS...     vsw-sflowd in NS sending to the collector,
#                               stderr to $TMPDIR/sflowd.log; returns once
#                               it runs; its pid in SFLOWD_PID
#   sflowd_stop                 SIGTERM it; it must exit 0
#   sflow_wait FILE SECS EXPR   wait until the decoded datagrams of FILE
#                               (list d, see sflow_py) make EXPR true
#   sflow_py FILE CODE [ARG...] run Python CODE with d = the datagrams of
#                               the pcap FILE, decoded strictly (every
#                               length checked, nothing left over), and
#                               the helpers of the decoder in scope; ARGs
#                               in sys.argv[2:]
#   sflow_tshark_clean FILE     tshark decodes every datagram of FILE as
#                               sFlow v5, with no malformed mark and no
#                               expert error or warning
#   udp_blast NS DST PORT N     send N UDP datagrams (source port 4000,
#                               payload "vsw NNNNNNNN" numbered from 1)
#                               as fast as the VM allows; prints N
#   udp_discard NS PORT         bind PORT in NS and read everything (no
#                               ICMP unreachables back); pid in BG_PID
#   sample_json NS DEV KEY      a field of "vswctl -j sample show sw0" for
#                               DEV (pool, samples, rate...)

SFLOW_PORT=
# shellcheck disable=SC2034 # for the tests that source this file
SFLOW_COLLECTOR_PID=
SFLOWD_PID=

_vsw_py_sflow_collector='
import os, socket, struct, sys, time
port_file, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
s.bind(("127.0.0.1", 0))
f = open(out, "wb", buffering=0)
f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
with open(port_file + ".tmp", "w") as p:
    p.write(str(s.getsockname()[1]))
os.rename(port_file + ".tmp", port_file)
def csum(b):
    t = sum(struct.unpack("!10H", b))
    while t >> 16:
        t = (t & 0xffff) + (t >> 16)
    return ~t & 0xffff
n = 0
while True:
    d, peer = s.recvfrom(65535)
    udp = struct.pack("!HHHH", peer[1], 6343, 8 + len(d), 0) + d
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), n & 0xffff, 0,
                     64, 17, 0, socket.inet_aton(peer[0]),
                     socket.inet_aton("127.0.0.1"))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    pkt = b"\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00" + ip + udp
    t = time.time()
    f.write(struct.pack("<IIII", int(t), int(t % 1 * 1e6), len(pkt), len(pkt))
            + pkt)
    n += 1
'

sflow_collector() {
	local ns=$1 file=$2
	rm -f "$file.port"
	nsx_bg "$ns" "$PYTHON" "$(_vsw_pyfile sflow_collector)" "$file.port" "$file"
	# shellcheck disable=SC2034 # for the tests that source this file
	SFLOW_COLLECTOR_PID=$BG_PID
	wait_until 60 test -s "$file.port"
	SFLOW_PORT=$(cat "$file.port")
	say "ok: collector in $ns on 127.0.0.1:$SFLOW_PORT writes $file"
}

sflowd_start() {
	local ns=$1
	shift
	: >"$TMPDIR/sflowd.log"
	nsx_bg "$ns" vsw-sflowd -c "127.0.0.1:$SFLOW_PORT" "$@" \
		2>"$TMPDIR/sflowd.log"
	SFLOWD_PID=$BG_PID
	wait_until 60 grep -q "counters every" "$TMPDIR/sflowd.log"
	say "$(cat "$TMPDIR/sflowd.log")"
}

sflowd_stop() {
	local rc=0
	kill -TERM "$SFLOWD_PID"
	wait "$SFLOWD_PID" || rc=$?
	say "$(cat "$TMPDIR/sflowd.log")"
	((rc == 0)) || fail "vsw-sflowd exited with status $rc on SIGTERM"
	grep -q "signal 15: exiting" "$TMPDIR/sflowd.log" ||
		fail "vsw-sflowd did not say it exits on SIGTERM"
	say "ok: vsw-sflowd exited 0 on SIGTERM"
}

# A strict sFlow v5 decoder: every structure vsw-sflowd sends, each length
# checked against its structure, padding zero, nothing left over.
# shellcheck disable=SC2016 # Python source: nothing in it is for the shell
_vsw_py_sflow_decode='
import socket, struct

class Bad(Exception):
    pass

class R:
    def __init__(self, b):
        self.b, self.o = b, 0
    def u32(self):
        if self.o + 4 > len(self.b):
            raise Bad("short at %d" % self.o)
        v = struct.unpack_from("!I", self.b, self.o)[0]
        self.o += 4
        return v
    def u64(self):
        return self.u32() << 32 | self.u32()
    def f32(self):
        return struct.unpack("!f", struct.pack("!I", self.u32()))[0]
    def raw(self, n):
        if self.o + n > len(self.b):
            raise Bad("short at %d" % self.o)
        v = self.b[self.o:self.o + n]
        self.o += n
        return v
    def opaque(self):
        n = self.u32()
        v = self.raw(n)
        pad = self.raw((4 - n % 4) % 4)
        if any(pad):
            raise Bad("padding not zero")
        return v
    def ip(self):
        return socket.inet_ntoa(self.raw(4))
    def done(self, what):
        if self.o != len(self.b):
            raise Bad("%s: %d bytes left" % (what, len(self.b) - self.o))

def records(r):
    out = []
    for _ in range(r.u32()):
        fmt, n = r.u32(), r.u32()
        out.append((fmt, R(r.raw(n))))
    return out

def sampled_ipv4(r):
    return dict(length=r.u32(), protocol=r.u32(), src=r.ip(), dst=r.ip(),
                sport=r.u32(), dport=r.u32(), tcp_flags=r.u32(), tos=r.u32())

def header_fields(h):
    f = dict(eth_dst=":".join("%02x" % x for x in h[0:6]),
             eth_src=":".join("%02x" % x for x in h[6:12]),
             ethertype=struct.unpack("!H", h[12:14])[0])
    if f["ethertype"] == 0x800 and len(h) >= 34:
        ihl = (h[14] & 15) * 4
        f.update(ip_src=socket.inet_ntoa(h[26:30]),
                 ip_dst=socket.inet_ntoa(h[30:34]), ip_proto=h[23])
        if h[23] == 17 and len(h) >= 14 + ihl + 8:
            u = 14 + ihl
            f.update(sport=struct.unpack("!H", h[u:u + 2])[0],
                     dport=struct.unpack("!H", h[u + 2:u + 4])[0],
                     payload=h[u + 8:])
    return f

def flow_sample(r):
    s = dict(kind="flow", seq=r.u32(), ds=(r.u32(), r.u32()), rate=r.u32(),
             pool=r.u32(), drops=r.u32(), input=(r.u32(), r.u32()),
             output=(r.u32(), r.u32()), formats=[])
    for fmt, rr in records(r):
        s["formats"].append(fmt)
        if fmt == 1:
            h = dict(protocol=rr.u32(), frame_length=rr.u32(),
                     stripped=rr.u32())
            h["bytes"] = rr.opaque()
            h.update(header_fields(h["bytes"]))
            s["header"] = h
        elif fmt in (1023, 1024):
            s["tunnel_egress" if fmt == 1023 else "tunnel_ingress"] = \
                sampled_ipv4(rr)
        elif fmt in (1029, 1030):
            s["vni_egress" if fmt == 1029 else "vni_ingress"] = rr.u32()
        else:
            raise Bad("unexpected flow record %d" % fmt)
        rr.done("flow record %d" % fmt)
    return s

IF_FIELDS = ("ifindex type speed direction status in_octets in_ucast "
             "in_mcast in_bcast in_discards in_errors in_unknown_protos "
             "out_octets out_ucast out_mcast out_bcast out_discards "
             "out_errors promisc").split()

def counter_sample(r):
    s = dict(kind="counters", seq=r.u32(), ds=(r.u32(), r.u32()), formats=[])
    for fmt, rr in records(r):
        s["formats"].append(fmt)
        if fmt == 1:
            c = {}
            for k in IF_FIELDS:
                c[k] = rr.u64() if k in ("speed", "in_octets",
                                         "out_octets") else rr.u32()
            s["if"] = c
        elif fmt == 2000:
            s["host_descr"] = dict(hostname=rr.opaque().decode(),
                                   uuid=rr.raw(16).hex(),
                                   machine=rr.u32(), os=rr.u32(),
                                   release=rr.opaque().decode())
        elif fmt == 2003:
            s["host_cpu"] = dict(load=(rr.f32(), rr.f32(), rr.f32()),
                                 v=[rr.u32() for _ in range(14)])
        elif fmt == 2004:
            s["host_memory"] = dict(v=[rr.u64() for _ in range(7)] +
                                    [rr.u32() for _ in range(4)])
        elif fmt == 2005:
            s["host_disk"] = dict(total=rr.u64(), free=rr.u64(),
                                  max_used=rr.u32(), v=[rr.u32(), rr.u64(),
                                  rr.u32(), rr.u32(), rr.u64(), rr.u32()])
        elif fmt == 2006:
            s["host_net"] = dict(v=[rr.u64(), rr.u32(), rr.u32(), rr.u32(),
                                    rr.u64(), rr.u32(), rr.u32(), rr.u32()])
        else:
            raise Bad("unexpected counter record %d" % fmt)
        rr.done("counter record %d" % fmt)
    return s

def datagram(b, t):
    if len(b) > 1400:
        raise Bad("datagram of %d bytes" % len(b))
    r = R(b)
    if r.u32() != 5 or r.u32() != 1:
        raise Bad("not sFlow v5 with an IPv4 agent")
    d = dict(t=t, agent=r.ip(), sub_agent=r.u32(), seq=r.u32(),
             uptime=r.u32(), samples=[])
    for _ in range(r.u32()):
        fmt, n = r.u32(), r.u32()
        rr = R(r.raw(n))
        if fmt == 3:
            d["samples"].append(flow_sample(rr))
        elif fmt == 4:
            d["samples"].append(counter_sample(rr))
        else:
            raise Bad("unexpected sample format %d" % fmt)
        rr.done("sample %d" % fmt)
    r.done("datagram")
    return d

def load(path):
    b = open(path, "rb").read()
    if len(b) < 24 or struct.unpack_from("<I", b)[0] != 0xa1b2c3d4:
        raise Bad("%s: not a pcap" % path)
    o, out = 24, []
    while o + 16 <= len(b):
        sec, usec, caplen, _ = struct.unpack_from("<IIII", b, o)
        pkt = b[o + 16:o + 16 + caplen]
        if len(pkt) < caplen:
            break		# the last one is being written
        o += 16 + caplen
        ihl = (pkt[14] & 15) * 4
        out.append(datagram(pkt[14 + ihl + 8:], sec + usec / 1e6))
    return out

def flows(d, ds=None):
    return [s for x in d for s in x["samples"]
            if s["kind"] == "flow" and (ds is None or s["ds"] == (0, ds))]

def eff_rate(f):
    """The effective sampling rate over the flow samples f (one sampler,
    in order), as a collector derives it: the frames the pool grew by
    from the first to the last, over the samples taken meanwhile
    (exported, plus lost as drops tell)."""
    taken = len(f) - 1 + f[-1]["drops"] - f[0]["drops"]
    return (f[-1]["pool"] - f[0]["pool"]) / taken

def check_eff_rate(f, rate, window=None, tol=0.2):
    """The effective rate over f (at least 10 samples), and over every
    run of `window` (>= 10) consecutive samples of f if given, is within
    tol of rate."""
    assert len(f) >= 10, "%d samples: too few to tell a rate" % len(f)
    runs = [f] + ([f[i:i + window] for i in range(len(f) - window + 1)]
                  if window else [])
    worst = max(runs, key=lambda r: abs(eff_rate(r) - rate))
    e = eff_rate(worst)
    print("effective sampling rate over %d samples: 1 in %.2f, worst of %d runs%s: 1 in %.2f (configured %d)"
          % (len(f), eff_rate(f), len(runs), " of %d" % window if window else "", e, rate))
    assert abs(e - rate) <= tol * rate, \
        "effective rate 1 in %.2f over the samples %d..%d (pools %d..%d, drops %d..%d), configured %d" % \
        (e, worst[0]["seq"], worst[-1]["seq"], worst[0]["pool"], worst[-1]["pool"],
         worst[0]["drops"], worst[-1]["drops"], rate)

def counters(d, ds=None):
    return [(x["t"], s) for x in d for s in x["samples"]
            if s["kind"] == "counters" and (ds is None or s["ds"] == ds)]
'

sflow_py() {
	# shellcheck disable=SC2154 # _vsw_main is lib.sh's
	local file=$1 code=$2 dir=${TMPDIR:-/tmp}/vsw-py.$_vsw_main
	shift 2
	_vsw_pyfile sflow_decode >/dev/null
	PYTHONPATH=$dir "$PYTHON" -c '
import sys
from sflow_decode import *
d = load(sys.argv[1])
'"$code" "$file" "$@"
}

_sflow_true() {
	sflow_py "$1" "sys.exit(0 if ($2) else 1)" 2>/dev/null
}

sflow_wait() {
	local file=$1 secs=$2 expr=$3
	wait_until "$secs" _sflow_true "$file" "$expr" ||
		fail "sflow_wait: $expr never became true"
}

sflow_tshark_clean() {
	local file=$1 bad expert
	bad=$(tshark -r "$file" -n -d udp.port==6343,sflow -T fields \
		-e frame.number -e _ws.malformed -e _ws.expert.severity 2>/dev/null |
		awk -F'\t' '$2 != "" || $3 != "" {print}')
	expert=$(tshark -r "$file" -n -d udp.port==6343,sflow -q -z expert 2>/dev/null |
		grep -iE '^(Errors|Warnings)|Malformed' || true)
	[[ -z $bad && -z $expert ]] ||
		fail "tshark finds errors in $file: $bad $expert"
	say "ok: tshark decodes $(tshark -r "$file" -n 2>/dev/null | wc -l) datagrams of $file without errors"
}

_vsw_py_udp_blast='
import socket, sys
dst, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 4000))
for i in range(1, n + 1):
    s.sendto(b"vsw %08d" % i, (dst, port))
print(n)
'
udp_blast() {
	nsx "$1" "$PYTHON" "$(_vsw_pyfile udp_blast)" "$2" "$3" "$4"
}

_vsw_py_udp_discard='
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", int(sys.argv[1])))
while True:
    s.recv(65535)
'
udp_discard() {
	nsx_bg "$1" "$PYTHON" "$(_vsw_pyfile udp_discard)" "$2"
	wait_listen "$1" "$2" udp
}

sample_json() {
	json_get "[s[\"$3\"] for s in j if s[\"dev\"] == \"$2\"][0]" \
		vswctl_in "$1" -j sample show "$TOPO_SWITCH"
}
