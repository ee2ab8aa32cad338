#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Peer loss: the server process killed (its peers go with it), the client
# loses carrier, says why, and comes back by itself when the server does;
# a peer detached on one side is seen closed on the other; nothing is
# left behind.
source "$(dirname "$0")/../lib.sh"
setup_pair
make_certs
p=$TMP/pki
check tunnel_up "tunnel up"
check in_ns cli ping -6 -c 1 -W 5 2001:db8:1::1 "ping before"

# waiting PID: the monitor has subscribed and waits in poll() for events.
waiting() { grep -q poll "/proc/$1/wchan" 2>/dev/null; }
bg srv monsrv ipt6ctl monitor --count 1 --timeout 60
bg cli moncli ipt6ctl monitor --count 1 --timeout 60
check busywait 20000 waiting "$monsrv_pid" "server-side monitor listening"
check busywait 20000 waiting "$moncli_pid" "client-side monitor listening"
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null
check busywait 10000 carrier cli iph0 0 "client carrier down after the server is killed"
check_waiting cli 'ended: closed by the remote end\|refused'
check grep -q "connection to vpn.test ended: closed by the remote end" "$TMP/client.log" \
	"client says why the connection ended"
wait "$monsrv_pid" "$moncli_pid"
log "$(cat "$TMP/monsrv.log" "$TMP/moncli.log")"
check grep -q "iph0 peer 1 gone: owner-gone" "$TMP/monsrv.log" "server peer detached: owner gone"
check grep -q "iph0 peer 1 gone: closed" "$TMP/moncli.log" "client peer detached: closed"
check grep -q "Peers           : 0" <(in_ns srv ipt6ctl show iph0) "server has no peers left"

# The server comes back: the client reconnects by itself.
bg srv server ipt6ctl server iph0 --listen 192.0.2.1:443 \
	--cert "$p/server.pem" --key "$p/server.key"
check busywait 15000 carrier cli iph0 1 "client back after the server restarts"
check in_ns cli ping -6 -c 1 -W 5 2001:db8:1::1 "ping after reconnect"
check grep -q "Interface status: active" <(in_ns cli ipt6ctl show iph0) "client active again"

# The server detaches the client's peer: the client sees a close.
id=$(in_ns srv ipt6ctl show iph0 --json |
     python3 -c 'import json,sys; print(json.load(sys.stdin)["devices"][0]["peers"][0]["id"])')
bg cli moncli ipt6ctl monitor --count 1 --timeout 30
check busywait 20000 waiting "$moncli_pid" "client-side monitor listening again"
check in_ns srv ipt6ctl detach iph0 "$id" "server detaches peer $id"
wait "$moncli_pid"
check grep -q "gone: closed" "$TMP/moncli.log" "client sees the connection closed"

# Nothing left behind once both ends are gone.
tunnel_down
sleep 1
for ns in srv cli; do
	n=$(in_ns $ns ss -Htn state established '( sport = :443 or dport = :443 )' | wc -l)
	check [ "$n" -eq 0 ] "$ns: no established TLS connection left"
done
exit $ret
