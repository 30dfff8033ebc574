/*
 * cast.c — the running view played into a virtual terminal whose output is
 * captured frame by frame (see cast.h). The terminal is an ncurses SCREEN
 * writing to an unlinked temporary file: after each doupdate() the bytes
 * written since the last frame are read back and handed to the caller.
 * Owns its SCREEN, its timeline copy of the model and the file for one call
 * and leaves no curses state behind. Reads the model only.
 */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "ui/cast.h"
#include "ui/ui.h"

/* Copy one event into the timeline. */
static int
cast_add(const struct trace_ev *ev, uint64_t idx, void *arg)
{
	(void)idx;
	timeline_add(arg, ev);
	return 0;
}

/* Read the terminal's bytes written since *off. */
static int
cast_take(FILE *out, off_t *off, struct buf *b, char **cause)
{
	struct stat	 sb;
	ssize_t		 r;
	size_t		 n;

	fflush(out);
	if (fstat(fileno(out), &sb) != 0) {
		*cause = xasprintf("temporary file: %s", strerror(errno));
		return -1;
	}
	buf_clear(b);
	if (sb.st_size <= *off)
		return 0;
	n = (size_t)(sb.st_size - *off);
	buf_reserve(b, n);
	r = pread(fileno(out), b->data, n, *off);
	if (r < 0) {
		*cause = xasprintf("temporary file: %s", strerror(errno));
		return -1;
	}
	b->len = (size_t)r;
	*off += r;
	return 0;
}

/* Split the program text into the view's source lines. */
static void
cast_source(struct ui *ui, const struct model_meta *meta)
{
	char	*text, *p, *nl;

	if (meta->source_text == NULL || meta->source_len == 0)
		return;
	text = xstrndup(meta->source_text, meta->source_len);
	for (p = text; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		ui->src = xreallocarray(ui->src, (size_t)ui->nsrc + 1,
		    sizeof *ui->src);
		ui->src[ui->nsrc++] = nl != NULL ?
		    xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		if (nl == NULL)
			break;
	}
	free(text);
}

/* Play the run; see cast.h. */
int
cast_play(const struct model *m, const struct cast_opts *o, cast_frame_cb cb,
    void *arg, char **cause)
{
	static struct ui_options opt;
	struct ui	 ui;
	struct buf	 bytes;
	SCREEN		*s;
	FILE		*out, *in;
	char		*oldloc = NULL, num[16], *envl, *envc;
	const char	*loc;
	off_t		 off = 0;
	uint64_t	 span, nframes, f;
	double		 when;
	int		 i, rc = 0;

	/* Casts are UTF-8 (asciinema's player expects it). */
	if (MB_CUR_MAX == 1) {
		loc = setlocale(LC_CTYPE, NULL);
		oldloc = xstrdup(loc != NULL ? loc : "C");
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
		    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
			free(oldloc);
			oldloc = NULL;
		}
	}
	if ((out = tmpfile()) == NULL || (in = fopen("/dev/null", "r")) == NULL) {
		*cause = xasprintf("cannot open a temporary file: %s",
		    strerror(errno));
		if (out != NULL)
			fclose(out);
		rc = -1;
		goto restore;
	}
	/* The size from the start (ncurses reads LINES and COLUMNS when the
	   output is not a terminal), so no frame assumes another one. */
	envl = getenv("LINES") != NULL ? xstrdup(getenv("LINES")) : NULL;
	envc = getenv("COLUMNS") != NULL ? xstrdup(getenv("COLUMNS")) : NULL;
	snprintf(num, sizeof num, "%d", o->rows);
	setenv("LINES", num, 1);
	snprintf(num, sizeof num, "%d", o->cols);
	setenv("COLUMNS", num, 1);
	s = newterm("xterm-256color", out, in);
	if (s == NULL)
		s = newterm("xterm", out, in);
	if (envl != NULL)
		setenv("LINES", envl, 1);
	else
		unsetenv("LINES");
	if (envc != NULL)
		setenv("COLUMNS", envc, 1);
	else
		unsetenv("COLUMNS");
	free(envl);
	free(envc);
	if (s == NULL) {
		fclose(out);
		fclose(in);
		*cause = xstrdup("no terminfo entry for xterm-256color or xterm");
		rc = -1;
		goto restore;
	}
	set_term(s);
	resizeterm(o->rows, o->cols);

	memset(&ui, 0, sizeof ui);
	ui.opt = &opt;
	ui.utf8 = MB_CUR_MAX > 1;
	theme_init(&ui);
	ui.rows = LINES;
	ui.cols = COLS;
	timeline_init(&ui.tl);
	model_set_meta(ui.tl.m, model_meta(m));
	model_events_between(m, 0, UINT64_MAX, cast_add, &ui.tl);
	ui.mode = UI_VIEW;
	ui.replaying = 1;
	ui.speed = o->speed;
	ui.paused = 0;
	span = o->t1 > o->t0 ? o->t1 - o->t0 : 0;
	/* Zoom so that the whole range fits the lanes (about cols - 24). */
	ui.zoom = span / (uint64_t)(o->cols > 48 ? o->cols - 24 : 24) + 1;
	if (ui.zoom < 1000)
		ui.zoom = 1000;
	ui.cur.title = (char *)(o->title != NULL ? o->title : "concviz");
	ui.cur.path = (char *)(model_meta(m)->source_name != NULL ?
	    model_meta(m)->source_name : "recording");
	ui.run.fds[0] = ui.run.fds[1] = ui.run.fds[2] = -1;
	buf_init(&ui.input);
	buf_init(&bytes);
	cast_source(&ui, model_meta(m));

	/* One frame per 1/fps s of cast time, the last at the range's end. */
	nframes = (uint64_t)((double)span / 1e9 / o->speed * o->fps) + 1;
	for (f = 0; f <= nframes + 1 && rc == 0; f++) {
		when = (double)f / o->fps;
		if (f >= nframes) {
			ui.ph = o->t1;
			ui.paused = f == nframes + 1;
		} else
			ui.ph = o->t0 + (uint64_t)(when * o->speed * 1e9);
		if (ui.ph > o->t1)
			ui.ph = o->t1;
		view_draw(&ui);
		wnoutrefresh(stdscr);
		doupdate();
		if ((rc = cast_take(out, &off, &bytes, cause)) != 0)
			break;
		if (bytes.len != 0)
			rc = cb(when, bytes.data, bytes.len, arg);
	}

	for (i = 0; i < ui.nsrc; i++)
		free(ui.src[i]);
	free(ui.src);
	free(ui.message);
	buf_fini(&ui.input);
	buf_fini(&bytes);
	timeline_fini(&ui.tl);
	endwin();
	set_term(NULL);
	delscreen(s);
	fclose(out);
	fclose(in);
restore:
	if (oldloc != NULL) {
		setlocale(LC_CTYPE, oldloc);
		free(oldloc);
	}
	return rc;
}
