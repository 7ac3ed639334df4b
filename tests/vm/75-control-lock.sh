#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 600
#
# 75-control-lock: policy changes take their switch's lock, not RTNL, and a
# switch of many ports is torn down whole (issue 16, item 13).
#
# A. One netlink request of 500,000 policy records (one message, so that
#    the kernel applies it in one go, as no vswctl batch does: vswctl
#    sends 32 KiB requests) to sw0. While the kernel applies it, "ip link
#    add" and "ip link del" of a dummy device in the same namespace, and
#    a record added to another switch, complete before the request does.
#    Under RTNL (before), the device changes waited for the whole request
#    (and so did everything of vsw: the genetlink mutex).
# B. A switch with 256 ports (dummy devices) is deleted: every device is
#    let go (promiscuity back to 0, no rx_handler: each can be a port of
#    another switch at once, and be deleted), and the time the deletion
#    took is printed (not asserted: TCG).

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

ns_new h
vswctl_in h switch add sw0
vswctl_in h switch add sw9
# Loaded before, not in the window below.
pp ip -n "$(ns_name h)" link add lock0 type dummy
pp ip -n "$(ns_name h)" link del lock0
count() { json_get "j[0][\"policy\"]" vswctl_in h -j switch show "$1"; }

# --- A: a long request does not hold RTNL ----------------------------------
# One message of K distinct records, R times over, with the replace flag:
# K adds, then replaces of the same records (Python in TCG builds K, not
# K * R, records).
K=10000
R=50
cat >"$TMPDIR/big.py" <<'PY'
import socket, struct, sys, time
sys.path.insert(0, sys.argv[1])
import genl
k, r = int(sys.argv[2]), int(sys.argv[3])
g = genl.Genl()
fam = g.family("vsw")
# One message: room for it in the socket's send buffer (root may force it).
SO_SNDBUFFORCE = 32
g.sk.setsockopt(socket.SOL_SOCKET, SO_SNDBUFFORCE, 256 << 20)
# VSW_A_POLICY { VSID 5001, CA 11.x.x.x, MAC 02:00:x:x:x:x, PA 172.x.x.x }
rec = struct.Struct("=HH HHI HH4s HH6s2x HH4s")
block = b"".join(
    rec.pack(40, 8 | 0x8000, 8, 1, 5001,
             8, 2, struct.pack("!I", 0x0b000000 + i),
             10, 3, struct.pack("!HI", 0x0200, i),
             8, 4, struct.pack("!I", 0xac000000 + i))
    for i in range(k))
# VSW_A_SWITCH_NAME "sw0", VSW_A_POLICY_REPLACE, the records.
msg = genl.nla(1, b"sw0\0") + genl.nla(14, b"") + block * r
t = time.monotonic()
err, ext, _ = g.request(fam, 10, msg)
done = time.time()
sys.stderr.write("%d records in one request of %d bytes: the kernel took %.1fs\n"
                 % (k * r, len(msg), time.monotonic() - t))
print("errno=%d %s" % (err, ext.get(genl.NLMSGERR_ATTR_MSG, b"").decode()))
print("done=%.6f" % done)
PY
# The kernel is applying it once the first records are in: a poller,
# started first (Python starts slowly in TCG), reads sw0's record count
# and says so the moment it is not 0. Before, under RTNL and the
# genetlink mutex, its read waited for the whole request.
cat >"$TMPDIR/poll.py" <<'PY'
import struct, sys, time
sys.path.insert(0, sys.argv[1])
import genl
g = genl.Genl()
fam = g.family("vsw")
while True:
    # VSW_CMD_SWITCH_GET sw0; VSW_A_POLICY_COUNT is attribute 11.
    err, _, msgs = g.request(fam, 3, genl.nla(1, b"sw0\0"))
    if err:
        sys.exit("switch get: errno %d" % err)
    if struct.unpack("=I", genl.parse_attrs(msgs[0][4:])[11][:4])[0]:
        break
    time.sleep(0.05)
open(sys.argv[2], "w").close()
PY
nsx_bg h "$PYTHON" "$TMPDIR/poll.py" "$VSW_REPO/tests/vm" "$TMPDIR/started"
poller=$BG_PID
nsx_bg h "$PYTHON" "$TMPDIR/big.py" "$VSW_REPO/tests/vm" "$K" "$R" >"$TMPDIR/big.out" 2>&1
big=$BG_PID
started() {
	[[ -e $TMPDIR/started ]] && return
	kill -0 "$big" 2>/dev/null || fail "the sender ended first: $(cat "$TMPDIR/big.out")"
	return 1
}
wait_until 300 started
wait "$poller" || fail "the poller failed"
pp ip -n "$(ns_name h)" link add lock0 type dummy
pp ip -n "$(ns_name h)" link del lock0
links=$EPOCHREALTIME
vswctl_in h policy add sw9 vsid 5001 ca 10.0.0.1 mac 02:00:00:00:00:01 pa 192.168.4.22
other=$EPOCHREALTIME
wait "$big" || fail "the request's sender failed: $(cat "$TMPDIR/big.out")"
say "# $(head -1 "$TMPDIR/big.out")"
assert_eq "$(sed -n 2p "$TMPDIR/big.out")" "errno=0 " "the request's ack"
done=$(sed -n 's/^done=//p' "$TMPDIR/big.out")
say "# the links were done $(awk "BEGIN { printf \"%.2f\", $done - $links }")s, the record of sw9 $(awk "BEGIN { printf \"%.2f\", $done - $other }")s before the request"
awk "BEGIN { exit !($links < $done) }" ||
	fail "ip link add and del waited for the request to end"
awk "BEGIN { exit !($other < $done) }" ||
	fail "a record of another switch waited for the request to end"
assert_eq "$(count sw0)" "$K" "records of sw0"
assert_eq "$(count sw9)" 1 "records of sw9"

# --- B: a switch of 256 ports goes at once ---------------------------------
P=256
for i in $(seq 0 $((P - 1))); do
	echo "link add p$i type dummy"
	echo "link set p$i up"
done >"$TMPDIR/links"
pp ip -n "$(ns_name h)" -batch "$TMPDIR/links"
vswctl_in h switch add sw1
for i in $(seq 0 $((P - 1))); do
	printf 'port add sw1 dev p%d vsid %d mac 02:00:00:01:%02x:%02x\n' \
		"$i" $((5001 + i % 4)) $((i / 256)) $((i % 256))
done >"$TMPDIR/ports"
assert_ok vswctl_in h -b "$TMPDIR/ports"
assert_eq "$(json_get 'j[0]["ports"]' vswctl_in h -j switch show sw1)" "$P" "ports of sw1"
promisc() { ip -n "$(ns_name h)" -d -j link show type dummy |
	"$PYTHON" -c 'import json, sys; print(sum(1 for l in json.load(sys.stdin) if l.get("promiscuity")))'; }
assert_eq "$(promisc)" "$P" "promiscuous dummies"
start=$EPOCHREALTIME
vswctl_in h switch del sw1
took=$(awk "BEGIN { printf \"%.3f\", $EPOCHREALTIME - $start }")
say "# deleting a switch of $P ports took ${took}s"
assert_eq "$(promisc)" 0 "promiscuous dummies after the switch went"
# Every device is free: each can be a port again, and goes at once.
vswctl_in h switch add sw2
sed 's/ sw1 / sw2 /' "$TMPDIR/ports" >"$TMPDIR/ports2"
assert_ok vswctl_in h -b "$TMPDIR/ports2"
vswctl_in h switch del sw2
for i in $(seq 0 $((P - 1))); do
	echo "link del p$i"
done >"$TMPDIR/unlinks"
pp ip -n "$(ns_name h)" -batch "$TMPDIR/unlinks"
vswctl_in h switch del sw0
vswctl_in h switch del sw9
