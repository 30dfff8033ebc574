/*
 * export-svg.c — the lanes timeline as one SVG picture for slides: a title,
 * one row per process, thread and task (indented under its parent) with
 * bars coloured by lifecycle state, one row per GIL coloured by the thread
 * holding it with a tick at each handoff, a time axis with round tick
 * labels, and a legend. The colours are the TUI's (src/ui/theme.c: running
 * green, ready yellow, blocked red, timed cyan, new grey, zombie magenta).
 *
 * Each pixel column of a row shows the state that filled most of its time
 * (as the TUI's columns do), and runs of equal columns become one bar, so
 * the picture stays small whatever the number of events. Reads the model's
 * intervals only; never prints.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "export/export.h"

#define SVG_ROW		22	/* row pitch, px */
#define SVG_BAR		16	/* bar height, px */
#define SVG_LABEL	200	/* name column, px */
#define SVG_MARGIN	20
#define SVG_TOP		56	/* title and subtitle */

/* State colours (theme.c's roles as RGB). */
static const char *svg_state_fill[TRACE_ST_COUNT] = {
	"#c8c8c8",	/* New: dim white */
	"#2ca02c",	/* Runnable (running): green */
	"#e6b800",	/* Runnable (ready): yellow */
	"#d62728",	/* Blocked/Waiting: red */
	"#17becf",	/* Timed Waiting: cyan */
	"none",		/* Terminated: empty, as in the TUI */
	"#b05cc6"	/* Terminated (zombie): magenta */
};

/* Holder colours for the GIL row, one per thread (cycled). */
static const char *svg_holder_fill[] = {
	"#1f77b4", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
	"#bcbd22", "#17becf", "#2ca02c", "#d62728", "#393b79", "#637939"
};
#define SVG_NHOLDER (sizeof svg_holder_fill / sizeof svg_holder_fill[0])

/* The picture being drawn. */
struct svg {
	const struct model	*m;
	struct buf		 b;
	uint64_t		 t0, t1;	/* range shown */
	double			 x0, x1;	/* plot area, px */
	int			 cols;		/* pixel columns */
	int			*col_val;	/* per column: state or holder */
	uint64_t		*acc;		/* per value: ns in the column */
	size_t			 nacc;
};

/* The x of time t. */
static double
svg_x(const struct svg *s, uint64_t t)
{
	double span = (double)(s->t1 - s->t0);

	if (t <= s->t0 || span <= 0)
		return s->x0;
	if (t >= s->t1)
		return s->x1;
	return s->x0 + (s->x1 - s->x0) * ((double)(t - s->t0) / span);
}

/* The time at the left edge of column c. */
static uint64_t
svg_t(const struct svg *s, int c)
{
	return s->t0 + (uint64_t)((double)(s->t1 - s->t0) * c / s->cols);
}

/*
 * Fill col_val with, for each column, the value (from value_of) that filled
 * most of its time, or -1 if nothing did.
 */
static void
svg_columns(struct svg *s, const struct model_interval *iv, size_t n,
    int (*value_of)(const struct model_interval *, void *), void *arg)
{
	size_t i = 0, j, best;
	uint64_t a, b, lo, hi, e;
	int c, v;

	for (c = 0; c < s->cols; c++) {
		a = svg_t(s, c);
		b = c + 1 == s->cols ? s->t1 + 1 : svg_t(s, c + 1);
		if (b <= a)
			b = a + 1;
		memset(s->acc, 0, s->nacc * sizeof *s->acc);
		while (i < n && (iv[i].t1 == MODEL_T_NEVER ? s->t1 + 1 :
		    iv[i].t1) <= a)
			i++;
		for (j = i; j < n && iv[j].t0 < b; j++) {
			e = iv[j].t1 == MODEL_T_NEVER ? s->t1 + 1 : iv[j].t1;
			lo = iv[j].t0 > a ? iv[j].t0 : a;
			hi = e < b ? e : b;
			if (hi <= lo)
				continue;
			v = value_of(&iv[j], arg);
			if (v >= 0 && (size_t)v < s->nacc)
				s->acc[v] += hi - lo;
		}
		best = 0;
		for (j = 1; j < s->nacc; j++)
			if (s->acc[j] > s->acc[best])
				best = j;
		s->col_val[c] = s->acc[best] != 0 ? (int)best : -1;
	}
}

/* A lane's value: its state (Terminated counts as nothing). */
static int
svg_state_of(const struct model_interval *iv, void *arg)
{
	(void)arg;
	return iv->state == TRACE_ST_TERMINATED ? -1 : iv->state;
}

/* A GIL's value: the holder's colour slot + 1 (0 when free). */
static int
svg_holder_of(const struct model_interval *iv, void *arg)
{
	const struct model *m = arg;
	size_t i;

	if (iv->obj == 0)
		return -1;
	if ((i = model_entity_index(m, iv->obj)) == MODEL_NONE)
		return -1;
	return (int)(i % SVG_NHOLDER);
}

/* Draw the runs of equal columns of one row as bars. */
static void
svg_bars(struct svg *s, double y, const char **fill, int (*slot_of)(int))
{
	int c = 0, d, v;
	double w = (s->x1 - s->x0) / s->cols, xa, xb;

	while (c < s->cols) {
		v = s->col_val[c];
		for (d = c + 1; d < s->cols && s->col_val[d] == v; d++)
			;
		if (v >= 0 && strcmp(fill[slot_of(v)], "none") != 0) {
			xa = s->x0 + w * c;
			xb = d == s->cols ? s->x1 : s->x0 + w * d;
			buf_printf(&s->b, "<rect class=\"bar\" x=\"%.2f\" y=\"%.1f\" "
			    "width=\"%.2f\" height=\"%d\" fill=\"%s\"/>\n", xa, y,
			    xb - xa, SVG_BAR, fill[slot_of(v)]);
		}
		c = d;
	}
}

/* The identity slot. */
static int
svg_same(int v)
{
	return v;
}

/* The row label: the name, indented by nesting. */
static void
svg_label(struct svg *s, double y, int depth, const char *name,
    const char *kind, const char *swatch)
{
	buf_printf(&s->b, "<text class=\"name\" x=\"%d\" y=\"%.1f\">",
	    SVG_MARGIN + 12 * depth + (swatch != NULL ? 14 : 0), y + 12.5);
	export_xml_str(&s->b, name, strlen(name));
	buf_adds(&s->b, "<title>");
	export_xml_str(&s->b, kind, strlen(kind));
	buf_adds(&s->b, "</title></text>\n");
	if (swatch != NULL)
		buf_printf(&s->b, "<rect x=\"%d\" y=\"%.1f\" width=\"9\" "
		    "height=\"9\" fill=\"%s\"/>\n", SVG_MARGIN + 12 * depth,
		    y + 4, swatch);
}

/* How deep an entity sits under other lanes. */
static int
svg_depth(const struct model *m, const struct model_entity *e)
{
	int d = 0, hops;

	for (hops = 0; hops < 16 && e->parent != 0; hops++) {
		if ((e = model_entity(m, e->parent)) == NULL)
			break;
		if (export_is_lane(e->kind))
			d++;
	}
	return d > 6 ? 6 : d;
}

/* A round step for about n ticks over span ns (1, 2, 5 times 10^k). */
static uint64_t
svg_step(uint64_t span, int n)
{
	uint64_t step = 1;

	for (;;) {
		if (span / step <= (uint64_t)n)
			return step;
		if (span / (step * 2) <= (uint64_t)n)
			return step * 2;
		if (span / (step * 5) <= (uint64_t)n)
			return step * 5;
		step *= 10;
	}
}

/* A tick label in the unit the step calls for. */
static void
svg_tick_label(struct buf *b, uint64_t t, uint64_t step)
{
	if (step >= 1000000000)
		buf_printf(b, "%g s", (double)t / 1e9);
	else if (step >= 1000000)
		buf_printf(b, "%g ms", (double)t / 1e6);
	else if (step >= 1000)
		buf_printf(b, "%g \xc2\xb5s", (double)t / 1e3);
	else
		buf_printf(b, "%" PRIu64 " ns", t);
}

/* The axis under the rows, with ticks relative to the first event. */
static void
svg_axis(struct svg *s, double y, uint64_t base)
{
	uint64_t span = s->t1 - s->t0, step, t, rel0;
	double x;

	buf_printf(&s->b, "<g class=\"axis\">\n<line x1=\"%.2f\" y1=\"%.1f\" "
	    "x2=\"%.2f\" y2=\"%.1f\" stroke=\"#333\"/>\n", s->x0, y, s->x1, y);
	if (span == 0)
		span = 1;
	step = svg_step(span, (int)((s->x1 - s->x0) / 110) + 1);
	rel0 = s->t0 - base;
	for (t = (rel0 + step - 1) / step * step; t <= rel0 + span; t += step) {
		x = svg_x(s, base + t);
		buf_printf(&s->b, "<line class=\"tick\" x1=\"%.2f\" y1=\"%.1f\" "
		    "x2=\"%.2f\" y2=\"%.1f\" stroke=\"#333\"/>\n"
		    "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%.1f\" "
		    "stroke=\"#ddd\" stroke-width=\"0.5\"/>\n"
		    "<text class=\"tick\" x=\"%.2f\" y=\"%.1f\" "
		    "text-anchor=\"middle\">", x, y, x, y + 5, x, SVG_TOP, x, y,
		    x, y + 18);
		svg_tick_label(&s->b, t, step);
		buf_adds(&s->b, "</text>\n");
		if (t + step < t)
			break;
	}
	buf_adds(&s->b, "</g>\n");
}

/* The legend: the states, then a free GIL. */
static void
svg_legend(struct svg *s, double y)
{
	static const int order[] = { TRACE_ST_NEW, TRACE_ST_RUNNING,
	    TRACE_ST_READY, TRACE_ST_BLOCKED, TRACE_ST_TIMED,
	    TRACE_ST_TERMINATED, TRACE_ST_ZOMBIE };
	double x = SVG_MARGIN;
	size_t i;
	const char *name;

	buf_adds(&s->b, "<g class=\"legend\">\n");
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		name = trace_state_name(order[i]);
		buf_printf(&s->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" "
		    "height=\"12\" fill=\"%s\" stroke=\"#666\" "
		    "stroke-width=\"0.5\"/>\n<text x=\"%.1f\" y=\"%.1f\">",
		    x, y, strcmp(svg_state_fill[order[i]], "none") == 0 ?
		    "#ffffff" : svg_state_fill[order[i]], x + 16, y + 10.5);
		export_xml_str(&s->b, name, strlen(name));
		buf_adds(&s->b, "</text>\n");
		x += 24 + 7.2 * (double)strlen(name);
	}
	buf_adds(&s->b, "</g>\n");
}

/* Write the picture. */
int
export_svg(const struct model *m, const struct export_opts *o, FILE *out,
    char **cause)
{
	struct svg s;
	const struct model_entity *e;
	const struct model_interval *iv;
	const char *title = o != NULL && o->title != NULL ? o->title : NULL;
	size_t i, n, ne = model_entity_count(m), k, nrows = 0;
	uint64_t base, zend, last_t;
	double y, width = o != NULL && o->width > 0 ? o->width : 1200, h, x;
	uint32_t prev;
	int rc;

	memset(&s, 0, sizeof s);
	s.m = m;
	model_time_range(m, &base, &zend);
	if (export_range(m, o, &s.t0, &s.t1) != 0) {
		*cause = xstrdup("--from is after the end of the recording");
		return -1;
	}
	if (s.t1 == s.t0)
		s.t1 = s.t0 + 1;
	s.x0 = SVG_LABEL;
	s.x1 = width - SVG_MARGIN;
	s.cols = (int)(s.x1 - s.x0);
	s.col_val = xcalloc((size_t)s.cols, sizeof *s.col_val);
	s.nacc = TRACE_ST_COUNT > SVG_NHOLDER ? TRACE_ST_COUNT : SVG_NHOLDER;
	s.acc = xcalloc(s.nacc, sizeof *s.acc);

	for (i = 0; i < ne; i++) {
		e = model_entity_at(m, i);
		if (export_is_lane(e->kind) || e->kind == TRACE_ENT_GIL)
			nrows++;
	}
	h = SVG_TOP + SVG_ROW * (double)nrows + 70;
	buf_init(&s.b);
	buf_printf(&s.b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
	    "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
	    "font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" "
	    "font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" "
	    "fill=\"#ffffff\"/>\n<text class=\"title\" x=\"%d\" y=\"24\" "
	    "font-size=\"17\" font-weight=\"bold\">", width, h, width, h,
	    SVG_MARGIN);
	if (title != NULL)
		export_xml_str(&s.b, title, strlen(title));
	else {
		buf_adds(&s.b, "concviz \xe2\x80\x94 ");
		export_xml_str(&s.b, export_program(m),
		    strlen(export_program(m)));
	}
	buf_printf(&s.b, "</text>\n<text x=\"%d\" y=\"42\" fill=\"#555\">"
	    "%" PRIu64 " events; from %.3f ms to %.3f ms</text>\n",
	    SVG_MARGIN, model_event_count(m), (double)(s.t0 - base) / 1e6,
	    (double)(s.t1 - base) / 1e6);
	buf_printf(&s.b, "<g class=\"plot\" data-x0=\"%.2f\" data-x1=\"%.2f\">\n",
	    s.x0, s.x1);

	y = SVG_TOP;
	for (i = 0; i < ne; i++) {
		e = model_entity_at(m, i);
		if (!export_is_lane(e->kind) && e->kind != TRACE_ENT_GIL)
			continue;
		buf_printf(&s.b, "<g class=\"%s\" data-entity=\"%" PRIu32 "\">\n",
		    e->kind == TRACE_ENT_GIL ? "gil" : "lane", e->id);
		iv = model_intervals(m, e->id, &n);
		if (e->kind == TRACE_ENT_GIL) {
			svg_label(&s, y, 0, e->name, "GIL: coloured by holder",
			    NULL);
			svg_columns(&s, iv, n, svg_holder_of, (void *)m);
			svg_bars(&s, y + (SVG_ROW - SVG_BAR) / 2.0,
			    svg_holder_fill, svg_same);
			/* A tick at each handoff (one per pixel at most). */
			prev = 0;
			last_t = 0;
			x = -1;
			for (k = 0; k < n; k++) {
				if (iv[k].obj == 0)
					continue;
				if (prev != 0 && iv[k].obj != prev &&
				    iv[k].t0 >= s.t0 && iv[k].t0 <= s.t1 &&
				    svg_x(&s, iv[k].t0) - x >= 1) {
					x = svg_x(&s, iv[k].t0);
					buf_printf(&s.b, "<line class=\"handoff\" "
					    "x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" "
					    "y2=\"%.1f\" stroke=\"#000\" "
					    "stroke-width=\"1\"/>\n", x, y, x,
					    y + SVG_ROW);
				}
				prev = iv[k].obj;
				last_t = iv[k].t0;
			}
			(void)last_t;
		} else {
			svg_label(&s, y, svg_depth(m, e), e->name,
			    trace_entity_kind_name(e->kind),
			    e->kind == TRACE_ENT_THREAD ?
			    svg_holder_fill[i % SVG_NHOLDER] : NULL);
			svg_columns(&s, iv, n, svg_state_of, NULL);
			svg_bars(&s, y + (SVG_ROW - SVG_BAR) / 2.0,
			    svg_state_fill, svg_same);
		}
		buf_adds(&s.b, "</g>\n");
		y += SVG_ROW;
		if (export_flush(&s.b, out, 1u << 16, cause) != 0) {
			rc = -1;
			goto done;
		}
	}
	buf_adds(&s.b, "</g>\n");
	svg_axis(&s, y + 4, base);
	svg_legend(&s, y + 36);
	buf_adds(&s.b, "</svg>\n");
	rc = export_flush(&s.b, out, 0, cause);
done:
	buf_fini(&s.b);
	free(s.col_val);
	free(s.acc);
	return rc;
}
