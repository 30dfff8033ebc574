/*
 * feed.h — where the timeline's events come from: a .cvz recording on disk
 * or the .cvz chunk stream the runner writes into a pipe. A thin adapter on
 * the trace library's reader and incremental decoder (src/trace), so that the
 * rest of the UI sees only struct trace_ev. No curses here.
 */
#ifndef CONCVIZ_UI_FEED_H
#define CONCVIZ_UI_FEED_H

#include <stddef.h>

#include "ui/timeline.h"

struct feed;

/* A decoder for the live stream. */
struct feed	*feed_stream_create(void);
/*
 * Push bytes read from the stream; complete events go into tl. Returns 0, or
 * -1 with *cause when the stream is corrupt (the caller stops reading it).
 */
int		 feed_stream_push(struct feed *f, const void *p, size_t len,
		    struct timeline *tl, char **cause);
/* The program's source text the stream's header carried, or NULL. */
const char	*feed_stream_source(struct feed *f);
void		 feed_free(struct feed *f);

/*
 * Read a whole recording into tl; *source gets the program text it holds
 * (allocated, may be NULL). Returns 0, or -1 with *cause.
 */
int		 feed_load_file(const char *path, struct timeline *tl,
		    char **source, char **cause);
/* Check that a recording can be opened and read, without keeping it. */
int		 feed_check_file(const char *path, char **cause);

#endif
