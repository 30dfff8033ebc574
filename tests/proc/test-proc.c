/*
 * test-proc.c — processes on real fork(): exit codes as CPython reports
 * them, zombies observed before join, join with a timeout, terminate and
 * kill, names, the process limit and fork failure.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rt/proc.h"
#include "rt/proc-int.h"
#include "trace/emit.h"
#include "trace-stub.h"

#define SEC	1000000000LL

/* A child that returns the status it was given. */
static int
body_return(void *arg)
{
	return (int)(intptr_t)arg;
}

/* A child that waits for one byte on a pipe, then returns 0. */
static int
body_wait_pipe(void *arg)
{
	int fd = (int)(intptr_t)arg;
	char c;

	while (read(fd, &c, 1) == -1 && errno == EINTR)
		;
	return 0;
}

/* A child that blocks forever (until signalled). */
static int
body_pause(void *arg)
{
	for (;;)
		pause();
	return 0;
}

/* Read /proc/PID/stat's state letter, or 0 if the pid does not exist. */
static char
pid_state(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	char st = 0;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(buf, sizeof buf, f) != NULL && (p = strrchr(buf, ')')) != NULL)
		st = p[2];
	fclose(f);
	return st;
}

static uint32_t
test_entity(void)
{
	return 4242;
}

static int
setup(void **state)
{
	struct proc_hooks h = { .current_entity = test_entity };

	proc_set_hooks(&h);
	proc_contain_init();
	return 0;
}

/* Start, join, and return the exit code. */
static int
run_and_join(proc_fn fn, void *arg)
{
	struct proc *p = proc_create(NULL, 0, fn, arg);
	char *cause = NULL;
	int code = 12345;

	assert_int_equal(proc_start(p, &cause), 0);
	assert_int_equal(proc_join(p, -1), 1);
	assert_int_equal(proc_get_state(p), PROC_REAPED);
	assert_true(proc_exitcode(p, &code));
	proc_free(p);
	return code;
}

static void
test_exit_codes(void **state)
{
	assert_int_equal(run_and_join(body_return, (void *)0), 0);
	assert_int_equal(run_and_join(body_return, (void *)1), 1);
	assert_int_equal(run_and_join(body_return, (void *)7), 7);
	/* sys.exit(256) is 0, as a process exit status. */
	assert_int_equal(run_and_join(body_return, (void *)256), 0);
}

static void
test_terminate_kill(void **state)
{
	struct proc *p;
	char *cause = NULL;
	int code;

	p = proc_create(NULL, 0, body_pause, NULL);
	assert_int_equal(proc_start(p, &cause), 0);
	assert_true(proc_is_alive(p));
	proc_terminate(p);
	assert_int_equal(proc_join(p, -1), 1);
	assert_true(proc_exitcode(p, &code));
	assert_int_equal(code, -SIGTERM);
	assert_false(proc_is_alive(p));
	/* After reaping, signalling is a no-op, never another process. */
	proc_kill(p);
	proc_free(p);

	p = proc_create(NULL, 0, body_pause, NULL);
	assert_int_equal(proc_start(p, &cause), 0);
	proc_kill(p);
	assert_int_equal(proc_join(p, -1), 1);
	assert_true(proc_exitcode(p, &code));
	assert_int_equal(code, -SIGKILL);
	proc_free(p);
}

static void
test_zombie_before_join(void **state)
{
	const struct stub_ev *ev;
	struct proc *p;
	char *cause = NULL;
	pid_t pid;
	int code;

	stub_reset();
	p = proc_create(NULL, 0, body_return, (void *)3);
	assert_int_equal(proc_start(p, &cause), 0);
	pid = proc_pid(p);
	/* The watcher sees the exit without anyone joining. */
	assert_int_equal(proc_wait_state_change(p, PROC_RUNNING, 30 * SEC),
	    PROC_ZOMBIE);
	assert_int_equal(pid_state(pid), 'Z');
	assert_true(proc_exitcode(p, &code));
	assert_int_equal(code, 3);
	ev = stub_find(TRACE_EV_STATE, proc_entity(p), TRACE_ST_ZOMBIE);
	assert_non_null(ev);
	assert_int_equal((int64_t)ev->val, 3);
	assert_null(stub_find(TRACE_EV_STATE, proc_entity(p),
	    TRACE_ST_TERMINATED));

	assert_int_equal(proc_join(p, -1), 1);
	assert_int_equal(proc_get_state(p), PROC_REAPED);
	assert_int_equal(pid_state(pid), 0);
	assert_non_null(stub_find(TRACE_EV_STATE, proc_entity(p),
	    TRACE_ST_TERMINATED));
	proc_free(p);
}

/* Write the byte once the main thread has reported Blocked on join. */
static void *
release_when_blocked(void *arg)
{
	int fd = *(int *)arg;

	while (stub_find(TRACE_EV_STATE, 4242, TRACE_ST_BLOCKED) == NULL)
		sched_yield();
	if (write(fd, "x", 1) != 1)
		abort();
	return NULL;
}

static void
test_join_timeout(void **state)
{
	const struct stub_ev *ev;
	struct proc *p;
	char *cause = NULL;
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	stub_reset();
	p = proc_create(NULL, 0, body_wait_pipe, (void *)(intptr_t)fds[0]);
	assert_int_equal(proc_start(p, &cause), 0);
	/* The child waits for us: the join must time out. */
	assert_int_equal(proc_join(p, SEC / 20), 0);
	assert_true(proc_is_alive(p));
	assert_int_equal(proc_get_state(p), PROC_RUNNING);
	ev = stub_find(TRACE_EV_STATE, 4242, TRACE_ST_TIMED);
	assert_non_null(ev);
	assert_int_equal(ev->arg >> 8, TRACE_WHY_JOIN);
	assert_int_equal(ev->obj, proc_entity(p));
	assert_non_null(stub_find(TRACE_EV_STATE, 4242, TRACE_ST_RUNNING));
	/* A zero timeout does not wait either. */
	assert_int_equal(proc_join(p, 0), 0);

	/* Released only once we show Blocked on join: the wait is real. */
	{
		pthread_t t;

		assert_int_equal(pthread_create(&t, NULL, release_when_blocked,
		    &fds[1]), 0);
		assert_int_equal(proc_join(p, -1), 1);
		pthread_join(t, NULL);
	}
	ev = stub_find(TRACE_EV_STATE, 4242, TRACE_ST_BLOCKED);
	assert_non_null(ev);
	assert_int_equal(ev->arg >> 8, TRACE_WHY_JOIN);
	close(fds[0]);
	close(fds[1]);
	proc_free(p);
}

/* Grandchild naming: the child starts one and reports its name. */
static int
body_report_names(void *arg)
{
	int fd = (int)(intptr_t)arg;
	struct proc *g = proc_create(NULL, 0, body_return, (void *)0);
	char buf[256];
	char *cause = NULL;
	int n;

	if (proc_start(g, &cause) != 0)
		return 2;
	proc_join(g, -1);
	n = snprintf(buf, sizeof buf, "%s|%s|%s|%d", proc_self_name(),
	    proc_name(g), proc_parent_name(), (int)proc_parent_pid());
	if (write(fd, buf, (size_t)n) != n)
		return 3;
	return 0;
}

static void
test_names(void **state)
{
	struct proc *a, *b;
	char buf[256], want[256];
	char *cause = NULL;
	int fds[2];
	ssize_t n;

	assert_int_equal(pipe(fds), 0);
	a = proc_create(NULL, 0, body_return, NULL);
	b = proc_create(NULL, 0, body_report_names, (void *)(intptr_t)fds[1]);
	assert_string_equal(proc_self_name(), "MainProcess");
	assert_int_equal(strncmp(proc_name(a), "Process-", 8), 0);
	{
		int na = atoi(proc_name(a) + 8), nb = atoi(proc_name(b) + 8);

		assert_int_equal(nb, na + 1);
		snprintf(want, sizeof want, "Process-%d|Process-%d:1|MainProcess|%d",
		    nb, nb, (int)getpid());
	}
	assert_int_equal(proc_start(b, &cause), 0);
	assert_int_equal(proc_join(b, -1), 1);
	close(fds[1]);
	n = read(fds[0], buf, sizeof buf - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, want);
	close(fds[0]);
	proc_free(a);
	proc_free(b);

	a = proc_create("worker", 1, body_return, NULL);
	assert_string_equal(proc_name(a), "worker");
	assert_true(proc_daemon(a));
	proc_free(a);
}

/* A daemonic child may not start children, as in CPython. */
static int
body_daemon_fork(void *arg)
{
	struct proc *g = proc_create(NULL, 0, body_return, NULL);
	char *cause = NULL;

	if (proc_start(g, &cause) == 0)
		return 2;
	return strstr(cause, "daemonic") != NULL ? 5 : 3;
}

static void
test_daemon_no_children(void **state)
{
	struct proc *p = proc_create(NULL, 1, body_daemon_fork, NULL);
	char *cause = NULL;
	int code;

	assert_int_equal(proc_start(p, &cause), 0);
	assert_int_equal(proc_join(p, -1), 1);
	assert_true(proc_exitcode(p, &code));
	assert_int_equal(code, 5);
	proc_free(p);
}

static void
test_start_twice_close(void **state)
{
	struct proc *p;
	char *cause = NULL;
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	p = proc_create(NULL, 0, body_wait_pipe, (void *)(intptr_t)fds[0]);
	assert_int_equal(proc_start(p, &cause), 0);
	assert_int_equal(proc_start(p, &cause), -1);
	assert_string_equal(cause, "cannot start a process twice");
	free(cause);
	cause = NULL;
	assert_int_equal(proc_close(p, &cause), -1);
	assert_non_null(strstr(cause, "still running"));
	free(cause);
	assert_int_equal(write(fds[1], "x", 1), 1);
	assert_int_equal(proc_join(p, -1), 1);
	assert_int_equal(proc_close(p, &cause), 0);
	assert_int_equal(proc_get_state(p), PROC_CLOSED);
	close(fds[0]);
	close(fds[1]);
	proc_free(p);
}

static void
test_limit(void **state)
{
	struct proc *p[3];
	char *cause = NULL;
	unsigned live = proc_limit_live(), old = proc_limit_get();
	int i;

	/* Room for exactly two more processes. */
	proc_limit_set(live + 2);
	for (i = 0; i < 2; i++) {
		p[i] = proc_create(NULL, 0, body_pause, NULL);
		assert_int_equal(proc_start(p[i], &cause), 0);
	}
	p[2] = proc_create(NULL, 0, body_pause, NULL);
	errno = 0;
	assert_int_equal(proc_start(p[2], &cause), -1);
	assert_int_equal(errno, EAGAIN);
	assert_non_null(strstr(cause, "--max-procs"));
	assert_non_null(strstr(cause, proc_name(p[2])));
	free(cause);
	cause = NULL;
	assert_int_equal(proc_get_state(p[2]), PROC_NEW);

	/* Reaping one frees its slot. */
	proc_kill(p[0]);
	assert_int_equal(proc_join(p[0], -1), 1);
	assert_int_equal(proc_start(p[2], &cause), 0);
	for (i = 1; i < 3; i++) {
		proc_kill(p[i]);
		proc_join(p[i], -1);
	}
	for (i = 0; i < 3; i++)
		proc_free(p[i]);
	assert_int_equal(proc_limit_live(), live);
	proc_limit_set(old);
}

/* A grandchild counts against the same run-wide limit. */
static int
body_fork_one(void *arg)
{
	struct proc *g = proc_create(NULL, 0, body_return, NULL);
	char *cause = NULL;

	if (proc_start(g, &cause) == 0) {
		proc_join(g, -1);
		return 0;
	}
	return errno == EAGAIN && strstr(cause, "limit") != NULL ? 9 : 8;
}

static void
test_limit_tree_wide(void **state)
{
	struct proc *p;
	char *cause = NULL;
	unsigned old = proc_limit_get();
	int code;

	proc_limit_set(proc_limit_live() + 1);
	p = proc_create(NULL, 0, body_fork_one, NULL);
	assert_int_equal(proc_start(p, &cause), 0);
	assert_int_equal(proc_join(p, -1), 1);
	assert_true(proc_exitcode(p, &code));
	assert_int_equal(code, 9);
	proc_free(p);
	proc_limit_set(old);
}

static pid_t
fork_eagain(void)
{
	errno = EAGAIN;
	return -1;
}

static void
test_fork_eagain(void **state)
{
	struct proc *p = proc_create(NULL, 0, body_return, NULL);
	unsigned live = proc_limit_live();
	char *cause = NULL;

	proc_fork_fn = fork_eagain;
	errno = 0;
	assert_int_equal(proc_start(p, &cause), -1);
	proc_fork_fn = fork;
	assert_int_equal(errno, EAGAIN);
	assert_non_null(strstr(cause, "fork"));
	assert_non_null(strstr(cause, "process limit"));
	free(cause);
	assert_int_equal(proc_limit_live(), live);
	assert_int_equal(proc_get_state(p), PROC_NEW);
	proc_free(p);

	assert_int_not_equal(proc_limit_parse("0", &live, &cause), 0);
	free(cause);
	assert_int_not_equal(proc_limit_parse("12x", &live, &cause), 0);
	free(cause);
	assert_int_equal(proc_limit_parse("100", &live, &cause), 0);
	assert_int_equal(live, 100);
}

static void
test_active_children(void **state)
{
	struct proc *a, *b, *v[4];
	char *cause = NULL;

	a = proc_create(NULL, 0, body_pause, NULL);
	b = proc_create(NULL, 0, body_return, NULL);
	assert_int_equal(proc_start(a, &cause), 0);
	assert_int_equal(proc_start(b, &cause), 0);
	assert_int_equal(proc_wait_state_change(b, PROC_RUNNING, 30 * SEC),
	    PROC_ZOMBIE);
	/* b has exited: active_children reaps it and lists only a. */
	assert_int_equal(proc_active_children(v, 4), 1);
	assert_ptr_equal(v[0], a);
	assert_int_equal(proc_get_state(b), PROC_REAPED);
	proc_kill(a);
	proc_join(a, -1);
	assert_int_equal(proc_active_children(v, 4), 0);
	proc_free(a);
	proc_free(b);
	assert_true(proc_cpu_count() >= 1);
}

/* Buffered output written before start is printed once, not twice. */
static int
body_exit_quietly(void *arg)
{
	return 0;
}

static void
test_stdio_flushed_before_fork(void **state)
{
	struct proc *p;
	char *cause = NULL, buf[64];
	int fds[2];
	FILE *f;
	ssize_t n, got = 0;

	assert_int_equal(pipe(fds), 0);
	f = fdopen(fds[1], "w");
	assert_non_null(f);
	setvbuf(f, NULL, _IOFBF, 4096);
	fputs("hello", f);
	p = proc_create(NULL, 0, body_exit_quietly, NULL);
	assert_int_equal(proc_start(p, &cause), 0);
	assert_int_equal(proc_join(p, -1), 1);
	fclose(f);
	while ((n = read(fds[0], buf + got, sizeof buf - 1 - (size_t)got)) > 0)
		got += n;
	buf[got] = '\0';
	assert_string_equal(buf, "hello");
	close(fds[0]);
	proc_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_terminate_kill),
		cmocka_unit_test(test_zombie_before_join),
		cmocka_unit_test(test_join_timeout),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_daemon_no_children),
		cmocka_unit_test(test_start_twice_close),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_limit_tree_wide),
		cmocka_unit_test(test_fork_eagain),
		cmocka_unit_test(test_active_children),
		cmocka_unit_test(test_stdio_flushed_before_fork),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
