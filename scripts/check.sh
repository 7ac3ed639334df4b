#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: installs what the tests need, builds, then runs the three
# tiers (userland unit tests, KUnit on UML, integration tests in QEMU) and
# ends with one line "N passed, N failed". Non-zero exit on any failure.
#
# VSW_TIERS="userland kunit vm" selects tiers (default: all three).
set -uo pipefail

# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"
cd "$VSW_TOP" || exit 1

tiers=${VSW_TIERS:-userland kunit vm}
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

# The VM tier installs the Debian packages in the guest (tests/vm/
# 45-packages.sh): build them here, on the host (about 30 s; in the guest
# under TCG it would take many minutes).
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

run_tier() {
	local name=$1 log line p f start
	shift
	log=$(mktemp)
	start=$SECONDS
	echo "check: === $name ==="
	"$@" 2>&1 | tee "$log"
	# Each tier's runner ends with "<name>: N passed, N failed".
	line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)
	rm -f "$log"
	if [ -z "$line" ]; then
		p=0
		f=1
		line="$name: runner gave no result"
	else
		p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
		f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	report+=("$line ($((SECONDS - start)) s)")
}

for t in $tiers; do
	case $t in
	userland) run_tier userland tests/userland/run.sh ;;
	kunit) run_tier kunit scripts/kunit.sh ;;
	vm) run_tier vm scripts/vm.sh ;;
	*) echo "check: unknown tier $t" >&2; failed=$((failed + 1)) ;;
	esac
done
finish
