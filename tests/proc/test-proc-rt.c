/*
 * test-proc-rt.c — processes and IPC with the real GIL and thread registry
 * (src/rt): every process and IPC wait releases the GIL (another thread
 * that needs the GIL is what ends each wait, so a wait that kept it would
 * deadlock and the alarm would fail the test), and a forked child starts
 * with a runtime of one thread that holds its own GIL and can start and
 * join threads of its own.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rt/gil.h"
#include "rt/ipc.h"
#include "rt/proc.h"
#include "rt/proc-rt.h"
#include "rt/rt.h"
#include "rt/shm.h"
#include "rt/thread.h"

#define SEC	1000000000LL

static struct rt the_rt;
static int pipe_a[2];	/* thread -> child: "you may exit" */
static int pipe_b[2];	/* test -> sleeper thread: "you may end" */

/* Start a thread of the_rt or fail. */
static struct rt_thread *
start_thread(const char *name, thread_body body, void *arg)
{
	struct rt_thread *t = thread_create(&the_rt, name, 0);
	char *cause = NULL;

	if (thread_start(t, body, arg, &cause) != 0)
		fail_msg("thread_start: %s", cause);
	return t;
}

/* Needs the GIL, then lets the child go. */
static void
body_release_child(struct rt_thread *t, void *arg)
{
	if (write(pipe_a[1], "x", 1) != 1)
		abort();
}

/* Blocks without the GIL until told, so it is alive during the fork. */
static void
body_sleeper(struct rt_thread *t, void *arg)
{
	char c;

	gil_release_for_block(TRACE_WHY_IO, 0, 0);
	while (read(pipe_b[0], &c, 1) == -1 && errno == EINTR)
		;
	gil_reacquire_after_block();
}

static int
body_wait_byte(void *arg)
{
	char c;

	while (read(pipe_a[0], &c, 1) == -1 && errno == EINTR)
		;
	return 0;
}

static void
test_join_releases_gil(void **state)
{
	struct rt_thread *t;
	struct proc *p;
	char *cause = NULL;
	int code;

	assert_int_equal(pipe(pipe_a), 0);
	p = proc_create(NULL, 0, body_wait_byte, NULL);
	assert_int_equal(proc_start(p, &cause), 0);
	t = start_thread("releaser", body_release_child, NULL);
	/* We hold the GIL; the releaser needs it to free the child. */
	alarm(30);
	assert_int_equal(proc_join(p, -1), 1);
	alarm(0);
	assert_true(proc_exitcode(p, &code));
	assert_int_equal(code, 0);
	assert_int_equal(thread_join(t, -1), 1);
	thread_unref(t);
	proc_free(p);
	close(pipe_a[0]);
	close(pipe_a[1]);
}

/* In the child: one thread, holding its own GIL, able to start another. */
static int child_flag;

static void
body_set_flag(struct rt_thread *t, void *arg)
{
	child_flag = 1;
}

static int
body_check_runtime(void *arg)
{
	struct rt_thread *self = thread_self(), *t;
	char *cause = NULL;

	if (self == NULL)
		return 10;
	if (thread_count(&the_rt) != 1)
		return 11;
	if (the_rt.main != self || !self->is_main)
		return 12;
	if (!gil_held_by(&the_rt.gil, self))
		return 13;
	t = thread_create(&the_rt, "child-thread", 0);
	if (thread_start(t, body_set_flag, NULL, &cause) != 0)
		return 14;
	if (thread_join(t, -1) != 1)
		return 15;
	thread_unref(t);
	return child_flag == 1 ? 0 : 16;
}

static void
test_child_runtime(void **state)
{
	struct rt_thread *sleeper;
	struct proc *p;
	char *cause = NULL;
	int code;

	assert_int_equal(pipe(pipe_b), 0);
	sleeper = start_thread("sleeper", body_sleeper, NULL);
	assert_int_equal(thread_count(&the_rt), 2);
	p = proc_create(NULL, 0, body_check_runtime, NULL);
	assert_int_equal(proc_start(p, &cause), 0);
	alarm(30);
	assert_int_equal(proc_join(p, -1), 1);
	alarm(0);
	assert_true(proc_exitcode(p, &code));
	assert_int_equal(code, 0);
	proc_free(p);
	assert_int_equal(write(pipe_b[1], "x", 1), 1);
	assert_int_equal(thread_join(sleeper, -1), 1);
	thread_unref(sleeper);
	close(pipe_b[0]);
	close(pipe_b[1]);
}

/* Queue get and shared-lock acquire release the GIL too. */
static void
body_put(struct rt_thread *t, void *arg)
{
	struct ipc_value *v = ipc_value_int(42);
	char *cause = NULL;

	if (ipc_queue_put(arg, v, 1, -1, &cause) != 1)
		abort();
	ipc_value_free(v);
}

static void
body_unlock(struct rt_thread *t, void *arg)
{
	char *cause = NULL;

	if (shm_sem_release(arg, &cause) != 0)
		abort();
}

static void
test_ipc_waits_release_gil(void **state)
{
	struct ipc_queue *q = ipc_queue_create(IPC_QUEUE, 0, NULL);
	struct shm_sem *l = shm_sem_create(SHM_LOCK, 1);
	struct ipc_value *v;
	struct rt_thread *t;
	char *cause = NULL;

	alarm(30);
	t = start_thread("putter", body_put, q);
	assert_int_equal(ipc_queue_get(q, &v, 1, -1, &cause), 1);
	assert_int_equal(v->i, 42);
	ipc_value_free(v);
	assert_int_equal(thread_join(t, -1), 1);
	thread_unref(t);

	assert_int_equal(shm_sem_acquire(l, 1, -1), 1);
	t = start_thread("unlocker", body_unlock, l);
	assert_int_equal(shm_sem_acquire(l, 1, -1), 1);
	assert_int_equal(thread_join(t, -1), 1);
	thread_unref(t);
	alarm(0);
	ipc_queue_free(q);
	shm_sem_free(l);
}

static int
setup(void **state)
{
	struct rt_config cfg = { 0 };

	cfg.gil_mode = GIL_MODERN;
	rt_init(&the_rt, &cfg);
	thread_main_init(&the_rt, "MainThread");
	proc_rt_bind(&the_rt);
	proc_contain_init();
	shm_init();
	return 0;
}

static int
teardown(void **state)
{
	thread_wait_non_daemon(&the_rt);
	thread_main_fini(&the_rt);
	rt_fini(&the_rt);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_join_releases_gil),
		cmocka_unit_test(test_child_runtime),
		cmocka_unit_test(test_ipc_waits_release_gil),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
