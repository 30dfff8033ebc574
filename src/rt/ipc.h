/*
 * ipc.h — messages between processes on real OS objects: connections
 * (multiprocessing.Pipe: a socketpair when duplex, a pipe when one-way) and
 * queues (multiprocessing.Queue, JoinableQueue, SimpleQueue: a pipe, locks
 * and counters in shared memory, and a feeder thread per process so that
 * put() never blocks on a full pipe).
 *
 * Messages are frames: a 4-byte big-endian length, then the bytes (a value
 * encoded as ipc-wire.h describes, for the value functions). Create the
 * objects before forking the processes that use them, as with CPython's
 * fork start method. Every blocking call releases the GIL around its wait
 * and shows the calling thread Blocked (Timed Waiting with a timeout) on the
 * pipe or queue; sends and receives emit PIPE_SEND / PIPE_RECV and
 * QUEUE_PUT / QUEUE_GET. Timeouts are nanoseconds, negative for none.
 * Errors come back as -1 with an allocated *cause; nothing here prints.
 */
#ifndef CONCVIZ_RT_IPC_H
#define CONCVIZ_RT_IPC_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "rt/ipc-wire.h"

/* Largest message accepted (a longer frame header is an error). */
#define IPC_MAX_MESSAGE		((size_t)256 << 20)

/* --- connections ------------------------------------------------------- */

struct ipc_conn;

/*
 * A pair of connected ends. duplex: both ends read and write (a
 * socketpair). One-way: *a only reads, *b only writes (a pipe), as
 * multiprocessing.Pipe(duplex=False) returns (reader, writer).
 */
int		 ipc_pipe(int duplex, struct ipc_conn **a, struct ipc_conn **b,
		    char **cause);
/* Send one message. -1: closed handle, read-only end, broken pipe. */
int		 ipc_conn_send_bytes(struct ipc_conn *c, const void *p,
		    size_t len, char **cause);
/*
 * Receive one message into out (replacing its contents). Returns 1, 0 at
 * end of file (the other end is closed and everything was read: EOFError),
 * or -1 on error (closed handle, write-only end, a truncated or oversized
 * frame).
 */
int		 ipc_conn_recv_bytes(struct ipc_conn *c, struct buf *out,
		    char **cause);
/* Encode and send a value. */
int		 ipc_conn_send(struct ipc_conn *c, const struct ipc_value *v,
		    char **cause);
/* Receive and decode a value: 1 (*v set), 0 at EOF, -1 on error. */
int		 ipc_conn_recv(struct ipc_conn *c, struct ipc_value **v,
		    char **cause);
/*
 * Whether a receive would not block (data, or EOF): waits up to timeout
 * (0: just look; negative: forever). Returns 1 or 0; -1 with *cause on a
 * closed or write-only end.
 */
int		 ipc_conn_poll(struct ipc_conn *c, int64_t timeout_ns,
		    char **cause);
/* Close this end (idempotent). */
void		 ipc_conn_close(struct ipc_conn *c);
void		 ipc_conn_free(struct ipc_conn *c);
int		 ipc_conn_fileno(struct ipc_conn *c);	/* -1 once closed */
int		 ipc_conn_readable(struct ipc_conn *c);
int		 ipc_conn_writable(struct ipc_conn *c);
uint32_t	 ipc_conn_entity(struct ipc_conn *c);

/* --- queues ------------------------------------------------------------- */

struct ipc_queue;

enum ipc_queue_kind {
	IPC_QUEUE,		/* Queue(maxsize) */
	IPC_JOINABLE,		/* JoinableQueue(maxsize) */
	IPC_SIMPLE		/* SimpleQueue(): no feeder, no size */
};

/* maxsize <= 0: unbounded. -1 with *cause if the pipe cannot be made. */
struct ipc_queue *ipc_queue_create(enum ipc_queue_kind kind, int64_t maxsize,
		    char **cause);
/*
 * Put a message. Returns 1, or 0 when the queue stayed full (non-blocking,
 * or timeout: queue.Full), or -1 with *cause (closed queue). SimpleQueue
 * writes the pipe directly and ignores block and timeout.
 */
int		 ipc_queue_put_bytes(struct ipc_queue *q, const void *p,
		    size_t len, int block, int64_t timeout_ns, char **cause);
/*
 * Get a message into out. Returns 1, 0 when nothing came (non-blocking, or
 * timeout: queue.Empty), or -1 with *cause (closed, truncated frame, all
 * writers gone: EOF). SimpleQueue.get() in Python always blocks; the C
 * level honours block and timeout for every kind.
 */
int		 ipc_queue_get_bytes(struct ipc_queue *q, struct buf *out,
		    int block, int64_t timeout_ns, char **cause);
int		 ipc_queue_put(struct ipc_queue *q, const struct ipc_value *v,
		    int block, int64_t timeout_ns, char **cause);
int		 ipc_queue_get(struct ipc_queue *q, struct ipc_value **v,
		    int block, int64_t timeout_ns, char **cause);
/* Items put and not yet got (Queue.qsize()). */
int64_t		 ipc_queue_qsize(struct ipc_queue *q);
/* As CPython: empty() looks at the pipe, full() at the free slots. */
int		 ipc_queue_empty(struct ipc_queue *q);
int		 ipc_queue_full(struct ipc_queue *q);
/* JoinableQueue: -1 with *cause when called more times than put. */
int		 ipc_queue_task_done(struct ipc_queue *q, char **cause);
/* JoinableQueue: wait until every item put has been task_done()d. */
void		 ipc_queue_join(struct ipc_queue *q);
/* No more puts from this process; the feeder flushes and ends. */
void		 ipc_queue_close(struct ipc_queue *q);
/* Wait until this process's feeder has written everything (after close). */
void		 ipc_queue_join_thread(struct ipc_queue *q);
void		 ipc_queue_free(struct ipc_queue *q);
uint32_t	 ipc_queue_entity(struct ipc_queue *q);
/* The read end of the queue's pipe, to poll() for readability. */
int		 ipc_queue_fileno(struct ipc_queue *q);
/* Flush the feeders of every queue of this process (exit path). */
void		 ipc_queue_flush_all(void);

#endif
