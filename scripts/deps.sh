#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what building and testing ipt6 needs, from Debian's packages.
# Idempotent and quick when everything is present.
set -euo pipefail

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }

# Packages from the running release (bookworm).
pkgs=(build-essential bc bison flex libelf-dev pkg-config
      linux-image-6.12-amd64 linux-headers-6.12-amd64
      libnl-3-dev libnl-genl-3-dev libssl-dev
      qemu-system-x86 iproute2 iputils-ping openssl
      tcpdump ndisc6 socat busybox-static kmod procps radvd python3-yaml
      nftables tinyproxy python3)
# 'deps.sh fuzz': what make fuzz needs instead (clang with libFuzzer and
# the sanitizers, llvm-symbolizer for their reports), nothing for the VM.
fuzz=false
if [ "${1:-}" = fuzz ]; then
	fuzz=true
	pkgs=(build-essential pkg-config libssl-dev clang libclang-rt-14-dev
	      llvm)
fi
# make check-debug builds a kernel from Debian's sources.
[ -n "${IPT6_DEPS_DEBUG:-}" ] && pkgs+=(linux-source-6.12 xz-utils)
for p in "${pkgs[@]}"; do have_pkg "$p" || need+=("$p"); done
$fuzz || have_pkg virtme-ng || need+=(virtme-ng)

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${need[*]}; run as root to install them" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Another apt (a second checkout's make check) may hold dpkg's lock: wait.
apt_wait=(-o DPkg::Lock::Timeout=900)

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
# Take only virtme-ng (and what it cannot do without) from trixie.
pin=()
for p in "${need[@]}"; do
	if [ "$p" = virtme-ng ]; then pin+=(virtme-ng/trixie); else pin+=("$p"); fi
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
apt-get "${apt_wait[@]}" install -y -qq --no-install-recommends "${pin[@]}"
exec 9>&-
# The tests run tinyproxy in the foreground with their own configuration;
# the system-wide proxy service its package starts is not wanted.
if [[ " ${need[*]} " == *" tinyproxy "* ]] && command -v systemctl >/dev/null; then
	systemctl disable --now tinyproxy >/dev/null 2>&1 || true
fi
