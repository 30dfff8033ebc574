# tests/proc: processes and IPC on real fork()ed processes.
PROC_TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) -I$(top_srcdir)/tests/proc
PROC_TEST_LIBS = $(CONCVIZ_LIBS) $(CMOCKA_LIBS)
PROC_TEST_STUB = tests/proc/trace-stub.c tests/proc/trace-stub.h

check_PROGRAMS += tests/proc/test-proc
TESTS += tests/proc/test-proc
tests_proc_test_proc_SOURCES = tests/proc/test-proc.c $(PROC_TEST_STUB)
tests_proc_test_proc_CFLAGS = $(PROC_TEST_CFLAGS)
tests_proc_test_proc_LDADD = $(PROC_TEST_LIBS)

check_PROGRAMS += tests/proc/test-contain
TESTS += tests/proc/test-contain
tests_proc_test_contain_SOURCES = tests/proc/test-contain.c $(PROC_TEST_STUB)
tests_proc_test_contain_CFLAGS = $(PROC_TEST_CFLAGS)
tests_proc_test_contain_LDADD = $(PROC_TEST_LIBS)

check_PROGRAMS += tests/proc/test-wire
TESTS += tests/proc/test-wire
tests_proc_test_wire_SOURCES = tests/proc/test-wire.c $(PROC_TEST_STUB)
tests_proc_test_wire_CFLAGS = $(PROC_TEST_CFLAGS)
tests_proc_test_wire_LDADD = $(PROC_TEST_LIBS)

check_PROGRAMS += tests/proc/test-shm
TESTS += tests/proc/test-shm
tests_proc_test_shm_SOURCES = tests/proc/test-shm.c $(PROC_TEST_STUB)
tests_proc_test_shm_CFLAGS = $(PROC_TEST_CFLAGS)
tests_proc_test_shm_LDADD = $(PROC_TEST_LIBS)

check_PROGRAMS += tests/proc/test-ipc
TESTS += tests/proc/test-ipc
tests_proc_test_ipc_SOURCES = tests/proc/test-ipc.c $(PROC_TEST_STUB)
tests_proc_test_ipc_CFLAGS = $(PROC_TEST_CFLAGS)
tests_proc_test_ipc_LDADD = $(PROC_TEST_LIBS)

# The IPC decoder's fuzz target: a libFuzzer program with --enable-fuzzing,
# otherwise run over deterministic mutations in make check.
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-ipc
tests_fuzz_fuzz_ipc_SOURCES = tests/fuzz/fuzz-ipc.c
tests_fuzz_fuzz_ipc_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_ipc_LDADD = $(CONCVIZ_LIBS)
else
check_PROGRAMS += tests/proc/fuzz-smoke
TESTS += tests/proc/fuzz-smoke
tests_proc_fuzz_smoke_SOURCES = tests/proc/fuzz-smoke.c tests/fuzz/fuzz-ipc.c
tests_proc_fuzz_smoke_LDADD = $(CONCVIZ_LIBS)
endif

# With the real emitter and model (no stub): a process tree in a recording.
check_PROGRAMS += tests/proc/test-proc-trace
TESTS += tests/proc/test-proc-trace
tests_proc_test_proc_trace_SOURCES = tests/proc/test-proc-trace.c
tests_proc_test_proc_trace_CFLAGS = $(PROC_TEST_CFLAGS)
tests_proc_test_proc_trace_LDADD = $(PROC_TEST_LIBS)

# fork() beside busy helper threads (the fork gate): also under ASan.
check_PROGRAMS += tests/proc/test-forksafe
TESTS += tests/proc/test-forksafe
tests_proc_test_forksafe_SOURCES = tests/proc/test-forksafe.c
tests_proc_test_forksafe_CFLAGS = $(PROC_TEST_CFLAGS)
tests_proc_test_forksafe_LDADD = $(PROC_TEST_LIBS)
# A tool to hunt fork hangs (runs a test N times, gdb on a hang).
EXTRA_DIST += tests/proc/test-forksafe-loop.sh

# With the real GIL and thread registry (src/rt).
check_PROGRAMS += tests/proc/test-proc-rt
TESTS += tests/proc/test-proc-rt
tests_proc_test_proc_rt_SOURCES = tests/proc/test-proc-rt.c
tests_proc_test_proc_rt_CFLAGS = $(PROC_TEST_CFLAGS)
tests_proc_test_proc_rt_LDADD = $(PROC_TEST_LIBS)

TESTS += tests/proc/cli-max-procs.sh
EXTRA_DIST += tests/proc/cli-max-procs.sh

# make bench: processes and IPC beside CPython's multiprocessing.
bench_programs += tests/bench/bench-proc
tests_bench_bench_proc_SOURCES = tests/bench/bench-proc.c
tests_bench_bench_proc_LDADD = $(CONCVIZ_LIBS)
EXTRA_DIST += tests/bench/proc-ipc.py

check_PROGRAMS += tests/proc/test-mgr
TESTS += tests/proc/test-mgr
tests_proc_test_mgr_SOURCES = tests/proc/test-mgr.c
tests_proc_test_mgr_CFLAGS = $(PROC_TEST_CFLAGS)
tests_proc_test_mgr_LDADD = $(PROC_TEST_LIBS)

check_PROGRAMS += tests/proc/test-pool
TESTS += tests/proc/test-pool
tests_proc_test_pool_SOURCES = tests/proc/test-pool.c
tests_proc_test_pool_CFLAGS = $(PROC_TEST_CFLAGS)
tests_proc_test_pool_LDADD = $(PROC_TEST_LIBS)

# Two CPU-bound processes, each with its own GIL, overlap in a recording.
check_PROGRAMS += tests/proc/test-proc-overlap
TESTS += tests/proc/test-proc-overlap
tests_proc_test_proc_overlap_SOURCES = tests/proc/test-proc-overlap.c
tests_proc_test_proc_overlap_CFLAGS = $(PROC_TEST_CFLAGS)
tests_proc_test_proc_overlap_LDADD = $(PROC_TEST_LIBS)

# multiprocessing conformance programs (CPython's output checked in).
TESTS += tests/proc/py.sh
EXTRA_DIST += tests/proc/py.sh tests/proc/py/cell.py tests/proc/py/cell.out \
	tests/proc/py/process.py tests/proc/py/process.out \
	tests/proc/py/ipc.py tests/proc/py/ipc.out \
	tests/proc/py/pool.py tests/proc/py/pool.out \
	tests/proc/py/manager.py tests/proc/py/manager.out \
	tests/proc/py/sync.py tests/proc/py/sync.out \
	tests/proc/py/pickle_instances.py tests/proc/py/pickle_instances.out \
	tests/proc/py/callbacks.py tests/proc/py/callbacks.out

TESTS += tests/proc/pool-cleanup.sh
EXTRA_DIST += tests/proc/pool-cleanup.sh tests/proc/pool-cleanup.py

# Ctrl-C: KeyboardInterrupt in the main thread, children, pools (intr-exec
# starts a run as a terminal's foreground job).
check_PROGRAMS += tests/proc/intr-exec
tests_proc_intr_exec_SOURCES = tests/proc/intr-exec.c
TESTS += tests/proc/intr.sh
EXTRA_DIST += tests/proc/intr.sh tests/proc/intr/sleep.py \
	tests/proc/intr/except.py tests/proc/intr/finally.py \
	tests/proc/intr/block.py tests/proc/intr/fork.py tests/proc/intr/pool.py \
	tests/proc/intr/repeat.py tests/proc/intr/busy.py

# multiprocessing's Barrier and Condition waits in a recording.
TESTS += tests/proc/sync-trace.sh
EXTRA_DIST += tests/proc/sync-trace.sh tests/proc/trace/mpsync.py
# concurrent.futures conformance programs (tests/proc/py.sh runs them all).
EXTRA_DIST += \
	tests/proc/py/futures_thread_basic.py tests/proc/py/futures_thread_basic.out \
	tests/proc/py/futures_thread_wait.py tests/proc/py/futures_thread_wait.out \
	tests/proc/py/futures_thread_cancel.py tests/proc/py/futures_thread_cancel.out \
	tests/proc/py/futures_process_basic.py tests/proc/py/futures_process_basic.out \
	tests/proc/py/futures_process_broken.py tests/proc/py/futures_process_broken.out \
	tests/proc/py/futures_exit.py tests/proc/py/futures_exit.out \
	tests/proc/py/futures_process_init.py tests/proc/py/futures_process_init.out \
	tests/proc/py/futures_fork_threads.py tests/proc/py/futures_fork_threads.out

# concurrent.futures workers in a recording (names, parents, future waits).
TESTS += tests/proc/futures-record.sh
EXTRA_DIST += tests/proc/futures-record.sh
