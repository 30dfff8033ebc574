/*
 * timeline.h — the UI's read-only picture of a run: entities, each one's
 * state changes and source lines, every GIL's holder over time, and every
 * event, all indexed by time so that any pane can ask "what was true at t".
 *
 * This is a thin adapter on the event vocabulary of src/trace/event.h: it is
 * filled by timeline_add() from whatever source delivers struct trace_ev (the
 * live stream from the runner, a recording, a test) and never knows which.
 * Panes read it; nothing else writes it. Main (UI) thread only.
 */
#ifndef CONCVIZ_UI_TIMELINE_H
#define CONCVIZ_UI_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "trace/emit.h"
#include "trace/event.h"

/* One state change of an entity. */
struct tl_change {
	uint64_t	t;
	uint8_t		state;		/* enum trace_state */
	uint8_t		reason;		/* enum trace_reason */
	uint32_t	obj;		/* what it waits on, or 0 */
	uint64_t	val;		/* deadline or exit code */
};

/* One source-line change of a thread or task. */
struct tl_line {
	uint64_t	t;
	uint32_t	line;
};

/* One change of a GIL's holder, with the totals up to and including it. */
struct tl_gil_change {
	uint64_t	t;
	uint32_t	holder;		/* entity id, 0 when free */
	uint16_t	why;		/* enum trace_gil_why of a drop, or 0 */
	uint32_t	handoffs;	/* takes by a thread other than the last */
	uint32_t	forced;		/* forced drops so far */
	uint32_t	requests;	/* drop requests so far */
};

struct tl_entity {
	uint32_t	 id;
	uint16_t	 kind;		/* enum trace_entity_kind */
	uint32_t	 parent;
	char		*name;
	uint64_t	 t_new;
	int		 depth;		/* nesting under its process */
	int		 lane;		/* 1-based lane number, 0 if no lane */
	uint32_t	 gil;		/* the GIL of its process, 0 if unknown */

	struct tl_change *ch;		/* state changes, in time order */
	size_t		 nch, capch;
	struct tl_line	*lns;
	size_t		 nlns, caplns;
	struct tl_gil_change *gch;	/* GIL entities: holder changes */
	size_t		 ngch, capgch;
};

struct timeline {
	struct tl_entity **ents;	/* in creation order */
	size_t		 nents, capents;
	uint32_t	*hash;		/* id -> index + 1, open addressing */
	size_t		 hashcap;

	struct trace_ev	*evs;		/* every event, str owned here */
	size_t		 nevs, capevs;

	uint64_t	 t0, t_end;	/* first and last event time */
	uint64_t	 switch_interval;	/* ns, from SETTING, default 5 ms */
	uint64_t	 overflow;	/* events lost by emit buffers */
	uint32_t	 nlanes;
	uint32_t	 nloops;
	int		 out_of_order;	/* events that went back in time */
};

void		 timeline_init(struct timeline *tl);
void		 timeline_fini(struct timeline *tl);
/* Fold one event in (the string is copied). */
void		 timeline_add(struct timeline *tl, const struct trace_ev *ev);

struct tl_entity *timeline_entity(const struct timeline *tl, uint32_t id);
/* The entity's state change in force at t, or NULL before its first. */
const struct tl_change *timeline_state_at(const struct tl_entity *e, uint64_t t);
/* The state at t (NEW before the first change). */
int		 timeline_state(const struct tl_entity *e, uint64_t t);
/* The source line at t, 0 if none yet. */
uint32_t	 timeline_line_at(const struct tl_entity *e, uint64_t t);
/* The GIL change in force at t, or NULL. */
const struct tl_gil_change *timeline_gil_at(const struct tl_entity *gil, uint64_t t);
/* The number of events with time <= t. */
size_t		 timeline_count_at(const struct timeline *tl, uint64_t t);
/* Time per state of an entity from its creation to t, into out[TRACE_ST_COUNT]. */
void		 timeline_time_per_state(const struct tl_entity *e, uint64_t t,
		    uint64_t *out);
/* A lane entity: process, thread or task. */
int		 timeline_is_lane_kind(unsigned kind);

#endif
