#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A stand-in for what sits in front of an IP-HTTPS server: a TLS server
that reads the request head and then answers it with a fixed status (as a
layer-7 balancer answering 400 or 501), or never answers (as one that
buffers the endless request body).  For ipt6ctl diagnose tests.

    ipt6-fakehttps.py ADDR PORT CERT KEY STATUS|stall
"""
import socket
import ssl
import sys
import threading

REASONS = {400: "Bad Request", 501: "Not Implemented", 502: "Bad Gateway"}


def serve(conn, mode):
    try:
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 8192:
            data = conn.recv(4096)
            if not data:
                return
            head += data
        print("request:", head.split(b"\r\n")[0].decode(errors="replace"),
              flush=True)
        if mode == "stall":
            threading.Event().wait()
        status = int(mode)
        conn.sendall(("HTTP/1.1 %d %s\r\nContent-Length: 0\r\n"
                      "Connection: close\r\n\r\n" %
                      (status, REASONS.get(status, "Error"))).encode())
    except OSError as e:
        print("connection:", e, flush=True)
    finally:
        conn.close()


def main():
    addr, port, cert, key, mode = sys.argv[1:6]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    lsock = socket.create_server((addr, int(port)))
    print("listening", flush=True)
    while True:
        raw, _ = lsock.accept()
        try:
            conn = ctx.wrap_socket(raw, server_side=True)
        except (OSError, ssl.SSLError) as e:
            print("handshake:", e, flush=True)
            raw.close()
            continue
        threading.Thread(target=serve, args=(conn, mode), daemon=True).start()


if __name__ == "__main__":
    main()
