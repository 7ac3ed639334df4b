#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 83-robust-netlink-perm: without CAP_NET_ADMIN over the network
# namespace, every command, reads (tenants' addresses) as well as changes,
# is refused with EPERM, valid requests included (a "switch del" of an existing switch among
# them: nlfuzz.py --mode noperm sends each command's template as is, then
# hundreds of variants), and nothing changes; joining vsw's "events"
# group (policy misses name tenants' addresses) and psample's "packets"
# group (samples carry tenants' frames) is refused too. Three ways to lack
# the capability: root with CAP_NET_ADMIN dropped, an ordinary user, and
# root of a user namespace that does not own the network namespace
# (unshare -U -r without -n). Root may do all of it.
#
#	+-------------------------------------------+
#	| h1  sw0 (uplink nic0, port vm0), victim   |
#	|     nlfuzz.py --mode noperm, genl.py --join|
#	+-------------------------------------------+

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

require_cmd setpriv unshare
ns_new h1
nsx h1 modprobe psample
ipn h1 link add nic0 type veth peer name nic1
ipn h1 link add vm0 type veth peer name vm1
ipn h1 link add spare0 type veth peer name spare1
ipn h1 addr add 192.168.4.11/24 dev nic0
ipn h1 link set nic0 up
vswctl_in h1 switch add sw0
vswctl_in h1 switch add victim
vswctl_in h1 uplink set sw0 dev nic0 pa 192.168.4.11
vswctl_in h1 port add sw0 dev vm0 vsid 5001 mac 02:00:50:01:00:05
vswctl_in h1 policy add sw0 vsid 5001 ca 10.0.0.5 mac 02:00:50:01:00:05 pa 192.168.4.11

state() {
	local sw
	for sw in sw0 victim; do
		vswctl_in h1 -j switch show "$sw"
		vswctl_in h1 -j port show "$sw"
		vswctl_in h1 -j policy show "$sw"
	done
}

idx() { nsx h1 cat "/sys/class/net/$1/ifindex"; }
fuzz=("$VSW_REPO/tests/vm/nlfuzz.py" --mode noperm --iterations 300
	--port "$(idx vm0)" --uplink "$(idx nic0)" --spare "$(idx spare0)" --pa 192.168.4.11)
genl=("$VSW_REPO/tests/vm/genl.py")

declare -A how=(
	[nocap]="setpriv --inh-caps=-net_admin --bounding-set=-net_admin"
	[user]="setpriv --reuid=65534 --regid=65534 --clear-groups"
	[userns]="unshare -U -r"
)

before=$(state)
for who in nocap user userns; do
	say "# without CAP_NET_ADMIN over h1: $who"
	# shellcheck disable=SC2086 # the words of the command
	out=$(nsx h1 ${how[$who]} "$PYTHON" "${fuzz[@]}" --seed 83) || fail "$who: nlfuzz: $out"
	say "$out"
	assert_match 'mode noperm: 315 requests, .* 0 failed' "$out" "$who: every change refused"
	assert_eq "$(state)" "$before" "$who: nothing changed"
	# shellcheck disable=SC2086
	assert_eq "$(nsx h1 ${how[$who]} "$PYTHON" "${genl[@]}" --join vsw:events)" \
		"errno=1 Operation not permitted" "$who: join vsw events"
	# shellcheck disable=SC2086
	assert_eq "$(nsx h1 ${how[$who]} "$PYTHON" "${genl[@]}" --join psample:packets)" \
		"errno=1 Operation not permitted" "$who: join psample packets"
	# shellcheck disable=SC2086
	assert_fail_with 'Operation not permitted' nsx h1 ${how[$who]} vswctl monitor
	# Reading is refused too: it names tenants' CAs, MACs and PAs.
	# shellcheck disable=SC2086
	assert_fail_with 'CAP_NET_ADMIN required' nsx h1 ${how[$who]} vswctl switch show sw0
done

# Root may: the same joins succeed, and the templates are valid.
assert_eq "$(nsx h1 "$PYTHON" "${genl[@]}" --join vsw:events)" ok "root: join vsw events"
assert_eq "$(nsx h1 "$PYTHON" "${genl[@]}" --join psample:packets)" ok "root: join psample packets"
assert_ok vswctl_in h1 switch del victim
assert_ok vswctl_in h1 port add sw0 dev spare0 vsid 5001 mac 02:00:50:01:00:99

# Root of a user namespace that owns its network namespace may, there.
assert_eq "$(unshare -U -r -n "$PYTHON" "${genl[@]}" --join vsw:events)" ok \
	"owner of its own netns: join vsw events"
