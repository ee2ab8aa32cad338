#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ipt6ctl diagnose names the first failing step, its cause and Windows'
# code for each failure a client can meet: IPv6 disabled; a missing,
# foreign, down or busy device (and a stale status); a bad URL; an
# unresolvable name; refused and timed-out TCP; a proxy refusing CONNECT
# or wanting credentials; no common TLS version; a wrong CA, an expired
# certificate, a wrong name; a client certificate demanded; 404, and a
# 501 and a stall from a layer-7 device.  It passes when all is well.
# `ipt6ctl show` gives the Windows code of a client's last error.
source "$(dirname "$0")/../lib.sh"
setup_pair
make_certs
p=$TMP/pki
url=https://vpn.test/IPHTTPS
iph_up cli 2001:db8:1::2/64

# serve CERT [SERVER-OPTS...]: (re)start the IP-HTTPS server.
serve() {
	local cert=$1
	shift
	[ -n "${server_pid:-}" ] && { kill "$server_pid"; wait "$server_pid"; } 2>/dev/null
	ip -n srv link del iph0 2>/dev/null
	iph_up srv 2001:db8:1::1/64
	bg srv server ipt6ctl server iph0 --listen 192.0.2.1:443 \
		--cert "$p/$cert.pem" --key "$p/$cert.key" "$@"
	busywait 10000 listening srv 443
}

# verdict STEP WORDS... -- DIAGNOSE-ARGS: diagnose exits 1, failing at
# STEP, with each word in its output.
verdict() {
	local step=$1 words=() out w
	shift
	while [ "$1" != -- ]; do words+=("$1"); shift; done
	shift
	out=$(in_ns "${ns:-cli}" timeout 60 ipt6ctl diagnose "$@" 2>&1)
	local rc=$?
	log "$out"
	[ $rc -eq 1 ] || { echo "exit $rc, wanted 1"; return 1; }
	grep -q "^\[FAIL\] $step: " <<<"$out" || { echo "no failure at '$step'"; return 1; }
	[ "$(grep -c '^\[FAIL\]' <<<"$out")" = 1 ] || { echo "more than one failure"; return 1; }
	for w in "${words[@]}"; do
		grep -qi -- "$w" <<<"$out" || { echo "no '$w'"; return 1; }
	done
}

# passes DIAGNOSE-ARGS: every step passes (output left in $out).
passes() {
	out=$(in_ns cli timeout 60 ipt6ctl diagnose "$@" 2>&1)
	local rc=$?
	log "$out"
	[ $rc -eq 0 ] && ! grep -q FAIL <<<"$out" &&
		grep -q "^All [0-9]* checks passed" <<<"$out"
}

good=(--ca "$p/ca.pem" --connect-to 192.0.2.1 --timeout 5)
serve server
check passes "$url" "${good[@]}" --dev iph0 "all well: exit 0"
check grep -q "\[ ok \] HTTP: POST /IPHTTPS answered 200 OK" <<<"$out" "... HTTP step shown"

setup_ns v6off
ip netns exec v6off sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ns=v6off check verdict IPv6 "disable_ipv6 = 1" "0x643" -- "$url" "${good[@]}" \
	"IPv6 disabled by sysctl"

check verdict interface "no network device named 'nosuch'" "0x643" -- "$url" \
	"${good[@]}" --dev nosuch "missing device"
check verdict interface "not an ipt6 device" -- "$url" "${good[@]}" --dev veth-c \
	"device of another kind"
ip -n cli link add down0 type iphttps
check verdict interface "down0 is down" "ip link set DEV up" -- "$url" "${good[@]}" \
	--dev down0 "device down"
check verdict URL "scheme must be https" "0x4BE" -- http://vpn.test/IPHTTPS \
	"URL with the wrong scheme"
check verdict "name resolution" "cannot resolve 'nonexistent.invalid'" "0x2AF9" -- \
	https://nonexistent.invalid/IPHTTPS --ca "$p/ca.pem" --timeout 5 "unresolvable name"
check verdict TCP "refused" "nothing listens on port 444" "0x274D" -- "$url" \
	--ca "$p/ca.pem" --connect-to 192.0.2.1:444 "refused"
ip -n srv addr add 2001:db8:c0::1/64 dev veth-s nodad
ip -n cli addr add 2001:db8:c0::2/64 dev veth-c nodad
check verdict TCP "refused" "2001:db8:c0::1" "port 444" -- "$url" \
	--ca "$p/ca.pem" --connect-to "[2001:db8:c0::1]:444" \
	"--connect-to [IPv6]:PORT: refused at that address and port"
# 192.0.2.99 "answers" at a MAC nobody has: the SYN vanishes.
ip -n cli neigh add 192.0.2.99 lladdr 02:00:00:00:00:99 dev veth-c nud permanent
check verdict TCP "no answer" "firewall drops" "0x274C" -- "$url" --ca "$p/ca.pem" \
	--connect-to 192.0.2.99 --timeout 2 "timeout"

# Proxies in srv, reachable from cli.
if command -v tinyproxy >/dev/null; then
	for c in "no443 3129 ConnectPort 563" "auth 3130 BasicAuth alice s3cret"; do
		set -- $c
		printf '%s\n' "Port $2" "Listen 192.0.2.1" "Allow 192.0.2.0/24" \
			"LogLevel Connect" "${*:3}" >"$TMP/$1.conf"
		bg srv "$1" tinyproxy -d -c "$TMP/$1.conf"
		busywait 10000 listening srv "$2"
	done
	check verdict "proxy CONNECT" "403" "does not allow a tunnel" "ConnectPort" -- \
		"$url" "${good[@]}" --proxy http://192.0.2.1:3129 "proxy refusing CONNECT"
	check verdict "proxy CONNECT" "407" "wants credentials" -- "$url" "${good[@]}" \
		--proxy http://192.0.2.1:3130 "proxy wanting credentials"
	check passes "$url" "${good[@]}" --proxy http://alice:s3cret@192.0.2.1:3130 \
		"all well through the proxy with credentials"
	check grep -q "\[ ok \] proxy CONNECT: tunnel to 192.0.2.1:443: 200" <<<"$out" \
		"... CONNECT step shown"
else
	fail "no tinyproxy (scripts/deps.sh installs it)"
fi

check verdict certificate "not trusted" "0x800B0109" -- "$url" --ca "$p/other-ca.pem" \
	--connect-to 192.0.2.1 --timeout 5 "wrong CA"
check verdict certificate "does not match host name 'other.test'" "0x103" -- \
	https://other.test/IPHTTPS "${good[@]}" "wrong name"
check verdict HTTP "wrong path" "404" -- https://vpn.test/wrong "${good[@]}" "404"

# The same failure in `ipt6ctl show`, with Windows' code.
in_ns cli timeout 30 ipt6ctl client iph0 https://other.test/IPHTTPS --once \
	"${good[@]}" >/dev/null 2>&1
out=$(in_ns cli ipt6ctl show iph0)
log "$out"
check grep -q "Last error      : certificate name mismatch (0x103, ipt6 code 10): " \
	<<<"$out" "show: last error with the Windows code"
wc=$(in_ns cli ipt6ctl show iph0 --json |
     python3 -c 'import json,sys; print(json.load(sys.stdin)["devices"][0]["last_error"]["windows_code"])')
check [ "$wc" = 0x103 ] "show --json: windows_code $wc"

serve server --tls 1.2
check verdict "TLS handshake" "0x80090326" "no TLS version or cipher suite in common" -- \
	"$url" "${good[@]}" --tls 1.3 "no common TLS version"
serve expired
check verdict certificate "expired" "0x800B0101" -- "$url" "${good[@]}" "expired"
serve server --ca "$p/ca.pem" --require-client-cert
check verdict "client certificate" "demands a client certificate" "0x90320" -- \
	"$url" "${good[@]}" "client certificate demanded"
check passes "$url" "${good[@]}" --cert "$p/client.pem" --key "$p/client.key" \
	"client certificate given: all well"

# Layer-7 devices: one answering 501, one never answering.
fake=$IPT6_TOP/selftests/ipt6-fakehttps.py
bg srv fake501 python3 "$fake" 192.0.2.1 8501 "$p/server.pem" "$p/server.key" 501
bg srv fakestall python3 "$fake" 192.0.2.1 8502 "$p/server.pem" "$p/server.key" stall
busywait 10000 listening srv 8501 && busywait 10000 listening srv 8502
check verdict HTTP "501" "layer-7" "pass-through" -- "$url" --ca "$p/ca.pem" \
	--connect-to 192.0.2.1:8501 "501 from a layer-7 device"
check verdict HTTP "no answer" "layer-7" "pass-through" -- "$url" --ca "$p/ca.pem" \
	--connect-to 192.0.2.1:8502 --timeout 3 "stall of a layer-7 device"

# A running client holds its device: diagnose calls it a duplicate, and a
# second client is refused.  Killed outright, it leaves a stale status.
serve server
bg cli client ipt6ctl client iph0 "$url" "${good[@]}"
check busywait 20000 carrier cli iph0 1 "client up"
check verdict interface "duplicate interface" "process $client_pid" "0x643" -- \
	"$url" "${good[@]}" --dev iph0 "device held by a running client"
out=$(in_ns cli ipt6ctl client iph0 "$url" "${good[@]}" 2>&1)
check [ $? -eq 1 ] "second client for the device: exit 1"
check grep -q "already supervised by another ipt6ctl client (process $client_pid)" \
	<<<"$out" "... saying so: $out"
kill -9 "$client_pid"; wait "$client_pid" 2>/dev/null
check busywait 10000 carrier cli iph0 0 "killed client: carrier down"
check passes "$url" "${good[@]}" --dev iph0 "device of a killed client: usable"
check grep -q "status 'active' is stale" <<<"$out" "... its stale status named"
exit $ret
