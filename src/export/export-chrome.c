/*
 * export-chrome.c — the run as Trace Event Format JSON (the object form),
 * which Perfetto and chrome://tracing open: one process (pid) per process
 * entity, one track (tid) per thread or task and per GIL or lock, lifecycle
 * states as complete slices ("X") named by state and reason, who holds each
 * GIL or lock as slices on its track, GIL handoffs as flow arrows from the
 * dropping thread to the taking one, instant events for output, drop
 * requests, contended locks, ends of threads (with the exit code),
 * exceptions, deadlocks, annotations and overflow, and a counter
 * of GIL waiters. Times are microseconds since the first event (with the
 * nanoseconds as a fraction).
 *
 * Reads the model only: intervals for the slices, one walk over the events
 * for the rest. Never prints; errors come back through *cause.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "export/export.h"

#define CHROME_FLUSH	(1u << 16)	/* write out every 64 KiB */

/* The state of one export. */
struct chrome {
	const struct model	*m;
	struct buf		 b;
	FILE			*out;
	char			**cause;
	int			 error;
	uint64_t		 base;		/* time 0 (first event) */
	uint64_t		 t0, t1;	/* selected range, absolute */
	uint32_t		 nopid;		/* pid for entities in no process */
	uint32_t		 gpid;		/* pid for run-wide events */
	uint32_t		*pid;		/* by entity index */
	uint64_t		*last_drop;	/* by entity index: last GIL_DROP */
	uint32_t		*waiting;	/* by entity index: GIL waited for */
	uint32_t		*waiters;	/* by entity index (GILs): count */
	uint64_t		 flow;		/* flow ids handed out */
	int			 first;		/* no event written yet */
};

/* Short words for the reasons, for slice names ("lock Lock-1"). */
static const char *chrome_reasons[] = {
	"", "GIL", "lock", "join", "event", "condition", "semaphore",
	"barrier", "queue", "pipe", "I/O", "future", "sleep", "event loop",
	"input"
};

/* Append a number in decimal (printf is the bottleneck otherwise). */
static void
chrome_u64(struct buf *b, uint64_t v)
{
	char tmp[24], *p = tmp + sizeof tmp;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* Append ns as microseconds with three decimals. */
static void
chrome_us(struct buf *b, uint64_t ns)
{
	char frac[4];

	chrome_u64(b, ns / 1000);
	frac[0] = '.';
	frac[1] = (char)('0' + ns / 100 % 10);
	frac[2] = (char)('0' + ns / 10 % 10);
	frac[3] = (char)('0' + ns % 10);
	buf_add(b, frac, 4);
}

/* A time as microseconds since the base, with three decimals. */
static void
chrome_ts(struct chrome *c, uint64_t t)
{
	chrome_us(&c->b, t > c->base ? t - c->base : 0);
}

/* Start one event object: the separator, then {"ph":..,"pid":..,"tid":.. */
static void
chrome_begin(struct chrome *c, const char *ph, uint32_t pid, uint32_t tid)
{
	buf_adds(&c->b, c->first ? "\n" : ",\n");
	c->first = 0;
	buf_adds(&c->b, "{\"ph\":\"");
	buf_adds(&c->b, ph);
	buf_adds(&c->b, "\",\"pid\":");
	chrome_u64(&c->b, pid);
	buf_adds(&c->b, ",\"tid\":");
	chrome_u64(&c->b, tid);
}

/* End an event object and write out when the buffer is big. */
static void
chrome_end(struct chrome *c)
{
	buf_addc(&c->b, '}');
	if (!c->error && export_flush(&c->b, c->out, CHROME_FLUSH, c->cause) != 0)
		c->error = 1;
}

/* Append ,"name":"..." with s escaped. */
static void
chrome_field(struct chrome *c, const char *key, const char *s, size_t len)
{
	buf_adds(&c->b, ",\"");
	buf_adds(&c->b, key);
	buf_adds(&c->b, "\":");
	export_json_str(&c->b, s, len);
}

/* The pid of an entity: its nearest process ancestor (or itself). */
static uint32_t
chrome_find_pid(const struct model *m, const struct model_entity *e,
    uint32_t nopid)
{
	int hops;

	for (hops = 0; e != NULL && hops < 64; hops++) {
		if (e->kind == TRACE_ENT_PROCESS)
			return e->id;
		if (e->parent == 0 || e->parent == e->id)
			break;
		e = model_entity(m, e->parent);
	}
	return nopid;
}

/* The pid of an entity id (nopid for unknown ids). */
static uint32_t
chrome_pid_of(struct chrome *c, uint32_t id)
{
	size_t i = model_entity_index(c->m, id);

	return i == MODEL_NONE ? c->nopid : c->pid[i];
}

/* Metadata: process and thread names and their order. */
static void
chrome_names(struct chrome *c)
{
	const struct model_entity *e;
	size_t i, n = model_entity_count(c->m);
	const char *prog = export_program(c->m);
	int any_orphan = 0;

	for (i = 0; i < n; i++) {
		e = model_entity_at(c->m, i);
		if (e->kind == TRACE_ENT_PROCESS) {
			chrome_begin(c, "M", e->id, e->id);
			buf_adds(&c->b, ",\"name\":\"process_name\",\"args\":{");
			buf_adds(&c->b, "\"name\":");
			export_json_str(&c->b, e->name, strlen(e->name));
			buf_adds(&c->b, "}");
			chrome_end(c);
			chrome_begin(c, "M", e->id, e->id);
			buf_printf(&c->b, ",\"name\":\"process_sort_index\","
			    "\"args\":{\"sort_index\":%zu}", i);
			chrome_end(c);
		} else if (c->pid[i] == c->nopid)
			any_orphan = 1;
		if (!export_is_lane(e->kind) && e->kind != TRACE_ENT_GIL &&
		    e->kind != TRACE_ENT_LOCK && e->kind != TRACE_ENT_RLOCK)
			continue;
		chrome_begin(c, "M", c->pid[i], e->id);
		buf_adds(&c->b, ",\"name\":\"thread_name\",\"args\":{\"name\":");
		if (e->kind == TRACE_ENT_PROCESS) {
			struct buf nb;

			buf_init(&nb);
			buf_printf(&nb, "%s (process)", e->name);
			export_json_str(&c->b, nb.data, nb.len);
			buf_fini(&nb);
		} else
			export_json_str(&c->b, e->name, strlen(e->name));
		buf_adds(&c->b, "}");
		chrome_end(c);
		chrome_begin(c, "M", c->pid[i], e->id);
		buf_printf(&c->b, ",\"name\":\"thread_sort_index\","
		    "\"args\":{\"sort_index\":%zu}", i);
		chrome_end(c);
	}
	if (any_orphan || c->gpid == c->nopid) {
		chrome_begin(c, "M", c->nopid, c->nopid);
		buf_adds(&c->b, ",\"name\":\"process_name\",\"args\":{\"name\":");
		export_json_str(&c->b, prog, strlen(prog));
		buf_adds(&c->b, "}");
		chrome_end(c);
	}
}

/* The name of a lifecycle slice: "Blocked/Waiting: lock Lock-1". */
static void
chrome_state_name(struct chrome *c, const struct model_interval *iv,
    struct buf *nb)
{
	buf_clear(nb);
	buf_adds(nb, trace_state_name(iv->state));
	if (iv->reason != 0 && iv->reason < sizeof chrome_reasons /
	    sizeof chrome_reasons[0]) {
		buf_adds(nb, ": ");
		buf_adds(nb, chrome_reasons[iv->reason]);
		if (iv->obj != 0 && iv->reason != TRACE_WHY_GIL) {
			buf_addc(nb, ' ');
			buf_adds(nb, model_entity_name(c->m, iv->obj));
		}
	}
}

/* One complete slice [a, b] on a track, clipped to the range. */
static int
chrome_clip(struct chrome *c, const struct model_interval *iv, uint64_t *a,
    uint64_t *b)
{
	*a = iv->t0;
	*b = iv->t1 == MODEL_T_NEVER ? c->t1 : iv->t1;
	if (*b < c->t0 || *a > c->t1)
		return -1;
	if (*a < c->t0)
		*a = c->t0;
	if (*b > c->t1)
		*b = c->t1;
	return 0;
}

/* The lifecycle slices of a thread, process or task. */
static void
chrome_lane(struct chrome *c, size_t idx, struct buf *nb)
{
	const struct model_entity *e = model_entity_at(c->m, idx);
	const struct model_interval *iv;
	size_t i, n;
	uint64_t a, b;

	iv = model_intervals(c->m, e->id, &n);
	for (i = 0; i < n && !c->error; i++) {
		/* The open Terminated stretch is not a slice but an instant:
		   the moment it ended, with its exit code. */
		if (iv[i].state == TRACE_ST_TERMINATED &&
		    iv[i].t1 == MODEL_T_NEVER) {
			if (iv[i].t0 < c->t0 || iv[i].t0 > c->t1)
				continue;
			chrome_begin(c, "i", c->pid[idx], e->id);
			buf_adds(&c->b, ",\"name\":\"Terminated\",\"cat\":\"state\","
			    "\"s\":\"t\",\"ts\":");
			chrome_ts(c, iv[i].t0);
			buf_printf(&c->b, ",\"args\":{\"exit_code\":%" PRId64 "}",
			    (int64_t)iv[i].val);
			chrome_end(c);
			continue;
		}
		if (chrome_clip(c, &iv[i], &a, &b) != 0)
			continue;
		chrome_state_name(c, &iv[i], nb);
		chrome_begin(c, "X", c->pid[idx], e->id);
		chrome_field(c, "name", nb->data, nb->len);
		buf_adds(&c->b, ",\"cat\":\"state\",\"ts\":");
		chrome_ts(c, a);
		buf_adds(&c->b, ",\"dur\":");
		chrome_us(&c->b, b - a);
		buf_adds(&c->b, ",\"args\":{\"state\":");
		export_json_str(&c->b, trace_state_name(iv[i].state),
		    strlen(trace_state_name(iv[i].state)));
		if (iv[i].reason != 0) {
			buf_adds(&c->b, ",\"reason\":");
			export_json_str(&c->b, trace_reason_name(iv[i].reason),
			    strlen(trace_reason_name(iv[i].reason)));
		}
		if (iv[i].obj != 0) {
			const char *on = model_entity_name(c->m, iv[i].obj);

			buf_adds(&c->b, ",\"object\":");
			export_json_str(&c->b, on, strlen(on));
		}
		if (iv[i].state == TRACE_ST_TIMED && iv[i].val != 0) {
			buf_adds(&c->b, ",\"deadline_us\":");
			chrome_ts(c, iv[i].val);
		}
		if (iv[i].state == TRACE_ST_TERMINATED ||
		    iv[i].state == TRACE_ST_ZOMBIE)
			buf_printf(&c->b, ",\"exit_code\":%" PRId64,
			    (int64_t)iv[i].val);
		buf_adds(&c->b, "}");
		chrome_end(c);
	}
}

/* Who holds a GIL or a lock: one slice per holding stretch. */
static void
chrome_holder(struct chrome *c, size_t idx, struct buf *nb)
{
	const struct model_entity *e = model_entity_at(c->m, idx);
	const struct model_interval *iv;
	size_t i, n;
	uint64_t a, b;

	iv = model_intervals(c->m, e->id, &n);
	for (i = 0; i < n && !c->error; i++) {
		if (iv[i].obj == 0)
			continue;
		if (chrome_clip(c, &iv[i], &a, &b) != 0)
			continue;
		buf_clear(nb);
		buf_adds(nb, "held by ");
		buf_adds(nb, model_entity_name(c->m, iv[i].obj));
		chrome_begin(c, "X", c->pid[idx], e->id);
		chrome_field(c, "name", nb->data, nb->len);
		buf_adds(&c->b, ",\"cat\":");
		buf_adds(&c->b, e->kind == TRACE_ENT_GIL ? "\"gil\"" : "\"lock\"");
		buf_adds(&c->b, ",\"ts\":");
		chrome_ts(c, a);
		buf_adds(&c->b, ",\"dur\":");
		chrome_us(&c->b, b - a);
		buf_adds(&c->b, ",\"args\":{\"holder\":");
		export_json_str(&c->b, model_entity_name(c->m, iv[i].obj),
		    strlen(model_entity_name(c->m, iv[i].obj)));
		buf_adds(&c->b, "}");
		chrome_end(c);
	}
}

/* An instant event on a thread's track (or global with scope "g"). */
static void
chrome_instant(struct chrome *c, const struct trace_ev *ev, const char *name,
    int global)
{
	uint32_t pid = ev->entity != 0 ? chrome_pid_of(c, ev->entity) :
	    c->gpid;

	chrome_begin(c, "i", pid, ev->entity != 0 ? ev->entity : pid);
	chrome_field(c, "name", name, strlen(name));
	buf_adds(&c->b, ",\"cat\":\"");
	buf_adds(&c->b, trace_event_kind_name(ev->kind));
	buf_adds(&c->b, global ? "\",\"s\":\"g\",\"ts\":" :
	    "\",\"s\":\"t\",\"ts\":");
	chrome_ts(c, ev->t);
	buf_adds(&c->b, ",\"args\":{");
	switch (ev->kind) {
	case TRACE_EV_OUTPUT:
		buf_adds(&c->b, ev->arg == 2 ? "\"stream\":\"stderr\",\"text\":" :
		    "\"stream\":\"stdout\",\"text\":");
		export_json_str(&c->b, ev->str, ev->slen);
		break;
	case TRACE_EV_GIL_DROP_REQUEST:
		buf_adds(&c->b, "\"holder\":");
		export_json_str(&c->b, model_entity_name(c->m, ev->obj),
		    strlen(model_entity_name(c->m, ev->obj)));
		break;
	case TRACE_EV_OVERFLOW:
		buf_printf(&c->b, "\"lost\":%" PRIu64, ev->val);
		break;
	case TRACE_EV_SYSCALL_FAIL:
		buf_printf(&c->b, "\"errno\":%u,\"call\":", (unsigned)ev->arg);
		export_json_str(&c->b, ev->str, ev->slen);
		break;
	case TRACE_EV_LOOP_BLOCKED:
		buf_printf(&c->b, "\"blocked_ns\":%" PRIu64, ev->val);
		break;
	case TRACE_EV_LOCK_CONTEND:
		buf_adds(&c->b, "\"lock\":");
		export_json_str(&c->b, model_entity_name(c->m, ev->obj),
		    strlen(model_entity_name(c->m, ev->obj)));
		buf_adds(&c->b, ",\"holder\":");
		export_json_str(&c->b, model_entity_name(c->m, (uint32_t)ev->val),
		    strlen(model_entity_name(c->m, (uint32_t)ev->val)));
		break;
	default:
		buf_adds(&c->b, "\"text\":");
		export_json_str(&c->b, ev->str != NULL ? ev->str : "",
		    ev->str != NULL ? ev->slen : 0);
	}
	buf_adds(&c->b, "}");
	chrome_end(c);
}

/* A GIL handoff: a flow from the dropping thread to the taking one. */
static void
chrome_handoff(struct chrome *c, const struct trace_ev *ev)
{
	size_t fi = model_entity_index(c->m, ev->obj), iv;
	uint64_t ts, id;
	const struct model_interval *ivs;
	size_t n;

	if (fi == MODEL_NONE)
		return;
	ts = c->last_drop[fi] != 0 ? c->last_drop[fi] : ev->t;
	if (ts < c->t0)
		return;
	/* Bind the start to the running slice that the drop ends: if the
	   drop's time is also the next slice's start, step back 1 ns. */
	if ((iv = model_interval_find(c->m, ev->obj, ts)) != MODEL_NONE &&
	    iv > 0) {
		ivs = model_intervals(c->m, ev->obj, &n);
		if (ivs[iv].t0 == ts && ts > ivs[iv - 1].t0)
			ts--;
	}
	id = ++c->flow;
	chrome_begin(c, "s", c->pid[fi], ev->obj);
	buf_adds(&c->b, ",\"name\":\"GIL handoff\",\"cat\":\"gil\",\"id\":");
	chrome_u64(&c->b, id);
	buf_adds(&c->b, ",\"ts\":");
	chrome_ts(c, ts);
	chrome_end(c);
	chrome_begin(c, "f", chrome_pid_of(c, ev->entity), ev->entity);
	buf_adds(&c->b, ",\"name\":\"GIL handoff\",\"cat\":\"gil\",\"id\":");
	chrome_u64(&c->b, id);
	buf_adds(&c->b, ",\"ts\":");
	chrome_ts(c, ev->t);
	chrome_end(c);
}

/* A counter of the threads waiting for a GIL. */
static void
chrome_waiters(struct chrome *c, uint32_t gil, uint64_t t)
{
	size_t gi = model_entity_index(c->m, gil);

	if (gi == MODEL_NONE || t < c->t0)
		return;
	chrome_begin(c, "C", c->pid[gi], gil);
	buf_adds(&c->b, ",\"name\":");
	export_json_str(&c->b, model_entity_at(c->m, gi)->name,
	    strlen(model_entity_at(c->m, gi)->name));
	c->b.len--;		/* reopen the string: "GIL waiters" */
	buf_adds(&c->b, " waiters\",\"ts\":");
	chrome_ts(c, t);
	buf_adds(&c->b, ",\"args\":{\"waiting\":");
	chrome_u64(&c->b, c->waiters[gi]);
	buf_adds(&c->b, "}");
	chrome_end(c);
}

/* The events drawn as instants: their label, and whether global. */
static const struct {
	const char	*name;
	int		 global;
} chrome_instants[] = {
	[TRACE_EV_GIL_DROP_REQUEST] = { "drop request", 0 },
	[TRACE_EV_OUTPUT] = { "output", 0 },
	[TRACE_EV_EXCEPTION] = { "exception", 0 },
	[TRACE_EV_DEADLOCK] = { "deadlock", 1 },
	[TRACE_EV_ANNOTATION] = { "annotation", 1 },
	[TRACE_EV_OVERFLOW] = { "overflow: events lost", 1 },
	[TRACE_EV_SYSCALL_FAIL] = { "system call failed", 0 },
	[TRACE_EV_LOOP_BLOCKED] = { "loop blocked", 0 },
	[TRACE_EV_LOCK_CONTEND] = { "lock contended", 0 },
};

/* One event of the walk: flows, instants, counters. */
static int
chrome_event(const struct trace_ev *ev, uint64_t idx, void *arg)
{
	struct chrome *c = arg;
	size_t ei = model_entity_index(c->m, ev->entity), gi;
	uint32_t g;

	(void)idx;
	if (c->error)
		return 1;
	if (ev->t > c->t1)
		return 1;
	switch (ev->kind) {
	case TRACE_EV_GIL_REQUEST:
		if (ei == MODEL_NONE || c->waiting[ei] != 0)
			break;
		if ((gi = model_entity_index(c->m, ev->obj)) == MODEL_NONE)
			break;
		c->waiting[ei] = ev->obj;
		c->waiters[gi]++;
		chrome_waiters(c, ev->obj, ev->t);
		break;
	case TRACE_EV_GIL_DROP:
		if (ei != MODEL_NONE)
			c->last_drop[ei] = ev->t;
		break;
	case TRACE_EV_GIL_TAKE:
		if (ei != MODEL_NONE && (g = c->waiting[ei]) != 0) {
			c->waiting[ei] = 0;
			gi = model_entity_index(c->m, g);
			if (c->waiters[gi] > 0)
				c->waiters[gi]--;
			chrome_waiters(c, g, ev->t);
		}
		if (ev->obj != 0 && ev->obj != ev->entity && ev->t >= c->t0)
			chrome_handoff(c, ev);
		break;
	default:
		if (ev->kind < sizeof chrome_instants / sizeof chrome_instants[0] &&
		    chrome_instants[ev->kind].name != NULL && ev->t >= c->t0)
			chrome_instant(c, ev, chrome_instants[ev->kind].name,
			    chrome_instants[ev->kind].global);
		break;
	}
	return c->error;
}

/* The metadata object. */
static void
chrome_meta(struct chrome *c)
{
	const struct model_meta *meta = model_meta(c->m);
	const struct model_counters *k = model_counters(c->m);

	buf_adds(&c->b, "\n],\n\"displayTimeUnit\":\"ns\",\n\"metadata\":{");
	buf_adds(&c->b, "\"program\":");
	export_json_str(&c->b, export_program(c->m),
	    strlen(export_program(c->m)));
	buf_adds(&c->b, ",\"concviz_version\":");
	export_json_str(&c->b, meta->concviz_version ? meta->concviz_version :
	    "", meta->concviz_version ? strlen(meta->concviz_version) : 0);
	buf_adds(&c->b, ",\"settings\":");
	export_json_str(&c->b, meta->settings ? meta->settings : "",
	    meta->settings ? strlen(meta->settings) : 0);
	buf_printf(&c->b, ",\"events\":%" PRIu64 ",\"gil_handoffs\":%" PRIu64
	    ",\"events_lost\":%" PRIu64 ",\"trace_start_unix_ns\":%" PRIu64
	    ",\"exporter\":\"concviz %s\"}}\n", model_event_count(c->m),
	    k->gil_handoffs, k->overflow_lost, meta->wall_origin,
	    PACKAGE_VERSION);
}

/* Write the trace. */
int
export_chrome(const struct model *m, const struct export_opts *o, FILE *out,
    char **cause)
{
	struct chrome c;
	struct buf nb;
	const struct model_entity *e;
	size_t i, n = model_entity_count(m);
	uint64_t z;
	int rc;

	memset(&c, 0, sizeof c);
	c.m = m;
	c.out = out;
	c.cause = cause;
	c.first = 1;
	model_time_range(m, &c.base, &z);
	if (export_range(m, o, &c.t0, &c.t1) != 0) {
		*cause = xstrdup("--from is after the end of the recording");
		return -1;
	}
	c.pid = xcalloc(n + 1, sizeof *c.pid);
	c.last_drop = xcalloc(n + 1, sizeof *c.last_drop);
	c.waiting = xcalloc(n + 1, sizeof *c.waiting);
	c.waiters = xcalloc(n + 1, sizeof *c.waiters);
	/* Entities in no process share a made-up pid above every id. */
	for (i = 0; i < n; i++) {
		if (model_entity_at(m, i)->id >= c.nopid)
			c.nopid = model_entity_at(m, i)->id + 1;
	}
	if (c.nopid == 0)
		c.nopid = 1;
	c.gpid = c.nopid;
	for (i = 0; i < n; i++) {
		c.pid[i] = chrome_find_pid(m, model_entity_at(m, i), c.nopid);
		/* Run-wide events go to the first process (the root). */
		if (c.gpid == c.nopid &&
		    model_entity_at(m, i)->kind == TRACE_ENT_PROCESS)
			c.gpid = model_entity_at(m, i)->id;
	}

	buf_init(&c.b);
	buf_init(&nb);
	buf_adds(&c.b, "{\"traceEvents\":[");
	chrome_names(&c);
	for (i = 0; i < n && !c.error; i++) {
		e = model_entity_at(m, i);
		if (export_is_lane(e->kind))
			chrome_lane(&c, i, &nb);
		else if (e->kind == TRACE_ENT_GIL || e->kind == TRACE_ENT_LOCK ||
		    e->kind == TRACE_ENT_RLOCK)
			chrome_holder(&c, i, &nb);
	}
	if (!c.error)
		model_events_between(m, c.base, c.t1, chrome_event, &c);
	if (!c.error) {
		chrome_meta(&c);
		rc = export_flush(&c.b, out, 0, cause);
	} else
		rc = -1;
	buf_fini(&nb);
	buf_fini(&c.b);
	free(c.pid);
	free(c.last_drop);
	free(c.waiting);
	free(c.waiters);
	return rc;
}
