#!/bin/sh
# tests/rt/run.sh — threads under "concviz run --headless": lost updates
# with per-instruction eval-breaker checks and none with a Lock, a two-lock
# deadlock named and exit 1, a recording with one GIL holder at a time and
# join Blocked on the right thread. Invariants, not timings.
. "$top_srcdir/tests/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
check_bin="$top_builddir/tests/rt/cvz-gil-check"

printf 'pass\n' > "$tmp/probe.py"
if "$CONCVIZ" run --headless "$tmp/probe.py" 2>&1 | grep -q "not available"; then
	plan 1
	skip "the interpreter is not in this build yet"
	exit 0
fi
plan 9

cat > "$tmp/count.py" <<'PY'
import sys
import threading
use_lock = len(sys.argv) > 1
lock = threading.Lock()
counter = 0
def work():
    global counter
    for _ in range(200000):
        if use_lock:
            with lock:
                counter += 1
        else:
            counter += 1
ts = [threading.Thread(target=work) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(counter)
PY
n=$("$CONCVIZ" run --headless --breaker=instruction --switch-interval=1 "$tmp/count.py")
if [ -n "$n" ] && [ "$n" -lt 800000 ]; then
	ok "counter += 1 from 4 threads loses updates with --breaker=instruction ($n)"
else
	not_ok "counter += 1 from 4 threads loses updates with --breaker=instruction ($n)"
fi
n=$("$CONCVIZ" run --headless --breaker=instruction --switch-interval=1 "$tmp/count.py" lock)
check "with a Lock it never does ($n)" [ "$n" = 800000 ]

cat > "$tmp/deadlock.py" <<'PY'
import threading
import time
a = threading.Lock()
b = threading.Lock()
def one():
    with a:
        time.sleep(0.05)
        with b:
            pass
def two():
    with b:
        time.sleep(0.05)
        with a:
            pass
t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
t1.join()
t2.join()
print("not reached")
PY
timeout 60 "$CONCVIZ" run --headless "$tmp/deadlock.py" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "a two-lock deadlock ends a headless run with exit 1 (got $rc)" [ $rc -eq 1 ]
check "the deadlock is named: who waits for which lock held by whom" \
    grep -Eq "deadlock: Thread-[12] \((one|two)\) waits for lock Lock-[0-9]+ held by Thread-[12] \((one|two)\), which waits for Lock-[0-9]+ held by Thread-[12] \((one|two)\)" "$tmp/err"
sed 's/^/# /' "$tmp/err"

cat > "$tmp/join.py" <<'PY'
import threading
import time
def spin():
    # One line: the loop emits no LINE event per iteration.
    x = 0
    for i in range(300000): x += i
def nap():
    time.sleep(0.3)
ts = [threading.Thread(target=spin), threading.Thread(target=spin)]
for t in ts:
    t.start()
n = threading.Thread(target=nap, name="napper")
n.start()
n.join()
for t in ts:
    t.join()
print("done")
PY
"$CONCVIZ" run --headless --record="$tmp/join.cvz" "$tmp/join.py" >"$tmp/out" 2>"$tmp/err"
check "a recorded run completes" [ "$(cat "$tmp/out")" = done ]
"$check_bin" "$tmp/join.cvz" >"$tmp/check" 2>"$tmp/err"
rc=$?
check "the recording never shows two GIL holders, nothing lost" [ $rc -eq 0 ]
sed 's/^/# /' "$tmp/err" "$tmp/check" | head -10
check "join shows MainThread Blocked on the joined thread" \
    grep -q "^MainThread joins napper blocked$" "$tmp/check"
check "time.sleep is Timed Waiting (sleep), without the GIL" \
    grep -q "^napper timed-waits (sleep) without the GIL$" "$tmp/check"

# --on-deadlock=wait: reported, and the threads keep waiting (until killed).
timeout 3 "$CONCVIZ" run --headless --on-deadlock=wait "$tmp/deadlock.py" \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
check "--on-deadlock=wait reports the cycle and keeps waiting (rc $rc)" \
    sh -c "[ $rc -eq 124 ] && grep -q 'deadlock: Thread-' '$tmp/err'"
done_testing
