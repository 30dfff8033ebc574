/*
 * os.c — the os module, the part concviz programs use: getpid, getppid,
 * cpu_count, and sep/name constants. No file system or process execution
 * (SPEC §7).
 */
#include "config.h"

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

struct module *
mod_os_init(struct vm_thread *t)
{
	struct module *m = module_new("os");

	module_add_func(m, "getpid", os_getpid);
	module_add_func(m, "getppid", os_getppid);
	module_add_func(m, "cpu_count", os_cpu_count);
	dict_set_cstr(m->dict, "name", val_obj(str_cstr("posix")));
	dict_set_cstr(m->dict, "sep", val_obj(str_cstr("/")));
	dict_set_cstr(m->dict, "linesep", val_obj(str_cstr("\n")));
	return m;
}
