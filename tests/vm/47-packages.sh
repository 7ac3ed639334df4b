#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 1800
# vm-explicit: make check-packages (the DKMS build under TCG takes 12-16 min)
#
# 47-packages: the Debian packages of "make deb" (deb/ of the checkout,
# built on the host: make check builds them before this tier) on a Debian
# host, as an operator installs them:
#
#  - dpkg -i vsw-dkms and vsw-tools: DKMS builds vsw.ko for this guest's
#    own kernel (its headers are the host's, seen through the shared root)
#    and installs it into /lib/modules/KVER/updates/dkms;
#  - modprobe vsw loads that module, psample with it (the harness's copy
#    is unloaded first);
#  - each hypervisor host runs the command of vsw.service's ExecStart=,
#    which restores its /etc/vsw/vsw.conf (written in the form "vswctl
#    save" prints), and the two hosts' VMs ping each other in NVGRE;
#    started again it restores nothing twice;
#  - dpkg --purge removes it all: no module file, "dkms status" empty, no
#    /usr/src/vsw-*, no tool, no /etc/vsw.
#
# The guest's /lib/modules is the kernel image's, read-only: this test's
# mount namespace gets a writable overlay of it (gone with the test), with
# the "build" link a linux-headers package would have made. The packages'
# other files land in the guest's RAM root and are purged here. At the end
# the harness's vsw.ko is loaded again, as the tests after this one expect.
#
#	blue1 10.0.0.5 --- hv1 == wire == hv2 --- blue2 10.0.0.7
#	(lib.sh's seed topology, Blue only; vsw configured by vsw.service)

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

require_cmd dpkg dkms make gcc objcopy
debs=$VSW_REPO/deb
dkms_deb=$(find "$debs" -maxdepth 1 -name 'vsw-dkms_*_all.deb' 2>/dev/null | sort -V | tail -n 1)
tools_deb=$(find "$debs" -maxdepth 1 -name 'vsw-tools_*.deb' 2>/dev/null | sort -V | tail -n 1)
[[ -n $dkms_deb && -n $tools_deb ]] ||
	skip "no vsw-dkms and vsw-tools packages in $debs: run 'make deb' on the host first"
kver=$(uname -r)
headers=/usr/src/linux-headers-$kver
[[ -d $headers ]] || skip "no $headers (linux-headers-$kver) on the host"
harness_module=${VSW_MODULE:-$VSW_REPO/kmod/vsw.ko}
say "# packages: $(basename "$dkms_deb") $(basename "$tools_deb") ($(stat -c %y "$tools_deb"))"

export DEBIAN_FRONTEND=noninteractive
# Under TCG, time goes into compiling vsw.ko and into depmod; two things
# that are not under test are left out: debug information in the DKMS
# build (KCFLAGS reaches kbuild through dpkg, dkms and make; the build is
# otherwise the package's own), and man-db's index update after each dpkg
# run (minutes over 9p; restored at the end).
export KCFLAGS=-g0
mandb_flag=/var/lib/man-db/auto-update
mandb_off=0
if [[ -e $mandb_flag ]]; then
	rm -f "$mandb_flag"
	mandb_off=1
fi

# --- cleanup, also when a check fails half-way --------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
purge_all() {
	local p
	for p in vsw-tools vsw-dkms; do
		dpkg-query -W "$p" >/dev/null 2>&1 || continue
		pp dpkg --purge "$p" || true
	done
}
# vsw back to the harness's module, with no switch left anywhere.
reload_harness_module() {
	local i
	ns_del "${_vsw_ns[@]}"
	for i in $(seq 50); do
		[[ -e /sys/module/vsw ]] || break
		rmmod vsw 2>/dev/null && break
		sleep 0.2
	done
	[[ -e /sys/module/vsw ]] || pp insmod "$harness_module"
}
on_exit() {
	local rc=$?
	trap - ERR
	set +eE
	purge_all
	reload_harness_module
	rm -rf "/etc/netns/$(ns_name hv1)" "/etc/netns/$(ns_name hv2)"
	((!mandb_off)) || touch "$mandb_flag"
	(exit "$rc")
	_vsw_exit
}
trap on_exit EXIT

# --- a writable /lib/modules with the headers link ----------------------
rw=$TMPDIR/modules-rw
mkdir -p "$rw/upper" "$rw/work"
pp mount -t overlay -o "lowerdir=/lib/modules,upperdir=$rw/upper,workdir=$rw/work" \
	overlay /lib/modules
[[ -e /lib/modules/$kver/build ]] || pp ln -s "$headers" "/lib/modules/$kver/build"

# --- install: DKMS builds the module for this kernel ---------------------
assert_ok pp rmmod vsw
assert_fail test -e /sys/module/vsw
start=$SECONDS
assert_ok pp dpkg -i "$dkms_deb" "$tools_deb"
say "# dpkg -i (DKMS build included): $((SECONDS - start)) s"
assert_ok installed vsw-dkms
assert_ok installed vsw-tools
version=$(dpkg-query -W -f='${Version}' vsw-dkms)
version=${version%-*}
status=$(dkms status vsw)
say "$status"
assert_match "^vsw/$version, $kver, [^:]*: installed" "$status" "dkms status"
ko=/lib/modules/$kver/updates/dkms/vsw.ko
assert_ok test -f "$ko"
assert_eq "$(modinfo -n vsw)" "$ko" "modprobe finds DKMS's vsw.ko"
for f in /usr/sbin/vswctl /usr/sbin/vsw-sflowd /usr/libexec/vsw/vsw-start \
	/lib/systemd/system/vsw.service /lib/systemd/system/vsw-sflowd.service \
	/etc/vsw/sflowd.conf /usr/share/man/man8/vswctl.8.gz; do
	assert_ok test -e "$f"
done

# --- modprobe: the module DKMS built, with what it depends on ------------
assert_ok pp modprobe vsw
assert_ok test -e /sys/module/psample
objcopy -O binary --only-section=.note.gnu.build-id "$ko" "$TMPDIR/dkms.id"
assert_ok cmp /sys/module/vsw/notes/.note.gnu.build-id "$TMPDIR/dkms.id"
say "ok: the loaded vsw is the one DKMS built"

# --- two hosts configured by vsw.service's own command -------------------
mapfile -t exec_start < <(sed -n 's/^ExecStart=//p' /lib/systemd/system/vsw.service)
assert_eq "${#exec_start[@]}" 1 "vsw.service has one ExecStart="
say "# vsw.service runs: ${exec_start[0]}"
topo_wire
topo_host hv1
topo_host hv2
topo_vm blue1
topo_vm blue2
# Each host's /etc/vsw/vsw.conf: "ip netns exec" shows /etc/netns/NS/vsw
# as /etc/vsw, so both hosts read the path vsw.service reads.
for h in hv1 hv2; do
	conf=/etc/netns/$(ns_name "$h")/vsw
	mkdir -p "$conf"
	cp /etc/vsw/sflowd.conf "$conf/"
	{
		echo "# $h, as vswctl save prints it"
		echo "switch add sw0"
		echo "uplink set sw0 dev nic0 pa ${TOPO_PA[$h]}"
		vm=blue${h#hv}
		echo "port add sw0 dev $vm vsid ${VM_VSID[$vm]} mac ${VM_MAC[$vm]}"
		for vm in blue1 blue2; do
			echo "policy add sw0 vsid ${VM_VSID[$vm]} ca ${VM_CA[$vm]} mac ${VM_MAC[$vm]} pa ${TOPO_PA[${VM_HOST[$vm]}]}"
		done
	} >"$conf/vsw.conf"
	# shellcheck disable=SC2086 # the unit's command line, split as systemd does
	out=$(nsx "$h" ${exec_start[0]} 2>&1) || fail "$h: ${exec_start[0]}: $out"
	say "$out"
	assert_match 'restoring /etc/vsw/vsw.conf' "$out" "$h: restored"
done
assert_json 'len(j) == 2' nsx hv1 /usr/sbin/vswctl -j policy show sw0
assert_json '[p["dev"] for p in j] == ["blue2"]' nsx hv2 /usr/sbin/vswctl -j port show sw0
vm_ping blue1 10.0.0.7 3
vm_ping blue2 10.0.0.5 2

# Started again (systemctl restart): nothing is added twice.
# shellcheck disable=SC2086
out=$(nsx hv1 ${exec_start[0]} 2>&1) || fail "second start: $out"
assert_match 'switches exist already' "$out" "second start restores nothing"
assert_json 'len(j) == 2' nsx hv1 /usr/sbin/vswctl -j policy show sw0
vm_ping blue1 10.0.0.7 2

# --- purge: nothing left behind -----------------------------------------
start=$SECONDS
purge_all
say "# dpkg --purge: $((SECONDS - start)) s"
assert_fail installed vsw-tools
assert_fail installed vsw-dkms
assert_eq "$(dpkg -l 'vsw-*' 2>/dev/null | grep -E '^(ii|rc)' || true)" "" "no vsw package, not even its configuration files"
assert_eq "$(dkms status vsw)" "" "dkms status empty"
assert_fail test -e "$ko"
left=$(find "/lib/modules/$kver/updates" -name 'vsw.ko*' 2>/dev/null || true)
assert_eq "$left" "" "no vsw.ko under updates/"
for f in /usr/src/vsw-"$version" /var/lib/dkms/vsw /usr/sbin/vswctl \
	/usr/sbin/vsw-sflowd /usr/libexec/vsw /lib/systemd/system/vsw.service \
	/etc/vsw; do
	assert_fail test -e "$f"
done
