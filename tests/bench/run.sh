#!/bin/sh
# tests/bench/run.sh — "make bench": run every benchmark and print one table.
#
# A benchmark is either a program built as tests/bench/bench-* (listed in
# bench_programs) or a script tests/bench/*.bench.sh. Each prints rows
#   NAME<TAB>VALUE<TAB>UNIT<TAB>REFERENCE
# where REFERENCE is the target or the figure of CPython / the physical floor
# for the same work ("python3 0.41 s", "<= 50 ns"). Lines starting with '#'
# are passed through as notes.
: "${top_srcdir:=.}" "${top_builddir:=.}"
export top_srcdir top_builddir CONCVIZ PYTHON3
printf '%-48s %14s %-8s %s\n' "benchmark" "value" "unit" "reference"
printf '%-48s %14s %-8s %s\n' "---------" "-----" "----" "---------"
status=0
run_one() {
	"$@" 2>"$top_builddir/bench.err" | while IFS='	' read -r name value unit ref; do
		case $name in
		'#'*) printf '%s\n' "$name" ;;
		'') ;;
		*) printf '%-48s %14s %-8s %s\n' "$name" "$value" "$unit" "$ref" ;;
		esac
	done
	if [ -s "$top_builddir/bench.err" ]; then
		sed 's/^/# stderr: /' "$top_builddir/bench.err"
	fi
}
for b in "$top_builddir"/tests/bench/bench-*; do
	[ -x "$b" ] || continue
	run_one "$b"
done
for s in "$top_srcdir"/tests/bench/*.bench.sh; do
	[ -f "$s" ] || continue
	run_one sh "$s"
done
rm -f "$top_builddir/bench.err"
exit $status
