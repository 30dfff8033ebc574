# tests/bench/rows-trace.sh — the trace rows (sourced by run.sh): emit cost,
# bytes per event, read speed, state at t.
rows4 "$top_builddir/tests/bench/bench-trace"
