#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ipt6ctl up / down from configuration files: a server and a client, both
# named iph0 in their own namespaces (so their pid files must differ),
# brought up from files, pinging through the tunnel, brought down with
# their devices gone; a crashed 'up' cleaned by 'down'; a foreign device
# left alone; bad files refused with FILE:LINE and no device made.
source "$(dirname "$0")/../lib.sh"
setup_pair
make_certs
p=$TMP/pki
mkdir -p "$TMP/srv-etc" "$TMP/cli-etc"

cat >"$TMP/srv-etc/iph0.conf" <<EOT
# The IP-HTTPS server.
[Interface]
Role = server
Listen = 192.0.2.1:443
Cert = $p/server.pem
Key = $p/server.key
URL = https://vpn.test/IPHTTPS
Path = /IPHTTPS
Prefix = 2001:db8:1::/64
EOT
# Key names in any case, comments, a relative CA path (to the file's folder).
cat >"$TMP/cli-etc/iph0.conf" <<EOT
; The client.
[interface]
role = client
URL = https://vpn.test/IPHTTPS
CA = ../pki/ca.pem
ConnectTo = 192.0.2.1
Timeout = 5
Keepalive = 7
TLS = 1.3
Cipher = chacha20-poly1305
MTU = 1400
Address = 2001:db8:1::2/64, 2001:db8:1::22/64
EOT

bg srv up_srv ipt6ctl up --config-dir "$TMP/srv-etc" --role server iph0
check busywait 10000 listening srv 443 "server from its file listens"
bg cli up_cli ipt6ctl up --config-dir "$TMP/cli-etc" iph0
check busywait 20000 carrier cli iph0 1 "client from its file connected"
log "$(cat "$TMP/up_srv.log" "$TMP/up_cli.log")"

out=$(in_ns cli ipt6ctl show iph0)
log "$out"
check grep -q "Role            : client" <<<"$out" "client role"
check grep -q "Interface status: active" <<<"$out" "client active"
check grep -q "URL             : https://vpn.test/IPHTTPS" <<<"$out" "client URL"
check grep -q "Role            : server" <(in_ns srv ipt6ctl show iph0) "server role"
check grep -q "mtu 1400" <(ip -n cli link show iph0) "MTU = 1400 applied"
check grep -q "2001:db8:1::22/64" <(ip -n cli -6 addr show dev iph0) "second address"
check grep -q "TLSv1.3, TLS_CHACHA20_POLY1305_SHA256" "$TMP/up_cli.log" "TLS and Cipher applied"
check grep -q "Prefix          : 2001:db8:1::/64" <(in_ns srv ipt6ctl show iph0) "Prefix applied"
# The kernel owns the socket now; ss still shows its keepalive timer
# (once nothing is in flight).
check busywait 10000 eval "in_ns cli ss -tno state established '( dport = :443 )' |
	grep -q 'timer:(keepalive'" "Keepalive applied"
slaac() { ip -n cli -6 addr show dev iph0 scope global dynamic | grep -q 2001:db8:1:; }
check busywait 20000 slaac "client configured itself from the server's RA"

# Addresses may still be tentative (DAD) for a moment.
check busywait 10000 in_ns cli ping -6 -c 1 -W 1 2001:db8:1::1 "tunnel usable"
check in_ns cli ping -6 -c 3 -i 0.2 -W 5 2001:db8:1::1 "ping6 client -> server"
check in_ns srv ping -6 -c 3 -i 0.2 -W 5 -I 2001:db8:1::1 2001:db8:1::22 "ping6 server -> client"

# One pid file per namespace, each naming its own 'up'.
pidfile() { echo "/run/ipt6/iph0.netns-$(in_ns "$1" stat -L -c %i /proc/self/ns/net).pid"; }
check [ "$(cat "$(pidfile srv)")" = "$up_srv_pid" ] "server pid file $(pidfile srv)"
check [ "$(cat "$(pidfile cli)")" = "$up_cli_pid" ] "client pid file $(pidfile cli)"
out=$(in_ns cli ipt6ctl up --config-dir "$TMP/cli-etc" iph0 2>&1)
check [ $? -eq 1 ] "a second up of iph0 refused"
check grep -q "iph0 is up already (pid $up_cli_pid" <<<"$out" "... saying so: $out"
check carrier cli iph0 1 "... and the first one still connected"

# down: the process ends with 0, the device and the pid file go.
out=$(in_ns cli ipt6ctl down iph0 2>&1)
check [ $? -eq 0 ] "down iph0 (client)"
check grep -q "stopped 'ipt6ctl up' (pid $up_cli_pid)" <<<"$out" "... $out"
wait "$up_cli_pid"
check [ $? -eq 0 ] "client's up exited 0"
check not ip -n cli link show iph0 "client device gone"
check [ ! -e "$(pidfile cli)" ] "client pid file gone"
check grep -q "iph0: down" "$TMP/up_cli.log" "up said down"
check in_ns srv ipt6ctl down iph0 "down iph0 (server)"
wait "$up_srv_pid"
check [ $? -eq 0 ] "server's up exited 0"
check not ip -n srv link show iph0 "server device gone"
check not listening srv 443 "server no longer listens"
out=$(in_ns cli ipt6ctl down iph0 2>&1)
check [ $? -eq 1 ] "down when not up fails"
check grep -q "iph0 is not up" <<<"$out" "... saying so: $out"

# A crashed 'up' leaves its device and a stale pid file: down cleans both.
bg cli up_cli ipt6ctl up --config-dir "$TMP/cli-etc" iph0
check busywait 5000 in_ns cli ip link show iph0 "client up again"
check busywait 5000 [ -s "$(pidfile cli)" ] "... with its pid file"
kill -9 "$up_cli_pid"
wait "$up_cli_pid" 2>/dev/null
check ip -n cli link show iph0 "device left after kill -9"
out=$(in_ns cli ipt6ctl down iph0 2>&1)
check [ $? -eq 0 ] "down after a crash"
check grep -q "iph0: device deleted" <<<"$out" "... deletes the device: $out"
check not ip -n cli link show iph0 "... gone"
check [ ! -e "$(pidfile cli)" ] "stale pid file removed"

# A device of another kind is neither replaced nor deleted.
ip -n cli link add iph0 type dummy
out=$(in_ns cli ipt6ctl up --config-dir "$TMP/cli-etc" iph0 2>&1)
check [ $? -eq 1 ] "up refused over an existing device"
check grep -q "a device named iph0 exists already" <<<"$out" "... $out"
out=$(in_ns cli ipt6ctl down iph0 2>&1)
check [ $? -eq 1 ] "down refuses a dummy device"
check grep -q "iph0 is a dummy device, not iphttps: left alone" <<<"$out" "... $out"
check grep -q "dummy" <(ip -n cli -d link show iph0) "dummy still there"
ip -n cli link del iph0

# --role guards the systemd units against the wrong file.
out=$(in_ns cli ipt6ctl up --config-dir "$TMP/cli-etc" --role server iph0 2>&1)
check grep -q "iph0.conf:3: Role = client, but --role server was asked for" <<<"$out" "--role mismatch: $out"

# Bad files: each refused with FILE:LINE and the reason, no device made.
bad() {	# NAME EXPECTED-MESSAGE, file body on stdin
	local f=$TMP/cli-etc/$1.conf out
	cat >"$f"
	out=$(in_ns cli ipt6ctl up --config-dir "$TMP/cli-etc" "$1" 2>&1)
	local rc=$?
	check [ $rc -eq 1 ] "$1.conf refused (exit $rc)"
	check grep -qF -- "$f$2" <<<"$out" "... $out"
	check not ip -n cli link show "$1" "... no device $1"
}
bad bad1 ":3: unknown key 'Colour'" <<EOT
[Interface]
Role = client
Colour = blue
URL = https://vpn.test/
EOT
bad bad2 ":2: a client needs URL = https://NAME[:PORT][/PATH]" <<EOT
[Interface]
Role = client
EOT
bad bad3 ": Role = client or Role = server is missing" <<EOT
[Interface]
URL = https://vpn.test/
EOT
bad bad4 ":4: TLS = 1.4: must be 1.2 or 1.3" <<EOT
[Interface]
Role = client
URL = https://vpn.test/
TLS = 1.4
EOT
bad bad5 ":2: a server needs Cert = FILE and Key = FILE" <<EOT
[Interface]
Role = server
Key = $p/server.key
EOT
bad bad6 ":3: Cert = $p/nosuch.pem: cannot read it: No such file or directory" <<EOT
[Interface]
Role = server
Cert = $p/nosuch.pem
Key = $p/server.key
EOT
bad bad7 ":4: Listen is for servers, and this is a client" <<EOT
[Interface]
Role = client
URL = https://vpn.test/
Listen = 0.0.0.0:443
EOT
bad bad8 ":4: URL given twice (first on line 3)" <<EOT
[Interface]
Role = client
URL = https://vpn.test/
URL = https://other.test/
EOT
bad bad9 ":4: Address = 192.0.2.9/24: not an IPv6 address" <<EOT
[Interface]
Role = client
URL = https://vpn.test/
Address = 192.0.2.9/24
EOT
bad bad10 ":4: MTU = 1279: must be a number from 1280 to 65535" <<EOT
[Interface]
Role = client
URL = https://vpn.test/
MTU = 1279
EOT
bad bad11 ":1: Role = ... comes before the [Interface] line" <<EOT
Role = client
[Interface]
URL = https://vpn.test/
EOT
bad bad12 ":3: URL: " <<EOT
[Interface]
Role = client
URL = http://vpn.test/
EOT
bad bad13 ":5: unknown section [Peer]" <<EOT
[Interface]
Role = client
URL = https://vpn.test/

[Peer]
EOT
bad bad14 ":3: expected 'Key = Value' or '[Interface]', not 'URL https://vpn.test/'" <<EOT
[Interface]
Role = client
URL https://vpn.test/
EOT
bad bad15 ":3: Prefix = 2001:db8:1::/48: needs an IPv6 /64" <<EOT
[Interface]
Role = server
Prefix = 2001:db8:1::/48
Cert = $p/server.pem
Key = $p/server.key
EOT
bad bad17 ":3: Keepalive = 4000: must be a number from 0 to 3600" <<EOT
[Interface]
Role = client
Keepalive = 4000
URL = https://vpn.test/
EOT
bad bad18 ":5: Prefix = 2001:db8:1::1/64 has bits set beyond its length /64 (host bits); did you mean 2001:db8:1::/64?" <<EOT
[Interface]
Role = server
Cert = $p/server.pem
Key = $p/server.key
Prefix = 2001:db8:1::1/64
EOT
bad bad19 ":4: Cert = FILE and Key = FILE go together" <<EOT
[Interface]
Role = client
URL = https://vpn.test/
Cert = $p/server.pem
EOT
bad bad20 ":4: Timeout = 5x: must be a number from 1 to 3600" <<EOT
[Interface]
Role = client
URL = https://vpn.test/
Timeout = 5x
EOT
# All mistakes of a file at once, in line order.
bad bad16 ":3: Role = router: must be client or server" <<EOT
[Interface]
Timeout = soon
Role = router
MTU = 9x
EOT
out=$(in_ns cli ipt6ctl up --config-dir "$TMP/cli-etc" bad16 2>&1)
check [ "$(grep -o 'bad16.conf:[0-9][0-9]*' <<<"$out" | tr '\n' ' ')" = "bad16.conf:2 bad16.conf:3 bad16.conf:4 " ] "every mistake, in line order"
check grep -q "bad16.conf: 3 errors, interface not brought up" <<<"$out" "... counted: $out"
out=$(in_ns cli ipt6ctl up --config-dir "$TMP/cli-etc" nosuch 2>&1)
check grep -q "cannot read $TMP/cli-etc/nosuch.conf: No such file" <<<"$out" "missing file: $out"
out=$(in_ns cli ipt6ctl up --config-dir "$TMP/cli-etc" no/such 2>&1)
check grep -q "cannot read no/such" <<<"$out" "a path is read as a file: $out"
out=$(in_ns cli ipt6ctl up toolonginterfacename 2>&1)
check [ $? -eq 2 ] "too long a name is a usage error: $out"

for c in up down; do
	ipt6ctl "$c" --help | grep -q "^Usage: ipt6ctl $c" || fail "$c --help"
done
exit $ret
