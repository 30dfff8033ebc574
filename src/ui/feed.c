/*
 * feed.c — the adapter of feed.h on src/trace/cvz.h. Every event, from the
 * stream or from a file, goes through feed_event(): into the timeline and,
 * while recording, into the writer — so a recording made in the view holds
 * exactly what the view showed, annotations included. Main thread only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "trace/cvz.h"
#include "ui/feed.h"
#include "ui/ui.h"

struct feed {
	struct cvz_stream	*s;
	struct ui		*ui;
};

/* The recording being written (main thread only). */
static struct cvz_writer	*feed_writer;
static char			*feed_path;	/* waiting for the header */

/* One event from any source. */
static int
feed_event(const struct trace_ev *ev, uint64_t idx, void *arg)
{
	struct ui *ui = arg;

	(void)idx;
	timeline_add(&ui->tl, ev);
	if (feed_writer != NULL)
		cvz_writer_add(feed_writer, ev);
	return 0;
}

/* Open the writer now that the run's metadata is known. */
static int
feed_open_writer(struct ui *ui, const char *path, char **cause)
{
	struct model_meta	 meta;
	struct model_cursor	 c;
	struct trace_ev		 ev;
	size_t			 i;

	meta = *model_meta(ui->tl.m);
	if ((feed_writer = cvz_writer_open(path, &meta, cause)) == NULL)
		return -1;
	/* What the view already holds, then the annotations made so far. */
	model_cursor_begin(&c, ui->tl.m);
	while (model_cursor_next(&c, &ev) == 0)
		if (ev.kind != TRACE_EV_ANNOTATION)
			cvz_writer_add(feed_writer, &ev);
	model_cursor_fini(&c);
	for (i = 0; i < ui->tl.nnotes; i++) {
		memset(&ev, 0, sizeof ev);
		ev.t = ui->tl.t_end;
		ev.kind = TRACE_EV_ANNOTATION;
		ev.val = ui->tl.notes[i].t;
		ev.str = ui->tl.notes[i].text;
		ev.slen = (uint32_t)strlen(ev.str);
		cvz_writer_add(feed_writer, &ev);
	}
	return 0;
}

/* The stream's header: metadata and the program's text. */
static void
feed_header(const struct model_meta *meta, void *arg)
{
	struct ui	*ui = arg;
	char		*cause = NULL;

	model_set_meta(ui->tl.m, meta);
	if (ui->nsrc == 0 && meta->source_text != NULL)
		view_set_source(ui, meta->source_text);
	if (feed_path != NULL) {
		if (feed_open_writer(ui, feed_path, &cause) != 0) {
			ui_message(ui, "cannot record: %s", cause);
			free(cause);
			ui->recording = 0;
		}
		free(feed_path);
		feed_path = NULL;
	}
}

/* A decoder for the live stream. */
struct feed *
feed_stream_create(struct ui *ui)
{
	struct feed *f = xcalloc(1, sizeof *f);

	f->ui = ui;
	f->s = cvz_stream_create("the runner's event stream", feed_header,
	    feed_event, ui);
	return f;
}

/* Push stream bytes. */
int
feed_stream_push(struct feed *f, const void *p, size_t len, char **cause)
{
	return cvz_stream_feed(f->s, p, len, cause);
}

/* Bytes not yet part of a whole chunk. */
size_t
feed_stream_pending(const struct feed *f)
{
	return f != NULL ? cvz_stream_pending(f->s) : 0;
}

/* Free a decoder. */
void
feed_free(struct feed *f)
{
	if (f == NULL)
		return;
	cvz_stream_free(f->s);
	free(f);
}

/* Check that a recording opens and verifies. */
int
feed_check_file(const char *path, char **cause)
{
	struct cvz_file *f;

	if ((f = cvz_open(path, cause)) == NULL)
		return -1;
	cvz_close(f);
	return 0;
}

/* Read a whole recording. */
int
feed_load_file(struct ui *ui, const char *path, int *truncated, char **cause)
{
	struct cvz_file	*f;
	int		 rc;

	if ((f = cvz_open(path, cause)) == NULL)
		return -1;
	*truncated = f->truncated;
	model_set_meta(ui->tl.m, &f->meta);
	if (f->meta.source_text != NULL && f->meta.source_text[0] != '\0')
		view_set_source(ui, f->meta.source_text);
	rc = cvz_read_all(f, feed_event, ui, cause);
	cvz_close(f);
	return rc < 0 ? -1 : 0;
}

/* Start recording. */
int
feed_record_start(struct ui *ui, const char *path, char **cause)
{
	if (feed_writer != NULL || feed_path != NULL) {
		*cause = xstrdup("already recording");
		return -1;
	}
	ui->recording = 1;
	/* A live run without its header yet: open when it arrives. */
	if (!ui->replaying && model_meta(ui->tl.m)->concviz_version == NULL &&
	    ui->tl.nevs == 0) {
		feed_path = xstrdup(path);
		return 0;
	}
	if (feed_open_writer(ui, path, cause) != 0) {
		ui->recording = 0;
		return -1;
	}
	return 0;
}

/* Finish the recording. */
int
feed_record_stop(struct ui *ui, char **cause)
{
	int rc = 0;

	ui->recording = 0;
	free(feed_path);
	feed_path = NULL;
	if (feed_writer != NULL) {
		rc = cvz_writer_close(feed_writer, cause);
		feed_writer = NULL;
	}
	return rc;
}

/* Store an annotation at the end of the recording, pointing at its time. */
void
feed_record_note(struct ui *ui, const struct trace_ev *ev)
{
	struct trace_ev e = *ev;

	if (feed_writer == NULL)
		return;
	e.t = ui->tl.t_end > ev->t ? ui->tl.t_end : ev->t;
	cvz_writer_add(feed_writer, &e);
	cvz_writer_flush(feed_writer, NULL);
}
