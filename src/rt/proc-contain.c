/*
 * proc-contain.c — nothing is left behind: every process of a run dies with
 * the run and is reaped.
 *
 * Three mechanisms, each covering what the others cannot:
 *  - the root is a child subreaper, so a grandchild orphaned by its parent's
 *    death comes back to the root and is reaped at cleanup;
 *  - every child sets PR_SET_PDEATHSIG (SIGKILL): when the process that
 *    forked it dies, even by SIGKILL, the kernel kills it too, and the chain
 *    continues down the tree (a child forked from a thread other than the
 *    main one watches its parent's pidfd instead, since the signal follows
 *    the forking thread, not the process);
 *  - SIGTERM and SIGHUP (and SIGINT when intr.c has not made it a
 *    KeyboardInterrupt, or on a repeat) run a handler (inherited by every child)
 *    that sends SIGTERM to each child, waits a bounded time for them
 *    (escalating to SIGKILL), reaps them, and then dies of the same signal,
 *    so the exit status stays what the sender expects (-15 for terminate()).
 *    A normal exit of the root runs the same sweep from atexit.
 *
 * The live children are kept in a fixed array of atomics so the signal
 * handler can read it without locks. Only async-signal-safe calls in the
 * handler. This file never prints.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rt/intr.h"
#include "rt/proc.h"
#include "rt/proc-int.h"
#include "trace/forkgate.h"

/* Live children of this process: any thread writes, handlers read. */
#define CONTAIN_SLOTS	4096
static pid_t	contain_pids[CONTAIN_SLOTS];
static int	contain_root;
static pid_t	contain_root_pid;
static int	contain_installed;

static const int contain_signals[] = { SIGINT, SIGTERM, SIGHUP };

/* Remember a live child. */
void
proc_contain_track(pid_t pid)
{
	pid_t zero;
	size_t i;

	for (i = 0; i < CONTAIN_SLOTS; i++) {
		zero = 0;
		if (__atomic_compare_exchange_n(&contain_pids[i], &zero, pid,
		    0, __ATOMIC_RELEASE, __ATOMIC_RELAXED))
			return;
	}
}

/* Forget a child once reaped. */
void
proc_contain_untrack(pid_t pid)
{
	size_t i;

	for (i = 0; i < CONTAIN_SLOTS; i++) {
		if (__atomic_load_n(&contain_pids[i], __ATOMIC_RELAXED) == pid) {
			__atomic_store_n(&contain_pids[i], 0, __ATOMIC_RELEASE);
			return;
		}
	}
}

/* Sleep about one millisecond (async-signal-safe). */
static void
contain_nap(void)
{
	struct timespec ts = { 0, 1000000 };

	nanosleep(&ts, NULL);
}

/*
 * Take every tracked child down: SIGTERM, up to ~1 s for them to go
 * (their own handlers take their children down first), then SIGKILL.
 * Reaps each one. Async-signal-safe.
 */
static void
contain_sweep(void)
{
	pid_t pid, r;
	size_t i;
	int tries, left;

	for (i = 0; i < CONTAIN_SLOTS; i++)
		if ((pid = __atomic_load_n(&contain_pids[i], __ATOMIC_ACQUIRE)) > 0)
			kill(pid, SIGTERM);
	for (tries = 0; tries < 2000; tries++) {
		left = 0;
		for (i = 0; i < CONTAIN_SLOTS; i++) {
			pid = __atomic_load_n(&contain_pids[i], __ATOMIC_ACQUIRE);
			if (pid <= 0)
				continue;
			r = waitpid(pid, NULL, WNOHANG);
			if (r == pid || (r == -1 && errno == ECHILD))
				__atomic_store_n(&contain_pids[i], 0,
				    __ATOMIC_RELEASE);
			else {
				left++;
				if (tries == 1000)
					kill(pid, SIGKILL);
			}
		}
		if (left == 0)
			break;
		contain_nap();
	}
}

/* Kill and reap children reparented to us (root only; not in a handler). */
static void
contain_reap_orphans(void)
{
	char path[64], buf[512], *p;
	struct dirent *de;
	pid_t me = getpid(), pid, ppid;
	int tries, found;
	FILE *f;
	DIR *d;

	for (tries = 0; tries < 1000; tries++) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if ((d = opendir("/proc")) == NULL)
			return;
		found = 0;
		while ((de = readdir(d)) != NULL) {
			if ((pid = (pid_t)atoi(de->d_name)) <= 0)
				continue;
			snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
			if ((f = fopen(path, "r")) == NULL)
				continue;
			if (fgets(buf, sizeof buf, f) != NULL &&
			    (p = strrchr(buf, ')')) != NULL &&
			    sscanf(p + 2, "%*c %d", &ppid) == 1 && ppid == me) {
				found++;
				kill(pid, SIGKILL);
			}
			fclose(f);
		}
		closedir(d);
		if (found == 0)
			return;
		while (waitpid(-1, NULL, 0) > 0)
			;
	}
}

/* Kill and reap the whole tree below this process. */
void
proc_cleanup_all(void)
{
	contain_sweep();
	if (contain_root)
		contain_reap_orphans();
}

/* atexit: the root's sweep at a normal end. */
static void
contain_atexit(void)
{
	if (contain_root && getpid() == contain_root_pid)
		proc_cleanup_all();
}

/* SIGINT / SIGTERM / SIGHUP: take the tree down, then die of sig. */
void
proc_contain_fatal_signal(int sig)
{
	struct sigaction sa;
	int saved = errno;

	contain_sweep();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	/* Pending until the handler returns and unblocks it: then we die. */
	kill(getpid(), sig);
	errno = saved;
}

/* Install the handlers (inherited by every child across fork). */
static void
contain_install(void)
{
	struct sigaction sa, old;
	size_t i;

	if (contain_installed)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = proc_contain_fatal_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof contain_signals / sizeof contain_signals[0]; i++)
		sigaddset(&sa.sa_mask, contain_signals[i]);
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < sizeof contain_signals / sizeof contain_signals[0]; i++) {
		sigaction(contain_signals[i], NULL, &old);
		/* Respect an ignored SIGHUP (nohup) or SIGINT (background). */
		if (old.sa_handler == SIG_IGN)
			continue;
		/* SIGINT raises KeyboardInterrupt first (intr.c). */
		if (contain_signals[i] == SIGINT && rt_intr_enabled())
			continue;
		sigaction(contain_signals[i], &sa, NULL);
	}
	contain_installed = 1;
}

/* Make this process the root of a run. */
void
proc_contain_init(void)
{
	if (contain_root)
		return;
	contain_root = 1;
	contain_root_pid = getpid();
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	contain_install();
	atexit(contain_atexit);
}

/* Watch the parent's pidfd; when it ends, end too. */
static void *
contain_parent_watch(void *arg)
{
	struct pollfd pfd = { (int)(intptr_t)arg, POLLIN, 0 };
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	while (poll(&pfd, 1, -1) == -1 && errno == EINTR)
		;
	kill(getpid(), SIGKILL);
	return NULL;
}

/* In a forked child: die with the parent; the parent's children are not ours. */
void
proc_contain_after_fork_child(pid_t parent, int from_main)
{
	pthread_attr_t a;
	pthread_t t;
	int fd = -1;

	memset(contain_pids, 0, sizeof contain_pids);
	contain_root = 0;
	/*
	 * The parent-death signal fires when the forking *thread* ends. From
	 * the main thread that is the process's end; from another thread it
	 * could be any time, so watch the parent process itself instead.
	 */
	if (!from_main)
		fd = (int)syscall(SYS_pidfd_open, parent, 0);
	if (fd != -1) {
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		pthread_attr_init(&a);
		pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
		if (forkgate_thread_create(&t, &a, contain_parent_watch,
		    (void *)(intptr_t)fd) != 0) {
			close(fd);
			fd = -1;
		}
		pthread_attr_destroy(&a);
	}
	if (fd == -1)
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	/* The parent may have died before we watched: then we go now. */
	if (getppid() != parent)
		raise(SIGKILL);
}

/* Nonzero in the root of a run. */
int
proc_contain_is_root(void)
{
	return contain_root;
}
