#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Packaging without packages: "make install" and "make uninstall" into a
# DESTDIR (the exact tree: module under /lib/modules/KVER/updates, no
# depmod output, tools, man pages, completion when present, units, the
# sflowd.conf conffile; nothing but it left after uninstall, except an
# edited sflowd.conf), PREFIX carried into the units, "systemd-analyze
# verify" clean on the installed units, and the version the same in
# dkms.conf, debian/changelog, the tools and the module. Output is TAP.
#
# The module part needs kernel headers (make picks KDIR as for "make");
# without them it is skipped. Usage: test_install.sh [TOP]

top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/userland/tap-lib.sh
. "$(dirname "$0")/tap-lib.sh"
tree() { [[ -d $1 ]] || return 0; (cd "$1" && find . -mindepth 1 \( -type f -o -type l \) | sed 's|^\./||' | LC_ALL=C sort); }

completion=()
[[ ! -f $top/userland/completion/vswctl ]] ||
	completion=(usr/share/bash-completion/completions/vswctl)
tools=(etc/vsw/sflowd.conf etc/vsw/vswd.conf
       usr/lib/systemd/system/vsw-sflowd.service
       usr/lib/systemd/system/vsw.service
       usr/lib/systemd/system/vswd.service
       usr/libexec/vsw/vsw-start
       usr/sbin/vsw-sflowd usr/sbin/vswctl usr/sbin/vswd
       usr/share/man/man8/vsw-sflowd.8 usr/share/man/man8/vswctl.8
       usr/share/man/man8/vswd.8
       "${completion[@]}")

# --- the whole of make install, module included -------------------------
kdir=$(cd "$top" && KDIR=${KDIR:-} scripts/kdir.sh)
d=$tmp/dest
if [[ -z $kdir ]]; then
	skip "make install DESTDIR: the tree" "no kernel headers"
	skip "make uninstall DESTDIR: nothing left" "no kernel headers"
else
	kver=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$kdir/include/generated/utsrelease.h")
	out=$(make -C "$top" --no-print-directory install DESTDIR="$d" 2>&1)
	rc=$?
	want=$(printf '%s\n' "${tools[@]}" "lib/modules/$kver/updates/kmod/vsw.ko" | LC_ALL=C sort)
	got=$(tree "$d")
	[[ $rc == 0 && $got == "$want" ]]
	check "make install DESTDIR: the tree" $? "status $rc" \
		"got:" "$got" "want:" "$want" "$(tail -n 5 <<<"$out")"
	out=$(make -C "$top" --no-print-directory uninstall DESTDIR="$d" 2>&1)
	rc=$?
	[[ $rc == 0 && -z $(find "$d" -mindepth 1) ]]
	check "make uninstall DESTDIR: nothing left" $? "status $rc" \
		"left: $(find "$d" -mindepth 1 | paste -sd ' ')" "$(tail -n 5 <<<"$out")"
fi

# --- the tools, under another PREFIX -----------------------------------------
u=(make -C "$top/userland" --no-print-directory)
d=$tmp/local
"${u[@]}" install DESTDIR="$d" PREFIX=/usr/local >/dev/null 2>&1
got=$(tree "$d")
want=$(printf '%s\n' "${tools[@]}" | sed 's|^usr/|usr/local/|' | LC_ALL=C sort)
[[ $got == "$want" ]]
check "PREFIX=/usr/local: the tree" $? "got:" "$got" "want:" "$want"
grep -q '^ExecStart=/usr/local/libexec/vsw/vsw-start /etc/vsw/vsw.conf$' \
	"$d/usr/local/lib/systemd/system/vsw.service" &&
	grep -q '^ExecStart=/usr/local/sbin/vsw-sflowd -f /etc/vsw/sflowd.conf$' \
		"$d/usr/local/lib/systemd/system/vsw-sflowd.service" &&
	grep -q '^ExecStart=/usr/local/sbin/vswd -f /etc/vsw/vswd.conf$' \
		"$d/usr/local/lib/systemd/system/vswd.service" &&
	grep -q '^vswctl=/usr/local/sbin/vswctl$' "$d/usr/local/libexec/vsw/vsw-start" &&
	! grep -q '@[A-Z_]*@' "$d"/usr/local/lib/systemd/system/*.service \
		"$d/usr/local/libexec/vsw/vsw-start"
check "PREFIX=/usr/local: the units and vsw-start name the installed paths" $? \
	"$(grep -h -e ExecStart -e '^vswctl=' -r "$d")"

# An edited sflowd.conf survives a new install and the uninstall.
echo "collector 192.0.2.1" >>"$d/etc/vsw/sflowd.conf"
cp "$d/etc/vsw/sflowd.conf" "$tmp/edited"
"${u[@]}" install DESTDIR="$d" PREFIX=/usr/local >/dev/null 2>&1
"${u[@]}" uninstall DESTDIR="$d" PREFIX=/usr/local >/dev/null 2>&1
[[ $(tree "$d") == etc/vsw/sflowd.conf ]] && cmp -s "$tmp/edited" "$d/etc/vsw/sflowd.conf"
check "an edited sflowd.conf is kept by install and uninstall" $? "left: $(tree "$d")"

# --- systemd-analyze verify --------------------------------------------------
# Installed for real under a directory of this test (PREFIX, not DESTDIR),
# so that the commands the units name exist; MANPATH finds their man pages.
if ! command -v systemd-analyze >/dev/null; then
	skip "systemd-analyze verify: the units are clean" "no systemd-analyze"
else
	r=$tmp/root
	"${u[@]}" install PREFIX="$r/usr" SYSCONFDIR="$r/etc" >/dev/null 2>&1
	out=$(MANPATH=$r/usr/share/man systemd-analyze verify \
		"$r/usr/lib/systemd/system/vsw.service" \
		"$r/usr/lib/systemd/system/vsw-sflowd.service" \
		"$r/usr/lib/systemd/system/vswd.service" 2>&1)
	rc=$?
	[[ $rc == 0 && -z $out ]]
	check "systemd-analyze verify: the units are clean" $? "status $rc" "$out"
fi
# With libsystemd-dev (scripts/deps.sh, the package's Build-Depends),
# vsw-sflowd links libsystemd and its unit waits for READY=1.
if pkg-config --exists libsystemd 2>/dev/null; then
	unit=$tmp/local/usr/local/lib/systemd/system/vsw-sflowd.service
	"${u[@]}" install DESTDIR="$tmp/local" PREFIX=/usr/local >/dev/null 2>&1
	grep -qx 'Type=notify' "$unit" &&
		ldd "$top/userland/vsw-sflowd" | grep -q 'libsystemd\.so'
	check "with libsystemd: vsw-sflowd links it, its unit is Type=notify" $? \
		"$(grep Type= "$unit")" "$(ldd "$top/userland/vsw-sflowd" | grep systemd)"
else
	skip "with libsystemd: vsw-sflowd links it, its unit is Type=notify" "no libsystemd-dev"
fi

# --- one version everywhere --------------------------------------------------
v_dkms=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
v_deb=$(sed -n '1s/^vsw (\([^)-]*\)-[^)]*).*/\1/p' "$top/debian/changelog")
v_tools=$(make -s -C "$top/userland" --no-print-directory print-version)
v_kmod=$(sed -n 's/^#define VSW_VERSION "\(.*\)"$/\1/p' "$top/kmod/main.c")
[[ -n $v_dkms && $v_dkms == "$v_deb" && $v_deb == "$v_tools" && $v_tools == "$v_kmod" ]]
check "version $v_dkms in dkms.conf, debian/changelog, the tools' build, kmod/main.c" $? \
	"dkms.conf '$v_dkms' changelog '$v_deb' userland '$v_tools' kmod '$v_kmod'"

# dkms.conf: rebuilt on kernel upgrades, for whatever kernel DKMS names.
c=$top/dkms.conf
grep -qx 'AUTOINSTALL="yes"' "$c" && grep -qx 'BUILT_MODULE_LOCATION\[0\]="kmod/"' "$c" &&
	grep -qx 'DEST_MODULE_LOCATION\[0\]="/updates"' "$c" &&
	grep -q "^MAKE\\[0\\]=.*\\\${kernel_source_dir}" "$c" &&
	! grep -Eq '[0-9]+\.[0-9]+\.[0-9]+-[0-9]+' "$c" &&
	! grep -Eq '[0-9]+\.[0-9]+\.[0-9]+-[0-9]+' "$top/debian/rules"
check "dkms.conf: AUTOINSTALL, kmod/ to /updates, no kernel version named" $?

done_testing
