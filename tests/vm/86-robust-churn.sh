#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 480
#
# 86-robust-churn: policy churn while three tenants' traffic flows. Blue,
# Red and Green each have a VM at 10.0.0.5 on hv1 sending datagrams
# tagged with their tenant to 10.0.0.7, their VM on hv2. Meanwhile both
# hosts run "vswctl -b" batches in a loop: every record replaced again
# and again, Blue's 10.0.0.7 pointed alternately at blue2's MAC and at
# red2's (a wrong record must not make a frame cross to Red), Red's
# alternately at hv2 and at hv1 (where it has no port), and hundreds of
# extra records added and deleted in every VSID (the table grows and
# shrinks under the readers). Every receiver gets its own tenant's
# datagrams and not one of another tenant's; the kernel logs no RCU
# stall, lockdep or other report (the harness checks).
#
#	blue1, red1, green1 (10.0.0.5) --+ hv1 ==== wire ==== hv2 +-- blue2, red2, green2 (10.0.0.7)
#	                                  vswctl -b churn          vswctl -b churn

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

secs=${CHURN_SECS:-20}
topo_vm_define green1 hv1 7001 10.0.0.5 02:00:70:01:00:05
topo_vm_define green2 hv2 7001 10.0.0.7 02:00:70:01:00:07
topo_seed
for vm in green1 green2; do
	topo_vm "$vm"
	topo_port "$vm"
done
topo_policy hv1 green1 green2
topo_policy hv2 green1 green2
for t in blue red green; do
	nsx "${t}1" ip neigh replace 10.0.0.7 lladdr "${VM_MAC[${t}2]}" dev eth0 nud permanent
	nsx "${t}2" ip neigh replace 10.0.0.5 lladdr "${VM_MAC[${t}1]}" dev eth0 nud permanent
done

# The churn: one batch file per host, run in a loop.
for h in hv1 hv2; do
	"$PYTHON" -S - "$TMPDIR/churn.$h" <<'PY'
import sys
pa = {"hv1": "192.168.4.11", "hv2": "192.168.4.22"}
rec = "policy %s sw0 vsid %d ca %s mac %s pa %s"
with open(sys.argv[1], "w") as f:
    for r in range(4):
        for t, vsid in (("50:01", 5001), ("60:01", 6001), ("70:01", 7001)):
            f.write(rec % ("replace", vsid, "10.0.0.5", "02:00:%s:00:05" % t, pa["hv1"]) + "\n")
            f.write(rec % ("replace", vsid, "10.0.0.7", "02:00:%s:00:07" % t, pa["hv2"]) + "\n")
        f.write(rec % ("replace", 5001, "10.0.0.7", "02:00:60:01:00:07", pa["hv2"]) + "\n")
        f.write(rec % ("replace", 6001, "10.0.0.7", "02:00:60:01:00:07", pa["hv1"]) + "\n")
        for vsid in (5001, 6001, 7001):
            for i in range(100):
                f.write(rec % ("add", vsid, "10.1.%d.%d" % (r, i), "02:00:00:00:%02x:%02x" % (r, i), pa["hv2"]) + "\n")
        for vsid in (5001, 6001, 7001):
            for i in range(100):
                f.write("policy del sw0 vsid %d ca 10.1.%d.%d\n" % (vsid, r, i))
    # Back to the truth at the end of every pass.
    for t, vsid in (("50:01", 5001), ("60:01", 6001), ("70:01", 7001)):
        f.write(rec % ("replace", vsid, "10.0.0.7", "02:00:%s:00:07" % t, pa["hv2"]) + "\n")
PY
done
say "# a churn pass is $(wc -l <"$TMPDIR/churn.hv1") commands"

cat >"$TMPDIR/send.py" <<'PY'
import socket, sys, time
tag, secs = sys.argv[1], float(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end, i = time.monotonic() + secs, 0
while time.monotonic() < end:
    for _ in range(10):
        i += 1
        s.sendto(b"%s %d" % (tag.encode(), i), ("10.0.0.7", 7000))
    time.sleep(0.01)
PY

for t in blue red green; do
	udp_sink "${t}2" 7000 "$TMPDIR/$t.got"
done
for h in hv1 hv2; do
	nsx_bg "$h" bash -c "n=0; while [[ ! -e '$TMPDIR/stop' ]]; do vswctl -b '$TMPDIR/churn.$h' 2>>'$TMPDIR/churn.$h.err' || exit 1; n=\$((n + 1)); echo \$n >'$TMPDIR/passes.$h'; done"
	eval "churn_$h=\$BG_PID"
done
start=$EPOCHREALTIME
senders=()
for t in blue red green; do
	nsx_bg "${t}1" "$PYTHON" -S "$TMPDIR/send.py" "$t" "$secs"
	senders+=("$BG_PID")
done
for p in "${senders[@]}"; do
	wait "$p"
done
# The loops end after the pass they are in (killed, its vswctl would go
# on and could undo what is restored below).
touch "$TMPDIR/stop"
# shellcheck disable=SC2154 # set by eval
wait "$churn_hv1" "$churn_hv2" || true
end=$EPOCHREALTIME
for h in hv1 hv2; do
	[[ ! -s $TMPDIR/churn.$h.err ]] || fail "the churn on $h failed: $(cat "$TMPDIR/churn.$h.err")"
	[[ -s $TMPDIR/passes.$h ]] || fail "the churn on $h did not complete one pass"
	say "$h: $(cat "$TMPDIR/passes.$h") passes of $(wc -l <"$TMPDIR/churn.$h") commands in $(awk "BEGIN { printf \"%.0f\", $end - $start }") s"
done

# Whatever the churn left, the truth again; then one last datagram each.
for h in hv1 hv2; do
	for vm in blue1 red1 green1 blue2 red2 green2; do
		vswctl_in "$h" policy replace sw0 vsid "${VM_VSID[$vm]}" ca "${VM_CA[$vm]}" \
			mac "${VM_MAC[$vm]}" pa "${TOPO_PA[${VM_HOST[$vm]}]}"
	done
done
for t in blue red green; do
	udp_send "${t}1" 10.0.0.7 7000 "$t last"
done
for t in blue red green; do
	wait_until 30 grep -q "^10.0.0.5 $t last\$" "$TMPDIR/$t.got"
	n=$(grep -c . "$TMPDIR/$t.got")
	other=$(grep -cv "^10.0.0.5 $t [0-9a-z]*\$" "$TMPDIR/$t.got" || true)
	say "${t}2 got $n datagrams, $other not of $t"
	((n > 1)) || fail "${t}2 got nothing during the churn"
	assert_eq "$other" 0 "datagrams ${t}2 got from another tenant"
done
