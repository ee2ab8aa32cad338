#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-debug, inside the VM of the debug kernel: run.sh with the
# ipt6.ko built for this kernel, then a kmemleak scan.
#
#   selftests/debug-run.sh KO [TEST...]
#
# KO is bind-mounted over the repository's ipt6.ko for the guest only
# (the tests insmod $IPT6_TOP/ipt6.ko; the host's file is untouched).
# Any kmemleak report fails the run, whatever its stack: a leak of
# ipt6's often shows only the networking core's allocation (an skb, a
# socket, a dst), and once the module is gone its own frames are bare
# addresses, so filtering on "ipt6" would hide the leaks that matter.
# Reports older than the suite are cleared before it starts.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
out=${IPT6_OUT:-$top/build}
ko=$1
shift
kml=/sys/kernel/debug/kmemleak

mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
if [ ! -f "$top/ipt6.ko" ] || ! mount --bind "$ko" "$top/ipt6.ko"; then
	echo "Bail out! cannot put $ko in place of $top/ipt6.ko"
	exit 1
fi
if [ ! -w "$kml" ]; then
	echo "Bail out! no $kml: not the debug kernel?"
	exit 1
fi
# Whatever boot left unreferenced is not ours: scan and forget it.
echo scan >"$kml" && echo clear >"$kml"

rc=0
bash "$top/selftests/run.sh" "$@" || rc=$?

# run.sh unloaded ipt6.  kmemleak reports objects unreferenced for 5 s
# and more; two scans a few seconds apart let RCU callbacks and
# deferred frees of the last test run first.
echo "# kmemleak: scanning"
dmesg -C
start=$(date +%s)
sleep 5
echo scan >"$kml"
sleep 5
echo scan >"$kml"
cat "$kml" >"$out/logs/kmemleak.txt"
echo "# kmemleak: scans took $(($(date +%s) - start)) s"
if [ -s "$out/logs/kmemleak.txt" ]; then
	echo "# FAIL: kmemleak reports $(grep -c '^unreferenced object' \
		"$out/logs/kmemleak.txt") unreferenced objects" \
		"(build/logs/kmemleak.txt):"
	sed 's/^/# kmemleak: /' "$out/logs/kmemleak.txt" | head -n 200
	rc=1
else
	echo "# kmemleak: no leak reported"
fi
# Anything the kernel said during the scans (run.sh looked at the rest;
# the scans' own "new suspected memory leaks" is reported above).
bad='WARNING:|BUG|Oops|general protection|Call Trace|KASAN|UBSAN|ODEBUG'
bad+='|ref_tracker|possible .* locking|inconsistent lock state'
bad+='|suspicious RCU usage|INFO: task .* blocked|detected stalls'
if bad=$(dmesg | grep -E "$bad"); then
	echo "$bad" | sed 's/^/# kernel: /'
	echo "# FAIL: kernel log after the suite"
	rc=1
fi
umount "$top/ipt6.ko"
echo "# check-debug: $([ $rc -eq 0 ] && echo PASS || echo FAIL)"
exit $rc
