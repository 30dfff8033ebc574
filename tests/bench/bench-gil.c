/*
 * bench-gil.c — two CPU-bound jobs, one after the other and then in two
 * threads, under each GIL mode: the wall-time ratio threads/sequential and
 * the GIL handoffs per second. The jobs are C loops with an eval-breaker
 * check per "bytecode", the way the VM runs Python code. Prints rows for
 * tests/bench/run.sh: "figure<TAB>value<TAB>reference".
 */
#include "config.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "rt/rt.h"
#include "rt/sync.h"
#include "rt/thread.h"

struct job {
	struct rt	*rt;
	uint64_t	 checks;
};

/* One CPU-bound job: work and an eval-breaker check, checks times. */
static void
job_run(struct rt_thread *t, struct job *j)
{
	static _Atomic uint64_t	 sink;
	int			*word = gil_breaker_word(&j->rt->gil);
	uint64_t		 n, x = 0, i;

	for (n = 0; n < j->checks; n++) {
		for (i = 0; i < 40; i++)
			x = x * 31 + i;
		if (gil_breaker_pending(word))
			gil_breaker(&j->rt->gil, t);
	}
	atomic_fetch_add(&sink, x);
}

static void
job_body(struct rt_thread *t, void *arg)
{
	job_run(t, arg);
}

/* CPU time used by the whole process, in ns. */
static uint64_t
cpu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Run the two jobs in mode; report the ratio and the handoff rate. */
static void
bench_mode(enum gil_mode mode, uint64_t checks)
{
	struct rt		 rt;
	struct rt_config	 cfg;
	struct job		 j;
	struct rt_thread	*self, *a, *b;
	uint64_t		 t0, seq, thr, h0, d, handoffs, c0, cpu = 0;
	int			 round;
	char			*cause = NULL;

	memset(&cfg, 0, sizeof cfg);
	cfg.gil_mode = mode;
	rt_init(&rt, &cfg);
	self = thread_main_init(&rt, "MainThread");
	j.rt = &rt;
	j.checks = checks;

	/* Best of three of each: the machine is shared. */
	seq = thr = UINT64_MAX;
	handoffs = 0;
	for (round = 0; round < 3; round++) {
		t0 = clock_now_ns();
		job_run(self, &j);
		job_run(self, &j);
		d = clock_now_ns() - t0;
		if (d < seq)
			seq = d;

		h0 = atomic_load(&rt.gil.handoffs);
		c0 = cpu_now_ns();
		t0 = clock_now_ns();
		a = thread_create(&rt, "Thread-1", 0);
		b = thread_create(&rt, "Thread-2", 0);
		if (thread_start(a, job_body, &j, &cause) != 0 ||
		    thread_start(b, job_body, &j, &cause) != 0) {
			fprintf(stderr, "bench-gil: %s\n", cause);
			exit(1);
		}
		thread_join(a, SYNC_FOREVER);
		thread_join(b, SYNC_FOREVER);
		d = clock_now_ns() - t0;
		if (d < thr) {
			thr = d;
			cpu = cpu_now_ns() - c0;
			handoffs = atomic_load(&rt.gil.handoffs) - h0;
		}
		thread_unref(a);
		thread_unref(b);
	}

	printf("gil %s: 2 threads / sequential\t%.2f\tratio\t%s\n",
	    gil_mode_name(mode), (double)thr / (double)seq,
	    mode == GIL_NONE ? "~0.5 on 2 idle cores" :
	    mode == GIL_MODERN ? "within 15% of CPython's" : "(GIL battle)");
	if (mode != GIL_NONE)
		printf("gil %s: handoffs\t%.0f\t/s\t%s\n", gil_mode_name(mode),
		    (double)handoffs * 1e9 / (double)thr,
		    mode == GIL_MODERN ? "CPython 3.11: ~195 (0.96-0.98/interval)" :
		    "");
	printf("gil %s: CPU time / wall time, 2 threads\t%.2f\tratio\t%s\n",
	    gil_mode_name(mode), (double)cpu / (double)thr,
	    mode == GIL_NONE ? "2.0 on 2 idle cores" :
	    "<= 1.0: one thread at a time");
	printf("gil %s: sequential\t%.3f\ts\t\n", gil_mode_name(mode),
	    seq / 1e9);
	thread_wait_non_daemon(&rt);
	thread_main_fini(&rt);
	rt_fini(&rt);
}

/* Run cmd and print its one-line ratio as a row named figure. */
static void
bench_command(const char *cmd, const char *figure, const char *target)
{
	char	 line[64];
	FILE	*f;

	if ((f = popen(cmd, "r")) == NULL)
		return;
	if (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		printf("%s\t%s\tratio\t%s\n", figure, line, target);
	}
	pclose(f);
}

/*
 * The same two jobs as a Python program (tests/bench/gil_two_jobs.py):
 * under concviz in each GIL mode, and under python3, side by side.
 */
static void
bench_python(void)
{
	static const char *modes[] = { "modern", "legacy", "none" };
	const char	*py = getenv("PYTHON3"), *src = getenv("top_srcdir");
	const char	*cv = getenv("CONCVIZ");
	char		*cmd, *fig;
	size_t		 i;

	if (src == NULL)
		return;
	for (i = 0; cv != NULL && *cv != '\0' && i < 3; i++) {
		if (asprintf(&cmd, "'%s' run --headless --gil=%s "
		    "'%s/tests/bench/gil_two_jobs.py'", cv, modes[i], src) == -1)
			return;
		if (asprintf(&fig, "concviz --gil=%s: Python, 2 threads / "
		    "sequential", modes[i]) == -1)
			return;
		bench_command(cmd, fig, i == 0 ? "within 15% of python3's" :
		    i == 2 ? "~0.5 on 2 idle cores" : "");
		free(cmd);
		free(fig);
	}
	if (py == NULL || *py == '\0')
		return;
	if (asprintf(&cmd, "'%s' '%s/tests/bench/gil_two_jobs.py'", py,
	    src) == -1)
		return;
	bench_command(cmd, "python3: Python, 2 threads / sequential",
	    "CPython 3.11: 1.01-1.08");
	free(cmd);
}

int
main(int argc, char **argv)
{
	uint64_t checks = argc > 1 ? strtoull(argv[1], NULL, 10) : 2000000;

	bench_mode(GIL_MODERN, checks);
	bench_mode(GIL_LEGACY, checks);
	bench_mode(GIL_NONE, checks);
	bench_python();
	return 0;
}
