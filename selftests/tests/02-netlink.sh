#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The generic netlink family: ipt6ctl show lists devices (human and JSON),
# bad requests get clear errors, unprivileged callers are refused.
source "$(dirname "$0")/../lib.sh"

setup_ns a
ip -n a link add iph0 type iphttps
ip -n a link add iph1 type iphttps
ip -n a link add dummy0 type dummy

out=$(in_ns a ipt6ctl show)
log "$out"
check grep -q "^Interface iph0 (iphttps)" <<<"$out" "show lists iph0"
check grep -q "^Interface iph1 (iphttps)" <<<"$out" "show lists iph1"
check grep -q "Role            : client" <<<"$out" "default role client"
check grep -q "Interface status: idle" <<<"$out" "status idle"
check not grep -q dummy0 <<<"$out" "other devices not listed"

json=$(in_ns a ipt6ctl show --json)
check python3 -c '
import json, sys
d = json.loads(sys.argv[1])["devices"]
assert sorted(x["ifname"] for x in d) == ["iph0", "iph1"], d
for x in d:
    for k in ("ifindex", "kind", "role", "url", "status", "last_error", "stats", "peers"):
        assert k in x, k
    assert x["stats"]["rx_packets"] == 0
' "$json" "show --json is valid JSON with stable keys"

check in_ns a ipt6ctl set iph1 role server "set role server"
check grep -q "Role            : server" <(in_ns a ipt6ctl show iph1) "show iph1 says server"
ip -n a link set iph1 up
check carrier a iph1 1 "server carrier up when up"

out=$(in_ns a ipt6ctl show dummy0 2>&1)
check [ $? -ne 0 ] "show of a non-ipt6 device fails"
check grep -q "not an ipt6 device" <<<"$out" "... saying so: $out"
out=$(in_ns a ipt6ctl show nosuch 2>&1)
check grep -q "no network device named 'nosuch'" <<<"$out" "unknown device named"
out=$(in_ns a ipt6ctl detach iph0 77 2>&1)
check grep -q "no peer with this id" <<<"$out" "detach of unknown peer: $out"
out=$(in_ns a ipt6ctl set iph0 role router 2>&1)
check [ $? -eq 2 ] "bad role is a usage error"

# Unprivileged callers: refused, with the reason.
nobody() { in_ns a setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all --bounding-set=-all "$@"; }
out=$(nobody "$IPT6_TOP/tools/ipt6ctl" show 2>&1)
check [ $? -ne 0 ] "unprivileged show refused"
check grep -q "CAP_NET_ADMIN" <<<"$out" "... naming CAP_NET_ADMIN: $out"
out=$(nobody "$IPT6_TOP/tools/ipt6ctl" set iph0 role server 2>&1)
check [ $? -ne 0 ] "unprivileged set refused"
check grep -q "permission denied" <<<"$out" "... permission denied"
check grep -q "Role            : client" <(in_ns a ipt6ctl show iph0) "role unchanged"

# The peers group carries clients' addresses and counters: only
# CAP_NET_ADMIN may join it (root can, as ipt6ctl monitor does).
join_peers='import sys; sys.path.insert(0, sys.argv[1])
from ipt6nl import Genl
g = Genl()
try:
    g.join(g.mcast_group("ipt6", "peers"))
    print("joined")
except PermissionError:
    print("refused")'
out=$(nobody python3 -c "$join_peers" "$IPT6_TOP/selftests" 2>&1)
check [ "$out" = refused ] "unprivileged join of the peers group refused: $out"
out=$(in_ns a python3 -c "$join_peers" "$IPT6_TOP/selftests" 2>&1)
check [ "$out" = joined ] "root joins the peers group: $out"

# A refused dev-set changes nothing: role server with a link-local prefix.
out=$(in_ns a python3 - "$IPT6_TOP/selftests" <<'PY'
import socket, sys
sys.path.insert(0, sys.argv[1])
from ipt6nl import Genl, attr, u32, uapi_numbers
n = uapi_numbers()
g = Genl()
print(*g.call(n["IPT6_CMD_DEV_SET"], [
    attr(n["IPT6_A_DEV_IFINDEX"], u32(socket.if_nametoindex("iph0"))),
    attr(n["IPT6_A_DEV_ROLE"], u32(n["IPT6_ROLE_SERVER"])),
    attr(n["IPT6_A_DEV_PREFIX"], socket.inet_pton(socket.AF_INET6, "fe80::"))]))
PY
)
check grep -q "^-22 prefix must be global" <<<"$out" "dev-set with a bad prefix refused: $out"
check grep -q "Role            : client" <(in_ns a ipt6ctl show iph0) \
	"... and the role it asked for is not applied"

# Every subcommand documents itself.
for c in show client server set attach detach monitor nat64 up down; do
	ipt6ctl "$c" --help | grep -q "^Usage: ipt6ctl $c" || fail "$c --help"
done
ok "--help on every subcommand"
exit $ret
