/*
 * narrate.c — one sentence per event (see narrate.h). Names come from the
 * timeline; the vocabulary's labels come from src/trace/event.h.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ui/narrate.h"

static const char *narrate_state_labels[] = {
#define X(n, v, s) [v] = s,
	TRACE_STATES(X)
#undef X
};

static const char *narrate_reason_labels[] = {
#define X(n, v, s) [v] = s,
	TRACE_REASONS(X)
#undef X
};

static const char *narrate_kind_labels[] = {
#define X(n, v, s) [v] = s,
	TRACE_ENTITY_KINDS(X)
#undef X
};

/* A label from a table, or "?". */
static const char *
narrate_label(const char **v, size_t n, unsigned i)
{
	return i < n && v[i] != NULL ? v[i] : "?";
}

#define LABEL(tab, i) narrate_label(tab, sizeof tab / sizeof tab[0], (i))

/* The label of a state, a reason, an entity kind (from event.h's lists). */
const char *
narrate_state_name(unsigned st)
{
	return LABEL(narrate_state_labels, st);
}

const char *
narrate_reason_name(unsigned why)
{
	return LABEL(narrate_reason_labels, why);
}

const char *
narrate_kind_name(unsigned kind)
{
	return LABEL(narrate_kind_labels, kind);
}

/* Format a duration. */
void
narrate_duration(uint64_t ns, char *out, size_t len)
{
	if (ns < 1000)
		snprintf(out, len, "%llu ns", (unsigned long long)ns);
	else if (ns < 1000000)
		snprintf(out, len, "%.1f us", (double)ns / 1e3);
	else if (ns < 1000000000)
		snprintf(out, len, "%.2f ms", (double)ns / 1e6);
	else
		snprintf(out, len, "%.3f s", (double)ns / 1e9);
}

/* The display name of an entity id. */
static const char *
narrate_name(const struct timeline *tl, uint32_t id)
{
	const struct tl_entity *e = timeline_entity(tl, id);

	return e != NULL ? e->name : "(unknown)";
}

/* Append the sentence for one event. */
int
narrate_event(const struct timeline *tl, const struct trace_ev *ev,
    struct buf *b)
{
	const char	*who = narrate_name(tl, ev->entity);
	unsigned	 st, why;
	char		 d[32];
	int		 slen = (int)ev->slen;
	const char	*s = ev->str != NULL ? ev->str : "";

	switch (ev->kind) {
	case TRACE_EV_ENTITY_NEW:
		if (!timeline_is_lane_kind(ev->arg))
			buf_printf(b, "A %s was created: %s.",
			    LABEL(narrate_kind_labels, ev->arg), who);
		else if (ev->obj != 0)
			buf_printf(b, "%s created %s %.*s (New).",
			    narrate_name(tl, ev->obj),
			    ev->arg == TRACE_ENT_THREAD ? "thread" :
			    ev->arg == TRACE_ENT_TASK ? "task" : "process",
			    slen, s);
		else
			buf_printf(b, "%.*s started.", slen, s);
		return 1;
	case TRACE_EV_ENTITY_NAME:
		buf_printf(b, "%s is now called %.*s.", who, slen, s);
		return 1;
	case TRACE_EV_STATE:
		st = ev->arg & 0xff;
		why = ev->arg >> 8;
		buf_printf(b, "%s is %s", who, LABEL(narrate_state_labels, st));
		if (st == TRACE_ST_TERMINATED || st == TRACE_ST_ZOMBIE)
			buf_printf(b, " (exit code %lld)", (long long)ev->val);
		else if (why != TRACE_WHY_NONE) {
			buf_printf(b, ": %s %s",
			    st == TRACE_ST_READY ? "waiting for" :
			    why == TRACE_WHY_SLEEP ? "in" : "waiting on",
			    LABEL(narrate_reason_labels, why));
			if (ev->obj != 0 && why != TRACE_WHY_GIL)
				buf_printf(b, " (%s)", narrate_name(tl, ev->obj));
		}
		if (st == TRACE_ST_TIMED && why == TRACE_WHY_SLEEP && ev->val > 0 &&
		    ev->val > ev->t) {
			narrate_duration(ev->val - ev->t, d, sizeof d);
			buf_printf(b, " for %s", d);
		}
		buf_addc(b, '.');
		return 1;
	case TRACE_EV_GIL_REQUEST:
		buf_printf(b, "%s asks for the GIL.", who);
		return 1;
	case TRACE_EV_GIL_DROP_REQUEST:
		buf_printf(b, "%s waited a switch interval and sets a drop request "
		    "for %s.", who, narrate_name(tl, ev->obj));
		return 1;
	case TRACE_EV_GIL_DROP:
		switch (ev->arg) {
		case TRACE_GIL_FORCED:
			buf_printf(b, "%s saw the drop request at its next check "
			    "and dropped the GIL.", who);
			break;
		case TRACE_GIL_BLOCKING:
			buf_printf(b, "%s released the GIL around a blocking call.",
			    who);
			break;
		case TRACE_GIL_EXIT:
			buf_printf(b, "%s ended and released the GIL.", who);
			break;
		case TRACE_GIL_TICKS:
			buf_printf(b, "%s dropped the GIL after 100 ticks.", who);
			break;
		default:
			buf_printf(b, "%s gave up the GIL.", who);
			break;
		}
		return 1;
	case TRACE_EV_GIL_TAKE:
		narrate_duration(ev->val, d, sizeof d);
		if (ev->obj != 0 && ev->obj != ev->entity)
			buf_printf(b, "%s took the GIL from %s after waiting %s.",
			    who, narrate_name(tl, ev->obj), d);
		else
			buf_printf(b, "%s took the GIL.", who);
		return 1;
	case TRACE_EV_LOCK_ACQUIRE:
		buf_printf(b, "%s acquired %s.", who, narrate_name(tl, ev->obj));
		return 1;
	case TRACE_EV_LOCK_RELEASE:
		buf_printf(b, "%s released %s.", who, narrate_name(tl, ev->obj));
		return 1;
	case TRACE_EV_LOCK_CONTEND:
		buf_printf(b, "%s wants %s, but %s holds it.", who,
		    narrate_name(tl, ev->obj), narrate_name(tl, (uint32_t)ev->val));
		return 1;
	case TRACE_EV_QUEUE_PUT:
		buf_printf(b, "%s put an item into %s (now %llu).", who,
		    narrate_name(tl, ev->obj), (unsigned long long)ev->val);
		return 1;
	case TRACE_EV_QUEUE_GET:
		buf_printf(b, "%s took an item from %s (now %llu).", who,
		    narrate_name(tl, ev->obj), (unsigned long long)ev->val);
		return 1;
	case TRACE_EV_PIPE_SEND:
		buf_printf(b, "%s sent %llu bytes into %s.", who,
		    (unsigned long long)ev->val, narrate_name(tl, ev->obj));
		return 1;
	case TRACE_EV_PIPE_RECV:
		buf_printf(b, "%s received %llu bytes from %s.", who,
		    (unsigned long long)ev->val, narrate_name(tl, ev->obj));
		return 1;
	case TRACE_EV_LOOP_PHASE:
		buf_printf(b, "%s: %s (%llu).", who,
		    ev->arg == TRACE_LOOP_READY ? "runs the ready callbacks" :
		    ev->arg == TRACE_LOOP_TIMERS ? "moves due timers to the ready queue" :
		    "polls for I/O", (unsigned long long)ev->val);
		return 1;
	case TRACE_EV_TASK_STEP:
		buf_printf(b, "%s runs one step of %s.", narrate_name(tl, ev->obj), who);
		return 1;
	case TRACE_EV_LOOP_BLOCKED:
		narrate_duration(ev->val, d, sizeof d);
		buf_printf(b, "Warning: %s blocked %s for %s: no other task could run.",
		    narrate_name(tl, ev->obj), who, d);
		return 1;
	case TRACE_EV_OUTPUT:
		while (slen > 0 && s[slen - 1] == '\n')
			slen--;
		buf_printf(b, "%s printed \"%.*s\".", who, slen > 60 ? 60 : slen, s);
		return 1;
	case TRACE_EV_EXCEPTION:
		buf_printf(b, "%s raised %.*s.", who, slen, s);
		return 1;
	case TRACE_EV_ANNOTATION:
		buf_printf(b, "Note: %.*s", slen, s);
		return 1;
	case TRACE_EV_DEADLOCK:
		buf_printf(b, "Deadlock: %.*s.", slen, s);
		return 1;
	case TRACE_EV_OVERFLOW:
		buf_printf(b, "%llu events were lost (a buffer overflowed).",
		    (unsigned long long)ev->val);
		return 1;
	case TRACE_EV_SETTING:
		if (ev->arg == TRACE_SET_SWITCH_INTERVAL) {
			narrate_duration(ev->val, d, sizeof d);
			buf_printf(b, "The switch interval is %s.", d);
			return 1;
		}
		return 0;
	case TRACE_EV_SYSCALL_FAIL:
		buf_printf(b, "%s: %.*s failed (%s).", who, slen, s,
		    strerror((int)ev->arg));
		return 1;
	default:
		return 0;
	}
}
