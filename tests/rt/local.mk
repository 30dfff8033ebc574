# tests/rt: the runtime (GIL, threads, synchronization, deadlocks) on real
# pthreads, through its C API; sink.c stands in for the trace collector.
rt_test_common = tests/rt/sink.c tests/rt/sink.h tests/rt/rtest.c tests/rt/rtest.h
rt_test_cflags = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
rt_test_ldadd = $(CONCVIZ_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/rt/test-gil
tests_rt_test_gil_SOURCES = tests/rt/test-gil.c $(rt_test_common)
tests_rt_test_gil_CFLAGS = $(rt_test_cflags)
tests_rt_test_gil_LDADD = $(rt_test_ldadd)
TESTS += tests/rt/test-gil
