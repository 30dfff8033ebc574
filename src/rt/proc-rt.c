/*
 * proc-rt.c — the glue between processes (proc-core.c) and the runtime of
 * one process (rt.c, gil.c, thread.c): the GIL released around process and
 * IPC waits, the calling thread's entity, and the rt side of a fork.
 *
 * After fork() only the forking thread exists in the child, but the rt
 * structures still list the parent's threads and the GIL's mutexes may be
 * held by threads that are gone. proc_rt_after_fork() rebuilds them for a
 * process of one thread, as CPython's PyOS_AfterFork_Child does. It runs in
 * the child before anything else touches rt (single-threaded), so it may
 * write every field. It must not free the other threads' structs: the
 * interpreter may still hold references to them (they read as ended).
 */
#include "config.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "rt/gil.h"
#include "rt/proc.h"
#include "rt/proc-rt.h"
#include "rt/rt.h"
#include "rt/thread.h"
#include "trace/emit.h"

static struct rt *proc_rt;

/* The calling thread's entity, from the thread registry. */
static uint32_t
proc_rt_current_entity(void)
{
	struct rt_thread *t = thread_self();

	return t != NULL ? t->entity : 0;
}

/* May the calling thread fork: no VM thread, or it holds the GIL. */
static int
proc_rt_may_fork(void)
{
	struct rt_thread *t = thread_self();

	if (t == NULL || proc_rt == NULL)
		return 1;
	return gil_held_by(&proc_rt->gil, t);
}

/* Reset the GIL for a process whose only thread is self. */
static void
proc_rt_gil_after_fork(struct gil *gil, struct rt_thread *self, uint32_t process)
{
	int held;

	held = self != NULL && gil->locked && atomic_load(&gil->holder) == self;
	pthread_mutex_init(&gil->mu, NULL);
	rt_cond_init(&gil->cond);
	pthread_mutex_init(&gil->switch_mu, NULL);
	rt_cond_init(&gil->switch_cond);
	rt_cond_init(&gil->never);
	gil->locked = held;
	gil->nwaiters = 0;
	gil->switch_number = 0;
	atomic_store(&gil->holder, held ? self : NULL);
	atomic_store(&gil->drop_request, 0);
	atomic_store(&gil->finalizer, NULL);
	if (gil->mode != GIL_LEGACY)
		__atomic_fetch_and(gil->breaker, ~GIL_BREAKER_BIT, __ATOMIC_SEQ_CST);
	gil->ticks = 0;
	atomic_store(&gil->takes, 0);
	atomic_store(&gil->handoffs, 0);
	atomic_store(&gil->drop_requests, 0);
	atomic_store(&gil->forced_drops, 0);
	if (trace_on) {
		gil->entity = trace_entity_new(TRACE_ENT_GIL, process, "GIL");
		trace_emit(TRACE_EV_SETTING, gil->entity, TRACE_SET_GIL_MODE, 0,
		    (uint64_t)gil->mode);
		trace_emit(TRACE_EV_SETTING, gil->entity,
		    TRACE_SET_SWITCH_INTERVAL, 0, atomic_load(&gil->interval_ns));
	}
}

/* In a forked child: rt with one thread (the forking one) and its own GIL. */
static void
proc_rt_after_fork(void *arg)
{
	struct rt *rt = arg;
	struct rt_thread *self = thread_self(), *t;
	uint32_t process = proc_self_entity();
	char *name;

	pthread_mutex_init(&rt->mu, NULL);
	rt->process = process;
	TAILQ_FOREACH(t, &rt->threads, entry) {
		if (t == self)
			continue;
		/* Gone with the fork: joins in the child return at once. */
		t->ended = 1;
		atomic_store(&t->state, TRACE_ST_TERMINATED);
		rt_cond_init(&t->lifecycle);
	}
	TAILQ_INIT(&rt->threads);
	rt->nalive = 0;
	rt->main = self;
	if (self != NULL) {
		TAILQ_INSERT_TAIL(&rt->threads, self, entry);
		rt->nalive = 1;
		self->is_main = 1;
		self->wait_kind = THREAD_WAIT_NONE;
		self->wait_on = NULL;
		rt_cond_init(&self->lifecycle);
		atomic_store(&self->native_id, (long)gettid());
		if (trace_on) {
			name = thread_name(self);
			self->entity = trace_entity_new(TRACE_ENT_THREAD,
			    process, name);
			free(name);
		}
	}
	proc_rt_gil_after_fork(&rt->gil, self, process);
	if (self != NULL) {
		if (rt->gil.locked && trace_on)
			trace_emit(TRACE_EV_GIL_TAKE, self->entity, 0, 0, 0);
		thread_set_state(self, rt->gil.locked || rt->gil.mode ==
		    GIL_NONE ? TRACE_ST_RUNNING : TRACE_ST_READY,
		    TRACE_WHY_NONE, 0, 0);
	}
}

/* Bind processes to rt. */
void
proc_rt_bind(struct rt *rt)
{
	struct proc_hooks h = {
		.blocking_begin = gil_release_for_block,
		.blocking_end = gil_reacquire_after_block,
		.current_entity = proc_rt_current_entity,
		.may_fork = proc_rt_may_fork,
	};

	proc_rt = rt;
	proc_set_hooks(&h);
	proc_atfork_child(proc_rt_after_fork, rt);
}
