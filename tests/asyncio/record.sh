#!/bin/sh
# tests/asyncio/record.sh — what a recording shows of asyncio on the libev
# loop: gather of three asyncio.sleep(0.2) has the three tasks in Timed
# Waiting at the same time, while the loop's thread waits in the poll
# without the GIL; three time.sleep(0.2) inside coroutines run one after
# the other and each is reported as blocking the loop (LOOP_BLOCKED);
# run_in_executor runs on a real thread while the loop thread is Blocked on
# the loop. Orderings and overlaps of recorded events only, no timing.
. "$top_srcdir/tests/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

cat >gather.py <<'PY'
import asyncio
import time


async def polite(name):
    await asyncio.sleep(0.2)
    return name


async def rude(name):
    time.sleep(0.2)
    return name


async def main():
    print(await asyncio.gather(polite("a"), polite("b"), polite("c")))
    print(await asyncio.gather(rude("a"), rude("b"), rude("c")))
    loop = asyncio.get_running_loop()
    print(await loop.run_in_executor(None, time.sleep, 0.1))


asyncio.run(main())
PY

timeout 60 "$CONCVIZ" run --headless --record=gather.cvz gather.py >out 2>err
rc=$?
if [ $rc -eq 0 ] && [ "$(cat out)" = "['a', 'b', 'c']
['a', 'b', 'c']
None" ]; then
	ok "the program runs and prints the gathered results"
else
	not_ok "the program runs (exit $rc)"
	diag "$(cat out err)"
fi
"$CONCVIZ" export -f text gather.cvz >ev.txt 2>err ||
	diag "export: $(cat err)"

# intervals STATE-PATTERN WHO-PATTERN: "start end name" for each stretch a
# matching entity spends in the state (text export: "T WHO went from A to B").
intervals() {
	awk -v st="$1" -v who="$2" '
	/ went from / {
		t = $1; line = $0
		sub(/^ *[0-9.]+  /, "", line)
		i = index(line, " went from "); name = substr(line, 1, i - 1)
		if (name !~ who) next
		rest = substr(line, i + 11)
		j = index(rest, " to "); from = substr(rest, 1, j - 1)
		to = substr(rest, j + 4)
		if (index(from, st) == 1 && (name in s)) {
			print s[name], t, name; delete s[name]
		}
		if (index(to, st) == 1) s[name] = t
	}' ev.txt
}

# overlap FILE: every interval of FILE overlaps every other one.
all_overlap() {
	awk '{ if (NR == 1 || $1 > ms) ms = $1; if (NR == 1 || $2 < me) me = $2 }
	     END { exit !(NR == 3 && ms < me) }' "$1"
}
# disjoint FILE: no two intervals of FILE overlap.
all_disjoint() {
	sort -n "$1" | awk '{ if (NR > 1 && $1 < pe) bad = 1; pe = $2 }
	     END { exit !(NR == 3 && !bad) }'
}

intervals "Timed Waiting on sleep" "\\(polite\\)$" >polite-timed
check "three polite tasks were each in Timed Waiting (asyncio.sleep)" \
    test "$(wc -l <polite-timed)" -eq 3
check "the three asyncio.sleep(0.2) waits overlap" all_overlap polite-timed
[ $? -eq 0 ] || diag "$(cat polite-timed)"

intervals "Runnable (running)" "\\(rude\\)$" >rude-running
check "the three time.sleep(0.2) steps never overlap" all_disjoint rude-running
[ $? -eq 0 ] || diag "$(cat rude-running)"
intervals "Timed Waiting" "\\(rude\\)$" >rude-timed
check "a task in time.sleep is never in Timed Waiting itself" \
    test ! -s rude-timed
n=$(grep -c "event loop was blocked for .* by a step of Task-[0-9]* (rude)" ev.txt)
check "each time.sleep step is reported as blocking the loop ($n)" \
    test "$n" -eq 3
n=$(grep -c "was blocked for .* by a step of Task-[0-9]* (polite)" ev.txt)
check "no asyncio.sleep step is reported as blocking the loop" test "$n" -eq 0

# The loop thread: Timed Waiting on the event loop (the libev poll), with
# the GIL released, while the polite tasks sleep.
intervals "Timed Waiting on the event loop" "^MainThread$" >poll
first=$(head -n 1 poll)
check "the loop's thread waits in the poll in Timed Waiting" test -n "$first"
if [ -n "$first" ]; then
	set -- $first
	ps=$1 pe=$2
	awk -v ps="$ps" -v pe="$pe" '{ if (!($1 <= ps && pe <= $2)) bad = 1 }
	    END { exit bad }' polite-timed
	check "the poll lies within the three tasks' sleeps" test $? -eq 0
	took=$(awk -v ps="$ps" -v pe="$pe" '$1 >= ps && $1 < pe &&
	    /MainThread took the GIL/' ev.txt | wc -l)
	check "the loop's thread holds no GIL while polling" test "$took" -eq 0
	rel=$(awk -v ps="$ps" '$1 <= ps' ev.txt |
	    grep "MainThread \(released\|took\) the GIL" | tail -n 1)
	case $rel in
	*released*) ok "the GIL was released before the poll" ;;
	*) not_ok "the GIL was released before the poll"; diag "$rel" ;;
	esac
else
	skip "no poll"; skip "no poll"; skip "no poll"
fi

# run_in_executor: a real worker thread; the loop thread Blocked on the loop.
check "run_in_executor runs the function on a new thread" \
    grep -q "asyncio_0 (thread) was created" ev.txt
intervals "Blocked/Waiting on the event loop" "^MainThread$" >blocked
check "the loop's thread is Blocked on the loop while the worker runs" \
    test -s blocked

# The entities: tasks are children of the loop, the loop of the thread.
check "the loop is an entity created by its thread" \
    grep -q "event loop (event loop) was created by MainThread" ev.txt
check "tasks are entities created by the loop" \
    grep -q "Task-2 (polite) (task) was created by event loop" ev.txt
check "each task ends Terminated" test "$(grep -c "(\\(polite\\|rude\\|main\\)) went from .* to Terminated" ev.txt)" -eq 7

# Streams: a task reading a socket waits Blocked on I/O; the loop's thread
# waits in the poll for the socket (ev_io), not in a timer.
cat >stream.py <<'PY'
import asyncio


async def handle(reader, writer):
    await asyncio.sleep(0.05)
    writer.write(b"late line\n")
    await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    print(await reader.readline())
    writer.close()
    server.close()


asyncio.run(main())
PY
timeout 60 "$CONCVIZ" run --headless --record=stream.cvz stream.py >out 2>err
check "the stream program runs" grep -q "late line" out
"$CONCVIZ" export -f text stream.cvz >ev.txt 2>/dev/null
check "the reading task is Blocked on I/O" \
    grep -q "Task-1 (main) went from .* to Blocked/Waiting on I/O" ev.txt
done_testing
