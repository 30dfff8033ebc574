/*
 * model.c — the events folded into state (see model.h).
 *
 * Storage: events are kept encoded with the .cvz event codec in blocks of
 * fixed capacity that never move (so event strings, which the codec stores
 * inline, stay valid for the model's lifetime). Each block carries a
 * checkpoint: the whole state just before its first event. The state at t is
 * the checkpoint of the last block starting at or before t plus the fold of
 * that block's events up to t — bounded work for any t.
 *
 * The fold (model_fold) is the one place where an event changes state; it is
 * used by appends, state_at replays and cursors alike. Everything that does
 * not depend on t (the entity table, per-entity intervals) is updated by
 * model_append only. Not thread-safe: see model.h.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "trace/cvz.h"
#include "trace/model.h"

#define BLOCK_BYTES	(48u * 1024)	/* usual block capacity */
#define BLOCK_BYTES_MAX	(4u << 20)	/* with very many entities */
#define BLOCK_EVENTS	4096		/* minimum events per block */
#define DIRECT_MAX	(1u << 20)	/* ids below: a direct table */

/* A block of encoded events and the state before its first one. */
struct mblock {
	uint8_t			*data;
	size_t			 len, cap;
	uint64_t		 first;		/* index of its first event */
	uint32_t		 count;
	uint64_t		 t0, t1;
	struct model_estate	*cp;		/* checkpoint: cp_n entities */
	size_t			 cp_n;
	struct model_counters	 cp_c;
};

/* Per-entity data that does not change with t. */
struct ment {
	struct model_entity	 pub;
	char			*name;
	struct model_interval	*iv;
	size_t			 niv, capiv;
};

struct model {
	struct model_meta	 meta;

	struct ment		*ents;
	size_t			 nent, capent;
	uint32_t		*direct;	/* by id < DIRECT_MAX: index + 1 */
	size_t			 ndirect;
	uint32_t		*hash;		/* entity index + 1, 0 = empty */
	size_t			 hashcap;	/* power of two */
	uint32_t		 first_gil;	/* id of the first GIL entity */

	struct mblock		*blocks;
	size_t			 nblocks, capblocks;
	struct cvz_codec	 codec;		/* of the last block */
	uint32_t		 blk_events;

	uint64_t		 nevents;
	uint64_t		 t_first, t_last;
	uint64_t		 late;

	struct model_snapshot	 cur;		/* the state after every event */
};

/* Create an empty model. */
struct model *
model_create(void)
{
	struct model *m;

	m = xcalloc(1, sizeof *m);
	m->blk_events = BLOCK_EVENTS;
	model_snapshot_init(&m->cur);
	return m;
}

/* Free a model and everything it returned. */
void
model_free(struct model *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nent; i++) {
		free(m->ents[i].name);
		free(m->ents[i].iv);
	}
	free(m->ents);
	free(m->hash);
	free(m->direct);
	for (i = 0; i < m->nblocks; i++) {
		free(m->blocks[i].data);
		free(m->blocks[i].cp);
	}
	free(m->blocks);
	model_snapshot_fini(&m->cur);
	cvz_meta_fini(&m->meta);
	free(m);
}

/* The recording's metadata. */
const struct model_meta *
model_meta(const struct model *m)
{
	return &m->meta;
}

/* Copy a string that may be NULL. */
static char *
dup_or_empty(const char *s, size_t len)
{
	char *p;

	p = xmalloc(len + 1);
	if (s != NULL && len != 0)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Replace the metadata with a copy of meta. */
void
model_set_meta(struct model *m, const struct model_meta *meta)
{
	struct model_meta n;

	n.concviz_version = dup_or_empty(meta->concviz_version,
	    meta->concviz_version ? strlen(meta->concviz_version) : 0);
	n.source_name = dup_or_empty(meta->source_name,
	    meta->source_name ? strlen(meta->source_name) : 0);
	n.source_len = meta->source_text ? meta->source_len : 0;
	n.source_text = dup_or_empty(meta->source_text, n.source_len);
	n.settings = dup_or_empty(meta->settings,
	    meta->settings ? strlen(meta->settings) : 0);
	n.t_origin = meta->t_origin;
	n.wall_origin = meta->wall_origin;
	cvz_meta_fini(&m->meta);
	m->meta = n;
}

/* Hash of an entity id. */
static inline size_t
id_hash(uint32_t id)
{
	return (size_t)(id * 2654435761u);
}

/* Dense index of entity id, or MODEL_NONE. */
size_t
model_entity_index(const struct model *m, uint32_t id)
{
	size_t i, mask;

	if (id < m->ndirect)
		return (size_t)m->direct[id] - 1;	/* 0 - 1 = MODEL_NONE */
	if (id == 0 || m->hashcap == 0)
		return MODEL_NONE;
	mask = m->hashcap - 1;
	for (i = id_hash(id) & mask; m->hash[i] != 0; i = (i + 1) & mask) {
		if (m->ents[m->hash[i] - 1].pub.id == id)
			return m->hash[i] - 1;
	}
	return MODEL_NONE;
}

/* Insert index idx of entity id in the hash (growing it). */
static void
hash_insert(struct model *m, uint32_t id, size_t idx)
{
	size_t i, mask, old, j;
	uint32_t *oh;

	if ((m->nent + 1) * 2 > m->hashcap) {
		oh = m->hash;
		old = m->hashcap;
		m->hashcap = old ? old * 2 : 64;
		m->hash = xcalloc(m->hashcap, sizeof *m->hash);
		mask = m->hashcap - 1;
		for (j = 0; j < old; j++) {
			if (oh[j] == 0)
				continue;
			for (i = id_hash(m->ents[oh[j] - 1].pub.id) & mask;
			    m->hash[i] != 0; i = (i + 1) & mask)
				;
			m->hash[i] = oh[j];
		}
		free(oh);
	}
	mask = m->hashcap - 1;
	for (i = id_hash(id) & mask; m->hash[i] != 0; i = (i + 1) & mask)
		;
	m->hash[i] = (uint32_t)(idx + 1);
}

/* Make room for n entities in a snapshot (new entries zeroed). */
static void
snap_reserve(struct model_snapshot *s, size_t n)
{
	size_t cap;

	if (n <= s->cap)
		return;
	cap = s->cap ? s->cap : 16;
	while (cap < n)
		cap *= 2;
	s->st = xreallocarray(s->st, cap, sizeof *s->st);
	memset(s->st + s->cap, 0, (cap - s->cap) * sizeof *s->st);
	s->cap = cap;
}

/* Open a new interval of entity e at t (closing the previous one). */
static void
interval_push(struct ment *e, uint64_t t, uint8_t state, uint8_t reason,
    uint32_t obj, uint64_t val)
{
	struct model_interval *iv;

	if (e->niv != 0)
		e->iv[e->niv - 1].t1 = t;
	if (e->niv == e->capiv) {
		e->capiv = e->capiv ? e->capiv * 2 : 8;
		e->iv = xreallocarray(e->iv, e->capiv, sizeof *e->iv);
	}
	iv = &e->iv[e->niv++];
	iv->t0 = t;
	iv->t1 = MODEL_T_NEVER;
	iv->state = state;
	iv->reason = reason;
	iv->obj = obj;
	iv->val = val;
}

/* Whether entities of this kind have a "held by" lane (GIL, locks). */
static int
kind_is_held(unsigned kind)
{
	switch (kind) {
	case TRACE_ENT_GIL:
	case TRACE_ENT_LOCK:
	case TRACE_ENT_RLOCK:
	case TRACE_ENT_SEMAPHORE:
		return 1;
	}
	return 0;
}

/* Whether obj of this event kind names an entity. */
static inline int
kind_has_obj(unsigned kind)
{
	return kind != TRACE_EV_LOOP_PHASE && kind != TRACE_EV_SETTING &&
	    kind != TRACE_EV_LINE && kind != TRACE_EV_OUTPUT;
}

/* Find or create the entity id (first mention at t). */
static size_t
entity_get(struct model *m, uint32_t id, uint64_t t)
{
	struct ment *e;
	size_t idx;
	char tmp[32];

	if (id == 0)
		return MODEL_NONE;
	if ((idx = model_entity_index(m, id)) != MODEL_NONE)
		return idx;
	if (m->nent == m->capent) {
		m->capent = m->capent ? m->capent * 2 : 64;
		m->ents = xreallocarray(m->ents, m->capent, sizeof *m->ents);
	}
	idx = m->nent;
	hash_insert(m, id, idx);
	if (id < DIRECT_MAX) {
		if (id >= m->ndirect) {
			size_t n = m->ndirect ? m->ndirect : 256;

			while (n <= id)
				n *= 2;
			m->direct = xreallocarray(m->direct, n,
			    sizeof *m->direct);
			memset(m->direct + m->ndirect, 0,
			    (n - m->ndirect) * sizeof *m->direct);
			m->ndirect = n;
		}
		m->direct[id] = (uint32_t)(idx + 1);
	}
	m->nent++;
	e = &m->ents[idx];
	memset(e, 0, sizeof *e);
	snprintf(tmp, sizeof tmp, "#%" PRIu32, id);
	e->name = xstrdup(tmp);
	e->pub.id = id;
	e->pub.index = idx;
	e->pub.name = e->name;
	e->pub.t_new = t;
	e->pub.t_end = MODEL_T_NEVER;
	interval_push(e, t, TRACE_ST_NEW, 0, 0, 0);
	snap_reserve(&m->cur, m->nent);
	m->cur.n = m->nent;
	return idx;
}

/* State of entity id in s, or NULL. */
static inline struct model_estate *
snap_ent(const struct model *m, struct model_snapshot *s, uint32_t id)
{
	size_t i = model_entity_index(m, id);

	if (i == MODEL_NONE || i >= s->n)
		return NULL;
	return &s->st[i];
}

/* The GIL a thread's take refers to. */
static uint32_t
gil_of(const struct model *m, const struct model_estate *th)
{
	if (th->gil_wait != 0)
		return th->gil_wait;
	if (th->gil != 0)
		return th->gil;
	return m->first_gil;
}

/*
 * Fold one event into snapshot s: the only place where an event changes
 * state. s must address every entity the event mentions.
 */
static void
model_fold(const struct model *m, struct model_snapshot *s,
    const struct trace_ev *ev)
{
	struct model_estate *es, *o;
	uint32_t g;
	unsigned st, why;

	s->t = ev->t;
	s->nevents++;
	s->c.events++;
	if (ev->kind < TRACE_EV_MAX)
		s->c.by_kind[ev->kind]++;
	es = snap_ent(m, s, ev->entity);
	if (es != NULL && !(es->flags & MODEL_F_EXISTS)) {
		es->flags |= MODEL_F_EXISTS;
		es->since = ev->t;
	}
	if (ev->obj != 0 && kind_has_obj(ev->kind) &&
	    (o = snap_ent(m, s, ev->obj)) != NULL &&
	    !(o->flags & MODEL_F_EXISTS)) {
		o->flags |= MODEL_F_EXISTS;
		o->since = ev->t;
	}
	switch (ev->kind) {
	case TRACE_EV_ENTITY_NEW:
		break;
	case TRACE_EV_STATE:
		st = ev->arg & 0xff;
		why = ev->arg >> 8;
		if (es == NULL || st >= TRACE_ST_COUNT)
			break;
		if (es->state < TRACE_ST_COUNT && ev->t >= es->since)
			es->ns[es->state] += ev->t - es->since;
		es->state = (uint8_t)st;
		es->reason = (uint8_t)why;
		es->obj = ev->obj;
		es->val = ev->val;
		es->since = ev->t;
		if (st == TRACE_ST_TERMINATED || st == TRACE_ST_ZOMBIE)
			es->gil_wait = 0;
		break;
	case TRACE_EV_GIL_REQUEST:
		if (es == NULL)
			break;
		es->gil_wait = ev->obj != 0 ? ev->obj : gil_of(m, es);
		es->gil_wait_since = ev->t;
		break;
	case TRACE_EV_GIL_DROP_REQUEST:
		s->c.gil_drop_requests++;
		if (es == NULL)
			break;
		es->flags |= MODEL_F_DROP_REQ;
		if ((o = snap_ent(m, s, gil_of(m, es))) != NULL)
			o->flags |= MODEL_F_DROP_REQ;
		break;
	case TRACE_EV_GIL_DROP:
		s->c.gil_drops[ev->arg < 8 ? ev->arg : 0]++;
		g = ev->obj != 0 ? ev->obj : (es ? gil_of(m, es) : 0);
		if ((o = snap_ent(m, s, g)) != NULL) {
			if (o->holder == ev->entity || o->holder == 0) {
				o->holder = 0;
				o->since = ev->t;
			}
			o->flags &= ~MODEL_F_DROP_REQ;
			o->count = ev->arg < 8 ? ev->arg : 0;
		}
		if (es != NULL)
			es->gil = g;
		break;
	case TRACE_EV_GIL_TAKE:
		s->c.gil_takes++;
		s->c.gil_wait_ns += ev->val;
		if (es == NULL)
			break;
		g = gil_of(m, es);
		o = snap_ent(m, s, g);
		if (ev->obj != 0 && ev->obj != ev->entity) {
			s->c.gil_handoffs++;
			s->c.gil_handoffs_by[o != NULL ? o->count % 8 : 0]++;
		}
		if (o != NULL) {
			o->holder = ev->entity;
			o->since = ev->t;
			o->flags &= ~MODEL_F_DROP_REQ;
		}
		es->gil = g;
		es->gil_wait = 0;
		es->flags &= ~MODEL_F_DROP_REQ;
		break;
	case TRACE_EV_LOCK_ACQUIRE:
		if ((o = snap_ent(m, s, ev->obj)) != NULL) {
			o->holder = ev->entity;
			o->count = ev->val != 0 ? (uint32_t)ev->val : 1;
			o->since = ev->t;
		}
		break;
	case TRACE_EV_LOCK_RELEASE:
		if ((o = snap_ent(m, s, ev->obj)) != NULL) {
			o->count = (uint32_t)ev->val;
			if (ev->val == 0) {
				o->holder = 0;
				o->since = ev->t;
			}
		}
		break;
	case TRACE_EV_LOCK_CONTEND:
		s->c.contentions++;
		break;
	case TRACE_EV_QUEUE_PUT:
	case TRACE_EV_QUEUE_GET:
		if ((o = snap_ent(m, s, ev->obj)) != NULL)
			o->count = (uint32_t)ev->val;
		break;
	case TRACE_EV_PIPE_SEND:
	case TRACE_EV_PIPE_RECV:
		if ((o = snap_ent(m, s, ev->obj)) != NULL) {
			o->count++;
			o->val += ev->val;
		}
		break;
	case TRACE_EV_LOOP_PHASE:
		if (es != NULL) {
			es->count = ev->arg;
			es->val = ev->val;
		}
		break;
	case TRACE_EV_TASK_STEP:
		if ((o = snap_ent(m, s, ev->obj)) != NULL)
			o->holder = ev->entity;
		break;
	case TRACE_EV_LOOP_BLOCKED:
		s->c.loop_blocked_ns += ev->val;
		break;
	case TRACE_EV_LINE:
		if (es != NULL)
			es->line = (uint32_t)ev->val;
		break;
	case TRACE_EV_EXCEPTION:
		if (es != NULL)
			es->flags |= MODEL_F_EXCEPTION;
		break;
	case TRACE_EV_DEADLOCK:
		if (es != NULL)
			es->flags |= MODEL_F_DEADLOCK;
		break;
	case TRACE_EV_OVERFLOW:
		s->c.overflow_lost += ev->val;
		break;
	case TRACE_EV_SETTING:
		if (ev->arg < 4)
			s->c.settings[ev->arg] = ev->val;
		break;
	}
}

/* The static side of an event: the entity table and the intervals. */
static void
model_note(struct model *m, const struct trace_ev *ev, size_t ei)
{
	struct ment *e = ei != MODEL_NONE ? &m->ents[ei] : NULL;
	struct model_estate *gs;
	struct ment *o;
	size_t oi;
	unsigned st;

	switch (ev->kind) {
	case TRACE_EV_ENTITY_NEW:
		if (e == NULL)
			break;
		e->pub.kind = ev->arg;
		e->pub.parent = ev->obj;
		free(e->name);
		e->name = dup_or_empty(ev->str, ev->slen);
		e->pub.name = e->name;
		if (ev->arg == TRACE_ENT_GIL && m->first_gil == 0)
			m->first_gil = ev->entity;
		if (kind_is_held(ev->arg) && e->niv == 1 && e->iv[0].t0 == ev->t)
			e->iv[0].state = TRACE_ST_READY;
		break;
	case TRACE_EV_ENTITY_NAME:
		if (e == NULL)
			break;
		free(e->name);
		e->name = dup_or_empty(ev->str, ev->slen);
		e->pub.name = e->name;
		break;
	case TRACE_EV_STATE:
		st = ev->arg & 0xff;
		if (e == NULL || st >= TRACE_ST_COUNT)
			break;
		interval_push(e, ev->t, (uint8_t)st, (uint8_t)(ev->arg >> 8),
		    ev->obj, ev->val);
		if ((st == TRACE_ST_TERMINATED || st == TRACE_ST_ZOMBIE) &&
		    e->pub.t_end == MODEL_T_NEVER)
			e->pub.t_end = ev->t;
		break;
	case TRACE_EV_GIL_TAKE:
	case TRACE_EV_GIL_DROP:
		/* The GIL lane follows the fold's holder (after the fold). */
		if (e == NULL)
			break;
		oi = model_entity_index(m, ev->kind == TRACE_EV_GIL_DROP &&
		    ev->obj != 0 ? ev->obj : m->cur.st[ei].gil);
		if (oi == MODEL_NONE)
			break;
		o = &m->ents[oi];
		gs = &m->cur.st[oi];
		if (o->niv == 0 || o->iv[o->niv - 1].obj != gs->holder)
			interval_push(o, ev->t, gs->holder ? TRACE_ST_RUNNING :
			    TRACE_ST_READY, 0, gs->holder, 0);
		break;
	case TRACE_EV_LOCK_ACQUIRE:
	case TRACE_EV_LOCK_RELEASE:
		if ((oi = model_entity_index(m, ev->obj)) == MODEL_NONE)
			break;
		o = &m->ents[oi];
		gs = &m->cur.st[oi];
		if (o->niv == 0 || o->iv[o->niv - 1].obj != gs->holder)
			interval_push(o, ev->t, gs->holder ? TRACE_ST_RUNNING :
			    TRACE_ST_READY, 0, gs->holder, 0);
		break;
	}
}

/* Start a new block whose checkpoint is the current state. */
static struct mblock *
block_start(struct model *m, size_t need)
{
	struct mblock *b;

	if (m->nblocks == m->capblocks) {
		m->capblocks = m->capblocks ? m->capblocks * 2 : 64;
		m->blocks = xreallocarray(m->blocks, m->capblocks,
		    sizeof *m->blocks);
	}
	/* Keep checkpoints cheaper than the events they cover. */
	m->blk_events = BLOCK_EVENTS;
	if (m->nent * 16 > m->blk_events)
		m->blk_events = (uint32_t)(m->nent * 16);
	b = &m->blocks[m->nblocks++];
	memset(b, 0, sizeof *b);
	b->cap = (size_t)m->blk_events * 8;
	if (b->cap < BLOCK_BYTES)
		b->cap = BLOCK_BYTES;
	if (b->cap > BLOCK_BYTES_MAX)
		b->cap = BLOCK_BYTES_MAX;
	if (b->cap < need)
		b->cap = need;
	b->data = xmalloc(b->cap);
	b->first = m->nevents;
	b->cp_n = m->cur.n;
	if (b->cp_n != 0) {
		b->cp = xreallocarray(NULL, b->cp_n, sizeof *b->cp);
		memcpy(b->cp, m->cur.st, b->cp_n * sizeof *b->cp);
	}
	b->cp_c = m->cur.c;
	cvz_codec_reset(&m->codec);
	return b;
}

/* Fold one more event and keep it. */
void
model_append(struct model *m, const struct trace_ev *evp)
{
	struct trace_ev ev = *evp;
	struct mblock *b;
	size_t ei, need;

	if (ev.slen > CVZ_MAX_STR)
		ev.slen = CVZ_MAX_STR;
	if (ev.str == NULL)
		ev.slen = 0;
	if (m->nevents != 0 && ev.t < m->t_last) {
		ev.t = m->t_last;
		m->late++;
	}

	/* Entities first mentioned here join the table. */
	ei = entity_get(m, ev.entity, ev.t);
	if (ev.obj != 0 && kind_has_obj(ev.kind))
		entity_get(m, ev.obj, ev.t);

	/* Store it (a new block checkpoints the state before it). */
	need = CVZ_EVENT_MAX(ev.slen);
	b = m->nblocks ? &m->blocks[m->nblocks - 1] : NULL;
	if (b == NULL || b->count >= m->blk_events || b->cap - b->len < need)
		b = block_start(m, need);
	b->len += cvz_event_encode(&m->codec, b->data + b->len, &ev);
	if (b->count == 0)
		b->t0 = ev.t;
	b->t1 = ev.t;
	b->count++;

	model_fold(m, &m->cur, &ev);
	model_note(m, &ev, ei);

	if (m->nevents == 0)
		m->t_first = ev.t;
	m->t_last = ev.t;
	m->nevents++;
}

/* Events held. */
uint64_t
model_event_count(const struct model *m)
{
	return m->nevents;
}

/* Time of the first and last event. */
void
model_time_range(const struct model *m, uint64_t *t0, uint64_t *t1)
{
	if (t0 != NULL)
		*t0 = m->t_first;
	if (t1 != NULL)
		*t1 = m->t_last;
}

/* Events that arrived out of order. */
uint64_t
model_late_count(const struct model *m)
{
	return m->late;
}

/* Entities in the table. */
size_t
model_entity_count(const struct model *m)
{
	return m->nent;
}

/* Entity by dense index. */
const struct model_entity *
model_entity_at(const struct model *m, size_t index)
{
	if (index >= m->nent)
		return NULL;
	return &m->ents[index].pub;
}

/* Entity by id. */
const struct model_entity *
model_entity(const struct model *m, uint32_t id)
{
	size_t i = model_entity_index(m, id);

	return i == MODEL_NONE ? NULL : &m->ents[i].pub;
}

/* Name of an entity, "#ID" if unknown, "-" for 0. */
const char *
model_entity_name(const struct model *m, uint32_t id)
{
	static __thread char tmp[4][24];
	static __thread unsigned next;
	const struct model_entity *e;
	char *p;

	if ((e = model_entity(m, id)) != NULL)
		return e->name;
	if (id == 0)
		return "-";
	p = tmp[next++ % 4];
	snprintf(p, sizeof tmp[0], "#%" PRIu32, id);
	return p;
}

/* Prepare an empty snapshot. */
void
model_snapshot_init(struct model_snapshot *s)
{
	memset(s, 0, sizeof *s);
}

/* Free a snapshot's array. */
void
model_snapshot_fini(struct model_snapshot *s)
{
	free(s->st);
	memset(s, 0, sizeof *s);
}

/* Copy the state after every event. */
void
model_state_now(const struct model *m, struct model_snapshot *s)
{
	snap_reserve(s, m->nent);
	if (m->nent != 0)
		memcpy(s->st, m->cur.st, m->nent * sizeof *s->st);
	s->n = m->nent;
	s->c = m->cur.c;
	s->t = m->cur.t;
	s->nevents = m->cur.nevents;
}

/* Index of the last block whose first event is at or before t, or -1. */
static long
block_at(const struct model *m, uint64_t t)
{
	size_t lo = 0, hi = m->nblocks, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->blocks[mid].t0 <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

/* Load block b's checkpoint into s (all entities addressed, zeroed after). */
static void
snap_from_block(const struct model *m, const struct mblock *b,
    struct model_snapshot *s)
{
	snap_reserve(s, m->nent);
	if (b->cp_n != 0)
		memcpy(s->st, b->cp, b->cp_n * sizeof *s->st);
	if (m->nent > b->cp_n)
		memset(s->st + b->cp_n, 0, (m->nent - b->cp_n) *
		    sizeof *s->st);
	s->n = m->nent;
	s->c = b->cp_c;
	s->nevents = b->first;
	s->t = b->t0;
}

/* The state at time t. */
void
model_state_at(const struct model *m, uint64_t t, struct model_snapshot *s)
{
	const struct mblock *b;
	struct cvz_codec c;
	struct trace_ev ev;
	const char *why;
	size_t off = 0, n;
	uint32_t i;
	long bi;

	if (m->nevents != 0 && t >= m->t_last) {
		model_state_now(m, s);
		s->t = t;
		return;
	}
	bi = block_at(m, t);
	if (bi < 0) {
		snap_reserve(s, m->nent);
		if (m->nent != 0)
			memset(s->st, 0, m->nent * sizeof *s->st);
		s->n = m->nent;
		memset(&s->c, 0, sizeof s->c);
		s->nevents = 0;
		s->t = t;
		return;
	}
	b = &m->blocks[bi];
	snap_from_block(m, b, s);
	cvz_codec_reset(&c);
	for (i = 0; i < b->count; i++) {
		n = cvz_event_decode(&c, b->data + off, b->len - off, &ev, &why);
		if (n == 0 || ev.t > t)
			break;
		off += n;
		model_fold(m, s, &ev);
	}
	s->t = t;
}

/* One entity's state in a snapshot. */
const struct model_estate *
model_snapshot_get(const struct model *m, const struct model_snapshot *s,
    uint32_t id)
{
	size_t i = model_entity_index(m, id);

	if (i == MODEL_NONE || i >= s->n || !(s->st[i].flags & MODEL_F_EXISTS))
		return NULL;
	return &s->st[i];
}

/* Time entity index spent in state st up to the snapshot's time. */
uint64_t
model_snapshot_time_in(const struct model_snapshot *s, size_t index,
    enum trace_state st)
{
	const struct model_estate *e;
	uint64_t ns;

	if (index >= s->n || (unsigned)st >= TRACE_ST_COUNT)
		return 0;
	e = &s->st[index];
	if (!(e->flags & MODEL_F_EXISTS))
		return 0;
	ns = e->ns[st];
	if (e->state == st && s->t > e->since)
		ns += s->t - e->since;
	return ns;
}

/* Threads waiting for a GIL, oldest request first. */
size_t
model_gil_waiters(const struct model *m, const struct model_snapshot *s,
    uint32_t gil, uint32_t *out, size_t max)
{
	size_t i, j, n = 0;
	uint32_t id;

	for (i = 0; i < s->n; i++) {
		if (s->st[i].gil_wait != gil || gil == 0 ||
		    !(s->st[i].flags & MODEL_F_EXISTS))
			continue;
		/* Insertion by request time into the first max slots. */
		if (n < max) {
			id = m->ents[i].pub.id;
			for (j = n; j > 0; j--) {
				const struct model_estate *p;

				p = model_snapshot_get(m, s, out[j - 1]);
				if (p == NULL || p->gil_wait_since <=
				    s->st[i].gil_wait_since)
					break;
				out[j] = out[j - 1];
			}
			out[j] = id;
		}
		n++;
	}
	return n;
}

/* Final counters. */
const struct model_counters *
model_counters(const struct model *m)
{
	return &m->cur.c;
}

/* Index of the block holding event idx. */
static size_t
block_of_index(const struct model *m, uint64_t idx)
{
	size_t lo = 0, hi = m->nblocks, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->blocks[mid].first <= idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/* Event number idx. */
int
model_event(const struct model *m, uint64_t idx, struct trace_ev *ev)
{
	const struct mblock *b;
	struct cvz_codec c;
	const char *why;
	size_t off = 0, n;
	uint64_t i;

	if (idx >= m->nevents)
		return -1;
	b = &m->blocks[block_of_index(m, idx)];
	cvz_codec_reset(&c);
	for (i = b->first; i <= idx; i++) {
		n = cvz_event_decode(&c, b->data + off, b->len - off, ev, &why);
		if (n == 0)
			return -1;
		off += n;
	}
	return 0;
}

/* First block whose last event is at or after t. */
static size_t
block_from(const struct model *m, uint64_t t)
{
	size_t lo = 0, hi = m->nblocks, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->blocks[mid].t1 < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Walk events from time t0 to t1 (inclusive); index of the first in *first. */
static int
walk(const struct model *m, uint64_t t0, uint64_t t1, model_event_cb cb,
    void *arg)
{
	const struct mblock *b;
	struct cvz_codec c;
	struct trace_ev ev;
	const char *why;
	size_t bi, off, n;
	uint32_t i;
	int rc;

	for (bi = block_from(m, t0); bi < m->nblocks; bi++) {
		b = &m->blocks[bi];
		if (b->t0 > t1)
			break;
		cvz_codec_reset(&c);
		for (i = 0, off = 0; i < b->count; i++) {
			n = cvz_event_decode(&c, b->data + off, b->len - off,
			    &ev, &why);
			if (n == 0)
				return 0;
			off += n;
			if (ev.t < t0)
				continue;
			if (ev.t > t1)
				return 0;
			if ((rc = cb(&ev, b->first + i, arg)) != 0)
				return rc;
		}
	}
	return 0;
}

/* Callback of model_index_at: remember the first index. */
static int
first_cb(const struct trace_ev *ev, uint64_t idx, void *arg)
{
	*(uint64_t *)arg = idx;
	return 1;
}

/* Index of the first event with time >= t. */
uint64_t
model_index_at(const struct model *m, uint64_t t)
{
	uint64_t idx = m->nevents;

	walk(m, t, UINT64_MAX, first_cb, &idx);
	return idx;
}

/* Call cb for each event with t0 <= time <= t1. */
int
model_events_between(const struct model *m, uint64_t t0, uint64_t t1,
    model_event_cb cb, void *arg)
{
	if (t0 > t1)
		return 0;
	return walk(m, t0, t1, cb, arg);
}

/* The first event strictly after t. */
int
model_next_event_after(const struct model *m, uint64_t t, struct trace_ev *ev)
{
	if (t == UINT64_MAX)
		return -1;
	return model_event(m, model_index_at(m, t + 1), ev);
}

/* The last event strictly before t. */
int
model_prev_event_before(const struct model *m, uint64_t t, struct trace_ev *ev)
{
	uint64_t idx = model_index_at(m, t);

	if (idx == 0)
		return -1;
	return model_event(m, idx - 1, ev);
}

/* All intervals of an entity. */
const struct model_interval *
model_intervals(const struct model *m, uint32_t id, size_t *n)
{
	size_t i = model_entity_index(m, id);

	if (i == MODEL_NONE) {
		*n = 0;
		return NULL;
	}
	*n = m->ents[i].niv;
	return m->ents[i].iv;
}

/* The interval of entity id covering t. */
size_t
model_interval_find(const struct model *m, uint32_t id, uint64_t t)
{
	const struct model_interval *iv;
	size_t n, lo = 0, hi, mid;

	iv = model_intervals(m, id, &n);
	if (n == 0 || t < iv[0].t0)
		return MODEL_NONE;
	hi = n;
	while (lo < hi) {		/* last interval with t0 <= t */
		mid = lo + (hi - lo) / 2;
		if (iv[mid].t0 <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/* Position a cursor at time t (state including every event <= t). */
void
model_cursor_init(struct model_cursor *c, const struct model *m, uint64_t t)
{
	const struct mblock *b;
	struct cvz_codec codec, save;
	struct trace_ev ev;
	const char *why;
	size_t n, off = 0;
	uint32_t i = 0;
	long bi;

	memset(c, 0, sizeof *c);
	c->m = m;
	model_snapshot_init(&c->snap);
	cvz_codec_reset(&codec);
	bi = block_at(m, t);
	if (bi < 0) {
		snap_reserve(&c->snap, m->nent);
		c->snap.n = m->nent;
	} else {
		b = &m->blocks[bi];
		snap_from_block(m, b, &c->snap);
		for (i = 0; i < b->count; i++) {
			save = codec;
			n = cvz_event_decode(&codec, b->data + off,
			    b->len - off, &ev, &why);
			if (n == 0 || ev.t > t) {
				codec = save;
				break;
			}
			off += n;
			model_fold(m, &c->snap, &ev);
		}
		c->blk = (size_t)bi;
		c->off = off;
		c->next = b->first + i;
	}
	c->snap.t = t;
	c->prev_t = codec.prev_t;
	c->prev_entity = codec.prev_entity;
	c->prev_kind = codec.prev_kind;
}

/* Position a cursor before the first event. */
void
model_cursor_begin(struct model_cursor *c, const struct model *m)
{
	memset(c, 0, sizeof *c);
	c->m = m;
	model_snapshot_init(&c->snap);
	snap_reserve(&c->snap, m->nent);
	c->snap.n = m->nent;
}

/* Free a cursor's snapshot. */
void
model_cursor_fini(struct model_cursor *c)
{
	model_snapshot_fini(&c->snap);
}

/* Advance a cursor by one event. */
int
model_cursor_next(struct model_cursor *c, struct trace_ev *ev)
{
	const struct model *m = c->m;
	const struct mblock *b;
	struct cvz_codec codec;
	struct model_estate *p;
	const char *why;
	size_t n;

	if (c->next >= m->nevents)
		return -1;
	/* The model may have grown: address every entity. */
	if (c->snap.n < m->nent) {
		snap_reserve(&c->snap, m->nent);
		c->snap.n = m->nent;
	}
	b = &m->blocks[c->blk];
	if (c->next >= b->first + b->count) {
		c->blk++;
		b = &m->blocks[c->blk];
		c->off = 0;
		c->prev_t = 0;
		c->prev_entity = 0;
		c->prev_kind = 0;
	}
	codec.prev_t = c->prev_t;
	codec.prev_entity = c->prev_entity;
	codec.prev_kind = c->prev_kind;
	n = cvz_event_decode(&codec, b->data + c->off, b->len - c->off, ev,
	    &why);
	if (n == 0)
		return -1;
	c->off += n;
	c->prev_t = codec.prev_t;
	c->prev_entity = codec.prev_entity;
	c->prev_kind = codec.prev_kind;
	c->next++;

	p = snap_ent(m, &c->snap, ev->entity);
	if (p != NULL)
		c->before = *p;
	else
		memset(&c->before, 0, sizeof c->before);
	p = snap_ent(m, &c->snap, ev->obj);
	if (p != NULL)
		c->obj_before = *p;
	else
		memset(&c->obj_before, 0, sizeof c->obj_before);
	model_fold(m, &c->snap, ev);
	return 0;
}
