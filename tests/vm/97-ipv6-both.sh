#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 97-ipv6-both: IPv6 customer addresses over an IPv6 underlay. The dual-stack seed topology
# (ipv6-lib.sh): ping across hosts in each tenant, Neighbour Discovery
# answered from policy, tenants apart, misses counted, TCP byte for byte
# and iperf3, tshark on the wire; the cached route to a PA follows a
# route change.
# vm-timeout: 420

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/vm/ipv6-lib.sh
. "$(dirname "$0")/ipv6-lib.sh"

topo6 6 6
dual_checks 6 6
ptb_check 6 6
underlay_route_check hv1 "${TOPO_PA6[hv2]}" blue1 fd10::7 "${NOISE_hv1[@]}"
