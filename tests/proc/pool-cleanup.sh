#!/bin/sh
# tests/proc/pool-cleanup.sh — kill "concviz run" with SIGTERM and with
# SIGKILL in the middle of a Pool run: afterwards no process of that run
# is alive (gone, or at most a zombie waiting for init to reap it).
. "$top_srcdir/tests/tap.sh"
plan 4
py=$top_srcdir/tests/proc/pool-cleanup.py
tmp=${TMPDIR:-/tmp}/pool-cleanup.$$
# alive PID: exists and is not a zombie
alive() {
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -n "$st" ] && [ "$st" != Z ]
}
for sig in TERM KILL; do
	: >"$tmp"	# exists before the run starts, so the wait below can count
	"$CONCVIZ" run --headless "$py" >"$tmp" 2>/dev/null &
	cv=$!
	n=0
	# Wait (bounded) until the root and its 3 workers have reported.
	while [ "$(grep -c . "$tmp")" -lt 4 ] && [ $n -lt 3000 ]; do
		n=$((n + 1)); sleep 0.01
	done
	pids=$(awk '{print $2}' "$tmp")
	count=$(printf '%s\n' $pids | grep -c .)
	check "SIG$sig: the run reported its root and 3 workers" [ "$count" -eq 4 ]
	kill -s "$sig" "$cv"
	wait "$cv" 2>/dev/null
	left=""
	n=0
	while [ $n -lt 500 ]; do
		left=""
		for p in $pids; do alive "$p" && left="$left $p"; done
		[ -z "$left" ] && break
		n=$((n + 1)); sleep 0.01
	done
	check "SIG$sig: no process of the run is left ($left)" [ -z "$left" ]
	for p in $left; do kill -9 "$p" 2>/dev/null; done
done
rm -f "$tmp"
done_testing
