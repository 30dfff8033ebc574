#!/bin/sh
# tests/bench/run.sh — "make bench": every benchmark row, as a table of
# figure, value and target/reference. Each room adds its rows through a
# fragment tests/bench/rows-ROOM.sh (sourced here, in name order), so that
# rooms never edit each other's lines. Never part of make check.
: "${top_srcdir:=.}" "${top_builddir:=.}"
export top_srcdir top_builddir CONCVIZ PYTHON3
printf '%-52s %12s   %s\n' FIGURE VALUE TARGET/REFERENCE
# row FIGURE VALUE REFERENCE: print one row.
row() { printf '%-52s %12s   %s\n' "$1" "$2" "$3"; }
for f in "$top_srcdir"/tests/bench/rows-*.sh; do
	[ -f "$f" ] || continue
	. "$f"
done
