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

check_PROGRAMS += tests/rt/test-deadlock
tests_rt_test_deadlock_SOURCES = tests/rt/test-deadlock.c $(rt_test_common)
tests_rt_test_deadlock_CFLAGS = $(rt_test_cflags)
tests_rt_test_deadlock_LDADD = $(rt_test_ldadd)
TESTS += tests/rt/test-deadlock

check_PROGRAMS += tests/rt/test-sync
tests_rt_test_sync_SOURCES = tests/rt/test-sync.c $(rt_test_common)
tests_rt_test_sync_CFLAGS = $(rt_test_cflags)
tests_rt_test_sync_LDADD = $(rt_test_ldadd)
TESTS += tests/rt/test-sync

check_PROGRAMS += tests/rt/test-thread
tests_rt_test_thread_SOURCES = tests/rt/test-thread.c $(rt_test_common)
tests_rt_test_thread_CFLAGS = $(rt_test_cflags)
tests_rt_test_thread_LDADD = $(rt_test_ldadd)
TESTS += tests/rt/test-thread

# Conformance of the threading and queue modules against CPython's output.
TESTS += tests/rt/py.sh
EXTRA_DIST += tests/rt/py.sh $(rt_py_files)
rt_py_files = \
	tests/rt/py/barrier.py tests/rt/py/barrier.out \
	tests/rt/py/condition.py tests/rt/py/condition.out \
	tests/rt/py/daemon.py tests/rt/py/daemon.out \
	tests/rt/py/event.py tests/rt/py/event.out \
	tests/rt/py/local.py tests/rt/py/local.out \
	tests/rt/py/lock.py tests/rt/py/lock.out \
	tests/rt/py/notes_threading.py tests/rt/py/notes_threading.out \
	tests/rt/py/queues.py tests/rt/py/queues.out \
	tests/rt/py/rlock.py tests/rt/py/rlock.out \
	tests/rt/py/semaphore.py tests/rt/py/semaphore.out \
	tests/rt/py/thread_api.py tests/rt/py/thread_api.out \
	tests/rt/py/thread_exception.py tests/rt/py/thread_exception.out \
	tests/rt/py/thread_exception.errlines \
	tests/rt/py/timer.py tests/rt/py/timer.out \
	tests/rt/py/xfail.list

# A recording of the runtime, read back through the reader and the model.
check_PROGRAMS += tests/rt/test-record
tests_rt_test_record_SOURCES = tests/rt/test-record.c
tests_rt_test_record_CFLAGS = $(rt_test_cflags)
tests_rt_test_record_LDADD = $(rt_test_ldadd)
TESTS += tests/rt/test-record

# Threads under "concviz run": lost updates, deadlocks, recordings.
check_PROGRAMS += tests/rt/cvz-gil-check
tests_rt_cvz_gil_check_SOURCES = tests/rt/cvz-gil-check.c
tests_rt_cvz_gil_check_LDADD = $(CONCVIZ_LIBS)
TESTS += tests/rt/run.sh
EXTRA_DIST += tests/rt/run.sh

# The free-threaded primitives (atomic refcounts, lock stripes).
check_PROGRAMS += tests/rt/test-nogil
tests_rt_test_nogil_SOURCES = tests/rt/test-nogil.c
tests_rt_test_nogil_CFLAGS = $(rt_test_cflags)
tests_rt_test_nogil_LDADD = $(rt_test_ldadd)
TESTS += tests/rt/test-nogil

# The free-threaded mode (--gil=none): stress programs with invariants.
TESTS += tests/rt/nogil.sh
EXTRA_DIST += tests/rt/nogil.sh $(rt_nogil_files)
rt_nogil_files = \
	tests/rt/nogil/attrs.py tests/rt/nogil/attrs.out \
	tests/rt/nogil/churn.py tests/rt/nogil/churn.out \
	tests/rt/nogil/dict_keys.py tests/rt/nogil/dict_keys.out \
	tests/rt/nogil/generator.py tests/rt/nogil/generator.out \
	tests/rt/nogil/imports.py tests/rt/nogil/imports.out \
	tests/rt/nogil/keys.py tests/rt/nogil/keys.out \
	tests/rt/nogil/list_append.py tests/rt/nogil/list_append.out \
	tests/rt/nogil/lost_update.py tests/rt/nogil/lost_update.out \
	tests/rt/nogil/many_threads.py tests/rt/nogil/many_threads.out \
	tests/rt/nogil/misc.py tests/rt/nogil/misc.out \
	tests/rt/nogil/sets.py tests/rt/nogil/sets.out \
	tests/rt/nogil/strings.py tests/rt/nogil/strings.out
