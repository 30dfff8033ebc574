/*
 * proc-limit.c — the run-wide limit on the number of live processes.
 *
 * The count lives in one anonymous MAP_SHARED page mapped by the root before
 * its first fork, so every process of the run (children, grandchildren) sees
 * and updates the same counter with atomic operations. Nothing is left in
 * /dev/shm. This file emits no events and never prints: cmd-run.c calls it
 * to plumb --max-procs before anything else is set up.
 */
#include "config.h"

#include <sys/mman.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "rt/proc.h"
#include "rt/proc-int.h"

/* The shared page: written by any process of the run, atomically. */
struct proc_limit_page {
	unsigned	max;
	unsigned	live;
};

static struct proc_limit_page *proc_limit_page;
static unsigned proc_limit_wanted = PROC_MAX_DEFAULT;

pid_t (*proc_fork_fn)(void) = fork;

/* Map the shared page on first use (in the root, before any fork). */
static struct proc_limit_page *
proc_limit_map(void)
{
	void *p;

	if (proc_limit_page != NULL)
		return proc_limit_page;
	p = mmap(NULL, sizeof *proc_limit_page, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		fatal("proc: mmap of the process counter: %s", strerror(errno));
	proc_limit_page = p;
	__atomic_store_n(&proc_limit_page->max, proc_limit_wanted,
	    __ATOMIC_RELAXED);
	__atomic_store_n(&proc_limit_page->live, 1, __ATOMIC_RELAXED);
	return proc_limit_page;
}

/* Set the limit for the run; takes effect for every process of the run. */
void
proc_limit_set(unsigned n)
{
	if (n < 1)
		n = 1;
	proc_limit_wanted = n;
	if (proc_limit_page != NULL)
		__atomic_store_n(&proc_limit_page->max, n, __ATOMIC_RELAXED);
}

/* The limit in force. */
unsigned
proc_limit_get(void)
{
	if (proc_limit_page != NULL)
		return __atomic_load_n(&proc_limit_page->max, __ATOMIC_RELAXED);
	return proc_limit_wanted;
}

/* Parse the argument of --max-procs. */
int
proc_limit_parse(const char *s, unsigned *n, char **cause)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > 4096) {
		*cause = xasprintf("bad process limit '%s' (expected 1 to 4096)",
		    s);
		return -1;
	}
	*n = (unsigned)v;
	return 0;
}

/* Take a slot for a process about to be forked. */
int
proc_limit_reserve(const char *name, char **cause)
{
	struct proc_limit_page *pg = proc_limit_map();
	unsigned live, max;

	live = __atomic_load_n(&pg->live, __ATOMIC_RELAXED);
	do {
		max = __atomic_load_n(&pg->max, __ATOMIC_RELAXED);
		if (live >= max) {
			*cause = xasprintf("cannot start %s: the run already has "
			    "%u processes, the limit (raise it with "
			    "--max-procs=N)", name, live);
			errno = EAGAIN;
			return -1;
		}
	} while (!__atomic_compare_exchange_n(&pg->live, &live, live + 1, 0,
	    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	return 0;
}

/* Give a slot back. */
void
proc_limit_release(void)
{
	struct proc_limit_page *pg = proc_limit_map();
	unsigned live;

	live = __atomic_load_n(&pg->live, __ATOMIC_RELAXED);
	do {
		if (live <= 1)
			return;
	} while (!__atomic_compare_exchange_n(&pg->live, &live, live - 1, 0,
	    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
}

/* Live processes in the run. */
unsigned
proc_limit_live(void)
{
	return __atomic_load_n(&proc_limit_map()->live, __ATOMIC_RELAXED);
}
