#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# No plaintext leaves: a marker sent through the tunnel shows in a
# capture of iph0 (so the capture would see it) but not in a capture of
# the veth that carries the TLS stream.
source "$(dirname "$0")/../lib.sh"
setup_pair
make_certs
check tunnel_up "tunnel up"
marker=IPT6-PLAINTEXT-MARKER-$RANDOM$RANDOM

in_ns srv tcpdump -U -n -i veth-s -w "$TMP/veth.pcap" 2>/dev/null &
_pids+=($!)
in_ns srv tcpdump -U -n -i iph0 -w "$TMP/iph0.pcap" 2>/dev/null &
_pids+=($!)
sleep 2
in_ns srv socat -u TCP6-LISTEN:7000,reuseaddr OPEN:"$TMP/got",creat &
rx=$!
busywait 5000 listening srv 7000
for i in $(seq 50); do echo "$marker $i"; done |
	in_ns cli socat -u - TCP6:[2001:db8:1::1]:7000
wait $rx
sleep 2
kill "${_pids[@]: -2}" 2>/dev/null; sleep 1

check grep -q "$marker" "$TMP/got" "marker arrived through the tunnel"
check grep -aq "$marker" "$TMP/iph0.pcap" "marker visible in the iph0 capture"
check [ "$(tcpdump -r "$TMP/veth.pcap" -n 'tcp port 443' 2>/dev/null | wc -l)" -gt 10 ] \
	"TLS stream captured on the veth"
check not grep -aq "$marker" "$TMP/veth.pcap" "marker absent from the veth capture"
check not grep -aq "IPT6-PLAINTEXT" "$TMP/veth.pcap" "no part of it either"
exit $ret
