#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ISATAP configuration over generic netlink: the Potential Router List
# added to, listed and emptied by ipt6ctl, from addresses and DNS names
# (resolved again by the supervisor when the name changes); bad requests
# refused with the kernel's reason, from ipt6ctl and as raw netlink
# messages with malformed attributes; device creation errors.
source "$(dirname "$0")/../lib.sh"
source "$IPT6_TOP/selftests/isatap-lib.sh"

setup_ns a
ip -n a link add veth0 type veth peer name veth1
ip -n a addr add 10.0.0.2/24 dev veth0
ip -n a link set veth0 up
ip -n a link set veth1 up

# Creation: the local address is required, must be IPv4 and unicast, and
# is unique in a namespace.
out=$(ip -n a link add isa0 type isatap 2>&1)
check [ $? -ne 0 ] "no address: refused"
check grep -q "needs its local IPv4 address" <<<"$out" "... saying what is missing: $out"
out=$(ip -n a link add isa0 address 224.0.0.5 type isatap 2>&1)
check grep -q "not a unicast IPv4 address" <<<"$out" "multicast address refused: $out"
check ip -n a link add isa0 address 10.0.0.2 type isatap "created with 10.0.0.2"
out=$(ip -n a link add isa1 address 10.0.0.2 type isatap 2>&1)
check grep -q "another ISATAP device in this namespace has this address" <<<"$out" \
	"second device with the same address refused: $out"
check grep -q "link/sit 10.0.0.2" <(ip -n a link show isa0) "address shown as link/sit"
ip -n a link set isa0 address 10.0.0.3
check grep -q "link/sit 10.0.0.3" <(ip -n a link show isa0) "address changed while down"
ip -n a link set isa0 address 10.0.0.2
ip -n a link set isa0 up
check not ip -n a link set isa0 address 10.0.0.4 2>/dev/null "no change while up"

# The list: add, show, delete, duplicates and absent routers.
check in_ns a ipt6ctl isatap-prl isa0 add 10.0.0.1 10.0.0.5 "add two routers"
check [ "$(in_ns a ipt6ctl isatap-prl isa0 | tr '\n' ' ')" = "10.0.0.1 10.0.0.5 " ] \
	"show lists them"
out=$(in_ns a ipt6ctl isatap-prl isa0 add 10.0.0.1 2>&1)
check [ $? -eq 1 ] "duplicate refused"
check grep -q "router 10.0.0.1: router already in the Potential Router List" <<<"$out" "... saying so: $out"
check in_ns a ipt6ctl isatap-prl isa0 del 10.0.0.1 "delete one"
out=$(in_ns a ipt6ctl isatap-prl isa0 del 10.0.0.1 2>&1)
check grep -q "router not in the Potential Router List" <<<"$out" "delete of an absent router: $out"
out=$(in_ns a ipt6ctl isatap-prl isa0 add 239.1.1.1 2>&1)
check grep -q "a router must have a unicast IPv4 address" <<<"$out" "multicast router refused: $out"
out=$(in_ns a ipt6ctl isatap-prl isa0 add no.such.name.invalid 2>&1)
check grep -q "cannot resolve router 'no.such.name.invalid'" <<<"$out" "unresolvable name: $out"
check [ "$(in_ns a ipt6ctl isatap-prl isa0)" = 10.0.0.5 ] "list is 10.0.0.5"
in_ns a ipt6ctl isatap-prl isa0 del 10.0.0.5
in_ns a ipt6ctl isatap-prl isa0 add $(seq -f 10.1.0.%g 1 70) 2>"$TMP/full.err"
check [ $? -eq 1 ] "70 routers: some refused"
check [ "$(grep -c "the Potential Router List is full (64 routers)" "$TMP/full.err")" -eq 6 ] \
	"the 6 beyond 64 refused, saying the list is full"
check [ "$(in_ns a ipt6ctl isatap-prl isa0 | wc -l)" -eq 64 ] "dump returns all 64"
in_ns a ipt6ctl isatap-prl isa0 del $(seq -f 10.1.0.%g 1 64)
check [ -z "$(in_ns a ipt6ctl isatap-prl isa0)" ] "list empty again"

ip -n a link add iph0 type iphttps
out=$(in_ns a ipt6ctl isatap-prl iph0 add 10.0.0.1 2>&1)
check grep -q "device is not an ISATAP device" <<<"$out" "iphttps device refused: $out"
check in_ns a ipt6ctl isatap-set isa0 ttl inherit role router "isatap-set ttl inherit, role router"
json=$(in_ns a ipt6ctl show --json)
check python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert [x["ifname"] for x in d["devices"]] == ["iph0"], d
i = d["isatap"][0]
assert i["ifname"] == "isa0" and i["local"] == "10.0.0.2", i
assert i["ttl"] == 0 and i["role"] == "router" and i["routers"] == [], i
for k in ("rx_packets", "rx_drop_spoof", "rx_drop_ra", "tx_drop_nexthop",
          "tx_drop_noroute", "tx_drop_toobig"):
    assert i["stats"][k] == 0 or k.startswith("tx_drop"), (k, i)
' "$json" "show --json lists both kinds, ISATAP with its settings"
in_ns a ipt6ctl isatap-set isa0 ttl 64 role host
# ttl 0 is neither a TTL nor inherit: refused, saying what it takes.
out=$(in_ns a ipt6ctl isatap-set isa0 ttl 0 2>&1)
check [ $? -eq 2 ] "isatap-set ttl 0 refused (exit 2)"
check grep -qF "ipt6ctl: ttl takes hops from 1 to 255 (or inherit), not '0'" <<<"$out" "... saying so: $out"
out=$(in_ns a ipt6ctl isatap isa0 --ttl 0 2>&1)
check [ $? -eq 2 ] "isatap --ttl 0 refused (exit 2)"
check grep -qF "ipt6ctl: --ttl takes hops from 1 to 255 (or inherit), not '0'" <<<"$out" "... saying so: $out"
out=$(in_ns a ipt6ctl isatap isa0 --refresh 60s 2>&1)
check [ $? -eq 2 ] "isatap --refresh 60s refused (exit 2)"
check grep -qF "ipt6ctl: --refresh takes seconds from 0 to 86400, not '60s'" <<<"$out" "... saying so: $out"

# Raw requests with malformed attributes: the policy answers, in words.
attr_num() {
	awk -v a="IPT6_A_ISATAP_$1," '/^enum/ { n = 0 } /IPT6_A_ISATAP_PAD = 1/ { n = 1 }
		n && $1 == a { print n; exit } n && /^\tIPT6_A_ISATAP_/ { n++ }' \
		"$IPT6_TOP/uapi/linux/ipt6.h"
}
in_ns a python3 - "$IPT6_TOP/selftests" <<'PY' >"$TMP/raw.log" 2>&1
import socket, sys
sys.path.insert(0, sys.argv[1])
from ipt6nl import Genl, attr, u32, uapi_numbers
num = uapi_numbers()
nl = Genl()
ifx, rtr, role = (num["IPT6_A_ISATAP_" + n] for n in ("IFINDEX", "ROUTER", "ROLE"))
add, set_ = num["IPT6_CMD_ISATAP_PRL_ADD"], num["IPT6_CMD_ISATAP_SET"]
idx = socket.if_nametoindex("isa0")
cases = [
    ("router of 3 bytes", add, [attr(ifx, u32(idx)), attr(rtr, b"\n\0\0")]),
    ("router missing", add, [attr(ifx, u32(idx))]),
    ("ifindex missing", add, [attr(rtr, socket.inet_aton("10.0.0.1"))]),
    ("ifindex 0", add, [attr(ifx, u32(0)), attr(rtr, socket.inet_aton("10.0.0.1"))]),
    ("role 7", set_, [attr(ifx, u32(idx)), attr(role, u32(7))]),
    ("router 0.0.0.0", add, [attr(ifx, u32(idx)), attr(rtr, socket.inet_aton("0.0.0.0"))]),
]
for name, cmd, a in cases:
    err, msg = nl.call(cmd, a)
    print("%s: %d %s" % (name, err, msg or "(no message)"))
PY
log "$(cat "$TMP/raw.log")"
check grep -q "router of 3 bytes: -34 binary attribute size out of range" "$TMP/raw.log" \
	"3-byte router attribute refused with a message"
check grep -q "router missing: -22 missing attribute $(attr_num ROUTER)$" "$TMP/raw.log" \
	"missing router refused, naming the attribute"
check grep -q "ifindex missing: -22 missing attribute $(attr_num IFINDEX)$" "$TMP/raw.log" \
	"missing ifindex refused, naming the attribute"
check grep -q "ifindex 0: -34 integer out of range" "$TMP/raw.log" "ifindex 0 refused with a message"
check grep -q "role 7: -34 integer out of range" "$TMP/raw.log" "role out of range refused with a message"
check grep -q "router 0.0.0.0: -22 a router must have a unicast IPv4 address" "$TMP/raw.log" \
	"router 0.0.0.0 refused with the reason"
check not grep -q "no message" "$TMP/raw.log" "every refusal has a message"

# Attributes only replies carry (counters, the list's length, the local
# address, which only ip link sets) are refused in requests, with a
# message, pointing at the attribute; never ignored.
in_ns a python3 - "$IPT6_TOP/selftests" <<'PY' >"$TMP/reply-only.log" 2>&1
import socket, struct, sys
sys.path.insert(0, sys.argv[1])
from ipt6nl import Genl, attr, nest, u32, uapi_numbers
n = uapi_numbers()
A = lambda name: n["IPT6_A_ISATAP_" + name]
g = Genl()
ifx = attr(A("IFINDEX"), u32(socket.if_nametoindex("isa0")))
stats = nest(A("STATS"), attr(A("STATS_RX_PACKETS"), struct.pack("Q", 1)))
count = attr(A("PRL_COUNT"), u32(3))
rtr = attr(A("ROUTER"), socket.inet_aton("10.0.0.1"))
cases = [
    # name, command, dump, attributes, path to the offending attribute
    ("isatap-get dump with stats", "ISATAP_GET", 1, [stats], [A("STATS")]),
    ("isatap-get dump with prl-count", "ISATAP_GET", 1, [count], [A("PRL_COUNT")]),
    ("isatap-get with an ifname", "ISATAP_GET", 0,
     [ifx, attr(A("IFNAME"), b"isa0\0")], [A("IFNAME")]),
    ("isatap-set with a local address", "ISATAP_SET", 0,
     [ifx, attr(A("LOCAL"), socket.inet_aton("10.0.0.9"))], [A("LOCAL")]),
    ("isatap-set with prl-count", "ISATAP_SET", 0, [ifx, count], [A("PRL_COUNT")]),
    ("isatap-set with stats", "ISATAP_SET", 0, [ifx, stats], [A("STATS")]),
    ("isatap-prl-add with stats", "ISATAP_PRL_ADD", 0, [ifx, rtr, stats], [A("STATS")]),
    ("isatap-prl-get dump with a router", "ISATAP_PRL_GET", 1, [ifx, rtr], [A("ROUTER")]),
]
for name, cmd, dump, attrs, want in cases:
    err, msg, path = g.refusal(n["IPT6_CMD_" + cmd], attrs, dump)
    print("%s: %d %s; %s" % (name, err, msg or "(no message)",
                             "names it" if path == want else "points at %s" % path))
PY
log "$(cat "$TMP/reply-only.log")"
while IFS= read -r line; do
	check grep -q "^[^:]*: -22 [^(;][^;]*; names it$" <<<"$line" "refused, naming the attribute: $line"
done <"$TMP/reply-only.log"
check [ "$(grep -c ': -22 ' "$TMP/reply-only.log")" -eq 8 ] "all 8 reply-only cases answered"
check [ -z "$(in_ns a ipt6ctl isatap-prl isa0)" ] "the router list still empty"
check grep -q "link/sit 10.0.0.2" <(ip -n a link show isa0) "address unchanged"

# Names: the supervisor lists every address of a name from /etc/hosts (in
# a private mount namespace) and follows it when it changes.
printf '10.0.0.1 isatap-rtr.corp.test\n10.0.0.7 isatap-rtr.corp.test\n' >"$TMP/hosts"
bg a sup unshare -m sh -c "mount --bind '$TMP/hosts' /etc/hosts &&
	exec ipt6ctl isatap isa0 --router isatap-rtr.corp.test --router 10.0.0.9 --refresh 1"
check busywait 5000 sh -c "[ \"\$(ip netns exec a ipt6ctl isatap-prl isa0 | sort | tr '\n' ' ')\" = '10.0.0.1 10.0.0.7 10.0.0.9 ' ]" \
	"list from a name (two addresses) and an address"
printf '10.0.0.8 isatap-rtr.corp.test\n' >"$TMP/hosts"
check busywait 5000 sh -c "[ \"\$(ip netns exec a ipt6ctl isatap-prl isa0 | sort | tr '\n' ' ')\" = '10.0.0.8 10.0.0.9 ' ]" \
	"name resolved again: old addresses left, new one joined"
check busywait 5000 grep -q "router solicitation to 10.0.0.8 (fe80::5efe:a00:8)" "$TMP/sup.log" \
	"solicitation to the new router's ISATAP link-local address"
check grep -q "router 10.0.0.1 left the list" "$TMP/sup.log" "change logged"
log "$(cat "$TMP/sup.log")"

# A global IPv4 address sets the "u" bit: fe80::200:5efe:a.b.c.d, for the
# device's own link-local address and for the routers it solicits.
setup_ns g
ip -n g link add d0 type dummy
ip -n g addr add 11.0.0.2/24 dev d0
ip -n g link set d0 up
ip -n g link add isa0 address 11.0.0.2 type isatap
ip -n g link set isa0 up
check busywait 5000 has_addr g isa0 fe80::200:5efe:b00:2 "link-local fe80::200:5efe:11.0.0.2"
bg g gsup ipt6ctl isatap isa0 --router 11.0.0.1 --router 10.0.0.1
check busywait 5000 grep -q "router solicitation to 11.0.0.1 (fe80::200:5efe:b00:1)" \
	"$TMP/gsup.log" "global router solicited at fe80::200:5efe:11.0.0.1"
check grep -q "router solicitation to 10.0.0.1 (fe80::5efe:a00:1)" "$TMP/gsup.log" \
	"private router solicited at fe80::5efe:10.0.0.1"

# Unloading with a live ISATAP device and a router list removes both.
kill "$gsup_pid"; wait "$gsup_pid" 2>/dev/null
kill "$sup_pid"; wait "$sup_pid" 2>/dev/null
in_ns a ipt6ctl isatap-prl isa0 add 10.0.0.1
check rmmod ipt6 "rmmod with a live ISATAP device"
check not ip -n a link show isa0 2>/dev/null "device gone with the module"
check insmod "$IPT6_TOP/ipt6.ko" "insmod again"

for c in isatap isatap-prl isatap-set; do
	ipt6ctl "$c" --help | grep -q "^Usage: ipt6ctl $c" || fail "$c --help"
done
ok "--help on the ISATAP subcommands"
exit $ret
