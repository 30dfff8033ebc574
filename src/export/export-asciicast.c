/*
 * export-asciicast.c — an asciinema v2 recording of the run as the real
 * running view shows it: a header line (version, screen size, time stamp,
 * title) and one [time, "o", bytes] line per frame that changed the screen.
 * The frames come from src/ui/cast.c, which draws the view into a virtual
 * terminal of the chosen size and captures ncurses' output; this file only
 * picks the speed and the range and writes JSON. Never prints.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "core/xmalloc.h"
#include "export/export.h"
#include "ui/cast.h"

#define ASCIICAST_SLOWEST	0.01	/* default: 1/100 of real time */
#define ASCIICAST_LONGEST	60.0	/* ... unless the cast would last longer */
#define ASCIICAST_MAX_FRAMES	100000	/* about 3 hours at 10 frames/s */

/* The writing state. */
struct asciicast {
	struct buf	 b;
	FILE		*out;
	char		**cause;
	double		 last;		/* time of the last event written */
	int		 error;
};

/* Write one output event; times are kept strictly increasing. */
static int
asciicast_frame(double when, const char *bytes, size_t len, void *arg)
{
	struct asciicast *a = arg;

	if (a->last >= 0 && when <= a->last)
		when = a->last + 0.000001;
	a->last = when;
	buf_printf(&a->b, "[%.6f, \"o\", ", when);
	export_json_str(&a->b, bytes, len);
	buf_adds(&a->b, "]\n");
	if (export_flush(&a->b, a->out, 1u << 16, a->cause) != 0) {
		a->error = 1;
		return 1;
	}
	return 0;
}

/* Write the cast. */
int
export_asciicast(const struct model *m, const struct export_opts *o,
    FILE *out, char **cause)
{
	const struct model_meta *meta = model_meta(m);
	struct asciicast a;
	struct cast_opts co;
	struct buf title;
	double secs;
	int rc;

	memset(&co, 0, sizeof co);
	co.cols = o != NULL && o->cols > 0 ? o->cols : 100;
	co.rows = o != NULL && o->rows > 0 ? o->rows : 30;
	co.fps = o != NULL && o->fps > 0 ? o->fps : 10;
	if (export_range(m, o, &co.t0, &co.t1) != 0) {
		*cause = xstrdup("--from is after the end of the recording");
		return -1;
	}
	secs = (double)(co.t1 - co.t0) / 1e9;
	if (o != NULL && o->speed > 0)
		co.speed = o->speed;
	else {
		co.speed = ASCIICAST_SLOWEST;
		if (secs / co.speed > ASCIICAST_LONGEST)
			co.speed = secs / ASCIICAST_LONGEST;
	}
	if (secs / co.speed * co.fps > ASCIICAST_MAX_FRAMES) {
		*cause = xasprintf("the cast would last %.0f s at speed %g; "
		    "raise --speed or lower --fps", secs / co.speed, co.speed);
		return -1;
	}
	buf_init(&title);
	if (o != NULL && o->title != NULL)
		buf_adds(&title, o->title);
	else
		buf_printf(&title, "concviz: %s", export_program(m));
	buf_addc(&title, '\0');
	/* The view's title bar already says "concviz". */
	co.title = o != NULL && o->title != NULL ? o->title : export_program(m);

	memset(&a, 0, sizeof a);
	a.out = out;
	a.cause = cause;
	a.last = -1;
	buf_init(&a.b);
	buf_printf(&a.b, "{\"version\": 2, \"width\": %d, \"height\": %d, "
	    "\"timestamp\": %" PRIu64 ", \"title\": ", co.cols, co.rows,
	    meta->wall_origin / 1000000000);
	export_json_str(&a.b, title.data, strlen(title.data));
	buf_adds(&a.b, ", \"env\": {\"TERM\": \"xterm-256color\"}}\n");
	rc = cast_play(m, &co, asciicast_frame, &a, cause);
	if (rc == 0)
		rc = export_flush(&a.b, out, 0, cause);
	else if (!a.error && rc > 0)
		rc = -1;
	buf_fini(&a.b);
	buf_fini(&title);
	return rc;
}
