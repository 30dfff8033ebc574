/*
 * sync-lock.c — threading.Lock and threading.RLock on a pthread mutex and a
 * monotonic condition variable.
 *
 * l->mu guards locked, count and nwaiters; the owner is written under l->mu
 * (and, when threads wait, under the deadlock graph's mutex too) and read
 * atomically. An uncontended acquire never releases the GIL; a contended one
 * emits LOCK_CONTEND naming the holder, registers the wait in the deadlock
 * graph when it has no timeout, and waits without the GIL. RELEASE is
 * emitted before the lock is actually free and ACQUIRE after it is taken,
 * so the event stream never shows two holders.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "rt/deadlock.h"
#include "rt/intr.h"
#include "rt/rt.h"
#include "rt/sync.h"
#include "rt/thread.h"
#include "trace/emit.h"

/* Set up l; name may be NULL for "Lock-N" / "RLock-N". */
void
sync_lock_init(struct sync_lock *l, int reentrant, const char *name)
{
	const char *label = reentrant ? "RLock" : "Lock";

	memset(l, 0, sizeof *l);
	l->reentrant = reentrant;
	if (name != NULL)
		l->name = xstrdup(name);
	else
		l->name = xasprintf("%s-%u", label, rt_name_number(label));
	pthread_mutex_init(&l->mu, NULL);
	rt_cond_init(&l->cond);
	l->entity = rt_entity_new(reentrant ? TRACE_ENT_RLOCK : TRACE_ENT_LOCK,
	    label, l->name);
}

/* Destroy l (nobody may wait on it). */
void
sync_lock_fini(struct sync_lock *l)
{
	pthread_cond_destroy(&l->cond);
	pthread_mutex_destroy(&l->mu);
	free(l->name);
}

/* The entity of t, 0 for an unknown thread. */
static uint32_t
sync_entity_of(struct rt_thread *t)
{
	return t != NULL ? t->entity : 0;
}

/* Take the free lock l for self (l->mu held). */
static void
sync_lock_take(struct sync_lock *l, struct rt_thread *self)
{
	l->locked = 1;
	l->count = 1;
	atomic_store(&l->owner, self);
}

/* Acquire l, waiting at most timeout_ns (sync.h). */
int
sync_lock_acquire(struct sync_lock *l, int64_t timeout_ns)
{
	struct rt_thread	*self = thread_self(), *holder;
	uint64_t		 deadline;
	char			*cycle = NULL;
	int			 rc = SYNC_OK, registered = 0;
	unsigned		 count;

	pthread_mutex_lock(&l->mu);
	if (l->locked && l->reentrant && self != NULL &&
	    atomic_load(&l->owner) == self) {
		count = ++l->count;
		pthread_mutex_unlock(&l->mu);
		if (trace_on)
			trace_emit(TRACE_EV_LOCK_ACQUIRE, sync_entity_of(self),
			    SYNC_OP_LOCK, l->entity, count);
		return SYNC_OK;
	}
	if (!l->locked) {
		sync_lock_take(l, self);
		pthread_mutex_unlock(&l->mu);
		if (trace_on)
			trace_emit(TRACE_EV_LOCK_ACQUIRE, sync_entity_of(self),
			    SYNC_OP_LOCK, l->entity, 1);
		return SYNC_OK;
	}
	if (timeout_ns == 0) {
		pthread_mutex_unlock(&l->mu);
		return SYNC_TIMEOUT;
	}

	/* Contended: name the holder, look for a cycle, wait without the GIL. */
	holder = atomic_load(&l->owner);
	if (trace_on)
		trace_emit(TRACE_EV_LOCK_CONTEND, sync_entity_of(self), 0,
		    l->entity, sync_entity_of(holder));
	deadline = rt_deadline(timeout_ns);
	l->nwaiters++;
	if (self != NULL && deadline == 0) {
		cycle = deadlock_wait_begin(self, THREAD_WAIT_LOCK, l);
		registered = 1;
	}
	pthread_mutex_unlock(&l->mu);
	if (cycle != NULL && deadlock_report(self, cycle) == RT_DEADLOCK_FAIL) {
		pthread_mutex_lock(&l->mu);
		l->nwaiters--;
		deadlock_wait_end(self);
		pthread_mutex_unlock(&l->mu);
		return SYNC_DEADLOCK;
	}

	gil_release_for_block(TRACE_WHY_LOCK, l->entity, deadline);
	pthread_mutex_lock(&l->mu);
	while (l->locked) {
		if (rt_intr_cond_wait(&l->cond, &l->mu, deadline, 0) != 0 &&
		    l->locked) {
			rc = SYNC_TIMEOUT;
			break;
		}
	}
	if (rc == SYNC_OK)
		sync_lock_take(l, self);
	l->nwaiters--;
	if (registered)
		deadlock_wait_end(self);
	pthread_mutex_unlock(&l->mu);
	gil_reacquire_after_block();
	if (rc == SYNC_OK && trace_on)
		trace_emit(TRACE_EV_LOCK_ACQUIRE, sync_entity_of(self),
		    SYNC_OP_LOCK, l->entity, 1);
	return rc;
}

/* Release l (sync.h): SYNC_OK, SYNC_UNLOCKED or SYNC_NOT_OWNER (RLock). */
int
sync_lock_release(struct sync_lock *l)
{
	struct rt_thread *self = thread_self();

	pthread_mutex_lock(&l->mu);
	if (!l->locked) {
		pthread_mutex_unlock(&l->mu);
		return SYNC_UNLOCKED;
	}
	if (l->reentrant && atomic_load(&l->owner) != self) {
		pthread_mutex_unlock(&l->mu);
		return SYNC_NOT_OWNER;
	}
	if (l->reentrant && l->count > 1) {
		l->count--;
		if (trace_on)
			trace_emit(TRACE_EV_LOCK_RELEASE, sync_entity_of(self),
			    SYNC_OP_LOCK, l->entity, l->count);
		pthread_mutex_unlock(&l->mu);
		return SYNC_OK;
	}
	if (trace_on)
		trace_emit(TRACE_EV_LOCK_RELEASE, sync_entity_of(self),
		    SYNC_OP_LOCK, l->entity, 0);
	l->locked = 0;
	l->count = 0;
	if (l->nwaiters > 0) {
		deadlock_lock_released(l);
		pthread_cond_signal(&l->cond);
	} else
		atomic_store(&l->owner, NULL);
	pthread_mutex_unlock(&l->mu);
	return SYNC_OK;
}

/* Whether l is held by anybody. */
int
sync_lock_locked(struct sync_lock *l)
{
	int locked;

	pthread_mutex_lock(&l->mu);
	locked = l->locked;
	pthread_mutex_unlock(&l->mu);
	return locked;
}

/*
 * Whether the calling thread holds l, as Condition._is_owned decides: an
 * RLock by its owner, a Lock (which has none) by being locked at all.
 */
int
sync_lock_is_owned(struct sync_lock *l)
{
	int owned;

	pthread_mutex_lock(&l->mu);
	owned = l->locked && (!l->reentrant ||
	    atomic_load(&l->owner) == thread_self());
	pthread_mutex_unlock(&l->mu);
	return owned;
}

/* Release l completely, saving its depth in *count (Condition.wait). */
int
sync_lock_release_save(struct sync_lock *l, unsigned *count)
{
	struct rt_thread *self = thread_self();

	pthread_mutex_lock(&l->mu);
	if (!l->locked || (l->reentrant && atomic_load(&l->owner) != self)) {
		pthread_mutex_unlock(&l->mu);
		return SYNC_NOT_OWNER;
	}
	*count = l->count;
	l->count = 1;
	pthread_mutex_unlock(&l->mu);
	return sync_lock_release(l);
}

/* Acquire l again and restore the depth saved by sync_lock_release_save. */
int
sync_lock_acquire_restore(struct sync_lock *l, unsigned count)
{
	int rc;

	/* Taking the lock back is never cut short by Ctrl-C (intr.h). */
	rt_intr_hold();
	rc = sync_lock_acquire(l, SYNC_FOREVER);
	rt_intr_unhold();
	if (rc != SYNC_OK)
		return rc;
	pthread_mutex_lock(&l->mu);
	l->count = count;
	pthread_mutex_unlock(&l->mu);
	return SYNC_OK;
}
