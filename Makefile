# SPDX-License-Identifier: GPL-2.0
#
# vsw: build the module and the tools, run the tests.
#
#   make              vsw.ko (kmod/) and vswctl (userland/)
#   make check        every test tier (installs its own dependencies): the
#                     module for every kernel, the VM tests on Debian 12's
#                     kernel and their subset on the others (6.12)
#   make check-kernels KUnit and every VM test on every kernel (slow)
#   make check-packages the .deb files installed in the test VM: DKMS builds
#                     vsw there, vsw.service's command restores a saved
#                     configuration, traffic flows, purge (slow: 15+ min)
#   make check-debug  the VM tests on a debug kernel (KASAN, UBSAN, lockdep,
#                     kmemleak) built once into ~/.cache/vsw: slow, not part
#                     of make check (Documentation/testing.md)
#   make check-faults allocation failures injected into every control-path
#                     request, on the same debug kernel (tests/vm/89-*)
#   make lint         W=1, sparse and checkpatch --strict; fails on a finding
#   make demo         boots the test VM and shows vsw at work (NVGRE
#                     between two hosts, then sampling and sFlow)
#   make bench        benchmarks vsw against the Linux bridge + gretap and
#                     the OVS kernel datapath in the test VM; writes
#                     bench/results.md (reports speed, never fails on it)
#   make install      vsw.ko into /lib/modules/KVER/updates/ (then depmod),
#                     the tools, man pages, completion and systemd units
#                     under PREFIX (/usr); DESTDIR stages it all (no depmod)
#   make uninstall    removes what make install installed
#   make deb          the Debian packages vsw-dkms and vsw-tools, into deb/
#                     (Documentation/install.md)
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

.PHONY: all module userland check check-kernels check-packages check-debug check-faults lint \
	kunit vmtest utest demo bench deps clean install uninstall \
	install-module uninstall-module deb

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

check-packages: deps all deb
	scripts/vm.sh 47-packages

check-debug: deps userland
	scripts/debug-kernel.sh check

check-faults: deps userland
	scripts/debug-kernel.sh check 89-robust-faults

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
	scripts/vm.sh --script scripts/demo-cluster.sh

bench: deps all
	scripts/bench.sh

# The release of the kernel in KDIR (as uname -r says it), when a recipe
# asks. (Debian's include/config/kernel.release says 6.1.192, not
# 6.1.0-57-amd64.)
KVER = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"$$/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
# Kbuild keeps the module's directory in the tree: updates/kmod/vsw.ko.
MODDIR = $(DESTDIR)/lib/modules/$(KVER)/updates

install: install-module
	$(MAKE) -C userland install

uninstall: uninstall-module
	$(MAKE) -C userland uninstall

# Kbuild's own depmod is skipped (DEPMOD=true): it would write a
# modules.dep into DESTDIR. Only a real install runs depmod.
install-module: module
	@test -n "$(KVER)" || { echo "no kernel release in $(KDIR)" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=updates DEPMOD=true modules_install
	$(if $(DESTDIR),,depmod -a $(KVER))

uninstall-module:
	@test -n "$(KVER)" || { echo "no kernel headers: set KDIR to the tree vsw was installed for" >&2; exit 1; }
	rm -f $(MODDIR)/kmod/vsw.ko $(MODDIR)/kmod/vsw.ko.xz \
		$(MODDIR)/kmod/vsw.ko.zst $(MODDIR)/kmod/vsw.ko.gz
	$(if $(DESTDIR),! test -d $(DESTDIR) || find $(DESTDIR) -mindepth 1 -depth -type d -empty -delete,depmod -a $(KVER))

deb:
	scripts/deb.sh

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C userland clean
