/*
 * cast.h — play a recording through the real running view in a virtual
 * terminal and hand back the bytes the terminal received for each frame
 * (ncurses' own escape sequences), with the time each frame is shown: what
 * the asciicast exporter (src/export/export-asciicast.c) writes. No curses
 * types here, so the exporter need not include curses.
 */
#ifndef CONCVIZ_UI_CAST_H
#define CONCVIZ_UI_CAST_H

#include <stddef.h>
#include <stdint.h>

#include "trace/model.h"

struct cast_opts {
	int		 cols, rows;	/* virtual screen */
	uint64_t	 t0, t1;	/* playhead range, absolute ns */
	double		 speed;		/* playhead ns per wall ns */
	double		 fps;		/* frames per second of the cast */
	const char	*title;		/* shown on the status line */
};

/* Called for each frame that changed the screen: its time in seconds from
   the start of the cast and its bytes; nonzero stops the play. */
typedef int	(*cast_frame_cb)(double when, const char *bytes, size_t len,
		    void *arg);

/*
 * Play [t0, t1] of the model's run at the given speed: one frame every
 * 1/fps seconds of cast time, then a last paused frame. Returns 0, the
 * callback's nonzero value if it stopped, or -1 with *cause (no terminfo,
 * no temporary file).
 */
int	cast_play(const struct model *m, const struct cast_opts *o,
	    cast_frame_cb cb, void *arg, char **cause);

#endif
