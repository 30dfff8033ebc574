# tests/bench: benchmark programs, built and run by "make bench" only.
bench_programs += tests/bench/bench-trace
tests_bench_bench_trace_SOURCES = tests/bench/bench-trace.c
tests_bench_bench_trace_LDADD = $(CONCVIZ_LIBS)
EXTRA_DIST += tests/bench/run.sh
EXTRA_DIST += tests/bench/lang.sh tests/bench/lang-countdown.py \
	tests/bench/lang-fib.py tests/bench/lang-methods.py \
	tests/bench/lang-strings.py tests/bench/lang-build.py
