/*
 * proc.h — processes of a run: real fork()ed children, their lifecycle as the
 * notes name it, and the containment that leaves nothing behind.
 *
 * One process table per process (the parent's view of its own children).
 * A child is created by proc_start(): the parent allocates the record and the
 * trace entity, forks, and the child runs proc_after_fork_child() first, then
 * the function it was given, then exits with its exit status. A watcher
 * thread in the parent notices the exit when it happens (pidfd), so a child
 * that has exited but is not yet reaped is a ZOMBIE; proc_join() and
 * proc_poll() reap it, as CPython's Popen.wait() and poll() do.
 *
 * Exit codes follow CPython's Process.exitcode: the status passed to exit,
 * or -N when the child was killed by signal N.
 *
 * Threads: every function may be called from any thread of the owning
 * process; a struct proc is only meaningful in the process that started it.
 * This module never prints; errors come back as -1 and an allocated *cause.
 */
#ifndef CONCVIZ_RT_PROC_H
#define CONCVIZ_RT_PROC_H

#include <sys/types.h>

#include <stdint.h>

#include "trace/event.h"

/* The lifecycle of a child, as its parent sees it. */
enum proc_state {
	PROC_NEW = 0,		/* created, not started */
	PROC_RUNNING,		/* forked and not known to have exited */
	PROC_ZOMBIE,		/* exited, not yet reaped */
	PROC_REAPED,		/* exited and reaped: exit code final */
	PROC_CLOSED		/* proc_close()d: only the record remains */
};

/* The body of a child: its return value is the exit status. */
typedef int (*proc_fn)(void *arg);

struct proc;

/*
 * What the rest of the runtime plugs into processes (the GIL and the thread
 * registry of src/rt: see proc_rt_bind() in proc-rt.h). Every member may be
 * NULL.
 *
 *   blocking_begin  release the GIL before a blocking wait and report the
 *                   calling thread Blocked on obj for why (Timed Waiting
 *                   until deadline when deadline != 0); gil_release_for_block.
 *   blocking_end    take the GIL back after the wait and report the state
 *                   (ready, then running); gil_reacquire_after_block.
 *                   Without these hooks, proc reports the states itself.
 *   current_entity  trace entity of the calling thread (0 if unknown).
 */
struct proc_hooks {
	void		 (*blocking_begin)(enum trace_reason why, uint32_t obj,
			    uint64_t deadline);
	void		 (*blocking_end)(void);
	uint32_t	 (*current_entity)(void);
	/*
	 * Nonzero if the calling thread may fork now: it holds the GIL (so
	 * no other VM thread runs bytecode), or it is no VM thread.
	 */
	int		 (*may_fork)(void);
};

/* Install the hooks (copied). Call once, before the first proc_start(). */
void		 proc_set_hooks(const struct proc_hooks *hooks);
/* The installed hooks (never NULL; members may be NULL). */
const struct proc_hooks *proc_get_hooks(void);

/*
 * Register fn(arg) to run in every forked child, inside
 * proc_after_fork_child(), after the trace and the process table have been
 * reset and before the child's body runs. Hooks run in registration order.
 * Meant for: the GIL and thread registry (reset to just the calling thread),
 * the interpreter (fresh per-process state), IPC objects (drop the parent's
 * feeder buffers). Up to 32 hooks.
 */
void		 proc_atfork_child(void (*fn)(void *), void *arg);

/*
 * In a forked child, before anything else: trace_after_fork_child(), reset
 * the process table (the parent's children are not ours), the containment
 * (parent-death signal, signal handlers), then run the registered hooks.
 * proc_start() calls it; call it yourself only after a fork() of your own.
 */
void		 proc_after_fork_child(void);

/* Create a child record (not started). name may be NULL for "Process-N". */
struct proc	*proc_create(const char *name, int daemon, proc_fn fn, void *arg);
/*
 * Fork and run the child. Returns 0, or -1 with *cause set: the process
 * limit was reached (errno EAGAIN, message names the limit and the flag),
 * or fork() failed (errno from fork: EAGAIN, ENOMEM). The child never
 * returns from this call.
 */
int		 proc_start(struct proc *p, char **cause);
/*
 * Wait for the child to exit, then reap it. timeout_ns < 0 waits forever.
 * The calling thread is Blocked on join (Timed Waiting with a timeout) and
 * the GIL is released around the wait. Returns 1 if the child was reaped,
 * 0 if the timeout expired first.
 */
int		 proc_join(struct proc *p, int64_t timeout_ns);
/* Reap the child if it has exited (never blocks). Returns 1 if reaped. */
int		 proc_poll(struct proc *p);
/* Nonzero while started and not exited (reaps an exited child, as CPython). */
int		 proc_is_alive(struct proc *p);
/* Send SIGTERM (terminate) or SIGKILL (kill); no-op once reaped. */
void		 proc_terminate(struct proc *p);
void		 proc_kill(struct proc *p);
/* Send any signal; returns 0 or -1 with errno. */
int		 proc_signal(struct proc *p, int sig);
/*
 * Release the child's resources. Fails (-1, *cause) while the child is
 * running, as CPython's close() raises ValueError.
 */
int		 proc_close(struct proc *p, char **cause);
/* Free the record (proc_kill and reap first if still running). */
void		 proc_free(struct proc *p);

/* Set the daemon flag before start (Process.daemon = ...). */
void		 proc_set_daemon(struct proc *p, int daemon);
/* Rename a child record (Process.name = ...); emits ENTITY_NAME. */
void		 proc_set_name(struct proc *p, const char *name);

/* Accessors. */
pid_t		 proc_pid(const struct proc *p);		/* 0 before start */
uint32_t	 proc_entity(const struct proc *p);
const char	*proc_name(const struct proc *p);
int		 proc_daemon(const struct proc *p);
enum proc_state	 proc_get_state(struct proc *p);
/* Exit code once exited (ZOMBIE or REAPED): n, or -signal. */
int		 proc_exitcode(struct proc *p, int *code);

/*
 * Wait until the state of p differs from st or the timeout expires. Used by
 * tests and by the UI bridge to observe zombies without polling. Returns the
 * state seen last.
 */
enum proc_state	 proc_wait_state_change(struct proc *p, enum proc_state st,
		    int64_t timeout_ns);

/* This process: pid, trace entity, name ("MainProcess", "Process-1:2"). */
pid_t		 proc_self_pid(void);
uint32_t	 proc_self_entity(void);
const char	*proc_self_name(void);
/* The parent process of a child (0 / NULL in the root of the run). */
pid_t		 proc_parent_pid(void);
uint32_t	 proc_parent_entity(void);
const char	*proc_parent_name(void);
/* Set the root process's trace entity (once the root is registered). */
void		 proc_set_self_entity(uint32_t entity);

/*
 * The children started by this process that are still alive: reaps the
 * exited ones first (as CPython's active_children()). Fills up to max
 * pointers, returns how many there are.
 */
size_t		 proc_active_children(struct proc **out, size_t max);
/* Number of CPUs available to this process (at least 1). */
int		 proc_cpu_count(void);

/*
 * Exit the calling child process: flush stdio and IPC feeders, then _exit.
 * What a child does after its body returns; also for sys.exit() in a child.
 */
void		 proc_exit(int status) __attribute__((noreturn));
/*
 * What multiprocessing does at exit: terminate the daemonic children, then
 * join every child. proc_exit() calls it; the interpreter calls it at the
 * end of the root's program.
 */
void		 proc_shutdown_children(void);
/*
 * Register fn(arg) to run in proc_exit() before the process ends (flush a
 * queue's feeder, ...). Returns a handle for proc_exit_unregister().
 */
int		 proc_exit_register(void (*fn)(void *), void *arg);
void		 proc_exit_unregister(int handle);

/* --- limits (proc-limit.c: no tracing, safe to call from cmd-run.c) ----- */

/* Default maximum number of live processes in a run, the root included. */
#define PROC_MAX_DEFAULT	64

/* Set the limit for the run (before the first fork); n >= 1. */
void		 proc_limit_set(unsigned n);
unsigned	 proc_limit_get(void);
/* Parse "--max-procs" text: 1..4096. Returns 0, or -1 with *cause. */
int		 proc_limit_parse(const char *s, unsigned *n, char **cause);

/* --- containment (proc-contain.c) -------------------------------------- */

/*
 * Make this process the root of a run: subreaper for the run's orphans,
 * handlers for SIGINT, SIGTERM and SIGHUP that take the whole tree down
 * before dying of the same signal, and an atexit cleanup. Children inherit
 * the handlers and get PR_SET_PDEATHSIG so they die with their parent.
 */
void		 proc_contain_init(void);
/*
 * Kill every child of this process (and, through their own handlers and
 * parent-death signals, their children) and reap them, including orphans
 * reparented to this subreaper. Safe to call more than once.
 */
void		 proc_cleanup_all(void);
/*
 * The handler of a fatal signal: take the tree down, then die of sig
 * (async-signal-safe; intr.c calls it on a repeated SIGINT).
 */
void		 proc_contain_fatal_signal(int sig);

#endif
