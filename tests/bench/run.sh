#!/bin/sh
# tests/bench/run.sh — "make bench": print one table of every benchmark.
#
# Each room adds a script tests/bench/rows-ROOM.sh, sourced here, that runs
# its benchmark programs (built as tests/bench/bench-*, listed in
# bench_programs) or the python3 reference, and calls
#   row FIGURE VALUE REFERENCE
# once per figure; REFERENCE is the target or CPython's / the physical
# floor's figure for the same work ("<= 50 ns", "python3 0.41 s").
: "${top_srcdir:=.}" "${top_builddir:=.}"
export top_srcdir top_builddir CONCVIZ PYTHON3
printf '%-52s %16s   %s\n' FIGURE VALUE TARGET/REFERENCE
# row FIGURE VALUE REFERENCE: print one row.
row() { printf '%-52s %16s   %s\n' "$1" "$2" "$3"; }
# rows4 PROGRAM...: print the NAME<TAB>VALUE<TAB>UNIT<TAB>TARGET lines of a program.
rows4() {
	if [ ! -x "$1" ]; then
		row "$(basename "$1")" "-" "not built"
		return
	fi
	"$@" | while IFS='	' read -r name value unit target; do
		row "$name" "$value $unit" "$target"
	done
}
for f in "$top_srcdir"/tests/bench/rows-*.sh; do
	[ -f "$f" ] || continue
	. "$f"
done
