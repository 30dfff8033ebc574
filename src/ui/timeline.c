/*
 * timeline.c — folds events into the trace model and keeps the UI's small
 * indexes beside it (see timeline.h). Owns the model and every index; never
 * draws. The model keeps events in time order (it clamps late ones); the
 * indexes here follow the same order.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "ui/timeline.h"

static const char timeline_digits[] = "123456789abcdefghijklmnopqrstuvwxyz";

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
	tl->m = model_create();
	buf_init(&tl->outbuf);
	model_snapshot_init(&tl->snap);
}

/* Free everything. */
void
timeline_fini(struct timeline *tl)
{
	size_t i;

	model_free(tl->m);
	free(tl->ent);
	free(tl->out);
	buf_fini(&tl->outbuf);
	free(tl->ch);
	for (i = 0; i < tl->nnotes; i++)
		free(tl->notes[i].text);
	free(tl->notes);
	free(tl->blocked);
	free(tl->told);
	model_snapshot_fini(&tl->snap);
	memset(tl, 0, sizeof *tl);
}

/* A lane entity: process, thread or task. */
int
timeline_is_lane_kind(unsigned kind)
{
	return kind == TRACE_ENT_PROCESS || kind == TRACE_ENT_THREAD ||
	    kind == TRACE_ENT_TASK;
}

/* UI facts of an entity. */
const struct tl_ent *
timeline_ent(const struct timeline *tl, uint32_t id)
{
	size_t i = model_entity_index(tl->m, id);

	return i < tl->nent ? &tl->ent[i] : NULL;
}

/* The lane character of an entity (lanes past 35 reuse the characters). */
int
timeline_lane_char(const struct timeline *tl, uint32_t id)
{
	const struct tl_ent *e = timeline_ent(tl, id);

	if (e == NULL || e->lane <= 0)
		return '?';
	return timeline_digits[(e->lane - 1) % 35];
}

/* Give new entities their lane number and depth. */
static void
timeline_entities(struct timeline *tl)
{
	const struct model_entity	*me, *pe;
	const struct tl_ent		*pt;
	size_t				 n = model_entity_count(tl->m);
	struct tl_ent			*e;

	while (tl->nent < n) {
		TL_GROW(tl->ent, tl->nent, tl->capent);
		e = &tl->ent[tl->nent];
		memset(e, 0, sizeof *e);
		me = model_entity_at(tl->m, tl->nent);
		tl->nent++;
		if (me == NULL)
			continue;
		if (timeline_is_lane_kind(me->kind))
			e->lane = ++tl->nlanes;
		if (me->kind == TRACE_ENT_LOOP)
			tl->nloops++;
		pe = me->parent != 0 ? model_entity(tl->m, me->parent) : NULL;
		pt = pe != NULL ? &tl->ent[pe->index] : NULL;
		if (pt != NULL && pe->index < tl->nent - 1)
			e->depth = pt->depth + (timeline_is_lane_kind(pe->kind) ? 1 : 0);
	}
}

/* Fold one event in. */
void
timeline_add(struct timeline *tl, const struct trace_ev *ev)
{
	struct tl_out	*o;
	struct tl_change *c;
	size_t		 i;
	uint64_t	 t;

	if (ev->kind == 0 || ev->kind >= TRACE_EV_MAX)
		return;
	if (ev->kind != TRACE_EV_LINE && ev->kind != TRACE_EV_ANNOTATION) {
		TL_GROW(tl->told, tl->ntold, tl->captold);
		tl->told[tl->ntold++] = model_event_count(tl->m);
	}
	model_append(tl->m, ev);
	tl->snap_ok = 0;
	tl->nevs = model_event_count(tl->m);
	model_time_range(tl->m, &tl->t0, &tl->t_end);
	t = ev->t < tl->t_end ? tl->t_end : ev->t;	/* as the model clamps */
	if (ev->kind == TRACE_EV_ENTITY_NEW || tl->nent < model_entity_count(tl->m))
		timeline_entities(tl);

	switch (ev->kind) {
	case TRACE_EV_OUTPUT:
		if (ev->slen == 0 || ev->str == NULL)
			break;
		TL_GROW(tl->out, tl->nout, tl->capout);
		o = &tl->out[tl->nout++];
		o->t = t;
		o->entity = ev->entity;
		o->fd = (uint8_t)ev->arg;
		o->off = tl->outbuf.len;
		o->len = ev->slen;
		buf_add(&tl->outbuf, ev->str, ev->slen);
		break;
	case TRACE_EV_STATE:
		i = model_entity_index(tl->m, ev->entity);
		if (i >= tl->nent)
			break;
		TL_GROW(tl->ch, tl->nch, tl->capch);
		c = &tl->ch[tl->nch++];
		c->t = t;
		c->entity = ev->entity;
		c->from = tl->ent[i].state;
		c->to = (uint8_t)(ev->arg & 0xff);
		tl->ent[i].state = c->to;
		break;
	case TRACE_EV_ANNOTATION:
		timeline_note(tl, ev->val != 0 ? ev->val : t, ev->str != NULL ?
		    ev->str : "");
		break;
	case TRACE_EV_LOOP_BLOCKED:
		TL_GROW(tl->blocked, tl->nblocked, tl->capblocked);
		tl->blocked[tl->nblocked] = *ev;
		tl->blocked[tl->nblocked].t = t;
		tl->blocked[tl->nblocked].str = NULL;
		tl->blocked[tl->nblocked++].slen = 0;
		break;
	default:
		break;
	}
}

/* Add an annotation at t, in time order. */
void
timeline_note(struct timeline *tl, uint64_t t, const char *text)
{
	size_t i;

	TL_GROW(tl->notes, tl->nnotes, tl->capnotes);
	i = tl->nnotes++;
	while (i > 0 && tl->notes[i - 1].t > t) {
		tl->notes[i] = tl->notes[i - 1];
		i--;
	}
	tl->notes[i].t = t;
	tl->notes[i].text = xstrdup(text);
}

/* The snapshot at t, cached. */
const struct model_snapshot *
timeline_snap(struct timeline *tl, uint64_t t)
{
	if (!tl->snap_ok || tl->snap.t != t ||
	    tl->snap_events != model_event_count(tl->m)) {
		model_state_at(tl->m, t, &tl->snap);
		tl->snap_ok = 1;
		tl->snap_events = model_event_count(tl->m);
	}
	return &tl->snap;
}

/* An entity's state at t. */
const struct model_estate *
timeline_estate(struct timeline *tl, uint64_t t, uint32_t id)
{
	return model_snapshot_get(tl->m, timeline_snap(tl, t), id);
}

/*
 * The state of a lane at t, walking its intervals forward from *cursor
 * (callers draw columns left to right, so this is amortised O(1)).
 */
int
timeline_state_in(const struct timeline *tl, uint32_t id, uint64_t t,
    const struct model_interval **cursor, const struct model_interval *end)
{
	const struct model_interval *iv = *cursor;

	(void)tl;
	(void)id;
	if (iv == NULL || iv >= end || t < iv->t0)
		return -1;
	while (iv + 1 < end && iv[1].t0 <= t)
		iv++;
	*cursor = iv;
	return iv->state;
}

/* Whether a state is activity worth seeing even when brief. */
static int
timeline_active(int st)
{
	return st == TRACE_ST_RUNNING || st == TRACE_ST_READY ||
	    st == TRACE_ST_BLOCKED || st == TRACE_ST_TIMED;
}

/*
 * The interval covering most of [a, b). Activity (running, ready, blocked,
 * timed) wins over New and Terminated in a column even when brief, so that
 * a thread that ran for 20 us still shows at 1 ms per column.
 */
const struct model_interval *
timeline_dominant(const struct model_interval **cursor,
    const struct model_interval *end, uint64_t a, uint64_t b, int *changes)
{
	const struct model_interval	*iv = *cursor, *best = NULL, *act = NULL;
	uint64_t			 lo, hi, most = 0, amost = 0, len;

	*changes = 0;
	if (iv == NULL || iv >= end || b <= a)
		return NULL;
	/* Skip what ended before a. */
	while (iv + 1 < end && iv[1].t0 <= a)
		iv++;
	*cursor = iv;
	for (; iv < end && iv->t0 < b; iv++) {
		lo = iv->t0 > a ? iv->t0 : a;
		hi = iv->t1 < b ? iv->t1 : b;
		len = hi > lo ? hi - lo : 0;
		if (iv->t0 > a)
			(*changes)++;
		if (iv->t1 <= a && iv->t1 != iv->t0)
			continue;
		if (best == NULL || len > most) {
			best = iv;
			most = len;
		}
		if (timeline_active(iv->state) && (act == NULL || len > amost)) {
			act = iv;
			amost = len;
		}
	}
	return act != NULL ? act : best;
}

/* First output chunk after t. */
size_t
timeline_out_upto(const struct timeline *tl, uint64_t t)
{
	size_t lo = 0, hi = tl->nout, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (tl->out[mid].t <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* How many told events have a model index below idx. */
size_t
timeline_told_below(const struct timeline *tl, uint64_t idx)
{
	size_t lo = 0, hi = tl->ntold, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (tl->told[mid] < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* First transition after t. */
size_t
timeline_changes_upto(const struct timeline *tl, uint64_t t)
{
	size_t lo = 0, hi = tl->nch, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (tl->ch[mid].t <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
