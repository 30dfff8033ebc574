/*
 * synth-record.c — write the synthetic threading run (synth.c) as a .cvz
 * recording with the trace library's writer, so that the replay tests read
 * a file made by the real library.
 *
 *	synth-record OUT.cvz [-n THREADS]
 *	synth-record --stream [ARGS...]
 *
 * With --stream it plays a runner instead (for $CONCVIZ_RUNNER in the
 * tests): the run goes out as a live .cvz stream on fd 3, one event every
 * 10 ms, the program's output on stdout, and then it stays alive for ten
 * seconds (until the view kills it) so that the view is seen "live".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "synth.h"
#include "trace/cvz.h"

/* A synth_cb into the writer. */
static void
to_writer(const struct trace_ev *ev, void *arg)
{
	cvz_writer_add(arg, ev);
}

/* A synth_cb onto the live stream, paced like a slow program. */
static void
to_stream(const struct trace_ev *ev, void *arg)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	cvz_writer_add(arg, ev);
	cvz_writer_flush(arg, NULL);
	if (ev->kind == TRACE_EV_OUTPUT) {
		fwrite(ev->str, 1, ev->slen, stdout);
		fflush(stdout);
	}
	nanosleep(&ts, NULL);
}

int
main(int argc, char **argv)
{
	struct model_meta	 meta;
	struct cvz_writer	*w;
	char			*cause = NULL;

	if (argc >= 2 && strcmp(argv[1], "--stream") == 0) {
		memset(&meta, 0, sizeof meta);
		meta.concviz_version = (char *)"test";
		meta.source_name = (char *)"threads-notes.py";
		meta.source_text = (char *)synth_source;
		meta.source_len = strlen(synth_source);
		w = cvz_writer_fd(3, &meta);
		synth_threading(to_stream, w);
		cvz_writer_flush(w, NULL);
		sleep(10);
		cvz_writer_close(w, NULL);
		return 0;
	}
	if (argc != 2 && !(argc == 4 && strcmp(argv[2], "-n") == 0)) {
		fprintf(stderr, "usage: synth-record OUT.cvz [-n THREADS]\n");
		return 2;
	}
	memset(&meta, 0, sizeof meta);
	meta.concviz_version = (char *)"test";
	meta.source_name = (char *)"threads-notes.py";
	meta.source_text = (char *)synth_source;
	meta.source_len = strlen(synth_source);
	meta.settings = (char *)"gil=modern switch_interval_ns=5000000";
	meta.t_origin = SYNTH_T0;
	if ((w = cvz_writer_open(argv[1], &meta, &cause)) == NULL) {
		fprintf(stderr, "synth-record: %s\n", cause);
		return 1;
	}
	if (argc == 4)
		synth_many(to_writer, w, atoi(argv[3]), 20000);
	else
		synth_threading(to_writer, w);
	if (cvz_writer_close(w, &cause) != 0) {
		fprintf(stderr, "synth-record: %s\n", cause);
		return 1;
	}
	return 0;
}
