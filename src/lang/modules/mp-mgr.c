/*
 * mp-mgr.c — the C half of multiprocessing.Manager(): start the server
 * process (src/rt/ipc-mgr.c), create objects in it, call their methods with
 * values crossing as IPC values. The proxies are the Python half's.
 * Interpreter threads only.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "lang/lang.h"
#include "lang/modules/mp.h"
#include "rt/ipc-mgr.h"

static struct ipc_mgr	**mpm_mgrs;
static size_t		  mpm_n;

static struct ipc_mgr *
mpm_get(struct vm_thread *t, struct val h)
{
	if (h.tag != V_INT || h.u.i < 0 || (size_t)h.u.i >= mpm_n ||
	    mpm_mgrs[h.u.i] == NULL) {
		vm_raise(t, EXC(OSError), "manager has shut down");
		return NULL;
	}
	return mpm_mgrs[h.u.i];
}

/* _m_start() -> manager handle */
static struct val
mpm_start(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct ipc_mgr *m;
	char *cause = NULL;
	struct val e;

	fflush(NULL);
	if ((m = ipc_mgr_start(&cause)) == NULL) {
		e = vm_raise(t, EXC(OSError), "%s", cause);
		free(cause);
		return e;
	}
	mpm_mgrs = xreallocarray(mpm_mgrs, mpm_n + 1, sizeof *mpm_mgrs);
	mpm_mgrs[mpm_n] = m;
	return val_int((int64_t)mpm_n++);
}

/* _m_call(h, id, method, args): id 0 with method = type name creates. */
static struct val
mpm_call(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct ipc_value *args, *res = NULL;
	struct ipc_mgr *m;
	char *cause = NULL;
	int64_t id;
	struct val r, e;
	int ok;

	if (arg_count(t, "_m_call", n, 4, 4) != 0 ||
	    (m = mpm_get(t, a[0])) == NULL ||
	    arg_int(t, "_m_call", a[1], &id) != 0 || !IS_STR(a[2]) ||
	    !IS_TUPLE(a[3]))
		return val_null();
	if ((args = mp_to_ipc(t, a[3], 0)) == NULL)
		return val_null();
	fflush(stdout);
	if (id == 0) {
		id = ipc_mgr_create(m, VAL_AS(str, a[2])->data, args, &cause);
		if (id == 0) {
			e = vm_raise(t, EXC(OSError), "%s", cause);
			free(cause);
			return e;
		}
		return val_int(id);
	}
	ok = ipc_mgr_call(m, id, VAL_AS(str, a[2])->data, args, &res, &cause);
	if (ok < 0) {
		e = vm_raise(t, EXC(OSError), "%s", cause);
		free(cause);
		return e;
	}
	r = mp_from_ipc(t, res);
	ipc_value_free(res);
	if (ok == 0)
		return vm_raise_val(t, r);
	return r;
}

/* _m_shutdown(h) */
static struct val
mpm_shutdown(struct vm_thread *t, struct val *a, int n, struct dict *kw)
{
	struct ipc_mgr *m;

	if (arg_count(t, "_m_shutdown", n, 1, 1) != 0 ||
	    (m = mpm_get(t, a[0])) == NULL)
		return val_null();
	ipc_mgr_shutdown(m);
	mpm_mgrs[a[0].u.i] = NULL;
	return val_none();
}

void
mp_mgr_register(struct module *m)
{
	module_add_func(m, "_m_start", mpm_start);
	module_add_func(m, "_m_call", mpm_call);
	module_add_func(m, "_m_shutdown", mpm_shutdown);
}
