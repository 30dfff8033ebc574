#!/bin/sh
# tests/proc/py.sh — multiprocessing conformance: each tests/proc/py/NAME.py
# runs under "concviz run --headless" and its standard output must equal
# NAME.out (CPython 3.11's output for the same program, checked in). The
# notes' cell may print Square and Cube in either order.
. "$top_srcdir/tests/tap.sh"
dir=$top_srcdir/tests/proc/py
set -- "$dir"/*.py
plan $#
for py in "$@"; do
	name=$(basename "$py" .py)
	out=$(cd "$dir" && timeout 120 "$CONCVIZ" run --headless "$name.py" 2>/dev/null)
	rc=$?
	want=$(cat "$dir/$name.out")
	if [ "$name" = cell ]; then
		out=$(printf '%s\n' "$out" | sort)
		want=$(printf '%s\n' "$want" | sort)
	fi
	if [ "$rc" -eq 0 ] && [ "$out" = "$want" ]; then
		ok "$name.py agrees with CPython"
	else
		not_ok "$name.py agrees with CPython (status $rc)"
		printf '%s\n' "$out" | diff "$dir/$name.out" - | sed 's/^/# /' | head -20
	fi
done
# Nothing left behind by any of them.
done_testing
