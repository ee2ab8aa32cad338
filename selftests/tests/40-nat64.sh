#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ipt6ctl nat64: RFC 6052 section 2.4's example table both ways, for all
# six prefix lengths; the Well-Known Prefix; every refusal with its reason.
# Needs no kernel, but runs with the suite like every other test.
source "$(dirname "$0")/../lib.sh"

# RFC 6052 section 2.4: prefix, IPv4 address, IPv4-embedded IPv6 address.
table=(
	"2001:db8::/32 192.0.2.33 2001:db8:c000:221::"
	"2001:db8:100::/40 192.0.2.33 2001:db8:1c0:2:21::"
	"2001:db8:122::/48 192.0.2.33 2001:db8:122:c000:2:2100::"
	"2001:db8:122:300::/56 192.0.2.33 2001:db8:122:3c0:0:221::"
	"2001:db8:122:344::/64 192.0.2.33 2001:db8:122:344:c0:2:2100::"
	"2001:db8:122:344::/96 192.0.2.33 2001:db8:122:344::192.0.2.33"
	# A /96 network-specific prefix with a private IPv4, as a DirectAccess
	# server uses for its intranet.
	"fd03:b402:e10c:7777::/96 172.16.1.225 fd03:b402:e10c:7777::ac10:1e1"
	# The Well-Known Prefix, in RFC 5952 section 5's mixed notation;
	# 192.88.99.0/24 (6to4 relay anycast) is globally routed.
	"64:ff9b::/96 8.8.8.8 64:ff9b::8.8.8.8"
	"64:ff9b::/96 192.88.99.1 64:ff9b::192.88.99.1"
)
# The RFC 5952 text of each IPv6 address, to compare the RFC's table
# (written before RFC 5952) with what ipt6ctl prints.  One python run:
# it starts slowly in the emulated test machine.
mapfile -t canon < <(python3 -c '
import ipaddress, sys
for row in sys.argv[1:]:
    print(ipaddress.ip_address(row.split()[2]))' "${table[@]}")
check [ ${#canon[@]} -eq ${#table[@]} ] "canonical forms of the table"
for i in "${!table[@]}"; do
	read -r pfx v4 v6 <<<"${table[$i]}"
	out=$(ipt6ctl nat64 "$pfx" "$v4" 2>&1)
	want=${canon[$i]}
	[ "$pfx" = 64:ff9b::/96 ] && want=$v6
	check [ "$out" = "$want" ] "embed $v4 in $pfx: $out"
	out=$(ipt6ctl nat64 "$pfx" "$v6" 2>&1)
	check [ "$out" = "$v4" ] "extract from $v6: $out"
	[ "${canon[$i]}" = "$v6" ] && continue
	out=$(ipt6ctl nat64 "$pfx" "${canon[$i]}" 2>&1)
	check [ "$out" = "$v4" ] "extract from ${canon[$i]}: $out"
done

# The suffix (bits after the IPv4 address) is ignored when reading.
out=$(ipt6ctl nat64 2001:db8::/32 2001:db8:c000:221:0:ff:1:2 2>&1)
check [ "$out" = 192.0.2.33 ] "suffix ignored: $out"
# All IPv4 bits go through each layout (u-octet skipped, nothing lost).
for pl in 32 40 48 56 64 96; do
	p=2001:db8::/$pl
	[ $pl = 96 ] && p=2001:db8:1:2::/96
	[ $pl = 64 ] && p=2001:db8:1:2::/64
	[ $pl = 56 ] && p=2001:db8:1:200::/56
	a=$(ipt6ctl nat64 "$p" 255.254.253.252)
	check [ "$(ipt6ctl nat64 "$p" "$a")" = 255.254.253.252 ] "/$pl round trip of 255.254.253.252 ($a)"
done

# refused EXIT-STATUS MESSAGE-PART ARGS...: the command fails with that
# status and names the reason.
refused() {
	local rc=$1 msg=$2 out
	shift 2
	out=$(ipt6ctl nat64 "$@" 2>&1)
	local got=$?
	check [ $got -eq "$rc" ] "nat64 $* refused (exit $got)"
	check grep -qF -- "$msg" <<<"$out" "... saying: $out"
}

for pl in 0 16 33 63 65 72 95 97 128; do
	refused 1 "prefix length /$pl is not allowed: RFC 6052 allows only 32, 40, 48, 56, 64 and 96" \
		"2001:db8::/$pl" 192.0.2.33
done
refused 1 "2001:db8::1/32 has bits set beyond its length /32" 2001:db8::1/32 192.0.2.33
refused 1 "(host bits); did you mean 2001:db8::/32?" 2001:db8::1/32 192.0.2.33
refused 1 "did you mean 2001:db8:100::/40?" 2001:db8:1ff::/40 192.0.2.33
refused 1 "2001:db8:1ff::/40 has bits set beyond its length /40" 2001:db8:1ff::/40 192.0.2.33
refused 1 "2001:db8:0:0:100::/64 has bits set beyond its length /64" 2001:db8:0:0:100::/64 192.0.2.33
refused 1 "bits 64-71 (the u-octet) of a /96 prefix must be zero" 2001:db8:0:0:100::/96 192.0.2.33
refused 1 "bits 64-71 (the u-octet) are 0x21, not zero" 2001:db8::/40 2001:db8:c0:2:2100::
refused 1 "bits 64-71 (the u-octet) are 0x01, not zero" 2001:db8::/32 2001:db8:c000:221:100::
refused 1 "2001:db9:c000:221:: is not under 2001:db8::/32" 2001:db8::/32 2001:db9:c000:221::
refused 1 "64:ff9c::808:808 is not under 64:ff9b::/96" 64:ff9b::/96 64:ff9c::808:808
refused 2 "the prefix needs its length" 2001:db8:: 192.0.2.33
refused 2 "'2001:db8::/x' is not an IPv6 prefix" 2001:db8::/x 192.0.2.33
refused 2 "'192.0.2.0/32' is not an IPv6 prefix" 192.0.2.0/32 192.0.2.33
refused 2 "'2001:db8::/32x' is not an IPv6 prefix" 2001:db8::/32x 192.0.2.33
refused 2 "'2001:db8::/+32' is not an IPv6 prefix" 2001:db8::/+32 192.0.2.33
refused 2 "'192.0.2' is neither an IPv4 nor an IPv6 address" 2001:db8::/32 192.0.2
refused 2 "Usage: ipt6ctl nat64" 2001:db8::/32

# Non-global IPv4 with the Well-Known Prefix (RFC 6052 section 3.1),
# one address from each range, both directions.
nonglobal=(
	"0.1.2.3 0.0.0.0/8 is 'this network'"
	"10.1.2.3 10.0.0.0/8 is private (RFC 1918)"
	"100.64.0.1 100.64.0.0/10 is shared address space"
	"127.0.0.1 127.0.0.0/8 is loopback"
	"169.254.1.1 169.254.0.0/16 is link-local"
	"172.31.255.255 172.16.0.0/12 is private (RFC 1918)"
	"192.0.0.8 192.0.0.0/24 is IETF protocol assignments"
	"192.0.2.33 192.0.2.0/24 is documentation, TEST-NET-1"
	"192.168.1.1 192.168.0.0/16 is private (RFC 1918)"
	"198.19.0.1 198.18.0.0/15 is benchmarking"
	"198.51.100.7 198.51.100.0/24 is documentation, TEST-NET-2"
	"203.0.113.9 203.0.113.0/24 is documentation, TEST-NET-3"
	"224.0.0.251 224.0.0.0/4 is multicast"
	"255.255.255.255 240.0.0.0/4 is reserved, or broadcast"
)
for row in "${nonglobal[@]}"; do
	v4=${row%% *}
	why=${row#* }
	refused 1 "$v4 is not a global IPv4 address: $why" 64:ff9b::/96 "$v4"
	refused 1 "the Well-Known Prefix 64:ff9b::/96 must not carry it" \
		64:ff9b::/96 "64:ff9b::$v4"
done
# The same addresses are fine under a Network-Specific Prefix.
out=$(ipt6ctl nat64 2001:db8:64::/96 10.1.2.3 2>&1)
check [ "$out" = 2001:db8:64::a01:203 ] "private IPv4 under an NSP: $out"
# Neighbours of the refused ranges are global and accepted.
for v4 in 11.0.0.0 100.128.0.0 172.32.0.0 198.20.0.0 223.255.255.255; do
	out=$(ipt6ctl nat64 64:ff9b::/96 "$v4" 2>&1)
	check [ "$out" = "64:ff9b::$v4" ] "$v4 is global: $out"
done

check grep -q "^Usage: ipt6ctl nat64" <(ipt6ctl nat64 --help) "nat64 --help"
exit $ret
