#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module loads and unloads cleanly, with and without devices, and
# `ip link add ... type iphttps` makes an IPv6-only device.
source "$(dirname "$0")/../lib.sh"
ko=$IPT6_TOP/ipt6.ko

check rmmod ipt6 "rmmod with no devices"
out=$(ipt6ctl show 2>&1)
check [ $? -ne 0 ] "show fails without the module"
check grep -q "module is not loaded" <<<"$out" "show says the module is not loaded"
check insmod "$ko" "insmod"
check grep -q '^ipt6$' <(awk '{print $1}' /proc/modules) "module listed"

setup_ns a
check ip -n a link add iph0 type iphttps "ip link add type iphttps"
d=$(ip -n a -d link show iph0)
log "$d"
check grep -q "iphttps" <<<"$d" "link kind is iphttps"
check grep -q "mtu 1280" <<<"$d" "default MTU 1280"
check grep -q "link/none" <<<"$d" "no link-layer address"
check ip -n a link set iph0 mtu 1400 "MTU raised to 1400"
! ip -n a link set iph0 mtu 1279 2>/dev/null
check [ $? -eq 0 ] "MTU below 1280 refused"
ip -n a link set iph0 mtu 1280

# A client has no carrier, so addrconf waits; a server (carrier when up)
# gets a random link-local address at once.  IPv6 only: no IPv4 appears.
ip -n a link set iph0 up
check grep -q "NO-CARRIER" <(ip -n a link show iph0) "client without a peer has no carrier"
ip -n a link set iph0 down
in_ns a ipt6ctl set iph0 role server
ip -n a link set iph0 up
check busywait 5000 sh -c "ip -n a -6 addr show dev iph0 | grep -q 'inet6 fe80::'" \
	"IPv6 link-local address once carrier is up"
check grep -q "addrgenmode random" <(ip -n a -d link show iph0) "random interface identifiers"
check [ -z "$(ip -n a -4 addr show dev iph0)" ] "no IPv4 address"

check ip -n a link del iph0 "ip link del"
check [ -z "$(ip -n a link show type iphttps)" ] "device gone"

# rmmod with live devices deletes them.
ip -n a link add iph1 type iphttps
ip -n a link add iph2 type iphttps
ip -n a link set iph1 up
check rmmod ipt6 "rmmod with two devices"
check [ -z "$(ip -n a link show 2>/dev/null | grep iph)" ] "devices removed by rmmod"
check insmod "$ko" "insmod again"
exit $ret
