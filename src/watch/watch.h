/*
 * watch.h — observe any program's processes and threads from /proc.
 *
 * A watcher samples /proc/PID/task/TID/{stat,syscall} of a process tree and
 * turns what the kernel says into the five states of the notes (see
 * watch.c for the mapping), emitting entities and state changes through the
 * trace emit path like the runtime does for our own interpreter. It never
 * stops, signals or ptraces the observed programs. Single-threaded: every
 * function runs on the calling thread.
 */
#ifndef CONCVIZ_WATCH_WATCH_H
#define CONCVIZ_WATCH_WATCH_H

#include <sys/types.h>

#include <stdint.h>

struct watch;

/* What the kernel says of one thread, mapped to the notes' states. */
struct watch_class {
	int		 state;		/* enum trace_state */
	int		 why;		/* enum trace_reason */
};

/*
 * Map a thread's /proc state letter and its /proc .../syscall line (NULL
 * if unreadable) to a state and reason. fdkind(fd, arg) names what a
 * descriptor is ('p' pipe, 's' socket, 't' terminal, 0 other), for reads.
 */
struct watch_class watch_classify(char letter, const char *syscall_line,
		    int (*fdkind)(int fd, void *arg), void *arg);

/* Start watching the tree rooted at pid (our child if spawned is 1). */
struct watch	*watch_create(pid_t root, int spawned);
void		 watch_free(struct watch *);

/*
 * One sample: find the tree's processes and threads, emit what changed.
 * Returns the root's state letter ('Z' a zombie, 0 once gone).
 */
char		 watch_sample(struct watch *);

/*
 * The root is gone (reaped with wait status, or vanished: -1): its threads
 * end. Descendants still alive are left as last seen (they go on running;
 * the watch stops).
 */
void		 watch_root_gone(struct watch *, int status);

/* Processes and threads seen so far. */
size_t		 watch_seen(const struct watch *, size_t *threads);

#endif
