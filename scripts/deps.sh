#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs, from Debian, what building and testing vsw needs. Quick and
# silent when everything is there already.
set -euo pipefail

pkgs=(
	# module and tools
	make gcc libc6-dev pkg-config
	libnl-3-dev libnl-genl-3-dev libnl-route-3-dev libsystemd-dev
	# vswd: etcd's JSON gateway (libcurl, json-c); a real etcd for its tests
	libcurl4-openssl-dev libjson-c-dev etcd-server etcd-client curl openssl
	# vsw-sflowd's metrics endpoint
	libmicrohttpd-dev
	# packages (make deb), DKMS, and checking the systemd units
	dpkg-dev debhelper dh-dkms dkms fakeroot lintian systemd
	# userland tests
	libcmocka-dev python3 python3-yaml valgrind
	# the metrics endpoint (promtool, curl) and the terminal rate view (tmux)
	prometheus curl tmux
	# the live page is tested in Chromium (built with node, below)
	chromium
	# lint and KUnit (UML)
	linux-source-6.1 xz-utils sparse perl bc flex bison
	# QEMU integration tests, and the tools that run inside the guest
	qemu-system-x86 busybox-static cpio kmod iproute2 util-linux
	libcap2-bin iputils-ping tcpdump tshark python3-scapy iperf3
)

# The kernels vsw is built for (scripts/common.sh): their headers; with
# VSW_ALL_KERNELS=1 (make check-kernels) also every KUnit source.
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"
read -ra kpkgs <<<"$VSW_KERNEL_PKGS"
pkgs+=("${kpkgs[@]}")
if [ "${VSW_ALL_KERNELS:-0}" = 1 ]; then
	for v in $VSW_KUNIT_SOURCES; do
		pkgs+=("linux-source-$v")
	done
fi

# The live page is built with esbuild from npm (web/): node and npm, from
# Debian unless a node of another origin (with its own npm) is there.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	pkgs+=(nodejs npm)
fi

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -ne 0 ]; then
	echo "deps: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# web/'s packages (uPlot, esbuild, playwright-core) exactly as
# web/package-lock.json pins them, unless they are there already.
web=$(cd "$(dirname "$0")/../web" && pwd)
if ! cmp -s "$web/package-lock.json" "$web/node_modules/.vsw-lock"; then
	echo "deps: npm ci in web/" >&2
	(cd "$web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
	cp "$web/package-lock.json" "$web/node_modules/.vsw-lock"
fi
