/*
 * test-shm.c — shared memory and process-shared synchronisation between
 * real fork()ed processes: a counter with and without its lock, RLock and
 * Semaphore rules, Event, Condition and Barrier across processes, and the
 * arena's reuse of freed blocks.
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rt/proc.h"
#include "rt/shm.h"
#include "trace/emit.h"
#include "trace-stub.h"

#define SEC		1000000000LL
#define ROUNDS		20000

/* Start fn(arg) in a child and return the record. */
static struct proc *
start(proc_fn fn, void *arg)
{
	struct proc *p = proc_create(NULL, 0, fn, arg);
	char *cause = NULL;

	assert_int_equal(proc_start(p, &cause), 0);
	return p;
}

/* Join and return the exit code. */
static int
finish(struct proc *p)
{
	int code = -1000;

	assert_int_equal(proc_join(p, -1), 1);
	assert_true(proc_exitcode(p, &code));
	proc_free(p);
	return code;
}

/* counter += 1, ROUNDS times, read-modify-write with a yield between. */
static int
body_count(void *arg)
{
	struct shm_array *a = arg;
	volatile int64_t *v = a->data;
	int64_t x;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		if (a->lock != NULL)
			shm_sem_acquire(a->lock, 1, -1);
		x = *v;
		if (i % 64 == 0)
			sched_yield();
		*v = x + 1;
		if (a->lock != NULL) {
			char *cause = NULL;

			if (shm_sem_release(a->lock, &cause) != 0)
				return 2;
		}
	}
	return 0;
}

static void
test_counter(void **state)
{
	struct shm_array *with, *without;
	struct proc *p[2];
	char *cause = NULL;
	int i;

	with = shm_array_create('q', 1, 1, &cause);
	without = shm_array_create('q', 1, 0, &cause);
	assert_non_null(with);
	assert_non_null(without);
	assert_null(without->lock);

	for (i = 0; i < 2; i++)
		p[i] = start(body_count, with);
	for (i = 0; i < 2; i++)
		assert_int_equal(finish(p[i]), 0);
	/* With the lock, exact. */
	assert_int_equal(*(int64_t *)with->data, 2 * ROUNDS);

	for (i = 0; i < 2; i++)
		p[i] = start(body_count, without);
	for (i = 0; i < 2; i++)
		assert_int_equal(finish(p[i]), 0);
	/* Without, updates may be lost, never invented; both wrote. */
	assert_true(*(int64_t *)without->data <= 2 * ROUNDS);
	assert_true(*(int64_t *)without->data >= ROUNDS);

	assert_null(shm_array_create('z', 1, 1, &cause));
	assert_non_null(strstr(cause, "bad typecode"));
	free(cause);
	shm_array_free(with);
	shm_array_free(without);
}

static void
test_lock_rules(void **state)
{
	struct shm_sem *l = shm_sem_create(SHM_LOCK, 1);
	struct shm_sem *r = shm_sem_create(SHM_RLOCK, 1);
	struct shm_sem *b = shm_sem_create(SHM_BOUNDED, 2);
	struct shm_sem *s = shm_sem_create(SHM_SEMAPHORE, 0);
	char *cause = NULL;

	assert_int_equal(shm_sem_acquire(l, 1, -1), 1);
	assert_true(shm_sem_is_mine(l));
	assert_int_equal(shm_sem_acquire(l, 0, -1), 0);
	assert_int_equal(shm_sem_acquire(l, 1, SEC / 100), 0);
	assert_int_equal(shm_sem_release(l, &cause), 0);
	assert_int_equal(shm_sem_release(l, &cause), -1);
	assert_string_equal(cause, "semaphore or lock released too many times");
	free(cause);

	assert_int_equal(shm_sem_release(r, &cause), -1);
	assert_string_equal(cause, "cannot release un-acquired lock");
	free(cause);
	assert_int_equal(shm_sem_acquire(r, 1, -1), 1);
	assert_int_equal(shm_sem_acquire(r, 1, -1), 1);
	assert_int_equal(shm_sem_count(r), 2);
	assert_int_equal(shm_sem_release(r, &cause), 0);
	assert_true(shm_sem_is_mine(r));
	assert_int_equal(shm_sem_release(r, &cause), 0);
	assert_false(shm_sem_is_mine(r));

	assert_int_equal(shm_sem_release(b, &cause), -1);
	free(cause);
	assert_int_equal(shm_sem_acquire(b, 0, -1), 1);
	assert_int_equal(shm_sem_value(b), 1);
	assert_int_equal(shm_sem_release(b, &cause), 0);

	assert_int_equal(shm_sem_acquire(s, 0, -1), 0);
	assert_int_equal(shm_sem_release(s, &cause), 0);
	assert_int_equal(shm_sem_release(s, &cause), 0);
	assert_int_equal(shm_sem_value(s), 2);
	shm_sem_free(l);
	shm_sem_free(r);
	shm_sem_free(b);
	shm_sem_free(s);
}

/* The child holds an RLock the parent wants; released after an event. */
struct rlock_args {
	struct shm_sem		*lock;
	struct shm_event	*held, *go;
};

static int
body_hold_rlock(void *arg)
{
	struct rlock_args *a = arg;
	char *cause = NULL;

	shm_sem_acquire(a->lock, 1, -1);
	shm_event_set(a->held);
	if (!shm_event_wait(a->go, 30 * SEC))
		return 2;
	return shm_sem_release(a->lock, &cause) == 0 ? 0 : 3;
}

static uint32_t
test_entity(void)
{
	return 777;
}

static void
test_cross_process_lock(void **state)
{
	struct rlock_args a;
	struct proc *p;
	char *cause = NULL;

	a.lock = shm_sem_create(SHM_RLOCK, 1);
	a.held = shm_event_create();
	a.go = shm_event_create();
	p = start(body_hold_rlock, &a);
	assert_int_equal(shm_event_wait(a.held, 30 * SEC), 1);
	/* Held by another process: not ours, not releasable by us. */
	assert_false(shm_sem_is_mine(a.lock));
	assert_int_equal(shm_sem_release(a.lock, &cause), -1);
	free(cause);
	stub_reset();
	assert_int_equal(shm_sem_acquire(a.lock, 1, SEC / 50), 0);
	shm_event_set(a.go);
	assert_int_equal(shm_sem_acquire(a.lock, 1, 30 * SEC), 1);
	assert_int_equal(finish(p), 0);
	assert_int_equal(shm_sem_release(a.lock, &cause), 0);
	/* The timed wait showed us Timed Waiting on the lock. */
	{
		const struct stub_ev *ev = stub_find(TRACE_EV_STATE, 777,
		    TRACE_ST_TIMED);

		assert_non_null(ev);
		assert_int_equal(ev->arg >> 8, TRACE_WHY_LOCK);
		assert_int_equal(ev->obj, shm_sem_entity(a.lock));
		assert_non_null(stub_find(TRACE_EV_LOCK_CONTEND, 777, -1));
	}
	shm_sem_free(a.lock);
	shm_event_free(a.held);
	shm_event_free(a.go);
}

/* Condition: the child waits for a predicate the parent sets. */
struct cond_args {
	struct shm_cond		*cond;
	struct shm_array	*value;
	struct shm_event	*waiting;
};

static int
body_cond_wait(void *arg)
{
	struct cond_args *a = arg;
	struct shm_sem *l = shm_cond_lock(a->cond);
	volatile int64_t *v = a->value->data;
	char *cause = NULL;

	shm_sem_acquire(l, 1, -1);
	shm_event_set(a->waiting);
	while (*v == 0)
		if (shm_cond_wait(a->cond, 30 * SEC, &cause) < 0)
			return 2;
	*v = 2;
	shm_sem_release(l, &cause);
	return 0;
}

static void
test_condition(void **state)
{
	struct cond_args a;
	struct proc *p;
	struct shm_sem *l;
	char *cause = NULL;

	a.cond = shm_cond_create(NULL);
	a.value = shm_array_create('q', 1, 0, &cause);
	a.waiting = shm_event_create();
	l = shm_cond_lock(a.cond);

	assert_int_equal(shm_cond_notify(a.cond, 1, &cause), -1);
	assert_string_equal(cause, "cannot notify on un-acquired lock");
	free(cause);
	assert_int_equal(shm_cond_wait(a.cond, 0, &cause), -1);
	free(cause);

	p = start(body_cond_wait, &a);
	assert_int_equal(shm_event_wait(a.waiting, 30 * SEC), 1);
	shm_sem_acquire(l, 1, -1);
	*(int64_t *)a.value->data = 1;
	assert_int_equal(shm_cond_notify(a.cond, -1, &cause), 0);
	shm_sem_release(l, &cause);
	assert_int_equal(finish(p), 0);
	assert_int_equal(*(int64_t *)a.value->data, 2);

	/* A wait with nobody notifying times out, holding the lock again. */
	shm_sem_acquire(l, 1, -1);
	shm_sem_acquire(l, 1, -1);
	assert_int_equal(shm_cond_wait(a.cond, SEC / 100, &cause), 0);
	assert_int_equal(shm_sem_count(l), 2);
	shm_sem_release(l, &cause);
	shm_sem_release(l, &cause);

	shm_cond_free(a.cond);
	shm_array_free(a.value);
	shm_event_free(a.waiting);
}

/* Barrier: 3 processes meet; indices are distinct. */
static int
body_barrier(void *arg)
{
	struct shm_barrier *b = arg;
	int idx = shm_barrier_wait(b, 30 * SEC);

	return idx < 0 ? 100 : idx;
}

static void
test_barrier(void **state)
{
	struct shm_barrier *b = shm_barrier_create(3);
	struct proc *p[2];
	int seen = 0, idx, i;

	p[0] = start(body_barrier, b);
	p[1] = start(body_barrier, b);
	idx = shm_barrier_wait(b, 30 * SEC);
	assert_true(idx >= 0 && idx < 3);
	seen |= 1 << idx;
	for (i = 0; i < 2; i++) {
		idx = finish(p[i]);
		assert_true(idx >= 0 && idx < 3);
		seen |= 1 << idx;
	}
	assert_int_equal(seen, 7);

	/* Alone at a barrier of 3: the timeout breaks it for everyone. */
	assert_int_equal(shm_barrier_wait(b, SEC / 100), -1);
	assert_true(shm_barrier_broken(b));
	assert_int_equal(shm_barrier_wait(b, -1), -1);
	shm_barrier_reset(b);
	assert_false(shm_barrier_broken(b));
	assert_int_equal(shm_barrier_parties(b), 3);
	assert_int_equal(shm_barrier_n_waiting(b), 0);
	shm_barrier_free(b);
}

/* Event: set in the child, seen in the parent. */
static int
body_set_event(void *arg)
{
	shm_event_set(arg);
	return 0;
}

static void
test_event(void **state)
{
	struct shm_event *e = shm_event_create();
	struct proc *p;

	assert_int_equal(shm_event_wait(e, SEC / 100), 0);
	p = start(body_set_event, e);
	assert_int_equal(shm_event_wait(e, -1), 1);
	assert_true(shm_event_is_set(e));
	assert_int_equal(finish(p), 0);
	shm_event_clear(e);
	assert_false(shm_event_is_set(e));
	shm_event_free(e);
}

static void
test_arena_reuse(void **state)
{
	size_t before = shm_used();
	void *a, *b, *big;

	a = shm_alloc(100);
	assert_true(shm_used() > before);
	shm_free(a);
	assert_int_equal(shm_used(), before);
	b = shm_alloc(100);
	assert_ptr_equal(a, b);
	assert_int_equal(((char *)b)[0], 0);
	shm_free(b);
	big = shm_alloc(4 << 20);
	((char *)big)[(4 << 20) - 1] = 1;
	shm_free(big);
}

static int
setup(void **state)
{
	struct proc_hooks h = { .current_entity = test_entity };

	proc_set_hooks(&h);
	proc_contain_init();
	shm_init();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counter),
		cmocka_unit_test(test_lock_rules),
		cmocka_unit_test(test_cross_process_lock),
		cmocka_unit_test(test_condition),
		cmocka_unit_test(test_barrier),
		cmocka_unit_test(test_event),
		cmocka_unit_test(test_arena_reuse),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
