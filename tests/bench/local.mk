# tests/bench: "make bench" (tests/bench/run.sh) runs every rows-*.sh here.
EXTRA_DIST += tests/bench/run.sh

# The runtime's rows: the GIL with two CPU-bound jobs.
bench_programs += tests/bench/bench-gil
tests_bench_bench_gil_SOURCES = tests/bench/bench-gil.c
tests_bench_bench_gil_LDADD = $(CONCVIZ_LIBS)
EXTRA_DIST += tests/bench/rows-rt.sh tests/bench/gil_two_jobs.py
