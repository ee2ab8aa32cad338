#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build, once, the debug kernel `make check-debug` boots: Debian's
# linux-source-6.12 with scripts/debug.config merged over virtme-ng's
# minimal guest config.  Idempotent: a tree whose bzImage was built
# from the same recipe (a hash of the fragment, the options turned off
# below and the source tarball, kept in .ipt6-built) is left alone.
#
#   scripts/debug-kernel.sh [--config-only]
#
# IPT6_DEBUG_KDIR: the tree (default build/debug-kernel); IPT6_DEBUG_JOBS:
# make -j (default: the CPU count).  Prints the tree on its last line.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kdir=${IPT6_DEBUG_KDIR:-$top/build/debug-kernel}
tarball=/usr/src/linux-source-6.12.tar.xz
fragment=$top/scripts/debug.config
jobs=${IPT6_DEBUG_JOBS:-$(nproc)}
# What a guest never needs and takes minutes to build.
disable=(DRM SOUND WLAN WIRELESS MEDIA_SUPPORT USB_SUPPORT HID FB BT NFC
	 CFG80211 INPUT_JOYSTICK INPUT_TABLET INPUT_TOUCHSCREEN)

say() { echo "debug-kernel: $*" >&2; }

if [ ! -r "$tarball" ]; then
	say "$tarball is missing: apt-get install linux-source-6.12"
	exit 2
fi
recipe=$( { cat "$fragment"; echo "disable: ${disable[*]}";
	    stat -c '%n %s %Y' "$tarball"; } | sha256sum | cut -d' ' -f1)

if [ -f "$kdir/arch/x86/boot/bzImage" ] &&
   [ "$(cat "$kdir/.ipt6-built" 2>/dev/null)" = "$recipe" ]; then
	say "up to date in $kdir"
	echo "$kdir"
	exit 0
fi

start=$(date +%s)
mkdir -p "$kdir"
if [ ! -f "$kdir/Makefile" ]; then
	say "extracting $tarball into $kdir"
	tar -xJf "$tarball" -C "$kdir" --strip-components=1
fi
cd "$kdir"

# configure: vng's guest config, the fragment, minus the bulk.
if [ "$(cat .ipt6-config 2>/dev/null)" != "$recipe" ]; then
	say "configuring"
	rm -f .ipt6-built
	{ vng --kconfig &&
	  scripts/kconfig/merge_config.sh -m .config "$fragment"; } \
		>config.log 2>&1 || { tail -n 20 config.log >&2; exit 1; }
	dis=()
	for o in "${disable[@]}"; do
		dis+=(-d "$o")
	done
	scripts/config "${dis[@]}"
	make olddefconfig >>config.log 2>&1
	# Kconfig drops what it cannot satisfy without a word: check.
	bad=0
	while IFS='=' read -r opt val; do
		if [ "$val" = n ]; then
			grep -q "^$opt=" .config || continue
		else
			grep -qx "$opt=$val" .config && continue
		fi
		say "$opt=$val did not survive olddefconfig:" \
		    "$(grep -E "^(# )?${opt}[= ]" .config || echo unset)"
		bad=1
	done < <(grep -E '^CONFIG_[A-Z0-9_]+=' "$fragment")
	[ "$bad" -eq 0 ] || exit 1
	echo "$recipe" >.ipt6-config
fi
if [ "${1:-}" = --config-only ]; then
	echo "$kdir"
	exit 0
fi

say "building in $kdir (make -j$jobs bzImage modules; about 15 minutes)"
nice -n 5 make -j"$jobs" bzImage modules >build.log 2>&1 || {
	tail -n 30 build.log >&2
	say "build failed; full log in $kdir/build.log"
	exit 1
}
echo "$recipe" >.ipt6-built
say "built $(make -s kernelrelease) in $(( $(date +%s) - start )) s"
echo "$kdir"
