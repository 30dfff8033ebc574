/*
 * aio.h — the asyncio modules: asyncio (asyncio.c, Python source) over _aio
 * (aio-core.c: libev loops, the self-pipe, the trace events of tasks).
 */
#ifndef CONCVIZ_LANG_MODULES_AIO_H
#define CONCVIZ_LANG_MODULES_AIO_H

struct module;
struct vm_thread;

struct module	*mod__aio_init(struct vm_thread *);
struct module	*mod_asyncio_init(struct vm_thread *);

#endif
