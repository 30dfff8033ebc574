/*
 * test-thread.c — the thread registry on real pthreads: the lifecycle
 * (New, Runnable ready/running, Terminated with how it ended), ident and
 * native id, join Blocked on the right thread and Timed Waiting with a
 * timeout, enumerate/active count, names, limits, and daemon threads
 * stopped at interpreter exit.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/xmalloc.h"
#include "rtest.h"

/* A body that records who it ran as, and may end "by an exception". */
struct seen {
	uint64_t	ident;
	long		native_id;
	int		held_gil;
	int		fail;
};

static void
seen_body(struct rt_thread *t, void *arg)
{
	struct seen *s = arg;

	s->ident = atomic_load(&t->ident);
	s->native_id = atomic_load(&t->native_id);
	s->held_gil = gil_held_by(&t->rt->gil, t) && thread_self() == t;
	if (s->fail)
		thread_set_exit(t, THREAD_EXIT_EXCEPTION);
}

/* The states of entity e, in order, as a string of digits. */
static char *
states_of(uint32_t e)
{
	struct sink_ev	*v;
	size_t		 n, i, k = 0;
	char		*s;

	v = sink_events(&n);
	s = xcalloc(n + 1, 1);
	for (i = 0; i < n; i++) {
		if (v[i].ev.kind == TRACE_EV_STATE && v[i].ev.entity == e)
			s[k++] = (char)('0' + (v[i].ev.arg & 0xff));
	}
	sink_free(v, n);
	return s;
}

/* New -> ready -> running -> Terminated, with ident and exit status. */
static void
test_lifecycle(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct seen		 ok = { 0 }, bad = { 0, 0, 0, 1 };
	struct rt_thread	*t, *u;
	char			*cause = NULL, *st;
	struct sink_ev		*v;
	size_t			 n;
	long			 i;

	t = thread_create(rt, "Thread-1 (print_square)", 0);
	assert_int_equal(atomic_load(&t->state), TRACE_ST_NEW);
	assert_false(thread_is_alive(t));
	assert_false(thread_has_started(t));
	assert_int_equal(thread_start(t, seen_body, &ok, &cause), 0);
	assert_true(thread_has_started(t));
	assert_int_not_equal(thread_start(t, seen_body, &ok, &cause), 0);
	assert_string_equal(cause, "threads can only be started once");
	free(cause);
	assert_int_equal(thread_join(t, SYNC_FOREVER), 1);
	assert_false(thread_is_alive(t));
	assert_int_equal(atomic_load(&t->state), TRACE_ST_TERMINATED);
	assert_true(ok.held_gil);
	assert_true(ok.ident != 0 && ok.ident != atomic_load(&thread_self()->ident));
	assert_true(ok.native_id > 0 && ok.native_id != (long)getpid());
	/* After New (its ENTITY_NEW): ready (GIL), running, Terminated. */
	st = states_of(t->entity);
	assert_string_equal(st, "215");
	free(st);

	u = rtest_start(rt, "Thread-2", seen_body, &bad);
	rtest_join(u);
	v = sink_events(&n);
	for (i = (long)n - 1; i >= 0; i--) {
		if (v[i].ev.kind == TRACE_EV_STATE &&
		    v[i].ev.entity == t->entity)
			break;
	}
	assert_true(i >= 0);
	assert_int_equal(v[i].ev.val, THREAD_EXIT_OK);
	for (i = (long)n - 1; i >= 0; i--) {
		if (v[i].ev.kind == TRACE_EV_STATE &&
		    (v[i].ev.arg & 0xff) == TRACE_ST_TERMINATED &&
		    v[i].ev.val == THREAD_EXIT_EXCEPTION)
			break;
	}
	assert_true(i >= 0);
	/* A thread that ended dropped the GIL (reason: exit) first. */
	assert_true(rtest_find(v, n, 0, TRACE_EV_GIL_DROP, t->entity) >= 0);
	sink_free(v, n);
	thread_unref(t);
	rtest_end(rt);
	rtest_check_one_holder();
}

/* A thread waiting on an event until told to go. */
static void
parked_body(struct rt_thread *t, void *arg)
{
	sync_event_wait(arg, SYNC_FOREVER);
}

/* A watcher: waits until the main thread is Blocked, records it, frees. */
struct watch {
	struct rt_thread	*main;
	struct sync_event	*go;
	int			 state, reason;
	uint32_t		 obj;
};

static void
watch_body(struct rt_thread *t, void *arg)
{
	struct watch *w = arg;

	/* (The main thread is also Blocked a moment while starting us.) */
	RTEST_UNTIL(atomic_load(&w->main->state) == TRACE_ST_BLOCKED &&
	    atomic_load(&w->main->reason) == TRACE_WHY_JOIN);
	w->state = atomic_load(&w->main->state);
	w->reason = atomic_load(&w->main->reason);
	w->obj = atomic_load(&w->main->state_obj);
	sync_event_set(w->go);
}

/* join() is Blocked on the joined thread; join(t) is Timed Waiting. */
static void
test_join_states(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_event	 go;
	struct watch		 w;
	struct rt_thread	*t, *h, *self = thread_self();
	struct sink_ev		*v;
	size_t			 n, i;
	int			 found = 0;

	sync_event_init(&go);
	t = rtest_start(rt, "Thread-1", parked_body, &go);
	/* A join with a timeout, on a thread that does not end. */
	assert_int_equal(thread_join(t, 2000000), 0);
	assert_true(thread_is_alive(t));
	v = sink_events(&n);
	for (i = 0; i < n; i++) {
		if (v[i].ev.kind == TRACE_EV_STATE &&
		    v[i].ev.entity == self->entity &&
		    (v[i].ev.arg & 0xff) == TRACE_ST_TIMED &&
		    (v[i].ev.arg >> 8) == TRACE_WHY_JOIN &&
		    v[i].ev.obj == t->entity)
			found = 1;
	}
	sink_free(v, n);
	assert_true(found);

	w.main = self;
	w.go = &go;
	h = rtest_start(rt, "Watcher", watch_body, &w);
	assert_int_equal(thread_join(t, SYNC_FOREVER), 1);
	rtest_join(h);
	assert_int_equal(w.state, TRACE_ST_BLOCKED);
	assert_int_equal(w.reason, TRACE_WHY_JOIN);
	assert_int_equal(w.obj, t->entity);
	thread_unref(t);
	rtest_end(rt);
	sync_event_fini(&go);
}

/* enumerate(), active_count(), names and daemon flags. */
static void
test_registry(void **state)
{
	struct rt		*rt = rtest_begin(GIL_MODERN, 0);
	struct sync_event	 go;
	struct rt_thread	*t, **list;
	unsigned		 n, i;
	char			*name;

	sync_event_init(&go);
	assert_int_equal(thread_count(rt), 1);
	t = thread_create(rt, "Thread-1", 0);
	assert_int_equal(thread_count(rt), 1);		/* not started */
	thread_set_daemon(t, 1);
	thread_set_name(t, "worker");
	name = thread_name(t);
	assert_string_equal(name, "worker");
	free(name);
	assert_int_equal(sink_count(TRACE_EV_ENTITY_NAME, t->entity), 1);
	{
		char *cause = NULL;

		assert_int_equal(thread_start(t, parked_body, &go, &cause), 0);
	}
	assert_int_equal(thread_count(rt), 2);
	list = thread_list(rt, &n);
	assert_int_equal(n, 2);
	assert_ptr_equal(list[0], thread_self());
	assert_true(list[0]->is_main);
	assert_ptr_equal(list[1], t);
	for (i = 0; i < n; i++)
		thread_unref(list[i]);
	free(list);
	/* A daemon is not waited for at exit; this one is told to end. */
	sync_event_set(&go);
	assert_int_equal(thread_join(t, SYNC_FOREVER), 1);
	assert_int_equal(thread_count(rt), 1);
	thread_unref(t);
	rtest_end(rt);
	sync_event_fini(&go);
}

/* The thread limit is enforced with a clear message. */
static void
test_limit(void **state)
{
	struct rt		*rt = xcalloc(1, sizeof *rt);
	struct rt_config	 cfg = { 0 };
	struct sync_event	 go;
	struct rt_thread	*t, *u;
	char			*cause = NULL;

	sink_reset();
	cfg.limits.max_threads = 2;
	rt_init(rt, &cfg);
	thread_main_init(rt, "MainThread");
	sync_event_init(&go);
	t = rtest_start(rt, "Thread-1", parked_body, &go);
	u = thread_create(rt, "Thread-2", 0);
	assert_int_not_equal(thread_start(u, parked_body, &go, &cause), 0);
	assert_non_null(strstr(cause, "limit of 2 threads"));
	free(cause);
	assert_false(thread_is_alive(u));
	sync_event_set(&go);
	rtest_join(t);
	thread_unref(u);
	rtest_end(rt);
	sync_event_fini(&go);
}

/* A daemon computing forever, checking the eval breaker. */
static _Atomic uint64_t daemon_progress;

static void
daemon_body(struct rt_thread *t, void *arg)
{
	int *word = gil_breaker_word(&t->rt->gil);

	for (;;) {
		if (gil_breaker_pending(word))
			gil_breaker(&t->rt->gil, t);
		atomic_fetch_add(&daemon_progress, 1);
	}
}

/* At exit, daemon threads are stopped (last: the daemon stays parked). */
static void
test_daemon_stopped(void **state)
{
	static struct rt	 rt;	/* the parked daemon keeps using it */
	struct rt_config	 cfg = { 0 };
	struct rt_thread	*d, *t;
	struct seen		 s = { 0 };
	struct timespec		 ts = { 0, 20000000 };
	char			*cause = NULL;
	uint64_t		 before;

	sink_reset();
	rt_init(&rt, &cfg);
	thread_main_init(&rt, "MainThread");
	d = thread_create(&rt, "Thread-1", 1);
	assert_int_equal(thread_start(d, daemon_body, NULL, &cause), 0);
	t = rtest_start(&rt, "Thread-2", seen_body, &s);
	RTEST_UNTIL(atomic_load(&daemon_progress) > 1000);
	/* Shutdown waits for the non-daemon thread only. */
	assert_int_equal(thread_wait_non_daemon(&rt), 0);
	assert_false(thread_is_alive(t));
	assert_true(thread_is_alive(d));
	thread_main_fini(&rt);
	assert_int_equal(atomic_load(&d->state), TRACE_ST_TERMINATED);
	before = atomic_load(&daemon_progress);
	nanosleep(&ts, NULL);
	assert_int_equal(atomic_load(&daemon_progress), before);
	thread_unref(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_join_states),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_daemon_stopped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
