#!/bin/sh
# tests/proc/futures-record.sh — concurrent.futures in a real recording: a
# ThreadPoolExecutor's workers are threads named as CPython names them,
# under the program's process; a ProcessPoolExecutor's workers are forked
# processes ("ForkProcess-N") whose parent is the process that forked them,
# each with its own main thread, reaped by the end (Terminated, not
# zombies); a thread in result() is
# Blocked on a future, and Timed Waiting on it with a timeout.
. "$top_srcdir/tests/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/threads.py" <<'PY'
import threading
from concurrent.futures import ThreadPoolExecutor

gates = [threading.Event(), threading.Event()]


def work(n):
    gates[n % 2].wait()
    return n * n


if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=2) as ex:
        fs = [ex.submit(work, i) for i in range(2)]
        # The futures cannot finish before the main thread waits on them
        # (unless it stalls for 0.3 s): result() waits on each in turn.
        threading.Timer(0.3, gates[0].set).start()
        print(fs[0].result())
        threading.Timer(0.3, gates[1].set).start()
        print(fs[1].result(timeout=30))
        print([f.result() for f in fs])
    with ThreadPoolExecutor(1, thread_name_prefix='fetch') as ex:
        print(ex.submit(work, 4).result())
PY
cat >"$tmp/procs.py" <<'PY'
from concurrent.futures import ProcessPoolExecutor


def cube(n):
    return n * n * n


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as ex:
        print(list(ex.map(cube, range(6))))
PY

# The tree of the summary: "  " + 2 spaces per level + "NAME (KIND)".
# parent_of NAME: the name of the nearest line above it one level up.
parent_of() {
	awk -v want="$1" '
	/^Processes and threads \(by parent\):/ { on = 1; next }
	on && /^$/ { on = 0 }
	on {
		match($0, /^ */); d = RLENGTH
		line = substr($0, d + 1); sub(/ \([a-z ]+\)$/, "", line)
		at[d] = line
		if (line == want) { print (d > 2 ? at[d - 2] : "-"); exit }
	}' "$2"
}

"$CONCVIZ" run --headless --record "$tmp/t.cvz" "$tmp/threads.py" \
    >"$tmp/t.out" 2>"$tmp/t.err"
check "the thread pool program runs" [ $? -eq 0 ]
check "and prints what CPython prints" [ "$(cat "$tmp/t.out")" = "0
1
[0, 1]
16" ]
"$CONCVIZ" export --format summary "$tmp/t.cvz" >"$tmp/t.sum"
"$CONCVIZ" export --format text "$tmp/t.cvz" >"$tmp/t.txt"
for w in ThreadPoolExecutor-0_0 ThreadPoolExecutor-0_1 fetch_0; do
	check "summary: worker thread $w" \
	    grep -Eq "^  $w +thread .*Terminated \(exit code 0\)$" "$tmp/t.sum"
	p=$(parent_of "$w" "$tmp/t.sum")
	check "summary: $w is a thread of the program's process ($p)" \
	    grep -q "^  $p (process)$" "$tmp/t.sum"
done
check "no third worker for two max_workers" \
    sh -c "! grep -q ThreadPoolExecutor-0_2 '$tmp/t.sum'"
check "result() shows MainThread Blocked on a future" grep -q \
    'MainThread went from Runnable (running) to Blocked/Waiting on a future (Future-1)' \
    "$tmp/t.txt"
check "result(timeout) shows it Timed Waiting on a future" grep -Eq \
    'MainThread went from Runnable \(running\) to Timed Waiting on a future \(Future-2\)' \
    "$tmp/t.txt"

"$CONCVIZ" run --headless --record "$tmp/p.cvz" "$tmp/procs.py" \
    >"$tmp/p.out" 2>"$tmp/p.err"
check "the process pool program runs" [ $? -eq 0 ]
check "and prints what CPython prints" \
    [ "$(cat "$tmp/p.out")" = "[0, 1, 8, 27, 64, 125]" ]
"$CONCVIZ" export --format summary "$tmp/p.cvz" >"$tmp/p.sum"
root=
for w in ForkProcess-1 ForkProcess-2; do
	check "summary: worker process $w, reaped" \
	    grep -Eq "^  $w +process .*Terminated \(exit code 0\)$" "$tmp/p.sum"
	p=$(parent_of "$w" "$tmp/p.sum")
	check "summary: $w's parent is the program's process ($p)" \
	    grep -q "^  $p (process)$" "$tmp/p.sum"
	[ -n "$root" ] || root=$p
	check "summary: $w runs its own MainThread" [ "$(grep -A1 \
	    "^    $w (process)$" "$tmp/p.sum" | sed -n 2p)" = \
	    "      MainThread (thread)" ]
	check "summary: both workers have the same parent" [ "$p" = "$root" ]
done
check "summary: the manager thread is a thread of the parent" \
    [ "$(parent_of Thread-1 "$tmp/p.sum")" = "$root" ]
check "summary: no zombie is left" sh -c "! grep -Eq '^  ForkProcess.*\(zombie\)' '$tmp/p.sum'"
done_testing
