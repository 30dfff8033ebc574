/*
 * test-deadlock.c — lock contention names the holder; a two-lock deadlock,
 * a self-deadlock and a join/lock cycle are detected and named; waits with
 * a timeout are never reported; with the "wait" policy the cycle is
 * reported and the threads keep waiting.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/xmalloc.h"
#include "rtest.h"

/* What the deadlock callback saw. */
static char		*seen_cycle;
static _Atomic int	 seen_count;

/* The deadlock callback: remember the cycle. */
static void
on_deadlock(const char *cycle, void *arg)
{
	free(seen_cycle);
	seen_cycle = xstrdup(cycle);
	atomic_fetch_add(&seen_count, 1);
}

/* Reset what the callback saw and install it with the given policy. */
static void
watch_deadlocks(struct rt *rt, enum rt_deadlock_action action)
{
	free(seen_cycle);
	seen_cycle = NULL;
	atomic_store(&seen_count, 0);
	rt_set_deadlock(rt, action, on_deadlock, NULL);
}

/* A thread taking first, meeting the other, then taking second. */
struct grab {
	struct sync_lock	*first, *second;
	struct sync_barrier	*meet;
	int64_t			 timeout;
	int			 rc, rc2;
};

static void
grab_body(struct rt_thread *t, void *arg)
{
	struct grab	*g = arg;
	unsigned	 idx;

	g->rc = sync_lock_acquire(g->first, g->timeout);
	if (g->meet != NULL) {
		sync_barrier_wait(g->meet, SYNC_FOREVER, &idx, NULL, NULL);
		g->rc2 = sync_lock_acquire(g->second, g->timeout);
		if (g->rc2 == SYNC_OK)
			sync_lock_release(g->second);
	}
	if (g->rc == SYNC_OK)
		sync_lock_release(g->first);
}

/* Lock contention: LOCK_CONTEND names the holder, the waiter is Blocked. */
static void
test_contention_names_holder(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_lock	 l;
	struct grab		 g = { &l, NULL, NULL, SYNC_FOREVER, -99, -99 };
	struct rt_thread	*t;
	struct sink_ev		*v;
	size_t			 n;
	long			 i;
	uint32_t		 me = thread_self()->entity;

	watch_deadlocks(rt, RT_DEADLOCK_FAIL);
	sync_lock_init(&l, 0, "L1");
	assert_int_equal(sync_lock_acquire(&l, SYNC_FOREVER), SYNC_OK);
	t = rtest_start(rt, "Thread-1", grab_body, &g);
	RTEST_UNTIL(atomic_load(&t->state) == TRACE_ST_BLOCKED);
	assert_int_equal(atomic_load(&t->reason), TRACE_WHY_LOCK);
	assert_int_equal(atomic_load(&t->state_obj), l.entity);
	assert_int_equal(sync_lock_release(&l), SYNC_OK);
	rtest_join(t);
	assert_int_equal(g.rc, SYNC_OK);

	v = sink_events(&n);
	i = rtest_find(v, n, 0, TRACE_EV_LOCK_CONTEND, 0);
	assert_true(i >= 0);
	assert_int_equal(v[i].ev.obj, l.entity);
	assert_int_equal(v[i].ev.val, me);		/* the holder */
	sink_free(v, n);
	assert_int_equal(atomic_load(&rt->deadlocks), 0);
	assert_int_equal(atomic_load(&seen_count), 0);
	rtest_end(rt);
	sync_lock_fini(&l);
}

/* Two threads, two locks, opposite orders: detected, named, one fails. */
static void
test_two_lock_deadlock(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_lock	 l1, l2;
	struct sync_barrier	 meet;
	struct grab		 g1 = { &l1, &l2, &meet, SYNC_FOREVER, -99, -99 };
	struct grab		 g2 = { &l2, &l1, &meet, SYNC_FOREVER, -99, -99 };
	struct rt_thread	*t1, *t2;
	const char		*want;

	watch_deadlocks(rt, RT_DEADLOCK_FAIL);
	sync_lock_init(&l1, 0, "L1");
	sync_lock_init(&l2, 0, "L2");
	sync_barrier_init(&meet, 2);
	t1 = rtest_start(rt, "Thread-1", grab_body, &g1);
	t2 = rtest_start(rt, "Thread-2", grab_body, &g2);
	rtest_join(t1);
	rtest_join(t2);
	assert_int_equal(g1.rc, SYNC_OK);
	assert_int_equal(g2.rc, SYNC_OK);
	/* Exactly one closed the cycle and was refused; the other went on. */
	assert_true((g1.rc2 == SYNC_DEADLOCK && g2.rc2 == SYNC_OK) ||
	    (g1.rc2 == SYNC_OK && g2.rc2 == SYNC_DEADLOCK));
	assert_int_equal(atomic_load(&seen_count), 1);
	assert_int_equal(atomic_load(&rt->deadlocks), 1);
	if (g1.rc2 == SYNC_DEADLOCK)
		want = "Thread-1 waits for lock L2 held by Thread-2, "
		    "which waits for L1 held by Thread-1";
	else
		want = "Thread-2 waits for lock L1 held by Thread-1, "
		    "which waits for L2 held by Thread-2";
	assert_string_equal(seen_cycle, want);
	assert_int_equal(sink_count(TRACE_EV_DEADLOCK, 0), 1);
	rtest_end(rt);
	sync_barrier_fini(&meet);
	sync_lock_fini(&l1);
	sync_lock_fini(&l2);
}

/* Taking a Lock one already holds, without a timeout, is a deadlock. */
static void
test_self_deadlock(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_lock	 l, r;

	watch_deadlocks(rt, RT_DEADLOCK_FAIL);
	sync_lock_init(&l, 0, "L");
	sync_lock_init(&r, 1, "R");
	assert_int_equal(sync_lock_acquire(&l, SYNC_FOREVER), SYNC_OK);
	assert_int_equal(sync_lock_acquire(&l, 0), SYNC_TIMEOUT);
	assert_int_equal(sync_lock_acquire(&l, 1000000), SYNC_TIMEOUT);
	assert_int_equal(atomic_load(&seen_count), 0);
	assert_int_equal(sync_lock_acquire(&l, SYNC_FOREVER), SYNC_DEADLOCK);
	assert_string_equal(seen_cycle,
	    "MainThread waits for lock L held by MainThread");
	/* An RLock is reentrant: no deadlock. */
	assert_int_equal(sync_lock_acquire(&r, SYNC_FOREVER), SYNC_OK);
	assert_int_equal(sync_lock_acquire(&r, SYNC_FOREVER), SYNC_OK);
	assert_int_equal(atomic_load(&seen_count), 1);
	sync_lock_release(&r);
	sync_lock_release(&r);
	sync_lock_release(&l);
	rtest_end(rt);
	sync_lock_fini(&l);
	sync_lock_fini(&r);
}

/* Joining a thread that waits for a lock the joiner holds. */
static void
test_join_cycle(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_lock	 l;
	struct grab		 g = { &l, NULL, NULL, SYNC_FOREVER, -99, -99 };
	struct rt_thread	*t;

	watch_deadlocks(rt, RT_DEADLOCK_FAIL);
	sync_lock_init(&l, 0, "L1");
	sync_lock_acquire(&l, SYNC_FOREVER);
	t = rtest_start(rt, "Thread-1", grab_body, &g);
	RTEST_UNTIL(atomic_load(&t->state) == TRACE_ST_BLOCKED);
	assert_int_equal(thread_join(t, SYNC_FOREVER), -1);
	assert_string_equal(seen_cycle, "MainThread waits for Thread-1 to "
	    "finish, which waits for lock L1 held by MainThread");
	/* A join with a timeout is no deadlock: it ends by itself. */
	assert_int_equal(thread_join(t, 1000000), 0);
	assert_int_equal(atomic_load(&seen_count), 1);
	sync_lock_release(&l);
	rtest_join(t);
	rtest_end(rt);
	sync_lock_fini(&l);
}

/* A cycle through a timed wait is not a deadlock: the wait times out. */
static void
test_timed_cycle_not_reported(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_lock	 l1, l2;
	struct sync_barrier	 meet;
	struct grab		 g1 = { &l1, &l2, &meet, 50000000, -99, -99 };
	struct grab		 g2 = { &l2, &l1, &meet, SYNC_FOREVER, -99, -99 };
	struct rt_thread	*t1, *t2;

	watch_deadlocks(rt, RT_DEADLOCK_FAIL);
	sync_lock_init(&l1, 0, "L1");
	sync_lock_init(&l2, 0, "L2");
	sync_barrier_init(&meet, 2);
	t1 = rtest_start(rt, "Thread-1", grab_body, &g1);
	t2 = rtest_start(rt, "Thread-2", grab_body, &g2);
	rtest_join(t1);
	rtest_join(t2);
	assert_int_equal(g1.rc2, SYNC_TIMEOUT);
	assert_int_equal(g2.rc2, SYNC_OK);
	assert_int_equal(atomic_load(&seen_count), 0);
	assert_int_equal(sink_count(TRACE_EV_DEADLOCK, 0), 0);
	rtest_end(rt);
	sync_barrier_fini(&meet);
	sync_lock_fini(&l1);
	sync_lock_fini(&l2);
}

/* With the wait policy, the cycle is reported and the threads keep waiting. */
static void
test_wait_policy(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_lock	 l1, l2;
	struct sync_barrier	 meet;
	struct grab		 g1 = { &l1, &l2, &meet, SYNC_FOREVER, -99, -99 };
	struct grab		 g2 = { &l2, &l1, &meet, SYNC_FOREVER, -99, -99 };
	struct rt_thread	*t1, *t2;

	watch_deadlocks(rt, RT_DEADLOCK_WAIT);
	sync_lock_init(&l1, 0, "L1");
	sync_lock_init(&l2, 0, "L2");
	sync_barrier_init(&meet, 2);
	t1 = rtest_start(rt, "Thread-1", grab_body, &g1);
	t2 = rtest_start(rt, "Thread-2", grab_body, &g2);
	RTEST_UNTIL(atomic_load(&seen_count) == 1);
	RTEST_UNTIL(atomic_load(&t1->state) == TRACE_ST_BLOCKED &&
	    atomic_load(&t2->state) == TRACE_ST_BLOCKED);
	assert_true(thread_is_alive(t1) && thread_is_alive(t2));
	/* Break it from outside: a Lock may be released by any thread. */
	assert_int_equal(sync_lock_release(&l1), SYNC_OK);
	rtest_join(t1);
	rtest_join(t2);
	assert_int_equal(g2.rc2, SYNC_OK);
	assert_int_equal(g1.rc2, SYNC_OK);
	assert_int_equal(atomic_load(&seen_count), 1);
	rtest_end(rt);
	sync_barrier_fini(&meet);
	sync_lock_fini(&l1);
	sync_lock_fini(&l2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contention_names_holder),
		cmocka_unit_test(test_two_lock_deadlock),
		cmocka_unit_test(test_self_deadlock),
		cmocka_unit_test(test_join_cycle),
		cmocka_unit_test(test_timed_cycle_not_reported),
		cmocka_unit_test(test_wait_policy),
	};
	int rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(seen_cycle);
	return rc;
}
