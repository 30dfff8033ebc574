/*
 * test-proc-overlap.c — each process has its own GIL, so two CPU-bound
 * processes run at the same time: in a real recording (trace collector and
 * model, rt's GIL and thread registry), the running intervals of the two
 * children's main threads intersect. Each child spins, holding its own GIL,
 * until both have arrived, so the overlap follows from the order of events,
 * not from timing. (Two threads of one process could not do this: the one
 * spinning would hold the only GIL; rt's tests show they never overlap.)
 */
#include "config.h"

#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rt/gil.h"
#include "rt/proc.h"
#include "rt/proc-rt.h"
#include "rt/rt.h"
#include "rt/shm.h"
#include "rt/thread.h"
#include "trace/emit.h"
#include "trace/model.h"

static struct rt the_rt;
static int64_t *arrived;	/* shared */

/* CPU-bound until both children are here; then the main thread ends. */
static int
body_spin(void *arg)
{
	struct rt_thread *self = thread_self();
	volatile uint64_t x = 0;

	if (self == NULL || !gil_held_by(&the_rt.gil, self))
		return 2;
	__atomic_add_fetch(arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(arrived, __ATOMIC_ACQUIRE) < 2)
		x++;
	thread_set_state(self, TRACE_ST_TERMINATED, TRACE_WHY_NONE, 0, 0);
	return 0;
}

/* The RUNNING interval of a thread of process pid_entity. */
static int
running_of(struct model *m, uint32_t process, uint64_t *t0, uint64_t *t1)
{
	const struct model_interval *iv;
	size_t i, j, n;

	for (i = 0; i < model_entity_count(m); i++) {
		const struct model_entity *e = model_entity_at(m, i);

		if (e->kind != TRACE_ENT_THREAD || e->parent != process)
			continue;
		iv = model_intervals(m, e->id, &n);
		for (j = 0; j < n; j++) {
			if (iv[j].state == TRACE_ST_RUNNING) {
				*t0 = iv[j].t0;
				*t1 = iv[j].t1;
				return 1;
			}
		}
	}
	return 0;
}

static void
test_processes_overlap(void **state)
{
	struct trace_sink_config cfg = { .stream_fd = -1, .keep_model = 1 };
	struct rt_config rc = { 0 };
	uint64_t a0, a1, b0, b1;
	uint32_t root, ent[2];
	struct proc *p[2];
	struct model *m;
	char *cause = NULL;
	int i, code;

	assert_int_equal(trace_start(&cfg, &cause), 0);
	root = trace_entity_new(TRACE_ENT_PROCESS, 0, "MainProcess");
	proc_set_self_entity(root);
	rc.gil_mode = GIL_MODERN;
	rc.process = root;
	rt_init(&the_rt, &rc);
	thread_main_init(&the_rt, "MainThread");
	proc_rt_bind(&the_rt);
	proc_contain_init();
	arrived = shm_alloc(sizeof *arrived);

	for (i = 0; i < 2; i++) {
		p[i] = proc_create(NULL, 0, body_spin, NULL);
		ent[i] = proc_entity(p[i]);
		assert_int_equal(proc_start(p[i], &cause), 0);
	}
	for (i = 0; i < 2; i++) {
		assert_int_equal(proc_join(p[i], -1), 1);
		assert_true(proc_exitcode(p[i], &code));
		assert_int_equal(code, 0);
		proc_free(p[i]);
	}
	thread_main_fini(&the_rt);
	trace_stop();
	m = trace_model_take();
	assert_non_null(m);
	assert_true(running_of(m, ent[0], &a0, &a1));
	assert_true(running_of(m, ent[1], &b0, &b1));
	assert_true(a1 != MODEL_T_NEVER && b1 != MODEL_T_NEVER);
	/* Each ran until the other had started: the intervals intersect. */
	assert_true(a0 <= b1);
	assert_true(b0 <= a1);
	model_free(m);
	rt_fini(&the_rt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_processes_overlap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
