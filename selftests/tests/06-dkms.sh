#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module as Debian's dkms builds and installs it from 'make
# install-dkms' (dkms add, build, install: scripts/dkms.sh, before the
# VM boots, on the host for Debian's 6.12 and in the kernel's Debian
# root for KERNEL=new).  What dkms install and its depmod wrote is laid
# over this VM's /lib/modules/RELEASE; modprobe then loads the module
# from updates/dkms, a tunnel runs through it, and, the overlay gone,
# the tree's ./ipt6.ko is loaded again for the other tests.
source "$(dirname "$0")/../lib.sh"
ko=$IPT6_TOP/ipt6.ko
rel=$(uname -r)
moddir=/lib/modules/$rel
state=${IPT6_OUT:-$IPT6_TOP/build}/dkms/state
if [ ! -f "$state" ]; then
	echo "SKIP: no DKMS build prepared (make check runs scripts/dkms.sh)"
	exit "$KSFT_SKIP"
fi
mode="" release="" version="" modules="" reason=""
source "$state"
case $mode in
skip) echo "SKIP: $reason"; exit "$KSFT_SKIP" ;;
ready) ;;
*) echo "FAIL: preparing DKMS: ${reason:-no mode in $state}"; exit 1 ;;
esac
check [ "$release" = "$rel" ] "DKMS built ipt6/$version for the running kernel $rel"

# build_id FILE: the GNU build ID of a module file (.ko or .ko.xz).
build_id() {
	case $1 in
	*.xz) xz -dc "$1" >"$TMP/id.ko" || return 1 ;;
	*) cp "$1" "$TMP/id.ko" || return 1 ;;
	esac
	readelf -n "$TMP/id.ko" | sed -n 's/^ *Build ID: //p'
}

# loaded_id: the build ID of the loaded ipt6 (the note's 16-byte head
# is namesz, descsz, type and "GNU\0").
loaded_id() {
	od -An -tx1 -v -j16 /sys/module/ipt6/notes/.note.gnu.build-id |
		tr -d ' \n'
}
tree_id=$(build_id "$ko")

# Whatever happens, the other tests get this VM's own module directory
# and ./ipt6.ko back.
restore() {
	if [ "$(loaded_id 2>/dev/null)" != "$tree_id" ]; then
		rmmod ipt6 2>/dev/null
	fi
	while grep -q "^ipt6-dkms $(realpath "$moddir") " /proc/mounts; do
		umount -l "$moddir" || break
	done
	grep -q '^ipt6 ' /proc/modules || insmod "$ko"
}
trap 'cleanup; restore' EXIT

# A read-only overlay: the files stay as dkms left them, and go with
# the unmount.
check mount -t overlay ipt6-dkms -o "lowerdir=$IPT6_TOP/$modules:$moddir" \
	"$moddir" "what dkms install and depmod wrote, over $moddir"
path=$(modinfo -n ipt6 2>&1)
check [ "${path#"$moddir/updates/dkms/ipt6.ko"}" != "$path" ] \
	"modinfo finds ipt6 in updates/dkms: $path"
check grep -q "^updates/dkms/ipt6.ko[^:]*: .*tunnel4" "$moddir/modules.dep" \
	"depmod listed it, with tunnel4 before it"
log "signer: $(modinfo -F signer "$path")"

check rmmod ipt6 "rmmod ./ipt6.ko"
check modprobe ipt6 "modprobe ipt6"
dkms_id=$(build_id "$path")
check [ "$(loaded_id)" = "$dkms_id" ] "the loaded module is DKMS's (build ID $dkms_id)"
check [ "$dkms_id" != "$tree_id" ] "... not ./ipt6.ko (build ID $tree_id)"

setup_pair
make_certs
check tunnel_up "a tunnel through the DKMS build: carrier up"
check in_ns cli ping -6 -c 3 -i 0.2 -W 5 2001:db8:1::1 "ping6 client -> server"
check in_ns srv ping -6 -c 3 -i 0.2 -W 5 2001:db8:1::2 "ping6 server -> client"
tunnel_down

check rmmod ipt6 "rmmod the DKMS build"
# Lazily: udevd keeps the module index it mapped for the module's
# uevents; everything else sees the VM's own directory at once, and
# udevd reloads its index when it next needs it.
log "holding $moddir: $(fuser -m "$moddir" 2>&1 | tr -s ' ')"
check umount -l "$moddir" "the overlay unmounted"
check not grep -q "^ipt6-dkms " /proc/mounts "... and gone"
check not modinfo -n ipt6 2>/dev/null "modprobe would find no ipt6 any more"
check insmod "$ko" "insmod ./ipt6.ko again"
check [ "$(loaded_id)" = "$tree_id" ] "the tree's module is loaded for the other tests"
exit $ret
