# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2153
#
# The dual-stack seed topology for tests 95-97, sourced after lib.sh
# (TOPO_PA, VM_CA and the other topology arrays come from there):
#
#   topo6 CA PA     the seed topology (blue1/red1 on hv1, blue2/red2 on
#                   hv2; blue and red reuse each other's addresses) where
#                   the VMs' addresses are IPv4 (CA=4) or IPv4 and IPv6
#                   (CA=6), and the records' PAs are IPv4 (PA=4) or IPv6
#                   (PA=6). The underlay MTU is 1600, the VMs' 1500, so
#                   everything fits either way.
#   dual_checks CA PA   what all three variants must show: ping across
#                   hosts in each tenant's family, ND answered by the
#                   switch with the MAC of the record, tenants apart, a
#                   miss for an unknown CA, a TCP stream, and the wire
#                   format confirmed by tshark.

declare -A VM_CA6=([blue1]=fd10::5 [red1]=fd10::5 [blue2]=fd10::7 [red2]=fd10::7)
declare -A TOPO_PA6=([hv1]=fd00:4::11 [hv2]=fd00:4::22)

v6on() {
	nsx "$1" sysctl -q -w "net.ipv6.conf.$2.disable_ipv6=0" \
		"net.ipv6.conf.$2.accept_dad=0"
}

topo6() {
	local ca=$1 pa=$2 h vm pa_of
	say "# dual-stack seed: CAs IPv$ca, PAs IPv$pa"
	topo_wire 1600
	for h in hv1 hv2; do
		topo_host "$h" 1600
		if [[ $pa == 6 ]]; then
			v6on "$h" nic0
			ipn "$h" -6 addr add "${TOPO_PA6[$h]}/64" dev nic0 nodad
		fi
	done
	for vm in blue1 red1 blue2 red2; do
		topo_vm "$vm" 1500
		if [[ $ca == 6 ]]; then
			# MLD reports (the only packets with a hop-by-hop
			# header here) would be flooded in the VSID at any
			# moment and move the counters checked below.
			nsx "$vm" tc qdisc add dev eth0 clsact
			nsx "$vm" tc filter add dev eth0 egress protocol ipv6 \
				u32 match u8 0 0xff at 6 action drop
			v6on "$vm" eth0
			ipn "$vm" -6 addr add "${VM_CA6[$vm]}/64" dev eth0 nodad
		fi
	done
	for h in hv1 hv2; do
		vswctl_in "$h" switch add sw0
		if [[ $pa == 6 ]]; then
			# Both PAs: records of either family can be reached.
			vswctl_in "$h" uplink set sw0 dev nic0 pa "${TOPO_PA[$h]}" \
				pa "${TOPO_PA6[$h]}"
		else
			vswctl_in "$h" uplink set sw0 dev nic0 pa "${TOPO_PA[$h]}"
		fi
		for vm in blue1 red1 blue2 red2; do
			[[ ${VM_HOST[$vm]} != "$h" ]] || topo_port "$vm"
			pa_of=${TOPO_PA[${VM_HOST[$vm]}]}
			[[ $pa == 4 ]] || pa_of=${TOPO_PA6[${VM_HOST[$vm]}]}
			vswctl_in "$h" policy add sw0 vsid "${VM_VSID[$vm]}" \
				ca "${VM_CA[$vm]}" mac "${VM_MAC[$vm]}" pa "$pa_of"
			[[ $ca == 4 ]] ||
				vswctl_in "$h" policy add sw0 vsid "${VM_VSID[$vm]}" \
					ca "${VM_CA6[$vm]}" mac "${VM_MAC[$vm]}" pa "$pa_of"
		done
	done
}

# What an IPv6-enabled VM sends by itself (router solicitations; MLD
# before the filter above is in place) is dropped and counted, or
# flooded: tolerated by assert_stats.
NOISE_hv1=()
NOISE_hv2=()
for _w in switch blue1 red1; do
	NOISE_hv1+=("$_w.broadcast>=0" "$_w.nd_ignored>=0")
done
for _w in switch blue2 red2; do
	NOISE_hv2+=("$_w.broadcast>=0" "$_w.nd_ignored>=0")
done
unset _w

# tcp_sink (lib.sh) listens on IPv4 only; this one on both families.
_vsw_py_tcp_sink6='
import hashlib, os, socket, sys
port, out = int(sys.argv[1]), sys.argv[2]
ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
ls.bind(("::", port))
ls.listen(1)
c, _ = ls.accept()
h, n = hashlib.sha256(), 0
while True:
    b = c.recv(1 << 20)
    if not b:
        break
    h.update(b)
    n += len(b)
with open(out + ".tmp", "w") as f:
    f.write("%d %s\n" % (n, h.hexdigest()))
os.rename(out + ".tmp", out)
'
tcp_sink6() {
	local ns=$1 port=$2 file=$3
	rm -f "$file"
	nsx_bg "$ns" "$PYTHON" -S "$(_vsw_pyfile tcp_sink6)" "$port" "$file"
	wait_listen "$ns" "$port"
}

dual_checks() {
	local ca=$1 pa=$2 dst=10.0.0.7 miss=10.0.0.99 ping6=() out filter
	if [[ $ca == 6 ]]; then
		dst=fd10::7
		miss=fd10::99
		ping6=(-6)
	fi

	# Each tenant reaches its VM on the other host, through NVGRE.
	stats_snap hv1 "$TMPDIR/hv1.0"
	stats_snap hv2 "$TMPDIR/hv2.0"
	vm_ping blue1 "$dst" 3 "${ping6[@]}"
	assert_stats hv1 "$TMPDIR/hv1.0" 'blue1.encap_packets>=3' \
		'switch.decap_packets>=3' red1.encap_packets=0 "${NOISE_hv1[@]}"
	assert_stats hv2 "$TMPDIR/hv2.0" 'blue2.encap_packets>=3' \
		'switch.decap_packets>=3' red2.encap_packets=0 "${NOISE_hv2[@]}"
	stats_snap hv1 "$TMPDIR/hv1.1"
	vm_ping red1 "$dst" 3 "${ping6[@]}"
	assert_stats hv1 "$TMPDIR/hv1.1" 'red1.encap_packets>=3' \
		blue1.encap_packets=0 "${NOISE_hv1[@]}"

	if [[ $ca == 6 ]]; then
		# The switch answered the VM's solicitation with the record's MAC.
		out=$(nsx blue1 ip -6 neigh show fd10::7 dev eth0)
		say "$out"
		assert_match "lladdr ${VM_MAC[blue2]}" "$out" "blue1's neighbour entry for fd10::7"
		out=$(nsx red1 ip -6 neigh show fd10::7 dev eth0)
		assert_match "lladdr ${VM_MAC[red2]}" "$out" "red1's neighbour entry for fd10::7"
		# IPv4 keeps working next to it (dual stack).
		vm_ping blue1 10.0.0.7 2
	fi

	# No record: no answer, a counted miss.
	stats_snap hv1 "$TMPDIR/hv1.2"
	vm_ping_fails blue1 "$miss" 2 "${ping6[@]}"
	if [[ $ca == 6 ]]; then
		assert_stats hv1 "$TMPDIR/hv1.2" 'blue1.nd_miss>=1' \
			'switch.nd_miss>=1' "${NOISE_hv1[@]}"
	else
		assert_stats hv1 "$TMPDIR/hv1.2" 'blue1.arp_miss>=1' \
			'switch.arp_miss>=1' "${NOISE_hv1[@]}"
	fi

	# A TCP stream, checked byte for byte.
	tcp_sink6 blue2 7001 "$TMPDIR/tcp.sink"
	local srv=$BG_PID want
	want=$(tcp_send blue1 "$dst" 7001 $((4 * 1024 * 1024)))
	wait "$srv" || fail "the TCP sink failed"
	assert_eq "$(cat "$TMPDIR/tcp.sink")" "$want" "TCP stream: bytes and SHA-256 received"
	require_cmd iperf3
	nsx_bg blue2 iperf3 -s -1 -B "$dst" >"$TMPDIR/iperf.server" 2>&1
	srv=$BG_PID
	wait_listen blue2 5201
	nsx blue1 timeout 120 iperf3 -c "$dst" -n 2M >/dev/null ||
		fail "iperf3 to $dst failed"
	wait "$srv" || fail "iperf3 server failed: $(cat "$TMPDIR/iperf.server")"
	say "ok: iperf3 to $dst"

	# The wire: outer IPv$pa between the PAs, GRE key VSID << 8, TEB,
	# the tenant's IPv$ca packet inside.
	filter='ip proto 47'
	[[ $pa == 4 ]] || filter='ip6 proto 47'
	cap_start wire br0 "$TMPDIR/wire.pcap" 2 "$filter"
	vm_ping blue1 "$dst" 1 "${ping6[@]}"
	cap_wait
	out=$(cap_fields "$TMPDIR/wire.pcap" eth.type ip.src ipv6.src gre.key gre.proto)
	say "$out"
	"$PYTHON" -S - "$ca" "$pa" "$out" <<-'PY' || fail "NVGRE over IPv$pa with IPv$ca inside: wrong on the wire"
	import sys
	ca, pa, out = sys.argv[1], sys.argv[2], sys.argv[3]
	rows = [l.split("|") for l in out.splitlines() if l]
	assert len(rows) == 2, rows
	pas = {"4": ("192.168.4.11", "192.168.4.22"), "6": ("fd00:4::11", "fd00:4::22")}[pa]
	cas = {"4": ("10.0.0.5", "10.0.0.7"), "6": ("fd10::5", "fd10::7")}[ca]
	inner = "0x86dd" if ca == "6" else "0x0800"
	outer = "0x86dd" if pa == "6" else "0x0800"
	for eth, ip4, ip6, key, proto in rows:
	    assert eth.split(",") == [outer, inner], eth
	    srcs = [a for a in (ip4.split(",") + ip6.split(",")) if a]
	    outer_src = srcs[0] if pa == "4" else ip6.split(",")[0]
	    assert outer_src in pas, (outer_src, pas)
	    assert any(s in cas for s in srcs), (srcs, cas)
	    assert int(key, 16) >> 8 == 5001, key
	    assert proto == "0x6558", proto
	print("ok")
	PY
	say "ok: tshark: outer IPv$pa between the PAs, key 5001 << 8, TEB, inner IPv$ca"
}

# Underlay MTU 1500, VMs 1500: a full-size packet does not fit. The VM
# gets ICMP "fragmentation needed" (IPv4) or ICMPv6 "packet too big" with
# the MTU that fits the underlay's overhead (42 bytes over IPv4, 62 over
# IPv6), and its path MTU drops to it.
ptb_check() {
	local ca=$1 pa=$2 dst=10.0.0.7 fam=() hdrs=28 want out
	want=$((1500 - (pa == 6 ? 62 : 42)))
	if [[ $ca == 6 ]]; then
		dst=fd10::7
		fam=(-6)
		hdrs=48
	fi
	topo_mtu 1500 1500
	stats_snap hv1 "$TMPDIR/hv1.ptb"
	nsx blue1 ping -n -c 1 -W 2 "${fam[@]}" -M 'do' -s $((1500 - hdrs)) "$dst" || true
	assert_stats hv1 "$TMPDIR/hv1.ptb" 'blue1.too_big>=1' 'switch.too_big>=1' \
		"${NOISE_hv1[@]}"
	out=$(nsx blue1 ip route get "$dst")
	say "$out"
	assert_match "mtu $want" "$out" "blue1's path MTU to $dst after the too-big answer"
	# What fits still goes.
	vm_ping blue1 "$dst" 2 "${fam[@]}" -M 'do' -s $((want - hdrs))
}
