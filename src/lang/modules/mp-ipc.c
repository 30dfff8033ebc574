/*
 * mp-ipc.c — the C half of multiprocessing's IPC objects: values to and
 * from the IPC wire format (what pickling is to CPython), and private
 * functions over queues, connections, shared Values and Arrays, and
 * process-shared locks (src/rt/ipc-*.c, shm-*.c). The Python classes
 * (Queue, Pipe's Connection, Value, Array, Lock, ...) are in the module's
 * Python half (multiprocessing.c). Interpreter threads only.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "lang/lang.h"
#include "lang/modules/mp.h"
#include "lang/modules/rtbind.h"
#include "rt/ipc.h"
#include "rt/shm.h"

/* --- values <-> IPC values ------------------------------------------------- */

/*
 * The class named qualname in module modname, or V_NULL (borrowed; nothing
 * raised) — how pickle finds a class by reference.
 */
static struct val
mp_find_class(struct vm_thread *t, const char *modname, const char *qualname)
{
	struct val	 cur, next;
	char		*q = xstrdup(qualname), *part, *save = NULL;

	cur = dict_get_cstr(t->interp->modules, modname);
	if (cur.tag == V_NULL && strcmp(modname, "__main__") == 0)
		cur = val_obj(t->interp->main_globals);
	val_incref(cur);
	for (part = strtok_r(q, ".", &save); part != NULL && cur.tag != V_NULL;
	    part = strtok_r(NULL, ".", &save)) {
		if (IS_DICT(cur))
			next = val_dup(dict_get_cstr(VAL_AS(dict, cur), part));
		else {
			next = obj_getattr_opt(t, cur, str_intern(part));
			if (next.tag == V_NULL)
				vm_clear_exc(t);
		}
		val_decref(cur);
		cur = next;
	}
	free(q);
	val_decref(cur);	/* the class stays alive: its module holds it */
	return val_is_obj(cur, L_TYPE) ? cur : val_null();
}

/* An instance of a user class: by reference to its class, and its dict. */
static struct ipc_value *
mp_inst_to_ipc(struct vm_thread *t, struct val v, int depth)
{
	struct type		*tp = v.u.o->type;
	struct val		 mod = dict_get_cstr(tp->dict, "__module__");
	struct val		 qual = dict_get_cstr(tp->dict, "__qualname__");
	const char		*modname = IS_STR(mod) ? VAL_AS(str, mod)->data :
				    "__main__";
	const char		*qualname = IS_STR(qual) ?
				    VAL_AS(str, qual)->data : tp->name;
	struct dict		**dp = obj_dictp(v);
	struct ipc_value	*state;

	if (strstr(qualname, "<locals>") != NULL) {
		vm_raise(t, EXC(AttributeError), "Can't pickle local object '%s'",
		    qualname);
		return NULL;
	}
	if (mp_find_class(t, modname, qualname).u.o != (struct obj *)tp) {
		vm_raise(t, EXC(TypeError), "cannot pickle '%s' object: it is "
		    "not found as %s.%s", tp->name, modname, qualname);
		return NULL;
	}
	if (dp != NULL && *dp != NULL) {
		if ((state = mp_to_ipc(t, val_obj(*dp), depth + 1)) == NULL)
			return NULL;
	} else
		state = ipc_value_container(IPC_DICT);
	return ipc_value_obj(modname, qualname, state);
}

struct ipc_value *
mp_to_ipc(struct vm_thread *t, struct val v, int depth)
{
	struct ipc_value *c, *item;
	struct val k, x;
	int64_t i;

	if (depth > IPC_WIRE_MAX_DEPTH) {
		vm_raise(t, EXC(RecursionError),
		    "maximum recursion depth exceeded while pickling an object");
		return NULL;
	}
	switch (v.tag) {
	case V_NONE:
		return ipc_value_none();
	case V_BOOL:
		return ipc_value_bool((int)v.u.i);
	case V_INT:
		return ipc_value_int(v.u.i);
	case V_FLOAT:
		return ipc_value_float(v.u.f);
	default:
		break;
	}
	if (IS_STR(v))
		return ipc_value_str(VAL_AS(str, v)->data,
		    (size_t)VAL_AS(str, v)->len);
	if (val_is_obj(v, L_BYTES))
		return ipc_value_bytes(VAL_AS(bytes, v)->data,
		    (size_t)VAL_AS(bytes, v)->len);
	if (IS_TUPLE(v) || IS_LIST(v)) {
		struct val *items = IS_TUPLE(v) ? VAL_AS(tuple, v)->items :
		    VAL_AS(list, v)->items;
		int64_t n = IS_TUPLE(v) ? VAL_AS(tuple, v)->len :
		    VAL_AS(list, v)->len;

		c = ipc_value_container(IS_TUPLE(v) ? IPC_TUPLE : IPC_LIST);
		for (i = 0; i < n; i++) {
			if ((item = mp_to_ipc(t, items[i], depth + 1)) == NULL) {
				ipc_value_free(c);
				return NULL;
			}
			ipc_value_append(c, item);
		}
		return c;
	}
	if (IS_DICT(v)) {
		c = ipc_value_container(IPC_DICT);
		i = 0;
		while (dict_next(VAL_AS(dict, v), &i, &k, &x)) {
			if ((item = mp_to_ipc(t, k, depth + 1)) == NULL) {
				ipc_value_free(c);
				return NULL;
			}
			ipc_value_append(c, item);
			if ((item = mp_to_ipc(t, x, depth + 1)) == NULL) {
				ipc_value_free(c);
				return NULL;
			}
			ipc_value_append(c, item);
		}
		return c;
	}
	if (val_is_obj(v, L_SETO)) {
		c = ipc_value_container(IPC_SET);
		i = 0;
		while (set_next(VAL_AS(set, v), &i, &k)) {
			if ((item = mp_to_ipc(t, k, depth + 1)) == NULL) {
				ipc_value_free(c);
				return NULL;
			}
			ipc_value_append(c, item);
		}
		return c;
	}
	if (val_is_obj(v, L_EXC)) {
		struct tuple *a = VAL_AS(exc, v)->args;
		struct ipc_value *args = ipc_value_container(IPC_TUPLE);

		for (i = 0; a != NULL && i < a->len; i++) {
			if ((item = mp_to_ipc(t, a->items[i], depth + 1)) == NULL) {
				ipc_value_free(args);
				return NULL;
			}
			ipc_value_append(args, item);
		}
		return ipc_value_exc("builtins", v.u.o->type->name, args);
	}
	if (v.tag == V_OBJ && v.u.o->type->layout == L_INST &&
	    (v.u.o->type->flags & (TF_USER | TF_LOCAL)) == TF_USER)
		return mp_inst_to_ipc(t, v, depth);
	vm_raise(t, EXC(TypeError), "cannot pickle '%s' object",
	    val_type_name(v));
	return NULL;
}

/* The exception class named name: a builtin, or one of __main__'s. */
static struct type *
mp_exc_class(struct vm_thread *t, const char *name)
{
	struct interp *in = t->interp;
	struct val c;
	int i;

	for (i = 0; i < E_COUNT; i++)
		if (in->exc[i] != NULL && strcmp(in->exc[i]->name, name) == 0)
			return in->exc[i];
	c = dict_get_cstr(mp_module_dict, name);	/* Empty, Full */
	if (val_is_obj(c, L_TYPE) &&
	    type_is_subtype(VAL_AS(type, c), in->exc[E_BaseException]))
		return VAL_AS(type, c);
	c = dict_get_cstr(in->main_globals, name);
	if (val_is_obj(c, L_TYPE) &&
	    type_is_subtype(VAL_AS(type, c), in->exc[E_BaseException]))
		return VAL_AS(type, c);
	return in->exc[E_Exception];
}

static struct val mp_from_ipc1(struct vm_thread *, const struct ipc_value *,
    int *);

/* An instance sent by reference to its class; V_NULL and raised if none. */
static struct val
mp_inst_from_ipc(struct vm_thread *t, const struct ipc_value *v, int *failed)
{
	struct val	 cls = mp_find_class(t, v->s, v->s2), self, state;
	struct type	*tp;

	if (cls.tag == V_NULL || VAL_AS(type, cls)->layout != L_INST) {
		*failed = 1;
		return vm_raise(t, EXC(AttributeError),
		    "Can't get attribute '%s' on <module '%s'>", v->s2, v->s);
	}
	tp = VAL_AS(type, cls);
	self = val_obj(obj_alloc(tp, sizeof(struct instance)));
	state = mp_from_ipc1(t, v->items[0], failed);
	if (IS_DICT(state) && !(tp->flags & TF_LOCAL)) {
		VAL_AS(instance, self)->dict = VAL_AS(dict, state);
		return self;
	}
	val_decref(state);
	return self;
}

/* Decode one value; on a failure inside, *failed is set (raised). */
static struct val
mp_from_ipc1(struct vm_thread *t, const struct ipc_value *v, int *failed)
{
	struct list *l;
	struct tuple *tu;
	struct dict *d;
	struct set *s;
	struct val k, x, r;
	size_t i;

	switch (v->type) {
	case IPC_NONE:
		return val_none();
	case IPC_BOOL:
		return val_bool((int)v->i);
	case IPC_INT:
		return val_int(v->i);
	case IPC_FLOAT:
		return val_float(v->f);
	case IPC_STR:
		return val_obj(str_new(v->s, v->len));
	case IPC_BYTES:
		return val_obj(bytes_new((const unsigned char *)v->s,
		    (int64_t)v->len));
	case IPC_TUPLE:
		tu = tuple_new((int64_t)v->n);
		for (i = 0; i < v->n; i++)
			tu->items[i] = mp_from_ipc1(t, v->items[i], failed);
		return val_obj(tu);
	case IPC_LIST:
		l = list_new(0);
		for (i = 0; i < v->n; i++)
			list_append(l, mp_from_ipc1(t, v->items[i], failed));
		return val_obj(l);
	case IPC_DICT:
		d = dict_new();
		for (i = 0; i + 1 < v->n; i += 2) {
			k = mp_from_ipc1(t, v->items[i], failed);
			x = mp_from_ipc1(t, v->items[i + 1], failed);
			if (!*failed)
				dict_set(d, k, x);
			val_decref(k);
			val_decref(x);
		}
		return val_obj(d);
	case IPC_SET:
		s = set_new(0);
		for (i = 0; i < v->n; i++) {
			k = mp_from_ipc1(t, v->items[i], failed);
			if (!*failed)
				set_add(s, k);
			val_decref(k);
		}
		return val_obj(s);
	case IPC_OBJ:
		return mp_inst_from_ipc(t, v, failed);
	case IPC_EXC:
		x = mp_from_ipc1(t, v->items[0], failed);
		if (*failed)
			return x;
		tu = VAL_AS(tuple, x);
		r = exc_new(mp_exc_class(t, v->s2), tu->items, (int)tu->len);
		val_decref(x);
		return r;
	}
	return val_none();
}

struct val
mp_from_ipc(struct vm_thread *t, const struct ipc_value *v)
{
	int		failed = 0;
	struct val	r = mp_from_ipc1(t, v, &failed);

	if (failed) {
		val_decref(r);
		return val_null();
	}
	return r;
}

/* --- handles --------------------------------------------------------------- */

enum mp_kind { MPK_QUEUE = 1, MPK_CONN, MPK_ARRAY, MPK_SEM, MPK_EVENT,
    MPK_COND, MPK_BARRIER };

struct mp_obj {
	enum mp_kind	 kind;
	void		*p;
};
static struct mp_obj	*mp_objs;
static size_t		 mp_nobjs;

static struct val
mp_handle(enum mp_kind kind, void *p)
{
	mp_objs = xreallocarray(mp_objs, mp_nobjs + 1, sizeof *mp_objs);
	mp_objs[mp_nobjs].kind = kind;
	mp_objs[mp_nobjs].p = p;
	return val_int((int64_t)mp_nobjs++);
}

/* The object behind handle h of the given kind, or NULL with an error. */
static void *
mp_get(struct vm_thread *t, struct val h, enum mp_kind kind)
{
	if (h.tag != V_INT || h.u.i < 0 || (size_t)h.u.i >= mp_nobjs ||
	    mp_objs[h.u.i].kind != kind || mp_objs[h.u.i].p == NULL) {
		vm_raise(t, EXC(OSError), "handle is closed");
		return NULL;
	}
	return mp_objs[h.u.i].p;
}

/* A timeout argument in ns: None -> -1. */
static int
mp_timeout(struct vm_thread *t, struct val v, int64_t *ns)
{
	double secs;

	if (v.tag == V_NONE || v.tag == V_NULL) {
		*ns = -1;
		return 0;
	}
	if (arg_float(t, v, &secs) != 0)
		return -1;
	*ns = secs < 0 ? 0 : (int64_t)(secs * 1e9);
	return 0;
}

/* Raise the exception class named in the module (Empty, Full). */
static struct val
mp_raise_named(struct vm_thread *t, const char *name)
{
	struct val c = dict_get_cstr(mp_module_dict, name);

	if (val_is_obj(c, L_TYPE))
		return vm_raise_val(t, exc_new(VAL_AS(type, c), NULL, 0));
	return vm_raise(t, EXC(RuntimeError), "%s", name);
}

/* Raise an error message from the runtime as cls. */
static struct val
mp_raise_cause(struct vm_thread *t, struct type *cls, char *cause)
{
	struct val e = vm_raise(t, cls, "%s", cause != NULL ? cause : "error");

	free(cause);
	return e;
}

/* --- queues ---------------------------------------------------------------- */

/* _q_new(kind, maxsize): 0 Queue, 1 JoinableQueue, 2 SimpleQueue. */
static struct val
mpq_new(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct ipc_queue *q;
	char *cause = NULL;
	int64_t kind, max;

	if (arg_count(t, "_q_new", n, 2, 2) != 0 ||
	    arg_int(t, "_q_new", a[0], &kind) != 0 ||
	    arg_int(t, "_q_new", a[1], &max) != 0)
		return val_null();
	q = ipc_queue_create(kind == 1 ? IPC_JOINABLE : kind == 2 ?
	    IPC_SIMPLE : IPC_QUEUE, max, &cause);
	if (q == NULL)
		return mp_raise_cause(t, EXC(OSError), cause);
	return mp_handle(MPK_QUEUE, q);
}

/* _q_put(h, obj, block, timeout) */
static struct val
mpq_put(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct ipc_queue *q;
	struct ipc_value *v;
	char *cause = NULL;
	int64_t ns;
	int r;

	if (arg_count(t, "_q_put", n, 4, 4) != 0 ||
	    (q = mp_get(t, a[0], MPK_QUEUE)) == NULL ||
	    mp_timeout(t, a[3], &ns) != 0)
		return val_null();
	if ((v = mp_to_ipc(t, a[1], 0)) == NULL)
		return val_null();
	r = ipc_queue_put(q, v, obj_truth(t, a[2]) == 1, ns, &cause);
	ipc_value_free(v);
	if (r < 0)
		return mp_raise_cause(t, EXC(ValueError), cause);
	if (r == 0) {
		if (rtbind_interrupted(t))
			return val_null();
		return mp_raise_named(t, "Full");
	}
	return val_none();
}

/* _q_get(h, block, timeout) */
static struct val
mpq_get(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct ipc_queue *q;
	struct ipc_value *v = NULL;
	char *cause = NULL;
	struct val r;
	int64_t ns;
	int got;

	if (arg_count(t, "_q_get", n, 3, 3) != 0 ||
	    (q = mp_get(t, a[0], MPK_QUEUE)) == NULL ||
	    mp_timeout(t, a[2], &ns) != 0)
		return val_null();
	fflush(stdout);
	got = ipc_queue_get(q, &v, obj_truth(t, a[1]) == 1, ns, &cause);
	if (got < 0)
		return mp_raise_cause(t, EXC(ValueError), cause);
	if (got == 0) {
		if (rtbind_interrupted(t))
			return val_null();
		return mp_raise_named(t, "Empty");
	}
	r = mp_from_ipc(t, v);
	ipc_value_free(v);
	return r;
}

/* _q_op(h, op): qsize, empty, full, close, join_thread, task_done, join */
static struct val
mpq_op(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct ipc_queue *q;
	char *cause = NULL;
	const char *op;

	if (arg_count(t, "_q_op", n, 2, 2) != 0 ||
	    (q = mp_get(t, a[0], MPK_QUEUE)) == NULL || !IS_STR(a[1]))
		return val_null();
	op = VAL_AS(str, a[1])->data;
	if (strcmp(op, "qsize") == 0)
		return val_int(ipc_queue_qsize(q));
	if (strcmp(op, "empty") == 0)
		return val_bool(ipc_queue_empty(q));
	if (strcmp(op, "full") == 0)
		return val_bool(ipc_queue_full(q));
	if (strcmp(op, "close") == 0)
		ipc_queue_close(q);
	else if (strcmp(op, "join_thread") == 0)
		ipc_queue_join_thread(q);
	else if (strcmp(op, "task_done") == 0) {
		if (ipc_queue_task_done(q, &cause) != 0)
			return mp_raise_cause(t, EXC(ValueError), cause);
	} else if (strcmp(op, "join") == 0) {
		ipc_queue_join(q);
		if (rtbind_interrupted(t))
			return val_null();
	}
	return val_none();
}

/* --- connections ----------------------------------------------------------- */

/* _pipe(duplex) -> (h1, h2) */
static struct val
mpc_pipe(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct ipc_conn *c1, *c2;
	struct tuple *tu;
	char *cause = NULL;

	if (arg_count(t, "_pipe", n, 1, 1) != 0)
		return val_null();
	if (ipc_pipe(obj_truth(t, a[0]) == 1, &c1, &c2, &cause) != 0)
		return mp_raise_cause(t, EXC(OSError), cause);
	tu = tuple_new(2);
	tu->items[0] = mp_handle(MPK_CONN, c1);
	tu->items[1] = mp_handle(MPK_CONN, c2);
	return val_obj(tu);
}

/* _c_send(h, obj) */
static struct val
mpc_send(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct ipc_conn *c;
	struct ipc_value *v;
	char *cause = NULL;
	int r;

	if (arg_count(t, "_c_send", n, 2, 2) != 0 ||
	    (c = mp_get(t, a[0], MPK_CONN)) == NULL)
		return val_null();
	if (ipc_conn_fileno(c) == -1)
		return vm_raise(t, EXC(OSError), "handle is closed");
	if ((v = mp_to_ipc(t, a[1], 0)) == NULL)
		return val_null();
	r = ipc_conn_send(c, v, &cause);
	ipc_value_free(v);
	if (r != 0)
		return mp_raise_cause(t, strstr(cause, "Broken pipe") != NULL ?
		    EXC(BrokenPipeError) : EXC(OSError), cause);
	return val_none();
}

/* _c_recv(h) */
static struct val
mpc_recv(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct ipc_conn *c;
	struct ipc_value *v = NULL;
	char *cause = NULL;
	struct val r;
	int got;

	if (arg_count(t, "_c_recv", n, 1, 1) != 0 ||
	    (c = mp_get(t, a[0], MPK_CONN)) == NULL)
		return val_null();
	fflush(stdout);
	got = ipc_conn_recv(c, &v, &cause);
	if (got == 0)
		return vm_raise_val(t, exc_new(EXC(EOFError), NULL, 0));
	if (got < 0) {
		if (rtbind_interrupted(t)) {
			free(cause);
			return val_null();
		}
		return mp_raise_cause(t, EXC(OSError), cause);
	}
	r = mp_from_ipc(t, v);
	ipc_value_free(v);
	return r;
}

/* _c_poll(h, timeout) */
static struct val
mpc_poll(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct ipc_conn *c;
	char *cause = NULL;
	int64_t ns;
	int r;

	if (arg_count(t, "_c_poll", n, 2, 2) != 0 ||
	    (c = mp_get(t, a[0], MPK_CONN)) == NULL ||
	    mp_timeout(t, a[1], &ns) != 0)
		return val_null();
	r = ipc_conn_poll(c, ns, &cause);
	if (r < 0)
		return mp_raise_cause(t, EXC(OSError), cause);
	if (r == 0 && rtbind_interrupted(t))
		return val_null();
	return val_bool(r);
}

/* _c_close(h) */
static struct val
mpc_close(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct ipc_conn *c;

	if (arg_count(t, "_c_close", n, 1, 1) != 0 ||
	    (c = mp_get(t, a[0], MPK_CONN)) == NULL)
		return val_null();
	ipc_conn_close(c);
	return val_none();
}

/* --- Value / Array ----------------------------------------------------------- */

/* _a_new(typecode, n, lock) */
static struct val
mpa_new(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_array *arr;
	char *cause = NULL;
	int64_t len;

	if (arg_count(t, "_a_new", n, 3, 3) != 0 || !IS_STR(a[0]) ||
	    arg_int(t, "_a_new", a[1], &len) != 0)
		return val_null();
	arr = shm_array_create(VAL_AS(str, a[0])->data[0], (size_t)len,
	    obj_truth(t, a[2]) == 1, &cause);
	if (arr == NULL)
		return mp_raise_cause(t, EXC(TypeError), cause);
	return mp_handle(MPK_ARRAY, arr);
}

/* _a_get(h, i) */
static struct val
mpa_get(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_array *arr;
	int64_t i;
	char *p;

	if (arg_count(t, "_a_get", n, 2, 2) != 0 ||
	    (arr = mp_get(t, a[0], MPK_ARRAY)) == NULL ||
	    arg_int(t, "_a_get", a[1], &i) != 0)
		return val_null();
	if (i < 0)
		i += (int64_t)arr->n;
	if (i < 0 || (size_t)i >= arr->n)
		return vm_raise(t, EXC(IndexError), "invalid index");
	p = (char *)arr->data + (size_t)i * arr->itemsize;
	switch (arr->typecode) {
	case 'b': return val_int(*(int8_t *)p);
	case 'B': return val_int(*(uint8_t *)p);
	case 'h': return val_int(*(int16_t *)p);
	case 'H': return val_int(*(uint16_t *)p);
	case 'i': return val_int(*(int32_t *)p);
	case 'I': return val_int(*(uint32_t *)p);
	case 'f': return val_float(*(float *)p);
	case 'd': return val_float(*(double *)p);
	case 'c': return val_obj(bytes_new((unsigned char *)p, 1));
	default: return val_int(*(int64_t *)p);
	}
}

/* _a_set(h, i, value) */
static struct val
mpa_set(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_array *arr;
	int64_t i, iv = 0;
	double fv = 0;
	char *p;

	if (arg_count(t, "_a_set", n, 3, 3) != 0 ||
	    (arr = mp_get(t, a[0], MPK_ARRAY)) == NULL ||
	    arg_int(t, "_a_set", a[1], &i) != 0)
		return val_null();
	if (i < 0)
		i += (int64_t)arr->n;
	if (i < 0 || (size_t)i >= arr->n)
		return vm_raise(t, EXC(IndexError), "invalid index");
	p = (char *)arr->data + (size_t)i * arr->itemsize;
	if (arr->typecode == 'f' || arr->typecode == 'd') {
		if (arg_float(t, a[2], &fv) != 0)
			return val_null();
	} else if (arr->typecode == 'c') {
		if (!val_is_obj(a[2], L_BYTES) || VAL_AS(bytes, a[2])->len != 1)
			return vm_raise(t, EXC(TypeError), "one character "
			    "bytes, bytearray or integer expected");
		iv = VAL_AS(bytes, a[2])->data[0];
	} else if (a[2].tag == V_FLOAT)
		return vm_raise(t, EXC(TypeError), "int expected instead of "
		    "float");
	else if (arg_int(t, "_a_set", a[2], &iv) != 0)
		return val_null();
	switch (arr->typecode) {
	case 'b': case 'B': case 'c': *(uint8_t *)p = (uint8_t)iv; break;
	case 'h': case 'H': *(uint16_t *)p = (uint16_t)iv; break;
	case 'i': case 'I': *(uint32_t *)p = (uint32_t)iv; break;
	case 'f': *(float *)p = (float)fv; break;
	case 'd': *(double *)p = fv; break;
	default: *(int64_t *)p = iv; break;
	}
	return val_none();
}

/* _a_len(h) */
static struct val
mpa_len(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_array *arr;

	if (arg_count(t, "_a_len", n, 1, 1) != 0 ||
	    (arr = mp_get(t, a[0], MPK_ARRAY)) == NULL)
		return val_null();
	return val_int((int64_t)arr->n);
}

/* _a_lock(h): the handle of the array's lock, or None. */
static struct val
mpa_lock(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_array *arr;

	if (arg_count(t, "_a_lock", n, 1, 1) != 0 ||
	    (arr = mp_get(t, a[0], MPK_ARRAY)) == NULL)
		return val_null();
	if (arr->lock == NULL)
		return val_none();
	return mp_handle(MPK_SEM, arr->lock);
}

/* --- locks and semaphores -------------------------------------------------- */

/* _s_new(kind, value): 0 Lock, 1 RLock, 2 Semaphore, 3 BoundedSemaphore */
static struct val
mps_new(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	int64_t kind, value;

	if (arg_count(t, "_s_new", n, 2, 2) != 0 ||
	    arg_int(t, "_s_new", a[0], &kind) != 0 ||
	    arg_int(t, "_s_new", a[1], &value) != 0)
		return val_null();
	if (value < 0)
		return vm_raise(t, EXC(ValueError),
		    "semaphore initial value must be >= 0");
	return mp_handle(MPK_SEM, shm_sem_create((enum shm_sem_kind)kind,
	    value));
}

/* _s_acquire(h, block, timeout) */
static struct val
mps_acquire(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_sem *s;
	int64_t ns;

	if (arg_count(t, "_s_acquire", n, 3, 3) != 0 ||
	    (s = mp_get(t, a[0], MPK_SEM)) == NULL ||
	    mp_timeout(t, a[2], &ns) != 0)
		return val_null();
	if (shm_sem_acquire(s, obj_truth(t, a[1]) == 1, ns))
		return val_bool(1);
	if (rtbind_interrupted(t))
		return val_null();
	return val_bool(0);
}

/* _s_release(h) */
static struct val
mps_release(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_sem *s;
	char *cause = NULL;

	if (arg_count(t, "_s_release", n, 1, 1) != 0 ||
	    (s = mp_get(t, a[0], MPK_SEM)) == NULL)
		return val_null();
	if (shm_sem_release(s, &cause) != 0) {
		if (strstr(cause, "un-acquired") == NULL)
			return mp_raise_cause(t, EXC(ValueError), cause);
		free(cause);
		return vm_raise(t, EXC(AssertionError), "attempt to release "
		    "recursive lock not owned by thread");
	}
	return val_none();
}

/* _s_value(h) */
static struct val
mps_value(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_sem *s;

	if (arg_count(t, "_s_value", n, 1, 1) != 0 ||
	    (s = mp_get(t, a[0], MPK_SEM)) == NULL)
		return val_null();
	return val_int(shm_sem_value(s));
}

/* --- Event ------------------------------------------------------------------- */

/* _e_new(), _e_op(h, op, timeout): set, clear, is_set, wait */
static struct val
mpe_new(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	return mp_handle(MPK_EVENT, shm_event_create());
}

static struct val
mpe_op(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_event *e;
	const char *op;
	int64_t ns;

	if (arg_count(t, "_e_op", n, 3, 3) != 0 ||
	    (e = mp_get(t, a[0], MPK_EVENT)) == NULL || !IS_STR(a[1]) ||
	    mp_timeout(t, a[2], &ns) != 0)
		return val_null();
	op = VAL_AS(str, a[1])->data;
	if (strcmp(op, "set") == 0)
		shm_event_set(e);
	else if (strcmp(op, "clear") == 0)
		shm_event_clear(e);
	else if (strcmp(op, "is_set") == 0)
		return val_bool(shm_event_is_set(e));
	else if (strcmp(op, "wait") == 0) {
		if (shm_event_wait(e, ns))
			return val_bool(1);
		if (rtbind_interrupted(t))
			return val_null();
		return val_bool(0);
	}
	return val_none();
}

/* _s_mine(h) -> (is mine, recursion count): RLock's _is_owned, repr */
static struct val
mps_mine(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_sem *s;
	struct tuple *tu;

	if (arg_count(t, "_s_mine", n, 1, 1) != 0 ||
	    (s = mp_get(t, a[0], MPK_SEM)) == NULL)
		return val_null();
	tu = tuple_new(2);
	tu->items[0] = val_bool(shm_sem_is_mine(s));
	tu->items[1] = val_int(shm_sem_count(s));
	return val_obj(tu);
}

/* --- Condition --------------------------------------------------------------- */

/* _cv_new(lock handle): a condition over that Lock or RLock. */
static struct val
mpv_new(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_sem *s;

	if (arg_count(t, "_cv_new", n, 1, 1) != 0 ||
	    (s = mp_get(t, a[0], MPK_SEM)) == NULL)
		return val_null();
	return mp_handle(MPK_COND, shm_cond_create(s));
}

/* _cv_wait(h, timeout) -> notified (False on timeout) */
static struct val
mpv_wait(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_cond *c;
	char *cause = NULL;
	int64_t ns;
	int r;

	if (arg_count(t, "_cv_wait", n, 2, 2) != 0 ||
	    (c = mp_get(t, a[0], MPK_COND)) == NULL ||
	    mp_timeout(t, a[1], &ns) != 0)
		return val_null();
	fflush(stdout);
	if ((r = shm_cond_wait(c, ns, &cause)) < 0) {
		free(cause);
		return vm_raise(t, EXC(AssertionError),
		    "must acquire() condition before using wait()");
	}
	if (r == 0 && rtbind_interrupted(t))
		return val_null();
	return val_bool(r);
}

/* _cv_notify(h, n): n < 0 wakes every waiter. */
static struct val
mpv_notify(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_cond *c;
	char *cause = NULL;
	int64_t k;

	if (arg_count(t, "_cv_notify", n, 2, 2) != 0 ||
	    (c = mp_get(t, a[0], MPK_COND)) == NULL ||
	    arg_int(t, "_cv_notify", a[1], &k) != 0)
		return val_null();
	if (shm_cond_notify(c, k, &cause) != 0) {
		free(cause);
		return vm_raise(t, EXC(AssertionError), "lock is not owned");
	}
	return val_none();
}

/* --- Barrier ----------------------------------------------------------------- */

/* _b_new(parties) */
static struct val
mpb_new(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	int64_t parties;

	if (arg_count(t, "_b_new", n, 1, 1) != 0 ||
	    arg_int(t, "_b_new", a[0], &parties) != 0)
		return val_null();
	if (parties < 1 || parties > 0x7fffffff)
		return vm_raise(t, EXC(ValueError), "parties must be > 0");
	return mp_handle(MPK_BARRIER, shm_barrier_create((unsigned)parties));
}

struct mpb_action {
	struct vm_thread *t;
	struct val	 fn;
};

/* The barrier's action, run by the last party to arrive (GIL held). */
static int
mpb_run_action(void *arg)
{
	struct mpb_action *act = arg;
	struct val r;

	r = vm_call(act->t, act->fn, NULL, 0, NULL);
	if (r.tag == V_NULL)
		return -1;
	val_decref(r);
	return 0;
}

/*
 * _b_wait(h, timeout, action) -> arrival index, or -1 when the barrier is
 * (or breaks) broken: the Python half raises BrokenBarrierError.
 */
static struct val
mpb_wait(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_barrier *b;
	struct mpb_action act;
	int64_t ns;
	int r;

	if (arg_count(t, "_b_wait", n, 3, 3) != 0 ||
	    (b = mp_get(t, a[0], MPK_BARRIER)) == NULL ||
	    mp_timeout(t, a[1], &ns) != 0)
		return val_null();
	act.t = t;
	act.fn = a[2];
	fflush(stdout);
	r = shm_barrier_wait_action(b, ns, a[2].tag == V_NONE ? NULL :
	    mpb_run_action, &act);
	if (r == -2)
		return val_null();
	if (r == -1 && rtbind_interrupted(t))
		return val_null();
	return val_int(r);
}

/* _b_op(h, op): abort, reset, parties, n_waiting, broken */
static struct val
mpb_op(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct shm_barrier *b;
	const char *op;

	if (arg_count(t, "_b_op", n, 2, 2) != 0 ||
	    (b = mp_get(t, a[0], MPK_BARRIER)) == NULL || !IS_STR(a[1]))
		return val_null();
	op = VAL_AS(str, a[1])->data;
	if (strcmp(op, "abort") == 0)
		shm_barrier_abort(b);
	else if (strcmp(op, "reset") == 0)
		shm_barrier_reset(b);
	else if (strcmp(op, "parties") == 0)
		return val_int(shm_barrier_parties(b));
	else if (strcmp(op, "n_waiting") == 0)
		return val_int(shm_barrier_n_waiting(b));
	else if (strcmp(op, "broken") == 0)
		return val_bool(shm_barrier_broken(b));
	return val_none();
}

void
mp_ipc_register(struct module *m)
{
	module_add_func(m, "_q_new", mpq_new);
	module_add_func(m, "_q_put", mpq_put);
	module_add_func(m, "_q_get", mpq_get);
	module_add_func(m, "_q_op", mpq_op);
	module_add_func(m, "_pipe", mpc_pipe);
	module_add_func(m, "_c_send", mpc_send);
	module_add_func(m, "_c_recv", mpc_recv);
	module_add_func(m, "_c_poll", mpc_poll);
	module_add_func(m, "_c_close", mpc_close);
	module_add_func(m, "_a_new", mpa_new);
	module_add_func(m, "_a_get", mpa_get);
	module_add_func(m, "_a_set", mpa_set);
	module_add_func(m, "_a_len", mpa_len);
	module_add_func(m, "_a_lock", mpa_lock);
	module_add_func(m, "_s_new", mps_new);
	module_add_func(m, "_s_acquire", mps_acquire);
	module_add_func(m, "_s_release", mps_release);
	module_add_func(m, "_s_value", mps_value);
	module_add_func(m, "_e_new", mpe_new);
	module_add_func(m, "_e_op", mpe_op);
	module_add_func(m, "_s_mine", mps_mine);
	module_add_func(m, "_cv_new", mpv_new);
	module_add_func(m, "_cv_wait", mpv_wait);
	module_add_func(m, "_cv_notify", mpv_notify);
	module_add_func(m, "_b_new", mpb_new);
	module_add_func(m, "_b_wait", mpb_wait);
	module_add_func(m, "_b_op", mpb_op);
}
