# tests/bench: benchmarks for "make bench" (never part of make check).
# run.sh sources every tests/bench/rows-*.sh; programs are bench_programs.
EXTRA_DIST += tests/bench/run.sh

# The trace rows: emit, bytes/event, read speed, state at t.
bench_programs += tests/bench/bench-trace
tests_bench_bench_trace_SOURCES = tests/bench/bench-trace.c
tests_bench_bench_trace_LDADD = $(CONCVIZ_LIBS)
EXTRA_DIST += tests/bench/rows-trace.sh

# The runtime's rows: the GIL with two CPU-bound jobs.
bench_programs += tests/bench/bench-gil
tests_bench_bench_gil_SOURCES = tests/bench/bench-gil.c
tests_bench_bench_gil_LDADD = $(CONCVIZ_LIBS)
EXTRA_DIST += tests/bench/rows-rt.sh tests/bench/gil_two_jobs.py

# The language rows: micro programs beside python3.
EXTRA_DIST += tests/bench/rows-lang.sh tests/bench/lang.sh \
	tests/bench/lang-countdown.py tests/bench/lang-fib.py \
	tests/bench/lang-methods.py tests/bench/lang-strings.py \
	tests/bench/lang-build.py

# The process rows: CPU work in processes, Queue and Pipe round trips.
EXTRA_DIST += tests/bench/rows-proc.sh

# The UI rows: frame render time, the UI's own CPU.
EXTRA_DIST += tests/bench/rows-ui.sh

# The exporters' rows: chrome, svg and text of a 1 M-event run.
bench_programs += tests/bench/bench-export
tests_bench_bench_export_SOURCES = tests/bench/bench-export.c
tests_bench_bench_export_LDADD = $(CONCVIZ_LIBS)
EXTRA_DIST += tests/bench/rows-export.sh

# The asyncio rows: 10,000 tasks through the loop, gather of three sleeps.
EXTRA_DIST += tests/bench/rows-asyncio.sh tests/bench/asyncio-tasks.py \
	tests/bench/asyncio-gather.py
# concurrent.futures beside python3 (tests/bench/rows-futures.sh).
EXTRA_DIST += tests/bench/rows-futures.sh tests/bench/futures.py
