/*
 * view.c — the running view: its layout, the status and key lines, the
 * playhead (pause, step, speed, seek, live, restart), the keys, the help
 * overlay and the one-line prompt (filter, annotation). The panes themselves
 * are drawn by panes.c from the timeline at the playhead. Opening a view
 * starts the runner (live) or loads a recording (replay).
 */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "ui/feed.h"
#include "ui/ui.h"
#include "ui/words.h"

static const double view_speeds[] = {
	0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0
};
#define VIEW_NSPEEDS	(sizeof view_speeds / sizeof view_speeds[0])

/* ns per column: 1-2-5 steps from 1 us to 10 s. */
static uint64_t
view_zoom_step(uint64_t z, int dir)
{
	static const uint64_t m[] = { 1, 2, 5 };
	uint64_t best = 1000, v, d;
	int i;

	for (d = 1000; d <= 10000000000ULL; d *= 10)
		for (i = 0; i < 3; i++) {
			v = d * m[i];
			if (dir > 0 && v > z)
				return v;
			if (dir < 0 && v < z)
				best = v;
			if (dir == 0 && v <= z)
				best = v;
		}
	return dir > 0 ? 10000000000ULL : best;
}

/* "1/200", "1x". */
const char *
view_speed_label(double speed, char *buf, size_t len)
{
	if (speed >= 0.999)
		snprintf(buf, len, "1x");
	else
		snprintf(buf, len, "1/%.0f", 1.0 / speed);
	return buf;
}

/* Split text into the view's source lines (replacing any). */
void
view_set_source(struct ui *ui, const char *text)
{
	const char	*p = text, *nl;
	int		 n = 0;

	if (text == NULL)
		return;
	for (n = 0; n < ui->nsrc; n++)
		free(ui->src[n]);
	free(ui->src);
	ui->src = NULL;
	ui->nsrc = n = 0;
	for (p = text; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		ui->src = xreallocarray(ui->src, (size_t)n + 1, sizeof *ui->src);
		if (nl == NULL) {
			ui->src[n++] = xstrdup(p);
			break;
		}
		ui->src[n++] = xstrndup(p, (size_t)(nl - p));
	}
	ui->nsrc = n;
}

/* Read a whole small file, or NULL. */
static char *
view_read_file(const char *path)
{
	FILE		*f = fopen(path, "rb");
	struct buf	 b;
	char		 tmp[4096];
	size_t		 n;

	if (f == NULL)
		return NULL;
	buf_init(&b);
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0 && b.len < (1u << 20))
		buf_add(&b, tmp, n);
	fclose(f);
	buf_adds(&b, "");
	return buf_detach(&b, NULL);
}

/* Reset the playhead and panes for a new run. */
static void
view_reset(struct ui *ui, double speed)
{
	ui->speed = speed > 0 ? speed : SCENARIO_SPEED_DEFAULT;
	ui->paused = 0;
	ui->follow = 0;
	ui->ph = 0;
	/* About five columns a second at the starting speed. */
	ui->zoom = view_zoom_step((uint64_t)(ui->speed * 1e9 / 5), 0);
	ui->zoom_user = 0;
	ui->focus = UI_PANE_LANES;
	ui->sel_lane = ui->lane_top = ui->src_top = 0;
	ui->narr_back = ui->out_back = 0;
	ui->help = ui->details = 0;
	ui->prompt = UI_PROMPT_NONE;
	free(ui->message);
	ui->message = NULL;
	free(ui->load_error);
	ui->load_error = NULL;
}

/* Open a program file in the view and start its runner. */
int
view_open_file(struct ui *ui, const struct scenario *sc)
{
	struct scenario	 copy;
	char		*text, *cause = NULL;

	if (sc != &ui->cur) {
		memset(&copy, 0, sizeof copy);
		copy.path = xstrdup(sc->path);
		copy.dir = xstrdup(sc->dir);
		copy.title = xstrdup(sc->title);
		copy.description = xstrdup(sc->description);
		copy.topic = sc->topic;
		copy.speed = sc->speed;
		copy.gil = sc->gil != NULL ? xstrdup(sc->gil) : NULL;
		copy.breaker = sc->breaker != NULL ? xstrdup(sc->breaker) : NULL;
		copy.switch_ms = sc->switch_ms;
		scenario_fini(&ui->cur);
		ui->cur = copy;
	}
	view_reset(ui, ui->cur.speed);
	ui->replaying = 0;
	timeline_fini(&ui->tl);
	timeline_init(&ui->tl);
	buf_clear(&ui->run.captured);
	buf_clear(&ui->run.captured_err);
	ui->run.stream_bytes = 0;
	ui->run.status = 0;
	ui->run.fds[0] = ui->run.fds[1] = ui->run.fds[2] = -1;
	if (ui->cur.path != NULL &&
	    (text = view_read_file(ui->cur.path)) != NULL) {
		view_set_source(ui, text);
		free(text);
	}
	ui->dirty = 1;
	if (ui->opt->record != NULL && feed_record_start(ui, ui->opt->record,
	    &cause) != 0) {
		ui_message(ui, "cannot record: %s", cause);
		free(cause);
		cause = NULL;
	}
	if (runner_start(ui, ui->cur.path, &cause) != 0) {
		ui->load_error = xasprintf("cannot start the program: %s", cause);
		free(cause);
		return -1;
	}
	return 0;
}

/* Open a recording in the view. */
int
view_open_replay(struct ui *ui, const char *path, char **cause)
{
	const struct model_meta	*meta;
	int			 truncated = 0;

	view_reset(ui, SCENARIO_SPEED_DEFAULT);
	ui->replaying = 1;
	ui->run.fds[0] = ui->run.fds[1] = ui->run.fds[2] = -1;
	scenario_fini(&ui->cur);
	ui->cur.title = xstrdup(path);
	ui->cur.path = xstrdup(path);
	ui->cur.topic = -1;
	if (feed_load_file(ui, path, &truncated, cause) != 0)
		return -1;
	if (truncated)
		ui_message(ui, "this recording was cut short: it replays up to "
		    "its last complete chunk");
	ui->ph = ui->tl.t0;
	/* The whole recording fits the timeline at first. */
	ui->zoom = view_zoom_step((ui->tl.t_end - ui->tl.t0) /
	    (uint64_t)(ui->cols > 40 ? ui->cols - 30 : 10), 1);
	ui->zoom_user = 0;
	meta = model_meta(ui->tl.m);
	if (meta->source_name != NULL && meta->source_name[0] != '\0') {
		free(ui->cur.path);
		ui->cur.path = xstrdup(meta->source_name);
		free(ui->cur.title);
		ui->cur.title = xasprintf("%s (replay of %s)", meta->source_name,
		    path);
	}
	ui->dirty = 1;
	return 0;
}

/* Stop the runner and forget the run. */
void
view_close(struct ui *ui)
{
	char	*cause = NULL;
	int	 i;

	runner_stop(ui);
	if (ui->recording && feed_record_stop(ui, &cause) != 0) {
		ui_message(ui, "the recording failed: %s", cause);
		free(cause);
	}
	timeline_fini(&ui->tl);
	timeline_init(&ui->tl);
	for (i = 0; i < ui->nsrc; i++)
		free(ui->src[i]);
	free(ui->src);
	ui->src = NULL;
	ui->nsrc = 0;
	buf_fini(&ui->run.captured);
	buf_fini(&ui->run.captured_err);
}

/* A run that ended shorter than the timeline: zoom in so that it fills
   most of it (unless the user chose a zoom). */
void
view_fit(struct ui *ui)
{
	uint64_t span = ui->tl.t_end - ui->tl.t0, z;

	if (ui->zoom_user || ui->tl.nevs == 0 || span == 0)
		return;
	z = view_zoom_step(span / (uint64_t)(ui->cols > 40 ? ui->cols - 30 : 10),
	    1);
	if (z < ui->zoom)
		ui->zoom = z;
}

/* Whether the playhead is moving (the frame timer should run). */
int
view_animating(const struct ui *ui)
{
	if (ui->paused || ui->tl.nevs == 0)
		return 0;
	return ui->ph < ui->tl.t_end;
}

/* Move the playhead by wall_dt seconds of real time. */
void
view_tick(struct ui *ui, double wall_dt)
{
	if (ui->tl.nevs == 0)
		return;
	if (ui->ph < ui->tl.t0)
		ui->ph = ui->tl.t0;
	if (ui->follow)
		ui->ph = ui->tl.t_end;
	else if (!ui->paused && wall_dt > 0)
		ui->ph += (uint64_t)(wall_dt * ui->speed * 1e9);
	if (ui->ph > ui->tl.t_end)
		ui->ph = ui->tl.t_end;
}

/* Whether an event is worth stopping at when stepping. */
static int
view_steppable(const struct trace_ev *ev)
{
	return ev->kind != TRACE_EV_LINE && ev->kind != TRACE_EV_GIL_REQUEST;
}

/* Step the playhead to the next (dir > 0) or previous event. */
static void
view_step(struct ui *ui, int dir)
{
	struct trace_ev	ev;
	uint64_t	t = ui->ph;
	int		tries;

	ui->paused = 1;
	ui->follow = 0;
	if (ui->tl.nevs == 0)
		return;
	for (tries = 0; tries < 100000; tries++) {
		if (dir > 0 ? model_next_event_after(ui->tl.m, t, &ev) != 0 :
		    model_prev_event_before(ui->tl.m, t, &ev) != 0) {
			if (dir > 0)
				ui_message(ui, "no later event yet");
			else
				ui->ph = ui->tl.t0;
			return;
		}
		t = ev.t;
		if (view_steppable(&ev)) {
			ui->ph = t;
			return;
		}
	}
	ui->ph = t;
}

/* Change the speed one notch. */
static void
view_speed(struct ui *ui, int dir)
{
	size_t i;

	if (dir > 0) {
		for (i = 0; i < VIEW_NSPEEDS; i++)
			if (view_speeds[i] > ui->speed * 1.0001) {
				ui->speed = view_speeds[i];
				return;
			}
	} else {
		for (i = VIEW_NSPEEDS; i > 0; i--)
			if (view_speeds[i - 1] < ui->speed * 0.9999) {
				ui->speed = view_speeds[i - 1];
				return;
			}
	}
}

/* Seek by a number of timeline columns. */
static void
view_seek(struct ui *ui, int64_t cols)
{
	int64_t d = cols * (int64_t)ui->zoom;

	ui->follow = 0;
	if (ui->tl.nevs == 0)
		return;
	if (d < 0 && (uint64_t)-d > ui->ph - ui->tl.t0)
		ui->ph = ui->tl.t0;
	else
		ui->ph = (uint64_t)((int64_t)ui->ph + d);
	if (ui->ph > ui->tl.t_end)
		ui->ph = ui->tl.t_end;
}

/* Restart: a replay from its start, a live run from scratch. */
static void
view_restart(struct ui *ui)
{
	if (ui->replaying) {
		ui->ph = ui->tl.t0;
		ui->paused = 0;
		ui->follow = 0;
		return;
	}
	runner_stop(ui);
	for (int i = 0; i < ui->nsrc; i++)
		free(ui->src[i]);
	free(ui->src);
	ui->src = NULL;
	ui->nsrc = 0;
	view_open_file(ui, &ui->cur);
	ui_message(ui, "restarted");
}

/*
 * Run the program again under the next GIL mode (modern, legacy, none): the
 * same program, side by side in time, under each of the three algorithms.
 */
static void
view_next_gil(struct ui *ui)
{
	static const char *modes[] = { "modern", "legacy", "none" };
	const char	*now = ui->gil_pick;
	size_t		 i;

	if (ui->replaying) {
		ui_message(ui, "a recording keeps the GIL mode it was made with");
		return;
	}
	if (ui->opt->watch_argv != NULL) {
		ui_message(ui, "a watched program has its own GIL (or none)");
		return;
	}
	if (now == NULL)
		now = ui->opt->gil != NULL ? ui->opt->gil :
		    ui->cur.gil != NULL ? ui->cur.gil : "modern";
	for (i = 0; i < 3; i++)
		if (strcmp(modes[i], now) == 0)
			break;
	ui->gil_pick = modes[(i + 1) % 3];
	view_restart(ui);
	ui_message(ui, "restarted with --gil=%s", ui->gil_pick);
}

/* Add an annotation at the playhead. */
static void
view_annotate(struct ui *ui, const char *text)
{
	struct trace_ev ev;

	memset(&ev, 0, sizeof ev);
	ev.t = ui->ph != 0 ? ui->ph : clock_now_ns();
	ev.kind = TRACE_EV_ANNOTATION;
	ev.str = text;
	ev.slen = (uint32_t)strlen(text);
	ev.val = ev.t;		/* the time it annotates */
	timeline_note(&ui->tl, ev.t, text);
	feed_record_note(ui, &ev);
	ui_message(ui, "annotation added at the playhead%s",
	    ui->recording ? " and recorded" : " (not recording)");
}

/* Start or stop recording (to --record's file, else a new file here). */
static void
view_toggle_record(struct ui *ui)
{
	char		 name[64], *cause = NULL;
	const char	*path = ui->opt->record;
	time_t		 now;

	if (ui->recording) {
		if (feed_record_stop(ui, &cause) != 0) {
			ui_message(ui, "the recording failed: %s", cause);
			free(cause);
		} else
			ui_message(ui, "recording stopped");
		return;
	}
	if (path == NULL) {
		now = time(NULL);
		strftime(name, sizeof name, "concviz-%Y%m%d-%H%M%S.cvz",
		    localtime(&now));
		path = name;
	}
	if (feed_record_start(ui, path, &cause) != 0) {
		ui_message(ui, "cannot record: %s", cause);
		free(cause);
		return;
	}
	ui_message(ui, "recording to %s (R stops)", path);
}

/* A key while the one-line prompt is open. */
static void
view_prompt_key(struct ui *ui, int key)
{
	switch (key) {
	case 27:
		ui->prompt = UI_PROMPT_NONE;
		break;
	case '\r': case '\n': case KEY_ENTER:
		if (ui->prompt == UI_PROMPT_FILTER) {
			free(ui->filter);
			ui->filter = ui->input.len > 0 ? xstrdup(ui->input.data) : NULL;
			ui->sel_lane = ui->lane_top = 0;
		} else if (ui->input.len > 0)
			view_annotate(ui, ui->input.data);
		ui->prompt = UI_PROMPT_NONE;
		break;
	case KEY_BACKSPACE: case 127: case 8:
		/* Remove one UTF-8 character. */
		while (ui->input.len > 0 &&
		    ((unsigned char)ui->input.data[ui->input.len - 1] & 0xc0) == 0x80)
			ui->input.len--;
		if (ui->input.len > 0)
			ui->input.len--;
		ui->input.data[ui->input.len] = '\0';
		break;
	case 21:	/* ^U */
		buf_clear(&ui->input);
		break;
	default:
		if (key >= 0x20 && key < 0x100 && key != 0x7f && ui->input.len < 200)
			buf_addc(&ui->input, (char)key);
		break;
	}
}

/* Open the prompt. */
static void
view_prompt_open(struct ui *ui, enum ui_prompt p)
{
	ui->prompt = p;
	buf_clear(&ui->input);
	if (p == UI_PROMPT_FILTER && ui->filter != NULL)
		buf_adds(&ui->input, ui->filter);
}

/* Scroll or select in the focused pane. */
static void
view_move(struct ui *ui, int d)
{
	int n;

	switch (ui->focus) {
	case UI_PANE_LANES:
		panes_lanes(ui, &n);
		ui->sel_lane += d;
		if (ui->sel_lane >= n)
			ui->sel_lane = n - 1;
		if (ui->sel_lane < 0)
			ui->sel_lane = 0;
		break;
	case UI_PANE_SOURCE:
		ui->src_top += d;
		if (ui->src_top > ui->nsrc - 1)
			ui->src_top = ui->nsrc - 1;
		if (ui->src_top < 0)
			ui->src_top = 0;
		break;
	case UI_PANE_NARRATION:
		ui->narr_back -= d;
		if (ui->narr_back < 0)
			ui->narr_back = 0;
		break;
	case UI_PANE_OUTPUT:
		ui->out_back -= d;
		if (ui->out_back < 0)
			ui->out_back = 0;
		break;
	default:
		break;
	}
}

/* Keys in the running view. */
void
view_key(struct ui *ui, int key)
{
	ui->dirty = 1;
	if (ui->prompt != UI_PROMPT_NONE) {
		view_prompt_key(ui, key);
		return;
	}
	if (ui->help) {
		ui->help = 0;
		return;
	}
	free(ui->message);
	ui->message = NULL;
	switch (key) {
	case ' ':
		ui->paused = !ui->paused;
		if (ui->paused)
			ui->follow = 0;
		break;
	case '.':
		view_step(ui, 1);
		break;
	case ',':
		view_step(ui, -1);
		break;
	case '+': case '=':
		view_speed(ui, 1);
		break;
	case '-': case '_':
		view_speed(ui, -1);
		break;
	case '[':
		ui->zoom = view_zoom_step(ui->zoom, 1);
		ui->zoom_user = 1;
		break;
	case ']':
		ui->zoom = view_zoom_step(ui->zoom, -1);
		ui->zoom_user = 1;
		break;
	case KEY_LEFT: case 'h':
		view_seek(ui, -5);
		break;
	case KEY_RIGHT: case 'l':
		view_seek(ui, 5);
		break;
	case KEY_SLEFT: case 'H':
		view_seek(ui, -50);
		break;
	case KEY_SRIGHT: case 'L':
		view_seek(ui, 50);
		break;
	case KEY_HOME: case 'g':
		ui->follow = 0;
		ui->ph = ui->tl.t0;
		break;
	case KEY_END: case 'G':
		ui->follow = 1;
		ui->paused = 0;
		ui->ph = ui->tl.t_end;
		break;
	case KEY_UP: case 'k':
		view_move(ui, -1);
		break;
	case KEY_DOWN: case 'j':
		view_move(ui, 1);
		break;
	case KEY_PPAGE:
		view_move(ui, -10);
		break;
	case KEY_NPAGE:
		view_move(ui, 10);
		break;
	case '\t':
		ui->focus = (ui->focus + 1) % UI_PANE_COUNT;
		break;
	case KEY_BTAB:
		ui->focus = (ui->focus + UI_PANE_COUNT - 1) % UI_PANE_COUNT;
		break;
	case '\r': case '\n': case KEY_ENTER:
		ui->details = !ui->details;
		break;
	case '/':
		view_prompt_open(ui, UI_PROMPT_FILTER);
		break;
	case 'a':
		view_prompt_open(ui, UI_PROMPT_ANNOTATE);
		break;
	case 'R':
		view_toggle_record(ui);
		break;
	case 'r':
		view_restart(ui);
		break;
	case 'm':
		view_next_gil(ui);
		break;
	case '?':
		ui->help = 1;
		break;
	case 12:	/* ^L */
		clearok(curscr, TRUE);
		break;
	case 27:
		ui->details = 0;
		break;
	case 'q': case 'Q':
		if (ui->details) {
			ui->details = 0;
			break;
		}
		if (ui->filter != NULL) {
			free(ui->filter);
			ui->filter = NULL;
			break;
		}
		if (ui->from_menu && key == 'q') {
			view_close(ui);
			buf_init(&ui->run.captured);
			buf_init(&ui->run.captured_err);
			ui->mode = UI_MENU;
		} else
			ui->mode = UI_QUIT;
		break;
	}
}

/* A click: select a lane (a double click inspects it), or focus a pane. */
void
view_mouse(struct ui *ui, int y, int x, int button)
{
	struct ui_rect	*r[] = { &ui->r_lanes, &ui->r_source, &ui->r_narr,
			    &ui->r_out };
	int		 i, k;

	ui->dirty = 1;
	for (i = 0; i < UI_PANE_COUNT; i++)
		if (y >= r[i]->y && y < r[i]->y + r[i]->h && x >= r[i]->x &&
		    x < r[i]->x + r[i]->w)
			ui->focus = (enum ui_pane)i;
	if (ui->focus != UI_PANE_LANES)
		return;
	k = panes_lane_at_row(ui, y);
	if (k < 0)
		return;
	if (k == ui->sel_lane && button == 1)
		ui->details = !ui->details;
	ui->sel_lane = k;
	if (button == 2)
		ui->details = 1;
}

/* The status line: title, playhead, speed, live/paused, recording, losses. */
static void
view_status(struct ui *ui)
{
	char		 left[256], right[256], sp[16], t[32], lostbuf[96];
	const char	*state;
	int		 x;
	uint64_t	 lost;

	attron(A_REVERSE);
	mvhline(0, 0, ' ', ui->cols);
	snprintf(left, sizeof left, " concviz %s %s", ui->utf8 ? "│" : "|",
	    ui->cur.title != NULL ? ui->cur.title : "");

	words_duration(ui->ph > ui->tl.t0 ? ui->ph - ui->tl.t0 : 0, t, sizeof t);
	if (ui->paused)
		state = ui->utf8 ? "‖ PAUSED" : "|| PAUSED";
	else if (!ui->replaying && ui->run.alive && (ui->follow ||
	    (ui->ph >= ui->tl.t_end && ui->tl.nevs > 0)))
		state = ui->utf8 ? "● LIVE" : "* LIVE";
	else if (ui->tl.nevs > 0 && ui->ph >= ui->tl.t_end)
		state = ui->utf8 ? "■ END" : "# END";
	else
		state = ui->utf8 ? "▶ PLAY" : "> PLAY";
	lost = model_counters(ui->tl.m)->overflow_lost;
	if (lost > 0)
		snprintf(lostbuf, sizeof lostbuf, "LOST %llu  ",
		    (unsigned long long)lost);
	else
		lostbuf[0] = '\0';
	if (!ui->replaying && ui->run.pid > 0 && !ui->run.alive &&
	    !(WIFEXITED(ui->run.status) && WEXITSTATUS(ui->run.status) == 0)) {
		size_t l = strlen(lostbuf);

		if (WIFEXITED(ui->run.status))
			snprintf(lostbuf + l, sizeof lostbuf - l, "exit %d  ",
			    WEXITSTATUS(ui->run.status));
		else if (WIFSIGNALED(ui->run.status))
			snprintf(lostbuf + l, sizeof lostbuf - l, "killed by %d  ",
			    WTERMSIG(ui->run.status));
	}
	snprintf(right, sizeof right, "%s%s t=%s  speed %s  %s ", lostbuf,
	    ui->recording ? (ui->utf8 ? "● REC " : "* REC ") : "",
	    t, view_speed_label(ui->speed, sp, sizeof sp), state);
	/* The indicators always fit; the title gets what is left. */
	x = ui->cols - (int)strlen(right) + (ui->utf8 ? 2 : 0) +
	    (ui->utf8 && ui->recording ? 2 : 0);
	if (x < 0)
		x = 0;
	panes_put(ui, 0, 0, x - 1, left);
	attron(A_BOLD);
	mvaddstr(0, x, right);
	attroff(A_BOLD);
	attroff(A_REVERSE);
}

/* The key line (or the prompt, or a message). */
static void
view_footer(struct ui *ui)
{
	int y = ui->rows - 1;

	move(y, 0);
	clrtoeol();
	if (ui->prompt != UI_PROMPT_NONE) {
		attron(A_BOLD);
		mvaddstr(y, 0, ui->prompt == UI_PROMPT_FILTER ? "Filter lanes: " :
		    "Annotation at the playhead: ");
		attroff(A_BOLD);
		addnstr(ui->input.data != NULL ? ui->input.data : "", ui->cols - 30);
		attron(A_REVERSE);
		addch(' ');
		attroff(A_REVERSE);
		return;
	}
	if (ui->message != NULL) {
		attron(theme_attr(UI_C_MARK));
		mvaddnstr(y, 1, ui->message, ui->cols - 2);
		attroff(theme_attr(UI_C_MARK));
		return;
	}
	attron(theme_attr(UI_C_DIM));
	mvaddnstr(y, 1, ui->cols >= 118 ?
	    "Space pause  . step  +/- speed  [ ] zoom  \xe2\x86\x90\xe2\x86\x92 seek  "
	    "End live  r restart  m GIL mode  Tab pane  Enter inspect  / filter  ? help  q back" :
	    "Space pause  . step  +/- speed  [ ] zoom  h/l seek  Tab  ? help  q back",
	    ui->cols - 2);
	attroff(theme_attr(UI_C_DIM));
	if (!ui->utf8 && ui->cols >= 118)
		mvaddnstr(y, 44, "<- ->", 5);
}

/* The help overlay. */
static void
view_help(struct ui *ui)
{
	static const char *lines[] = {
		"Space        pause or resume the playhead",
		".  ,         step to the next / previous event",
		"+  -         faster / slower (1/1000 .. 1x)",
		"[  ]         zoom the timeline out / in",
		"Left Right   seek (h l; H L or Shift: further)",
		"Home  End    the start / jump to live",
		"Up Down      select a lane, scroll a pane (j k)",
		"Tab          next pane",
		"Enter        inspect the selected thread",
		"/            filter lanes by name",
		"a            type an annotation at the playhead",
		"R            recording",
		"r            restart the scenario",
		"m            restart under the next GIL mode (modern,",
		"             legacy, none)",
		"q            back to the menu (Q quits)",
		"",
		"Lanes: " ,
	};
	struct ui_rect	h;
	int		i, n = (int)(sizeof lines / sizeof lines[0]), x;

	h.w = 62;
	h.h = n + 3;
	h.y = (ui->rows - h.h) / 2;
	h.x = (ui->cols - h.w) / 2;
	if (h.y < 1)
		h.y = 1;
	for (i = 0; i < h.h; i++)
		mvhline(h.y + i, h.x, ' ', h.w);
	theme_box(ui, h, "Keys (any key closes)", 1);
	for (i = 0; i < n; i++)
		mvaddnstr(h.y + 1 + i, h.x + 2, lines[i], h.w - 4);
	/* The legend, coloured. */
	x = h.x + 9;
	for (i = 0; i < TRACE_ST_TERMINATED; i++) {
		static const char *names[] = { "new", "running", "ready",
		    "blocked", "timed" };

		attron(theme_attr(theme_state_color(i)));
		mvaddstr(h.y + n, x, theme_state_glyph(i));
		attroff(theme_attr(theme_state_color(i)));
		mvaddstr(h.y + n, x + 1, names[i]);
		x += (int)strlen(names[i]) + 2;
	}
	mvaddstr(h.y + n, x, "blank: ended");
}

/* Lay the panes out for the current size. */
static void
view_layout(struct ui *ui)
{
	int n, lh, y2, h2, right, left, sh, gh, lph, rest;

	panes_lanes(ui, &n);
	lh = n + 4 + (ui->tl.nent > 0 ? 1 : 0);
	if (lh < 7)
		lh = 7;
	if (lh > (ui->rows - 2) * 2 / 5)
		lh = (ui->rows - 2) * 2 / 5;
	ui->r_lanes = (struct ui_rect){ 1, 0, lh, ui->cols };
	y2 = 1 + lh;
	h2 = ui->rows - 1 - y2;
	right = ui->cols >= 120 ? 50 : ui->cols * 45 / 100;
	left = ui->cols - right;
	sh = (h2 >= 26 && right >= 48) ? 10 : 7;
	gh = h2 >= 24 ? 7 : h2 >= 18 ? 4 : 3;
	lph = ui->tl.nloops > 0 && h2 >= 30 ? 7 : 0;
	rest = h2 - sh - gh - lph;
	if (rest < 3) {
		gh = 3;
		rest = h2 - sh - gh - lph;
	}
	if (ui->tl.nloops > 0 && lph == 0) {
		/* Small screens: the loop panel takes the GIL panel's place. */
		lph = gh;
		gh = 0;
	}
	ui->r_states = (struct ui_rect){ y2, left, sh, right };
	ui->r_gil = (struct ui_rect){ y2 + sh, left, gh, right };
	ui->r_loop = (struct ui_rect){ y2 + sh + gh, left, lph, right };
	ui->r_out = (struct ui_rect){ y2 + sh + gh + lph, left, rest, right };
	ui->r_source = (struct ui_rect){ y2, 0, h2 * 3 / 5, left };
	ui->r_narr = (struct ui_rect){ y2 + h2 * 3 / 5, 0, h2 - h2 * 3 / 5, left };
}

/* Draw the whole view. */
void
view_draw(struct ui *ui)
{
	erase();
	view_layout(ui);
	view_status(ui);
	panes_lanes_draw(ui, ui->r_lanes);
	panes_source_draw(ui, ui->r_source);
	panes_states_draw(ui, ui->r_states);
	if (ui->r_gil.h > 0)
		panes_gil_draw(ui, ui->r_gil);
	if (ui->r_loop.h > 0)
		panes_loop_draw(ui, ui->r_loop);
	panes_narration_draw(ui, ui->r_narr);
	panes_output_draw(ui, ui->r_out);
	if (ui->details)
		panes_details_draw(ui);
	if (ui->help)
		view_help(ui);
	view_footer(ui);
}
