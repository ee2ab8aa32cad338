#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 6in4 (a static protocol-41 tunnel to one fixed IPv4 remote, the tunnel
# broker case) is the kernel's sit: `ip tunnel add NAME mode sit remote A
# local B`.  It keeps working next to ipt6's ISATAP devices, even with the
# same local IPv4 address in one namespace: sit's handler runs first and
# takes the packets of its tunnels (remote b here), ipt6's takes the rest
# (from c).  The same pair of IPv4 addresses cannot carry both: sit has it.
source "$(dirname "$0")/../lib.sh"
source "$IPT6_TOP/selftests/isatap-lib.sh"

isatap_lan a:1 b:2 c:3
for n in a:1:2 b:2:1; do
	IFS=: read -r ns me peer <<<"$n"
	ip -n "$ns" tunnel add t6 mode sit local "10.0.0.$me" remote "10.0.0.$peer" ttl 64
	ip -n "$ns" addr add "2001:db8:64::$me/64" dev t6 nodad
	ip -n "$ns" link set t6 up
done
for n in a:1 c:3; do
	ip -n "${n%:*}" link add isa0 address "10.0.0.${n#*:}" type isatap
	ip -n "${n%:*}" link set isa0 up
done
check busywait 5000 has_addr a isa0 fe80::5efe:a00:1 "ISATAP link-local on a"
check busywait 5000 has_addr c isa0 fe80::5efe:a00:3 "ISATAP link-local on c"

check in_ns a ping -c 3 -i 0.2 -W 5 2001:db8:64::2 "6in4 (sit) a -> b"
check in_ns b ping -c 3 -i 0.2 -W 5 2001:db8:64::1 "6in4 (sit) b -> a"
check in_ns a ping -c 3 -i 0.2 -W 5 fe80::5efe:a00:3%isa0 \
	"ISATAP (ipt6) a -> c, a's ISATAP and 6in4 share 10.0.0.1"
check in_ns c ping -c 3 -i 0.2 -W 5 fe80::5efe:a00:1%isa0 "ISATAP (ipt6) c -> a"

# Each got its own packets: none of the 6in4 packets reached ISATAP (they
# would have failed its source check), and sit saw them.
check isatap_stat_is a isa0 rx_drop_spoof -eq 0 "ISATAP on a dropped nothing"
check isatap_stat_is a isa0 rx_packets -eq 6 "ISATAP on a received its 6 packets"
sit_rx=$(ip -n a -s -j link show t6 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["packets"])')
check [ "$sit_rx" -ge 6 ] "sit on a received the 6in4 packets ($sit_rx)"
exit $ret
