/*
 * feed.h — where the view's events come from and where they are recorded:
 * a .cvz recording on disk, the .cvz stream the runner writes into a pipe,
 * and the recording the view writes (from the start with --record, or
 * toggled with R, annotations included). A thin adapter on the trace
 * library's reader, stream decoder and writer (src/trace/cvz.h); no curses.
 */
#ifndef CONCVIZ_UI_FEED_H
#define CONCVIZ_UI_FEED_H

#include <stddef.h>

#include "trace/emit.h"

struct ui;
struct feed;

/* A decoder for the live stream, folding events into ui's timeline. */
struct feed	*feed_stream_create(struct ui *ui);
/* Push bytes read from the stream. 0, or -1 with *cause (corrupt stream). */
int		 feed_stream_push(struct feed *f, const void *p, size_t len,
		    char **cause);
/* Bytes received that are not part of a whole chunk yet. */
size_t		 feed_stream_pending(const struct feed *f);
void		 feed_free(struct feed *f);

/* Read a whole recording into ui's timeline and source. 0, or -1 with
   *cause. *truncated is set when the file was cut short. */
int		 feed_load_file(struct ui *ui, const char *path, int *truncated,
		    char **cause);
/* Check that a recording opens and verifies, without keeping it. */
int		 feed_check_file(const char *path, char **cause);

/* Start recording to path: what is known so far, then every new event.
   While a live run has not sent its header yet, the file opens later. */
int		 feed_record_start(struct ui *ui, const char *path, char **cause);
/* Finish the recording (index and footer). 0, or -1 with *cause. */
int		 feed_record_stop(struct ui *ui, char **cause);
/* Store an annotation (ev->val is the time it annotates). */
void		 feed_record_note(struct ui *ui, const struct trace_ev *ev);

#endif
