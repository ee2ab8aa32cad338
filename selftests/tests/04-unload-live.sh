#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# rmmod with everything live: an IP-HTTPS server and client tunnel (both
# roles in this kernel) with ping floods both ways and a TCP stream, and
# an ipt6 ISATAP router and host with ping floods both ways.  rmmod must
# succeed within seconds while the traffic flows, take every device with
# it, and the userspace tools must say in words what happened.  The
# module is loaded again at the end (later tests need it), and works.
source "$(dirname "$0")/../lib.sh"
source "$IPT6_TOP/selftests/isatap-lib.sh"
ko=$IPT6_TOP/ipt6.ko
# Seconds rmmod may take: 4-8 s were seen under TCG with the floods
# keeping both emulated CPUs busy.
limit=$(scaled 20)

setup_pair
make_certs
check tunnel_up "IP-HTTPS tunnel up"
check in_ns cli ping -6 -c 2 -W 5 2001:db8:1::1 "ping client -> server"

isatap_lan r:1 h:2
ip -n r link add isa0 address 10.0.0.1 type isatap
bg r router ipt6ctl isatap isa0 --role router --prefix 2001:db8:7::/64
ip -n h link add isa0 address 10.0.0.2 type isatap
bg h host ipt6ctl isatap isa0 --router 10.0.0.1
check busywait "$(scaled 20000)" has_addr h isa0 2001:db8:7::5efe:a00:2 \
	"ISATAP host configured its address from the ipt6 router"
check in_ns h ping -6 -c 2 -W 5 2001:db8:7::5efe:a00:1 "ping ISATAP host -> router"

# Traffic, all at once: floods both ways on both links, a TCP stream.
bg srv flood_s ping -6 -f -q 2001:db8:1::2
bg cli flood_c ping -6 -f -q 2001:db8:1::1
bg r flood_r ping -6 -f -q 2001:db8:7::5efe:a00:2
bg h flood_h ping -6 -f -q 2001:db8:7::5efe:a00:1
bg srv sink socat -u TCP6-LISTEN:5001,reuseaddr /dev/null
busywait 5000 listening srv 5001
bg cli source socat -u /dev/zero "TCP6:[2001:db8:1::1]:5001"

# rx_packets of device DEV in NS, from sysfs: cheap while floods load
# the emulated CPUs.
rx_of() { in_ns "$1" cat "/sys/class/net/$2/statistics/rx_packets"; }
flowing() {	# NS DEV: packets arrive on DEV
	local a b
	a=$(rx_of "$1" "$2") || return 1
	sleep 1
	b=$(rx_of "$1" "$2") || return 1
	log "   $1 $2: $((b - a)) packets in a second"
	[ "$b" -gt "$a" ]
}
sleep 2
check flowing srv iph0 "traffic into the server"
check flowing cli iph0 "traffic into the client"
check flowing r isa0 "traffic into the ISATAP router"
check flowing h isa0 "traffic into the ISATAP host"

start=$(date +%s%N)
timeout 60 rmmod ipt6
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check [ $rc -eq 0 ] "rmmod with live peers and traffic (${ms} ms)"
check [ $ms -le $((limit * 1000)) ] "rmmod took at most $limit s"
check not grep -q '^ipt6 ' /proc/modules "module gone"
left=""
for ns in srv cli r h; do
	left+=$(ip -n $ns -o link show type iphttps 2>/dev/null)
	left+=$(ip -n $ns -o link show type isatap 2>/dev/null)
done
check [ -z "$left" ] "no iphttps or isatap device left"
[ -n "$left" ] && log "$left"

# The tools say what happened.  The client loses its peer ("device
# deleted") and cannot attach again without the module.
# What counts as words: the device deleted or gone, the module unloaded
# or not loaded, no such device.  A bare errno string does not.
gone_words='deleted\|gone\|unloaded\|not loaded\|no such device'
check busywait "$(scaled 5000)" grep -qi "$gone_words" "$TMP/client.log" \
	"client says its connection ended with the device or the module"
# The server watches its device: it says so and stops at once, with no
# client coming to find out, and exits with status 1.
check busywait "$(scaled 5000)" grep -qi "$gone_words" \
	"$TMP/server.log" "server says its device is gone"
check busywait "$(scaled 5000)" not kill -0 "$server_pid" "server stopped"
wait "$server_pid"
rc=$?
check [ "$rc" -eq 1 ] "server's exit status is 1 (got $rc)"
check busywait "$(scaled 5000)" grep -qi "$gone_words" \
	"$TMP/router.log" "ISATAP router says its device is gone"
check busywait "$(scaled 5000)" grep -qi "$gone_words" \
	"$TMP/host.log" "ISATAP host says its device is gone"
for f in client server router host; do
	log "--- $f"
	tail -n 5 "$TMP/$f.log"
done

# Load again; a new tunnel works.
check insmod "$ko" "insmod again"
for p in ${server_pid:-} ${client_pid:-} ${flood_s_pid:-} ${flood_c_pid:-} \
	 ${sink_pid:-} ${source_pid:-}; do
	kill "$p" 2>/dev/null
	wait "$p" 2>/dev/null
done
check tunnel_up "IP-HTTPS tunnel up after the reload"
check in_ns cli ping -6 -c 2 -W 5 2001:db8:1::1 "ping through it"
exit $ret
