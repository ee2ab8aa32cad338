#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made IPv6-in-IPv4 (protocol 41) packets, outer source included.

  isatap-inject.py OUTER-SRC OUTER-DST INNER-SRC INNER-DST [echo|ra|rs] [COUNT]

echo: ICMPv6 echo requests, hop limit 64.  ra: router advertisements of
2001:db8:66::/64 with router lifetime 1800, hop limit 255.  rs: router
solicitations, hop limit 255.  A raw IPv4
socket with IP_HDRINCL lets the test pose as any IPv4 source.
"""
import socket
import struct
import sys


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def icmpv6(src, dst, msg):
    pseudo = src + dst + struct.pack("!I3xB", len(msg), 58)
    c = checksum(pseudo + msg)
    return msg[:2] + struct.pack("!H", c) + msg[4:]


def message(kind, seq):
    if kind == "echo":
        return struct.pack("!BBHHH", 128, 0, 0, 0x4953, seq) + b"isatap" * 8
    if kind == "rs":
        return struct.pack("!BBHI", 133, 0, 0, 0)
    ra = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 1800, 0, 0)
    prefix = socket.inet_pton(socket.AF_INET6, "2001:db8:66::")
    pio = struct.pack("!BBBBIII", 3, 4, 64, 0xC0, 86400, 14400, 0) + prefix
    return ra + pio


def main():
    osrc, odst, isrc, idst = sys.argv[1:5]
    kind = sys.argv[5] if len(sys.argv) > 5 else "echo"
    count = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    s6 = socket.inet_pton(socket.AF_INET6, isrc)
    d6 = socket.inet_pton(socket.AF_INET6, idst)
    hlim = 64 if kind == "echo" else 255
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    for seq in range(count):
        msg = icmpv6(s6, d6, message(kind, seq))
        v6 = struct.pack("!IHBB", 6 << 28, len(msg), 58, hlim) + s6 + d6 + msg
        v4 = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(v6), seq, 0x4000,
                         64, 41, 0, socket.inet_aton(osrc),
                         socket.inet_aton(odst))
        v4 = v4[:10] + struct.pack("!H", checksum(v4)) + v4[12:]
        sock.sendto(v4 + v6, (odst, 0))


if __name__ == "__main__":
    main()
