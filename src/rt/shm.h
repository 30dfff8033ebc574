/*
 * shm.h — shared memory between the processes of a run, and the
 * synchronisation objects that live in it: the substance of
 * multiprocessing's Value, Array, Lock, RLock, Semaphore, BoundedSemaphore,
 * Event, Condition and Barrier.
 *
 * Memory comes from an anonymous MAP_SHARED arena mapped before the first
 * fork (shm_init(), or the first allocation), so every process forked
 * afterwards shares it and nothing is ever left in /dev/shm: the kernel
 * frees the pages when the last process of the run exits. Objects are
 * process-shared pthread mutexes (robust: a holder that dies does not wedge
 * the others) and condition variables on CLOCK_MONOTONIC.
 *
 * Every blocking call releases the GIL around its wait (proc_hooks), shows
 * the calling thread Blocked (or Timed Waiting with a timeout) on the
 * object, and emits LOCK_ACQUIRE / LOCK_RELEASE / LOCK_CONTEND as event.h
 * defines them. Timeouts are in nanoseconds; a negative timeout waits
 * forever. Errors that Python raises come back as -1 with *cause.
 */
#ifndef CONCVIZ_RT_SHM_H
#define CONCVIZ_RT_SHM_H

#include <stddef.h>
#include <stdint.h>

/* Map the arena now (before forking). Idempotent. */
void		 shm_init(void);
/* Zeroed shared memory of size bytes; aborts when the arena is full. */
void		*shm_alloc(size_t size);
/* Give memory back (any process of the run may free). */
void		 shm_free(void *p);
/* Bytes in use in the arena, for tests and the UI. */
size_t		 shm_used(void);

/* --- semaphores, locks, recursive locks --------------------------------- */

enum shm_sem_kind {
	SHM_LOCK,		/* a binary semaphore: any thread may release */
	SHM_RLOCK,		/* owned, recursive */
	SHM_SEMAPHORE,
	SHM_BOUNDED		/* BoundedSemaphore */
};

struct shm_sem;

/* A new object in shared memory; value is the initial count (locks: 1). */
struct shm_sem	*shm_sem_create(enum shm_sem_kind kind, int64_t value);
void		 shm_sem_free(struct shm_sem *s);
/*
 * Acquire; returns 1 if acquired, 0 if not (non-blocking, or the timeout
 * expired).
 */
int		 shm_sem_acquire(struct shm_sem *s, int block, int64_t timeout_ns);
/* Release; -1 with *cause if not owned (RLock) or released too many times. */
int		 shm_sem_release(struct shm_sem *s, char **cause);
/* Current count (Semaphore.get_value(); locks: 1 free, 0 held). */
int64_t		 shm_sem_value(struct shm_sem *s);
/* Nonzero if the calling thread holds it (RLock: owner; Lock: last taker). */
int		 shm_sem_is_mine(struct shm_sem *s);
/* RLock recursion count held by the calling thread. */
int64_t		 shm_sem_count(struct shm_sem *s);
uint32_t	 shm_sem_entity(struct shm_sem *s);

/* --- Event ------------------------------------------------------------ */

struct shm_event;

struct shm_event *shm_event_create(void);
void		 shm_event_free(struct shm_event *e);
void		 shm_event_set(struct shm_event *e);
void		 shm_event_clear(struct shm_event *e);
int		 shm_event_is_set(struct shm_event *e);
/* Returns the flag at return (1 set, 0 timed out). */
int		 shm_event_wait(struct shm_event *e, int64_t timeout_ns);

/* --- Condition (over a Lock or RLock semaphore) -------------------------- */

struct shm_cond;

/* lock may be NULL: a new RLock, as multiprocessing.Condition(). */
struct shm_cond	*shm_cond_create(struct shm_sem *lock);
void		 shm_cond_free(struct shm_cond *c);
struct shm_sem	*shm_cond_lock(struct shm_cond *c);
/*
 * Wait for a notify: releases the lock (all recursion levels), waits,
 * reacquires. Returns 1 if notified, 0 on timeout; -1 with *cause if the
 * lock is not held ("cannot wait on un-acquired lock").
 */
int		 shm_cond_wait(struct shm_cond *c, int64_t timeout_ns,
		    char **cause);
/* Wake up to n waiters (n < 0: all). -1 with *cause if the lock is not held. */
int		 shm_cond_notify(struct shm_cond *c, int64_t n, char **cause);

/* --- Barrier ------------------------------------------------------------ */

struct shm_barrier;

struct shm_barrier *shm_barrier_create(unsigned parties);
void		 shm_barrier_free(struct shm_barrier *b);
/*
 * Wait for all parties. Returns the arrival index (0 .. parties-1), or -1
 * when the barrier is broken (timeout here, abort, or reset while waiting:
 * BrokenBarrierError).
 */
int		 shm_barrier_wait(struct shm_barrier *b, int64_t timeout_ns);
/*
 * The same, and the last party to arrive calls action(arg) (with no lock
 * held) before the others go; a nonzero return breaks the barrier and
 * returns -2 to that party (its error stays pending).
 */
int		 shm_barrier_wait_action(struct shm_barrier *b,
		    int64_t timeout_ns, int (*action)(void *), void *arg);
void		 shm_barrier_abort(struct shm_barrier *b);
void		 shm_barrier_reset(struct shm_barrier *b);
unsigned	 shm_barrier_parties(struct shm_barrier *b);
unsigned	 shm_barrier_n_waiting(struct shm_barrier *b);
int		 shm_barrier_broken(struct shm_barrier *b);

/* --- Value and Array ------------------------------------------------------ */

/*
 * A typed array in shared memory with its lock (an RLock, as
 * multiprocessing's Value and Array; lock may be disabled). Typecodes as
 * the array module: b B h H i I l L q Q f d, and c for a char. A Value is
 * an array of one.
 */
struct shm_array {
	char		 typecode;
	size_t		 itemsize;
	size_t		 n;
	void		*data;		/* in shared memory */
	struct shm_sem	*lock;		/* NULL with lock=False */
	uint32_t	 entity;
};

/* NULL with *cause for an unknown typecode. */
struct shm_array *shm_array_create(char typecode, size_t n, int with_lock,
		    char **cause);
void		 shm_array_free(struct shm_array *a);
/* Size of one item of typecode, or 0 if unknown. */
size_t		 shm_typecode_size(char typecode);

#endif
