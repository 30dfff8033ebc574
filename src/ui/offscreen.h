/*
 * offscreen.h — render the running view of a timeline into a virtual
 * terminal (ncurses newterm on /dev/null) and read the screen back as text.
 * For the tests, the benchmark and, later, the asciicast exporter: the same
 * drawing code as the interactive view, with no loop and no runner.
 */
#ifndef CONCVIZ_UI_OFFSCREEN_H
#define CONCVIZ_UI_OFFSCREEN_H

#include <stdint.h>

#include "core/buf.h"
#include "ui/timeline.h"

struct offscreen_opts {
	int		 cols, rows;
	uint64_t	 ph;		/* playhead, absolute ns (0: the end) */
	double		 speed;
	int		 paused;
	uint64_t	 zoom;		/* ns per column, 0: 1 ms */
	const char	*title;
	const char	*source;	/* program text, or NULL */
	int		 sel_lane, details, help;
	int		 frames;	/* draw this many frames (>= 1) */
};

/*
 * Draw the view; the screen's text (rows separated by newlines, trailing
 * blanks kept) goes to *text if not NULL, and the mean time per frame to
 * *ns_per_frame. Returns 0, or -1 with *cause (no terminfo, no /dev/null).
 */
int	offscreen_render(struct timeline *tl, const struct offscreen_opts *o,
	    struct buf *text, uint64_t *ns_per_frame, char **cause);

#endif
