/*
 * sync.h — the synchronization primitives of the threading and queue
 * modules, on real OS primitives (a pthread mutex and CLOCK_MONOTONIC
 * condition variables each) with real timeouts.
 *
 * Conventions shared by every primitive:
 *  - a timeout is in nanoseconds: SYNC_FOREVER (negative) waits without a
 *    deadline, 0 only tries, a positive value waits at most that long;
 *  - a call that has to wait releases the GIL around the wait and reports
 *    the calling thread Blocked (no timeout) or Timed Waiting (deadline),
 *    with the reason and the primitive's entity; then Runnable again;
 *  - results are enum sync_rc;
 *  - every operation emits its event: LOCK_ACQUIRE / LOCK_RELEASE (obj =
 *    primitive, val = count or value after, arg = enum sync_op), LOCK_CONTEND
 *    (val = holder entity), QUEUE_PUT / QUEUE_GET (val = size after).
 *
 * Nothing here calls back into Python with a mutex held except the priority
 * queue's comparison function, which must not block.
 */
#ifndef CONCVIZ_RT_SYNC_H
#define CONCVIZ_RT_SYNC_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "trace/event.h"

struct rt_thread;

#define SYNC_FOREVER	((int64_t)-1)

enum sync_rc {
	SYNC_OK = 1,		/* acquired, passed, got, put */
	SYNC_TIMEOUT = 0,	/* not within the timeout (or would block) */
	SYNC_DEADLOCK = -1,	/* the wait closed a cycle; policy says fail */
	SYNC_NOT_OWNER = -2,	/* release or wait of a lock the caller lacks */
	SYNC_UNLOCKED = -3,	/* release of an unlocked lock */
	SYNC_BROKEN = -4,	/* barrier broken (BrokenBarrierError) */
	SYNC_TOO_MANY = -5	/* bounded semaphore or task_done overdone */
};

/* What a LOCK_ACQUIRE / LOCK_RELEASE event means, in its arg. */
enum sync_op {
	SYNC_OP_LOCK = 0,	/* acquire or release of a lock or semaphore */
	SYNC_OP_SET,		/* Event.set (release) */
	SYNC_OP_CLEAR,		/* Event.clear (release) */
	SYNC_OP_WAKE,		/* a wait returned true (acquire) */
	SYNC_OP_NOTIFY,		/* Condition.notify, val = threads woken (release) */
	SYNC_OP_PASS,		/* Barrier: the last party arrived (release) */
	SYNC_OP_ABORT,		/* Barrier.abort / reset (release) */
	SYNC_OP_TASK_DONE	/* Queue.task_done, val = unfinished (release) */
};

/* Lock and RLock: one struct, reentrant or not. */
struct sync_lock {
	uint32_t		 entity;
	int			 reentrant;
	char			*name;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cond;
	int			 locked;	/* under mu */
	unsigned		 count;		/* RLock depth, under mu */
	unsigned		 nwaiters;	/* under mu */
	_Atomic(struct rt_thread *) owner;	/* last acquirer (see deadlock.c) */
};

struct sync_sema {
	uint32_t		 entity;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cond;
	uint64_t		 value;		/* under mu */
	uint64_t		 bound;		/* 0: unbounded */
};

struct sync_event {
	uint32_t		 entity;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cond;
	int			 flag;		/* under mu */
	uint64_t		 sets;		/* under mu: set() calls so far */
};

struct sync_waiter;

struct sync_cond {
	uint32_t		 entity;
	enum trace_reason	 why;		/* what a waiter shows it waits on */
	struct sync_lock	*lock;		/* not owned */
	pthread_mutex_t		 mu;
	pthread_cond_t		 cond;
	struct sync_waiter	*head;		/* FIFO of waiters, under mu */
	struct sync_waiter	*tail;
};

struct sync_barrier {
	uint32_t		 entity;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cond;
	unsigned		 parties;
	unsigned		 count;		/* arrived this round, under mu */
	int			 broken;	/* under mu */
	int			 acting;	/* under mu: the last party runs
						   the action; arrivals wait */
	struct sync_waiter	*head;		/* this round's waiters */
};

enum sync_queue_kind {
	SYNC_QUEUE_FIFO,	/* queue.Queue, queue.SimpleQueue */
	SYNC_QUEUE_LIFO,	/* queue.LifoQueue */
	SYNC_QUEUE_PRIORITY	/* queue.PriorityQueue (smallest first) */
};

/* Order two items of a priority queue: negative if a < b. Must not block. */
typedef int (*sync_queue_cmp)(void *a, void *b, void *arg);

struct sync_queue {
	uint32_t		 entity;
	enum sync_queue_kind	 kind;
	size_t			 maxsize;	/* 0: unbounded */
	sync_queue_cmp		 cmp;
	void			*cmp_arg;
	pthread_mutex_t		 mu;
	pthread_cond_t		 not_empty;
	pthread_cond_t		 not_full;
	pthread_cond_t		 all_done;
	void			**items;	/* ring (FIFO), stack, or heap */
	size_t			 head;
	size_t			 len;
	size_t			 cap;
	uint64_t		 unfinished;	/* task_done accounting */
};

/* Lock / RLock. */
void	sync_lock_init(struct sync_lock *l, int reentrant, const char *name);
void	sync_lock_fini(struct sync_lock *l);
int	sync_lock_acquire(struct sync_lock *l, int64_t timeout_ns);
int	sync_lock_release(struct sync_lock *l);
int	sync_lock_locked(struct sync_lock *l);
/* Whether the calling thread owns l (RLock._is_owned). */
int	sync_lock_is_owned(struct sync_lock *l);
/* Release an RLock completely, returning its depth (Condition.wait). */
int	sync_lock_release_save(struct sync_lock *l, unsigned *count);
int	sync_lock_acquire_restore(struct sync_lock *l, unsigned count);

/* Semaphore / BoundedSemaphore (bound = initial value). */
void	sync_sema_init(struct sync_sema *s, uint64_t value, int bounded);
void	sync_sema_fini(struct sync_sema *s);
int	sync_sema_acquire(struct sync_sema *s, int64_t timeout_ns);
int	sync_sema_release(struct sync_sema *s, uint64_t n);
uint64_t sync_sema_value(struct sync_sema *s);

/* Event. */
void	sync_event_init(struct sync_event *e);
void	sync_event_fini(struct sync_event *e);
void	sync_event_set(struct sync_event *e);
void	sync_event_clear(struct sync_event *e);
int	sync_event_is_set(struct sync_event *e);
/* Returns SYNC_OK if the flag is (or became) set, SYNC_TIMEOUT otherwise. */
int	sync_event_wait(struct sync_event *e, int64_t timeout_ns);

/* Condition, over a lock the caller owns (default: a new RLock). */
void	sync_cond_init(struct sync_cond *c, struct sync_lock *lock);
/*
 * The condition of a Future (concurrent.futures): its entity is a future
 * ("Future-N") and its waiters show Blocked on a future.
 */
void	sync_cond_init_future(struct sync_cond *c, struct sync_lock *lock);
void	sync_cond_fini(struct sync_cond *c);
/* Returns SYNC_OK if notified, SYNC_TIMEOUT, or SYNC_NOT_OWNER. */
int	sync_cond_wait(struct sync_cond *c, int64_t timeout_ns);
/*
 * Wait until pred(arg) is true (checked with the lock held), at most
 * timeout_ns overall. Returns SYNC_OK if it is true, SYNC_TIMEOUT if it
 * still is not at the deadline, or SYNC_NOT_OWNER.
 */
int	sync_cond_wait_for(struct sync_cond *c, int (*pred)(void *), void *arg,
	    int64_t timeout_ns);
/* Wake up to n waiters (n = SIZE_MAX for notify_all); SYNC_NOT_OWNER. */
int	sync_cond_notify(struct sync_cond *c, size_t n);

/* Barrier. */
void	sync_barrier_init(struct sync_barrier *b, unsigned parties);
void	sync_barrier_fini(struct sync_barrier *b);
/*
 * Wait for the other parties: SYNC_OK with *index set to the arrival index
 * (0 .. parties-1, what Barrier.wait returns), or SYNC_BROKEN. A timeout
 * breaks the barrier, as CPython's does. If last is not NULL, the last party
 * to arrive runs last(arg) before the others are released; a nonzero return
 * from it breaks the barrier.
 */
int	sync_barrier_wait(struct sync_barrier *b, int64_t timeout_ns,
	    unsigned *index, int (*last)(void *), void *arg);
void	sync_barrier_abort(struct sync_barrier *b);
void	sync_barrier_reset(struct sync_barrier *b);
unsigned sync_barrier_n_waiting(struct sync_barrier *b);
int	sync_barrier_broken(struct sync_barrier *b);

/* Queue: items are opaque pointers owned by the caller. */
void	sync_queue_init(struct sync_queue *q, enum sync_queue_kind kind,
	    size_t maxsize, sync_queue_cmp cmp, void *cmp_arg);
/* Free the storage; each remaining item is passed to drop (may be NULL). */
void	sync_queue_fini(struct sync_queue *q, void (*drop)(void *));
/* SYNC_OK, or SYNC_TIMEOUT when full (queue.Full). */
int	sync_queue_put(struct sync_queue *q, void *item, int64_t timeout_ns);
/* SYNC_OK with *item set, or SYNC_TIMEOUT when empty (queue.Empty). */
int	sync_queue_get(struct sync_queue *q, void **item, int64_t timeout_ns);
size_t	sync_queue_size(struct sync_queue *q);
int	sync_queue_full(struct sync_queue *q);
/* SYNC_OK, or SYNC_TOO_MANY ("task_done() called too many times"). */
int	sync_queue_task_done(struct sync_queue *q);
/* Wait until every item put has been task_done (Blocked on the queue). */
int	sync_queue_join(struct sync_queue *q, int64_t timeout_ns);

#endif
