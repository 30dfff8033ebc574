/*
 * proc-pool.c — a pool of forked worker processes (proc-pool.h).
 *
 * Messages: a task chunk is (job id, first index, (task, ...)) on the task
 * Queue, or None to stop a worker; a result chunk is (job id, first index,
 * ((ok, value), ...)) on the result SimpleQueue. The result-handler thread
 * polls the result queue and a wake pipe: the wake pipe tells it to drain
 * what is left and end (join) or to end at once (terminate).
 *
 * pool->mu guards the jobs and their results and the pool state; results
 * are filed under it and callbacks run outside it (a job is not freed while
 * its callback runs). Never prints.
 *
 * Fork safety (trace/forkgate.h): the handler holds no GIL, so what it
 * allocates or frees is a fork-gate section (ipc_queue_get gates its own
 * reads and decoding; filing and freeing results here), entered before
 * pool->mu; callbacks run outside the gate, as they may take the GIL. It
 * is made with forkgate_thread_create() and ends with forkgate_thread_end()
 * after handler_done: pool_stop_handler waits for that flag, never with
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

#include "core/buf.h"
#include "core/xmalloc.h"
#include "rt/intr.h"
#include "rt/ipc.h"
#include "rt/ipc-int.h"
#include "rt/ipc-mgr.h"
#include "rt/proc.h"
#include "rt/proc-pool.h"
#include "trace/emit.h"
#include "trace/forkgate.h"

enum pool_state {
	POOL_RUN,
	POOL_CLOSE,
	POOL_TERMINATE
};

struct pool_job {
	struct proc_pool	*pool;
	int64_t			 id;
	uint32_t		 entity;	/* a future, for wait states */
	size_t			 n, ndone, next_taken;
	struct ipc_value	**results;
	int			*ok;
	unsigned char		*done, *taken;
	pool_cb			 cb;
	void			*cbarg;
	int			 busy;		/* callbacks running */
	int			 orphan;	/* freed by its owner, pending */
	int			 notify;	/* queue tag when complete */
	int			 queued;
	uint64_t		 tag;
	TAILQ_ENTRY(pool_job)	 entry;
};
TAILQ_HEAD(pool_jobs, pool_job);

struct proc_pool {
	unsigned		 n;
	struct proc		**workers;
	struct ipc_queue	*inq, *outq;
	pool_fn			 fn;
	void			*ctx;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cond;
	struct pool_jobs	 jobs;
	int64_t			 next_job;
	enum pool_state		 state;
	int			 wake[2];
	pthread_t		 handler;
	int			 handler_running;
	int			 handler_done;
	int			 draining;	/* join: drain, then end */
	int			 joined;
	uint64_t		*doneq;		/* tags of completed jobs (FIFO) */
	size_t			 ndoneq, capdoneq;
};

/* Queue the tag of a job whose every task is done (pool->mu held). */
static void
pool_doneq_push(struct proc_pool *pool, struct pool_job *job)
{
	if (!job->notify || job->queued || job->ndone != job->n)
		return;
	if (pool->ndoneq == pool->capdoneq) {
		pool->capdoneq = pool->capdoneq ? pool->capdoneq * 2 : 16;
		pool->doneq = xreallocarray(pool->doneq, pool->capdoneq,
		    sizeof *pool->doneq);
	}
	pool->doneq[pool->ndoneq++] = job->tag;
	job->queued = 1;
}

/* --- the worker side ------------------------------------------------------ */

/* A worker's life: tasks in, results out, until None. */
static int
pool_worker_main(void *arg)
{
	struct proc_pool *pool = arg;
	struct ipc_value *msg, *tasks, *res, *out, *v;
	char *cause = NULL;
	size_t i;
	int raised, r;

	/*
	 * Ctrl-C reaches a worker in its tasks (the interpreter's business),
	 * never here between them: a pending one waits for the next task.
	 */
	for (;;) {
		rt_intr_hold();
		r = ipc_queue_get(pool->inq, &msg, 1, -1, &cause);
		rt_intr_unhold();
		if (r != 1)
			return 1;
		if (msg->type != IPC_TUPLE || msg->n != 3) {
			ipc_value_free(msg);
			return 0;	/* None: the pool is done with us */
		}
		tasks = msg->items[2];
		res = ipc_value_container(IPC_TUPLE);
		for (i = 0; i < tasks->n; i++) {
			raised = 0;
			v = pool->fn(pool->ctx, tasks->items[i], &raised);
			if (v == NULL)
				v = ipc_value_none();
			ipc_value_append(res, ipc_tuple(2,
			    ipc_value_bool(!raised), v));
		}
		out = ipc_tuple(3, ipc_value_int(msg->items[0]->i),
		    ipc_value_int(msg->items[1]->i), res);
		ipc_value_free(msg);
		rt_intr_hold();
		r = ipc_queue_put(pool->outq, out, 1, -1, &cause);
		rt_intr_unhold();
		if (r != 1)
			return 1;
		ipc_value_free(out);
	}
}

/* --- the parent side ------------------------------------------------------ */

/* Free a job (pool->mu held, not busy). */
static void
pool_job_destroy(struct pool_job *job)
{
	size_t i;

	TAILQ_REMOVE(&job->pool->jobs, job, entry);
	for (i = 0; i < job->n; i++)
		ipc_value_free(job->results[i]);
	free(job->results);
	free(job->ok);
	free(job->done);
	free(job->taken);
	free(job);
}

/* File one result chunk, then run the callbacks. */
static void
pool_file_results(struct proc_pool *pool, struct ipc_value *msg)
{
	struct pool_job *job;
	struct ipc_value *res;
	size_t first, i, at;

	if (msg->type != IPC_TUPLE || msg->n != 3)
		return;
	first = (size_t)msg->items[1]->i;
	res = msg->items[2];
	pthread_mutex_lock(&pool->mu);
	TAILQ_FOREACH(job, &pool->jobs, entry)
		if (job->id == msg->items[0]->i)
			break;
	if (job == NULL || first + res->n > job->n) {
		pthread_mutex_unlock(&pool->mu);
		return;
	}
	for (i = 0; i < res->n; i++) {
		at = first + i;
		job->ok[at] = (int)res->items[i]->items[0]->i;
		job->results[at] = res->items[i]->items[1];
		res->items[i]->n = 1;	/* the job owns the value now */
	}
	job->busy++;
	pthread_mutex_unlock(&pool->mu);

	/* As CPython's AsyncResult: the callback runs before get() returns. */
	if (job->cb != NULL)
		for (i = 0; i < res->n; i++)
			job->cb(job->cbarg, job, first + i, job->ok[first + i],
			    job->results[first + i]);

	forkgate_enter();	/* may free the job */
	pthread_mutex_lock(&pool->mu);
	for (i = 0; i < res->n; i++) {
		job->done[first + i] = 1;
		job->ndone++;
	}
	job->busy--;
	pool_doneq_push(pool, job);
	if (job->orphan && job->busy == 0 && job->ndone == job->n)
		pool_job_destroy(job);
	pthread_cond_broadcast(&pool->cond);
	pthread_mutex_unlock(&pool->mu);
	forkgate_leave();
}

/* The result-handler thread. */
static void *
pool_handler_main(void *arg)
{
	struct proc_pool *pool = arg;
	struct pollfd pfd[2];
	struct ipc_value *msg;
	char *cause = NULL, c;
	int r, drain;
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	pfd[0].fd = ipc_queue_fileno(pool->outq);
	pfd[0].events = POLLIN;
	pfd[1].fd = pool->wake[0];
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) == -1 && errno != EINTR)
			break;
		if (pfd[1].revents & POLLIN) {
			while (read(pool->wake[0], &c, 1) == 1)
				;
			pthread_mutex_lock(&pool->mu);
			drain = pool->draining && pool->state != POOL_TERMINATE;
			pthread_mutex_unlock(&pool->mu);
			/* Join: every worker has ended; file what is left. */
			while (drain && (r = ipc_queue_get(pool->outq, &msg, 0,
			    -1, &cause)) == 1) {
				pool_file_results(pool, msg);
				forkgate_enter();
				ipc_value_free(msg);
				forkgate_leave();
			}
			break;
		}
		if (pfd[0].revents & (POLLIN | POLLHUP)) {
			r = ipc_queue_get(pool->outq, &msg, 1, -1, &cause);
			if (r != 1)
				break;
			pool_file_results(pool, msg);
			forkgate_enter();
			ipc_value_free(msg);
			forkgate_leave();
		}
	}
	forkgate_enter();
	free(cause);
	forkgate_leave();
	pthread_mutex_lock(&pool->mu);
	pool->handler_done = 1;
	pthread_cond_broadcast(&pool->cond);
	pthread_mutex_unlock(&pool->mu);
	/* The pool may be freed from here on: touch it no more. */
	forkgate_thread_end();
	return NULL;
}

struct proc_pool *
proc_pool_create(unsigned nproc, pool_fn fn, void *ctx, char **cause)
{
	struct proc_pool *pool;
	char *name;
	unsigned i;
	int e;

	if (nproc == 0)
		nproc = (unsigned)proc_cpu_count();
	pool = xcalloc(1, sizeof *pool);
	pool->n = nproc;
	pool->fn = fn;
	pool->ctx = ctx;
	pool->next_job = 1;
	TAILQ_INIT(&pool->jobs);
	pthread_mutex_init(&pool->mu, NULL);
	{
		pthread_condattr_t ca;

		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&pool->cond, &ca);
		pthread_condattr_destroy(&ca);
	}
	if ((pool->inq = ipc_queue_create(IPC_QUEUE, 0, cause)) == NULL ||
	    (pool->outq = ipc_queue_create(IPC_SIMPLE, 0, cause)) == NULL ||
	    pipe2(pool->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		if (*cause == NULL)
			*cause = xasprintf("pipe: %s", strerror(errno));
		ipc_queue_free(pool->inq);
		ipc_queue_free(pool->outq);
		free(pool);
		return NULL;
	}
	pool->workers = xcalloc(nproc, sizeof *pool->workers);
	for (i = 0; i < nproc; i++) {
		pool->workers[i] = proc_create(NULL, 1, pool_worker_main, pool);
		name = xasprintf("ForkPoolWorker-%s",
		    proc_name(pool->workers[i]) + 8);
		proc_set_name(pool->workers[i], name);
		free(name);
		if (proc_start(pool->workers[i], cause) != 0) {
			pool->n = i;
			proc_free(pool->workers[i]);
			proc_pool_free(pool);
			return NULL;
		}
	}
	if ((e = forkgate_thread_create(&pool->handler, NULL, pool_handler_main,
	    pool)) != 0)
		fatal("pool: result handler: %s", strerror(e));
	pool->handler_running = 1;
	return pool;
}

struct pool_job *
proc_pool_submit(struct proc_pool *pool, struct ipc_value **tasks, size_t n,
    size_t chunksize, pool_cb cb, void *cbarg, char **cause)
{
	struct ipc_value *chunk, *msg;
	struct pool_job *job;
	size_t i, j;

	pthread_mutex_lock(&pool->mu);
	if (pool->state != POOL_RUN) {
		pthread_mutex_unlock(&pool->mu);
		for (i = 0; i < n; i++)
			ipc_value_free(tasks[i]);
		free(tasks);
		*cause = xstrdup("Pool not running");
		return NULL;
	}
	job = xcalloc(1, sizeof *job);
	job->pool = pool;
	job->id = pool->next_job++;
	job->n = n;
	job->results = xcalloc(n + 1, sizeof *job->results);
	job->ok = xcalloc(n + 1, sizeof *job->ok);
	job->done = xcalloc(n + 1, 1);
	job->taken = xcalloc(n + 1, 1);
	job->cb = cb;
	job->cbarg = cbarg;
	if (trace_on)
		job->entity = trace_entity_new(TRACE_ENT_FUTURE,
		    proc_self_entity(), "AsyncResult");
	TAILQ_INSERT_TAIL(&pool->jobs, job, entry);
	pthread_mutex_unlock(&pool->mu);

	if (chunksize == 0)
		chunksize = 1;
	for (i = 0; i < n; i += chunksize) {
		chunk = ipc_value_container(IPC_TUPLE);
		for (j = i; j < n && j < i + chunksize; j++)
			ipc_value_append(chunk, tasks[j]);
		msg = ipc_tuple(3, ipc_value_int(job->id),
		    ipc_value_int((int64_t)i), chunk);
		if (ipc_queue_put(pool->inq, msg, 1, -1, cause) != 1)
			fatal("pool: task queue: %s", *cause);
		ipc_value_free(msg);
	}
	free(tasks);
	return job;
}

/* Wait until pred(job, arg) holds; 1, 0 on timeout, -1 terminated. */
static int
pool_wait(struct pool_job *job, int64_t timeout_ns,
    int (*pred)(struct pool_job *, size_t), size_t arg)
{
	struct proc_pool *pool = job->pool;
	struct ipc_wait w;
	uint64_t deadline;
	int r, waited = 0;

	pthread_mutex_lock(&pool->mu);
	if (pred(job, arg)) {
		pthread_mutex_unlock(&pool->mu);
		return 1;
	}
	if (pool->state == POOL_TERMINATE || timeout_ns == 0) {
		pthread_mutex_unlock(&pool->mu);
		return pool->state == POOL_TERMINATE ? -1 : 0;
	}
	pthread_mutex_unlock(&pool->mu);
	deadline = ipc_deadline(timeout_ns);
	ipc_wait_begin(&w, TRACE_WHY_FUTURE, job->entity, deadline);
	pthread_mutex_lock(&pool->mu);
	while (!(r = pred(job, arg)) && pool->state != POOL_TERMINATE &&
	    !pool->handler_done) {
		waited = 1;
		if (ipc_cond_wait(&pool->cond, &pool->mu, deadline) != 0)
			break;
	}
	if (!r && (pool->state == POOL_TERMINATE || pool->handler_done))
		r = -1;
	pthread_mutex_unlock(&pool->mu);
	ipc_wait_end(&w);
	(void)waited;
	return r;
}

static int
pool_pred_all(struct pool_job *job, size_t arg)
{
	return job->ndone == job->n;
}

static int
pool_pred_index(struct pool_job *job, size_t i)
{
	return i >= job->n || job->done[i];
}

static int
pool_pred_any(struct pool_job *job, size_t arg)
{
	size_t i;

	for (i = 0; i < job->n; i++)
		if (job->done[i] && !job->taken[i])
			return 1;
	return job->next_taken == job->n;
}

int
proc_pool_job_wait(struct pool_job *job, int64_t timeout_ns)
{
	return pool_wait(job, timeout_ns, pool_pred_all, 0);
}

int
proc_pool_job_wait_index(struct pool_job *job, size_t i, int64_t timeout_ns)
{
	return pool_wait(job, timeout_ns, pool_pred_index, i);
}

int
proc_pool_job_next(struct pool_job *job, int64_t timeout_ns, size_t *index)
{
	int r = pool_wait(job, timeout_ns, pool_pred_any, 0);
	size_t i;

	if (r != 1)
		return r;
	pthread_mutex_lock(&job->pool->mu);
	r = -1;
	for (i = 0; i < job->n; i++) {
		if (job->done[i] && !job->taken[i]) {
			job->taken[i] = 1;
			job->next_taken++;
			*index = i;
			r = 1;
			break;
		}
	}
	pthread_mutex_unlock(&job->pool->mu);
	return r;
}

const struct ipc_value *
proc_pool_job_result(struct pool_job *job, size_t i, int *ok)
{
	const struct ipc_value *v = NULL;

	pthread_mutex_lock(&job->pool->mu);
	if (i < job->n && job->done[i]) {
		v = job->results[i];
		*ok = job->ok[i];
	}
	pthread_mutex_unlock(&job->pool->mu);
	return v;
}

size_t
proc_pool_job_size(struct pool_job *job)
{
	return job->n;
}

void
proc_pool_job_notify(struct pool_job *job, uint64_t tag)
{
	struct proc_pool *pool = job->pool;

	pthread_mutex_lock(&pool->mu);
	job->notify = 1;
	job->tag = tag;
	pool_doneq_push(pool, job);
	pthread_cond_broadcast(&pool->cond);
	pthread_mutex_unlock(&pool->mu);
}

int
proc_pool_next_done(struct proc_pool *pool, int64_t timeout_ns,
    uint64_t *tag)
{
	struct ipc_wait w;
	uint64_t deadline = 0;
	int r = 0, waited = 0;

	pthread_mutex_lock(&pool->mu);
	while (pool->ndoneq == 0 && pool->state != POOL_TERMINATE &&
	    !pool->handler_done && timeout_ns != 0) {
		if (!waited) {
			pthread_mutex_unlock(&pool->mu);
			deadline = ipc_deadline(timeout_ns);
			ipc_wait_begin(&w, TRACE_WHY_FUTURE, 0, deadline);
			pthread_mutex_lock(&pool->mu);
			waited = 1;
			continue;
		}
		if (ipc_cond_wait(&pool->cond, &pool->mu, deadline) != 0)
			break;
	}
	if (pool->ndoneq > 0) {
		*tag = pool->doneq[0];
		memmove(pool->doneq, pool->doneq + 1,
		    (pool->ndoneq - 1) * sizeof *pool->doneq);
		pool->ndoneq--;
		r = 1;
	} else if (pool->state == POOL_TERMINATE || pool->handler_done)
		r = -1;
	pthread_mutex_unlock(&pool->mu);
	if (waited)
		ipc_wait_end(&w);
	return r;
}

int
proc_pool_job_ready(struct pool_job *job)
{
	int r;

	pthread_mutex_lock(&job->pool->mu);
	r = job->ndone == job->n;
	pthread_mutex_unlock(&job->pool->mu);
	return r;
}

void
proc_pool_job_free(struct pool_job *job)
{
	struct proc_pool *pool;

	if (job == NULL)
		return;
	pool = job->pool;
	pthread_mutex_lock(&pool->mu);
	if (job->busy != 0 || (job->ndone < job->n &&
	    pool->state != POOL_TERMINATE && !pool->handler_done))
		job->orphan = 1;	/* the handler frees it when done */
	else
		pool_job_destroy(job);
	pthread_mutex_unlock(&pool->mu);
}

void
proc_pool_close(struct proc_pool *pool)
{
	pthread_mutex_lock(&pool->mu);
	if (pool->state == POOL_RUN)
		pool->state = POOL_CLOSE;
	pthread_mutex_unlock(&pool->mu);
}

/* Stop the handler thread (draining first if asked) and wait for it. */
static void
pool_stop_handler(struct proc_pool *pool, int drain)
{
	char c = 'x';

	if (!pool->handler_running)
		return;
	pthread_mutex_lock(&pool->mu);
	pool->draining = drain;
	pthread_mutex_unlock(&pool->mu);
	if (write(pool->wake[1], &c, 1) != 1)
		fatal("pool: wake pipe: %s", strerror(errno));
	/* The fork gate joins the thread (forkgate_thread_end). */
	pthread_mutex_lock(&pool->mu);
	while (!pool->handler_done)
		pthread_cond_wait(&pool->cond, &pool->mu);
	pthread_mutex_unlock(&pool->mu);
	pool->handler_running = 0;
}

void
proc_pool_join(struct proc_pool *pool)
{
	struct ipc_value *none;
	char *cause = NULL;
	unsigned i;

	pthread_mutex_lock(&pool->mu);
	if (pool->state == POOL_RUN)
		pool->state = POOL_CLOSE;	/* CPython raises; be forgiving */
	if (pool->joined) {
		pthread_mutex_unlock(&pool->mu);
		return;
	}
	pool->joined = 1;
	pthread_mutex_unlock(&pool->mu);

	if (pool->state != POOL_TERMINATE) {
		none = ipc_value_none();
		for (i = 0; i < pool->n; i++)
			if (ipc_queue_put(pool->inq, none, 1, -1, &cause) != 1)
				free(cause);
		ipc_value_free(none);
	}
	for (i = 0; i < pool->n; i++)
		proc_join(pool->workers[i], -1);
	pool_stop_handler(pool, 1);
}

void
proc_pool_terminate(struct proc_pool *pool)
{
	unsigned i;

	pthread_mutex_lock(&pool->mu);
	pool->state = POOL_TERMINATE;
	pthread_cond_broadcast(&pool->cond);
	pthread_mutex_unlock(&pool->mu);
	for (i = 0; i < pool->n; i++)
		proc_terminate(pool->workers[i]);
	for (i = 0; i < pool->n; i++)
		proc_join(pool->workers[i], -1);
	pool_stop_handler(pool, 0);
	pthread_mutex_lock(&pool->mu);
	pool->joined = 1;
	pthread_mutex_unlock(&pool->mu);
}

void
proc_pool_free(struct proc_pool *pool)
{
	struct pool_job *job;
	unsigned i;

	if (pool == NULL)
		return;
	if (!pool->joined)
		proc_pool_terminate(pool);
	pthread_mutex_lock(&pool->mu);
	while ((job = TAILQ_FIRST(&pool->jobs)) != NULL)
		pool_job_destroy(job);
	pthread_mutex_unlock(&pool->mu);
	for (i = 0; i < pool->n; i++)
		proc_free(pool->workers[i]);
	free(pool->workers);
	free(pool->doneq);
	ipc_queue_free(pool->inq);
	ipc_queue_free(pool->outq);
	close(pool->wake[0]);
	close(pool->wake[1]);
	pthread_cond_destroy(&pool->cond);
	pthread_mutex_destroy(&pool->mu);
	free(pool);
}

unsigned
proc_pool_size(struct proc_pool *pool)
{
	return pool->n;
}

int
proc_pool_worker_pid(struct proc_pool *pool, unsigned i)
{
	return i < pool->n ? (int)proc_pid(pool->workers[i]) : 0;
}
