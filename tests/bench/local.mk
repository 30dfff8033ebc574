# tests/bench: benchmarks for "make bench" (never part of make check).
# Programs go in bench_programs as tests/bench/bench-NAME; scripts are
# tests/bench/NAME.bench.sh. run.sh discovers both.
bench_programs += tests/bench/bench-trace
tests_bench_bench_trace_SOURCES = tests/bench/bench-trace.c
tests_bench_bench_trace_LDADD = $(CONCVIZ_LIBS)
EXTRA_DIST += tests/bench/run.sh
