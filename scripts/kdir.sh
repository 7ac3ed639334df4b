#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prints the kernel build tree the Makefile builds against (see
# vsw_kdir in common.sh); prints nothing if there is none.
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"
vsw_kdir 2>/dev/null || true
