#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Slowloris: one attacker address (192.0.2.3) holds 400 TCP connections
# open to the server, half of them having sent the first bytes of a
# ClientHello and nothing more, half nothing at all, reopening each one
# the server closes (a second later, at most 100 a second).  An honest
# client from another address (192.0.2.2) must still get its tunnel up
# within 5 s and ping through it.  The server refuses what is over the
# per-source limit and times out the rest, and says so: a line in its log
# per second while the counters change, and 'ipt6ctl show' (the server
# records them in the kernel).  Then SIGTERM with 50
# handshakes in progress: the server exits 0 within a few seconds.
source "$(dirname "$0")/../lib.sh"
n=400
setup_pair
make_certs
p=$TMP/pki
ip -n cli addr add 192.0.2.3/24 dev veth-c

iph_up srv 2001:db8:1::1/64
iph_up cli 2001:db8:1::2/64

# serve [OPTS...]: the server on 192.0.2.1:443 (log $TMP/server.log).
serve() {
	bg srv server ipt6ctl server iph0 --listen 192.0.2.1:443 \
		--cert "$p/server.pem" --key "$p/server.key" \
		--url https://vpn.test/IPHTTPS "$@"
	busywait 10000 listening srv 443
}

# attack NAME N [OPTS...]: ipt6-slowloris from 192.0.2.3, N connections.
attack() {
	local name=$1 count=$2
	shift 2
	bg cli "$name" ipt6-slowloris.py --connect 192.0.2.1:443 \
		--bind 192.0.2.3 -n "$count" "$@"
	busywait 60000 grep -q "^holding" "$TMP/$name.log"
}

# counter WORDS: the last count the server logged for "WORDS", or 0.
counter() {
	sed -n "s/^iph0: \([0-9]*\) .*($1)\$/\1/p" "$TMP/server.log" |
		tail -1 | grep . || echo 0
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# honest: start the honest client; honest_ms: how long until its carrier
# was up (60000 and more: never).
honest() {
	local start
	start=$(now_ms)
	bg cli client ipt6ctl client iph0 https://vpn.test/IPHTTPS \
		--ca "$p/ca.pem" --connect-to 192.0.2.1
	busywait 60000 carrier cli iph0 1
	honest_ms=$(($(now_ms) - start))
}

check serve "server up"
# For comparison: the same without an attack (the emulated CPU is slow).
honest
log "honest client's tunnel up after $honest_ms ms without attack"
kill "$client_pid"
wait "$client_pid" 2>/dev/null
check busywait 10000 carrier cli iph0 0 "honest client down again"

check attack atk "$n" --hold 40 "attacker holds $n connections from 192.0.2.3"
sleep 1
log "established on the server: $(in_ns srv ss -Htn state established '( sport = :443 )' | wc -l)"
honest
up_ms=$honest_ms
log "honest client's tunnel up after $up_ms ms under attack"
log "$(cat "$TMP/client.log")"
check [ "$up_ms" -le 5000 ] "honest client gets its tunnel up within 5 s under attack"
check in_ns cli ping -6 -c 2 -i 0.3 -W 5 2001:db8:1::1 "ping through the tunnel under attack"

# The silent half is cut at the first-byte deadline (3 s), the half with
# a partial ClientHello at the handshake deadline (10 s).
check busywait 15000 eval '[ "$(counter "over per-source limit")" -ge $((n - 8)) ]' \
	"server logs the connections refused over the per-source limit"
check busywait 15000 eval '[ "$(counter "before their first byte")" -ge 4 ]' \
	"server logs connections timed out before their first byte"
check busywait 15000 eval '[ "$(counter "in the handshake")" -ge 4 ]' \
	"server logs connections timed out in the handshake"
log "$(grep -v 'attached as peer' "$TMP/server.log" | tail -20)"
check not grep -q "ipt6ctl: iph0: client 192.0.2.2" "$TMP/server.log" \
	"the honest client's handshake did not fail"

# The same counts in 'ipt6ctl show', which the server records in the kernel.
json=$(in_ns srv ipt6ctl show iph0 --json)
check python3 -c '
import json, sys
s = json.loads(sys.argv[1])["devices"][0]["server_stats"]
assert s["refused_source_limit"] >= int(sys.argv[2]) - 8, s
assert s["timeout_first_byte"] >= 4 and s["timeout_handshake"] >= 4, s
' "$json" "$n" "ipt6ctl show --json has the server's refusal counters"
out=$(in_ns srv ipt6ctl show iph0)
log "$out"
check grep -q "Handshakes      : [0-9]* failed, refused: [0-9]* over per-source limit, [0-9]* busy; timed out: [0-9]* before first byte, [0-9]* in handshake" \
	<<<"$out" "ipt6ctl show has the server's handshake line"

# SIGTERM while the attack goes on.
stop_server() {
	local t0 rc
	t0=$(now_ms)
	kill -TERM "$server_pid"
	busywait 8000 eval '! kill -0 "$server_pid" 2>/dev/null' || return 1
	wait "$server_pid"
	rc=$?
	log "server exited with $rc after $(($(now_ms) - t0)) ms"
	[ "$rc" -eq 0 ]
}
check stop_server "server under attack exits 0 within 8 s of SIGTERM"
kill -TERM "$atk_pid" 2>/dev/null
wait "$atk_pid"
log "$(cat "$TMP/atk.log")"

# 50 handshakes in progress at SIGTERM, each stuck in its ClientHello.
check serve --max-handshakes-per-source 64 "server up again, 64 per source"
check attack atk2 50 --all-hello --no-reopen --hold 30 \
	"attacker holds 50 connections"
check busywait 10000 eval '[ "$(in_ns srv ss -Htn state established "( sport = :443 )" | wc -l)" -ge 50 ]' \
	"50 connections established on the server"
sleep 1
check stop_server "server with 50 handshakes in progress exits 0 within 8 s of SIGTERM"
check not grep -qiE "sanitizer|segmentation|abort|double free|corrupt" "$TMP/server.log" \
	"server log shows no crash"
kill -TERM "$atk2_pid" 2>/dev/null
exit $ret
