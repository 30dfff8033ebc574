/*
 * model.h — the one model of a run: the events folded into the state of the
 * world at any time t. The TUI, the exporters and the tests all read this.
 *
 * The model owns the events it holds (compactly encoded in blocks, with the
 * strings inline) and everything it returns: entity names, event strings and
 * interval arrays stay valid until model_free(). It is not locked: one thread
 * appends (model_append, e.g. the UI's stream reader or the collector), and
 * readers on other threads must hold the owner's lock (see trace_model_lock()
 * in emit.h for the in-process model).
 *
 * Time: every t is CLOCK_MONOTONIC ns as recorded. "State at t" includes every
 * event whose time is <= t. Events are appended in nondecreasing time; an
 * event older than the last one is clamped to it (and counted as late).
 *
 * Entities are numbered twice: by their run-unique id (from the events) and by
 * a dense index (0, 1, ... in order of creation) used to address arrays.
 */
#ifndef CONCVIZ_TRACE_MODEL_H
#define CONCVIZ_TRACE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "trace/emit.h"
#include "trace/event.h"

#define MODEL_NONE	((size_t)-1)	/* "no such entity index" */
#define MODEL_T_NEVER	UINT64_MAX	/* "has not happened" */

struct model;

/* What does not change with time: one row of the entity table. */
struct model_entity {
	uint32_t	 id;		/* run-unique id */
	uint16_t	 kind;		/* enum trace_entity_kind (0 if never declared) */
	uint32_t	 parent;	/* parent entity id, 0 if none */
	size_t		 index;		/* dense index, position in the table */
	const char	*name;		/* latest name, NUL-terminated */
	uint64_t	 t_new;		/* time of ENTITY_NEW (or first mention) */
	uint64_t	 t_end;		/* time it became Terminated, or MODEL_T_NEVER */
};

/* Flags of struct model_estate. */
#define MODEL_F_EXISTS		0x01	/* created at or before t */
#define MODEL_F_DROP_REQ	0x02	/* thread: set a drop request, not served yet;
					   GIL: a drop request is pending */
#define MODEL_F_DEADLOCK	0x04	/* thread: part of a reported deadlock */
#define MODEL_F_EXCEPTION	0x08	/* thread: raised an uncaught exception */

/*
 * The state of one entity at time t. For threads, processes and tasks the
 * lifecycle fields matter; for a GIL or a lock, holder says who holds it;
 * for a queue, count is its size; for a pipe, count and val are the messages
 * and bytes sent; for a loop, count is the current phase and holder the
 * task now stepping.
 */
struct model_estate {
	uint8_t		 state;		/* enum trace_state */
	uint8_t		 reason;	/* enum trace_reason */
	uint8_t		 flags;		/* MODEL_F_* */
	uint8_t		 pad;
	uint32_t	 obj;		/* object waited on (id) or 0 */
	uint64_t	 val;		/* deadline ns (Timed) or exit code (Terminated) */
	uint64_t	 since;		/* when it entered this state */
	uint32_t	 line;		/* current source line, 0 if unknown */
	uint32_t	 holder;	/* GIL/lock: holding thread; loop: task stepping */
	uint32_t	 gil_wait;	/* thread: the GIL it waits for (0 if none) */
	uint32_t	 count;		/* RLock depth, queue size, pipe messages,
					   loop phase; GIL: why it was last dropped */
	uint32_t	 gil;		/* thread: the GIL it holds or last held */
	uint64_t	 gil_wait_since; /* thread: when it requested the GIL */
	uint64_t	 ns[TRACE_ST_COUNT]; /* time in each state before `since` */
};

/* Run-wide counters (at time t in a snapshot, or at the end). */
struct model_counters {
	uint64_t	 events;		/* events folded */
	uint64_t	 by_kind[TRACE_EV_MAX];	/* events per enum trace_kind */
	uint64_t	 gil_takes;		/* GIL_TAKE events */
	uint64_t	 gil_handoffs;		/* takes from another thread */
	uint64_t	 gil_drops[8];		/* GIL_DROP by enum trace_gil_why
						   (0 = unknown) */
	uint64_t	 gil_handoffs_by[8];	/* handoffs by the why of the drop
						   that preceded them */
	uint64_t	 gil_drop_requests;
	uint64_t	 gil_wait_ns;		/* sum of GIL_TAKE val */
	uint64_t	 overflow_lost;		/* sum of OVERFLOW val */
	uint64_t	 contentions;		/* LOCK_CONTEND events */
	uint64_t	 loop_blocked_ns;	/* sum of LOOP_BLOCKED val */
	uint64_t	 settings[4];		/* last SETTING value by enum
						   trace_setting (0 = unset) */
};

/* The state of the world at one time t; filled by model_state_at(). */
struct model_snapshot {
	uint64_t		 t;
	uint64_t		 nevents;	/* events with time <= t */
	size_t			 n;		/* entities addressed: index < n */
	struct model_estate	*st;		/* n entries, by entity index */
	struct model_counters	 c;
	size_t			 cap;		/* (private) allocated entries */
};

/* One constant-state stretch of an entity's lane. */
struct model_interval {
	uint64_t	 t0;		/* start */
	uint64_t	 t1;		/* end, MODEL_T_NEVER while still open */
	uint8_t		 state;		/* enum trace_state; for a GIL or lock:
					   RUNNING when held, READY when free */
	uint8_t		 reason;	/* enum trace_reason */
	uint32_t	 obj;		/* object waited on; GIL/lock: holder */
	uint64_t	 val;		/* as struct model_estate val */
};

/* Recording metadata, from the .cvz header (all strings may be empty). */
struct model_meta {
	char		*concviz_version;
	char		*source_name;
	char		*source_text;
	size_t		 source_len;
	char		*settings;
	uint64_t	 t_origin;	/* trace start (monotonic ns), 0 if unknown */
	uint64_t	 wall_origin;	/* trace start, Unix time ns, 0 if unknown */
};

/* Called for each event; return nonzero to stop the walk. */
typedef int	(*model_event_cb)(const struct trace_ev *ev, uint64_t idx,
		    void *arg);

/* Create an empty model; model_free(NULL) is safe. */
struct model	*model_create(void);
void		 model_free(struct model *m);

/* Metadata: set by the reader from the header; owned by the model. */
const struct model_meta	*model_meta(const struct model *m);
void		 model_set_meta(struct model *m, const struct model_meta *meta);

/* Fold one more event (live streaming or loading). Strings are copied. */
void		 model_append(struct model *m, const struct trace_ev *ev);

/* Events held, and the time of the first and last (0, 0 if none). */
uint64_t	 model_event_count(const struct model *m);
void		 model_time_range(const struct model *m, uint64_t *t0,
		     uint64_t *t1);
/* Events that arrived older than their predecessor (clamped). */
uint64_t	 model_late_count(const struct model *m);

/* The entity table. */
size_t		 model_entity_count(const struct model *m);
const struct model_entity *model_entity_at(const struct model *m, size_t index);
const struct model_entity *model_entity(const struct model *m, uint32_t id);
size_t		 model_entity_index(const struct model *m, uint32_t id);
/* Entity name, or "#ID" for unknown ids (static buffer per call site kept
   valid until the next call on this thread). */
const char	*model_entity_name(const struct model *m, uint32_t id);

/* The state at time t (every event with time <= t folded in). */
void		 model_snapshot_init(struct model_snapshot *s);
void		 model_snapshot_fini(struct model_snapshot *s);
void		 model_state_at(const struct model *m, uint64_t t,
		     struct model_snapshot *s);
/* The state at the end (after the last event), without replaying. */
void		 model_state_now(const struct model *m, struct model_snapshot *s);
/* One entity's state in a snapshot, or NULL if it does not exist then. */
const struct model_estate *model_snapshot_get(const struct model *m,
		     const struct model_snapshot *s, uint32_t id);
/* Time entity index spent in state st up to the snapshot's t. */
uint64_t	 model_snapshot_time_in(const struct model_snapshot *s,
		     size_t index, enum trace_state st);
/* Threads waiting for GIL gil at the snapshot, oldest request first; returns
   how many there are (fills at most max ids). */
size_t		 model_gil_waiters(const struct model *m,
		     const struct model_snapshot *s, uint32_t gil, uint32_t *out,
		     size_t max);
/* Final counters (same as model_state_now's). */
const struct model_counters *model_counters(const struct model *m);

/* Events: by index (0-based, time order), by time. */
int		 model_event(const struct model *m, uint64_t idx,
		     struct trace_ev *ev);
/* Index of the first event with time >= t (model_event_count if none). */
uint64_t	 model_index_at(const struct model *m, uint64_t t);
/* Call cb for each event with t0 <= time <= t1, in order; returns the
   callback's nonzero value if it stopped the walk, else 0. */
int		 model_events_between(const struct model *m, uint64_t t0,
		     uint64_t t1, model_event_cb cb, void *arg);
/* The first event after t / the last event before t: 0 and *ev filled, or
   -1 if there is none. */
int		 model_next_event_after(const struct model *m, uint64_t t,
		     struct trace_ev *ev);
int		 model_prev_event_before(const struct model *m, uint64_t t,
		     struct trace_ev *ev);

/*
 * Lanes: the state intervals of an entity, in time order (the last one open,
 * t1 == MODEL_T_NEVER). For threads, processes and tasks these follow STATE
 * events; for a GIL or a lock they follow who holds it. Returns the array
 * (owned by the model, valid until the next model_append) and its length.
 */
const struct model_interval *model_intervals(const struct model *m,
		     uint32_t id, size_t *n);
/* Index in model_intervals() of the interval covering t, or MODEL_NONE. */
size_t		 model_interval_find(const struct model *m, uint32_t id,
		     uint64_t t);

/*
 * A cursor walks the events one by one from any time, keeping the state as it
 * goes: the cheap way to play forward (TUI playback, narration). After
 * model_cursor_next(), c->snap is the state including the event, c->before
 * the subject's state just before it, and c->obj_before the state of the
 * event's object (ev.obj) just before it (zeroed if none).
 */
struct model_cursor {
	const struct model	*m;
	uint64_t		 next;		/* index of the next event */
	struct model_snapshot	 snap;
	struct model_estate	 before;
	struct model_estate	 obj_before;
	/* private: where the next event is encoded */
	size_t			 blk, off;
	uint64_t		 prev_t;
	uint32_t		 prev_entity;
	uint16_t		 prev_kind;
};
void		 model_cursor_init(struct model_cursor *c, const struct model *m,
		     uint64_t t);
/* Position before the first event (the state of nothing yet). */
void		 model_cursor_begin(struct model_cursor *c,
		     const struct model *m);
void		 model_cursor_fini(struct model_cursor *c);
/* Advance by one event: 0 and *ev filled, or -1 at the end. */
int		 model_cursor_next(struct model_cursor *c, struct trace_ev *ev);

#endif
