# tests/proc: processes and IPC on real fork()ed processes.
PROC_TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) -I$(top_srcdir)/tests/proc
PROC_TEST_LIBS = $(CONCVIZ_LIBS) $(CMOCKA_LIBS)
PROC_TEST_STUB = tests/proc/trace-stub.c tests/proc/trace-stub.h

check_PROGRAMS += tests/proc/test-proc
TESTS += tests/proc/test-proc
tests_proc_test_proc_SOURCES = tests/proc/test-proc.c $(PROC_TEST_STUB)
tests_proc_test_proc_CFLAGS = $(PROC_TEST_CFLAGS)
tests_proc_test_proc_LDADD = $(PROC_TEST_LIBS)
