# tests/bench/rows-ui.sh — the UI rows (sourced by run.sh): frame render time,
# the UI's own CPU paused and animating.
rows4 "$top_builddir/tests/ui/bench-ui" "${CONCVIZ:-$top_builddir/src/concviz}"
