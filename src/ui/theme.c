/*
 * theme.c — how things look: colour pairs (or monochrome attributes when
 * there is no colour or NO_COLOR is set), the glyph for each state in UTF-8
 * or ASCII, pane borders, and the last-resort terminal restore that a fatal
 * signal handler may call. Owns no state except the palette and the restore
 * bytes computed at start-up.
 */
#include "config.h"

#include <curses.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "ui/ui.h"

static int		theme_attrs[UI_C_COUNT];
static cchar_t		theme_cells[TRACE_ST_COUNT];	/* glyph + colour */
static cchar_t		theme_free_cell;		/* a free GIL */
static int		theme_utf8;

/* Bytes that put the terminal back (computed before anything can crash). */
static char		theme_restore_bytes[256];
static size_t		theme_restore_len;
static struct termios	theme_saved_tio;
static int		theme_saved_ok;
static volatile sig_atomic_t theme_curses_on;

/* The state colours: foreground on the default background. */
static const struct {
	enum ui_color	c;
	short		fg;
	int		mono;
} theme_palette[] = {
	{ UI_C_TITLE,		COLOR_CYAN,	A_BOLD },
	{ UI_C_BORDER,		COLOR_BLUE,	A_NORMAL },
	{ UI_C_FOCUS,		COLOR_YELLOW,	A_BOLD },
	{ UI_C_DIM,		COLOR_WHITE,	A_DIM },
	{ UI_C_NEW,		COLOR_WHITE,	A_DIM },
	{ UI_C_RUNNING,		COLOR_GREEN,	A_BOLD },
	{ UI_C_READY,		COLOR_YELLOW,	A_NORMAL },
	{ UI_C_BLOCKED,		COLOR_RED,	A_NORMAL },
	{ UI_C_TIMED,		COLOR_CYAN,	A_NORMAL },
	{ UI_C_TERMINATED,	COLOR_WHITE,	A_DIM },
	{ UI_C_ZOMBIE,		COLOR_MAGENTA,	A_DIM },
	{ UI_C_GIL,		COLOR_MAGENTA,	A_BOLD },
	{ UI_C_PLAYHEAD,	COLOR_YELLOW,	A_BOLD },
	{ UI_C_WARN,		COLOR_RED,	A_BOLD },
	{ UI_C_SELECT,		-1,		A_REVERSE },
	{ UI_C_MARK,		COLOR_YELLOW,	A_BOLD },
};

/* Append a terminfo string to the restore bytes. */
static void
theme_restore_add(const char *cap)
{
	char	*s = tigetstr(cap);
	size_t	 n;

	if (s == NULL || s == (char *)-1)
		return;
	n = strlen(s);
	if (theme_restore_len + n < sizeof theme_restore_bytes) {
		memcpy(theme_restore_bytes + theme_restore_len, s, n);
		theme_restore_len += n;
	}
}

/* Save the terminal modes before curses changes them. */
void
theme_fatal_init(void)
{
	if (tcgetattr(STDIN_FILENO, &theme_saved_tio) == 0)
		theme_saved_ok = 1;
}

/* Choose colours and glyphs once the terminal is open. */
void
theme_init(struct ui *ui)
{
	size_t	i;
	short	n = 1;

	theme_utf8 = ui->utf8;
	ui->color = has_colors() && getenv("NO_COLOR") == NULL;
	if (ui->color) {
		start_color();
		use_default_colors();
	}
	for (i = 0; i < sizeof theme_palette / sizeof theme_palette[0]; i++) {
		if (ui->color && theme_palette[i].fg >= 0) {
			init_pair(n, theme_palette[i].fg, -1);
			theme_attrs[theme_palette[i].c] = (int)COLOR_PAIR(n);
			if (theme_palette[i].c == UI_C_TITLE ||
			    theme_palette[i].c == UI_C_FOCUS ||
			    theme_palette[i].c == UI_C_RUNNING ||
			    theme_palette[i].c == UI_C_WARN ||
			    theme_palette[i].c == UI_C_PLAYHEAD ||
			    theme_palette[i].c == UI_C_MARK)
				theme_attrs[theme_palette[i].c] |= A_BOLD;
			n++;
		} else
			theme_attrs[theme_palette[i].c] = theme_palette[i].mono;
	}
	/* Timeline cells as ready-made wide characters: no conversion per cell. */
	for (i = 0; i < TRACE_ST_COUNT; i++) {
		wchar_t	wc[2] = { 0, 0 };
		int	a = theme_attrs[theme_state_color((int)i)];

		mbstowcs(wc, theme_state_glyph((int)i), 1);
		setcchar(&theme_cells[i], wc, (attr_t)(a & ~A_COLOR),
		    (short)PAIR_NUMBER(a), NULL);
	}
	{
		wchar_t	wc[2] = { ui->utf8 ? L'\u00b7' : L'.', 0 };
		int	a = theme_attrs[UI_C_DIM];

		setcchar(&theme_free_cell, wc, (attr_t)(a & ~A_COLOR),
		    (short)PAIR_NUMBER(a), NULL);
	}
	theme_restore_len = 0;
	theme_restore_add("sgr0");
	theme_restore_add("cnorm");
	theme_restore_add("rmkx");
	theme_restore_add("rmcup");
	if (ui->mouse) {
		static const char off[] = "\033[?1000l\033[?1006l";

		if (theme_restore_len + sizeof off < sizeof theme_restore_bytes) {
			memcpy(theme_restore_bytes + theme_restore_len, off,
			    sizeof off - 1);
			theme_restore_len += sizeof off - 1;
		}
	}
	theme_curses_on = 1;
}

/*
 * Put the terminal back from a signal handler: only async-signal-safe calls
 * (write, tcsetattr), with bytes computed at start-up.
 */
void
theme_restore_terminal(void)
{
	ssize_t n;

	if (!theme_curses_on)
		return;
	theme_curses_on = 0;
	if (theme_restore_len > 0)
		n = write(STDOUT_FILENO, theme_restore_bytes, theme_restore_len);
	(void)n;
	if (theme_saved_ok)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &theme_saved_tio);
}

/* The attribute for a role. */
int
theme_attr(enum ui_color c)
{
	return theme_attrs[c];
}

/* The colour role of a lifecycle state. */
int
theme_state_color(int state)
{
	switch (state) {
	case TRACE_ST_NEW:		return UI_C_NEW;
	case TRACE_ST_RUNNING:		return UI_C_RUNNING;
	case TRACE_ST_READY:		return UI_C_READY;
	case TRACE_ST_BLOCKED:		return UI_C_BLOCKED;
	case TRACE_ST_TIMED:		return UI_C_TIMED;
	case TRACE_ST_ZOMBIE:		return UI_C_ZOMBIE;
	default:			return UI_C_TERMINATED;
	}
}

/* The glyph that fills a timeline cell in a state (distinct without colour). */
const char *
theme_state_glyph(int state)
{
	static const char *utf8[] = { "·", "█", "▒", "░", "~", " ", "z" };
	static const char *ascii[] = { ".", "#", "=", ":", "~", " ", "z" };

	if (state < 0 || state >= TRACE_ST_COUNT)
		return "?";
	return theme_utf8 ? utf8[state] : ascii[state];
}

/* The ready-made timeline cell of a state, and of a free GIL. */
const cchar_t *
theme_state_cell(int state)
{
	return &theme_cells[state >= 0 && state < TRACE_ST_COUNT ? state : 0];
}

const cchar_t *
theme_free_gil_cell(void)
{
	return &theme_free_cell;
}

/* A horizontal rule. */
void
theme_hline(struct ui *ui, int y, int x, int w)
{
	if (ui->utf8)
		mvhline_set(y, x, WACS_HLINE, w);
	else
		mvhline(y, x, '-', w);
}

/* Draw a pane's border with its title; the focused pane stands out. UTF-8
   box drawing when the locale allows, plain ASCII otherwise. */
void
theme_box(struct ui *ui, struct ui_rect r, const char *title, int focused)
{
	int a = theme_attr(focused ? UI_C_FOCUS : UI_C_BORDER);

	if (r.h < 2 || r.w < 4)
		return;
	attron(a);
	if (ui->utf8) {
		mvadd_wch(r.y, r.x, WACS_ULCORNER);
		mvhline_set(r.y, r.x + 1, WACS_HLINE, r.w - 2);
		mvadd_wch(r.y, r.x + r.w - 1, WACS_URCORNER);
		mvvline_set(r.y + 1, r.x, WACS_VLINE, r.h - 2);
		mvvline_set(r.y + 1, r.x + r.w - 1, WACS_VLINE, r.h - 2);
		mvadd_wch(r.y + r.h - 1, r.x, WACS_LLCORNER);
		mvhline_set(r.y + r.h - 1, r.x + 1, WACS_HLINE, r.w - 2);
		mvadd_wch(r.y + r.h - 1, r.x + r.w - 1, WACS_LRCORNER);
	} else {
		mvaddch(r.y, r.x, '+');
		mvhline(r.y, r.x + 1, '-', r.w - 2);
		mvaddch(r.y, r.x + r.w - 1, '+');
		mvvline(r.y + 1, r.x, '|', r.h - 2);
		mvvline(r.y + 1, r.x + r.w - 1, '|', r.h - 2);
		mvaddch(r.y + r.h - 1, r.x, '+');
		mvhline(r.y + r.h - 1, r.x + 1, '-', r.w - 2);
		mvaddch(r.y + r.h - 1, r.x + r.w - 1, '+');
	}
	attroff(a);
	if (title != NULL) {
		attron(theme_attr(focused ? UI_C_FOCUS : UI_C_TITLE));
		mvaddch(r.y, r.x + 1, ' ');
		addnstr(title, r.w - 4);
		addch(' ');
		attroff(theme_attr(focused ? UI_C_FOCUS : UI_C_TITLE));
	}
}
