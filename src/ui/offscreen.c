/*
 * offscreen.c — the view rendered into a virtual terminal (see offscreen.h).
 * Owns its own SCREEN for the duration of one call and leaves no curses
 * state behind; the timeline is borrowed, never changed.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "ui/offscreen.h"
#include "ui/ui.h"

/* Split the program text into the view's lines. */
static void
offscreen_source(struct ui *ui, const char *text)
{
	const char *p, *nl;

	for (p = text; p != NULL && *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		ui->src = xreallocarray(ui->src, (size_t)ui->nsrc + 1,
		    sizeof *ui->src);
		ui->src[ui->nsrc++] = nl != NULL ? xstrndup(p, (size_t)(nl - p)) :
		    xstrdup(p);
		if (nl == NULL)
			break;
	}
}

/* Read the screen back as UTF-8 text. */
static void
offscreen_read(struct ui *ui, struct buf *text)
{
	wchar_t	 wl[1024];
	char	 mb[16];
	cchar_t	 cc;
	attr_t	 a;
	short	 pair;
	int	 y, x, k, n;
	size_t	 m;

	for (y = 0; y < ui->rows; y++) {
		for (x = 0; x < ui->cols; x++) {
			if (mvin_wch(y, x, &cc) == ERR)
				continue;
			n = getcchar(&cc, wl, &a, &pair, NULL);
			(void)n;
			if ((a & A_ALTCHARSET) && wl[0] < 128 && wl[0] > 0) {
				/* Line drawing read back as its VT100 letter. */
				static const char from[] = "qxlkmjtuvwn`a~";
				static const char *to[] = { "─", "│", "┌", "┐", "└",
				    "┘", "├", "┤", "┴", "┬", "┼", "◆", "▒", "·" };
				const char *f = strchr(from, (int)wl[0]);

				if (f != NULL) {
					buf_adds(text, to[f - from]);
					continue;
				}
			}
			for (k = 0; k < 4 && wl[k] != L'\0'; k++) {
				m = wcrtomb(mb, wl[k], NULL);
				if (m == (size_t)-1) {
					buf_addc(text, '?');
					continue;
				}
				buf_add(text, mb, m);
			}
			if (wl[0] == L'\0')
				buf_addc(text, ' ');
		}
		buf_addc(text, '\n');
	}
}

/* Render the view of tl; see offscreen.h. */
int
offscreen_render(struct timeline *tl, const struct offscreen_opts *o,
    struct buf *text, uint64_t *ns_per_frame, char **cause)
{
	static struct ui_options opt;
	struct ui	 ui;
	SCREEN		*s;
	FILE		*out, *in;
	uint64_t	 t0, step;
	int		 f, frames = o->frames > 0 ? o->frames : 1, i;

	if ((out = fopen("/dev/null", "w")) == NULL ||
	    (in = fopen("/dev/null", "r")) == NULL) {
		if (out != NULL)
			fclose(out);
		*cause = xstrdup("cannot open /dev/null");
		return -1;
	}
	if ((s = newterm("xterm-256color", out, in)) == NULL &&
	    (s = newterm("xterm", out, in)) == NULL) {
		fclose(out);
		fclose(in);
		*cause = xstrdup("no terminfo entry for xterm-256color or xterm");
		return -1;
	}
	set_term(s);
	resizeterm(o->rows, o->cols);

	memset(&ui, 0, sizeof ui);
	ui.opt = &opt;
	ui.utf8 = MB_CUR_MAX > 1;
	theme_init(&ui);
	ui.rows = LINES;
	ui.cols = COLS;
	ui.tl = *tl;			/* borrowed: not freed below */
	ui.mode = UI_VIEW;
	ui.speed = o->speed > 0 ? o->speed : 0.01;
	ui.paused = o->paused;
	ui.zoom = o->zoom > 0 ? o->zoom : 1000000;
	ui.sel_lane = o->sel_lane;
	ui.details = o->details;
	ui.help = o->help;
	ui.cur.title = (char *)(o->title != NULL ? o->title : "offscreen");
	ui.cur.path = (char *)"scenario.py";
	ui.run.fds[0] = ui.run.fds[1] = ui.run.fds[2] = -1;
	buf_init(&ui.input);
	offscreen_source(&ui, o->source);
	ui.ph = o->ph != 0 ? o->ph : tl->t_end;

	/* Frames move the playhead back through time so each one differs. */
	step = (ui.ph - tl->t0) / (uint64_t)(frames + 1);
	t0 = clock_now_ns();
	for (f = 0; f < frames; f++) {
		if (f > 0)
			ui.ph -= step;
		view_draw(&ui);
		wnoutrefresh(stdscr);
		doupdate();
	}
	if (ns_per_frame != NULL)
		*ns_per_frame = (clock_now_ns() - t0) / (uint64_t)frames;
	if (text != NULL)
		offscreen_read(&ui, text);

	*tl = ui.tl;		/* the caches drawing grew belong to the caller */
	for (i = 0; i < ui.nsrc; i++)
		free(ui.src[i]);
	free(ui.src);
	free(ui.message);
	buf_fini(&ui.input);
	endwin();
	set_term(NULL);
	delscreen(s);
	fclose(out);
	fclose(in);
	return 0;
}
