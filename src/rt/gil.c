/*
 * gil.c — the global interpreter lock (see gil.h for the three algorithms).
 *
 * Owns the GIL's mutex and condition variables and its statistics. The
 * `locked` flag, the switch number and the waiter count change only under
 * gil->mu; the holder pointer is written under gil->mu and read atomically.
 * Drops and takes are emitted with gil->mu held, so the event stream orders
 * them exactly as they happened. It must not know anything about the VM but
 * the eval-breaker word it is given.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "rt/gil.h"
#include "rt/rt.h"
#include "rt/thread.h"
#include "trace/emit.h"

/* Set up the GIL; its entity is a child of parent. */
void
gil_init(struct gil *gil, enum gil_mode mode, uint64_t interval_ns,
    unsigned ticks, uint32_t parent)
{
	memset(gil, 0, sizeof *gil);
	gil->mode = mode;
	pthread_mutex_init(&gil->mu, NULL);
	rt_cond_init(&gil->cond);
	pthread_mutex_init(&gil->switch_mu, NULL);
	rt_cond_init(&gil->switch_cond);
	rt_cond_init(&gil->never);
	atomic_init(&gil->interval_ns,
	    interval_ns != 0 ? interval_ns : GIL_DEFAULT_INTERVAL_NS);
	gil->tick_limit = ticks != 0 ? ticks : GIL_DEFAULT_TICKS;
	gil->breaker = &gil->own_breaker;
	if (mode == GIL_LEGACY)
		__atomic_fetch_or(gil->breaker, GIL_BREAKER_BIT, __ATOMIC_RELAXED);
	gil->entity = trace_entity_new(TRACE_ENT_GIL, parent, "GIL");
	if (trace_on) {
		trace_emit(TRACE_EV_SETTING, gil->entity, TRACE_SET_GIL_MODE, 0,
		    (uint64_t)mode);
		trace_emit(TRACE_EV_SETTING, gil->entity,
		    TRACE_SET_SWITCH_INTERVAL, 0, atomic_load(&gil->interval_ns));
	}
}

/* Destroy the GIL; nobody may hold or wait for it. */
void
gil_fini(struct gil *gil)
{
	pthread_cond_destroy(&gil->never);
	pthread_cond_destroy(&gil->switch_cond);
	pthread_mutex_destroy(&gil->switch_mu);
	pthread_cond_destroy(&gil->cond);
	pthread_mutex_destroy(&gil->mu);
}

/* Use the VM's eval-breaker word instead of the GIL's own (before threads). */
void
gil_bind_breaker(struct gil *gil, int *word)
{
	int bits = __atomic_load_n(&gil->own_breaker, __ATOMIC_RELAXED);

	gil->breaker = word;
	if (bits != 0)
		__atomic_fetch_or(word, bits, __ATOMIC_RELAXED);
}

/* The word the VM tests at its eval-breaker checks. */
int *
gil_breaker_word(struct gil *gil)
{
	return gil->breaker;
}

/* Ask the holder to drop at its next check. */
static void
gil_set_drop_request(struct gil *gil)
{
	atomic_store(&gil->drop_request, 1);
	__atomic_fetch_or(gil->breaker, GIL_BREAKER_BIT, __ATOMIC_RELAXED);
	atomic_fetch_add(&gil->drop_requests, 1);
}

/* Withdraw the drop request (legacy and finalizing keep the breaker set). */
static void
gil_reset_drop_request(struct gil *gil)
{
	atomic_store(&gil->drop_request, 0);
	if (gil->mode != GIL_LEGACY && atomic_load(&gil->finalizer) == NULL)
		__atomic_fetch_and(gil->breaker, ~GIL_BREAKER_BIT,
		    __ATOMIC_RELAXED);
}

/*
 * After gil_finalize, a thread other than the finalizer never runs again:
 * it waits forever. Called with gil->mu held.
 */
static void
gil_park_if_final(struct gil *gil, struct rt_thread *t)
{
	struct rt_thread *fin = atomic_load(&gil->finalizer);

	if (fin == NULL || fin == t)
		return;
	for (;;)
		pthread_cond_wait(&gil->never, &gil->mu);
}

/* Take the GIL for t; returns the previous holder. */
static struct rt_thread *
gil_take1(struct gil *gil, struct rt_thread *t)
{
	struct rt_thread	*prev, *holder;
	uint64_t		 start, saved;
	int			 timedout;

	start = clock_now_ns();
	if (atomic_load(&t->state) != TRACE_ST_READY)
		thread_set_state(t, TRACE_ST_READY, TRACE_WHY_GIL, gil->entity, 0);
	pthread_mutex_lock(&gil->mu);
	if (trace_on)
		trace_emit(TRACE_EV_GIL_REQUEST, t->entity, 0, gil->entity, 0);
	gil_park_if_final(gil, t);
	gil->nwaiters++;
	while (gil->locked) {
		if (gil->mode == GIL_LEGACY) {
			pthread_cond_wait(&gil->cond, &gil->mu);
		} else {
			saved = gil->switch_number;
			timedout = rt_cond_wait(&gil->cond, &gil->mu,
			    clock_now_ns() + atomic_load(&gil->interval_ns)) ==
			    ETIMEDOUT;
			if (timedout && gil->locked &&
			    gil->switch_number == saved &&
			    !atomic_load(&gil->drop_request)) {
				holder = atomic_load(&gil->holder);
				if (trace_on)
					trace_emit(TRACE_EV_GIL_DROP_REQUEST,
					    t->entity, 0,
					    holder != NULL ? holder->entity : 0, 0);
				gil_set_drop_request(gil);
			}
		}
		gil_park_if_final(gil, t);
	}
	gil->nwaiters--;
	gil->locked = 1;
	prev = atomic_load(&gil->holder);
	if (prev != t) {
		atomic_store(&gil->holder, t);
		gil->switch_number++;
		if (prev != NULL)
			atomic_fetch_add(&gil->handoffs, 1);
	}
	atomic_fetch_add(&gil->takes, 1);
	if (trace_on)
		trace_emit(TRACE_EV_GIL_TAKE, t->entity, 0,
		    prev != NULL ? prev->entity : 0, clock_now_ns() - start);
	thread_set_state(t, TRACE_ST_RUNNING, TRACE_WHY_NONE, 0, 0);
	if (gil->mode == GIL_MODERN) {
		/* Forced switching: the dropper may wait for this take. */
		pthread_mutex_lock(&gil->switch_mu);
		pthread_cond_signal(&gil->switch_cond);
		pthread_mutex_unlock(&gil->switch_mu);
		if (atomic_load(&gil->drop_request))
			gil_reset_drop_request(gil);
	}
	gil->ticks = 0;
	pthread_mutex_unlock(&gil->mu);
	return prev;
}

/* Take the GIL for t: Runnable (ready) until it is ours, then (running). */
void
gil_take(struct gil *gil, struct rt_thread *t)
{
	if (t == NULL)
		return;
	if (gil->mode == GIL_NONE) {
		if (atomic_load(&gil->finalizer) != NULL) {
			pthread_mutex_lock(&gil->mu);
			gil_park_if_final(gil, t);
			pthread_mutex_unlock(&gil->mu);
		}
		thread_set_state(t, TRACE_ST_RUNNING, TRACE_WHY_NONE, 0, 0);
		return;
	}
	gil_take1(gil, t);
}

/* Drop the GIL held by t; with a pending drop request, wait for the switch. */
void
gil_drop(struct gil *gil, struct rt_thread *t, enum trace_gil_why why)
{
	if (t == NULL || gil->mode == GIL_NONE)
		return;
	pthread_mutex_lock(&gil->mu);
	if (!gil->locked || atomic_load(&gil->holder) != t)
		fatal("gil_drop: thread %u does not hold the GIL", t->entity);
	if (trace_on)
		trace_emit(TRACE_EV_GIL_DROP, t->entity, (uint16_t)why,
		    gil->entity, 0);
	gil->locked = 0;
	pthread_cond_signal(&gil->cond);
	pthread_mutex_unlock(&gil->mu);

	if (gil->mode != GIL_MODERN || why == TRACE_GIL_EXIT ||
	    !atomic_load(&gil->drop_request) ||
	    atomic_load(&gil->finalizer) != NULL)
		return;
	/*
	 * Forced switching: a waiter asked for the GIL; do not race it for the
	 * lock we just dropped, wait until it (or anybody) has taken it.
	 */
	pthread_mutex_lock(&gil->switch_mu);
	if (atomic_load(&gil->holder) == t) {
		gil_reset_drop_request(gil);
		while (atomic_load(&gil->holder) == t)
			pthread_cond_wait(&gil->switch_cond, &gil->switch_mu);
	}
	pthread_mutex_unlock(&gil->switch_mu);
}

/* Park t for good if the interpreter is finalizing and t is not its owner. */
static void
gil_check_final(struct gil *gil, struct rt_thread *t)
{
	if (atomic_load(&gil->finalizer) == NULL)
		return;
	pthread_mutex_lock(&gil->mu);
	gil_park_if_final(gil, t);
	pthread_mutex_unlock(&gil->mu);
}

/* The eval-breaker hook (gil.h). */
int
gil_breaker(struct gil *gil, struct rt_thread *t)
{
	struct rt_thread *prev;

	if (t == NULL)
		return 0;
	gil_check_final(gil, t);
	switch (gil->mode) {
	case GIL_MODERN:
		if (!atomic_load(&gil->drop_request) ||
		    atomic_load(&gil->finalizer) == t)
			return 0;
		atomic_fetch_add(&gil->forced_drops, 1);
		gil_drop(gil, t, TRACE_GIL_FORCED);
		prev = gil_take1(gil, t);
		return prev != t;
	case GIL_LEGACY:
		if (++gil->ticks < gil->tick_limit ||
		    atomic_load(&gil->finalizer) == t)
			return 0;
		gil_drop(gil, t, TRACE_GIL_TICKS);
		prev = gil_take1(gil, t);
		return prev != t;
	case GIL_NONE:
		break;
	}
	return 0;
}

/* Let another thread run if one is waiting (time.sleep(0)). */
void
gil_yield(struct gil *gil, struct rt_thread *t)
{
	if (t == NULL || gil->mode == GIL_NONE)
		return;
	gil_drop(gil, t, TRACE_GIL_YIELD);
	gil_take1(gil, t);
}

/* Drop the GIL and report the calling thread waiting (gil.h). */
void
gil_release_for_block(enum trace_reason why, uint32_t obj, uint64_t deadline_ns)
{
	struct rt_thread *t = thread_self();

	if (t == NULL)
		return;
	if (!t->gil_exempt)
		gil_drop(&t->rt->gil, t, TRACE_GIL_BLOCKING);
	if (deadline_ns != 0)
		thread_set_state(t, TRACE_ST_TIMED, why, obj, deadline_ns);
	else
		thread_set_state(t, TRACE_ST_BLOCKED, why, obj, 0);
}

/* Take the GIL back after a blocking call. */
void
gil_reacquire_after_block(void)
{
	struct rt_thread *t = thread_self();

	if (t == NULL)
		return;
	if (t->gil_exempt)
		thread_set_state(t, TRACE_ST_RUNNING, TRACE_WHY_NONE, 0, 0);
	else
		gil_take(&t->rt->gil, t);
}

/* Set the switch interval (sys.setswitchinterval), in nanoseconds. */
void
gil_set_interval(struct gil *gil, uint64_t ns)
{
	if (ns == 0)
		ns = 1;
	atomic_store(&gil->interval_ns, ns);
	if (trace_on)
		trace_emit(TRACE_EV_SETTING, gil->entity,
		    TRACE_SET_SWITCH_INTERVAL, 0, ns);
}

/* The switch interval in nanoseconds. */
uint64_t
gil_interval(struct gil *gil)
{
	return atomic_load(&gil->interval_ns);
}

/* The holder's entity, 0 if the GIL is free. */
uint32_t
gil_holder_entity(struct gil *gil)
{
	struct rt_thread	*h;
	uint32_t		 e = 0;

	pthread_mutex_lock(&gil->mu);
	h = atomic_load(&gil->holder);
	if (gil->locked && h != NULL)
		e = h->entity;
	pthread_mutex_unlock(&gil->mu);
	return e;
}

/* Whether t holds the GIL (in none mode: always). */
int
gil_held_by(struct gil *gil, struct rt_thread *t)
{
	int held;

	if (gil->mode == GIL_NONE)
		return 1;
	pthread_mutex_lock(&gil->mu);
	held = gil->locked && atomic_load(&gil->holder) == t;
	pthread_mutex_unlock(&gil->mu);
	return held;
}

/* Interpreter exit: every other thread parks at its next GIL operation. */
void
gil_finalize(struct gil *gil, struct rt_thread *t)
{
	pthread_mutex_lock(&gil->mu);
	atomic_store(&gil->finalizer, t);
	__atomic_fetch_or(gil->breaker, GIL_BREAKER_BIT, __ATOMIC_RELAXED);
	pthread_cond_broadcast(&gil->cond);
	pthread_mutex_unlock(&gil->mu);
}

/* "modern", "legacy" or "none". */
const char *
gil_mode_name(enum gil_mode mode)
{
	switch (mode) {
	case GIL_MODERN:
		return "modern";
	case GIL_LEGACY:
		return "legacy";
	case GIL_NONE:
		return "none";
	}
	return "?";
}

/* Parse a mode name. */
int
gil_mode_parse(const char *s, enum gil_mode *mode)
{
	if (strcmp(s, "modern") == 0)
		*mode = GIL_MODERN;
	else if (strcmp(s, "legacy") == 0)
		*mode = GIL_LEGACY;
	else if (strcmp(s, "none") == 0)
		*mode = GIL_NONE;
	else
		return -1;
	return 0;
}
