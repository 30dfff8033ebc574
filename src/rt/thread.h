/*
 * thread.h — the thread registry: every thread of the workload is a real
 * pthread known here by its entity id, name, daemon flag and lifecycle
 * state. A thread's body runs with the GIL held; starting, ending and
 * joining emit the lifecycle (New, Runnable, Blocked on join, Terminated).
 *
 * The registry knows nothing of Python: the VM passes a body function and
 * keeps its own per-thread state in the user pointer.
 */
#ifndef CONCVIZ_RT_THREAD_H
#define CONCVIZ_RT_THREAD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/queue.h>
#include <sys/types.h>

#include "trace/event.h"

struct rt;
struct rt_thread;

/* How a thread ended (the val of its TERMINATED state). */
enum thread_exit {
	THREAD_EXIT_OK = 0,		/* the body returned */
	THREAD_EXIT_EXCEPTION = 1,	/* the body reported an uncaught exception */
	THREAD_EXIT_STOPPED = 2		/* a daemon stopped at interpreter exit */
};

/* What a thread waits on, for the deadlock detector (deadlock.c). */
enum thread_wait_kind {
	THREAD_WAIT_NONE = 0,
	THREAD_WAIT_LOCK,		/* wait_on is a struct sync_lock */
	THREAD_WAIT_JOIN		/* wait_on is a struct rt_thread */
};

typedef void (*thread_body)(struct rt_thread *t, void *arg);

struct rt_thread {
	struct rt		*rt;
	uint32_t		 entity;
	int			 is_main;
	int			 gil_exempt;	/* attached: runs without the GIL */
	_Atomic int		 daemon;

	/* The last state reported, for readers without a model. */
	_Atomic int		 state;		/* enum trace_state */
	_Atomic int		 reason;	/* enum trace_reason */
	_Atomic uint32_t	 state_obj;

	_Atomic uint64_t	 ident;		/* threading.get_ident() */
	_Atomic long		 native_id;	/* the kernel's thread id */
	pthread_t		 pthread;

	/* Lifecycle, under rt->mu. */
	char			*name;
	int			 started;
	int			 ended;
	int			 exit_how;	/* enum thread_exit */
	pthread_cond_t		 lifecycle;	/* broadcast at start and end */

	/* The wait-for graph, under rt->graph_mu. */
	enum thread_wait_kind	 wait_kind;
	void			*wait_on;

	/* GIL bookkeeping, touched by this thread only. */
	uint64_t		 gil_request_ns;

	_Atomic int		 refs;
	thread_body		 body;
	void			*arg;
	void			*user;		/* owned by the VM */
	TAILQ_ENTRY(rt_thread)	 entry;		/* rt->threads, under rt->mu */
};

/* The thread the caller runs on, or NULL if the runtime does not know it. */
struct rt_thread *thread_self(void);

/*
 * Register the calling thread as the main thread ("MainThread") and take
 * the GIL for it.
 */
struct rt_thread *thread_main_init(struct rt *rt, const char *name);
/* At exit of the main thread: stop the other threads, release the main one. */
void		thread_main_fini(struct rt *rt);
/*
 * Attach the calling OS thread (one the runtime did not start, e.g. a test
 * thread) under the given name; it does not take the GIL.
 */
struct rt_thread *thread_attach(struct rt *rt, const char *name, int daemon);
void		thread_detach_self(void);

/* A new thread in state New (one reference for the caller). */
struct rt_thread *thread_create(struct rt *rt, const char *name, int daemon);
void		thread_ref(struct rt_thread *t);
void		thread_unref(struct rt_thread *t);

/*
 * Start t running body(t, arg) on a new pthread, with the GIL. The caller
 * gives the GIL up until the new thread holds it (as CPython's start()
 * waits for the thread to run), then asks for it back. Returns 0, or -1
 * with a message in *cause (limit reached, pthread_create failed).
 */
int		thread_start(struct rt_thread *t, thread_body body, void *arg,
		    char **cause);
/* From the body: the thread is about to end because of an exception. */
void		thread_set_exit(struct rt_thread *t, enum thread_exit how);
/*
 * Wait for t to end, releasing the GIL (Blocked on join, or Timed Waiting
 * with a timeout). timeout_ns < 0: no timeout. Returns 1 if t ended, 0 on
 * timeout, -1 if the wait closed a deadlock cycle and the policy is to fail.
 */
int		thread_join(struct rt_thread *t, int64_t timeout_ns);
int		thread_is_alive(struct rt_thread *t);
int		thread_has_started(struct rt_thread *t);

/*
 * time.sleep: sleep ns nanoseconds for real, without the GIL, Timed Waiting
 * (reason sleep) until the deadline; 0 only lets another thread run.
 */
void		thread_sleep(int64_t ns);

/* Rename t (ENTITY_NAME); the name is copied. */
void		thread_set_name(struct rt_thread *t, const char *name);
/* A copy of t's name (the caller frees it). */
char		*thread_name(struct rt_thread *t);
void		thread_set_daemon(struct rt_thread *t, int daemon);

/* Record and emit a lifecycle state of t. */
void		thread_set_state(struct rt_thread *t, enum trace_state st,
		    enum trace_reason why, uint32_t obj, uint64_t val);

/* Number of alive threads (threading.active_count()). */
unsigned	thread_count(struct rt *rt);
/*
 * The alive threads, each with a reference the caller drops with
 * thread_unref; *n is set to the count. The array is the caller's to free.
 */
struct rt_thread **thread_list(struct rt *rt, unsigned *n);
/*
 * Wait until every non-daemon thread other than the caller has ended.
 * Returns 0, or -1 if a join closed a deadlock cycle and the policy is fail.
 */
int		thread_wait_non_daemon(struct rt *rt);

#endif
