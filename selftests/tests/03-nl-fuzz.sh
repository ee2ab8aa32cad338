#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Generic netlink fuzzing (selftests/ipt6-nlfuzz.py): valid, mutated and
# random messages to every ipt6 command, on iphttps devices with peers
# (a real tunnel, and kTLS loopback connections the fuzzer attaches and
# then closes, resets or feeds garbage), on ISATAP devices with a router
# list and on random ifindexes; as root in both namespaces at once, then
# unprivileged three ways (nobody; root without CAP_NET_ADMIN; root of a
# user namespace), where every command must be refused with EPERM.
# Afterwards the peers are gone, every device can be deleted, the module
# unloads, a new tunnel works, and the kernel is not tainted (run.sh
# checks the kernel log).
#
# IPT6_NLFUZZ_SECONDS (default 60): root fuzzing time; each unprivileged
# run gets a quarter of it.  IPT6_SEED: the seed (printed).
source "$(dirname "$0")/../lib.sh"
py=/usr/bin/python3
nlfuzz=$IPT6_TOP/selftests/ipt6-nlfuzz.py
secs=${IPT6_NLFUZZ_SECONDS:-60}
useconds=$(((secs + 3) / 4))
seed=${IPT6_SEED:-$(((RANDOM << 15) | RANDOM))}
log "seed $seed (IPT6_SEED=$seed repeats it), $secs s as root, $useconds s per unprivileged run"
taint0=$(cat /proc/sys/kernel/tainted)

setup_pair
make_certs
check tunnel_up "tunnel up: the server's and the client's iph0 have a real peer"
# More devices: a second server and a client that is down; ISATAP devices
# up with a router list and down.
ip -n srv link add iph1 type iphttps
in_ns srv ipt6ctl set iph1 role server
ip -n srv link set iph1 up
ip -n srv link add iph2 type iphttps
ip -n srv link add isa0 address 192.0.2.1 type isatap
ip -n srv link set isa0 up
in_ns srv ipt6ctl isatap-prl isa0 add 192.0.2.2 10.0.0.1
ip -n srv link add isa1 address 198.51.100.1 type isatap
ip -n cli link add isa0 address 192.0.2.2 type isatap
ip -n cli link set isa0 up
# Traffic over the tunnel while the fuzzing goes on (lost when a peer is
# detached; the client reconnects by itself).
bg cli ping ping -6 -q -i 0.5 2001:db8:1::1

# fuzz NAME NS SEED ARGS...: run the fuzzer, its output in the test log.
fuzz() {
	local name=$1 ns=$2 s=$3 rc
	shift 3
	timeout --kill-after=10 $((secs + 150)) ip netns exec "$ns" "$@" \
		--seed "$s" >"$TMP/fuzz-$name.log" 2>&1
	rc=$?
	log "$(cat "$TMP/fuzz-$name.log")"
	return $rc
}

# Root, on both ends at once: two fuzzers on the server, one on the client.
fuzz srv srv "$seed" $py "$nlfuzz" --seconds "$secs" --jobs 2 &
srv_fuzz=$!
fuzz cli cli $((seed + 100)) $py "$nlfuzz" --seconds "$secs" &
cli_fuzz=$!
wait $srv_fuzz
check [ $? -eq 0 ] "root on the server: answers well-formed, errnos expected (seeds $seed, $((seed + 1)))"
wait $cli_fuzz
check [ $? -eq 0 ] "root on the client: answers well-formed, errnos expected (seed $((seed + 100)))"
check grep -q "peers attached" "$TMP/fuzz-srv.log" "the server fuzzer ran to its summary"
check not grep -q "Traceback" "$TMP/fuzz-srv.log" "the fuzzer did not crash"
n=$(awk '/ peers attached/ { for (i = 1; i < NF; i++) if ($(i + 1) == "peers") n += $i }
	END { print n + 0 }' "$TMP/fuzz-srv.log")
check [ "${n:-0}" -gt 0 ] "the fuzzer attached peers ($n)"

# Unprivileged: every command refused, do and dump, whatever the message.
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all
	--bounding-set=-all)
noadmin=(setpriv --inh-caps=-net_admin --bounding-set=-net_admin)
userns=(unshare --user --map-root-user)
fuzz nobody srv $((seed + 200)) "${nobody[@]}" $py "$nlfuzz" --unpriv --seconds "$useconds"
check [ $? -eq 0 ] "user nobody: every command refused with EPERM (seed $((seed + 200)))"
fuzz noadmin srv $((seed + 300)) "${noadmin[@]}" $py "$nlfuzz" --unpriv --seconds "$useconds"
check [ $? -eq 0 ] "root without CAP_NET_ADMIN: every command refused (seed $((seed + 300)))"
fuzz userns srv $((seed + 400)) "${userns[@]}" $py "$nlfuzz" --unpriv --seconds "$useconds"
check [ $? -eq 0 ] "root of a user namespace: every command refused (seed $((seed + 400)))"
# The unprivileged oracle is not blind: root, judged as unprivileged, fails.
in_ns srv timeout 60 $py "$nlfuzz" --unpriv --seconds 3 --seed $((seed + 500)) \
	>"$TMP/fuzz-oracle.log" 2>&1
check [ $? -eq 1 ] "root judged as unprivileged is caught: $(tail -1 "$TMP/fuzz-oracle.log")"
check grep -q "unprivileged: got .*, the core must answer EPERM" "$TMP/fuzz-oracle.log" \
	"... answers other than EPERM"
for f in nobody noadmin userns; do
	grep -q "no problems" "$TMP/fuzz-$f.log" || fail "$f: the fuzzer did not finish cleanly"
done

# A logged message can be sent again: dev-get of ifindex 0.
out=$(in_ns srv $py "$nlfuzz" --replay 1c000000000005000100000000000000010100000800020000000000)
check grep -q "^ack: ERANGE integer out of range" <<<"$out" "--replay of a logged message: ${out//$'\n'/; }"

# The fuzzer's peers went with its connections.
iph1_peers() { in_ns srv ipt6ctl show iph1 --json |
	$py -c 'import json, sys; print(len(json.load(sys.stdin)["devices"][0]["peers"]))'; }
iph1_idle() { [ "$(iph1_peers)" = 0 ]; }
check busywait 10000 iph1_idle "iph1: no peer left once the fuzzer's connections closed"
log "iph1 peers: $(iph1_peers)"
kill "$ping_pid" 2>/dev/null
tunnel_down
for d in srv:iph1 srv:iph2 srv:isa0 srv:isa1 cli:isa0; do
	check timeout 30 ip -n "${d%%:*}" link del "${d#*:}" "$d deleted"
done
check [ -z "$(ip -n srv link show type iphttps; ip -n srv link show type isatap)" ] \
	"no ipt6 device left on the server"
check [ "$(cat /sys/module/ipt6/refcnt)" = 0 ] "module reference count 0"
check rmmod ipt6 "rmmod after fuzzing"
check insmod "$IPT6_TOP/ipt6.ko" "insmod again"
check tunnel_up "a new tunnel comes up after the fuzzing"
check in_ns cli ping -6 -c 2 -i 0.3 -W 5 2001:db8:1::1 "ping over the new tunnel"
tunnel_down
# Taint: O and E (out-of-tree, unsigned module) are expected; nothing else.
taint1=$(cat /proc/sys/kernel/tainted)
check [ $(((taint1 & ~taint0) & ~(4096 | 8192))) -eq 0 ] \
	"kernel not tainted by the fuzzing (taint $taint0 -> $taint1)"
exit $ret
