/*
 * deadlock.c — the wait-for graph and its cycle search.
 *
 * Edges: a thread in an untimed wait on a lock points to the lock's holder;
 * a thread in an untimed join points to the thread it joins. An edge is
 * added or removed under graph_mu with the lock's own mutex held, and a
 * lock with waiters clears its holder under graph_mu too, so that while
 * graph_mu is held every edge is true: a cycle found then is a deadlock.
 * The graph is walked only when a contended untimed wait begins; a thread
 * that never waits never touches graph_mu.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "rt/deadlock.h"
#include "rt/rt.h"
#include "rt/sync.h"
#include "trace/emit.h"

/* The one graph of this process (threads and locks are process-wide). */
static pthread_mutex_t graph_mu = PTHREAD_MUTEX_INITIALIZER;

/* The thread t waits for, or NULL (graph_mu held). */
static struct rt_thread *
deadlock_next(struct rt_thread *t)
{
	switch (t->wait_kind) {
	case THREAD_WAIT_LOCK:
		return atomic_load(&((struct sync_lock *)t->wait_on)->owner);
	case THREAD_WAIT_JOIN:
		return t->wait_on;
	case THREAD_WAIT_NONE:
		break;
	}
	return NULL;
}

/* Describe the cycle that starts and ends at t (graph_mu held). */
static char *
deadlock_describe(struct rt_thread *t)
{
	struct rt_thread	*cur = t, *next;
	struct sync_lock	*l;
	struct buf		 b;
	char			*name;
	int			 first = 1, said_lock = 0;

	buf_init(&b);
	name = thread_name(t);
	buf_printf(&b, "%s waits for ", name);
	free(name);
	do {
		next = deadlock_next(cur);
		name = thread_name(next);
		if (!first)
			buf_adds(&b, ", which waits for ");
		if (cur->wait_kind == THREAD_WAIT_LOCK) {
			l = cur->wait_on;
			buf_printf(&b, "%s%s held by %s",
			    said_lock ? "" : "lock ", l->name, name);
			said_lock = 1;
		} else
			buf_printf(&b, "%s to finish", name);
		free(name);
		first = 0;
		cur = next;
	} while (cur != t);
	return buf_detach(&b, NULL);
}

/* Whether following t's wait leads back to t (graph_mu held). */
static int
deadlock_cycle(struct rt_thread *t)
{
	struct rt_thread	*cur = t;
	unsigned		 steps, limit = t->rt->limits.max_threads + 1;

	for (steps = 0; steps < limit; steps++) {
		cur = deadlock_next(cur);
		if (cur == NULL)
			return 0;
		if (cur == t)
			return 1;
	}
	return 0;	/* a cycle that t only leads into: reported by its own */
}

/* t starts an untimed wait on `on` (deadlock.h). */
char *
deadlock_wait_begin(struct rt_thread *t, enum thread_wait_kind kind, void *on)
{
	char *cycle = NULL;

	pthread_mutex_lock(&graph_mu);
	t->wait_kind = kind;
	t->wait_on = on;
	if (deadlock_cycle(t))
		cycle = deadlock_describe(t);
	pthread_mutex_unlock(&graph_mu);
	return cycle;
}

/* t no longer waits. */
void
deadlock_wait_end(struct rt_thread *t)
{
	pthread_mutex_lock(&graph_mu);
	t->wait_kind = THREAD_WAIT_NONE;
	t->wait_on = NULL;
	pthread_mutex_unlock(&graph_mu);
}

/* A lock with waiters lost its holder. */
void
deadlock_lock_released(struct sync_lock *l)
{
	pthread_mutex_lock(&graph_mu);
	atomic_store(&l->owner, NULL);
	pthread_mutex_unlock(&graph_mu);
}

/* Emit and hand on a cycle; returns the runtime's action. */
int
deadlock_report(struct rt_thread *t, char *cycle)
{
	struct rt *rt = t->rt;

	atomic_fetch_add(&rt->deadlocks, 1);
	if (trace_on)
		trace_emit_str(TRACE_EV_DEADLOCK, t->entity, 0, 0, 0, cycle,
		    strlen(cycle));
	if (rt->deadlock_cb != NULL)
		rt->deadlock_cb(cycle, rt->deadlock_arg);
	free(cycle);
	return (int)rt->on_deadlock;
}
