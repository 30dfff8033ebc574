/*
 * proc-core.c — child processes on real fork(): records, start, the exit
 * watcher, join and reaping, signals, and what a child does first and last.
 *
 * The table (proc_list) holds the children this process started and has not
 * freed; it and every struct proc field marked "table" are guarded by
 * proc_lock. A watcher thread, started with the first child, polls one pidfd
 * per running child and marks a child ZOMBIE the moment it exits (waitid
 * with WNOWAIT: it observes, never reaps). Reaping is left to join, poll,
 * is_alive and active_children, as in CPython, so the zombie is real and
 * visible until then. This file never prints and never exits the process
 * except in proc_exit(), which only children call.
 *
 * Fork safety: proc_start() forks holding proc_lock and, from Python, the
 * GIL (multiprocessing's start() is a native call), so no VM thread runs
 * bytecode and the watcher is between polls. The other helper threads are
 * stopped by the fork gate (trace/forkgate.h): the watcher is made with
 * forkgate_thread_create() (a child forked while its start-up was in
 * calloc inherited the allocator's lock and hung under ASan) and its
 * allocations are sections. Lock order at a fork: the GIL, proc_lock, the
 * fork gate, the trace collector's round lock, the ring registry. proc_lock
 * is an early fork participant: a fork() of the program's own (not through
 * proc_start) takes it before the gate closes, so a child never inherits
 * it held by the watcher, and every child starts with it fresh and no
 * watcher of its parent's.
 */
#include "config.h"

#include <sys/queue.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "rt/intr.h"
#include "rt/proc.h"
#include "rt/proc-int.h"
#include "trace/emit.h"
#include "trace/forkgate.h"

struct proc {
	pid_t		 owner;		/* process that created the record */
	pid_t		 pid;		/* table: 0 before start */
	int		 pidfd;		/* table: -1 if none */
	uint32_t	 entity;
	char		*name;
	char		*identity;	/* "1", "1:2": for our own children */
	int		 daemon;
	proc_fn		 fn;
	void		*arg;
	enum proc_state	 state;		/* table */
	int		 exitcode;	/* table: valid from ZOMBIE on */
	int		 listed;	/* table: in proc_list */
	TAILQ_ENTRY(proc) entry;	/* table */
};
TAILQ_HEAD(proc_head, proc);

/* The table: guarded by proc_lock, reset in a forked child. */
static pthread_mutex_t	proc_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	proc_cond;
static int		proc_cond_ready;
static struct proc_head	proc_list = TAILQ_HEAD_INITIALIZER(proc_list);
static unsigned		proc_counter;	/* children started, for names */

/* The watcher: started once per process, under proc_lock. */
static int		proc_watch_started;
static int		proc_watch_pipe[2] = { -1, -1 };
static int		proc_watch_nopidfd;	/* kernel without pidfd_open */

/* Who we are: set in the root by default, in a child by proc_start(). */
static pid_t		proc_me_parent_pid;
static uint32_t		proc_me_entity;
static uint32_t		proc_me_parent_entity;
static char	       *proc_me_name;
static char	       *proc_me_parent_name;
static char	       *proc_me_identity;
static int		proc_me_daemon;
static struct proc     *proc_child_record;	/* set between fork and setup */
static int		proc_forked_from_main;	/* the child's copy tells */

static struct proc_hooks proc_hooks;

/* Fork participation: registered once; proc_start's thread holds the lock. */
static pthread_once_t	proc_fork_once = PTHREAD_ONCE_INIT;
static _Thread_local int proc_forking;	/* in proc_start, lock held */
static int		proc_fork_locked;	/* the prepare handler locked */

/* After-fork hooks and exit hooks, registered at start-up. */
#define PROC_MAX_HOOKS	32
struct proc_hook {
	void	(*fn)(void *);
	void	 *arg;
};
static struct proc_hook	proc_fork_hooks[PROC_MAX_HOOKS];
static unsigned		proc_nfork_hooks;
#define PROC_MAX_EXIT_HOOKS 256
static struct proc_hook	proc_exit_hooks[PROC_MAX_EXIT_HOOKS];
static pthread_mutex_t	proc_exit_lock = PTHREAD_MUTEX_INITIALIZER;

/* Install the hooks the GIL and the interpreter provide. */
void
proc_set_hooks(const struct proc_hooks *hooks)
{
	proc_hooks = *hooks;
}

/* The installed hooks. */
const struct proc_hooks *
proc_get_hooks(void)
{
	return &proc_hooks;
}

/* Register a function to run in every forked child. */
void
proc_atfork_child(void (*fn)(void *), void *arg)
{
	assert(proc_nfork_hooks < PROC_MAX_HOOKS && "too many fork hooks");
	proc_fork_hooks[proc_nfork_hooks].fn = fn;
	proc_fork_hooks[proc_nfork_hooks].arg = arg;
	proc_nfork_hooks++;
}

/* Register a function to run when this process ends through proc_exit(). */
int
proc_exit_register(void (*fn)(void *), void *arg)
{
	int i;

	pthread_mutex_lock(&proc_exit_lock);
	for (i = 0; i < PROC_MAX_EXIT_HOOKS; i++) {
		if (proc_exit_hooks[i].fn == NULL) {
			proc_exit_hooks[i].fn = fn;
			proc_exit_hooks[i].arg = arg;
			pthread_mutex_unlock(&proc_exit_lock);
			return i;
		}
	}
	pthread_mutex_unlock(&proc_exit_lock);
	fatal("proc: more than %d exit hooks", PROC_MAX_EXIT_HOOKS);
}

/* Forget an exit hook. */
void
proc_exit_unregister(int handle)
{
	if (handle < 0 || handle >= PROC_MAX_EXIT_HOOKS)
		return;
	pthread_mutex_lock(&proc_exit_lock);
	proc_exit_hooks[handle].fn = NULL;
	pthread_mutex_unlock(&proc_exit_lock);
}

/* Fork prepare (early): hold proc_lock unless proc_start() already does. */
static void
proc_fork_prepare(void)
{
	if (proc_forking)
		return;
	pthread_mutex_lock(&proc_lock);
	proc_fork_locked = 1;
}

/* Fork, in the parent: give proc_lock back if the prepare took it. */
static void
proc_fork_parent(void)
{
	if (!proc_fork_locked)
		return;
	proc_fork_locked = 0;
	pthread_mutex_unlock(&proc_lock);
}

/* Fork, in the child: a fresh lock; the parent's watcher is not ours. */
static void
proc_fork_child(void)
{
	proc_fork_locked = 0;
	pthread_mutex_init(&proc_lock, NULL);
	proc_cond_ready = 0;
	if (proc_watch_pipe[0] != -1) {
		close(proc_watch_pipe[0]);
		close(proc_watch_pipe[1]);
	}
	proc_watch_pipe[0] = proc_watch_pipe[1] = -1;
	proc_watch_started = 0;
}

/* Register proc_lock with the fork gate (once). */
static void
proc_fork_register(void)
{
	forkgate_register_early(proc_fork_prepare, proc_fork_parent,
	    proc_fork_child);
}

/* Create the condition variable on CLOCK_MONOTONIC (once, lock held). */
static void
proc_cond_init(void)
{
	pthread_condattr_t ca;

	if (proc_cond_ready)
		return;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&proc_cond, &ca);
	pthread_condattr_destroy(&ca);
	proc_cond_ready = 1;
}

/* The calling thread's trace entity, through the hook. */
static uint32_t
proc_current_entity(void)
{
	if (proc_hooks.current_entity != NULL)
		return proc_hooks.current_entity();
	return 0;
}

/* Exit code as CPython reports it, from a wait status. */
static int
proc_code_from_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return -WTERMSIG(status);
	return 0;
}

/* Wake the watcher so it rebuilds its poll set. */
static void
proc_watch_wake(void)
{
	char c = 'w';
	ssize_t r;

	if (proc_watch_pipe[1] == -1)
		return;
	do
		r = write(proc_watch_pipe[1], &c, 1);
	while (r == -1 && errno == EINTR);
}

/* Mark p a zombie if it has exited (lock held; never reaps). */
static void
proc_check_exit_locked(struct proc *p)
{
	siginfo_t si;

	if (p->state != PROC_RUNNING)
		return;
	memset(&si, 0, sizeof si);
	if (waitid(P_PID, (id_t)p->pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0)
		return;
	if (si.si_pid != p->pid)
		return;
	if (si.si_code == CLD_EXITED)
		p->exitcode = si.si_status;
	else
		p->exitcode = -si.si_status;
	p->state = PROC_ZOMBIE;
	trace_state(p->entity, TRACE_ST_ZOMBIE, TRACE_WHY_NONE, 0,
	    (uint64_t)(int64_t)p->exitcode);
	pthread_cond_broadcast(&proc_cond);
}

/* The watcher thread: notice exits as they happen. */
static void *
proc_watch_main(void *arg)
{
	struct pollfd *pfd = NULL;
	size_t npfd, cap = 0;
	struct proc *p;
	sigset_t all;
	char drain[64];
	int timeout;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	trace_thread_begin();
	for (;;) {
		pthread_mutex_lock(&proc_lock);
		npfd = 0;
		forkgate_enter();	/* the set may grow */
		if (cap == 0) {
			cap = 16;
			pfd = xreallocarray(pfd, cap, sizeof *pfd);
		}
		pfd[npfd].fd = proc_watch_pipe[0];
		pfd[npfd++].events = POLLIN;
		TAILQ_FOREACH(p, &proc_list, entry) {
			if (p->state != PROC_RUNNING || p->pidfd == -1)
				continue;
			if (npfd == cap) {
				cap *= 2;
				pfd = xreallocarray(pfd, cap, sizeof *pfd);
			}
			pfd[npfd].fd = p->pidfd;
			pfd[npfd++].events = POLLIN;
		}
		forkgate_leave();
		timeout = proc_watch_nopidfd ? 10 : -1;
		pthread_mutex_unlock(&proc_lock);

		if (poll(pfd, npfd, timeout) == -1 && errno != EINTR)
			fatal("proc: watcher poll: %s", strerror(errno));
		if (pfd[0].revents & POLLIN)
			while (read(proc_watch_pipe[0], drain, sizeof drain) > 0)
				;

		pthread_mutex_lock(&proc_lock);
		TAILQ_FOREACH(p, &proc_list, entry)
			proc_check_exit_locked(p);
		pthread_mutex_unlock(&proc_lock);
	}
	return arg;
}

/* Start the watcher on first use (lock held). */
static void
proc_watch_start_locked(void)
{
	pthread_t t;
	pthread_attr_t a;
	int e;

	if (proc_watch_started)
		return;
	if (pipe2(proc_watch_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		fatal("proc: watcher pipe: %s", strerror(errno));
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	if ((e = forkgate_thread_create(&t, &a, proc_watch_main, NULL)) != 0)
		fatal("proc: watcher thread: %s", strerror(e));
	pthread_attr_destroy(&a);
	proc_watch_started = 1;
}

/* Make the identity and name of our next child (lock held). */
static void
proc_next_identity(char **identity, char **name)
{
	unsigned n = ++proc_counter;

	if (proc_me_identity == NULL || *proc_me_identity == '\0')
		*identity = xasprintf("%u", n);
	else
		*identity = xasprintf("%s:%u", proc_me_identity, n);
	*name = xasprintf("Process-%s", *identity);
}

/* Create a child record. */
struct proc *
proc_create(const char *name, int daemon, proc_fn fn, void *arg)
{
	struct proc *p;
	char *defname;

	pthread_once(&proc_fork_once, proc_fork_register);
	p = xcalloc(1, sizeof *p);
	p->owner = getpid();
	p->pidfd = -1;
	p->fn = fn;
	p->arg = arg;
	p->daemon = daemon;
	p->state = PROC_NEW;
	pthread_mutex_lock(&proc_lock);
	proc_next_identity(&p->identity, &defname);
	pthread_mutex_unlock(&proc_lock);
	if (name != NULL) {
		p->name = xstrdup(name);
		free(defname);
	} else
		p->name = defname;
	if (trace_on)
		p->entity = trace_entity_new(TRACE_ENT_PROCESS,
		    proc_self_entity(), p->name);
	return p;
}

/* The child's side of proc_start(): set up, run the body, exit. */
static void __attribute__((noreturn))
proc_child_main(struct proc *p)
{
	int status;

	proc_child_record = p;
	proc_after_fork_child();
	trace_state(p->entity, TRACE_ST_RUNNING, TRACE_WHY_NONE, 0, 0);
	status = p->fn(p->arg);
	proc_exit(status);
}

/* Fork and run the child. */
int
proc_start(struct proc *p, char **cause)
{
	pid_t pid;
	int e, fd;

	if (p->owner != getpid()) {
		*cause = xstrdup("can only start a process object created by "
		    "the current process");
		errno = EINVAL;
		return -1;
	}
	if (p->pid != 0 || p->state != PROC_NEW) {
		*cause = xstrdup("cannot start a process twice");
		errno = EINVAL;
		return -1;
	}
	if (proc_me_daemon) {
		*cause = xstrdup("daemonic processes are not allowed to have "
		    "children");
		errno = EINVAL;
		return -1;
	}
	if (proc_limit_reserve(p->name, cause) != 0)
		return -1;

	/* The GIL keeps every other VM thread out of bytecode (and malloc). */
	assert((proc_hooks.may_fork == NULL || proc_hooks.may_fork()) &&
	    "proc_start() from a VM thread that does not hold the GIL");

	/* Children inherit stdio buffers: flush so nothing prints twice. */
	fflush(NULL);

	pthread_mutex_lock(&proc_lock);
	proc_cond_init();
	proc_watch_start_locked();
	proc_forked_from_main = gettid() == getpid();
	proc_forking = 1;
	pid = proc_fork_fn();
	proc_forking = 0;
	if (pid == 0)
		proc_child_main(p);
	if (pid == -1) {
		e = errno;
		pthread_mutex_unlock(&proc_lock);
		proc_limit_release();
		if (e == EAGAIN)
			*cause = xasprintf("cannot start %s: fork: %s (the "
			    "system's process limit)", p->name, strerror(e));
		else
			*cause = xasprintf("cannot start %s: fork: %s",
			    p->name, strerror(e));
		if (trace_on)
			trace_emit_str(TRACE_EV_SYSCALL_FAIL,
			    proc_current_entity(), (uint16_t)e, 0, 0, "fork", 4);
		errno = e;
		return -1;
	}
	p->pid = pid;
	p->state = PROC_RUNNING;
	fd = proc_watch_nopidfd ? -1 : (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd == -1 && errno == ENOSYS)
		proc_watch_nopidfd = 1;
	if (fd != -1)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
	p->pidfd = fd;
	TAILQ_INSERT_TAIL(&proc_list, p, entry);
	p->listed = 1;
	proc_contain_track(pid);
	proc_watch_wake();
	pthread_mutex_unlock(&proc_lock);
	return 0;
}

/* Reap p if it has exited (lock held). Returns 1 if p is reaped. */
static int
proc_reap_locked(struct proc *p, int block)
{
	int status;
	pid_t r;

	if (p->state == PROC_REAPED || p->state == PROC_CLOSED)
		return 1;
	if (p->state == PROC_NEW)
		return 0;
	do
		r = waitpid(p->pid, &status, block ? 0 : WNOHANG);
	while (r == -1 && errno == EINTR);
	if (r == 0)
		return 0;
	if (r == p->pid)
		p->exitcode = proc_code_from_status(status);
	else if (p->state != PROC_ZOMBIE)
		p->exitcode = -SIGKILL;	/* reaped by someone else: unknown */
	p->state = PROC_REAPED;
	trace_state(p->entity, TRACE_ST_TERMINATED, TRACE_WHY_NONE, 0,
	    (uint64_t)(int64_t)p->exitcode);
	proc_contain_untrack(p->pid);
	proc_limit_release();
	if (p->pidfd != -1) {
		close(p->pidfd);
		p->pidfd = -1;
	}
	proc_watch_wake();
	pthread_cond_broadcast(&proc_cond);
	return 1;
}

/* Wait for exit and reap. */
int
proc_join(struct proc *p, int64_t timeout_ns)
{
	uint64_t deadline = 0;
	int r;
	uint32_t me;
	int reaped, waited = 0;

	assert(p->owner == getpid() && "can only join a child process");
	assert(p->pid != 0 && "can only join a started process");

	pthread_mutex_lock(&proc_lock);
	proc_check_exit_locked(p);
	if (p->state == PROC_RUNNING && timeout_ns != 0) {
		me = proc_current_entity();
		if (timeout_ns > 0)
			deadline = clock_now_ns() + (uint64_t)timeout_ns;
		pthread_mutex_unlock(&proc_lock);
		if (proc_hooks.blocking_begin != NULL)
			proc_hooks.blocking_begin(TRACE_WHY_JOIN, p->entity,
			    deadline);
		else
			trace_state(me, deadline != 0 ? TRACE_ST_TIMED :
			    TRACE_ST_BLOCKED, TRACE_WHY_JOIN, p->entity,
			    deadline);
		pthread_mutex_lock(&proc_lock);
		while (p->state == PROC_RUNNING) {
			r = rt_intr_cond_wait(&proc_cond, &proc_lock, deadline,
			    0);
			if (r == EINTR)
				break;
			if (r == ETIMEDOUT) {
				proc_check_exit_locked(p);
				break;
			}
		}
		waited = 1;
	}
	reaped = 0;
	if (p->state != PROC_RUNNING)
		reaped = proc_reap_locked(p, 1);
	pthread_mutex_unlock(&proc_lock);
	if (waited) {
		if (proc_hooks.blocking_end != NULL)
			proc_hooks.blocking_end();
		else
			trace_state(proc_current_entity(), TRACE_ST_RUNNING,
			    TRACE_WHY_NONE, 0, 0);
	}
	return reaped;
}

/* Reap without blocking. */
int
proc_poll(struct proc *p)
{
	int r;

	if (p->owner != getpid() || p->pid == 0)
		return 0;
	pthread_mutex_lock(&proc_lock);
	r = proc_reap_locked(p, 0);
	pthread_mutex_unlock(&proc_lock);
	return r;
}

/* Started and not exited. */
int
proc_is_alive(struct proc *p)
{
	if (p->owner != getpid() || p->pid == 0)
		return 0;
	return !proc_poll(p);
}

/* Send a signal to a running child. */
int
proc_signal(struct proc *p, int sig)
{
	int r = 0;

	if (p->owner != getpid()) {
		errno = ESRCH;
		return -1;
	}
	pthread_mutex_lock(&proc_lock);
	/* A reaped pid may belong to someone else now: never signal it. */
	if (p->state == PROC_RUNNING || p->state == PROC_ZOMBIE)
		r = kill(p->pid, sig);
	pthread_mutex_unlock(&proc_lock);
	return r;
}

/* SIGTERM, as Process.terminate(). */
void
proc_terminate(struct proc *p)
{
	proc_signal(p, SIGTERM);
}

/* SIGKILL, as Process.kill(). */
void
proc_kill(struct proc *p)
{
	proc_signal(p, SIGKILL);
}

/* Release a finished child's resources. */
int
proc_close(struct proc *p, char **cause)
{
	if (p->pid == 0 || proc_get_state(p) == PROC_CLOSED) {
		p->state = PROC_CLOSED;
		return 0;
	}
	if (!proc_poll(p)) {
		*cause = xasprintf("Cannot close a process while it is still "
		    "running. You should first call join() or terminate().");
		return -1;
	}
	pthread_mutex_lock(&proc_lock);
	if (p->listed) {
		TAILQ_REMOVE(&proc_list, p, entry);
		p->listed = 0;
	}
	p->state = PROC_CLOSED;
	pthread_mutex_unlock(&proc_lock);
	return 0;
}

/* Free a record, killing and reaping a child still running. */
void
proc_free(struct proc *p)
{
	enum proc_state st;

	if (p == NULL)
		return;
	st = p->owner == getpid() ? proc_get_state(p) : PROC_CLOSED;
	if (st == PROC_RUNNING || st == PROC_ZOMBIE) {
		proc_kill(p);
		proc_join(p, -1);
	}
	if (p->owner == getpid()) {
		pthread_mutex_lock(&proc_lock);
		if (p->listed)
			TAILQ_REMOVE(&proc_list, p, entry);
		if (p->pidfd != -1)
			close(p->pidfd);
		pthread_mutex_unlock(&proc_lock);
	}
	free(p->name);
	free(p->identity);
	free(p);
}

/* Set the daemon flag (before start). */
void
proc_set_daemon(struct proc *p, int daemon)
{
	p->daemon = daemon != 0;
}

/* Rename a child (before or after start; the child keeps its own copy). */
void
proc_set_name(struct proc *p, const char *name)
{
	free(p->name);
	p->name = xstrdup(name);
	if (trace_on && p->entity != 0)
		trace_emit_str(TRACE_EV_ENTITY_NAME, p->entity, 0, 0, 0, name,
		    strlen(name));
}

pid_t
proc_pid(const struct proc *p)
{
	return p->pid;
}

uint32_t
proc_entity(const struct proc *p)
{
	return p->entity;
}

const char *
proc_name(const struct proc *p)
{
	return p->name;
}

int
proc_daemon(const struct proc *p)
{
	return p->daemon;
}

/* The state as of now (never reaps). */
enum proc_state
proc_get_state(struct proc *p)
{
	enum proc_state st;

	pthread_mutex_lock(&proc_lock);
	st = p->state;
	pthread_mutex_unlock(&proc_lock);
	return st;
}

/* The exit code once the child has exited. */
int
proc_exitcode(struct proc *p, int *code)
{
	int known;

	pthread_mutex_lock(&proc_lock);
	known = p->state == PROC_ZOMBIE || p->state == PROC_REAPED ||
	    (p->state == PROC_CLOSED && p->pid != 0);
	if (known)
		*code = p->exitcode;
	pthread_mutex_unlock(&proc_lock);
	return known;
}

/* Wait until the state moves on from st. */
enum proc_state
proc_wait_state_change(struct proc *p, enum proc_state st, int64_t timeout_ns)
{
	struct timespec ts;
	enum proc_state now;

	pthread_mutex_lock(&proc_lock);
	proc_cond_init();
	ts = clock_ns_to_timespec(clock_now_ns() + (uint64_t)timeout_ns);
	while (p->state == st) {
		if (timeout_ns < 0)
			pthread_cond_wait(&proc_cond, &proc_lock);
		else if (pthread_cond_timedwait(&proc_cond, &proc_lock,
		    &ts) == ETIMEDOUT)
			break;
	}
	now = p->state;
	pthread_mutex_unlock(&proc_lock);
	return now;
}

pid_t
proc_self_pid(void)
{
	return getpid();
}

uint32_t
proc_self_entity(void)
{
	return proc_me_entity;
}

const char *
proc_self_name(void)
{
	return proc_me_name != NULL ? proc_me_name : "MainProcess";
}

pid_t
proc_parent_pid(void)
{
	return proc_me_parent_pid;
}

uint32_t
proc_parent_entity(void)
{
	return proc_me_parent_entity;
}

const char *
proc_parent_name(void)
{
	return proc_me_parent_name;
}

void
proc_set_self_entity(uint32_t entity)
{
	proc_me_entity = entity;
}

/* Live children, reaping the exited ones first. */
size_t
proc_active_children(struct proc **out, size_t max)
{
	struct proc *p;
	size_t n = 0;

	pthread_mutex_lock(&proc_lock);
	TAILQ_FOREACH(p, &proc_list, entry) {
		if (proc_reap_locked(p, 0))
			continue;
		if (n < max)
			out[n] = p;
		n++;
	}
	pthread_mutex_unlock(&proc_lock);
	return n;
}

/* Number of CPUs, as os.cpu_count(). */
int
proc_cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : (int)n;
}

/* Terminate daemonic children, join all, as multiprocessing at exit. */
void
proc_shutdown_children(void)
{
	struct proc **v;
	size_t n, i;

	pthread_mutex_lock(&proc_lock);
	n = 0;
	{
		struct proc *p;

		TAILQ_FOREACH(p, &proc_list, entry)
			n++;
		v = xcalloc(n + 1, sizeof *v);
		n = 0;
		TAILQ_FOREACH(p, &proc_list, entry)
			if (p->state == PROC_RUNNING || p->state == PROC_ZOMBIE)
				v[n++] = p;
	}
	pthread_mutex_unlock(&proc_lock);
	for (i = 0; i < n; i++)
		if (v[i]->daemon)
			proc_terminate(v[i]);
	for (i = 0; i < n; i++)
		proc_join(v[i], -1);
	free(v);
}

/* In a forked child: reset everything that belonged to the parent. */
void
proc_after_fork_child(void)
{
	struct proc *p = proc_child_record, *q;
	pid_t parent = p != NULL ? p->owner : getppid();
	unsigned i;

	trace_after_fork_child();

	/* The parent's children are not ours: forget them, close their fds. */
	TAILQ_FOREACH(q, &proc_list, entry) {
		if (q->pidfd != -1)
			close(q->pidfd);
		q->pidfd = -1;
		q->listed = 0;
	}
	TAILQ_INIT(&proc_list);
	pthread_mutex_init(&proc_lock, NULL);
	proc_cond_ready = 0;
	proc_cond_init();
	if (proc_watch_pipe[0] != -1) {
		close(proc_watch_pipe[0]);
		close(proc_watch_pipe[1]);
	}
	proc_watch_pipe[0] = proc_watch_pipe[1] = -1;
	proc_watch_started = 0;
	pthread_mutex_init(&proc_exit_lock, NULL);
	memset(proc_exit_hooks, 0, sizeof proc_exit_hooks);

	if (p != NULL) {
		proc_child_record = NULL;
		free(proc_me_parent_name);
		proc_me_parent_name = xstrdup(proc_self_name());
		proc_me_parent_entity = proc_me_entity;
		proc_me_parent_pid = parent;
		proc_me_entity = p->entity;
		free(proc_me_name);
		proc_me_name = xstrdup(p->name);
		free(proc_me_identity);
		proc_me_identity = xstrdup(p->identity);
		proc_me_daemon = p->daemon;
		proc_counter = 0;
	}
	proc_contain_after_fork_child(parent, p == NULL || proc_forked_from_main);
	rt_intr_after_fork_child();

	for (i = 0; i < proc_nfork_hooks; i++)
		proc_fork_hooks[i].fn(proc_fork_hooks[i].arg);
}

/* End this child: exit hooks, children, stdio, trace; then _exit. */
void
proc_exit(int status)
{
	int i;

	for (i = PROC_MAX_EXIT_HOOKS - 1; i >= 0; i--) {
		pthread_mutex_lock(&proc_exit_lock);
		struct proc_hook h = proc_exit_hooks[i];
		proc_exit_hooks[i].fn = NULL;
		pthread_mutex_unlock(&proc_exit_lock);
		if (h.fn != NULL)
			h.fn(h.arg);
	}
	proc_shutdown_children();
	fflush(NULL);
	if (trace_on)
		trace_stop();
	_exit(status & 0xff);
}
