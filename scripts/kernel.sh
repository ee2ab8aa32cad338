#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel `make check KERNEL=...` boots, and ipt6.ko built for it.
#
#   scripts/kernel.sh SPEC
#
# SPEC is one of
#   (empty)   Debian's 6.12 (scripts/kver.sh) with ./ipt6.ko from make
#   new       the newest kernel Debian ships, in a Debian 13 root under
#             build/kernel-new (scripts/kernel-new.sh makes or refreshes it)
#   RELEASE   an installed kernel by its release (uname -r): on this host
#             (/boot/vmlinuz-RELEASE and its headers) or in that root
#   PATH      a kernel tree built in PATH (its modules come along), or
#             an image ROOT/boot/vmlinuz-RELEASE whose ROOT (/ or a
#             chroot) has lib/modules/RELEASE with its headers in build
#
# The module is built from a copy of the module's sources (./ipt6.ko
# stays the default kernel's), on the host or, for a kernel in another
# root, inside it with its own compiler and kbuild tools; any compiler
# or kbuild warning fails the build.  Prints, on stdout:
#   release=RELEASE  image=IMAGE-OR-TREE  ko=MODULE  out=DIR
# (out: where check.sh keeps this kernel's TAP and logs).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd -P)
spec=${1:-}
new_root=${IPT6_NEW_ROOT:-$top/build/kernel-new/root}

say() { echo "kernel: $*" >&2; }

emit() {
	echo "release=$1"
	echo "image=$2"
	echo "ko=$3"
	echo "out=$4"
}

# build RELEASE ROOT KDIR: ipt6.ko for it, in build/kernel-RELEASE;
# KDIR is as seen from ROOT.
build() {
	local rel=$1 root=$2 kdir=$3 dir=$top/build/kernel-$1 src log
	local run=()

	mkdir -p "$dir"
	if [ "$root" = / ]; then
		src=$dir/mod
	else
		# A copy inside the root, seen there as /usr/src/ipt6-RELEASE.
		src=$root/usr/src/ipt6-$rel
		run=(env IPT6_NEW_ROOT="$root" bash "$top/scripts/kernel-new.sh"
		     run)
	fi
	mkdir -p "$src"
	# The sources only (kmod/ also holds the default kernel's objects);
	# cp -a keeps their times, so kbuild rebuilds only what changed.
	(cd "$top" && cp -a --parents Kbuild kmod/*.[ch] uapi/linux/*.h "$src/")
	log=$dir/module.log
	if ! "${run[@]}" make -C "$kdir" M="${src#"${root%/}"}" modules \
	     >"$log" 2>&1; then
		cat "$log" >&2
		say "ipt6.ko does not build for $rel"
		exit 1
	fi
	if grep -iE 'warning|error' "$log" >&2; then
		# So that the next run links (and warns) again.
		rm -f "$src/ipt6.o" "$src/ipt6.ko"
		say "building ipt6.ko for $rel warned (above; $log)"
		exit 1
	fi
	cp "$src/ipt6.ko" "$dir/ipt6.ko"
	say "ipt6.ko built for $rel"
	emit "$rel" "$4" "$dir/ipt6.ko" "$dir"
}

# from_root ROOT RELEASE: a packaged kernel in ROOT.
from_root() {
	local root=$1 rel=$2

	if [ ! -f "$root/boot/vmlinuz-$rel" ] ||
	   [ ! -f "$root/lib/modules/$rel/build/Makefile" ]; then
		say "$root has no kernel $rel with its headers"
		exit 1
	fi
	build "$rel" "$root" "/lib/modules/$rel/build" \
		"${root%/}/boot/vmlinuz-$rel"
}

case $spec in
"")
	rel=$(bash "$top/scripts/kver.sh")
	emit "$rel" "/boot/vmlinuz-$rel" "$top/ipt6.ko" "$top/build"
	;;
new)
	rel=$(bash "$top/scripts/kernel-new.sh" | tail -n 1)
	from_root "$new_root" "$rel"
	;;
*/*)
	path=$(realpath -e "$spec") || { say "no such file: $spec"; exit 1; }
	if [ -d "$path" ]; then
		rel=$(cat "$path/include/config/kernel.release" 2>/dev/null) || {
			say "$spec is not a built kernel tree"
			exit 1
		}
		build "$rel" / "$path" "$path"
	else
		case $(basename "$path") in
		vmlinuz-*) ;;
		*) say "$spec: name a tree or a .../boot/vmlinuz-RELEASE"; exit 1 ;;
		esac
		rel=${path##*/vmlinuz-}
		root=$(dirname "$(dirname "$path")")
		from_root "$root" "$rel"
	fi
	;;
*)
	if [ -f "/boot/vmlinuz-$spec" ] && [ -d "/lib/modules/$spec/build" ]; then
		from_root / "$spec"
	elif [ -f "$new_root/boot/vmlinuz-$spec" ]; then
		from_root "$new_root" "$spec"
	else
		say "no kernel $spec with headers on this host or in $new_root"
		exit 1
	fi
	;;
esac
