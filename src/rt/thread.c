/*
 * thread.c — the thread registry and the life of a thread: New, started on
 * a real pthread, Runnable with the GIL, Terminated; join; the list behind
 * threading.enumerate(); stopping daemon threads at exit.
 *
 * rt->mu guards the list and every thread's lifecycle fields; it is the
 * innermost lock of the runtime (nothing else is taken while it is held).
 * The calling thread's struct is found through a thread-local pointer.
 *
 * Fork safety (trace/forkgate.h): a thread is made with
 * forkgate_thread_create() (its start-up allocates) and, once its body
 * has returned and it has dropped the GIL, ends with forkgate_thread_end():
 * what it frees after that, and the C library's and sanitizers' clean-up,
 * can never be cut in two by a fork. Joins wait on t->ended, never with
 * pthread_join() (the fork gate joins the pthread).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "rt/deadlock.h"
#include "rt/intr.h"
#include "rt/rt.h"
#include "rt/thread.h"
#include "trace/emit.h"
#include "trace/forkgate.h"

/* The runtime's struct for the calling OS thread (this thread only). */
static _Thread_local struct rt_thread *thread_cur;

/* The calling thread, or NULL. */
struct rt_thread *
thread_self(void)
{
	return thread_cur;
}

/* A new thread struct named name, with one reference, in state New. */
static struct rt_thread *
thread_alloc(struct rt *rt, const char *name, int daemon)
{
	struct rt_thread *t;

	t = xcalloc(1, sizeof *t);
	t->rt = rt;
	t->name = xstrdup(name);
	atomic_init(&t->daemon, daemon);
	atomic_init(&t->refs, 1);
	atomic_init(&t->state, TRACE_ST_NEW);
	rt_cond_init(&t->lifecycle);
	/* ENTITY_NEW puts the thread in New: no second STATE event for it. */
	t->entity = trace_entity_new(TRACE_ENT_THREAD, rt->process, name);
	return t;
}

/* Record who the calling OS thread is. */
static void
thread_bind_self(struct rt_thread *t)
{
	thread_cur = t;
	if (trace_on)
		trace_thread_entity(t->entity);	/* names its OVERFLOW events */
	atomic_store(&t->ident, (uint64_t)pthread_self());
	atomic_store(&t->native_id, (long)gettid());
	t->pthread = pthread_self();
}

/* Add t to the alive list (rt->mu held). */
static void
thread_link(struct rt *rt, struct rt_thread *t)
{
	TAILQ_INSERT_TAIL(&rt->threads, t, entry);
	rt->nalive++;
}

/* Register the calling thread as the main thread and give it the GIL. */
struct rt_thread *
thread_main_init(struct rt *rt, const char *name)
{
	struct rt_thread *t;

	t = thread_alloc(rt, name, 0);
	t->is_main = 1;
	thread_bind_self(t);
	pthread_mutex_lock(&rt->mu);
	t->started = 1;
	rt->main = t;
	thread_link(rt, t);
	pthread_mutex_unlock(&rt->mu);
	gil_take(&rt->gil, t);
	return t;
}

/*
 * The main thread is done: stop every other thread at its next GIL
 * operation (they are daemons: non-daemon threads were waited for), report
 * them stopped, and release the main thread. The process must then exit
 * without rt_fini if any thread was stopped.
 */
void
thread_main_fini(struct rt *rt)
{
	struct rt_thread *t, *self = thread_self();

	gil_finalize(&rt->gil, self);
	pthread_mutex_lock(&rt->mu);
	TAILQ_FOREACH(t, &rt->threads, entry) {
		if (t != self && !t->ended)
			thread_set_state(t, TRACE_ST_TERMINATED, TRACE_WHY_NONE,
			    0, THREAD_EXIT_STOPPED);
	}
	pthread_mutex_unlock(&rt->mu);
	if (self == NULL)
		return;
	gil_drop(&rt->gil, self, TRACE_GIL_EXIT);
	thread_set_state(self, TRACE_ST_TERMINATED, TRACE_WHY_NONE, 0,
	    (uint64_t)self->exit_how);
	pthread_mutex_lock(&rt->mu);
	self->ended = 1;
	TAILQ_REMOVE(&rt->threads, self, entry);
	rt->nalive--;
	if (rt->main == self)
		rt->main = NULL;
	pthread_cond_broadcast(&self->lifecycle);
	pthread_mutex_unlock(&rt->mu);
	thread_cur = NULL;
	thread_unref(self);
}

/* Make the calling OS thread known to the runtime, without the GIL. */
struct rt_thread *
thread_attach(struct rt *rt, const char *name, int daemon)
{
	struct rt_thread *t;

	t = thread_alloc(rt, name, daemon);
	t->gil_exempt = 1;
	thread_bind_self(t);
	pthread_mutex_lock(&rt->mu);
	t->started = 1;
	thread_link(rt, t);
	pthread_mutex_unlock(&rt->mu);
	thread_set_state(t, TRACE_ST_RUNNING, TRACE_WHY_NONE, 0, 0);
	return t;
}

/* Forget the calling thread (attached with thread_attach). */
void
thread_detach_self(void)
{
	struct rt_thread	*t = thread_cur;
	struct rt		*rt;

	if (t == NULL)
		return;
	rt = t->rt;
	thread_set_state(t, TRACE_ST_TERMINATED, TRACE_WHY_NONE, 0,
	    (uint64_t)t->exit_how);
	pthread_mutex_lock(&rt->mu);
	t->ended = 1;
	TAILQ_REMOVE(&rt->threads, t, entry);
	rt->nalive--;
	pthread_cond_broadcast(&t->lifecycle);
	pthread_mutex_unlock(&rt->mu);
	thread_cur = NULL;
	thread_unref(t);
}

/* A thread in state New, not yet started. */
struct rt_thread *
thread_create(struct rt *rt, const char *name, int daemon)
{
	return thread_alloc(rt, name, daemon);
}

/* Take a reference to t. */
void
thread_ref(struct rt_thread *t)
{
	atomic_fetch_add(&t->refs, 1);
}

/* Drop a reference to t, freeing it with the last one. */
void
thread_unref(struct rt_thread *t)
{
	if (t == NULL || atomic_fetch_sub(&t->refs, 1) != 1)
		return;
	pthread_cond_destroy(&t->lifecycle);
	free(t->name);
	free(t);
}

/* The new pthread: wait for the GIL, run the body, end. */
static void *
thread_trampoline(void *arg)
{
	struct rt_thread	*t = arg;
	struct rt		*rt = t->rt;

	if (trace_on)
		trace_thread_begin();
	thread_bind_self(t);
	gil_take(&rt->gil, t);
	pthread_mutex_lock(&rt->mu);
	t->started = 1;
	pthread_cond_broadcast(&t->lifecycle);
	pthread_mutex_unlock(&rt->mu);

	t->body(t, t->arg);
	gil_drop(&rt->gil, t, TRACE_GIL_EXIT);
	thread_set_state(t, TRACE_ST_TERMINATED, TRACE_WHY_NONE, 0,
	    (uint64_t)t->exit_how);
	forkgate_thread_end();	/* no fork until this pthread is gone */

	if (trace_on)
		trace_thread_end();

	/*
	 * From here a joiner may go on and end the run (stop tracing, free
	 * the runtime): touch nothing shared after the unlock.
	 */
	pthread_mutex_lock(&rt->mu);
	t->ended = 1;
	TAILQ_REMOVE(&rt->threads, t, entry);
	rt->nalive--;
	pthread_cond_broadcast(&t->lifecycle);
	pthread_mutex_unlock(&rt->mu);
	thread_cur = NULL;
	thread_unref(t);
	return NULL;
}

/* Start t on a new pthread (thread.h). */
int
thread_start(struct rt_thread *t, thread_body body, void *arg, char **cause)
{
	struct rt	*rt = t->rt;
	pthread_attr_t	 attr;
	int		 error;

	pthread_mutex_lock(&rt->mu);
	if (t->body != NULL) {
		pthread_mutex_unlock(&rt->mu);
		*cause = xstrdup("threads can only be started once");
		return -1;
	}
	if (rt->nalive >= rt->limits.max_threads) {
		pthread_mutex_unlock(&rt->mu);
		*cause = xasprintf("can't start new thread: the limit of %u "
		    "threads is reached", rt->limits.max_threads);
		return -1;
	}
	t->body = body;
	t->arg = arg;
	thread_link(rt, t);
	pthread_mutex_unlock(&rt->mu);

	thread_ref(t);		/* the running thread's */
	pthread_attr_init(&attr);	/* joinable: the fork gate joins it */
	error = forkgate_thread_create(&t->pthread, &attr, thread_trampoline,
	    t);
	pthread_attr_destroy(&attr);
	if (error != 0) {
		pthread_mutex_lock(&rt->mu);
		TAILQ_REMOVE(&rt->threads, t, entry);
		rt->nalive--;
		t->body = NULL;
		pthread_mutex_unlock(&rt->mu);
		thread_unref(t);
		*cause = xasprintf("can't start new thread: %s",
		    strerror(error));
		return -1;
	}

	/*
	 * As CPython's start() (which waits on the thread's _started event):
	 * give the GIL up until the new thread runs with it. The new thread
	 * keeps it until it blocks, ends or is asked to drop it, so a short
	 * target finishes before its starter goes on, as in CPython.
	 */
	gil_release_for_block(TRACE_WHY_EVENT, t->entity, 0);
	pthread_mutex_lock(&rt->mu);
	while (!t->started)
		pthread_cond_wait(&t->lifecycle, &rt->mu);
	pthread_mutex_unlock(&rt->mu);
	gil_reacquire_after_block();
	return 0;
}

/* Set how t ends (the body calls this before returning). */
void
thread_set_exit(struct rt_thread *t, enum thread_exit how)
{
	t->exit_how = how;
}

/* Wait for t to end (thread.h). */
int
thread_join(struct rt_thread *t, int64_t timeout_ns)
{
	struct rt_thread	*self = thread_self();
	struct rt		*rt = t->rt;
	uint64_t		 deadline;
	char			*cycle = NULL;
	int			 ended;

	pthread_mutex_lock(&rt->mu);
	ended = t->ended;
	pthread_mutex_unlock(&rt->mu);
	if (ended)
		return 1;
	if (timeout_ns == 0)
		return 0;
	deadline = rt_deadline(timeout_ns);
	if (self != NULL && deadline == 0) {
		cycle = deadlock_wait_begin(self, THREAD_WAIT_JOIN, t);
		if (cycle != NULL &&
		    deadlock_report(self, cycle) == RT_DEADLOCK_FAIL) {
			deadlock_wait_end(self);
			return -1;
		}
	}

	gil_release_for_block(TRACE_WHY_JOIN, t->entity, deadline);
	pthread_mutex_lock(&rt->mu);
	while (!t->ended) {
		if (rt_intr_cond_wait(&t->lifecycle, &rt->mu, deadline, 0) != 0)
			break;
	}
	ended = t->ended;
	pthread_mutex_unlock(&rt->mu);
	if (self != NULL && deadline == 0)
		deadlock_wait_end(self);
	gil_reacquire_after_block();
	return ended;
}

/* Sleep for real without the GIL (time.sleep). */
void
thread_sleep(int64_t ns)
{
	struct rt_thread	*self = thread_self();
	struct timespec		 ts;
	uint64_t		 deadline;

	if (ns <= 0) {
		if (self != NULL)
			gil_yield(&self->rt->gil, self);
		return;
	}
	deadline = rt_deadline(ns);
	gil_release_for_block(TRACE_WHY_SLEEP, 0, deadline);
	ts = clock_ns_to_timespec(deadline);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	    EINTR)
		;
	gil_reacquire_after_block();
}

/* Whether t has started and not yet ended. */
int
thread_is_alive(struct rt_thread *t)
{
	int alive;

	pthread_mutex_lock(&t->rt->mu);
	alive = t->started && !t->ended;
	pthread_mutex_unlock(&t->rt->mu);
	return alive;
}

/* Whether start() was called on t. */
int
thread_has_started(struct rt_thread *t)
{
	int started;

	pthread_mutex_lock(&t->rt->mu);
	started = t->body != NULL || t->started;
	pthread_mutex_unlock(&t->rt->mu);
	return started;
}

/* Rename t. */
void
thread_set_name(struct rt_thread *t, const char *name)
{
	char *copy = xstrdup(name), *old;

	pthread_mutex_lock(&t->rt->mu);
	old = t->name;
	t->name = copy;
	pthread_mutex_unlock(&t->rt->mu);
	free(old);
	if (trace_on)
		trace_emit_str(TRACE_EV_ENTITY_NAME, t->entity, 0, 0, 0, name,
		    strlen(name));
}

/* A copy of t's name. */
char *
thread_name(struct rt_thread *t)
{
	char *name;

	pthread_mutex_lock(&t->rt->mu);
	name = xstrdup(t->name);
	pthread_mutex_unlock(&t->rt->mu);
	return name;
}

/* Set t's daemon flag. */
void
thread_set_daemon(struct rt_thread *t, int daemon)
{
	atomic_store(&t->daemon, daemon != 0);
}

/* Record t's state and emit it. */
void
thread_set_state(struct rt_thread *t, enum trace_state st,
    enum trace_reason why, uint32_t obj, uint64_t val)
{
	int old = atomic_load(&t->state);

	/*
	 * Terminated is final: a daemon stopped at shutdown may still be on its
	 * way to park (asking for the GIL, waking from a sleep) and must not
	 * come back to life in the record.
	 */
	do {
		if (old == TRACE_ST_TERMINATED)
			return;
	} while (!atomic_compare_exchange_weak(&t->state, &old, (int)st));
	atomic_store(&t->reason, (int)why);
	atomic_store(&t->state_obj, obj);
	trace_state(t->entity, st, why, obj, val);
}

/* The number of alive threads. */
unsigned
thread_count(struct rt *rt)
{
	unsigned n;

	pthread_mutex_lock(&rt->mu);
	n = rt->nalive;
	pthread_mutex_unlock(&rt->mu);
	return n;
}

/* The alive threads, referenced, in start order. */
struct rt_thread **
thread_list(struct rt *rt, unsigned *n)
{
	struct rt_thread	**v, *t;
	unsigned		  i = 0;

	pthread_mutex_lock(&rt->mu);
	v = xreallocarray(NULL, rt->nalive + 1, sizeof *v);
	TAILQ_FOREACH(t, &rt->threads, entry) {
		if (!t->started || t->ended)
			continue;
		thread_ref(t);
		v[i++] = t;
	}
	pthread_mutex_unlock(&rt->mu);
	*n = i;
	return v;
}

/* Wait for every non-daemon thread but the caller (interpreter shutdown). */
int
thread_wait_non_daemon(struct rt *rt)
{
	struct rt_thread *t, *self = thread_self(), *found;
	int		  rc;

	for (;;) {
		found = NULL;
		pthread_mutex_lock(&rt->mu);
		TAILQ_FOREACH(t, &rt->threads, entry) {
			if (t != self && !t->ended && !atomic_load(&t->daemon)) {
				found = t;
				thread_ref(t);
				break;
			}
		}
		pthread_mutex_unlock(&rt->mu);
		if (found == NULL)
			return 0;
		rc = thread_join(found, -1);
		thread_unref(found);
		if (rc < 0)
			return -1;
	}
}
