/*
 * intr.h — Ctrl-C as CPython has it. SIGINT only marks an interrupt
 * pending and sets a bit in the VM's eval-breaker word; the program's main
 * thread turns it into KeyboardInterrupt at its next eval-breaker check, and
 * the blocking calls it makes (locks, conditions, events, queues, joins,
 * sleeps, process and pool waits) return early so their callers can raise
 * it. A second SIGINT before the first was taken, or any SIGINT once the
 * program is shutting down, takes the process tree down as SIGTERM does
 * (proc-contain.c). Any thread may call these; the handler only touches
 * atomics.
 */
#ifndef CONCVIZ_RT_INTR_H
#define CONCVIZ_RT_INTR_H

#include <pthread.h>
#include <stdint.h>

/* The eval-breaker bit an interrupt sets (beside GIL_BREAKER_BIT). */
#define RT_INTR_BREAKER_BIT	2
/* How long the main thread waits at most before it looks at the flag. */
#define RT_INTR_SLICE_NS	(20 * 1000 * 1000)

/* Take SIGINT over (respects an ignored SIGINT); breaker may be NULL. */
void		 rt_intr_enable(int *breaker);
/* Nonzero once rt_intr_enable() installed the handler in this process. */
int		 rt_intr_enabled(void);
/* The calling thread is the program's main thread (the one interrupted). */
void		 rt_intr_set_main(void);
/* Nonzero if the calling thread is the main thread and interrupts are on. */
int		 rt_intr_here(void);
/*
 * Between hold and unhold the calling thread's waits run to the end (a
 * condition's wait taking its lock back); they nest.
 */
void		 rt_intr_hold(void);
void		 rt_intr_unhold(void);
/* Nonzero if an interrupt is pending for the calling (main) thread. */
int		 rt_intr_pending(void);
/* Consume a pending interrupt (main thread only): 1 if there was one. */
int		 rt_intr_take(void);
/* In a forked child: the forking thread is the main thread, none pending. */
void		 rt_intr_after_fork_child(void);
/* This process ignores SIGINT from now on (a manager's server). */
void		 rt_intr_ignore(void);
/* The program is ending: a SIGINT from now on takes the tree down. */
void		 rt_intr_shutdown(void);
/* Die of SIGINT at the very end of exit() (an unhandled KeyboardInterrupt). */
void		 rt_intr_die_at_exit(void);
/*
 * Wait on cond (deadline 0: none) as pthread_cond_wait does, returning 0,
 * ETIMEDOUT, or EINTR when an interrupt is pending for the calling thread.
 * robust: the mutex is a robust one (EOWNERDEAD is made consistent).
 */
int		 rt_intr_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mu,
		    uint64_t deadline, int robust);
/*
 * For waits on file descriptors and sleeps: the deadline to wait until
 * now (deadline itself, or sooner on the main thread so it can look at the
 * flag); 0 means forever.
 */
uint64_t	 rt_intr_slice(uint64_t deadline);

#endif
