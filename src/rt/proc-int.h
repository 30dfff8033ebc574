/*
 * proc-int.h — what the process files share among themselves (proc-core.c,
 * proc-limit.c, proc-contain.c) and with their tests. Not for other rooms:
 * their API is proc.h, ipc.h and shm.h.
 */
#ifndef CONCVIZ_RT_PROC_INT_H
#define CONCVIZ_RT_PROC_INT_H

#include <sys/types.h>

/*
 * Reserve a slot in the run-wide process count before a fork. Returns 0, or
 * -1 with errno EAGAIN and *cause naming the limit. name is the process
 * being started, for the message.
 */
int	proc_limit_reserve(const char *name, char **cause);
/* Give a slot back (a child was reaped, or its fork failed). */
void	proc_limit_release(void);
/* Live processes of the run now, the root included. */
unsigned proc_limit_live(void);

/* The fork() proc_start() calls: tests replace it to inject failures. */
extern pid_t (*proc_fork_fn)(void);

/* Containment: remember / forget a live child (async-signal-safe reads). */
void	proc_contain_track(pid_t pid);
void	proc_contain_untrack(pid_t pid);
/*
 * In a forked child: die with the parent, forget the parent's children.
 * from_main: the parent forked from its main thread (else the parent-death
 * signal, which follows the forking thread, is replaced by a watcher).
 */
void	proc_contain_after_fork_child(pid_t parent, int from_main);
/* Nonzero in the root made by proc_contain_init(). */
int	proc_contain_is_root(void);

#endif
