#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 50 MB through the tunnel, SHA-256 equal at both ends, for TLS 1.2 and
# 1.3 with AES-128-GCM, AES-256-GCM and ChaCha20-Poly1305; one run also
# in the server -> client direction.  Every combination is the real
# kTLS crypto in the kernel.
source "$(dirname "$0")/../lib.sh"
setup_pair
make_certs
size=${IPT6_TRANSFER_MB:-50}
head -c "${size}M" /dev/urandom >"$TMP/data"

for tls in 1.2 1.3; do
	for cipher in aes128-gcm aes256-gcm chacha20-poly1305; do
		what="TLS $tls $cipher"
		if ! tunnel_up --tls "$tls" --cipher "$cipher"; then
			fail "$what: tunnel up"; cat "$TMP/client.log"; tunnel_down; continue
		fi
		grep -h "connected" "$TMP/client.log"
		case $tls in 1.2) v=TLSv1.2;; 1.3) v=TLSv1.3;; esac
		check grep -q "($v, " "$TMP/client.log" "$what: negotiated $v"
		start=$(date +%s%N)
		check transfer cli srv 2001:db8:1::1 "$TMP/data" 5001 \
			"$what: $size MB client -> server, SHA-256 equal"
		ms=$((($(date +%s%N) - start) / 1000000))
		log "   ($((size * 1000 / (ms + 1))) MB/s under this VM)"
		if [ "$tls$cipher" = 1.3aes128-gcm ]; then
			check transfer srv cli 2001:db8:1::2 "$TMP/data" 5002 \
				"$what: $size MB server -> client, SHA-256 equal"
		fi
		check grep -q "Drops           : none" <(in_ns cli ipt6ctl show iph0) \
			"$what: no drops on the client"
		tunnel_down
	done
done
exit $ret
