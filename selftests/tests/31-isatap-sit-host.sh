#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Interop: a host on the kernel's own sit ISATAP mode (router list set with
# `ip tunnel prl`) and an ipt6 ISATAP router run by `ipt6ctl isatap --role
# router`.  sit sends no solicitation of its own, so rdisc6 sends one by
# unicast; the router answers with its prefix; the sit host's kernel
# configures itself from that answer; pings both ways, and through the
# router to a node behind it.
source "$(dirname "$0")/../lib.sh"
source "$IPT6_TOP/selftests/isatap-lib.sh"
command -v rdisc6 >/dev/null || { echo "rdisc6 not installed"; exit "$KSFT_SKIP"; }

isatap_lan r:1 h:2
isatap_far r

# The router: ipt6 ISATAP device, prefix 2001:db8:7::/64.
check ip -n r link add isa0 address 10.0.0.1 type isatap "ip link add type isatap"
# A prefix with host bits is refused (it was masked silently), naming the
# prefix probably meant.
out=$(in_ns r ipt6ctl isatap isa0 --role router --prefix 2001:db8:7::1/64 2>&1)
check [ $? -eq 2 ] "router prefix with host bits refused (exit 2)"
check grep -qF "ipt6ctl: --prefix 2001:db8:7::1/64 has bits set beyond its length /64 (host bits); did you mean 2001:db8:7::/64?" \
	<<<"$out" "... naming the prefix meant: $out"
bg r router ipt6ctl isatap isa0 --role router --prefix 2001:db8:7::/64
check busywait 5000 has_addr r isa0 2001:db8:7::5efe:a00:1 "router address PREFIX::5efe:10.0.0.1"

# The host: sit in ISATAP mode with the router in its list.
ip -n h tunnel add is0 mode isatap local 10.0.0.2 ttl 64
ip -n h tunnel prl prl-default 10.0.0.1 dev is0
ip -n h link set is0 up
check busywait 5000 has_addr h is0 fe80::5efe:a00:2 "sit host link-local"
out=$(in_ns h rdisc6 -1 -w 3000 fe80::5efe:a00:1 is0 2>&1)
log "$out"
check grep -q "2001:db8:7::/64" <<<"$out" "unicast RS answered with the prefix"
check busywait 10000 has_addr h is0 2001:db8:7::5efe:a00:2 "sit host SLAAC address"
check busywait 5000 has_route h default via fe80::5efe:a00:1 dev is0 \
	"sit host default route via the ipt6 router"
check grep -q "router advertisement of 2001:db8:7::/64 to fe80::5efe:a00:2" \
	"$TMP/router.log" "router logged its answer"

check in_ns h ping -c 3 -i 0.2 -W 5 2001:db8:7::5efe:a00:1 "ping sit host -> router"
check in_ns r ping -c 3 -i 0.2 -W 5 2001:db8:7::5efe:a00:2 "ping router -> sit host"
check in_ns h ping -c 3 -i 0.2 -W 5 2001:db8:ff::2 "ping sit host -> node behind the router"
check in_ns far ping -c 3 -i 0.2 -W 5 2001:db8:7::5efe:a00:2 "ping node behind the router -> sit host"

# A flood of solicitations gets 100 answers at once, then 50 a second;
# the router reports the rest, once a second.
answers() { grep -c "router advertisement of .* to fe80::5efe:a00:2" "$TMP/router.log"; }
unanswered() {
	sed -n 's/.*solicitations left unanswered: \([0-9]*\).*/\1/p' \
		"$TMP/router.log" | awk '{ n += $1 } END { print n + 0 }'
}
before=$(answers)
start=$(date +%s%N)
in_ns h python3 "$IPT6_TOP/selftests/isatap-inject.py" 10.0.0.2 10.0.0.1 \
	fe80::5efe:a00:2 fe80::5efe:a00:1 rs 1000
check busywait 10000 eval '[ "$(unanswered)" -ge 500 ]' \
	"the router reports most of 1000 solicitations as left unanswered"
sent=$(($(answers) - before))
secs=$((($(date +%s%N) - start) / 1000000000 + 1))
log "   $sent answered, $(unanswered) reported unanswered, in about $secs s"
check [ "$sent" -ge 100 ] "it answered the first 100"
check [ "$sent" -le $((100 + 50 * (secs + 1))) ] "and no more than 50 a second after those"
check [ "$((sent + $(unanswered)))" -le 1000 ] "answered and unanswered add up to at most 1000"

out=$(in_ns r ipt6ctl show isa0)
log "$out"
check grep -q "Role            : router" <<<"$out" "show: role router"
check [ "$(isatap_stat r isa0 rx_drop_spoof)" = 0 ] "no packet failed the source check"
check [ "$(isatap_stat r isa0 rx_packets)" -ge 12 ] "router counted the host's packets"
log "$(cat "$TMP/router.log")"
exit $ret
