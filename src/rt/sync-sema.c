/*
 * sync-sema.c — threading.Semaphore and BoundedSemaphore: a counter under a
 * mutex, with waiters on a monotonic condition variable. An acquire that
 * must wait releases the GIL and reports Blocked (or Timed Waiting) on the
 * semaphore. s->mu guards the value.
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
sync_sema_self(void)
{
	struct rt_thread *t = thread_self();

	return t != NULL ? t->entity : 0;
}

/* Set up s with value; a bounded semaphore may never exceed it. */
void
sync_sema_init(struct sync_sema *s, uint64_t value, int bounded)
{
	memset(s, 0, sizeof *s);
	s->value = value;
	s->bound = bounded ? value : 0;
	pthread_mutex_init(&s->mu, NULL);
	rt_cond_init(&s->cond);
	s->entity = rt_entity_new(TRACE_ENT_SEMAPHORE,
	    bounded ? "BoundedSemaphore" : "Semaphore", NULL);
}

/* Destroy s. */
void
sync_sema_fini(struct sync_sema *s)
{
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->mu);
}

/* Decrement s, waiting at most timeout_ns for it to be positive. */
int
sync_sema_acquire(struct sync_sema *s, int64_t timeout_ns)
{
	uint64_t	deadline, value;
	int		rc = SYNC_OK;

	pthread_mutex_lock(&s->mu);
	if (s->value == 0) {
		if (timeout_ns == 0) {
			pthread_mutex_unlock(&s->mu);
			return SYNC_TIMEOUT;
		}
		deadline = rt_deadline(timeout_ns);
		pthread_mutex_unlock(&s->mu);
		gil_release_for_block(TRACE_WHY_SEMAPHORE, s->entity, deadline);
		pthread_mutex_lock(&s->mu);
		while (s->value == 0) {
			if (rt_intr_cond_wait(&s->cond, &s->mu, deadline, 0) != 0 && s->value == 0) {
				rc = SYNC_TIMEOUT;
				break;
			}
		}
		if (rc == SYNC_OK)
			value = --s->value;
		pthread_mutex_unlock(&s->mu);
		gil_reacquire_after_block();
		if (rc == SYNC_OK && trace_on)
			trace_emit(TRACE_EV_LOCK_ACQUIRE, sync_sema_self(),
			    SYNC_OP_LOCK, s->entity, value);
		return rc;
	}
	value = --s->value;
	pthread_mutex_unlock(&s->mu);
	if (trace_on)
		trace_emit(TRACE_EV_LOCK_ACQUIRE, sync_sema_self(), SYNC_OP_LOCK,
		    s->entity, value);
	return SYNC_OK;
}

/* Add n to s, waking up to n waiters; SYNC_TOO_MANY past a bound. */
int
sync_sema_release(struct sync_sema *s, uint64_t n)
{
	uint64_t i;

	pthread_mutex_lock(&s->mu);
	if (s->bound != 0 && s->value + n > s->bound) {
		pthread_mutex_unlock(&s->mu);
		return SYNC_TOO_MANY;
	}
	s->value += n;
	if (trace_on)
		trace_emit(TRACE_EV_LOCK_RELEASE, sync_sema_self(), SYNC_OP_LOCK,
		    s->entity, s->value);
	for (i = 0; i < n; i++)
		pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->mu);
	return SYNC_OK;
}

/* The current value (racy by nature, for display and _value). */
uint64_t
sync_sema_value(struct sync_sema *s)
{
	uint64_t v;

	pthread_mutex_lock(&s->mu);
	v = s->value;
	pthread_mutex_unlock(&s->mu);
	return v;
}
