#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module as DKMS builds and installs it from 'make install-dkms'
# (scripts/dkms.sh, before the VM boots): on Debian's 6.12 'dkms
# install' runs here, into this VM's throwaway view of /lib/modules; in
# a Debian root (KERNEL=new) it ran in that root.  Then modprobe loads
# it from updates/dkms as depmod listed it, a tunnel runs through it,
# and the tree's ./ipt6.ko takes its place again for the other tests,
# the DKMS build uninstalled (6.12: it stays built in the DKMS tree) or
# kept from autoloading (a root's, removed after the VM by
# scripts/dkms.sh clean).
source "$(dirname "$0")/../lib.sh"
ko=$IPT6_TOP/ipt6.ko
rel=$(uname -r)
state=${IPT6_OUT:-$IPT6_TOP/build}/dkms/state
if [ ! -f "$state" ]; then
	echo "SKIP: no DKMS build prepared (make check runs scripts/dkms.sh)"
	exit "$KSFT_SKIP"
fi
mode="" release="" version="" tree="" reason=""
source "$state"
case $mode in
skip) echo "SKIP: $reason"; exit "$KSFT_SKIP" ;;
guest|root) ;;
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

# Whatever happens, the other tests get ./ipt6.ko back.
restore_tree_module() {
	[ "$(loaded_id 2>/dev/null)" = "$tree_id" ] && return
	rmmod ipt6 2>/dev/null
	insmod "$ko"
}
trap 'cleanup; restore_tree_module' EXIT

dkms_args=(-m ipt6 -v "$version" -k "$rel")
if [ "$mode" = guest ]; then
	dkms_args+=(--dkmstree "$IPT6_TOP/$tree")
	# The tree (in the repository) outlives the VM: a VM that died
	# between install and uninstall left it saying "installed".
	if dkms status "${dkms_args[@]}" | grep -q ': installed'; then
		log "the DKMS tree says installed (a VM died before uninstall)"
		dkms uninstall "${dkms_args[@]}"
	fi
	check dkms install "${dkms_args[@]}" "dkms install (it runs depmod)"
	log "$(dkms status "${dkms_args[@]}")"
fi
path=$(modinfo -n ipt6 2>&1)
check [ "${path#"/lib/modules/$rel/updates/dkms/ipt6.ko"}" != "$path" ] \
	"modinfo finds ipt6 in updates/dkms: $path"
check grep -q "^updates/dkms/ipt6.ko[^:]*: .*tunnel4" "/lib/modules/$rel/modules.dep" \
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
if [ "$mode" = guest ]; then
	check dkms uninstall "${dkms_args[@]}" "dkms uninstall (it runs depmod)"
	check not compgen -G "/lib/modules/$rel/updates/dkms/ipt6.ko*" \
		"the module file is gone"
	check not modinfo -n ipt6 2>/dev/null "modinfo no longer finds ipt6"
else
	# The root is read-only here: keep its install from being
	# autoloaded by the later tests of this VM.
	echo "blacklist ipt6" >/etc/modprobe.d/ipt6-dkms-test.conf
fi
check insmod "$ko" "insmod ./ipt6.ko again"
check [ "$(loaded_id)" = "$tree_id" ] "the tree's module is loaded for the other tests"
exit $ret
