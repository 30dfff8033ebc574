# tests/bench/rows-export.sh — the exporters' rows (sourced by run.sh): time
# to export a 1 M-event run as chrome, svg and text (best of 3, CPU time).
rows4 "$top_builddir/tests/bench/bench-export"
