/*
 * ipc-wait.c — the wait protocol shared by queues, pipes and shared-memory
 * objects: state events around a blocking call, the GIL released through
 * proc_hooks, robust process-shared mutexes, and deadlines on
 * CLOCK_MONOTONIC. Any thread; no state of its own but a once flag.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>

#include "core/clock.h"
#include "rt/intr.h"
#include "rt/ipc-int.h"
#include "rt/proc.h"
#include "trace/emit.h"

uint32_t
ipc_current_entity(void)
{
	const struct proc_hooks *h = proc_get_hooks();

	return h->current_entity != NULL ? h->current_entity() : 0;
}

/* Show the wait, release the GIL. */
void
ipc_wait_begin(struct ipc_wait *w, enum trace_reason why, uint32_t obj,
    uint64_t deadline)
{
	const struct proc_hooks *h = proc_get_hooks();

	w->nogil = 0;
	w->me = ipc_current_entity();
	if (h->blocking_begin != NULL)
		h->blocking_begin(why, obj, deadline);
	else if (w->me != 0)
		trace_state(w->me, deadline != 0 ? TRACE_ST_TIMED :
		    TRACE_ST_BLOCKED, why, obj, deadline);
}

/* Take the GIL back; without hooks, report running ourselves. */
void
ipc_wait_end(struct ipc_wait *w)
{
	const struct proc_hooks *h = proc_get_hooks();

	if (w->nogil)
		return;
	if (h->blocking_end != NULL)
		h->blocking_end();
	else if (w->me != 0)
		trace_state(w->me, TRACE_ST_RUNNING, TRACE_WHY_NONE, 0, 0);
}

uint64_t
ipc_deadline(int64_t timeout_ns)
{
	if (timeout_ns < 0)
		return 0;
	return clock_now_ns() + (uint64_t)timeout_ns + (timeout_ns == 0);
}

int
ipc_poll_ms(uint64_t deadline)
{
	uint64_t now;

	if (deadline == 0)
		return -1;
	now = clock_now_ns();
	if (now >= deadline)
		return 0;
	return (int)((deadline - now + 999999) / 1000000);
}

void
ipc_pshared_mutex_init(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
}

void
ipc_pshared_cond_init(pthread_cond_t *c)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(c, &a);
	pthread_condattr_destroy(&a);
}

void
ipc_mutex_lock(pthread_mutex_t *m)
{
	if (pthread_mutex_lock(m) == EOWNERDEAD)
		pthread_mutex_consistent(m);
}

int
ipc_cond_wait(pthread_cond_t *c, pthread_mutex_t *m, uint64_t deadline)
{
	return rt_intr_cond_wait(c, m, deadline, 1);
}

static pthread_once_t ipc_sigpipe_once = PTHREAD_ONCE_INIT;

static void
ipc_sigpipe_ignore_now(void)
{
	signal(SIGPIPE, SIG_IGN);
}

void
ipc_ignore_sigpipe(void)
{
	pthread_once(&ipc_sigpipe_once, ipc_sigpipe_ignore_now);
}
