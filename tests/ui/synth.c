/*
 * synth.c — synthetic runs (see synth.h). Event order and fields follow
 * src/trace/event.h exactly, as the runtime will emit them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "synth.h"

const char synth_source[] =
    "import threading\n\n\n"
    "def print_cube(num):\n"
    "    print(\"Cube: {}\" .format(num * num * num))\n\n\n"
    "def print_square(num):\n"
    "    print(\"Square: {}\" .format(num * num))\n\n\n"
    "if __name__ ==\"__main__\":\n"
    "    t1 = threading.Thread(target=print_square, args=(10,))\n"
    "    t2 = threading.Thread(target=print_cube, args=(10,))\n\n"
    "    t1.start()\n"
    "    t2.start()\n\n"
    "    t1.join()\n"
    "    t2.join()\n\n"
    "    print(\"Done!\")\n";

/* A synth_cb that folds into a timeline. */
void
synth_to_timeline(const struct trace_ev *ev, void *arg)
{
	timeline_add(arg, ev);
}

/* Where this run's events go (set by the public entry points). */
struct synth_sink {
	synth_cb	 cb;
	void		*arg;
};

/* Add one event. */
static void
synth_ev(struct synth_sink *tl, uint64_t t, unsigned kind, uint32_t ent,
    unsigned arg, uint32_t obj, uint64_t val, const char *s)
{
	struct trace_ev ev;

	memset(&ev, 0, sizeof ev);
	ev.t = SYNTH_T0 + t;
	ev.kind = (uint16_t)kind;
	ev.entity = ent;
	ev.arg = (uint16_t)arg;
	ev.obj = obj;
	ev.val = val;
	ev.str = s;
	ev.slen = s != NULL ? (uint32_t)strlen(s) : 0;
	tl->cb(&ev, tl->arg);
}

/* A state change. */
static void
synth_state(struct synth_sink *tl, uint64_t t, uint32_t ent, unsigned st,
    unsigned why, uint32_t obj)
{
	synth_ev(tl, t, TRACE_EV_STATE, ent, st | why << 8, obj, 0, NULL);
}

#define MS	1000000ULL
#define US	1000ULL

enum { P = 1, GIL = 2, MAIN = 3, T1 = 4, T2 = 5 };

/* The notes' threading example. */
void
synth_threading(synth_cb cb, void *arg)
{
	struct synth_sink sink = { cb, arg }, *tl = &sink;

	synth_ev(tl, 0, TRACE_EV_ENTITY_NEW, P, TRACE_ENT_PROCESS, 0, 0, "MainProcess");
	synth_ev(tl, 0, TRACE_EV_ENTITY_NEW, GIL, TRACE_ENT_GIL, P, 0, "GIL");
	synth_ev(tl, 0, TRACE_EV_SETTING, 0, TRACE_SET_SWITCH_INTERVAL, 0, 5 * MS, NULL);
	synth_ev(tl, 1 * US, TRACE_EV_ENTITY_NEW, MAIN, TRACE_ENT_THREAD, P, 0, "MainThread");
	synth_state(tl, 2 * US, MAIN, TRACE_ST_RUNNING, 0, 0);
	synth_ev(tl, 2 * US, TRACE_EV_GIL_TAKE, MAIN, 0, 0, 0, NULL);
	synth_ev(tl, 3 * US, TRACE_EV_LINE, MAIN, 0, 0, 14, NULL);
	synth_ev(tl, 10 * US, TRACE_EV_ENTITY_NEW, T1, TRACE_ENT_THREAD, MAIN, 0,
	    "Thread-1 (print_square)");
	synth_ev(tl, 12 * US, TRACE_EV_ENTITY_NEW, T2, TRACE_ENT_THREAD, MAIN, 0,
	    "Thread-2 (print_cube)");
	synth_ev(tl, 20 * US, TRACE_EV_LINE, MAIN, 0, 0, 17, NULL);
	synth_state(tl, 21 * US, T1, TRACE_ST_READY, TRACE_WHY_GIL, GIL);
	synth_ev(tl, 22 * US, TRACE_EV_GIL_REQUEST, T1, 0, GIL, 0, NULL);
	synth_state(tl, 30 * US, T2, TRACE_ST_READY, TRACE_WHY_GIL, GIL);
	synth_ev(tl, 31 * US, TRACE_EV_GIL_REQUEST, T2, 0, GIL, 0, NULL);
	synth_ev(tl, 40 * US, TRACE_EV_LINE, MAIN, 0, 0, 20, NULL);
	/* MainThread joins t1: releases the GIL; Thread-1 takes it. */
	synth_state(tl, 50 * US, MAIN, TRACE_ST_BLOCKED, TRACE_WHY_JOIN, T1);
	synth_ev(tl, 51 * US, TRACE_EV_GIL_DROP, MAIN, TRACE_GIL_BLOCKING, GIL, 0, NULL);
	synth_ev(tl, 60 * US, TRACE_EV_GIL_TAKE, T1, 0, MAIN, 40 * US, NULL);
	synth_state(tl, 60 * US, T1, TRACE_ST_RUNNING, 0, 0);
	synth_ev(tl, 61 * US, TRACE_EV_LINE, T1, 0, 0, 9, NULL);
	/* Thread-2 waits a switch interval, asks for a drop. */
	synth_ev(tl, 5 * MS + 31 * US, TRACE_EV_GIL_DROP_REQUEST, T2, 0, T1, 0, NULL);
	synth_ev(tl, 5 * MS + 60 * US, TRACE_EV_GIL_DROP, T1, TRACE_GIL_FORCED, GIL, 0, NULL);
	synth_state(tl, 5 * MS + 60 * US, T1, TRACE_ST_READY, TRACE_WHY_GIL, GIL);
	synth_ev(tl, 5 * MS + 70 * US, TRACE_EV_GIL_TAKE, T2, 0, T1, 5 * MS, NULL);
	synth_state(tl, 5 * MS + 70 * US, T2, TRACE_ST_RUNNING, 0, 0);
	synth_ev(tl, 5 * MS + 71 * US, TRACE_EV_LINE, T2, 0, 0, 5, NULL);
	synth_ev(tl, 5 * MS + 80 * US, TRACE_EV_GIL_REQUEST, T1, 0, GIL, 0, NULL);
	synth_ev(tl, 6 * MS, TRACE_EV_OUTPUT, T2, 1, 0, 0, "Cube: 1000\n");
	synth_ev(tl, 10 * MS + 80 * US, TRACE_EV_GIL_DROP_REQUEST, T1, 0, T2, 0, NULL);
	synth_ev(tl, 10 * MS + 100 * US, TRACE_EV_GIL_DROP, T2, TRACE_GIL_FORCED, GIL, 0, NULL);
	synth_state(tl, 10 * MS + 100 * US, T2, TRACE_ST_READY, TRACE_WHY_GIL, GIL);
	synth_ev(tl, 10 * MS + 110 * US, TRACE_EV_GIL_TAKE, T1, 0, T2, 5 * MS, NULL);
	synth_state(tl, 10 * MS + 110 * US, T1, TRACE_ST_RUNNING, 0, 0);
	synth_ev(tl, 11 * MS, TRACE_EV_OUTPUT, T1, 1, 0, 0, "Square: 100\n");
	synth_ev(tl, 11 * MS + 10 * US, TRACE_EV_GIL_DROP, T1, TRACE_GIL_EXIT, GIL, 0, NULL);
	synth_state(tl, 11 * MS + 10 * US, T1, TRACE_ST_TERMINATED, 0, 0);
	synth_ev(tl, 11 * MS + 20 * US, TRACE_EV_GIL_TAKE, T2, 0, T1, 900 * US, NULL);
	synth_state(tl, 11 * MS + 20 * US, T2, TRACE_ST_RUNNING, 0, 0);
	synth_state(tl, 11 * MS + 30 * US, MAIN, TRACE_ST_READY, TRACE_WHY_GIL, GIL);
	synth_ev(tl, 12 * MS, TRACE_EV_GIL_DROP, T2, TRACE_GIL_EXIT, GIL, 0, NULL);
	synth_state(tl, 12 * MS, T2, TRACE_ST_TERMINATED, 0, 0);
	synth_ev(tl, 12 * MS + 10 * US, TRACE_EV_GIL_TAKE, MAIN, 0, T2, 980 * US, NULL);
	synth_state(tl, 12 * MS + 10 * US, MAIN, TRACE_ST_RUNNING, 0, 0);
	synth_ev(tl, 12 * MS + 20 * US, TRACE_EV_LINE, MAIN, 0, 0, 23, NULL);
	synth_ev(tl, 12 * MS + 30 * US, TRACE_EV_OUTPUT, MAIN, 1, 0, 0, "Done!\n");
	synth_ev(tl, 12 * MS + 40 * US, TRACE_EV_GIL_DROP, MAIN, TRACE_GIL_EXIT, GIL, 0, NULL);
	synth_state(tl, 12 * MS + 40 * US, MAIN, TRACE_ST_TERMINATED, 0, 0);
}

/* nthreads CPU-bound threads sharing the GIL round-robin, one per 5 ms. */
void
synth_many(synth_cb cb, void *arg, int nthreads, int ms)
{
	struct synth_sink sink = { cb, arg }, *tl = &sink;
	char		name[32];
	int		i, cur = 0, prev;
	uint64_t	t;

	synth_ev(tl, 0, TRACE_EV_ENTITY_NEW, P, TRACE_ENT_PROCESS, 0, 0, "MainProcess");
	synth_ev(tl, 0, TRACE_EV_ENTITY_NEW, GIL, TRACE_ENT_GIL, P, 0, "GIL");
	for (i = 0; i < nthreads; i++) {
		snprintf(name, sizeof name, "Thread-%d (burn)", i + 1);
		synth_ev(tl, (uint64_t)i * US, TRACE_EV_ENTITY_NEW, 10 + (uint32_t)i,
		    TRACE_ENT_THREAD, P, 0, name);
		synth_state(tl, (uint64_t)i * US + 1, 10 + (uint32_t)i,
		    i == 0 ? TRACE_ST_RUNNING : TRACE_ST_READY, TRACE_WHY_GIL, GIL);
	}
	synth_ev(tl, 1, TRACE_EV_GIL_TAKE, 10, 0, 0, 0, NULL);
	for (t = 5 * MS; t < (uint64_t)ms * MS; t += 5 * MS) {
		prev = cur;
		cur = (cur + 1) % nthreads;
		synth_ev(tl, t, TRACE_EV_GIL_DROP_REQUEST, 10 + (uint32_t)cur, 0,
		    10 + (uint32_t)prev, 0, NULL);
		synth_ev(tl, t + 20 * US, TRACE_EV_GIL_DROP, 10 + (uint32_t)prev,
		    TRACE_GIL_FORCED, GIL, 0, NULL);
		synth_state(tl, t + 20 * US, 10 + (uint32_t)prev, TRACE_ST_READY,
		    TRACE_WHY_GIL, GIL);
		synth_ev(tl, t + 30 * US, TRACE_EV_GIL_TAKE, 10 + (uint32_t)cur, 0,
		    10 + (uint32_t)prev, 5 * MS, NULL);
		synth_state(tl, t + 30 * US, 10 + (uint32_t)cur, TRACE_ST_RUNNING, 0, 0);
		synth_ev(tl, t + 40 * US, TRACE_EV_LINE, 10 + (uint32_t)cur, 0, 0,
		    (uint64_t)(3 + cur % 5), NULL);
	}
}

/* asyncio: three tasks on one loop; the third blocks it with time.sleep. */
void
synth_asyncio(synth_cb cb, void *arg)
{
	struct synth_sink sink = { cb, arg }, *tl = &sink;
	enum { LOOP = 6, A = 7, B = 8, C = 9 };
	uint64_t t;
	uint32_t k;

	synth_ev(tl, 0, TRACE_EV_ENTITY_NEW, P, TRACE_ENT_PROCESS, 0, 0, "MainProcess");
	synth_ev(tl, 0, TRACE_EV_ENTITY_NEW, GIL, TRACE_ENT_GIL, P, 0, "GIL");
	synth_ev(tl, 1 * US, TRACE_EV_ENTITY_NEW, MAIN, TRACE_ENT_THREAD, P, 0, "MainThread");
	synth_state(tl, 2 * US, MAIN, TRACE_ST_RUNNING, 0, 0);
	synth_ev(tl, 2 * US, TRACE_EV_GIL_TAKE, MAIN, 0, 0, 0, NULL);
	synth_ev(tl, 3 * US, TRACE_EV_ENTITY_NEW, LOOP, TRACE_ENT_LOOP, MAIN, 0, "event loop");
	synth_ev(tl, 4 * US, TRACE_EV_ENTITY_NEW, A, TRACE_ENT_TASK, LOOP, 0, "Task-1 (polite)");
	synth_ev(tl, 5 * US, TRACE_EV_ENTITY_NEW, B, TRACE_ENT_TASK, LOOP, 0, "Task-2 (polite)");
	synth_ev(tl, 6 * US, TRACE_EV_ENTITY_NEW, C, TRACE_ENT_TASK, LOOP, 0, "Task-3 (rude)");
	for (k = A; k <= C; k++)
		synth_state(tl, 7 * US, k, TRACE_ST_READY, TRACE_WHY_LOOP, LOOP);
	t = 10 * US;
	synth_ev(tl, t, TRACE_EV_LOOP_PHASE, LOOP, TRACE_LOOP_READY, 0, 3, NULL);
	for (k = A; k <= B; k++) {
		synth_ev(tl, t + 1 * US, TRACE_EV_TASK_STEP, k, 0, LOOP, 0, NULL);
		synth_state(tl, t + 1 * US, k, TRACE_ST_RUNNING, 0, 0);
		synth_ev(tl, t + 5 * US, TRACE_EV_STATE, k, TRACE_ST_TIMED |
		    TRACE_WHY_SLEEP << 8, 0, SYNTH_T0 + t + 5 * US + 200 * MS, NULL);
		t += 10 * US;
	}
	synth_ev(tl, t, TRACE_EV_TASK_STEP, C, 0, LOOP, 0, NULL);
	synth_state(tl, t, C, TRACE_ST_RUNNING, 0, 0);
	synth_state(tl, t + 200 * MS, C, TRACE_ST_TERMINATED, 0, 0);
	synth_ev(tl, t + 200 * MS, TRACE_EV_LOOP_BLOCKED, LOOP, 0, C, 200 * MS, NULL);
	synth_ev(tl, t + 201 * MS, TRACE_EV_LOOP_PHASE, LOOP, TRACE_LOOP_TIMERS, 0, 2, NULL);
	for (k = A; k <= B; k++)
		synth_state(tl, t + 201 * MS, k, TRACE_ST_READY, TRACE_WHY_LOOP, LOOP);
	synth_ev(tl, t + 202 * MS, TRACE_EV_LOOP_PHASE, LOOP, TRACE_LOOP_POLL, 0, 0, NULL);
}
