#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DKMS for the kernel a 'make check' boots: what tests/06-dkms.sh loads.
# scripts/check.sh runs 'prepare' before the VM boots and 'clean' after
# it (and 'clean' alone when the test is not run, so that a build left
# by a run cut short never reaches a VM).
#
#   scripts/dkms.sh prepare IMAGE RELEASE OUT
#   scripts/dkms.sh clean IMAGE RELEASE OUT
#
# IMAGE and RELEASE are the kernel's (scripts/kernel.sh), OUT its
# results folder; the test reads OUT/dkms/state.  Both follow the way a
# user installs ipt6 with Debian's dkms: 'make install-dkms', then
# 'dkms add', 'dkms build' and 'dkms install' (which runs depmod).
# Where each step runs decides what stays clean:
#
#  - A kernel of this host (Debian's 6.12, ROOT /): /lib/modules is the
#    host's, shared with every other checkout and seen live by every
#    VM on the machine (the guest's / is the host's, read-only, with a
#    throwaway overlay on /lib).  A DKMS module installed there would be
#    autoloaded by 'ip link add ... type iphttps' in other runs' tests.
#    So 'make install-dkms' writes to OUT/dkms/dest, 'dkms add' and
#    'dkms build' use a DKMS tree of their own (OUT/dkms/tree; its
#    module signing key too), and 'dkms install' runs in the guest,
#    into the guest's overlay of /lib/modules: it goes with the VM.
#    Nothing outside OUT is written on the host.
#  - A kernel in a Debian root (KERNEL=new: build/kernel-new/root,
#    this checkout's own): its kbuild tools need that root's compiler
#    and C library, and the guest sees that root's modules read-only,
#    so all four steps run in the root (chroot, its own dkms package,
#    installed there on first use), and 'clean' runs 'dkms remove'
#    there after the VM.
#  - A kernel built in a tree (KERNEL=PATH): no packaged headers for
#    DKMS; the test is skipped, saying so.
#
# OUT/dkms/state holds shell assignments: mode (guest, root, skip or
# error), release, version, tree (guest: the DKMS tree, relative to the
# repository), reason (skip, error).  A failure to prepare does not
# stop make check: the test fails with the reason.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd -P)
cmd=${1:-}
image=${2:-}
release=${3:-}
out=${4:-}
if [ -z "$cmd" ] || [ -z "$image" ] || [ -z "$release" ] || [ -z "$out" ]; then
	echo "usage: scripts/dkms.sh prepare|clean IMAGE RELEASE OUT" >&2
	exit 2
fi
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
dir=$out/dkms
state=$dir/state
log=$dir/dkms.log

say() { echo "dkms: $*" >&2; }

# The root IMAGE's kernel lives in (/ or a chroot); empty for a tree.
root=""
if [ -f "$image" ]; then
	case $image in
	*/boot/vmlinuz-*) root=$(cd "$(dirname "$image")/.." && pwd -P) ;;
	esac
fi

# in_root CMD...: CMD in the chroot, with kernel-new.sh's mounts.
in_root() {
	IPT6_NEW_ROOT=$root bash "$top/scripts/kernel-new.sh" run "$@"
}

# write_state KEY=VALUE...: the test's view of what was prepared.
write_state() {
	printf '%q\n' "$@" >"$state"
}

# run DESCRIPTION CMD...: CMD with its output in the log; on failure,
# the log's end on stderr and the error in the state.
run() {
	local what=$1

	shift
	echo "### $what: $*" >>"$log"
	if ! "$@" >>"$log" 2>&1; then
		tail -n 25 "$log" | sed 's/^/dkms:   /' >&2
		say "$what failed (log: $log)"
		write_state mode=error "release=$release" "version=$version" \
			"reason=$what failed (log: ${log#"$top"/})"
		exit 0
	fi
}

# The DKMS build and the sources left in the root by an earlier run.
clean_root() {
	[ -d "$root/var/lib/dkms/ipt6" ] || [ -d "$root/usr/src/ipt6-$version" ] ||
		return 0
	in_root sh -c "if dkms status -m ipt6 | grep -q .; then
			dkms remove -m ipt6 -v '$version' --all; fi" >>"$log" 2>&1
	rm -rf "$root/var/lib/dkms/ipt6" "$root/usr/src/ipt6-$version"
	if compgen -G "$root/lib/modules/*/updates/dkms/ipt6.ko*" >/dev/null; then
		say "ipt6 is still installed in $root/lib/modules"
		return 1
	fi
}

prepare_host() {
	local tree=$dir/tree src=$dir/dest/usr/src
	local args=(-m ipt6 -v "$version" --sourcetree "$src" --dkmstree "$tree")

	if ! command -v dkms >/dev/null; then
		write_state mode=error "release=$release" "version=$version" \
			"reason=dkms is not installed (make deps)"
		return
	fi
	mkdir -p "$tree"
	run "make install-dkms" make -s -C "$top" install-dkms DESTDIR="$dir/dest"
	# dkms signs what it builds; its key goes with its tree, not to
	# /var/lib/dkms.
	export mok_signing_key=$dir/mok.key mok_certificate=$dir/mok.pub
	run "dkms add" dkms add "${args[@]}"
	# dkms add links the sources by their absolute path; the guest sees
	# the repository elsewhere (/tmp/ipt6-src), so make it relative.
	ln -sfn "../../../dest/usr/src/ipt6-$version" "$tree/ipt6/$version/source"
	run "dkms build for $release" dkms build "${args[@]}" -k "$release"
	write_state mode=guest "release=$release" "version=$version" \
		"tree=${tree#"$top"/}"
}

prepare_root() {
	local args=(-m ipt6 -v "$version" -k "$release")

	if ! in_root sh -c 'command -v dkms' >/dev/null 2>&1; then
		say "installing dkms in $root (once)"
		run "apt-get install dkms in the root" in_root \
			apt-get install -y -q dkms
	fi
	clean_root || {
		write_state mode=error "release=$release" "version=$version" \
			"reason=an earlier DKMS install in $root could not be removed"
		return
	}
	run "make install-dkms" make -s -C "$top" install-dkms DESTDIR="$root"
	run "dkms add" in_root dkms add -m ipt6 -v "$version"
	run "dkms build for $release" in_root dkms build "${args[@]}"
	run "dkms install for $release" in_root dkms install "${args[@]}"
	write_state mode=root "release=$release" "version=$version"
}

case $cmd in
prepare)
	start=$(date +%s)
	rm -rf "$dir"
	mkdir -p "$dir"
	if [ -z "$root" ]; then
		write_state mode=skip "release=$release" "version=$version" \
			"reason=a kernel built in a tree has no packaged headers for DKMS"
	elif [ "$root" = / ]; then
		prepare_host
	else
		prepare_root
	fi
	say "prepared for $release in $(($(date +%s) - start)) s: $(grep '^mode=' "$state")"
	;;
clean)
	# Only a root's install outlives the VM.
	if [ -n "$root" ] && [ "$root" != / ]; then
		mkdir -p "$dir"
		clean_root || exit 1
	fi
	;;
*)
	echo "usage: scripts/dkms.sh prepare|clean IMAGE RELEASE OUT" >&2
	exit 2
	;;
esac
