#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A DirectAccess-like server from one configuration file: 'ipt6ctl up'
# runs the IP-HTTPS server with Jool (NAT64) and unbound (DNS64), and
# its RAs carry RDNSS and DNSSL (RFC 8106).  The client applies them as
# split DNS in systemd-resolved and reaches an IPv4-only intranet host
# (no IPv6 at all) by name, ping and TCP, while a public name goes to
# the hotel's DNS and never to the intranet's.
#
#   app 10.1.0.20 ─┐  IPv4 only      srv 192.0.2.1 ─── 192.0.2.2 laptop (cli)
#   dns 10.1.0.53 ─┴─ br0 10.1.0.1      2001:db8:1::1 (DNS64)    │ isp0
#                      NAT64 2001:db8:1:64::/96     198.51.100.1 isp (DNS)
source "$(dirname "$0")/../lib.sh"

PFX=2001:db8:1
NAT64=$PFX:64::
APP6=${NAT64}a01:14		# 10.1.0.20 under the NAT64 prefix
# Where the time goes, under emulation.
at() { log "-- ${SECONDS}s: $*"; }
# applied N: the client has applied the advertised DNS N times.
applied() {
	[ "$(grep -c "^iph0: DNS $PFX::1 for ~corp.test" "$TMP/client.log")" = "$1" ]
}

command -v jool >/dev/null && command -v unbound >/dev/null ||
	{ echo "SKIP: jool or unbound missing (scripts/deps.sh)"; exit $KSFT_SKIP; }
modprobe jool 2>/dev/null ||
	{ echo "SKIP: no Jool module for $(uname -r) (dkms status jool)"; exit $KSFT_SKIP; }

setup_pair || exit 1
setup_ns app dns isp || exit 1
ip -n srv link add br0 type bridge
ip -n srv addr add 10.1.0.1/24 dev br0
ip -n srv link set br0 up
for h in app:10.1.0.20 dns:10.1.0.53; do
	ip link add "lan-${h%:*}" netns srv type veth peer name eth0 netns "${h%:*}"
	ip -n srv link set "lan-${h%:*}" master br0 up
	ip -n "${h%:*}" addr add "${h#*:}/24" dev eth0
	ip -n "${h%:*}" link set eth0 up
done
# The application host has no IPv6 at all.
in_ns app sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
check [ -z "$(ip -n app -6 addr show)" ] "app has no IPv6 address"
# The hotel network's DNS, the laptop's own.
ip link add isp0 netns cli type veth peer name isp0 netns isp
ip -n cli addr add 198.51.100.2/24 dev isp0
ip -n isp addr add 198.51.100.1/24 dev isp0
ip -n cli link set isp0 up
ip -n isp link set isp0 up

at "the intranet and the hotel's DNS"
dns_zone dns intranet 10.1.0.53 corp.test "app.corp.test. A 10.1.0.20"
dns_zone isp public 198.51.100.1 public.example \
	"www.public.example. AAAA 2001:db8:ff::80"
check dns_zone_ready intranet "the intranet's DNS (IPv4 only) knows app.corp.test"
check dns_zone_ready public "the hotel's DNS knows www.public.example"
check make_certs "test certificates"

at "the server"
# The whole server: one file.
cat >"$TMP/iph0.conf" <<EOT
[Interface]
Role = server
Listen = 192.0.2.1:443
URL = https://vpn.test/IPHTTPS
Cert = $TMP/pki/server.pem
Key = $TMP/pki/server.key
Prefix = $PFX::/64
NAT64Prefix = $NAT64/96
IntranetDomains = corp.test
DNS64Upstream = 10.1.0.53
DNSLifetime = 6
EOT
bg srv server ipt6ctl up iph0 --config-dir "$TMP"
check busywait 30000 listening srv 443 "ipt6ctl up: the server listens"
log "$(cat "$TMP/server.log")"
check grep -q "NAT64 $NAT64/96 (Jool instance iph0)" "$TMP/server.log" "Jool's instance is up"
check grep -q "DNS64 resolver on \[$PFX::1\]:53" "$TMP/server.log" "the DNS64 resolver is up"
check grep -q iph0 <(in_ns srv jool instance display) "jool lists the instance"
out=$(in_ns srv ipt6ctl show iph0)
check grep -q "DNS servers *: $PFX::1 (advertised, lifetime 6 s)" <<<"$out" "show: the advertised DNS server"
check grep -q "Search domains *: corp.test" <<<"$out" "show: the advertised domain"

at "bad DNS settings"
# The kernel refuses bad DNS settings, saying why (extack).
in_ns srv python3 - "$IPT6_TOP/selftests" >"$TMP/extack.log" 2>&1 <<'PY'
import socket, sys
sys.path.insert(0, sys.argv[1])
from ipt6nl import Genl, attr, nest, u32, uapi_numbers
n = uapi_numbers()
A = lambda name: n["IPT6_A_" + name]
g = Genl()
ifx = attr(A("DEV_IFINDEX"), u32(socket.if_nametoindex("iph0")))
srv = lambda a: attr(A("DNS_SERVER"), socket.inet_pton(socket.AF_INET6, a))
dom = lambda d: attr(A("DNS_DOMAIN"), d.encode() + b"\0")
cases = [
    ("a multicast server", [srv("ff02::1")], "a DNS server must be a unicast IPv6 address"),
    ("nine servers", [srv("2001:db8::%d" % i) for i in range(1, 10)], "more than 8 DNS servers"),
    ("a server twice", [srv("2001:db8::1"), srv("2001:db8::1")], "DNS server 2001:db8::1 given twice"),
    ("two dots", [dom("corp..test")], "search domain with an empty label"),
    ("a blank", [dom("corp test")], "search domain not of letters"),
    ("a long label", [dom("a" * 64 + ".test")], "label longer than 63"),
    ("too many names", [dom("%s.test%d" % ("x" * 60, i)) for i in range(8)],
     "search domains too long for a router advertisement: more than 512 bytes"),
    ("a lifetime of 3", [attr(A("DNS_LIFETIME"), u32(3))], ""),
]
bad = 0
for name, attrs, want in cases:
    err, msg, _ = g.refusal(n["IPT6_CMD_DEV_SET"], [ifx, nest(A("DEV_DNS"), *attrs)])
    ok = err < 0 and want in (msg or "")
    print("%s: %s: %d %s" % ("ok" if ok else "FAIL", name, err, msg))
    bad += not ok
sys.exit(bad)
PY
check [ $? -eq 0 ] "dev-set refuses bad DNS settings with a message"
cat "$TMP/extack.log"
out=$(in_ns srv ipt6ctl show iph0)
check grep -q "DNS servers *: $PFX::1 (advertised, lifetime 6 s)" <<<"$out" "... and keeps its settings"
out=$(in_ns srv ipt6ctl server iph0 --dns 192.0.2.53 --prefix $PFX::/64 --cert x --key y 2>&1)
check grep -q -- "--dns: '192.0.2.53' is not an IPv6 address" <<<"$out" "server --dns refuses IPv4: $out"

at "the laptop"
# The laptop, first without systemd-resolved (its bus not there yet).
export DBUS_SYSTEM_BUS_ADDRESS=$RESOLVED_BUS
iph_up cli || exit 1
bg cli client ipt6ctl client iph0 https://vpn.test/IPHTTPS --ca "$TMP/pki/ca.pem" \
	--connect-to 192.0.2.1
check busywait 20000 carrier cli iph0 1 "the laptop is connected"
check busywait 20000 grep -q "systemd-resolved is not running" "$TMP/client.log" \
	"without resolved: the client says so"
# rdisc6 reads the advertisement as any other host would (RFC 8106).
out=$(in_ns cli rdisc6 -1 -r 3 -w 3000 iph0 2>&1)
log "$out"
check grep -q "Recursive DNS server *: $PFX::1" <<<"$out" "rdisc6: RDNSS $PFX::1"
check grep -q "DNS search list *: corp.test" <<<"$out" "rdisc6: DNSSL corp.test"

at "resolved"
# Now with resolved; the hotel's DNS on the laptop's own link.
resolved_up cli
rc=$?
[ $rc -eq $KSFT_SKIP ] && exit $KSFT_SKIP
check [ $rc -eq 0 ] "systemd-resolved runs on the laptop"
resolvectl_in cli dns isp0 198.51.100.1
check busywait 20000 applied 1 \
	"the client applies the advertised DNS at the next advertisement"
check [ "$(grep -c "systemd-resolved is not running" "$TMP/client.log")" = 1 ] \
	"... having said once that resolved was missing"
out=$(resolvectl_in cli status iph0)
log "$out"
check grep -q "DNS Servers: $PFX::1" <<<"$out" "resolved: the tunnel's DNS server"
check grep -q "DNS Domain: ~corp.test" <<<"$out" "resolved: corp.test routed to it"
check grep -q -- "-DefaultRoute" <<<"$out" "resolved: no other names to it"

at "app.corp.test"
# An IPv4-only host by name: AAAA made up by DNS64, packets through NAT64.
out=$(resolvectl_in cli query -t AAAA app.corp.test 2>&1)
log "$out"
check grep -q "$APP6" <<<"$out" "app.corp.test is $APP6 (DNS64)"
check with_stub cli ping -6 -n -c 2 -i 0.3 -W 5 app.corp.test "ping app.corp.test through NAT64"
in_ns app socat TCP4-LISTEN:8080,reuseaddr SYSTEM:'echo hello $SOCAT_PEERADDR' &
_pids+=($!)
busywait 5000 listening app 8080
out=$(with_stub cli timeout 10 socat -u TCP6:app.corp.test:8080 - 2>&1)
check [ "$out" = "hello 10.1.0.1" ] "TCP to app.corp.test:8080, from the server's IPv4 address: $out"
check grep -q "app.corp.test. A IN" "$TMP/intranet.log" "the intranet's DNS was asked about app.corp.test"

at "www.public.example"
# A public name goes to the hotel's DNS, not through the tunnel.
out=$(resolvectl_in cli query -t AAAA www.public.example 2>&1)
log "$out"
check grep -q "2001:db8:ff::80.*link: isp0" <<<"$out" "www.public.example from the hotel's DNS"
ino=$(in_ns srv stat -L -c %i /proc/self/ns/net)
dns64_log=/run/ipt6/iph0.netns-$ino.unbound.log
check grep -q "app.corp.test" "$dns64_log" "the DNS64 resolver's log has app.corp.test"
check not grep -q "public.example" "$TMP/intranet.log" "the intranet's DNS never saw public.example"
check not grep -q "public.example" "$dns64_log" "the DNS64 resolver never saw public.example"
check not grep -q "corp.test" "$TMP/public.log" "the hotel's DNS never saw corp.test"

at "lifetimes"
# Lifetimes: advertised no more, the settings expire (6 s); back again.
dns_set() {
	in_ns srv python3 - "$IPT6_TOP/selftests" "$@" <<'PY'
import socket, sys
sys.path.insert(0, sys.argv[1])
from ipt6nl import Genl, attr, nest, u32, uapi_numbers
n = uapi_numbers()
A = lambda name: n["IPT6_A_" + name]
attrs = [attr(A("DNS_SERVER"), socket.inet_pton(socket.AF_INET6, a)) for a in sys.argv[2:3]]
attrs += [attr(A("DNS_DOMAIN"), d.encode() + b"\0") for d in sys.argv[3:4]]
attrs += [attr(A("DNS_LIFETIME"), u32(6))] if attrs else []
ifx = attr(A("DEV_IFINDEX"), u32(socket.if_nametoindex("iph0")))
err, msg = Genl().call(n["IPT6_CMD_DEV_SET"], [ifx, nest(A("DEV_DNS"), *attrs)])
sys.exit(err != 0)
PY
}
check dns_set "the server stops advertising DNS"
check busywait 20000 grep -q "advertised DNS settings expired" "$TMP/client.log" \
	"the client's settings expire"
check not grep -q "DNS Servers" <(resolvectl_in cli status iph0) "... and resolved has none for the tunnel"
check dns_set $PFX::1 corp.test "the server advertises DNS again"
check busywait 15000 applied 2 "the client applies it again at once"

at "reconnect"
# A lost connection takes them back; the new session brings them again.
peer=$(srv_dev 'd["peers"][0]["id"]')
check in_ns srv ipt6ctl detach iph0 "$peer" "the server drops the laptop's connection"
check busywait 30000 applied 3 "after the reconnect the DNS settings are back"
check [ "$(grep -c "DNS settings of the link taken back" "$TMP/client.log")" = 2 ] \
	"... having been taken back at the loss"
check [ "$(grep -c "connected to" "$TMP/client.log")" = 2 ] "... and a new connection"

# The client's exit takes them back.
kill "$client_pid"
wait "$client_pid"
log "$(sed 's/^/client: /' "$TMP/client.log")"
check not grep -q "DNS Servers" <(resolvectl_in cli status iph0) "the client's exit takes the link's DNS back"

at "down"
# down stops NAT64 and DNS64 with the tunnel.
check in_ns srv ipt6ctl down iph0 "ipt6ctl down"
wait "$server_pid"
log "$(tail -n 4 "$TMP/server.log")"
check grep -q "DNS64 resolver stopped" "$TMP/server.log" "the DNS64 resolver stopped"
check grep -q "NAT64 (Jool instance iph0) removed" "$TMP/server.log" "Jool's instance removed"
check not grep -q iph0 <(in_ns srv jool instance display 2>&1) "jool lists it no more"
at "done"
exit $ret
