#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Non-data TLS records on the kernel's socket, sent by stock `openssl
# s_server` after a hand-made 200: a KeyUpdate ends the session with
# reason tls-rekey (6.12's kTLS cannot follow it); a close_notify alert
# ends it as an orderly close.  The session tickets s_server sends before
# that must not disturb anything.
source "$(dirname "$0")/../lib.sh"
setup_pair
make_certs
p=$TMP/pki
iph_up cli

# s_server reads its commands and data from a fifo we write: the HTTP
# answer, then after a pause the command ($1: k = KeyUpdate, Q = quit).
run_case() {
	local cmd=$1 want=$2
	rm -f "$TMP/in"; mkfifo "$TMP/in"
	in_ns srv openssl s_server -accept 192.0.2.1:443 -cert "$p/server.pem" \
		-key "$p/server.key" -tls1_3 -naccept 1 <"$TMP/in" >"$TMP/s_server.log" 2>&1 &
	local srvpid=$!
	_pids+=($srvpid)
	exec 3>"$TMP/in"
	busywait 10000 listening srv 443
	bg cli mon ipt6ctl monitor --count 1 --timeout 40
	sleep 0.5
	bg cli client ipt6ctl client iph0 https://vpn.test/IPHTTPS --once \
		--ca "$p/ca.pem" --connect-to 192.0.2.1
	printf 'HTTP/1.1 200 OK\r\nServer: openssl\r\n\r\n' >&3
	busywait 20000 carrier cli iph0 1 || { fail "$cmd: tunnel did not come up"; }
	sleep 1
	printf '%s\n' "$cmd" >&3
	wait "$mon_pid"
	exec 3>&-
	wait "$client_pid"
	kill $srvpid 2>/dev/null; wait $srvpid 2>/dev/null
	log "$(cat "$TMP/mon.log" "$TMP/client.log")"
	check grep -q "gone: $want " "$TMP/mon.log" "$cmd: session ended with reason $want"
	check carrier cli iph0 0 "$cmd: carrier down"
}

run_case k tls-rekey
check grep -q "TLS key update" "$TMP/client.log" "client names the key update"
run_case Q closed
exit $ret
