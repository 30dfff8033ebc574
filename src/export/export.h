/*
 * export.h — the exporters: each reads a model and writes one format to a
 * stream the caller opened. They read the model only (state at t, intervals,
 * events), never runtime structs; they return errors (never print to the
 * terminal on their own, never exit).
 */
#ifndef CONCVIZ_EXPORT_EXPORT_H
#define CONCVIZ_EXPORT_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "trace/model.h"

/* What the command line may ask of an exporter (zero: the defaults). */
struct export_opts {
	uint64_t	 from;		/* ns after the first event (0: start) */
	uint64_t	 to;		/* ns after the first event (0: the end) */
	int		 width;		/* svg: pixels (0: 1200) */
	int		 cols, rows;	/* asciicast: screen (0: 100x30) */
	double		 speed;		/* asciicast: playback rate (0: auto) */
	double		 fps;		/* asciicast: frames per second (0: 10) */
	const char	*title;		/* title, or NULL for the program name */
};

/* One exporter: a name for --format and its function. */
struct export_format {
	const char	*name;
	const char	*summary;
	int		(*run)(const struct model *m, const struct export_opts *o,
			    FILE *out, char **cause);
};

/* The formats this build knows (run is NULL for those not built yet). */
extern const struct export_format export_formats[];
const struct export_format *export_find(const char *name);

/* The narration, one sentence per event. */
int	export_text(const struct model *, const struct export_opts *, FILE *,
	    char **);
/* Time per state per entity, GIL handoffs, counts, overflow. */
int	export_summary(const struct model *, const struct export_opts *,
	    FILE *, char **);
/* Trace Event Format JSON for Perfetto / chrome://tracing. */
int	export_chrome(const struct model *, const struct export_opts *, FILE *,
	    char **);
/* The lanes timeline as an SVG picture. */
int	export_svg(const struct model *, const struct export_opts *, FILE *,
	    char **);
/* An asciinema v2 recording of the UI playing the run. */
int	export_asciicast(const struct model *, const struct export_opts *,
	    FILE *, char **);

/* export.c: helpers shared by the formats. */
/* Append s (len bytes, any bytes) as a JSON string with its quotes; invalid
   UTF-8 becomes U+FFFD. */
void	export_json_str(struct buf *b, const char *s, size_t len);
/* Append s as XML character data (invalid UTF-8 and characters XML forbids
   become U+FFFD). */
void	export_xml_str(struct buf *b, const char *s, size_t len);
/* The absolute time range [*t0, *t1] the options select; -1 if it starts
   after the last event. */
int	export_range(const struct model *m, const struct export_opts *o,
	    uint64_t *t0, uint64_t *t1);
/* The program's name for titles ("story.py", or "a recording"). */
const char *export_program(const struct model *m);
/* Write b to out when it holds more than limit bytes (0: always) and empty
   it; -1 with *cause on a write error. */
int	export_flush(struct buf *b, FILE *out, size_t limit, char **cause);
/* Whether an entity kind has a lane (process, thread, task). */
int	export_is_lane(unsigned kind);

#endif
