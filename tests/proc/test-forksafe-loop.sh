#!/bin/bash
# tests/proc/test-forksafe-loop.sh — run a test program many times and, when
# a run hangs, record every thread's stack of every process it left (gdb),
# then kill them. A tool for hunting fork hangs (not part of make check):
#
#	cd _s && ../tests/proc/test-forksafe-loop.sh tests/proc/test-pool 30 60 /tmp/pool
#
# Arguments: the program, the number of runs, the seconds after which a run
# counts as hung, and a prefix for the logs (PREFIX.out.N of a failed run,
# PREFIX.hang.N with the stacks of a hung one). Prints one line per bad run
# and a summary: "NAME: N runs, N hangs, N failures".
set -u
bin=$1 n=$2 limit=$3 log=$4
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export CMOCKA_MESSAGE_OUTPUT=TAP
hangs=0 fails=0
for i in $(seq "$n"); do
	setsid "$bin" >"$log.out.$i" 2>&1 &
	pid=$!
	t=0
	while kill -0 "$pid" 2>/dev/null && [ "$t" -lt $((limit * 10)) ]; do
		sleep 0.1	# the hang guard's clock, not part of any test
		t=$((t + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		hangs=$((hangs + 1))
		echo "run $i: HANG (stacks in $log.hang.$i)"
		for p in $(pgrep -s "$pid"); do
			echo "=== pid $p ppid $(ps -o ppid= -p "$p")" >>"$log.hang.$i"
			timeout 60 gdb -p "$p" -batch -ex 'thread apply all bt' \
			    >>"$log.hang.$i" 2>&1
		done
		pkill -KILL -s "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	else
		wait "$pid"
		rc=$?
		if [ "$rc" != 0 ]; then
			fails=$((fails + 1))
			echo "run $i: exit $rc (output in $log.out.$i)"
		else
			rm -f "$log.out.$i"
		fi
	fi
done
echo "$(basename "$bin"): $n runs, $hangs hangs, $fails failures"
