/*
 * asyncio.c — the asyncio module: its Python source (asyncio.py, embedded
 * as asyncio_src by py2c.sh into asyncio-src.c) compiled and run when first
 * imported, over the _aio core (aio-core.c). Nothing here runs the loop.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lang/lang.h"
#include "lang/modules/aio.h"

extern const char asyncio_src[];

/* Compile and run the module's source into a new module object. */
static struct module *
aio_module_from_source(struct vm_thread *t, const char *name, const char *src)
{
	struct lang_error	 le;
	struct module		*m;
	struct code		*co;
	struct frame		*f;
	struct val		 r;
	char			 path[64];

	snprintf(path, sizeof path, "<%s>", name);
	co = compile_module(src, strlen(src), path, &le);
	if (co == NULL) {
		vm_raise(t, EXC(SystemError),
		    "cannot compile module %s: line %d: %s", name, le.line,
		    le.msg);
		return NULL;
	}
	m = module_new(name);
	f = frame_new(t, co, NULL, m->dict);
	OBJ_DECREF(co);
	f->entry = 1;
	r = vm_eval(t, f);
	if (r.tag == V_NULL) {
		OBJ_DECREF(m);
		return NULL;
	}
	val_decref(r);
	return m;
}

/* Build the asyncio module. */
struct module *
mod_asyncio_init(struct vm_thread *t)
{
	return aio_module_from_source(t, "asyncio", asyncio_src);
}
