/*
 * sink.c — the test stand-in for the emit API (see sink.h). Every emit takes
 * one global mutex: slow, but it orders the stream exactly, which is what
 * invariant checks need. Test code only.
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "sink.h"

int trace_on = 1;

static pthread_mutex_t	 sink_mu = PTHREAD_MUTEX_INITIALIZER;
static struct sink_ev	*sink_v;
static size_t		 sink_n, sink_cap;
static _Atomic uint32_t	 sink_next_id = 1;
static char		*sink_names[65536];

/* Append one event (timestamped under the mutex). */
static void
sink_add(enum trace_kind kind, uint32_t entity, uint16_t arg, uint32_t obj,
    uint64_t val, const char *s, size_t len)
{
	struct sink_ev *e;

	pthread_mutex_lock(&sink_mu);
	if (sink_n == sink_cap) {
		sink_cap = sink_cap ? sink_cap * 2 : 4096;
		sink_v = xreallocarray(sink_v, sink_cap, sizeof *sink_v);
	}
	e = &sink_v[sink_n++];
	memset(e, 0, sizeof *e);
	e->ev.t = clock_now_ns();
	e->ev.entity = entity;
	e->ev.kind = (uint16_t)kind;
	e->ev.arg = arg;
	e->ev.obj = obj;
	e->ev.val = val;
	if (s != NULL) {
		e->text = xstrndup(s, len);
		e->ev.slen = (uint32_t)len;
	}
	pthread_mutex_unlock(&sink_mu);
}

int
trace_start(const struct trace_sink_config *cfg, char **cause)
{
	return 0;
}

void
trace_stop(void)
{
}

void
trace_thread_begin(void)
{
}

void
trace_thread_end(void)
{
}

void
trace_after_fork_child(void)
{
}

uint32_t
trace_entity_new(enum trace_entity_kind kind, uint32_t parent, const char *name)
{
	uint32_t id = atomic_fetch_add(&sink_next_id, 1);

	if (id < sizeof sink_names / sizeof sink_names[0])
		sink_names[id] = xstrdup(name);
	sink_add(TRACE_EV_ENTITY_NEW, id, (uint16_t)kind, parent, 0, name,
	    strlen(name));
	return id;
}

void
trace_emit(enum trace_kind kind, uint32_t entity, uint16_t arg, uint32_t obj,
    uint64_t val)
{
	sink_add(kind, entity, arg, obj, val, NULL, 0);
}

void
trace_emit_str(enum trace_kind kind, uint32_t entity, uint16_t arg,
    uint32_t obj, uint64_t val, const char *s, size_t len)
{
	sink_add(kind, entity, arg, obj, val, s, len);
}

/* Forget the events. */
void
sink_reset(void)
{
	size_t i;

	pthread_mutex_lock(&sink_mu);
	for (i = 0; i < sink_n; i++)
		free(sink_v[i].text);
	sink_n = 0;
	pthread_mutex_unlock(&sink_mu);
}

/* A copy of the stream. */
struct sink_ev *
sink_events(size_t *n)
{
	struct sink_ev	*v;
	size_t		 i;

	pthread_mutex_lock(&sink_mu);
	v = xreallocarray(NULL, sink_n + 1, sizeof *v);
	for (i = 0; i < sink_n; i++) {
		v[i] = sink_v[i];
		if (v[i].text != NULL)
			v[i].text = xstrdup(v[i].text);
	}
	*n = sink_n;
	pthread_mutex_unlock(&sink_mu);
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
	size_t i, c = 0;

	pthread_mutex_lock(&sink_mu);
	for (i = 0; i < sink_n; i++) {
		if (sink_v[i].ev.kind == kind &&
		    (entity == 0 || sink_v[i].ev.entity == entity))
			c++;
	}
	pthread_mutex_unlock(&sink_mu);
	return c;
}

/* An entity's name. */
const char *
sink_name(uint32_t entity)
{
	if (entity < sizeof sink_names / sizeof sink_names[0] &&
	    sink_names[entity] != NULL)
		return sink_names[entity];
	return "?";
}
