# SPDX-License-Identifier: GPL-2.0
#
# vsw: build the module and the tools, run the tests.
#
#   make              vsw.ko (kmod/) and vswctl (userland/)
#   make check        every test tier (installs its own dependencies): the
#                     module for every kernel, the VM tests on Debian 12's
#                     kernel and their subset on the others (6.12)
#   make check-kernels KUnit and every VM test on every kernel (slow)
#   make check-debug  the VM tests on a debug kernel (KASAN, UBSAN, lockdep,
#                     kmemleak) built once into ~/.cache/vsw: slow, not part
#                     of make check (Documentation/testing.md)
#   make lint         W=1, sparse and checkpatch --strict; fails on a finding
#   make demo         boots the test VM and shows vsw at work (NVGRE
#                     between two hosts, then sampling and sFlow)
#   make bench        benchmarks vsw against the Linux bridge + gretap and
#                     the OVS kernel datapath in the test VM; writes
#                     bench/results.md (reports speed, never fails on it)
#
# KDIR is the kernel build tree: the running kernel's if it has one,
# otherwise the headers of Debian's default kernel (linux-headers-amd64;
# scripts/common.sh names the kernels vsw is built for).

# It is looked up when a recipe needs it, not when this file is read, and
# never exported: make check installs the headers first (scripts/deps.sh)
# and then runs make again, which must find them. An empty KDIR in the
# environment counts as unset.
ifeq ($(strip $(KDIR)),)
override KDIR = $(shell scripts/kdir.sh)
endif

.PHONY: all module userland check check-kernels check-debug lint kunit vmtest utest demo \
	bench deps clean install

all: module userland

module:
	@test -n "$(KDIR)" || { echo "no kernel headers: apt-get install linux-headers-amd64, or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

userland:
	$(MAKE) -C userland

deps:
	scripts/deps.sh

check:
	scripts/check.sh

check-kernels:
	VSW_ALL_KERNELS=1 scripts/check.sh

check-debug: deps userland
	scripts/debug-kernel.sh check

lint:
	scripts/lint.sh

kunit:
	scripts/kunit.sh

vmtest: all
	scripts/vm.sh

utest:
	tests/userland/run.sh

demo: deps all
	scripts/vm.sh --script scripts/demo.sh
	scripts/vm.sh --script scripts/demo-sflow.sh

bench: deps all
	scripts/bench.sh

install: all
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	$(MAKE) -C userland install

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C userland clean
