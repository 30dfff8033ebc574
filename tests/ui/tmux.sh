#!/bin/sh
# tests/ui/tmux.sh — the TUI end to end in a real terminal: a private tmux
# server (-L), detached sessions at fixed sizes, send-keys, capture-pane.
# Screen contents are awaited by polling with a bounded number of tries.
# Covers: the menu (topics, the description follows the selection), opening
# a scenario and going back, replay of a library-made recording (lanes for
# MainThread and both workers, the GIL row with a holder), pause / step /
# speed indicators, resize 120x40 -> 80x24 -> 40x10 (enlarge) -> back, a
# hung runner killed with its whole group on quit, a crash of the UI
# (SIGABRT), a live stream, recording and annotations, Ctrl-C, NO_COLOR, a
# missing terminfo entry, mouse clicks (X10 sequences typed into the pane),
# and a terminal left exactly as it was (stty -a).
. "$top_srcdir/tests/tap.sh"
if [ -z "$TMUX_BIN" ]; then
	echo "1..0 # SKIP tmux not found"
	exit 0
fi
marker="cvzuitest$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/$marker.XXXXXX") || exit 1
sock="concviz-test-$$"
# The view is checked in UTF-8 (the ASCII fallback is view.sh's): whatever
# locale the harness runs in, the sessions get a UTF-8 one, and tmux is told
# the terminal speaks UTF-8 (-u).
LANG=C.UTF-8; export LANG; unset LC_ALL LC_CTYPE
tm() { "$TMUX_BIN" -u -L "$sock" -f /dev/null "$@"; }
cleanup() {
	tm kill-server 2>/dev/null
	pkill -KILL -f "$marker" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# The binary and the scenarios live under a path holding the marker, so
# that pgrep -f finds the UI and its runner and nothing else.
mkdir -p "$tmp/bin" "$tmp/data"
ln -s "$CONCVIZ" "$tmp/bin/concviz"
cp -R "$top_srcdir/data/scenarios" "$tmp/data/scenarios"
"$top_builddir/tests/ui/synth-record" "$tmp/lesson.cvz" || exit 1

# start NAME COLSxROWS ARGS...: run concviz in a session through a wrapper
# that saves stty before and after and the exit status.
start() {
	name=$1 size=$2; shift 2
	cat >"$tmp/$name.sh" <<EOS
trap 'echo interrupted' INT
stty -a >"$tmp/$name.before" 2>&1
CONCVIZ_DATA_DIR="$tmp/data" XDG_DATA_HOME="$tmp/xdg" $EXTRA "$tmp/bin/concviz" $*
echo \$? >"$tmp/$name.rc"
stty -a >"$tmp/$name.after" 2>&1
echo "[wrapper done]"
exec sleep 300
EOS
	tm new-session -d -s "$name" -x "${size%x*}" -y "${size#*x}" \
	    "TERM=screen sh $tmp/$name.sh"
}
screen() { tm capture-pane -p -t "$1"; }
on_screen() { screen "$1" | grep -qF -- "$2"; }
# wait_for SESSION TEXT: poll the screen (at most ~10 s).
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	diag "timed out waiting for '$2' in $1; the screen was:"
	diag "$(screen "$1")"
	return 1
}
# wait_gone SESSION TEXT: poll until the text has left the screen.
wait_gone() {
	i=0
	while [ $i -lt 100 ]; do
		screen "$1" | grep -qF -- "$2" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	diag "'$2' still on $1"
	return 1
}
keys() { s=$1; shift; tm send-keys -t "$s" "$@"; }
# click SESSION X Y: a left click (press and release, X10 mouse encoding,
# 0-based cell), typed into the pane as a terminal would send it.
click() {
	c_p=$(printf "\\033[M\\$(printf %o 32)\\$(printf %o $((33 + $2)))\\$(printf %o $((33 + $3)))")
	c_r=$(printf "\\033[M\\$(printf %o 35)\\$(printf %o $((33 + $2)))\\$(printf %o $((33 + $3)))")
	tm send-keys -t "$1" -l "$c_p$c_r"
}
# row_of SESSION TEXT: the 0-based screen row of the first line with TEXT.
row_of() { screen "$1" | grep -nF -- "$2" | head -1 | cut -d: -f1 | awk '{ print $1 - 1 }'; }
# finished SESSION: the wrapper ran; the exit status was 0 and stty unchanged.
finished() {
	wait_for "$1" "[wrapper done]" &&
	[ "$(cat "$tmp/$1.rc")" = "${2:-0}" ] &&
	cmp -s "$tmp/$1.before" "$tmp/$1.after"
}
# The UI, its runner and their children; not tmux or the wrappers.
ours() {
	pgrep -af "$marker" | grep -v -e tmux -e 'sleep 300' -e '\.sh$' -e pgrep
	pgrep -af 'sleep 100[01]'
}
no_process_left() {
	i=0
	while [ $i -lt 50 ]; do
		[ -z "$(ours)" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	diag "left over: $(ours)"
	return 1
}

# --- the menu -------------------------------------------------------------
mkdir -p "$tmp/xdg/concviz/scenarios"
printf '# title: Broken\n# topic: Cooking\n# description: x\n' \
    >"$tmp/xdg/concviz/scenarios/broken.py"
printf '# title: My own lesson\n# topic: IPC\n# description: mine\nprint(1)\n' \
    >"$tmp/xdg/concviz/scenarios/mine.py"
start menu 120x40
check "menu: opens with the scenario list" wait_for menu "Scenarios"
for t in "Processes" "Threads and states" "Synchronization" "The GIL" \
    "asyncio" "IPC" "Pools and executors"; do
	check "menu: shows the topic '$t'" on_screen menu "$t"
done
check "menu: the user's own scenario is listed" on_screen menu "My own lesson"
check "menu: a bad header is skipped with a note" on_screen menu "1 file skipped: see 'concviz list'"
check "menu: the bad file is not listed" sh -c "! '$TMUX_BIN' -L '$sock' capture-pane -p -t menu | grep -q Broken"
first=$(screen menu | grep -c "Each process has its own interpreter")
check "menu: the first scenario's description is shown" [ "$first" -ge 1 ]
keys menu Down Down Down
check "menu: Down moves the selection and the description follows" \
    wait_for menu "The example from the notes"
check "menu: the previous description is gone" \
    wait_gone menu "Each process has its own interpreter"
keys menu k
check "menu: k moves back up" wait_for menu "A daemon thread runs in the background"
click menu 6 "$(row_of menu "The five states: sleep")"
check "menu: a click selects a scenario" wait_for menu "One program that visits every state"
click menu 6 "$(row_of menu "The notes' threading example")"
check "menu: a click on another selects that one" wait_for menu "The example from the notes"
keys menu Enter
check "menu: Enter opens the running view of the selection" \
    wait_for menu "Source  threads-notes.py"
check "view: the scenario's default speed is on the status line" \
    wait_for menu "speed 1/200"
if "$CONCVIZ" run --headless "$top_srcdir/data/scenarios/threads-notes.py" \
    >/dev/null 2>&1; then
	check "live: MainThread has a lane" wait_for menu "MainThread"
	check "live: Thread-1 has a lane" wait_for menu "Thread-1 (print_square)"
	check "live: Thread-2 has a lane" wait_for menu "Thread-2 (print_cube)"
	keys menu space
	check "live: space pauses" wait_for menu "PAUSED"
	keys menu Home
	# Step event by event until the GIL row names its holder.
	i=0
	while [ $i -lt 80 ] && ! on_screen menu "GIL → MainThread"; do
		keys menu .
		sleep 0.05
		i=$((i + 1))
	done
	check "live: stepping shows the GIL row with its holder" \
	    wait_for menu "GIL → MainThread"
	keys menu End
	check "live: the workers print" wait_for menu "Cube: 1000"
else
	check "live: a program that fails shows its exit status" \
	    wait_for menu "exit 1"
	skip "live threading lanes: 'concviz run --headless' cannot run scenarios yet (waiting for the interpreter)"
fi
keys menu +
check "view: + speeds up" wait_for menu "speed 1/100"
keys menu -
keys menu -
check "view: - slows down" wait_for menu "speed 1/500"
keys menu '?'
check "view: ? shows the keys" wait_for menu "step to the next / previous event"
keys menu Escape
check "view: any key closes the help" wait_gone menu "step to the next / previous event"
keys menu q
check "view: q goes back to the menu" wait_for menu "Scenarios"
keys menu q
check "menu: q quits with status 0 and the terminal as it was" finished menu
check "menu: no concviz or runner process is left" no_process_left

# --- a plain program run live by the real interpreter ------------------------
printf 'total = 0\nfor i in range(300000):\n    total += i\nprint("total", total)\n' \
    >"$tmp/data/plain.py"
if "$CONCVIZ" run --headless "$tmp/data/plain.py" >/dev/null 2>&1; then
	start plain 120x40 "$tmp/data/plain.py"
	check "interpreter: MainThread's lane comes from the live stream" \
	    wait_for plain "MainThread"
	keys plain End
	check "interpreter: the program's output reaches the view" \
	    wait_for plain "total 44999850000"
	check "interpreter: the run ends" wait_for plain "END"
	check "interpreter: the source pane shows the file" wait_for plain "total += i"
	keys plain q
	check "interpreter: quits" finished plain
	check "interpreter: no runner is left" no_process_left
else
	skip "the interpreter cannot run a plain program yet"
fi

# --- GIL modes: a scenario's header picks one, 'm' cycles them ---------------
cat >"$tmp/data/modes.py" <<'PY'
# title: Two spinners
# topic: The GIL
# gil: legacy
# description: Two CPU-bound threads.
import threading
def spin():
    n = 0
    for i in range(20000):
        n += i
ts = [threading.Thread(target=spin) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("spun")
PY
start modes 120x40 run "$tmp/data/modes.py"
check "gil: 'run' without --headless opens the view" wait_for modes "Two spinners"
check "gil: the header's mode reaches the program" wait_for modes "GIL (legacy"
keys modes m
check "gil: m restarts under the next mode" wait_for modes "restarted with --gil=none"
check "gil: the program now runs with no GIL" wait_for modes "GIL (none"
keys modes m
check "gil: m again comes back to modern" wait_for modes "GIL (modern)"
keys modes q
check "gil: quits" finished modes
check "gil: no runner is left" no_process_left

# --- watch: any program, from /proc --------------------------------------------
start watch 120x40 watch -- sh -c "'sleep 0.5; echo watched-output'"
check "watch: the command's process has a lane" wait_for watch "sh (pid"
check "watch: its child's lane appears" wait_for watch "sleep (pid"
check "watch: the command's output reaches the view" wait_for watch "watched-output"
check "watch: the GIL panel says it cannot see one" wait_for watch "visible from /proc"
keys watch q
check "watch: quits" finished watch
check "watch: no process is left" no_process_left

# --- replay of a recording made by the trace library ------------------------
start replay 120x40 replay "$tmp/lesson.cvz"
check "replay: MainThread has a lane" wait_for replay "MainThread"
check "replay: Thread-1 has a lane" wait_for replay "Thread-1 (print_square)"
check "replay: Thread-2 has a lane" wait_for replay "Thread-2 (print_cube)"
check "replay: the source comes from the recording" wait_for replay "t1.start()"
check "replay: plays to the end" wait_for replay "END"
check "replay: the output pane shows the program's output" wait_for replay "Done!"
keys replay space
check "replay: space pauses" wait_for replay "PAUSED"
keys replay Home
check "replay: Home goes back to the start" wait_for replay "t=0 ns"
keys replay .
check "replay: one step shows MainThread created" wait_for replay "MainThread"
keys replay .
check "replay: the next step gives MainThread the GIL" wait_for replay "GIL → MainThread"
t1=$(screen replay | sed -n '1s/.*t=\([^ ]* [a-z]*\).*/\1/p')
keys replay .
i=0; t2=$t1
while [ $i -lt 50 ] && [ "$t2" = "$t1" ]; do
	sleep 0.1; i=$((i + 1))
	t2=$(screen replay | sed -n '1s/.*t=\([^ ]* [a-z]*\).*/\1/p')
done
check "replay: . steps the playhead to the next event ($t1 -> $t2)" [ "$t2" != "$t1" ]
check "replay: stepping keeps it paused" wait_for replay "PAUSED"
keys replay End
check "replay: End jumps to the end" wait_for replay "END"
keys replay Enter
check "replay: Enter shows the selected thread's details" \
    wait_for replay "Time in each state so far"
keys replay q
check "replay: q closes the details" wait_gone replay "Time in each state so far"
click replay 5 "$(row_of replay "4   Thread-2 (print_cube)")"
click replay 5 "$(row_of replay "4   Thread-2 (print_cube)")"
check "replay: a click on the selected lane inspects it" \
    wait_for replay "Thread-2 (print_cube)  (Enter or q closes)"
keys replay q

# Resize at any moment.
tm resize-window -t replay -x 80 -y 24
check "resize: 80x24 still shows the view" wait_for replay "Lanes"
check "resize: 80x24 is big enough" wait_gone replay "enlarge"
tm resize-window -t replay -x 40 -y 10
check "resize: 40x10 asks to enlarge the terminal" wait_for replay "enlarge the terminal"
tm resize-window -t replay -x 120 -y 40
check "resize: back to 120x40 shows the view again" wait_for replay "Lanes"
check "resize: the status line came back" wait_for replay "speed 1/100"
keys replay q
check "replay: q quits with status 0 and the terminal as it was" finished replay

# --- a hung workload: quitting kills the runner's whole group ---------------
cat >"$tmp/bin/hang-runner" <<EOS
#!/bin/sh
# A runner that never ends and has a child of its own ($marker).
sleep 1000 &
echo "runner is hanging"
exec sleep 1001
EOS
chmod +x "$tmp/bin/hang-runner"
EXTRA="CONCVIZ_RUNNER=$tmp/bin/hang-runner"
start hang 100x30 "$tmp/data/scenarios/threads-notes.py"
EXTRA=
check "hang: the runner's output reaches the output pane" \
    wait_for hang "runner is hanging"
check "hang: the runner and its child run" sh -c "pgrep -f 'sleep 100[01]' >/dev/null"
keys hang q
check "hang: q quits at once with status 0" finished hang
check "hang: the hung runner and its child are gone" no_process_left

# --- a crash of the UI itself (a fatal signal) -------------------------------
EXTRA="CONCVIZ_RUNNER=$tmp/bin/hang-runner"
start crash 100x30 "$tmp/data/scenarios/threads-notes.py"
EXTRA=
check "crash: the view runs with its runner" wait_for crash "runner is hanging"
pkill -ABRT -f "^$tmp/bin/concviz"
check "crash: SIGABRT still restores the terminal (status 134)" finished crash 134
check "crash: and takes the runner's group with it" no_process_left

# --- a live stream from a runner: lanes fill in while it runs ---------------
cat >"$tmp/bin/stream-runner" <<EOS
#!/bin/sh
# Plays a runner: a live .cvz stream on fd 3 ($marker).
exec "$top_builddir/tests/ui/synth-record" --stream "\$@"
EOS
chmod +x "$tmp/bin/stream-runner"
EXTRA="CONCVIZ_RUNNER=$tmp/bin/stream-runner"
start live 120x40 "$tmp/data/scenarios/threads-notes.py" --record "$tmp/rec.cvz"
EXTRA=
check "live: lanes appear from the stream" wait_for live "Thread-2 (print_cube)"
check "live: --record shows REC" wait_for live "REC"
keys live End
check "live: End follows the newest events" wait_for live "LIVE"
check "live: the GIL row names a holder" wait_for live "GIL → "
check "live: the program's output arrives" wait_for live "Done!"
keys live space
check "live: space pauses a live run" wait_for live "PAUSED"
keys live a
check "live: a opens the annotation prompt" wait_for live "Annotation at the playhead:"
keys live -l "the GIL moves on"
keys live Enter
check "live: the annotation is in the narration" wait_for live "Note: the GIL moves on"
keys live /
check "live: / opens the filter prompt" wait_for live "Filter lanes:"
keys live -l "cube"
keys live Enter
check "live: the filter keeps the matching lanes" wait_for live "Lanes  1  "
check "live: and hides the other lanes" wait_gone live "3   Thread-1 (print_square"
keys live q
check "live: q clears the filter first" wait_for live "3   Thread-1 (print_square"
keys live q
check "live: q quits while the runner still runs" finished live
check "live: the runner is gone" no_process_left
"$CONCVIZ" export --format=text "$tmp/rec.cvz" >"$tmp/rec.txt" 2>&1
check "record: the recording made in the view reads back" [ $? -eq 0 ]
check "record: it holds the run" grep -q "Thread-2 (print_cube)" "$tmp/rec.txt"
check "record: it holds the annotation" grep -q "the GIL moves on" "$tmp/rec.txt"

# --- restart ----------------------------------------------------------------
EXTRA="CONCVIZ_RUNNER=$tmp/bin/stream-runner"
start again 120x40 "$tmp/data/scenarios/threads-notes.py"
EXTRA=
check "restart: the run starts" wait_for again "Thread-1 (print_square)"
keys again r
check "restart: r restarts the scenario" wait_for again "restarted"
check "restart: the new run streams again" wait_for again "Thread-1 (print_square)"
keys again Q
check "restart: Q quits" finished again
check "restart: no runner is left" no_process_left

# --- Ctrl-C, NO_COLOR, a missing terminfo entry -------------------------------
start intr 100x30 "$tmp/data/scenarios/gil-two-cpu.py"
check "intr: the view opens" wait_for intr "Two threads, one GIL"
keys intr C-c
check "intr: Ctrl-C quits and restores the terminal" finished intr
check "intr: no process is left" no_process_left

start term 100x30 "$tmp/data/scenarios/gil-two-cpu.py"
check "term: the view opens" wait_for term "Two threads, one GIL"
pkill -TERM -f "^$tmp/bin/concviz"
check "term: SIGTERM quits (status 143) and restores the terminal" finished term 143
check "term: no process is left" no_process_left

# A recording cut short replays up to its last whole chunk.
"$top_builddir/tests/ui/synth-record" "$tmp/long.cvz" -n 4
size=$(wc -c <"$tmp/long.cvz")
head -c $((size / 2)) "$tmp/long.cvz" >"$tmp/cut.cvz"
start cut 120x40 replay "$tmp/cut.cvz"
check "cut: a recording cut short still opens" wait_for cut "Thread-4 (burn)"
check "cut: and says it was cut short" wait_for cut "cut short"
keys cut q
check "cut: quits" finished cut

EXTRA="NO_COLOR=1"
start mono 100x30
EXTRA=
check "mono: the menu opens" wait_for mono "Scenarios"
check "mono: NO_COLOR draws without colours" \
    sh -c "! '$TMUX_BIN' -L '$sock' capture-pane -e -p -t mono | grep -q '\[3[0-7]m\|\[3[0-7];\|;3[0-7]m\|38;5'"
keys mono q
check "mono: quits" finished mono

EXTRA="TERM=concviz-no-such-terminal"
start noterm 100x30
EXTRA=
check "noterm: a missing terminfo entry is explained" wait_for noterm "no terminfo entry"
check "noterm: and exits 1" finished noterm 1

tm kill-server 2>/dev/null
done_testing
