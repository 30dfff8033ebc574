#!/bin/sh
# tests/proc/sync-trace.sh — multiprocessing's Barrier and Condition waits
# drop the GIL and show the waiting thread Blocked on the object in the
# recording, as threading's do.
. "$top_srcdir/tests/tap.sh"
plan 4
tmp=${TMPDIR:-/tmp}/sync-trace.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
out=$(timeout 60 "$CONCVIZ" run --headless --record "$tmp/r.cvz" \
    "$top_srcdir/tests/proc/trace/mpsync.py" 2>&1)
check "the program ran (notified True)" [ "$out" = "notified True" ]
timeout 60 "$CONCVIZ" export --format text "$tmp/r.cvz" >"$tmp/text" 2>&1
check "a party waited Blocked on the Barrier" \
    grep -q 'to Blocked/Waiting on a barrier (Barrier)' "$tmp/text"
check "the parent waited Timed Waiting on the Condition" \
    grep -q 'to Timed Waiting on a condition (Condition)' "$tmp/text"
check "it took the GIL back after the condition" \
    grep -q 'from Timed Waiting on a condition (Condition).* to Runnable (ready) on the GIL' "$tmp/text"
done_testing
