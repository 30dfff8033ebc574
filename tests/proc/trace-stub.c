/*
 * trace-stub.c — a stand-in for src/trace/emit.c in the process tests while
 * the trace room's collector is not merged: weak definitions (a real emit.c
 * in libconcviz.a wins when present) that keep the last events of this
 * process in memory so tests can check what was emitted.
 */
#include "config.h"

#include <string.h>

#include "trace/emit.h"
#include "trace-stub.h"

int trace_on __attribute__((weak)) = 1;

struct stub_ev	stub_events[STUB_MAX];
unsigned	stub_nevents;
static uint32_t	stub_next_entity = 1;

__attribute__((weak)) int
trace_start(const struct trace_sink_config *cfg, char **cause)
{
	return 0;
}

__attribute__((weak)) void
trace_stop(void)
{
}

__attribute__((weak)) void
trace_thread_begin(void)
{
}

__attribute__((weak)) void
trace_thread_end(void)
{
}

__attribute__((weak)) void
trace_after_fork_child(void)
{
	stub_reset();
}

/* Remember one event (racy across threads; tests read it quiescent). */
static void
stub_keep(enum trace_kind kind, uint32_t entity, uint16_t arg, uint32_t obj,
    uint64_t val)
{
	unsigned i = __atomic_fetch_add(&stub_nevents, 1, __ATOMIC_RELAXED);

	if (i >= STUB_MAX)
		return;
	stub_events[i].kind = kind;
	stub_events[i].entity = entity;
	stub_events[i].arg = arg;
	stub_events[i].obj = obj;
	stub_events[i].val = val;
	/* Published last: readers only look at ready slots. */
	__atomic_store_n(&stub_events[i].ready, 1, __ATOMIC_RELEASE);
}

__attribute__((weak)) uint32_t
trace_entity_new(enum trace_entity_kind kind, uint32_t parent, const char *name)
{
	uint32_t id = __atomic_fetch_add(&stub_next_entity, 1, __ATOMIC_RELAXED);

	stub_keep(TRACE_EV_ENTITY_NEW, id, (uint16_t)kind, parent, 0);
	return id;
}

__attribute__((weak)) void
trace_emit(enum trace_kind kind, uint32_t entity, uint16_t arg, uint32_t obj,
    uint64_t val)
{
	stub_keep(kind, entity, arg, obj, val);
}

__attribute__((weak)) void
trace_emit_str(enum trace_kind kind, uint32_t entity, uint16_t arg,
    uint32_t obj, uint64_t val, const char *s, size_t len)
{
	stub_keep(kind, entity, arg, obj, val);
}

/* Forget every kept event (tests call it while no thread emits). */
void
stub_reset(void)
{
	unsigned i;

	for (i = 0; i < STUB_MAX; i++)
		__atomic_store_n(&stub_events[i].ready, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&stub_nevents, 0, __ATOMIC_RELEASE);
}

/* Find the first kept event matching kind and entity (0: any). */
const struct stub_ev *
stub_find(enum trace_kind kind, uint32_t entity, int state)
{
	unsigned i, n = __atomic_load_n(&stub_nevents, __ATOMIC_ACQUIRE);

	if (n > STUB_MAX)
		n = STUB_MAX;
	for (i = 0; i < n; i++) {
		if (!__atomic_load_n(&stub_events[i].ready, __ATOMIC_ACQUIRE))
			continue;
		if (stub_events[i].kind != kind)
			continue;
		if (entity != 0 && stub_events[i].entity != entity)
			continue;
		if (state >= 0 && (stub_events[i].arg & 0xff) != state)
			continue;
		return &stub_events[i];
	}
	return NULL;
}
