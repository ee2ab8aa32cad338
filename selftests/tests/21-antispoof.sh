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
