# SPDX-License-Identifier: GPL-2.0
#
#   make          build ipt6.ko and tools/ipt6ctl
#   make check    install what is missing, boot the test kernel, run the selftests
#   make demo     install what is missing, boot the test kernel, run the demo
#   make bench    benchmarks in the test kernel
#   make regen    regenerate the netlink code from uapi/ipt6.yaml
#
# KDIR defaults to the headers of the newest installed Debian 6.12 kernel.

KVER ?= $(shell bash scripts/kver.sh)
KDIR ?= /lib/modules/$(KVER)/build

all: module tools

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools

deps:
	@bash scripts/deps.sh

check: deps
	$(MAKE) all
	bash scripts/vm.sh selftests/run.sh $(TESTS)

demo: deps
	$(MAKE) all
	bash scripts/vm.sh selftests/demo.sh

bench: deps
	$(MAKE) all
	bash scripts/vm.sh selftests/bench.sh

regen:
	bash scripts/regen.sh

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean || true
	$(MAKE) -C tools clean
	rm -rf build

.PHONY: all module tools deps check demo bench regen clean
