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

/*
 * Who started whom: processes, threads and tasks as a tree under their
 * parents (pool workers under the process that forked them). A file's
 * parent links are untrusted: a cycle ends the walk, an unknown parent
 * makes a root.
 */
static void
summary_tree(const struct model *m, struct buf *b)
{
	const struct model_entity *e;
	size_t n = model_entity_count(m), i, p, top, *parent, *first, *next;
	size_t *stack, *depth, c, d, j, k;
	unsigned char *seen;

	parent = xcalloc(n + 1, sizeof *parent);
	first = xcalloc(n + 1, sizeof *first);
	next = xcalloc(n + 1, sizeof *next);
	stack = xcalloc(n + 1, sizeof *stack);
	depth = xcalloc(n + 1, sizeof *depth);
	seen = xcalloc(n + 1, 1);
	for (i = 0; i < n; i++)
		first[i] = next[i] = MODEL_NONE;
	for (i = 0; i < n; i++) {
		e = model_entity_at(m, i);
		parent[i] = MODEL_NONE;
		if (!has_lifecycle(e->kind) || e->parent == 0)
			continue;
		p = model_entity_index(m, e->parent);
		if (p != MODEL_NONE && p != i && p < n &&
		    has_lifecycle(model_entity_at(m, p)->kind))
			parent[i] = p;
	}
	/* Children in table order: link them back to front. */
	for (i = n; i-- > 0;) {
		if (parent[i] == MODEL_NONE)
			continue;
		next[i] = first[parent[i]];
		first[parent[i]] = i;
	}
	buf_adds(b, "\nProcesses and threads (by parent):\n");
	for (i = 0; i < n; i++) {
		e = model_entity_at(m, i);
		if (!has_lifecycle(e->kind) || parent[i] != MODEL_NONE)
			continue;
		top = 0;
		stack[top] = i;
		depth[top++] = 0;
		while (top > 0) {
			top--;
			p = stack[top];
			if (seen[p])
				continue;
			seen[p] = 1;
			e = model_entity_at(m, p);
			buf_printf(b, "  %*s%s (%s)\n", (int)(2 * (depth[top] > 20 ?
			    20 : depth[top])), "", e->name,
			    trace_entity_kind_name(e->kind));
			/*
			 * Push the children, the first on top. Each entity has
			 * one parent, so at most n are ever pushed.
			 */
			d = depth[top] + 1;
			k = 0;
			for (c = first[p]; c != MODEL_NONE; c = next[c])
				k++;
			j = k;
			for (c = first[p]; c != MODEL_NONE; c = next[c]) {
				j--;
				stack[top + j] = c;
				depth[top + j] = d;
			}
			top += k;
		}
	}
	free(parent);
	free(first);
	free(next);
	free(stack);
	free(depth);
	free(seen);
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
	summary_tree(m, &b);
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
