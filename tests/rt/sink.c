/*
 * sink.c — the runtime tests read the events the way the product does: the
 * emit rings, the collector merging them in time order, the in-process
 * model. Each reader first asks the collector for a round (trace_sync) so
 * that everything emitted before the call is in the model. Test code only.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/xmalloc.h"
#include "sink.h"
#include "trace/model.h"

static int sink_started;

/* Start (again) tracing into an in-process model. */
void
sink_reset(void)
{
	struct trace_sink_config	 cfg;
	char				*cause = NULL;

	if (sink_started) {
		trace_stop();
		model_free(trace_model_take());
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.stream_fd = -1;
	cfg.source_name = "test-rt";
	cfg.settings = "";
	cfg.keep_model = 1;
	if (trace_start(&cfg, &cause) != 0)
		fail_msg("trace_start: %s", cause);
	sink_started = 1;
}

/* A copy of every event in the model. */
struct sink_ev *
sink_events(size_t *n)
{
	struct model	*m;
	struct sink_ev	*v;
	uint64_t	 i, count;

	trace_sync();
	trace_model_lock();
	m = trace_model();
	count = m != NULL ? model_event_count(m) : 0;
	v = xcalloc(count + 1, sizeof *v);
	for (i = 0; i < count; i++) {
		model_event(m, i, &v[i].ev);
		if (v[i].ev.slen != 0) {
			v[i].text = xstrndup(v[i].ev.str, v[i].ev.slen);
			v[i].ev.str = v[i].text;
		} else
			v[i].ev.str = NULL;
	}
	trace_model_unlock();
	*n = (size_t)count;
	return v;
}

/* Free a copy from sink_events. */
void
sink_free(struct sink_ev *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

/* Count events of a kind. */
size_t
sink_count(enum trace_kind kind, uint32_t entity)
{
	struct sink_ev	*v;
	size_t		 n, i, c = 0;

	v = sink_events(&n);
	for (i = 0; i < n; i++) {
		if (v[i].ev.kind == kind &&
		    (entity == 0 || v[i].ev.entity == entity))
			c++;
	}
	sink_free(v, n);
	return c;
}

/* An entity's name in the model. */
const char *
sink_name(uint32_t entity)
{
	static char	 name[256];
	struct model	*m;

	trace_sync();
	trace_model_lock();
	m = trace_model();
	strncpy(name, m != NULL ? model_entity_name(m, entity) : "?",
	    sizeof name - 1);
	trace_model_unlock();
	return name;
}

/* Lost plus late events. */
uint64_t
sink_trouble(void)
{
	struct trace_stats st;

	trace_get_stats(&st);
	return st.lost + st.late;
}
