#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side packaging check (no VM, no module loading): 'make install'
# with DESTDIR and PREFIX puts every file where it belongs, the systemd
# units pass 'systemd-analyze verify', 'make uninstall' removes them all,
# and the tree 'make install-dkms' copies builds the module the way DKMS
# builds it (make -C KERNEL M=SOURCE modules), with dkms itself when it is
# installed, and the man page documents every command and option
# (selftests/man-check.sh).  Run by 'make check-install'.  Exit 0 pass,
# 1 fail.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
ret=0
tmp=$(mktemp -d /tmp/ipt6-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
kver=${KVER:-$(bash scripts/kver.sh)}
kdir=${KDIR:-/lib/modules/$kver/build}
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)

fail() { echo "FAIL: $*"; ret=1; }
ok() { echo "ok: $*"; }
check() {
	local what=${*: -1}
	if "${@:1:$#-1}"; then ok "$what"; else fail "$what"; fi
}
quiet() { "$@" >"$tmp/cmd.log" 2>&1 || { cat "$tmp/cmd.log"; return 1; }; }

d=$tmp/root
check quiet make install DESTDIR="$d" PREFIX=/usr "make install DESTDIR=... PREFIX=/usr"
check [ -x "$d/usr/sbin/ipt6ctl" ] "ipt6ctl in /usr/sbin"
check "$d/usr/sbin/ipt6ctl" nat64 64:ff9b::/96 8.8.8.8 "installed ipt6ctl runs"
check [ -f "$d/usr/share/man/man8/ipt6ctl.8" ] "man page in share/man/man8"
check [ -f "$d/usr/include/linux/ipt6.h" ] "uapi header in include/linux"
for u in ipt6-client@.service ipt6-server@.service; do
	check [ -f "$d/usr/lib/systemd/system/$u" ] "$u in lib/systemd/system"
done
check grep -q "^ExecStart=/usr/sbin/ipt6ctl up --role client %i$" \
	"$d/usr/lib/systemd/system/ipt6-client@.service" "client unit runs up --role client"
check grep -q "^ExecStop=/usr/sbin/ipt6ctl down %i$" \
	"$d/usr/lib/systemd/system/ipt6-server@.service" "server unit runs down"
check [ -d "$d/etc/ipt6" ] "/etc/ipt6 made"
mods=$(find "$d/lib/modules/$kver/updates" -name 'ipt6.ko*' 2>/dev/null)
check [ -n "$mods" ] "module in lib/modules/$kver/updates: ${mods#"$d"}"
check [ -z "$(find "$d" -path "$d/usr/local*" -print -quit)" ] "nothing under /usr/local"

if command -v systemd-analyze >/dev/null; then
	# Against this system's units (--root would need a whole systemd
	# tree), with the commands pointing into the installed tree, so that
	# verify also checks they exist and are executable.
	mkdir -p "$tmp/units"
	for u in ipt6-client@ ipt6-server@; do
		sed "s|/usr/sbin/ipt6ctl|$d/usr/sbin/ipt6ctl|g" \
			"$d/usr/lib/systemd/system/$u.service" >"$tmp/units/$u.service"
		out=$(cd "$tmp/units" && systemd-analyze verify --man=no "$u.service" 2>&1)
		check [ -z "$out" ] "systemd-analyze verify $u.service${out:+: $out}"
	done
else
	echo "SKIP: systemd-analyze not installed"
fi

check quiet make uninstall DESTDIR="$d" PREFIX=/usr "make uninstall"
left=$(find "$d" -type f)
check [ -z "$left" ] "uninstall leaves no file${left:+: $left}"

# Another PREFIX: the units follow the binary.
d=$tmp/opt
check quiet make install-tools DESTDIR="$d" PREFIX=/opt/ipt6 "make install-tools PREFIX=/opt/ipt6"
check [ -x "$d/opt/ipt6/sbin/ipt6ctl" ] "ipt6ctl in /opt/ipt6/sbin"
check grep -q "^ExecStart=/opt/ipt6/sbin/ipt6ctl up --role server %i$" \
	"$d/opt/ipt6/lib/systemd/system/ipt6-server@.service" "unit names /opt/ipt6/sbin/ipt6ctl"

# DKMS: the copied tree alone must build.
d=$tmp/dkms
check quiet make install-dkms DESTDIR="$d" "make install-dkms"
src=$d/usr/src/ipt6-$version
check [ -f "$src/dkms.conf" ] "dkms.conf in /usr/src/ipt6-$version"
check quiet make -C "$kdir" M="$src" modules "the copied tree builds as DKMS's MAKE does"
check [ -f "$src/ipt6.ko" ] "... into ipt6.ko"
rm -f "$src"/*.ko "$src"/*.o "$src"/kmod/*.o
if command -v dkms >/dev/null; then
	mkdir -p "$tmp/dkms-tree"
	# dkms signs what it builds; a key of its own, not /var/lib/dkms's.
	export mok_signing_key=$tmp/mok.key mok_certificate=$tmp/mok.pub
	check quiet dkms build -m ipt6 -v "$version" -k "$kver" \
		--sourcetree "$d/usr/src" --dkmstree "$tmp/dkms-tree" "dkms build for $kver"
	built=$(find "$tmp/dkms-tree" -name 'ipt6.ko*' -path "*$kver*" | head -1)
	check [ -n "$built" ] "dkms made ${built#"$tmp"/}"
else
	echo "SKIP: dkms not installed (apt-get install dkms)"
fi

# The man page renders without warnings and documents every command,
# and in each command's section every option and keyword its --help names.
bash selftests/man-check.sh || ret=1

[ $ret -eq 0 ] && echo "install check: pass" || echo "install check: FAIL"
exit $ret
