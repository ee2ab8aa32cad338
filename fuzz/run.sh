#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh SECONDS TARGET...: run each libFuzzer target in out/fuzz/ for
# SECONDS, one after the other, from its corpus; fail if any finds
# something.  New inputs go to out/corpus/TARGET/, findings to
# out/artifacts/.  Prints each target's executions.
set -u
cd "$(dirname "$0")"
secs=$1
shift
failed=()
mkdir -p out/artifacts
for t in "$@"; do
	mkdir -p "out/corpus/$t"
	args=(-max_total_time="$secs" -print_final_stats=1
	      -artifact_prefix="out/artifacts/$t-" -max_len=8192)
	[ -f "dict/$t.dict" ] && args+=(-dict="dict/$t.dict")
	"out/fuzz/$t" "${args[@]}" "out/corpus/$t" "corpus/$t" \
		>"out/$t.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "out/$t.log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "out/$t.log")
	if [ $rc -eq 0 ]; then
		echo "fuzz: $t: ${execs:-?} executions in $secs s (${rate:-?}/s), no finding"
	else
		echo "fuzz: $t: FINDING after ${execs:-?} executions (exit $rc); out/$t.log:"
		grep -E "ERROR|SUMMARY|does not hold|Test unit written" "out/$t.log" | head -20
		failed+=("$t")
	fi
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "fuzz: findings in: ${failed[*]} (reproduce: out/fuzz/TARGET out/artifacts/FILE)"
	exit 1
fi
