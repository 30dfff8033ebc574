/*
 * rtest.c — helpers for the runtime's unit tests (see rtest.h).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include "core/xmalloc.h"
#include "rtest.h"

/* A runtime with the calling thread as MainThread. */
struct rt *
rtest_begin(enum gil_mode mode, uint64_t interval_ns)
{
	struct rt		*rt = xcalloc(1, sizeof *rt);
	struct rt_config	 cfg = { 0 };

	cfg.gil_mode = mode;
	cfg.switch_interval_ns = interval_ns;
	cfg.process = 0;
	sink_reset();
	rt_init(rt, &cfg);
	thread_main_init(rt, "MainThread");
	return rt;
}

/* Wait for the other threads and tear the runtime down. */
void
rtest_end(struct rt *rt)
{
	thread_wait_non_daemon(rt);
	thread_main_fini(rt);
	assert_int_equal(thread_count(rt), 0);
	rt_fini(rt);
	free(rt);
}

/* Sleep 100 µs without the GIL. */
void
rtest_nap(void)
{
	struct timespec ts = { 0, 100000 };

	gil_release_for_block(TRACE_WHY_SLEEP, 0, 0);
	nanosleep(&ts, NULL);
	gil_reacquire_after_block();
}

/* One holder at a time, over the recorded stream. */
size_t
rtest_check_one_holder(void)
{
	struct sink_ev	*v;
	size_t		 n, i, takes = 0;
	uint32_t	 holder = 0;

	v = sink_events(&n);
	/* Nothing lost, nothing clamped: the stream is the whole truth. */
	assert_int_equal(sink_trouble(), 0);
	for (i = 0; i < n; i++) {
		if (v[i].ev.kind == TRACE_EV_GIL_TAKE) {
			if (holder != 0)
				fail_msg("event %zu: %u takes the GIL held by %u",
				    i, v[i].ev.entity, holder);
			holder = v[i].ev.entity;
			takes++;
		} else if (v[i].ev.kind == TRACE_EV_GIL_DROP) {
			if (holder != v[i].ev.entity)
				fail_msg("event %zu: %u drops the GIL held by %u",
				    i, v[i].ev.entity, holder);
			holder = 0;
		}
		if (i > 0 && v[i].ev.t < v[i - 1].ev.t)
			fail_msg("event %zu: time goes backwards", i);
	}
	sink_free(v, n);
	return takes;
}

/* The first matching event at or after from. */
long
rtest_find(struct sink_ev *v, size_t n, size_t from, enum trace_kind kind,
    uint32_t entity)
{
	size_t i;

	for (i = from; i < n; i++) {
		if (v[i].ev.kind == kind &&
		    (entity == 0 || v[i].ev.entity == entity))
			return (long)i;
	}
	return -1;
}

/* Start a thread or fail. */
struct rt_thread *
rtest_start(struct rt *rt, const char *name, thread_body body, void *arg)
{
	struct rt_thread	*t = thread_create(rt, name, 0);
	char			*cause = NULL;

	if (thread_start(t, body, arg, &cause) != 0)
		fail_msg("thread_start: %s", cause);
	return t;
}

/* Join and unref. */
void
rtest_join(struct rt_thread *t)
{
	assert_int_equal(thread_join(t, SYNC_FOREVER), 1);
	thread_unref(t);
}
