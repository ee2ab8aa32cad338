# SPDX-License-Identifier: GPL-2.0
# Helpers for ipt6 selftests, in the style of tools/testing/selftests/net/lib.sh.
# Source it; every namespace and background process a test makes is
# removed by the EXIT trap.

: "${IPT6_TOP:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export PATH=$IPT6_TOP/tools:$IPT6_TOP/selftests:$PATH
KSFT_SKIP=4
ret=0
_netns=()
_pids=()
TMP=$(mktemp -d /tmp/ipt6-test.XXXXXX)

log() { echo "$*"; }
not() { ! "$@"; }
fail() { echo "FAIL: $*"; ret=1; }
ok() { echo "ok: $*"; }

# check CONDITION-COMMAND... DESCRIPTION-LAST: run it, fail when it fails.
check() {
	local what=${*: -1}
	if "${@:1:$#-1}"; then ok "$what"; else fail "$what"; fi
}

cleanup() {
	local ns p
	for p in "${_pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${_pids[@]}"; do wait "$p" 2>/dev/null; done
	# Devices first: a peer's socket would keep its namespace alive.
	for ns in "${_netns[@]}"; do
		for d in $(ip -n "$ns" -o link show type iphttps 2>/dev/null |
			   awk -F': ' '{print $2}' | cut -d@ -f1); do
			ip -n "$ns" link del "$d" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT

setup_ns() {
	local ns
	for ns in "$@"; do
		ip netns add "$ns" || return 1
		_netns+=("$ns")
		ip -n "$ns" link set lo up
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.forwarding=0
	done
}

# bg NS COMMAND...: run in the background in NS, output to $TMP/NAME.log
bg() {
	local ns=$1 name=$2
	shift 2
	ip netns exec "$ns" "$@" >"$TMP/$name.log" 2>&1 &
	_pids+=($!)
	eval "${name//-/_}_pid=$!"
}

# busywait MS COMMAND...: until the command succeeds or MS pass (times
# IPT6_TIMEOUT_SCALE, for slow kernels).
busywait() {
	local ms=$(($1 * ${IPT6_TIMEOUT_SCALE:-1})) start
	shift
	start=$(date +%s%N)
	while true; do
		"$@" && return 0
		[ $((($(date +%s%N) - start) / 1000000)) -ge "$ms" ] && return 1
		sleep 0.2
	done
}

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

listening() { ip netns exec "$1" ss -Hltn "sport = :$2" | grep -q .; }

carrier() { [ "$(ip netns exec "$1" cat "/sys/class/net/$2/carrier" 2>/dev/null)" = "$3" ]; }

# iph_up NS [ADDR]: an iphttps device iph0 in NS, with ADDR if given, up.
iph_up() {
	ip -n "$1" link add iph0 type iphttps || return 1
	[ -z "${2:-}" ] || ip -n "$1" addr add "$2" dev iph0 nodad
	ip -n "$1" link set iph0 up
}

# Two hosts joined by a veth: srv 192.0.2.1, cli 192.0.2.2.
setup_pair() {
	setup_ns srv cli || return 1
	ip link add veth-s netns srv type veth peer name veth-c netns cli
	ip -n srv addr add 192.0.2.1/24 dev veth-s
	ip -n cli addr add 192.0.2.2/24 dev veth-c
	ip -n srv link set veth-s up
	ip -n cli link set veth-c up
}

# make_certs: a CA; server certs for vpn.test (good, wrong name, expired);
# a client certificate.  Files in $TMP/pki.
# run.sh makes them once per run in $IPT6_PKI_CACHE (openssl is slow
# under TCG); tests that change them work on their own copy.
make_certs() {
	local d=$TMP/pki cache=${IPT6_PKI_CACHE:-}

	if [ -n "$cache" ] && [ -s "$cache/expired.pem" ]; then
		cp -a "$cache" "$d"
		return
	fi
	mkdir -p "$d"
	_make_certs "$d" || return 1
	[ -n "$cache" ] && cp -a "$d/." "$cache/"
	return 0
}

_make_certs() {
	local d=$1
	(
	cd "$d" || exit 1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout ca.key -out ca.pem -days 30 -subj /CN=ipt6-test-ca
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout other-ca.key -out other-ca.pem -days 30 -subj /CN=other-ca
	mk() {	# name san days-offset
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
			-keyout "$1.key" -out "$1.csr" -subj "/CN=$1"
		printf 'subjectAltName=%s\n' "$2" >"$1.ext"
		openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key \
			-CAcreateserial -out "$1.pem" -extfile "$1.ext" $3
	}
	mk server DNS:vpn.test "-days 30"
	mk wrongname DNS:other.test "-days 30"
	mk client DNS:client.test "-days 30"
	# Expired: valid for a day in 2020.  'openssl ca' takes fixed dates.
	mkdir -p ca.d && : >ca.d/index.txt && echo 1000 >ca.d/serial
	cat >ca.cnf <<-EOT
	[ca]
	default_ca = test
	[test]
	dir = ca.d
	database = ca.d/index.txt
	serial = ca.d/serial
	new_certs_dir = ca.d
	default_md = sha256
	policy = any
	copy_extensions = copy
	[any]
	commonName = supplied
	EOT
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout expired.key -out expired.csr -subj /CN=vpn.test \
		-addext subjectAltName=DNS:vpn.test
	openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key \
		-in expired.csr -out expired.pem -notext \
		-startdate 20200101000000Z -enddate 20200102000000Z
	) >"$TMP/pki.log" 2>&1 && [ -s "$d/expired.pem" ]
}

# tunnel_down: stop server and client, delete both iph0.
tunnel_down() {
	local p
	for p in ${server_pid:-} ${client_pid:-}; do kill "$p" 2>/dev/null; done
	for p in ${server_pid:-} ${client_pid:-}; do wait "$p" 2>/dev/null; done
	ip -n srv link del iph0 2>/dev/null
	ip -n cli link del iph0 2>/dev/null
	return 0
}

# sha_of FILE: the SHA-256 of FILE, alone.
sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# transfer FROM-NS TO-NS TO-ADDR FILE PORT: send FILE over TCP, and
# check that what arrives has the same SHA-256.
transfer() {
	local from=$1 to=$2 addr=$3 file=$4 port=$5 got=$TMP/recv.$port
	rm -f "$got"
	ip netns exec "$to" socat -u "TCP6-LISTEN:$port,reuseaddr" \
		"OPEN:$got,creat,trunc" &
	local rx=$!
	busywait 5000 listening "$to" "$port" || { kill $rx; return 1; }
	ip netns exec "$from" socat -u "OPEN:$file" "TCP6:[$addr]:$port" ||
		{ kill $rx; return 1; }
	wait $rx || return 1
	[ "$(sha_of "$got")" = "$(sha_of "$file")" ]
}

# tunnel_up [SERVER-OPTS -- CLIENT-OPTS]: an iph0 in srv and cli, server
# and client running, addresses 2001:db8:1::1 and ::2, carrier up.
tunnel_up() {
	local sopts=() copts=() seen=0 a
	for a in "$@"; do
		if [ "$a" = -- ]; then seen=1; continue; fi
		if [ $seen = 0 ]; then sopts+=("$a"); else copts+=("$a"); fi
	done
	local p=$TMP/pki
	ip -n srv link add iph0 type iphttps
	ip -n cli link add iph0 type iphttps
	ip -n srv addr add 2001:db8:1::1/64 dev iph0 nodad
	ip -n cli addr add 2001:db8:1::2/64 dev iph0 nodad
	ip -n srv link set iph0 up
	ip -n cli link set iph0 up
	bg srv server ipt6ctl server iph0 --listen 192.0.2.1:443 \
		--cert "$p/server.pem" --key "$p/server.key" \
		--url https://vpn.test/IPHTTPS "${sopts[@]}"
	busywait 10000 listening srv 443
	bg cli client ipt6ctl client iph0 https://vpn.test/IPHTTPS \
		--ca "$p/ca.pem" --connect-to 192.0.2.1 "${copts[@]}"
	busywait 20000 carrier cli iph0 1
}

# setup_fleet N: a server "srv" with an IPv4 link to each of N clients
# c1..cN (srv 10.0.I.1, cI 10.0.I.2) and an IPv6 upstream host "up"
# (2001:db8:ff::2, routing 2001:db8:1::/64 back through srv).  Each has
# an iph0; srv's serves the prefix 2001:db8:1::/64 once fleet_server runs.
setup_fleet() {
	local n=$1 i
	setup_ns srv up || return 1
	ip link add up-s netns srv type veth peer name up-h netns up
	ip -n srv addr add 2001:db8:ff::1/64 dev up-s nodad
	ip -n up addr add 2001:db8:ff::2/64 dev up-h nodad
	ip -n srv link set up-s up
	ip -n up link set up-h up
	ip -n up route add 2001:db8:1::/64 via 2001:db8:ff::1 dev up-h onlink
	iph_up srv || return 1
	for i in $(seq 1 "$n"); do
		setup_ns "c$i" || return 1
		ip link add "v$i" netns srv type veth peer name v netns "c$i"
		ip -n srv addr add "10.0.$i.1/24" dev "v$i"
		ip -n "c$i" addr add "10.0.$i.2/24" dev v
		ip -n srv link set "v$i" up
		ip -n "c$i" link set v up
		iph_up "c$i" || return 1
	done
}

# fleet_server [OPTS...]: the IP-HTTPS server of the fleet, on every address.
fleet_server() {
	local p=$TMP/pki
	bg srv server ipt6ctl server iph0 --prefix 2001:db8:1::/64 \
		--cert "$p/server.pem" --key "$p/server.key" \
		--url https://vpn.test/IPHTTPS "$@"
	busywait 10000 listening srv 443
}

# fleet_client I [OPTS...]: client cI connects to the server (log $TMP/cI.log).
fleet_client() {
	local i=$1
	shift
	bg "c$i" "c$i" ipt6ctl client iph0 https://vpn.test/IPHTTPS \
		--ca "$TMP/pki/ca.pem" --connect-to "10.0.$i.1" "$@"
}

# check_waiting NS LAST-ERROR: NS's client says it is waiting to reconnect,
# with a last error matching LAST-ERROR (a grep regular expression).
check_waiting() {
	local out
	out=$(in_ns "$1" ipt6ctl show iph0)
	log "$out"
	check grep -q "Interface status: \(waiting to reconnect\|connecting\)" <<<"$out" \
		"$1 says it is waiting to reconnect"
	check grep -q "Last error      : .*\($2\)" <<<"$out" "$1 shows the last error"
}

# srv_dev EXPR: a python3 expression over the server srv's device d,
# as 'ipt6ctl show --json' has it, e.g. 'd["stats"]["tx_drop_filtered"]'.
srv_dev() {
	in_ns srv ipt6ctl show iph0 --json | python3 -c '
import json, sys
d = json.load(sys.stdin)["devices"][0]
print(eval(sys.argv[1]))' "$1"
}

# server_peers: how many peers the server srv has.
server_peers() { srv_dev 'len(d["peers"])'; }

# global_addr NS: NS's usable (not tentative) address in 2001:db8:1::/64.
global_addr() {
	ip -n "$1" -6 -o addr show dev iph0 scope global -tentative |
		awk '{ print $4 }' | cut -d/ -f1 | grep '^2001:db8:1:' | head -1
}
has_global_addr() { [ -n "$(global_addr "$1")" ]; }

# peer_of REMOTE EXPR: a python3 expression over the server peer
# whose remote address contains REMOTE, e.g. 'p["stats"]["rx_drop_spoof"]'.
peer_of() {
	in_ns srv ipt6ctl show iph0 --json | python3 -c '
import json, sys
for p in json.load(sys.stdin)["devices"][0]["peers"]:
    if sys.argv[1] in p["remote"]:
        print(eval(sys.argv[2]))' "$1" "$2"
}

# scaled N: N times $IPT6_TIMEOUT_SCALE (a whole number, default 1), for
# waits and deadlines that a slower kernel (a debug build under TCG is
# 5-8 times slower) needs stretched.
scaled() { echo $(($1 * ${IPT6_TIMEOUT_SCALE:-1})); }

# server_npeers: the server srv's peer count, from show's text (no python:
# a poll takes a fraction of server_peers' time under TCG).
server_npeers() {
	in_ns srv ipt6ctl show iph0 | sed -n 's/^ *Peers *: \([0-9]*\).*/\1/p'
}

# peers_gone_within START-NS MS: poll until srv has no peer; prints the
# ms from START-NS (date +%s%N) to the start of the poll that saw none,
# or, failing, to the last poll once MS have passed.
peers_gone_within() {
	local t
	while true; do
		t=$((($(date +%s%N) - $1) / 1000000))
		[ "$(server_npeers)" = 0 ] && { echo "$t"; return 0; }
		[ "$t" -ge "$2" ] && { echo "$t"; return 1; }
		sleep 0.1
	done
}

# dns_zone NS NAME ADDR ZONE RECORD...: start an authoritative DNS server
# (unbound) in NS on ADDR:53 for ZONE with these records ("app.corp.test.
# A 10.1.0.20"), every query logged in $TMP/NAME.log; dns_zone_ready NAME
# waits until it serves (start several, then wait: unbound starts slowly
# under emulation).
dns_zone() {
	local ns=$1 name=$2 addr=$3 zone=$4 conf=$TMP/$2.conf r
	shift 4
	{
		printf 'server:\n\tinterface: %s\n\tport: 53\n' "$addr"
		[[ $addr == *:* ]] || printf '\tdo-ip6: no\n'
		printf '\tusername: ""\n\tchroot: ""\n\tdirectory: "%s"\n' "$TMP"
		printf '\tpidfile: "%s/%s.pid"\n\tuse-syslog: no\n' "$TMP" "$name"
		printf '\tlogfile: "%s/%s.log"\n\tverbosity: 1\n' "$TMP" "$name"
		printf '\tlog-queries: yes\n\taccess-control: 0.0.0.0/0 allow\n'
		printf '\taccess-control: ::/0 allow\n\tlocal-zone: "%s." static\n' "$zone"
		for r in "$@"; do printf '\tlocal-data: "%s"\n' "$r"; done
	} >"$conf"
	bg "$ns" "$name-dns" unbound -d -c "$conf"
}

dns_zone_ready() {
	busywait 30000 grep -qs "start of service" "$TMP/$1.log"
}

# systemd-resolved, unpacked into build/resolved by scripts/deps.sh (the
# package would take over the host's /etc/resolv.conf), run from there.
RESOLVED_ROOT=$IPT6_TOP/build/resolved/root
RESOLVED_LIBS=$RESOLVED_ROOT/usr/lib/x86_64-linux-gnu/systemd

resolvectl_in() {
	local ns=$1
	shift
	in_ns "$ns" env LD_LIBRARY_PATH="$RESOLVED_LIBS" \
		"$RESOLVED_ROOT/usr/bin/resolvectl" "$@"
}

# The test's own D-Bus system bus: export DBUS_SYSTEM_BUS_ADDRESS with it
# before starting a client that is to find resolved once it runs.
RESOLVED_BUS=unix:path=$TMP/bus/socket

# resolved_up NS: a D-Bus system bus of the test's own (its address in
# DBUS_SYSTEM_BUS_ADDRESS, exported for what runs after) and
# systemd-resolved in NS, as an unprivileged user with the capabilities
# its unit file gives it.  Returns $KSFT_SKIP if it is not unpacked.
resolved_up() {
	local ns=$1 bus=$TMP/bus caps=+net_bind_service,+net_raw,+setpcap

	if [ ! -x "$RESOLVED_ROOT/lib/systemd/systemd-resolved" ]; then
		echo "SKIP: systemd-resolved is not unpacked in build/resolved (scripts/deps.sh)"
		return $KSFT_SKIP
	fi
	mkdir -p "$bus" && chmod 755 "$TMP" "$bus"
	cat >"$bus/system.conf" <<-EOT
	<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
	 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
	<busconfig>
	  <type>system</type>
	  <listen>unix:path=$bus/socket</listen>
	  <auth>EXTERNAL</auth>
	  <policy context="default">
	    <allow user="*"/>
	    <allow own="*"/>
	    <allow send_destination="*"/>
	    <allow receive_sender="*"/>
	  </policy>
	</busconfig>
	EOT
	bg "$ns" dbus dbus-daemon --config-file="$bus/system.conf" --nofork \
		--nopidfile
	busywait 5000 test -S "$bus/socket" || return 1
	export DBUS_SYSTEM_BUS_ADDRESS=$RESOLVED_BUS
	# Its runtime folder, as systemd's RuntimeDirectory= would make it,
	# on a tmpfs of its own: the guest's /run is left alone.
	bg "$ns" resolved unshare -m sh -c '
		mkdir -p /run/systemd 2>/dev/null
		mount -t tmpfs tmpfs /run/systemd &&
		mkdir /run/systemd/resolve &&
		chown 65534:65534 /run/systemd/resolve &&
		exec env LD_LIBRARY_PATH="$0" setpriv --reuid=65534 \
			--regid=65534 --clear-groups --inh-caps="$1" \
			--ambient-caps="$1" "$2"' "$RESOLVED_LIBS" "$caps" \
		"$RESOLVED_ROOT/lib/systemd/systemd-resolved"
	# A slow start under emulation with another guest busy: 30 s.
	busywait 30000 resolvectl_in "$ns" status >/dev/null 2>&1
}

# with_stub NS COMMAND...: COMMAND in NS, its /etc/resolv.conf naming
# resolved's stub (127.0.0.53), as on a system that runs resolved.
with_stub() {
	local ns=$1
	shift
	echo "nameserver 127.0.0.53" >"$TMP/stub-resolv.conf"
	in_ns "$ns" unshare -m sh -c \
		'mount --bind "$0" /etc/resolv.conf && exec "$@"' \
		"$TMP/stub-resolv.conf" "$@"
}
