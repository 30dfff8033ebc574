/*
 * modules.c — the table of modules concviz provides. Adding a module is one
 * file in this directory and one line here.
 */
#include "config.h"

#include "lang/lang.h"
#include "lang/modules/aio.h"
#include "lang/modules/rtbind.h"

const struct module_def vm_module_table[] = {
	{ "sys", mod_sys_init },
	{ "time", mod_time_init },
	{ "math", mod_math_init },
	{ "random", mod_random_init },
	{ "_thread", mod__thread_init },
	{ "threading", mod_threading_init },
	{ "queue", mod_queue_init },
	{ "multiprocessing", mod_multiprocessing_init },
	{ "os", mod_os_init },
	{ "_aio", mod__aio_init },
	{ "asyncio", mod_asyncio_init },
	{ "concurrent", mod_concurrent_init },
	{ "concurrent.futures", mod_concurrent_futures_init },
	{ "concurrent.futures._base", mod_concurrent_futures_sub_init },
	{ "concurrent.futures.thread", mod_concurrent_futures_sub_init },
	{ "concurrent.futures.process", mod_concurrent_futures_sub_init },
	{ NULL, NULL }
};
