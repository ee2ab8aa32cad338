#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The attach command validates the socket: plain TCP without kTLS, kTLS in
# one direction only, UDP, a listening socket, a closed fd, a file, a
# socket from another namespace, a socket attached twice, a second peer on
# a client: each refused with a message that says why.  Session ids: a
# wrong length or a client's peer refused; a server's second peer of one
# session replaces the first and closes its connection.
source "$(dirname "$0")/../lib.sh"
setup_ns a b
ip -n a link add iph0 type iphttps
ip -n a link set iph0 up
ip -n a link add iph1 type iphttps
in_ns a ipt6ctl set iph1 role server
ip -n a link set iph1 up
in_ns b python3 -c 'import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 9)); s.listen(); time.sleep(60)' &
_pids+=($!)
busywait 5000 listening b 9

in_ns a python3 - "$IPT6_TOP/tools/ipt6ctl" <<'PY'
import os, socket, struct, subprocess, sys
ctl = sys.argv[1]
SOL_TLS, TLS_TX, TLS_RX, TCP_ULP = 282, 1, 2, 31
failed = 0

def ktls(sock, *dirs):
    sock.setsockopt(socket.SOL_TCP, TCP_ULP, b"tls")
    # struct tls12_crypto_info_aes_gcm_128: version, cipher, iv, key, salt, seq
    info = struct.pack("=HH8s16s4s8s", 0x0303, 51, b"\1" * 8, b"\2" * 16,
                       b"\3" * 4, b"\0" * 8)
    for d in dirs:
        sock.setsockopt(SOL_TLS, d, info)

def attach(fd, want, what, ok=False, closed=False, dev="iph0"):
    global failed
    r = subprocess.run([ctl, "attach", dev, str(fd)], capture_output=True,
                       text=True, pass_fds=[] if closed else [fd])
    good = (r.returncode == 0) if ok else (r.returncode == 1 and want in r.stderr)
    print(("ok: " if good else "FAIL: ") + what + ": " + (r.stderr or r.stdout).strip())
    failed |= not good

srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen()
def pair():
    c = socket.create_connection(srv.getsockname()); s, _ = srv.accept()
    return c, s

c, s = pair()
attach(c.fileno(), "no kernel TLS in both directions", "plain TCP without kTLS")
c, s = pair(); ktls(c, TLS_TX)
attach(c.fileno(), "no kernel TLS in both directions", "kTLS sending only")
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
attach(u.fileno(), "not a TCP socket", "UDP socket")
attach(srv.fileno(), "not connected", "listening socket")
attach(77, "not an open socket", "closed fd", closed=True)
f = os.open("/dev/null", os.O_RDONLY)
attach(f, "not an open socket", "a file, not a socket")

# Both directions configured: accepted (the keys match nothing, which the
# kernel cannot know); the same socket again is in use; a client has one peer.
c, s = pair(); ktls(c, TLS_TX, TLS_RX)
attach(c.fileno(), "", "socket with kTLS both ways accepted", ok=True,
       dev="iph1")
attach(c.fileno(), "in use", "the same socket twice", dev="iph1")
attach(c.fileno(), "in use", "the same socket on another device")
c2, s2 = pair(); ktls(c2, TLS_TX, TLS_RX)
attach(c2.fileno(), "", "first peer on a client", ok=True)
c3, s3 = pair(); ktls(c3, TLS_TX, TLS_RX)
attach(c3.fileno(), "one peer", "second peer on a client")

sys.path.insert(0, os.path.dirname(os.path.dirname(ctl)) + "/selftests")
from ipt6nl import Genl, attr, nest, s32, u32, uapi_numbers
n = uapi_numbers()
nl = Genl()

def peer_new(dev, fd, session):
    return nl.call(n["IPT6_CMD_PEER_NEW"], [
        attr(n["IPT6_A_DEV_IFINDEX"], u32(socket.if_nametoindex(dev))),
        nest(n["IPT6_A_DEV_PEER"], attr(n["IPT6_A_PEER_SOCKFD"], s32(fd)),
             attr(n["IPT6_A_PEER_SESSION"], session))])

def expect(got, want, what):
    global failed
    good = got[0] == want[0] and want[1] in got[1]
    print(("ok: " if good else "FAIL: ") + what + ": %d %s" % got)
    failed |= not good

c4, s4 = pair(); ktls(c4, TLS_TX, TLS_RX)
expect(peer_new("iph1", c4.fileno(), b"\1" * 15),
       (-34, "binary attribute size out of range"), "session id of 15 bytes")
expect(peer_new("iph0", c4.fileno(), b"\1" * 16),
       (-22, "only a server's peers have session ids"), "session id on a client")
expect(peer_new("iph1", c4.fileno(), b"\1" * 16), (0, ""),
       "a server's peer with a session id")
c5, s5 = pair(); ktls(c5, TLS_TX, TLS_RX)
expect(peer_new("iph1", c5.fileno(), b"\1" * 16), (0, ""),
       "another peer of the same session")
s4.settimeout(10)
closed = s4.recv(1) == b""
print(("ok: " if closed else "FAIL: ") + "the replaced peer's connection is closed")
failed |= not closed
# An attach that fails (the socket is in use) must not replace the live
# peer of its session: the take-over comes only after a good attach.
expect(peer_new("iph1", c5.fileno(), b"\1" * 16), (-16, "in use"),
       "a socket in use, with the session of a live peer")
s5.settimeout(1)
try:
    alive = s5.recv(1) != b""
except socket.timeout:
    alive = True
print(("ok: " if alive else "FAIL: ") +
      "the live peer of that session is not replaced by the failed attach")
failed |= not alive
sys.exit(1 if failed else 0)
PY
check [ $? -eq 0 ] "invalid sockets refused"

# A socket of another network namespace.
out=$(in_ns b python3 - "$IPT6_TOP/tools/ipt6ctl" <<'PY'
import socket, subprocess, sys
s = socket.create_connection(("127.0.0.1", 9))
r = subprocess.run(["ip", "netns", "exec", "a", sys.argv[1], "attach", "iph0",
                    str(s.fileno())], pass_fds=[s.fileno()], capture_output=True, text=True)
print(r.returncode, r.stderr.strip())
PY
)
log "$out"
check grep -q "^1 .*another network namespace" <<<"$out" "socket from another namespace refused"
# The script's exit closed the far ends: the kernel saw FIN and detached.
for d in iph0 iph1; do
	check busywait 5000 sh -c "ip netns exec a ipt6ctl show $d | grep -q 'Peers           : 0'" \
		"$d: peer detached when its connection closed"
done
exit $ret
