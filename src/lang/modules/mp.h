/*
 * mp.h — what the two C files of the multiprocessing module share.
 */
#ifndef CONCVIZ_LANG_MODULES_MP_H
#define CONCVIZ_LANG_MODULES_MP_H

#include "lang/lang.h"
#include "rt/ipc-wire.h"

/* The module's globals (set at import). */
extern struct dict *mp_module_dict;

/* A value as an IPC value; NULL with TypeError ("cannot pickle"). */
struct ipc_value *mp_to_ipc(struct vm_thread *, struct val, int depth);
/* An IPC value as a new value. */
struct val	 mp_from_ipc(struct vm_thread *, const struct ipc_value *);
/* Add the IPC functions (_q_*, _c_*, _a_*, _s_*, _e_*) to the module. */
void		 mp_ipc_register(struct module *);
/* Add the pool functions (_p_*) to the module. */
void		 mp_pool_register(struct module *);
/* Add the manager functions (_m_*) to the module. */
void		 mp_mgr_register(struct module *);

#endif
