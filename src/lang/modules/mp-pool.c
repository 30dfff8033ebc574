/*
 * mp-pool.c — the C half of multiprocessing.Pool: a process pool
 * (src/rt/proc-pool.c) whose workers call module-level functions of
 * __main__ by name, as pickling does, with arguments and results crossing
 * as IPC values. Callbacks are the Python half's business: the Pool's
 * result-handler thread waits in _p_done() and runs them as each job
 * completes, as CPython's does. Interpreter threads only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "lang/lang.h"
#include "lang/modules/mp.h"
#include "lang/modules/rtbind.h"
#include "rt/ipc-mgr.h"
#include "rt/proc.h"
#include "rt/proc-pool.h"

static struct proc_pool	**mpp_pools;
static size_t		  mpp_npools;
static struct pool_job	**mpp_jobs;
static size_t		  mpp_njobs;

/* In a worker: task = (function name, args, kwargs). */
static struct ipc_value *
mpp_run(void *ctx, const struct ipc_value *task, int *raised)
{
	struct vm_thread *t = vm_cur;
	struct val fn, args, kwargs, r, exc;
	struct ipc_value *out;
	struct tuple *a;

	if (task->type != IPC_TUPLE || task->n != 3 ||
	    task->items[0]->type != IPC_STR) {
		*raised = 1;
		return ipc_value_exc("builtins", "RuntimeError",
		    ipc_tuple(1, ipc_value_str("bad task", 8)));
	}
	fn = dict_get_cstr(t->interp->main_globals, task->items[0]->s);
	if (fn.tag == V_NULL) {
		*raised = 1;
		return ipc_value_exc("builtins", "AttributeError", ipc_tuple(1,
		    ipc_value_str("Can't get attribute on <module '__main__'>",
		    41)));
	}
	args = mp_from_ipc(t, task->items[1]);
	kwargs = args.tag != V_NULL ? mp_from_ipc(t, task->items[2]) :
	    val_null();
	if (args.tag == V_NULL || kwargs.tag == V_NULL)
		r = val_null();		/* an argument could not be unpickled */
	else {
		a = VAL_AS(tuple, args);
		r = vm_call(t, fn, a->items, (int)a->len, IS_DICT(kwargs) ?
		    VAL_AS(dict, kwargs) : NULL);
	}
	val_decref(args);
	val_decref(kwargs);
	if (r.tag == V_NULL) {
		exc = t->exc;
		t->exc = val_null();
		if (val_is_obj(exc, L_EXC) && type_is_subtype(exc.u.o->type,
		    EXC(KeyboardInterrupt))) {
			/* As CPython's worker: Ctrl-C is no task's error; the
			   worker dies of it with its traceback. */
			fflush(stdout);
			fprintf(stderr, "Process %s:\n", proc_self_name());
			vm_print_exception(t, exc, stderr);
			val_decref(exc);
			fflush(NULL);
			proc_exit(1);
		}
		*raised = 1;
		out = mp_to_ipc(t, exc, 0);
		val_decref(exc);
		if (out == NULL) {
			vm_clear_exc(t);
			out = ipc_value_exc("builtins", "Exception",
			    ipc_value_container(IPC_TUPLE));
		}
		return out;
	}
	out = mp_to_ipc(t, r, 0);
	val_decref(r);
	if (out == NULL) {
		exc = t->exc;
		t->exc = val_null();
		*raised = 1;
		out = mp_to_ipc(t, exc, 0);
		val_decref(exc);
	}
	return out;
}

static struct proc_pool *
mpp_pool(struct vm_thread *t, struct val h)
{
	if (h.tag != V_INT || h.u.i < 0 || (size_t)h.u.i >= mpp_npools ||
	    mpp_pools[h.u.i] == NULL) {
		vm_raise(t, EXC(ValueError), "Pool not running");
		return NULL;
	}
	return mpp_pools[h.u.i];
}

static struct pool_job *
mpp_job(struct vm_thread *t, struct val h)
{
	if (h.tag != V_INT || h.u.i < 0 || (size_t)h.u.i >= mpp_njobs ||
	    mpp_jobs[h.u.i] == NULL) {
		vm_raise(t, EXC(ValueError), "bad job");
		return NULL;
	}
	return mpp_jobs[h.u.i];
}

/* _p_new(processes) */
static struct val
mpp_new(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct proc_pool *pool;
	char *cause = NULL;
	int64_t np = 0;
	struct val e;

	if (n >= 1 && a[0].tag != V_NONE && arg_int(t, "Pool", a[0], &np) != 0)
		return val_null();
	if (n >= 1 && a[0].tag != V_NONE && np < 1)
		return vm_raise(t, EXC(ValueError),
		    "Number of processes must be at least 1");
	fflush(NULL);
	if ((pool = proc_pool_create((unsigned)np, mpp_run, NULL, &cause)) ==
	    NULL) {
		e = vm_raise(t, EXC(OSError), "%s", cause);
		free(cause);
		return e;
	}
	mpp_pools = xreallocarray(mpp_pools, mpp_npools + 1, sizeof *mpp_pools);
	mpp_pools[mpp_npools] = pool;
	return val_int((int64_t)mpp_npools++);
}

/*
 * _p_submit(pool, func, [(args, kwargs), ...], chunksize[, notify]) -> job;
 * with notify the job comes out of _p_done(pool) once every task is done.
 */
static struct val
mpp_submit(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct ipc_value **tasks, *args, *kwargs;
	struct proc_pool *pool;
	struct pool_job *job;
	struct func *fn;
	struct list *l;
	char *cause = NULL;
	int64_t chunk, i, j;
	struct val e, item;

	if (arg_count(t, "_p_submit", n, 4, 5) != 0 ||
	    (pool = mpp_pool(t, a[0])) == NULL ||
	    arg_int(t, "_p_submit", a[3], &chunk) != 0 || !IS_LIST(a[2]))
		return val_null();
	if (!val_is_obj(a[1], L_FUNC))
		return vm_raise(t, EXC(TypeError), "cannot pickle '%s' object",
		    val_type_name(a[1]));
	fn = VAL_AS(func, a[1]);
	if (strchr(fn->qualname->data, '<') != NULL ||
	    strchr(fn->qualname->data, '.') != NULL)
		return vm_raise(t, EXC(AttributeError),
		    "Can't pickle local object '%s'", fn->qualname->data);
	l = VAL_AS(list, a[2]);
	tasks = xcalloc((size_t)l->len + 1, sizeof *tasks);
	for (i = 0; i < l->len; i++) {
		item = l->items[i];
		args = mp_to_ipc(t, VAL_AS(tuple, item)->items[0], 0);
		kwargs = args == NULL ? NULL :
		    mp_to_ipc(t, VAL_AS(tuple, item)->items[1], 0);
		if (kwargs == NULL) {
			ipc_value_free(args);
			for (j = 0; j < i; j++)
				ipc_value_free(tasks[j]);
			free(tasks);
			return val_null();
		}
		tasks[i] = ipc_tuple(3, ipc_value_str(fn->name->data,
		    (size_t)fn->name->len), args, kwargs);
	}
	job = proc_pool_submit(pool, tasks, (size_t)l->len,
	    chunk < 1 ? 1 : (size_t)chunk, NULL, NULL, &cause);
	if (job == NULL) {
		e = vm_raise(t, EXC(ValueError), "%s", cause);
		free(cause);
		return e;
	}
	mpp_jobs = xreallocarray(mpp_jobs, mpp_njobs + 1, sizeof *mpp_jobs);
	mpp_jobs[mpp_njobs] = job;
	/* notify: the pool's result handler hears when the job is done. */
	if (n >= 5 && obj_truth(t, a[4]) == 1)
		proc_pool_job_notify(job, (uint64_t)mpp_njobs);
	return val_int((int64_t)mpp_njobs++);
}

/* _p_wait(job, index or None, timeout) -> True when ready */
static struct val
mpp_wait(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct pool_job *job;
	int64_t idx = -1, ns = -1;
	double secs;
	int r;

	if (arg_count(t, "_p_wait", n, 3, 3) != 0 ||
	    (job = mpp_job(t, a[0])) == NULL)
		return val_null();
	if (a[1].tag != V_NONE && arg_int(t, "_p_wait", a[1], &idx) != 0)
		return val_null();
	if (a[2].tag != V_NONE) {
		if (arg_float(t, a[2], &secs) != 0)
			return val_null();
		ns = secs < 0 ? 0 : (int64_t)(secs * 1e9);
	}
	fflush(stdout);
	r = idx < 0 ? proc_pool_job_wait(job, ns) :
	    proc_pool_job_wait_index(job, (size_t)idx, ns);
	if (r < 0)
		return vm_raise(t, EXC(ValueError), "Pool not running");
	if (r == 0 && rtbind_interrupted(t))
		return val_null();
	return val_bool(r == 1);
}

/* _p_next(job, timeout) -> index of the next result (completion order) */
static struct val
mpp_next(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct pool_job *job;
	size_t idx;
	int r;

	if (arg_count(t, "_p_next", n, 1, 1) != 0 ||
	    (job = mpp_job(t, a[0])) == NULL)
		return val_null();
	r = proc_pool_job_next(job, -1, &idx);
	if (r != 1) {
		if (rtbind_interrupted(t))
			return val_null();
		return val_none();
	}
	return val_int((int64_t)idx);
}

/*
 * _p_done(pool) -> the next job submitted with notify whose tasks are all
 * done (completion order), or None once the pool is terminated or joined:
 * the loop of the Pool's result-handler thread.
 */
static struct val
mpp_done(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct proc_pool *pool;
	uint64_t tag;

	if (arg_count(t, "_p_done", n, 1, 1) != 0 ||
	    (pool = mpp_pool(t, a[0])) == NULL)
		return val_null();
	if (proc_pool_next_done(pool, -1, &tag) != 1) {
		if (rtbind_interrupted(t))
			return val_null();
		return val_none();
	}
	return val_int((int64_t)tag);
}

/* _p_result(job, i) -> (ok, value) */
static struct val
mpp_result(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	const struct ipc_value *v;
	struct pool_job *job;
	struct tuple *tu;
	int64_t i;
	int ok = 0;

	if (arg_count(t, "_p_result", n, 2, 2) != 0 ||
	    (job = mpp_job(t, a[0])) == NULL ||
	    arg_int(t, "_p_result", a[1], &i) != 0)
		return val_null();
	if ((v = proc_pool_job_result(job, (size_t)i, &ok)) == NULL)
		return val_none();
	tu = tuple_new(2);
	tu->items[0] = val_bool(ok);
	tu->items[1] = mp_from_ipc(t, v);
	return val_obj(tu);
}

/* _p_op(pool, op): close, join, terminate */
static struct val
mpp_op(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct proc_pool *pool;
	const char *op;

	if (arg_count(t, "_p_op", n, 2, 2) != 0 ||
	    (pool = mpp_pool(t, a[0])) == NULL || !IS_STR(a[1]))
		return val_null();
	op = VAL_AS(str, a[1])->data;
	fflush(stdout);
	if (strcmp(op, "close") == 0)
		proc_pool_close(pool);
	else if (strcmp(op, "join") == 0)
		proc_pool_join(pool);
	else if (strcmp(op, "terminate") == 0)
		proc_pool_terminate(pool);
	return val_none();
}

void
mp_pool_register(struct module *m)
{
	module_add_func(m, "_p_new", mpp_new);
	module_add_func(m, "_p_submit", mpp_submit);
	module_add_func(m, "_p_wait", mpp_wait);
	module_add_func(m, "_p_next", mpp_next);
	module_add_func(m, "_p_done", mpp_done);
	module_add_func(m, "_p_result", mpp_result);
	module_add_func(m, "_p_op", mpp_op);
}
