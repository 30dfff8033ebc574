/*
 * sys.c — the sys module: argv, exit, stdout/stderr, maxsize, version_info,
 * the switch interval (stored in the interpreter) and the recursion limit.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lang/lang.h"

/* sys.exit([code]) */
static struct val
sys_exit(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "exit", nargs, 0, 1) < 0)
		return val_null();
	return vm_raise_val(t, exc_new(EXC(SystemExit), args, nargs));
}

static struct val
sys_setswitchinterval(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	double s;

	(void)kw;
	if (arg_count(t, "setswitchinterval", nargs, 1, 1) < 0 ||
	    arg_float(t, args[0], &s) < 0)
		return val_null();
	if (s <= 0)
		return vm_raise(t, EXC(ValueError), "switch interval must be strictly positive");
	t->interp->switch_interval_ns = (int64_t)(s * 1e9 + 0.5);
	return val_none();
}

static struct val
sys_getswitchinterval(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	(void)args; (void)nargs; (void)kw;
	return val_float((double)t->interp->switch_interval_ns / 1e9);
}

static struct val
sys_getrecursionlimit(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	(void)args; (void)nargs; (void)kw;
	return val_int(t->interp->recursion_limit);
}

static struct val
sys_setrecursionlimit(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	int64_t n;

	(void)kw;
	if (arg_count(t, "setrecursionlimit", nargs, 1, 1) < 0 ||
	    val_to_index(t, args[0], &n) < 0)
		return val_null();
	if (n < 1)
		return vm_raise(t, EXC(ValueError), "recursion limit must be greater or equal than 1");
	/* Bounded so that the C stack (run on a large thread stack) suffices. */
	t->interp->recursion_limit = n > 20000 ? 20000 : (int)n;
	return val_none();
}

/* file.write(s) for sys.stdout / sys.stderr. */
static struct val
stream_write(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val fd;

	(void)kw;
	if (arg_count(t, "write", nargs - 1, 1, 1) < 0)
		return val_null();
	if (!IS_STR(args[1]))
		return vm_raise(t, EXC(TypeError), "write() argument must be str, not %s",
		    val_type_name(args[1]));
	fd = dict_get_cstr(VAL_AS(instance, args[0])->dict, "_fd");
	vm_write_out(t, fd.tag == V_INT ? (int)fd.u.i : 1, VAL_AS(str, args[1])->data,
	    (size_t)VAL_AS(str, args[1])->len);
	return val_int(VAL_AS(str, args[1])->nchars);
}

static struct val
stream_flush(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val fd;

	(void)t; (void)nargs; (void)kw;
	fd = dict_get_cstr(VAL_AS(instance, args[0])->dict, "_fd");
	fflush(fd.tag == V_INT && fd.u.i == 2 ? stderr : stdout);
	return val_none();
}

/* Build the sys module. */
struct module *
mod_sys_init(struct vm_thread *t)
{
	struct interp	*in = t->interp;
	struct module	*m = module_new("sys");
	struct type	*io;
	struct tuple	*vi;
	int		 fd;

	dict_set_cstr(m->dict, "argv", val_dup(val_obj(in->argv)));
	module_add_func(m, "exit", sys_exit);
	module_add_func(m, "setswitchinterval", sys_setswitchinterval);
	module_add_func(m, "getswitchinterval", sys_getswitchinterval);
	module_add_func(m, "getrecursionlimit", sys_getrecursionlimit);
	module_add_func(m, "setrecursionlimit", sys_setrecursionlimit);
	dict_set_cstr(m->dict, "maxsize", val_int(INT64_MAX));
	dict_set_cstr(m->dict, "platform", val_obj(str_cstr("linux")));
	dict_set_cstr(m->dict, "byteorder", val_obj(str_cstr("little")));
	dict_set_cstr(m->dict, "version", val_obj(str_cstr("3.11.0 (concviz)")));
	dict_set_cstr(m->dict, "modules", val_dup(val_obj(in->modules)));
	dict_set_cstr(m->dict, "path", val_obj(list_new(0)));
	vi = tuple_new(5);
	vi->items[0] = val_int(3);
	vi->items[1] = val_int(11);
	vi->items[2] = val_int(0);
	vi->items[3] = val_obj(str_cstr("final"));
	vi->items[4] = val_int(0);
	dict_set_cstr(m->dict, "version_info", val_obj(vi));
	io = type_new_builtin(in, "TextIOWrapper", in->types[T_OBJECT], L_INST);
	{
		struct tuple *mro = tuple_new(2);

		mro->items[0] = val_dup(val_obj(io));
		mro->items[1] = val_dup(val_obj(in->types[T_OBJECT]));
		io->mro = mro;
		io->bases = tuple_new(1);
		io->bases->items[0] = val_dup(val_obj(in->types[T_OBJECT]));
	}
	type_add_method(io, "write", stream_write);
	type_add_method(io, "flush", stream_flush);
	for (fd = 1; fd <= 2; fd++) {
		struct instance *s = obj_alloc(io, sizeof *s);

		s->dict = dict_new();
		dict_set_cstr(s->dict, "_fd", val_int(fd));
		dict_set_cstr(m->dict, fd == 1 ? "stdout" : "stderr", val_obj(s));
	}
	dict_set_cstr(m->dict, "__stdout__", val_dup(dict_get_cstr(m->dict, "stdout")));
	dict_set_cstr(m->dict, "__stderr__", val_dup(dict_get_cstr(m->dict, "stderr")));
	OBJ_DECREF(io);
	return m;
}
