#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Failures are refused and named: wrong CA, wrong host name, expired
# certificate, wrong path (404), wrong method (405), a Content-Length
# that is not a 64-bit decimal number (400; Windows' 2^64-1 gets 200),
# nothing listening.
# The last error reaches the kernel, where `ipt6ctl show` reads it.
source "$(dirname "$0")/../lib.sh"
setup_pair
make_certs
p=$TMP/pki
iph_up cli

# serve CERT [PATH]: (re)start the server with this certificate.
serve() {
	[ -n "${server_pid:-}" ] && { kill "$server_pid"; wait "$server_pid"; } 2>/dev/null
	ip -n srv link del iph0 2>/dev/null
	ip -n srv link add iph0 type iphttps
	ip -n srv link set iph0 up
	bg srv server ipt6ctl server iph0 --listen 192.0.2.1:443 \
		--cert "$p/$1.pem" --key "$p/$1.key" ${2:+--path "$2"}
	busywait 10000 listening srv 443
}

# attempt EXPECTED-WORDS... -- CLIENT-OPTS: one client try must fail
# with each of the words in its message and in `ipt6ctl show`.
attempt() {
	local words=() out show w
	while [ "$1" != -- ]; do words+=("$1"); shift; done
	shift
	out=$(in_ns cli timeout 30 ipt6ctl client iph0 --once --timeout 5 "$@" 2>&1)
	local rc=$?
	log "$out"
	[ $rc -eq 1 ] || { echo "exit $rc, wanted 1"; return 1; }
	show=$(in_ns cli ipt6ctl show iph0)
	grep -q "Interface status: failed" <<<"$show" || return 1
	for w in "${words[@]}"; do
		grep -qi -- "$w" <<<"$out" || { echo "no '$w' in output"; return 1; }
		grep -qi -- "$w" <<<"$show" || { echo "no '$w' in show"; return 1; }
	done
	carrier cli iph0 0
}

url=https://vpn.test/IPHTTPS
serve server
check attempt "untrusted certificate" -- "$url" --ca "$p/other-ca.pem" --connect-to 192.0.2.1 \
	"wrong CA refused"
check attempt "certificate name mismatch" "other.test" -- https://other.test/IPHTTPS \
	--ca "$p/ca.pem" --connect-to 192.0.2.1 "wrong host name refused"
serve expired
check attempt "certificate expired" -- "$url" --ca "$p/ca.pem" --connect-to 192.0.2.1 \
	"expired certificate refused"
serve server /IPHTTPS
check attempt "HTTP error status" "404" -- https://vpn.test/wrong --ca "$p/ca.pem" \
	--connect-to 192.0.2.1 "wrong path: 404 reported"
check grep -q "404" "$TMP/server.log" "server logs the 404"
code=$(in_ns cli curl -sk --max-time 10 -o /dev/null -w '%{http_code}' \
	--resolve vpn.test:443:192.0.2.1 https://vpn.test/IPHTTPS)
check [ "$code" = 405 ] "GET instead of POST: 405 (got $code)"
# post_len LENGTH: the status a POST with this Content-Length gets.  A 200
# turns the connection into a tunnel that never ends: curl gives up.
post_len() {
	in_ns cli curl -sk --max-time 5 -o /dev/null -w '%{http_code}' \
		-X POST -H "Content-Length: $1" \
		--resolve vpn.test:443:192.0.2.1 https://vpn.test/IPHTTPS
}
code=$(post_len -1)
check [ "$code" = 400 ] "Content-Length -1: 400 (got $code)"
check grep -q "Content-Length '-1'" "$TMP/server.log" "server logs the bad length"
code=$(post_len 18446744073709551616)
check [ "$code" = 400 ] "Content-Length 2^64: 400 (got $code)"
code=$(post_len 18446744073709551615)
check [ "$code" = 200 ] "Content-Length 2^64-1 as Windows sends: 200 (got $code)"
kill "$server_pid"; wait "$server_pid" 2>/dev/null
check attempt "connection refused" -- "$url" --ca "$p/ca.pem" --connect-to 192.0.2.1 \
	"nothing listening: refused"
out=$(in_ns cli ipt6ctl client iph0 http://vpn.test/ 2>&1)
check [ $? -eq 2 ] "non-https URL is a usage error"
check grep -q "scheme must be https" <<<"$out" "... saying so: $out"

# usage_error WORDS CMD...: a bad option value is exit 2 with its reason.
usage_error() {
	local words=$1 out rc
	shift
	out=$(in_ns cli ipt6ctl "$@" 2>&1)
	rc=$?
	[ $rc -eq 2 ] || { echo "exit $rc, wanted 2: $out"; return 1; }
	grep -qF -- "$words" <<<"$out" || { echo "no '$words' in: $out"; return 1; }
}
check usage_error "ipt6ctl: --timeout takes seconds from 1 to 2147483, not '5x'" \
	client iph0 "$url" --timeout 5x "--timeout 5x refused (atoi took 5)"
check usage_error "not '4294968'" client iph0 "$url" --timeout 4294968 \
	"--timeout 4294968 refused (its ms overflowed to 704)"
check usage_error "ipt6ctl: --keepalive takes seconds from 0 to 3600 (0: off), not '-1'" \
	client iph0 "$url" --keepalive -1 "--keepalive -1 refused"
check usage_error "ipt6ctl: --cert FILE and --key FILE go together" \
	client iph0 "$url" --cert "$p/server.pem" "--cert without --key refused"
check usage_error "ipt6ctl: --cert FILE and --key FILE go together" \
	diagnose "$url" --key "$p/server.key" "diagnose: --key without --cert refused"
check usage_error "ipt6ctl: a server needs --cert FILE and --key FILE" \
	server iph0 --cert "$p/server.pem" "server without --key refused"
check usage_error "ipt6ctl: --prefix 2001:db8:1::1/64 has bits set beyond its length /64 (host bits); did you mean 2001:db8:1::/64?" \
	server iph0 --cert "$p/server.pem" --key "$p/server.key" \
	--prefix 2001:db8:1::1/64 "server prefix with host bits refused"
check usage_error "ipt6ctl: --max-handshakes takes a number from 1 to 65536, not '0'" \
	server iph0 --cert "$p/server.pem" --key "$p/server.key" \
	--max-handshakes 0 "--max-handshakes 0 refused"
check usage_error "ipt6ctl: --count takes a number from 0 to 1000000 (0: no end), not '1x'" \
	monitor --count 1x "monitor --count 1x refused"
exit $ret
