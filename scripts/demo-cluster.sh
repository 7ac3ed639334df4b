#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo, third part: runs inside the test VM (scripts/vm.sh --script).
# One policy for three hosts, kept in etcd (Debian's etcd-server, started
# here in the "wire" namespace): each host a network namespace with a vsw
# switch and its vswd. It shows the three hosts up in "vswctl --etcd
# status", makes ONE write to etcd ("vswctl --etcd --wait policy add"),
# shows that every host's kernel now has the record, a ping across hosts
# that needs it, and then kills hv3's vswd: hv3 shows as down once its
# lease (3 s here) has expired.
#
# Every command is printed before it runs ("+ [hv1] ..." runs in the
# namespace hv1). The demo fails if anything it shows does not work.
#
#	wire: br0 192.168.4.1, etcd on :2379
#	hv1 .11: blue1 10.0.0.5   hv2 .22: blue2 10.0.0.7   hv3 .33: blue3 10.0.0.9

top=$(cd "$(dirname "$0")/.." && pwd -P)
export PATH=$top/userland:$PATH
VSW_TEST_NAME=demo-cluster
VSW_NS_PREFIX=democ
# shellcheck source=tests/vm/lib.sh
. "$top/tests/vm/lib.sh"
TMPDIR=${TMPDIR:-$(mktemp -d)}

require_cmd etcd etcdctl curl vswd

HOSTS=(hv1 hv2 hv3)
ETCD=http://192.168.4.1:2379

title() {
	say ""
	say "=== $*"
}
vswc() {
	nsx wire vswctl --etcd "$ETCD" "$@"
}
host_is() {
	[[ $(ip netns exec "$(ns_name wire)" vswctl --etcd "$ETCD" status |
		awk -v h="$1" '$1 == h { print $2 }') == "$2" ]]
}
all_up() {
	local h
	for h in "${HOSTS[@]}"; do
		host_is "$h" up || return 1
	done
}

[[ -d /sys/module/vsw ]] || pp insmod "$top/kmod/vsw.ko"

title "Three hosts, one etcd: every host's vswd installs what etcd holds"
cat >&"$_vsw_out" <<'EOF'

                         etcd 192.168.4.1:2379
                                   |
        +--------------------------+--------------------------+
        |                          |                          |
  hv1 192.168.4.11           hv2 192.168.4.22           hv3 192.168.4.33
  vsw sw0 + vswd             vsw sw0 + vswd             vsw sw0 + vswd
        |                          |                          |
  blue1 10.0.0.5             blue2 10.0.0.7             blue3 10.0.0.9
                       (all in Blue, VSID 5001)

EOF
TOPO_PA[hv3]=192.168.4.33
topo_vm_define blue3 hv3 $VSID_BLUE 10.0.0.9 02:00:50:01:00:09
topo_wire
for h in "${HOSTS[@]}"; do
	topo_host "$h"
done
for vm in blue1 blue2 blue3; do
	topo_vm "$vm"
done
for h in "${HOSTS[@]}"; do
	topo_vsw "$h"
done
ipn wire addr add 192.168.4.1/24 dev br0

title "etcd (Debian's etcd-server, one member) in the wire namespace"
nsx_bg wire etcd --name demo --data-dir "$TMPDIR/etcd" \
	--listen-client-urls "$ETCD" --advertise-client-urls "$ETCD" \
	--listen-peer-urls http://127.0.0.1:2380 \
	--initial-advertise-peer-urls http://127.0.0.1:2380 \
	--initial-cluster demo=http://127.0.0.1:2380 --logger zap --log-level error
wait_until 120 nsx wire curl -sf -m 2 "$ETCD/health"

title "The VMs' ports and the records of blue1 and blue2, in one transaction"
cat >"$TMPDIR/place.vsw" <<EOF
port add hv1 dev blue1 vsid 5001 mac 02:00:50:01:00:05
port add hv2 dev blue2 vsid 5001 mac 02:00:50:01:00:07
port add hv3 dev blue3 vsid 5001 mac 02:00:50:01:00:09
policy add sw0 vsid 5001 ca 10.0.0.5 mac 02:00:50:01:00:05 pa 192.168.4.11
policy add sw0 vsid 5001 ca 10.0.0.7 mac 02:00:50:01:00:07 pa 192.168.4.22
EOF
cat "$TMPDIR/place.vsw" >&"$_vsw_out"
vswc -b "$TMPDIR/place.vsw"

title "vswd on each host; hv3's from a configuration file with a 3 s lease"
cat >"$TMPDIR/vswd.hv3.conf" <<EOF
endpoints $ETCD
host hv3
switch sw0
lease-ttl 3
EOF
cat "$TMPDIR/vswd.hv3.conf" >&"$_vsw_out"
declare -A VSWD
for h in hv1 hv2; do
	nsx_bg "$h" vswd -e "$ETCD" -H "$h" -s sw0
	VSWD[$h]=$BG_PID
done
nsx_bg hv3 vswd -f "$TMPDIR/vswd.hv3.conf"
VSWD[hv3]=$BG_PID
wait_until 60 all_up
vswc wait timeout 60

title "Every host, as etcd sees it: up, and the revision it applied"
vswc status

title "ONE write to etcd: blue3's record; --wait returns once every host has it"
vswc --wait policy add sw0 vsid 5001 ca 10.0.0.9 mac 02:00:50:01:00:09 pa 192.168.4.33

title "Every host's kernel has it"
for h in "${HOSTS[@]}"; do
	out=$(vswctl_in "$h" policy show sw0)
	say "$out"
	assert_match 'ca 10\.0\.0\.9 mac 02:00:50:01:00:09 pa 192\.168\.4\.33' "$out" \
		"$h's kernel has blue3's record"
done

title "blue1 (on hv1) and blue2 (on hv2) ping blue3 (on hv3)"
nsx blue1 ping -c 3 -i 0.2 -W 5 10.0.0.9
nsx blue2 ping -c 3 -i 0.2 -W 5 10.0.0.9

title "hv3's vswd dies (kill -9): hv3 is down once its lease expires"
pp kill -KILL "${VSWD[hv3]}"
wait "${VSWD[hv3]}" 2>/dev/null || true
t0=$EPOCHREALTIME
wait_until 30 host_is hv3 down
say "(hv3 down $(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $t0 }") s after the kill)"
out=$(vswc status)
say "$out"
assert_match '^hv3 down ' "$(grep '^hv3 ' <<<"$out")" "hv3 is down"
say "hv3's kernel keeps what it had: traffic flows while its agent is away"
nsx blue1 ping -c 2 -i 0.2 -W 5 10.0.0.9

title "Done: everything is taken down"
