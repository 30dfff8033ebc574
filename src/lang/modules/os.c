/*
 * os.c — the os module, the part concviz programs use: getpid, getppid,
 * cpu_count, _exit, and sep/name constants. No file system or process execution
 * (SPEC §7).
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "lang/lang.h"
#include "rt/proc.h"

static struct val
os_getpid(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	if (arg_count(t, "getpid", nargs, 0, 0) != 0)
		return val_null();
	return val_int(getpid());
}

static struct val
os_getppid(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	if (arg_count(t, "getppid", nargs, 0, 0) != 0)
		return val_null();
	return val_int(getppid());
}

static struct val
os_cpu_count(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	if (arg_count(t, "cpu_count", nargs, 0, 0) != 0)
		return val_null();
	return val_int(proc_cpu_count());
}

/*
 * os._exit(n): end this process at once, without running Python cleanup.
 * A child ends through proc_exit (its events reach the recording); the
 * root flushes what it has and exits.
 */
static struct val
os__exit(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	int64_t n;

	if (arg_count(t, "_exit", nargs, 1, 1) != 0 ||
	    arg_int(t, "_exit", args[0], &n) != 0)
		return val_null();
	if (proc_parent_pid() != 0)
		proc_exit((int)(n & 0xff));
	fflush(NULL);
	_exit((int)(n & 0xff));
}

struct module *
mod_os_init(struct vm_thread *t)
{
	struct module *m = module_new("os");

	module_add_func(m, "getpid", os_getpid);
	module_add_func(m, "getppid", os_getppid);
	module_add_func(m, "cpu_count", os_cpu_count);
	module_add_func(m, "_exit", os__exit);
	dict_set_cstr(m->dict, "name", val_obj(str_cstr("posix")));
	dict_set_cstr(m->dict, "sep", val_obj(str_cstr("/")));
	dict_set_cstr(m->dict, "linesep", val_obj(str_cstr("\n")));
	return m;
}
