/*
 * ui.h — the interactive program: one libev loop, one terminal, two screens
 * (the scenario menu and the running view) and the runner process that feeds
 * the view. Internal to src/ui/; the commands enter through ui_main().
 *
 * Everything here runs on the main thread, in libev callbacks. Panes draw
 * only from the timeline (what was true at the playhead), never from the
 * runtime, so a live run and a replay look the same.
 */
#ifndef CONCVIZ_UI_UI_H
#define CONCVIZ_UI_UI_H

#include <stdint.h>
#include <sys/types.h>

#include <ev.h>

#include "core/buf.h"
#include "ui/scenario.h"
#include "ui/timeline.h"

/* How the UI starts (filled by the commands). */
struct ui_options {
	const char	*file;		/* FILE.py to run, or NULL for the menu */
	const char	*replay;	/* FILE.cvz to replay, or NULL */
	const char	*record;	/* record to this .cvz, or NULL */
	const char	*self;		/* how to re-execute concviz */
	const char	*gil;		/* --gil for the program, or NULL */
	const char	*breaker;	/* --breaker, or NULL */
	double		 switch_ms;	/* --switch-interval, or 0 */
	/* concviz watch / attach: the runner samples /proc instead. */
	char *const	*watch_argv;	/* COMMAND ARG... or PID; NULL if not */
	int		 watch_argc;
	int		 watch_attach;	/* 1: attach PID, 0: watch COMMAND */
	double		 watch_interval_ms;
	const char	*watch_title;	/* "COMMAND ARG..." or "attach PID" */
};

/* Open the terminal and run until the user quits. Returns an exit status. */
int	ui_main(const struct ui_options *opt);

/* The runner: the workload in its own process group, with its pipes. */
struct ui_runner {
	pid_t		 pid;		/* 0 when none */
	int		 alive;
	int		 status;	/* wait status once it ended */
	int		 fds[3];	/* stream, stdout, stderr; -1 when closed */
	struct ev_io	 w[3];
	struct ev_child	 wchild;
	struct buf	 captured;	/* stdout + stderr as received */
	struct buf	 captured_err;	/* stderr alone (tracebacks) */
	uint64_t	 stream_bytes;
	uint64_t	 t_start;	/* clock_now_ns() at start */
	char		*error;		/* why it could not start */
};

enum ui_mode { UI_MENU, UI_VIEW, UI_QUIT };
enum ui_pane { UI_PANE_LANES, UI_PANE_SOURCE, UI_PANE_NARRATION,
	UI_PANE_OUTPUT, UI_PANE_COUNT };
enum ui_prompt { UI_PROMPT_NONE, UI_PROMPT_FILTER, UI_PROMPT_ANNOTATE };

/* A rectangle on the screen. */
struct ui_rect {
	int y, x, h, w;
};

struct ui {
	const struct ui_options *opt;
	struct ev_loop	*loop;
	struct ev_io	 wstdin;
	struct ev_signal wwinch, wint, wterm, whup;
	struct ev_timer	 wframe;	/* runs only while animating */
	struct ev_timer	 wsoon;		/* one redraw soon after new data */

	int		 color, utf8, mouse;
	int		 rows, cols;
	int		 dirty;
	enum ui_mode	 mode;
	int		 from_menu;
	int		 exit_code;

	/* Menu. */
	struct scenario_list list;
	int		 sel;

	/* View. */
	struct scenario	 cur;
	char		**src;		/* source lines */
	int		 nsrc;
	struct timeline	 tl;
	struct ui_runner run;
	int		 replaying;
	const char	*gil_pick;	/* GIL mode chosen with 'm', or NULL */
	char		*load_error;	/* replay/run problem shown in the view */

	/* Playhead. */
	uint64_t	 ph;		/* absolute trace ns */
	double		 speed;
	int		 paused;
	int		 follow;	/* stick to the newest event */
	ev_tstamp	 last_tick;
	uint64_t	 zoom;		/* ns per timeline column */
	int		 zoom_user;	/* the user chose the zoom: keep it */

	/* Panes. */
	enum ui_pane	 focus;
	int		 sel_lane;	/* index into the visible lanes */
	int		 lane_top;
	int		 src_top, narr_back, out_back;
	int		 help, details;
	char		*filter;
	enum ui_prompt	 prompt;
	struct buf	 input;
	char		*message;
	int		 recording;
	struct ui_rect	 r_lanes, r_source, r_states, r_gil, r_loop,
			 r_narr, r_out;
};

/* app.c */
void	ui_redraw(struct ui *);
void	ui_animate(struct ui *);
void	ui_message(struct ui *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* theme.c: colours and glyphs. */
enum ui_color {
	UI_C_NORMAL = 0, UI_C_TITLE, UI_C_BORDER, UI_C_FOCUS, UI_C_DIM,
	UI_C_NEW, UI_C_RUNNING, UI_C_READY, UI_C_BLOCKED, UI_C_TIMED,
	UI_C_TERMINATED, UI_C_ZOMBIE, UI_C_GIL, UI_C_PLAYHEAD, UI_C_WARN,
	UI_C_SELECT, UI_C_MARK, UI_C_COUNT
};
void		 theme_init(struct ui *);
int		 theme_attr(enum ui_color);
int		 theme_state_color(int state);
const char	*theme_state_glyph(int state);
void		 theme_box(struct ui *, struct ui_rect, const char *title,
		    int focused);
void		 theme_hline(struct ui *, int y, int x, int w);
void		 theme_fatal_init(void);
#ifdef NCURSES_VERSION
const cchar_t	*theme_state_cell(int state);
const cchar_t	*theme_free_gil_cell(void);
#endif
void		 theme_restore_terminal(void);

/* menu.c */
void	menu_draw(struct ui *);
void	menu_key(struct ui *, int key);
void	menu_mouse(struct ui *, int y, int x);

/* view.c */
int	view_open_file(struct ui *, const struct scenario *);
int	view_open_replay(struct ui *, const char *path, char **cause);
void	view_close(struct ui *);
void	view_draw(struct ui *);
void	view_key(struct ui *, int key);
void	view_mouse(struct ui *, int y, int x, int button);
void	view_tick(struct ui *, double wall_dt);
int	view_animating(const struct ui *);
const char *view_speed_label(double speed, char *buf, size_t len);
void	view_set_source(struct ui *, const char *text);
void	view_fit(struct ui *);

/* panes.c */
const struct model_entity **panes_lanes(struct ui *, int *n);
void	panes_lanes_draw(struct ui *, struct ui_rect);
void	panes_source_draw(struct ui *, struct ui_rect);
void	panes_states_draw(struct ui *, struct ui_rect);
void	panes_gil_draw(struct ui *, struct ui_rect);
void	panes_loop_draw(struct ui *, struct ui_rect);
void	panes_narration_draw(struct ui *, struct ui_rect);
void	panes_output_draw(struct ui *, struct ui_rect);
void	panes_details_draw(struct ui *);
void	panes_put(struct ui *, int y, int x, int w, const char *s);
int	panes_lane_at_row(struct ui *, int y);

/* runner.c */
int	runner_start(struct ui *, const char *path, char **cause);
void	runner_stop(struct ui *);
void	runner_kill_all(void);

#endif
