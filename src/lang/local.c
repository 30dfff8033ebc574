/*
 * local.c — threading.local: instances whose attributes are per thread.
 *
 * Owns the type _thread._local and the bookkeeping behind it. A local is an
 * ordinary instance (layout L_INST) of a type flagged TF_LOCAL; its instance
 * dict is not its attributes but a table: one attribute dict per thread,
 * keyed by the thread's vm_thread address, plus the constructor's arguments
 * under the key None so that a subclass's __init__ runs again, with the same
 * arguments, the first time another thread touches the object (as CPython
 * does). Every thread keeps the tables it has an entry in
 * (vm_thread->local_tables) and removes its entries when it ends, so a
 * thread's values die with it and a later thread at the same address never
 * sees them. It must not be reached through the instance-dict fast paths:
 * object.c and vm.c exclude TF_LOCAL types from them and go through
 * obj_dictp(), which asks local_dictp() for the calling thread's dict.
 *
 * Threads: every function runs on the calling Python thread with the GIL
 * held (or, with --gil=none, under the dicts' own locking).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "core/xmalloc.h"

#include "lang/lang.h"
#include "lang/vm.h"

/* The calling thread's dict, handed out by address (see obj_dictp()). */
static __thread struct dict *local_slot;

/* A thread's key in a local's table. */
static struct val
local_key(struct vm_thread *t)
{
	return val_int((int64_t)(intptr_t)t);
}

/* The table of a local instance, created on first use. */
static struct dict *
local_table(struct val self)
{
	struct instance *inst = VAL_AS(instance, self);

	if (inst->dict == NULL)
		inst->dict = dict_new();
	return inst->dict;
}

/* Add a fresh attribute dict for thread t to a table. */
static struct dict *
local_add(struct vm_thread *t, struct dict *table)
{
	struct dict *d = dict_new();

	dict_set(table, local_key(t), val_obj(d));
	if (t->local_tables == NULL)
		t->local_tables = list_new(0);
	OBJ_INCREF(table);
	list_append(t->local_tables, val_obj(table));
	return d;
}

/*
 * The address of the calling thread's attribute dict of a local, creating
 * it (and running the subclass's __init__ again) on the thread's first
 * touch. NULL with an exception set if that __init__ fails.
 */
struct dict **
local_dictp(struct vm_thread *t, struct val self)
{
	struct dict	*table = local_table(self);
	struct val	 d, saved, init, r;
	struct tuple	*args;
	struct dict	*kw;
	int		 i;

	d = dict_get(table, local_key(t));
	if (d.tag == V_OBJ) {
		local_slot = VAL_AS(dict, d);
		return &local_slot;
	}
	local_slot = local_add(t, table);
	saved = dict_get(table, val_none());
	init = type_lookup_cstr(val_type(self), "__init__");
	if (saved.tag == V_OBJ && val_is_obj(init, L_FUNC)) {
		struct val	 buf[16], *a = buf;

		args = VAL_AS(tuple, VAL_AS(tuple, saved)->items[0]);
		kw = val_is_obj(VAL_AS(tuple, saved)->items[1], L_DICT) ?
		    VAL_AS(dict, VAL_AS(tuple, saved)->items[1]) : NULL;
		if (args->len + 1 > 16)
			a = xmalloc(sizeof *a * (size_t)(args->len + 1));
		a[0] = self;
		for (i = 0; i < args->len; i++)
			a[i + 1] = args->items[i];
		r = vm_call(t, init, a, (int)args->len + 1, kw);
		if (a != buf)
			free(a);
		if (r.tag == V_NULL)
			return NULL;
		val_decref(r);
		d = dict_get(table, local_key(t));
		if (d.tag != V_OBJ)
			return NULL;
		local_slot = VAL_AS(dict, d);
	}
	return &local_slot;
}

/*
 * Called when a local is constructed: keep the arguments for other
 * threads' __init__, or refuse them if nobody would take them.
 */
int
local_setup(struct vm_thread *t, struct val self, struct val *args,
    int nargs, struct dict *kw)
{
	struct dict	*table = local_table(self);
	struct tuple	*saved, *a;
	struct val	 init;
	int		 i;

	init = type_lookup_cstr(val_type(self), "__init__");
	if ((nargs > 0 || (kw != NULL && kw->len > 0)) &&
	    !val_is_obj(init, L_FUNC)) {
		vm_raise(t, EXC(TypeError),
		    "Initialization arguments are not supported");
		return -1;
	}
	local_add(t, table);
	a = tuple_new(nargs);
	for (i = 0; i < nargs; i++)
		a->items[i] = val_dup(args[i]);
	saved = tuple_new(2);
	saved->items[0] = val_obj(a);
	saved->items[1] = kw != NULL ? val_obj(dict_copy(kw)) : val_none();
	dict_set(table, val_none(), val_obj(saved));
	return 0;
}

/* _thread._local(): a local with no attributes yet. */
static struct val
local_ctor(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct type	*tp = vm_local_type(t->interp);
	struct val	 self = val_obj(obj_alloc(tp, sizeof(struct instance)));

	if (local_setup(t, self, args, nargs, kw) != 0) {
		val_decref(self);
		return val_null();
	}
	return self;
}

/* Forget the calling thread's values in every local (the thread ends). */
void
local_thread_exit(struct vm_thread *t)
{
	struct list	*l = t->local_tables;
	int64_t		 i;

	if (l == NULL)
		return;
	t->local_tables = NULL;
	for (i = 0; i < l->len; i++)
		dict_del(VAL_AS(dict, l->items[i]), local_key(t));
	OBJ_DECREF(l);
}

/* The type _thread._local, made once per interpreter. */
struct type *
vm_local_type(struct interp *in)
{
	struct type	*tp;
	struct tuple	*mro;

	if (in->local_type != NULL)
		return in->local_type;
	tp = type_new_builtin(in, "_thread._local", in->types[T_OBJECT], L_INST);
	tp->flags |= TF_LOCAL;
	tp->ctor = local_ctor;
	mro = tuple_new(2);
	mro->items[0] = val_dup(val_obj(tp));
	mro->items[1] = val_dup(val_obj(in->types[T_OBJECT]));
	tp->mro = mro;
	tp->bases = tuple_new(1);
	tp->bases->items[0] = val_dup(val_obj(in->types[T_OBJECT]));
	in->local_type = tp;
	return tp;
}
