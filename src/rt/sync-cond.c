/*
 * sync-cond.c — threading.Condition over a Lock or RLock the caller owns.
 *
 * Waiters queue in arrival order (c->mu guards the queue), each with its own
 * condition variable; wait() releases the underlying lock completely (saving
 * an RLock's depth), sleeps without the GIL (Blocked or Timed Waiting on the
 * condition), then takes the lock back, which may itself contend (Blocked on
 * the lock). notify(n) wakes the n oldest waiters.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "core/clock.h"
#include "rt/intr.h"
#include "rt/rt.h"
#include "rt/sync-waiter.h"
#include "rt/sync.h"
#include "rt/thread.h"
#include "trace/emit.h"

/* The calling thread's entity, or 0. */
static uint32_t
sync_cond_self(void)
{
	struct rt_thread *t = thread_self();

	return t != NULL ? t->entity : 0;
}

/* Set up c over lock (not owned by c). */
void
sync_cond_init(struct sync_cond *c, struct sync_lock *lock)
{
	memset(c, 0, sizeof *c);
	c->lock = lock;
	pthread_mutex_init(&c->mu, NULL);
	rt_cond_init(&c->cond);
	c->why = TRACE_WHY_CONDITION;
	c->entity = rt_entity_new(TRACE_ENT_CONDITION, "Condition", NULL);
}

/* Set up the condition of a Future over lock (sync.h). */
void
sync_cond_init_future(struct sync_cond *c, struct sync_lock *lock)
{
	memset(c, 0, sizeof *c);
	c->lock = lock;
	pthread_mutex_init(&c->mu, NULL);
	rt_cond_init(&c->cond);
	c->why = TRACE_WHY_FUTURE;
	c->entity = rt_entity_new(TRACE_ENT_FUTURE, "Future", NULL);
}

/* Destroy c (nobody may wait on it). */
void
sync_cond_fini(struct sync_cond *c)
{
	pthread_cond_destroy(&c->cond);
	pthread_mutex_destroy(&c->mu);
}

/* Unlink w from c's queue if it is still there (c->mu held). */
static void
sync_cond_unlink(struct sync_cond *c, struct sync_waiter *w)
{
	struct sync_waiter **pp, *prev = NULL;

	for (pp = &c->head; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			if (c->tail == w)
				c->tail = prev;
			return;
		}
		prev = *pp;
	}
}

/* Wait to be notified (sync.h). */
int
sync_cond_wait(struct sync_cond *c, int64_t timeout_ns)
{
	struct sync_waiter	w;
	uint64_t		deadline;
	unsigned		count;
	int			woken, rc;

	if (!sync_lock_is_owned(c->lock))
		return SYNC_NOT_OWNER;
	memset(&w, 0, sizeof w);
	rt_cond_init(&w.cond);
	deadline = rt_deadline(timeout_ns);

	pthread_mutex_lock(&c->mu);
	if (c->tail != NULL)
		c->tail->next = &w;
	else
		c->head = &w;
	c->tail = &w;
	pthread_mutex_unlock(&c->mu);

	if ((rc = sync_lock_release_save(c->lock, &count)) != SYNC_OK) {
		pthread_mutex_lock(&c->mu);
		sync_cond_unlink(c, &w);
		pthread_mutex_unlock(&c->mu);
		pthread_cond_destroy(&w.cond);
		return rc;
	}

	if (timeout_ns != 0)
		gil_release_for_block(c->why, c->entity, deadline);
	pthread_mutex_lock(&c->mu);
	while (!w.woken && timeout_ns != 0) {
		if (rt_intr_cond_wait(&w.cond, &c->mu, deadline, 0) != 0)
			break;
	}
	woken = w.woken;
	if (!woken)
		sync_cond_unlink(c, &w);
	pthread_mutex_unlock(&c->mu);
	if (timeout_ns != 0)
		gil_reacquire_after_block();
	pthread_cond_destroy(&w.cond);

	if ((rc = sync_lock_acquire_restore(c->lock, count)) != SYNC_OK)
		return rc;
	if (woken && trace_on)
		trace_emit(TRACE_EV_LOCK_ACQUIRE, sync_cond_self(), SYNC_OP_WAKE,
		    c->entity, 1);
	return woken ? SYNC_OK : SYNC_TIMEOUT;
}

/* Wait until pred(arg) holds, as Condition.wait_for (sync.h). */
int
sync_cond_wait_for(struct sync_cond *c, int (*pred)(void *), void *arg,
    int64_t timeout_ns)
{
	uint64_t	deadline = 0, now;
	int64_t		wait = timeout_ns;
	int		rc;

	if (!sync_lock_is_owned(c->lock))
		return SYNC_NOT_OWNER;
	if (timeout_ns >= 0)
		deadline = rt_deadline(timeout_ns);
	while (!pred(arg)) {
		if (timeout_ns >= 0) {
			now = clock_now_ns();
			if (now >= deadline)
				return SYNC_TIMEOUT;
			wait = (int64_t)(deadline - now);
		}
		rc = sync_cond_wait(c, wait);
		if (rc < 0)
			return rc;
		if (rc == SYNC_TIMEOUT && rt_intr_pending())
			return SYNC_TIMEOUT;
	}
	return SYNC_OK;
}

/* Wake the n oldest waiters (sync.h). */
int
sync_cond_notify(struct sync_cond *c, size_t n)
{
	struct sync_waiter	*w;
	size_t			 woken = 0;

	if (!sync_lock_is_owned(c->lock))
		return SYNC_NOT_OWNER;
	pthread_mutex_lock(&c->mu);
	while (woken < n && (w = c->head) != NULL) {
		c->head = w->next;
		if (c->head == NULL)
			c->tail = NULL;
		w->woken = 1;
		pthread_cond_signal(&w->cond);
		woken++;
	}
	if (trace_on)
		trace_emit(TRACE_EV_LOCK_RELEASE, sync_cond_self(),
		    SYNC_OP_NOTIFY, c->entity, woken);
	pthread_mutex_unlock(&c->mu);
	return SYNC_OK;
}
