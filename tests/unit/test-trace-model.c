/*
 * test-trace-model.c — the model's answers on hand-made event sequences
 * with known answers, and state_at (from checkpoints) against a plain replay
 * on a long random sequence.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "trace/model.h"

enum { GIL = 1, T1 = 2, T2 = 3, LK = 4, Q = 5 };

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

/* A state change. */
static void
st(struct model *m, uint64_t t, uint32_t ent, unsigned state, unsigned why,
    uint32_t obj, uint64_t val)
{
	add(m, t, TRACE_EV_STATE, ent, state | why << 8, obj, val, NULL);
}

/* Two threads hand the GIL over once (forced), then contend for a lock. */
static struct model *
gil_story(void)
{
	struct model *m = model_create();

	add(m, 100, TRACE_EV_ENTITY_NEW, GIL, TRACE_ENT_GIL, 0, 0, "GIL");
	add(m, 100, TRACE_EV_ENTITY_NEW, T1, TRACE_ENT_THREAD, 0, 0, "T1");
	add(m, 100, TRACE_EV_ENTITY_NEW, T2, TRACE_ENT_THREAD, 0, 0, "T2");
	add(m, 100, TRACE_EV_ENTITY_NEW, LK, TRACE_ENT_LOCK, 0, 0, "L");
	add(m, 150, TRACE_EV_GIL_REQUEST, T1, 0, GIL, 0, NULL);
	add(m, 200, TRACE_EV_GIL_TAKE, T1, 0, 0, 50, NULL);
	st(m, 200, T1, TRACE_ST_RUNNING, 0, 0, 0);
	st(m, 300, T2, TRACE_ST_READY, TRACE_WHY_GIL, GIL, 0);
	add(m, 300, TRACE_EV_GIL_REQUEST, T2, 0, GIL, 0, NULL);
	add(m, 5300, TRACE_EV_GIL_DROP_REQUEST, T2, 0, T1, 0, NULL);
	add(m, 5400, TRACE_EV_GIL_DROP, T1, TRACE_GIL_FORCED, GIL, 0, NULL);
	st(m, 5400, T1, TRACE_ST_READY, TRACE_WHY_GIL, GIL, 0);
	add(m, 5400, TRACE_EV_GIL_REQUEST, T1, 0, GIL, 0, NULL);
	add(m, 5450, TRACE_EV_GIL_TAKE, T2, 0, T1, 5150, NULL);
	st(m, 5450, T2, TRACE_ST_RUNNING, 0, 0, 0);
	add(m, 6000, TRACE_EV_LOCK_ACQUIRE, T2, 0, LK, 1, NULL);
	add(m, 6500, TRACE_EV_LINE, T2, 0, 0, 12, NULL);
	add(m, 7000, TRACE_EV_GIL_DROP, T2, TRACE_GIL_BLOCKING, GIL, 0, NULL);
	st(m, 7000, T2, TRACE_ST_TIMED, TRACE_WHY_SLEEP, 0, 9000);
	add(m, 7100, TRACE_EV_GIL_TAKE, T1, 0, T2, 1700, NULL);
	st(m, 7100, T1, TRACE_ST_RUNNING, 0, 0, 0);
	add(m, 7200, TRACE_EV_LOCK_CONTEND, T1, 0, LK, T2, NULL);
	add(m, 7200, TRACE_EV_GIL_DROP, T1, TRACE_GIL_BLOCKING, GIL, 0, NULL);
	st(m, 7200, T1, TRACE_ST_BLOCKED, TRACE_WHY_LOCK, LK, 0);
	add(m, 9000, TRACE_EV_LOCK_RELEASE, T2, 0, LK, 0, NULL);
	add(m, 9000, TRACE_EV_OUTPUT, T2, 1, 0, 0, "done\n");
	st(m, 9100, T2, TRACE_ST_TERMINATED, 0, 0, 0);
	add(m, 9100, TRACE_EV_OVERFLOW, T1, 0, 0, 7, NULL);
	return m;
}

/* GIL holder, waiters and drop requests at chosen times. */
static void
test_gil_at_t(void **state)
{
	struct model *m = gil_story();
	struct model_snapshot s;
	const struct model_estate *g, *t1, *t2;
	uint32_t w[4];

	model_snapshot_init(&s);
	model_state_at(m, 99, &s);
	assert_null(model_snapshot_get(m, &s, T1));

	model_state_at(m, 250, &s);
	g = model_snapshot_get(m, &s, GIL);
	assert_non_null(g);
	assert_int_equal(g->holder, T1);
	assert_int_equal(model_gil_waiters(m, &s, GIL, w, 4), 0);
	t2 = model_snapshot_get(m, &s, T2);
	assert_int_equal(t2->state, TRACE_ST_NEW);

	model_state_at(m, 5350, &s);
	g = model_snapshot_get(m, &s, GIL);
	assert_int_equal(g->holder, T1);
	assert_true(g->flags & MODEL_F_DROP_REQ);
	assert_int_equal(model_gil_waiters(m, &s, GIL, w, 4), 1);
	assert_int_equal(w[0], T2);
	t2 = model_snapshot_get(m, &s, T2);
	assert_int_equal(t2->state, TRACE_ST_READY);
	assert_int_equal(t2->reason, TRACE_WHY_GIL);
	assert_int_equal(t2->gil_wait_since, 300);

	model_state_at(m, 5400, &s);
	g = model_snapshot_get(m, &s, GIL);
	assert_int_equal(g->holder, 0);
	assert_int_equal(model_gil_waiters(m, &s, GIL, w, 4), 2);
	assert_int_equal(w[0], T2);	/* asked first */
	assert_int_equal(w[1], T1);

	model_state_at(m, 5450, &s);
	g = model_snapshot_get(m, &s, GIL);
	assert_int_equal(g->holder, T2);
	assert_false(g->flags & MODEL_F_DROP_REQ);
	assert_int_equal(s.c.gil_handoffs, 1);
	assert_int_equal(s.c.gil_handoffs_by[TRACE_GIL_FORCED], 1);
	assert_int_equal(model_gil_waiters(m, &s, GIL, w, 4), 1);

	model_state_at(m, 8000, &s);
	t1 = model_snapshot_get(m, &s, T1);
	t2 = model_snapshot_get(m, &s, T2);
	assert_int_equal(t1->state, TRACE_ST_BLOCKED);
	assert_int_equal(t1->reason, TRACE_WHY_LOCK);
	assert_int_equal(t1->obj, LK);
	assert_int_equal(t2->state, TRACE_ST_TIMED);
	assert_int_equal(t2->val, 9000);
	assert_int_equal(t2->line, 12);
	assert_int_equal(model_snapshot_get(m, &s, LK)->holder, T2);
	assert_int_equal(s.c.gil_handoffs, 2);
	assert_int_equal(s.c.gil_handoffs_by[TRACE_GIL_BLOCKING], 1);
	assert_int_equal(s.c.contentions, 1);

	model_state_at(m, 9100, &s);
	assert_int_equal(model_snapshot_get(m, &s, LK)->holder, 0);
	assert_int_equal(model_snapshot_get(m, &s, T2)->state,
	    TRACE_ST_TERMINATED);
	assert_int_equal(s.c.overflow_lost, 7);
	assert_int_equal(s.c.gil_drops[TRACE_GIL_FORCED], 1);
	assert_int_equal(s.c.gil_drops[TRACE_GIL_BLOCKING], 2);
	assert_int_equal(s.c.gil_takes, 3);
	assert_int_equal(s.c.gil_wait_ns, 50 + 5150 + 1700);
	model_snapshot_fini(&s);
	model_free(m);
}

/* Time in each state, and the lanes (intervals). */
static void
test_time_in_state_and_intervals(void **state)
{
	struct model *m = gil_story();
	const struct model_interval *iv;
	struct model_snapshot s;
	size_t i1, n;

	model_snapshot_init(&s);
	model_state_at(m, 9100, &s);
	i1 = model_entity_index(m, T1);
	assert_int_equal(model_snapshot_time_in(&s, i1, TRACE_ST_NEW), 100);
	assert_int_equal(model_snapshot_time_in(&s, i1, TRACE_ST_RUNNING),
	    (5400 - 200) + (7200 - 7100));
	assert_int_equal(model_snapshot_time_in(&s, i1, TRACE_ST_READY),
	    7100 - 5400);
	assert_int_equal(model_snapshot_time_in(&s, i1, TRACE_ST_BLOCKED),
	    9100 - 7200);

	iv = model_intervals(m, T1, &n);
	assert_int_equal(n, 5);
	assert_int_equal(iv[0].state, TRACE_ST_NEW);
	assert_int_equal(iv[1].state, TRACE_ST_RUNNING);
	assert_int_equal(iv[1].t0, 200);
	assert_int_equal(iv[1].t1, 5400);
	assert_int_equal(iv[4].state, TRACE_ST_BLOCKED);
	assert_int_equal(iv[4].obj, LK);
	assert_int_equal(iv[4].t1, MODEL_T_NEVER);
	assert_int_equal(model_interval_find(m, T1, 6000), 2);
	assert_int_equal(model_interval_find(m, T1, 50), MODEL_NONE);

	/* The GIL lane: who holds it. */
	iv = model_intervals(m, GIL, &n);
	assert_int_equal(iv[0].state, TRACE_ST_READY);
	assert_int_equal(iv[1].obj, T1);
	assert_int_equal(iv[1].t0, 200);
	assert_int_equal(iv[2].obj, 0);
	assert_int_equal(iv[2].t0, 5400);
	assert_int_equal(iv[3].obj, T2);
	assert_int_equal(iv[3].state, TRACE_ST_RUNNING);

	assert_int_equal(model_entity(m, T2)->t_end, 9100);
	assert_string_equal(model_entity(m, LK)->name, "L");
	assert_int_equal(model_entity(m, LK)->kind, TRACE_ENT_LOCK);
	model_snapshot_fini(&s);
	model_free(m);
}

/* Counting callback. */
static int
count_cb(const struct trace_ev *ev, uint64_t idx, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

/* Walking events by time, with equal times. */
static void
test_event_navigation(void **state)
{
	struct model *m = gil_story();
	struct trace_ev ev;
	uint64_t t0, t1;
	int n = 0;

	model_time_range(m, &t0, &t1);
	assert_int_equal(t0, 100);
	assert_int_equal(t1, 9100);
	assert_int_equal(model_index_at(m, 100), 0);
	assert_int_equal(model_index_at(m, 101), 4);
	assert_int_equal(model_index_at(m, 99999), model_event_count(m));
	model_events_between(m, 5400, 5400, count_cb, &n);
	assert_int_equal(n, 3);
	assert_int_equal(model_next_event_after(m, 5400, &ev), 0);
	assert_int_equal(ev.t, 5450);
	assert_int_equal(ev.kind, TRACE_EV_GIL_TAKE);
	assert_int_equal(model_prev_event_before(m, 5400, &ev), 0);
	assert_int_equal(ev.t, 5300);
	assert_int_equal(model_prev_event_before(m, 100, &ev), -1);
	assert_int_equal(model_next_event_after(m, 9100, &ev), -1);
	assert_int_equal(model_event(m, model_event_count(m) - 3, &ev), 0);
	assert_int_equal(ev.kind, TRACE_EV_OUTPUT);
	assert_int_equal(ev.slen, 5);
	assert_memory_equal(ev.str, "done\n", 5);
	model_free(m);
}

/* Late events are clamped, never reorder the model. */
static void
test_late_clamped(void **state)
{
	struct model *m = model_create();
	struct trace_ev ev;

	add(m, 500, TRACE_EV_LINE, 9, 0, 0, 1, NULL);
	add(m, 400, TRACE_EV_LINE, 9, 0, 0, 2, NULL);
	assert_int_equal(model_late_count(m), 1);
	model_event(m, 1, &ev);
	assert_int_equal(ev.t, 500);
	assert_int_equal(ev.val, 2);
	/* An entity never declared is still in the table. */
	assert_string_equal(model_entity_name(m, 9), "#9");
	assert_string_equal(model_entity_name(m, 77), "#77");
	model_free(m);
}

/* A small deterministic PRNG. */
static uint64_t rng = 88172645463325252ull;
static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Whether two snapshots agree on every entity and counter. */
static void
assert_same(const struct model_snapshot *a, const struct model_snapshot *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	assert_int_equal(a->nevents, b->nevents);
	for (i = 0; i < a->n; i++)
		assert_memory_equal(&a->st[i], &b->st[i], sizeof a->st[i]);
	assert_memory_equal(&a->c, &b->c, sizeof a->c);
}

/* state_at from checkpoints equals a plain replay, at many t. */
static void
test_checkpoints_match_replay(void **state)
{
	struct model *m = model_create();
	struct model_snapshot s;
	struct model_cursor c;
	struct trace_ev ev;
	uint64_t t = 1000, probe[300];
	unsigned i, k, nprobe = 300;
	uint32_t ent;

	for (i = 1; i <= 40; i++)
		add(m, t, TRACE_EV_ENTITY_NEW, i, i == 1 ? TRACE_ENT_GIL :
		    i < 30 ? TRACE_ENT_THREAD : TRACE_ENT_LOCK, 0, 0, "e");
	for (i = 0; i < 60000; i++) {
		t += rnd() % 3 == 0 ? 0 : rnd() % 5000;
		ent = 2 + (uint32_t)(rnd() % 38);
		switch (rnd() % 8) {
		case 0:
			st(m, t, ent, (unsigned)(rnd() % 6), (unsigned)(rnd() %
			    15), (uint32_t)(rnd() % 41), rnd() % 100000);
			break;
		case 1:
			add(m, t, TRACE_EV_GIL_REQUEST, ent, 0, 1, 0, NULL);
			break;
		case 2:
			add(m, t, TRACE_EV_GIL_TAKE, ent, 0,
			    (uint32_t)(rnd() % 30), rnd() % 9000, NULL);
			break;
		case 3:
			add(m, t, TRACE_EV_GIL_DROP, ent, (unsigned)(rnd() % 6),
			    1, 0, NULL);
			break;
		case 4:
			add(m, t, TRACE_EV_LOCK_ACQUIRE, ent, 0,
			    30 + (uint32_t)(rnd() % 11), 1, NULL);
			break;
		case 5:
			add(m, t, TRACE_EV_LOCK_RELEASE, ent, 0,
			    30 + (uint32_t)(rnd() % 11), 0, NULL);
			break;
		case 6:
			add(m, t, TRACE_EV_LINE, ent, 0, 0, rnd() % 300, NULL);
			break;
		default:
			add(m, t, TRACE_EV_GIL_DROP_REQUEST, ent, 0, 0, 0,
			    NULL);
			break;
		}
	}
	for (k = 0; k < nprobe; k++)
		probe[k] = 1000 + rnd() % (t - 1000 + 2000);
	/* Sort the probes, then walk one cursor through them. */
	for (k = 1; k < nprobe; k++) {
		uint64_t v = probe[k];
		unsigned j = k;

		for (; j > 0 && probe[j - 1] > v; j--)
			probe[j] = probe[j - 1];
		probe[j] = v;
	}
	model_snapshot_init(&s);
	model_cursor_begin(&c, m);
	for (k = 0; k < nprobe; k++) {
		while (c.next < model_event_count(m)) {
			model_event(m, c.next, &ev);
			if (ev.t > probe[k])
				break;
			model_cursor_next(&c, &ev);
		}
		c.snap.t = probe[k];
		model_state_at(m, probe[k], &s);
		assert_same(&s, &c.snap);
	}
	/* The end agrees with the live state. */
	model_state_now(m, &s);
	model_state_at(m, t, &c.snap);
	assert_same(&s, &c.snap);
	/* A cursor started in the middle agrees with one from the start. */
	model_cursor_fini(&c);
	model_cursor_init(&c, m, probe[150]);
	model_state_at(m, probe[150], &s);
	assert_same(&s, &c.snap);
	model_cursor_fini(&c);
	model_snapshot_fini(&s);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gil_at_t),
		cmocka_unit_test(test_time_in_state_and_intervals),
		cmocka_unit_test(test_event_navigation),
		cmocka_unit_test(test_late_clamped),
		cmocka_unit_test(test_checkpoints_match_replay),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
