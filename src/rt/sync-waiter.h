/*
 * sync-waiter.h — one thread waiting in a Condition or a Barrier: lives on
 * the waiter's stack, linked in the primitive's FIFO under its mutex, with
 * its own condition variable so that notify(n) wakes exactly n threads in
 * arrival order. Private to src/rt.
 */
#ifndef CONCVIZ_RT_SYNC_WAITER_H
#define CONCVIZ_RT_SYNC_WAITER_H

#include <pthread.h>

struct sync_waiter {
	struct sync_waiter	*next;
	pthread_cond_t		 cond;
	int			 woken;		/* notified, or the barrier passed */
	int			 broken;	/* barrier broken, reset or aborted */
};

#endif
