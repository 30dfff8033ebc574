#!/bin/sh
# tests/ui/view.sh — the running view drawn by the real drawing code into a
# virtual terminal (tests/ui/view-dump renders a synthetic run of the notes'
# threading example, built from the same events the runtime emits): lanes,
# the GIL row and panel, the state diagram, source markers, narration,
# output, details, help, the ASCII fallback, 80x24 and 200 lanes.
. "$top_srcdir/tests/tap.sh"
dump="$top_builddir/tests/ui/view-dump"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

has() { grep -qF -- "$2" "$1" || { diag "missing '$2' in:"; diag "$(cat "$1")"; return 1; }; }

"$dump" -s 120x40 -t 11.5 >"$tmp/a" 2>"$tmp/err"
check "view-dump renders at 120x40" [ $? -eq 0 ]
check "40 rows" [ "$(wc -l <"$tmp/a")" -eq 40 ]
check "lanes: MainThread" has "$tmp/a" "2  MainThread"
check "lanes: Thread-1 under MainThread's process" has "$tmp/a" "3   Thread-1 (print_square"
check "lanes: Thread-2" has "$tmp/a" "4   Thread-2 (print_cube)"
check "lanes: the GIL row names the holder" has "$tmp/a" "GIL → Thread-2"
check "lanes: the GIL row shows the handoffs 3 -> 4 -> 3 -> 4" \
    grep -q '│GIL → .* 3*4*3*4' "$tmp/a"
check "lanes: the legend" has "$tmp/a" "█running"
check "lanes: the time axis" has "$tmp/a" "|2.00 ms"
check "GIL panel: holder" has "$tmp/a" "holder    Thread-2 (print_cube)"
check "GIL panel: handoffs and forced drops" has "$tmp/a" "handoffs  4   forced drops  2"
check "GIL panel: switch interval" has "$tmp/a" "switch interval  5.00 ms"
check "states: the last transition" has "$tmp/a" "MainThread: Blocked/Waiting → Runnab"
check "states: Runnable counts running and ready" has "$tmp/a" "2: 1 running, 1 ready"
check "source: Thread-2's marker on line 5" grep -q '│4  ▶  5     print("Cube' "$tmp/a"
check "narration: a GIL handoff in words" has "$tmp/a" "took the GIL from Thread-1"
check "output: the program's lines so far" has "$tmp/a" "Square: 100"
check "output: nothing from the future" sh -c "! grep -q 'Done!' '$tmp/a'"
check "status: playhead time and speed" has "$tmp/a" "t=11.50 ms  speed 1/200"

"$dump" -s 120x40 -t 0.03 >"$tmp/b"
check "early: MainThread holds the GIL" has "$tmp/b" "GIL → MainThread"
check "early: the workers wait (ready)" has "$tmp/b" "3: 1 running, 2 ready"
check "early: nothing printed yet" sh -c "! grep -q 'Square: 100' '$tmp/b'"

"$dump" -s 120x40 -t 11.5 -l 1 -d -p >"$tmp/d"
check "details: the selected thread" has "$tmp/d" "MainThread  (Enter or q closes)"
check "details: its state and what it waits on" has "$tmp/d" "waiting on"
check "details: time in each state" has "$tmp/d" "Time in each state so far"
check "details: blocked time is counted" grep -q 'Blocked/Waiting *1[01]\.[0-9]* ms' "$tmp/d"
check "paused: the status says so" has "$tmp/d" "PAUSED"

"$dump" -s 120x40 -h >"$tmp/h"
check "help: lists the keys" has "$tmp/h" "step to the next / previous event"
check "help: lists the legend" has "$tmp/h" "running"

"$dump" -s 80x24 -t 11.5 >"$tmp/s"
check "80x24: 24 rows" [ "$(wc -l <"$tmp/s")" -eq 24 ]
check "80x24: no row wider than 80 columns" \
    [ "$(LC_ALL=C.UTF-8 wc -L <"$tmp/s")" -le 80 ]
check "80x24: lanes, GIL and output fit" sh -c "grep -q 'GIL → ' '$tmp/s' && grep -q 'Square: 100' '$tmp/s' && grep -q 'Thread-2' '$tmp/s'"

"$dump" -a -s 100x30 -t 11.5 >"$tmp/ascii"
check "ASCII: running is drawn with #" grep -q '####' "$tmp/ascii"
check "ASCII: no UTF-8 at all" sh -c "! LC_ALL=C grep -q '[^ -~]' '$tmp/ascii'"
check "ASCII: boxes in + - |" grep -q '^+-' "$tmp/ascii"

"$dump" -n 200 -s 120x40 >"$tmp/many"
check "200 lanes: all counted (and the process)" has "$tmp/many" "Lanes  201"
check "200 lanes: the GIL row still shows a holder" grep -q 'GIL → Thread-' "$tmp/many"
"$dump" -A -s 120x40 -t 0.1 >"$tmp/loop1"
check "asyncio: the event-loop panel appears with a loop" has "$tmp/loop1" "Event loop"
check "asyncio: tasks have lanes" has "$tmp/loop1" "Task-3 (rude)"
check "asyncio: the task now running" has "$tmp/loop1" "running   Task-3 (rude)"
check "asyncio: the others wait on timers" has "$tmp/loop1" "waiting (timers, I/O, futures) 2"
check "asyncio: the timers with their due times" has "$tmp/loop1" "timers    Task-1 (polite) in 199.9"
"$dump" -A -s 120x40 -t 210 >"$tmp/loop2"
check "asyncio: a step that blocked the loop is flagged" has "$tmp/loop2" "! Task-3 (rude) blocked the loop for 200.00 ms"
check "asyncio: the loop's phase" has "$tmp/loop2" "phase     poll for I/O"
check "asyncio: no panel without a loop" sh -c "! grep -q 'Event loop' '$tmp/a'"
# Errors before the terminal is taken: plain messages, exit status 1.
printf 'not a recording at all\n' >"$tmp/bad.cvz"
"$CONCVIZ" replay "$tmp/bad.cvz" </dev/null >"$tmp/out" 2>"$tmp/err"
check "replay: a bad file exits 1" [ $? -eq 1 ]
check "replay: a bad file is explained" grep -q "bad.cvz: .*not a concviz recording" "$tmp/err"
check "replay: no escape sequences on a bad file" sh -c "! grep -q \"\$(printf '\\033')\" '$tmp/out' '$tmp/err'"
"$CONCVIZ" replay "$tmp/none.cvz" </dev/null >/dev/null 2>"$tmp/err"
check "replay: a missing file exits 1" [ $? -eq 1 ]
check "replay: a missing file is named" grep -q "none.cvz: No such file" "$tmp/err"
"$CONCVIZ" replay >/dev/null 2>&1
check "replay: no file is a usage error" [ $? -eq 2 ]
"$CONCVIZ" </dev/null >/dev/null 2>"$tmp/err"
check "the menu without a terminal exits 1" [ $? -eq 1 ]
check "and says it needs a terminal" grep -q "needs a terminal" "$tmp/err"
"$CONCVIZ" "$tmp/missing.py" </dev/null >/dev/null 2>"$tmp/err"
check "a missing FILE.py exits 1" [ $? -eq 1 ]
check "and is named" grep -q "missing.py" "$tmp/err"
done_testing
