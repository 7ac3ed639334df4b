#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 70-sflow-sample: "vswctl sample set / show" on a port and the uplink:
# defaults, text and JSON, the pool counting every frame, a new setting
# restarting the pool, rate 0 turning it off, and every refusal (not a
# port or uplink of the switch, no such switch, bad trunc) with a
# one-line message. A port that goes away takes its sampler with it.
#
#	blue1 -- hv1 sw0 (uplink nic0) == wire == hv2 -- blue2

# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/vm/sflow-lib.sh
. "$(dirname "$0")/sflow-lib.sh"

topo_seed
assert_eq "$(vswctl_in hv1 sample show sw0)" "" "no sampler yet"
assert_json 'j == []' vswctl_in hv1 -j sample show sw0

assert_ok vswctl_in hv1 sample set sw0 dev blue1 rate 10
assert_ok vswctl_in hv1 sample set sw0 dev nic0 rate 1000 group 7 trunc 64
assert_match '^sample nic0 rate 1000 group 7 trunc 64 pool 0 samples 0' \
	"$(vswctl_in hv1 sample show sw0 | grep nic0)" "text show"
assert_json 'sorted((s["dev"], s["rate"], s["group"], s["trunc"]) for s in j) == [("blue1", 10, 1, 128), ("nic0", 1000, 7, 64)]' \
	vswctl_in hv1 -j sample show sw0

# The pool counts every frame entering by the port.
vm_ping blue1 10.0.0.7 5
rx=$(vsw_counter hv1 blue1 rx_packets)
assert_eq "$(sample_json hv1 blue1 pool)" "$rx" "pool = frames from blue1"
assert_json '[s["pool"] for s in j if s["dev"] == "nic0"] == [5]' \
	vswctl_in hv1 -j sample show sw0

# Setting it again starts a new sampler: a new pool.
assert_ok vswctl_in hv1 sample set sw0 dev blue1 rate 20
assert_eq "$(sample_json hv1 blue1 pool)" 0 "new setting, new pool"
assert_eq "$(sample_json hv1 blue1 rate)" 20 "new rate"

# Refusals.
assert_fail_with 'not a port or the uplink' vswctl_in hv1 sample set sw0 dev lo rate 5
assert_fail_with 'No such file or directory' vswctl_in hv1 sample show nope
assert_fail_with 'out of range \(14-65535 bytes\)' \
	vswctl_in hv1 sample set sw0 dev blue1 rate 5 trunc 13
assert_fail_with 'no device "nope0"' vswctl_in hv1 sample set sw0 dev nope0 rate 5
err=$(vswctl_in hv1 sample set sw0 dev lo rate 5 2>&1 >/dev/null || true)
assert_eq "$(wc -l <<<"$err")" 1 "one line of error"

# Off, and gone with its port.
assert_ok vswctl_in hv1 sample set sw0 dev nic0 rate 0
assert_json '[s["dev"] for s in j] == ["blue1"]' vswctl_in hv1 -j sample show sw0
assert_ok vswctl_in hv1 port del sw0 dev blue1
assert_json 'j == []' vswctl_in hv1 -j sample show sw0
