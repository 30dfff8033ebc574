# tests/bench/rows-asyncio.sh — the asyncio rows (sourced by run.sh): 10,000
# tasks hopping through the loop, gather of three sleep(0.2), beside python3.
asyncio_bench() {
	local cv=${CONCVIZ:-${top_builddir:-.}/src/concviz} b s e c py
	b=$top_srcdir/tests/bench
	s=$(date +%s%N)
	"$cv" run --headless "$b/asyncio-tasks.py" >/dev/null 2>&1 </dev/null
	e=$(date +%s%N)
	c=$(( (e - s) / 1000000 ))
	row "asyncio 10,000 tasks x 10 sleep(0): concviz" "$c ms" "<= python3"
	s=$(date +%s%N)
	"$cv" run --headless --record="${TMPDIR:-/tmp}/bench-aio.$$.cvz" \
	    "$b/asyncio-tasks.py" >/dev/null 2>&1 </dev/null
	e=$(date +%s%N)
	rm -f "${TMPDIR:-/tmp}/bench-aio.$$.cvz"
	row "asyncio 10,000 tasks x 10 sleep(0): recorded" \
	    "$(( (e - s) / 1000000 )) ms" "(every task step traced)"
	if [ -n "${PYTHON3:-}" ]; then
		s=$(date +%s%N)
		"$PYTHON3" "$b/asyncio-tasks.py" >/dev/null 2>&1 </dev/null
		e=$(date +%s%N)
		py=$(( (e - s) / 1000000 ))
		row "asyncio 10,000 tasks x 10 sleep(0): python3" "$py ms" \
		    "reference"
	fi
	row "asyncio gather of three sleep(0.2): concviz" \
	    "$("$cv" run --headless "$b/asyncio-gather.py" 2>/dev/null) s" \
	    "0.20 s (SPEC)"
	[ -n "${PYTHON3:-}" ] &&
		row "asyncio gather of three sleep(0.2): python3" \
		    "$("$PYTHON3" "$b/asyncio-gather.py" 2>/dev/null) s" \
		    "reference"
}
asyncio_bench
