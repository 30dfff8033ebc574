/*
 * forkgate.c — the fork gate (forkgate.h): helper threads mark the sections
 * where they allocate or take our locks, and fork() waits until none is
 * inside before it runs the participants' prepare handlers.
 *
 * Why: a child inherits every lock held by any thread at the moment of the
 * fork. With AddressSanitizer's allocator (GCC 12 and clang 14 register no
 * fork handler for it), a child forked while the parent's new watcher
 * thread was in its start-up calloc hung in its own first pthread_create,
 * waiting on the size-class mutex that thread held (stacks in the commit
 * that added this file). The gate closes that window for every thread of
 * ours.
 *
 * State: fg_mu guards everything but fg_depth (per thread). One
 * pthread_atfork registration, made once per process image on first use;
 * its handlers run the participants in a fixed order, so the lock order
 * does not depend on who registered first. Never prints.
 */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "trace/forkgate.h"

#define FG_MAX_HOOKS	8
#define FG_MAX_ENDED	256

struct fg_hook {
	int	  early;	/* before the gate closes */
	void	(*prepare)(void);
	void	(*parent)(void);
	void	(*child)(void);
};

/* A thread on its way to fn, made by forkgate_thread_create(). */
struct fg_start {
	void	*(*fn)(void *);
	void	 *arg;
};

static pthread_mutex_t	fg_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	fg_cond = PTHREAD_COND_INITIALIZER;
static unsigned		fg_inside;	/* sections, starting, ended */
static int		fg_forking;	/* between prepare and parent */
static pthread_t	fg_ended[FG_MAX_ENDED];	/* ended, not joined */
static unsigned		fg_nended;
static struct fg_hook	fg_hooks[FG_MAX_HOOKS];
static unsigned		fg_nhooks;
static unsigned long	fg_nforks;
static pthread_once_t	fg_once = PTHREAD_ONCE_INIT;

/* This thread's section depth (nesting); 1 for good after thread_end. */
static _Thread_local unsigned fg_depth;

static void	fg_prepare(void);
static void	fg_parent(void);
static void	fg_child(void);

/* Register the fork handlers (once). */
static void
fg_init(void)
{
	if (pthread_atfork(fg_prepare, fg_parent, fg_child) != 0)
		fatal("cannot register the fork handlers");
}

/* Wait until the gate is open (fg_mu held). */
static void
fg_wait_open_locked(void)
{
	while (fg_forking)
		pthread_cond_wait(&fg_cond, &fg_mu);
}

/* Count one thing less inside; wake a waiting fork (fg_mu held). */
static void
fg_out_locked(void)
{
	assert(fg_inside > 0 && "fork gate: leave without enter");
	if (--fg_inside == 0)
		pthread_cond_broadcast(&fg_cond);
}

/*
 * Join the ended threads that are already gone, without waiting (fg_mu
 * held). Never while a fork is under way: freeing a thread's stack then
 * would race with the fork itself.
 */
static void
fg_reap_gone_locked(void)
{
	unsigned i = 0;

	if (fg_forking)
		return;
	while (i < fg_nended) {
		if (pthread_tryjoin_np(fg_ended[i], NULL) == 0) {
			fg_ended[i] = fg_ended[--fg_nended];
			fg_out_locked();
		} else
			i++;
	}
}

/* Enter a section (forkgate.h). */
void
forkgate_enter(void)
{
	if (fg_depth++ > 0)
		return;
	pthread_once(&fg_once, fg_init);
	pthread_mutex_lock(&fg_mu);
	fg_wait_open_locked();
	fg_inside++;
	pthread_mutex_unlock(&fg_mu);
}

/* Leave a section (forkgate.h). */
void
forkgate_leave(void)
{
	assert(fg_depth > 0 && "fork gate: leave without enter");
	if (--fg_depth > 0)
		return;
	pthread_mutex_lock(&fg_mu);
	fg_out_locked();
	pthread_mutex_unlock(&fg_mu);
}

/* The new thread: its start-up is over once it runs here. */
static void *
fg_trampoline(void *arg)
{
	struct fg_start s = *(struct fg_start *)arg;

	free(arg);
	pthread_mutex_lock(&fg_mu);
	fg_out_locked();
	pthread_mutex_unlock(&fg_mu);
	return s.fn(s.arg);
}

/* pthread_create() with the start-up inside the gate (forkgate.h). */
int
forkgate_thread_create(pthread_t *t, const pthread_attr_t *attr,
    void *(*fn)(void *), void *arg)
{
	struct fg_start *s;
	int e;

	pthread_once(&fg_once, fg_init);
	s = xmalloc(sizeof *s);
	s->fn = fn;
	s->arg = arg;
	pthread_mutex_lock(&fg_mu);
	if (fg_depth == 0)
		fg_wait_open_locked();
	fg_reap_gone_locked();
	fg_inside++;
	pthread_mutex_unlock(&fg_mu);
	if ((e = pthread_create(t, attr, fg_trampoline, s)) != 0) {
		free(s);
		pthread_mutex_lock(&fg_mu);
		fg_out_locked();
		pthread_mutex_unlock(&fg_mu);
	}
	return e;
}

/* The calling thread is ending; the gate joins it (forkgate.h). */
void
forkgate_thread_end(void)
{
	pthread_t oldest;

	pthread_once(&fg_once, fg_init);
	pthread_mutex_lock(&fg_mu);
	/* Inside from here to the end: a fork waits for this thread. */
	if (fg_depth == 0) {
		fg_wait_open_locked();
		fg_inside++;
	}
	fg_depth = 1;
	fg_reap_gone_locked();
	while (fg_nended == FG_MAX_ENDED) {
		/* Very many threads ending at once: wait for the oldest. */
		oldest = fg_ended[0];
		fg_ended[0] = fg_ended[--fg_nended];
		pthread_mutex_unlock(&fg_mu);
		pthread_join(oldest, NULL);
		pthread_mutex_lock(&fg_mu);
		fg_out_locked();
	}
	fg_ended[fg_nended++] = pthread_self();
	/* A fork waiting at the closed gate joins us: wake it. */
	pthread_cond_broadcast(&fg_cond);
	pthread_mutex_unlock(&fg_mu);
}

/* Add a fork participant. */
static void
fg_register(int early, void (*prepare)(void), void (*parent)(void),
    void (*child)(void))
{
	pthread_once(&fg_once, fg_init);
	pthread_mutex_lock(&fg_mu);
	assert(fg_nhooks < FG_MAX_HOOKS && "too many fork participants");
	fg_hooks[fg_nhooks].early = early;
	fg_hooks[fg_nhooks].prepare = prepare;
	fg_hooks[fg_nhooks].parent = parent;
	fg_hooks[fg_nhooks].child = child;
	fg_nhooks++;
	pthread_mutex_unlock(&fg_mu);
}

/* Add a fork participant (forkgate.h). */
void
forkgate_register(void (*prepare)(void), void (*parent)(void),
    void (*child)(void))
{
	fg_register(0, prepare, parent, child);
}

/* Add an early fork participant (forkgate.h). */
void
forkgate_register_early(void (*prepare)(void), void (*parent)(void),
    void (*child)(void))
{
	fg_register(1, prepare, parent, child);
}

/* Run the prepare handlers of one kind, in registration order. */
static void
fg_run_prepare(int early)
{
	unsigned i;

	for (i = 0; i < fg_nhooks; i++)
		if (fg_hooks[i].early == early && fg_hooks[i].prepare != NULL)
			fg_hooks[i].prepare();
}

/* Run the parent (or child) handlers of one kind, in reverse. */
static void
fg_run_after(int early, int child)
{
	unsigned i = fg_nhooks;

	while (i-- > 0) {
		if (fg_hooks[i].early != early)
			continue;
		if (child && fg_hooks[i].child != NULL)
			fg_hooks[i].child();
		else if (!child && fg_hooks[i].parent != NULL)
			fg_hooks[i].parent();
	}
}

/* Forks so far. */
unsigned long
forkgate_forks(void)
{
	unsigned long n;

	pthread_mutex_lock(&fg_mu);
	n = fg_nforks;
	pthread_mutex_unlock(&fg_mu);
	return n;
}

/* A fork is waiting at the closed gate. */
int
forkgate_waiting(void)
{
	int w;

	pthread_mutex_lock(&fg_mu);
	w = fg_forking;
	pthread_mutex_unlock(&fg_mu);
	return w;
}

/*
 * pthread_atfork prepare: close the gate, wait until nothing is inside
 * (joining the ended threads as they go), then the participants in order.
 */
static void
fg_prepare(void)
{
	pthread_t t;

	assert(fg_depth == 0 && "fork() from inside a fork-gate section");
	fg_run_prepare(1);
	pthread_mutex_lock(&fg_mu);
	fg_wait_open_locked();	/* another thread's fork first */
	fg_forking = 1;
	for (;;) {
		while (fg_nended > 0) {
			t = fg_ended[--fg_nended];
			pthread_mutex_unlock(&fg_mu);
			pthread_join(t, NULL);
			pthread_mutex_lock(&fg_mu);
			fg_out_locked();
		}
		if (fg_inside == 0)
			break;
		pthread_cond_wait(&fg_cond, &fg_mu);
	}
	pthread_mutex_unlock(&fg_mu);
	fg_run_prepare(0);
}

/* pthread_atfork parent: participants in reverse, then open the gate. */
static void
fg_parent(void)
{
	fg_run_after(0, 0);
	pthread_mutex_lock(&fg_mu);
	fg_nforks++;
	fg_forking = 0;
	pthread_cond_broadcast(&fg_cond);
	pthread_mutex_unlock(&fg_mu);
	fg_run_after(1, 0);
}

/*
 * pthread_atfork child: the only thread is the forking one, outside every
 * section; the ended threads are not ours to join. Fresh gate, then the
 * participants in reverse.
 */
static void
fg_child(void)
{
	pthread_mutex_init(&fg_mu, NULL);
	pthread_cond_init(&fg_cond, NULL);
	fg_inside = 0;
	fg_forking = 0;
	fg_nended = 0;
	fg_depth = 0;
	fg_nforks++;
	fg_run_after(0, 1);
	fg_run_after(1, 1);
}
