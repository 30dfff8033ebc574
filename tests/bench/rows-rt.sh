# tests/bench/rows-rt.sh — the GIL rows (sourced by run.sh): two CPU-bound
# jobs sequential vs 2 threads per GIL mode, beside python3.
rows4 "$top_builddir/tests/bench/bench-gil"
# The same two jobs as Python code in the VM (gil_two_jobs.py: the real eval
# loop, refcounts and, with --gil=none, the free-threaded locks), per mode.
cv=${CONCVIZ:-${top_builddir:-.}/src/concviz}
py_ref=
if [ -n "${PYTHON3:-}" ]; then
	py_ref=$("$PYTHON3" "$top_srcdir/tests/bench/gil_two_jobs.py" 2>/dev/null)
fi
for m in modern legacy none; do
	v=$("$cv" run --headless --gil=$m \
	    "$top_srcdir/tests/bench/gil_two_jobs.py" 2>/dev/null)
	if [ "$m" = none ]; then
		ref="~0.5 on 2 cores"
	else
		ref="python3 ${py_ref:--}"
	fi
	row "vm two jobs --gil=$m: 2 threads / sequential" "${v:--} ratio" "$ref"
done
