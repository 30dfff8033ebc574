/*
 * menu.c — the scenario menu: scenarios grouped by topic on the left, the
 * selected one's title, topic, file and description on the right. Keys:
 * arrows or j/k, Home/End, PgUp/PgDn, Enter to run, q to quit; a click
 * selects, a click on the selected item runs it. Reads ui->list only.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui/ui.h"

/* One row of the list: a topic header or a scenario. */
struct menu_row {
	int	topic;		/* a header when scenario < 0 */
	int	scenario;
};

/* Build the rows; returns how many (rows must hold 2 * n). */
static int
menu_rows(struct ui *ui, struct menu_row *rows)
{
	int	n = 0, topic = -2;
	size_t	i;

	for (i = 0; i < ui->list.n; i++) {
		if (ui->list.v[i].topic != topic) {
			topic = ui->list.v[i].topic;
			if (n > 0) {
				rows[n].topic = -1;	/* a blank spacer */
				rows[n++].scenario = -1;
			}
			rows[n].topic = topic;
			rows[n++].scenario = -1;
		}
		rows[n].topic = topic;
		rows[n++].scenario = (int)i;
	}
	return n;
}

/* Geometry of the list box. */
static struct ui_rect
menu_list_rect(struct ui *ui)
{
	struct ui_rect r;

	r.y = 1;
	r.x = 0;
	r.h = ui->rows - 2;
	r.w = ui->cols * 2 / 5;
	if (r.w < 40)
		r.w = 40;
	if (r.w > 56)
		r.w = 56;
	return r;
}

/* The first row shown so that the selection is visible. */
static int
menu_top(struct ui *ui, struct menu_row *rows, int n, int inner)
{
	int i, selrow = 0, top = 0;

	for (i = 0; i < n; i++)
		if (rows[i].scenario == ui->sel)
			selrow = i;
	/* Show the topic header with the first scenario of a topic. */
	if (selrow > 0 && rows[selrow - 1].scenario < 0)
		selrow--;
	if (selrow >= inner)
		top = selrow - inner + 1 + (selrow + 1 < n ? 1 : 0);
	if (top > n - inner)
		top = n - inner;
	return top < 0 ? 0 : top;
}

/* Draw wrapped text in a rectangle; returns the rows used. */
static int
menu_wrap(int y, int x, int w, int maxy, const char *s)
{
	int		 row = y, col, len, wl;
	const char	*p = s, *word;

	while (*p != '\0' && row < maxy) {
		col = 0;
		if (*p == '\n') {
			p++;
			row++;		/* paragraph: a blank line */
			continue;
		}
		while (*p != '\0' && *p != '\n') {
			while (*p == ' ')
				p++;
			word = p;
			while (*p != '\0' && *p != ' ' && *p != '\n')
				p++;
			len = (int)(p - word);
			/* Display width: count non-continuation bytes. */
			wl = 0;
			for (const char *c = word; c < p; c++)
				if (((unsigned char)*c & 0xc0) != 0x80)
					wl++;
			if (col > 0 && col + 1 + wl > w) {
				row++;
				col = 0;
				if (row >= maxy)
					return row - y;
			}
			if (col > 0) {
				mvaddch(row, x + col, ' ');
				col++;
			}
			mvaddnstr(row, x + col, word, len);
			col += wl;
		}
		row++;
		if (*p == '\n') {
			p++;
			row++;
		}
	}
	return row - y;
}

/* Draw the menu. */
void
menu_draw(struct ui *ui)
{
	struct menu_row	 rows[2 * ui->list.n + 2];
	struct ui_rect	 l = menu_list_rect(ui), d;
	const struct scenario *sc;
	const char	*file;
	char		 speed[32], info[512];
	int		 n, top, i, y, inner = l.h - 2;

	erase();
	attron(A_REVERSE);
	mvhline(0, 0, ' ', ui->cols);
	mvaddstr(0, 1, "concviz");
	attroff(A_REVERSE);
	attron(A_REVERSE | A_BOLD);
	attroff(A_BOLD);
	mvaddnstr(0, 9, "- watch threads, processes, the GIL and asyncio at work",
	    ui->cols - 10);
	attroff(A_REVERSE);

	theme_box(ui, l, "Scenarios", 1);
	n = menu_rows(ui, rows);
	if (n == 0) {
		mvaddnstr(l.y + 1, l.x + 2, "No scenarios found.", l.w - 4);
		mvaddnstr(l.y + 2, l.x + 2, "See 'concviz list'.", l.w - 4);
	}
	top = menu_top(ui, rows, n, inner);
	for (i = top, y = l.y + 1; i < n && y < l.y + 1 + inner; i++, y++) {
		if (rows[i].scenario < 0) {
			if (rows[i].topic >= 0) {
				attron(theme_attr(UI_C_TITLE));
				mvaddnstr(y, l.x + 2, scenario_topic_name(rows[i].topic),
				    l.w - 4);
				attroff(theme_attr(UI_C_TITLE));
			}
			continue;
		}
		sc = &ui->list.v[rows[i].scenario];
		if (rows[i].scenario == ui->sel) {
			attron(theme_attr(UI_C_SELECT));
			mvhline(y, l.x + 1, ' ', l.w - 2);
			mvaddstr(y, l.x + 2, ui->utf8 ? "▸" : ">");
		}
		if ((int)strlen(sc->title) > l.w - 6) {
			/* Too long: cut with an ellipsis. */
			mvaddnstr(y, l.x + 4, sc->title, l.w - 7);
			addstr(ui->utf8 ? "…" : "~");
		} else
			mvaddstr(y, l.x + 4, sc->title);
		if (rows[i].scenario == ui->sel)
			attroff(theme_attr(UI_C_SELECT));
	}

	d.y = 1;
	d.x = l.w;
	d.h = ui->rows - 2;
	d.w = ui->cols - l.w;
	theme_box(ui, d, "About", 0);
	if (ui->sel >= 0 && (size_t)ui->sel < ui->list.n) {
		sc = &ui->list.v[ui->sel];
		attron(A_BOLD);
		menu_wrap(d.y + 1, d.x + 2, d.w - 4, d.y + 3, sc->title);
		attroff(A_BOLD);
		file = strrchr(sc->path, '/');
		attron(theme_attr(UI_C_DIM));
		view_speed_label(sc->speed, speed, sizeof speed);
		snprintf(info, sizeof info, "Topic: %s", scenario_topic_name(sc->topic));
		panes_put(ui, d.y + 3, d.x + 2, d.w - 4, info);
		snprintf(info, sizeof info, "%s, speed %s",
		    file != NULL ? file + 1 : sc->path, speed);
		panes_put(ui, d.y + 4, d.x + 2, d.w - 4, info);
		attroff(theme_attr(UI_C_DIM));
		menu_wrap(d.y + 6, d.x + 2, d.w - 4, d.y + d.h - 1, sc->description);
	}

	if (ui->list.nnotes > 0) {
		/* Files with a bad header: say so, the details are in "list". */
		snprintf(info, sizeof info, " %zu file%s skipped: see 'concviz list' ",
		    ui->list.nnotes, ui->list.nnotes == 1 ? "" : "s");
		attron(theme_attr(UI_C_WARN));
		panes_put(ui, l.y + l.h - 1, l.x + 2, l.w - 4, info);
		attroff(theme_attr(UI_C_WARN));
	}
	attron(theme_attr(UI_C_DIM));
	mvhline(ui->rows - 1, 0, ' ', ui->cols);
	mvaddnstr(ui->rows - 1, 1, ui->utf8 ?
	    "↑↓ or j k: choose   Enter: run   ?: keys   q: quit" :
	    "Up/Down or j k: choose   Enter: run   ?: keys   q: quit", ui->cols - 2);
	attroff(theme_attr(UI_C_DIM));
	if (ui->help) {
		struct ui_rect h = { ui->rows / 2 - 5, ui->cols / 2 - 22, 10, 44 };

		for (i = 1; i < h.h - 1; i++)
			mvhline(h.y + i, h.x + 1, ' ', h.w - 2);
		theme_box(ui, h, "Keys (any key closes)", 1);
		mvaddstr(h.y + 2, h.x + 3, "Up/Down, j/k    move");
		mvaddstr(h.y + 3, h.x + 3, "PgUp/PgDn       move by a page");
		mvaddstr(h.y + 4, h.x + 3, "Home/End        first, last");
		mvaddstr(h.y + 5, h.x + 3, "Enter, click    run the scenario");
		mvaddstr(h.y + 6, h.x + 3, "?               this help");
		mvaddstr(h.y + 7, h.x + 3, "q               quit");
	}
}

/* Start the selected scenario. */
static void
menu_run(struct ui *ui)
{
	if (ui->sel < 0 || (size_t)ui->sel >= ui->list.n)
		return;
	ui->from_menu = 1;
	ui->mode = UI_VIEW;
	view_open_file(ui, &ui->list.v[ui->sel]);
}

/* Keys on the menu. */
void
menu_key(struct ui *ui, int key)
{
	int n = (int)ui->list.n, page = ui->rows / 2;

	ui->dirty = 1;
	if (ui->help) {
		ui->help = 0;
		return;
	}
	switch (key) {
	case KEY_UP: case 'k':
		if (ui->sel > 0)
			ui->sel--;
		break;
	case KEY_DOWN: case 'j':
		if (ui->sel < n - 1)
			ui->sel++;
		break;
	case KEY_PPAGE:
		ui->sel = ui->sel > page ? ui->sel - page : 0;
		break;
	case KEY_NPAGE:
		ui->sel = ui->sel + page < n ? ui->sel + page : n - 1;
		break;
	case KEY_HOME: case 'g':
		ui->sel = 0;
		break;
	case KEY_END: case 'G':
		ui->sel = n - 1;
		break;
	case '\r': case '\n': case KEY_ENTER: case 'l': case KEY_RIGHT:
		menu_run(ui);
		break;
	case '?':
		ui->help = 1;
		break;
	case 'q': case 'Q': case 27:
		ui->mode = UI_QUIT;
		break;
	case 12:	/* ^L */
		clearok(curscr, TRUE);
		break;
	}
	if (ui->sel < 0)
		ui->sel = 0;
}

/* A click: select a scenario; a click on the selected one runs it. */
void
menu_mouse(struct ui *ui, int y, int x)
{
	struct menu_row	 rows[2 * ui->list.n + 2];
	struct ui_rect	 l = menu_list_rect(ui);
	int		 n, top, i;

	if (x < l.x || x >= l.x + l.w || y <= l.y || y >= l.y + l.h - 1)
		return;
	n = menu_rows(ui, rows);
	top = menu_top(ui, rows, n, l.h - 2);
	i = top + (y - l.y - 1);
	if (i < 0 || i >= n || rows[i].scenario < 0)
		return;
	ui->dirty = 1;
	if (rows[i].scenario == ui->sel)
		menu_run(ui);
	else
		ui->sel = rows[i].scenario;
}
