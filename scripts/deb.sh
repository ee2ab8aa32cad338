#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian packages: ipt6-dkms (module sources and dkms.conf, built by
# DKMS on the user's machine) and ipt6ctl (the tool, its manual page,
# the systemd template units and the netlink header), from the source
# package in debian/.
#
#   scripts/deb.sh [build]   make deb: build them in build/deb, lintian
#   scripts/deb.sh check     make check-packages: install and purge them
#                            on a fresh Debian 13 system (below)
#
# build: dpkg-buildpackage runs in a copy of the files git tracks (new
# files not yet committed included, ignored ones not), so the build
# leaves the work tree as it was and the native source package holds
# only sources; it writes its results next to that copy, in build/deb:
# ipt6_VERSION.tar.xz, .dsc, .changes, .buildinfo and the two .deb.
# Fails on a build error or any lintian error or warning; its other
# tags are printed and kept in build/deb/lintian.txt.
#
# check: 'apt install ./*.deb' on a fresh system, then 'apt purge'.  The
# system is the Debian 13 root of make check KERNEL=new (made if
# missing, build/kernel-new/root) seen through a throwaway overlay, so
# the root itself is never changed: dkms and the libraries come from
# the archive as a user's apt would fetch them (a dkms the root got for
# tests/06-dkms.sh is purged in the overlay first), and DKMS builds the
# module for the root's kernel during the install (the root has its
# headers), with the root's compiler.  Then: ipt6ctl runs, the manual
# page, units and header are where they belong, dkms lists ipt6 as
# installed and depmod the module; after the purge no file of either
# package, no DKMS build and no module is left, and removing what apt
# pulled in gives back the root's package list.  The packages are built
# on Debian 12 and installed on 13, as users of either would.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/deb

say() { echo "deb: $*" >&2; }

version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
dkms_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
if [ "$version" != "$dkms_version" ]; then
	say "debian/changelog says $version, dkms.conf $dkms_version: make them agree"
	exit 1
fi

build() {
	local t0 t1 t2 src tags

	t0=$(date +%s)
	rm -rf "$out"
	src=$out/ipt6-$version
	mkdir -p "$src"
	(
		cd "$top"
		git ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do
				# Tracked but deleted in the work tree: not a source.
				[ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"
			done | tar --null -T - -cf -
	) | tar -xf - -C "$src"

	say "dpkg-buildpackage in $src"
	# noautodbgsym: no -dbgsym package beside the two, so that
	# 'apt install ./*.deb' installs exactly what users need.
	if ! (cd "$src" &&
	      DEB_BUILD_OPTIONS="noautodbgsym parallel=2" \
	      dpkg-buildpackage -us -uc >"$out/build.log" 2>&1); then
		tail -n 40 "$out/build.log" >&2
		say "dpkg-buildpackage failed (log: $out/build.log)"
		exit 1
	fi
	t1=$(date +%s)
	say "built in $((t1 - t0)) s: $(cd "$out" && echo *.deb)"

	# Errors and warnings fail; notes, pedantic and experimental tags
	# are shown (README.md, "Debian packages", lists those left).
	if ! lintian --fail-on error,warning --display-info --pedantic \
		--display-experimental \
		"$out/ipt6_${version}_$(dpkg --print-architecture).changes" \
		>"$out/lintian.txt" 2>&1; then
		cat "$out/lintian.txt" >&2
		say "lintian found errors or warnings (above; $out/lintian.txt)"
		exit 1
	fi
	t2=$(date +%s)
	tags=$(grep -E '^[EWIPX]: ' "$out/lintian.txt" || true)
	if [ -n "$tags" ]; then
		say "lintian ($((t2 - t1)) s), no errors or warnings; it says:"
		sed 's/^/deb:   /' <<<"$tags" >&2
	else
		say "lintian ($((t2 - t1)) s): no tags"
	fi
}

# The checks run inside the fresh system (chroot): installed_checks
# RELEASE VERSION.  Prints ok:/FAIL: lines, returns 1 on a failure.
installed_checks() {
	local rel=$1 ver=$2 ret=0 t new

	ok() { echo "ok: $*"; }
	fail() { echo "FAIL: $*"; ret=1; }
	check() {
		local what=${*: -1}
		if "${@:1:$#-1}"; then ok "$what"; else fail "$what"; fi
	}
	not() { ! "$@"; }
	# quiet LOG CMD...: CMD's output in LOG, shown if it fails.
	quiet() {
		local log=$1

		shift
		"$@" >"$log" 2>&1 || { cat "$log"; return 1; }
	}
	# Every file but those of the kernel's file systems, apt's caches
	# and logs.
	snap_files() {
		find / -xdev \( -path /proc -o -path /sys -o -path /dev \
			-o -path /run -o -path /tmp -o -path /var/cache \
			-o -path /var/log -o -path /var/lib/apt/lists \) -prune \
			-o -print | sort
	}
	snap_pkgs() { dpkg-query -W -f '${Package} ${Version}\n' | sort; }
	installed() {
		dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
	}

	# A root that got dkms for tests/06-dkms.sh: as fresh as before.
	if installed dkms; then
		check quiet /tmp/purge-dkms.log \
			apt-get purge -y -q --autoremove dkms \
			"dkms the root had is purged first"
	fi
	snap_pkgs >/tmp/pkgs.before
	snap_files >/tmp/files.before

	t=$(date +%s)
	if apt-get install -y -q /tmp/ipt6-debs/*.deb >/tmp/install.log 2>&1; then
		ok "apt install ./*.deb: $(grep -c '^Unpacking' /tmp/install.log)" \
		   "packages in $(($(date +%s) - t)) s"
	else
		cat /tmp/install.log
		fail "apt install ./*.deb"
	fi
	# What ipt6-dkms's postinst (DKMS) said.
	sed -n '/^Setting up ipt6-dkms/,/^Setting up [^i]/p' /tmp/install.log |
		sed 's/^/#   /'
	check installed ipt6ctl "ipt6ctl installed"
	check installed ipt6-dkms "ipt6-dkms installed"
	check installed dkms "dkms came with ipt6-dkms"
	check [ "$(ipt6ctl nat64 64:ff9b::/96 8.8.8.8)" = 64:ff9b::8.8.8.8 ] \
		"ipt6ctl runs (nat64)"
	check quiet /tmp/help.txt ipt6ctl --help "ipt6ctl --help"
	check [ -f /usr/share/man/man8/ipt6ctl.8.gz ] "manual page ipt6ctl(8)"
	check [ -f /lib/systemd/system/ipt6-client@.service ] "unit ipt6-client@"
	check [ -f /lib/systemd/system/ipt6-server@.service ] "unit ipt6-server@"
	check grep -q IPT6_FAMILY_NAME /usr/include/linux/ipt6.h "header linux/ipt6.h"
	check [ -d /etc/ipt6 ] "/etc/ipt6 for configuration files"
	check [ -f "/usr/src/ipt6-$ver/dkms.conf" ] "sources in /usr/src/ipt6-$ver"
	echo "# dkms status: $(dkms status -m ipt6)"
	check grep -q "installed" <(dkms status -m ipt6 -v "$ver" -k "$rel") \
		"DKMS built and installed ipt6/$ver for $rel"
	check grep -q "^updates/dkms/ipt6.ko" "/lib/modules/$rel/modules.dep" \
		"depmod lists updates/dkms/ipt6.ko"
	check grep -q "^$rel " <(modinfo -F vermagic -k "$rel" ipt6) \
		"modinfo: built for $rel"

	t=$(date +%s)
	check quiet /tmp/purge.log apt-get purge -y -q ipt6-dkms ipt6ctl \
		"apt purge ipt6-dkms ipt6ctl"
	echo "# purged in $(($(date +%s) - t)) s"
	check not installed ipt6ctl "ipt6ctl gone"
	check not installed ipt6-dkms "ipt6-dkms gone"
	check [ -z "$(dkms status -m ipt6)" ] "DKMS has no ipt6 left"
	check not grep -q "ipt6" "/lib/modules/$rel/modules.dep" \
		"depmod no longer lists ipt6"
	new=$(snap_files | comm -13 /tmp/files.before - | grep -i ipt6)
	check [ -z "$new" ] "no file or directory of ipt6 left${new:+: $new}"

	# What apt pulled in (dkms, perl, the libraries) goes too: the
	# package list is the fresh system's again, and what is left that
	# was not there before is shown.
	new=$(snap_pkgs | comm -13 /tmp/pkgs.before - | cut -d' ' -f1)
	# shellcheck disable=SC2086 # one word per package
	check quiet /tmp/purge-deps.log apt-get purge -y -q $new \
		"apt purge what came with them: $(echo $new)"
	new=$(snap_pkgs | diff /tmp/pkgs.before - | grep '^[<>]')
	check [ -z "$new" ] "the package list is as before${new:+: $new}"
	new=$(snap_files | comm -13 /tmp/files.before -)
	echo "# files left that were not there before:" \
	     "$(grep -c . <<<"$new")"
	grep . <<<"$new" | head -n 20 | sed 's/^/#   /'
	return $ret
}

check_packages() {
	local root=${IPT6_NEW_ROOT:-$top/build/kernel-new/root}
	local dir=$top/build/deb-check release t0 rc debs f

	debs=("$out/ipt6-dkms_${version}_all.deb"
	      "$out/ipt6ctl_${version}_$(dpkg --print-architecture).deb")
	for f in "${debs[@]}"; do
		[ -f "$f" ] || { say "no $f (make deb)"; exit 1; }
	done
	# The root (made on first use), its kernel current.
	release=$(bash "$top/scripts/kernel-new.sh" | tail -n 1) || exit 1

	rm -rf "$dir"
	mkdir -p "$dir/upper/tmp/ipt6-debs" "$dir/work" "$dir/merged"
	cp "${debs[@]}" "$dir/upper/tmp/ipt6-debs/"
	t0=$(date +%s)
	# kernel-new.sh's lock: the root (the overlay's lower layer) must
	# not change underneath.
	exec 9>"$root.lock"
	flock 9
	say "installing and purging in a fresh Debian 13 ($root, overlay in $dir)"
	rc=0
	unshare --mount --propagation private -- /bin/bash -c '
		set -e
		root=$1 dir=$2 m=$2/merged
		mount -t overlay overlay \
			-o "lowerdir=$root,upperdir=$dir/upper,workdir=$dir/work" "$m"
		mount -t proc proc "$m/proc"
		mount --rbind /dev "$m/dev"
		mount -t sysfs sysfs "$m/sys"
		exec chroot "$m" /usr/bin/env -i \
			PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 \
			/bin/bash -c "$3; installed_checks \"\$@\"" \
			installed_checks "$4" "$5"' \
		check_packages "$root" "$dir" "$(declare -f installed_checks)" \
		"$release" "$version" | tee "$dir/check.log" || rc=$?
	exec 9>&-
	say "$(grep -c '^ok:' "$dir/check.log") checks passed," \
	    "$(grep -c '^FAIL:' "$dir/check.log") failed" \
	    "($(($(date +%s) - t0)) s; log $dir/check.log)"
	# The overlay's upper layer is the only thing the check changed.
	rm -rf "$dir/upper" "$dir/work"
	return "$rc"
}

case ${1:-build} in
build) build ;;
check) check_packages ;;
*) echo "usage: scripts/deb.sh [build|check]" >&2; exit 2 ;;
esac
