/*
 * timeline.c — folds struct trace_ev into per-entity, time-indexed arrays
 * (see timeline.h). Owns every string it stores; never draws, never blocks.
 * Events that arrive slightly out of time order (two processes' collectors)
 * are inserted in place so that every array stays sorted by time.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "ui/timeline.h"

#define TL_DEFAULT_SWITCH_INTERVAL	5000000ULL

/* Grow an array to hold one more element. */
#define TL_GROW(p, n, cap) do {						\
	if ((n) == (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 16;				\
		(p) = xreallocarray((p), (cap), sizeof *(p));		\
	}								\
} while (0)

/* Start an empty timeline. */
void
timeline_init(struct timeline *tl)
{
	memset(tl, 0, sizeof *tl);
	tl->switch_interval = TL_DEFAULT_SWITCH_INTERVAL;
}

/* Free everything. */
void
timeline_fini(struct timeline *tl)
{
	size_t i;

	for (i = 0; i < tl->nents; i++) {
		free(tl->ents[i]->name);
		free(tl->ents[i]->ch);
		free(tl->ents[i]->lns);
		free(tl->ents[i]->gch);
		free(tl->ents[i]);
	}
	free(tl->ents);
	free(tl->hash);
	for (i = 0; i < tl->nevs; i++)
		free((char *)tl->evs[i].str);
	free(tl->evs);
	memset(tl, 0, sizeof *tl);
}

/* A lane entity: process, thread or task. */
int
timeline_is_lane_kind(unsigned kind)
{
	return kind == TRACE_ENT_PROCESS || kind == TRACE_ENT_THREAD ||
	    kind == TRACE_ENT_TASK;
}

/* Hash an id into a slot. */
static size_t
timeline_slot(uint32_t id, size_t cap)
{
	return (size_t)((id * 2654435761u) & (cap - 1));
}

/* Rebuild the id index at twice the size. */
static void
timeline_rehash(struct timeline *tl)
{
	size_t i, s;

	free(tl->hash);
	tl->hashcap = tl->hashcap ? tl->hashcap * 2 : 64;
	tl->hash = xcalloc(tl->hashcap, sizeof *tl->hash);
	for (i = 0; i < tl->nents; i++) {
		s = timeline_slot(tl->ents[i]->id, tl->hashcap);
		while (tl->hash[s] != 0)
			s = (s + 1) & (tl->hashcap - 1);
		tl->hash[s] = (uint32_t)i + 1;
	}
}

/* Find an entity by id. */
struct tl_entity *
timeline_entity(const struct timeline *tl, uint32_t id)
{
	size_t s;

	if (tl->hashcap == 0 || id == 0)
		return NULL;
	s = timeline_slot(id, tl->hashcap);
	while (tl->hash[s] != 0) {
		if (tl->ents[tl->hash[s] - 1]->id == id)
			return tl->ents[tl->hash[s] - 1];
		s = (s + 1) & (tl->hashcap - 1);
	}
	return NULL;
}

/* The GIL entity of the process that owns e (walking up the parents). */
static uint32_t
timeline_find_gil(struct timeline *tl, struct tl_entity *e)
{
	struct tl_entity	*p = e;
	size_t			 i;
	int			 hops = 0;

	while (p != NULL && p->kind != TRACE_ENT_PROCESS && hops++ < 64)
		p = timeline_entity(tl, p->parent);
	for (i = 0; i < tl->nents; i++)
		if (tl->ents[i]->kind == TRACE_ENT_GIL &&
		    (p == NULL || tl->ents[i]->parent == p->id))
			return tl->ents[i]->id;
	return 0;
}

/* Create (or find) an entity; unknown ids get a placeholder. */
static struct tl_entity *
timeline_get(struct timeline *tl, uint32_t id, uint16_t kind, uint32_t parent,
    const char *name, size_t nlen, uint64_t t)
{
	struct tl_entity	*e, *p;
	size_t			 s;

	if ((e = timeline_entity(tl, id)) != NULL) {
		if (kind != 0 && e->kind == 0) {
			e->kind = kind;
			e->parent = parent;
		}
		if (name != NULL) {
			free(e->name);
			e->name = xstrndup(name, nlen);
		}
		return e;
	}
	if ((tl->nents + 1) * 2 > tl->hashcap)
		timeline_rehash(tl);
	e = xcalloc(1, sizeof *e);
	e->id = id;
	e->kind = kind;
	e->parent = parent;
	e->t_new = t;
	e->name = name != NULL ? xstrndup(name, nlen) : xasprintf("#%u", id);
	if ((p = timeline_entity(tl, parent)) != NULL)
		e->depth = p->depth + (p->kind == TRACE_ENT_PROCESS ||
		    timeline_is_lane_kind(p->kind) ? 1 : 0);
	if (timeline_is_lane_kind(kind))
		e->lane = (int)++tl->nlanes;
	if (kind == TRACE_ENT_LOOP)
		tl->nloops++;
	TL_GROW(tl->ents, tl->nents, tl->capents);
	tl->ents[tl->nents++] = e;
	s = timeline_slot(id, tl->hashcap);
	while (tl->hash[s] != 0)
		s = (s + 1) & (tl->hashcap - 1);
	tl->hash[s] = (uint32_t)tl->nents;
	return e;
}

/* Record a state change, keeping time order. */
static void
timeline_add_change(struct tl_entity *e, const struct trace_ev *ev)
{
	struct tl_change c;
	size_t i;

	c.t = ev->t;
	c.state = (uint8_t)(ev->arg & 0xff);
	c.reason = (uint8_t)(ev->arg >> 8);
	c.obj = ev->obj;
	c.val = ev->val;
	if (c.state >= TRACE_ST_COUNT)
		return;
	TL_GROW(e->ch, e->nch, e->capch);
	i = e->nch++;
	while (i > 0 && e->ch[i - 1].t > c.t) {
		e->ch[i] = e->ch[i - 1];
		i--;
	}
	e->ch[i] = c;
}

/* Record a source-line change, keeping time order. */
static void
timeline_add_line(struct tl_entity *e, uint64_t t, uint32_t line)
{
	size_t i;

	TL_GROW(e->lns, e->nlns, e->caplns);
	i = e->nlns++;
	while (i > 0 && e->lns[i - 1].t > t) {
		e->lns[i] = e->lns[i - 1];
		i--;
	}
	e->lns[i].t = t;
	e->lns[i].line = line;
}

/* Record a change of a GIL's holder (events of one GIL arrive in order). */
static void
timeline_add_gil(struct tl_entity *g, uint64_t t, uint32_t holder, uint16_t why,
    int forced, int request)
{
	struct tl_gil_change	*last = g->ngch ? &g->gch[g->ngch - 1] : NULL;
	struct tl_gil_change	 c;
	uint32_t		 prev = 0;
	size_t			 i;

	memset(&c, 0, sizeof c);
	c.t = t;
	c.holder = holder;
	c.why = why;
	if (last != NULL) {
		c.handoffs = last->handoffs;
		c.forced = last->forced;
		c.requests = last->requests;
		/* The previous holder, looking back past a free period. */
		for (i = g->ngch; i > 0; i--)
			if (g->gch[i - 1].holder != 0) {
				prev = g->gch[i - 1].holder;
				break;
			}
		if (request)
			c.holder = last->holder;
	}
	if (holder != 0 && prev != 0 && prev != holder && !request)
		c.handoffs++;
	c.forced += forced ? 1 : 0;
	c.requests += request ? 1 : 0;
	TL_GROW(g->gch, g->ngch, g->capgch);
	if (last != NULL && c.t < last->t)
		c.t = last->t;
	g->gch[g->ngch++] = c;
}

/* The GIL entity a GIL event talks about. */
static struct tl_entity *
timeline_gil_of(struct timeline *tl, struct tl_entity *thread, uint32_t obj)
{
	struct tl_entity *g;

	if (obj != 0 && (g = timeline_entity(tl, obj)) != NULL &&
	    g->kind == TRACE_ENT_GIL) {
		thread->gil = g->id;
		return g;
	}
	if (thread->gil == 0)
		thread->gil = timeline_find_gil(tl, thread);
	if (thread->gil == 0) {
		/* A GIL no ENTITY_NEW announced: make one for the row. */
		g = timeline_get(tl, 0xfffffffeu, TRACE_ENT_GIL, 0, "GIL", 3, 0);
		thread->gil = g->id;
	}
	return timeline_entity(tl, thread->gil);
}

/* Fold one event in. */
void
timeline_add(struct timeline *tl, const struct trace_ev *ev)
{
	struct tl_entity	*e, *g;
	struct trace_ev		*slot;
	size_t			 i;

	if (ev->kind == 0 || ev->kind >= TRACE_EV_MAX)
		return;
	if (tl->nevs == 0 || ev->t < tl->t0)
		tl->t0 = ev->t;
	if (ev->t > tl->t_end)
		tl->t_end = ev->t;

	/* Keep a copy of the event, in time order. */
	TL_GROW(tl->evs, tl->nevs, tl->capevs);
	i = tl->nevs++;
	if (i > 0 && tl->evs[i - 1].t > ev->t)
		tl->out_of_order++;
	while (i > 0 && tl->evs[i - 1].t > ev->t) {
		tl->evs[i] = tl->evs[i - 1];
		i--;
	}
	slot = &tl->evs[i];
	*slot = *ev;
	slot->str = ev->slen > 0 && ev->str != NULL ?
	    xstrndup(ev->str, ev->slen) : NULL;
	if (slot->str == NULL)
		slot->slen = 0;

	if (ev->kind == TRACE_EV_ENTITY_NEW) {
		timeline_get(tl, ev->entity, ev->arg, ev->obj, ev->str, ev->slen,
		    ev->t);
		return;
	}
	if (ev->kind == TRACE_EV_OVERFLOW) {
		tl->overflow += ev->val;
		return;
	}
	if (ev->kind == TRACE_EV_SETTING) {
		if (ev->arg == TRACE_SET_SWITCH_INTERVAL && ev->val > 0)
			tl->switch_interval = ev->val;
		return;
	}
	if (ev->entity == 0 || ev->kind == TRACE_EV_ANNOTATION)
		return;
	e = timeline_get(tl, ev->entity, 0, 0, NULL, 0, ev->t);
	switch (ev->kind) {
	case TRACE_EV_ENTITY_NAME:
		if (ev->str != NULL) {
			free(e->name);
			e->name = xstrndup(ev->str, ev->slen);
		}
		break;
	case TRACE_EV_STATE:
		timeline_add_change(e, ev);
		break;
	case TRACE_EV_LINE:
		timeline_add_line(e, ev->t, (uint32_t)ev->val);
		break;
	case TRACE_EV_GIL_TAKE:
		g = timeline_gil_of(tl, e, 0);
		timeline_add_gil(g, ev->t, e->id, 0, 0, 0);
		break;
	case TRACE_EV_GIL_DROP:
		g = timeline_gil_of(tl, e, ev->obj);
		timeline_add_gil(g, ev->t, 0, ev->arg,
		    ev->arg == TRACE_GIL_FORCED || ev->arg == TRACE_GIL_TICKS, 0);
		break;
	case TRACE_EV_GIL_DROP_REQUEST:
		g = timeline_gil_of(tl, e, 0);
		timeline_add_gil(g, ev->t, 0, 0, 0, 1);
		break;
	case TRACE_EV_GIL_REQUEST:
		timeline_gil_of(tl, e, ev->obj);
		break;
	default:
		break;
	}
}

/* The state change in force at t. */
const struct tl_change *
timeline_state_at(const struct tl_entity *e, uint64_t t)
{
	size_t lo = 0, hi = e->nch, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (e->ch[mid].t <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? &e->ch[lo - 1] : NULL;
}

/* The state at t. */
int
timeline_state(const struct tl_entity *e, uint64_t t)
{
	const struct tl_change *c = timeline_state_at(e, t);

	return c != NULL ? c->state : TRACE_ST_NEW;
}

/* The source line at t. */
uint32_t
timeline_line_at(const struct tl_entity *e, uint64_t t)
{
	size_t lo = 0, hi = e->nlns, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (e->lns[mid].t <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? e->lns[lo - 1].line : 0;
}

/* The GIL change in force at t. */
const struct tl_gil_change *
timeline_gil_at(const struct tl_entity *g, uint64_t t)
{
	size_t lo = 0, hi = g->ngch, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (g->gch[mid].t <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? &g->gch[lo - 1] : NULL;
}

/* The number of events with time <= t. */
size_t
timeline_count_at(const struct timeline *tl, uint64_t t)
{
	size_t lo = 0, hi = tl->nevs, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (tl->evs[mid].t <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Time per state from creation to t. */
void
timeline_time_per_state(const struct tl_entity *e, uint64_t t, uint64_t *out)
{
	uint64_t	from = e->t_new, to;
	int		st = TRACE_ST_NEW;
	size_t		i;

	memset(out, 0, TRACE_ST_COUNT * sizeof *out);
	for (i = 0; i < e->nch && e->ch[i].t <= t; i++) {
		to = e->ch[i].t;
		if (to > from)
			out[st] += to - from;
		from = to > from ? to : from;
		st = e->ch[i].state;
	}
	if (t > from)
		out[st] += t - from;
}
