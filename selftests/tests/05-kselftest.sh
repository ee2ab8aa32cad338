#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module's own self-tests (kmod/selftest.c): loaded with selftest=1 it
# checks the server's address table and the stream cutter against plain
# models, prints "self-tests passed (seed N)" and loads, or names the seed
# and the step that failed and refuses to load.  The seed is $IPT6_SEED,
# or a random one; it is printed to rerun a failure.
source "$(dirname "$0")/../lib.sh"
ko=$IPT6_TOP/ipt6.ko
seed=${IPT6_SEED:-$(shuf -i 1-4294967295 -n 1)}
log "seed $seed (rerun with IPT6_SEED=$seed)"

check rmmod ipt6 "rmmod"
start=$(date +%s%N)
check insmod "$ko" selftest=1 selftest_seed="$seed" "insmod selftest=1 selftest_seed=$seed"
log "self-tests took $((($(date +%s%N) - start) / 1000000)) ms"
out=$(dmesg | grep 'ipt6: self-test')
log "$out"
check grep -qx ".*ipt6: self-tests passed (seed $seed)" <<<"$out" "self-tests passed"
check not grep -q FAIL <<<"$out" "no self-test failed"

# Load it as the other tests expect.
check rmmod ipt6 "rmmod after the self-tests"
runs=$(dmesg | grep -c 'self-tests passed')
check insmod "$ko" "insmod without self-tests"
check [ "$(dmesg | grep -c 'self-tests passed')" = "$runs" ] "no self-tests without selftest=1"
exit $ret
