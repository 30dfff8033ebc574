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
#include "ui/narrate.h"
#include "ui/ui.h"

#define PANES_LABEL_MAX	26

static const char panes_digits[] = "123456789abcdefghijklmnopqrstuvwxyz";

static struct tl_entity	**panes_vis;
static int		  panes_nvis, panes_capvis;

/* The one-character name of a lane, as used in the GIL row and the source. */
static int
panes_lane_char(const struct tl_entity *e)
{
	if (e == NULL || e->lane <= 0)
		return '?';
	return e->lane <= 35 ? panes_digits[e->lane - 1] : '*';
}

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
struct tl_entity **
panes_lanes(struct ui *ui, int *n)
{
	struct tl_entity	*e;
	size_t			 i;

	panes_nvis = 0;
	for (i = 0; i < ui->tl.nents; i++) {
		e = ui->tl.ents[i];
		if (!timeline_is_lane_kind(e->kind) || e->t_new > ui->ph)
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
static struct tl_entity *
panes_selected(struct ui *ui)
{
	int			 n;
	struct tl_entity	**v = panes_lanes(ui, &n);

	return n > 0 ? v[ui->sel_lane] : NULL;
}

/* GIL entities, in creation order. */
static int
panes_gils(struct ui *ui, struct tl_entity **out, int max)
{
	size_t	i;
	int	n = 0;

	for (i = 0; i < ui->tl.nents && n < max; i++)
		if (ui->tl.ents[i]->kind == TRACE_ENT_GIL &&
		    ui->tl.ents[i]->t_new <= ui->ph)
			out[n++] = ui->tl.ents[i];
	return n;
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
	struct tl_entity *gils[4];
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

/* Draw one lane's timeline cells. */
static void
panes_lane_cells(struct ui *ui, const struct tl_entity *e, int y,
    const struct panes_lgeo *g)
{
	int		c, st, prev = -1;
	uint64_t	t;

	for (c = 0; c < g->tl_w; c++) {
		t = g->tstart + (uint64_t)(c + 1) * ui->zoom - 1;
		if (g->tstart + (uint64_t)c * ui->zoom > ui->ph)
			break;
		if (t > ui->ph)
			t = ui->ph;
		if (t < e->t_new)
			continue;
		st = timeline_state(e, t);
		if (st != prev) {
			if (prev >= 0)
				attroff(theme_attr(theme_state_color(prev)));
			attron(theme_attr(theme_state_color(st)));
			prev = st;
		}
		mvaddstr(y, g->tl_x + c, theme_state_glyph(st));
	}
	if (prev >= 0)
		attroff(theme_attr(theme_state_color(prev)));
}

/* Draw a GIL row: the holder's lane character in each column. */
static void
panes_gil_cells(struct ui *ui, const struct tl_entity *gil, int y,
    const struct panes_lgeo *g)
{
	const struct tl_gil_change	*gc;
	const struct tl_entity		*h;
	uint64_t			 t;
	uint32_t			 last = 0;
	int				 c;

	for (c = 0; c < g->tl_w; c++) {
		if (g->tstart + (uint64_t)c * ui->zoom > ui->ph)
			break;
		t = g->tstart + (uint64_t)(c + 1) * ui->zoom - 1;
		if (t > ui->ph)
			t = ui->ph;
		gc = timeline_gil_at(gil, t);
		if (gc == NULL || gc->holder == 0) {
			attron(theme_attr(UI_C_DIM));
			mvaddstr(y, g->tl_x + c, ui->utf8 ? "·" : ".");
			attroff(theme_attr(UI_C_DIM));
			continue;
		}
		h = timeline_entity(&ui->tl, gc->holder);
		attron(theme_attr(UI_C_GIL) | (gc->holder != last && last != 0 ?
		    A_UNDERLINE : 0));
		mvaddch(y, g->tl_x + c, (chtype)panes_lane_char(h));
		attroff(theme_attr(UI_C_GIL) | A_UNDERLINE);
		last = gc->holder;
	}
}

/* The legend of the state glyphs, on the lanes pane's bottom border. */
static void
panes_legend(struct ui *ui, struct ui_rect r)
{
	static const char *names[] = { "new", "running", "ready", "blocked",
	    "timed", "ended" };
	int i, x, len = 0;

	for (i = 0; i < 6; i++)
		len += (int)strlen(names[i]) + 3;
	x = r.x + r.w - 2 - len;
	if (x < r.x + 2)
		return;
	for (i = 0; i < 6; i++) {
		attron(theme_attr(theme_state_color(i)));
		mvaddstr(r.y + r.h - 1, x, i == TRACE_ST_TERMINATED ? "_" :
		    theme_state_glyph(i));
		attroff(theme_attr(theme_state_color(i)));
		attron(theme_attr(UI_C_BORDER));
		mvaddstr(r.y + r.h - 1, x + 1, names[i]);
		attroff(theme_attr(UI_C_BORDER));
		x += (int)strlen(names[i]) + 3;
	}
}

/* The lanes pane. */
void
panes_lanes_draw(struct ui *ui, struct ui_rect r)
{
	struct panes_lgeo	 g;
	struct tl_entity	**v, *gils[4], *e;
	const struct tl_gil_change *gc;
	char			 title[96], lbl[128], d[32];
	int			 n, i, y, c, st;
	uint64_t		 t;

	v = panes_lanes(ui, &n);
	panes_lanes_geo(ui, r, &g);
	narrate_duration(ui->zoom, d, sizeof d);
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
		gc = timeline_gil_at(gils[i], ui->ph);
		e = gc != NULL && gc->holder ? timeline_entity(&ui->tl, gc->holder) :
		    NULL;
		snprintf(lbl, sizeof lbl, "GIL %s %s", ui->utf8 ? "→" : ">",
		    e != NULL ? e->name : "free");
		attron(theme_attr(UI_C_GIL));
		panes_put(ui, y, r.x + 1, g.label_w, lbl);
		attroff(theme_attr(UI_C_GIL));
		panes_gil_cells(ui, gils[i], y, &g);
	}
	if (n == 0 && g.nrows > 0) {
		attron(theme_attr(UI_C_DIM));
		panes_put(ui, g.first_lane_y, r.x + 2, r.w - 4, ui->tl.nevs == 0 ?
		    "No events yet." : "No thread matches the filter.");
		attroff(theme_attr(UI_C_DIM));
	}
	for (i = 0; i < g.nrows && ui->lane_top + i < n; i++) {
		e = v[ui->lane_top + i];
		y = g.first_lane_y + i;
		st = timeline_state(e, ui->ph);
		snprintf(lbl, sizeof lbl, "%c %*s%s", panes_lane_char(e),
		    e->depth > 3 ? 3 : e->depth, "", e->name);
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
		narrate_duration(t, d, sizeof d);
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
			mvaddstr(r.y, g.tl_x + c, ui->utf8 ? "▼" : "v");
			mvaddstr(r.y + r.h - 1, g.tl_x + c, ui->utf8 ? "▲" : "^");
			attroff(theme_attr(UI_C_PLAYHEAD));
		}
	}
	panes_legend(ui, r);
}

/* The lane whose line the source pane follows: the selection, else a runner. */
static struct tl_entity *
panes_followed(struct ui *ui)
{
	struct tl_entity	*e = panes_selected(ui);
	size_t			 i;

	if (e != NULL && timeline_line_at(e, ui->ph) != 0)
		return e;
	for (i = 0; i < ui->tl.nents; i++) {
		e = ui->tl.ents[i];
		if (timeline_is_lane_kind(e->kind) &&
		    timeline_state(e, ui->ph) == TRACE_ST_RUNNING &&
		    timeline_line_at(e, ui->ph) != 0)
			return e;
	}
	return NULL;
}

/* The source pane: line numbers, a marker per thread on its current line. */
void
panes_source_draw(struct ui *ui, struct ui_rect r)
{
	struct tl_entity	*f = panes_followed(ui), *e;
	char			 title[128], marks[8], num[16];
	const char		*name;
	int			 inner = r.h - 2, top, i, y, k, ln, nm, x, col;
	uint32_t		 fl = f != NULL ? timeline_line_at(f, ui->ph) : 0;
	size_t			 j;
	const char		*p;

	name = ui->cur.path != NULL ? strrchr(ui->cur.path, '/') : NULL;
	snprintf(title, sizeof title, "Source  %s", name != NULL ? name + 1 :
	    ui->cur.path != NULL ? ui->cur.path : "");
	theme_box(ui, r, title, ui->focus == UI_PANE_SOURCE);
	if (ui->nsrc == 0) {
		attron(theme_attr(UI_C_DIM));
		panes_put(ui, r.y + 1, r.x + 2, r.w - 4, "(no source text)");
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
		/* Which threads are on this line. */
		nm = 0;
		for (j = 0; j < ui->tl.nents && nm < 3; j++) {
			e = ui->tl.ents[j];
			if (!timeline_is_lane_kind(e->kind) || e->t_new > ui->ph)
				continue;
			k = timeline_state(e, ui->ph);
			if (k == TRACE_ST_TERMINATED || k == TRACE_ST_ZOMBIE)
				continue;
			if (timeline_line_at(e, ui->ph) == (uint32_t)ln)
				marks[nm++] = (char)panes_lane_char(e);
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
	size_t	i;
	int	st;

	memset(cnt, 0, TRACE_ST_COUNT * sizeof *cnt);
	for (i = 0; i < ui->tl.nents; i++) {
		if (!timeline_is_lane_kind(ui->tl.ents[i]->kind) ||
		    ui->tl.ents[i]->t_new > ui->ph)
			continue;
		st = timeline_state(ui->tl.ents[i], ui->ph);
		cnt[st]++;
	}
}

/* The last state change at or before the playhead: who, from, to, when. */
static const struct trace_ev *
panes_last_change(struct ui *ui, int *from, int *to)
{
	size_t			 i;
	const struct trace_ev	*ev;
	struct tl_entity	*e;

	for (i = timeline_count_at(&ui->tl, ui->ph); i > 0; i--) {
		ev = &ui->tl.evs[i - 1];
		if (ev->kind != TRACE_EV_STATE)
			continue;
		e = timeline_entity(&ui->tl, ev->entity);
		if (e == NULL || !timeline_is_lane_kind(e->kind))
			continue;
		*to = ev->arg & 0xff;
		*from = ev->t > 0 ? timeline_state(e, ev->t - 1) : TRACE_ST_NEW;
		return ev;
	}
	return NULL;
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
	const struct trace_ev	*ev;
	struct tl_entity	*e;
	int			 cnt[TRACE_ST_COUNT], box[5], from = 0, to = 0, i;
	int			 flash[5] = { 0 }, recent, y, x, wn, wr, wt, wb;
	char			 title[128], num[48];
	const char		*arrow = ui->utf8 ? "→" : ">";
	uint64_t		 window;

	panes_counts(ui, cnt);
	box[0] = cnt[TRACE_ST_NEW];
	box[1] = cnt[TRACE_ST_RUNNING] + cnt[TRACE_ST_READY];
	box[2] = cnt[TRACE_ST_BLOCKED];
	box[3] = cnt[TRACE_ST_TIMED];
	box[4] = cnt[TRACE_ST_TERMINATED] + cnt[TRACE_ST_ZOMBIE];
	ev = panes_last_change(ui, &from, &to);
	/* A transition flashes for a quarter second of wall time, or stays lit
	   while paused so that stepping shows each one. */
	window = (uint64_t)(0.25 * ui->speed * 1e9);
	recent = ev != NULL && (ui->paused || ui->ph - ev->t <= window);
	if (recent) {
		flash[panes_box_of(from)] = 1;
		flash[panes_box_of(to)] = 1;
	}
	if (ev != NULL && (e = timeline_entity(&ui->tl, ev->entity)) != NULL)
		snprintf(title, sizeof title, " %s: %s %s %s ", e->name,
		    narrate_state_name((unsigned)from), arrow,
		    narrate_state_name((unsigned)to));
	else
		snprintf(title, sizeof title, " ");
	theme_box(ui, r, "States", 0);
	attron(recent ? theme_attr(UI_C_MARK) : theme_attr(UI_C_DIM));
	panes_put(ui, r.y, r.x + 10, r.w - 12, title);
	attroff(theme_attr(UI_C_MARK) | theme_attr(UI_C_DIM));

	if (r.h >= 10 && r.w >= 48) {
		/* New -> Runnable -> Terminated; Blocked and Timed below. */
		wn = 9;
		wt = 12;
		wr = r.w - 2 - wn - wt - 6;
		y = r.y + 1;
		x = r.x + 1;
		snprintf(num, sizeof num, "%d", box[0]);
		panes_state_box(ui, y, x, wn, labels[0], num, colors[0], flash[0]);
		mvaddstr(y + 1, x + wn, " "), addstr(arrow);
		snprintf(num, sizeof num, "%d  (%d running, %d ready)", box[1],
		    cnt[TRACE_ST_RUNNING], cnt[TRACE_ST_READY]);
		panes_state_box(ui, y, x + wn + 3, wr, labels[1], num, colors[1],
		    flash[1]);
		mvaddstr(y + 1, x + wn + 3 + wr, " "), addstr(arrow);
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

/* The GIL panel: holder, waiters, switch interval, handoffs, forced drops. */
void
panes_gil_draw(struct ui *ui, struct ui_rect r)
{
	struct tl_entity		*gils[4], *g = NULL, *sel, *e, *h;
	const struct tl_gil_change	*gc;
	struct buf			 w;
	char				 line[256], d[32];
	size_t				 i;
	int				 n, y = r.y + 1, nw = 0;

	n = panes_gils(ui, gils, 4);
	sel = panes_selected(ui);
	if (n > 0)
		g = gils[0];
	if (sel != NULL && sel->gil != 0)
		g = timeline_entity(&ui->tl, sel->gil);
	theme_box(ui, r, n > 1 ? "GIL (of the selected thread's process)" : "GIL",
	    0);
	if (g == NULL) {
		attron(theme_attr(UI_C_DIM));
		panes_put(ui, y, r.x + 2, r.w - 4, "No GIL events yet.");
		attroff(theme_attr(UI_C_DIM));
		return;
	}
	gc = timeline_gil_at(g, ui->ph);
	h = gc != NULL && gc->holder ? timeline_entity(&ui->tl, gc->holder) : NULL;
	buf_init(&w);
	for (i = 0; i < ui->tl.nents; i++) {
		const struct tl_change *c;

		e = ui->tl.ents[i];
		if (e->gil != g->id || e->t_new > ui->ph)
			continue;
		c = timeline_state_at(e, ui->ph);
		if (c != NULL && c->state == TRACE_ST_READY &&
		    (c->reason == TRACE_WHY_GIL || c->reason == TRACE_WHY_NONE)) {
			buf_printf(&w, "%s%s", nw ? ", " : "", e->name);
			nw++;
		}
	}
	narrate_duration(ui->tl.switch_interval, d, sizeof d);
	if (r.h - 2 >= 5) {
		snprintf(line, sizeof line, "holder    %s", h != NULL ? h->name : "nobody");
		attron(theme_attr(UI_C_GIL));
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
		attroff(theme_attr(UI_C_GIL));
		snprintf(line, sizeof line, "waiting   %s", nw ? w.data : "nobody");
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
		snprintf(line, sizeof line, "switch interval  %s", d);
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
		snprintf(line, sizeof line, "handoffs  %u   forced drops  %u",
		    gc ? gc->handoffs : 0, gc ? gc->forced : 0);
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
		snprintf(line, sizeof line, "drop requests  %u", gc ? gc->requests : 0);
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
	} else if (r.h - 2 == 1) {
		snprintf(line, sizeof line, "%s  %u handoffs, %u forced, %s waiting",
		    h != NULL ? h->name : "free", gc ? gc->handoffs : 0,
		    gc ? gc->forced : 0, nw ? w.data : "nobody");
		attron(theme_attr(UI_C_GIL));
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
		attroff(theme_attr(UI_C_GIL));
	} else {
		snprintf(line, sizeof line, "holder %s  waiting %s",
		    h != NULL ? h->name : "nobody", nw ? w.data : "nobody");
		attron(theme_attr(UI_C_GIL));
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
		attroff(theme_attr(UI_C_GIL));
		snprintf(line, sizeof line, "%s interval  %u handoffs  %u forced",
		    d, gc ? gc->handoffs : 0, gc ? gc->forced : 0);
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
	}
	buf_fini(&w);
}

/* The event-loop panel: phase, running task, ready tasks, blocking warnings. */
void
panes_loop_draw(struct ui *ui, struct ui_rect r)
{
	const struct trace_ev	*ev, *phase = NULL, *blocked = NULL;
	struct tl_entity	*e, *running = NULL;
	size_t			 i;
	int			 ready = 0, waiting = 0, y = r.y + 1, st;
	char			 line[256], d[32];

	theme_box(ui, r, "Event loop", 0);
	for (i = timeline_count_at(&ui->tl, ui->ph); i > 0 && (phase == NULL ||
	    blocked == NULL); i--) {
		ev = &ui->tl.evs[i - 1];
		if (ev->kind == TRACE_EV_LOOP_PHASE && phase == NULL)
			phase = ev;
		if (ev->kind == TRACE_EV_LOOP_BLOCKED && blocked == NULL)
			blocked = ev;
		if (ui->tl.nevs - i > 100000)
			break;
	}
	for (i = 0; i < ui->tl.nents; i++) {
		e = ui->tl.ents[i];
		if (e->kind != TRACE_ENT_TASK || e->t_new > ui->ph)
			continue;
		st = timeline_state(e, ui->ph);
		if (st == TRACE_ST_RUNNING)
			running = e;
		else if (st == TRACE_ST_READY)
			ready++;
		else if (st == TRACE_ST_BLOCKED || st == TRACE_ST_TIMED)
			waiting++;
	}
	snprintf(line, sizeof line, "phase     %s",
	    phase == NULL ? "-" : phase->arg == TRACE_LOOP_READY ?
	    "run ready callbacks" : phase->arg == TRACE_LOOP_TIMERS ?
	    "due timers" : "poll for I/O");
	panes_put(ui, y++, r.x + 2, r.w - 4, line);
	snprintf(line, sizeof line, "running   %s", running ? running->name : "-");
	panes_put(ui, y++, r.x + 2, r.w - 4, line);
	snprintf(line, sizeof line, "ready %d   waiting (timers, I/O, futures) %d",
	    ready, waiting);
	panes_put(ui, y++, r.x + 2, r.w - 4, line);
	if (blocked != NULL && y < r.y + r.h - 1) {
		e = timeline_entity(&ui->tl, blocked->obj);
		narrate_duration(blocked->val, d, sizeof d);
		snprintf(line, sizeof line, "! %s blocked the loop for %s",
		    e != NULL ? e->name : "a task", d);
		attron(theme_attr(UI_C_WARN));
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
		attroff(theme_attr(UI_C_WARN));
	}
}

/* The narration: the latest sentences up to the playhead, newest last. */
void
panes_narration_draw(struct ui *ui, struct ui_rect r)
{
	int		 inner = r.h - 2, want = inner + ui->narr_back, got = 0, y;
	size_t		 i, idx[256], scanned = 0;
	struct buf	 b;
	char		 d[32];
	const struct trace_ev *ev;

	theme_box(ui, r, ui->narr_back ? "Narration (scrolled back)" :
	    "Narration", ui->focus == UI_PANE_NARRATION);
	if (want > 256)
		want = 256;
	buf_init(&b);
	for (i = timeline_count_at(&ui->tl, ui->ph); i > 0 && got < want &&
	    scanned < 200000; i--, scanned++) {
		ev = &ui->tl.evs[i - 1];
		buf_clear(&b);
		if (narrate_event(&ui->tl, ev, &b))
			idx[got++] = i - 1;
	}
	if (got == 0) {
		attron(theme_attr(UI_C_DIM));
		panes_put(ui, r.y + 1, r.x + 2, r.w - 4, ui->tl.nevs == 0 ?
		    "Nothing has happened yet." : "Nothing to tell yet.");
		attroff(theme_attr(UI_C_DIM));
	}
	/* idx[] holds newest first; skip narr_back of the newest. */
	for (y = 0; y < inner; y++) {
		int k = ui->narr_back + inner - 1 - y;

		if (k >= got || k < 0)
			continue;
		ev = &ui->tl.evs[idx[k]];
		buf_clear(&b);
		narrate_event(&ui->tl, ev, &b);
		narrate_duration(ev->t - ui->tl.t0, d, sizeof d);
		attron(theme_attr(UI_C_DIM));
		mvprintw(r.y + 1 + y, r.x + 1, "%10s ", d);
		attroff(theme_attr(UI_C_DIM));
		if (ev->kind == TRACE_EV_ANNOTATION || ev->kind == TRACE_EV_DEADLOCK ||
		    ev->kind == TRACE_EV_LOOP_BLOCKED)
			attron(theme_attr(ev->kind == TRACE_EV_ANNOTATION ?
			    UI_C_MARK : UI_C_WARN));
		else if (k == 0)
			attron(A_BOLD);
		panes_put(ui, r.y + 1 + y, r.x + 12, r.w - 13, b.data);
		attroff(theme_attr(UI_C_MARK) | theme_attr(UI_C_WARN) | A_BOLD);
	}
	buf_fini(&b);
}

/* The program's output up to the playhead (OUTPUT events), newest last. */
void
panes_output_draw(struct ui *ui, struct ui_rect r)
{
	struct buf		 b;
	const struct trace_ev	*ev;
	size_t			 i, nout = 0;
	int			 inner = r.h - 2, lines = 0, y;
	const char		*p, *end, *start[512];
	char			 title[96];

	buf_init(&b);
	for (i = timeline_count_at(&ui->tl, ui->ph); i > 0; i--) {
		ev = &ui->tl.evs[i - 1];
		if (ev->kind != TRACE_EV_OUTPUT || ev->str == NULL)
			continue;
		nout++;
		/* Prepend: collect newest first, reverse below. */
		if (b.len > 65536)
			break;
		{
			struct buf t;

			buf_init(&t);
			buf_add(&t, ev->str, ev->slen);
			buf_add(&t, b.data != NULL ? b.data : "", b.len);
			buf_fini(&b);
			b = t;
		}
	}
	if (nout == 0 && ui->tl.nevs == 0 && ui->run.captured.len > 0)
		buf_add(&b, ui->run.captured.data, ui->run.captured.len);
	if (!ui->run.alive && ui->run.pid > 0 && ui->tl.nevs == 0) {
		if (WIFEXITED(ui->run.status))
			buf_printf(&b, "%s[the program exited with status %d]\n",
			    b.len > 0 && b.data[b.len - 1] != '\n' ? "\n" : "",
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
	if (b.len == 0) {
		buf_fini(&b);
		return;
	}
	/* Find line starts. */
	p = b.data;
	end = b.data + b.len;
	if (end > p && end[-1] == '\n')
		end--;
	while (p <= end && lines < 512) {
		start[lines++] = p;
		p = memchr(p, '\n', (size_t)(end - p));
		if (p == NULL)
			break;
		p++;
	}
	for (y = 0; y < inner; y++) {
		int k = lines - ui->out_back - inner + y;
		const char *q, *e2;

		if (k < 0 || k >= lines)
			continue;
		q = start[k];
		e2 = memchr(q, '\n', (size_t)(end - q));
		if (e2 == NULL)
			e2 = end;
		{
			char *line = xstrndup(q, (size_t)(e2 - q));

			for (char *c = line; *c != '\0'; c++)
				if ((unsigned char)*c < 0x20)
					*c = ' ';
			panes_put(ui, r.y + 1 + y, r.x + 2, r.w - 4, line);
			free(line);
		}
	}
	buf_fini(&b);
}

/* The details of the selected entity: state, reason, waiting on, times. */
void
panes_details_draw(struct ui *ui)
{
	struct tl_entity	*e = panes_selected(ui), *p, *o;
	const struct tl_change	*c;
	uint64_t		 per[TRACE_ST_COUNT], total = 0;
	struct ui_rect		 r;
	char			 line[256], d[32];
	int			 i, y, bar, bw;

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
	p = timeline_entity(&ui->tl, e->parent);
	snprintf(line, sizeof line, "%s #%u%s%s", narrate_kind_name(e->kind),
	    e->id, p != NULL ? ", created by " : "", p != NULL ? p->name : "");
	panes_put(ui, y++, r.x + 2, r.w - 4, line);
	c = timeline_state_at(e, ui->ph);
	snprintf(line, sizeof line, "state     %s",
	    narrate_state_name(c != NULL ? c->state : TRACE_ST_NEW));
	attron(theme_attr(theme_state_color(c != NULL ? c->state : 0)));
	panes_put(ui, y++, r.x + 2, r.w - 4, line);
	attroff(theme_attr(theme_state_color(c != NULL ? c->state : 0)));
	if (c != NULL && c->reason != TRACE_WHY_NONE) {
		snprintf(line, sizeof line, "reason    %s",
		    narrate_reason_name(c->reason));
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
	}
	if (c != NULL && c->obj != 0 && (o = timeline_entity(&ui->tl, c->obj)) != NULL) {
		snprintf(line, sizeof line, "waiting on  %s (%s)", o->name,
		    narrate_kind_name(o->kind));
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
	}
	if (c != NULL && (c->state == TRACE_ST_TERMINATED || c->state == TRACE_ST_ZOMBIE)) {
		snprintf(line, sizeof line, "exit code %lld", (long long)c->val);
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
	}
	if (c != NULL) {
		narrate_duration(ui->ph - c->t, d, sizeof d);
		snprintf(line, sizeof line, "for       %s", d);
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
	}
	if (timeline_line_at(e, ui->ph) != 0) {
		snprintf(line, sizeof line, "at line   %u", timeline_line_at(e, ui->ph));
		panes_put(ui, y++, r.x + 2, r.w - 4, line);
	}
	y++;
	attron(A_BOLD);
	panes_put(ui, y++, r.x + 2, r.w - 4, "Time in each state so far");
	attroff(A_BOLD);
	timeline_time_per_state(e, ui->ph, per);
	for (i = 0; i < TRACE_ST_COUNT; i++)
		total += per[i];
	bw = r.w - 4 - 32;
	for (i = 0; i < TRACE_ST_COUNT && y < r.y + r.h - 1; i++) {
		if (i == TRACE_ST_ZOMBIE && per[i] == 0)
			continue;
		narrate_duration(per[i], d, sizeof d);
		snprintf(line, sizeof line, "%-20s %10s ", narrate_state_name(
		    (unsigned)i), d);
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
