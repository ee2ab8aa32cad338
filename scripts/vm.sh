#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the test kernel with virtme-ng and run a command in it as root,
# in this repository.  Exit status is the command's.
#
#   scripts/vm.sh COMMAND...
#   scripts/vm.sh --accel        print the accelerator auto would pick
#
# IPT6_VM_ACCEL=kvm|tcg|auto (default auto: KVM if a quick probe boot
# works, else TCG).  IPT6_VM_CPU picks a QEMU CPU model (e.g. max).
# IPT6_VM_MEM (default 2G).  IPT6_VM_KERNEL=DIR boots the kernel built
# in tree DIR (its modules, built in or not, come along) instead of
# Debian's; IPT6_VM_KERNEL=ROOT/boot/vmlinuz-RELEASE boots that image
# with the modules in ROOT/lib/modules/RELEASE (ROOT: / or a chroot such
# as scripts/kernel-new.sh's).  IPT6_VM_KO=FILE puts FILE in place of
# ./ipt6.ko for the guest only (a bind mount there: the tests insmod
# ./ipt6.ko).  IPT6_VM_APPEND adds to the kernel command line.  The
# guest sees the host's files read-only; the repository is mounted
# read-write at /tmp/ipt6-src (wherever it is on the host: the guest's
# own /tmp would hide a clone under /tmp), and results go to its build/
# folder, or IPT6_VM_OUT (a folder in the repository).  The guest's
# kernel console (oopses, panics) is kept in vm-console.log there;
# guest stderr still shows.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd -P)
if [ -f "${IPT6_VM_KERNEL:-}" ]; then
	# virtme-ng takes the modules from the root above boot/.
	kernel=$(realpath "$IPT6_VM_KERNEL")
	kver="${kernel##*/vmlinuz-} from $kernel"
elif [ -n "${IPT6_VM_KERNEL:-}" ]; then
	kernel=$(cd "$IPT6_VM_KERNEL" && pwd)
	kver=$(cat "$kernel/include/config/kernel.release" 2>/dev/null) || {
		echo "vm: $IPT6_VM_KERNEL is not a built kernel tree" >&2
		exit 2
	}
	kver+=" from $kernel"
else
	kver=$(bash "$top/scripts/kver.sh")
	kernel=/boot/vmlinuz-$kver
fi
guest_top=/tmp/ipt6-src
# guest_path PATH: where the guest sees PATH (the repository moves).
guest_path() {
	case $1 in
	"$top"/*) echo "$guest_top/${1#"$top"/}" ;;
	*) echo "$1" ;;
	esac
}
out=$(realpath -m "${IPT6_VM_OUT:-$top/build}")
case $out in
"$top"/*) ;;
*) echo "vm: IPT6_VM_OUT must be in $top" >&2; exit 2 ;;
esac
mkdir -p "$out"
prep=""
if [ -n "${IPT6_VM_KO:-}" ]; then
	ko=$(realpath -e "$IPT6_VM_KO") || exit 2
	if [ ! -f "$top/ipt6.ko" ]; then
		echo "vm: IPT6_VM_KO needs ./ipt6.ko to mount over (run make)" >&2
		exit 2
	fi
	prep="mount --bind $(printf '%q' "$(guest_path "$ko")") ./ipt6.ko && "
	kver+=", $ko"
fi

vng_base=(vng --run "$kernel" --cpus 2 --memory "${IPT6_VM_MEM:-2G}"
	  --user root --rwdir="$guest_top=$top")
[ -n "${IPT6_VM_APPEND:-}" ] && vng_base+=(--append "$IPT6_VM_APPEND")

# KVM exists on some machines but fails at boot (nested virtualisation:
# "failed to set MSR"); a probe boot tells within seconds.
pick_accel() {
	local want=${IPT6_VM_ACCEL:-auto}
	case $want in
	kvm|tcg) echo "$want"; return ;;
	auto) ;;
	*) echo "vm: IPT6_VM_ACCEL must be kvm, tcg or auto" >&2; exit 2 ;;
	esac
	if [ -w /dev/kvm ] &&
	   timeout 90 "${vng_base[@]}" -- echo IPT6_KVM_PROBE_OK 2>/dev/null |
	   grep -q IPT6_KVM_PROBE_OK; then
		echo kvm
	else
		echo tcg
	fi
}

# One VM at a time on this machine: two guests under TCG on two cores
# make each other's timing-sensitive tests fail.  Another checkout's VM
# (a second clone, a worktree) waits here for this one to end.
lock=${IPT6_VM_LOCK:-/tmp/ipt6-vm.lock}
exec 9>>"$lock"
if ! flock -n 9; then
	echo "vm: another VM runs on this machine; waiting for it ($lock)" >&2
	flock 9
fi

accel=$(pick_accel)
if [ "${1:-}" = --accel ]; then
	echo "$accel"
	exit 0
fi
args=("${vng_base[@]}")
[ "$accel" = tcg ] && args+=(--disable-kvm)
[ -n "${IPT6_VM_CPU:-}" ] && args+=(--qemu-opts="-cpu ${IPT6_VM_CPU}")
# With --verbose the kernel console comes on stderr, mixed with the
# guest's stderr: keep all of it in a file, show only the latter unless
# IPT6_VM_VERBOSE is set.
args+=(--verbose)
console=$out/vm-console.log
console_only='^\[ *[0-9]+\.[0-9]+\] |early console in setup|^Probing EDD|KASLR using'
console_only+='|^mount: /etc/lvm|dmesg\(1\) may have|^Powering off'
if [ -n "${IPT6_VM_VERBOSE:-}" ]; then
	exec 2> >(tee "$console" >&2)
else
	exec 2> >(tee "$console" | grep --line-buffered -Ev "$console_only" >&2)
fi
console_pid=$!
echo "vm: booting $kver under $accel${IPT6_VM_CPU:+ (cpu $IPT6_VM_CPU)}" >&2

# The guest starts with a clean environment: pass the IPT6_* settings on.
envs=""
for v in $(compgen -e); do
	case $v in
	IPT6_VM_*) ;;
	IPT6_*) envs+="$(printf '%q' "$v=${!v}") " ;;
	esac
done
cmd=$(printf '%q ' "$@")
rc=0
guest_out=$(printf '%q' "$(guest_path "$out")")
"${args[@]}" -- "cd $guest_top && $prep env $envs IPT6_OUT=$guest_out $cmd" \
	</dev/null || rc=$?
# The console filter ends with its input; let it finish before the
# caller prints its last line.
exec 2>&-
wait "$console_pid"
exit $rc
