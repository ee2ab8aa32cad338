# SPDX-License-Identifier: GPL-2.0
#
#   make          build ipt6.ko and tools/ipt6ctl
#   make check    install what is missing, boot the test kernel, run the selftests
#                 (KERNEL=new: the newest kernel Debian ships, in a Debian 13
#                 root under build/kernel-new; KERNEL=RELEASE or PATH: another,
#                 see scripts/kernel.sh)
#   make check-debug   the selftests on a debug kernel (KASAN, lockdep,
#                 kmemleak...), built once into build/debug-kernel
#   make demo     install what is missing, boot the test kernel, run the demo
#   make bench    benchmarks in the test kernel
#   make fuzz     libFuzzer on the userspace parsers, FUZZ_SECONDS (60) each
#   make regen    regenerate the netlink code from uapi/ipt6.yaml
#   make install  ipt6ctl, man page, systemd units, uapi header and the
#                 module (DESTDIR, PREFIX); make uninstall undoes it
#   make install-dkms   module sources to /usr/src/ipt6-VERSION for DKMS
#   make deb      the Debian packages ipt6-dkms and ipt6ctl in build/deb,
#                 checked by lintian (scripts/deb.sh)
#   make check-packages  make deb, then install and purge them on a fresh
#                 Debian 13 system (an overlay of build/kernel-new/root)
#
# KDIR defaults to the headers of the newest installed Debian 6.12 kernel.

KVER ?= $(shell bash scripts/kver.sh)
KDIR ?= /lib/modules/$(KVER)/build

all: module tools

# With KERNEL= (see check), also build/kernel-RELEASE/ipt6.ko for that kernel.
module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
	$(if $(KERNEL),bash scripts/kernel.sh "$(KERNEL)" >/dev/null)

tools:
	$(MAKE) -C tools

deps:
	@bash scripts/deps.sh

check: deps
	$(MAKE) all
	$(MAKE) -C fuzz test
	IPT6_KERNEL="$(KERNEL)" bash scripts/check.sh $(TESTS)

check-debug:
	@IPT6_DEPS_DEBUG=1 bash scripts/deps.sh
	$(MAKE) all
	bash scripts/check-debug.sh $(TESTS)

demo: deps
	$(MAKE) all
	bash scripts/vm.sh selftests/demo.sh

bench: deps
	$(MAKE) all
	bash scripts/vm.sh selftests/bench.sh

regen:
	bash scripts/regen.sh

fuzz:
	@bash scripts/deps.sh fuzz
	$(MAKE) -C fuzz run

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean || true
	$(MAKE) -C tools clean
	$(MAKE) -C fuzz clean
	rm -rf build

# Installation.  PREFIX=/usr for a distribution-like layout; the units'
# ipt6ctl path follows SBINDIR.  The module goes to
# $(DESTDIR)/lib/modules/$(KVER)/updates; depmod runs only for a real
# install (no DESTDIR), where it makes 'ip link add ... type iphttps'
# load the module by itself.  With DKMS, use install-tools and
# install-dkms instead of install.
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
UNITDIR ?= $(PREFIX)/lib/systemd/system
INCLUDEDIR ?= $(PREFIX)/include
SYSCONFDIR ?= /etc
DKMSDIR ?= /usr/src/ipt6-$(VERSION)
MODDIR = /lib/modules/$(KVER)/updates
UNITS := ipt6-client@.service ipt6-server@.service
DKMS_SRC := Kbuild dkms.conf uapi/linux/ipt6.h $(wildcard kmod/*.[ch])

install: install-tools install-module

install-tools:
	$(MAKE) -C tools ipt6ctl
	install -D -m 0755 tools/ipt6ctl $(DESTDIR)$(SBINDIR)/ipt6ctl
	install -D -m 0644 docs/ipt6ctl.8 $(DESTDIR)$(MANDIR)/man8/ipt6ctl.8
	install -D -m 0644 uapi/linux/ipt6.h \
		$(DESTDIR)$(INCLUDEDIR)/linux/ipt6.h
	for u in $(UNITS); do \
		sed 's|/usr/sbin/ipt6ctl|$(SBINDIR)/ipt6ctl|g' packaging/$$u | \
		install -D -m 0644 /dev/stdin $(DESTDIR)$(UNITDIR)/$$u || exit 1; \
	done
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/ipt6

# kbuild's modules_install runs depmod itself (under INSTALL_MOD_PATH).
install-module: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=updates modules_install

install-dkms:
	for f in $(DKMS_SRC); do \
		install -D -m 0644 $$f $(DESTDIR)$(DKMSDIR)/$$f || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/ipt6ctl \
		$(DESTDIR)$(MANDIR)/man8/ipt6ctl.8 \
		$(DESTDIR)$(INCLUDEDIR)/linux/ipt6.h \
		$(addprefix $(DESTDIR)$(UNITDIR)/,$(UNITS)) \
		$(DESTDIR)$(MODDIR)/ipt6.ko $(DESTDIR)$(MODDIR)/ipt6.ko.xz
	-rmdir $(DESTDIR)$(SYSCONFDIR)/ipt6 2>/dev/null
	$(if $(DESTDIR),,depmod -a $(KVER))

uninstall-dkms:
	rm -rf $(DESTDIR)$(DKMSDIR)

check-install:
	bash selftests/install-check.sh

deb:
	@bash scripts/deps.sh deb
	bash scripts/deb.sh

check-packages: deb
	bash scripts/deb.sh check

.PHONY: all module tools deps check check-debug demo bench regen clean fuzz
.PHONY: install install-tools install-module install-dkms uninstall
.PHONY: uninstall-dkms check-install deb check-packages
