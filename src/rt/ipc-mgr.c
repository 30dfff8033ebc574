/*
 * ipc-mgr.c — the client side of multiprocessing.Manager(): starting the
 * server process, one connection per calling thread and process, requests
 * and replies (the protocol is in ipc-mgr.h, the server in ipc-mgr-serve.c).
 *
 * A struct ipc_mgr is heap memory copied by fork; the connections in it
 * belong to the process that opened them, so a fork hook forgets them in
 * the child (closing its copies) and the child connects anew. The list of
 * managers and each manager's connection table are guarded by mutexes that
 * the hook re-creates. Never prints.
 */
#include "config.h"

#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "rt/intr.h"
#include "rt/ipc-conn.h"
#include "rt/ipc-int.h"
#include "rt/ipc-mgr.h"
#include "rt/proc.h"
#include "trace/emit.h"

struct mgr_conn {
	pid_t	tid;
	int	fd;
};

struct ipc_mgr {
	struct proc		*server;
	struct sockaddr_un	 addr;
	socklen_t		 alen;
	uint32_t		 entity;
	pthread_mutex_t		 mu;		/* conns */
	struct mgr_conn		*conns;
	size_t			 nconns;
	TAILQ_ENTRY(ipc_mgr)	 entry;		/* ipc_mgrs_lock */
};
TAILQ_HEAD(ipc_mgr_head, ipc_mgr);

static struct ipc_mgr_head ipc_mgrs = TAILQ_HEAD_INITIALIZER(ipc_mgrs);
static pthread_mutex_t ipc_mgrs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t ipc_mgrs_once = PTHREAD_ONCE_INIT;
static unsigned ipc_mgr_counter;

/* A tuple of n values (taken). */
struct ipc_value *
ipc_tuple(int n, ...)
{
	struct ipc_value *t = ipc_value_container(IPC_TUPLE);
	va_list ap;
	int i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		ipc_value_append(t, va_arg(ap, struct ipc_value *));
	va_end(ap);
	return t;
}

/* Fork hook: the parent's connections are not ours. */
static void
ipc_mgr_after_fork(void *arg)
{
	struct ipc_mgr *m;
	size_t i;

	pthread_mutex_init(&ipc_mgrs_lock, NULL);
	TAILQ_FOREACH(m, &ipc_mgrs, entry) {
		pthread_mutex_init(&m->mu, NULL);
		for (i = 0; i < m->nconns; i++)
			close(m->conns[i].fd);
		free(m->conns);
		m->conns = NULL;
		m->nconns = 0;
	}
}

static void
ipc_mgrs_init(void)
{
	proc_atfork_child(ipc_mgr_after_fork, NULL);
}

/* The server process's body: serve on the inherited listening socket. */
static int
ipc_mgr_server_main(void *arg)
{
	/* As CPython's manager server: Ctrl-C is for the program, not us. */
	rt_intr_ignore();
	return ipc_mgr_serve((int)(intptr_t)arg);
}

struct ipc_mgr *
ipc_mgr_start(char **cause)
{
	struct ipc_mgr *m;
	char *name;
	int fd;

	pthread_once(&ipc_mgrs_once, ipc_mgrs_init);
	ipc_ignore_sigpipe();
	m = xcalloc(1, sizeof *m);
	pthread_mutex_init(&m->mu, NULL);
	m->addr.sun_family = AF_UNIX;
	/* Abstract namespace: sun_path[0] is NUL, nothing on disk. */
	snprintf(m->addr.sun_path + 1, sizeof m->addr.sun_path - 1,
	    "concviz-manager-%d-%u-%llx", (int)getpid(),
	    __atomic_add_fetch(&ipc_mgr_counter, 1, __ATOMIC_RELAXED),
	    (unsigned long long)(uintptr_t)m);
	m->alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
	    strlen(m->addr.sun_path + 1));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&m->addr, m->alen) != 0 ||
	    listen(fd, 128) != 0) {
		*cause = xasprintf("manager socket: %s", strerror(errno));
		if (fd != -1)
			close(fd);
		free(m);
		return NULL;
	}
	m->server = proc_create(NULL, 1, ipc_mgr_server_main,
	    (void *)(intptr_t)fd);
	name = xasprintf("SyncManager-%s", proc_name(m->server) + 8);
	proc_set_name(m->server, name);
	if (trace_on)
		m->entity = trace_entity_new(TRACE_ENT_MANAGER,
		    proc_entity(m->server), name);
	free(name);
	if (proc_start(m->server, cause) != 0) {
		close(fd);
		proc_free(m->server);
		free(m);
		return NULL;
	}
	close(fd);
	pthread_mutex_lock(&ipc_mgrs_lock);
	TAILQ_INSERT_TAIL(&ipc_mgrs, m, entry);
	pthread_mutex_unlock(&ipc_mgrs_lock);
	return m;
}

/* This thread's connection to the server (opened on first use). */
static int
ipc_mgr_conn(struct ipc_mgr *m, char **cause)
{
	pid_t tid = gettid();
	size_t i;
	int fd;

	pthread_mutex_lock(&m->mu);
	for (i = 0; i < m->nconns; i++) {
		if (m->conns[i].tid == tid) {
			fd = m->conns[i].fd;
			pthread_mutex_unlock(&m->mu);
			return fd;
		}
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1 || connect(fd, (struct sockaddr *)&m->addr,
	    m->alen) != 0) {
		pthread_mutex_unlock(&m->mu);
		*cause = xasprintf("cannot reach the manager: %s",
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	m->conns = xreallocarray(m->conns, m->nconns + 1, sizeof *m->conns);
	m->conns[m->nconns].tid = tid;
	m->conns[m->nconns++].fd = fd;
	pthread_mutex_unlock(&m->mu);
	return fd;
}

/* Send one request, wait for its reply. 1/0 as ipc_mgr_call, -1 on error. */
static int
ipc_mgr_request(struct ipc_mgr *m, const char *op, int64_t id,
    const char *method, struct ipc_value *args, struct ipc_value **result,
    char **cause)
{
	struct ipc_value *req, *rep;
	struct buf b;
	int fd, r;

	*result = NULL;
	if ((fd = ipc_mgr_conn(m, cause)) == -1) {
		ipc_value_free(args);
		return -1;
	}
	req = ipc_tuple(4, ipc_value_str(op, strlen(op)), ipc_value_int(id),
	    ipc_value_str(method, strlen(method)), args);
	buf_init(&b);
	ipc_wire_encode(&b, req);
	ipc_value_free(req);
	r = ipc_frame_write(fd, 1, b.data, b.len, cause);
	if (r == 0) {
		/* Not cut short by Ctrl-C: the reply must be read. */
		rt_intr_hold();
		ipc_fd_wait(fd, POLLIN, 0, TRACE_WHY_IO, m->entity);
		rt_intr_unhold();
		r = ipc_frame_read(fd, &b, cause);
		if (r == 0)
			*cause = xstrdup("the manager process is gone");
		r = r == 1 ? 0 : -1;
	}
	if (r == 0) {
		rep = ipc_wire_decode(b.data, b.len, cause);
		if (rep == NULL)
			r = -1;
		else if (rep->type != IPC_TUPLE || rep->n != 2 ||
		    rep->items[0]->type != IPC_BOOL) {
			*cause = xstrdup("bad reply from the manager");
			ipc_value_free(rep);
			r = -1;
		} else {
			r = (int)rep->items[0]->i;
			*result = rep->items[1];
			rep->n = 1;
			ipc_value_free(rep);
		}
	}
	buf_fini(&b);
	return r;
}

int64_t
ipc_mgr_create(struct ipc_mgr *m, const char *type, struct ipc_value *args,
    char **cause)
{
	struct ipc_value *r;
	int64_t id;
	int ok;

	ok = ipc_mgr_request(m, "create", 0, type, args, &r, cause);
	if (ok == 1 && r->type == IPC_INT) {
		id = r->i;
		ipc_value_free(r);
		return id;
	}
	if (ok == 0)
		*cause = xasprintf("the manager cannot create '%s'", type);
	ipc_value_free(r);
	return 0;
}

int
ipc_mgr_call(struct ipc_mgr *m, int64_t id, const char *method,
    struct ipc_value *args, struct ipc_value **result, char **cause)
{
	return ipc_mgr_request(m, "call", id, method, args, result, cause);
}

void
ipc_mgr_release(struct ipc_mgr *m, int64_t id)
{
	struct ipc_value *r;
	char *cause = NULL;

	if (ipc_mgr_request(m, "release", id, "", ipc_value_container(IPC_TUPLE),
	    &r, &cause) < 0)
		free(cause);
	ipc_value_free(r);
}

void
ipc_mgr_shutdown(struct ipc_mgr *m)
{
	struct ipc_value *r;
	char *cause = NULL;
	size_t i;

	if (m == NULL)
		return;
	if (ipc_mgr_request(m, "shutdown", 0, "",
	    ipc_value_container(IPC_TUPLE), &r, &cause) < 0)
		free(cause);
	ipc_value_free(r);
	pthread_mutex_lock(&ipc_mgrs_lock);
	TAILQ_REMOVE(&ipc_mgrs, m, entry);
	pthread_mutex_unlock(&ipc_mgrs_lock);
	for (i = 0; i < m->nconns; i++)
		close(m->conns[i].fd);
	free(m->conns);
	/* The server ends once its listener is shut: reap it. */
	if (proc_join(m->server, 5000000000LL) == 0) {
		proc_terminate(m->server);
		proc_join(m->server, -1);
	}
	proc_free(m->server);
	pthread_mutex_destroy(&m->mu);
	free(m);
}

struct proc *
ipc_mgr_proc(struct ipc_mgr *m)
{
	return m->server;
}

uint32_t
ipc_mgr_entity(struct ipc_mgr *m)
{
	return m->entity;
}
