# tests/bench/rows-proc.sh — the process rows (sourced by run.sh): CPU work in
# processes vs sequential, Queue and Pipe round trips, beside python3.
rows4 "$top_builddir/tests/bench/bench-proc"
