#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: an IP-HTTPS server and a client in two network namespaces,
# one tunnel over kernel TLS, pings both ways, then the status of both.
set -u
source "$(dirname "$0")/lib.sh"
step() { printf '\n== %s\n' "$*"; }
result() { if "$@"; then echo "   -> ok"; else echo "   -> FAILED"; ret=1; fi; }

modprobe -a tls tunnel4 && { grep -q '^ipt6 ' /proc/modules || insmod "$IPT6_TOP/ipt6.ko"; }
step "Two hosts joined by a veth: server 192.0.2.1, client 192.0.2.2"
result setup_pair
step "A test CA and a server certificate for vpn.test"
result make_certs
step "iph0 on both; ipt6ctl server on :443; ipt6ctl client to https://vpn.test/IPHTTPS"
result tunnel_up
sed 's/^/   /' "$TMP/server.log" "$TMP/client.log"
step "ping6 client -> server 2001:db8:1::1 over the tunnel"
result in_ns cli ping -6 -c 3 -i 0.2 -W 5 2001:db8:1::1
step "ping6 server -> client 2001:db8:1::2"
result in_ns srv ping -6 -c 3 -i 0.2 -W 5 2001:db8:1::2
step "ipt6ctl show on the client"
in_ns cli ipt6ctl show
step "ipt6ctl show on the server"
in_ns srv ipt6ctl show
echo
[ $ret -eq 0 ] && echo "demo: all steps passed" || echo "demo: some steps FAILED"
exit $ret
