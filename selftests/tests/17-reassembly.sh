#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stream reassembly under random splits: a TLS client writes 3000 IPv6/UDP
# packets of random sizes (48..1280 bytes) as one byte stream cut at random
# places, so packets straddle TLS records in every way.  The server device
# must deliver every packet intact and in order, and count them.
source "$(dirname "$0")/../lib.sh"
setup_pair
make_certs
p=$TMP/pki
n=3000
iph_up srv 2001:db8:1::1/64
bg srv server ipt6ctl server iph0 --listen 192.0.2.1:443 \
	--cert "$p/server.pem" --key "$p/server.key"
busywait 10000 listening srv 443

# The receiver: every datagram's payload is "seq:<n>:" and filler.
in_ns srv python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)  # SO_RCVBUFFORCE
s.bind(("2001:db8:1::1", 9999)); s.settimeout(20)
n, last, gaps, damaged = 0, -1, 0, 0
try:
    while last < int(sys.argv[1]) - 1:
        d = s.recv(2000)
        head, _, filler = d.partition(b":")[2].partition(b":")
        seq = int(head)
        gaps += seq != last + 1
        damaged += filler != bytes(len(filler))
        last, n = seq, n + 1
except socket.timeout:
    pass
print(n, gaps, damaged)
' $n >"$TMP/rx.out" &
rx=$!
sleep 1

# The sender: raw IPv6 packets, written in random-size pieces with flushes
# so that the TLS records (one per write) cut them anywhere.
python3 - $n <<'PY' >"$TMP/stream.bin"
import random, struct, socket, sys
random.seed(6)
src = socket.inet_pton(socket.AF_INET6, "2001:db8:1::2")
dst = socket.inet_pton(socket.AF_INET6, "2001:db8:1::1")
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff or 0xffff
out = bytearray()
for i in range(int(sys.argv[1])):
    body = ("seq:%d:" % i).encode()
    body += bytes(random.randint(0, 1280 - 48 - len(body)))
    ulen = 8 + len(body)
    udp = struct.pack("!HHHH", 5555, 9999, ulen, 0) + body
    pseudo = src + dst + struct.pack("!I3xB", ulen, 17)
    udp = udp[:6] + struct.pack("!H", csum(pseudo + udp)) + udp[8:]
    out += struct.pack("!IHBB", 6 << 28, ulen, 17, 64) + src + dst + udp
sys.stdout.buffer.write(out)
PY
python3 - "$TMP/stream.bin" <<'PY' | in_ns cli ipt6-tlspeer client https://vpn.test/IPHTTPS \
	--ca "$p/ca.pem" --connect 192.0.2.1 --mode send-stdin >/dev/null 2>"$TMP/peer.log" &
import random, sys, time
random.seed(17)
data = open(sys.argv[1], "rb").read()
i = 0
while i < len(data):
    k = random.choice([1, 2, 39, 40, 41, random.randint(1, 3000), random.randint(1, 20000)])
    sys.stdout.buffer.write(data[i:i + k]); sys.stdout.buffer.flush()
    i += k
    if random.random() < 0.05: time.sleep(0.001)
time.sleep(3)
PY
sender=$!
wait $rx
read -r got gaps damaged <"$TMP/rx.out"
kill $sender 2>/dev/null
log "received $got of $n packets: $gaps gaps, $damaged damaged"
log "$(in_ns srv ipt6ctl show iph0)"
log "$(in_ns srv nstat -az Udp6InErrors Udp6RcvbufErrors Ip6InDiscards 2>/dev/null)"
check [ "$got" = "$n" ] "all $n packets arrived"
check [ "$gaps" = 0 ] "in order, none missing"
check [ "$damaged" = 0 ] "none damaged"
check python3 -c '
import json, sys
d = json.loads(sys.argv[1])["devices"][0]["stats"]
assert d["rx_packets"] == '$n' and d["rx_drop_framing"] == 0, d
' "$(in_ns srv ipt6ctl show iph0 --json)" "device received exactly $n packets, no framing drops"
exit $ret
