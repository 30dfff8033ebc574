/*
 * test-classify.c — the mapping of a thread's kernel state and system call
 * (/proc/.../stat and syscall lines) to the notes' states and reasons.
 */
#include "config.h"

#include <sys/syscall.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "trace/event.h"
#include "watch/watch.h"

/* A descriptor table for the tests: 3 a pipe, 4 a socket, 0 a terminal. */
static int
fake_fdkind(int fd, void *arg)
{
	(void)arg;
	return fd == 3 ? 'p' : fd == 4 ? 's' : fd == 0 ? 't' : 0;
}

/* Classify letter + "NR a0 a1 a2 a3 a4 a5 sp pc". */
static struct watch_class
cls(char letter, long nr, unsigned long long a0, unsigned long long a1,
    unsigned long long a2, unsigned long long a3, unsigned long long a4)
{
	char line[256];

	snprintf(line, sizeof line, "%ld 0x%llx 0x%llx 0x%llx 0x%llx 0x%llx "
	    "0x0 0x7ffc0000 0x7f000000", nr, a0, a1, a2, a3, a4);
	return watch_classify(letter, line, fake_fdkind, NULL);
}

static void
expect(struct watch_class c, int state, int why)
{
	assert_int_equal(c.state, state);
	assert_int_equal(c.why, why);
}

static void
test_letters(void **state)
{
	(void)state;
	expect(watch_classify('R', NULL, NULL, NULL), TRACE_ST_RUNNING, 0);
	expect(watch_classify('D', NULL, NULL, NULL), TRACE_ST_BLOCKED,
	    TRACE_WHY_IO);
	expect(watch_classify('Z', NULL, NULL, NULL), TRACE_ST_ZOMBIE, 0);
	expect(watch_classify('T', NULL, NULL, NULL), TRACE_ST_BLOCKED, 0);
	/* Asleep but the syscall file is unreadable: waiting, reason unknown. */
	expect(watch_classify('S', NULL, NULL, NULL), TRACE_ST_BLOCKED, 0);
	/* Between the two reads it started running. */
	expect(watch_classify('S', "running", NULL, NULL), TRACE_ST_RUNNING, 0);
}

static void
test_sleeps_and_timeouts(void **state)
{
	(void)state;
	expect(cls('S', SYS_clock_nanosleep, 0, 0, 0x1000, 0, 0),
	    TRACE_ST_TIMED, TRACE_WHY_SLEEP);
	/* futex wait with and without a timeout (argument 4). */
	expect(cls('S', SYS_futex, 0x1000, 0x80, 2, 0x2000, 0),
	    TRACE_ST_TIMED, TRACE_WHY_LOCK);
	expect(cls('S', SYS_futex, 0x1000, 0x80, 2, 0, 0),
	    TRACE_ST_BLOCKED, TRACE_WHY_LOCK);
	/* ppoll / pselect6 / epoll_pwait, timed or not. */
	expect(cls('S', SYS_ppoll, 0x1000, 1, 0x2000, 0, 0),
	    TRACE_ST_TIMED, TRACE_WHY_IO);
	expect(cls('S', SYS_ppoll, 0x1000, 1, 0, 0, 0),
	    TRACE_ST_BLOCKED, TRACE_WHY_IO);
	expect(cls('S', SYS_pselect6, 1, 0x1000, 0, 0, 0x3000),
	    TRACE_ST_TIMED, TRACE_WHY_IO);
	expect(cls('S', SYS_epoll_pwait, 3, 0x1000, 8, 0xffffffff, 0),
	    TRACE_ST_BLOCKED, TRACE_WHY_IO);
	expect(cls('S', SYS_epoll_pwait, 3, 0x1000, 8, 100, 0),
	    TRACE_ST_TIMED, TRACE_WHY_IO);
}

static void
test_blocking_calls(void **state)
{
	(void)state;
	expect(cls('S', SYS_wait4, (unsigned long long)-1, 0x1000, 0, 0, 0),
	    TRACE_ST_BLOCKED, TRACE_WHY_JOIN);
	expect(cls('S', SYS_read, 3, 0x1000, 4096, 0, 0),
	    TRACE_ST_BLOCKED, TRACE_WHY_PIPE);
	expect(cls('S', SYS_read, 4, 0x1000, 4096, 0, 0),
	    TRACE_ST_BLOCKED, TRACE_WHY_IO);
	expect(cls('S', SYS_read, 0, 0x1000, 4096, 0, 0),
	    TRACE_ST_BLOCKED, TRACE_WHY_INPUT);
	expect(cls('S', SYS_accept4, 4, 0, 0, 0, 0),
	    TRACE_ST_BLOCKED, TRACE_WHY_IO);
	/* A call we do not know: waiting, no reason. */
	expect(cls('S', SYS_getpid, 0, 0, 0, 0, 0), TRACE_ST_BLOCKED, 0);
	/* Garbage never crashes. */
	expect(watch_classify('S', "", NULL, NULL), TRACE_ST_BLOCKED, 0);
	expect(watch_classify('S', "-1 0x0", NULL, NULL), TRACE_ST_BLOCKED, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letters),
		cmocka_unit_test(test_sleeps_and_timeouts),
		cmocka_unit_test(test_blocking_calls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
