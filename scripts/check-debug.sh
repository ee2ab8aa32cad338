#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-debug: the selftests on a debug kernel (KASAN, lockdep,
# kmemleak, debugobjects...; see scripts/debug.config), failing on any
# report, a kmemleak scan after the suite included.
#
#   scripts/check-debug.sh [TEST...]
#
# Builds the kernel once (scripts/debug-kernel.sh; IPT6_DEBUG_KDIR),
# ipt6.ko for it in a copy of the module's sources (build/debug-mod: the
# normal build stays as it is), then boots the tree under virtme-ng.
# Unlike make check, a VM that dies is never retried: with oops=panic a
# crash ends the run, and its console is shown.  IPT6_TIMEOUT_SCALE
# (default 8) stretches the suite's timeouts; IPT6_VM_MEM defaults to 4G
# (KASAN's shadow and kmemleak's metadata).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build
mod=$out/debug-mod
mkdir -p "$out"
t0=$(date +%s)

kdir=$(bash "$top/scripts/debug-kernel.sh" | tail -n 1) || exit 1
[ -n "$kdir" ] || exit 1
t1=$(date +%s)

# The module, from a copy (cp -a keeps times: kbuild rebuilds only what
# changed).  The top ipt6.ko must exist: the guest mounts ours over it.
mkdir -p "$mod"
cp -a "$top/Kbuild" "$top/kmod" "$top/uapi" "$mod/"
make -s -C "$kdir" M="$mod" modules >"$out/debug-mod.log" 2>&1 || {
	cat "$out/debug-mod.log" >&2
	echo "check-debug: ipt6.ko does not build against $kdir" >&2
	exit 1
}
if [ ! -f "$top/ipt6.ko" ]; then
	echo "check-debug: run make first (the guest mounts" \
	     "build/debug-mod/ipt6.ko over ./ipt6.ko)" >&2
	exit 1
fi
echo "check-debug: kernel $(cat "$kdir/include/config/kernel.release")" \
     "from $kdir ($((t1 - t0)) s), ipt6.ko built for it"

# oops=panic: a crashed kernel would hang the next tests for their whole
# timeout; the watchdogs get the leeway an emulated, shared CPU needs.
export IPT6_VM_KERNEL=$kdir
export IPT6_VM_MEM=${IPT6_VM_MEM:-4G}
export IPT6_TIMEOUT_SCALE=${IPT6_TIMEOUT_SCALE:-8}
export IPT6_VM_APPEND="oops=panic panic=-1 watchdog_thresh=30\
 rcupdate.rcu_cpu_stall_timeout=120 sysctl.kernel.hung_task_timeout_secs=300\
 ${IPT6_VM_APPEND:-}"
tap=$out/check-debug.tap
bash "$top/scripts/vm.sh" selftests/debug-run.sh build/debug-mod/ipt6.ko \
	"$@" | tee "$tap"
rc=${PIPESTATUS[0]}
t2=$(date +%s)

if ! grep -q '^# check-debug: ' "$tap"; then
	echo "# the VM stopped (exit $rc) before the suite ended; console:"
	crash='BUG:|Oops|WARNING:|Kernel panic|general protection|KASAN'
	from=$(grep -nE "$crash" "$out/vm-console.log" | head -n 1 |
	       cut -d: -f1)
	if [ -n "$from" ]; then
		sed -n "${from},$((from + 60))p" "$out/vm-console.log"
	else
		grep -v '^$' "$out/vm-console.log" | tail -n 25
	fi | sed 's/^/#   /'
	rc=1
fi
echo "check-debug: suite $((t2 - t1)) s, total $((t2 - t0)) s:" \
     "$([ "$rc" -eq 0 ] && echo PASS || echo FAIL)"
exit "$rc"
