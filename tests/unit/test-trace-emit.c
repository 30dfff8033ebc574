/*
 * test-trace-emit.c — the emit path with real threads and a real forked
 * child: merge order, each thread's own order, overflow counted, ids unique
 * across processes, start/stop repeatable.
 */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "trace/cvz.h"
#include "trace/emit.h"
#include "trace/model.h"
#include "trace/ring.h"

#define NTHREADS	4
#define PER_THREAD	5000	/* below RING_SLOTS: no overflow possible */
#define FLOOD		(RING_SLOTS + RING_SLOTS / 2)	/* overflows one ring */

/* Start tracing into a model (and a file if path is not NULL). */
static void
start(const char *path)
{
	struct trace_sink_config cfg;
	char *cause = NULL;

	memset(&cfg, 0, sizeof cfg);
	cfg.record_path = path;
	cfg.stream_fd = -1;
	cfg.source_name = "test.py";
	cfg.settings = "gil=modern";
	cfg.keep_model = 1;
	if (trace_start(&cfg, &cause) != 0)
		fail_msg("trace_start: %s", cause);
}

/* A worker: its own entity, then numbered events, some with strings. */
static void *
worker(void *arg)
{
	uint32_t id;
	char s[32];
	int i, n;

	trace_thread_begin();
	id = trace_entity_new(TRACE_ENT_THREAD, 0, (const char *)arg);
	trace_thread_entity(id);
	for (i = 0; i < PER_THREAD; i++) {
		if (i % 10 == 0) {
			n = snprintf(s, sizeof s, "%d", i);
			trace_emit_str(TRACE_EV_OUTPUT, id, 1, 0, (uint64_t)i,
			    s, (size_t)n);
		} else
			trace_emit(TRACE_EV_LINE, id, 0, 0, (uint64_t)i);
	}
	trace_thread_end();
	return NULL;
}

/* Check the model: time order overall, per-entity sequence intact. */
static void
check_sequences(struct model *m, size_t nent, uint64_t per)
{
	uint64_t i, prev_t = 0, next[64];
	struct trace_ev ev;
	size_t k;

	memset(next, 0, sizeof next);
	for (i = 0; i < model_event_count(m); i++) {
		assert_int_equal(model_event(m, i, &ev), 0);
		assert_true(ev.t >= prev_t);
		prev_t = ev.t;
		if (ev.kind != TRACE_EV_LINE && ev.kind != TRACE_EV_OUTPUT)
			continue;
		k = model_entity_index(m, ev.entity);
		assert_true(k < 64);
		assert_int_equal(ev.val, next[k]);
		next[k]++;
		if (ev.kind == TRACE_EV_OUTPUT) {
			char s[32];

			snprintf(s, sizeof s, "%llu",
			    (unsigned long long)ev.val);
			assert_int_equal(ev.slen, strlen(s));
			assert_memory_equal(ev.str, s, ev.slen);
		}
	}
	for (k = 0; per != 0 && k < nent; k++) {
		const struct model_entity *e = model_entity_at(m, k);

		if (e->kind == TRACE_ENT_THREAD || e->kind == TRACE_ENT_PROCESS)
			assert_int_equal(next[k], per);
	}
}

/* Four real threads at once: all events, in order, nothing lost. */
static void
test_merge_threads(void **state)
{
	static const char *names[NTHREADS] = { "A", "B", "C", "D" };
	pthread_t th[NTHREADS];
	struct trace_stats st;
	struct model *m;
	int i;

	start(NULL);
	for (i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, worker, (void *)names[i]);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	trace_stop();
	trace_get_stats(&st);
	assert_int_equal(st.lost, 0);
	m = trace_model_take();
	assert_non_null(m);
	assert_int_equal(model_event_count(m), NTHREADS * (PER_THREAD + 1));
	assert_int_equal(model_entity_count(m), NTHREADS);
	check_sequences(m, NTHREADS, PER_THREAD);
	assert_int_equal(model_counters(m)->overflow_lost, 0);
	model_free(m);
}

/* A full buffer counts what it drops; the count arrives as OVERFLOW. */
static void
test_overflow_counted(void **state)
{
	const struct model_counters *c;
	struct trace_stats st;
	struct trace_ev ev;
	struct model *m;
	uint64_t i, noverflow = 0;
	uint32_t id;

	start(NULL);
	trace_thread_begin();
	id = trace_entity_new(TRACE_ENT_THREAD, 0, "flood");
	trace_thread_entity(id);
	trace_sync();			/* the ring is empty now */
	ring_registry_lock();		/* the collector cannot drain */
	for (i = 0; i < FLOOD; i++)
		trace_emit(TRACE_EV_LINE, id, 0, 0, i);
	ring_registry_unlock();
	trace_thread_end();
	trace_stop();
	trace_get_stats(&st);
	assert_int_equal(st.lost, FLOOD - RING_SLOTS);
	m = trace_model_take();
	c = model_counters(m);
	assert_int_equal(c->overflow_lost, FLOOD - RING_SLOTS);
	assert_int_equal(c->by_kind[TRACE_EV_LINE], RING_SLOTS);
	for (i = 0; i < model_event_count(m); i++) {
		model_event(m, i, &ev);
		if (ev.kind == TRACE_EV_OVERFLOW) {
			assert_int_equal(ev.entity, id);
			noverflow += ev.val;
		}
		/* The first RING_SLOTS events are the ones kept, in order. */
		if (ev.kind == TRACE_EV_LINE)
			assert_int_equal(ev.val, i - 1);
	}
	assert_int_equal(noverflow, FLOOD - RING_SLOTS);
	model_free(m);
}

/* Strings too big for the arena are lost and counted, never corrupted. */
static void
test_string_arena_full(void **state)
{
	static char big[RING_STR_MAX];
	struct trace_stats st;
	struct model *m;
	uint32_t id;
	int i;

	memset(big, 'x', sizeof big);
	start(NULL);
	trace_thread_begin();
	id = trace_entity_new(TRACE_ENT_THREAD, 0, NULL);
	trace_sync();
	ring_registry_lock();
	for (i = 0; i < 10; i++)
		trace_emit_str(TRACE_EV_OUTPUT, id, 1, 0, 0, big, sizeof big);
	ring_registry_unlock();
	trace_thread_end();
	trace_stop();
	trace_get_stats(&st);
	m = trace_model_take();
	/* Four fit in the arena (RING_STRS / RING_STR_MAX). */
	assert_int_equal(model_counters(m)->by_kind[TRACE_EV_OUTPUT],
	    RING_STRS / RING_STR_MAX);
	assert_int_equal(st.lost, 10 - RING_STRS / RING_STR_MAX);
	assert_int_equal(model_counters(m)->overflow_lost, st.lost);
	model_free(m);
}

/* Events of a forked child and grandchild reach the root's recording, in
   each one's order, with ids unique across the three processes. */
static void
test_fork_child(void **state)
{
	char path[] = "/tmp/concviz-fork-XXXXXX";
	struct trace_ev ev;
	struct model *m;
	char *cause = NULL;
	uint32_t pid_ent, ids[64];
	uint64_t i;
	size_t nids = 0, a, b;
	int fd, status, truncated = 1;
	pid_t pid;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	start(path);
	trace_thread_begin();
	pid_ent = trace_entity_new(TRACE_ENT_PROCESS, 0, "MainProcess");
	for (i = 0; i < 500; i++)
		trace_emit(TRACE_EV_LINE, pid_ent, 0, 0, i);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		uint32_t me;

		pid_t gpid = -1;
		int gstatus;

		trace_after_fork_child();
		trace_thread_begin();
		me = trace_entity_new(TRACE_ENT_PROCESS, pid_ent, "Process-1");
		for (i = 0; i < 3000; i++) {
			trace_emit(TRACE_EV_LINE, me, 0, 0, i);
			if (i % 1000 == 0)
				trace_entity_new(TRACE_ENT_LOCK, me, "L");
			if (i == 1500 && (gpid = fork()) == 0) {
				/* A grandchild reports to the root too. */
				uint32_t g;
				uint64_t j;

				trace_after_fork_child();
				g = trace_entity_new(TRACE_ENT_PROCESS, me,
				    "Process-1:1");
				for (j = 0; j < 200; j++)
					trace_emit(TRACE_EV_LINE, g, 0, 0, j);
				trace_stop();
				_exit(0);
			}
		}
		if (waitpid(gpid, &gstatus, 0) != gpid ||
		    !WIFEXITED(gstatus) || WEXITSTATUS(gstatus) != 0)
			_exit(4);
		trace_thread_end();
		trace_stop();
		_exit(trace_is_child() ? 0 : 3);
	}
	for (i = 500; i < 1500; i++) {
		trace_emit(TRACE_EV_LINE, pid_ent, 0, 0, i);
		if (i % 500 == 0)
			trace_entity_new(TRACE_ENT_LOCK, pid_ent, "P");
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("child status %#x", status);
	trace_thread_end();
	trace_stop();
	m = trace_model_take();
	model_free(m);

	/* The file holds both processes' events, in order, ids unique. */
	m = cvz_load_model(path, &truncated, &cause);
	assert_non_null(m);
	assert_false(truncated);
	assert_int_equal(model_entity_count(m), 1 + 2 + 1 + 3 + 1);
	check_sequences(m, model_entity_count(m), 0);
	for (i = 0; i < model_event_count(m); i++) {
		model_event(m, i, &ev);
		if (ev.kind == TRACE_EV_ENTITY_NEW) {
			assert_true(nids < 64);
			ids[nids++] = ev.entity;
		}
	}
	assert_int_equal(nids, 8);
	for (a = 0; a < nids; a++)
		for (b = a + 1; b < nids; b++)
			assert_true(ids[a] != ids[b]);
	assert_int_equal(model_counters(m)->by_kind[TRACE_EV_LINE], 4700);
	model_free(m);
	unlink(path);
}

/* The UI's end of stream_fd: decode what arrives into a model. */
struct reader {
	int		 fd;
	struct model	*m;
	size_t		 pending;
	int		 error;
};

/* Header callback: the model keeps the metadata. */
static void
reader_header(const struct model_meta *meta, void *arg)
{
	model_set_meta(arg, meta);
}

/* Event callback: fold into the stream's model. */
static int
reader_event(const struct trace_ev *ev, uint64_t idx, void *arg)
{
	model_append(arg, ev);
	return 0;
}

/* Read the pipe to its end, a few bytes at a time. */
static void *
reader_main(void *arg)
{
	struct reader *r = arg;
	struct cvz_stream *s;
	char buf[777], *cause = NULL;
	ssize_t n;

	s = cvz_stream_create("ui-pipe", reader_header, reader_event, r->m);
	while ((n = read(r->fd, buf, sizeof buf)) > 0) {
		if (cvz_stream_feed(s, buf, (size_t)n, &cause) != 0) {
			r->error = 1;
			free(cause);
			break;
		}
	}
	r->pending = cvz_stream_pending(s);
	cvz_stream_free(s);
	return NULL;
}

/* Live streaming over a pipe gives the same model as the in-process one. */
static void
test_stream_fd(void **state)
{
	static const char *names[2] = { "S1", "S2" };
	struct trace_sink_config cfg;
	struct reader r;
	struct trace_ev a, b;
	pthread_t th[2], rt;
	struct model *m;
	char *cause = NULL;
	uint64_t i;
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	memset(&r, 0, sizeof r);
	r.fd = fds[0];
	r.m = model_create();
	pthread_create(&rt, NULL, reader_main, &r);
	memset(&cfg, 0, sizeof cfg);
	cfg.stream_fd = fds[1];
	cfg.source_name = "live.py";
	cfg.keep_model = 1;
	assert_int_equal(trace_start(&cfg, &cause), 0);
	for (i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, worker, (void *)names[i]);
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	trace_stop();
	close(fds[1]);
	pthread_join(rt, NULL);
	close(fds[0]);
	m = trace_model_take();
	assert_false(r.error);
	assert_int_equal(r.pending, 0);
	assert_string_equal(model_meta(r.m)->source_name, "live.py");
	assert_int_equal(model_event_count(r.m), model_event_count(m));
	assert_int_equal(model_event_count(m), 2 * (PER_THREAD + 1));
	for (i = 0; i < model_event_count(m); i++) {
		model_event(m, i, &a);
		model_event(r.m, i, &b);
		assert_int_equal(a.t, b.t);
		assert_int_equal(a.kind, b.kind);
		assert_int_equal(a.entity, b.entity);
		assert_int_equal(a.val, b.val);
		assert_int_equal(a.slen, b.slen);
	}
	model_free(r.m);
	model_free(m);
}

/* A thread that emits without begin/end. */
static void *
careless(void *arg)
{
	int i;

	for (i = 0; i < 100; i++)
		trace_emit(TRACE_EV_LINE, 77, 0, 0, (uint64_t)i);
	return NULL;
}

/* Count registered rings. */
static int
ring_count(void)
{
	struct ring *r;
	int n = 0;

	ring_registry_lock();
	for (r = ring_list; r != NULL; r = r->next)
		n++;
	ring_registry_unlock();
	return n;
}

/* A thread that forgot trace_thread_end() still gives its buffer back. */
static void
test_thread_exit_without_end(void **state)
{
	struct model *m;
	pthread_t th;
	int before;

	start(NULL);
	before = ring_count();
	pthread_create(&th, NULL, careless, NULL);
	pthread_join(th, NULL);
	trace_sync();
	trace_sync();		/* the round after the exit frees it */
	assert_int_equal(ring_count(), before);
	trace_stop();
	m = trace_model_take();
	assert_int_equal(model_counters(m)->by_kind[TRACE_EV_LINE], 100);
	model_free(m);
}

/* A UI that went away: the run goes on, the error is reported. */
static void
test_stream_reader_gone(void **state)
{
	struct trace_sink_config cfg;
	char *cause = NULL;
	int fds[2], i;

	assert_int_equal(pipe(fds), 0);
	close(fds[0]);
	memset(&cfg, 0, sizeof cfg);
	cfg.stream_fd = fds[1];
	assert_int_equal(trace_start(&cfg, &cause), 0);
	trace_thread_begin();
	for (i = 0; i < 100; i++)
		trace_emit(TRACE_EV_LINE, 1, 0, 0, (uint64_t)i);
	trace_sync();
	trace_thread_end();
	trace_stop();
	close(fds[1]);
	assert_non_null(trace_error());
	assert_non_null(strstr(trace_error(), "Broken pipe"));
	model_free(trace_model_take());
}

/* Emitting while not tracing does nothing; ids stay unique; restartable. */
static void
test_off_and_restart(void **state)
{
	struct model *m;
	uint32_t a, b;

	trace_emit(TRACE_EV_LINE, 1, 0, 0, 1);
	a = trace_entity_new(TRACE_ENT_THREAD, 0, "x");
	b = trace_entity_new(TRACE_ENT_THREAD, 0, "y");
	assert_true(a != b);
	start(NULL);
	a = trace_entity_new(TRACE_ENT_THREAD, 0, "first");
	assert_int_equal(a, 1);
	trace_stop();
	m = trace_model_take();
	assert_int_equal(model_event_count(m), 1);
	model_free(m);
	start(NULL);
	assert_int_equal(trace_entity_new(TRACE_ENT_THREAD, 0, "again"), 1);
	trace_stop();
	model_free(trace_model_take());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_threads),
		cmocka_unit_test(test_overflow_counted),
		cmocka_unit_test(test_string_arena_full),
		cmocka_unit_test(test_fork_child),
		cmocka_unit_test(test_stream_fd),
		cmocka_unit_test(test_stream_reader_gone),
		cmocka_unit_test(test_thread_exit_without_end),
		cmocka_unit_test(test_off_and_restart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
