/*
 * gil.h — the global interpreter lock, a real lock the VM must hold to run
 * bytecode, with three selectable algorithms:
 *
 *   modern  CPython's since 3.2: a waiter sleeps one switch interval; if the
 *           GIL has not changed hands meanwhile it sets a drop request (the
 *           eval breaker); the holder drops at its next check and, with
 *           forced switching, waits until someone else took it.
 *   legacy  Python 2: the holder releases and immediately re-acquires every
 *           100 ticks (eval-breaker checks); nobody is forced, so on a
 *           multicore machine the releaser usually wins again ("GIL battle").
 *   none    free-threaded: taking and dropping are no-ops; threads are always
 *           Runnable (running) when not blocked.
 *
 * Every request, drop request, drop and take is emitted (src/trace/emit.h),
 * each from the thread concerned and, for drops and takes, while the GIL's
 * own mutex is held, so that a recording can never show two holders.
 */
#ifndef CONCVIZ_RT_GIL_H
#define CONCVIZ_RT_GIL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "trace/event.h"

struct rt_thread;

enum gil_mode {
	GIL_MODERN = 0,		/* values match TRACE_SET_GIL_MODE */
	GIL_LEGACY = 1,
	GIL_NONE = 2
};

#define GIL_DEFAULT_INTERVAL_NS	5000000u	/* 5 ms, as sys.getswitchinterval() */
#define GIL_DEFAULT_TICKS	100u		/* Python 2's sys.getcheckinterval() */

/*
 * The bit the GIL sets in the eval-breaker word when it wants attention. The
 * word is a plain int accessed with the __atomic builtins (relaxed), so that
 * the VM can test it with one relaxed load (struct interp's eval_breaker).
 */
#define GIL_BREAKER_BIT		1

struct gil {
	enum gil_mode		 mode;		/* fixed after gil_init */
	uint32_t		 entity;	/* the GIL entity */

	pthread_mutex_t		 mu;
	pthread_cond_t		 cond;		/* signalled when the GIL is dropped */
	int			 locked;	/* under mu */
	uint64_t		 switch_number;	/* under mu: +1 per change of hands */
	unsigned		 nwaiters;	/* under mu */
	_Atomic(struct rt_thread *) holder;	/* last holder; written under mu */

	pthread_mutex_t		 switch_mu;	/* forced switching */
	pthread_cond_t		 switch_cond;	/* signalled when the GIL is taken */

	_Atomic uint64_t	 interval_ns;	/* the switch interval */
	_Atomic int		 drop_request;
	int			*breaker;	/* the VM's eval-breaker word */
	int			 own_breaker;	/* used until gil_bind_breaker */
	unsigned		 tick_limit;	/* legacy */
	unsigned		 ticks;		/* legacy: holder only */

	_Atomic(struct rt_thread *) finalizer;	/* set by gil_finalize */
	pthread_cond_t		 never;		/* parks threads after finalize */

	/* Statistics, for the GIL panel and the benchmarks. */
	_Atomic uint64_t	 takes;
	_Atomic uint64_t	 handoffs;	/* takes by another thread than the last */
	_Atomic uint64_t	 drop_requests;
	_Atomic uint64_t	 forced_drops;
};

void		gil_init(struct gil *gil, enum gil_mode mode, uint64_t interval_ns,
		    unsigned ticks, uint32_t parent);
void		gil_fini(struct gil *gil);

/* Point the GIL at the VM's eval-breaker word (it sets GIL_BREAKER_BIT). */
void		gil_bind_breaker(struct gil *gil, int *word);
/* The eval-breaker word the VM should test (bound or the GIL's own). */
int		*gil_breaker_word(struct gil *gil);
/* Whether the eval-breaker word is set (what the VM tests at a check). */
static inline int
gil_breaker_pending(const int *word)
{
	return __atomic_load_n(word, __ATOMIC_RELAXED) != 0;
}

/* Take the GIL for thread t (Runnable ready, then running). */
void		gil_take(struct gil *gil, struct rt_thread *t);
/* Drop the GIL held by t, saying why (enum trace_gil_why). */
void		gil_drop(struct gil *gil, struct rt_thread *t, enum trace_gil_why why);
/*
 * The eval-breaker hook: called by the VM at a check when the breaker word
 * is nonzero (legacy mode keeps it set so that every check counts a tick).
 * Drops and re-takes the GIL if the algorithm says so. Returns 1 if the
 * thread let another one run, 0 otherwise.
 */
int		gil_breaker(struct gil *gil, struct rt_thread *t);
/* Drop and re-take at once, as time.sleep(0) does. */
void		gil_yield(struct gil *gil, struct rt_thread *t);

/*
 * Around a blocking call of the calling thread: drop the GIL, then report
 * Blocked (deadline_ns 0) or Timed Waiting (until deadline_ns) with the
 * reason and the object waited on; afterwards Runnable (ready), (running).
 * No-ops on a thread the runtime does not know.
 */
void		gil_release_for_block(enum trace_reason why, uint32_t obj,
		    uint64_t deadline_ns);
void		gil_reacquire_after_block(void);

void		gil_set_interval(struct gil *gil, uint64_t ns);
uint64_t	gil_interval(struct gil *gil);
/* The holder's entity id, 0 if nobody holds it (racy, for display). */
uint32_t	gil_holder_entity(struct gil *gil);
/* Whether t holds the GIL now (exact when asked by t itself). */
int		gil_held_by(struct gil *gil, struct rt_thread *t);

/*
 * At interpreter exit, by the thread that holds the GIL: from now on every
 * other thread that tries to take the GIL, or reaches an eval-breaker check,
 * parks forever (daemon threads are stopped, as CPython does). The caller
 * keeps the GIL until the process exits.
 */
void		gil_finalize(struct gil *gil, struct rt_thread *t);

const char	*gil_mode_name(enum gil_mode mode);
/* Parse "modern", "legacy" or "none"; returns -1 if unknown. */
int		gil_mode_parse(const char *s, enum gil_mode *mode);

#endif
