/*
 * watch.c — the /proc sampler behind "concviz watch" and "concviz attach".
 *
 * Owns the table of processes and threads seen in one tree and the mapping
 * of kernel states to the notes' five states:
 *
 *	R			Runnable (running)
 *	S in nanosleep, or in poll/select/epoll/futex with a timeout
 *				Timed Waiting (sleep, I/O, a lock)
 *	S in futex, read, wait4, ... without a timeout
 *				Blocked/Waiting (a lock, a pipe, I/O, input,
 *				join), from /proc/.../syscall and the fd
 *	D			Blocked/Waiting (I/O, uninterruptible)
 *	T, t			Blocked/Waiting (stopped)
 *	Z			Terminated (zombie) for a process
 *	gone			Terminated
 *
 * Each process is an entity (parent: its parent process) and so is each of
 * its threads (parent: the process); a process's own state is its main
 * thread's. Processes are found from the root through
 * /proc/PID/task/TID/children, or by scanning /proc when the kernel lacks
 * that file. It must not act on the observed programs: it only reads.
 */
#include "config.h"

#include <sys/syscall.h>
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "trace/emit.h"
#include "watch/watch.h"

/* One process or thread seen. */
struct watch_task {
	pid_t			 pid;		/* its process */
	pid_t			 tid;		/* == pid: the main thread */
	unsigned long long	 start;		/* starttime: tells reuse apart */
	uint32_t		 entity;	/* the thread's entity */
	uint32_t		 pentity;	/* the process's (main thread only) */
	int			 state, why;	/* last emitted */
	int			 ended;
	int64_t			 code;		/* exit code once known (zombie) */
	unsigned		 gen;		/* last sample that saw it */
	char			 comm[32];
};

struct watch {
	pid_t			 root;
	int			 spawned;
	struct watch_task	*v;
	size_t			 n, cap;
	unsigned		 gen;
	int			 have_children;	/* /proc/.../children exists */
	pid_t			*queue;		/* processes to visit */
	size_t			 nq, capq;
};

/* Read a small file into buf (NUL-terminated); -1 if unreadable. */
static ssize_t
watch_read(const char *path, char *buf, size_t size)
{
	int	fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t	n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* What a descriptor of pid is: 'p' pipe, 's' socket, 't' terminal, 0. */
static int
watch_fdkind(int fd, void *arg)
{
	pid_t	*pid = arg;
	char	 path[64], to[256];
	ssize_t	 n;

	snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)*pid, fd);
	if ((n = readlink(path, to, sizeof to - 1)) < 0)
		return 0;
	to[n] = '\0';
	if (strncmp(to, "pipe:", 5) == 0)
		return 'p';
	if (strncmp(to, "socket:", 7) == 0)
		return 's';
	if (strncmp(to, "/dev/pts/", 9) == 0 || strncmp(to, "/dev/tty", 8) == 0)
		return 't';
	return 0;
}

/* A blocking read or write: on what. */
static int
watch_io_why(int kind)
{
	switch (kind) {
	case 'p':
		return TRACE_WHY_PIPE;
	case 't':
		return TRACE_WHY_INPUT;
	default:
		return TRACE_WHY_IO;
	}
}

struct watch_class
watch_classify(char letter, const char *line, int (*fdkind)(int, void *),
    void *arg)
{
	struct watch_class	 c = { TRACE_ST_BLOCKED, TRACE_WHY_NONE };
	unsigned long long	 a[6] = { 0 };
	long			 nr;
	char			*end;
	int			 i, timed;

	switch (letter) {
	case 'R':
		c.state = TRACE_ST_RUNNING;
		return c;
	case 'D':
		c.why = TRACE_WHY_IO;
		return c;
	case 'Z':
		c.state = TRACE_ST_ZOMBIE;
		return c;
	case 'X':
		c.state = TRACE_ST_TERMINATED;
		return c;
	case 'S':
		break;
	default:		/* T, t (stopped), I (idle) and anything new */
		return c;
	}
	if (line == NULL)
		return c;
	if (strncmp(line, "running", 7) == 0) {
		c.state = TRACE_ST_RUNNING;
		return c;
	}
	nr = strtol(line, &end, 10);
	if (end == line || nr < 0)
		return c;
	for (i = 0; i < 6; i++) {
		while (*end == ' ')
			end++;
		a[i] = strtoull(end, &end, 0);
	}
	timed = -1;		/* not a call we know */
	switch (nr) {
#ifdef SYS_nanosleep
	case SYS_nanosleep:
#endif
	case SYS_clock_nanosleep:
		c.state = TRACE_ST_TIMED;
		c.why = TRACE_WHY_SLEEP;
		return c;
	case SYS_futex:
		/* WAIT, WAIT_BITSET, LOCK_PI...: the timeout is argument 4. */
		timed = a[3] != 0;
		c.why = TRACE_WHY_LOCK;
		break;
#ifdef SYS_poll
	case SYS_poll:
		timed = (int)a[2] >= 0;
		c.why = TRACE_WHY_IO;
		break;
#endif
	case SYS_ppoll:
		timed = a[2] != 0;
		c.why = TRACE_WHY_IO;
		break;
#ifdef SYS_select
	case SYS_select:
#endif
	case SYS_pselect6:
		timed = a[4] != 0;
		c.why = TRACE_WHY_IO;
		break;
#ifdef SYS_epoll_wait
	case SYS_epoll_wait:
#endif
	case SYS_epoll_pwait:
		timed = (int)a[3] >= 0;
		c.why = TRACE_WHY_IO;
		break;
	case SYS_wait4:
	case SYS_waitid:
		timed = 0;
		c.why = TRACE_WHY_JOIN;
		break;
	case SYS_read:
	case SYS_readv:
	case SYS_pread64:
	case SYS_write:
	case SYS_writev:
	case SYS_recvfrom:
	case SYS_recvmsg:
	case SYS_sendto:
	case SYS_sendmsg:
		timed = 0;
		c.why = watch_io_why(fdkind != NULL ? fdkind((int)a[0], arg) : 0);
		break;
	case SYS_accept:
	case SYS_accept4:
	case SYS_connect:
		timed = 0;
		c.why = TRACE_WHY_IO;
		break;
	case SYS_flock:
		timed = 0;
		c.why = TRACE_WHY_LOCK;
		break;
	case SYS_rt_sigtimedwait:
		timed = a[2] != 0;
		c.why = TRACE_WHY_EVENT;
		break;
	default:
		break;
	}
	if (timed == 1)
		c.state = TRACE_ST_TIMED;
	return c;
}

struct watch *
watch_create(pid_t root, int spawned)
{
	struct watch	*w = xcalloc(1, sizeof *w);
	char		 path[64];

	w->root = root;
	w->spawned = spawned;
	snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)getpid(),
	    (int)getpid());
	w->have_children = access(path, R_OK) == 0;
	return w;
}

void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	free(w->v);
	free(w->queue);
	free(w);
}

/* The task with this tid and start time, or NULL. */
static struct watch_task *
watch_find(struct watch *w, pid_t tid, unsigned long long start)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->v[i].tid == tid && w->v[i].start == start &&
		    !w->v[i].ended)
			return &w->v[i];
	return NULL;
}

/* The live main-thread record of process pid, or NULL. */
static struct watch_task *
watch_proc(struct watch *w, pid_t pid)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->v[i].tid == pid && w->v[i].pid == pid && !w->v[i].ended)
			return &w->v[i];
	return NULL;
}

/* Queue a process to visit (once per sample). */
static void
watch_enqueue(struct watch *w, pid_t pid)
{
	size_t i;

	for (i = 0; i < w->nq; i++)
		if (w->queue[i] == pid)
			return;
	if (w->nq == w->capq) {
		w->capq = w->capq ? w->capq * 2 : 16;
		w->queue = xreallocarray(w->queue, w->capq, sizeof *w->queue);
	}
	w->queue[w->nq++] = pid;
}

/* Emit a task's state if it changed (and the process's, for its main). */
static void
watch_set(struct watch_task *t, int state, int why)
{
	if (t->state == state && t->why == why)
		return;
	t->state = state;
	t->why = why;
	trace_state(t->entity, state == TRACE_ST_ZOMBIE ? TRACE_ST_TERMINATED :
	    state, why, 0, (uint64_t)t->code);
	if (t->pentity != 0)
		trace_state(t->pentity, state, why, 0, (uint64_t)t->code);
}

/* Mark a task ended (Terminated, with its exit code if known). */
static void
watch_end(struct watch_task *t)
{
	t->ended = 1;
	trace_state(t->entity, TRACE_ST_TERMINATED, TRACE_WHY_NONE, 0,
	    (uint64_t)t->code);
	if (t->pentity != 0)
		trace_state(t->pentity, TRACE_ST_TERMINATED, TRACE_WHY_NONE, 0,
		    (uint64_t)t->code);
}

/* A wait status as an exit code: n, or -signal (as multiprocessing). */
static int64_t
watch_code(int status)
{
	if ((status & 0x7f) == 0)
		return (status >> 8) & 0xff;
	return -(int64_t)(status & 0x7f);
}

/* Parse a stat line: state letter, ppid, starttime, comm, exit_code. */
static int
watch_parse_stat(const char *buf, char *letter, pid_t *ppid,
    unsigned long long *start, char *comm, size_t commsz, int *status)
{
	const char	*l = strchr(buf, '('), *r = strrchr(buf, ')'), *p;
	size_t		 n;
	int		 field;

	if (l == NULL || r == NULL || r < l || r[1] != ' ' || r[2] == '\0')
		return -1;
	n = (size_t)(r - l - 1);
	if (n >= commsz)
		n = commsz - 1;
	memcpy(comm, l + 1, n);
	comm[n] = '\0';
	*letter = r[2];
	/* Fields after the state: ppid is field 4, starttime field 22. */
	p = r + 4;
	*ppid = (pid_t)strtol(p, NULL, 10);
	for (field = 4; field < 22 && p != NULL; field++) {
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	if (p == NULL)
		return -1;
	*start = strtoull(p, NULL, 10);
	/* exit_code (field 52, Linux 3.5+): the wait status of a zombie. */
	for (; field < 52 && p != NULL; field++) {
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	*status = p != NULL ? (int)strtol(p, NULL, 10) : 0;
	return 0;
}

/* Visit one thread of process pid. */
static char
watch_thread(struct watch *w, pid_t pid, pid_t tid)
{
	struct watch_task	*t, *pt;
	struct watch_class	 c;
	char			 path[80], stat[1024], sys[256], comm[32];
	char			 letter, name[64];
	int			 status;
	pid_t			 ppid;
	unsigned long long	 start;

	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	if (watch_read(path, stat, sizeof stat) < 0 ||
	    watch_parse_stat(stat, &letter, &ppid, &start, comm,
	    sizeof comm, &status) != 0)
		return 0;
	snprintf(path, sizeof path, "/proc/%d/task/%d/syscall", (int)pid,
	    (int)tid);
	c = watch_classify(letter, letter == 'S' && watch_read(path, sys,
	    sizeof sys) > 0 ? sys : NULL, watch_fdkind, &pid);
	if ((t = watch_find(w, tid, start)) == NULL) {
		if (w->n == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 32;
			w->v = xreallocarray(w->v, w->cap, sizeof *w->v);
		}
		t = &w->v[w->n++];
		memset(t, 0, sizeof *t);
		t->pid = pid;
		t->tid = tid;
		t->start = start;
		t->state = -1;
		snprintf(t->comm, sizeof t->comm, "%s", comm);
		if (tid == pid) {
			pt = ppid != pid ? watch_proc(w, ppid) : NULL;
			snprintf(name, sizeof name, "%s (pid %d)", comm, (int)pid);
			t->pentity = trace_entity_new(TRACE_ENT_PROCESS,
			    pt != NULL ? pt->pentity : 0, name);
			snprintf(name, sizeof name, "%s (tid %d)", comm, (int)tid);
			t->entity = trace_entity_new(TRACE_ENT_THREAD,
			    t->pentity, name);
		} else {
			pt = watch_proc(w, pid);
			snprintf(name, sizeof name, "%s (tid %d)", comm, (int)tid);
			t->entity = trace_entity_new(TRACE_ENT_THREAD,
			    pt != NULL ? pt->pentity : 0, name);
		}
	} else if (strcmp(t->comm, comm) != 0) {
		/* exec() or a thread naming itself. */
		snprintf(t->comm, sizeof t->comm, "%s", comm);
		snprintf(name, sizeof name, "%s (tid %d)", comm, (int)tid);
		trace_emit_str(TRACE_EV_ENTITY_NAME, t->entity, 0, 0, 0, name,
		    strlen(name));
		if (t->pentity != 0) {
			snprintf(name, sizeof name, "%s (pid %d)", comm,
			    (int)pid);
			trace_emit_str(TRACE_EV_ENTITY_NAME, t->pentity, 0, 0, 0,
			    name, strlen(name));
		}
	}
	t->gen = w->gen;
	if (letter == 'Z' && tid == pid)
		t->code = watch_code(status);
	watch_set(t, c.state, c.why);
	return letter;
}

/* Visit one process: its threads, then queue its children. */
static char
watch_process(struct watch *w, pid_t pid)
{
	char		 path[64], buf[4096], *p, *end;
	DIR		*d;
	struct dirent	*de;
	char		 root_letter;
	pid_t		 tid, child;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if ((d = opendir(path)) == NULL)
		return 0;
	/* The main thread first, so that the process entity exists. */
	root_letter = watch_thread(w, pid, pid);
	while ((de = readdir(d)) != NULL) {
		tid = (pid_t)strtol(de->d_name, &end, 10);
		if (*end != '\0' || tid <= 0)
			continue;
		if (tid != pid)
			(void)watch_thread(w, pid, tid);
		if (!w->have_children)
			continue;
		snprintf(buf, sizeof buf, "/proc/%d/task/%d/children", (int)pid,
		    (int)tid);
		if (watch_read(buf, buf, sizeof buf) <= 0)
			continue;
		for (p = buf; *p != '\0'; p = end) {
			child = (pid_t)strtol(p, &end, 10);
			if (end == p)
				break;
			if (child > 0)
				watch_enqueue(w, child);
		}
	}
	closedir(d);
	if (!w->have_children) {
		/* Scan /proc for processes whose parent is pid. */
		if ((d = opendir("/proc")) != NULL) {
			while ((de = readdir(d)) != NULL) {
				child = (pid_t)strtol(de->d_name, &end, 10);
				if (*end != '\0' || child <= 0)
					continue;
				snprintf(path, sizeof path, "/proc/%d/stat",
				    (int)child);
				if (watch_read(path, buf, sizeof buf) > 0 &&
				    (p = strrchr(buf, ')')) != NULL &&
				    p[1] == ' ' && p[2] != '\0' &&
				    strtol(p + 3, NULL, 10) == pid)
					watch_enqueue(w, child);
			}
			closedir(d);
		}
	}
	return root_letter;
}

char
watch_sample(struct watch *w)
{
	size_t	i;
	char	root_letter;

	w->gen++;
	w->nq = 0;
	watch_enqueue(w, w->root);
	root_letter = 0;
	for (i = 0; i < w->nq; i++) {
		char l = watch_process(w, w->queue[i]);

		if (i == 0)
			root_letter = l;
	}
	/* What was not seen this time has ended. */
	for (i = 0; i < w->n; i++) {
		struct watch_task *t = &w->v[i];

		if (t->ended || t->gen == w->gen)
			continue;
		watch_end(t);
	}
	return root_letter;
}

void
watch_root_gone(struct watch *w, int status)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		struct watch_task *t = &w->v[i];

		if (t->pid != w->root)
			continue;
		if (status != -1)
			t->code = watch_code(status);
		if (!t->ended)
			watch_end(t);
	}
}

size_t
watch_seen(const struct watch *w, size_t *threads)
{
	size_t i, np = 0;

	for (i = 0; i < w->n; i++)
		if (w->v[i].pentity != 0)
			np++;
	if (threads != NULL)
		*threads = w->n;
	return np;
}
