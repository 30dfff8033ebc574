/*
 * deadlock.h — the wait-for graph: an edge from a thread to the lock it
 * waits on (and from the lock to its holder), or from a thread to the thread
 * it joins. Only untimed waits are edges: a wait with a timeout ends by
 * itself. The graph is walked only when a contended untimed wait begins.
 */
#ifndef CONCVIZ_RT_DEADLOCK_H
#define CONCVIZ_RT_DEADLOCK_H

#include "rt/thread.h"

struct sync_lock;

/*
 * t starts an untimed wait on `on` (a struct sync_lock or struct rt_thread,
 * per kind). Returns NULL, or the cycle through t in words (allocated) if
 * the new edge closes one. The caller holds the lock's mutex, if any.
 */
char	*deadlock_wait_begin(struct rt_thread *t, enum thread_wait_kind kind,
	    void *on);
/* t's wait ended (the caller holds the lock's mutex, if any). */
void	deadlock_wait_end(struct rt_thread *t);
/* l is released while threads wait on it: clear its holder in the graph. */
void	deadlock_lock_released(struct sync_lock *l);
/*
 * Report a cycle found by deadlock_wait_begin: emit DEADLOCK, call the
 * runtime's callback. Returns the action to take. Frees cycle.
 */
int	deadlock_report(struct rt_thread *t, char *cycle);

#endif
