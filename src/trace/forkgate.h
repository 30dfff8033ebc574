/*
 * forkgate.h — making fork() safe beside our own helper threads.
 *
 * After fork() the child has one thread; every lock another thread held at
 * that moment stays locked forever in the child. glibc's malloc takes care
 * of its own arenas, but an allocator such as AddressSanitizer's does not,
 * and neither does anything of ours. So a helper thread (the trace
 * collector, a queue's feeder, the process watcher, a pool's result
 * handler, a VM thread outside the GIL) never allocates, frees or takes a
 * lock of ours while a fork is under way. It marks each such section:
 *
 *	forkgate_enter();
 *	m = xmalloc(n); ...; free(old);
 *	forkgate_leave();
 *
 * A fork (through pthread_atfork) first closes the gate: new entries wait,
 * and the fork waits until no thread is inside, no thread made with
 * forkgate_thread_create() is still starting and every thread that ended
 * with forkgate_thread_end() is fully gone (joined). Then it runs the
 * participants registered with forkgate_register(), in registration order
 * (the trace collector's round lock, then the ring registry); after the
 * fork they run in reverse, and the gate opens again.
 *
 * Rules for a section (they keep the fork from waiting forever):
 *  - it is short and never waits for anything unbounded: no condition
 *    wait, no poll, no blocking I/O that another thread of this process
 *    must complete (reading the rest of a frame another process is writing
 *    is fine);
 *  - it never waits for a lock a forking thread may hold when it calls
 *    fork(): the GIL, proc_lock, or the participants' locks (the
 *    collector's round lock, the ring registry) — take those before
 *    entering, or not at all. Callbacks into Python run outside.
 *  - sections nest (per thread); a thread never forks from inside one.
 *
 * A new helper thread (for example a pool's result-handler thread that
 * runs Python callbacks): make it with forkgate_thread_create(); wrap what
 * it allocates or frees without the GIL in sections; take the GIL (to run
 * a callback) only outside any section; end it with forkgate_thread_end()
 * after setting the flag its owner waits for, and never pthread_join() it.
 *
 * Lock order: the GIL, the early participants (proc_lock), the gate, the
 * participants in registration order (the collector's round lock, the ring
 * registry), then a section's own locks (a queue's fm, pool->mu) and the
 * allocator's. A thread that holds the GIL need not enter the
 * gate: the forking thread holds the GIL. (With --gil=none VM threads run
 * beside the forking thread and are not stopped: a known limit.)
 */
#ifndef CONCVIZ_TRACE_FORKGATE_H
#define CONCVIZ_TRACE_FORKGATE_H

#include <pthread.h>

/* Enter / leave an allocating section of a helper thread (nestable). */
void	forkgate_enter(void);
void	forkgate_leave(void);

/*
 * pthread_create() for a helper thread: the thread's start-up (where the C
 * library and the sanitizers allocate) counts as a section until fn runs.
 * attr may be NULL; a thread that ends with forkgate_thread_end() must be
 * joinable and joined by nobody else.
 */
int	forkgate_thread_create(pthread_t *, const pthread_attr_t *,
	    void *(*)(void *), void *);

/*
 * The last call of a joinable thread made by forkgate_thread_create(): from
 * here to its very end (its thread-specific destructors and the C library's
 * and the sanitizers' clean-up) it counts as inside, and the gate joins it
 * (at the next fork, or earlier when it is seen gone). Its owner waits for
 * its own "done" flag, never with pthread_join().
 */
void	forkgate_thread_end(void);

/*
 * A fork participant: prepare runs after the gate is closed, parent and
 * child after fork() (in reverse order of registration). Any may be NULL.
 * Register at most 8 in all, before the first fork that needs them.
 */
void	forkgate_register(void (*)(void), void (*)(void), void (*)(void));
/*
 * An early participant, for a lock that is taken outside the gate and may
 * be held while entering it (proc_lock): prepare runs before the gate is
 * closed, parent and child after every other participant's.
 */
void	forkgate_register_early(void (*)(void), void (*)(void),
	    void (*)(void));

/* Forks so far in this process image (tests: the handlers ran). */
unsigned long forkgate_forks(void);
/* Nonzero while a fork waits at the closed gate (tests). */
int	forkgate_waiting(void);

#endif
