/*
 * sink.h — the runtime tests' view of the event stream, through the real
 * emit path: trace_start() with an in-process model, and readers that copy
 * what the collector merged (src/trace/model.h). Test code only.
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

/* Stop any run being traced and start a fresh one into a model. */
void		sink_reset(void);
/* A copy of the events so far, in time order; free with sink_free. */
struct sink_ev	*sink_events(size_t *n);
void		sink_free(struct sink_ev *v, size_t n);
/* How many events of this kind (by this entity, if nonzero) so far. */
size_t		sink_count(enum trace_kind kind, uint32_t entity);
/* The name an entity has in the model (copied to static storage). */
const char	*sink_name(uint32_t entity);
/* Events lost or out of order so far (both must stay 0 in these tests). */
uint64_t	sink_trouble(void);

#endif
