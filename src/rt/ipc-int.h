/*
 * ipc-int.h — what the IPC and shared-memory files share: the wait
 * protocol around every blocking call (state event, GIL release through
 * proc_hooks), robust process-shared mutexes, and deadlines.
 */
#ifndef CONCVIZ_RT_IPC_INT_H
#define CONCVIZ_RT_IPC_INT_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "trace/event.h"

struct shm_sem;

/* Flags of an internal wait. */
#define IPC_QUIET	0x1	/* an internal lock: no LOCK_* events */
#define IPC_NOGIL	0x2	/* an internal thread (feeder): no GIL, no states */

/* One blocking wait of the calling thread. */
struct ipc_wait {
	uint32_t	me;	/* the waiting thread's entity */
	int		nogil;
};

/*
 * Before blocking: show the thread Blocked on obj for why (Timed Waiting
 * when deadline != 0, a CLOCK_MONOTONIC ns), release the GIL.
 */
void	ipc_wait_begin(struct ipc_wait *w, enum trace_reason why, uint32_t obj,
	    uint64_t deadline);
/* After blocking: take the GIL back (the hook reports the state). */
void	ipc_wait_end(struct ipc_wait *w);
/* The calling thread's entity (0 if unknown). */
uint32_t ipc_current_entity(void);

/* Deadline from a timeout: 0 for none (timeout < 0). */
uint64_t ipc_deadline(int64_t timeout_ns);
/* Milliseconds left until deadline for poll(): -1 for none, 0 if past. */
int	ipc_poll_ms(uint64_t deadline);

/* Process-shared (robust) mutex and monotonic condition initialisers. */
void	ipc_pshared_mutex_init(pthread_mutex_t *m);
void	ipc_pshared_cond_init(pthread_cond_t *c);
/* Lock, recovering a mutex whose holder died. */
void	ipc_mutex_lock(pthread_mutex_t *m);
/* Wait until deadline (0: forever): 0, ETIMEDOUT or EINTR (intr.h). */
int	ipc_cond_wait(pthread_cond_t *c, pthread_mutex_t *m, uint64_t deadline);

/* A lock the runtime uses internally (no LOCK_* events of its own). */
struct shm_sem *shm_sem_create_quiet(int kind, int64_t value);
/*
 * Acquire s, showing a wait as Blocked on obj for why (a queue waits on its
 * read lock as "a queue"). flags: IPC_QUIET, IPC_NOGIL. Returns 1 or 0.
 */
int	shm_sem_acquire_for(struct shm_sem *s, int block, int64_t timeout_ns,
	    enum trace_reason why, uint32_t obj, int flags);
/* Release without events or checks (internal locks). */
void	shm_sem_release_quiet(struct shm_sem *s);

/* Ignore SIGPIPE once per process (writes to a closed pipe return EPIPE). */
void	ipc_ignore_sigpipe(void);

#endif
