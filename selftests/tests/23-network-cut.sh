#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A network cut: from one moment on nothing of c1's arrives and nothing
# reaches it (no FIN, no reset, no ICMP).  c1 notices by TCP keepalive,
# says so, and reconnects once it has a network again: from a new IPv4
# address, as a laptop that moved.  The server still holds c1's silent
# old connection; it knows the new one by the client's session id,
# replaces the old peer at once (not after its own keepalive gives up) and
# gives c1's addresses to the new one, so c1 is reachable and may send
# from them at once.  A client that vanishes for good is detached by the
# server's keepalive.
source "$(dirname "$0")/../lib.sh"
setup_fleet 2
make_certs
# The server probes after 20 s of silence, so it would drop c1's old
# connection by itself only some 40 s after the cut: the replacement
# below must come long before that.  The clients give up on a silent
# server after 4 s, and on a connect attempt after 3.
check fleet_server --keepalive 20 "server up, keepalive 20 s"
for i in 1 2; do fleet_client $i --keepalive 2 --timeout 3; done
declare -A addr
for i in 1 2; do
	check busywait 30000 has_global_addr c$i "c$i configured"
	addr[$i]=$(global_addr c$i)
	check in_ns c$i ping -6 -c 1 -W 5 2001:db8:ff::2 "c$i reaches upstream"
done
bg srv monitor ipt6ctl monitor

# cut_off NS FROM: NS takes nothing from IPv4 address FROM any more.
cut_off() {
	in_ns "$1" nft -f - <<-NFT
	table inet cut {
		chain in {
			type filter hook input priority 0; policy accept;
			ip saddr $2 drop
		}
	}
	NFT
}
check cut_off srv 10.0.1.2 "cut: the server takes nothing from c1"
check cut_off c1 10.0.1.1 "cut: c1 takes nothing from the server"
start=$(date +%s)
check busywait 20000 eval 'carrier c1 iph0 0' "c1 notices the silent connection and drops carrier"
log "c1 noticed after $(($(date +%s) - start)) s"
check_waiting c1 'the server did not answer for 4 s'
check [ "$(server_peers)" -eq 2 ] "the server still holds c1's old connection"

# c1 moves: a new IPv4 address, a network that works.
ip -n c1 addr del 10.0.1.2/24 dev v
ip -n c1 addr add 10.0.1.3/24 dev v
in_ns c1 nft delete table inet cut
check busywait 25000 eval 'carrier c1 iph0 1' "c1 reconnects from its new address"
log "c1 back after $(($(date +%s) - start)) s"
check busywait 5000 grep -q "gone: replaced" "$TMP/monitor.log" \
	"the server replaced c1's old peer (it did not wait for it to time out)"
check not grep -q "gone: timeout" "$TMP/monitor.log" "no peer timed out on the server"
check [ "$(peer_of "10.0.1.3]" "'${addr[1]}' in p['addresses']")" = True ] \
	"c1's address belongs to its new connection"
check [ -z "$(peer_of "10.0.1.2]" 'p["id"]')" ] "c1's old connection is gone"
check in_ns up ping -6 -c 2 -W 5 "${addr[1]}" "upstream reaches c1"
check in_ns c1 ping -6 -c 2 -W 5 -I "${addr[1]}" 2001:db8:ff::2 "c1 reaches upstream from its address"
check [ "$(peer_of "10.0.1.3]" 'p["stats"]["rx_drop_spoof"]')" -eq 0 ] \
	"nothing of c1's was taken for spoofing"
check in_ns c2 ping -6 -c 1 -W 5 2001:db8:ff::2 "c2 is unaffected"

# c2 vanishes for good (its client is killed: nothing says goodbye).
check cut_off srv 10.0.2.2 "cut: the server takes nothing from c2"
kill -KILL "$c2_pid"
wait "$c2_pid" 2>/dev/null
check busywait 80000 grep -q "gone: timeout" "$TMP/monitor.log" \
	"the server's keepalive detaches the vanished c2"
check busywait 5000 eval '[ -z "$(peer_of "10.0.2.2]" "p[\"id\"]")" ]' "c2's peer is gone"
check in_ns srv ping -6 -c 1 -W 5 "${addr[1]}" "c1 is still there"
log "$(cat "$TMP/monitor.log")"
exit $ret
