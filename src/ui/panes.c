/*
 * panes.c — the panes of the running view, each drawn from the timeline at
 * the playhead and nothing else: lanes (with the GIL rows and the time
 * axis), source with a marker per thread, the five-state diagram, the GIL
 * panel, the event-loop panel, the narration, the output and the details of
 * one entity. Draws into stdscr inside the rectangle it is given.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xmalloc.h"
#include "trace/narrate.h"
#include "ui/ui.h"
#include "ui/words.h"

#define PANES_LABEL_MAX	26

static const struct model_entity **panes_vis;	/* main thread only */
static int		  panes_nvis, panes_capvis;

/* Put a string clipped to w cells (UTF-8 aware enough for our texts). */
void
panes_put(struct ui *ui, int y, int x, int w, const char *s)
{
	int		 cells = 0;
	const char	*p;

	(void)ui;
	if (w <= 0)
		return;
	for (p = s; *p != '\0'; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80) {
			if (cells == w)
				break;
			cells++;
		}
	}
	mvaddnstr(y, x, s, (int)(p - s));
}

/* The visible lanes at the playhead: created by then, matching the filter. */
const struct model_entity **
panes_lanes(struct ui *ui, int *n)
{
	const struct model_entity	*e;
	size_t				 i, ne = model_entity_count(ui->tl.m);

	panes_nvis = 0;
	for (i = 0; i < ne; i++) {
		e = model_entity_at(ui->tl.m, i);
		if (e == NULL || !timeline_is_lane_kind(e->kind) || e->t_new > ui->ph)
			continue;
		if (ui->filter != NULL && strcasestr(e->name, ui->filter) == NULL)
			continue;
		if (panes_nvis == panes_capvis) {
			panes_capvis = panes_capvis ? panes_capvis * 2 : 64;
			panes_vis = xreallocarray(panes_vis, (size_t)panes_capvis,
			    sizeof *panes_vis);
		}
		panes_vis[panes_nvis++] = e;
	}
	*n = panes_nvis;
	if (ui->sel_lane >= panes_nvis)
		ui->sel_lane = panes_nvis > 0 ? panes_nvis - 1 : 0;
	return panes_vis;
}

/* The selected lane's entity, or NULL. */
static const struct model_entity *
panes_selected(struct ui *ui)
{
	int				 n;
	const struct model_entity	**v = panes_lanes(ui, &n);

	return n > 0 ? v[ui->sel_lane] : NULL;
}

/* GIL entities existing at the playhead, in creation order. */
static int
panes_gils(struct ui *ui, const struct model_entity **out, int max)
{
	const struct model_entity	*e;
	size_t				 i, ne = model_entity_count(ui->tl.m);
	int				 n = 0;

	for (i = 0; i < ne && n < max; i++) {
		e = model_entity_at(ui->tl.m, i);
		if (e != NULL && e->kind == TRACE_ENT_GIL && e->t_new <= ui->ph)
			out[n++] = e;
	}
	return n;
}

/* The state of an entity at the playhead (NEW if unknown). */
static int
panes_state(struct ui *ui, uint32_t id)
{
	const struct model_estate *s = timeline_estate(&ui->tl, ui->ph, id);

	return s != NULL ? s->state : TRACE_ST_NEW;
}

/* Geometry shared by the lanes pane and mouse hit-testing. */
struct panes_lgeo {
	int	label_w, tl_x, tl_w, ngil, first_lane_y, nrows;
	uint64_t tstart;
};

/* Work out where the lanes pane puts things. */
static void
panes_lanes_geo(struct ui *ui, struct ui_rect r, struct panes_lgeo *g)
{
	const struct model_entity *gils[4];
	uint64_t span;

	g->label_w = r.w / 4 < PANES_LABEL_MAX ? r.w / 4 : PANES_LABEL_MAX;
	g->tl_x = r.x + 1 + g->label_w + 1;
	g->tl_w = r.x + r.w - 1 - g->tl_x;
	if (g->tl_w < 1)
		g->tl_w = 1;
	g->ngil = panes_gils(ui, gils, 4);
	if (g->ngil > 2)
		g->ngil = 2;
	g->first_lane_y = r.y + 1 + g->ngil;
	g->nrows = r.y + r.h - 2 - g->first_lane_y;	/* last inner row: axis */
	if (g->nrows < 0)
		g->nrows = 0;
	span = (uint64_t)(g->tl_w - 1) * ui->zoom;
	g->tstart = ui->ph > ui->tl.t0 + span ? ui->ph - span : ui->tl.t0;
}

/* Which visible lane a screen row shows, or -1. */
int
panes_lane_at_row(struct ui *ui, int y)
{
	struct panes_lgeo	g;
	int			n, i;

	panes_lanes(ui, &n);
	panes_lanes_geo(ui, ui->r_lanes, &g);
	if (y < g.first_lane_y || y >= g.first_lane_y + g.nrows)
		return -1;
	i = ui->lane_top + (y - g.first_lane_y);
	return i < n ? i : -1;
}

/* The time span [a, b) of column c, cut at the playhead; 0 if past it. */
static int
panes_col_span(struct ui *ui, const struct panes_lgeo *g, int c, uint64_t *a,
    uint64_t *b)
{
	*a = g->tstart + (uint64_t)c * ui->zoom;
	if (*a > ui->ph)
		return 0;
	*b = *a + ui->zoom;
	if (*b > ui->ph + 1)
		*b = ui->ph + 1;
	return 1;
}

/* Draw one lane's timeline cells: each column shows the state that filled
   most of its slice of time, so short runs and short states still show. */
static void
panes_lane_cells(struct ui *ui, const struct model_entity *e, int y,
    const struct panes_lgeo *g)
{
	const struct model_interval	*iv, *end, *cur, *d;
	size_t				 n;
	int				 c, changes;
	uint64_t			 a, b;

	iv = model_intervals(ui->tl.m, e->id, &n);
	end = iv != NULL ? iv + n : NULL;
	cur = iv;
	for (c = 0; c < g->tl_w; c++) {
		if (!panes_col_span(ui, g, c, &a, &b))
			break;
		if (b <= e->t_new)
			continue;
		d = timeline_dominant(&cur, end, a, b, &changes);
		mvadd_wch(y, g->tl_x + c, theme_state_cell(d != NULL ? d->state :
		    TRACE_ST_NEW));
	}
}

/* Draw a GIL row: the lane character of the thread that held it longest
   in each column, underlined where the holder changed. */
static void
panes_gil_cells(struct ui *ui, const struct model_entity *gil, int y,
    const struct panes_lgeo *g)
{
	const struct model_interval	*iv, *end, *cur, *d;
	size_t				 n;
	uint64_t			 a, b;
	uint32_t			 last = 0, holder;
	int				 c, changes;

	iv = model_intervals(ui->tl.m, gil->id, &n);
	end = iv != NULL ? iv + n : NULL;
	cur = iv;
	for (c = 0; c < g->tl_w; c++) {
		if (!panes_col_span(ui, g, c, &a, &b))
			break;
		d = timeline_dominant(&cur, end, a, b, &changes);
		holder = d != NULL && d->state == TRACE_ST_RUNNING ? d->obj : 0;
		if (holder == 0) {
			mvadd_wch(y, g->tl_x + c, theme_free_gil_cell());
			continue;
		}
		/* A handoff (a new holder) is underlined. */
		attron(theme_attr(UI_C_GIL) | ((holder != last && last != 0) ||
		    changes > 1 ? A_UNDERLINE : 0));
		mvaddch(y, g->tl_x + c, (chtype)timeline_lane_char(&ui->tl, holder));
		attroff(theme_attr(UI_C_GIL) | A_UNDERLINE);
		last = holder;
	}
}

/* The legend of the state glyphs, on the lanes pane's bottom border. */
static void
panes_legend(struct ui *ui, struct ui_rect r)
{
	static const char *names[] = { "new", "running", "ready", "blocked",
	    "timed" };
	int i, x, len = 0;

	for (i = 0; i < 5; i++)
		len += (int)strlen(names[i]) + 3;
	len += 13;
	x = r.x + r.w - 2 - len;
	if (x < r.x + 2)
		return;
	for (i = 0; i < 5; i++) {
		attron(theme_attr(theme_state_color(i)));
		mvaddstr(r.y + r.h - 1, x, theme_state_glyph(i));
		attroff(theme_attr(theme_state_color(i)));
		attron(theme_attr(UI_C_BORDER));
		mvaddstr(r.y + r.h - 1, x + 1, names[i]);
		attroff(theme_attr(UI_C_BORDER));
		x += (int)strlen(names[i]) + 3;
	}
	attron(theme_attr(UI_C_BORDER));
	mvaddstr(r.y + r.h - 1, x, " blank ended ");
	attroff(theme_attr(UI_C_BORDER));
}

/* The lanes pane. */
void
panes_lanes_draw(struct ui *ui, struct ui_rect r)
{
	struct panes_lgeo		 g;
	const struct model_entity	**v, *gils[4], *e, *h;
	const struct model_estate	*gs;
	const struct tl_ent		*te;
	char				 title[96], lbl[128], d[32];
	int				 n, i, y, c, st;
	uint64_t			 t;

	v = panes_lanes(ui, &n);
	panes_lanes_geo(ui, r, &g);
	words_duration(ui->zoom, d, sizeof d);
	snprintf(title, sizeof title, "Lanes  %d  (%s per column%s%s)", n, d,
	    ui->filter != NULL ? ", filter: " : "",
	    ui->filter != NULL ? ui->filter : "");
	theme_box(ui, r, title, ui->focus == UI_PANE_LANES);

	/* Keep the selection visible. */
	if (ui->sel_lane < ui->lane_top)
		ui->lane_top = ui->sel_lane;
	if (g.nrows > 0 && ui->sel_lane >= ui->lane_top + g.nrows)
		ui->lane_top = ui->sel_lane - g.nrows + 1;
	if (ui->lane_top > n - g.nrows)
		ui->lane_top = n - g.nrows > 0 ? n - g.nrows : 0;

	panes_gils(ui, gils, 4);
	for (i = 0; i < g.ngil; i++) {
		y = r.y + 1 + i;
		gs = timeline_estate(&ui->tl, ui->ph, gils[i]->id);
		h = gs != NULL && gs->holder ? model_entity(ui->tl.m, gs->holder) :
		    NULL;
		snprintf(lbl, sizeof lbl, "GIL %s %s", ui->utf8 ? "→" : ">",
		    h != NULL ? h->name : "free");
		attron(theme_attr(UI_C_GIL));
		panes_put(ui, y, r.x + 1, g.label_w, lbl);
		attroff(theme_attr(UI_C_GIL));
		panes_gil_cells(ui, gils[i], y, &g);
	}
	if (n == 0 && g.nrows > 0) {
		attron(theme_attr(UI_C_DIM));
		panes_put(ui, g.first_lane_y, r.x + 2, r.w - 4, ui->tl.nevs == 0 ?
		    (ui->run.pid > 0 && !ui->run.alive ?
		    "The program ended without events: see Output." :
		    "No events yet.") : "No thread matches the filter.");
		attroff(theme_attr(UI_C_DIM));
	}
	for (i = 0; i < g.nrows && ui->lane_top + i < n; i++) {
		e = v[ui->lane_top + i];
		te = timeline_ent(&ui->tl, e->id);
		y = g.first_lane_y + i;
		st = panes_state(ui, e->id);
		snprintf(lbl, sizeof lbl, "%c %*s%s", timeline_lane_char(&ui->tl,
		    e->id), te != NULL && te->depth < 2 ? te->depth : 2, "", e->name);
		if (ui->lane_top + i == ui->sel_lane)
			attron(theme_attr(UI_C_SELECT));
		else
			attron(theme_attr(theme_state_color(st)) & ~A_DIM);
		mvhline(y, r.x + 1, ' ', g.label_w);
		panes_put(ui, y, r.x + 1, g.label_w, lbl);
		attroff(theme_attr(UI_C_SELECT) | theme_attr(theme_state_color(st)));
		panes_lane_cells(ui, e, y, &g);
	}
	/* The time axis: a tick every 10 columns, labelled from the start. */
	y = r.y + r.h - 2;
	attron(theme_attr(UI_C_DIM));
	for (c = 0; c < g.tl_w; c += 10) {
		t = g.tstart + (uint64_t)c * ui->zoom - ui->tl.t0;
		words_duration(t, d, sizeof d);
		mvaddch(y, g.tl_x + c, '|');
		if (c + 1 + (int)strlen(d) < g.tl_w)
			panes_put(ui, y, g.tl_x + c + 1, 9, d);
	}
	attroff(theme_attr(UI_C_DIM));
	/* The playhead column. */
	if (ui->tl.nevs > 0) {
		c = (int)((ui->ph - g.tstart) / (ui->zoom ? ui->zoom : 1));
		if (c >= 0 && c < g.tl_w) {
			attron(theme_attr(UI_C_PLAYHEAD));
			if (g.tl_x + c > r.x + 3 + (int)strlen(title))
				mvaddstr(r.y, g.tl_x + c, ui->utf8 ? "▼" : "v");
			mvaddstr(r.y + r.h - 1, g.tl_x + c, ui->utf8 ? "▲" : "^");
			attroff(theme_attr(UI_C_PLAYHEAD));
		}
	}
	panes_legend(ui, r);
}

/* The lane whose line the source pane follows: the selection, else a runner. */
static uint32_t
panes_followed_line(struct ui *ui)
{
	const struct model_entity	*e = panes_selected(ui);
	const struct model_estate	*s;
	size_t				 i, ne = model_entity_count(ui->tl.m);

	if (e != NULL && (s = timeline_estate(&ui->tl, ui->ph, e->id)) != NULL &&
	    s->line != 0)
		return s->line;
	for (i = 0; i < ne; i++) {
		e = model_entity_at(ui->tl.m, i);
		if (e == NULL || !timeline_is_lane_kind(e->kind))
			continue;
		s = timeline_estate(&ui->tl, ui->ph, e->id);
		if (s != NULL && s->state == TRACE_ST_RUNNING && s->line != 0)
			return s->line;
	}
	return 0;
}

/* The source pane: line numbers, a marker per thread on its current line. */
void
panes_source_draw(struct ui *ui, struct ui_rect r)
{
	const struct model_entity	*e;
	const struct model_estate	*s;
	char				 title[128], marks[8], num[16];
	const char			*name, *p;
	int				 inner = r.h - 2, top, i, y, ln, nm, x, col;
	uint32_t			 fl = panes_followed_line(ui);
	size_t				 j, ne = model_entity_count(ui->tl.m);

	name = ui->cur.path != NULL ? strrchr(ui->cur.path, '/') : NULL;
	snprintf(title, sizeof title, "Source  %s", name != NULL ? name + 1 :
	    ui->cur.path != NULL ? ui->cur.path : "");
	theme_box(ui, r, title, ui->focus == UI_PANE_SOURCE);
	if (ui->nsrc == 0) {
		attron(theme_attr(UI_C_DIM));
		panes_put(ui, r.y + 1, r.x + 2, r.w - 4, ui->opt != NULL &&
		    ui->opt->watch_argv != NULL ? "(a program watched from /proc: "
		    "no source to show)" : "(no source text)");
		attroff(theme_attr(UI_C_DIM));
		return;
	}
	if (ui->focus == UI_PANE_SOURCE || fl == 0)
		top = ui->src_top;
	else {
		top = (int)fl - 1 - inner / 3;
		ui->src_top = top < 0 ? 0 : top;
	}
	if (top > ui->nsrc - inner)
		top = ui->nsrc - inner;
	if (top < 0)
		top = 0;
	for (i = 0; i < inner && top + i < ui->nsrc; i++) {
		y = r.y + 1 + i;
		ln = top + i + 1;
		/* Which threads are on this line now. */
		nm = 0;
		for (j = 0; j < ne && nm < 3; j++) {
			e = model_entity_at(ui->tl.m, j);
			if (e == NULL || !timeline_is_lane_kind(e->kind))
				continue;
			s = timeline_estate(&ui->tl, ui->ph, e->id);
			if (s == NULL || s->state == TRACE_ST_TERMINATED ||
			    s->state == TRACE_ST_ZOMBIE)
				continue;
			if (s->line == (uint32_t)ln)
				marks[nm++] = (char)timeline_lane_char(&ui->tl, e->id);
		}
		marks[nm] = '\0';
		if ((uint32_t)ln == fl) {
			attron(theme_attr(UI_C_SELECT));
			mvhline(y, r.x + 1, ' ', r.w - 2);
		}
		attron(theme_attr(UI_C_MARK));
		mvaddstr(y, r.x + 1, marks);
		if (nm > 0)
			mvaddstr(y, r.x + 4, ui->utf8 ? "▶" : ">");
		attroff(theme_attr(UI_C_MARK));
		snprintf(num, sizeof num, "%3d ", ln);
		attron(theme_attr(UI_C_DIM));
		mvaddstr(y, r.x + 5, num);
		attroff(theme_attr(UI_C_DIM));
		/* The text, tabs expanded, clipped. */
		x = r.x + 9;
		col = 0;
		for (p = ui->src[top + i]; *p != '\0' && x + col < r.x + r.w - 1; p++) {
			if (*p == '\t') {
				do
					col++;
				while (col % 8 != 0 && x + col < r.x + r.w - 1);
				continue;
			}
			if ((unsigned char)*p < 0x20)
				continue;
			mvaddnstr(y, x + col, p, 1);
			if (((unsigned char)p[1] & 0xc0) != 0x80)
				col++;
		}
		if ((uint32_t)ln == fl)
			attroff(theme_attr(UI_C_SELECT));
	}
}

/* Counts per state at the playhead, over the lanes. */
static void
panes_counts(struct ui *ui, int *cnt)
{
	const struct model_entity	*e;
	const struct model_estate	*s;
	size_t				 i, ne = model_entity_count(ui->tl.m);

	memset(cnt, 0, TRACE_ST_COUNT * sizeof *cnt);
	for (i = 0; i < ne; i++) {
		e = model_entity_at(ui->tl.m, i);
		if (e == NULL || !timeline_is_lane_kind(e->kind))
			continue;
		if ((s = timeline_estate(&ui->tl, ui->ph, e->id)) == NULL)
			continue;
		if (s->state < TRACE_ST_COUNT)
			cnt[s->state]++;
	}
}

/* Map a state to one of the five boxes (running/ready share Runnable). */
static int
panes_box_of(int st)
{
	switch (st) {
	case TRACE_ST_NEW:	return 0;
	case TRACE_ST_RUNNING:
	case TRACE_ST_READY:	return 1;
	case TRACE_ST_BLOCKED:	return 2;
	case TRACE_ST_TIMED:	return 3;
	default:		return 4;
	}
}

/* One state box: its name on the border, its count (and more) inside,
   reversed while a transition touches it. */
static void
panes_state_box(struct ui *ui, int y, int x, int w, const char *label,
    const char *count, int color, int flash)
{
	struct ui_rect	b = { y, x, 3, w };
	int		len = (int)strlen(count);

	theme_box(ui, b, NULL, flash);
	attron(theme_attr((enum ui_color)color) | A_BOLD);
	panes_put(ui, y, x + 1, w - 2, label);
	attroff(theme_attr((enum ui_color)color) | A_BOLD);
	attron(theme_attr((enum ui_color)color) | (flash ? A_REVERSE : 0));
	mvhline(y + 1, x + 1, ' ', w - 2);
	panes_put(ui, y + 1, x + (w - len) / 2 > x + 1 ? x + (w - len) / 2 : x + 1,
	    w - 2, count);
	attroff(theme_attr((enum ui_color)color) | A_REVERSE);
}

/* The five-state diagram with live counts and the last transition. */
void
panes_states_draw(struct ui *ui, struct ui_rect r)
{
	static const char *labels[] = { "New", "Runnable", "Blocked/Waiting",
	    "Timed Waiting", "Terminated" };
	static const int colors[] = { UI_C_NEW, UI_C_RUNNING, UI_C_BLOCKED,
	    UI_C_TIMED, UI_C_TERMINATED };
	const struct tl_change		*ch = NULL;
	const struct model_entity	*e;
	int				 cnt[TRACE_ST_COUNT], box[5], i;
	int				 flash[5] = { 0 }, recent, y, x, wn, wr, wt, wb;
	char				 title[128], num[48];
	const char			*arrow = ui->utf8 ? "→" : ">";
	uint64_t			 window;
	size_t				 k;

	panes_counts(ui, cnt);
	box[0] = cnt[TRACE_ST_NEW];
	box[1] = cnt[TRACE_ST_RUNNING] + cnt[TRACE_ST_READY];
	box[2] = cnt[TRACE_ST_BLOCKED];
	box[3] = cnt[TRACE_ST_TIMED];
	box[4] = cnt[TRACE_ST_TERMINATED] + cnt[TRACE_ST_ZOMBIE];
	if ((k = timeline_changes_upto(&ui->tl, ui->ph)) > 0)
		ch = &ui->tl.ch[k - 1];
	/* A transition flashes for a quarter second of wall time, or stays lit
	   while paused so that stepping shows each one. */
	window = (uint64_t)(0.25 * ui->speed * 1e9);
	recent = ch != NULL && (ui->paused || ui->ph - ch->t <= window);
	if (recent) {
		flash[panes_box_of(ch->from)] = 1;
		flash[panes_box_of(ch->to)] = 1;
	}
	if (ch != NULL && (e = model_entity(ui->tl.m, ch->entity)) != NULL)
		snprintf(title, sizeof title, " %s: %s %s %s ", e->name,
		    words_state_name(ch->from), arrow, words_state_name(ch->to));
	else
		snprintf(title, sizeof title, " ");
	theme_box(ui, r, "States", 0);
	attron(recent ? theme_attr(UI_C_MARK) : theme_attr(UI_C_DIM));
	panes_put(ui, r.y, r.x + 10, r.w - 12, title);
	attroff(theme_attr(UI_C_MARK) | theme_attr(UI_C_DIM));

	if (r.h >= 10 && r.w >= 48) {
		/* New -> Runnable -> Terminated; Blocked and Timed below. */
		wn = 7;
		wt = 12;
		wr = r.w - 2 - wn - wt - 6;
		y = r.y + 1;
		x = r.x + 1;
		snprintf(num, sizeof num, "%d", box[0]);
		panes_state_box(ui, y, x, wn, labels[0], num, colors[0], flash[0]);
		mvaddstr(y + 1, x + wn + 1, arrow);
		snprintf(num, sizeof num, "%d: %d running, %d ready", box[1],
		    cnt[TRACE_ST_RUNNING], cnt[TRACE_ST_READY]);
		panes_state_box(ui, y, x + wn + 3, wr, labels[1], num, colors[1],
		    flash[1]);
		mvaddstr(y + 1, x + wn + 4 + wr, arrow);
		snprintf(num, sizeof num, "%d", box[4]);
		panes_state_box(ui, y, x + wn + 6 + wr, wt, labels[4], num,
		    colors[4], flash[4]);
		attron(theme_attr(UI_C_DIM));
		mvaddstr(y + 3, x + wn + 3 + wr / 4, ui->utf8 ? "↓↑" : "v^");
		mvaddstr(y + 3, x + wn + 3 + 3 * wr / 4, ui->utf8 ? "↓↑" : "v^");
		attroff(theme_attr(UI_C_DIM));
		wb = (r.w - 2 - 3) / 2;
		snprintf(num, sizeof num, "%d", box[2]);
		panes_state_box(ui, y + 4, x, wb, labels[2], num, colors[2],
		    flash[2]);
		snprintf(num, sizeof num, "%d", box[3]);
		panes_state_box(ui, y + 4, x + wb + 3, wb, labels[3], num,
		    colors[3], flash[3]);
		return;
	}
	/* Compact: one row per state. */
	for (i = 0; i < 5 && i < r.h - 2; i++) {
		static const int glyph[] = { TRACE_ST_NEW, TRACE_ST_RUNNING,
		    TRACE_ST_BLOCKED, TRACE_ST_TIMED, TRACE_ST_TERMINATED };

		y = r.y + 1 + i;
		attron(theme_attr((enum ui_color)colors[i]) |
		    (flash[i] ? A_REVERSE : 0));
		mvhline(y, r.x + 1, ' ', r.w - 2);
		mvaddstr(y, r.x + 2, theme_state_glyph(glyph[i]));
		mvaddstr(y, r.x + 4, labels[i]);
		snprintf(num, sizeof num, "%3d", box[i]);
		mvaddstr(y, r.x + 20, num);
		if (i == 1) {
			snprintf(title, sizeof title, "  %d running, %d ready",
			    cnt[TRACE_ST_RUNNING], cnt[TRACE_ST_READY]);
			panes_put(ui, y, r.x + 23, r.w - 25, title);
		}
		attroff(theme_attr((enum ui_color)colors[i]) | A_REVERSE);
	}
}

/* The GIL of the selected thread's process, else the first GIL. */
static const struct model_entity *
panes_gil_of_selection(struct ui *ui, int *ngil)
{
	const struct model_entity	*gils[4], *sel;
	const struct model_estate	*s;
	int				 n = panes_gils(ui, gils, 4);

	*ngil = n;
	sel = panes_selected(ui);
	if (sel != NULL && (s = timeline_estate(&ui->tl, ui->ph, sel->id)) != NULL) {
		if (s->gil != 0)
			return model_entity(ui->tl.m, s->gil);
		if (s->gil_wait != 0)
			return model_entity(ui->tl.m, s->gil_wait);
	}
	return n > 0 ? gils[0] : NULL;
}

/* The GIL panel: holder, waiters, switch interval, handoffs, forced drops. */
void
panes_gil_draw(struct ui *ui, struct ui_rect r)
{
	const struct model_entity	*g, *h;
	const struct model_estate	*gs;
	const struct model_snapshot	*snap;
	struct buf			 w;
	char				 line[256], d[32];
	uint32_t			 waiters[16];
	size_t				 nw, i;
	uint64_t			 interval;
	int				 n, y = r.y + 1;
	unsigned long long		 handoffs, forced, requests;
	const char			*mode;
	const struct model_meta		*meta;
	static const char		*watched[] = {
		"A watched program's GIL is not",
		"visible from /proc: the lanes show",
		"its threads' kernel states.",
	};

	meta = model_meta(ui->tl.m);
	if (meta->settings != NULL && strncmp(meta->settings, "watch", 5) == 0) {
		/* concviz watch/attach: kernel states only. */
		theme_box(ui, r, "GIL", 0);
		attron(theme_attr(UI_C_DIM));
		for (i = 0; i < 3 && y < r.y + r.h - 1; i++)
			panes_put(ui, y++, r.x + 2, r.w - 4, watched[i]);
		attroff(theme_attr(UI_C_DIM));
		return;
	}
	g = panes_gil_of_selection(ui, &n);
	snap = timeline_snap(&ui->tl, ui->ph);
	switch (snap->c.settings[TRACE_SET_GIL_MODE]) {
	case 1:
		mode = "legacy: a drop every 100 ticks";
		break;
	case 2:
		mode = "none: free-threaded";
		break;
	default:
		mode = "modern";
		break;
	}
	snprintf(line, sizeof line, "GIL (%s)%s", mode,
	    n > 1 ? " of the selected thread's process" : "");
	theme_box(ui, r, line, 0);
	if (g == NULL) {
		attron(theme_attr(UI_C_DIM));
		panes_put(ui, y, r.x + 2, r.w - 4, "No GIL events yet.");
		attroff(theme_attr(UI_C_DIM));
		return;
	}
	gs = model_snapshot_get(ui->tl.m, snap, g->id);
	h = gs != NULL && gs->holder ? model_entity(ui->tl.m, gs->holder) : NULL;
	nw = model_gil_waiters(ui->tl.m, snap, g->id, waiters, 16);
	buf_init(&w);
	for (i = 0; i < nw && i < 16; i++)
		buf_printf(&w, "%s%s", i ? ", " : "",
		    model_entity_name(ui->tl.m, waiters[i]));
	if (nw > 16)
		buf_printf(&w, " and %zu more", nw - 16);
	interval = snap->c.settings[TRACE_SET_SWITCH_INTERVAL];
	words_duration(interval != 0 ? interval : 5000000, d, sizeof d);
	handoffs = (unsigned long long)snap->c.gil_handoffs;
	forced = (unsigned long long)snap->c.gil_drops[TRACE_GIL_FORCED];
	requests = (unsigned long long)snap->c.gil_drop_requests;
	if (r.h - 2 >= 5) {
		snprintf(line, sizeof line, "holder    %s", h != NULL ? h->name : "nobody");
		attron(theme_attr(UI_C_GIL));
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
		attroff(theme_attr(UI_C_GIL));
		snprintf(line, sizeof line, "waiting   %s", nw ? w.data : "nobody");
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
		if (snap->c.settings[TRACE_SET_GIL_MODE] == 1)
			snprintf(line, sizeof line, "released and retaken every "
			    "100 ticks");
		else if (snap->c.settings[TRACE_SET_GIL_MODE] == 2)
			snprintf(line, sizeof line, "no GIL: threads run at once");
		else
			snprintf(line, sizeof line, "switch interval  %s", d);
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
		snprintf(line, sizeof line, "handoffs  %llu   forced drops  %llu",
		    handoffs, forced);
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
		snprintf(line, sizeof line, "drop requests  %llu", requests);
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
	} else if (r.h - 2 == 1) {
		snprintf(line, sizeof line, "%s  %llu handoffs, %llu forced, %s waiting",
		    h != NULL ? h->name : "free", handoffs, forced,
		    nw ? w.data : "nobody");
		attron(theme_attr(UI_C_GIL));
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
		attroff(theme_attr(UI_C_GIL));
	} else {
		snprintf(line, sizeof line, "holder %s  waiting %s",
		    h != NULL ? h->name : "nobody", nw ? w.data : "nobody");
		attron(theme_attr(UI_C_GIL));
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
		attroff(theme_attr(UI_C_GIL));
		snprintf(line, sizeof line, "%s interval  %llu handoffs  %llu forced",
		    d, handoffs, forced);
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
	}
	buf_fini(&w);
}

/* The event-loop panel: phase, running task, ready tasks, blocking warnings. */
void
panes_loop_draw(struct ui *ui, struct ui_rect r)
{
	const struct model_entity	*e, *loop = NULL, *running = NULL;
	const struct model_estate	*s, *ls = NULL;
	const struct trace_ev		*blocked = NULL;
	size_t				 i, ne = model_entity_count(ui->tl.m);
	int				 ready = 0, waiting = 0, y = r.y + 1;
	char				 line[256], d[32];

	theme_box(ui, r, "Event loop", 0);
	for (i = 0; i < ne; i++) {
		e = model_entity_at(ui->tl.m, i);
		if (e == NULL || e->t_new > ui->ph)
			continue;
		s = timeline_estate(&ui->tl, ui->ph, e->id);
		if (e->kind == TRACE_ENT_LOOP && loop == NULL) {
			loop = e;
			ls = s;
		}
		if (e->kind != TRACE_ENT_TASK || s == NULL)
			continue;
		if (s->state == TRACE_ST_RUNNING)
			running = e;
		else if (s->state == TRACE_ST_READY)
			ready++;
		else if (s->state == TRACE_ST_BLOCKED || s->state == TRACE_ST_TIMED)
			waiting++;
	}
	for (i = ui->tl.nblocked; i > 0; i--)
		if (ui->tl.blocked[i - 1].t <= ui->ph) {
			blocked = &ui->tl.blocked[i - 1];
			break;
		}
	if (ls != NULL && ls->holder != 0 && running == NULL &&
	    panes_state(ui, ls->holder) == TRACE_ST_RUNNING)
		running = model_entity(ui->tl.m, ls->holder);
	snprintf(line, sizeof line, "phase     %s", ls == NULL ? "-" :
	    ls->count == TRACE_LOOP_READY ? "run the ready callbacks" :
	    ls->count == TRACE_LOOP_TIMERS ? "move due timers to ready" :
	    ls->count == TRACE_LOOP_POLL ? "poll for I/O" : "-");
	panes_put(ui, y++, r.x + 2, r.w - 4, line);
	snprintf(line, sizeof line, "running   %s", running ? running->name : "-");
	panes_put(ui, y++, r.x + 2, r.w - 4, line);
	snprintf(line, sizeof line, "ready %d   waiting (timers, I/O, futures) %d",
	    ready, waiting);
	panes_put(ui, y++, r.x + 2, r.w - 4, line);
	/* The timers: tasks in a timed wait, with what is left of it. */
	if (y < r.y + r.h - 1 - (blocked != NULL ? 1 : 0)) {
		struct buf tb;

		buf_init(&tb);
		for (i = 0; i < ne; i++) {
			e = model_entity_at(ui->tl.m, i);
			if (e == NULL || e->kind != TRACE_ENT_TASK || e->t_new > ui->ph)
				continue;
			s = timeline_estate(&ui->tl, ui->ph, e->id);
			if (s == NULL || s->state != TRACE_ST_TIMED)
				continue;
			if (s->val > ui->ph) {
				words_duration(s->val - ui->ph, d, sizeof d);
				buf_printf(&tb, "%s%s in %s", tb.len ? ", " : "",
				    e->name, d);
			} else
				buf_printf(&tb, "%s%s", tb.len ? ", " : "", e->name);
		}
		if (tb.len > 0) {
			snprintf(line, sizeof line, "timers    %s", tb.data);
			panes_put(ui, y++, r.x + 2, r.w - 4, line);
		}
		buf_fini(&tb);
	}
	if (blocked != NULL && y < r.y + r.h - 1) {
		words_duration(blocked->val, d, sizeof d);
		snprintf(line, sizeof line, "! %s blocked the loop for %s",
		    model_entity_name(ui->tl.m, blocked->obj), d);
		attron(theme_attr(UI_C_WARN));
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
		attroff(theme_attr(UI_C_WARN));
	}
}

/* One line of the narration. */
struct panes_said {
	uint64_t	 t;
	int		 kind;
	char		*text;
};

/* Whether an event gets a sentence in the pane (line changes do not). */
static int
panes_narrated(const struct trace_ev *ev)
{
	return ev->kind != TRACE_EV_LINE && ev->kind != TRACE_EV_ANNOTATION;
}

/* The narration: the latest sentences up to the playhead, newest last. */
void
panes_narration_draw(struct ui *ui, struct ui_rect r)
{
	struct model_cursor	 c;
	struct trace_ev		 ev;
	struct panes_said	*said;
	struct buf		 b;
	char			 d[32];
	int			 inner = r.h - 2, want, got = 0, y, k, cap;
	uint64_t		 end, start, back;
	size_t			 ni, nlo, told;

	theme_box(ui, r, ui->narr_back ? "Narration (scrolled back)" :
	    "Narration", ui->focus == UI_PANE_NARRATION);
	want = inner + ui->narr_back;
	if (want > 400)
		want = 400;
	cap = want + 1;
	said = xcalloc((size_t)cap, sizeof *said);
	buf_init(&b);

	/* Walk the events just before the playhead with a model cursor, from
	   the want-th last event worth a sentence (but never more than a
	   bounded number of events per frame). */
	end = model_index_at(ui->tl.m, ui->ph + 1);
	told = timeline_told_below(&ui->tl, end);
	start = told > (size_t)want ? ui->tl.told[told - (size_t)want] :
	    told > 0 ? ui->tl.told[0] : end;
	back = 50000;
	if (end > back && start < end - back)
		start = end - back;
	if (end > 0) {
		if (start > 0 && model_event(ui->tl.m, start, &ev) == 0 && ev.t > 0)
			model_cursor_init(&c, ui->tl.m, ev.t - 1);
		else
			model_cursor_begin(&c, ui->tl.m);
		while (model_cursor_next(&c, &ev) == 0 && ev.t <= ui->ph) {
			if (!panes_narrated(&ev))
				continue;
			buf_clear(&b);
			narrate_event(ui->tl.m, &c, &ev, &b);
			/* A ring of the newest want sentences. */
			k = got % cap;
			free(said[k].text);
			said[k].t = ev.t;
			said[k].kind = ev.kind;
			said[k].text = xstrdup(b.data != NULL ? b.data : "");
			got++;
		}
		model_cursor_fini(&c);
	}
	/* Order the ring oldest first into a list, then merge the notes. */
	{
		int			 n = got < cap ? got : cap, m = 0, j;
		struct panes_said	*list;

		nlo = timeline_changes_upto(&ui->tl, 0);	/* keep the API warm */
		(void)nlo;
		for (ni = 0; ni < ui->tl.nnotes && ui->tl.notes[ni].t <= ui->ph; ni++)
			;
		list = xcalloc((size_t)n + ni + 1, sizeof *list);
		for (j = 0; j < n; j++)
			list[m++] = said[(got - n + j) % cap];
		/* Notes within (or after the start of) what we show. */
		for (size_t q = 0; q < ni; q++) {
			struct panes_said s = { ui->tl.notes[q].t, TRACE_EV_ANNOTATION,
			    ui->tl.notes[q].text };
			if (m > 0 && s.t < list[0].t && n == cap)
				continue;
			k = m;
			while (k > 0 && list[k - 1].t > s.t) {
				list[k] = list[k - 1];
				k--;
			}
			list[k] = s;
			m++;
		}
		if (m == 0) {
			attron(theme_attr(UI_C_DIM));
			panes_put(ui, r.y + 1, r.x + 2, r.w - 4, ui->tl.nevs == 0 ?
			    "Nothing has happened yet." : "Nothing to tell yet.");
			attroff(theme_attr(UI_C_DIM));
		}
		for (y = 0; y < inner; y++) {
			int idx = m - ui->narr_back - inner + y;

			if (idx < 0 || idx >= m)
				continue;
			words_duration(list[idx].t - ui->tl.t0, d, sizeof d);
			attron(theme_attr(UI_C_DIM));
			mvprintw(r.y + 1 + y, r.x + 1, "%10s ", d);
			attroff(theme_attr(UI_C_DIM));
			if (list[idx].kind == TRACE_EV_ANNOTATION) {
				attron(theme_attr(UI_C_MARK));
				panes_put(ui, r.y + 1 + y, r.x + 12, 7, "Note: ");
				panes_put(ui, r.y + 1 + y, r.x + 18, r.w - 19,
				    list[idx].text);
				attroff(theme_attr(UI_C_MARK));
				continue;
			}
			if (list[idx].kind == TRACE_EV_DEADLOCK ||
			    list[idx].kind == TRACE_EV_LOOP_BLOCKED ||
			    list[idx].kind == TRACE_EV_EXCEPTION)
				attron(theme_attr(UI_C_WARN));
			else if (idx == m - 1)
				attron(A_BOLD);
			panes_put(ui, r.y + 1 + y, r.x + 12, r.w - 13, list[idx].text);
			attroff(theme_attr(UI_C_WARN) | A_BOLD);
		}
		free(list);
	}
	for (k = 0; k < cap; k++)
		free(said[k].text);
	free(said);
	buf_fini(&b);
}

/* The program's output up to the playhead, newest last. */
void
panes_output_draw(struct ui *ui, struct ui_rect r)
{
	struct buf	 b;
	size_t		 i, upto = timeline_out_upto(&ui->tl, ui->ph), from;
	int		 inner = r.h - 2, y, wrap = r.w - 4;
	const char	*p, *end, *q;
	char		 title[96];
	int		 nstart = 0, k;
	const char	**start;

	buf_init(&b);
	/* Enough of the newest output for the pane (64 KiB at most). */
	for (from = upto; from > 0 && b.len < 65536; from--)
		b.len += ui->tl.out[from - 1].len;
	buf_clear(&b);
	for (i = from; i < upto; i++)
		buf_add(&b, ui->tl.outbuf.data + ui->tl.out[i].off,
		    ui->tl.out[i].len);
	if (ui->tl.nout == 0 && ui->run.captured.len > 0)
		buf_add(&b, ui->run.captured.data, ui->run.captured.len);
	else if (ui->run.captured_err.len > 0 && !ui->run.alive &&
	    ui->ph >= ui->tl.t_end) {
		/* What the program wrote to stderr outside the events (a
		   traceback), once the playhead has reached the end. */
		if (b.len > 0 && b.data[b.len - 1] != '\n')
			buf_addc(&b, '\n');
		buf_add(&b, ui->run.captured_err.data, ui->run.captured_err.len);
	}
	if (!ui->run.alive && ui->run.pid > 0 && ui->tl.nevs == 0) {
		if (b.len > 0 && b.data[b.len - 1] != '\n')
			buf_addc(&b, '\n');
		if (WIFEXITED(ui->run.status))
			buf_printf(&b, "[the program exited with status %d]\n",
			    WEXITSTATUS(ui->run.status));
		else if (WIFSIGNALED(ui->run.status))
			buf_printf(&b, "[the program was killed by signal %d]\n",
			    WTERMSIG(ui->run.status));
	}
	if (ui->load_error != NULL)
		buf_printf(&b, "%s\n", ui->load_error);
	snprintf(title, sizeof title, "Output%s", ui->out_back ? " (scrolled back)" :
	    "");
	theme_box(ui, r, title, ui->focus == UI_PANE_OUTPUT);
	if (b.len == 0 || wrap < 4) {
		buf_fini(&b);
		return;
	}
	/* Break into screen lines (wrapping long ones). */
	start = xcalloc(b.len + 1, sizeof *start);
	p = b.data;
	end = b.data + b.len;
	if (end > p && end[-1] == '\n')
		end--;
	while (p <= end) {
		q = memchr(p, '\n', (size_t)(end - p));
		if (q == NULL)
			q = end;
		do {
			start[nstart++] = p;
			p += (q - p) > wrap ? wrap : (q - p);
		} while (p < q);
		p = q + 1;
	}
	start[nstart] = end + 1;
	for (y = 0; y < inner; y++) {
		char *line;
		size_t len;

		k = nstart - ui->out_back - inner + y;
		if (k < 0 || k >= nstart)
			continue;
		len = (size_t)(start[k + 1] - start[k]);
		if (len > (size_t)wrap)
			len = (size_t)wrap;
		line = xstrndup(start[k], len);
		for (char *c = line; *c != '\0'; c++)
			if ((unsigned char)*c < 0x20)
				*c = ' ';
		panes_put(ui, r.y + 1 + y, r.x + 2, r.w - 4, line);
		free(line);
	}
	free(start);
	buf_fini(&b);
}

/* The details of the selected entity: state, reason, waiting on, times. */
void
panes_details_draw(struct ui *ui)
{
	const struct model_entity	*e = panes_selected(ui), *p, *o;
	const struct model_estate	*s;
	const struct model_snapshot	*snap;
	uint64_t			 per[TRACE_ST_COUNT], total = 0;
	struct ui_rect			 r;
	char				 line[256], d[32];
	int				 i, y, bar, bw, st;

	r.w = ui->cols < 70 ? ui->cols - 4 : 66;
	r.h = 18;
	r.y = (ui->rows - r.h) / 2;
	r.x = (ui->cols - r.w) / 2;
	for (i = 0; i < r.h; i++)
		mvhline(r.y + i, r.x, ' ', r.w);
	if (e == NULL) {
		theme_box(ui, r, "Details", 1);
		panes_put(ui, r.y + 2, r.x + 2, r.w - 4, "Select a lane first.");
		return;
	}
	snprintf(line, sizeof line, "%s  (Enter or q closes)", e->name);
	theme_box(ui, r, line, 1);
	y = r.y + 2;
	p = e->parent != 0 ? model_entity(ui->tl.m, e->parent) : NULL;
	snprintf(line, sizeof line, "%s #%u%s%s", words_kind_name(e->kind),
	    e->id, p != NULL ? ", created by " : "", p != NULL ? p->name : "");
	panes_put(ui, y++, r.x + 2, r.w - 4, line);
	snap = timeline_snap(&ui->tl, ui->ph);
	s = model_snapshot_get(ui->tl.m, snap, e->id);
	st = s != NULL ? s->state : TRACE_ST_NEW;
	snprintf(line, sizeof line, "state       %s", words_state_name((unsigned)st));
	attron(theme_attr(theme_state_color(st)));
	panes_put(ui, y++, r.x + 2, r.w - 4, line);
	attroff(theme_attr(theme_state_color(st)));
	if (s != NULL && s->reason != TRACE_WHY_NONE) {
		snprintf(line, sizeof line, "reason      %s",
		    words_reason_name(s->reason));
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
	}
	if (s != NULL && s->obj != 0 && (o = model_entity(ui->tl.m, s->obj)) != NULL) {
		snprintf(line, sizeof line, "waiting on  %s (%s)", o->name,
		    words_kind_name(o->kind));
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
	}
	if (s != NULL && (st == TRACE_ST_TERMINATED || st == TRACE_ST_ZOMBIE)) {
		snprintf(line, sizeof line, "exit code   %lld", (long long)s->val);
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
	}
	if (s != NULL && ui->ph >= s->since) {
		words_duration(ui->ph - s->since, d, sizeof d);
		snprintf(line, sizeof line, "for         %s", d);
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
	}
	if (s != NULL && s->line != 0) {
		snprintf(line, sizeof line, "at line     %u", s->line);
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
	}
	y++;
	attron(A_BOLD);
	panes_put(ui, y++, r.x + 2, r.w - 4, "Time in each state so far");
	attroff(A_BOLD);
	for (i = 0; i < TRACE_ST_COUNT; i++) {
		per[i] = model_snapshot_time_in(snap, e->index, (enum trace_state)i);
		total += per[i];
	}
	bw = r.w - 4 - 32;
	for (i = 0; i < TRACE_ST_COUNT && y < r.y + r.h - 1; i++) {
		if (i == TRACE_ST_ZOMBIE && per[i] == 0)
			continue;
		words_duration(per[i], d, sizeof d);
		snprintf(line, sizeof line, "%-20s %10s ",
		    words_state_name((unsigned)i), d);
		panes_put(ui, y, r.x + 2, r.w - 4, line);
		bar = total > 0 ? (int)((double)per[i] / (double)total * bw + 0.5) : 0;
		attron(theme_attr(theme_state_color(i)));
		for (int k = 0; k < bar; k++)
			mvaddstr(y, r.x + 2 + 32 + k, theme_state_glyph(
			    i == TRACE_ST_TERMINATED ? TRACE_ST_RUNNING : i));
		attroff(theme_attr(theme_state_color(i)));
		y++;
	}
}
