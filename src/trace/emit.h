/*
 * emit.h — how the runtime reports what happens. The contract used by
 * src/lang and src/rt; implemented in src/trace/emit.c and collector.c.
 *
 * Cost model: an emit is a clock read (vDSO) and a store into the calling
 * thread's own buffer: no system call, no lock shared with other threads.
 * A collector thread drains the buffers of all threads, merges them in time
 * order (keeping each thread's own order) and hands chunks to the sinks
 * (a .cvz file, a pipe to the UI, the in-process model for tests).
 * A buffer that is full counts the events it had to drop and the collector
 * reports the count as an OVERFLOW event: nothing is lost silently.
 *
 * Processes: after fork() the child calls trace_after_fork_child(); its
 * threads then emit into fresh buffers and its own collector forwards them
 * to the root process's collector, so a recording holds the whole tree.
 * Entity ids are unique across all processes of one run.
 *
 * Threads: every thread that emits calls trace_thread_begin() first and
 * trace_thread_end() before it exits.
 */
#ifndef CONCVIZ_TRACE_EMIT_H
#define CONCVIZ_TRACE_EMIT_H

#include <stddef.h>
#include <stdint.h>

#include "trace/event.h"

/* One event as it travels from an emitter to the collector and the model. */
struct trace_ev {
	uint64_t	t;	/* CLOCK_MONOTONIC ns */
	uint32_t	entity;	/* the subject */
	uint16_t	kind;	/* enum trace_kind */
	uint16_t	arg;	/* small argument, per kind (event.h) */
	uint32_t	obj;	/* the other entity, per kind */
	uint32_t	slen;	/* length of the string payload, 0 if none */
	uint64_t	val;	/* number, per kind */
	const char     *str;	/* payload (not NUL-terminated); owned by the
				   buffer or the model that holds the event */
};

/* Where the collector sends chunks. */
struct trace_sink_config {
	const char	*record_path;	/* write a .cvz here, or NULL */
	int		 stream_fd;	/* stream .cvz chunks to this fd, or -1 */
	const char	*source_name;	/* program file name, for the header */
	const char	*source_text;	/* program text, stored in the header */
	size_t		 source_len;
	const char	*settings;	/* "gil=modern switch_interval_ns=5000000 ..." */
	int		 keep_model;	/* also fold into an in-process model */
};

/* Nonzero while a run is being traced; emit calls are no-ops otherwise. */
extern int trace_on;

/*
 * Start tracing for this process (the root of a run). Returns 0, or -1 with
 * an allocated message in *cause (e.g. the record file cannot be created).
 */
int		trace_start(const struct trace_sink_config *cfg, char **cause);
/* Flush every buffer, stop the collector, finish the sinks. */
void		trace_stop(void);

/* Register / unregister the calling thread's buffer. */
void		trace_thread_begin(void);
void		trace_thread_end(void);

/* In a forked child, before anything else: fresh buffers, own collector. */
void		trace_after_fork_child(void);

/* Allocate a run-unique entity id and emit ENTITY_NEW. */
uint32_t	trace_entity_new(enum trace_entity_kind kind, uint32_t parent,
		    const char *name);

/* Emit an event without a string payload. */
void		trace_emit(enum trace_kind kind, uint32_t entity, uint16_t arg,
		    uint32_t obj, uint64_t val);
/* Emit an event with a string payload (copied). */
void		trace_emit_str(enum trace_kind kind, uint32_t entity, uint16_t arg,
		    uint32_t obj, uint64_t val, const char *s, size_t len);

/* Convenience: a lifecycle state change. */
static inline void
trace_state(uint32_t entity, enum trace_state st, enum trace_reason why,
    uint32_t object, uint64_t val)
{
	if (trace_on)
		trace_emit(TRACE_EV_STATE, entity,
		    (uint16_t)((unsigned)st | ((unsigned)why << 8)), object, val);
}

/*
 * Extensions (added by the trace room; the names above are unchanged).
 */
struct model;

/* Tie the calling thread's buffer to its entity (OVERFLOW events name it). */
void		trace_thread_entity(uint32_t id);

/*
 * The in-process model (keep_model): NULL if none. The collector thread
 * appends to it; hold trace_model_lock() while reading it during a run.
 */
struct model	*trace_model(void);
void		trace_model_lock(void);
void		trace_model_unlock(void);
/* After trace_stop(): take ownership of the model (caller frees it). */
struct model	*trace_model_take(void);

/*
 * Notes on the calls above: in a forked child, trace_stop() flushes the
 * child's events to the root and must be called before the child exits
 * (events of the last few milliseconds are lost otherwise); it does not end
 * the run. Do not fork() while holding trace_model_lock(). A string payload
 * longer than 16 KiB is cut to 16 KiB.
 */

/* Nonzero in a process that called trace_after_fork_child(). */
int		trace_is_child(void);

/* Counters of the emit path since trace_start() (root: whole run). */
struct trace_stats {
	uint64_t	events;		/* events delivered to the sinks */
	uint64_t	lost;		/* events dropped by full buffers */
	uint64_t	late;		/* events that arrived after later ones
					   had been written (time clamped) */
	uint64_t	chunks;		/* chunks received from child processes */
	uint64_t	bytes;		/* bytes written to the record file */
};
void		trace_get_stats(struct trace_stats *st);

/* The first error of a sink (e.g. disk full), or NULL. Valid until the
   next trace_start(). */
const char	*trace_error(void);

/*
 * Make the collector deliver everything emitted so far (by this process's
 * threads) to the sinks now, without the usual reordering delay. Slow (it
 * waits for a collector round); for tests and for "jump to live".
 */
void		trace_sync(void);

#endif
