#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DKMS for the kernel a 'make check' boots: what tests/06-dkms.sh loads.
# scripts/check.sh runs it before the VM boots when the test is run.
#
#   scripts/dkms.sh IMAGE RELEASE OUT
#
# IMAGE and RELEASE are the kernel's (scripts/kernel.sh), OUT its
# results folder.  The steps are a user's with Debian's dkms: 'make
# install-dkms', then 'dkms add', 'dkms build' and 'dkms install' (which
# runs depmod), where the kernel's build tools work: on this host for
# Debian's 6.12; in the kernel's Debian root with chroot for KERNEL=new
# (its compiler and C library, and its own dkms package, installed
# there on first use).
#
# None of it may change a /lib/modules that a VM sees.  The host's is
# shared with every other checkout and read live by every VM on the
# machine: a DKMS module there would be autoloaded by 'ip link add ...
# type iphttps' in other tests, and an index rewritten under a running
# guest has crashed its modprobe.  So the sources and the DKMS tree
# (with its signing key) are private (OUT/dkms; for a root, a folder in
# its /var/tmp, removed when done), and 'dkms install' runs in a mount
# namespace of its own in which the kernel's lib/modules/RELEASE is an
# overlay whose upper layer takes every write: the module in
# updates/dkms and depmod's new indexes.  Plain copies of those files
# (OUT/dkms/modules) are what the test lays over the guest's
# /lib/modules/RELEASE, as a read-only overlay that it unmounts again,
# so that modprobe finds the module where depmod listed it and later
# tests find none.  Nothing outside OUT and the root's /var/tmp is
# written, and nothing is left to remove after the VM.
#
# A kernel built in a tree (KERNEL=PATH) has no packaged headers for
# DKMS: the test is skipped, saying so.  OUT/dkms/state holds shell
# assignments for the test: mode (ready, skip or error), release,
# version, modules (OUT/dkms/modules, relative to the repository) and
# reason.  A failure here does not stop make check: the test fails with
# the reason.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd -P)
if [ $# -ne 3 ]; then
	echo "usage: scripts/dkms.sh IMAGE RELEASE OUT" >&2
	exit 2
fi
image=$1 release=$2 out=$3
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
dir=$out/dkms
state=$dir/state
log=$dir/dkms.log
upper=$dir/upper
mods=$dir/modules

say() { echo "dkms: $*" >&2; }

# write_state KEY=VALUE...: what the test reads.
write_state() {
	printf '%q\n' "release=$release" "version=$version" "$@" >"$state"
}

# run DESCRIPTION CMD...: CMD with its output in the log; on failure,
# the log's end on stderr, the error in the state, and the end.
run() {
	local what=$1

	shift
	echo "### $what: $*" >>"$log"
	if ! "$@" >>"$log" 2>&1; then
		tail -n 25 "$log" | sed 's/^/dkms:   /' >&2
		say "$what failed (log: $log)"
		write_state mode=error "reason=$what failed (log: ${log#"$top"/})"
		exit 0
	fi
}

# staged MODDIR CMD...: CMD in a mount namespace where MODDIR is an
# overlay that writes to $upper.
staged() {
	mkdir -p "$upper" "$upper.work"
	unshare --mount --propagation private -- /bin/sh -ec '
		m=$1 u=$2
		shift 2
		mount -t overlay ipt6-dkms \
			-o "lowerdir=$m,upperdir=$u,workdir=$u.work" "$m"
		exec "$@"' staged "$1" "$upper" "${@:2}"
}

# staged_root ROOT CMD...: CMD in ROOT (chroot, with /proc, /dev and
# /sys), ROOT's lib/modules/RELEASE an overlay that writes to $upper.
staged_root() {
	staged "$1/lib/modules/$release" /bin/sh -ec '
		r=$1
		shift
		mount -t proc proc "$r/proc"
		mount --rbind /dev "$r/dev"
		mount -t sysfs sysfs "$r/sys"
		exec chroot "$r" /usr/bin/env -i \
			PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"' \
		staged_root "$@"
}

# What dkms install and depmod wrote, as plain files in $mods.
collect() {
	local odd f

	# dkms and depmod only add and replace files: an overlay whiteout
	# (a deletion) or any other special file would be a surprise.
	odd=$(find "$upper" ! -type f ! -type d)
	if [ -n "$odd" ]; then
		write_state mode=error "reason=dkms install deleted or made special files: $odd"
		exit 0
	fi
	rm -rf "$mods"
	mkdir -p "$mods"
	(cd "$upper" && find . -type f) | while read -r f; do
		install -D -m 0644 "$upper/$f" "$mods/$f"
	done
	rm -rf "$upper" "$upper.work"
	if ! compgen -G "$mods/updates/dkms/ipt6.ko*" >/dev/null ||
	   ! grep -q '^updates/dkms/ipt6\.ko' "$mods/modules.dep"; then
		write_state mode=error \
			"reason=dkms install left no updates/dkms/ipt6.ko in modules.dep"
		exit 0
	fi
}

# Debian's 6.12 on this host.
prepare_host() {
	local args=(-m ipt6 -v "$version" -k "$release"
		    --sourcetree "$dir/src/usr/src" --dkmstree "$dir/tree")

	if ! command -v dkms >/dev/null; then
		write_state mode=error "reason=dkms is not installed (make deps)"
		exit 0
	fi
	mkdir -p "$dir/tree"
	run "make install-dkms" make -s -C "$top" install-dkms DESTDIR="$dir/src"
	# dkms signs what it builds; its key goes with its tree, not to
	# /var/lib/dkms.
	export mok_signing_key=$dir/mok.key mok_certificate=$dir/mok.pub
	run "dkms add" dkms add "${args[@]}"
	run "dkms build for $release" dkms build "${args[@]}"
	run "dkms install for $release" \
		staged "/lib/modules/$release" dkms install "${args[@]}"
}

# A kernel in a Debian root ($1), such as KERNEL=new's.
prepare_root() {
	local root=$1 w=/var/tmp/ipt6-dkms
	local args=(-m ipt6 -v "$version" -k "$release"
		    --sourcetree "$w/src/usr/src" --dkmstree "$w/tree")

	if ! IPT6_NEW_ROOT=$root bash "$top/scripts/kernel-new.sh" run \
	     sh -c 'command -v dkms' >/dev/null 2>&1; then
		say "installing dkms in $root (once)"
		run "apt-get install dkms in the root" \
			env IPT6_NEW_ROOT="$root" bash "$top/scripts/kernel-new.sh" \
			run apt-get install -y -q dkms
	fi
	rm -rf "${root:?}$w"
	mkdir -p "$root$w/tree"
	run "make install-dkms" make -s -C "$top" install-dkms DESTDIR="$root$w/src"
	# kernel-new.sh's lock: one user of the root at a time.
	exec 9>"$root.lock"
	flock 9
	run "dkms add, build and install for $release in $root" \
		staged_root "$root" env "mok_signing_key=$w/mok.key" \
		"mok_certificate=$w/mok.pub" /bin/sh -ec \
		'dkms add "$@"; dkms build "$@"; dkms install "$@"' dkms "${args[@]}"
	exec 9>&-
	rm -rf "${root:?}$w"
}

start=$(date +%s)
rm -rf "$dir"
mkdir -p "$dir"
root=""
if [ -f "$image" ]; then
	case $image in
	*/boot/vmlinuz-*) root=$(cd "$(dirname "$image")/.." && pwd -P) ;;
	esac
fi
if [ -z "$root" ]; then
	write_state mode=skip \
		"reason=a kernel built in a tree has no packaged headers for DKMS"
	exit 0
fi
if [ "$root" = / ]; then
	prepare_host
else
	prepare_root "$root"
fi
collect
write_state mode=ready "modules=${mods#"$top"/}"
say "dkms add, build and install for $release in $(($(date +%s) - start)) s"
