#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The RFC 5214 decapsulation check, fed hand-made protocol-41 packets from
# a third node: an inner source that embeds another IPv4 address, or is off
# the link's prefixes, or is no ISATAP address at all, is dropped and
# counted; the same packets from a listed router, or with an honest
# on-link source, are taken.  A router advertisement passes only from a
# listed router.
source "$(dirname "$0")/../lib.sh"
source "$IPT6_TOP/selftests/isatap-lib.sh"
inject() { in_ns x python3 "$IPT6_TOP/selftests/isatap-inject.py" "$@"; }
stat() { isatap_stat h isa0 "$1"; }

isatap_lan h:2 x:66
ip -n h link add isa0 address 10.0.0.2 type isatap
ip -n h link set isa0 up
ip -n h addr add 2001:db8:5::5efe:a00:2/64 dev isa0
check in_ns h ipt6ctl isatap-prl isa0 add 10.0.0.1 "router 10.0.0.1 listed"
check busywait 5000 has_addr h isa0 fe80::5efe:a00:2 "link-local address"
ll=fe80::5efe:a00:2

rx0=$(stat rx_packets) tx0=$(stat tx_packets)
inject 10.0.0.66 10.0.0.2 fe80::5efe:10.0.0.99 $ll echo 5
inject 10.0.0.66 10.0.0.2 2001:db8:5::5efe:10.0.0.99 $ll echo 3
inject 10.0.0.66 10.0.0.2 2001:db8:9::5efe:10.0.0.66 $ll echo 2
inject 10.0.0.66 10.0.0.2 2001:db8:5::1 $ll echo 1
check busywait 3000 isatap_stat_is h isa0 rx_drop_spoof -eq 11 \
	"11 spoofed packets dropped and counted (other IPv4, off-link prefix, not ISATAP)"
check [ "$(stat rx_packets)" = "$rx0" ] "none of them received"
check [ "$(stat tx_packets)" = "$tx0" ] "none of them answered"
out=$(in_ns h ipt6ctl show isa0)
log "$out"
check grep -q "11 failed the source check" <<<"$out" "show names the drops"

# Honest sources pass: the ISATAP address embeds the outer source, and is
# link-local or in the device's prefix; a listed router may send anything
# (its answer goes back through it: an off-link next hop).
ip -n h -6 route add 2001:db8:77::/64 via fe80::5efe:a00:1 dev isa0
inject 10.0.0.66 10.0.0.2 fe80::5efe:10.0.0.66 $ll echo 2
inject 10.0.0.66 10.0.0.2 2001:db8:5::5efe:10.0.0.66 2001:db8:5::5efe:a00:2 echo 1
inject 10.0.0.1 10.0.0.2 2001:db8:77::1 2001:db8:5::5efe:a00:2 echo 1
check busywait 3000 isatap_stat_is h isa0 rx_packets -ge $((rx0 + 4)) \
	"4 honest packets received"
check busywait 3000 isatap_stat_is h isa0 tx_packets -ge $((tx0 + 4)) \
	"and answered"
check [ "$(stat rx_drop_spoof)" = 11 ] "spoof counter unchanged"

# Router advertisements: from an honest host that is not listed, dropped;
# from the listed router, taken (prefix 2001:db8:66::/64).
inject 10.0.0.66 10.0.0.2 fe80::5efe:10.0.0.66 $ll ra 2
check busywait 3000 isatap_stat_is h isa0 rx_drop_ra -eq 2 \
	"RA from an unlisted node dropped and counted"
sleep 1
check not has_addr h isa0 2001:db8:66::5efe:a00:2 "... and not used for SLAAC"
check not has_route h default "... nor for a default route"
inject 10.0.0.1 10.0.0.2 fe80::5efe:10.0.0.1 $ll ra 1
check busywait 5000 has_addr h isa0 2001:db8:66::5efe:a00:2 "RA from the listed router used for SLAAC"
check has_route h default via fe80::5efe:a00:1 dev isa0 "... and the default route"
check [ "$(stat rx_drop_ra)" = 2 ] "RA counter unchanged"
exit $ret
