/*
 * bench-export.c — how long the exporters take on a 1 M-event run: a model
 * of 8 threads handing one GIL over (requests, drop requests, drops, takes,
 * state changes, lines, output), exported to /dev/null as chrome, svg and
 * text, and as an asciicast of the default length. Prints NAME<TAB>VALUE<TAB>UNIT<TAB>TARGET lines for run.sh.
 *
 * Usage: bench-export [EVENTS]   (default 1000000)
 */
#include "config.h"

#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"

#define NTHREADS 8

/* Append one event. */
static void
add(struct model *m, uint64_t t, unsigned kind, uint32_t ent, unsigned arg,
    uint32_t obj, uint64_t val, const char *s)
{
	struct trace_ev ev;

	memset(&ev, 0, sizeof ev);
	ev.t = t;
	ev.kind = (uint16_t)kind;
	ev.entity = ent;
	ev.arg = (uint16_t)arg;
	ev.obj = obj;
	ev.val = val;
	ev.str = s;
	ev.slen = s ? (uint32_t)strlen(s) : 0;
	model_append(m, &ev);
}

/* A run of about n events: the GIL going round NTHREADS threads. */
static struct model *
make_run(uint64_t n)
{
	struct model *m = model_create();
	uint64_t t = 1000000, k = 0;
	uint32_t holder = 2, next;
	char name[32];
	int i;

	add(m, t, TRACE_EV_ENTITY_NEW, 1, TRACE_ENT_PROCESS, 0, 0,
	    "MainProcess");
	add(m, t, TRACE_EV_ENTITY_NEW, 100, TRACE_ENT_GIL, 1, 0, "GIL");
	for (i = 0; i < NTHREADS; i++) {
		snprintf(name, sizeof name, "Thread-%d", i + 1);
		add(m, t, TRACE_EV_ENTITY_NEW, (uint32_t)(2 + i),
		    TRACE_ENT_THREAD, 1, 0, name);
		add(m, t, TRACE_EV_STATE, (uint32_t)(2 + i), TRACE_ST_READY |
		    TRACE_WHY_GIL << 8, 100, 0, NULL);
	}
	add(m, t, TRACE_EV_GIL_TAKE, holder, 0, 0, 0, NULL);
	add(m, t, TRACE_EV_STATE, holder, TRACE_ST_RUNNING, 0, 0, NULL);
	while (model_event_count(m) < n) {
		next = 2 + (uint32_t)((holder - 2 + 1) % NTHREADS);
		t += 5000000;
		add(m, t, TRACE_EV_GIL_DROP_REQUEST, next, 0, holder, 0, NULL);
		add(m, t + 1000, TRACE_EV_LINE, holder, 0, 0, 7 + k % 5, NULL);
		add(m, t + 20000, TRACE_EV_GIL_DROP, holder, TRACE_GIL_FORCED,
		    100, 0, NULL);
		add(m, t + 20000, TRACE_EV_STATE, holder, TRACE_ST_READY |
		    TRACE_WHY_GIL << 8, 100, 0, NULL);
		add(m, t + 20000, TRACE_EV_GIL_REQUEST, holder, 0, 100, 0, NULL);
		add(m, t + 40000, TRACE_EV_GIL_TAKE, next, 0, holder, 5040000,
		    NULL);
		add(m, t + 40000, TRACE_EV_STATE, next, TRACE_ST_RUNNING, 0, 0,
		    NULL);
		if (k++ % 16 == 0)
			add(m, t + 41000, TRACE_EV_OUTPUT, next, 1, 0, 0,
			    "tick \"done\"\n");
		holder = next;
	}
	return m;
}

/* CPU time of the process (the machine is shared: wall time measures the
   neighbours). */
static uint64_t
cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Run one exporter to /dev/null; print its row (best CPU time of 3). */
static void
bench(const char *label, int (*fn)(const struct model *,
    const struct export_opts *, FILE *, char **), const struct model *m,
    const char *target)
{
	FILE *f = fopen("/dev/null", "w");
	char *cause = NULL;
	uint64_t t0, best = UINT64_MAX, d;
	int r;

	if (f == NULL)
		return;
	for (r = 0; r < 3; r++) {
		t0 = cpu_ns();
		if (fn(m, NULL, f, &cause) != 0) {
			printf("%s\tfailed\t\t%s\n", label, cause);
			free(cause);
			break;
		}
		d = cpu_ns() - t0;
		if (d < best)
			best = d;
	}
	fclose(f);
	printf("%s (%.1f M events, CPU)\t%.3f\ts\t%s\n", label,
	    (double)model_event_count(m) / 1e6, (double)best / 1e9, target);
}

int
main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
	struct model *m = make_run(n);

	bench("export chrome", export_chrome, m, "well under a few s");
	bench("export svg", export_svg, m, "well under a few s");
	bench("export text", export_text, m, "well under a few s");
	bench("export asciicast (100x30, 600 frames)", export_asciicast, m,
	    "well under a few s");
	model_free(m);
	return 0;
}
