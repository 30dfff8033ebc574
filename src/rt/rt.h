/*
 * rt.h — the runtime of one concviz process: its GIL, its thread registry,
 * its limits and its deadlock policy, on real POSIX threads.
 *
 * The runtime owns the OS-level concurrency a Python program sees; it knows
 * nothing about bytecode or Python objects (src/lang calls into it, never the
 * reverse) and it never prints or exits: problems are returned to the caller
 * or handed to a callback the caller installed.
 */
#ifndef CONCVIZ_RT_RT_H
#define CONCVIZ_RT_RT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/queue.h>

#include "rt/gil.h"
#include "trace/event.h"

struct rt_thread;

/* Limits that contain a runaway workload (SPEC §7). */
struct rt_limits {
	unsigned	max_threads;	/* alive threads, main included */
};

#define RT_DEFAULT_MAX_THREADS	2048

/* What to do when a thread starts an untimed wait that closes a cycle. */
enum rt_deadlock_action {
	RT_DEADLOCK_WAIT,	/* report (DEADLOCK event, callback) and keep waiting */
	RT_DEADLOCK_FAIL	/* report and make the waiting call fail */
};

/*
 * Called on the thread that closed the cycle, with no runtime lock held (the
 * GIL still held if the thread had it), with the cycle in words. May exit
 * the process (headless runs do); if it returns, the runtime applies its
 * action.
 */
typedef void (*rt_deadlock_cb)(const char *cycle, void *arg);

TAILQ_HEAD(rt_threads, rt_thread);

/* The runtime of one process. Embedded by its owner (the interpreter). */
struct rt {
	struct gil		 gil;
	uint32_t		 process;	/* the process entity, parent of threads */

	pthread_mutex_t		 mu;		/* guards the fields below */
	struct rt_threads	 threads;	/* alive (started, not ended) + main */
	unsigned		 nalive;
	struct rt_thread	*main;
	struct rt_limits	 limits;

	enum rt_deadlock_action	 on_deadlock;
	rt_deadlock_cb		 deadlock_cb;
	void			*deadlock_arg;
	_Atomic uint64_t	 deadlocks;	/* cycles found so far */
};

/* Settings for rt_init. */
struct rt_config {
	enum gil_mode		 gil_mode;
	uint64_t		 switch_interval_ns;	/* 0: the default, 5 ms */
	unsigned		 legacy_ticks;		/* 0: the default, 100 */
	struct rt_limits	 limits;		/* zeros: defaults */
	uint32_t		 process;		/* parent entity of the threads */
};

void	rt_init(struct rt *rt, const struct rt_config *cfg);
void	rt_fini(struct rt *rt);
void	rt_set_deadlock(struct rt *rt, enum rt_deadlock_action action,
	    rt_deadlock_cb cb, void *arg);

/* Make a condition variable that waits on CLOCK_MONOTONIC. */
void	rt_cond_init(pthread_cond_t *cond);
/*
 * Wait on cond until signalled or until deadline_ns (CLOCK_MONOTONIC; 0 means
 * no deadline). Returns 0 when woken, ETIMEDOUT when the deadline passed.
 */
int	rt_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mu,
	    uint64_t deadline_ns);
/* Absolute deadline for a relative timeout (negative: none, returns 0). */
uint64_t rt_deadline(int64_t timeout_ns);
/*
 * A new entity of the given kind named name, or "Label-N" (N counting per
 * label) if name is NULL; its parent is the calling thread's process.
 */
/* The next number in label's series, for default names (1, 2, ...). */
unsigned rt_name_number(const char *label);
uint32_t rt_entity_new(enum trace_entity_kind kind, const char *label,
	    const char *name);

#endif
