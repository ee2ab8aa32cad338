#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: figures from one VM run, compared only with each other.
#
# Goodput: a TCP stream through the IP-HTTPS tunnel (inner TCP, framed by
# ipt6.ko on kTLS) against a raw kTLS socket between the same two
# namespaces with the same cipher (no tunnel).  Ratio = tunnel / raw;
# the target is at least 0.9.  Emulated CPUs are noisy: each figure is the
# median of IPT6_BENCH_ROUNDS runs (default 3), raw and tunnel taken in
# turn, with the lowest and highest run beside it.
#
# Then kernel memory per idle client and the rate of small packets, each
# explained at its part below.  Nothing here passes or fails on speed.
set -u
source "$(dirname "$0")/lib.sh"
mb=${IPT6_BENCH_MB:-40}
modprobe -a tls tunnel4
grep -q '^ipt6 ' /proc/modules || insmod "$IPT6_TOP/ipt6.ko"
echo "bench: kernel $(uname -r), cpu: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)," \
     "aes-ni: $(grep -qw aes /proc/cpuinfo && echo yes || echo no), $mb MB per run"
setup_pair
make_certs
p=$TMP/pki
head -c "${mb}M" /dev/zero >"$TMP/data"

# seconds of one run of COMMAND..., with nanosecond clock
timed() {
	local start end
	start=$(date +%s%N)
	"$@" || return 1
	end=$(date +%s%N)
	echo $(((end - start) / 1000000))
}

raw_run() {	# cipher tls
	bg srv raw ipt6-tlspeer server --listen 192.0.2.1:4443 --cert "$p/server.pem" \
		--key "$p/server.key" --once --cipher "$1" --tls "${2/./}" --mode sink
	busywait 10000 listening srv 4443
	in_ns cli ipt6-tlspeer client https://vpn.test:4443/IPHTTPS \
		--ca "$p/ca.pem" --connect 192.0.2.1:4443 --cipher "$1" --tls "${2/./}" \
		--mode source $((mb * 1024 * 1024)) >/dev/null 2>&1
	wait "$raw_pid"
	# The sink's own clock: the data phase only, like the tunnel's run.
	sed -n 's/^[0-9]* bytes in \([0-9.]*\) s.*/\1/p' "$TMP/raw.log" |
		awk '{ printf "%d\n", $1 * 1000 }'
}

tunnel_run() {	# cipher tls
	tunnel_up --cipher "$1" --tls "$2" >/dev/null 2>&1 || { echo 0; return; }
	in_ns srv socat -u TCP6-LISTEN:5001,reuseaddr OPEN:/dev/null &
	local rx=$! ms
	busywait 5000 listening srv 5001
	ms=$(timed in_ns cli socat -u OPEN:"$TMP/data" TCP6:[2001:db8:1::1]:5001)
	wait $rx
	tunnel_down
	echo "$ms"
}

rounds=${IPT6_BENCH_ROUNDS:-3}
# stats MS...: "median min max" in MB/s
stats() {
	printf '%s\n' "$@" | awk -v mb="$mb" '{ printf "%.4f\n", mb * 1000 / ($1 > 0 ? $1 : 1e12) }' |
		sort -n | awk '{ v[NR] = $1 } END { printf "%.2f %.2f %.2f", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

printf '%-22s %-24s %-24s %6s\n' "cipher" "raw kTLS MB/s (min-max)" \
	"tunnel MB/s (min-max)" "ratio"
# IPT6_BENCH_CIPHERS: e.g. "aes128-gcm/1.3 chacha20-poly1305/1.2"
for c in ${IPT6_BENCH_CIPHERS:-aes128-gcm/1.3 aes256-gcm/1.3 chacha20-poly1305/1.3 aes128-gcm/1.2}; do
	set -- ${c%/*} ${c#*/}
	raw=() tun=()
	for r in $(seq "$rounds"); do
		raw+=("$(raw_run "$1" "$2")")
		tun+=("$(tunnel_run "$1" "$2")")
	done
	read -r rm rl rh <<<"$(stats "${raw[@]}")"
	read -r tm tl th <<<"$(stats "${tun[@]}")"
	awk -v c="$1 TLS$2" -v rm="$rm" -v rl="$rl" -v rh="$rh" -v tm="$tm" \
		-v tl="$tl" -v th="$th" 'BEGIN {
		printf "%-22s %6.2f (%5.2f-%5.2f)     %6.2f (%5.2f-%5.2f)     %6.2f\n",
		       c, rm, rl, rh, tm, tl, th, tm / rm }'
done

# Kernel memory per idle client: slab before and after N sessions held
# idle by ipt6-manyclients --hold, after dropping caches, letting RCU
# frees settle and having SLUB give back its empty slabs.  Two measures:
# Slab from /proc/meminfo (pages the slab caches hold) and the objects in
# use from /proc/slabinfo (active objects times their size, blind to free
# objects in half-used slabs).  Both TCP ends are in this VM, so each
# figure holds two TCP sockets with kTLS both ways per session; the same
# N sessions over plain kTLS without the tunnel (ipt6-tlspeer --mode hold:
# no thread per session, as ipt6ctl server leaves none) are subtracted to
# give ipt6's own cost per client.  A warm-up run first leaves the caches
# in the same state for both.
nmem=${IPT6_BENCH_CLIENTS:-100}
# mem_snap FILE: "Slab KB" then "CACHE BYTES-IN-USE" lines.
mem_snap() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 3
	# Give back empty slabs and flush per-CPU partial ones, so that
	# Slab counts what is held rather than what earlier runs left.
	for f in /sys/kernel/slab/*/shrink; do echo 1 >"$f"; done 2>/dev/null
	awk '/^Slab:/ { print "Slab", $2 }' /proc/meminfo >"$1"
	awk 'NR > 2 { print $1, $2 * $4 }' /proc/slabinfo >>"$1"
}
# mem_run NAME PORT CLIENT-OPTS...: "SLAB-KB IN-USE-KB" deltas of $nmem
# idle sessions, or "x"; per-cache deltas (bytes) in $TMP/NAME.caches.
mem_run() {
	local name=$1 port=$2 pid
	shift 2
	busywait 10000 listening srv "$port" || { echo "x"; return; }
	mem_snap "$TMP/$name.before"
	bg cli "$name" ipt6-manyclients --url "https://vpn.test:$port/IPHTTPS" \
		--connect "192.0.2.1:$port" --ca "$p/ca.pem" -n "$nmem" \
		--timeout 90000 --hold 600 "$@"
	pid=$(eval echo "\$${name}_pid")
	if busywait 400000 grep -q "^holding" "$TMP/$name.log"; then
		mem_snap "$TMP/$name.after"
	fi
	kill -TERM "$pid"
	if ! wait "$pid" || [ ! -f "$TMP/$name.after" ]; then
		sed 's/^/  /' "$TMP/$name.log" >&2
		echo "x"
		return
	fi
	awk 'NR == FNR { b[$1] = $2; next } { print $1, $2 - b[$1] }' \
		"$TMP/$name.before" "$TMP/$name.after" >"$TMP/$name.caches"
	awk '$1 == "Slab" { s = $2; next } { u += $2 }
	     END { printf "%d %d\n", s, u / 1024 }' "$TMP/$name.caches"
}

echo
echo "memory: $nmem idle clients, kernel slab after drop_caches"
# Each server runs for its own run only: a plain TLS server left running
# would keep its ends of the closed sessions.
mem_tunnel() {	# NAME
	iph_up srv
	bg srv server ipt6ctl server iph0 --listen 192.0.2.1:443 \
		--cert "$p/server.pem" --key "$p/server.key" \
		--prefix 2001:db8:1::/64 --max-handshakes-per-source 0
	mem_run "$1" 443
	tunnel_down >/dev/null
}
mem_plain() {	# NAME
	bg srv base ipt6-tlspeer server --listen 192.0.2.1:4443 \
		--cert "$p/server.pem" --key "$p/server.key" --mode hold
	mem_run "$1" 4443 --no-exchange
	kill "$base_pid"
	wait "$base_pid" 2>/dev/null
}
warm=$(mem_tunnel memwarm)
base=$(mem_plain membase)
tun=$(mem_tunnel memtun)
if [ "$warm" = x ] || [ "$base" = x ] || [ "$tun" = x ]; then
	echo "  a run failed (warm-up: $warm, plain TLS: $base, tunnel: $tun); no figures"
else
	read -r ts tu <<<"$tun"
	read -r bs bu <<<"$base"
	awk -v n="$nmem" -v ts="$ts" -v tu="$tu" -v bs="$bs" -v bu="$bu" 'BEGIN {
	f = "  %-48s %8s %8s\n"
	g = "  %-48s %8.1f %8.1f\n"
	printf f, "kB per client", "Slab", "in use"
	printf g, "tunnel: both TCP+kTLS ends, ipt6 peer, RA+echo", ts / n, tu / n
	printf g, "plain TLS: both TCP+kTLS ends, no tunnel", bs / n, bu / n
	printf g, "ipt6 own cost (difference)", (ts - bs) / n, (tu - bu) / n }'
	echo "  (Slab: pages the slab caches hold, /proc/meminfo; in use: active"
	echo "  objects times their size, /proc/slabinfo)"
	echo "  caches in use that grew most, tunnel minus plain TLS (kB per client):"
	awk -v n="$nmem" 'NR == FNR { b[$1] = $2; next }
		$1 != "Slab" { d = $2 - b[$1]; if (d > 0) printf "%s %.2f\n", $1, d / 1024 / n }' \
		"$TMP/membase.caches" "$TMP/memtun.caches" |
		sort -k2 -rn | head -6 | awk '{ printf "    %-24s %6.2f\n", $1, $2 }'
fi

# Packet rate: 64-byte IPv6 packets (16 bytes of UDP payload), client to
# server, through the tunnel (iph0, kTLS, TCP, veth) and straight over the
# veth, in turn.  The receiver counts what arrives in a window of
# IPT6_BENCH_PPS_SECONDS; the sender is not paced.  No pinning and no
# RPS: the figures are what the default set-up gives (on the veth the
# sender's CPU runs both stacks; the tunnel's workers may use the other
# CPU).  Drops at the receiving socket are shown, as an unpaced sender
# can starve the receiver.
pps_s=${IPT6_BENCH_PPS_SECONDS:-3}
ip -n srv addr add 2001:db8:2::1/64 dev veth-s nodad
ip -n cli addr add 2001:db8:2::2/64 dev veth-c nodad
pps_run() {	# DST: "PPS SOCKET-DROPS"
	bg srv pps ipt6-pktrate recv 6000 "$pps_s"
	busywait 5000 eval 'in_ns srv ss -Hlun "sport = :6000" | grep -q .'
	in_ns cli ipt6-pktrate send "$1" 6000 $((pps_s + 2)) 64 \
		>>"$TMP/pps-send.log"
	wait "$pps_pid"
	sed -n 's/^received .* \([0-9]*\) dropped .*: \([0-9]*\) pps$/\2 \1/p' \
		"$TMP/pps.log" | grep . || echo "0 0"
}
echo
tunnel_up >/dev/null 2>&1 || echo "  tunnel did not come up"
vpps=() tpps=() vdrop=0 tdrop=0
for r in $(seq "$rounds"); do
	read -r v d <<<"$(pps_run 2001:db8:2::1)"
	vpps+=("$v")
	vdrop=$((vdrop + d))
	read -r v d <<<"$(pps_run 2001:db8:1::1)"
	tpps+=("$v")
	tdrop=$((tdrop + d))
done
tunnel_down
med() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[1], v[NR] }'; }
read -r vm vl vh <<<"$(med "${vpps[@]}")"
read -r tm tl th <<<"$(med "${tpps[@]}")"
echo "packet rate: 64-byte IPv6/UDP packets, client -> server, ${pps_s} s windows," \
     "median of $rounds (min-max)"
awk -v vm="$vm" -v vl="$vl" -v vh="$vh" -v tm="$tm" -v tl="$tl" -v th="$th" 'BEGIN {
	printf "  %-34s %9d pps (%d-%d)\n", "plain veth", vm, vl, vh
	printf "  %-34s %9d pps (%d-%d)\n", "tunnel (iph0 over kTLS over veth)", tm, tl, th
	printf "  %-34s %9.3f\n", "ratio tunnel / veth", (vm > 0 ? tm / vm : 0) }'
echo "  (receive socket drops in all windows: veth $vdrop, tunnel $tdrop)"
