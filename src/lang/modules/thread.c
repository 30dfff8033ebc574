/*
 * thread.c — the interpreter on the runtime: the VM's hooks implemented
 * with the GIL and the thread registry (src/rt), and the low-level _thread
 * module that threading and queue (threading.c) are written on.
 *
 * Primitives are C objects from src/rt addressed from Python by a handle
 * (a small int) into a process-wide table; the table lives as long as the
 * process (objects are never freed while a thread might wait on them).
 * Every call here runs with the GIL held, except inside the waits, which
 * src/rt performs without it.
 */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "lang/lang.h"
#include "lang/modules/rtbind.h"
#include "rt/intr.h"
#include "rt/proc-rt.h"
#include "rt/sync.h"
#include "rt/thread.h"
#include "trace/emit.h"

/* The runtime of this process (one interpreter per process). */
static struct rt	 rtb_rt;
static int		 rtb_installed;
static int		 rtb_main_done;

/* What a handle names. */
enum rtb_kind {
	RTB_THREAD = 1, RTB_LOCK, RTB_SEMA, RTB_EVENT, RTB_COND, RTB_BARRIER,
	RTB_QUEUE
};

struct rtb_handle {
	enum rtb_kind	 kind;
	void		*p;
};

static pthread_mutex_t	  rtb_mu = PTHREAD_MUTEX_INITIALIZER;
static struct rtb_handle *rtb_handles;
static size_t		  rtb_nhandles, rtb_caphandles;

/* Register p as a new handle of kind. */
static int64_t
rtb_handle_new(enum rtb_kind kind, void *p)
{
	int64_t h;

	pthread_mutex_lock(&rtb_mu);
	if (rtb_nhandles == rtb_caphandles) {
		rtb_caphandles = rtb_caphandles ? rtb_caphandles * 2 : 64;
		rtb_handles = xreallocarray(rtb_handles, rtb_caphandles,
		    sizeof *rtb_handles);
	}
	rtb_handles[rtb_nhandles].kind = kind;
	rtb_handles[rtb_nhandles].p = p;
	h = (int64_t)rtb_nhandles++;
	pthread_mutex_unlock(&rtb_mu);
	return h;
}

/* The object behind handle v, or NULL with TypeError raised. */
static void *
rtb_get(struct vm_thread *t, struct val v, enum rtb_kind kind)
{
	void *p = NULL;

	if (v.tag == V_INT && v.u.i >= 0) {
		pthread_mutex_lock(&rtb_mu);
		if ((size_t)v.u.i < rtb_nhandles &&
		    rtb_handles[v.u.i].kind == kind)
			p = rtb_handles[v.u.i].p;
		pthread_mutex_unlock(&rtb_mu);
	}
	if (p == NULL)
		vm_raise(t, EXC(TypeError), "bad runtime handle");
	return p;
}

/* A timeout argument: None or negative -> forever; seconds -> ns. */
static int
rtb_timeout(struct vm_thread *t, struct val v, int64_t *ns)
{
	double s;

	if (v.tag == V_NONE || v.tag == V_NULL) {
		*ns = SYNC_FOREVER;
		return 0;
	}
	if (arg_float(t, v, &s) < 0)
		return -1;
	if (isnan(s))
		return vm_raise(t, EXC(ValueError), "Invalid value NaN"),
		    -1;
	*ns = s < 0 ? SYNC_FOREVER : (int64_t)(s * 1e9);
	return 0;
}

/* Raise the error a sync call reported, or return its truth. */
static struct val
rtb_result(struct vm_thread *t, int rc)
{
	switch (rc) {
	case SYNC_OK:
		return val_bool(1);
	case SYNC_TIMEOUT:
		if (rtbind_interrupted(t))	/* cut short by Ctrl-C */
			return val_null();
		return val_bool(0);
	case SYNC_DEADLOCK:
		return vm_raise(t, EXC(RuntimeError), "deadlock detected");
	case SYNC_NOT_OWNER:
		return vm_raise(t, EXC(RuntimeError),
		    "cannot release un-acquired lock");
	case SYNC_UNLOCKED:
		return vm_raise(t, EXC(RuntimeError), "release unlocked lock");
	case SYNC_TOO_MANY:
		return vm_raise(t, EXC(ValueError),
		    "Semaphore released too many times");
	}
	return vm_raise(t, EXC(RuntimeError), "synchronization failed");
}

/* ---- the VM's hooks ------------------------------------------------------ */

/* Keep the GIL's switch interval in step with sys.setswitchinterval. */
static void
rtb_sync_interval(struct interp *in)
{
	if (in->switch_interval_ns > 0 &&
	    (uint64_t)in->switch_interval_ns != gil_interval(&rtb_rt.gil))
		gil_set_interval(&rtb_rt.gil, (uint64_t)in->switch_interval_ns);
}

/* Raise KeyboardInterrupt if Ctrl-C is pending for this thread. */
int
rtbind_interrupted(struct vm_thread *t)
{
	if (!rt_intr_take())
		return 0;
	vm_raise_val(t, exc_new(EXC(KeyboardInterrupt), NULL, 0));
	return 1;
}

/*
 * An eval-breaker check fired: Ctrl-C becomes KeyboardInterrupt on the
 * main thread (other threads leave the bit for it); then the GIL decides
 * whether to switch.
 */
static int
rtb_on_breaker(struct vm_thread *t)
{
	if ((__atomic_load_n(&t->interp->eval_breaker, __ATOMIC_RELAXED) &
	    RT_INTR_BREAKER_BIT) && rt_intr_here()) {
		__atomic_fetch_and(&t->interp->eval_breaker,
		    ~RT_INTR_BREAKER_BIT, __ATOMIC_RELAXED);
		if (rtbind_interrupted(t))
			return -1;
	}
	rtb_sync_interval(t->interp);
	/* The line a thread stops on when it is forced to drop the GIL is one a
	   viewer lines up with the handoff (legacy keeps the breaker set for
	   every tick, so there the coalescing rule alone applies). */
	if (rtb_rt.gil.mode == GIL_MODERN)
		vm_trace_line_flush(t);
	gil_breaker(&rtb_rt.gil, t->rt);
	return 0;
}

/* Around blocking calls: drop the GIL, report the wait. */
static void
rtb_before_block(struct vm_thread *t, int reason, uint32_t obj,
    uint64_t deadline_ns)
{
	rtb_sync_interval(t->interp);
	gil_release_for_block((enum trace_reason)reason, obj, deadline_ns);
}

static void
rtb_after_block(struct vm_thread *t)
{
	gil_reacquire_after_block();
}

/* A vm_thread attaches: the main one is registered and takes the GIL. */
static void
rtb_thread_start(struct vm_thread *t)
{
	struct rt_thread *rtt;

	if (t->rt == NULL && t == t->interp->main_thread && !rtb_main_done) {
		rtt = thread_main_init(&rtb_rt, "MainThread");
		t->rt = rtt;
		/* This thread gets KeyboardInterrupt on Ctrl-C. */
		rt_intr_set_main();
	}
	if (t->rt != NULL)
		t->trace_id = ((struct rt_thread *)t->rt)->entity;
}

static void
rtb_thread_end(struct vm_thread *t)
{
}

/* Install the runtime under in. */
void
rtbind_install(struct interp *in, const struct rtbind_config *cfg)
{
	struct rt_config rc;

	memset(&rc, 0, sizeof rc);
	rc.gil_mode = cfg->gil_mode;
	rc.switch_interval_ns = cfg->switch_interval_ns;
	rt_init(&rtb_rt, &rc);
	rt_set_deadlock(&rtb_rt, cfg->on_deadlock, cfg->deadlock_cb,
	    cfg->deadlock_arg);
	gil_bind_breaker(&rtb_rt.gil, &in->eval_breaker);
	in->gil_mode = (int)cfg->gil_mode;
	in->switch_interval_ns = (int64_t)gil_interval(&rtb_rt.gil);
	in->hooks.on_breaker = rtb_on_breaker;
	in->hooks.before_block = rtb_before_block;
	in->hooks.after_block = rtb_after_block;
	in->hooks.thread_start = rtb_thread_start;
	in->hooks.thread_end = rtb_thread_end;
	rt_intr_enable(&in->eval_breaker);
	/* Processes' blocking calls drop the GIL and show the wait; a forked
	   child gets a one-thread runtime of its own. */
	proc_rt_bind(&rtb_rt);
	rtb_installed = 1;
}

/* How many threads were stopped at shutdown and are still parked. */
unsigned
rtbind_threads_left(void)
{
	return rtb_installed ? thread_count(&rtb_rt) : 0;
}

/* The main module ended: wait for non-daemon threads, stop the rest. */
void
rtbind_shutdown(struct interp *in, int status)
{
	struct vm_thread	*t = in->main_thread;
	struct rt_thread	*rtt = t->rt;

	if (!rtb_installed || rtt == NULL)
		return;
	/* Ctrl-C from now on ends everything at once (intr.h). */
	rt_intr_shutdown();
	fflush(stdout);
	thread_wait_non_daemon(&rtb_rt);
	thread_set_exit(rtt, status == 0 ? THREAD_EXIT_OK :
	    THREAD_EXIT_EXCEPTION);
	fflush(stdout);
	thread_main_fini(&rtb_rt);
	t->rt = NULL;
	rtb_main_done = 1;
}

/* The runtime of this process. */
struct rt *
rtbind_rt(void)
{
	return rtb_installed ? &rtb_rt : NULL;
}

/* ---- threads --------------------------------------------------------------- */

/* What a new thread needs to run a Python Thread object. */
struct rtb_start {
	struct vm_thread	*vt;
	struct val		 obj;	/* the threading.Thread (a reference) */
};

/* The body of a Python thread: obj.run(), and the report of an exception. */
static void
rtb_body(struct rt_thread *rtt, void *arg)
{
	struct rtb_start	*s = arg;
	struct vm_thread	*vt = s->vt;
	struct val		 r, exc;
	char			*name, *m;

	vt->rt = rtt;
	vm_thread_attach(vt);
	r = obj_call_method(vt, s->obj, "run", NULL, 0);
	if (r.tag == V_NULL) {
		exc = vt->exc;
		vt->exc = val_null();
		if (!val_is_obj(exc, L_EXC) || !type_is_subtype(exc.u.o->type,
		    vt->interp->exc[E_SystemExit])) {
			name = thread_name(rtt);
			fflush(stdout);
			fprintf(stderr, "Exception in thread %s:\n", name);
			if (trace_on && val_is_obj(exc, L_EXC)) {
				struct val es = exc_str(vt, VAL_AS(exc, exc));

				m = xasprintf("%s: %s", exc.u.o->type->name,
				    es.tag != V_NULL ? VAL_AS(str, es)->data : "");
				trace_emit_str(TRACE_EV_EXCEPTION, rtt->entity, 0,
				    0, 0, m, strlen(m));
				free(m);
				val_decref(es);
				vm_clear_exc(vt);
			}
			vm_print_exception(vt, exc, stderr);
			thread_set_exit(rtt, THREAD_EXIT_EXCEPTION);
			free(name);
		}
		val_decref(exc);
	} else
		val_decref(r);
	fflush(stdout);
	/* The registry's reference to the Python object goes too. */
	if (rtt->user != NULL) {
		rtt->user = NULL;
		val_decref(s->obj);
	}
	val_decref(s->obj);
	local_thread_exit(vt);
	vm_thread_detach(vt);
	vm_thread_free(vt);
	free(s);
}

/* _thread.start(thread, name, daemon) -> handle */
static struct val
th_start(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct rt_thread	*rtt;
	struct rtb_start	*s;
	char			*cause = NULL;

	if (arg_count(t, "start", nargs, 3, 3) < 0)
		return val_null();
	if (!IS_STR(args[1]))
		return vm_raise(t, EXC(TypeError), "thread name must be a str");
	rtb_sync_interval(t->interp);
	rtt = thread_create(&rtb_rt, VAL_AS(str, args[1])->data,
	    obj_truth(t, args[2]) > 0);
	s = xcalloc(1, sizeof *s);
	s->vt = vm_thread_create(t->interp);
	s->obj = val_dup(args[0]);
	rtt->user = val_dup(args[0]).u.o;	/* current_thread() */
	if (thread_start(rtt, rtb_body, s, &cause) != 0) {
		val_decref(args[0]);
		val_decref(s->obj);
		rtt->user = NULL;
		vm_thread_free(s->vt);
		free(s);
		thread_unref(rtt);
		vm_raise(t, EXC(RuntimeError), "%s", cause);
		free(cause);
		return val_null();
	}
	return val_int(rtb_handle_new(RTB_THREAD, rtt));
}

/* _thread.main() -> handle of the main thread */
static struct val
th_main(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct rt_thread *m = t->interp->main_thread->rt;

	if (m == NULL)
		return val_none();
	thread_ref(m);
	return val_int(rtb_handle_new(RTB_THREAD, m));
}

/* _thread.join(h, timeout) -> True if the thread ended */
static struct val
th_join(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct rt_thread	*rtt;
	int64_t			 ns;
	int			 rc;

	if (arg_count(t, "join", nargs, 2, 2) < 0 ||
	    (rtt = rtb_get(t, args[0], RTB_THREAD)) == NULL ||
	    rtb_timeout(t, args[1], &ns) < 0)
		return val_null();
	rc = thread_join(rtt, ns);
	if (rc < 0)
		return vm_raise(t, EXC(RuntimeError), "deadlock detected");
	if (rc == 0 && rtbind_interrupted(t))
		return val_null();
	return val_bool(rc);
}

/* _thread.info(h, what): is_alive, ident, native_id, daemon, name */
static struct val
th_info(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct rt_thread	*rtt;
	const char		*what;
	char			*name;
	struct val		 v;

	if (arg_count(t, "info", nargs, 2, 2) < 0 ||
	    (rtt = rtb_get(t, args[0], RTB_THREAD)) == NULL)
		return val_null();
	if (!IS_STR(args[1]))
		return vm_raise(t, EXC(TypeError), "info: what must be a str");
	what = VAL_AS(str, args[1])->data;
	if (strcmp(what, "is_alive") == 0)
		return val_bool(thread_is_alive(rtt));
	if (strcmp(what, "ident") == 0)
		return val_int((int64_t)(atomic_load(&rtt->ident) & INT64_MAX));
	if (strcmp(what, "native_id") == 0)
		return val_int(atomic_load(&rtt->native_id));
	if (strcmp(what, "daemon") == 0)
		return val_bool(atomic_load(&rtt->daemon));
	if (strcmp(what, "name") == 0) {
		name = thread_name(rtt);
		v = val_obj(str_cstr(name));
		free(name);
		return v;
	}
	return vm_raise(t, EXC(ValueError), "info: unknown '%s'", what);
}

/* _thread.set_name(h, name) */
static struct val
th_set_name(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct rt_thread *rtt;

	if (arg_count(t, "set_name", nargs, 2, 2) < 0 ||
	    (rtt = rtb_get(t, args[0], RTB_THREAD)) == NULL)
		return val_null();
	if (!IS_STR(args[1]))
		return vm_raise(t, EXC(TypeError), "name must be a str");
	thread_set_name(rtt, VAL_AS(str, args[1])->data);
	return val_none();
}

/* _thread.set_daemon(h, flag) */
static struct val
th_set_daemon(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct rt_thread *rtt;

	if (arg_count(t, "set_daemon", nargs, 2, 2) < 0 ||
	    (rtt = rtb_get(t, args[0], RTB_THREAD)) == NULL)
		return val_null();
	thread_set_daemon(rtt, obj_truth(t, args[1]) > 0);
	return val_none();
}

/* _thread.get_ident() */
static struct val
th_get_ident(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	return val_int((int64_t)((uint64_t)pthread_self() & INT64_MAX));
}

/* _thread.get_native_id() */
static struct val
th_get_native_id(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	return val_int((int64_t)gettid());
}

/* _thread.current() -> the running Thread object, or None (main, foreign) */
static struct val
th_current(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct rt_thread *rtt = t->rt;

	if (rtt == NULL || rtt->user == NULL)
		return val_none();
	return val_dup(val_obj(rtt->user));
}

/* _thread.active_count() */
static struct val
th_active_count(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	return val_int(thread_count(&rtb_rt));
}

/* _thread.enumerate() -> Thread objects (None for the main thread) */
static struct val
th_enumerate(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct rt_thread	**v;
	struct list		 *l;
	unsigned		  n, i;

	v = thread_list(&rtb_rt, &n);
	l = list_new(0);
	for (i = 0; i < n; i++) {
		if (v[i]->user != NULL)
			list_append(l, val_dup(val_obj(v[i]->user)));
		else
			list_append(l, val_none());
		thread_unref(v[i]);
	}
	free(v);
	return val_obj(l);
}

/* ---- locks, semaphores, events, conditions, barriers ---------------------- */

/* _thread.lock_new(reentrant) */
static struct val
th_lock_new(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct sync_lock *l = xcalloc(1, sizeof *l);

	sync_lock_init(l, nargs > 0 && obj_truth(t, args[0]) > 0, NULL);
	return val_int(rtb_handle_new(RTB_LOCK, l));
}

/* _thread.lock_acquire(h, blocking, timeout) */
static struct val
th_lock_acquire(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct sync_lock	*l;
	int64_t			 ns;
	int			 blocking;

	if (arg_count(t, "acquire", nargs, 3, 3) < 0 ||
	    (l = rtb_get(t, args[0], RTB_LOCK)) == NULL ||
	    rtb_timeout(t, args[2], &ns) < 0)
		return val_null();
	blocking = obj_truth(t, args[1]) > 0;
	if (!blocking && ns != SYNC_FOREVER)
		return vm_raise(t, EXC(ValueError),
		    "can't specify a timeout for a non-blocking call");
	return rtb_result(t, sync_lock_acquire(l, blocking ? ns : 0));
}

/* _thread.lock_release(h) */
static struct val
th_lock_release(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct sync_lock	*l;
	int			 rc;

	if (arg_count(t, "release", nargs, 1, 1) < 0 ||
	    (l = rtb_get(t, args[0], RTB_LOCK)) == NULL)
		return val_null();
	rc = sync_lock_release(l);
	if (rc == SYNC_UNLOCKED && l->reentrant)
		rc = SYNC_NOT_OWNER;
	if (rc != SYNC_OK)
		return rtb_result(t, rc);
	return val_none();
}

/* _thread.lock_state(h, what): locked, owned */
static struct val
th_lock_state(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct sync_lock *l;

	if (arg_count(t, "lock_state", nargs, 2, 2) < 0 ||
	    (l = rtb_get(t, args[0], RTB_LOCK)) == NULL)
		return val_null();
	if (IS_STR(args[1]) && strcmp(VAL_AS(str, args[1])->data, "owned") == 0)
		return val_bool(sync_lock_is_owned(l));
	return val_bool(sync_lock_locked(l));
}

/* _thread.sema_new(value, bounded) */
static struct val
th_sema_new(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct sync_sema	*s;
	int64_t			 v;

	if (arg_count(t, "sema_new", nargs, 2, 2) < 0 ||
	    arg_int(t, "value", args[0], &v) < 0)
		return val_null();
	if (v < 0)
		return vm_raise(t, EXC(ValueError),
		    "semaphore initial value must be >= 0");
	s = xcalloc(1, sizeof *s);
	sync_sema_init(s, (uint64_t)v, obj_truth(t, args[1]) > 0);
	return val_int(rtb_handle_new(RTB_SEMA, s));
}

/* _thread.sema_acquire(h, blocking, timeout) */
static struct val
th_sema_acquire(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct sync_sema	*s;
	int64_t			 ns;
	int			 blocking;

	if (arg_count(t, "acquire", nargs, 3, 3) < 0 ||
	    (s = rtb_get(t, args[0], RTB_SEMA)) == NULL ||
	    rtb_timeout(t, args[2], &ns) < 0)
		return val_null();
	blocking = obj_truth(t, args[1]) > 0;
	if (!blocking && ns != SYNC_FOREVER)
		return vm_raise(t, EXC(ValueError),
		    "can't specify timeout for non-blocking acquire");
	return rtb_result(t, sync_sema_acquire(s, blocking ? ns : 0));
}

/* _thread.sema_release(h, n) */
static struct val
th_sema_release(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct sync_sema	*s;
	int64_t			 n;
	int			 rc;

	if (arg_count(t, "release", nargs, 2, 2) < 0 ||
	    (s = rtb_get(t, args[0], RTB_SEMA)) == NULL ||
	    arg_int(t, "n", args[1], &n) < 0)
		return val_null();
	if (n < 1)
		return vm_raise(t, EXC(ValueError), "n must be one or more");
	rc = sync_sema_release(s, (uint64_t)n);
	return rc == SYNC_OK ? val_none() : rtb_result(t, rc);
}

/* _thread.event_new() */
static struct val
th_event_new(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct sync_event *e = xcalloc(1, sizeof *e);

	sync_event_init(e);
	return val_int(rtb_handle_new(RTB_EVENT, e));
}

/* _thread.event_op(h, op, timeout): set, clear, is_set, wait */
static struct val
th_event_op(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct sync_event	*e;
	const char		*op;
	int64_t			 ns;

	if (arg_count(t, "event_op", nargs, 3, 3) < 0 ||
	    (e = rtb_get(t, args[0], RTB_EVENT)) == NULL ||
	    !IS_STR(args[1]))
		return val_null();
	op = VAL_AS(str, args[1])->data;
	if (strcmp(op, "set") == 0)
		sync_event_set(e);
	else if (strcmp(op, "clear") == 0)
		sync_event_clear(e);
	else if (strcmp(op, "is_set") == 0)
		return val_bool(sync_event_is_set(e));
	else {
		if (rtb_timeout(t, args[2], &ns) < 0)
			return val_null();
		if (sync_event_wait(e, ns) == SYNC_OK)
			return val_bool(1);
		if (rtbind_interrupted(t))
			return val_null();
		return val_bool(0);
	}
	return val_none();
}

/* _thread.cond_new(lock_handle) */
static struct val
th_cond_new(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct sync_lock	*l;
	struct sync_cond	*c;

	if (arg_count(t, "cond_new", nargs, 1, 1) < 0 ||
	    (l = rtb_get(t, args[0], RTB_LOCK)) == NULL)
		return val_null();
	c = xcalloc(1, sizeof *c);
	sync_cond_init(c, l);
	return val_int(rtb_handle_new(RTB_COND, c));
}

/* _thread.cond_wait(h, timeout) -> notified */
static struct val
th_cond_wait(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct sync_cond	*c;
	int64_t			 ns;
	int			 rc;

	if (arg_count(t, "wait", nargs, 2, 2) < 0 ||
	    (c = rtb_get(t, args[0], RTB_COND)) == NULL ||
	    rtb_timeout(t, args[1], &ns) < 0)
		return val_null();
	rc = sync_cond_wait(c, ns);
	if (rc == SYNC_NOT_OWNER)
		return vm_raise(t, EXC(RuntimeError),
		    "cannot wait on un-acquired lock");
	return rtb_result(t, rc);
}

/* _thread.cond_notify(h, n) */
static struct val
th_cond_notify(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct sync_cond	*c;
	int64_t			 n;

	if (arg_count(t, "notify", nargs, 2, 2) < 0 ||
	    (c = rtb_get(t, args[0], RTB_COND)) == NULL)
		return val_null();
	if (args[1].tag == V_NONE)
		n = INT64_MAX;
	else if (arg_int(t, "n", args[1], &n) < 0)
		return val_null();
	if (sync_cond_notify(c, n < 0 ? 0 : (size_t)n) == SYNC_NOT_OWNER)
		return vm_raise(t, EXC(RuntimeError),
		    "cannot notify on un-acquired lock");
	return val_none();
}

/* _thread.barrier_new(parties) */
static struct val
th_barrier_new(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct sync_barrier	*b;
	int64_t			 n;

	if (arg_count(t, "barrier_new", nargs, 1, 1) < 0 ||
	    arg_int(t, "parties", args[0], &n) < 0)
		return val_null();
	if (n < 1)
		return vm_raise(t, EXC(ValueError), "parties must be >= 1");
	b = xcalloc(1, sizeof *b);
	sync_barrier_init(b, (unsigned)n);
	return val_int(rtb_handle_new(RTB_BARRIER, b));
}

/* The barrier's action, run by the last party (with the GIL). */
struct rtb_action {
	struct vm_thread	*t;
	struct val		 fn;
	int			 failed;
};

static int
rtb_barrier_action(void *arg)
{
	struct rtb_action	*a = arg;
	struct val		 r;

	if (a->fn.tag == V_NONE)
		return 0;
	r = vm_call(a->t, a->fn, NULL, 0, NULL);
	if (r.tag == V_NULL) {
		a->failed = 1;
		return 1;
	}
	val_decref(r);
	return 0;
}

/* _thread.barrier_wait(h, timeout, action) -> index, or -1 if broken */
static struct val
th_barrier_wait(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct sync_barrier	*b;
	struct rtb_action	 a;
	unsigned		 idx = 0;
	int64_t			 ns;
	int			 rc;

	if (arg_count(t, "wait", nargs, 3, 3) < 0 ||
	    (b = rtb_get(t, args[0], RTB_BARRIER)) == NULL ||
	    rtb_timeout(t, args[1], &ns) < 0)
		return val_null();
	a.t = t;
	a.fn = args[2];
	a.failed = 0;
	rc = sync_barrier_wait(b, ns, &idx, rtb_barrier_action, &a);
	if (a.failed)
		return val_null();	/* the action's exception */
	if (rc != SYNC_OK && rtbind_interrupted(t))
		return val_null();
	return val_int(rc == SYNC_OK ? (int64_t)idx : -1);
}

/* _thread.barrier_op(h, op): abort, reset, n_waiting, broken, parties */
static struct val
th_barrier_op(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct sync_barrier	*b;
	const char		*op;

	if (arg_count(t, "barrier_op", nargs, 2, 2) < 0 ||
	    (b = rtb_get(t, args[0], RTB_BARRIER)) == NULL || !IS_STR(args[1]))
		return val_null();
	op = VAL_AS(str, args[1])->data;
	if (strcmp(op, "abort") == 0)
		sync_barrier_abort(b);
	else if (strcmp(op, "reset") == 0)
		sync_barrier_reset(b);
	else if (strcmp(op, "n_waiting") == 0)
		return val_int(sync_barrier_n_waiting(b));
	else if (strcmp(op, "broken") == 0)
		return val_bool(sync_barrier_broken(b));
	else
		return val_int(b->parties);
	return val_none();
}

/* ---- queues ------------------------------------------------------------------ */

/* Order two queued values with Python's "<" (the caller holds the GIL). */
static int
rtb_queue_cmp(void *a, void *b, void *arg)
{
	struct vm_thread	*t = vm_cur;
	struct val		 r;
	int			 lt;

	r = obj_compare(t, *(struct val *)a, *(struct val *)b, OP_LT);
	if (r.tag == V_NULL) {
		vm_clear_exc(t);
		return 0;
	}
	lt = obj_truth(t, r) > 0;
	val_decref(r);
	return lt ? -1 : 1;
}

/* _thread.queue_new(kind, maxsize): kind 0 FIFO, 1 LIFO, 2 priority */
static struct val
th_queue_new(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct sync_queue	*q;
	int64_t			 kind, max;

	if (arg_count(t, "queue_new", nargs, 2, 2) < 0 ||
	    arg_int(t, "kind", args[0], &kind) < 0 ||
	    arg_int(t, "maxsize", args[1], &max) < 0)
		return val_null();
	q = xcalloc(1, sizeof *q);
	sync_queue_init(q, (enum sync_queue_kind)(kind % 3),
	    max > 0 ? (size_t)max : 0, rtb_queue_cmp, NULL);
	return val_int(rtb_handle_new(RTB_QUEUE, q));
}

/* _thread.queue_put(h, item, block, timeout) -> False when full */
static struct val
th_queue_put(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct sync_queue	*q;
	struct val		*item;
	int64_t			 ns;
	int			 rc;

	if (arg_count(t, "put", nargs, 4, 4) < 0 ||
	    (q = rtb_get(t, args[0], RTB_QUEUE)) == NULL ||
	    rtb_timeout(t, args[3], &ns) < 0)
		return val_null();
	if (obj_truth(t, args[2]) <= 0)
		ns = 0;
	item = xmalloc(sizeof *item);
	*item = val_dup(args[1]);
	rc = sync_queue_put(q, item, ns);
	if (rc != SYNC_OK) {
		val_decref(*item);
		free(item);
		if (rtbind_interrupted(t))
			return val_null();
	}
	return val_bool(rc == SYNC_OK);
}

/* _thread.queue_get(h, block, timeout, empty_marker) -> item or marker */
static struct val
th_queue_get(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct sync_queue	*q;
	void			*item;
	struct val		 v;
	int64_t			 ns;

	if (arg_count(t, "get", nargs, 4, 4) < 0 ||
	    (q = rtb_get(t, args[0], RTB_QUEUE)) == NULL ||
	    rtb_timeout(t, args[2], &ns) < 0)
		return val_null();
	if (obj_truth(t, args[1]) <= 0)
		ns = 0;
	if (sync_queue_get(q, &item, ns) != SYNC_OK) {
		if (rtbind_interrupted(t))
			return val_null();
		return val_dup(args[3]);
	}
	v = *(struct val *)item;
	free(item);
	return v;
}

/* _thread.queue_op(h, op, timeout): qsize, full, task_done, join */
static struct val
th_queue_op(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct sync_queue	*q;
	const char		*op;
	int64_t			 ns;

	if (arg_count(t, "queue_op", nargs, 3, 3) < 0 ||
	    (q = rtb_get(t, args[0], RTB_QUEUE)) == NULL || !IS_STR(args[1]))
		return val_null();
	op = VAL_AS(str, args[1])->data;
	if (strcmp(op, "qsize") == 0)
		return val_int((int64_t)sync_queue_size(q));
	if (strcmp(op, "full") == 0)
		return val_bool(sync_queue_full(q));
	if (strcmp(op, "task_done") == 0) {
		if (sync_queue_task_done(q) != SYNC_OK)
			return vm_raise(t, EXC(ValueError),
			    "task_done() called too many times");
		return val_none();
	}
	if (rtb_timeout(t, args[2], &ns) < 0)
		return val_null();
	if (sync_queue_join(q, ns) != SYNC_OK && rtbind_interrupted(t))
		return val_null();
	return val_none();
}

/* Build the _thread module. */
struct module *
mod__thread_init(struct vm_thread *t)
{
	static const struct {
		const char	*name;
		cfunc_fn	 fn;
	} fns[] = {
		{ "start", th_start }, { "main", th_main }, { "join", th_join },
		{ "info", th_info }, { "set_name", th_set_name },
		{ "set_daemon", th_set_daemon }, { "get_ident", th_get_ident },
		{ "get_native_id", th_get_native_id },
		{ "current", th_current }, { "active_count", th_active_count },
		{ "enumerate", th_enumerate },
		{ "lock_new", th_lock_new }, { "lock_acquire", th_lock_acquire },
		{ "lock_release", th_lock_release },
		{ "lock_state", th_lock_state },
		{ "sema_new", th_sema_new }, { "sema_acquire", th_sema_acquire },
		{ "sema_release", th_sema_release },
		{ "event_new", th_event_new }, { "event_op", th_event_op },
		{ "cond_new", th_cond_new }, { "cond_wait", th_cond_wait },
		{ "cond_notify", th_cond_notify },
		{ "barrier_new", th_barrier_new },
		{ "barrier_wait", th_barrier_wait },
		{ "barrier_op", th_barrier_op },
		{ "queue_new", th_queue_new }, { "queue_put", th_queue_put },
		{ "queue_get", th_queue_get }, { "queue_op", th_queue_op },
	};
	struct module	*m = module_new("_thread");
	size_t		 i;

	for (i = 0; i < sizeof fns / sizeof fns[0]; i++)
		module_add_func(m, fns[i].name, fns[i].fn);
	dict_set_cstr(m->dict, "_local",
	    val_dup(val_obj(vm_local_type(t->interp))));
	if (!rtb_installed)
		return vm_raise(t, EXC(ImportError),
		    "the threading runtime is not installed"),
		    (struct module *)NULL;
	return m;
}
