#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One IP-HTTPS tunnel end to end: ipt6ctl server and client in two
# namespaces, TLS verified against a test CA, kTLS handed to the kernel;
# ping6 both ways over iph0 with static addresses; status and counters.
source "$(dirname "$0")/../lib.sh"
setup_pair
make_certs
check tunnel_up "client connected, carrier up"
log "$(cat "$TMP/server.log" "$TMP/client.log")"

check in_ns cli ping -6 -c 3 -i 0.2 -W 5 2001:db8:1::1 "ping6 client -> server"
check in_ns srv ping -6 -c 3 -i 0.2 -W 5 2001:db8:1::2 "ping6 server -> client"
check in_ns cli ping -6 -c 2 -s 1232 -M do -W 5 2001:db8:1::1 "full-MTU ping (1280 bytes)"

out=$(in_ns cli ipt6ctl show iph0)
log "$out"
check grep -q "Interface status: active" <<<"$out" "client status active"
check grep -q "URL             : https://vpn.test/IPHTTPS" <<<"$out" "client URL shown"
check grep -q "peer 1: 192.0.2.1:443" <<<"$out" "client peer is the server"
json=$(in_ns srv ipt6ctl show iph0 --json)
check python3 -c '
import json, sys
d = json.loads(sys.argv[1])["devices"][0]
assert d["role"] == "server" and len(d["peers"]) == 1, d
p = d["peers"][0]["stats"]
assert p["rx_packets"] >= 5 and p["tx_packets"] >= 5, p
assert p["rx_drop_framing"] == 0, p
' "$json" "server counts the peer's packets"

# MTUs that differ between the ends: a packet larger than the server's
# MTU is dropped and counted, and the session goes on (no reconnect).
ip -n cli link set iph0 mtu 1500
in_ns cli ping -6 -c 2 -s 1400 -M do -W 2 2001:db8:1::1 >/dev/null
check [ "$(srv_dev 'd["stats"]["rx_drop_oversize"]')" -ge 2 ] \
	"server counts packets over its MTU"
check [ "$(srv_dev 'd["stats"]["peers_detached"]')" -eq 0 ] \
	"... and keeps the session"
check in_ns cli ping -6 -c 2 -i 0.2 -W 5 2001:db8:1::1 "ping6 after the oversized packets"
ip -n cli link set iph0 mtu 1280
exit $ret
