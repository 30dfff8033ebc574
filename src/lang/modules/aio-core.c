/*
 * aio-core.c — the _aio module: the C core under asyncio (asyncio.c). It
 * owns one libev loop per asyncio event loop (ev_loop_new, never the default
 * loop), the self-pipe that call_soon_threadsafe writes to, and the poll
 * that blocks in ev_run with the GIL released (vm_block_begin/vm_block_end,
 * so the thread shows Timed Waiting or Blocked). It also turns what the
 * Python side of asyncio does into trace events: the loop and task entities,
 * task states, steps, loop phases and steps that blocked the loop.
 *
 * It must not touch Python objects while the GIL is released, and it keeps
 * no Python state: the ready queue and the timers live in asyncio.c.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "lang/lang.h"
#include "lang/modules/aio.h"
#include "lang/opcodes.h"
#include "trace/emit.h"

/* One asyncio event loop's libev side. */
struct aio_loop {
	struct ev_loop	*ev;
	ev_io		 wake_w;	/* read end of the self-pipe */
	ev_timer	 timer_w;	/* the next timer's deadline */
	int		 pipe[2];
	uint32_t	 entity;	/* TRACE_ENT_LOOP */
	int		 woken;		/* the self-pipe was readable */
};

/*
 * The loops, indexed by handle (1-based). Any thread may look a loop up
 * (call_soon_threadsafe from a worker); aio_mu guards the table and the
 * pipe's write end against a concurrent close.
 */
static pthread_mutex_t	  aio_mu = PTHREAD_MUTEX_INITIALIZER;
static struct aio_loop	**aio_loops;
static size_t		  aio_nloops;

/* The self-pipe became readable: drain it. */
static void
aio_wake_cb(struct ev_loop *ev, ev_io *w, int revents)
{
	struct aio_loop	*l = w->data;
	char		 buf[256];

	(void)ev; (void)revents;
	while (read(l->pipe[0], buf, sizeof buf) > 0)
		;
	l->woken = 1;
}

/* The poll's deadline passed. */
static void
aio_timer_cb(struct ev_loop *ev, ev_timer *w, int revents)
{
	(void)ev; (void)w; (void)revents;
}

/* The loop behind handle v, or NULL with an exception. Caller holds aio_mu. */
static struct aio_loop *
aio_get(struct vm_thread *t, struct val v)
{
	if (v.tag != V_INT || v.u.i < 1 || (size_t)v.u.i > aio_nloops ||
	    aio_loops[v.u.i - 1] == NULL) {
		vm_raise(t, EXC(RuntimeError), "Event loop is closed");
		return NULL;
	}
	return aio_loops[v.u.i - 1];
}

/* _aio.loop_new(): a libev loop, its self-pipe and its trace entity. */
static struct val
aio_loop_new(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct aio_loop	*l;
	size_t		 i;
	int		 fl;

	(void)args; (void)nargs; (void)kw;
	l = xcalloc(1, sizeof *l);
	if (pipe(l->pipe) != 0) {
		free(l);
		return vm_raise(t, EXC(OSError), "pipe: %s", strerror(errno));
	}
	for (i = 0; i < 2; i++) {
		fl = fcntl(l->pipe[i], F_GETFL);
		fcntl(l->pipe[i], F_SETFL, fl | O_NONBLOCK);
		fcntl(l->pipe[i], F_SETFD, FD_CLOEXEC);
	}
	l->ev = ev_loop_new(EVFLAG_AUTO | EVFLAG_NOSIGMASK);
	if (l->ev == NULL) {
		close(l->pipe[0]);
		close(l->pipe[1]);
		free(l);
		return vm_raise(t, EXC(OSError), "cannot create an event loop");
	}
	ev_io_init(&l->wake_w, aio_wake_cb, l->pipe[0], EV_READ);
	l->wake_w.data = l;
	ev_io_start(l->ev, &l->wake_w);
	ev_timer_init(&l->timer_w, aio_timer_cb, 0., 0.);
	l->entity = trace_entity_new(TRACE_ENT_LOOP, t->trace_id, "event loop");
	pthread_mutex_lock(&aio_mu);
	for (i = 0; i < aio_nloops; i++)
		if (aio_loops[i] == NULL)
			break;
	if (i == aio_nloops) {
		aio_loops = xreallocarray(aio_loops, aio_nloops + 1,
		    sizeof *aio_loops);
		aio_nloops++;
	}
	aio_loops[i] = l;
	pthread_mutex_unlock(&aio_mu);
	return val_int((int64_t)i + 1);
}

/* _aio.loop_close(h): free the libev loop and the pipe. */
static struct val
aio_loop_close(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct aio_loop *l;

	(void)kw;
	if (arg_count(t, "loop_close", nargs, 1, 1) < 0)
		return val_null();
	pthread_mutex_lock(&aio_mu);
	if ((l = aio_get(t, args[0])) == NULL) {
		pthread_mutex_unlock(&aio_mu);
		vm_clear_exc(t);
		return val_none();
	}
	aio_loops[args[0].u.i - 1] = NULL;
	pthread_mutex_unlock(&aio_mu);
	trace_state(l->entity, TRACE_ST_TERMINATED, TRACE_WHY_NONE, 0, 0);
	ev_io_stop(l->ev, &l->wake_w);
	ev_timer_stop(l->ev, &l->timer_w);
	ev_loop_destroy(l->ev);
	close(l->pipe[0]);
	close(l->pipe[1]);
	free(l);
	return val_none();
}

/* _aio.loop_entity(h): the loop's trace entity id. */
static struct val
aio_loop_entity(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct aio_loop	*l;
	uint32_t	 id;

	(void)kw;
	if (arg_count(t, "loop_entity", nargs, 1, 1) < 0)
		return val_null();
	pthread_mutex_lock(&aio_mu);
	l = aio_get(t, args[0]);
	id = l != NULL ? l->entity : 0;
	pthread_mutex_unlock(&aio_mu);
	return l != NULL ? val_int(id) : val_null();
}

/* _aio.loop_wakeup(h): make a poll in another thread return (thread-safe). */
static struct val
aio_loop_wakeup(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct aio_loop	*l;
	ssize_t		 n;

	(void)kw;
	if (arg_count(t, "loop_wakeup", nargs, 1, 1) < 0)
		return val_null();
	pthread_mutex_lock(&aio_mu);
	if ((l = aio_get(t, args[0])) == NULL) {
		pthread_mutex_unlock(&aio_mu);
		return val_null();
	}
	/* A full pipe already wakes the poll. */
	n = write(l->pipe[1], "", 1);
	(void)n;
	pthread_mutex_unlock(&aio_mu);
	return val_none();
}

/*
 * _aio.loop_poll(h, timeout): one ev_run(EVRUN_ONCE) — the I/O poll of an
 * iteration. timeout: seconds, or None to wait for the self-pipe only. A
 * zero timeout polls without blocking (the GIL stays held); otherwise the
 * GIL is released and the thread reports Timed Waiting (a deadline) or
 * Blocked (none) on the loop. Returns True if the self-pipe was written.
 */
static struct val
aio_loop_poll(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct aio_loop	*l;
	double		 s = -1;
	uint64_t	 deadline = 0;

	(void)kw;
	if (arg_count(t, "loop_poll", nargs, 2, 2) < 0)
		return val_null();
	if (args[1].tag != V_NONE && arg_float(t, args[1], &s) < 0)
		return val_null();
	if (isnan(s))
		s = 0;
	pthread_mutex_lock(&aio_mu);
	l = aio_get(t, args[0]);
	pthread_mutex_unlock(&aio_mu);
	if (l == NULL)
		return val_null();
	l->woken = 0;
	if (args[1].tag != V_NONE && s <= 0) {
		trace_emit(TRACE_EV_LOOP_PHASE, l->entity, TRACE_LOOP_POLL, 0, 0);
		ev_run(l->ev, EVRUN_NOWAIT);
		return val_bool(l->woken);
	}
	ev_now_update(l->ev);
	if (s > 0) {
		if (s > 1e7)
			s = 1e7;
		deadline = clock_now_ns() + (uint64_t)(s * 1e9);
		ev_timer_set(&l->timer_w, s, 0.);
		ev_timer_start(l->ev, &l->timer_w);
	}
	if (trace_on)
		trace_emit(TRACE_EV_LOOP_PHASE, l->entity, TRACE_LOOP_POLL, 0,
		    s > 0 ? (uint64_t)(s * 1e9) : 0);
	vm_block_begin(t, TRACE_WHY_LOOP, l->entity, deadline);
	ev_run(l->ev, EVRUN_ONCE);
	vm_block_end(t);
	ev_timer_stop(l->ev, &l->timer_w);
	return val_bool(l->woken);
}

/* _aio.tracing(): whether events are being recorded. */
static struct val
aio_tracing(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)t; (void)args; (void)nargs; (void)kw;
	return val_bool(trace_on != 0);
}

/* _aio.task_new(loop_entity, name): a task entity, New. */
static struct val
aio_task_new(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val	 s;
	uint32_t	 id;

	(void)kw;
	if (arg_count(t, "task_new", nargs, 2, 2) < 0 ||
	    args[0].tag != V_INT)
		return val_null();
	s = obj_str(t, args[1]);
	if (s.tag == V_NULL)
		return s;
	id = trace_entity_new(TRACE_ENT_TASK, (uint32_t)args[0].u.i,
	    VAL_AS(str, s)->data);
	val_decref(s);
	return val_int(id);
}

/*
 * _aio.state(entity, state, reason, obj, deadline): a task's state;
 * deadline is the loop's time in seconds (0: none).
 */
static struct val
aio_state(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	double	 d = 0;
	int	 i;

	(void)kw;
	if (arg_count(t, "state", nargs, 5, 5) < 0)
		return val_null();
	for (i = 0; i < 4; i++)
		if (args[i].tag != V_INT)
			return vm_raise(t, EXC(TypeError), "state: int expected");
	if (arg_float(t, args[4], &d) < 0)
		return val_null();
	trace_state((uint32_t)args[0].u.i, (enum trace_state)args[1].u.i,
	    (enum trace_reason)args[2].u.i, (uint32_t)args[3].u.i,
	    d > 0 ? (uint64_t)(d * 1e9) : 0);
	return val_none();
}

/* _aio.step(task_entity, loop_entity): a task's step begins. */
static struct val
aio_step(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "step", nargs, 2, 2) < 0)
		return val_null();
	if (trace_on && args[0].tag == V_INT && args[1].tag == V_INT)
		trace_emit(TRACE_EV_TASK_STEP, (uint32_t)args[0].u.i, 0,
		    (uint32_t)args[1].u.i, 0);
	return val_none();
}

/* _aio.phase(loop_entity, phase, items): a phase of an iteration. */
static struct val
aio_phase(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "phase", nargs, 3, 3) < 0)
		return val_null();
	if (trace_on && args[0].tag == V_INT && args[1].tag == V_INT &&
	    args[2].tag == V_INT)
		trace_emit(TRACE_EV_LOOP_PHASE, (uint32_t)args[0].u.i,
		    (uint16_t)args[1].u.i, 0, (uint64_t)args[2].u.i);
	return val_none();
}

/* _aio.blocked(loop_entity, task_entity, seconds): a step blocked the loop. */
static struct val
aio_blocked(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	double d = 0;

	(void)kw;
	if (arg_count(t, "blocked", nargs, 3, 3) < 0 ||
	    arg_float(t, args[2], &d) < 0)
		return val_null();
	if (trace_on && args[0].tag == V_INT && args[1].tag == V_INT)
		trace_emit(TRACE_EV_LOOP_BLOCKED, (uint32_t)args[0].u.i, 0,
		    (uint32_t)args[1].u.i, (uint64_t)(d * 1e9));
	return val_none();
}

/* _aio.time(): the loop clock (CLOCK_MONOTONIC, seconds), as trace times. */
static struct val
aio_time(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)t; (void)args; (void)nargs; (void)kw;
	return val_float((double)clock_now_ns() * 1e-9);
}

/* _aio.iscoroutine(x): x is a coroutine object. */
static struct val
aio_iscoroutine(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	(void)t; (void)kw;
	return val_bool(nargs == 1 && args[0].tag == V_OBJ &&
	    args[0].u.o->type == TYPE(T_COROUTINE));
}

/* _aio.iscoroutinefunction(f): f is an async def function. */
static struct val
aio_iscorofunc(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct val f;

	(void)t; (void)kw;
	if (nargs != 1)
		return val_bool(0);
	f = args[0];
	if (f.tag == V_OBJ && f.u.o->type->layout == L_METHOD)
		f = ((struct method *)f.u.o)->func;
	return val_bool(f.tag == V_OBJ && f.u.o->type->layout == L_FUNC &&
	    (((struct func *)f.u.o)->code->flags & CO_COROUTINE) != 0);
}

/* Build the _aio module. */
struct module *
mod__aio_init(struct vm_thread *t)
{
	static const struct { const char *n; cfunc_fn f; } fns[] = {
		{ "loop_new", aio_loop_new }, { "loop_close", aio_loop_close },
		{ "loop_entity", aio_loop_entity },
		{ "loop_wakeup", aio_loop_wakeup }, { "loop_poll", aio_loop_poll },
		{ "tracing", aio_tracing }, { "task_new", aio_task_new },
		{ "state", aio_state }, { "step", aio_step },
		{ "phase", aio_phase }, { "blocked", aio_blocked },
		{ "time", aio_time }, { "iscoroutine", aio_iscoroutine },
		{ "iscoroutinefunction", aio_iscorofunc },
	};
	struct module	*m = module_new("_aio");
	size_t		 i;

	(void)t;
	for (i = 0; i < sizeof fns / sizeof fns[0]; i++)
		module_add_func(m, fns[i].n, fns[i].f);
	return m;
}
