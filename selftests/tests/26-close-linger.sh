#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A client that closes is gone from the server within 2 s, whatever came
# with its FIN.  30 clients (ipt6-closerace --together) set up at once and
# wait until the kernel has taken each (its Router Advertisement came),
# then all send their last bytes and close at the same moment, data and
# FIN in one segment (TCP_CORK): half an IPv6 packet, a whole one, one and
# a half, or none.  The same right after the 200, while the server is
# still handing the socket to the kernel.  Each round runs on a fresh
# server device, so a peer left over from one does not count in the next.
source "$(dirname "$0")/../lib.sh"
n=${IPT6_LINGER_CLIENTS:-30}
limit=$(scaled 2000)		# ms: the promise is 2 s
setup_pair
make_certs
p=$TMP/pki

server_start() {
	iph_up srv || return 1
	bg srv server ipt6ctl server iph0 --listen 192.0.2.1:443 \
		--cert "$p/server.pem" --key "$p/server.key" \
		--url https://vpn.test/IPHTTPS --prefix 2001:db8:1::/64 \
		--max-handshakes-per-source 0	# all from cli's address
	busywait 10000 listening srv 443 || return 1
	# The server's RAs come from its link-local address: until DAD is
	# done there is none, and a solicitation goes unanswered (a kernel
	# client solicits again; ipt6-closerace asks once).
	busywait "$(scaled 10000)" sh -c \
		"ip -n srv -6 addr show dev iph0 scope link -tentative | grep -q inet6"
}

server_stop() {
	kill "$server_pid" 2>/dev/null
	wait "$server_pid" 2>/dev/null
	ip -n srv link del iph0
}

peers_gone() { [ "$(server_npeers)" = 0 ]; }

attached() { grep -c "attached as peer" "$TMP/server.log"; }

# settled_gone START-NS MS: peers_gone_within, and still none a second later
# with no new attach meanwhile: right after the 200 the server may still
# be handing sockets to the kernel when the count first reads 0.
settled_gone() {
	local ms a
	while true; do
		ms=$(peers_gone_within "$1" "$2") || { echo "$ms"; return 1; }
		a=$(attached)
		sleep 1
		[ "$(attached)" = "$a" ] && peers_gone && { echo "$ms"; return 0; }
	done
}

# round MODE: N clients of MODE end together; all gone within the limit.
round() {
	local mode=$1 log=$TMP/$1.conns start ms left
	server_start || { fail "$mode: server did not start"; return; }
	in_ns cli ipt6-closerace --url https://vpn.test/IPHTTPS \
		--connect 192.0.2.1:443 --ca "$p/ca.pem" -n "$n" --together \
		--cork --modes "$mode" --timeout "$(scaled 30000)" \
		--log "$log" >"$TMP/$mode.out" 2>&1
	local rc=$?
	start=$(date +%s%N)
	ms=$(settled_gone "$start" "$limit")
	left=$(server_npeers)
	log "$(tail -n 3 "$TMP/$mode.out")"
	check [ $rc -eq 0 ] "$mode: $n clients reached their point and closed together"
	if [ "$left" = 0 ]; then
		ok "$mode: all $n gone from the server within $limit ms (${ms} ms)"
	else
		fail "$mode: $left of $n clients still attached $ms ms after they closed"
		lingering "$log"
		ms=$(peers_gone_within "$start" "$(scaled 10000)")
		log "   $(server_npeers) still attached $ms ms after they closed"
	fi
	server_stop
}

# Attached for sure (the RA came), then the last bytes and FIN together.
round ra-half-fin
round ra-full-fin
round ra-fullhalf-fin
round ra-fin
# Right after the 200: the server may still be attaching the socket.
round ok-half-fin
round ok-full-fin
exit $ret
