/*
 * bench-trace.c — the figures of the trace issue, printed as
 * NAME<TAB>VALUE<TAB>UNIT<TAB>TARGET lines for tests/bench/run.sh:
 * emit cost (one thread, four threads), bytes per event on disk for a
 * realistic mix, read speed, and state at a random t in 10 M events.
 *
 * Usage: bench-trace [EVENTS]   (default 10000000 for the big recording)
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "trace/cvz.h"
#include "trace/emit.h"
#include "trace/model.h"

#define BATCH	1000
#define ROUNDS	300

/*
 * CPU time of the calling thread: on a machine shared with other work the
 * wall clock measures the neighbours; the CPU time measures this code.
 */
static uint64_t
cpu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Compare doubles for qsort. */
static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of n values (sorted in place). */
static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, dcmp);
	return v[n / 2];
}

/* Emit ROUNDS batches; per-event ns of each batch into out. */
static void
emit_batches(uint32_t id, double *out)
{
	uint64_t t0, i;
	int r;

	for (r = 0; r < ROUNDS; r++) {
		t0 = clock_now_ns();
		for (i = 0; i < BATCH; i++)
			trace_emit(TRACE_EV_LINE, id, 0, 0, i);
		out[r] = (double)(clock_now_ns() - t0) / BATCH;
		trace_sync();	/* the ring is drained: never measure loss */
	}
}

static double thread_ns[4][ROUNDS];

/* One of the concurrent emitters. */
static void *
emitter(void *arg)
{
	int k = (int)(intptr_t)arg;
	uint32_t id;

	trace_thread_begin();
	id = trace_entity_new(TRACE_ENT_THREAD, 0, "bench");
	emit_batches(id, thread_ns[k]);
	trace_thread_end();
	return NULL;
}

/* Emit cost with 1 and 4 threads. */
static void
bench_emit(void)
{
	struct trace_sink_config cfg;
	pthread_t th[4];
	double one[ROUNDS], all[4 * ROUNDS];
	char *cause = NULL;
	uint32_t id;
	int k;

	memset(&cfg, 0, sizeof cfg);
	cfg.stream_fd = -1;
	if (trace_start(&cfg, &cause) != 0) {
		fprintf(stderr, "bench-trace: %s\n", cause);
		exit(1);
	}
	trace_thread_begin();
	id = trace_entity_new(TRACE_ENT_THREAD, 0, "main");
	emit_batches(id, one);
	printf("emit one event, 1 thread (median)\t%.1f\tns\t<= 50\n",
	    median(one, ROUNDS));
	for (k = 0; k < 4; k++)
		pthread_create(&th[k], NULL, emitter, (void *)(intptr_t)k);
	for (k = 0; k < 4; k++)
		pthread_join(th[k], NULL);
	for (k = 0; k < 4; k++)
		memcpy(all + k * ROUNDS, thread_ns[k], sizeof thread_ns[k]);
	printf("emit one event, 4 threads at once (median)\t%.1f\tns\t"
	    "<= 50, ~1-thread figure (no shared lock; %ld cores)\n",
	    median(all, 4 * ROUNDS), sysconf(_SC_NPROCESSORS_ONLN));
	trace_thread_end();
	trace_stop();
}

/* A small deterministic PRNG. */
static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/*
 * A realistic mix: two CPU-bound threads and an I/O thread sharing the GIL
 * with 5 ms slices; current-line events (coalesced) every ~50 us while
 * running, a lock and a queue used now and then, a line of output every
 * few slices. Writes n events through the writer.
 */
static void
write_mix(const char *path, uint64_t n)
{
	static const char *out[] = { "counter = 1000000\n", "done\n",
	    "worker 2 finished in 0.51 s\n" };
	struct model_meta meta = { 0 };
	struct cvz_writer *w;
	struct trace_ev ev;
	char *cause = NULL;
	uint64_t t = 1000000000, k = 0;
	uint32_t holder = 3, other = 4, io = 5, tmp, i;

#define EMIT(kd, e, a, o, v) do {					\
	memset(&ev, 0, sizeof ev);					\
	ev.t = t; ev.kind = (kd); ev.entity = (e); ev.arg = (a);	\
	ev.obj = (o); ev.val = (v); cvz_writer_add(w, &ev); k++;	\
} while (0)

	meta.source_name = "bench.py";
	if ((w = cvz_writer_open(path, &meta, &cause)) == NULL) {
		fprintf(stderr, "bench-trace: %s\n", cause);
		exit(1);
	}
	for (i = 1; i <= 8; i++)
		EMIT(TRACE_EV_ENTITY_NEW, i, i == 1 ? TRACE_ENT_GIL :
		    TRACE_ENT_THREAD, 0, 0);
	while (k < n) {
		/* A slice: the holder runs lines; the other waits. */
		for (i = 0; i < 100 && k < n; i++) {
			t += 30000 + rnd() % 40000;
			EMIT(TRACE_EV_LINE, holder, 0, 0, 10 + rnd() % 12);
			if (rnd() % 40 == 0) {
				EMIT(TRACE_EV_LOCK_ACQUIRE, holder, 0, 6, 1);
				t += 2000 + rnd() % 3000;
				EMIT(TRACE_EV_QUEUE_PUT, holder, 0, 7,
				    rnd() % 10);
				EMIT(TRACE_EV_LOCK_RELEASE, holder, 0, 6, 0);
			}
		}
		if (rnd() % 4 == 0) {
			memset(&ev, 0, sizeof ev);
			ev.t = t;
			ev.kind = TRACE_EV_OUTPUT;
			ev.entity = holder;
			ev.arg = 1;
			ev.str = out[rnd() % 3];
			ev.slen = (uint32_t)strlen(ev.str);
			cvz_writer_add(w, &ev);
			k++;
		}
		/* The I/O thread wakes, asks for the GIL, blocks again. */
		t += 1000 + rnd() % 1000;
		EMIT(TRACE_EV_STATE, io, TRACE_ST_READY | TRACE_WHY_GIL << 8,
		    1, 0);
		EMIT(TRACE_EV_GIL_REQUEST, io, 0, 1, 0);
		/* The switch: drop request, forced drop, take. */
		t += 5000000 + rnd() % 50000;
		EMIT(TRACE_EV_GIL_DROP_REQUEST, other, 0, holder, 0);
		t += 20000 + rnd() % 80000;
		EMIT(TRACE_EV_GIL_DROP, holder, TRACE_GIL_FORCED, 1, 0);
		EMIT(TRACE_EV_STATE, holder, TRACE_ST_READY | TRACE_WHY_GIL
		    << 8, 1, 0);
		EMIT(TRACE_EV_GIL_REQUEST, holder, 0, 1, 0);
		t += 3000 + rnd() % 5000;
		EMIT(TRACE_EV_GIL_TAKE, other, 0, holder, 5000000 +
		    rnd() % 100000);
		EMIT(TRACE_EV_STATE, other, TRACE_ST_RUNNING, 0, 0);
		EMIT(TRACE_EV_STATE, io, TRACE_ST_BLOCKED | TRACE_WHY_IO << 8,
		    0, 0);
		tmp = holder;
		holder = other;
		other = tmp;
	}
	if (cvz_writer_close(w, &cause) != 0) {
		fprintf(stderr, "bench-trace: %s\n", cause);
		exit(1);
	}
#undef EMIT
}

/* Count events. */
static int
count_cb(const struct trace_ev *ev, uint64_t idx, void *arg)
{
	(*(uint64_t *)arg) += ev->kind;
	return 0;
}

/* Size on disk, read speed and state at random t. */
static void
bench_file(uint64_t n)
{
	char path[] = "/tmp/concviz-bench-XXXXXX";
	struct model_snapshot s;
	struct cvz_file *f;
	struct model *m;
	struct stat sb;
	double ms[1000], worst = 0;
	uint64_t t0, t1, a, c, sum = 0, ne = 0, best_cpu = 0, best_wall = 0;
	char *cause = NULL;
	int fd, i, truncated;

	fd = mkstemp(path);
	close(fd);
	write_mix(path, n);
	stat(path, &sb);

	/* Best of five runs (the first one also warms the page cache). */
	for (i = 0; i < 5; i++) {
		a = clock_now_ns();
		c = cpu_now_ns();
		if ((f = cvz_open(path, &cause)) == NULL ||
		    cvz_read_all(f, count_cb, &sum, &cause) != 0) {
			fprintf(stderr, "bench-trace: %s\n", cause);
			exit(1);
		}
		c = cpu_now_ns() - c;
		t1 = clock_now_ns() - a;
		if (i == 0 || c < best_cpu)
			best_cpu = c;
		if (i == 0 || t1 < best_wall)
			best_wall = t1;
		ne = f->nevents;
		if (i != 4)
			cvz_close(f);
	}
	c = best_cpu;
	t1 = best_wall;
	cvz_close(f);
	printf("bytes per event on disk (realistic mix)\t%.2f\tB\t<= 16\n",
	    (double)sb.st_size / (double)ne);
	printf("read %.1f M events (open, check, decode; best CPU)\t%.1f\t"
	    "M ev/s\t>= 50\n", (double)ne / 1e6,
	    (double)ne / ((double)c / 1e9) / 1e6);
	printf("  the same in wall-clock time (shared machine)\t%.1f\tM ev/s\t"
	    "(reference)\n", (double)ne / ((double)t1 / 1e9) / 1e6);

	a = clock_now_ns();
	if ((m = cvz_load_model(path, &truncated, &cause)) == NULL) {
		fprintf(stderr, "bench-trace: %s\n", cause);
		exit(1);
	}
	t1 = clock_now_ns() - a;
	printf("load into the model\t%.1f\tM ev/s\t(reference)\n",
	    (double)ne / ((double)t1 / 1e9) / 1e6);
	model_time_range(m, &t0, &t1);
	model_snapshot_init(&s);
	for (i = 0; i < 1000; i++) {
		uint64_t t = t0 + rnd() % (t1 - t0 + 1);

		a = cpu_now_ns();
		model_state_at(m, t, &s);
		ms[i] = (double)(cpu_now_ns() - a) / 1e6;
		if (ms[i] > worst)
			worst = ms[i];
	}
	printf("state at a random t, %.0f M events (median, CPU)\t%.3f\tms\t"
	    "<= 10\n", (double)ne / 1e6, median(ms, 1000));
	printf("state at a random t, %.0f M events (worst of 1000, CPU)\t%.3f"
	    "\tms\t<= 10\n", (double)ne / 1e6, worst);
	model_snapshot_fini(&s);
	model_free(m);
	if (getenv("CONCVIZ_BENCH_KEEP") != NULL)
		fprintf(stderr, "bench-trace: kept %s\n", path);
	else
		unlink(path);
}

int
main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;

	setvbuf(stdout, NULL, _IOLBF, 0);
	bench_emit();
	bench_file(n);
	return 0;
}
