#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Many clients on one server: ipt6ctl server with --prefix, and 200 IP-HTTPS
# sessions held at once by ipt6-manyclients.  On each, all at the same
# time: a Router Solicitation from the client's own link-local gets a
# unicast Router Advertisement (hop limit 255, the /64 with L and A, an MTU
# option), and an echo request from PREFIX + random IID to PREFIX::1 gets
# its reply on that connection and no other.  The server shows every
# client as a peer with its packets counted, and forgets them all when
# they close.
source "$(dirname "$0")/../lib.sh"
n=${IPT6_MANY_CLIENTS:-200}
# All set-ups start at once: the server runs 16 handshakes at a time
# (--max-handshakes; the emulated CPUs of the test VM are slow) and the
# rest wait for a slot, so none misses its 10 s.  They all come from one
# address, so the per-source limit is off.  Their ClientHellos come late
# too: 200 key generations share the emulated CPUs with the server, and
# 10 of 200 once missed the 3 s first-byte deadline; the deadlines are
# stretched (--first-byte-timeout, --handshake-timeout) as an admin of a
# slow host would.
par=${IPT6_MANY_PARALLEL:-$n}
setup_pair
make_certs
p=$TMP/pki

iph_up srv
bg srv server ipt6ctl server iph0 --listen 192.0.2.1:443 \
	--cert "$p/server.pem" --key "$p/server.key" \
	--url https://vpn.test/IPHTTPS --prefix 2001:db8:1::/64 \
	--max-handshakes 16 --max-handshakes-per-source 0 \
	--first-byte-timeout "$(scaled 15)" --handshake-timeout "$(scaled 30)"
check busywait 10000 listening srv 443 "server listening"
check busywait 5000 eval 'in_ns srv ip -6 addr show dev iph0 |
	grep -q "inet6 2001:db8:1::1/64"' "server device has PREFIX::1/64"

bg cli many ipt6-manyclients --url https://vpn.test/IPHTTPS \
	--connect 192.0.2.1:443 --ca "$p/ca.pem" -n "$n" --parallel "$par" \
	--prefix 2001:db8:1::/64 --timeout 300000 --hold 600
check busywait 400000 grep -q "clients got an RA" "$TMP/many.log" \
	"ipt6-manyclients finished its exchange"

json=$(in_ns srv ipt6ctl show iph0 --json)
check python3 -c '
import ipaddress, json, sys
n = int(sys.argv[2])
d = json.loads(sys.argv[1])["devices"][0]
peers = d["peers"]
assert d["role"] == "server", d["role"]
assert len(peers) == n, "%d peers, expected %d" % (len(peers), n)
assert d["stats"]["rx_router_solicits"] == n, d["stats"]
net = ipaddress.ip_network("2001:db8:1::/64")
seen = set()
for p in peers:
    s = p["stats"]
    # RS and echo request in, RA and echo reply out, at least.
    assert s["rx_packets"] >= 2 and s["tx_packets"] >= 2, p
    assert s["rx_drop_spoof"] == 0 and s["rx_drop_framing"] == 0, p
    assert s["rx_drop_filtered"] == 0, p
    # Learned: the RS source and the echo source, nothing else.
    a = sorted(ipaddress.ip_address(x) for x in p["addresses"])
    assert len(a) == 2 and a[0] in net and a[1].is_link_local, p
    seen.update(a)
assert len(seen) == 2 * n, "%d distinct addresses" % len(seen)
' "$json" "$n" "server shows $n peers, each with its packets counted and its two addresses"

kill -TERM "$many_pid"
wait "$many_pid"
rc=$?
log "$(cat "$TMP/many.log")"
log "$(grep -v 'attached as peer' "$TMP/server.log")"
check [ "$rc" -eq 0 ] "every client got an RA and an echo reply"
check [ "$(grep -c 'attached as peer' "$TMP/server.log")" -eq "$n" ] \
	"server attached $n peers"
check not grep -q "ipt6ctl: iph0: client" "$TMP/server.log" \
	"server reports no failed client"

check busywait 30000 eval 'in_ns srv ipt6ctl show iph0 |
	grep -q "Peers           : 0"' "server forgets the clients when they close"
exit $ret
