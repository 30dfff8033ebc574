#!/bin/sh
# tests/watch/watch.sh — "concviz watch" and "concviz attach" on real
# programs: kernel states mapped to the notes' states (a sleep is Timed
# Waiting, a lock or a wait for a child is Blocked/Waiting), processes with
# their parent, zombies with their exit code, the command's exit status
# passed on, attach never touching the process. Synchronized on files and
# process ends, never on sleeps of the test itself.
. "$top_srcdir/tests/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'kill $bg 2>/dev/null; rm -rf "$tmp"' EXIT
bg=

# row FILE NAME-PREFIX: the summary row of the first entity named so.
row() { grep -m1 "^  $2" "$1"; }
# col ROW N: the Nth number of a summary row (1 new .. 7 zombie).
col() { echo "$1" | awk -v n="$2" '{ k = 0; for (i = 1; i <= NF; i++)
	if ($i ~ /^[0-9]+\.[0-9]+$/ && ++k == n) { print $i; exit } }'; }
positive() { awk -v v="$1" 'BEGIN { exit !(v > 0) }'; }

"$CONCVIZ" watch --help >"$tmp/help" 2>&1
check "watch --help answers" grep -q 'Usage: concviz watch' "$tmp/help"
"$CONCVIZ" attach --help >"$tmp/help" 2>&1
check "attach --help answers" grep -q 'Usage: concviz attach' "$tmp/help"

"$CONCVIZ" watch --headless -- sh -c 'exit 3'
check "watch passes the command's exit status on" [ $? -eq 3 ]
"$CONCVIZ" watch --headless -- "$tmp/no-such-command" 2>"$tmp/err"
rc=$?
check "a command that does not exist: status 127" [ $rc -eq 127 ]
check "... and says why" grep -q 'No such file' "$tmp/err"
"$CONCVIZ" watch --headless --interval=0 -- true 2>"$tmp/err"
check "a bad --interval is a usage error" [ $? -eq 2 ]

# A shell that forks a sleeper and waits for it.
"$CONCVIZ" watch --headless --record="$tmp/w.cvz" -- \
    sh -c 'sleep 0.3; true' >/dev/null 2>&1
check "watch records" [ -s "$tmp/w.cvz" ]
"$CONCVIZ" export --format=summary "$tmp/w.cvz" >"$tmp/sum" 2>&1
"$CONCVIZ" export --format=text "$tmp/w.cvz" >"$tmp/text" 2>&1
r=$(row "$tmp/sum" "sleep (pid")
diag "$r"
check "the sleeper is Timed Waiting (nanosleep)" positive "$(col "$r" 5)"
check "the sleeper ends Terminated" sh -c "echo '$r' | grep -q 'Terminated (exit code 0)'"
check "the sleeper is a child of the shell" \
    grep -q 'sleep (pid [0-9]*) (process) was created by sh (pid' "$tmp/text"
r=$(row "$tmp/sum" "sh (tid")
check "the waiting shell is Blocked/Waiting (wait4)" positive "$(col "$r" 4)"
check "no event was lost" grep -q 'overflow: none' "$tmp/sum"

# A child that exits at once and stays a zombie until its parent joins it
# (our runtime does not reap before join).
cat >"$tmp/z.py" <<'PY'
import multiprocessing, sys, time
def bye():
    sys.exit(5)
if __name__ == "__main__":
    p = multiprocessing.Process(target=bye)
    p.start()
    time.sleep(0.3)
    p.join()
    print("exitcode", p.exitcode)
PY
"$CONCVIZ" watch --headless --summary -- "$CONCVIZ" run --headless "$tmp/z.py" \
    >"$tmp/out" 2>"$tmp/sum"
check "the zombie program runs" [ "$(cat "$tmp/out")" = "exitcode 5" ]
r=$(grep '^  concviz (pid' "$tmp/sum" | grep 'exit code 5')
diag "$r"
check "the unjoined child was a zombie for a while" positive "$(col "$r" 7)"
check "... and its exit code (5) is known" [ -n "$r" ]

# Threads of our own interpreter seen from outside: a sleeping thread,
# a thread blocked on a lock.
cat >"$tmp/t.py" <<'PY'
import threading, time
lock = threading.Lock()
lock.acquire()
def sleeper():
    time.sleep(0.3)
def waiter():
    with lock:
        pass
a = threading.Thread(target=sleeper)
b = threading.Thread(target=waiter)
a.start(); b.start()
a.join()
lock.release()
b.join()
print("threads done")
PY
"$CONCVIZ" watch --headless --summary -- "$CONCVIZ" run --headless "$tmp/t.py" \
    >"$tmp/out" 2>"$tmp/sum"
check "the watched program's output is its own" [ "$(cat "$tmp/out")" = "threads done" ]
n=$(grep -c '^  concviz (tid' "$tmp/sum")
check "its threads are seen (4 or more: main, runner, 2 workers): $n" [ "$n" -ge 4 ]
check "one thread is Timed Waiting (time.sleep)" \
    sh -c "grep '^  concviz (tid' '$tmp/sum' | awk '\$9 > 100 { f = 1 } END { exit !f }'"
check "one thread is Blocked/Waiting on the lock" \
    sh -c "grep '^  concviz (tid' '$tmp/sum' | awk '\$8 > 100 && \$9 == 0 { f = 1 } END { exit !f }'"

# attach: watch a process we started, until it ends; never touch it.
"$CONCVIZ" attach --headless 999999999 2>"$tmp/err"
check "attach to a process that does not exist fails (1)" [ $? -eq 1 ]
check "... saying so" grep -q 'no process' "$tmp/err"
sleep 0.4 &
bg=$!
"$CONCVIZ" attach --headless --summary "$bg" 2>"$tmp/sum"
check "attach returns when the process ends" [ $? -eq 0 ]
r=$(row "$tmp/sum" "sleep (pid")
check "the attached sleeper is Timed Waiting" positive "$(col "$r" 5)"
wait $bg

# Ctrl-C detaches: the process goes on.
sleep 30 &
bg=$!
"$CONCVIZ" attach --headless --record="$tmp/a.cvz" "$bg" 2>"$tmp/err" &
at=$!
i=0
while [ ! -s "$tmp/a.cvz" ] && [ $i -lt 200 ]; do i=$((i + 1)); sleep 0.05; done
kill -INT $at
wait $at
check "Ctrl-C detaches cleanly (status 0)" [ $? -eq 0 ]
check "the attached process is still alive" kill -0 $bg
kill $bg; wait $bg 2>/dev/null; bg=
"$CONCVIZ" export --format=summary "$tmp/a.cvz" >"$tmp/sum" 2>&1
check "the detached recording is complete and readable" grep -q '^  sleep (pid' "$tmp/sum"
done_testing
