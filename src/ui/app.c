/*
 * app.c — the interactive program's skeleton: opens the terminal (newterm,
 * checked), runs the one libev loop (stdin, SIGWINCH, SIGINT, SIGTERM,
 * SIGHUP, the runner's SIGCHLD through ev_child, and a frame timer that runs
 * only while the playhead moves), and restores the terminal on every way
 * out: normal return, atexit, and fatal signals. Screens (menu.c, view.c)
 * draw into stdscr; this file decides when, and flushes once per change.
 */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "ui/ui.h"

#define UI_MIN_COLS	80
#define UI_MIN_ROWS	24
#define UI_FRAME_S	(1.0 / 25)	/* animation frame period */

static SCREEN	*app_screen;
static int	 app_curses_on;

/* atexit: leave curses if it is still on. */
static void
app_atexit(void)
{
	if (app_curses_on) {
		endwin();
		app_curses_on = 0;
	}
	runner_kill_all();
}

/* A fatal signal: restore the terminal with safe calls, then die of it. */
static void
app_fatal_signal(int sig)
{
	runner_kill_all();
	theme_restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Install the last-resort handlers. */
static void
app_fatal_handlers(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = app_fatal_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

/* Set a one-line message for the footer. */
void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	free(ui->message);
	va_start(ap, fmt);
	ui->message = xvasprintf(fmt, ap);
	va_end(ap);
	ui->dirty = 1;
}

/* The "enlarge the terminal" screen. */
static void
app_draw_small(struct ui *ui)
{
	char	line[128];
	int	y = ui->rows / 2 - 1;

	erase();
	snprintf(line, sizeof line, "Please enlarge the terminal");
	mvaddnstr(y < 0 ? 0 : y, 0, "", 0);
	attron(theme_attr(UI_C_WARN));
	mvaddnstr(y < 0 ? 0 : y, (ui->cols - (int)strlen(line)) / 2 > 0 ?
	    (ui->cols - (int)strlen(line)) / 2 : 0, line, ui->cols);
	attroff(theme_attr(UI_C_WARN));
	snprintf(line, sizeof line, "to at least %dx%d (now %dx%d)",
	    UI_MIN_COLS, UI_MIN_ROWS, ui->cols, ui->rows);
	if (y + 1 < ui->rows)
		mvaddnstr(y + 1, (ui->cols - (int)strlen(line)) / 2 > 0 ?
		    (ui->cols - (int)strlen(line)) / 2 : 0, line, ui->cols);
	snprintf(line, sizeof line, "q to quit");
	if (y + 2 < ui->rows)
		mvaddnstr(y + 2, (ui->cols - (int)strlen(line)) / 2 > 0 ?
		    (ui->cols - (int)strlen(line)) / 2 : 0, line, ui->cols);
}

/* Draw the current screen if something changed, and flush once. */
void
ui_redraw(struct ui *ui)
{
	if (!ui->dirty || ui->mode == UI_QUIT)
		return;
	ui->dirty = 0;
	if (ui->cols < UI_MIN_COLS || ui->rows < UI_MIN_ROWS)
		app_draw_small(ui);
	else if (ui->mode == UI_MENU)
		menu_draw(ui);
	else
		view_draw(ui);
	wnoutrefresh(stdscr);
	doupdate();
}

/* Start or stop the frame timer to match whether anything moves. */
void
ui_animate(struct ui *ui)
{
	int want = ui->mode == UI_VIEW && view_animating(ui);

	if (want && !ev_is_active(&ui->wframe)) {
		ui->last_tick = ev_now(ui->loop);
		ev_timer_set(&ui->wframe, UI_FRAME_S, UI_FRAME_S);
		ev_timer_start(ui->loop, &ui->wframe);
	} else if (!want && ev_is_active(&ui->wframe))
		ev_timer_stop(ui->loop, &ui->wframe);
}

/* Frame timer: move the playhead and draw. */
static void
app_frame_cb(struct ev_loop *loop, struct ev_timer *w, int revents)
{
	struct ui	*ui = w->data;
	ev_tstamp	 now = ev_now(loop);

	(void)revents;
	view_tick(ui, now - ui->last_tick);
	ui->last_tick = now;
	ui->dirty = 1;
	ui_redraw(ui);
	ui_animate(ui);
}

/* One redraw soon after new data while nothing animates. */
static void
app_soon_cb(struct ev_loop *loop, struct ev_timer *w, int revents)
{
	struct ui *ui = w->data;

	(void)loop;
	(void)revents;
	view_tick(ui, 0);
	ui->dirty = 1;
	ui_redraw(ui);
	ui_animate(ui);
}

/* Read the terminal's size and tell curses. */
static void
app_resize(struct ui *ui)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui->rows = LINES;
	ui->cols = COLS;
	clearok(curscr, TRUE);
	ui->dirty = 1;
}

/* SIGWINCH. */
static void
app_winch_cb(struct ev_loop *loop, struct ev_signal *w, int revents)
{
	struct ui *ui = w->data;

	(void)loop;
	(void)revents;
	app_resize(ui);
	ui_redraw(ui);
}

/* SIGINT, SIGTERM, SIGHUP: quit in order. */
static void
app_quit_cb(struct ev_loop *loop, struct ev_signal *w, int revents)
{
	struct ui *ui = w->data;

	(void)revents;
	ui->mode = UI_QUIT;
	if (w->signum != SIGINT)
		ui->exit_code = 128 + w->signum;
	ev_break(loop, EVBREAK_ALL);
}

/* Keys and mouse. */
static void
app_stdin_cb(struct ev_loop *loop, struct ev_io *w, int revents)
{
	struct ui	*ui = w->data;
	MEVENT		 m;
	int		 key;

	(void)revents;
	while (ui->mode != UI_QUIT && (key = getch()) != ERR) {
		if (key == KEY_RESIZE) {
			/* curses has resized already (resizeterm queues this). */
			ui->rows = LINES;
			ui->cols = COLS;
			ui->dirty = 1;
			continue;
		}
		if (ui->cols < UI_MIN_COLS || ui->rows < UI_MIN_ROWS) {
			if (key == 'q' || key == 'Q')
				ui->mode = UI_QUIT;
			continue;
		}
		if (key == KEY_MOUSE) {
			if (getmouse(&m) != OK)
				continue;
			if (m.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED |
			    BUTTON1_DOUBLE_CLICKED)) {
				if (ui->mode == UI_MENU)
					menu_mouse(ui, m.y, m.x);
				else
					view_mouse(ui, m.y, m.x,
					    (m.bstate & BUTTON1_DOUBLE_CLICKED) ? 2 : 1);
			}
#ifdef BUTTON5_PRESSED
			else if (ui->mode == UI_VIEW && (m.bstate & BUTTON4_PRESSED))
				view_key(ui, KEY_UP);
			else if (ui->mode == UI_VIEW && (m.bstate & BUTTON5_PRESSED))
				view_key(ui, KEY_DOWN);
#endif
			continue;
		}
		if (ui->mode == UI_MENU)
			menu_key(ui, key);
		else
			view_key(ui, key);
	}
	if (ui->mode == UI_QUIT) {
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	ui_redraw(ui);
	ui_animate(ui);
}

/* Open the terminal; returns -1 with a message printed if it cannot. */
static int
app_open_terminal(struct ui *ui)
{
	const char *term = getenv("TERM");
	const char *cs;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "concviz: the interactive view needs a terminal "
		    "(use %s in scripts)\n", ui->opt->watch_argv != NULL ?
		    (ui->opt->watch_attach ? "'concviz attach --headless PID'" :
		    "'concviz watch --headless -- COMMAND'") :
		    "'concviz run --headless FILE.py'");
		return -1;
	}
	if (term == NULL || *term == '\0') {
		fprintf(stderr, "concviz: TERM is not set; set it to your "
		    "terminal's type, for example TERM=xterm-256color\n");
		return -1;
	}
	theme_fatal_init();
	if ((app_screen = newterm(NULL, stdout, stdin)) == NULL) {
		fprintf(stderr, "concviz: cannot use the terminal type '%s': no "
		    "terminfo entry for it was found; set TERM to a known type, "
		    "for example TERM=xterm-256color\n", term);
		return -1;
	}
	set_term(app_screen);
	app_curses_on = 1;
	cs = nl_langinfo(CODESET);
	ui->utf8 = cs != NULL && strcmp(cs, "UTF-8") == 0;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	ui->mouse = mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED |
	    BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	    | BUTTON5_PRESSED
#endif
	    , NULL) != 0;
	mouseinterval(0);
	theme_init(ui);
	ui->rows = LINES;
	ui->cols = COLS;
	return 0;
}

/* Leave curses. */
static void
app_close_terminal(void)
{
	if (app_curses_on) {
		endwin();
		app_curses_on = 0;
	}
	if (app_screen != NULL) {
		delscreen(app_screen);
		app_screen = NULL;
	}
}

/* Open the terminal and run until the user quits. */
int
ui_main(const struct ui_options *opt)
{
	struct ui	 ui;
	char		**dirs, *cause = NULL;
	struct scenario	 sc;
	int		 rc;

	memset(&ui, 0, sizeof ui);
	ui.opt = opt;
	ui.speed = SCENARIO_SPEED_DEFAULT;
	buf_init(&ui.input);
	buf_init(&ui.run.captured);
	buf_init(&ui.run.captured_err);
	timeline_init(&ui.tl);

	/* Load what does not need the terminal first: errors go to stderr. */
	if (opt->watch_argv != NULL) {
		ui.cur.title = xstrdup(opt->watch_title);
		ui.cur.topic = -1;
		ui.cur.speed = SCENARIO_SPEED_DEFAULT;
	} else if (opt->file != NULL) {
		if (scenario_load_file(opt->file, &sc, 0, &cause) != 0) {
			fprintf(stderr, "concviz: %s: %s\n", opt->file, cause);
			free(cause);
			return 1;
		}
		ui.cur = sc;
	} else if (opt->replay == NULL) {
		dirs = scenario_dirs();
		scenario_list_load(&ui.list, dirs);
		scenario_dirs_free(dirs);
	}

	if (app_open_terminal(&ui) != 0) {
		scenario_list_free(&ui.list);
		scenario_fini(&ui.cur);
		return 1;
	}
	atexit(app_atexit);
	app_fatal_handlers();
	/* Orphans of the runner's group become ours, so we can reap them. */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

	ui.loop = EV_DEFAULT;
	ev_io_init(&ui.wstdin, app_stdin_cb, STDIN_FILENO, EV_READ);
	ui.wstdin.data = &ui;
	ev_io_start(ui.loop, &ui.wstdin);
	ev_signal_init(&ui.wwinch, app_winch_cb, SIGWINCH);
	ev_signal_init(&ui.wint, app_quit_cb, SIGINT);
	ev_signal_init(&ui.wterm, app_quit_cb, SIGTERM);
	ev_signal_init(&ui.whup, app_quit_cb, SIGHUP);
	ui.wwinch.data = ui.wint.data = ui.wterm.data = ui.whup.data = &ui;
	ev_signal_start(ui.loop, &ui.wwinch);
	ev_signal_start(ui.loop, &ui.wint);
	ev_signal_start(ui.loop, &ui.wterm);
	ev_signal_start(ui.loop, &ui.whup);
	ev_timer_init(&ui.wframe, app_frame_cb, UI_FRAME_S, UI_FRAME_S);
	ui.wframe.data = &ui;
	ev_timer_init(&ui.wsoon, app_soon_cb, 0.1, 0);
	ui.wsoon.data = &ui;

	if (opt->replay != NULL) {
		ui.mode = UI_VIEW;
		if (view_open_replay(&ui, opt->replay, &cause) != 0) {
			/* cmd_replay checked the file already; show why anyway. */
			ui.load_error = cause;
		}
	} else if (opt->file != NULL || opt->watch_argv != NULL) {
		ui.mode = UI_VIEW;
		view_open_file(&ui, &ui.cur);
	} else
		ui.mode = UI_MENU;

	ui.dirty = 1;
	ui_redraw(&ui);
	ui_animate(&ui);
	ev_run(ui.loop, 0);

	view_close(&ui);
	timeline_fini(&ui.tl);
	app_close_terminal();
	ev_io_stop(ui.loop, &ui.wstdin);
	ev_signal_stop(ui.loop, &ui.wwinch);
	ev_signal_stop(ui.loop, &ui.wint);
	ev_signal_stop(ui.loop, &ui.wterm);
	ev_signal_stop(ui.loop, &ui.whup);
	ev_timer_stop(ui.loop, &ui.wframe);
	ev_timer_stop(ui.loop, &ui.wsoon);
	rc = ui.exit_code;
	scenario_list_free(&ui.list);
	scenario_fini(&ui.cur);
	buf_fini(&ui.input);
	free(ui.message);
	free(ui.filter);
	free(ui.load_error);
	return rc;
}
