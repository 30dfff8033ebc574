/*
 * test-sync.c — semantics of Lock, RLock, Semaphore, BoundedSemaphore,
 * Event, Condition, Barrier and the queues on real threads: mutual
 * exclusion, ownership, wake-up order, timeouts (Timed Waiting, returning
 * after at least the timeout), broken barriers, task accounting, and the
 * events every operation emits.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "rtest.h"

/* Two threads increment a plain counter under a Lock. */
struct counting {
	struct sync_lock	*l;
	long			 counter;
	int			 loops;
};

static void
counting_body(struct rt_thread *t, void *arg)
{
	struct counting	*c = arg;
	int		 i;
	long		 v;

	for (i = 0; i < c->loops; i++) {
		sync_lock_acquire(c->l, SYNC_FOREVER);
		v = c->counter;
		if (i % 64 == 0)
			gil_yield(&t->rt->gil, t);	/* invite a race */
		c->counter = v + 1;
		sync_lock_release(c->l);
	}
}

/* Lock: exclusion, try, timeout, release errors, strict acquire/release. */
static void
test_lock(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_lock	 l;
	struct counting		 c = { &l, 0, 2000 };
	struct rt_thread	*a, *b;
	struct sink_ev		*v;
	size_t			 n, i, acq = 0;
	uint64_t		 t0;
	int			 held = 0;

	sync_lock_init(&l, 0, NULL);
	assert_string_equal(sink_name(l.entity), l.name);
	assert_int_equal(sync_lock_release(&l), SYNC_UNLOCKED);
	assert_int_equal(sync_lock_acquire(&l, SYNC_FOREVER), SYNC_OK);
	assert_true(sync_lock_locked(&l));
	assert_int_equal(sync_lock_acquire(&l, 0), SYNC_TIMEOUT);
	t0 = clock_now_ns();
	assert_int_equal(sync_lock_acquire(&l, 20000000), SYNC_TIMEOUT);
	assert_true(clock_now_ns() - t0 >= 20000000);
	assert_int_equal(sync_lock_release(&l), SYNC_OK);
	assert_false(sync_lock_locked(&l));

	a = rtest_start(rt, "Thread-1", counting_body, &c);
	b = rtest_start(rt, "Thread-2", counting_body, &c);
	rtest_join(a);
	rtest_join(b);
	assert_int_equal(c.counter, 4000);

	v = sink_events(&n);
	for (i = 0; i < n; i++) {
		if (v[i].ev.obj != l.entity)
			continue;
		if (v[i].ev.kind == TRACE_EV_LOCK_ACQUIRE) {
			assert_false(held);
			held = 1;
			acq++;
		} else if (v[i].ev.kind == TRACE_EV_LOCK_RELEASE) {
			assert_true(held);
			held = 0;
		}
	}
	assert_int_equal(acq, 4000 + 1);
	sink_free(v, n);
	rtest_end(rt);
	sync_lock_fini(&l);
}

/* A thread that tries to release a lock (RLock: not its own). */
static void
release_body(struct rt_thread *t, void *arg)
{
	struct sync_lock *l = arg;

	assert_int_equal(sync_lock_release(l), SYNC_NOT_OWNER);
	assert_int_equal(sync_lock_acquire(l, 0), SYNC_TIMEOUT);
}

/* RLock: owner and depth. */
static void
test_rlock(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_lock	 r;
	struct rt_thread	*t;
	unsigned		 depth;

	sync_lock_init(&r, 1, NULL);
	assert_int_equal(sync_lock_acquire(&r, SYNC_FOREVER), SYNC_OK);
	assert_int_equal(sync_lock_acquire(&r, SYNC_FOREVER), SYNC_OK);
	assert_int_equal(sync_lock_acquire(&r, 0), SYNC_OK);
	assert_int_equal(r.count, 3);
	assert_true(sync_lock_is_owned(&r));
	t = rtest_start(rt, "Thread-1", release_body, &r);
	rtest_join(t);
	assert_int_equal(sync_lock_release_save(&r, &depth), SYNC_OK);
	assert_int_equal(depth, 3);
	assert_false(sync_lock_locked(&r));
	assert_int_equal(sync_lock_acquire_restore(&r, depth), SYNC_OK);
	assert_int_equal(sync_lock_release(&r), SYNC_OK);
	assert_int_equal(sync_lock_release(&r), SYNC_OK);
	assert_true(sync_lock_locked(&r));
	assert_int_equal(sync_lock_release(&r), SYNC_OK);
	assert_false(sync_lock_locked(&r));
	assert_int_equal(sync_lock_release(&r), SYNC_UNLOCKED);
	rtest_end(rt);
	sync_lock_fini(&r);
}

/* A thread doing one semaphore acquire with a timeout. */
struct sema_user {
	struct sync_sema	*s;
	int64_t			 timeout;
	int			 rc;
};

static void
sema_body(struct rt_thread *t, void *arg)
{
	struct sema_user *u = arg;

	u->rc = sync_sema_acquire(u->s, u->timeout);
}

/* Semaphore and BoundedSemaphore. */
static void
test_semaphore(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_sema	 s, bs;
	struct sema_user	 u = { &s, SYNC_FOREVER, -99 };
	struct sema_user	 ut = { &s, 30 * 1000000000LL, -99 };
	struct rt_thread	*t;

	sync_sema_init(&s, 2, 0);
	assert_int_equal(sync_sema_acquire(&s, SYNC_FOREVER), SYNC_OK);
	assert_int_equal(sync_sema_acquire(&s, 0), SYNC_OK);
	assert_int_equal(sync_sema_acquire(&s, 0), SYNC_TIMEOUT);
	assert_int_equal(sync_sema_acquire(&s, 1000000), SYNC_TIMEOUT);

	t = rtest_start(rt, "Thread-1", sema_body, &u);
	RTEST_UNTIL(atomic_load(&t->state) == TRACE_ST_BLOCKED);
	assert_int_equal(atomic_load(&t->reason), TRACE_WHY_SEMAPHORE);
	assert_int_equal(atomic_load(&t->state_obj), s.entity);
	assert_int_equal(sync_sema_release(&s, 1), SYNC_OK);
	rtest_join(t);
	assert_int_equal(u.rc, SYNC_OK);

	t = rtest_start(rt, "Thread-2", sema_body, &ut);
	RTEST_UNTIL(atomic_load(&t->state) == TRACE_ST_TIMED);
	assert_int_equal(sync_sema_release(&s, 3), SYNC_OK);
	rtest_join(t);
	assert_int_equal(ut.rc, SYNC_OK);
	assert_int_equal(sync_sema_value(&s), 2);

	sync_sema_init(&bs, 1, 1);
	assert_int_equal(sync_sema_release(&bs, 1), SYNC_TOO_MANY);
	assert_int_equal(sync_sema_acquire(&bs, 0), SYNC_OK);
	assert_int_equal(sync_sema_release(&bs, 1), SYNC_OK);
	assert_int_equal(sync_sema_value(&bs), 1);
	rtest_end(rt);
	sync_sema_fini(&s);
	sync_sema_fini(&bs);
}

/* A thread waiting for an event. */
struct ev_user {
	struct sync_event	*e;
	int64_t			 timeout;
	int			 rc;
};

static void
event_body(struct rt_thread *t, void *arg)
{
	struct ev_user *u = arg;

	u->rc = sync_event_wait(u->e, u->timeout);
}

/* Event: set wakes every waiter; a set then clear still counts; timeouts. */
static void
test_event(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_event	 e;
	struct ev_user		 u[3];
	struct rt_thread	*t[3];
	uint64_t		 t0;
	int			 i;

	sync_event_init(&e);
	assert_int_equal(sync_event_wait(&e, 0), SYNC_TIMEOUT);
	t0 = clock_now_ns();
	assert_int_equal(sync_event_wait(&e, 10000000), SYNC_TIMEOUT);
	assert_true(clock_now_ns() - t0 >= 10000000);
	for (i = 0; i < 3; i++) {
		u[i].e = &e;
		u[i].timeout = SYNC_FOREVER;
		u[i].rc = -99;
		t[i] = rtest_start(rt, "Waiter", event_body, &u[i]);
	}
	for (i = 0; i < 3; i++) {
		RTEST_UNTIL(atomic_load(&t[i]->state) == TRACE_ST_BLOCKED);
		assert_int_equal(atomic_load(&t[i]->reason), TRACE_WHY_EVENT);
	}
	/* Set and clear at once: the waiters were notified all the same. */
	sync_event_set(&e);
	sync_event_clear(&e);
	for (i = 0; i < 3; i++) {
		rtest_join(t[i]);
		assert_int_equal(u[i].rc, SYNC_OK);
	}
	assert_false(sync_event_is_set(&e));
	sync_event_set(&e);
	assert_true(sync_event_is_set(&e));
	assert_int_equal(sync_event_wait(&e, SYNC_FOREVER), SYNC_OK);
	rtest_end(rt);
	sync_event_fini(&e);
}

/* Condition waiters record the order in which they were woken. */
struct cond_user {
	struct sync_cond	*c;
	_Atomic int		*seq;
	int			 woke_at;
	int			 rc;
};

static void
cond_body(struct rt_thread *t, void *arg)
{
	struct cond_user *u = arg;

	sync_lock_acquire(u->c->lock, SYNC_FOREVER);
	u->rc = sync_cond_wait(u->c, SYNC_FOREVER);
	assert_true(sync_lock_is_owned(u->c->lock));
	u->woke_at = atomic_fetch_add(u->seq, 1);
	sync_lock_release(u->c->lock);
}

/* The number of threads queued on c. */
static int
cond_nwaiting(struct sync_cond *c)
{
	struct sync_waiter	*w;
	int			 n = 0;

	pthread_mutex_lock(&c->mu);
	for (w = c->head; w != NULL; w = *(struct sync_waiter **)w)
		n++;
	pthread_mutex_unlock(&c->mu);
	return n;
}

/* Predicate for wait_for: the shared value reached 3. */
static int
reached3(void *arg)
{
	return *(int *)arg >= 3;
}

/* Condition: ownership, FIFO notify(1), notify_all, timeouts, wait_for. */
static void
test_condition(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_lock	 r;
	struct sync_cond	 c;
	struct cond_user	 u[3];
	struct rt_thread	*t[3];
	_Atomic int		 seq = 0;
	int			 i, value = 5;
	uint64_t		 t0;

	sync_lock_init(&r, 1, NULL);
	sync_cond_init(&c, &r);
	assert_int_equal(sync_cond_wait(&c, 0), SYNC_NOT_OWNER);
	assert_int_equal(sync_cond_notify(&c, 1), SYNC_NOT_OWNER);

	/* A timed-out wait returns with the lock held again, depth kept. */
	sync_lock_acquire(&r, SYNC_FOREVER);
	sync_lock_acquire(&r, SYNC_FOREVER);
	t0 = clock_now_ns();
	assert_int_equal(sync_cond_wait(&c, 10000000), SYNC_TIMEOUT);
	assert_true(clock_now_ns() - t0 >= 10000000);
	assert_true(sync_lock_is_owned(&r));
	assert_int_equal(r.count, 2);
	assert_int_equal(sync_cond_wait_for(&c, reached3, &value, 0), SYNC_OK);
	sync_lock_release(&r);
	sync_lock_release(&r);

	/* Waiters queue in arrival order; notify(1) wakes the oldest. */
	for (i = 0; i < 3; i++) {
		u[i].c = &c;
		u[i].seq = &seq;
		u[i].woke_at = -1;
		u[i].rc = -99;
		t[i] = rtest_start(rt, "Waiter", cond_body, &u[i]);
		RTEST_UNTIL(cond_nwaiting(&c) == i + 1 &&
		    atomic_load(&t[i]->state) == TRACE_ST_BLOCKED);
		assert_int_equal(atomic_load(&t[i]->reason),
		    TRACE_WHY_CONDITION);
	}
	sync_lock_acquire(&r, SYNC_FOREVER);
	assert_int_equal(sync_cond_notify(&c, 1), SYNC_OK);
	sync_lock_release(&r);
	rtest_join(t[0]);
	assert_int_equal(u[0].woke_at, 0);
	assert_int_equal(cond_nwaiting(&c), 2);
	sync_lock_acquire(&r, SYNC_FOREVER);
	assert_int_equal(sync_cond_notify(&c, SIZE_MAX), SYNC_OK);
	sync_lock_release(&r);
	for (i = 1; i < 3; i++) {
		rtest_join(t[i]);
		assert_int_equal(u[i].rc, SYNC_OK);
	}
	assert_int_equal(seq, 3);

	/* wait_for with a predicate that stays false times out. */
	value = 0;
	sync_lock_acquire(&r, SYNC_FOREVER);
	assert_int_equal(sync_cond_wait_for(&c, reached3, &value, 5000000),
	    SYNC_TIMEOUT);
	sync_lock_release(&r);
	rtest_end(rt);
	sync_cond_fini(&c);
	sync_lock_fini(&r);
}

/* Barrier parties: two rounds, recording arrival indexes. */
struct party {
	struct sync_barrier	*b;
	int64_t			 timeout;
	int			 rounds;
	unsigned		 idx[2];
	int			 rc[2];
};

static _Atomic int actions;

static int
barrier_action(void *arg)
{
	atomic_fetch_add(&actions, 1);
	return 0;
}

static void
party_body(struct rt_thread *t, void *arg)
{
	struct party	*p = arg;
	int		 i;

	for (i = 0; i < p->rounds; i++)
		p->rc[i] = sync_barrier_wait(p->b, p->timeout, &p->idx[i],
		    barrier_action, NULL);
}

/* Barrier: indexes, the action once per round, timeout breaks, reset. */
static void
test_barrier(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_barrier	 b;
	struct party		 p[3];
	struct rt_thread	*t[3];
	int			 i, r;
	unsigned		 seen, idx;

	atomic_store(&actions, 0);
	sync_barrier_init(&b, 3);
	for (i = 0; i < 3; i++) {
		memset(&p[i], 0, sizeof p[i]);
		p[i].b = &b;
		p[i].timeout = SYNC_FOREVER;
		p[i].rounds = 2;
		t[i] = rtest_start(rt, "Party", party_body, &p[i]);
	}
	for (i = 0; i < 3; i++)
		rtest_join(t[i]);
	for (r = 0; r < 2; r++) {
		seen = 0;
		for (i = 0; i < 3; i++) {
			assert_int_equal(p[i].rc[r], SYNC_OK);
			seen |= 1u << p[i].idx[r];
		}
		assert_int_equal(seen, 7);	/* 0, 1 and 2, once each */
	}
	assert_int_equal(atomic_load(&actions), 2);

	/* Two of three arrive with a timeout: it breaks for both. */
	for (i = 0; i < 2; i++) {
		memset(&p[i], 0, sizeof p[i]);
		p[i].b = &b;
		p[i].timeout = 20000000;
		p[i].rounds = 1;
		t[i] = rtest_start(rt, "Party", party_body, &p[i]);
	}
	for (i = 0; i < 2; i++) {
		rtest_join(t[i]);
		assert_int_equal(p[i].rc[0], SYNC_BROKEN);
	}
	assert_true(sync_barrier_broken(&b));
	assert_int_equal(sync_barrier_wait(&b, SYNC_FOREVER, &idx, NULL, NULL),
	    SYNC_BROKEN);
	sync_barrier_reset(&b);
	assert_false(sync_barrier_broken(&b));

	/* abort() breaks a waiting party. */
	memset(&p[0], 0, sizeof p[0]);
	p[0].b = &b;
	p[0].timeout = SYNC_FOREVER;
	p[0].rounds = 1;
	t[0] = rtest_start(rt, "Party", party_body, &p[0]);
	RTEST_UNTIL(sync_barrier_n_waiting(&b) == 1 &&
	    atomic_load(&t[0]->state) == TRACE_ST_BLOCKED);
	assert_int_equal(atomic_load(&t[0]->reason), TRACE_WHY_BARRIER);
	sync_barrier_abort(&b);
	rtest_join(t[0]);
	assert_int_equal(p[0].rc[0], SYNC_BROKEN);
	rtest_end(rt);
	sync_barrier_fini(&b);
}

/* Order small integers for the priority queue. */
static int
cmp_int(void *a, void *b, void *arg)
{
	intptr_t x = (intptr_t)a, y = (intptr_t)b;

	return x < y ? -1 : x > y;
}

/* Put 5 1 4 2 3 and read the order back. */
static void
check_order(enum sync_queue_kind kind, const intptr_t *want)
{
	static const intptr_t in[] = { 5, 1, 4, 2, 3 };
	struct sync_queue	q;
	void			*item;
	int			 i;

	sync_queue_init(&q, kind, 0, cmp_int, NULL);
	for (i = 0; i < 5; i++)
		assert_int_equal(sync_queue_put(&q, (void *)in[i], 0), SYNC_OK);
	assert_int_equal(sync_queue_size(&q), 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(sync_queue_get(&q, &item, 0), SYNC_OK);
		assert_int_equal((intptr_t)item, want[i]);
	}
	assert_int_equal(sync_queue_get(&q, &item, 0), SYNC_TIMEOUT);
	sync_queue_fini(&q, NULL);
}

/* A consumer: get n items, task_done each, sum them. */
struct consumer {
	struct sync_queue	*q;
	int			 n;
	intptr_t		 sum;
};

static void
consumer_body(struct rt_thread *t, void *arg)
{
	struct consumer	*c = arg;
	void		*item;
	int		 i;

	for (i = 0; i < c->n; i++) {
		assert_int_equal(sync_queue_get(c->q, &item, SYNC_FOREVER),
		    SYNC_OK);
		c->sum += (intptr_t)item;
		assert_int_equal(sync_queue_task_done(c->q), SYNC_OK);
	}
}

/* Queues: orders, bounds, timeouts, blocking both ways, task_done/join. */
static void
test_queue(void **state)
{
	static const intptr_t fifo[] = { 5, 1, 4, 2, 3 };
	static const intptr_t lifo[] = { 3, 2, 4, 1, 5 };
	static const intptr_t prio[] = { 1, 2, 3, 4, 5 };
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_queue	 q;
	struct consumer		 c;
	struct rt_thread	*t;
	void			*item;
	uint64_t		 t0;
	intptr_t		 i;

	check_order(SYNC_QUEUE_FIFO, fifo);
	check_order(SYNC_QUEUE_LIFO, lifo);
	check_order(SYNC_QUEUE_PRIORITY, prio);

	sync_queue_init(&q, SYNC_QUEUE_FIFO, 2, NULL, NULL);
	assert_int_equal(sync_queue_put(&q, (void *)1, 0), SYNC_OK);
	assert_int_equal(sync_queue_put(&q, (void *)2, 0), SYNC_OK);
	assert_true(sync_queue_full(&q));
	assert_int_equal(sync_queue_put(&q, (void *)3, 0), SYNC_TIMEOUT);
	t0 = clock_now_ns();
	assert_int_equal(sync_queue_put(&q, (void *)3, 10000000), SYNC_TIMEOUT);
	assert_true(clock_now_ns() - t0 >= 10000000);
	assert_int_equal(sync_queue_get(&q, &item, 0), SYNC_OK);
	assert_int_equal(sync_queue_get(&q, &item, 0), SYNC_OK);
	t0 = clock_now_ns();
	assert_int_equal(sync_queue_get(&q, &item, 10000000), SYNC_TIMEOUT);
	assert_true(clock_now_ns() - t0 >= 10000000);
	assert_int_equal(sync_queue_task_done(&q), SYNC_OK);
	assert_int_equal(sync_queue_task_done(&q), SYNC_OK);
	assert_int_equal(sync_queue_task_done(&q), SYNC_TOO_MANY);
	assert_int_equal(sync_queue_join(&q, 0), SYNC_OK);

	/* A consumer blocks on the empty queue; the producer on the full one. */
	c.q = &q;
	c.n = 100;
	c.sum = 0;
	t = rtest_start(rt, "Consumer", consumer_body, &c);
	RTEST_UNTIL(atomic_load(&t->state) == TRACE_ST_BLOCKED);
	assert_int_equal(atomic_load(&t->reason), TRACE_WHY_QUEUE);
	assert_int_equal(atomic_load(&t->state_obj), q.entity);
	for (i = 1; i <= 100; i++)
		assert_int_equal(sync_queue_put(&q, (void *)i, SYNC_FOREVER),
		    SYNC_OK);
	assert_int_equal(sync_queue_join(&q, SYNC_FOREVER), SYNC_OK);
	rtest_join(t);
	assert_int_equal(c.sum, 5050);
	assert_int_equal(sink_count(TRACE_EV_QUEUE_PUT, 0), 3 * 5 + 2 + 100);
	assert_int_equal(sink_count(TRACE_EV_QUEUE_GET, 0), 3 * 5 + 2 + 100);
	rtest_end(rt);
	sync_queue_fini(&q, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_rlock),
		cmocka_unit_test(test_semaphore),
		cmocka_unit_test(test_event),
		cmocka_unit_test(test_condition),
		cmocka_unit_test(test_barrier),
		cmocka_unit_test(test_queue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
