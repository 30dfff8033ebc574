/*
 * sink.h — a stand-in for the trace collector in the runtime's unit tests:
 * it implements the emit API (src/trace/emit.h) by appending every event to
 * one array under one mutex, in the order the events happened, so tests can
 * check invariants over the whole stream. Test code only.
 */
#ifndef CONCVIZ_TESTS_RT_SINK_H
#define CONCVIZ_TESTS_RT_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "trace/emit.h"

struct sink_ev {
	struct trace_ev	 ev;
	char		*text;		/* NUL-terminated copy of ev.str, or NULL */
};

/* Forget every event recorded so far. */
void		sink_reset(void);
/* A copy of the events so far; free with sink_free. */
struct sink_ev	*sink_events(size_t *n);
void		sink_free(struct sink_ev *v, size_t n);
/* How many events of this kind (by this entity, if nonzero) so far. */
size_t		sink_count(enum trace_kind kind, uint32_t entity);
/* The name an entity was created with (static storage, or "?"). */
const char	*sink_name(uint32_t entity);

#endif
