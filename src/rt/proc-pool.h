/*
 * proc-pool.h — the process pool behind multiprocessing.Pool and
 * concurrent.futures.ProcessPoolExecutor: N forked worker processes
 * ("ForkPoolWorker-N"), a task queue (a Queue: submitting never blocks), a
 * result queue, and a result-handler thread in the parent that files each
 * result under its job and calls the job's callback.
 *
 * Tasks and results are IPC values (ipc-wire.h); what a task means is the
 * business of the function given at creation, which runs in the workers
 * (the interpreter maps a task to "call this function with these
 * arguments"). Jobs: apply_async is a job of one task; map, starmap, imap
 * and imap_unordered are a job of n tasks sent in chunks.
 *
 * Threads: every function may be called from any thread of the process
 * that created the pool; the callback runs on the result-handler thread
 * (which holds no GIL: a callback into Python takes it). Never prints.
 */
#ifndef CONCVIZ_RT_PROC_POOL_H
#define CONCVIZ_RT_PROC_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "rt/ipc-wire.h"

struct proc_pool;
struct pool_job;

/*
 * Run one task in a worker. Returns the result (owned by the caller), or
 * the exception raised (an IPC_EXC value) with *raised set.
 */
typedef struct ipc_value *(*pool_fn)(void *ctx, const struct ipc_value *task,
		    int *raised);
/*
 * A result arrived in the parent: task index of job, ok (0: v is the
 * exception). Runs on the result-handler thread.
 */
typedef void	(*pool_cb)(void *arg, struct pool_job *job, size_t index, int ok,
		    const struct ipc_value *v);

/* Fork nproc workers (0: cpu_count). NULL with *cause on failure. */
struct proc_pool *proc_pool_create(unsigned nproc, pool_fn fn, void *ctx,
		    char **cause);
/*
 * Submit n tasks (the array and the values are taken) in chunks of
 * chunksize (0: 1). cb may be NULL. NULL with *cause ("Pool not running")
 * after close or terminate.
 */
struct pool_job	*proc_pool_submit(struct proc_pool *pool,
		    struct ipc_value **tasks, size_t n, size_t chunksize,
		    pool_cb cb, void *cbarg, char **cause);
/*
 * Wait until every task of job is done (timeout_ns < 0: forever). Returns
 * 1 when done, 0 on timeout, -1 if the pool was terminated first. The
 * calling thread shows Blocked (Timed Waiting) on a future.
 */
int		 proc_pool_job_wait(struct pool_job *job, int64_t timeout_ns);
/* Wait for task index i only (imap): 1, 0 on timeout, -1 terminated. */
int		 proc_pool_job_wait_index(struct pool_job *job, size_t i,
		    int64_t timeout_ns);
/*
 * Wait for the next result not yet taken, in completion order
 * (imap_unordered): 1 with *index, 0 on timeout, -1 terminated or all
 * taken.
 */
int		 proc_pool_job_next(struct pool_job *job, int64_t timeout_ns,
		    size_t *index);
/* Result of task i once done: the value (owned by the job) and ok. */
const struct ipc_value *proc_pool_job_result(struct pool_job *job, size_t i,
		    int *ok);
size_t		 proc_pool_job_size(struct pool_job *job);
/*
 * Put tag on the pool's completion queue when every task of job is done
 * (at once if they are): what a result-handler in the caller waits for.
 */
void		 proc_pool_job_notify(struct pool_job *job, uint64_t tag);
/*
 * Wait for the next tag on the completion queue, in completion order:
 * 1 with *tag, 0 on timeout, -1 once the pool is terminated, or joined
 * with every tag delivered. The caller shows Blocked on the pool's results.
 */
int		 proc_pool_next_done(struct proc_pool *pool, int64_t timeout_ns,
		    uint64_t *tag);
int		 proc_pool_job_ready(struct pool_job *job);
void		 proc_pool_job_free(struct pool_job *job);

/* No more submissions. */
void		 proc_pool_close(struct proc_pool *pool);
/* After close: let the workers finish every task, then reap them. */
void		 proc_pool_join(struct proc_pool *pool);
/* Kill the workers now (SIGTERM), reap them; pending jobs fail. */
void		 proc_pool_terminate(struct proc_pool *pool);
/* Terminate if still running, free everything (jobs included). */
void		 proc_pool_free(struct proc_pool *pool);
unsigned	 proc_pool_size(struct proc_pool *pool);
/* Worker pid i (for tests and the UI). */
int		 proc_pool_worker_pid(struct proc_pool *pool, unsigned i);

#endif
