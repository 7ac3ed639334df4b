#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make deb: builds the Debian packages vsw-dkms and vsw-tools with
# "dpkg-buildpackage -us -uc -b" in a copy of the tracked files (so the
# checkout stays clean and nothing is written beside it), puts the .deb,
# .buildinfo and .changes files into deb/ of the checkout, and runs
# lintian on them when it is installed (scripts/deps.sh installs it): an
# error fails, warnings are shown.
#
# Environment: VSW_DEB_DIR (default deb/ of the checkout), VSW_LINTIAN=0
# to skip lintian.
set -euo pipefail

# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"
cd "$VSW_TOP"

out=${VSW_DEB_DIR:-$VSW_TOP/deb}
need=(dpkg-dev debhelper dh-dkms libsystemd-dev libnl-3-dev libnl-genl-3-dev libmicrohttpd-dev pkg-config
      libcurl4-openssl-dev libjson-c-dev)
missing=()
for p in "${need[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if ((${#missing[@]})); then
	echo "deb: missing ${missing[*]} (scripts/deps.sh installs them)" >&2
	exit 1
fi

version=$(dpkg-parsechangelog -l debian/changelog -S Version)
# Old packages go first: a failed build leaves none to be mistaken for new.
mkdir -p "$out"
rm -f "$out"/*.deb "$out"/*.buildinfo "$out"/*.changes
upstream=${version%-*}
build=$out/build
src=$build/vsw-$upstream
rm -rf "$build"
mkdir -p "$src"
# The tracked files as they are in the working tree (uncommitted edits
# included), or every file when this is not a git checkout.
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do if [[ -f $f ]]; then printf '%s\0' "$f"; fi; done |
		grep -zv '^deb/' | cpio -0 -pdm --quiet "$src"
else
	tar -C "$VSW_TOP" --exclude=./deb --exclude=./.git -cf - . | tar -C "$src" -xf -
fi

# The live page of vsw-sflowd is built here, where web/node_modules is
# (scripts/deps.sh): the package build compiles the C file as it is.
make -s -C userland sflowd/live_page.c
cp userland/sflowd/live_page.c "$src/userland/sflowd/"

echo "deb: dpkg-buildpackage -us -uc -b in $src"
(cd "$src" && dpkg-buildpackage -us -uc -b) >"$build/build.log" 2>&1 || {
	tail -n 40 "$build/build.log" >&2
	echo "deb: dpkg-buildpackage failed (log: $build/build.log)" >&2
	exit 1
}
mv "$build"/*.deb "$build"/*.buildinfo "$build"/*.changes "$out/"
changes=$(ls "$out"/vsw_"$version"_*.changes)
ls -l "$out"/*.deb

if [[ ${VSW_LINTIAN:-1} == 0 ]]; then
	:
elif ! command -v lintian >/dev/null; then
	echo "deb: lintian is not installed: not checked"
else
	echo "deb: lintian $(basename "$changes")"
	lintian --fail-on error "$changes" ||
		{ echo "deb: lintian reports errors" >&2; exit 1; }
fi
rm -rf "$build"
echo "deb: packages in $out"
