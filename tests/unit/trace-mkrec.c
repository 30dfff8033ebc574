/*
 * trace-mkrec.c — make a small recording through the real library (trace_start,
 * real threads, the collector, the writer) for the export tests. Two threads
 * pass a baton so that the story — a forced GIL handoff, a blocking drop, a
 * contended lock — happens in the same order on every run.
 *
 * Usage: trace-mkrec FILE.cvz
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "trace/emit.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int step = 1;
static uint32_t gil, lock, t1, t2;

/* The steps of the story: which thread runs each (1 or 2). */
static const int owner[] = { 0, 1, 2, 2, 1, 2, 2, 1, 2, 1 };
#define NSTEPS 9

/* Run step n of the story. */
static void
do_step(int n)
{
	static const char hello[] = "hello from Thread-2\n";

	switch (n) {
	case 1:
		trace_emit(TRACE_EV_GIL_REQUEST, t1, 0, gil, 0);
		trace_emit(TRACE_EV_GIL_TAKE, t1, 0, 0, 0);
		trace_state(t1, TRACE_ST_RUNNING, TRACE_WHY_NONE, 0, 0);
		break;
	case 2:
		trace_state(t2, TRACE_ST_READY, TRACE_WHY_GIL, gil, 0);
		trace_emit(TRACE_EV_GIL_REQUEST, t2, 0, gil, 0);
		break;
	case 3:
		trace_emit(TRACE_EV_GIL_DROP_REQUEST, t2, 0, t1, 0);
		break;
	case 4:
		trace_emit(TRACE_EV_GIL_DROP, t1, TRACE_GIL_FORCED, gil, 0);
		trace_state(t1, TRACE_ST_READY, TRACE_WHY_GIL, gil, 0);
		trace_emit(TRACE_EV_GIL_REQUEST, t1, 0, gil, 0);
		break;
	case 5:
		trace_emit(TRACE_EV_GIL_TAKE, t2, 0, t1, 5000000);
		trace_state(t2, TRACE_ST_RUNNING, TRACE_WHY_NONE, 0, 0);
		trace_emit(TRACE_EV_LOCK_ACQUIRE, t2, 0, lock, 1);
		trace_emit_str(TRACE_EV_OUTPUT, t2, 1, 0, 0, hello,
		    sizeof hello - 1);
		trace_emit(TRACE_EV_LINE, t2, 0, 0, 7);
		break;
	case 6:
		trace_emit(TRACE_EV_GIL_DROP, t2, TRACE_GIL_BLOCKING, gil, 0);
		trace_state(t2, TRACE_ST_TIMED, TRACE_WHY_SLEEP, 0,
		    clock_now_ns() + 1000000);
		break;
	case 7:
		trace_emit(TRACE_EV_GIL_TAKE, t1, 0, t2, 200000);
		trace_state(t1, TRACE_ST_RUNNING, TRACE_WHY_NONE, 0, 0);
		trace_emit(TRACE_EV_LOCK_CONTEND, t1, 0, lock, t2);
		trace_emit(TRACE_EV_GIL_DROP, t1, TRACE_GIL_BLOCKING, gil, 0);
		trace_state(t1, TRACE_ST_BLOCKED, TRACE_WHY_LOCK, lock, 0);
		break;
	case 8:
		trace_emit(TRACE_EV_LOCK_RELEASE, t2, 0, lock, 0);
		trace_state(t2, TRACE_ST_TERMINATED, TRACE_WHY_NONE, 0, 0);
		break;
	case 9:
		trace_emit(TRACE_EV_LOCK_ACQUIRE, t1, 0, lock, 1);
		trace_state(t1, TRACE_ST_RUNNING, TRACE_WHY_NONE, 0, 0);
		trace_emit(TRACE_EV_LOCK_RELEASE, t1, 0, lock, 0);
		trace_state(t1, TRACE_ST_TERMINATED, TRACE_WHY_NONE, 0, 0);
		break;
	}
}

/* A worker: run the steps it owns, in turn. */
static void *
worker(void *arg)
{
	int me = *(int *)arg;

	trace_thread_begin();
	trace_thread_entity(me == 1 ? t1 : t2);
	pthread_mutex_lock(&mu);
	while (step <= NSTEPS) {
		if (owner[step] == me) {
			do_step(step);
			step++;
			pthread_cond_broadcast(&cv);
		} else
			pthread_cond_wait(&cv, &mu);
	}
	pthread_mutex_unlock(&mu);
	trace_thread_end();
	return NULL;
}

int
main(int argc, char **argv)
{
	static const char src[] = "import threading\nprint('hi')\n";
	struct trace_sink_config cfg;
	pthread_t a, b;
	uint32_t proc, mainth;
	int one = 1, two = 2;
	char *cause = NULL;

	if (argc != 2) {
		fprintf(stderr, "usage: trace-mkrec FILE.cvz\n");
		return 2;
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.record_path = argv[1];
	cfg.stream_fd = -1;
	cfg.source_name = "story.py";
	cfg.source_text = src;
	cfg.source_len = sizeof src - 1;
	cfg.settings = "gil=modern switch_interval_ns=5000000";
	if (trace_start(&cfg, &cause) != 0) {
		fprintf(stderr, "trace-mkrec: %s\n", cause);
		return 1;
	}
	trace_thread_begin();
	trace_emit(TRACE_EV_SETTING, 0, TRACE_SET_SWITCH_INTERVAL, 0, 5000000);
	proc = trace_entity_new(TRACE_ENT_PROCESS, 0, "MainProcess");
	gil = trace_entity_new(TRACE_ENT_GIL, proc, "GIL");
	mainth = trace_entity_new(TRACE_ENT_THREAD, proc, "MainThread");
	lock = trace_entity_new(TRACE_ENT_LOCK, proc, "Lock-1");
	t1 = trace_entity_new(TRACE_ENT_THREAD, mainth, "Thread-1");
	t2 = trace_entity_new(TRACE_ENT_THREAD, mainth, "Thread-2");
	trace_sync();	/* the declarations come first in the recording */
	pthread_create(&a, NULL, worker, &one);
	pthread_create(&b, NULL, worker, &two);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	trace_emit_str(TRACE_EV_ANNOTATION, 0, 0, 0, 0, "the end", 7);
	trace_thread_end();
	trace_stop();
	if (trace_error() != NULL) {
		fprintf(stderr, "trace-mkrec: %s\n", trace_error());
		return 1;
	}
	return 0;
}
