/*
 * ipc-mgr.h — multiprocessing.Manager(): a real server process that owns
 * shared objects (dict, list, Value, Queue, Lock, RLock, Event) and serves
 * method calls on them to every process of the run.
 *
 * The server listens on an abstract-namespace AF_UNIX socket (Linux: no
 * file is ever created, so none can be left behind) and serves each
 * connection on its own thread, so a blocking call (a queue get, a lock
 * acquire) holds up only its caller. Clients keep a small pool of
 * connections per process (reset after fork), so threads and processes
 * never share a connection. Requests and replies are values in the IPC
 * format (ipc-wire.h), one frame each:
 *
 *	request	(op: str, object id: int, method: str, args: tuple)
 *	reply	(True, result) | (False, exception)
 *
 * op is "create" (method = type name, args = initial arguments), "call",
 * "release" (drop an object) or "shutdown". Errors inside a method come
 * back as the exception CPython would raise (KeyError, IndexError,
 * ValueError, queue.Empty, RuntimeError...), as an IPC_EXC value.
 */
#ifndef CONCVIZ_RT_IPC_MGR_H
#define CONCVIZ_RT_IPC_MGR_H

#include <stdint.h>

#include "rt/ipc-wire.h"

struct ipc_mgr;
struct proc;

/*
 * Start a manager server process (named "SyncManager-N"). Returns the
 * client handle, or NULL with *cause.
 */
struct ipc_mgr	*ipc_mgr_start(char **cause);
/*
 * Create an object of type ("dict", "list", "Value", "Queue",
 * "JoinableQueue", "Lock", "RLock", "Event") with args (a tuple, taken).
 * Returns its id (> 0), or 0 with *cause.
 */
int64_t		 ipc_mgr_create(struct ipc_mgr *m, const char *type,
		    struct ipc_value *args, char **cause);
/*
 * Call method on object id with args (a tuple, taken). Returns 1 with
 * *result set; 0 with *result set to the exception the method raised; -1
 * with *cause when the manager cannot be reached.
 */
int		 ipc_mgr_call(struct ipc_mgr *m, int64_t id, const char *method,
		    struct ipc_value *args, struct ipc_value **result,
		    char **cause);
/* Drop an object the program no longer references. */
void		 ipc_mgr_release(struct ipc_mgr *m, int64_t id);
/* Stop the server and reap it (the owner only); free the handle. */
void		 ipc_mgr_shutdown(struct ipc_mgr *m);
/* The server process (for the UI and tests). */
struct proc	*ipc_mgr_proc(struct ipc_mgr *m);
uint32_t	 ipc_mgr_entity(struct ipc_mgr *m);

/* The server's loop (runs in the server process; exported for tests). */
int		 ipc_mgr_serve(int listen_fd);

/* A tuple of n values (taken), for building args. */
struct ipc_value *ipc_tuple(int n, ...);

#endif
