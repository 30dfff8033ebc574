/*
 * ipc-queue.c — multiprocessing's Queue, JoinableQueue and SimpleQueue on a
 * real pipe.
 *
 * Shared part (in the shm arena, one per queue for the whole run): a read
 * lock so one reader at a time takes a whole frame, a write lock so frames
 * never interleave, a slots semaphore for maxsize, the item count for
 * qsize(), and for JoinableQueue the unfinished-task count and its
 * condition. Per-process part (heap memory copied by fork, reset in the
 * child by a fork hook): the pipe's fds and a feeder — a buffer and a
 * thread that writes buffered messages to the pipe, so put() never blocks
 * on a full pipe, exactly as CPython's Queue. A process flushes its feeder
 * before it ends (proc_exit hook in children, atexit in the root).
 *
 * Threads: the per-process list of queues and each feeder's buffer are
 * guarded by ipc_queues_lock and the queue's fm; the feeder thread never
 * holds the GIL and shows no states. Never prints.
 *
 * Fork safety (trace/forkgate.h): every change of a feeder's buffer (put,
 * the feeder taking a message, freeing it) is a fork-gate section, entered
 * before fm is taken (order: gate, then fm; never the reverse), so a child
 * never inherits a buffer half changed nor an allocator lock the feeder
 * held. The feeder waits for work and writes to the pipe outside the gate
 * (writing a frame does not allocate). It is made with
 * forkgate_thread_create() and, once closed and flushed, ends with
 * forkgate_thread_end(): join_thread waits for FEEDER_DONE, never with
 * pthread_join().
 */
#include "config.h"

#include <sys/queue.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "rt/ipc.h"
#include "rt/ipc-conn.h"
#include "rt/ipc-int.h"
#include "rt/proc.h"
#include "rt/shm.h"
#include "trace/emit.h"
#include "trace/forkgate.h"

/* Shared by every process of the run. */
struct ipc_queue_sh {
	struct shm_sem	*rlock;
	struct shm_sem	*wlock;
	struct shm_sem	*slots;		/* NULL when unbounded */
	int64_t		 size;		/* atomic: put, not yet got */
	int64_t		 refs;		/* atomic: processes holding it */
	pthread_mutex_t	 jm;		/* JoinableQueue */
	pthread_cond_t	 jc;
	int64_t		 unfinished;	/* guarded by jm */
	int		 kind;
	int64_t		 maxsize;
	uint32_t	 entity;
};

enum ipc_feeder_state {
	FEEDER_NONE,		/* not started in this process */
	FEEDER_RUNNING,
	FEEDER_DONE		/* flushed and ended */
};

struct ipc_queue {
	struct ipc_queue_sh	*sh;
	int			 rfd;
	int			 wfd;
	int			 closed;
	/* The feeder of this process: guarded by fm. */
	pthread_mutex_t		 fm;
	pthread_cond_t		 fc;
	struct buf		*pend;
	size_t			 head, npend, cap;
	int			 inflight;
	int			 closing;
	enum ipc_feeder_state	 feeder;
	pthread_t		 thread;
	int			 exit_hook;
	TAILQ_ENTRY(ipc_queue)	 entry;	/* ipc_queues_lock */
};
TAILQ_HEAD(ipc_queue_head, ipc_queue);

/* The queues of this process: guarded by ipc_queues_lock. */
static struct ipc_queue_head ipc_queues = TAILQ_HEAD_INITIALIZER(ipc_queues);
static pthread_mutex_t ipc_queues_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t ipc_queues_once = PTHREAD_ONCE_INIT;
static unsigned ipc_queue_counter;

/* Reset the per-process part of q (a fresh process, or a new queue). */
static void
ipc_queue_local_init(struct ipc_queue *q)
{
	pthread_condattr_t ca;

	pthread_mutex_init(&q->fm, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&q->fc, &ca);
	pthread_condattr_destroy(&ca);
	q->pend = NULL;
	q->head = q->npend = q->cap = 0;
	q->inflight = 0;
	q->closing = 0;
	q->closed = 0;
	q->feeder = FEEDER_NONE;
	q->exit_hook = -1;
}

/* Fork hook: the parent's buffered messages are the parent's to write. */
static void
ipc_queue_after_fork(void *arg)
{
	struct ipc_queue *q;
	size_t i;

	pthread_mutex_init(&ipc_queues_lock, NULL);
	TAILQ_FOREACH(q, &ipc_queues, entry) {
		for (i = q->head; i < q->npend; i++)
			buf_fini(&q->pend[i]);
		free(q->pend);
		ipc_queue_local_init(q);
		__atomic_add_fetch(&q->sh->refs, 1, __ATOMIC_RELAXED);
	}
}

/* Once per process image: the fork hook and the root's exit flush. */
static void
ipc_queues_init(void)
{
	proc_atfork_child(ipc_queue_after_fork, NULL);
	atexit(ipc_queue_flush_all);
}

struct ipc_queue *
ipc_queue_create(enum ipc_queue_kind kind, int64_t maxsize, char **cause)
{
	struct ipc_queue_sh *sh;
	struct ipc_queue *q;
	char name[48];
	int fds[2];

	pthread_once(&ipc_queues_once, ipc_queues_init);
	ipc_ignore_sigpipe();
	if (pipe2(fds, O_CLOEXEC) != 0) {
		*cause = xasprintf("pipe: %s", strerror(errno));
		return NULL;
	}
	sh = shm_alloc(sizeof *sh);
	sh->kind = kind;
	sh->maxsize = kind == IPC_SIMPLE || maxsize <= 0 ? 0 : maxsize;
	sh->rlock = shm_sem_create_quiet(SHM_LOCK, 1);
	sh->wlock = shm_sem_create_quiet(SHM_LOCK, 1);
	if (sh->maxsize > 0)
		sh->slots = shm_sem_create_quiet(SHM_BOUNDED, sh->maxsize);
	ipc_pshared_mutex_init(&sh->jm);
	ipc_pshared_cond_init(&sh->jc);
	sh->refs = 1;
	if (trace_on) {
		snprintf(name, sizeof name, "%s-%u", kind == IPC_SIMPLE ?
		    "SimpleQueue" : kind == IPC_JOINABLE ? "JoinableQueue" :
		    "Queue", __atomic_add_fetch(&ipc_queue_counter, 1,
		    __ATOMIC_RELAXED));
		sh->entity = trace_entity_new(TRACE_ENT_QUEUE,
		    proc_self_entity(), name);
	}

	q = xcalloc(1, sizeof *q);
	q->sh = sh;
	q->rfd = fds[0];
	q->wfd = fds[1];
	ipc_queue_local_init(q);
	pthread_mutex_lock(&ipc_queues_lock);
	TAILQ_INSERT_TAIL(&ipc_queues, q, entry);
	pthread_mutex_unlock(&ipc_queues_lock);
	return q;
}

/* The feeder thread: write buffered messages, one frame at a time. */
static void *
ipc_feeder_main(void *arg)
{
	struct ipc_queue *q = arg;
	struct buf m;
	sigset_t all;
	char *cause = NULL;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	for (;;) {
		/* Wait for work outside the gate, take it inside. */
		pthread_mutex_lock(&q->fm);
		while (q->head == q->npend && !q->closing)
			pthread_cond_wait(&q->fc, &q->fm);
		pthread_mutex_unlock(&q->fm);
		forkgate_enter();
		pthread_mutex_lock(&q->fm);
		if (q->head == q->npend && !q->closing) {
			pthread_mutex_unlock(&q->fm);
			forkgate_leave();
			continue;
		}
		if (q->head == q->npend) {
			q->feeder = FEEDER_DONE;
			pthread_cond_broadcast(&q->fc);
			pthread_mutex_unlock(&q->fm);
			forkgate_leave();
			/* q may be freed from here on: touch it no more. */
			forkgate_thread_end();
			return NULL;
		}
		m = q->pend[q->head++];
		if (q->head == q->npend)
			q->head = q->npend = 0;
		q->inflight = 1;
		pthread_mutex_unlock(&q->fm);
		forkgate_leave();

		shm_sem_acquire_for(q->sh->wlock, 1, -1, TRACE_WHY_QUEUE,
		    q->sh->entity, IPC_QUIET | IPC_NOGIL);
		/* A reader-less pipe drops the message, as CPython's feeder. */
		if (ipc_frame_write(q->wfd, 0, m.data, m.len, &cause) != 0) {
			forkgate_enter();
			free(cause);
			forkgate_leave();
			cause = NULL;
		}
		shm_sem_release_quiet(q->sh->wlock);
		forkgate_enter();
		buf_fini(&m);
		forkgate_leave();

		pthread_mutex_lock(&q->fm);
		q->inflight = 0;
		pthread_cond_broadcast(&q->fc);
		pthread_mutex_unlock(&q->fm);
	}
}

/* proc_exit hook: a child flushes its feeder before it ends. */
static void
ipc_queue_exit_flush(void *arg)
{
	struct ipc_queue *q = arg;

	q->exit_hook = -1;
	ipc_queue_close(q);
	ipc_queue_join_thread(q);
}

/* Start this process's feeder (fm held). */
static void
ipc_feeder_start_locked(struct ipc_queue *q)
{
	int e;

	if (q->feeder == FEEDER_RUNNING)
		return;
	q->closing = 0;
	if ((e = forkgate_thread_create(&q->thread, NULL, ipc_feeder_main,
	    q)) != 0)
		fatal("queue: feeder thread: %s", strerror(e));
	q->feeder = FEEDER_RUNNING;
	if (q->exit_hook == -1 && proc_parent_pid() != 0)
		q->exit_hook = proc_exit_register(ipc_queue_exit_flush, q);
}

/* Write a message straight to the pipe (SimpleQueue). */
static int
ipc_queue_put_direct(struct ipc_queue *q, const void *p, size_t len,
    char **cause)
{
	struct ipc_wait w;
	int r;

	shm_sem_acquire_for(q->sh->wlock, 1, -1, TRACE_WHY_QUEUE,
	    q->sh->entity, IPC_QUIET);
	ipc_wait_begin(&w, TRACE_WHY_QUEUE, q->sh->entity, 0);
	r = ipc_frame_write(q->wfd, 0, p, len, cause);
	ipc_wait_end(&w);
	shm_sem_release_quiet(q->sh->wlock);
	if (r == 0)
		trace_emit(TRACE_EV_QUEUE_PUT, ipc_current_entity(), 0,
		    q->sh->entity, 0);
	return r == 0 ? 1 : -1;
}

int
ipc_queue_put_bytes(struct ipc_queue *q, const void *p, size_t len, int block,
    int64_t timeout_ns, char **cause)
{
	struct buf *m;
	int64_t size;

	if (q->closed) {
		*cause = xstrdup("Queue is closed");
		return -1;
	}
	if (len > IPC_MAX_MESSAGE) {
		*cause = xasprintf("message too large (%zu bytes, at most %zu)",
		    len, IPC_MAX_MESSAGE);
		return -1;
	}
	if (q->sh->kind == IPC_SIMPLE)
		return ipc_queue_put_direct(q, p, len, cause);
	if (q->sh->slots != NULL && !shm_sem_acquire_for(q->sh->slots, block,
	    block ? timeout_ns : 0, TRACE_WHY_QUEUE, q->sh->entity, IPC_QUIET))
		return 0;

	forkgate_enter();
	pthread_mutex_lock(&q->fm);
	ipc_feeder_start_locked(q);
	if (q->npend == q->cap) {
		q->cap = q->cap == 0 ? 16 : q->cap * 2;
		q->pend = xreallocarray(q->pend, q->cap, sizeof *q->pend);
	}
	m = &q->pend[q->npend++];
	buf_init(m);
	buf_add(m, p, len);
	if (q->sh->kind == IPC_JOINABLE) {
		ipc_mutex_lock(&q->sh->jm);
		q->sh->unfinished++;
		pthread_mutex_unlock(&q->sh->jm);
	}
	size = __atomic_add_fetch(&q->sh->size, 1, __ATOMIC_ACQ_REL);
	pthread_cond_broadcast(&q->fc);
	pthread_mutex_unlock(&q->fm);
	forkgate_leave();
	trace_emit(TRACE_EV_QUEUE_PUT, ipc_current_entity(), 0, q->sh->entity,
	    (uint64_t)size);
	return 1;
}

int
ipc_queue_get_bytes(struct ipc_queue *q, struct buf *out, int block,
    int64_t timeout_ns, char **cause)
{
	uint64_t deadline;
	int64_t size = 0;
	int r;

	if (q->closed) {
		*cause = xstrdup("Queue is closed");
		return -1;
	}
	if (!block)
		timeout_ns = 0;
	deadline = ipc_deadline(timeout_ns);
	if (!shm_sem_acquire_for(q->sh->rlock, 1, timeout_ns, TRACE_WHY_QUEUE,
	    q->sh->entity, IPC_QUIET))
		return 0;
	if (!ipc_fd_wait(q->rfd, POLLIN, deadline, TRACE_WHY_QUEUE,
	    q->sh->entity)) {
		shm_sem_release_quiet(q->sh->rlock);
		return 0;
	}
	r = ipc_frame_read(q->rfd, out, cause);
	shm_sem_release_quiet(q->sh->rlock);
	if (r == 0) {
		*cause = xstrdup("EOF: every writer of the queue is gone");
		return -1;
	}
	if (r < 0)
		return -1;
	if (q->sh->kind != IPC_SIMPLE) {
		if (q->sh->slots != NULL)
			shm_sem_release_quiet(q->sh->slots);
		size = __atomic_sub_fetch(&q->sh->size, 1, __ATOMIC_ACQ_REL);
	}
	trace_emit(TRACE_EV_QUEUE_GET, ipc_current_entity(), 0, q->sh->entity,
	    (uint64_t)size);
	return 1;
}

int
ipc_queue_put(struct ipc_queue *q, const struct ipc_value *v, int block,
    int64_t timeout_ns, char **cause)
{
	struct buf b;
	int r;

	buf_init(&b);
	forkgate_enter();	/* a C caller may hold no GIL */
	ipc_wire_encode(&b, v);
	forkgate_leave();
	r = ipc_queue_put_bytes(q, b.data, b.len, block, timeout_ns, cause);
	forkgate_enter();
	buf_fini(&b);
	forkgate_leave();
	return r;
}

int
ipc_queue_get(struct ipc_queue *q, struct ipc_value **v, int block,
    int64_t timeout_ns, char **cause)
{
	struct buf b;
	int r;

	buf_init(&b);
	r = ipc_queue_get_bytes(q, &b, block, timeout_ns, cause);
	/* The pool's result handler gets here without a GIL. */
	forkgate_enter();
	if (r == 1 && (*v = ipc_wire_decode(b.data, b.len, cause)) == NULL)
		r = -1;
	buf_fini(&b);
	forkgate_leave();
	return r;
}

int64_t
ipc_queue_qsize(struct ipc_queue *q)
{
	return __atomic_load_n(&q->sh->size, __ATOMIC_ACQUIRE);
}

int
ipc_queue_empty(struct ipc_queue *q)
{
	struct pollfd pfd = { q->rfd, POLLIN, 0 };

	return poll(&pfd, 1, 0) != 1;
}

int
ipc_queue_full(struct ipc_queue *q)
{
	return q->sh->slots != NULL && shm_sem_value(q->sh->slots) == 0;
}

int
ipc_queue_task_done(struct ipc_queue *q, char **cause)
{
	if (q->sh->kind != IPC_JOINABLE) {
		*cause = xstrdup("task_done() needs a JoinableQueue");
		return -1;
	}
	ipc_mutex_lock(&q->sh->jm);
	if (q->sh->unfinished <= 0) {
		pthread_mutex_unlock(&q->sh->jm);
		*cause = xstrdup("task_done() called too many times");
		return -1;
	}
	if (--q->sh->unfinished == 0)
		pthread_cond_broadcast(&q->sh->jc);
	pthread_mutex_unlock(&q->sh->jm);
	return 0;
}

void
ipc_queue_join(struct ipc_queue *q)
{
	struct ipc_wait w;
	int64_t left;

	ipc_mutex_lock(&q->sh->jm);
	left = q->sh->unfinished;
	pthread_mutex_unlock(&q->sh->jm);
	if (left == 0)
		return;
	ipc_wait_begin(&w, TRACE_WHY_QUEUE, q->sh->entity, 0);
	ipc_mutex_lock(&q->sh->jm);
	while (q->sh->unfinished > 0)
		if (ipc_cond_wait(&q->sh->jc, &q->sh->jm, 0) == EINTR)
			break;
	pthread_mutex_unlock(&q->sh->jm);
	ipc_wait_end(&w);
}

void
ipc_queue_close(struct ipc_queue *q)
{
	pthread_mutex_lock(&q->fm);
	q->closed = 1;
	q->closing = 1;
	pthread_cond_broadcast(&q->fc);
	pthread_mutex_unlock(&q->fm);
}

void
ipc_queue_join_thread(struct ipc_queue *q)
{
	struct ipc_wait w;
	int running;

	pthread_mutex_lock(&q->fm);
	running = q->feeder != FEEDER_NONE;
	q->closing = 1;
	pthread_cond_broadcast(&q->fc);
	pthread_mutex_unlock(&q->fm);
	if (!running)
		return;
	ipc_wait_begin(&w, TRACE_WHY_QUEUE, q->sh->entity, 0);
	pthread_mutex_lock(&q->fm);
	if (q->feeder != FEEDER_NONE) {
		/* Done and out of q; the fork gate joins the thread. */
		while (q->feeder != FEEDER_DONE)
			pthread_cond_wait(&q->fc, &q->fm);
		q->feeder = FEEDER_NONE;
	}
	pthread_mutex_unlock(&q->fm);
	ipc_wait_end(&w);
}

/* Flush every queue's feeder (the end of a process). */
void
ipc_queue_flush_all(void)
{
	struct ipc_queue *q;

	pthread_mutex_lock(&ipc_queues_lock);
	TAILQ_FOREACH(q, &ipc_queues, entry) {
		pthread_mutex_lock(&q->fm);
		q->closing = 1;
		pthread_cond_broadcast(&q->fc);
		pthread_mutex_unlock(&q->fm);
		ipc_queue_join_thread(q);
	}
	pthread_mutex_unlock(&ipc_queues_lock);
}

void
ipc_queue_free(struct ipc_queue *q)
{
	struct ipc_queue_sh *sh;
	size_t i;

	if (q == NULL)
		return;
	ipc_queue_close(q);
	ipc_queue_join_thread(q);
	if (q->exit_hook != -1)
		proc_exit_unregister(q->exit_hook);
	pthread_mutex_lock(&ipc_queues_lock);
	TAILQ_REMOVE(&ipc_queues, q, entry);
	pthread_mutex_unlock(&ipc_queues_lock);
	for (i = q->head; i < q->npend; i++)
		buf_fini(&q->pend[i]);
	free(q->pend);
	close(q->rfd);
	close(q->wfd);
	sh = q->sh;
	if (__atomic_sub_fetch(&sh->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		shm_sem_free(sh->rlock);
		shm_sem_free(sh->wlock);
		shm_sem_free(sh->slots);
		shm_free(sh);
	}
	pthread_mutex_destroy(&q->fm);
	pthread_cond_destroy(&q->fc);
	free(q);
}

uint32_t
ipc_queue_entity(struct ipc_queue *q)
{
	return q->sh->entity;
}

int
ipc_queue_fileno(struct ipc_queue *q)
{
	return q->rfd;
}
