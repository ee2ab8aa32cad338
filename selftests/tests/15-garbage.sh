#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Garbage on the TLS stream (bytes that are not IPv6 packets) ends the
# session with reason "protocol", counted, with a clean kernel log: for a
# client fed by a hostile server, and for a server fed by a hostile client.
source "$(dirname "$0")/../lib.sh"
setup_pair
make_certs
p=$TMP/pki

# A TLS server that answers 200, then sends non-IPv6 bytes.
bg srv peer ipt6-tlspeer server --listen 192.0.2.1:443 --cert "$p/server.pem" \
	--key "$p/server.key" --once --mode source 100000
busywait 10000 listening srv 443
iph_up cli
bg cli moncli ipt6ctl monitor --count 1 --timeout 30
sleep 1
out=$(in_ns cli timeout 60 ipt6ctl client iph0 https://vpn.test/IPHTTPS --once \
	--ca "$p/ca.pem" --connect-to 192.0.2.1 2>&1)
check [ $? -eq 1 ] "client ends the session"
log "$out"
check grep -q "stream lost IPv6 framing" <<<"$out" "client says the stream lost framing"
wait "$moncli_pid"
check grep -q "gone: protocol" "$TMP/moncli.log" "peer-gone reason is protocol"
json=$(in_ns cli ipt6ctl show iph0 --json)
check python3 -c '
import json, sys
d = json.loads(sys.argv[1])["devices"][0]
assert d["stats"]["rx_drop_framing"] == 1, d["stats"]
assert d["stats"]["peers_detached"] == 1, d["stats"]
assert d["stats"]["rx_packets"] == 0, d["stats"]
' "$json" "framing drop counted on the device"
check grep -q "1 bad framing" <(in_ns cli ipt6ctl show iph0) "show names the framing drop"

# A real server, a hostile client.
iph_up srv
bg srv server ipt6ctl server iph0 --listen 192.0.2.1:443 \
	--cert "$p/server.pem" --key "$p/server.key"
busywait 10000 listening srv 443
bg srv monsrv ipt6ctl monitor --count 1 --timeout 30
sleep 1
in_ns cli timeout 30 ipt6-tlspeer client https://vpn.test/IPHTTPS --ca "$p/ca.pem" \
	--connect 192.0.2.1 --mode source 100000 >/dev/null 2>&1
wait "$monsrv_pid"
log "$(cat "$TMP/monsrv.log")"
check grep -q "gone: protocol" "$TMP/monsrv.log" "server ends the hostile client's session"
check grep -q "1 bad framing" <(in_ns srv ipt6ctl show iph0) "server counts it"
check in_ns srv ipt6ctl show iph0 "server still serves"
exit $ret
