/*
 * test-gil.c — the GIL on real pthreads: CPU-bound threads hand it over at
 * the switch interval in strict alternation (modern), drop every 100 ticks
 * (legacy), never need it (none); never two holders; a waiting thread holds
 * no GIL. Orderings and invariants over the event stream, no wall-clock
 * thresholds except the rate the issue asks for, taken as a median.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "rtest.h"

/* A CPU-bound worker: work, then an eval-breaker check, until told to stop. */
struct spin {
	struct rt	*rt;
	_Atomic int	*stop;
	uint64_t	 handoffs;	/* stop when the GIL changed hands so often */
	uint64_t	 checks;	/* or after this many checks (0: no limit) */
	_Atomic int	 running;
	_Atomic int	*other_running;	/* none mode: wait for the other */
};

/* Some work standing for a few bytecodes. */
static void
spin_work(void)
{
	static _Atomic uint64_t sink;
	uint64_t x = 0, i;

	for (i = 0; i < 300; i++)
		x = x * 31 + i;
	atomic_fetch_add_explicit(&sink, x, memory_order_relaxed);
}

/* The worker's body. */
static void
spin_body(struct rt_thread *t, void *arg)
{
	struct spin		*s = arg;
	int			*word = gil_breaker_word(&s->rt->gil);
	uint64_t		 n;

	for (n = 0; !atomic_load(s->stop); n++) {
		if (s->checks != 0 && n == s->checks)
			break;
		spin_work();
		if (gil_breaker_pending(word))
			gil_breaker(&s->rt->gil, t);
		if (s->handoffs != 0 &&
		    atomic_load(&s->rt->gil.handoffs) >= s->handoffs)
			atomic_store(s->stop, 1);
	}
}

/* Compare two uint64_t for qsort. */
static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Modern: alternation, slices longer than the interval, median rate. The
 * interval is 40 ms rather than the default 5 ms so that the rate measures
 * the GIL and not the machine: a woken thread on a shared CI machine may
 * wait a few milliseconds for a core, which would halve the rate at 5 ms
 * (make bench reports the rate at the default interval).
 */
static void
test_modern_handoff(void **state)
{
	const uint64_t	 interval = 40000000;
	struct rt	*rt = rtest_begin(GIL_MODERN, interval);
	_Atomic int	 stop = 0;
	struct spin	 sa = { rt, &stop, 32, 0, 0, NULL };
	struct spin	 sb = { rt, &stop, 32, 0, 0, NULL };
	struct rt_thread *a, *b;
	struct sink_ev	*v;
	size_t		 n, i, nt = 0;
	uint64_t	*slice, median, last_req_obj = 0;
	uint32_t	 ea, eb, prev = 0, last_req_by = 0;
	uint32_t	 em = thread_self()->entity;
	uint64_t	 tprev = 0, forced = 0, req_t = 0, wait_t = 0;
	int		 inwin = 0;
	uint64_t	*overhead, median_overhead;
	double		 rate;

	a = rtest_start(rt, "Thread-1", spin_body, &sa);
	b = rtest_start(rt, "Thread-2", spin_body, &sb);
	ea = a->entity;
	eb = b->entity;
	rtest_join(a);
	rtest_join(b);
	rtest_end(rt);
	rtest_check_one_holder();

	v = sink_events(&n);
	slice = xcalloc(n, sizeof *slice);
	overhead = xcalloc(n, sizeof *overhead);
	for (i = 0; i < n; i++) {
		struct trace_ev *e = &v[i].ev;

		if (e->kind == TRACE_EV_GIL_DROP && e->arg == TRACE_GIL_EXIT)
			break;		/* the window: both workers compute */
		if (e->kind == TRACE_EV_GIL_REQUEST)
			req_t = e->t;
		if (e->kind == TRACE_EV_GIL_DROP_REQUEST) {
			last_req_by = e->entity;
			last_req_obj = e->obj;
			wait_t = e->t - req_t;	/* the requester's timed wait */
		}
		if (inwin && e->kind == TRACE_EV_GIL_DROP &&
		    e->arg == TRACE_GIL_FORCED) {
			/* Every forced drop answers the other's request. */
			assert_int_equal(last_req_obj, e->entity);
			assert_int_not_equal(last_req_by, e->entity);
			forced++;
		}
		/* The window opens when the main thread waits in join. */
		if (e->kind == TRACE_EV_STATE && e->entity == em &&
		    (e->arg >> 8) == TRACE_WHY_JOIN)
			inwin = 1;
		if (e->kind != TRACE_EV_GIL_TAKE || !inwin)
			continue;
		assert_true(e->entity == ea || e->entity == eb);
		if (prev != 0) {
			/* Forced switching: strict alternation. */
			assert_int_not_equal(prev, e->entity);
			/* A requester waits a full interval before asking. */
			assert_true(e->t - tprev > interval);
			slice[nt] = e->t - tprev;
			/* What is not the timed wait: scheduling latencies. */
			overhead[nt] = slice[nt] > wait_t ? slice[nt] - wait_t : 0;
			nt++;
		}
		prev = e->entity;
		tprev = e->t;
	}
	if (getenv("RT_DEBUG") != NULL) {
		uint64_t t0 = 0;
		for (i = 0; i < n && i < 400; i++) {
			if (v[i].ev.kind == TRACE_EV_ENTITY_NEW)
				continue;
			if (t0 == 0)
				t0 = v[i].ev.t;
			print_message("# %10.3f %-16s e=%u arg=%u obj=%u val=%llu\n",
			    (v[i].ev.t - t0) / 1e6,
			    v[i].ev.kind == TRACE_EV_STATE ? "state" :
			    v[i].ev.kind == TRACE_EV_GIL_TAKE ? "take" :
			    v[i].ev.kind == TRACE_EV_GIL_DROP ? "drop" :
			    v[i].ev.kind == TRACE_EV_GIL_REQUEST ? "request" :
			    v[i].ev.kind == TRACE_EV_GIL_DROP_REQUEST ? "drop-request" : "other",
			    v[i].ev.entity, v[i].ev.arg, v[i].ev.obj,
			    (unsigned long long)v[i].ev.val);
		}
	}
	assert_true(nt >= 20);
	assert_true(forced >= nt - 1);
	qsort(slice, nt, sizeof *slice, cmp_u64);
	qsort(overhead, nt, sizeof *overhead, cmp_u64);
	median = slice[nt / 2];
	median_overhead = overhead[nt / 2];
	rate = 1e9 / (double)median;
	free(slice);
	free(overhead);
	sink_free(v, n);
	print_message("# %zu handoffs, median slice %.3f ms, %.1f/s "
	    "(1/interval = %.1f/s), median scheduling overhead %.3f ms\n",
	    nt, median / 1e6, rate, 1e9 / interval, median_overhead / 1e6);
	/* Within 0.5-2x of 1/interval. */
	assert_true(rate >= 0.5 * 1e9 / interval && rate <= 2.0 * 1e9 / interval);
}

/* Legacy: a drop (reason ticks) every 100 checks, never a drop request. */
static void
test_legacy_ticks(void **state)
{
	struct rt	*rt = rtest_begin(GIL_LEGACY, 0);
	_Atomic int	 stop = 0;
	struct spin	 sa = { rt, &stop, 0, 20000, 0, NULL };
	struct spin	 sb = { rt, &stop, 0, 30000, 0, NULL };
	struct rt_thread *a, *b;
	struct sink_ev	*v;
	size_t		 n, i, ticks_a = 0, ticks_b = 0, retake = 0;
	uint32_t	 ea, eb, dropper = 0;

	a = rtest_start(rt, "Thread-1", spin_body, &sa);
	b = rtest_start(rt, "Thread-2", spin_body, &sb);
	ea = a->entity;
	eb = b->entity;
	rtest_join(a);
	rtest_join(b);
	rtest_end(rt);
	rtest_check_one_holder();
	assert_int_equal(sink_count(TRACE_EV_GIL_DROP_REQUEST, 0), 0);

	v = sink_events(&n);
	for (i = 0; i < n; i++) {
		struct trace_ev *e = &v[i].ev;

		if (e->kind == TRACE_EV_GIL_DROP) {
			assert_int_not_equal(e->arg, TRACE_GIL_FORCED);
			if (e->arg == TRACE_GIL_TICKS) {
				if (e->entity == ea)
					ticks_a++;
				else if (e->entity == eb)
					ticks_b++;
			}
			dropper = e->entity;
		}
		if (e->kind == TRACE_EV_GIL_TAKE && e->entity == dropper &&
		    e->obj == dropper)
			retake++;
	}
	/* Every tenure lasts exactly 100 checks. */
	assert_int_equal(ticks_a, 20000 / GIL_DEFAULT_TICKS);
	assert_int_equal(ticks_b, 30000 / GIL_DEFAULT_TICKS);
	print_message("# legacy: %zu of %zu tick drops re-taken by the dropper\n",
	    retake, ticks_a + ticks_b);
	sink_free(v, n);
}

/* None: no GIL events; two threads can spin waiting for each other. */
static void
none_body(struct rt_thread *t, void *arg)
{
	struct spin *s = arg;

	atomic_store(&s->running, 1);
	while (!atomic_load(s->other_running))
		spin_work();	/* no breaker check at all */
}

static void
test_none_parallel(void **state)
{
	struct rt	*rt = rtest_begin(GIL_NONE, 0);
	struct spin	 sa = { 0 }, sb = { 0 };
	struct rt_thread *a, *b;

	sa.other_running = &sb.running;
	sb.other_running = &sa.running;
	a = rtest_start(rt, "Thread-1", none_body, &sa);
	b = rtest_start(rt, "Thread-2", none_body, &sb);
	rtest_join(a);
	rtest_join(b);
	rtest_end(rt);
	assert_int_equal(sink_count(TRACE_EV_GIL_TAKE, 0), 0);
	assert_int_equal(sink_count(TRACE_EV_GIL_DROP, 0), 0);
	assert_int_equal(sink_count(TRACE_EV_GIL_REQUEST, 0), 0);
}

/* A thread in a timed wait: Timed Waiting on its object, without the GIL. */
struct waiter {
	struct sync_event	*e;
	int			 rc;
};

static void
waiter_body(struct rt_thread *t, void *arg)
{
	struct waiter *w = arg;

	w->rc = sync_event_wait(w->e, 30 * 1000000000LL);
}

static void
test_timed_wait_no_gil(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_event	 e;
	struct waiter		 w;
	struct rt_thread	*t;
	struct sink_ev		*v;
	size_t			 n;
	long			 drop, timed, take;
	uint32_t		 et;

	sync_event_init(&e);
	w.e = &e;
	w.rc = -99;
	t = rtest_start(rt, "Thread-1", waiter_body, &w);
	et = t->entity;
	RTEST_UNTIL(atomic_load(&t->state) == TRACE_ST_TIMED);
	assert_int_equal(atomic_load(&t->reason), TRACE_WHY_EVENT);
	assert_int_equal(atomic_load(&t->state_obj), e.entity);
	assert_false(gil_held_by(&rt->gil, t));
	assert_int_equal(gil_holder_entity(&rt->gil), thread_self()->entity);
	sync_event_set(&e);
	rtest_join(t);
	assert_int_equal(w.rc, SYNC_OK);
	rtest_end(rt);
	rtest_check_one_holder();

	/* In the stream: drop (blocking), then Timed Waiting, then take. */
	v = sink_events(&n);
	drop = rtest_find(v, n, 0, TRACE_EV_GIL_DROP, et);
	for (timed = drop; timed >= 0; timed = rtest_find(v, n, (size_t)timed + 1,
	    TRACE_EV_STATE, et)) {
		if ((v[timed].ev.arg & 0xff) == TRACE_ST_TIMED)
			break;
	}
	assert_true(drop >= 0 && timed > drop);
	assert_int_equal(v[drop].ev.arg, TRACE_GIL_BLOCKING);
	assert_int_equal(v[timed].ev.arg >> 8, TRACE_WHY_EVENT);
	assert_int_equal(v[timed].ev.obj, e.entity);
	assert_true(v[timed].ev.val > v[timed].ev.t);	/* the deadline */
	take = rtest_find(v, n, (size_t)timed, TRACE_EV_GIL_TAKE, et);
	assert_true(take > timed);
	sink_free(v, n);
	sync_event_fini(&e);
}

/* A sleeping thread: Timed Waiting (sleep) without the GIL, for real. */
static void
sleeper_body(struct rt_thread *t, void *arg)
{
	thread_sleep(*(int64_t *)arg);
}

static void
test_sleep(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	int64_t			 ns = 30000000;
	struct rt_thread	*t;
	uint64_t		 t0 = clock_now_ns();
	struct sink_ev		*v;
	size_t			 n, i, yields = 0;
	uint32_t		 e2;

	t = rtest_start(rt, "Thread-1", sleeper_body, &ns);
	RTEST_UNTIL(atomic_load(&t->state) == TRACE_ST_TIMED ||
	    !thread_is_alive(t));
	if (thread_is_alive(t)) {
		assert_int_equal(atomic_load(&t->reason), TRACE_WHY_SLEEP);
		assert_false(gil_held_by(&rt->gil, t));
	}
	rtest_join(t);
	assert_true(clock_now_ns() - t0 >= 30000000);
	/* sleep(0) yields: a drop with the yield reason, no Timed Waiting. */
	ns = 0;
	t = rtest_start(rt, "Thread-2", sleeper_body, &ns);
	e2 = t->entity;
	rtest_join(t);
	v = sink_events(&n);
	for (i = 0; i < n; i++) {
		if (v[i].ev.entity != e2)
			continue;
		if (v[i].ev.kind == TRACE_EV_GIL_DROP &&
		    v[i].ev.arg == TRACE_GIL_YIELD)
			yields++;
		if (v[i].ev.kind == TRACE_EV_STATE)
			assert_int_not_equal(v[i].ev.arg & 0xff, TRACE_ST_TIMED);
	}
	sink_free(v, n);
	assert_int_equal(yields, 1);
	rtest_end(rt);
	rtest_check_one_holder();
}

/* The interval is settable and recorded. */
static void
test_set_interval(void **state)
{
	struct rt *rt = rtest_begin(GIL_MODERN, 0);

	assert_int_equal(gil_interval(&rt->gil), GIL_DEFAULT_INTERVAL_NS);
	gil_set_interval(&rt->gil, 1000000);
	assert_int_equal(gil_interval(&rt->gil), 1000000);
	assert_int_equal(sink_count(TRACE_EV_SETTING, rt->gil.entity), 3);
	rtest_end(rt);
}

/* Mode names parse and print. */
static void
test_mode_names(void **state)
{
	enum gil_mode m;

	assert_int_equal(gil_mode_parse("legacy", &m), 0);
	assert_int_equal(m, GIL_LEGACY);
	assert_int_equal(gil_mode_parse("none", &m), 0);
	assert_int_equal(m, GIL_NONE);
	assert_int_equal(gil_mode_parse("modern", &m), 0);
	assert_string_equal(gil_mode_name(m), "modern");
	assert_int_equal(gil_mode_parse("fast", &m), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modern_handoff),
		cmocka_unit_test(test_legacy_ticks),
		cmocka_unit_test(test_none_parallel),
		cmocka_unit_test(test_timed_wait_no_gil),
		cmocka_unit_test(test_sleep),
		cmocka_unit_test(test_set_interval),
		cmocka_unit_test(test_mode_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
