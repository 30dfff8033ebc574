/*
 * timeline.h — the UI's handle on a run: the trace library's model (the one
 * model of a run, src/trace/model.h) plus the few indexes the panes need to
 * draw quickly at any playhead time: lane numbers and nesting per entity,
 * the program's output by time, every lifecycle transition (for the state
 * diagram's flash), annotations and blocked-loop warnings.
 *
 * Filled by timeline_add() from whatever delivers struct trace_ev (the live
 * stream, a recording, a test) and never knows which; panes read it and the
 * model through it, never the runtime. Main (UI) thread only.
 */
#ifndef CONCVIZ_UI_TIMELINE_H
#define CONCVIZ_UI_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "trace/emit.h"
#include "trace/event.h"
#include "trace/model.h"

/* UI facts about one entity, by the model's dense entity index. */
struct tl_ent {
	int		lane;		/* 1-based lane number, 0 if not a lane */
	int		depth;		/* nesting under its process */
	uint8_t		state;		/* latest state (to know "from") */
};

/* One chunk of program output. */
struct tl_out {
	uint64_t	t;
	uint32_t	entity;
	uint8_t		fd;		/* 1 stdout, 2 stderr */
	size_t		off, len;	/* in outbuf */
};

/* One lifecycle transition of a lane entity. */
struct tl_change {
	uint64_t	t;
	uint32_t	entity;
	uint8_t		from, to;
};

/* A teacher's annotation, at the time it was typed against. */
struct tl_note {
	uint64_t	t;
	char		*text;
};

struct timeline {
	struct model	*m;
	struct tl_ent	*ent;		/* by entity index */
	size_t		 nent, capent;
	int		 nlanes;
	int		 nloops;

	struct tl_out	*out;
	size_t		 nout, capout;
	struct buf	 outbuf;
	struct tl_change *ch;
	size_t		 nch, capch;
	struct tl_note	*notes;
	size_t		 nnotes, capnotes;
	uint64_t	*told;		/* model indexes of events the narration
					   tells (all but LINE and ANNOTATION) */
	size_t		 ntold, captold;
	struct trace_ev	*blocked;	/* LOOP_BLOCKED events (no strings) */
	size_t		 nblocked, capblocked;

	uint64_t	 t0, t_end;	/* first and last event (0 if none) */
	uint64_t	 nevs;

	/* The state at snap.t, recomputed only when the playhead moves. */
	struct model_snapshot snap;
	int		 snap_ok;
	uint64_t	 snap_events;
};

void		 timeline_init(struct timeline *tl);
void		 timeline_fini(struct timeline *tl);
/* Fold one event in (strings are copied). */
void		 timeline_add(struct timeline *tl, const struct trace_ev *ev);
/* Add an annotation at time t (kept in time order). */
void		 timeline_note(struct timeline *tl, uint64_t t, const char *text);

/* The snapshot at t (cached: cheap when called again for the same t). */
const struct model_snapshot *timeline_snap(struct timeline *tl, uint64_t t);
/* An entity's state in the snapshot at t, or NULL if it does not exist. */
const struct model_estate *timeline_estate(struct timeline *tl, uint64_t t,
		    uint32_t id);
/* The state of a lane at time t by its intervals (no snapshot needed). */
int		 timeline_state_in(const struct timeline *tl, uint32_t id,
		    uint64_t t, const struct model_interval **cursor,
		    const struct model_interval *end);
/*
 * The interval that covers most of [a, b) (what a timeline column shows),
 * walking forward from *cursor; *changes counts the intervals that start
 * inside it. NULL before the first interval.
 */
const struct model_interval *timeline_dominant(const struct model_interval **cursor,
		    const struct model_interval *end, uint64_t a, uint64_t b,
		    int *changes);
/* UI facts of an entity, or NULL. */
const struct tl_ent *timeline_ent(const struct timeline *tl, uint32_t id);
/* Index of the first element with t > t in a sorted array (by .t). */
size_t		 timeline_out_upto(const struct timeline *tl, uint64_t t);
size_t		 timeline_changes_upto(const struct timeline *tl, uint64_t t);
/* How many told events have a model index below idx. */
size_t		 timeline_told_below(const struct timeline *tl, uint64_t idx);
/* A lane entity kind: process, thread or task. */
int		 timeline_is_lane_kind(unsigned kind);
/* The lane character of an entity (1-9, a-z, '*'). */
int		 timeline_lane_char(const struct timeline *tl, uint32_t id);

#endif
