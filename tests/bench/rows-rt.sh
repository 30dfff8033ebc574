# tests/bench/rows-rt.sh — the runtime's rows (sourced by run.sh): two
# CPU-bound jobs sequential vs two threads under each GIL mode, and the same
# program under python3 for reference.
if [ -x "$top_builddir/tests/bench/bench-gil" ]; then
	"$top_builddir/tests/bench/bench-gil" | while IFS='	' read -r fig val ref; do
		row "$fig" "$val" "$ref"
	done
	if [ -n "$PYTHON3" ]; then
		row "python3: 2 threads / sequential" \
		    "$("$PYTHON3" "$top_srcdir/tests/bench/gil_two_jobs.py")" \
		    "$("$PYTHON3" -c 'import sys; print("CPython %d.%d, same program" % sys.version_info[:2])')"
	fi
fi
