# tests/bench/rows-lang.sh — the language rows (sourced by run.sh): micro
# programs in concviz beside python3.
rows4 /bin/sh "$top_srcdir/tests/bench/lang.sh"
