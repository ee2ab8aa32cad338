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

# Requests take only what the caller may say: an attribute only replies
# carry (counters, the delete reason, a peer id in peer-new, a status in
# a dump...) is refused with a message, pointing at that attribute (its
# offset, resolved here to the path of attribute types); never ignored.
# The peer-new requests name /dev/null as the socket: were the attribute
# ignored, the refusal would be ENOTSOCK.
in_ns a python3 - "$IPT6_TOP/selftests" <<'PY' >"$TMP/reply-only.log" 2>&1
import os, socket, struct, sys
sys.path.insert(0, sys.argv[1])
from ipt6nl import Genl, attr, nest, u32, s32, uapi_numbers
n = uapi_numbers()
A = lambda name: n["IPT6_A_" + name]
u64 = lambda v: struct.pack("Q", v)
g = Genl()
ifx = attr(A("DEV_IFINDEX"), u32(socket.if_nametoindex("iph0")))
fd = attr(A("PEER_SOCKFD"), s32(os.open("/dev/null", os.O_RDONLY)))
pid = attr(A("PEER_ID"), u32(77))
stats = nest(A("PEER_STATS"), attr(A("STATS_RX_PACKETS"), u64(1)))
peer = lambda *a: nest(A("DEV_PEER"), *a)
P = A("DEV_PEER")
cases = [
    # name, command, dump, attributes, path to the offending attribute
    ("peer-new with peer stats", "PEER_NEW", 0, [ifx, peer(fd, stats)],
     [P, A("PEER_STATS")]),
    ("peer-new with a delete reason", "PEER_NEW", 0,
     [ifx, peer(fd, attr(A("PEER_DEL_REASON"), u32(0)))], [P, A("PEER_DEL_REASON")]),
    ("peer-new with a peer id", "PEER_NEW", 0, [ifx, peer(pid, fd)], [P, A("PEER_ID")]),
    ("peer-new with connected-time", "PEER_NEW", 0,
     [ifx, peer(fd, attr(A("PEER_CONNECTED_TIME"), u64(5)))],
     [P, A("PEER_CONNECTED_TIME")]),
    ("peer-new with a remote address", "PEER_NEW", 0,
     [ifx, peer(fd, attr(A("PEER_REMOTE_IPV4"), socket.inet_aton("192.0.2.1")))],
     [P, A("PEER_REMOTE_IPV4")]),
    ("peer-new with a client address", "PEER_NEW", 0,
     [ifx, peer(fd, attr(A("PEER_ADDRESS"), socket.inet_pton(socket.AF_INET6, "2001:db8::1")))],
     [P, A("PEER_ADDRESS")]),
    ("peer-del with a delete reason", "PEER_DEL", 0,
     [ifx, peer(pid, attr(A("PEER_DEL_REASON"), u32(0)))], [P, A("PEER_DEL_REASON")]),
    ("peer-del with peer stats", "PEER_DEL", 0, [ifx, peer(pid, stats)],
     [P, A("PEER_STATS")]),
    ("peer-del with a socket", "PEER_DEL", 0, [ifx, peer(pid, fd)], [P, A("PEER_SOCKFD")]),
    ("dev-get dump with a status", "DEV_GET", 1, [attr(A("DEV_STATUS"), u32(2))],
     [A("DEV_STATUS")]),
    ("dev-get dump with stats", "DEV_GET", 1,
     [nest(A("DEV_STATS"), attr(A("STATS_RX_PACKETS"), u64(1)))], [A("DEV_STATS")]),
    ("dev-get with a last error", "DEV_GET", 0,
     [ifx, attr(A("DEV_LAST_ERROR"), u32(3))], [A("DEV_LAST_ERROR")]),
    ("dev-set with npeers", "DEV_SET", 0, [ifx, attr(A("DEV_NPEERS"), u32(3))],
     [A("DEV_NPEERS")]),
    ("dev-set with stats", "DEV_SET", 0,
     [ifx, nest(A("DEV_STATS"), attr(A("STATS_RX_PACKETS"), u64(1)))], [A("DEV_STATS")]),
    ("dev-set with a kind", "DEV_SET", 0, [ifx, attr(A("DEV_KIND"), b"dummy\0")],
     [A("DEV_KIND")]),
    ("peer-get dump with a peer", "PEER_GET", 1, [ifx, peer(pid)], [P]),
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
check [ "$(grep -c ': -22 ' "$TMP/reply-only.log")" -eq 16 ] "all 16 reply-only cases answered"
check grep -q "Role            : client" <(in_ns a ipt6ctl show iph0) "iph0 unchanged by them"
check grep -q "Interface status: idle" <(in_ns a ipt6ctl show iph0) "... status still idle"

# Every subcommand documents itself.
for c in show client server set attach detach monitor nat64 up down; do
	ipt6ctl "$c" --help | grep -q "^Usage: ipt6ctl $c" || fail "$c --help"
done
ok "--help on every subcommand"
exit $ret
