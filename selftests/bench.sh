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
