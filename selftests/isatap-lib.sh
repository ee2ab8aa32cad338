# SPDX-License-Identifier: GPL-2.0
# Helpers for the ISATAP selftests (tests/3x-isatap-*.sh); source after
# lib.sh.  The IPv4 intranet is 10.0.0.0/24 on a bridge in namespace lan.

# Debian's kernels have sit: failing to load it is a failure, not a skip.
if ! modprobe sit; then
	echo "FAIL: modprobe sit"
	exit 1
fi

# isatap_lan NS:N...: each NS gets eth0 with 10.0.0.N/24 on the intranet.
isatap_lan() {
	local n ns
	setup_ns lan || return 1
	ip -n lan link add br0 type bridge || return 1
	ip -n lan link set br0 up
	for n in "$@"; do
		ns=${n%%:*}
		setup_ns "$ns" || return 1
		ip link add eth0 netns "$ns" type veth peer name "p-$ns" netns lan
		ip -n lan link set "p-$ns" master br0 up
		ip -n "$ns" addr add "10.0.0.${n#*:}/24" dev eth0
		ip -n "$ns" link set eth0 up
	done
}

# isatap_far NS: namespace far behind router NS on 2001:db8:ff::/64 (NS is
# ::1, far ::2); NS forwards IPv6.
isatap_far() {
	setup_ns far || return 1
	ip link add eth1 netns "$1" type veth peer name eth0 netns far
	ip -n "$1" addr add 2001:db8:ff::1/64 dev eth1 nodad
	ip -n far addr add 2001:db8:ff::2/64 dev eth0 nodad
	ip -n "$1" link set eth1 up
	ip -n far link set eth0 up
	ip -n far -6 route add default via 2001:db8:ff::1
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.forwarding=1
}

# has_addr NS DEV ADDR: DEV in NS has the IPv6 address ADDR.
has_addr() { ip -n "$1" -6 addr show dev "$2" | grep -q "inet6 $3/"; }

# has_route NS ROUTE...: `ip -6 route show ROUTE...` in NS prints something.
has_route() { local ns=$1; shift; [ -n "$(ip -n "$ns" -6 route show "$@")" ]; }

# isatap_stat NS DEV KEY: one counter of an ISATAP device, from show --json.
isatap_stat() {
	in_ns "$1" ipt6ctl show "$2" --json | python3 -c '
import json, sys
print(json.load(sys.stdin)["isatap"][0]["stats"][sys.argv[1]])' "$3"
}

# log_grep FILE PATTERN: FILE (a bg log) has a line matching PATTERN.
log_grep() { grep -q "$2" "$1"; }

# isatap_stat_is NS DEV KEY OP VALUE: test(1) a counter, e.g. -ge 4.
isatap_stat_is() { [ "$(isatap_stat "$1" "$2" "$3")" "$4" "$5" ]; }
