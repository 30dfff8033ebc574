# tests/bench: benchmark programs, built and run by "make bench" only.
bench_programs += tests/bench/bench-trace
tests_bench_bench_trace_SOURCES = tests/bench/bench-trace.c
tests_bench_bench_trace_LDADD = $(CONCVIZ_LIBS)
EXTRA_DIST += tests/bench/run.sh

# The runtime: the GIL with two CPU-bound jobs, beside python3.
bench_programs += tests/bench/bench-gil
tests_bench_bench_gil_SOURCES = tests/bench/bench-gil.c
tests_bench_bench_gil_LDADD = $(CONCVIZ_LIBS)
EXTRA_DIST += tests/bench/gil_two_jobs.py
EXTRA_DIST += tests/bench/lang.sh tests/bench/lang-countdown.py \
	tests/bench/lang-fib.py tests/bench/lang-methods.py \
	tests/bench/lang-strings.py tests/bench/lang-build.py
