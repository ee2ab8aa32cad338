#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the ipt6 selftests inside the test VM (scripts/vm.sh boots it).
#
#   selftests/run.sh [TEST...]     TEST: a name like 10-tunnel (default: all)
#
# Prints kselftest TAP, then "N passed, N failed, N skipped".  A test fails
# when it exits non-zero, or when the kernel log shows a warning, BUG,
# refcount or leak report, or an oops while it ran.  The kernel log of a
# failed run is saved under build/.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
out=${IPT6_OUT:-$top/build}
mkdir -p "$out/logs"
export IPT6_TOP=$top PATH=$top/tools:$top/selftests:$PATH
# Test certificates, made by the first test that wants them.
IPT6_PKI_CACHE=$(mktemp -d /tmp/ipt6-pki.XXXXXX)
export IPT6_PKI_CACHE

tests=()
if [ $# -gt 0 ]; then
	for t in "$@"; do tests+=("$top/selftests/tests/${t%.sh}.sh"); done
else
	tests=("$top"/selftests/tests/[0-9]*.sh)
fi

# Beyond WARN/BUG/oops, the debug kernel's own words: KASAN and
# "sleeping function" say BUG, lockdep and DEBUG_LIST say WARNING (named
# anyway), ODEBUG is debugobjects, ref_tracker the netdev/netns trackers,
# INFO:/stalls the hung-task and RCU-stall detectors.
dmesg_bad() {
	local bad='WARNING:|BUG|refcount_t|[Ll]eak|Oops|general protection'
	bad+='|Call Trace|RIP:|unregister_netdevice: waiting|KASAN|UBSAN'
	bad+='|possible circular locking|possible recursive locking'
	bad+='|inconsistent lock state|suspicious RCU usage|ODEBUG'
	bad+='|ref_tracker|list_(add|del) corruption|INFO: task .* blocked'
	bad+='|detected stalls|kmemleak'
	grep -E "$bad" "$1"
}

# IPT6_TIMEOUT_SCALE (an integer, default 1) stretches the per-test
# timeout and lib.sh's waits for slow kernels (the debug kernel's).
test_timeout=$((${IPT6_TEST_TIMEOUT:-600} * ${IPT6_TIMEOUT_SCALE:-1}))

modprobe -a tls tunnel4 || { echo "Bail out! cannot load the tls and tunnel4 modules"; exit 1; }
if ! insmod "$top/ipt6.ko"; then
	echo "Bail out! cannot load ipt6.ko (run make first)"
	exit 1
fi
dmesg -C

# Keep the kernel's receive-timestamp static key on for the whole run.
# Every ping turns it on and, when it exits, off again: each flip patches
# kernel text through int3 breakpoints, and emulated CPUs (TCG, nested
# KVM) now and then trap on a breakpoint the patcher has already removed
# ("Oops: int3" in netif_receive_skb_list_internal).  One socket holding
# SO_TIMESTAMP open stops the flipping.
python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 29, 1)  # SO_TIMESTAMP
time.sleep(1e6)' &
tstamp_holder=$!
sleep 1
kill -0 "$tstamp_holder" 2>/dev/null ||
	echo "# note: could not hold SO_TIMESTAMP open; jump labels will flip"

echo "TAP version 13"
echo "1..${#tests[@]}"
echo "# kernel $(uname -r), cpu: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
pass=0 fail=0 skip=0 n=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	name=$(basename "$t" .sh)
	log=$out/logs/$name.log
	start=$(date +%s)
	timeout --kill-after=10 "$test_timeout" bash "$t" >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	# Every test leaves the module loaded for the next one.
	grep -q '^ipt6 ' /proc/modules || insmod "$top/ipt6.ko"
	dmesg >"$out/logs/$name.dmesg"
	dmesg -C
	sed 's/^/# /' "$log"
	if [ $rc -ne 0 ] && [ $rc -ne 4 ]; then
		echo "not ok $n $name # exit $rc, ${secs}s"
		fail=$((fail + 1))
	elif bad=$(dmesg_bad "$out/logs/$name.dmesg"); then
		echo "$bad" | sed 's/^/# kernel: /'
		echo "not ok $n $name # kernel log shows a problem, ${secs}s"
		fail=$((fail + 1))
		rc=1
	elif [ $rc -eq 4 ]; then
		echo "ok $n $name # SKIP ${secs}s"
		skip=$((skip + 1))
	else
		echo "ok $n $name # ${secs}s"
		pass=$((pass + 1))
	fi
	if [ $rc -ne 0 ] && [ $rc -ne 4 ]; then
		echo "# kernel log saved in build/logs/$name.dmesg"
	fi
done

kill "$tstamp_holder" 2>/dev/null

# Unloading must be clean too.
if ! rmmod ipt6; then
	echo "# FAIL: rmmod ipt6 at the end"
	fail=$((fail + 1))
fi
if bad=$(dmesg | dmesg_bad -); then
	echo "$bad" | sed 's/^/# kernel: /'
	echo "# FAIL: kernel log after unload"
	fail=$((fail + 1))
fi
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
