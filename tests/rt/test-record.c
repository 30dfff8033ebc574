/*
 * test-record.c — what a recording (.cvz) of the runtime shows, read back
 * through the recording reader and the model, as "concviz replay" and the
 * exporters will see it: never two GIL holders in modern mode, a sleeping
 * thread Timed Waiting without the GIL, join Blocked on the joined thread
 * (made certain: a helper releases the joined thread only once the main
 * thread is seen Blocked), and every thread Terminated. Real threads, a real file.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <stdatomic.h>

#include <cmocka.h>

#include "core/xmalloc.h"
#include "rt/rt.h"
#include "rt/sync.h"
#include "rt/thread.h"
#include "trace/cvz.h"
#include "trace/emit.h"
#include "trace/model.h"

/* A CPU-bound body with eval-breaker checks. */
static void
spin_body(struct rt_thread *t, void *arg)
{
	int		*word = gil_breaker_word(&t->rt->gil);
	uint64_t	 n, x = 0, i;

	for (n = 0; n < 300000; n++) {
		for (i = 0; i < 50; i++)
			x = x * 31 + i;
		if (gil_breaker_pending(word))
			gil_breaker(&t->rt->gil, t);
	}
	*(volatile uint64_t *)arg = x;
}

/* A body that sleeps 20 ms. */
static void
sleep_body(struct rt_thread *t, void *arg)
{
	thread_sleep(20000000);
}

/* A body that waits for an event. */
static void
wait_body(struct rt_thread *t, void *arg)
{
	sync_event_wait(arg, SYNC_FOREVER);
}

/* The helper: once the main thread is Blocked in join, let the waiter go. */
struct helper {
	struct rt_thread	*main;
	struct sync_event	*go;
};

static void
helper_body(struct rt_thread *t, void *arg)
{
	struct helper *h = arg;

	while (atomic_load(&h->main->state) != TRACE_ST_BLOCKED ||
	    atomic_load(&h->main->reason) != TRACE_WHY_JOIN)
		thread_sleep(100000);
	sync_event_set(h->go);
}

/* Record a run of five threads into path. */
static void
record_run(const char *path, uint32_t *ids)
{
	struct trace_sink_config	 cfg;
	struct rt			 rt;
	struct rt_config		 rc;
	struct rt_thread		*a, *b, *s, *w, *h;
	struct sync_event		 go;
	struct helper			 hp;
	char				*cause = NULL;
	uint64_t			 xa, xb;

	memset(&cfg, 0, sizeof cfg);
	cfg.record_path = path;
	cfg.stream_fd = -1;
	cfg.source_name = "test-record";
	cfg.settings = "gil=modern";
	if (trace_start(&cfg, &cause) != 0)
		fail_msg("trace_start: %s", cause);
	trace_thread_begin();
	memset(&rc, 0, sizeof rc);
	rt_init(&rt, &rc);
	thread_main_init(&rt, "MainThread");
	a = thread_create(&rt, "Thread-1 (spin)", 0);
	b = thread_create(&rt, "Thread-2 (spin)", 0);
	s = thread_create(&rt, "Thread-3 (sleep)", 0);
	ids[0] = thread_self()->entity;
	ids[1] = a->entity;
	ids[2] = b->entity;
	ids[3] = s->entity;
	ids[4] = rt.gil.entity;
	sync_event_init(&go);
	w = thread_create(&rt, "Thread-4 (wait)", 0);
	h = thread_create(&rt, "Thread-5 (helper)", 0);
	ids[5] = w->entity;
	hp.main = thread_self();
	hp.go = &go;
	assert_int_equal(thread_start(a, spin_body, &xa, &cause), 0);
	assert_int_equal(thread_start(b, spin_body, &xb, &cause), 0);
	assert_int_equal(thread_start(s, sleep_body, NULL, &cause), 0);
	assert_int_equal(thread_start(w, wait_body, &go, &cause), 0);
	assert_int_equal(thread_start(h, helper_body, &hp, &cause), 0);
	assert_int_equal(thread_join(w, SYNC_FOREVER), 1);
	assert_int_equal(thread_join(s, SYNC_FOREVER), 1);
	assert_int_equal(thread_join(a, SYNC_FOREVER), 1);
	assert_int_equal(thread_join(b, SYNC_FOREVER), 1);
	assert_int_equal(thread_join(h, SYNC_FOREVER), 1);
	thread_unref(a);
	thread_unref(b);
	thread_unref(s);
	thread_unref(w);
	thread_unref(h);
	thread_wait_non_daemon(&rt);
	thread_main_fini(&rt);
	rt_fini(&rt);
	sync_event_fini(&go);
	trace_thread_end();
	trace_stop();
}

static void
test_recording_invariants(void **state)
{
	char			 path[] = "/tmp/concviz-test-record-XXXXXX";
	struct model		*m;
	struct trace_ev		 ev;
	struct model_snapshot	 snap;
	const struct model_interval *iv;
	const struct model_estate *g;
	char			*cause = NULL;
	uint32_t		 ids[6], holder = 0;
	uint64_t		 i, n, takes = 0;
	size_t			 ni, k;
	int			 fd, truncated = 0, joined = 0, timed = 0;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	record_run(path, ids);
	m = cvz_load_model(path, &truncated, &cause);
	unlink(path);
	if (m == NULL)
		fail_msg("cvz_load_model: %s", cause);
	assert_false(truncated);
	assert_int_equal(model_counters(m)->overflow_lost, 0);

	/* Never two holders, in the recorded order. */
	n = model_event_count(m);
	for (i = 0; i < n; i++) {
		assert_int_equal(model_event(m, i, &ev), 0);
		if (ev.kind == TRACE_EV_GIL_TAKE) {
			assert_int_equal(holder, 0);
			holder = ev.entity;
			takes++;
		} else if (ev.kind == TRACE_EV_GIL_DROP) {
			assert_int_equal(holder, ev.entity);
			holder = 0;
		}
		/* The main thread's join on the waiter: Blocked, on it. */
		if (ev.kind == TRACE_EV_STATE && ev.entity == ids[0] &&
		    (ev.arg & 0xff) == TRACE_ST_BLOCKED &&
		    (ev.arg >> 8) == TRACE_WHY_JOIN && ev.obj == ids[5])
			joined = 1;
	}
	assert_true(takes > 4);
	assert_true(joined);

	/* While Timed Waiting in sleep, the sleeper holds no GIL. */
	model_snapshot_init(&snap);
	iv = model_intervals(m, ids[3], &ni);
	for (k = 0; k < ni; k++) {
		if (iv[k].state != TRACE_ST_TIMED)
			continue;
		assert_int_equal(iv[k].reason, TRACE_WHY_SLEEP);
		timed = 1;
		model_state_at(m, iv[k].t0 + (iv[k].t1 - iv[k].t0) / 2, &snap);
		g = model_snapshot_get(m, &snap, ids[4]);
		assert_non_null(g);
		assert_int_not_equal(g->holder, ids[3]);
	}
	assert_true(timed);

	/* Everybody ended. */
	model_state_now(m, &snap);
	for (k = 0; k < 6; k++) {
		if (k == 4)
			continue;	/* the GIL */
		assert_int_equal(model_snapshot_get(m, &snap, ids[k])->state,
		    TRACE_ST_TERMINATED);
	}
	model_snapshot_fini(&snap);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recording_invariants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
