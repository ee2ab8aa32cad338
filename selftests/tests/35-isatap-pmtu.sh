#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Path MTU across an IPv4 router: the ipt6 ISATAP host h sends with DF; an
# ICMP "fragmentation needed" from the IPv4 path lowers the IPv6 MTU
# toward that node (less 20), and a packet too big for it gets an ICMPv6
# packet-too-big (counted).  A path below 1300 leaves IPv6 at its 1280
# minimum: the packets then go out without DF and IPv4 fragments them.
# The peers are sit ISATAP hosts.
source "$(dirname "$0")/../lib.sh"
source "$IPT6_TOP/selftests/isatap-lib.sh"

setup_ns h mid p1 p2
# h -- mid -- p1 (IPv4 MTU 1400), mid -- p2 (IPv4 MTU 1280)
ip link add eth0 netns h type veth peer name e-h netns mid
ip link add eth0 netns p1 mtu 1400 type veth peer name e-p1 netns mid mtu 1400
ip link add eth0 netns p2 mtu 1280 type veth peer name e-p2 netns mid mtu 1280
ip netns exec mid sysctl -qw net.ipv4.ip_forward=1
i=0
for ns in h p1 p2; do
	ip -n mid addr add "10.0.$i.254/24" dev "e-$ns"
	ip -n mid link set "e-$ns" up
	ip -n "$ns" addr add "10.0.$i.2/24" dev eth0
	ip -n "$ns" link set eth0 up
	ip -n "$ns" route add default via "10.0.$i.254"
	i=$((i + 1))
done
ip -n h link add isa0 address 10.0.0.2 type isatap
ip -n h link set isa0 up
for n in p1:1 p2:2; do
	ip -n "${n%:*}" tunnel add is0 mode isatap local "10.0.${n#*:}.2" ttl 64
	ip -n "${n%:*}" link set is0 up
done
p1=fe80::5efe:a00:102%isa0 p2=fe80::5efe:a00:202%isa0
check busywait 5000 in_ns h ping -c 1 -W 2 $p1 "h reaches p1 across the IPv4 router"
check busywait 5000 in_ns h ping -c 1 -W 2 $p2 "h reaches p2"

# p1: IPv4 path MTU 1400, so IPv6 1380 once h hears of it.
in_ns h ping -c 1 -W 2 -M do -s 1432 $p1 >/dev/null 2>&1
out=$(in_ns h ping -c 1 -W 2 -M do -s 1432 $p1 2>&1)
log "$out"
check grep -q "mtu.*1380" <<<"$out" "1480-byte packet refused: path MTU 1380 from ICMP frag-needed"
check isatap_stat_is h isa0 tx_drop_toobig -ge 1 "packet-too-big counted"
check in_ns h ping -c 2 -W 2 -M do -s 1332 $p1 "1380-byte packets pass with DF"
check not in_ns h ping -c 1 -W 2 -M do -s 1333 $p1 "1381-byte packets do not"

# p2: IPv4 path MTU 1280, below 1280 + 20: 1280-byte packets go without DF.
in_ns h ping -c 1 -W 2 -M do -s 1232 $p2 >/dev/null 2>&1
check busywait 5000 in_ns h ping -c 1 -W 2 -M do -s 1232 $p2 \
	"1280-byte packets reach p2 through a 1280-byte IPv4 path (fragmented)"
check not in_ns h ping -c 1 -W 2 -M do -s 1233 $p2 "1281-byte packets refused"
exit $ret
