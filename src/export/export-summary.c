/*
 * export-summary.c — the summary of a run: the time each thread, process and
 * task spent in each lifecycle state, the GIL's handoffs and their reasons,
 * event counts and overflow. Reads the model's final state only.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "export/export.h"
#include "trace/narrate.h"

/* Whether entities of this kind have a lifecycle worth a row. */
static int
has_lifecycle(unsigned kind)
{
	return kind == TRACE_ENT_PROCESS || kind == TRACE_ENT_THREAD ||
	    kind == TRACE_ENT_TASK;
}

/* Milliseconds with three decimals. */
static void
add_ms(struct buf *b, uint64_t ns)
{
	buf_printf(b, " %11.3f", (double)ns / 1e6);
}

/* The per-entity table of time in each state. */
static void
summary_states(const struct model *m, const struct model_snapshot *s,
    struct buf *b)
{
	static const char *head[TRACE_ST_COUNT] = { "new", "running",
	    "ready", "blocked", "timed", "terminated", "zombie" };
	const struct model_entity *e;
	size_t i, rows = 0;
	unsigned st;

	buf_adds(b, "Time in each state (ms):\n");
	buf_printf(b, "  %-24s %-8s", "entity", "kind");
	for (st = 0; st < TRACE_ST_COUNT; st++)
		buf_printf(b, " %11s", head[st]);
	buf_adds(b, "  final state\n");
	for (i = 0; i < model_entity_count(m); i++) {
		e = model_entity_at(m, i);
		if (!has_lifecycle(e->kind))
			continue;
		rows++;
		buf_printf(b, "  %-24.24s %-8s", e->name,
		    trace_entity_kind_name(e->kind));
		for (st = 0; st < TRACE_ST_COUNT; st++)
			add_ms(b, model_snapshot_time_in(s, i, st));
		buf_printf(b, "  %s", trace_state_name(s->st[i].state));
		if (s->st[i].reason != 0)
			buf_printf(b, " on %s",
			    trace_reason_name(s->st[i].reason));
		if (s->st[i].state == TRACE_ST_TERMINATED ||
		    s->st[i].state == TRACE_ST_ZOMBIE)
			buf_printf(b, " (exit code %" PRId64 ")",
			    (int64_t)s->st[i].val);
		buf_addc(b, '\n');
	}
	if (rows == 0)
		buf_adds(b, "  (no threads, processes or tasks)\n");
}

/* The GIL section. */
static void
summary_gil(const struct model_counters *c, struct buf *b)
{
	static const char *why[8] = { "other", "forced", "blocking", "exit",
	    "ticks", "yield", "other", "other" };
	unsigned i;

	buf_adds(b, "\nGIL:\n");
	buf_printf(b, "  takes %" PRIu64 ", handoffs %" PRIu64
	    ", drop requests %" PRIu64 "\n", c->gil_takes, c->gil_handoffs,
	    c->gil_drop_requests);
	buf_adds(b, "  drops by reason:");
	for (i = 1; i < 6; i++)
		buf_printf(b, " %s %" PRIu64, why[i], c->gil_drops[i]);
	if (c->gil_drops[0] != 0)
		buf_printf(b, " other %" PRIu64, c->gil_drops[0]);
	buf_adds(b, "\n  handoffs by reason:");
	for (i = 1; i < 6; i++)
		buf_printf(b, " %s %" PRIu64, why[i], c->gil_handoffs_by[i]);
	if (c->gil_handoffs_by[0] != 0)
		buf_printf(b, " other %" PRIu64, c->gil_handoffs_by[0]);
	buf_adds(b, "\n  total wait for the GIL: ");
	narrate_duration(b, c->gil_wait_ns);
	if (c->gil_takes != 0) {
		buf_adds(b, " (mean ");
		narrate_duration(b, c->gil_wait_ns / c->gil_takes);
		buf_adds(b, " per take)");
	}
	buf_addc(b, '\n');
}

/* For each GIL: how long each thread held it, from the GIL's lane. */
static void
summary_gil_holders(const struct model *m, struct buf *b)
{
	const struct model_entity *g;
	const struct model_interval *iv;
	uint64_t t_end, total, *held, d;
	uint32_t *who;
	size_t gi, i, j, n, nwho;

	model_time_range(m, NULL, &t_end);
	for (gi = 0; gi < model_entity_count(m); gi++) {
		g = model_entity_at(m, gi);
		if (g->kind != TRACE_ENT_GIL)
			continue;
		iv = model_intervals(m, g->id, &n);
		held = xcalloc(n + 1, sizeof *held);
		who = xcalloc(n + 1, sizeof *who);
		nwho = 0;
		total = t_end > g->t_new ? t_end - g->t_new : 0;
		for (i = 0; i < n; i++) {
			if (iv[i].obj == 0)
				continue;
			d = (iv[i].t1 == MODEL_T_NEVER ? t_end : iv[i].t1) -
			    iv[i].t0;
			for (j = 0; j < nwho && who[j] != iv[i].obj; j++)
				;
			if (j == nwho)
				who[nwho++] = iv[i].obj;
			held[j] += d;
		}
		buf_printf(b, "  %s held by:", g->name);
		if (nwho == 0)
			buf_adds(b, " nobody");
		for (j = 0; j < nwho; j++) {
			buf_printf(b, "%s %s ", j ? "," : "",
			    model_entity_name(m, who[j]));
			narrate_duration(b, held[j]);
			if (total != 0)
				buf_printf(b, " (%.0f%%)",
				    100.0 * (double)held[j] / (double)total);
		}
		buf_addc(b, '\n');
		free(held);
		free(who);
	}
}

/* Write the summary. */
int
export_summary(const struct model *m, const struct export_opts *o,
    FILE *out, char **cause)
{
	const struct model_meta *meta = model_meta(m);
	const struct model_counters *c;
	struct model_snapshot s;
	struct buf b;
	uint64_t t0, t1;
	unsigned k;

	(void)o;		/* the summary is always of the whole run */
	model_snapshot_init(&s);
	model_state_now(m, &s);
	c = &s.c;
	model_time_range(m, &t0, &t1);
	buf_init(&b);
	buf_printf(&b, "Recording of %s (concviz %s)\n",
	    meta->source_name && *meta->source_name ? meta->source_name :
	    "an unnamed program",
	    meta->concviz_version && *meta->concviz_version ?
	    meta->concviz_version : "?");
	if (meta->settings && *meta->settings)
		buf_printf(&b, "Settings: %s\n", meta->settings);
	buf_printf(&b, "Events: %" PRIu64 " over ", model_event_count(m));
	narrate_duration(&b, t1 - t0);
	buf_printf(&b, ", %zu entities\n\n", model_entity_count(m));

	summary_states(m, &s, &b);
	summary_gil(c, &b);
	summary_gil_holders(m, &b);

	buf_adds(&b, "\nOther counts:\n");
	buf_printf(&b, "  lock contentions %" PRIu64 "\n", c->contentions);
	if (c->loop_blocked_ns != 0) {
		buf_adds(&b, "  event loop blocked for ");
		narrate_duration(&b, c->loop_blocked_ns);
		buf_addc(&b, '\n');
	}
	buf_adds(&b, "  events by kind:");
	for (k = 1; k < TRACE_EV_MAX; k++) {
		if (c->by_kind[k] != 0)
			buf_printf(&b, " %s %" PRIu64, trace_event_kind_name(k),
			    c->by_kind[k]);
	}
	buf_addc(&b, '\n');
	if (c->overflow_lost != 0)
		buf_printf(&b, "  OVERFLOW: %" PRIu64 " events were lost (buffers "
		    "full)\n", c->overflow_lost);
	else
		buf_adds(&b, "  overflow: none (no event was lost)\n");
	if (model_late_count(m) != 0)
		buf_printf(&b, "  late events (time adjusted): %" PRIu64 "\n",
		    model_late_count(m));

	model_snapshot_fini(&s);
	if (fwrite(b.data, 1, b.len, out) != b.len || fflush(out) != 0) {
		*cause = xasprintf("write error: %s", strerror(errno));
		buf_fini(&b);
		return -1;
	}
	buf_fini(&b);
	return 0;
}
