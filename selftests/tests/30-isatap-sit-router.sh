#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Interop: an ipt6 ISATAP host with a router built from the kernel's own
# sit ISATAP mode and radvd (UnicastOnly, as an NBMA link needs).  The host
# solicits the router by unicast, configures a global address and default
# route from its answer, pings the router and a node behind it both ways,
# and solicits again before the router's 10 s lifetime runs out.
source "$(dirname "$0")/../lib.sh"
source "$IPT6_TOP/selftests/isatap-lib.sh"
command -v radvd >/dev/null || { echo "radvd not installed"; exit "$KSFT_SKIP"; }

isatap_lan r:1 h:2
isatap_far r

# The router: sit in ISATAP mode, a prefix address, radvd.
ip -n r tunnel add is0 mode isatap local 10.0.0.1 ttl 64
ip -n r link set is0 up
ip -n r addr add 2001:db8:5::5efe:a00:1/64 dev is0
cat >"$TMP/radvd.conf" <<EOT
interface is0 {
	AdvSendAdvert on;
	UnicastOnly on;
	MinRtrAdvInterval 3;
	MaxRtrAdvInterval 4;
	AdvDefaultLifetime 10;
	prefix 2001:db8:5::/64 {
		AdvOnLink on;
		AdvAutonomous on;
	};
};
EOT
bg r radvd radvd -n -C "$TMP/radvd.conf" -p "$TMP/radvd.pid" -m stderr -d 1

# The host: ipt6's ISATAP device, run by ipt6ctl.
check ip -n h link add isa0 address 10.0.0.2 type isatap "ip link add type isatap"
bg h host ipt6ctl isatap isa0 --router 10.0.0.1
check busywait 5000 has_addr h isa0 fe80::5efe:a00:2 "host link-local fe80::5efe:10.0.0.2"
check busywait 20000 has_addr h isa0 2001:db8:5::5efe:a00:2 \
	"host SLAAC address from the sit router's RA"
check has_route h default via fe80::5efe:a00:1 dev isa0 \
	"default route via the router's ISATAP link-local"
log "$(ip -n h -6 addr show dev isa0; ip -n h -6 route)"

check in_ns h ping -c 3 -i 0.2 -W 5 2001:db8:5::5efe:a00:1 "ping host -> sit router"
check in_ns r ping -c 3 -i 0.2 -W 5 2001:db8:5::5efe:a00:2 "ping sit router -> host"
check in_ns h ping -c 3 -i 0.2 -W 5 2001:db8:ff::2 "ping host -> node behind the router"
check in_ns far ping -c 3 -i 0.2 -W 5 2001:db8:5::5efe:a00:2 "ping node behind the router -> host"
check in_ns h ping -c 2 -s 1432 -M do -W 5 2001:db8:5::5efe:a00:1 \
	"full-size ping (1480-byte packets, DF)"
# TCP both ways: GSO super-packets out of the ipt6 device, GRO into it.
head -c 4000000 /dev/urandom >"$TMP/data"
check transfer h r 2001:db8:5::5efe:a00:1 "$TMP/data" 5001 "4 MB host -> sit router, same SHA-256"
check transfer r h 2001:db8:5::5efe:a00:2 "$TMP/data" 5002 "4 MB sit router -> host, same SHA-256"

# Lifetime 10 s: the next RS at 80%, 8 s after the first answer.
check busywait 20000 sh -c "[ \$(grep -c 'router advertisement from 10.0.0.1' '$TMP/host.log') -ge 2 ]" \
	"host solicited again before the lifetime ran out"
check grep -q "next solicitation in 8 s" "$TMP/host.log" "re-solicitation at 80% of 10 s"
check [ "$(isatap_stat h isa0 rx_drop_spoof)" = 0 ] "no packet failed the source check"

out=$(in_ns h ipt6ctl show)
log "$out"
check grep -q "^Interface isa0 (isatap)" <<<"$out" "show lists the ISATAP device"
check grep -q "Routers (PRL)   : 10.0.0.1" <<<"$out" "show lists the router"
log "$(cat "$TMP/host.log")"
exit $ret
