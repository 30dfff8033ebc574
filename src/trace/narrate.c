/*
 * narrate.c — the narration: what one event means, in one sentence, using
 * the state around it (how long a thread waited, who held the GIL). Owns no
 * state; must not print.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "trace/narrate.h"

/* Append a duration in a readable unit. */
void
narrate_duration(struct buf *out, uint64_t ns)
{
	if (ns < 1000)
		buf_printf(out, "%" PRIu64 " ns", ns);
	else if (ns < 1000000)
		buf_printf(out, "%.1f us", (double)ns / 1e3);
	else if (ns < 1000000000)
		buf_printf(out, "%.1f ms", (double)ns / 1e6);
	else
		buf_printf(out, "%.3f s", (double)ns / 1e9);
}

/* Seconds since the origin (the trace start, else the first event). */
void
narrate_time(const struct model *m, uint64_t t, struct buf *out)
{
	uint64_t o = model_meta(m)->t_origin, first;

	model_time_range(m, &first, NULL);
	if (o == 0 || o > first)
		o = first;
	buf_printf(out, "%.6f", t >= o ? (double)(t - o) / 1e9 : 0.0);
}

/* Append a string payload on one line, control characters escaped. */
static void
add_text(struct buf *out, const char *s, size_t len)
{
	size_t i;
	unsigned char ch;

	while (len > 0 && s[len - 1] == '\n')
		len--;
	for (i = 0; i < len; i++) {
		ch = (unsigned char)s[i];
		if (ch == '\n')
			buf_adds(out, "\\n");
		else if (ch == '\t')
			buf_adds(out, "\\t");
		else if (ch < 0x20 || ch == 0x7f)
			buf_printf(out, "\\x%02x", ch);
		else
			buf_addc(out, (char)ch);
	}
}

/* Name of an entity. */
static const char *
nm(const struct model *m, uint32_t id)
{
	return model_entity_name(m, id);
}

/* "Blocked/Waiting on a lock (Lock-1)" and friends. */
static void
add_state(const struct model *m, struct buf *out, unsigned st, unsigned why,
    uint32_t obj, uint64_t val, uint64_t t)
{
	buf_adds(out, trace_state_name(st));
	if (why != 0)
		buf_printf(out, " on %s", trace_reason_name(why));
	if (obj != 0)
		buf_printf(out, " (%s)", nm(m, obj));
	if (st == TRACE_ST_TIMED && val > t) {
		buf_adds(out, " for ");
		narrate_duration(out, val - t);
	}
	if (st == TRACE_ST_TERMINATED || st == TRACE_ST_ZOMBIE)
		buf_printf(out, ", exit code %" PRId64, (int64_t)val);
}

/* The sentence of a GIL_DROP. */
static void
add_drop(const struct model *m, struct buf *out, const struct trace_ev *ev)
{
	const char *who = nm(m, ev->entity);

	switch (ev->arg) {
	case TRACE_GIL_FORCED:
		buf_printf(out, "%s dropped the GIL at its next check (forced)",
		    who);
		break;
	case TRACE_GIL_BLOCKING:
		buf_printf(out, "%s released the GIL around a blocking call",
		    who);
		break;
	case TRACE_GIL_EXIT:
		buf_printf(out, "%s released the GIL as it ended", who);
		break;
	case TRACE_GIL_TICKS:
		buf_printf(out, "%s dropped the GIL after 100 ticks (legacy)",
		    who);
		break;
	case TRACE_GIL_YIELD:
		buf_printf(out, "%s yielded the GIL", who);
		break;
	default:
		buf_printf(out, "%s dropped the GIL", who);
		break;
	}
}

/* The sentence of a SETTING. */
static void
add_setting(struct buf *out, const struct trace_ev *ev)
{
	static const char *modes[] = { "modern", "legacy", "none" };

	switch (ev->arg) {
	case TRACE_SET_SWITCH_INTERVAL:
		buf_adds(out, "The switch interval is ");
		narrate_duration(out, ev->val);
		break;
	case TRACE_SET_GIL_MODE:
		buf_printf(out, "The GIL mode is %s",
		    ev->val < 3 ? modes[ev->val] : "unknown");
		break;
	case TRACE_SET_BREAKER:
		buf_printf(out, "Eval-breaker checks are %s",
		    ev->val ? "per instruction" : "at jumps and calls");
		break;
	default:
		buf_printf(out, "Setting %u is %" PRIu64, ev->arg, ev->val);
		break;
	}
}

/* Append the sentence for ev. */
void
narrate_event(const struct model *m, const struct model_cursor *c,
    const struct trace_ev *ev, struct buf *out)
{
	const struct model_estate *b = &c->before;
	const char *who = nm(m, ev->entity);
	const struct model_entity *e;

	switch (ev->kind) {
	case TRACE_EV_ENTITY_NEW:
		buf_printf(out, "%s (%s) was created", who,
		    trace_entity_kind_name(ev->arg));
		if (ev->obj != 0)
			buf_printf(out, " by %s", nm(m, ev->obj));
		break;
	case TRACE_EV_ENTITY_NAME:
		buf_printf(out, "Entity #%" PRIu32 " is named ", ev->entity);
		add_text(out, ev->str, ev->slen);
		break;
	case TRACE_EV_STATE:
		buf_printf(out, "%s went from ", who);
		add_state(m, out, b->state, b->reason, b->obj, b->val, ev->t);
		buf_adds(out, " to ");
		add_state(m, out, ev->arg & 0xff, ev->arg >> 8, ev->obj,
		    ev->val, ev->t);
		break;
	case TRACE_EV_GIL_REQUEST:
		buf_printf(out, "%s asked for the GIL", who);
		if (c->obj_before.holder != 0 &&
		    c->obj_before.holder != ev->entity)
			buf_printf(out, ", held by %s",
			    nm(m, c->obj_before.holder));
		break;
	case TRACE_EV_GIL_DROP_REQUEST:
		buf_printf(out, "%s waited ", who);
		narrate_duration(out, b->gil_wait != 0 &&
		    ev->t >= b->gil_wait_since ? ev->t - b->gil_wait_since : 0);
		buf_adds(out, " for the GIL and set a drop request");
		if (ev->obj != 0)
			buf_printf(out, " for %s", nm(m, ev->obj));
		break;
	case TRACE_EV_GIL_DROP:
		add_drop(m, out, ev);
		break;
	case TRACE_EV_GIL_TAKE:
		if (ev->obj != 0 && ev->obj != ev->entity)
			buf_printf(out, "%s took the GIL from %s", who,
			    nm(m, ev->obj));
		else
			buf_printf(out, "%s took the GIL", who);
		if (ev->val != 0) {
			buf_adds(out, " after waiting ");
			narrate_duration(out, ev->val);
		}
		break;
	case TRACE_EV_LOCK_ACQUIRE:
		buf_printf(out, "%s acquired %s", who, nm(m, ev->obj));
		if (ev->val > 1)
			buf_printf(out, " (depth %" PRIu64 ")", ev->val);
		break;
	case TRACE_EV_LOCK_RELEASE:
		buf_printf(out, "%s released %s", who, nm(m, ev->obj));
		if (ev->val > 0)
			buf_printf(out, " (still held, depth %" PRIu64 ")",
			    ev->val);
		break;
	case TRACE_EV_LOCK_CONTEND:
		buf_printf(out, "%s found %s held", who, nm(m, ev->obj));
		if (ev->val != 0)
			buf_printf(out, " by %s", nm(m, (uint32_t)ev->val));
		break;
	case TRACE_EV_QUEUE_PUT:
		buf_printf(out, "%s put an item on %s (size %" PRIu64 ")",
		    who, nm(m, ev->obj), ev->val);
		break;
	case TRACE_EV_QUEUE_GET:
		buf_printf(out, "%s got an item from %s (size %" PRIu64 ")",
		    who, nm(m, ev->obj), ev->val);
		break;
	case TRACE_EV_PIPE_SEND:
		buf_printf(out, "%s sent %" PRIu64 " bytes on %s", who,
		    ev->val, nm(m, ev->obj));
		break;
	case TRACE_EV_PIPE_RECV:
		buf_printf(out, "%s received %" PRIu64 " bytes from %s", who,
		    ev->val, nm(m, ev->obj));
		break;
	case TRACE_EV_LOOP_PHASE:
		if (ev->arg == TRACE_LOOP_POLL) {
			buf_printf(out, "%s polled for I/O (timeout ", who);
			narrate_duration(out, ev->val);
			buf_adds(out, ")");
		} else if (ev->arg == TRACE_LOOP_READY)
			buf_printf(out, "%s ran %" PRIu64 " ready callback%s",
			    who, ev->val, ev->val == 1 ? "" : "s");
		else if (ev->arg == TRACE_LOOP_TIMERS)
			buf_printf(out, "%s checked its timers (%" PRIu64
			    " due)", who, ev->val);
		else
			buf_printf(out, "%s entered phase %u", who, ev->arg);
		break;
	case TRACE_EV_TASK_STEP:
		buf_printf(out, "%s ran a step", who);
		if (ev->obj != 0)
			buf_printf(out, " on %s", nm(m, ev->obj));
		break;
	case TRACE_EV_LOOP_BLOCKED:
		buf_printf(out, "%s was blocked for ", who);
		narrate_duration(out, ev->val);
		if (ev->obj != 0)
			buf_printf(out, " by a step of %s", nm(m, ev->obj));
		break;
	case TRACE_EV_OUTPUT:
		buf_printf(out, "%s printed%s: ", who,
		    ev->arg == 2 ? " to stderr" : "");
		add_text(out, ev->str, ev->slen);
		break;
	case TRACE_EV_LINE:
		buf_printf(out, "%s is at line %" PRIu64, who, ev->val);
		break;
	case TRACE_EV_EXCEPTION:
		buf_printf(out, "%s raised ", who);
		add_text(out, ev->str, ev->slen);
		break;
	case TRACE_EV_ANNOTATION:
		buf_adds(out, "Note: ");
		add_text(out, ev->str, ev->slen);
		break;
	case TRACE_EV_DEADLOCK:
		buf_adds(out, "Deadlock: ");
		add_text(out, ev->str, ev->slen);
		break;
	case TRACE_EV_OVERFLOW:
		e = model_entity(m, ev->entity);
		buf_printf(out, "%s's buffer overflowed: %" PRIu64
		    " event%s lost", e != NULL ? who : "A thread", ev->val,
		    ev->val == 1 ? " was" : "s were");
		break;
	case TRACE_EV_SETTING:
		add_setting(out, ev);
		break;
	case TRACE_EV_SYSCALL_FAIL:
		buf_printf(out, "%s: ", who);
		add_text(out, ev->str, ev->slen);
		buf_printf(out, " failed (%s)", strerror(ev->arg));
		break;
	default:
		buf_printf(out, "%s: event of kind %u", who, ev->kind);
		break;
	}
}
