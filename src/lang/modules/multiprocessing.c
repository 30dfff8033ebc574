/*
 * multiprocessing.c — the multiprocessing module: Process on real fork()
 * (src/rt/proc-core.c), current_process, parent_process, active_children,
 * cpu_count.
 *
 * The C half is a handful of private functions over a table of process
 * records (_new, _start, _join, ...); the Python half — the Process class
 * and friends, as CPython writes them — is source compiled into the module
 * at import. The child of start() runs Process.run() on the thread that
 * forked (the only one left), prints a traceback like CPython's on an
 * uncaught exception, and exits with CPython's exit code. Interpreter
 * threads only; never called without the interpreter.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "lang/lang.h"
#include "lang/modules/mp.h"
#include "lang/modules/rtbind.h"
#include "rt/proc.h"

/* The processes this interpreter created: a handle is an index. */
struct mp_rec {
	struct proc	*p;
	struct val	 obj;		/* the Process object, once started */
};
static struct mp_rec	*mp_recs;
static size_t		 mp_nrecs;
struct dict		*mp_module_dict;	/* the module's globals */

/* The record for handle h, or NULL with ValueError raised. */
static struct mp_rec *
mp_rec(struct vm_thread *t, struct val h)
{
	if (h.tag != V_INT || h.u.i < 0 || (size_t)h.u.i >= mp_nrecs ||
	    mp_recs[h.u.i].p == NULL) {
		vm_raise(t, EXC(ValueError), "process object is closed");
		return NULL;
	}
	return &mp_recs[h.u.i];
}

/* The child's life: run(), then exit with CPython's exit code. */
static int
mp_child_main(void *arg)
{
	struct mp_rec *r = &mp_recs[(size_t)(uintptr_t)arg];
	struct vm_thread *t = vm_cur;
	struct val res, exc, code, s;
	int status = 0;

	dict_set_cstr(mp_module_dict, "_current", val_dup(r->obj));
	res = obj_call_method(t, r->obj, "run", NULL, 0);
	if (res.tag != V_NULL) {
		val_decref(res);
		fflush(stdout);
		return 0;
	}
	exc = t->exc;
	t->exc = val_null();
	if (val_is_obj(exc, L_EXC) &&
	    type_is_subtype(exc.u.o->type, EXC(SystemExit))) {
		code = VAL_AS(exc, exc)->value;
		if (code.tag == V_NONE || code.tag == V_NULL)
			status = 0;
		else if (code.tag == V_INT || code.tag == V_BOOL)
			status = (int)code.u.i;
		else {
			fflush(stdout);
			s = obj_str(t, code);
			if (s.tag != V_NULL) {
				fprintf(stderr, "%s\n", VAL_AS(str, s)->data);
				val_decref(s);
			}
			status = 1;
		}
	} else {
		fflush(stdout);
		fprintf(stderr, "Process %s:\n", proc_self_name());
		vm_print_exception(t, exc, stderr);
		status = 1;
	}
	fflush(NULL);
	return status;
}

/* The child's whole life: run(), then its non-daemon threads, as CPython. */
static int
mp_child_entry(void *arg)
{
	int status = mp_child_main(arg);

	rtbind_child_exit(vm_cur->interp, status);
	return status;
}

/* _new(name) -> handle: a record named name (None: Process-N). */
static struct val
mp_new(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	const char *name = NULL;
	size_t h = mp_nrecs;

	if (nargs >= 1 && IS_STR(args[0]))
		name = VAL_AS(str, args[0])->data;
	mp_recs = xreallocarray(mp_recs, mp_nrecs + 1, sizeof *mp_recs);
	mp_recs[h].p = proc_create(name, 0, mp_child_entry,
	    (void *)(uintptr_t)h);
	mp_recs[h].obj = val_null();
	mp_nrecs++;
	return val_int((int64_t)h);
}

/* _start(handle, process, daemon): fork; the child runs process.run(). */
static struct val
mp_start(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct mp_rec *r;
	char *cause = NULL;
	struct val e;
	int err;

	if (arg_count(t, "_start", nargs, 3, 3) != 0 ||
	    (r = mp_rec(t, args[0])) == NULL)
		return val_null();
	if (proc_pid(r->p) != 0)
		return vm_raise(t, EXC(AssertionError),
		    "cannot start a process twice");
	proc_set_daemon(r->p, obj_truth(t, args[2]) == 1);
	val_decref(r->obj);
	r->obj = val_dup(args[1]);
	if (proc_start(r->p, &cause) != 0) {
		err = errno;
		if (err == EINVAL)
			e = vm_raise(t, EXC(AssertionError), "%s", cause);
		else if (err == EAGAIN)
			e = vm_raise(t, EXC(BlockingIOError), "[Errno %d] %s",
			    err, cause);
		else
			e = vm_raise(t, EXC(OSError), "[Errno %d] %s", err,
			    cause);
		free(cause);
		return e;
	}
	return val_none();
}

/* _join(handle, timeout): wait for the child (None: forever). */
static struct val
mp_join(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct mp_rec *r;
	double secs = -1;

	if (arg_count(t, "_join", nargs, 2, 2) != 0 ||
	    (r = mp_rec(t, args[0])) == NULL)
		return val_null();
	if (proc_pid(r->p) == 0)
		return vm_raise(t, EXC(AssertionError),
		    "can only join a started process");
	if (args[1].tag != V_NONE && arg_float(t, args[1], &secs) != 0)
		return val_null();
	fflush(stdout);
	proc_join(r->p, secs < 0 ? -1 : (int64_t)(secs * 1e9));
	if (rtbind_interrupted(t))
		return val_null();
	return val_none();
}

/* _is_alive(handle) */
static struct val
mp_is_alive(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct mp_rec *r;

	if (arg_count(t, "_is_alive", nargs, 1, 1) != 0 ||
	    (r = mp_rec(t, args[0])) == NULL)
		return val_null();
	return val_bool(proc_is_alive(r->p));
}

/* _pid(handle): None before start. */
static struct val
mp_pid(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct mp_rec *r;

	if (arg_count(t, "_pid", nargs, 1, 1) != 0 ||
	    (r = mp_rec(t, args[0])) == NULL)
		return val_null();
	return proc_pid(r->p) == 0 ? val_none() : val_int(proc_pid(r->p));
}

/* _exitcode(handle): None while running; reaps an exited child. */
static struct val
mp_exitcode(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct mp_rec *r;
	int code;

	if (arg_count(t, "_exitcode", nargs, 1, 1) != 0 ||
	    (r = mp_rec(t, args[0])) == NULL)
		return val_null();
	if (proc_pid(r->p) == 0)
		return val_none();
	proc_poll(r->p);
	if (!proc_exitcode(r->p, &code))
		return val_none();
	return val_int(code);
}

/* _signal(handle, sig) */
static struct val
mp_signal(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct mp_rec *r;
	int64_t sig;

	if (arg_count(t, "_signal", nargs, 2, 2) != 0 ||
	    (r = mp_rec(t, args[0])) == NULL ||
	    arg_int(t, "_signal", args[1], &sig) != 0)
		return val_null();
	proc_signal(r->p, (int)sig);
	return val_none();
}

/* _close(handle) */
static struct val
mp_close(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct mp_rec *r;
	char *cause = NULL;
	struct val e;

	if (arg_count(t, "_close", nargs, 1, 1) != 0 ||
	    (r = mp_rec(t, args[0])) == NULL)
		return val_null();
	if (proc_close(r->p, &cause) != 0) {
		e = vm_raise(t, EXC(ValueError), "%s", cause);
		free(cause);
		return e;
	}
	return val_none();
}

/* _name(handle) / _set_name(handle, name) */
static struct val
mp_name(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct mp_rec *r;

	if (arg_count(t, "_name", nargs, 1, 1) != 0 ||
	    (r = mp_rec(t, args[0])) == NULL)
		return val_null();
	return val_obj(str_cstr(proc_name(r->p)));
}

static struct val
mp_set_name(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct mp_rec *r;

	if (arg_count(t, "_set_name", nargs, 2, 2) != 0 ||
	    (r = mp_rec(t, args[0])) == NULL)
		return val_null();
	if (!IS_STR(args[1]))
		return vm_raise(t, EXC(TypeError), "name must be a string");
	proc_set_name(r->p, VAL_AS(str, args[1])->data);
	return val_none();
}

/* _self(): (name, pid) of this process. */
static struct val
mp_self(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct tuple *tu = tuple_new(2);

	tu->items[0] = val_obj(str_cstr(proc_self_name()));
	tu->items[1] = val_int(getpid());
	return val_obj(tu);
}

/* _parent(): (name, pid) of the parent process, or None in the root. */
static struct val
mp_parent(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct tuple *tu;

	if (proc_parent_pid() == 0)
		return val_none();
	tu = tuple_new(2);
	tu->items[0] = val_obj(str_cstr(proc_parent_name()));
	tu->items[1] = val_int(proc_parent_pid());
	return val_obj(tu);
}

/* cpu_count() */
static struct val
mp_cpu_count(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	return val_int(proc_cpu_count());
}

/* The Python half, as CPython's multiprocessing/process.py has it. */
static const char mp_source[] =
"from threading import BrokenBarrierError\n"
"from time import monotonic as _monotonic\n"
"import threading as _threading\n"
"\n"
"class Process:\n"
"    def __init__(self, group=None, target=None, name=None, args=(),\n"
"                 kwargs=None, daemon=None):\n"
"        assert group is None, 'group argument must be None for now'\n"
"        self._target = target\n"
"        self._args = tuple(args)\n"
"        self._kwargs = {} if kwargs is None else dict(kwargs)\n"
"        self._h = _new(name)\n"
"        if daemon is None:\n"
"            self._daemon = _current_daemon()\n"
"        else:\n"
"            self._daemon = bool(daemon)\n"
"    def run(self):\n"
"        if self._target:\n"
"            self._target(*self._args, **self._kwargs)\n"
"    def start(self):\n"
"        _start(self._h, self, self._daemon)\n"
"        _children.append(self)\n"
"    def join(self, timeout=None):\n"
"        _join(self._h, timeout)\n"
"    def is_alive(self):\n"
"        if self is _current:\n"
"            return True\n"
"        return _is_alive(self._h)\n"
"    def terminate(self):\n"
"        _signal(self._h, 15)\n"
"    def kill(self):\n"
"        _signal(self._h, 9)\n"
"    def close(self):\n"
"        _close(self._h)\n"
"    @property\n"
"    def name(self):\n"
"        if self is _current:\n"
"            return _self()[0]\n"
"        return _name(self._h)\n"
"    @name.setter\n"
"    def name(self, value):\n"
"        _set_name(self._h, value)\n"
"    @property\n"
"    def daemon(self):\n"
"        return self._daemon\n"
"    @daemon.setter\n"
"    def daemon(self, value):\n"
"        self._daemon = bool(value)\n"
"    @property\n"
"    def pid(self):\n"
"        if self is _current:\n"
"            return _self()[1]\n"
"        return _pid(self._h)\n"
"    @property\n"
"    def ident(self):\n"
"        return self.pid\n"
"    @property\n"
"    def exitcode(self):\n"
"        if self is _current:\n"
"            return None\n"
"        return _exitcode(self._h)\n"
"    def __repr__(self):\n"
"        code = self.exitcode\n"
"        if self is _current:\n"
"            status = 'started'\n"
"        elif self.pid is None:\n"
"            status = 'initial'\n"
"        elif code is None:\n"
"            status = 'started'\n"
"        else:\n"
"            status = 'stopped'\n"
"        s = '<' + type(self).__name__ + ' name=' + repr(self.name)\n"
"        s += ' ' + status if status != 'stopped' else ''\n"
"        if code is not None:\n"
"            s += ' exitcode=' + str(code)\n"
"        if self._daemon:\n"
"            s += ' daemon'\n"
"        return s + '>'\n"
"\n"
"class _MainProcess:\n"
"    daemon = False\n"
"    exitcode = None\n"
"    @property\n"
"    def name(self):\n"
"        return _self()[0]\n"
"    @property\n"
"    def pid(self):\n"
"        return _self()[1]\n"
"    @property\n"
"    def ident(self):\n"
"        return _self()[1]\n"
"    def is_alive(self):\n"
"        return True\n"
"    def __repr__(self):\n"
"        return '<_MainProcess name=' + repr(self.name) + ' parent=None started>'\n"
"\n"
"class _ParentProcess:\n"
"    def __init__(self, name, pid):\n"
"        self.name = name\n"
"        self.pid = pid\n"
"        self.ident = pid\n"
"        self.daemon = False\n"
"    def __repr__(self):\n"
"        return '<_ParentProcess name=' + repr(self.name) + ' parent=None unknown>'\n"
"\n"
"_current = None\n"
"_main = _MainProcess()\n"
"_children = []\n"
"\n"
"def _current_daemon():\n"
"    return _current is not None and _current._daemon\n"
"\n"
"def current_process():\n"
"    if _current is not None:\n"
"        return _current\n"
"    return _main\n"
"\n"
"def parent_process():\n"
"    p = _parent()\n"
"    if p is None:\n"
"        return None\n"
"    return _ParentProcess(p[0], p[1])\n"
"\n"
"def active_children():\n"
"    global _children\n"
"    _children = [p for p in _children if p is not _current and p.is_alive()]\n"
"    return list(_children)\n"
"\n"
"class ProcessError(Exception):\n"
"    pass\n"
"\n"
"class TimeoutError(ProcessError):\n"
"    pass\n"
"\n"
"class AuthenticationError(ProcessError):\n"
"    pass\n"
"\n"
"try:\n"
"    from queue import Empty, Full\n"
"except ImportError:\n"
"    class Empty(Exception):\n"
"        pass\n"
"    class Full(Exception):\n"
"        pass\n"
"\n"
"class Queue:\n"
"    _kind = 0\n"
"    def __init__(self, maxsize=0):\n"
"        self._maxsize = maxsize\n"
"        self._h = _q_new(self._kind, maxsize)\n"
"    def put(self, obj, block=True, timeout=None):\n"
"        _q_put(self._h, obj, block, timeout)\n"
"    def get(self, block=True, timeout=None):\n"
"        return _q_get(self._h, block, timeout)\n"
"    def put_nowait(self, obj):\n"
"        return self.put(obj, False)\n"
"    def get_nowait(self):\n"
"        return self.get(False)\n"
"    def qsize(self):\n"
"        return _q_op(self._h, 'qsize')\n"
"    def empty(self):\n"
"        return _q_op(self._h, 'empty')\n"
"    def full(self):\n"
"        return _q_op(self._h, 'full')\n"
"    def close(self):\n"
"        _q_op(self._h, 'close')\n"
"    def join_thread(self):\n"
"        _q_op(self._h, 'join_thread')\n"
"    def cancel_join_thread(self):\n"
"        pass\n"
"\n"
"class JoinableQueue(Queue):\n"
"    _kind = 1\n"
"    def task_done(self):\n"
"        _q_op(self._h, 'task_done')\n"
"    def join(self):\n"
"        _q_op(self._h, 'join')\n"
"\n"
"class SimpleQueue:\n"
"    def __init__(self):\n"
"        self._h = _q_new(2, 0)\n"
"    def put(self, obj):\n"
"        _q_put(self._h, obj, True, None)\n"
"    def get(self):\n"
"        return _q_get(self._h, True, None)\n"
"    def empty(self):\n"
"        return _q_op(self._h, 'empty')\n"
"    def close(self):\n"
"        pass\n"
"\n"
"class Connection:\n"
"    def __init__(self, h, readable, writable):\n"
"        self._h = h\n"
"        self.readable = readable\n"
"        self.writable = writable\n"
"        self.closed = False\n"
"    def send(self, obj):\n"
"        if self.closed:\n"
"            raise OSError('handle is closed')\n"
"        if not self.writable:\n"
"            raise OSError('connection is read-only')\n"
"        _c_send(self._h, obj)\n"
"    def recv(self):\n"
"        if self.closed:\n"
"            raise OSError('handle is closed')\n"
"        if not self.readable:\n"
"            raise OSError('connection is write-only')\n"
"        return _c_recv(self._h)\n"
"    def poll(self, timeout=0.0):\n"
"        if self.closed:\n"
"            raise OSError('handle is closed')\n"
"        return _c_poll(self._h, timeout)\n"
"    def send_bytes(self, buf):\n"
"        self.send(bytes(buf))\n"
"    def recv_bytes(self):\n"
"        return self.recv()\n"
"    def close(self):\n"
"        if not self.closed:\n"
"            self.closed = True\n"
"            _c_close(self._h)\n"
"    def __enter__(self):\n"
"        return self\n"
"    def __exit__(self, *args):\n"
"        self.close()\n"
"\n"
"def Pipe(duplex=True):\n"
"    a, b = _pipe(duplex)\n"
"    if duplex:\n"
"        return Connection(a, True, True), Connection(b, True, True)\n"
"    return Connection(a, True, False), Connection(b, False, True)\n"
"\n"
"class _SemLock:\n"
"    def __init__(self, kind, value):\n"
"        self._h = _s_new(kind, value)\n"
"    def acquire(self, block=True, timeout=None):\n"
"        return _s_acquire(self._h, block, timeout)\n"
"    def release(self):\n"
"        _s_release(self._h)\n"
"    def __enter__(self):\n"
"        return self.acquire()\n"
"    def __exit__(self, *args):\n"
"        self.release()\n"
"\n"
"class Lock(_SemLock):\n"
"    def __init__(self):\n"
"        _SemLock.__init__(self, 0, 1)\n"
"\n"
"class RLock(_SemLock):\n"
"    def __init__(self):\n"
"        _SemLock.__init__(self, 1, 1)\n"
"\n"
"class Semaphore(_SemLock):\n"
"    def __init__(self, value=1):\n"
"        _SemLock.__init__(self, 2, value)\n"
"    def get_value(self):\n"
"        return _s_value(self._h)\n"
"\n"
"class BoundedSemaphore(Semaphore):\n"
"    def __init__(self, value=1):\n"
"        _SemLock.__init__(self, 3, value)\n"
"\n"
"class Condition:\n"
"    def __init__(self, lock=None):\n"
"        self._lock = lock if lock is not None else RLock()\n"
"        self._h = _cv_new(self._lock._h)\n"
"        self.acquire = self._lock.acquire\n"
"        self.release = self._lock.release\n"
"    def __enter__(self):\n"
"        return self._lock.__enter__()\n"
"    def __exit__(self, *args):\n"
"        return self._lock.__exit__(*args)\n"
"    def wait(self, timeout=None):\n"
"        return _cv_wait(self._h, timeout)\n"
"    def wait_for(self, predicate, timeout=None):\n"
"        result = predicate()\n"
"        if result:\n"
"            return result\n"
"        if timeout is not None:\n"
"            endtime = _monotonic() + timeout\n"
"        else:\n"
"            endtime = None\n"
"            waittime = None\n"
"        while not result:\n"
"            if endtime is not None:\n"
"                waittime = endtime - _monotonic()\n"
"                if waittime <= 0:\n"
"                    break\n"
"            self.wait(waittime)\n"
"            result = predicate()\n"
"        return result\n"
"    def notify(self, n=1):\n"
"        _cv_notify(self._h, n)\n"
"    def notify_all(self):\n"
"        _cv_notify(self._h, -1)\n"
"    notifyAll = notify_all\n"
"\n"
"class Barrier:\n"
"    def __init__(self, parties, action=None, timeout=None):\n"
"        self._h = _b_new(parties)\n"
"        self._action = action\n"
"        self._timeout = timeout\n"
"    def wait(self, timeout=None):\n"
"        if timeout is None:\n"
"            timeout = self._timeout\n"
"        i = _b_wait(self._h, timeout, self._action)\n"
"        if i < 0:\n"
"            raise BrokenBarrierError\n"
"        return i\n"
"    def abort(self):\n"
"        _b_op(self._h, 'abort')\n"
"    def reset(self):\n"
"        _b_op(self._h, 'reset')\n"
"    @property\n"
"    def parties(self):\n"
"        return _b_op(self._h, 'parties')\n"
"    @property\n"
"    def n_waiting(self):\n"
"        return _b_op(self._h, 'n_waiting')\n"
"    @property\n"
"    def broken(self):\n"
"        return _b_op(self._h, 'broken')\n"
"\n"
"class Event:\n"
"    def __init__(self):\n"
"        self._h = _e_new()\n"
"    def set(self):\n"
"        _e_op(self._h, 'set', None)\n"
"    def clear(self):\n"
"        _e_op(self._h, 'clear', None)\n"
"    def is_set(self):\n"
"        return _e_op(self._h, 'is_set', None)\n"
"    def wait(self, timeout=None):\n"
"        return _e_op(self._h, 'wait', timeout)\n"
"\n"
"def _wrap_lock(h):\n"
"    if h is None:\n"
"        return None\n"
"    l = RLock.__new__(RLock)\n"
"    l._h = h\n"
"    return l\n"
"\n"
"_typecodes = {'i': 'i', 'l': 'l', 'd': 'd', 'f': 'f', 'b': 'b', 'B': 'B',\n"
"              'h': 'h', 'H': 'H', 'I': 'I', 'L': 'L', 'q': 'q', 'Q': 'Q',\n"
"              'c': 'c'}\n"
"\n"
"class _Value:\n"
"    def __init__(self, typecode, value, lock):\n"
"        self._typecode = typecode\n"
"        self._h = _a_new(typecode, 1, lock)\n"
"        self._lock = _wrap_lock(_a_lock(self._h))\n"
"        _a_set(self._h, 0, value)\n"
"    @property\n"
"    def value(self):\n"
"        return _a_get(self._h, 0)\n"
"    @value.setter\n"
"    def value(self, v):\n"
"        _a_set(self._h, 0, v)\n"
"    def get_lock(self):\n"
"        return self._lock\n"
"    def get_obj(self):\n"
"        return self\n"
"    def __repr__(self):\n"
"        return '<Synchronized wrapper for c_' + self._typecode + '(' + repr(self.value) + ')>'\n"
"\n"
"def Value(typecode_or_type, *args, lock=True):\n"
"    if typecode_or_type not in _typecodes:\n"
"        raise TypeError('bad typecode')\n"
"    v = args[0] if args else (b'\\x00' if typecode_or_type == 'c' else 0)\n"
"    return _Value(typecode_or_type, v, lock)\n"
"\n"
"class _Array:\n"
"    def __init__(self, typecode, init, lock):\n"
"        if isinstance(init, int):\n"
"            n = init\n"
"            init = None\n"
"        else:\n"
"            init = list(init)\n"
"            n = len(init)\n"
"        self._typecode = typecode\n"
"        self._h = _a_new(typecode, n, lock)\n"
"        self._lock = _wrap_lock(_a_lock(self._h))\n"
"        if init is not None:\n"
"            for i in range(n):\n"
"                _a_set(self._h, i, init[i])\n"
"    def __len__(self):\n"
"        return _a_len(self._h)\n"
"    def __getitem__(self, i):\n"
"        if isinstance(i, slice):\n"
"            return [self[j] for j in range(*i.indices(len(self)))]\n"
"        return _a_get(self._h, i)\n"
"    def __setitem__(self, i, v):\n"
"        if isinstance(i, slice):\n"
"            for j, x in zip(range(*i.indices(len(self))), v):\n"
"                _a_set(self._h, j, x)\n"
"            return\n"
"        _a_set(self._h, i, v)\n"
"    def __iter__(self):\n"
"        return iter([self[i] for i in range(len(self))])\n"
"    def get_lock(self):\n"
"        return self._lock\n"
"    def get_obj(self):\n"
"        return self\n"
"\n"
"def Array(typecode_or_type, size_or_initializer, *, lock=True):\n"
"    if typecode_or_type not in _typecodes:\n"
"        raise TypeError('bad typecode')\n"
"    return _Array(typecode_or_type, size_or_initializer, lock)\n"
"\n"
"class AsyncResult:\n"
"    def __init__(self, pool, n, single, callback, error_callback):\n"
"        self._pool = pool\n"
"        self._job = None\n"
"        self._n = n\n"
"        self._single = single\n"
"        self._callback = callback\n"
"        self._error_callback = error_callback\n"
"        self._ok = True\n"
"        self._value = None\n"
"        self._event = _threading.Event()\n"
"    def _set(self):\n"
"        values = []\n"
"        for i in range(self._n):\n"
"            ok, v = _p_result(self._job, i)\n"
"            if not ok and self._ok:\n"
"                self._ok = False\n"
"                self._value = v\n"
"            values.append(v)\n"
"        if self._ok:\n"
"            self._value = values[0] if self._single else values\n"
"        try:\n"
"            if self._ok and self._callback is not None:\n"
"                self._callback(self._value)\n"
"            if not self._ok and self._error_callback is not None:\n"
"                self._error_callback(self._value)\n"
"        finally:\n"
"            self._event.set()\n"
"    def _abandon(self):\n"
"        if not self._event.is_set():\n"
"            self._ok = False\n"
"            self._value = ValueError('Pool not running')\n"
"            self._event.set()\n"
"    def ready(self):\n"
"        return self._event.is_set()\n"
"    def successful(self):\n"
"        if not self.ready():\n"
"            raise ValueError(repr(self) + ' not ready')\n"
"        return self._ok\n"
"    def wait(self, timeout=None):\n"
"        self._event.wait(timeout)\n"
"    def get(self, timeout=None):\n"
"        self.wait(timeout)\n"
"        if not self.ready():\n"
"            raise TimeoutError\n"
"        if self._ok:\n"
"            return self._value\n"
"        raise self._value\n"
"\n"
"ApplyResult = AsyncResult\n"
"MapResult = AsyncResult\n"
"\n"
"class Pool:\n"
"    def __init__(self, processes=None, initializer=None, initargs=(),\n"
"                 maxtasksperchild=None):\n"
"        self._h = _p_new(processes)\n"
"        self._cache = {}\n"
"        self._cache_lock = _threading.Lock()\n"
"        self._state = 'RUN'\n"
"        # CPython's Pool starts three threads; callbacks run on the third.\n"
"        _threading._newname('Thread-%d')\n"
"        _threading._newname('Thread-%d')\n"
"        self._handler = _threading.Thread(target=self._handle_results,\n"
"                                          daemon=True)\n"
"        self._handler.start()\n"
"    def _handle_results(self):\n"
"        while True:\n"
"            job = _p_done(self._h)\n"
"            if job is None:\n"
"                break\n"
"            with self._cache_lock:\n"
"                r = self._cache.pop(job, None)\n"
"            if r is not None:\n"
"                r._set()\n"
"        with self._cache_lock:\n"
"            left = list(self._cache.values())\n"
"            self._cache.clear()\n"
"        for r in left:\n"
"            r._abandon()\n"
"    def _check(self):\n"
"        if self._state != 'RUN':\n"
"            raise ValueError('Pool not running')\n"
"    def _submit(self, func, calls, chunksize):\n"
"        self._check()\n"
"        return _p_submit(self._h, func, calls, chunksize)\n"
"    def _submit_async(self, func, calls, chunksize, single, callback,\n"
"                      error_callback):\n"
"        self._check()\n"
"        r = AsyncResult(self, len(calls), single, callback, error_callback)\n"
"        if not calls and not single:\n"
"            # As CPython's MapResult of nothing: ready, no callback.\n"
"            r._value = []\n"
"            r._event.set()\n"
"            return r\n"
"        with self._cache_lock:\n"
"            r._job = _p_submit(self._h, func, calls, chunksize, True)\n"
"            self._cache[r._job] = r\n"
"        return r\n"
"    def apply_async(self, func, args=(), kwds={}, callback=None,\n"
"                    error_callback=None):\n"
"        return self._submit_async(func, [(tuple(args), dict(kwds))], 1,\n"
"                                  True, callback, error_callback)\n"
"    def apply(self, func, args=(), kwds={}):\n"
"        return self.apply_async(func, args, kwds).get()\n"
"    def map_async(self, func, iterable, chunksize=None, callback=None,\n"
"                  error_callback=None):\n"
"        calls = [((x,), {}) for x in iterable]\n"
"        if chunksize is None:\n"
"            chunksize, extra = divmod(len(calls), _nproc(self) * 4)\n"
"            if extra:\n"
"                chunksize += 1\n"
"        return self._submit_async(func, calls, chunksize, False, callback,\n"
"                                  error_callback)\n"
"    def map(self, func, iterable, chunksize=None):\n"
"        return self.map_async(func, iterable, chunksize).get()\n"
"    def starmap_async(self, func, iterable, chunksize=None, callback=None,\n"
"                      error_callback=None):\n"
"        calls = [(tuple(x), {}) for x in iterable]\n"
"        if chunksize is None:\n"
"            chunksize, extra = divmod(len(calls), _nproc(self) * 4)\n"
"            if extra:\n"
"                chunksize += 1\n"
"        return self._submit_async(func, calls, chunksize, False, callback,\n"
"                                  error_callback)\n"
"    def starmap(self, func, iterable, chunksize=None):\n"
"        return self.starmap_async(func, iterable, chunksize).get()\n"
"    def imap(self, func, iterable, chunksize=1):\n"
"        calls = [((x,), {}) for x in iterable]\n"
"        job = self._submit(func, calls, chunksize)\n"
"        for i in range(len(calls)):\n"
"            _p_wait(job, i, None)\n"
"            ok, v = _p_result(job, i)\n"
"            if not ok:\n"
"                raise v\n"
"            yield v\n"
"    def imap_unordered(self, func, iterable, chunksize=1):\n"
"        calls = [((x,), {}) for x in iterable]\n"
"        job = self._submit(func, calls, chunksize)\n"
"        for _ in range(len(calls)):\n"
"            i = _p_next(job)\n"
"            ok, v = _p_result(job, i)\n"
"            if not ok:\n"
"                raise v\n"
"            yield v\n"
"    def close(self):\n"
"        self._state = 'CLOSE'\n"
"        _p_op(self._h, 'close')\n"
"    def join(self):\n"
"        if self._state == 'RUN':\n"
"            raise ValueError('Pool is still running')\n"
"        _p_op(self._h, 'join')\n"
"        if _threading.current_thread() is not self._handler:\n"
"            self._handler.join()\n"
"    def terminate(self):\n"
"        self._state = 'TERMINATE'\n"
"        _p_op(self._h, 'terminate')\n"
"        if _threading.current_thread() is not self._handler:\n"
"            self._handler.join()\n"
"    def __enter__(self):\n"
"        self._check()\n"
"        return self\n"
"    def __exit__(self, *args):\n"
"        self.terminate()\n"
"\n"
"def _nproc(pool):\n"
"    return cpu_count()\n"
"\n"
"class BaseProxy:\n"
"    def __init__(self, mgr, typeid, args):\n"
"        self._mgr = mgr\n"
"        self._id = _m_call(mgr, 0, typeid, args)\n"
"    def _callmethod(self, name, args=()):\n"
"        return _m_call(self._mgr, self._id, name, tuple(args))\n"
"    def _getvalue(self):\n"
"        return self._callmethod('_getvalue')\n"
"    def __repr__(self):\n"
"        return repr(self._getvalue())\n"
"    def __str__(self):\n"
"        return str(self._getvalue())\n"
"\n"
"class DictProxy(BaseProxy):\n"
"    def __init__(self, mgr, *args):\n"
"        BaseProxy.__init__(self, mgr, 'dict', (dict(*args),))\n"
"    def __getitem__(self, k): return self._callmethod('__getitem__', (k,))\n"
"    def __setitem__(self, k, v): self._callmethod('__setitem__', (k, v))\n"
"    def __delitem__(self, k): self._callmethod('__delitem__', (k,))\n"
"    def __len__(self): return self._callmethod('__len__')\n"
"    def __contains__(self, k): return self._callmethod('__contains__', (k,))\n"
"    def __iter__(self): return iter(self._callmethod('keys'))\n"
"    def get(self, k, d=None): return self._callmethod('get', (k, d))\n"
"    def keys(self): return self._callmethod('keys')\n"
"    def values(self): return self._callmethod('values')\n"
"    def items(self): return self._callmethod('items')\n"
"    def update(self, other): self._callmethod('update', (dict(other),))\n"
"    def pop(self, k, *d): return self._callmethod('pop', (k,) + d)\n"
"    def setdefault(self, k, d=None): return self._callmethod('setdefault', (k, d))\n"
"    def clear(self): self._callmethod('clear')\n"
"    def copy(self): return self._callmethod('copy')\n"
"\n"
"class ListProxy(BaseProxy):\n"
"    def __init__(self, mgr, seq=()):\n"
"        BaseProxy.__init__(self, mgr, 'list', (list(seq),))\n"
"    def __getitem__(self, i): return self._callmethod('__getitem__', (i,))\n"
"    def __setitem__(self, i, v): self._callmethod('__setitem__', (i, v))\n"
"    def __delitem__(self, i): self._callmethod('__delitem__', (i,))\n"
"    def __len__(self): return self._callmethod('__len__')\n"
"    def __contains__(self, v): return self._callmethod('__contains__', (v,))\n"
"    def __iter__(self): return iter(self._getvalue())\n"
"    def append(self, v): self._callmethod('append', (v,))\n"
"    def extend(self, s): self._callmethod('extend', (list(s),))\n"
"    def insert(self, i, v): self._callmethod('insert', (i, v))\n"
"    def pop(self, *i): return self._callmethod('pop', i)\n"
"    def remove(self, v): self._callmethod('remove', (v,))\n"
"    def index(self, v): return self._callmethod('index', (v,))\n"
"    def count(self, v): return self._callmethod('count', (v,))\n"
"    def sort(self): self._callmethod('sort')\n"
"    def reverse(self): self._callmethod('reverse')\n"
"\n"
"class ValueProxy(BaseProxy):\n"
"    def __init__(self, mgr, typecode, value):\n"
"        BaseProxy.__init__(self, mgr, 'Value', (typecode, value))\n"
"    def get(self): return self._callmethod('get')\n"
"    def set(self, v): self._callmethod('set', (v,))\n"
"    @property\n"
"    def value(self): return self._callmethod('get')\n"
"    @value.setter\n"
"    def value(self, v): self._callmethod('set', (v,))\n"
"    def __repr__(self):\n"
"        return type(self).__name__ + '(' + repr(self.get()) + ')'\n"
"\n"
"class QueueProxy(BaseProxy):\n"
"    def __init__(self, mgr, maxsize=0):\n"
"        BaseProxy.__init__(self, mgr, 'Queue', (maxsize,))\n"
"    def put(self, obj, block=True, timeout=None):\n"
"        self._callmethod('put', (obj, block, timeout))\n"
"    def get(self, block=True, timeout=None):\n"
"        return self._callmethod('get', (block, timeout))\n"
"    def qsize(self): return self._callmethod('qsize')\n"
"    def empty(self): return self._callmethod('empty')\n"
"    def full(self): return self._callmethod('full')\n"
"    def task_done(self): self._callmethod('task_done')\n"
"    def join(self): self._callmethod('join')\n"
"\n"
"class AcquirerProxy(BaseProxy):\n"
"    def __init__(self, mgr, typeid):\n"
"        BaseProxy.__init__(self, mgr, typeid, ())\n"
"    def acquire(self, blocking=True, timeout=None):\n"
"        return self._callmethod('acquire', (blocking, timeout))\n"
"    def release(self): self._callmethod('release')\n"
"    def __enter__(self): return self.acquire()\n"
"    def __exit__(self, *args): self.release()\n"
"\n"
"class EventProxy(BaseProxy):\n"
"    def __init__(self, mgr):\n"
"        BaseProxy.__init__(self, mgr, 'Event', ())\n"
"    def set(self): self._callmethod('set')\n"
"    def clear(self): self._callmethod('clear')\n"
"    def is_set(self): return self._callmethod('is_set')\n"
"    def wait(self, timeout=None): return self._callmethod('wait', (timeout,))\n"
"\n"
"class SyncManager:\n"
"    def __init__(self):\n"
"        self._h = None\n"
"    def start(self):\n"
"        self._h = _m_start()\n"
"    def dict(self, *args): return DictProxy(self._h, *args)\n"
"    def list(self, seq=()): return ListProxy(self._h, seq)\n"
"    def Value(self, typecode, value, lock=True): return ValueProxy(self._h, typecode, value)\n"
"    def Queue(self, maxsize=0): return QueueProxy(self._h, maxsize)\n"
"    def JoinableQueue(self, maxsize=0): return QueueProxy(self._h, maxsize)\n"
"    def Lock(self): return AcquirerProxy(self._h, 'Lock')\n"
"    def RLock(self): return AcquirerProxy(self._h, 'RLock')\n"
"    def Event(self): return EventProxy(self._h)\n"
"    def shutdown(self):\n"
"        if self._h is not None:\n"
"            _m_shutdown(self._h)\n"
"            self._h = None\n"
"    def __enter__(self):\n"
"        if self._h is None:\n"
"            self.start()\n"
"        return self\n"
"    def __exit__(self, *args):\n"
"        self.shutdown()\n"
"\n"
"def Manager():\n"
"    m = SyncManager()\n"
"    m.start()\n"
"    return m\n";

/* The root's exit: wait for the children as CPython's atexit does. */
static void
mp_atexit(void)
{
	if (proc_parent_pid() == 0)
		proc_shutdown_children();
}

/* Run the Python half in the module's globals. */
static int
mp_exec_source(struct vm_thread *t, struct module *m, const char *path,
    const char *src)
{
	struct lang_error le;
	struct code *co;
	struct frame *f;
	struct val r;

	co = compile_module(src, strlen(src), path, &le);
	if (co == NULL) {
		char *msg = compile_error_format(path, src, strlen(src), &le);

		vm_raise(t, EXC(SystemError), "%s", msg);
		free(msg);
		return -1;
	}
	f = frame_new(t, co, NULL, m->dict);
	OBJ_DECREF(co);
	f->entry = 1;
	r = vm_eval(t, f);
	if (r.tag == V_NULL)
		return -1;
	val_decref(r);
	return 0;
}

struct module *
mod_multiprocessing_init(struct vm_thread *t)
{
	struct module *m = module_new("multiprocessing");

	module_add_func(m, "_new", mp_new);
	module_add_func(m, "_start", mp_start);
	module_add_func(m, "_join", mp_join);
	module_add_func(m, "_is_alive", mp_is_alive);
	module_add_func(m, "_pid", mp_pid);
	module_add_func(m, "_exitcode", mp_exitcode);
	module_add_func(m, "_signal", mp_signal);
	module_add_func(m, "_close", mp_close);
	module_add_func(m, "_name", mp_name);
	module_add_func(m, "_set_name", mp_set_name);
	module_add_func(m, "_self", mp_self);
	module_add_func(m, "_parent", mp_parent);
	module_add_func(m, "cpu_count", mp_cpu_count);
	mp_ipc_register(m);
	mp_pool_register(m);
	mp_mgr_register(m);
	mp_module_dict = m->dict;
	/* At exit, as multiprocessing: daemons terminated, others joined. */
	proc_contain_init();
	atexit(mp_atexit);
	if (mp_exec_source(t, m, "<multiprocessing>", mp_source) != 0) {
		OBJ_DECREF(m);
		return NULL;
	}
	return m;
}
