#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The client reaches its server only through an HTTP proxy (tinyproxy):
# --proxy, https_proxy, no_proxy, a proxy refusing CONNECT to port 443,
# one wanting Basic credentials, and proxies that cannot be reached.
#
#   cli 10.9.0.2 --- 10.9.0.1 prx 192.0.2.2 --- 192.0.2.1 srv
#
# prx does not forward: only the proxy links the two sides.
source "$(dirname "$0")/../lib.sh"
command -v tinyproxy >/dev/null || { echo "SKIP: no tinyproxy"; exit $KSFT_SKIP; }
setup_ns srv prx cli
ip link add v-sp netns srv type veth peer name v-ps netns prx
ip link add v-pc netns prx type veth peer name v-cp netns cli
ip -n srv addr add 192.0.2.1/24 dev v-sp
ip -n prx addr add 192.0.2.2/24 dev v-ps
ip -n prx addr add 10.9.0.1/24 dev v-pc
ip -n cli addr add 10.9.0.2/24 dev v-cp
for l in srv:v-sp prx:v-ps prx:v-pc cli:v-cp; do ip -n "${l%:*}" link set "${l#*:}" up; done
ip netns exec prx sysctl -qw net.ipv4.ip_forward=0
make_certs
p=$TMP/pki
url=https://vpn.test/IPHTTPS

iph_up srv 2001:db8:1::1/64
iph_up cli 2001:db8:1::2/64
bg srv server ipt6ctl server iph0 --listen 192.0.2.1:443 \
	--cert "$p/server.pem" --key "$p/server.key" --url "$url"
busywait 10000 listening srv 443 || { echo "server did not start"; exit 1; }

# proxy NAME PORT [CONFIG-LINE...]: tinyproxy in prx, in the foreground,
# logging to $TMP/NAME.log.
proxy() {
	local name=$1 port=$2 conf=$TMP/$1.conf
	shift 2
	printf '%s\n' "Port $port" "Listen 10.9.0.1" "Allow 10.9.0.0/24" \
		"Timeout 30" "LogLevel Connect" "$@" >"$conf"
	bg prx "$name" tinyproxy -d -c "$conf"
	busywait 10000 listening prx "$port"
}
proxy open 3128 || { echo "tinyproxy did not start"; exit 1; }
proxy no443 3129 "ConnectPort 563"
proxy auth 3130 "BasicAuth alice s3cret"

connects() { grep -c "Request.*CONNECT 192.0.2.1:443" "$TMP/$1.log"; }

# works CLIENT-CMD...: run in cli, the tunnel comes up and carries a
# ping; then the client is stopped.
works() {
	bg cli client "$@"
	local ok=0
	busywait 20000 carrier cli iph0 1 &&
		in_ns cli ping -6 -c 2 -W 3 2001:db8:1::1 >/dev/null && ok=1
	kill "$client_pid"; wait "$client_pid" 2>/dev/null
	cat "$TMP/client.log"
	busywait 5000 carrier cli iph0 0
	[ $ok = 1 ]
}

# fails WORDS... -- CLIENT-OPTS: one attempt fails, and each word is in
# its message and in `ipt6ctl show`.
fails() {
	local words=() out show w
	while [ "$1" != -- ]; do words+=("$1"); shift; done
	shift
	out=$(in_ns cli timeout 30 ipt6ctl client iph0 "$url" --once \
	      --timeout 3 --ca "$p/ca.pem" --connect-to 192.0.2.1 "$@" 2>&1)
	local rc=$?
	log "$out"
	[ $rc -eq 1 ] || { echo "exit $rc, wanted 1"; return 1; }
	show=$(in_ns cli ipt6ctl show iph0)
	for w in "${words[@]}"; do
		grep -qi -- "$w" <<<"$out" || { echo "no '$w' in output"; return 1; }
		grep -qi -- "$w" <<<"$show" || { echo "no '$w' in show"; return 1; }
	done
}

copts=(--ca "$p/ca.pem" --connect-to 192.0.2.1 --timeout 5)
check fails "Network is unreachable" -- --no-proxy "without the proxy: unreachable"

n=$(connects open)
check works ipt6ctl client iph0 "$url" "${copts[@]}" \
	--proxy http://10.9.0.1:3128 "tunnel up and ping via --proxy"
check [ "$(connects open)" -gt "$n" ] "... the proxy carried it (CONNECT in its log)"
check grep -q "via proxy 10.9.0.1:3128" "$TMP/client.log" "... and the client says so"

n=$(connects open)
check works env https_proxy=http://10.9.0.1:3128 \
	ipt6ctl client iph0 "$url" "${copts[@]}" "tunnel up and ping via https_proxy"
check [ "$(connects open)" -gt "$n" ] "... through the proxy"
check grep -q "from https_proxy" "$TMP/client.log" "... named as from https_proxy"
check works env HTTPS_PROXY=10.9.0.1:3128 \
	ipt6ctl client iph0 "$url" "${copts[@]}" "HTTPS_PROXY without a scheme"

# no_proxy: the server is reached directly.  First without a route: the
# error is the direct attempt's; then with prx routing, the tunnel comes up.
n=$(connects open)
out=$(in_ns cli env https_proxy=http://10.9.0.1:3128 no_proxy=example.org,.test \
      timeout 30 ipt6ctl client iph0 "$url" --once "${copts[@]}" 2>&1)
log "$out"
check grep -q "listed in no_proxy" <<<"$out" "no_proxy names the server: said"
check grep -q "TCP: connecting to 192.0.2.1 port 443.*unreachable" <<<"$out" \
	"... and the direct attempt failed"
ip netns exec prx sysctl -qw net.ipv4.ip_forward=1
ip -n cli route add 192.0.2.0/24 via 10.9.0.1
ip -n srv route add 10.9.0.0/24 via 192.0.2.2
check works env https_proxy=http://10.9.0.1:3128 no_proxy=192.0.2.0/24 \
	ipt6ctl client iph0 "$url" "${copts[@]}" "no_proxy by network: direct tunnel"
check [ "$(connects open)" -eq "$n" ] "... the proxy saw no CONNECT"
ip -n cli route del 192.0.2.0/24
ip netns exec prx sysctl -qw net.ipv4.ip_forward=0

check fails "proxy error" "refused CONNECT" "403" -- --proxy http://10.9.0.1:3129 \
	"proxy refusing CONNECT to 443: status shown"
check fails "proxy error" "407" "wants credentials" "Basic" -- \
	--proxy http://10.9.0.1:3130 "proxy wanting credentials: 407 named"
check fails "refused our credentials" "alice" -- \
	--proxy http://alice:wrong@10.9.0.1:3130 "wrong credentials named"
check works ipt6ctl client iph0 "$url" "${copts[@]}" \
	--proxy http://alice:s3%63ret@10.9.0.1:3130 "credentials in the URL (percent-encoded): up"
check works env https_proxy=http://10.9.0.1:3130 ipt6ctl client \
	iph0 "$url" "${copts[@]}" --proxy-user alice:s3cret "credentials by --proxy-user: up"

check fails "connection refused" "proxy 10.9.0.1:3199" -- --proxy http://10.9.0.1:3199 \
	"proxy not listening: refused, proxy named"
# 10.9.0.99 "answers" at a MAC nobody has: the SYN vanishes.
ip -n cli neigh add 10.9.0.99 lladdr 02:00:00:00:00:99 dev v-cp nud permanent
check fails "connection timed out" "proxy 10.9.0.99:3128" -- \
	--proxy http://10.9.0.99:3128 "proxy not answering: timed out, proxy named"

out=$(in_ns cli ipt6ctl client iph0 "$url" --proxy socks5://10.9.0.1:1080 2>&1)
check [ $? -eq 2 ] "unsupported proxy scheme: usage error"
check grep -q "scheme 'socks5' not supported" <<<"$out" "... saying so: $out"
out=$(in_ns cli env https_proxy=http://a:b@10.9.0.1:99999 ipt6ctl client iph0 "$url" 2>&1)
check [ $? -eq 2 ] "bad port in https_proxy: usage error"
check grep -q "proxy URL.*bad port" <<<"$out" "... saying so: $out"
check not grep -q ":b@" <<<"$out" "... without showing the password"
exit $ret
