# tests/bench/rows-rt.sh — the GIL rows (sourced by run.sh): two CPU-bound
# jobs sequential vs 2 threads per GIL mode, beside python3.
rows4 "$top_builddir/tests/bench/bench-gil"
