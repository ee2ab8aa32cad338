#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One server, three clients: the clients configure themselves from the
# server's router advertisements (distinct SLAAC addresses in the prefix,
# a default route), reach each other through the server and an upstream
# host beyond it; rdisc6 shows the RA; the server lists who owns what and
# sends clients no multicast but its RAs; --no-onlink and --no-autoconf
# clear the prefix's flags.
source "$(dirname "$0")/../lib.sh"
setup_fleet 3
make_certs
check fleet_server "server up with --prefix 2001:db8:1::/64"
for i in 1 2 3; do fleet_client $i; done

declare -A addr
for i in 1 2 3; do
	check busywait 30000 has_global_addr c$i "c$i configured an address in the prefix by itself"
	addr[$i]=$(global_addr c$i)
	log "c$i: ${addr[$i]}"
	check grep -q "default via fe80::.* dev iph0" <(ip -n c$i -6 route show default) \
		"c$i has a default route through the tunnel"
done
check [ "$(printf '%s\n' "${addr[@]}" | sort -u | wc -l)" -eq 3 ] "three distinct addresses"
# Random interface identifiers, not ones derived from anything fixed.
for i in 1 2 3; do
	check not grep -qE '::(1|2|3)$' <<<"${addr[$i]}" "c$i's interface id is not a small constant"
done

for i in 1 2 3; do
	j=$((i % 3 + 1))
	check in_ns c$i ping -6 -c 2 -W 5 "${addr[$j]}" "c$i pings c$j through the server"
	check in_ns c$i ping -6 -c 2 -W 5 2001:db8:ff::2 "c$i pings the upstream host"
done
check in_ns up ping -6 -c 2 -W 5 "${addr[1]}" "the upstream host pings c1"
check in_ns c1 ping -6 -c 1 -W 5 2001:db8:1::1 "c1 pings the server's address"

out=$(in_ns c2 rdisc6 -1 -w 3000 iph0 2>&1)
log "$out"
check grep -q "Prefix *: 2001:db8:1::/64" <<<"$out" "rdisc6 on c2 shows the prefix"
check grep -q "MTU *: *1280" <<<"$out" "rdisc6 on c2 shows the MTU option"
check grep -q "from fe80::" <<<"$out" "rdisc6 on c2: the RA comes from the server's link-local address"
check grep -q "Router lifetime *: *1800" <<<"$out" "rdisc6 on c2 shows the router lifetime"

out=$(in_ns srv ipt6ctl show iph0)
log "$out"
check grep -q "Prefix          : 2001:db8:1::/64 (on-link, autoconfiguration)" <<<"$out" \
	"server shows its prefix"
check grep -q "Peers           : 3" <<<"$out" "server has three peers"
for i in 1 2 3; do
	check [ "$(peer_of "10.0.$i.2]" "'${addr[$i]}' in p['addresses']")" = True ] \
		"server lists c$i's address under c$i's peer"
done
check [ "$(srv_dev 'd["stats"]["rx_router_solicits"]')" -ge 3 ] \
	"server answered router solicitations"
check [ "$(peer_of "10.0.1.2]" 'p["stats"]["rx_drop_spoof"]')" -eq 0 ] "no spoof drops in normal use"

# The server's own multicast (an all-nodes ping here) reaches no client.
filtered() { srv_dev 'd["stats"]["tx_drop_filtered"]'; }
before=$(filtered)
out=$(in_ns srv ping -6 -c 2 -W 2 -I iph0 ff02::1 2>&1)
log "$out"
for i in 1 2 3; do
	ll=$(ip -n c$i -6 -o addr show dev iph0 scope link | awk '{ print $4 }' | cut -d/ -f1)
	check not grep -q "from $ll" <<<"$out" "c$i does not get the server's multicast"
done
check [ "$(filtered)" -ge $((before + 2)) ] "the server counts it as filtered"

# The prefix's flags as configured: without L and A.
kill "$server_pid"
wait "$server_pid" 2>/dev/null
check fleet_server --no-onlink --no-autoconf "server restarted with --no-onlink --no-autoconf"
check busywait 20000 carrier c2 iph0 1 "c2 back"
out=$(in_ns c2 rdisc6 -1 -w 3000 iph0 2>&1)
log "$out"
check grep -q "On-link *: *No" <<<"$out" "rdisc6: the prefix is not on-link"
check grep -q "Autonomous address conf.*: *No" <<<"$out" "rdisc6: no autoconfiguration in it"
check grep -q "Prefix          : 2001:db8:1::/64 (not on-link, no autoconfiguration)" \
	<(in_ns srv ipt6ctl show iph0) "the server shows the prefix without flags"
exit $ret
