#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Anti-spoofing and DAD on a server with many clients: a client sending
# from another client's address, or from outside the prefix, is dropped
# and counted while the others go on; a client probing (DAD) for another
# client's address is told it is taken, and its kernel marks it failed.
source "$(dirname "$0")/../lib.sh"
setup_fleet 3
make_certs
check fleet_server "server up"
for i in 1 2 3; do fleet_client $i; done
declare -A addr
for i in 1 2 3; do
	check busywait 30000 has_global_addr c$i "c$i configured"
	addr[$i]=$(global_addr c$i)
	check in_ns c$i ping -6 -c 1 -W 5 2001:db8:ff::2 "c$i reaches upstream"
done

spoof() { peer_of "10.0.$1.2]" 'p["stats"]["rx_drop_spoof"]'; }

# c1 claims c2's address (no DAD, as a spoofer would) and sends from it.
ip -n c1 addr add "${addr[2]}/128" dev iph0 nodad
check not in_ns c1 ping -6 -c 2 -W 2 -I "${addr[2]}" 2001:db8:ff::2 \
	"c1 sending from c2's address gets nothing through"
check [ "$(spoof 1)" -ge 2 ] "those packets are counted as spoofed on c1's peer"
check in_ns c2 ping -6 -c 2 -W 5 2001:db8:ff::2 "c2 is unaffected"
check in_ns up ping -6 -c 2 -W 5 "${addr[2]}" "upstream still reaches c2, not c1"
ip -n c1 addr del "${addr[2]}/128" dev iph0

# c1 announces c2's address (unsolicited neighbour advertisement).
before=$(spoof 1)
check in_ns c1 python3 -c '
import socket, struct, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
idx = socket.if_nametoindex("iph0")
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, idx)
na = struct.pack("!BBHI", 136, 0, 0, 0x20000000)  # override flag
na += socket.inet_pton(socket.AF_INET6, sys.argv[1])
s.sendto(na, ("ff02::1", 0, 0, idx))
' "${addr[2]}" "c1 sends an advertisement of c2's address"
check busywait 5000 eval '[ "$(spoof 1)" -gt "$before" ]' "counted as spoofed on c1's peer"
check in_ns up ping -6 -c 1 -W 5 "${addr[2]}" "upstream still reaches c2"

# c1 sends from outside the prefix.
before=$(spoof 1)
ip -n c1 addr add 2001:db8:99::1/64 dev iph0 nodad
check not in_ns c1 ping -6 -c 2 -W 2 -I 2001:db8:99::1 2001:db8:ff::2 \
	"c1 sending from outside the prefix gets nothing through"
check [ "$(spoof 1)" -ge $((before + 2)) ] "counted as spoofed"
check in_ns c1 ping -6 -c 1 -W 5 -I "${addr[1]}" 2001:db8:ff::2 "c1's own address still works"
ip -n c1 addr del 2001:db8:99::1/64 dev iph0
check [ "$(spoof 2)" -eq 0 ] "no drops on c2's peer"
check [ "$(spoof 3)" -eq 0 ] "no drops on c3's peer"

# c3 configures c1's address the normal way: its DAD probe is answered.
ip -n c3 addr add "${addr[1]}/64" dev iph0
check busywait 10000 eval "ip -n c3 -6 addr show dev iph0 | grep -A1 '${addr[1]}' | grep -q dadfailed" \
	"c3 detects the duplicate address (dadfailed)"
check [ "$(peer_of "10.0.3.2]" 'p["stats"]["rx_dad_defended"]')" -ge 1 ] \
	"the server defended c1's address against c3"
check in_ns c1 ping -6 -c 1 -W 5 2001:db8:ff::2 "c1 keeps its address and its traffic"
check [ "$(peer_of "10.0.1.2]" "'${addr[1]}' in p['addresses']")" = True ] \
	"the server still gives c1's address to c1"
log "$(in_ns srv ipt6ctl show iph0)"
exit $ret
