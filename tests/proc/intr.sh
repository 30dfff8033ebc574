#!/bin/sh
# tests/proc/intr.sh — Ctrl-C as CPython has it: SIGINT raises
# KeyboardInterrupt in the main thread (blocking calls are cut short),
# except and finally run, an unhandled one prints its traceback and the run
# ends killed by SIGINT (status 130); sent to the whole process group, every
# fork()ed child gets its own; nothing of the run is left afterwards.
# Every run is its own process group, SIGINT not ignored (intr-exec); the test waits for "ready"
# on the program's stdout, bounded, and for the end, bounded.
. "$top_srcdir/tests/tap.sh"
dir=$top_srcdir/tests/proc/intr
tmp=${TMPDIR:-/tmp}/intr.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
blocks="join lock rlock queue event cond barrier mpjoin mpqueue mplock mpevent mpcond mpbarrier pipe"
plan $((3 + 3 + 2 + 3 + $(echo $blocks | wc -w) + 4 + 4 + 3))

# alive PID: exists and is not a zombie
alive() {
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -n "$st" ] && [ "$st" != Z ]
}
# Nothing of process group $1 is alive.
group_gone() {
	for p in $(pgrep -g "$1" 2>/dev/null); do
		alive "$p" && return 1
	done
	return 0
}
# start PROG ARGS...: run it in a new process group; sets $pid.
start() {
	: >"$tmp/out"
	: >"$tmp/err"
	"$top_builddir/tests/proc/intr-exec" "$CONCVIZ" run --headless "$@" \
	    >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	n=0
	while ! grep -q '^ready' "$tmp/out" && alive "$pid" && [ $n -lt 3000 ]; do
		n=$((n + 1)); sleep 0.01
	done
}
# interrupt [-g]: SIGINT to the run (-g: to its whole group, as a
# terminal does); waits (bounded) for the end; sets $status.
interrupt() {
	if [ "$1" = -g ]; then kill -s INT -- "-$pid"; else kill -s INT "$pid"; fi
	n=0
	while alive "$pid" && [ $n -lt 2000 ]; do
		n=$((n + 1)); sleep 0.01
	done
	if alive "$pid"; then
		diag "still running after SIGINT: killed"
		kill -s KILL -- "-$pid" 2>/dev/null
	fi
	wait "$pid"
	status=$?
}

start "$dir/sleep.py"
interrupt
check "sleep: status 130 (killed by SIGINT)" [ "$status" -eq 130 ]
check "sleep: the traceback ends in KeyboardInterrupt" \
    [ "$(tail -n 1 "$tmp/err")" = KeyboardInterrupt ]
check "sleep: the traceback shows where it was" grep -q 'time.sleep(60)' "$tmp/err"

start "$dir/except.py"
interrupt
check "except: status 0" [ "$status" -eq 0 ]
check "except: the handler ran" grep -q '^caught KeyboardInterrupt$' "$tmp/out"
check "except: the program went on" grep -q '^after$' "$tmp/out"

start "$dir/finally.py"
interrupt
check "finally: the finally block ran" grep -q '^finally ran$' "$tmp/out"
check "finally: then status 130" [ "$status" -eq 130 ]

# Pure Python code, another thread competing for the GIL, each GIL mode.
for gil in modern legacy none; do
	start --gil=$gil "$dir/busy.py"
	interrupt
	if [ "$status" -eq 130 ] &&
	    [ "$(tail -n 1 "$tmp/err")" = KeyboardInterrupt ]; then
		ok "busy loop, --gil=$gil: KeyboardInterrupt, status 130"
	else
		not_ok "busy loop, --gil=$gil: KeyboardInterrupt, status 130 ($status)"
		diag "$(cat "$tmp/err")"
	fi
done

for what in $blocks; do
	start "$dir/block.py" "$what"
	interrupt
	if [ "$status" -eq 0 ] && grep -q "^interrupted in $what\$" "$tmp/out"
	then
		ok "main thread blocked in $what is interrupted"
	else
		not_ok "main thread blocked in $what is interrupted (status $status)"
		diag "$(cat "$tmp/out" "$tmp/err")"
	fi
done

# Ctrl-C to the group: the fork()ed child has its own KeyboardInterrupt.
start "$dir/fork.py"
interrupt -g
check "fork: status 130" [ "$status" -eq 130 ]
check "fork: the child printed its own traceback" \
    grep -q '^Process Process-1:$' "$tmp/err"
check "fork: two KeyboardInterrupts (child and parent)" \
    [ "$(grep -c '^KeyboardInterrupt$' "$tmp/err")" -eq 2 ]
[ "$(grep -c '^KeyboardInterrupt$' "$tmp/err")" -eq 2 ] || diag "$(cat "$tmp/err")"
n=0
while ! group_gone "$pid" && [ $n -lt 500 ]; do n=$((n + 1)); sleep 0.01; done
check "fork: no process of the run is left" group_gone "$pid"

# Ctrl-C to the group in the middle of a Pool: nothing is left.
start "$dir/pool.py"
workers=$(sed -n 's/^workers //p' "$tmp/out")
check "pool: two workers were running tasks" \
    [ "$(printf '%s\n' $workers | grep -c .)" -eq 2 ]
interrupt -g
check "pool: status 130" [ "$status" -eq 130 ]
check "pool: the parent's traceback ends in KeyboardInterrupt" \
    [ "$(tail -n 1 "$tmp/err")" = KeyboardInterrupt ]
n=0
while ! group_gone "$pid" && [ $n -lt 500 ]; do n=$((n + 1)); sleep 0.01; done
left=
for p in $workers; do alive "$p" && left="$left $p"; done
check "pool: no process of the run is left ($left)" \
    [ -z "$left" ] && group_gone "$pid"

# Ctrl-C, caught; then Ctrl-C again and again (to the parent only, its
# child sleeps on) while the program waits for the child: each one
# interrupts that wait or, once the program is ending, takes everything
# down; the run ends by SIGINT and nothing is left.
start "$dir/repeat.py"
kill -s INT "$pid"
n=0
while ! grep -q '^cleanup' "$tmp/out" && [ $n -lt 3000 ]; do
	n=$((n + 1)); sleep 0.01
done
check "repeat: the first Ctrl-C was caught" grep -q '^cleanup$' "$tmp/out"
n=0
while alive "$pid" && [ $n -lt 200 ]; do
	kill -s INT "$pid" 2>/dev/null
	n=$((n + 1)); sleep 0.05
done
alive "$pid" && kill -s KILL -- "-$pid" 2>/dev/null
wait "$pid"
status=$?
check "repeat: more Ctrl-C end the run by SIGINT (status $status)" \
    [ "$status" -eq 130 ]
n=0
while ! group_gone "$pid" && [ $n -lt 500 ]; do n=$((n + 1)); sleep 0.01; done
check "repeat: no process of the run is left" group_gone "$pid"
done_testing
