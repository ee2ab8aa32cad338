#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: boot the test VM, run the selftests in it, end with
# "N passed, N failed, N skipped".
#
#   scripts/check.sh [TEST...]
#
# IPT6_KERNEL (make check KERNEL=...) picks the kernel: empty for
# Debian's 6.12, "new" for the newest kernel Debian ships, a release
# or a path (scripts/kernel.sh says which); ipt6.ko is built for it and
# its TAP and logs go to build/kernel-RELEASE/ instead of build/.
#
# Nested KVM on some hosts boots fine and then dies mid-run (failed
# instruction emulation), and emulated CPUs now and then trip over
# kernel text patching.  When the VM dies before run.sh prints its
# totals, this shows the guest console from the oops on (so a crash of
# ours is never hidden), then runs the test that was running and those
# after it once more, in a fresh VM under TCG.  Tests that die twice,
# or never ran, count as failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd -P)
out=$top/build
# The default kernel's image and release too (for DKMS); the VM is
# pointed elsewhere only for another kernel.
picked=$(bash "$top/scripts/kernel.sh" "${IPT6_KERNEL:-}") || exit 2
while IFS='=' read -r key val; do
	case $key in
	release) release=$val ;;
	image) image=$val ;;
	ko) ko=$val ;;
	out) out=$val ;;
	esac
done <<<"$picked"
if [ -n "${IPT6_KERNEL:-}" ]; then
	export IPT6_VM_KERNEL=$image IPT6_VM_KO=$ko IPT6_VM_OUT=$out
fi
mkdir -p "$out"

if [ $# -gt 0 ]; then
	tests=("$@")
else
	tests=()
	for t in "$top"/selftests/tests/[0-9]*.sh; do
		tests+=("$(basename "$t" .sh)")
	done
fi

# tests/06-dkms.sh loads the module DKMS built and installed: that
# happens here, before the VM, without changing any /lib/modules a VM
# sees (scripts/dkms.sh says how).
if printf '%s\n' "${tests[@]%.sh}" | grep -qx '06-dkms'; then
	bash "$top/scripts/dkms.sh" "$image" "$release" "$out"
fi

# run_vm ACCEL TAPFILE TEST...: run.sh in one VM, TAP to stdout and file.
run_vm() {
	local accel=$1 tap=$2

	shift 2
	IPT6_VM_ACCEL=$accel bash "$top/scripts/vm.sh" selftests/run.sh "$@" |
		tee "$tap"
	return "${PIPESTATUS[0]}"
}

# Test names with a result line in a TAP file.
finished() {
	sed -nE 's/^(not )?ok [0-9]+ ([^ ]+).*/\2/p' "$1"
}

count() {
	local what=$1 tap=$2

	case $what in
	pass) grep -Ec '^ok [0-9]+ [^ ]+ # [0-9]+s$' "$tap" ;;
	skip) grep -Ec '^ok [0-9]+ [^ ]+ # SKIP' "$tap" ;;
	fail) grep -Ec '^not ok [0-9]+ ' "$tap" ;;
	esac
}

# The guest console from its first oops or panic line, else its end.
console_tail() {
	local from

	from=$(grep -nE "$crash" "$1" 2>/dev/null | head -n 1 | cut -d: -f1)
	if [ -n "$from" ]; then
		sed -n "${from},$((from + 40))p" "$1"
	else
		grep -v '^$' "$1" 2>/dev/null | tail -n 25
	fi
}
crash='BUG:|Oops|WARNING:|Kernel panic|general protection|KVM internal error'
crash+='|emulation failure|failed to set MSR|Assertion'

accel=$(bash "$top/scripts/vm.sh" --accel) || exit 2
first=$out/check-$accel.tap
run_vm "$accel" "$first" "${tests[@]}"
rc=$?
grep -q '^# Totals:' "$first" && exit $rc

echo "# the VM under $accel stopped (exit $rc) before the tests ended;" \
     "last lines of its console:"
console_tail "$out/vm-console.log" | sed 's/^/#   /'

done_list=$(finished "$first")
rest=()
for t in "${tests[@]}"; do
	grep -qx -- "$t" <<<"$done_list" || rest+=("$t")
done
pass=$(count pass "$first") fail=$(count fail "$first")
skip=$(count skip "$first")

if [ ${#rest[@]} -eq 0 ]; then
	echo "not ok - unload # the VM died after the last test"
	echo "$pass passed, $((fail + 1)) failed, $skip skipped"
	exit 1
fi

# Once: a fresh VM for the test that was running and those after it.
echo "# running the ${#rest[@]} tests left in a fresh VM under TCG"
second=$out/check-retry.tap
run_vm tcg "$second" "${rest[@]}"
rc=$?
pass=$((pass + $(count pass "$second")))
skip=$((skip + $(count skip "$second")))
fail=$((fail + $(count fail "$second")))
# run.sh's own failures (rmmod, kernel log after unload) have no test
# line; its totals line has them.
extra=$(sed -nE 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/p' "$second")
if [ -n "$extra" ]; then
	fail=$((fail + extra - $(count fail "$second")))
else
	echo "# the VM died again (exit $rc); console:"
	console_tail "$out/vm-console.log" | sed 's/^/#   /'
	done_list=$(finished "$second")
	for t in "${rest[@]}"; do
		grep -qx -- "$t" <<<"$done_list" && continue
		echo "not ok - $t # not run: the VM died"
		fail=$((fail + 1))
	done
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
