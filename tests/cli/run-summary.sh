#!/bin/sh
# tests/cli/run-summary.sh — "concviz run --headless --summary": the
# program's output alone on stdout, the summary (states, GIL, counts) on
# stderr, made from a private recording that is removed afterwards; with
# --record the summary comes from that recording, which stays.
. "$top_srcdir/tests/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/t"
cat >"$tmp/p.py" <<'PY'
import threading, time
def nap():
    time.sleep(0.01)
t = threading.Thread(target=nap)
t.start()
t.join()
print("done")
PY
TMPDIR="$tmp/t" "$CONCVIZ" run --headless --summary "$tmp/p.py" >"$tmp/out" 2>"$tmp/err"
check "the run succeeds" [ $? -eq 0 ]
check "stdout is the program's output only" [ "$(cat "$tmp/out")" = done ]
check "stderr has the time in each state" grep -q '^Time in each state' "$tmp/err"
check "the thread has its row, ended Terminated" \
    grep -q '^  Thread-1 (nap) .*Terminated' "$tmp/err"
check "the GIL section counts handoffs" grep -q 'handoffs [1-9]' "$tmp/err"
check "no event was lost" grep -q 'overflow: none' "$tmp/err"
check "the private recording is gone" [ -z "$(ls -A "$tmp/t")" ]

TMPDIR="$tmp/t" "$CONCVIZ" run --headless --summary --record="$tmp/r.cvz" \
    "$tmp/p.py" >"$tmp/out" 2>"$tmp/err"
check "with --record: the run succeeds" [ $? -eq 0 ]
check "with --record: the summary is printed" grep -q '^GIL:' "$tmp/err"
check "with --record: the recording stays" [ -s "$tmp/r.cvz" ]
"$CONCVIZ" export --format=summary "$tmp/r.cvz" >"$tmp/exp" 2>&1
check "with --record: it is the recording's summary" cmp -s "$tmp/exp" "$tmp/err"

printf 'print("before")\nraise ValueError("boom")\n' >"$tmp/bad.py"
TMPDIR="$tmp/t" "$CONCVIZ" run --headless --summary "$tmp/bad.py" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "a failing program keeps its exit status (1)" [ $rc -eq 1 ]
check "its traceback comes first" grep -q '^ValueError: boom' "$tmp/err"
check "the summary follows it" grep -q '^Time in each state' "$tmp/err"
check "no recording is left behind" [ -z "$(ls -A "$tmp/t")" ]
done_testing
