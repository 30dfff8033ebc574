/*
 * rt.c — the runtime of one process: setup and teardown, the deadlock
 * policy, and the small helpers every primitive shares (monotonic condition
 * variables, deadlines, entity names). It owns no thread and never blocks
 * except inside rt_cond_wait.
 */
#include "config.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "rt/rt.h"
#include "rt/thread.h"
#include "trace/emit.h"

/* Set up rt with the settings in cfg (the GIL is not taken). */
void
rt_init(struct rt *rt, const struct rt_config *cfg)
{
	memset(rt, 0, sizeof *rt);
	rt->process = cfg->process;
	rt->limits = cfg->limits;
	if (rt->limits.max_threads == 0)
		rt->limits.max_threads = RT_DEFAULT_MAX_THREADS;
	pthread_mutex_init(&rt->mu, NULL);
	TAILQ_INIT(&rt->threads);
	rt->on_deadlock = RT_DEADLOCK_WAIT;
	gil_init(&rt->gil, cfg->gil_mode, cfg->switch_interval_ns,
	    cfg->legacy_ticks, cfg->process);
}

/* Tear down rt; every thread but the caller must have ended or be parked. */
void
rt_fini(struct rt *rt)
{
	gil_fini(&rt->gil);
	pthread_mutex_destroy(&rt->mu);
}

/* Choose what a deadlock does: keep waiting or fail, and whom to tell. */
void
rt_set_deadlock(struct rt *rt, enum rt_deadlock_action action,
    rt_deadlock_cb cb, void *arg)
{
	rt->on_deadlock = action;
	rt->deadlock_cb = cb;
	rt->deadlock_arg = arg;
}

/* Initialize a condition variable on CLOCK_MONOTONIC. */
void
rt_cond_init(pthread_cond_t *cond)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (pthread_cond_init(cond, &attr) != 0)
		fatal("pthread_cond_init failed");
	pthread_condattr_destroy(&attr);
}

/* Wait on cond, until deadline_ns if nonzero; 0 or ETIMEDOUT. */
int
rt_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mu, uint64_t deadline_ns)
{
	struct timespec ts;

	if (deadline_ns == 0) {
		pthread_cond_wait(cond, mu);
		return 0;
	}
	if (clock_now_ns() >= deadline_ns)
		return ETIMEDOUT;
	ts = clock_ns_to_timespec(deadline_ns);
	return pthread_cond_timedwait(cond, mu, &ts) == ETIMEDOUT ? ETIMEDOUT : 0;
}

/* The absolute deadline timeout_ns from now; 0 (none) if negative. */
uint64_t
rt_deadline(int64_t timeout_ns)
{
	if (timeout_ns < 0)
		return 0;
	return clock_now_ns() + (uint64_t)timeout_ns;
}

/* Counters behind the default names ("Lock-1", "Event-2", ...). */
static struct {
	const char	*label;
	_Atomic unsigned n;
} rt_names[16];
static pthread_mutex_t rt_names_mu = PTHREAD_MUTEX_INITIALIZER;

/* The next number for label (1, 2, ...). */
unsigned
rt_name_number(const char *label)
{
	size_t	i;

	pthread_mutex_lock(&rt_names_mu);
	for (i = 0; i < sizeof rt_names / sizeof rt_names[0]; i++) {
		if (rt_names[i].label == NULL)
			rt_names[i].label = label;
		if (strcmp(rt_names[i].label, label) == 0)
			break;
	}
	pthread_mutex_unlock(&rt_names_mu);
	if (i == sizeof rt_names / sizeof rt_names[0])
		fatal("rt_name_next: too many labels");
	return atomic_fetch_add(&rt_names[i].n, 1) + 1;
}

/*
 * Create an entity named name or "label-N", child of this process. Ids are
 * allocated (and unique) even when nothing is traced.
 */
uint32_t
rt_entity_new(enum trace_entity_kind kind, const char *label, const char *name)
{
	struct rt_thread	*self = thread_self();
	uint32_t		 parent = self != NULL ? self->rt->process : 0;
	char			 buf[64];

	if (name == NULL) {
		snprintf(buf, sizeof buf, "%s-%u", label, rt_name_number(label));
		name = buf;
	}
	return trace_entity_new(kind, parent, name);
}
