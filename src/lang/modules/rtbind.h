/*
 * rtbind.h — how the interpreter runs on the runtime (src/rt): the GIL and
 * the thread registry plugged into the VM's hooks, and the modules that
 * expose them to Python (_thread, threading, queue).
 */
#ifndef CONCVIZ_LANG_MODULES_RTBIND_H
#define CONCVIZ_LANG_MODULES_RTBIND_H

#include "rt/rt.h"

struct interp;
struct module;
struct vm_thread;

struct rtbind_config {
	enum gil_mode		 gil_mode;
	uint64_t		 switch_interval_ns;	/* 0: 5 ms */
	enum rt_deadlock_action	 on_deadlock;
	rt_deadlock_cb		 deadlock_cb;	/* e.g. report and exit */
	void			*deadlock_arg;
};

/*
 * Put the runtime under interpreter in (one per process): the hooks, the
 * eval-breaker word, the GIL. The main thread is registered (and takes the
 * GIL) when it attaches.
 */
void		 rtbind_install(struct interp *in, const struct rtbind_config *);
/*
 * The main module is done (on the main thread): wait for every non-daemon
 * thread, then stop the daemon threads and release the main thread.
 */
void		 rtbind_shutdown(struct interp *in, int status);
/*
 * A forked child's body ended with status (multiprocessing's _bootstrap
 * calls threading._shutdown): run the threading atexit functions, wait for
 * the child's non-daemon threads, then end its main thread. Call on the
 * child's main thread, with no Python code to run after it.
 */
void		 rtbind_child_exit(struct interp *in, int status);
/* Threads stopped at shutdown that are still parked (daemons); 0 if none. */
unsigned	rtbind_threads_left(void);
/*
 * After a blocking call came back early: if Ctrl-C is pending for this
 * (main) thread, raise KeyboardInterrupt and return 1 (intr.h).
 */
int		 rtbind_interrupted(struct vm_thread *t);
/* The runtime of this process, or NULL before rtbind_install. */
struct rt	*rtbind_rt(void);

struct module	*mod__thread_init(struct vm_thread *);
struct module	*mod_threading_init(struct vm_thread *);
struct module	*mod_queue_init(struct vm_thread *);

#endif
