#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: installs what the tests need, builds, then runs the tiers
# (userland unit tests; the module built for every kernel, with its compile
# probes reversed; KUnit on UML; integration tests in QEMU on the primary
# kernel, and their kernel subset on every other kernel) and ends with one
# line "N passed, N failed". Non-zero exit on any failure.
#
# VSW_TIERS="userland compat kunit vm vm-kernels" selects tiers (default:
# all). VSW_ALL_KERNELS=1 (make check-kernels) runs KUnit on every source
# of VSW_KUNIT_SOURCES and the whole VM tier on every kernel.
set -uo pipefail

# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"
cd "$VSW_TOP" || exit 1

tiers=${VSW_TIERS:-userland compat kunit vm vm-kernels}
all=${VSW_ALL_KERNELS:-0}
passed=0
failed=0
report=()

finish() {
	echo
	echo "check: summary"
	printf '  %s\n' "${report[@]}"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

if ! scripts/deps.sh; then
	echo "check: installing dependencies failed" >&2
	failed=1
	report+=("deps: failed")
	finish
fi
if ! make all; then
	echo "check: build failed" >&2
	failed=1
	report+=("build: failed")
	finish
fi

# The Debian packages build, and lintian finds no error in them (about 30
# s). Installing them in the VM (tests/vm/47-packages.sh, DKMS under TCG)
# takes 15 minutes: make check-packages.
case " $tiers " in
*" vm "*)
	start=$SECONDS
	if make deb; then
		report+=("deb: vsw-dkms and vsw-tools built ($((SECONDS - start)) s)")
	else
		echo "check: make deb failed" >&2
		failed=$((failed + 1))
		report+=("deb: failed")
	fi
	;;
esac

# run_tier LABEL NAME COMMAND...: each tier's runner ends with
# "NAME: N passed, N failed"; the summary shows it under LABEL.
run_tier() {
	local label=$1 name=$2 log line p f start
	shift 2
	log=$(mktemp)
	start=$SECONDS
	echo "check: === $label ==="
	"$@" 2>&1 | tee "$log"
	line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)
	rm -f "$log"
	if [ -z "$line" ]; then
		p=0
		f=1
		line="runner gave no result"
	else
		p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
		f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
		line=${line#"$name: "}
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	report+=("$label: $line ($((SECONDS - start)) s)")
}

# The kernels after the primary one (vsw_kdirs), as "KREL KDIR" lines.
other_kernels() {
	vsw_kdirs | tail -n +2 | while read -r d; do
		echo "$(vsw_kdir_release "$d") $d"
	done
}

# The VM tier on another kernel: the module built for it in .build/KREL
# (scripts/build-module.sh), the guest booting that kernel; the subset of
# tests/vm/kernels-subset unless VSW_ALL_KERNELS=1.
# shellcheck disable=SC2317 # called through run_tier
vm_kernel() {
	local kdir=$1 ko subset=()
	ko=$(scripts/build-module.sh "$kdir") || {
		echo "vm: 0 passed, 1 failed"
		return 1
	}
	[ "$all" = 1 ] || mapfile -t subset < <(vsw_vm_subset)
	scripts/vm.sh -k "$ko" "${subset[@]}"
}

for t in $tiers; do
	case $t in
	userland) run_tier userland userland tests/userland/run.sh ;;
	compat) run_tier compat compat scripts/check-compat.sh ;;
	kunit)
		if [ "$all" = 1 ]; then
			for v in $VSW_KUNIT_SOURCES; do
				run_tier "kunit (linux-source-$v)" kunit \
					env VSW_KSRC="$v" scripts/kunit.sh
			done
		else
			run_tier "kunit (linux-source-${VSW_KUNIT_SOURCES%% *})" kunit scripts/kunit.sh
		fi
		;;
	vm) run_tier "vm ($(modinfo -F vermagic kmod/vsw.ko | cut -d ' ' -f 1), all)" vm scripts/vm.sh ;;
	vm-kernels)
		while read -r krel kdir; do
			if [ "$all" = 1 ]; then
				run_tier "vm ($krel, all)" vm vm_kernel "$kdir"
			else
				run_tier "vm ($krel, subset)" vm vm_kernel "$kdir"
			fi
		done < <(other_kernels)
		;;
	*) echo "check: unknown tier $t" >&2; failed=$((failed + 1)) ;;
	esac
done
finish
