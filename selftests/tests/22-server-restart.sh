#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The server restarts: every client sees its connection end (c1 says it is
# waiting to reconnect, with the last error), comes back by itself (first
# retry within 2 s), is reachable from upstream before it sends anything,
# and is configured and pinging again within 10 s of the server's return.
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

down=$(date +%s%N)
kill "$server_pid"
wait "$server_pid" 2>/dev/null
check busywait 10000 carrier c1 iph0 0 "c1 loses carrier with the server gone"
check busywait 3000 grep -q "refused the connection" "$TMP/c1.log" \
	"c1 tries again within 2 s (refused: the server is still away)"
check_waiting c1 'ended: \|refused'
check fleet_server "server back"
start=$(date +%s%N)
log "the server was down for $(((start - down) / 1000000)) ms"
for i in 2 3; do
	check grep -q "connection to vpn.test ended: closed by the remote end" "$TMP/c$i.log" \
		"c$i saw its connection end"
done
# Manage out: before the clients send anything, the restarted server
# knows their addresses from the announcements (unsolicited neighbour
# advertisements) each client makes when it reconnects.
reach() {
	local i
	for i in 1 2 3; do
		in_ns up ping -6 -c 1 -W 1 "${addr[$i]}" >/dev/null || return 1
	done
}
check busywait 10000 reach "upstream reaches every client before they send"
back() {
	local i
	for i in 1 2 3; do
		in_ns c$i ping -6 -c 1 -W 1 2001:db8:ff::2 >/dev/null || return 1
	done
}
left() { echo $((10000 - ($(date +%s%N) - start) / 1000000)); }
check busywait "$(left)" back "every client pings upstream within 10 s of the restart"
log "all back $((($(date +%s%N) - start) / 1000000)) ms after the server listens again"
check in_ns up ping -6 -c 1 -W 5 "$(global_addr c2)" "upstream reaches c2 again"
check grep -q "Interface status: active" <(in_ns c3 ipt6ctl show iph0) "c3 active again"
check [ "$(server_peers)" -eq 3 ] "the server has its three clients again"
exit $ret
