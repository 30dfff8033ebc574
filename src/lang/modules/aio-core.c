/*
 * aio-core.c — the _aio module: the C core under asyncio (asyncio.c). It
 * owns one libev loop per asyncio event loop (ev_loop_new, never the default
 * loop), the self-pipe that call_soon_threadsafe writes to, and the poll
 * that blocks in ev_run with the GIL released (vm_block_begin/vm_block_end,
 * so the thread shows Timed Waiting or Blocked). It also turns what the
 * Python side of asyncio does into trace events: the loop and task entities,
 * task states, steps, loop phases and steps that blocked the loop.
 *
 * It must not touch Python objects while the GIL is released, and it keeps
 * no Python state: the ready queue and the timers live in asyncio.c.
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "lang/lang.h"
#include "lang/modules/aio.h"
#include "lang/opcodes.h"
#include "trace/emit.h"

struct aio_loop;

/* A file descriptor the loop watches for the Python side (add_reader...). */
struct aio_watch {
	ev_io		 io;
	struct aio_loop	*l;
	int		 events;	/* EV_READ | EV_WRITE wanted */
};

/* One asyncio event loop's libev side. */
struct aio_loop {
	struct ev_loop	*ev;
	ev_io		 wake_w;	/* read end of the self-pipe */
	ev_timer	 timer_w;	/* the next timer's deadline */
	int		 pipe[2];
	uint32_t	 entity;	/* TRACE_ENT_LOOP */
	int		 woken;		/* the self-pipe was readable */
	struct aio_watch **watch;	/* by fd; NULL when not watched */
	int		 nwatch;
	int		*fired;		/* (fd, revents) pairs of this poll */
	int		 nfired, capfired;
};

/*
 * The loops, indexed by handle (1-based). Any thread may look a loop up
 * (call_soon_threadsafe from a worker); aio_mu guards the table and the
 * pipe's write end against a concurrent close.
 */
static pthread_mutex_t	  aio_mu = PTHREAD_MUTEX_INITIALIZER;
static struct aio_loop	**aio_loops;
static size_t		  aio_nloops;

/* The self-pipe became readable: drain it. */
static void
aio_wake_cb(struct ev_loop *ev, ev_io *w, int revents)
{
	struct aio_loop	*l = w->data;
	char		 buf[256];

	(void)ev; (void)revents;
	while (read(l->pipe[0], buf, sizeof buf) > 0)
		;
	l->woken = 1;
}

/* A watched descriptor is ready: note it for the Python side. */
static void
aio_watch_cb(struct ev_loop *ev, ev_io *w, int revents)
{
	struct aio_watch	*aw = (struct aio_watch *)w;
	struct aio_loop		*l = aw->l;

	(void)ev;
	if (l->nfired + 2 > l->capfired) {
		l->capfired = l->capfired * 2 + 16;
		l->fired = xreallocarray(l->fired, (size_t)l->capfired,
		    sizeof *l->fired);
	}
	l->fired[l->nfired++] = w->fd;
	l->fired[l->nfired++] = revents & aw->events;
}

/* The poll's deadline passed. */
static void
aio_timer_cb(struct ev_loop *ev, ev_timer *w, int revents)
{
	(void)ev; (void)w; (void)revents;
}

/* The loop behind handle v, or NULL with an exception. Caller holds aio_mu. */
static struct aio_loop *
aio_get(struct vm_thread *t, struct val v)
{
	if (v.tag != V_INT || v.u.i < 1 || (size_t)v.u.i > aio_nloops ||
	    aio_loops[v.u.i - 1] == NULL) {
		vm_raise(t, EXC(RuntimeError), "Event loop is closed");
		return NULL;
	}
	return aio_loops[v.u.i - 1];
}

/* _aio.loop_new(): a libev loop, its self-pipe and its trace entity. */
static struct val
aio_loop_new(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct aio_loop	*l;
	size_t		 i;
	int		 fl;

	(void)args; (void)nargs; (void)kw;
	l = xcalloc(1, sizeof *l);
	if (pipe(l->pipe) != 0) {
		free(l);
		return vm_raise(t, EXC(OSError), "pipe: %s", strerror(errno));
	}
	for (i = 0; i < 2; i++) {
		fl = fcntl(l->pipe[i], F_GETFL);
		fcntl(l->pipe[i], F_SETFL, fl | O_NONBLOCK);
		fcntl(l->pipe[i], F_SETFD, FD_CLOEXEC);
	}
	l->ev = ev_loop_new(EVFLAG_AUTO | EVFLAG_NOSIGMASK);
	if (l->ev == NULL) {
		close(l->pipe[0]);
		close(l->pipe[1]);
		free(l);
		return vm_raise(t, EXC(OSError), "cannot create an event loop");
	}
	ev_io_init(&l->wake_w, aio_wake_cb, l->pipe[0], EV_READ);
	l->wake_w.data = l;
	ev_io_start(l->ev, &l->wake_w);
	ev_timer_init(&l->timer_w, aio_timer_cb, 0., 0.);
	l->entity = trace_entity_new(TRACE_ENT_LOOP, t->trace_id, "event loop");
	pthread_mutex_lock(&aio_mu);
	for (i = 0; i < aio_nloops; i++)
		if (aio_loops[i] == NULL)
			break;
	if (i == aio_nloops) {
		aio_loops = xreallocarray(aio_loops, aio_nloops + 1,
		    sizeof *aio_loops);
		aio_nloops++;
	}
	aio_loops[i] = l;
	pthread_mutex_unlock(&aio_mu);
	return val_int((int64_t)i + 1);
}

/* _aio.loop_close(h): free the libev loop and the pipe. */
static struct val
aio_loop_close(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct aio_loop	*l;
	int		 i;

	(void)kw;
	if (arg_count(t, "loop_close", nargs, 1, 1) < 0)
		return val_null();
	pthread_mutex_lock(&aio_mu);
	if ((l = aio_get(t, args[0])) == NULL) {
		pthread_mutex_unlock(&aio_mu);
		vm_clear_exc(t);
		return val_none();
	}
	aio_loops[args[0].u.i - 1] = NULL;
	pthread_mutex_unlock(&aio_mu);
	trace_state(l->entity, TRACE_ST_TERMINATED, TRACE_WHY_NONE, 0, 0);
	for (i = 0; i < l->nwatch; i++)
		if (l->watch[i] != NULL) {
			ev_io_stop(l->ev, &l->watch[i]->io);
			free(l->watch[i]);
		}
	free(l->watch);
	free(l->fired);
	ev_io_stop(l->ev, &l->wake_w);
	ev_timer_stop(l->ev, &l->timer_w);
	ev_loop_destroy(l->ev);
	close(l->pipe[0]);
	close(l->pipe[1]);
	free(l);
	return val_none();
}

/* _aio.loop_entity(h): the loop's trace entity id. */
static struct val
aio_loop_entity(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct aio_loop	*l;
	uint32_t	 id;

	(void)kw;
	if (arg_count(t, "loop_entity", nargs, 1, 1) < 0)
		return val_null();
	pthread_mutex_lock(&aio_mu);
	l = aio_get(t, args[0]);
	id = l != NULL ? l->entity : 0;
	pthread_mutex_unlock(&aio_mu);
	return l != NULL ? val_int(id) : val_null();
}

/* _aio.loop_wakeup(h): make a poll in another thread return (thread-safe). */
static struct val
aio_loop_wakeup(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct aio_loop	*l;
	ssize_t		 n;

	(void)kw;
	if (arg_count(t, "loop_wakeup", nargs, 1, 1) < 0)
		return val_null();
	pthread_mutex_lock(&aio_mu);
	if ((l = aio_get(t, args[0])) == NULL) {
		pthread_mutex_unlock(&aio_mu);
		return val_null();
	}
	/* A full pipe already wakes the poll. */
	n = write(l->pipe[1], "", 1);
	(void)n;
	pthread_mutex_unlock(&aio_mu);
	return val_none();
}

/* The descriptors that fired in this poll: a list of (fd, events). */
static struct val
aio_fired(struct aio_loop *l)
{
	struct list	*r = list_new(0);
	int		 i;

	for (i = 0; i + 1 < l->nfired; i += 2) {
		struct tuple *tp = tuple_new(2);

		tp->items[0] = val_int(l->fired[i]);
		tp->items[1] = val_int(l->fired[i + 1]);
		list_append(r, val_obj(tp));
	}
	l->nfired = 0;
	return val_obj(r);
}

/*
 * _aio.loop_watch(h, fd, events): watch fd for EV_READ (1) | EV_WRITE (2);
 * events 0 stops watching it.
 */
static struct val
aio_loop_watch(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct aio_loop		*l;
	struct aio_watch	*aw;
	int			 fd, ev;

	(void)kw;
	if (arg_count(t, "loop_watch", nargs, 3, 3) < 0)
		return val_null();
	if (args[1].tag != V_INT || args[2].tag != V_INT ||
	    args[1].u.i < 0 || args[1].u.i > 1 << 20)
		return vm_raise(t, EXC(ValueError), "loop_watch: bad fd");
	fd = (int)args[1].u.i;
	ev = (int)args[2].u.i & (EV_READ | EV_WRITE);
	pthread_mutex_lock(&aio_mu);
	l = aio_get(t, args[0]);
	pthread_mutex_unlock(&aio_mu);
	if (l == NULL)
		return val_null();
	if (fd >= l->nwatch) {
		int n = fd + 16;

		l->watch = xreallocarray(l->watch, (size_t)n, sizeof *l->watch);
		memset(l->watch + l->nwatch, 0,
		    sizeof *l->watch * (size_t)(n - l->nwatch));
		l->nwatch = n;
	}
	aw = l->watch[fd];
	if (aw != NULL) {
		ev_io_stop(l->ev, &aw->io);
		if (ev == 0) {
			free(aw);
			l->watch[fd] = NULL;
			return val_none();
		}
	} else if (ev == 0)
		return val_none();
	else {
		aw = xcalloc(1, sizeof *aw);
		aw->l = l;
		l->watch[fd] = aw;
	}
	aw->events = ev;
	ev_io_init(&aw->io, aio_watch_cb, fd, ev);
	ev_io_start(l->ev, &aw->io);
	return val_none();
}

/* Raise OSError for a failed socket call. */
static struct val
aio_oserror(struct vm_thread *t, int err)
{
	return vm_raise(t, EXC(OSError), "[Errno %d] %s", err, strerror(err));
}

/* Resolve host:port (numeric or a name) to an IPv4 address. */
static int
aio_addr(struct vm_thread *t, struct val host, struct val port,
    struct sockaddr_in *sa)
{
	const char	*h = "127.0.0.1";
	struct addrinfo	 hints, *res;
	struct val	 hs = val_null();
	int		 rc;

	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	if (port.tag != V_INT || port.u.i < 0 || port.u.i > 65535) {
		vm_raise(t, EXC(OverflowError), "port must be 0-65535.");
		return -1;
	}
	sa->sin_port = htons((uint16_t)port.u.i);
	if (host.tag != V_NONE) {
		hs = obj_str(t, host);
		if (hs.tag == V_NULL)
			return -1;
		h = VAL_AS(str, hs)->data;
		if (*h == '\0')
			h = "0.0.0.0";
	}
	if (inet_pton(AF_INET, h, &sa->sin_addr) == 1) {
		val_decref(hs);
		return 0;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(h, NULL, &hints, &res);
	val_decref(hs);
	if (rc != 0 || res == NULL) {
		vm_raise(t, EXC(OSError), "[Errno -2] %s", gai_strerror(rc));
		return -1;
	}
	sa->sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
	freeaddrinfo(res);
	return 0;
}

/* A nonblocking, close-on-exec TCP socket. */
static int
aio_socket(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	return fd;
}

/* (host, port) of a socket or its peer. */
static struct val
aio_sockname(struct vm_thread *t, int fd, int peer)
{
	struct sockaddr_in	 sa;
	socklen_t		 sl = sizeof sa;
	char			 buf[INET_ADDRSTRLEN];
	struct tuple		*tp;
	int			 rc;

	rc = peer ? getpeername(fd, (struct sockaddr *)&sa, &sl) :
	    getsockname(fd, (struct sockaddr *)&sa, &sl);
	if (rc != 0)
		return aio_oserror(t, errno);
	inet_ntop(AF_INET, &sa.sin_addr, buf, sizeof buf);
	tp = tuple_new(2);
	tp->items[0] = val_obj(str_cstr(buf));
	tp->items[1] = val_int(ntohs(sa.sin_port));
	return val_obj(tp);
}

/* _aio.sock_listen(host, port, backlog): a listening socket's fd. */
static struct val
aio_sock_listen(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct sockaddr_in	 sa;
	int			 fd, one = 1, err;

	(void)kw;
	if (arg_count(t, "sock_listen", nargs, 3, 3) < 0 ||
	    aio_addr(t, args[0], args[1], &sa) < 0)
		return val_null();
	if ((fd = aio_socket()) < 0)
		return aio_oserror(t, errno);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(fd, args[2].tag == V_INT ? (int)args[2].u.i : 100) != 0) {
		err = errno;
		close(fd);
		if (err == EADDRINUSE)
			return vm_raise(t, EXC(OSError), "[Errno %d] error while "
			    "attempting to bind on address: %s", err,
			    strerror(err));
		return aio_oserror(t, err);
	}
	return val_int(fd);
}

/* _aio.sock_accept(fd): a connected fd, or None if none is waiting. */
static struct val
aio_sock_accept(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	int fd;

	(void)kw;
	if (arg_count(t, "sock_accept", nargs, 1, 1) < 0 ||
	    args[0].tag != V_INT)
		return val_null();
	fd = accept4((int)args[0].u.i, NULL, NULL,
	    SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == ECONNABORTED || errno == EINTR)
			return val_none();
		return aio_oserror(t, errno);
	}
	return val_int(fd);
}

/*
 * _aio.sock_connect(host, port): (fd, connected) — a nonblocking connect;
 * when not yet connected, wait for writability, then sock_error(fd).
 */
static struct val
aio_sock_connect(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct sockaddr_in	 sa;
	struct tuple		*tp;
	int			 fd, done = 1, err, one = 1;

	(void)kw;
	if (arg_count(t, "sock_connect", nargs, 2, 2) < 0 ||
	    aio_addr(t, args[0], args[1], &sa) < 0)
		return val_null();
	if ((fd = aio_socket()) < 0)
		return aio_oserror(t, errno);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		if (errno != EINPROGRESS) {
			err = errno;
			close(fd);
			return aio_oserror(t, err);
		}
		done = 0;
	}
	tp = tuple_new(2);
	tp->items[0] = val_int(fd);
	tp->items[1] = val_bool(done);
	return val_obj(tp);
}

/* _aio.sock_error(fd): raise the pending error of a connect, if any. */
static struct val
aio_sock_error(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	int		 err = 0;
	socklen_t	 sl = sizeof err;

	(void)kw;
	if (arg_count(t, "sock_error", nargs, 1, 1) < 0 ||
	    args[0].tag != V_INT)
		return val_null();
	if (getsockopt((int)args[0].u.i, SOL_SOCKET, SO_ERROR, &err,
	    &sl) != 0)
		err = errno;
	if (err != 0)
		return aio_oserror(t, err);
	return val_none();
}

/* _aio.sock_recv(fd, n): bytes (b'' at EOF), or None if nothing yet. */
static struct val
aio_sock_recv(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	unsigned char	 buf[65536];
	ssize_t		 n;
	int64_t		 want;

	(void)kw;
	if (arg_count(t, "sock_recv", nargs, 2, 2) < 0 ||
	    args[0].tag != V_INT || args[1].tag != V_INT)
		return val_null();
	want = args[1].u.i;
	if (want <= 0 || want > (int64_t)sizeof buf)
		want = sizeof buf;
	n = recv((int)args[0].u.i, buf, (size_t)want, 0);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return val_none();
		return aio_oserror(t, errno);
	}
	return val_obj(bytes_new(buf, n));
}

/* _aio.sock_send(fd, data): bytes sent (0 if the socket is full). */
static struct val
aio_sock_send(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct bytes	*b;
	ssize_t		 n;

	(void)kw;
	if (arg_count(t, "sock_send", nargs, 2, 2) < 0 ||
	    args[0].tag != V_INT || !val_is_obj(args[1], L_BYTES))
		return vm_raise(t, EXC(TypeError), "sock_send(fd, bytes)");
	b = VAL_AS(bytes, args[1]);
	n = send((int)args[0].u.i, b->data, (size_t)b->len, MSG_NOSIGNAL);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return val_int(0);
		return aio_oserror(t, errno);
	}
	return val_int(n);
}

/* _aio.sock_close(fd). */
static struct val
aio_sock_close(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "sock_close", nargs, 1, 1) < 0 ||
	    args[0].tag != V_INT)
		return val_null();
	close((int)args[0].u.i);
	return val_none();
}

/* _aio.sock_shutdown_write(fd): send EOF (write_eof). */
static struct val
aio_sock_shutdown(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "sock_shutdown_write", nargs, 1, 1) < 0 ||
	    args[0].tag != V_INT)
		return val_null();
	shutdown((int)args[0].u.i, SHUT_WR);
	return val_none();
}

/* _aio.sock_name(fd, peer): (host, port). */
static struct val
aio_sock_name(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "sock_name", nargs, 2, 2) < 0 ||
	    args[0].tag != V_INT)
		return val_null();
	return aio_sockname(t, (int)args[0].u.i, obj_truth(t, args[1]) > 0);
}

/* _aio.find(data, sep, start): index of sep in bytes data, or -1. */
static struct val
aio_find(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct bytes	*d, *sep;
	int64_t		 i, start;

	(void)kw;
	if (arg_count(t, "find", nargs, 3, 3) < 0 ||
	    !val_is_obj(args[0], L_BYTES) || !val_is_obj(args[1], L_BYTES) ||
	    args[2].tag != V_INT)
		return vm_raise(t, EXC(TypeError), "find(bytes, bytes, int)");
	d = VAL_AS(bytes, args[0]);
	sep = VAL_AS(bytes, args[1]);
	start = args[2].u.i < 0 ? 0 : args[2].u.i;
	for (i = start; i + sep->len <= d->len; i++)
		if (memcmp(d->data + i, sep->data, (size_t)sep->len) == 0)
			return val_int(i);
	return val_int(-1);
}

/*
 * _aio.loop_poll(h, timeout): one ev_run(EVRUN_ONCE) — the I/O poll of an
 * iteration. timeout: seconds, or None to wait for the self-pipe only. A
 * zero timeout polls without blocking (the GIL stays held); otherwise the
 * GIL is released and the thread reports Timed Waiting (a deadline) or
 * Blocked (none) on the loop. Returns True if the self-pipe was written.
 */
static struct val
aio_loop_poll(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct aio_loop	*l;
	double		 s = -1;
	uint64_t	 deadline = 0;

	(void)kw;
	if (arg_count(t, "loop_poll", nargs, 2, 2) < 0)
		return val_null();
	if (args[1].tag != V_NONE && arg_float(t, args[1], &s) < 0)
		return val_null();
	if (isnan(s))
		s = 0;
	pthread_mutex_lock(&aio_mu);
	l = aio_get(t, args[0]);
	pthread_mutex_unlock(&aio_mu);
	if (l == NULL)
		return val_null();
	l->woken = 0;
	l->nfired = 0;
	if (args[1].tag != V_NONE && s <= 0) {
		trace_emit(TRACE_EV_LOOP_PHASE, l->entity, TRACE_LOOP_POLL, 0, 0);
		ev_run(l->ev, EVRUN_NOWAIT);
		return aio_fired(l);
	}
	ev_now_update(l->ev);
	if (s > 0) {
		if (s > 1e7)
			s = 1e7;
		deadline = clock_now_ns() + (uint64_t)(s * 1e9);
		ev_timer_set(&l->timer_w, s, 0.);
		ev_timer_start(l->ev, &l->timer_w);
	}
	if (trace_on)
		trace_emit(TRACE_EV_LOOP_PHASE, l->entity, TRACE_LOOP_POLL, 0,
		    s > 0 ? (uint64_t)(s * 1e9) : 0);
	vm_block_begin(t, TRACE_WHY_LOOP, l->entity, deadline);
	ev_run(l->ev, EVRUN_ONCE);
	vm_block_end(t);
	ev_timer_stop(l->ev, &l->timer_w);
	return aio_fired(l);
}

/* _aio.tracing(): whether events are being recorded. */
static struct val
aio_tracing(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)t; (void)args; (void)nargs; (void)kw;
	return val_bool(trace_on != 0);
}

/* _aio.task_new(loop_entity, name): a task entity, New. */
static struct val
aio_task_new(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct val	 s;
	uint32_t	 id;

	(void)kw;
	if (arg_count(t, "task_new", nargs, 2, 2) < 0 ||
	    args[0].tag != V_INT)
		return val_null();
	s = obj_str(t, args[1]);
	if (s.tag == V_NULL)
		return s;
	id = trace_entity_new(TRACE_ENT_TASK, (uint32_t)args[0].u.i,
	    VAL_AS(str, s)->data);
	val_decref(s);
	return val_int(id);
}

/*
 * _aio.state(entity, state, reason, obj, deadline): a task's state;
 * deadline is the loop's time in seconds (0: none).
 */
static struct val
aio_state(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	double	 d = 0;
	int	 i;

	(void)kw;
	if (arg_count(t, "state", nargs, 5, 5) < 0)
		return val_null();
	for (i = 0; i < 4; i++)
		if (args[i].tag != V_INT)
			return vm_raise(t, EXC(TypeError), "state: int expected");
	if (arg_float(t, args[4], &d) < 0)
		return val_null();
	trace_state((uint32_t)args[0].u.i, (enum trace_state)args[1].u.i,
	    (enum trace_reason)args[2].u.i, (uint32_t)args[3].u.i,
	    d > 0 ? (uint64_t)(d * 1e9) : 0);
	return val_none();
}

/* _aio.step(task_entity, loop_entity): a task's step begins. */
static struct val
aio_step(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "step", nargs, 2, 2) < 0)
		return val_null();
	if (trace_on && args[0].tag == V_INT && args[1].tag == V_INT)
		trace_emit(TRACE_EV_TASK_STEP, (uint32_t)args[0].u.i, 0,
		    (uint32_t)args[1].u.i, 0);
	return val_none();
}

/* _aio.phase(loop_entity, phase, items): a phase of an iteration. */
static struct val
aio_phase(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)kw;
	if (arg_count(t, "phase", nargs, 3, 3) < 0)
		return val_null();
	if (trace_on && args[0].tag == V_INT && args[1].tag == V_INT &&
	    args[2].tag == V_INT)
		trace_emit(TRACE_EV_LOOP_PHASE, (uint32_t)args[0].u.i,
		    (uint16_t)args[1].u.i, 0, (uint64_t)args[2].u.i);
	return val_none();
}

/* _aio.blocked(loop_entity, task_entity, seconds): a step blocked the loop. */
static struct val
aio_blocked(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	double d = 0;

	(void)kw;
	if (arg_count(t, "blocked", nargs, 3, 3) < 0 ||
	    arg_float(t, args[2], &d) < 0)
		return val_null();
	if (trace_on && args[0].tag == V_INT && args[1].tag == V_INT)
		trace_emit(TRACE_EV_LOOP_BLOCKED, (uint32_t)args[0].u.i, 0,
		    (uint32_t)args[1].u.i, (uint64_t)(d * 1e9));
	return val_none();
}

/* _aio.time(): the loop clock (CLOCK_MONOTONIC, seconds), as trace times. */
static struct val
aio_time(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	(void)t; (void)args; (void)nargs; (void)kw;
	return val_float((double)clock_now_ns() * 1e-9);
}

/* _aio.iscoroutine(x): x is a coroutine object. */
static struct val
aio_iscoroutine(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	(void)t; (void)kw;
	return val_bool(nargs == 1 && args[0].tag == V_OBJ &&
	    args[0].u.o->type == TYPE(T_COROUTINE));
}

/* _aio.iscoroutinefunction(f): f is an async def function. */
static struct val
aio_iscorofunc(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	struct val f;

	(void)t; (void)kw;
	if (nargs != 1)
		return val_bool(0);
	f = args[0];
	if (f.tag == V_OBJ && f.u.o->type->layout == L_METHOD)
		f = ((struct method *)f.u.o)->func;
	return val_bool(f.tag == V_OBJ && f.u.o->type->layout == L_FUNC &&
	    (((struct func *)f.u.o)->code->flags & CO_COROUTINE) != 0);
}

/* Build the _aio module. */
struct module *
mod__aio_init(struct vm_thread *t)
{
	static const struct { const char *n; cfunc_fn f; } fns[] = {
		{ "loop_new", aio_loop_new }, { "loop_close", aio_loop_close },
		{ "loop_entity", aio_loop_entity },
		{ "loop_wakeup", aio_loop_wakeup }, { "loop_poll", aio_loop_poll },
		{ "tracing", aio_tracing }, { "task_new", aio_task_new },
		{ "state", aio_state }, { "step", aio_step },
		{ "phase", aio_phase }, { "blocked", aio_blocked },
		{ "time", aio_time }, { "iscoroutine", aio_iscoroutine },
		{ "iscoroutinefunction", aio_iscorofunc },
		{ "loop_watch", aio_loop_watch },
		{ "sock_listen", aio_sock_listen },
		{ "sock_accept", aio_sock_accept },
		{ "sock_connect", aio_sock_connect },
		{ "sock_error", aio_sock_error }, { "sock_recv", aio_sock_recv },
		{ "sock_send", aio_sock_send }, { "sock_close", aio_sock_close },
		{ "sock_shutdown_write", aio_sock_shutdown },
		{ "sock_name", aio_sock_name }, { "find", aio_find },
	};
	struct module	*m = module_new("_aio");
	size_t		 i;

	(void)t;
	for (i = 0; i < sizeof fns / sizeof fns[0]; i++)
		module_add_func(m, fns[i].n, fns[i].f);
	return m;
}
