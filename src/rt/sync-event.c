/*
 * sync-event.c — threading.Event: a flag under a mutex; waiters sleep on a
 * monotonic condition variable without the GIL, Blocked (or Timed Waiting)
 * on the event. set() wakes them all. e->mu guards the flag.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "rt/intr.h"
#include "rt/rt.h"
#include "rt/sync.h"
#include "rt/thread.h"
#include "trace/emit.h"

/* The calling thread's entity, or 0. */
static uint32_t
sync_event_self(void)
{
	struct rt_thread *t = thread_self();

	return t != NULL ? t->entity : 0;
}

/* Set up e, cleared. */
void
sync_event_init(struct sync_event *e)
{
	memset(e, 0, sizeof *e);
	pthread_mutex_init(&e->mu, NULL);
	rt_cond_init(&e->cond);
	e->entity = rt_entity_new(TRACE_ENT_EVENT, "Event", NULL);
}

/* Destroy e. */
void
sync_event_fini(struct sync_event *e)
{
	pthread_cond_destroy(&e->cond);
	pthread_mutex_destroy(&e->mu);
}

/* Set the flag and wake every waiter. */
void
sync_event_set(struct sync_event *e)
{
	pthread_mutex_lock(&e->mu);
	e->flag = 1;
	e->sets++;
	if (trace_on)
		trace_emit(TRACE_EV_LOCK_RELEASE, sync_event_self(), SYNC_OP_SET,
		    e->entity, 1);
	pthread_cond_broadcast(&e->cond);
	pthread_mutex_unlock(&e->mu);
}

/* Clear the flag. */
void
sync_event_clear(struct sync_event *e)
{
	pthread_mutex_lock(&e->mu);
	e->flag = 0;
	if (trace_on)
		trace_emit(TRACE_EV_LOCK_RELEASE, sync_event_self(),
		    SYNC_OP_CLEAR, e->entity, 0);
	pthread_mutex_unlock(&e->mu);
}

/* Whether the flag is set. */
int
sync_event_is_set(struct sync_event *e)
{
	int flag;

	pthread_mutex_lock(&e->mu);
	flag = e->flag;
	pthread_mutex_unlock(&e->mu);
	return flag;
}

/* Wait for the flag, at most timeout_ns: SYNC_OK if set, else SYNC_TIMEOUT. */
int
sync_event_wait(struct sync_event *e, int64_t timeout_ns)
{
	uint64_t	deadline, sets;
	int		flag;

	pthread_mutex_lock(&e->mu);
	flag = e->flag;
	if (flag || timeout_ns == 0) {
		pthread_mutex_unlock(&e->mu);
		return flag ? SYNC_OK : SYNC_TIMEOUT;
	}
	deadline = rt_deadline(timeout_ns);
	sets = e->sets;
	pthread_mutex_unlock(&e->mu);
	gil_release_for_block(TRACE_WHY_EVENT, e->entity, deadline);
	pthread_mutex_lock(&e->mu);
	/* A set() while we waited counts even if clear() followed it. */
	while (!e->flag && e->sets == sets) {
		if (rt_intr_cond_wait(&e->cond, &e->mu, deadline, 0) != 0)
			break;
	}
	flag = e->flag || e->sets != sets;
	pthread_mutex_unlock(&e->mu);
	gil_reacquire_after_block();
	if (flag && trace_on)
		trace_emit(TRACE_EV_LOCK_ACQUIRE, sync_event_self(), SYNC_OP_WAKE,
		    e->entity, 1);
	return flag ? SYNC_OK : SYNC_TIMEOUT;
}
