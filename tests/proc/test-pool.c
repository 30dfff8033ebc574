/*
 * test-pool.c — the process pool: map in order with chunks, apply with a
 * callback and with an exception, workers truly in parallel (they meet at
 * a barrier), waits with timeouts, imap and imap_unordered, close/join,
 * and terminate in the middle of a run leaving no worker behind.
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

#include "core/xmalloc.h"
#include "rt/ipc-mgr.h"
#include "rt/proc.h"
#include "rt/proc-pool.h"
#include "rt/shm.h"

#define SEC	1000000000LL
#define MS	1000000LL

static struct shm_barrier *barrier;
static struct shm_event *gate;

/* The workers' function: squares ints; strings are commands. */
static struct ipc_value *
work(void *ctx, const struct ipc_value *task, int *raised)
{
	if (task->type == IPC_INT) {
		if (task->i == 13) {
			*raised = 1;
			return ipc_value_exc("builtins", "ValueError",
			    ipc_tuple(1, ipc_value_str("unlucky", 7)));
		}
		return ipc_value_int(task->i * task->i);
	}
	if (task->type == IPC_STR && strcmp(task->s, "barrier") == 0)
		return ipc_value_int(shm_barrier_wait(barrier, 30 * SEC) < 0 ?
		    -1 : (int64_t)getpid());
	if (task->type == IPC_STR && strcmp(task->s, "block") == 0)
		return ipc_value_bool(shm_event_wait(gate, -1));
	return ipc_value_none();
}

/* An array of n int tasks from..from+n-1. */
static struct ipc_value **
int_tasks(size_t n, int64_t from)
{
	struct ipc_value **v = xcalloc(n, sizeof *v);
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = ipc_value_int(from + (int64_t)i);
	return v;
}

static struct ipc_value **
str_tasks(size_t n, const char *s)
{
	struct ipc_value **v = xcalloc(n, sizeof *v);
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = ipc_value_str(s, strlen(s));
	return v;
}

static void
test_map_in_order(void **state)
{
	struct proc_pool *pool;
	struct pool_job *job;
	const struct ipc_value *v;
	char *cause = NULL;
	size_t i;
	int ok;

	pool = proc_pool_create(4, work, NULL, &cause);
	assert_non_null(pool);
	assert_int_equal(proc_pool_size(pool), 4);
	job = proc_pool_submit(pool, int_tasks(100, 100), 100, 7, NULL, NULL,
	    &cause);
	assert_non_null(job);
	assert_int_equal(proc_pool_job_wait(job, 30 * SEC), 1);
	assert_true(proc_pool_job_ready(job));
	for (i = 0; i < 100; i++) {
		v = proc_pool_job_result(job, i, &ok);
		assert_non_null(v);
		assert_true(ok);
		assert_int_equal(v->i, (int64_t)(100 + i) * (int64_t)(100 + i));
	}
	proc_pool_job_free(job);
	proc_pool_close(pool);
	proc_pool_join(pool);
	proc_pool_free(pool);
}

static int cb_calls;
static int64_t cb_value;

static void
record_cb(void *arg, struct pool_job *job, size_t index, int ok,
    const struct ipc_value *v)
{
	cb_value = ok ? v->i : -1;
	__atomic_add_fetch(&cb_calls, 1, __ATOMIC_RELEASE);
}

static void
test_apply_callback_and_error(void **state)
{
	struct proc_pool *pool = proc_pool_create(2, work, NULL, NULL);
	const struct ipc_value *v;
	struct pool_job *job;
	char *cause = NULL;
	int ok;

	job = proc_pool_submit(pool, int_tasks(1, 12), 1, 1, record_cb, NULL,
	    &cause);
	assert_int_equal(proc_pool_job_wait(job, 30 * SEC), 1);
	/* The callback ran (on the handler thread) before the wait ended. */
	assert_int_equal(__atomic_load_n(&cb_calls, __ATOMIC_ACQUIRE), 1);
	assert_int_equal(cb_value, 144);
	proc_pool_job_free(job);

	job = proc_pool_submit(pool, int_tasks(1, 13), 1, 1, record_cb, NULL,
	    &cause);
	assert_int_equal(proc_pool_job_wait(job, 30 * SEC), 1);
	v = proc_pool_job_result(job, 0, &ok);
	assert_false(ok);
	assert_int_equal(v->type, IPC_EXC);
	assert_string_equal(v->s2, "ValueError");
	assert_string_equal(v->items[0]->items[0]->s, "unlucky");
	assert_int_equal(cb_calls, 2);
	proc_pool_job_free(job);
	proc_pool_close(pool);
	proc_pool_join(pool);
	proc_pool_free(pool);
}

static void
test_workers_in_parallel(void **state)
{
	struct proc_pool *pool = proc_pool_create(2, work, NULL, NULL);
	const struct ipc_value *a, *b;
	struct pool_job *job;
	char *cause = NULL;
	int ok;

	/* Two tasks that can only finish together: two workers at once. */
	job = proc_pool_submit(pool, str_tasks(2, "barrier"), 2, 1, NULL, NULL,
	    &cause);
	assert_int_equal(proc_pool_job_wait(job, 60 * SEC), 1);
	a = proc_pool_job_result(job, 0, &ok);
	b = proc_pool_job_result(job, 1, &ok);
	assert_true(a->i > 0 && b->i > 0);
	assert_int_not_equal(a->i, b->i);
	proc_pool_job_free(job);
	proc_pool_close(pool);
	proc_pool_join(pool);
	proc_pool_free(pool);
}

static void
test_timeout_imap_unordered(void **state)
{
	struct proc_pool *pool = proc_pool_create(3, work, NULL, NULL);
	struct pool_job *job, *blocked;
	unsigned char seen[20];
	char *cause = NULL;
	size_t i, idx;
	int ok;

	shm_event_clear(gate);
	blocked = proc_pool_submit(pool, str_tasks(1, "block"), 1, 1, NULL,
	    NULL, &cause);
	assert_int_equal(proc_pool_job_wait(blocked, 10 * MS), 0);
	assert_false(proc_pool_job_ready(blocked));

	/* imap: in order, one index at a time. */
	job = proc_pool_submit(pool, int_tasks(20, 0), 20, 3, NULL, NULL,
	    &cause);
	for (i = 0; i < 20; i++) {
		if (i == 13)
			continue;
		assert_int_equal(proc_pool_job_wait_index(job, i, 30 * SEC), 1);
		assert_int_equal(proc_pool_job_result(job, i, &ok)->i,
		    (int64_t)(i * i));
	}
	/* imap_unordered: every index exactly once, then the end. */
	memset(seen, 0, sizeof seen);
	for (i = 0; i < 20; i++) {
		assert_int_equal(proc_pool_job_next(job, 30 * SEC, &idx), 1);
		assert_true(idx < 20);
		assert_int_equal(seen[idx], 0);
		seen[idx] = 1;
	}
	assert_int_equal(proc_pool_job_next(job, 0, &idx), -1);
	proc_pool_job_free(job);

	shm_event_set(gate);
	assert_int_equal(proc_pool_job_wait(blocked, 30 * SEC), 1);
	proc_pool_job_free(blocked);
	proc_pool_close(pool);
	assert_null(proc_pool_submit(pool, int_tasks(1, 0), 1, 1, NULL, NULL,
	    &cause));
	assert_string_equal(cause, "Pool not running");
	free(cause);
	proc_pool_join(pool);
	proc_pool_free(pool);
}

static void
test_terminate_midrun(void **state)
{
	struct proc_pool *pool = proc_pool_create(2, work, NULL, NULL);
	struct pool_job *job;
	char *cause = NULL;
	int pids[2], i;

	shm_event_clear(gate);
	for (i = 0; i < 2; i++)
		pids[i] = proc_pool_worker_pid(pool, (unsigned)i);
	job = proc_pool_submit(pool, str_tasks(4, "block"), 4, 1, NULL, NULL,
	    &cause);
	assert_int_equal(proc_pool_job_wait(job, 10 * MS), 0);
	proc_pool_terminate(pool);
	assert_int_equal(proc_pool_job_wait(job, -1), -1);
	for (i = 0; i < 2; i++) {
		assert_int_equal(kill(pids[i], 0), -1);
		assert_int_equal(errno, ESRCH);
	}
	proc_pool_free(pool);
}

static int
setup(void **state)
{
	proc_contain_init();
	shm_init();
	barrier = shm_barrier_create(2);
	gate = shm_event_create();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_in_order),
		cmocka_unit_test(test_apply_callback_and_error),
		cmocka_unit_test(test_workers_in_parallel),
		cmocka_unit_test(test_timeout_imap_unordered),
		cmocka_unit_test(test_terminate_midrun),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
