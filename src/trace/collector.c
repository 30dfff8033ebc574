/*
 * collector.c — the consumer side of the emit path: trace_start/stop, the
 * collector thread that drains every ring, merges the events of all threads
 * and of forked children in time order, and feeds the sinks (a .cvz file, a
 * stream fd, the in-process model).
 *
 * Ordering: each round drains every ring and every chunk a child sent, then
 * sorts what is pending by (time, arrival) — stable, so each thread's order
 * is kept — and delivers the events older than the round's start minus a
 * grace period (an event may be timestamped just before a round and
 * published just after it). An event arriving later than that is delivered
 * with its time raised to the last delivered time and counted as late, so
 * the sinks always see nondecreasing time.
 *
 * Processes: trace_start makes a SOCK_SEQPACKET socketpair; forked children
 * inherit the sending end. A child's collector sends each drained batch as
 * one message holding one framed .cvz chunk; the root's collector polls the
 * receiving end. State here is touched by the collector thread only, except
 * where a comment says otherwise.
 *
 * Fork: the collector is a fork participant (forkgate.h), so the lock order
 * around fork() is: the fork gate (every helper thread out of its
 * allocating sections), round_mutex (the collector between rounds: it
 * allocates only inside one), the ring registry. The child starts afresh
 * with both locks reinitialised and its own collector. The collector thread
 * is made with forkgate_thread_create() (its start-up allocates) and ends
 * with forkgate_thread_end(); trace_stop() waits for col_done, not for a
 * pthread_join().
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/xmalloc.h"
#include "trace/cvz.h"
#include "trace/emit.h"
#include "trace/forkgate.h"
#include "trace/model.h"
#include "trace/ring.h"

#define GRACE_NS	(30 * 1000000ull)	/* reordering window (root) */
#define ROOT_POLL_MS	5			/* root round period */
#define CHILD_POLL_MS	2			/* child round period */
#define AGE_FLUSH_NS	(500 * 1000000ull)	/* max age of an open chunk */
#define MSG_MAX		(CVZ_FRAME_LEN + 64 * 1024)
#define MSG_PAYLOAD	(48 * 1024)		/* child chunk target size */

/* One event waiting to be delivered; its string is at strs + soff. */
struct pend {
	struct trace_ev	 ev;
	uint64_t	 seq;
	size_t		 soff;
};

/* The collector's whole state (one per process). */
static struct {
	/* Set by trace_start/after_fork, read by the collector. */
	int			 child;
	pthread_t		 thread;
	int			 thread_running;
	int			 wake[2];	/* pipe: stop / sync requests */
	int			 sock_root;	/* root: receives child chunks */
	int			 sock_child;	/* children: send chunks */

	/* Sinks (root only). */
	struct cvz_writer	*file;
	struct cvz_writer	*stream;
	struct model		*model;
	char			*error;

	/* Pending events (collector thread). */
	struct pend		*pend;
	size_t			 npend, cappend;
	struct buf		 strs;
	uint64_t		 seq;
	uint64_t		 last_t;
	uint8_t			*msg;

	struct trace_stats	 stats;
} col = { .wake = { -1, -1 }, .sock_root = -1, .sock_child = -1 };

/* Model lock (collector appends; other threads read under it). */
static pthread_mutex_t model_mutex = PTHREAD_MUTEX_INITIALIZER;

/*
 * Held by the collector for a whole round, and by fork() (a fork-gate
 * participant) so that a child never inherits sinks or pending lists in
 * the middle of a change, nor an allocator lock the collector held.
 */
static pthread_mutex_t round_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

/* trace_sync() handshake. */
static pthread_mutex_t sync_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sync_cond = PTHREAD_COND_INITIALIZER;
static uint64_t sync_req, sync_done;
static int col_done;		/* sync_mutex: the collector has finished */
static _Atomic int col_stop;

/* Queue one event (string copied) for delivery. */
static void
pend_add(const struct trace_ev *ev, const char *str)
{
	struct pend *p;

	if (col.npend == col.cappend) {
		col.cappend = col.cappend ? col.cappend * 2 : 4096;
		col.pend = xreallocarray(col.pend, col.cappend,
		    sizeof *col.pend);
	}
	p = &col.pend[col.npend++];
	p->ev = *ev;
	p->ev.str = NULL;
	p->seq = col.seq++;
	p->soff = col.strs.len;
	if (ev->slen != 0)
		buf_add(&col.strs, str, ev->slen);
}

/* Drain one ring into the pending list; report its losses. */
static void
drain_ring(struct ring *r)
{
	struct ring_slot *s;
	struct trace_ev ev;
	uint64_t h, t, str_end = 0, lost;
	int have_str = 0;

	t = atomic_load_explicit(&r->tail, memory_order_relaxed);
	h = atomic_load_explicit(&r->head, memory_order_acquire);
	for (; t != h; t++) {
		s = &r->slots[t & (RING_SLOTS - 1)];
		ev.t = s->t;
		ev.entity = s->entity;
		ev.kind = s->kind;
		ev.arg = s->arg;
		ev.obj = s->obj;
		ev.slen = s->slen;
		ev.val = s->val;
		ev.str = NULL;
		if (s->slen != 0) {
			pend_add(&ev, r->strs + (s->soff & (RING_STRS - 1)));
			str_end = s->soff + s->slen;
			have_str = 1;
		} else
			pend_add(&ev, NULL);
	}
	if (have_str)
		atomic_store_explicit(&r->str_tail, str_end,
		    memory_order_release);
	atomic_store_explicit(&r->tail, h, memory_order_release);

	lost = atomic_load_explicit(&r->lost, memory_order_relaxed);
	if (lost != r->reported_lost) {
		/* Now, not the round's start: after every drained event. */
		memset(&ev, 0, sizeof ev);
		ev.t = clock_now_ns();
		ev.kind = TRACE_EV_OVERFLOW;
		ev.entity = atomic_load_explicit(&r->entity,
		    memory_order_relaxed);
		ev.val = lost - r->reported_lost;
		col.stats.lost += ev.val;
		r->reported_lost = lost;
		pend_add(&ev, NULL);
	}
}

/* Drain every ring; free those whose thread has ended. */
static void
drain_all(void)
{
	struct ring **pp, *r;
	int dead;

	ring_registry_lock();
	for (pp = &ring_list; (r = *pp) != NULL;) {
		dead = atomic_load_explicit(&r->dead, memory_order_acquire);
		drain_ring(r);
		if (dead) {
			*pp = r->next;
			ring_free(r);
		} else
			pp = &r->next;
	}
	ring_registry_unlock();
}

/* Add a decoded child event to the pending list. */
static int
child_event(const struct trace_ev *ev, uint64_t idx, void *arg)
{
	pend_add(ev, ev->str);
	return 0;
}

/* Root: receive every chunk the children have sent so far. */
static void
recv_children(void)
{
	struct cvz_frame fr;
	const char *why;
	size_t where;
	ssize_t n;

	if (col.sock_root < 0)
		return;
	for (;;) {
		n = recv(col.sock_root, col.msg, MSG_MAX, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		if ((size_t)n < CVZ_FRAME_LEN ||
		    cvz_frame_unpack(col.msg, &fr, &why) != 0 ||
		    fr.type != CVZ_CHUNK_EVENTS ||
		    (size_t)n != CVZ_FRAME_LEN + fr.len ||
		    cvz_crc32(0, col.msg + CVZ_FRAME_LEN, fr.len) != fr.crc)
			continue;	/* cannot happen between our processes */
		col.stats.chunks++;
		cvz_chunk_decode(&fr, col.msg + CVZ_FRAME_LEN, child_event,
		    NULL, 0, &why, &where);
	}
}

/* Order pending events by time, then arrival. */
static int
pend_cmp(const void *va, const void *vb)
{
	const struct pend *a = va, *b = vb;

	if (a->ev.t != b->ev.t)
		return a->ev.t < b->ev.t ? -1 : 1;
	return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

/* Record the first sink error. */
static void
sink_error(char *cause)
{
	if (col.error == NULL)
		col.error = cause;
	else
		free(cause);
}

/* Root: hand one event to every sink. */
static void
deliver(struct trace_ev *ev)
{
	if (ev->t < col.last_t) {
		ev->t = col.last_t;
		col.stats.late++;
	}
	col.last_t = ev->t;
	col.stats.events++;
	if (col.file != NULL)
		cvz_writer_add(col.file, ev);
	if (col.stream != NULL)
		cvz_writer_add(col.stream, ev);
	if (col.model != NULL)
		model_append(col.model, ev);
}

/* Root: deliver pending events older than the watermark (all if final). */
static void
root_flush(uint64_t now, int all)
{
	uint64_t mark = now > GRACE_NS ? now - GRACE_NS : 0, t_first;
	size_t i, j, k;
	char *cause = NULL;
	int sorted = 1;

	for (i = 1; i < col.npend && sorted; i++)
		sorted = pend_cmp(&col.pend[i - 1], &col.pend[i]) <= 0;
	if (!sorted)
		qsort(col.pend, col.npend, sizeof *col.pend, pend_cmp);
	if (col.model != NULL)
		pthread_mutex_lock(&model_mutex);
	for (i = 0; i < col.npend; i++) {
		if (!all && col.pend[i].ev.t > mark)
			break;
		if (col.pend[i].ev.slen != 0)
			col.pend[i].ev.str = col.strs.data + col.pend[i].soff;
		deliver(&col.pend[i].ev);
	}
	if (col.model != NULL)
		pthread_mutex_unlock(&model_mutex);

	/* Keep the rest, with their strings compacted. */
	if (i == col.npend) {
		col.npend = 0;
		buf_clear(&col.strs);
	} else if (i != 0) {
		struct buf keep;

		buf_init(&keep);
		for (j = i, k = 0; j < col.npend; j++, k++) {
			col.pend[k] = col.pend[j];
			col.pend[k].soff = keep.len;
			if (col.pend[j].ev.slen != 0)
				buf_add(&keep, col.strs.data + col.pend[j].soff,
				    col.pend[j].ev.slen);
		}
		col.npend = k;
		buf_fini(&col.strs);
		col.strs = keep;
	}

	if (col.file != NULL && cvz_writer_pending(col.file, &t_first) != 0 &&
	    (all || now - t_first >= AGE_FLUSH_NS)) {
		if (cvz_writer_flush(col.file, &cause) != 0)
			sink_error(cause);
	}
	if (col.file != NULL)
		col.stats.bytes = cvz_writer_bytes(col.file);
	if (col.stream != NULL && cvz_writer_flush(col.stream, &cause) != 0)
		sink_error(cause);
}

/* Child: send everything pending to the root, as chunks of bounded size. */
static void
child_flush(void)
{
	struct cvz_chunk ch;
	struct buf out;
	size_t i;
	ssize_t n;

	if (col.npend == 0)
		return;
	cvz_chunk_init(&ch);
	buf_init(&out);
	for (i = 0; i < col.npend; i++) {
		if (col.pend[i].ev.slen != 0)
			col.pend[i].ev.str = col.strs.data + col.pend[i].soff;
		cvz_chunk_add(&ch, &col.pend[i].ev);
		if (ch.payload.len >= MSG_PAYLOAD || i + 1 == col.npend) {
			cvz_chunk_finish(&ch, &out);
			do
				n = send(col.sock_child, out.data, out.len,
				    MSG_NOSIGNAL);
			while (n < 0 && errno == EINTR);
			if (n >= 0)
				col.stats.events += ch.count;
			buf_clear(&out);
		}
	}
	cvz_chunk_fini(&ch);
	buf_fini(&out);
	col.npend = 0;
	buf_clear(&col.strs);
}

/* One collector round. */
static void
round_run(int all)
{
	uint64_t now = clock_now_ns();

	pthread_mutex_lock(&round_mutex);
	drain_all();
	if (col.child)
		child_flush();
	else {
		recv_children();
		root_flush(now, all);
	}
	pthread_mutex_unlock(&round_mutex);
}

/* fork(): wait for the collector to finish its round, hold the registry. */
static void
atfork_prepare(void)
{
	pthread_mutex_lock(&round_mutex);
	ring_registry_lock();
}

/* fork(), in the parent: let the collector go on. */
static void
atfork_parent(void)
{
	ring_registry_unlock();
	pthread_mutex_unlock(&round_mutex);
}

/* fork(), in the child: the locks are ours; start them afresh. */
static void
atfork_child(void)
{
	pthread_mutex_init(&round_mutex, NULL);
	ring_registry_reinit();
}

/* Register the fork handlers (once per process). */
static void
atfork_register(void)
{
	forkgate_register(atfork_prepare, atfork_parent, atfork_child);
}

/* The collector thread: a round every few ms, until told to stop. */
static void *
collector_main(void *arg)
{
	struct pollfd pfd[2];
	uint64_t want;
	char junk[64];
	int n;

	for (;;) {
		pthread_mutex_lock(&sync_mutex);
		want = sync_req;
		pthread_mutex_unlock(&sync_mutex);

		round_run(want != sync_done);

		pthread_mutex_lock(&sync_mutex);
		if (want != sync_done) {
			sync_done = want;
			pthread_cond_broadcast(&sync_cond);
		}
		pthread_mutex_unlock(&sync_mutex);

		if (atomic_load(&col_stop))
			break;
		n = 0;
		pfd[n].fd = col.wake[0];
		pfd[n++].events = POLLIN;
		if (!col.child && col.sock_root >= 0) {
			pfd[n].fd = col.sock_root;
			pfd[n++].events = POLLIN;
		}
		if (poll(pfd, (nfds_t)n, col.child ? CHILD_POLL_MS :
		    ROOT_POLL_MS) > 0 && (pfd[0].revents & POLLIN))
			while (read(col.wake[0], junk, sizeof junk) > 0)
				;
	}
	/* Final rounds: everything still in the rings and sockets. */
	round_run(1);
	pthread_mutex_lock(&sync_mutex);
	col_done = 1;
	pthread_cond_broadcast(&sync_cond);
	pthread_mutex_unlock(&sync_mutex);
	forkgate_thread_end();
	return NULL;
}

/* Make the wake pipe (non-blocking, close-on-exec). */
static int
wake_open(void)
{
	if (pipe2(col.wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		col.wake[0] = col.wake[1] = -1;
		return -1;
	}
	return 0;
}

/* Close a descriptor if open. */
static void
fd_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/*
 * Start the collector thread, with every signal blocked: signals belong to
 * the program's own threads, and a UI that went away makes write() fail with
 * EPIPE instead of killing the run with SIGPIPE.
 */
static int
collector_spawn(char **cause)
{
	sigset_t all, old;
	int error;

	atomic_store(&col_stop, 0);
	pthread_mutex_lock(&sync_mutex);
	col_done = 0;
	pthread_mutex_unlock(&sync_mutex);
	ring_registry_lock();
	ring_collector_running = 1;
	ring_registry_unlock();
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	error = forkgate_thread_create(&col.thread, NULL, collector_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (error != 0) {
		ring_registry_lock();
		ring_collector_running = 0;
		ring_registry_unlock();
		if (cause != NULL)
			*cause = xasprintf("cannot start the trace collector: "
			    "%s", strerror(error));
		return -1;
	}
	col.thread_running = 1;
	return 0;
}

/* Start tracing in the root process of a run. */
int
trace_start(const struct trace_sink_config *cfg, char **cause)
{
	struct model_meta meta;
	struct timespec ts;
	int sv[2];

	if (trace_on || col.thread_running) {
		*cause = xstrdup("tracing is already started");
		return -1;
	}
	memset(&col.stats, 0, sizeof col.stats);
	free(col.error);
	col.error = NULL;
	col.child = 0;
	col.last_t = 0;
	col.npend = 0;
	buf_init(&col.strs);
	if (col.msg == NULL)
		col.msg = xmalloc(MSG_MAX);

	memset(&meta, 0, sizeof meta);
	meta.concviz_version = (char *)PACKAGE_VERSION;
	meta.source_name = (char *)cfg->source_name;
	meta.source_text = (char *)cfg->source_text;
	meta.source_len = cfg->source_text ? cfg->source_len : 0;
	meta.settings = (char *)cfg->settings;
	meta.t_origin = clock_now_ns();
	clock_gettime(CLOCK_REALTIME, &ts);
	meta.wall_origin = (uint64_t)ts.tv_sec * 1000000000u +
	    (uint64_t)ts.tv_nsec;

	if (cfg->record_path != NULL) {
		col.file = cvz_writer_open(cfg->record_path, &meta, cause);
		if (col.file == NULL)
			return -1;
	}
	if (cfg->stream_fd >= 0)
		col.stream = cvz_writer_fd(cfg->stream_fd, &meta);
	model_free(col.model);
	col.model = NULL;
	if (cfg->keep_model) {
		col.model = model_create();
		model_set_meta(col.model, &meta);
	}

	if (wake_open() != 0 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
		*cause = xasprintf("cannot set up tracing: %s",
		    strerror(errno));
		goto fail;
	}
	col.sock_root = sv[0];
	col.sock_child = sv[1];
	fcntl(col.sock_root, F_SETFL, O_NONBLOCK);

	trace_ids_reset();
	pthread_once(&atfork_once, atfork_register);
	if (collector_spawn(cause) != 0)
		goto fail;
	trace_on = 1;
	return 0;

fail:
	fd_close(&col.wake[0]);
	fd_close(&col.wake[1]);
	fd_close(&col.sock_root);
	fd_close(&col.sock_child);
	cvz_writer_abandon(col.file);
	col.file = NULL;
	cvz_writer_abandon(col.stream);
	col.stream = NULL;
	return -1;
}

/* Stop tracing: drain everything, stop the collector, finish the sinks. */
void
trace_stop(void)
{
	static const struct timespec zero = { 0, 0 };
	sigset_t pipe_set, old_set, pending;
	char *cause = NULL;

	if (!col.thread_running)
		return;
	trace_on = 0;
	atomic_store(&col_stop, 1);
	if (write(col.wake[1], "x", 1) < 0) {
		/* the collector wakes up by its timeout anyway */
	}
	/* The fork gate joins the thread itself (forkgate_thread_end). */
	pthread_mutex_lock(&sync_mutex);
	while (!col_done)
		pthread_cond_wait(&sync_cond, &sync_mutex);
	pthread_mutex_unlock(&sync_mutex);
	col.thread_running = 0;
	ring_registry_lock();
	ring_collector_running = 0;
	ring_registry_unlock();

	/* Finish the sinks here with SIGPIPE held back: a closed pipe is an
	   error to report, not a reason to die. */
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
	if (col.file != NULL) {
		if (cvz_writer_close(col.file, &cause) != 0)
			sink_error(cause);
		col.file = NULL;
	}
	if (col.stream != NULL) {
		cause = NULL;
		if (cvz_writer_close(col.stream, &cause) != 0)
			sink_error(cause);
		col.stream = NULL;
	}
	if (!sigismember(&old_set, SIGPIPE)) {
		sigpending(&pending);
		if (sigismember(&pending, SIGPIPE))
			sigtimedwait(&pipe_set, NULL, &zero);
	}
	pthread_sigmask(SIG_SETMASK, &old_set, NULL);
	fd_close(&col.wake[0]);
	fd_close(&col.wake[1]);
	fd_close(&col.sock_root);
	fd_close(&col.sock_child);
	free(col.pend);
	col.pend = NULL;
	col.npend = col.cappend = 0;
	buf_fini(&col.strs);
	free(col.msg);
	col.msg = NULL;
}

/*
 * In a forked child: the collector thread did not survive the fork and the
 * locks may be held by threads that no longer exist. Drop the parent's sinks
 * (without writing: they are the parent's), keep the socket to the root and
 * start this process's own collector.
 */
void
trace_after_fork_child(void)
{
	pthread_mutex_init(&model_mutex, NULL);
	pthread_mutex_init(&sync_mutex, NULL);
	pthread_cond_init(&sync_cond, NULL);
	sync_req = sync_done = 0;
	ring_after_fork();
	if (!col.thread_running)
		return;
	col.thread_running = 0;
	cvz_writer_abandon(col.file);
	col.file = NULL;
	cvz_writer_abandon(col.stream);
	col.stream = NULL;
	model_free(col.model);
	col.model = NULL;
	free(col.error);
	col.error = NULL;
	col.npend = 0;
	buf_clear(&col.strs);
	memset(&col.stats, 0, sizeof col.stats);
	fd_close(&col.sock_root);
	fd_close(&col.wake[0]);
	fd_close(&col.wake[1]);
	col.child = 1;
	if (wake_open() != 0 || collector_spawn(NULL) != 0) {
		trace_on = 0;	/* this child cannot report; stay quiet */
		fd_close(&col.sock_child);
	}
}

/* Nonzero in a traced forked child. */
int
trace_is_child(void)
{
	return col.child;
}

/* The in-process model, or NULL. */
struct model *
trace_model(void)
{
	return col.model;
}

/* Lock the in-process model against the collector's appends. */
void
trace_model_lock(void)
{
	pthread_mutex_lock(&model_mutex);
}

/* Release the model lock. */
void
trace_model_unlock(void)
{
	pthread_mutex_unlock(&model_mutex);
}

/* After trace_stop: hand the model to the caller. */
struct model *
trace_model_take(void)
{
	struct model *m;

	if (col.thread_running)
		return NULL;
	m = col.model;
	col.model = NULL;
	return m;
}

/* Copy the counters. */
void
trace_get_stats(struct trace_stats *st)
{
	*st = col.stats;
}

/* The first sink error, or NULL. */
const char *
trace_error(void)
{
	return col.error;
}

/* Wait for a collector round that delivers everything emitted so far. */
void
trace_sync(void)
{
	uint64_t want;

	if (!col.thread_running)
		return;
	pthread_mutex_lock(&sync_mutex);
	want = ++sync_req;
	pthread_mutex_unlock(&sync_mutex);
	if (write(col.wake[1], "x", 1) < 0) {
		/* the round comes by its timeout anyway */
	}
	pthread_mutex_lock(&sync_mutex);
	while (sync_done < want)
		pthread_cond_wait(&sync_cond, &sync_mutex);
	pthread_mutex_unlock(&sync_mutex);
}
