/*
 * test-proc-trace.c — processes in a real recording (the trace room's
 * collector and model, not a stub): a child and a grandchild appear with
 * run-unique ids and the parent relation, their own events (emitted in the
 * child processes) reach the root's model, a child that exited shows as a
 * zombie until it is joined, and the joining thread is Blocked on it.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rt/ipc.h"
#include "rt/proc.h"
#include "rt/shm.h"
#include "trace/emit.h"
#include "trace/model.h"

#define SEC	1000000000LL

static uint32_t root_entity, main_thread;
static __thread uint32_t my_thread;

static uint32_t
current_entity(void)
{
	return my_thread;
}

/* A fresh thread entity for the main thread of a process. */
static void
name_main_thread(void *arg)
{
	my_thread = trace_entity_new(TRACE_ENT_THREAD, proc_self_entity(),
	    "MainThread");
	trace_state(my_thread, TRACE_ST_RUNNING, TRACE_WHY_NONE, 0, 0);
}

static int
body_grandchild(void *arg)
{
	return 4;
}

static int
body_child(void *arg)
{
	struct ipc_queue *q = arg;
	struct ipc_value *v = ipc_value_str("hello", 5);
	struct proc *g = proc_create(NULL, 0, body_grandchild, NULL);
	char *cause = NULL;

	if (ipc_queue_put(q, v, 1, -1, &cause) != 1)
		return 2;
	ipc_value_free(v);
	if (proc_start(g, &cause) != 0)
		return 2;
	proc_join(g, -1);
	return 3;
}

/* Find an interval of entity id in state st; NULL if none. */
static const struct model_interval *
find_interval(struct model *m, uint32_t id, enum trace_state st)
{
	const struct model_interval *iv;
	size_t n, i;

	iv = model_intervals(m, id, &n);
	for (i = 0; i < n; i++)
		if (iv[i].state == st)
			return &iv[i];
	return NULL;
}

static void
test_tree_in_recording(void **state)
{
	struct trace_sink_config cfg = { .stream_fd = -1, .keep_model = 1 };
	const struct model_interval *zombie, *term, *run, *wait;
	const struct model_entity *ce, *ge = NULL, *te = NULL;
	struct ipc_queue *q;
	struct ipc_value *v;
	struct model *m;
	struct proc *c;
	char *cause = NULL, gname[64];
	uint32_t cid;
	size_t i;

	assert_int_equal(trace_start(&cfg, &cause), 0);
	root_entity = trace_entity_new(TRACE_ENT_PROCESS, 0, "MainProcess");
	proc_set_self_entity(root_entity);
	main_thread = trace_entity_new(TRACE_ENT_THREAD, root_entity,
	    "MainThread");
	my_thread = main_thread;
	trace_thread_begin();

	q = ipc_queue_create(IPC_QUEUE, 0, &cause);
	c = proc_create(NULL, 0, body_child, q);
	cid = proc_entity(c);
	assert_int_equal(proc_start(c, &cause), 0);
	assert_int_equal(ipc_queue_get(q, &v, 1, 30 * SEC, &cause), 1);
	assert_string_equal(v->s, "hello");
	ipc_value_free(v);
	assert_int_equal(proc_wait_state_change(c, PROC_RUNNING, 30 * SEC),
	    PROC_ZOMBIE);
	assert_int_equal(proc_join(c, -1), 1);
	snprintf(gname, sizeof gname, "%s:1", proc_name(c));
	proc_free(c);
	ipc_queue_free(q);
	trace_thread_end();
	trace_stop();
	m = trace_model_take();
	assert_non_null(m);

	ce = model_entity(m, cid);
	assert_non_null(ce);
	assert_int_equal(ce->kind, TRACE_ENT_PROCESS);
	assert_int_equal(ce->parent, root_entity);
	for (i = 0; i < model_entity_count(m); i++) {
		const struct model_entity *e = model_entity_at(m, i);

		if (strcmp(e->name, gname) == 0)
			ge = e;
	}
	assert_non_null(ge);
	assert_int_equal(ge->kind, TRACE_ENT_PROCESS);
	assert_int_equal(ge->parent, cid);
	assert_int_not_equal(ge->id, cid);

	/* The child said it ran (its own event, forwarded to the root). */
	assert_non_null(find_interval(m, cid, TRACE_ST_RUNNING));
	assert_non_null(find_interval(m, ge->id, TRACE_ST_RUNNING));
	/* Zombie from its exit until the join, then Terminated, code 3. */
	zombie = find_interval(m, cid, TRACE_ST_ZOMBIE);
	term = find_interval(m, cid, TRACE_ST_TERMINATED);
	assert_non_null(zombie);
	assert_non_null(term);
	assert_int_equal((int64_t)zombie->val, 3);
	assert_int_equal((int64_t)term->val, 3);
	assert_true(zombie->t1 <= term->t0);
	/* The grandchild was joined by the child: code 4. */
	term = find_interval(m, ge->id, TRACE_ST_TERMINATED);
	assert_non_null(term);
	assert_int_equal((int64_t)term->val, 4);
	/* The child's main thread (a hook in the child) waited on join. */
	for (i = 0; i < model_entity_count(m); i++) {
		const struct model_entity *e = model_entity_at(m, i);

		if (e->kind == TRACE_ENT_THREAD && e->parent == cid)
			te = e;
	}
	assert_non_null(te);
	run = find_interval(m, te->id, TRACE_ST_RUNNING);
	assert_non_null(run);
	/* (it may also have blocked on the queue before: find the join) */
	{
		const struct model_interval *iv;
		size_t niv, k;

		wait = NULL;
		iv = model_intervals(m, te->id, &niv);
		for (k = 0; k < niv && wait == NULL; k++)
			if (iv[k].state == TRACE_ST_BLOCKED &&
			    iv[k].reason == TRACE_WHY_JOIN)
				wait = &iv[k];
	}
	assert_non_null(wait);
	assert_int_equal(wait->obj, ge->id);
	model_free(m);
}

static int
setup(void **state)
{
	struct proc_hooks h = { .current_entity = current_entity };

	proc_set_hooks(&h);
	proc_atfork_child(name_main_thread, NULL);
	proc_contain_init();
	shm_init();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_in_recording),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
