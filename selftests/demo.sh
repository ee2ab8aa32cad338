#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: the DirectAccess picture, in network namespaces.
#
#   admin  10.1.0.10 ─┐                       "internet"          hotel
#   app    10.1.0.20 ─┤ IPv4-only intranet                     network
#   legacy 10.1.0.30 ─┤
#                     ├── br0 10.1.0.1 ─ srv ─ 203.0.113.1 ─ 203.0.113.3
#                          (ISATAP router   (TCP 443     proxy 192.0.2.1
#                           IP-HTTPS server, only)             │
#                           NAT64, DNS64)             laptop 192.0.2.2
#
# The intranet is IPv4 only: admin and app get IPv6 by ISATAP from srv,
# the ISATAP router (prefix 2001:db8:5::/64); legacy has no IPv6 at all,
# and the intranet's DNS (on admin) knows only IPv4 addresses.  srv also
# serves IP-HTTPS on 203.0.113.1:443 (prefix 2001:db8:1::/64), brought up
# by 'ipt6ctl up' from one file with NAT64 (Jool, 2001:db8:1:64::/96) and
# a DNS64 resolver (unbound) for corp.test, and accepts nothing else from
# the internet.  The laptop sits in a hotel network whose only way out is
# an HTTP proxy (tinyproxy) allowing CONNECT to port 443.  The laptop
# comes up over IP-HTTPS through that proxy and configures itself, DNS
# for corp.test included (systemd-resolved), the admin pings it and opens
# a TCP connection to it (manage out), the laptop reaches the intranet
# host app, and reaches legacy by its name through DNS64 and NAT64.
#
# Exits 0 only if every step works; selftests/tests/60-directaccess.sh
# runs this same script as a test.
set -u
source "$(dirname "$0")/lib.sh"
step() { printf '\n== %s\n' "$*"; }
result() { if "$@"; then echo "   -> ok"; else echo "   -> FAILED"; ret=1; fi; }
indent() { sed 's/^/   /'; }

ISATAP_PFX=2001:db8:5
IPHTTPS_PFX=2001:db8:1
NAT64_PFX=2001:db8:1:64::

grep -q '^ipt6 ' /proc/modules ||
	{ modprobe -a tls tunnel4 && insmod "$IPT6_TOP/ipt6.ko"; } || exit 1

build_intranet() {
	setup_ns srv admin app legacy laptop proxy || return 1
	ip -n srv link add br0 type bridge || return 1
	ip -n srv addr add 10.1.0.1/24 dev br0
	ip -n srv link set br0 up
	local h a
	for h in admin:10.1.0.10 app:10.1.0.20 legacy:10.1.0.30; do
		a=${h#*:} h=${h%:*}
		ip link add "lan-$h" netns srv type veth peer name eth0 netns "$h"
		ip -n srv link set "lan-$h" master br0 up
		ip -n "$h" addr add "$a/24" dev eth0
		ip -n "$h" link set eth0 up
		# IPv4 only: the intranet has no native IPv6.
		in_ns "$h" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
	done
	# legacy has none at all: no ISATAP either.
	in_ns legacy sysctl -qw net.ipv6.conf.all.disable_ipv6=1
}

# The intranet's DNS, on admin: IPv4 addresses only, as intranets have.
intranet_dns() {
	dns_zone admin intranet 10.1.0.10 corp.test \
		"app.corp.test. A 10.1.0.20" "legacy.corp.test. A 10.1.0.30" &&
		dns_zone_ready intranet
}

# link NS1:DEV1:ADDR1 NS2:DEV2:ADDR2: a veth pair between two hosts.
link() {
	local a=(${1//:/ }) b=(${2//:/ })

	ip link add "${a[1]}" netns "${a[0]}" type veth \
		peer name "${b[1]}" netns "${b[0]}" || return 1
	ip -n "${a[0]}" addr add "${a[2]}" dev "${a[1]}"
	ip -n "${b[0]}" addr add "${b[2]}" dev "${b[1]}"
	ip -n "${a[0]}" link set "${a[1]}" up
	ip -n "${b[0]}" link set "${b[1]}" up
}

build_internet() {
	link srv:inet0:203.0.113.1/24 proxy:wan0:203.0.113.3/24 || return 1
	link proxy:lan0:192.0.2.1/24 laptop:eth0:192.0.2.2/24 || return 1
	# The proxy host routes nothing: its proxy is the only way out.
	in_ns proxy sysctl -qw net.ipv4.ip_forward=0
	in_ns laptop sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
	# From the internet, only TCP 443 of srv (and the replies to it).
	in_ns srv nft -f - <<-EOT
	table inet edge {
		chain input {
			type filter hook input priority 0; policy accept;
			iifname "inet0" ct state established,related accept
			iifname "inet0" tcp dport 443 accept
			iifname "inet0" counter drop
		}
		chain forward {
			type filter hook forward priority 0; policy accept;
			iifname "inet0" drop
		}
	}
	EOT
}

isatap_up() {
	ip -n srv link add isa0 address 10.1.0.1 type isatap || return 1
	bg srv isatap-router ipt6ctl isatap isa0 --role router \
		--prefix "$ISATAP_PFX::/64"
	local h a
	for h in admin:10.1.0.10 app:10.1.0.20; do
		a=${h#*:} h=${h%:*}
		ip -n "$h" link add isa0 address "$a" type isatap || return 1
		bg "$h" "isatap-$h" ipt6ctl isatap isa0 --router 10.1.0.1
	done
	busywait 30000 isatap_addr admin && busywait 30000 isatap_addr app
}

# isatap_addr NS: NS's global ISATAP address, once configured.
isatap_addr() {
	ip -n "$1" -6 -o addr show dev isa0 scope global -tentative |
		awk '{ print $4 }' | cut -d/ -f1 | grep "^$ISATAP_PFX:" | head -1 |
		grep .
}

proxy_up() {
	printf '%s\n' "Port 3128" "Listen 192.0.2.1" "Allow 192.0.2.0/24" \
		"ConnectPort 443" "Timeout 600" "LogLevel Connect" \
		>"$TMP/tinyproxy.conf"
	bg proxy tinyproxy tinyproxy -d -c "$TMP/tinyproxy.conf"
	busywait 10000 listening proxy 3128
}

# via_proxy PORT: a TCP connection from the laptop to srv:PORT by CONNECT.
via_proxy() {
	in_ns laptop timeout 5 socat -u /dev/null \
		"PROXY:192.0.2.1:203.0.113.1:$1,proxyport=3128"
}

# The DirectAccess server, one file: IP-HTTPS, NAT64, DNS64, DNS in RAs.
server_conf() {
	cat >"$TMP/iph0.conf" <<-EOT
	[Interface]
	Role = server
	Listen = 203.0.113.1:443
	URL = https://vpn.test/IPHTTPS
	Cert = $TMP/pki/server.pem
	Key = $TMP/pki/server.key
	Prefix = $IPHTTPS_PFX::/64
	NAT64Prefix = $NAT64_PFX/96
	IntranetDomains = corp.test
	DNS64Upstream = 10.1.0.10
	EOT
}

# The laptop runs systemd-resolved, as most distributions do.
laptop_resolved() {
	resolved_up laptop
}

iphttps_up() {
	local p=$TMP/pki
	server_conf
	bg srv server ipt6ctl up iph0 --config-dir "$TMP"
	busywait 30000 listening srv 443 || return 1
	iph_up laptop || return 1
	bg laptop client ipt6ctl client iph0 https://vpn.test/IPHTTPS \
		--ca "$p/ca.pem" --connect-to 203.0.113.1 \
		--proxy http://192.0.2.1:3128
	busywait 30000 laptop_addr &&
		busywait 15000 grep -q "for ~corp.test" "$TMP/client.log"
}

laptop_addr() {
	ip -n laptop -6 -o addr show dev iph0 scope global -tentative |
		awk '{ print $4 }' | cut -d/ -f1 | grep "^$IPHTTPS_PFX:" | head -1 |
		grep .
}

# legacy_tcp: the laptop opens TCP to legacy by name; legacy sees srv.
legacy_tcp() {
	local out
	in_ns legacy socat TCP4-LISTEN:8080,reuseaddr \
		SYSTEM:'echo hello $SOCAT_PEERADDR from legacy' &
	_pids+=($!)
	busywait 5000 listening legacy 8080 || return 1
	out=$(with_stub laptop timeout 10 socat -u TCP6:legacy.corp.test:8080 -)
	echo "   $out"
	[ "$out" = "hello 10.1.0.1 from legacy" ]
}

# manage_out: admin opens TCP to the laptop and says hello.
manage_out() {
	local to got=$TMP/manage-out.txt
	to=$(laptop_addr) || return 1
	ip netns exec laptop socat -u TCP6-LISTEN:5985,reuseaddr \
		"OPEN:$got,creat,trunc" &
	local rx=$!
	busywait 5000 listening laptop 5985 || { kill $rx; return 1; }
	echo "hello from admin" |
		ip netns exec admin socat -u - "TCP6:[$to]:5985" || { kill $rx; return 1; }
	wait $rx && grep -q "hello from admin" "$got"
}

step "IPv4-only intranet: srv 10.1.0.1 on br0, admin 10.1.0.10, app 10.1.0.20, legacy 10.1.0.30"
result build_intranet
step "The intranet's DNS on admin: corp.test, IPv4 addresses only"
result intranet_dns
step "Internet: srv 203.0.113.1 takes TCP 443 only; hotel network 192.0.2.0/24 behind proxy 192.0.2.1"
result build_internet
step "srv accepts nothing but TCP 443 from the internet"
result not in_ns proxy ping -c 1 -W 1 203.0.113.1
result not in_ns proxy timeout 3 socat -u /dev/null TCP4:203.0.113.1:22,connect-timeout=2
step "The hotel's HTTP proxy: the laptop's only way out, CONNECT to port 443 only"
result proxy_up
result not in_ns laptop timeout 3 socat -u /dev/null TCP4:203.0.113.1:443,connect-timeout=2
result not via_proxy 22
step "ISATAP: srv routes $ISATAP_PFX::/64; admin and app configure themselves"
result isatap_up
echo "   admin: $(isatap_addr admin)   app: $(isatap_addr app)"
step "A test CA and the server certificate for vpn.test"
result make_certs
step "systemd-resolved on the laptop"
result laptop_resolved
step "IP-HTTPS: srv serves $IPHTTPS_PFX::/64 on 203.0.113.1:443 ('ipt6ctl up', one file); the laptop connects"
result iphttps_up
indent <"$TMP/iph0.conf"
indent <"$TMP/server.log"
indent <"$TMP/client.log"
echo "   laptop: $(laptop_addr)"
step "The tunnel goes through the proxy: its log shows the CONNECT"
result grep -q "CONNECT 203.0.113.1:443" "$TMP/tinyproxy.log"
grep "CONNECT" "$TMP/tinyproxy.log" | indent
step "The admin pings the laptop (ISATAP -> srv -> IP-HTTPS)"
result in_ns admin ping -6 -c 3 -i 0.3 -W 5 "$(laptop_addr)"
step "Manage out: the admin opens a TCP connection to the laptop"
result manage_out
step "The laptop reaches the intranet host app"
result in_ns laptop ping -6 -c 3 -i 0.3 -W 5 "$(isatap_addr app)"
step "Split DNS on the laptop: corp.test goes to the server's DNS64 resolver (RDNSS, DNSSL)"
resolvectl_in laptop status iph0 | indent
result grep -q "DNS Domain: ~corp.test" <(resolvectl_in laptop status iph0)
step "legacy.corp.test, IPv4 only: AAAA made up by DNS64, reached through NAT64"
resolvectl_in laptop query -t AAAA legacy.corp.test 2>&1 | indent
result with_stub laptop ping -6 -n -c 3 -i 0.3 -W 5 legacy.corp.test
result legacy_tcp
step "ipt6ctl show on the laptop"
in_ns laptop ipt6ctl show | indent
step "ipt6ctl show on the DirectAccess server"
in_ns srv ipt6ctl show | indent
echo
[ $ret -eq 0 ] && echo "demo: all steps passed" || echo "demo: some steps FAILED"
exit $ret
