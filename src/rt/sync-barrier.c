/*
 * sync-barrier.c — threading.Barrier: parties arrive, the last one runs the
 * action and releases the round; a timeout, a failing action, abort() or
 * reset() break it (BrokenBarrierError for everyone waiting).
 *
 * b->mu guards the round (count, waiters, broken, acting). The action runs
 * without b->mu (it is Python code and may drop the GIL); arrivals for the
 * next round wait until it is done. Waiters sleep without the GIL, Blocked
 * or Timed Waiting on the barrier.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "rt/intr.h"
#include "rt/rt.h"
#include "rt/sync-waiter.h"
#include "rt/sync.h"
#include "rt/thread.h"
#include "trace/emit.h"

/* The calling thread's entity, or 0. */
static uint32_t
sync_barrier_self(void)
{
	struct rt_thread *t = thread_self();

	return t != NULL ? t->entity : 0;
}

/* Set up b for parties threads. */
void
sync_barrier_init(struct sync_barrier *b, unsigned parties)
{
	memset(b, 0, sizeof *b);
	b->parties = parties;
	pthread_mutex_init(&b->mu, NULL);
	rt_cond_init(&b->cond);
	b->entity = rt_entity_new(TRACE_ENT_BARRIER, "Barrier", NULL);
}

/* Destroy b (nobody may wait on it). */
void
sync_barrier_fini(struct sync_barrier *b)
{
	pthread_cond_destroy(&b->cond);
	pthread_mutex_destroy(&b->mu);
}

/* End the round: wake every waiter, passed or broken (b->mu held). */
static void
sync_barrier_release(struct sync_barrier *b, int broken)
{
	struct sync_waiter *w, *next;

	for (w = b->head; w != NULL; w = next) {
		next = w->next;
		if (broken)
			w->broken = 1;
		else
			w->woken = 1;
		pthread_cond_signal(&w->cond);
	}
	b->head = NULL;
	b->count = 0;
	b->acting = 0;
	pthread_cond_broadcast(&b->cond);
}

/* Wait without the GIL until b's action is done (b->mu held). */
static int
sync_barrier_wait_acting(struct sync_barrier *b, uint64_t deadline)
{
	int timedout = 0;

	if (!b->acting)
		return 0;
	pthread_mutex_unlock(&b->mu);
	gil_release_for_block(TRACE_WHY_BARRIER, b->entity, deadline);
	pthread_mutex_lock(&b->mu);
	while (b->acting && !timedout)
		timedout = rt_intr_cond_wait(&b->cond, &b->mu, deadline, 0) != 0;
	pthread_mutex_unlock(&b->mu);
	gil_reacquire_after_block();
	pthread_mutex_lock(&b->mu);
	return b->acting;
}

/* Wait for the other parties (sync.h). */
int
sync_barrier_wait(struct sync_barrier *b, int64_t timeout_ns, unsigned *index,
    int (*last)(void *), void *arg)
{
	struct sync_waiter	w;
	uint64_t		deadline = rt_deadline(timeout_ns);
	int			failed, broken;

	pthread_mutex_lock(&b->mu);
	while (b->acting) {
		if (sync_barrier_wait_acting(b, deadline)) {
			/* Timed out behind the previous round: break it. */
			b->broken = 1;
			pthread_mutex_unlock(&b->mu);
			return SYNC_BROKEN;
		}
	}
	if (b->broken) {
		pthread_mutex_unlock(&b->mu);
		return SYNC_BROKEN;
	}
	*index = b->count++;
	if (b->count == b->parties) {
		b->acting = 1;
		pthread_mutex_unlock(&b->mu);
		failed = last != NULL ? last(arg) : 0;
		pthread_mutex_lock(&b->mu);
		if (failed)
			b->broken = 1;
		if (trace_on)
			trace_emit(TRACE_EV_LOCK_RELEASE, sync_barrier_self(),
			    failed ? SYNC_OP_ABORT : SYNC_OP_PASS, b->entity,
			    b->parties);
		sync_barrier_release(b, failed);
		pthread_mutex_unlock(&b->mu);
		return failed ? SYNC_BROKEN : SYNC_OK;
	}

	memset(&w, 0, sizeof w);
	rt_cond_init(&w.cond);
	w.next = b->head;
	b->head = &w;
	pthread_mutex_unlock(&b->mu);
	if (timeout_ns != 0)
		gil_release_for_block(TRACE_WHY_BARRIER, b->entity, deadline);
	pthread_mutex_lock(&b->mu);
	while (!w.woken && !w.broken && timeout_ns != 0) {
		if (rt_intr_cond_wait(&w.cond, &b->mu, deadline, 0) != 0)
			break;
	}
	if (!w.woken && !w.broken) {
		/* A timeout breaks the barrier for everyone, as in CPython. */
		b->broken = 1;
		if (trace_on)
			trace_emit(TRACE_EV_LOCK_RELEASE, sync_barrier_self(),
			    SYNC_OP_ABORT, b->entity, 0);
		sync_barrier_release(b, 1);
	}
	broken = w.broken;
	pthread_mutex_unlock(&b->mu);
	if (timeout_ns != 0)
		gil_reacquire_after_block();
	pthread_cond_destroy(&w.cond);
	if (!broken && trace_on)
		trace_emit(TRACE_EV_LOCK_ACQUIRE, sync_barrier_self(),
		    SYNC_OP_WAKE, b->entity, *index);
	return broken ? SYNC_BROKEN : SYNC_OK;
}

/* Break b: every waiter, present and future, gets SYNC_BROKEN. */
void
sync_barrier_abort(struct sync_barrier *b)
{
	pthread_mutex_lock(&b->mu);
	b->broken = 1;
	if (trace_on)
		trace_emit(TRACE_EV_LOCK_RELEASE, sync_barrier_self(),
		    SYNC_OP_ABORT, b->entity, 0);
	sync_barrier_release(b, 1);
	pthread_mutex_unlock(&b->mu);
}

/* Back to the initial state; current waiters get SYNC_BROKEN. */
void
sync_barrier_reset(struct sync_barrier *b)
{
	pthread_mutex_lock(&b->mu);
	if (b->head != NULL && trace_on)
		trace_emit(TRACE_EV_LOCK_RELEASE, sync_barrier_self(),
		    SYNC_OP_ABORT, b->entity, 0);
	if (!b->acting)
		sync_barrier_release(b, 1);
	b->broken = 0;
	pthread_mutex_unlock(&b->mu);
}

/* Threads waiting in the current round. */
unsigned
sync_barrier_n_waiting(struct sync_barrier *b)
{
	unsigned n;

	pthread_mutex_lock(&b->mu);
	n = b->broken || b->acting ? 0 : b->count;
	pthread_mutex_unlock(&b->mu);
	return n;
}

/* Whether b is broken. */
int
sync_barrier_broken(struct sync_barrier *b)
{
	int broken;

	pthread_mutex_lock(&b->mu);
	broken = b->broken;
	pthread_mutex_unlock(&b->mu);
	return broken;
}
