#!/bin/sh
# tests/bench/run.sh — "make bench": run each benchmark program and print one
# table. Each program prints lines NAME<TAB>VALUE<TAB>UNIT<TAB>TARGET; a room
# adds its programs with one "row" line below (and to bench_programs).
b=${top_builddir:-.}/tests/bench
printf '%-52s %12s  %-7s %s\n' FIGURE VALUE UNIT TARGET
row() {
	if [ ! -x "$1" ]; then
		printf '%-52s %12s  %-7s %s\n' "$(basename "$1")" "-" "" "not built"
		return
	fi
	"$@" | while IFS='	' read -r name value unit target; do
		printf '%-52s %12s  %-7s %s\n' "$name" "$value" "$unit" "$target"
	done
}

# --- trace: emit path, .cvz recordings, the model (issue 3)
row "$b/bench-trace"

# --- lang: the language's micro programs beside python3 (issue 4)
row /bin/sh "${top_srcdir:-.}/tests/bench/lang.sh"

# --- rt: the GIL, two CPU-bound jobs sequential vs 2 threads (issue 5)
row "$b/bench-gil"

# --- ui: frame render time, the UI's own CPU paused and animating (issue 7)
row "${top_builddir:-.}/tests/ui/bench-ui" "${CONCVIZ:-${top_builddir:-.}/src/concviz}"
