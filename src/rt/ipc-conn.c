/*
 * ipc-conn.c — connections (multiprocessing.Pipe) and the framing every
 * pipe-borne message uses: a 4-byte big-endian length, then the bytes.
 *
 * A duplex pair is a socketpair(AF_UNIX, SOCK_STREAM); a one-way pair is a
 * pipe. Both ends of a pair share one PIPE entity. A struct ipc_conn is
 * per-process memory (copied by fork, so each process closes its own copy)
 * and may be used by one thread at a time, as CPython's Connection. The
 * frame reader is also the queue's (ipc-queue.c). Never prints.
 *
 * Fork safety: frames are written and read with the GIL released or by
 * helper threads (a queue's feeder, a pool's result handler), so writing a
 * frame never allocates (writev of header and body) and the allocations of
 * reading one and of the error messages are fork-gate sections
 * (trace/forkgate.h).
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "rt/intr.h"
#include "rt/ipc.h"
#include "rt/ipc-conn.h"
#include "rt/ipc-int.h"
#include "rt/proc.h"
#include "trace/emit.h"
#include "trace/forkgate.h"

struct ipc_conn {
	int		fd;
	int		readable;
	int		writable;
	int		socket;		/* send() with MSG_NOSIGNAL */
	uint32_t	entity;
};

static unsigned ipc_pipe_counter;

/* A new end. */
static struct ipc_conn *
ipc_conn_new(int fd, int readable, int writable, int sock, uint32_t entity)
{
	struct ipc_conn *c = xcalloc(1, sizeof *c);

	c->fd = fd;
	c->readable = readable;
	c->writable = writable;
	c->socket = sock;
	c->entity = entity;
	return c;
}

int
ipc_pipe(int duplex, struct ipc_conn **a, struct ipc_conn **b, char **cause)
{
	uint32_t entity = 0;
	char name[32];
	int fds[2];

	ipc_ignore_sigpipe();
	if (duplex) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
			*cause = xasprintf("socketpair: %s", strerror(errno));
			return -1;
		}
	} else if (pipe2(fds, O_CLOEXEC) != 0) {
		*cause = xasprintf("pipe: %s", strerror(errno));
		return -1;
	}
	if (trace_on) {
		snprintf(name, sizeof name, "Pipe-%u",
		    __atomic_add_fetch(&ipc_pipe_counter, 1, __ATOMIC_RELAXED));
		entity = trace_entity_new(TRACE_ENT_PIPE, proc_self_entity(),
		    name);
	}
	if (duplex) {
		*a = ipc_conn_new(fds[0], 1, 1, 1, entity);
		*b = ipc_conn_new(fds[1], 1, 1, 1, entity);
	} else {
		*a = ipc_conn_new(fds[0], 1, 0, 0, entity);
		*b = ipc_conn_new(fds[1], 0, 1, 0, entity);
	}
	return 0;
}

/*
 * Write every byte of iov to fd (send with MSG_NOSIGNAL on a socket);
 * returns 0 or an errno. One call for the whole frame when it fits, so a
 * frame up to PIPE_BUF is one atomic write on a pipe. Never allocates.
 */
static int
ipc_writev_all(int fd, int sock, struct iovec *iov, int n)
{
	struct msghdr mh;
	ssize_t w;

	while (n > 0) {
		if (iov->iov_len == 0) {
			iov++;
			n--;
			continue;
		}
		if (sock) {
			memset(&mh, 0, sizeof mh);
			mh.msg_iov = iov;
			mh.msg_iovlen = (size_t)n;
			w = sendmsg(fd, &mh, MSG_NOSIGNAL);
		} else
			w = writev(fd, iov, n);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		while (w > 0) {
			if ((size_t)w >= iov->iov_len) {
				w -= (ssize_t)iov->iov_len;
				iov->iov_len = 0;
				iov++;
				n--;
			} else {
				iov->iov_base = (char *)iov->iov_base + w;
				iov->iov_len -= (size_t)w;
				w = 0;
			}
		}
	}
	return 0;
}

/* Read exactly len bytes: 1, 0 on EOF before the first byte, -1 (errno). */
static int
ipc_read_all(int fd, void *p, size_t len)
{
	char *s = p;
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, s + got, len - got);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			if (got == 0)
				return 0;
			errno = EPIPE;	/* cut in the middle */
			return -1;
		}
		got += (size_t)n;
	}
	return 1;
}

int
ipc_frame_write(int fd, int sock, const void *p, size_t len, char **cause)
{
	unsigned char hdr[4];
	struct iovec iov[2];
	int e;

	if (len > IPC_MAX_MESSAGE) {
		forkgate_enter();
		*cause = xasprintf("message too large (%zu bytes, at most %zu)",
		    len, IPC_MAX_MESSAGE);
		forkgate_leave();
		return -1;
	}
	hdr[0] = (unsigned char)(len >> 24);
	hdr[1] = (unsigned char)(len >> 16);
	hdr[2] = (unsigned char)(len >> 8);
	hdr[3] = (unsigned char)len;
	/* One write for header and body: atomic on a pipe up to PIPE_BUF. */
	iov[0].iov_base = hdr;
	iov[0].iov_len = 4;
	iov[1].iov_base = (void *)(uintptr_t)p;
	iov[1].iov_len = len;
	e = ipc_writev_all(fd, sock, iov, 2);
	if (e != 0) {
		forkgate_enter();
		if (e == EPIPE || e == ECONNRESET)
			*cause = xstrdup("[Errno 32] Broken pipe");
		else
			*cause = xasprintf("write: %s", strerror(e));
		forkgate_leave();
		errno = e;
		return -1;
	}
	return 0;
}

int
ipc_frame_read(int fd, struct buf *out, char **cause)
{
	unsigned char hdr[4];
	size_t len;
	int r;

	if ((r = ipc_read_all(fd, hdr, 4)) == 0)
		return 0;
	if (r < 0)
		goto fail;
	len = (size_t)hdr[0] << 24 | (size_t)hdr[1] << 16 |
	    (size_t)hdr[2] << 8 | hdr[3];
	if (len > IPC_MAX_MESSAGE) {
		forkgate_enter();
		*cause = xasprintf("bad frame: message of %zu bytes (at most "
		    "%zu)", len, IPC_MAX_MESSAGE);
		forkgate_leave();
		return -1;
	}
	forkgate_enter();
	buf_clear(out);
	buf_reserve(out, len + 1);
	forkgate_leave();
	if (len != 0 && ipc_read_all(fd, out->data, len) != 1) {
		if (errno == 0)
			errno = EPIPE;
		goto fail;
	}
	out->len = len;
	out->data[len] = '\0';
	return 1;
fail:
	r = errno;
	forkgate_enter();
	if (r == EPIPE)
		*cause = xstrdup("bad frame: the message was cut short");
	else
		*cause = xasprintf("read: %s", strerror(r));
	forkgate_leave();
	return -1;
}

int
ipc_fd_wait(int fd, short events, uint64_t deadline, enum trace_reason why,
    uint32_t obj)
{
	struct pollfd pfd = { fd, events, 0 };
	struct ipc_wait w;
	uint64_t until;
	int r;

	/* Ready now: no wait to show. */
	do
		r = poll(&pfd, 1, 0);
	while (r == -1 && errno == EINTR);
	if (r != 0)
		return r > 0;
	if (deadline != 0 && ipc_poll_ms(deadline) == 0)
		return 0;
	ipc_wait_begin(&w, why, obj, deadline);
	for (;;) {
		/* The main thread looks for Ctrl-C between slices (intr.h). */
		until = rt_intr_slice(deadline);
		r = poll(&pfd, 1, ipc_poll_ms(until));
		if (r > 0 || (r == -1 && errno != EINTR))
			break;
		if (rt_intr_pending()) {
			r = 0;
			break;
		}
		if (r == 0 && until == deadline)
			break;
	}
	ipc_wait_end(&w);
	return r > 0;
}

/* Check an end is open and usable in the given direction. */
static int
ipc_conn_check(struct ipc_conn *c, int writing, char **cause)
{
	if (c->fd == -1) {
		*cause = xstrdup("handle is closed");
		return -1;
	}
	if (writing && !c->writable) {
		*cause = xstrdup("connection is read-only");
		return -1;
	}
	if (!writing && !c->readable) {
		*cause = xstrdup("connection is write-only");
		return -1;
	}
	return 0;
}

int
ipc_conn_send_bytes(struct ipc_conn *c, const void *p, size_t len,
    char **cause)
{
	struct ipc_wait w;
	struct pollfd pfd;
	int r, wait;

	if (ipc_conn_check(c, 1, cause) != 0)
		return -1;
	/* A big message or a full pipe may block: release the GIL. */
	pfd.fd = c->fd;
	pfd.events = POLLOUT;
	wait = len + 4 > 4096 || poll(&pfd, 1, 0) != 1;
	if (wait)
		ipc_wait_begin(&w, TRACE_WHY_PIPE, c->entity, 0);
	r = ipc_frame_write(c->fd, c->socket, p, len, cause);
	if (wait)
		ipc_wait_end(&w);
	if (r == 0)
		trace_emit(TRACE_EV_PIPE_SEND, ipc_current_entity(), 0,
		    c->entity, len);
	return r;
}

int
ipc_conn_recv_bytes(struct ipc_conn *c, struct buf *out, char **cause)
{
	int r;

	if (ipc_conn_check(c, 0, cause) != 0)
		return -1;
	if (!ipc_fd_wait(c->fd, POLLIN, 0, TRACE_WHY_PIPE, c->entity)) {
		*cause = xstrdup("interrupted");	/* Ctrl-C (intr.h) */
		return -1;
	}
	r = ipc_frame_read(c->fd, out, cause);
	if (r == 1)
		trace_emit(TRACE_EV_PIPE_RECV, ipc_current_entity(), 0,
		    c->entity, out->len);
	return r;
}

int
ipc_conn_send(struct ipc_conn *c, const struct ipc_value *v, char **cause)
{
	struct buf b;
	int r;

	if (ipc_conn_check(c, 1, cause) != 0)
		return -1;
	buf_init(&b);
	ipc_wire_encode(&b, v);
	r = ipc_conn_send_bytes(c, b.data, b.len, cause);
	buf_fini(&b);
	return r;
}

int
ipc_conn_recv(struct ipc_conn *c, struct ipc_value **v, char **cause)
{
	struct buf b;
	int r;

	buf_init(&b);
	r = ipc_conn_recv_bytes(c, &b, cause);
	if (r == 1 && (*v = ipc_wire_decode(b.data, b.len, cause)) == NULL)
		r = -1;
	buf_fini(&b);
	return r;
}

int
ipc_conn_poll(struct ipc_conn *c, int64_t timeout_ns, char **cause)
{
	if (ipc_conn_check(c, 0, cause) != 0)
		return -1;
	if (timeout_ns == 0) {
		struct pollfd pfd = { c->fd, POLLIN, 0 };

		return poll(&pfd, 1, 0) == 1;
	}
	return ipc_fd_wait(c->fd, POLLIN, ipc_deadline(timeout_ns),
	    TRACE_WHY_PIPE, c->entity);
}

void
ipc_conn_close(struct ipc_conn *c)
{
	if (c->fd != -1) {
		close(c->fd);
		c->fd = -1;
	}
}

void
ipc_conn_free(struct ipc_conn *c)
{
	if (c == NULL)
		return;
	ipc_conn_close(c);
	free(c);
}

int
ipc_conn_fileno(struct ipc_conn *c)
{
	return c->fd;
}

int
ipc_conn_readable(struct ipc_conn *c)
{
	return c->readable;
}

int
ipc_conn_writable(struct ipc_conn *c)
{
	return c->writable;
}

uint32_t
ipc_conn_entity(struct ipc_conn *c)
{
	return c->entity;
}
