#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what building and testing ipt6 needs, from Debian's packages.
# Idempotent and quick when everything is present.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
# Another apt (a second checkout's make check) may hold dpkg's lock: wait.
apt_wait=(-o DPkg::Lock::Timeout=900)
need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }

# Packages from the running release (bookworm).
pkgs=(build-essential bc bison flex libelf-dev pkg-config
      linux-image-6.12-amd64 linux-headers-6.12-amd64
      libnl-3-dev libnl-genl-3-dev libssl-dev
      qemu-system-x86 iproute2 iputils-ping openssl
      tcpdump ndisc6 socat busybox-static kmod procps radvd python3-yaml
      nftables tinyproxy python3
      unbound bind9-dnsutils dbus-daemon libsystemd-dev)
# From trixie (pinned low, taken by name below): Jool 4.1.9 in bookworm
# does not build for 6.12 (genl_split_ops); 4.1.13 does, and its DKMS
# package wants dkms >= 3.0.11.
trixie_pkgs=(jool-dkms jool-tools dkms)
jool_min=4.1.13
# 'deps.sh fuzz': what make fuzz needs instead (clang with libFuzzer and
# the sanitizers, llvm-symbolizer for their reports), nothing for the VM.
fuzz=false
if [ "${1:-}" = fuzz ]; then
	fuzz=true
	pkgs=(build-essential pkg-config libssl-dev clang libclang-rt-14-dev
	      llvm)
fi
# 'deps.sh deb': what make deb and make check-packages need instead
# (Debian's packaging tools, debian/control's build dependencies);
# as for fuzz, nothing for the VM.
if [ "${1:-}" = deb ]; then
	fuzz=true
	pkgs=(build-essential debhelper dh-dkms lintian libnl-3-dev
	      libnl-genl-3-dev libssl-dev libsystemd-dev pkg-config)
fi
# make check-debug builds a kernel from Debian's sources.
[ -n "${IPT6_DEPS_DEBUG:-}" ] && pkgs+=(linux-source-6.12 xz-utils)
for p in "${pkgs[@]}"; do have_pkg "$p" || need+=("$p"); done
$fuzz || have_pkg virtme-ng || need+=(virtme-ng)
if ! $fuzz; then
	v=$(dpkg-query -W -f='${Version}' jool-dkms 2>/dev/null || true)
	if [ -z "$v" ] || dpkg --compare-versions "$v" lt "$jool_min" ||
	   ! have_pkg jool-tools; then
		need+=("${trixie_pkgs[@]}")
	fi
fi

top=$(cd "$(dirname "$0")/.." && pwd -P)

# Jool's module for the kernel the VM boots: DKMS builds it for the
# running kernel and the newest one, which need not be the test kernel.
jool_module() {
	local v kver

	kver=$(bash "$top/scripts/kver.sh") || return 1
	modinfo -k "$kver" jool >/dev/null 2>&1 && return 0
	v=$(dpkg-query -W -f='${Version}' jool-dkms | sed 's/-[^-]*$//')
	echo "deps: building Jool $v for $kver (dkms)" >&2
	# depmod rewrites /lib/modules, which a running VM reads: as below.
	(
		lock=${IPT6_VM_LOCK:-/tmp/ipt6-vm.lock}
		exec 9>>"$lock"
		flock -n 9 || {
			echo "deps: waiting for the test VM on this machine to end ($lock)" >&2
			flock 9
		}
		dkms install "jool/$v" -k "$kver" >&2 && depmod -a "$kver"
	) && modinfo -k "$kver" jool >/dev/null
}

# systemd-resolved for the split DNS tests, unpacked into build/: the
# package itself would make /etc/resolv.conf a link to its stub, which
# this host (no systemd) does not run.  With the libsystemd-shared it
# was built with: that library is private to systemd's versions.
resolved_unpacked() {
	local dir=$top/build/resolved v deb

	v=$(apt-cache policy systemd-resolved |
	    sed -n 's/^ *Candidate: //p')
	[ -n "$v" ] && [ "$v" != "(none)" ] || {
		echo "deps: no systemd-resolved package known to apt" >&2
		return 1
	}
	[ "$(cat "$dir/.version" 2>/dev/null)" = "$v" ] &&
		[ -x "$dir/root/lib/systemd/systemd-resolved" ] && return 0
	echo "deps: unpacking systemd-resolved $v into build/resolved" >&2
	rm -rf "$dir"
	mkdir -p "$dir/debs" "$dir/root"
	# Stale package lists name a version the mirror no longer has.
	get() {
		(cd "$dir/debs" && apt-get download -qq \
			"systemd-resolved=$v" "libsystemd-shared=$v")
	}
	get || { apt-get "${apt_wait[@]}" update -qq && get; } || return 1
	for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$dir/root" || return 1; done
	echo "$v" >"$dir/.version"
}

finish() {
	$fuzz && return 0
	jool_module || { echo "deps: no Jool module for the test kernel" >&2; exit 1; }
	resolved_unpacked || exit 1
}

if [ ${#need[@]} -eq 0 ]; then
	finish
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${need[*]}; run as root to install them" >&2
	exit 1
fi


# virtme-ng is packaged from Debian 13 (trixie) on.  Add trixie in its own
# sources file, pinned low so nothing else is taken from it unasked, and
# reuse the mirror this system already uses for its own Debian suites.
add_trixie() {
	local src=/etc/apt/sources.list.d/ipt6-trixie.sources uri=""
	[ -f "$src" ] && return 0
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		uri=$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' \
			/etc/apt/sources.list.d/debian.sources)
	fi
	if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
		uri=$(awk '/^deb / && $2 !~ /security/ { print $2; exit }' \
			/etc/apt/sources.list)
	fi
	if [ -z "$uri" ]; then
		echo "deps: no Debian mirror found in the apt sources" >&2
		exit 1
	fi
	cat > "$src" <<EOT
Types: deb
URIs: $uri
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
	cat > /etc/apt/preferences.d/ipt6-trixie <<EOT
Package: *
Pin: release n=trixie
Pin-Priority: 100
EOT
}

$fuzz || add_trixie
apt-get "${apt_wait[@]}" update -qq
# Take only virtme-ng, Jool and dkms (and what they cannot do without)
# from trixie.
pin=()
for p in "${need[@]}"; do
	case " virtme-ng ${trixie_pkgs[*]} " in
	*" $p "*) pin+=("$p/trixie") ;;
	*) pin+=("$p") ;;
	esac
done
# A package's scripts may rewrite /lib/modules (depmod, DKMS), which a
# running test VM reads from the host: a guest's modprobe has been seen
# to crash on an index rewritten under it.  Install while no VM runs
# (scripts/vm.sh holds the same lock).
lock=${IPT6_VM_LOCK:-/tmp/ipt6-vm.lock}
exec 9>>"$lock"
if ! flock -n 9; then
	echo "deps: waiting for the test VM on this machine to end ($lock)" >&2
	flock 9
fi
# No service starts on this host from what is installed here (unbound
# would start a resolver on port 53): the tests start their own daemons
# in the VM.  A policy-rc.d that says no, unless there is one already.
policy=/usr/sbin/policy-rc.d
own_policy=false
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\n# ipt6 deps.sh: no services started while installing\nexit 101\n' \
		>"$policy"
	chmod 755 "$policy"
	own_policy=true
fi
# And the host's resolver configuration stays as it was, whatever a
# package's scripts think of it.
resolv_saved=$(mktemp -d)/resolv.conf
cp -P --preserve=all /etc/resolv.conf "$resolv_saved" 2>/dev/null || true
restore() {
	$own_policy && rm -f "$policy"
	if [ -e "$resolv_saved" ] &&
	   ! cmp -s "$resolv_saved" /etc/resolv.conf 2>/dev/null; then
		echo "deps: a package changed /etc/resolv.conf: restored" >&2
		rm -f /etc/resolv.conf
		cp -P --preserve=all "$resolv_saved" /etc/resolv.conf
	fi
	rm -rf "${resolv_saved%/*}"
}
trap restore EXIT
apt-get "${apt_wait[@]}" install -y -qq --no-install-recommends "${pin[@]}"
exec 9>&-
# The tests run tinyproxy in the foreground with their own configuration;
# the system-wide proxy service its package starts is not wanted.
if [[ " ${need[*]} " == *" tinyproxy "* ]] && command -v systemctl >/dev/null; then
	systemctl disable --now tinyproxy >/dev/null 2>&1 || true
fi
finish
