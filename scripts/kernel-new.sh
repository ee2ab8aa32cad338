#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The newest kernel Debian ships, ready for the VM (make check
# KERNEL=new): a Debian 13 (trixie) root under build/kernel-new/root
# holding that kernel's image, modules and headers, installed by apt
# from whichever of trixie-backports and unstable has the higher version
# (read from their package lists at run time).  Prints the kernel
# release on its last line; scripts/kernel.sh builds ipt6.ko for it,
# inside the root.
#
#   scripts/kernel-new.sh           make or refresh it, print the release
#   scripts/kernel-new.sh run CMD   run CMD in the root
#
# Why a Debian 13 root: the headers package's kbuild tools (fixdep,
# modpost, objtool...) are built against Debian 13's C library and do
# not run on this Debian 12 host.  Building those tools from
# linux-source-7.x instead would need that source's own, version
# matched tarball, a configured tree that agrees exactly with the
# kernel Debian built (else modpost's symbol versions differ), and
# Debian 13's compiler anyway to build with the same flags; the root
# takes Debian's own binaries as they are, with the compiler the kernel
# was built with, and apt keeps it current.
#
# Idempotent: the root is made once (debootstrap, ~1.5 min); every run
# refreshes the package lists and installs a newer kernel if there is
# one (a second run with nothing new takes seconds).  Without network,
# the kernel already in the root is used.  Every command runs inside
# the root in a private mount namespace, so its /proc and /dev vanish
# with it and nothing stays mounted under build/ (make clean removes
# the tree with rm -rf).
#
# IPT6_NEW_ROOT: the root (default build/kernel-new/root);
# IPT6_DEBIAN_MIRROR: the Debian mirror (default http://deb.debian.org/debian).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
root=${IPT6_NEW_ROOT:-$top/build/kernel-new/root}
mirror=${IPT6_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# Where newer kernels than Debian 13's own come from.
suites=(trixie-backports unstable)

say() { echo "kernel-new: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
	say "needs root (debootstrap, chroot)"
	exit 2
fi

# in_root CMD...: CMD in the root, with /proc, /dev and /sys of its own
# mount namespace.
in_root() {
	unshare --mount --propagation private -- /bin/sh -ec '
		r=$1; shift
		mount -t proc proc "$r/proc"
		mount --rbind /dev "$r/dev"
		mount -t sysfs sysfs "$r/sys"
		exec chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"' \
		in_root "$root" "$@"
}

make_root() {
	local tmp=$root.tmp

	command -v debootstrap >/dev/null || {
		say "installing debootstrap"
		apt-get install -y -qq --no-install-recommends debootstrap >&2
	}
	rm -rf "$tmp"
	mkdir -p "$(dirname "$root")"
	say "debootstrap trixie into $root (once)"
	# binutils: gcc calls plain 'as' and 'ld', which only it provides.
	# initramfs-tools stands for the initramfs generator the kernel
	# package wants, told never to run: the VM needs no initramfs.
	debootstrap --variant=minbase --include=make,binutils,initramfs-tools \
		trixie "$tmp" "$mirror" >"$tmp.log" 2>&1 || {
		tail -n 20 "$tmp.log" >&2
		say "debootstrap failed (log: $tmp.log)"
		exit 1
	}
	printf 'update_initramfs=no\nbackup_initramfs=no\n' \
		>"$tmp/etc/initramfs-tools/update-initramfs.conf"
	rm -f "$tmp/etc/apt/sources.list"
	cat >"$tmp/etc/apt/sources.list.d/debian.sources" <<EOT
Types: deb
URIs: $mirror
Suites: trixie trixie-updates ${suites[*]}
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
	# Backports are pinned at 100 by their release file; unstable is
	# pinned as low, so nothing comes from either unless asked (-t).
	cat >"$tmp/etc/apt/preferences.d/ipt6-unstable" <<EOT
Package: *
Pin: release n=sid
Pin-Priority: 100
EOT
	echo 'APT::Install-Recommends "false";' \
		>"$tmp/etc/apt/apt.conf.d/90ipt6"
	mv "$tmp.log" "$tmp/debootstrap.log"
	mv "$tmp" "$root"
}

# The release of the kernel linux-image-amd64 in the root points to.
installed_release() {
	in_root dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
		grep -oE 'linux-image-[0-9][^ ,]*' | head -n 1 |
		sed 's/^linux-image-//'
}

# "VERSION SUITE" of the newest linux-image-amd64 in the package lists.
newest() {
	in_root apt-cache madison linux-image-amd64 |
		awk -F' [|] ' '{ split($3, w, " "); sub("/.*", "", w[2]);
				 print $2, w[2] }' |
		while read -r v s; do
			if [ -z "${best:-}" ] ||
			   dpkg --compare-versions "$v" gt "$best"; then
				best=$v suite=$s
			fi
			echo "$best $suite"
		done | tail -n 1
}

# One user of the root at a time (apt's locks would refuse the second,
# two module builds in its copy of the sources would mix).
mkdir -p "$(dirname "$root")"
exec 9>"$root.lock"
flock 9
[ -d "$root" ] || make_root
if [ "${1:-}" = run ]; then
	shift
	in_root "$@"
	exit
fi

# A stale list (unstable's Release file past its Valid-Until, a mirror
# down) costs only that suite; the others still count.
if ! in_root apt-get update -qq >"$root/ipt6-update.log" 2>&1; then
	say "apt-get update in the root reported:"
	sed 's/^/kernel-new:   /' "$root/ipt6-update.log" >&2
fi
read -r version suite < <(newest) || true
have=$(installed_release || true)
if [ -z "${version:-}" ]; then
	[ -n "$have" ] || { say "no linux-image-amd64 in any package list"; exit 1; }
	say "no package lists; keeping $have"
elif [ "$(in_root dpkg-query -W -f='${Version}' linux-image-amd64 \
	  2>/dev/null || true)" != "$version" ]; then
	say "installing linux-image-amd64 $version from $suite"
	start=$(date +%s)
	# An install cut short last time is finished first.
	in_root dpkg --configure -a >&2
	# INITRD=No: the kernel's hook makes no initramfs (a minute, 40 MB).
	in_root INITRD=No apt-get install -y -q -t "$suite" \
		-o Dpkg::Options::=--force-confold \
		linux-image-amd64 linux-headers-amd64 >"$root/ipt6-install.log" 2>&1 || {
		tail -n 30 "$root/ipt6-install.log" >&2
		say "installing the kernel failed (log: $root/ipt6-install.log)"
		exit 1
	}
	say "installed in $(($(date +%s) - start)) s"
fi

release=$(installed_release)
for f in "boot/vmlinuz-$release" "lib/modules/$release/modules.dep" \
	 "lib/modules/$release/build/Makefile"; do
	if [ ! -e "$root/$f" ]; then
		say "the root lacks $f"
		exit 1
	fi
done
echo "$release"
