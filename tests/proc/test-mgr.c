/*
 * test-mgr.c — the manager: a real server process serving dict, list,
 * Value, Queue, Lock, RLock and Event to several processes, with the
 * exceptions CPython's proxies raise, and nothing left after shutdown.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rt/ipc-mgr.h"
#include "rt/proc.h"
#include "rt/shm.h"

static struct ipc_mgr *mgr;

static struct proc *
start(proc_fn fn, void *arg)
{
	struct proc *p = proc_create(NULL, 0, fn, arg);
	char *cause = NULL;

	assert_int_equal(proc_start(p, &cause), 0);
	return p;
}

static int
finish(struct proc *p)
{
	int code = -1000;

	assert_int_equal(proc_join(p, -1), 1);
	assert_true(proc_exitcode(p, &code));
	proc_free(p);
	return code;
}

/* Call and expect success; returns the result (caller frees). */
static struct ipc_value *
call_ok(int64_t id, const char *method, struct ipc_value *args)
{
	struct ipc_value *r = NULL;
	char *cause = NULL;
	int ok = ipc_mgr_call(mgr, id, method, args, &r, &cause);

	if (ok != 1)
		fail_msg("%s: %s", method, ok < 0 ? cause :
		    r != NULL && r->s2 != NULL ? r->s2 : "?");
	return r;
}

/* Call and expect exception cls; returns it (caller frees). */
static struct ipc_value *
call_exc(int64_t id, const char *method, struct ipc_value *args,
    const char *cls)
{
	struct ipc_value *r = NULL;
	char *cause = NULL;

	assert_int_equal(ipc_mgr_call(mgr, id, method, args, &r, &cause), 0);
	assert_int_equal(r->type, IPC_EXC);
	assert_string_equal(r->s2, cls);
	return r;
}

#define STR(s)	ipc_value_str((s), strlen(s))
#define INT(i)	ipc_value_int(i)

struct ids {
	int64_t	dict, list, value, lock, queue;
	int	base;
};

/* A worker: writes its keys, appends, increments under the lock. */
static int
body_worker(void *arg)
{
	struct ids *ids = arg;
	struct ipc_value *r;
	char *cause = NULL;
	int i;

	for (i = 0; i < 50; i++) {
		if (ipc_mgr_call(mgr, ids->dict, "__setitem__", ipc_tuple(2,
		    INT(ids->base + i), INT(i)), &r, &cause) != 1)
			return 2;
		ipc_value_free(r);
		if (ipc_mgr_call(mgr, ids->list, "append", ipc_tuple(1,
		    INT(ids->base + i)), &r, &cause) != 1)
			return 3;
		ipc_value_free(r);
		if (ipc_mgr_call(mgr, ids->lock, "acquire",
		    ipc_value_container(IPC_TUPLE), &r, &cause) != 1)
			return 4;
		ipc_value_free(r);
		ipc_mgr_call(mgr, ids->value, "get",
		    ipc_value_container(IPC_TUPLE), &r, &cause);
		r->i++;
		ipc_mgr_call(mgr, ids->value, "set", ipc_tuple(1, r), &r,
		    &cause);
		ipc_value_free(r);
		ipc_mgr_call(mgr, ids->lock, "release",
		    ipc_value_container(IPC_TUPLE), &r, &cause);
		ipc_value_free(r);
	}
	if (ipc_mgr_call(mgr, ids->queue, "put", ipc_tuple(1, STR("done")),
	    &r, &cause) != 1)
		return 5;
	ipc_value_free(r);
	return 0;
}

static void
test_shared_objects(void **state)
{
	struct ids ids[2];
	struct ipc_value *r, *e;
	struct proc *p[2];
	char *cause = NULL;
	int i;

	ids[0].dict = ipc_mgr_create(mgr, "dict", ipc_value_container(IPC_TUPLE),
	    &cause);
	ids[0].list = ipc_mgr_create(mgr, "list", ipc_value_container(IPC_TUPLE),
	    &cause);
	ids[0].value = ipc_mgr_create(mgr, "Value", ipc_tuple(2, STR("i"),
	    INT(0)), &cause);
	ids[0].lock = ipc_mgr_create(mgr, "Lock", ipc_value_container(IPC_TUPLE),
	    &cause);
	ids[0].queue = ipc_mgr_create(mgr, "Queue",
	    ipc_value_container(IPC_TUPLE), &cause);
	assert_true(ids[0].dict > 0 && ids[0].list > 0 && ids[0].value > 0 &&
	    ids[0].lock > 0 && ids[0].queue > 0);
	ids[1] = ids[0];
	ids[0].base = 0;
	ids[1].base = 1000;
	for (i = 0; i < 2; i++)
		p[i] = start(body_worker, &ids[i]);
	for (i = 0; i < 2; i++) {
		r = call_ok(ids[0].queue, "get", ipc_tuple(2, ipc_value_bool(1),
		    ipc_value_float(30)));
		assert_string_equal(r->s, "done");
		ipc_value_free(r);
	}
	for (i = 0; i < 2; i++)
		assert_int_equal(finish(p[i]), 0);

	r = call_ok(ids[0].dict, "__len__", ipc_value_container(IPC_TUPLE));
	assert_int_equal(r->i, 100);
	ipc_value_free(r);
	r = call_ok(ids[0].dict, "__getitem__", ipc_tuple(1, INT(1007)));
	assert_int_equal(r->i, 7);
	ipc_value_free(r);
	/* 1007.0 and 1007 are the same key, as in Python. */
	r = call_ok(ids[0].dict, "get", ipc_tuple(1, ipc_value_float(1007.0)));
	assert_int_equal(r->i, 7);
	ipc_value_free(r);
	e = call_exc(ids[0].dict, "__getitem__", ipc_tuple(1, STR("nope")),
	    "KeyError");
	assert_string_equal(e->items[0]->items[0]->s, "nope");
	ipc_value_free(e);

	r = call_ok(ids[0].list, "__len__", ipc_value_container(IPC_TUPLE));
	assert_int_equal(r->i, 100);
	ipc_value_free(r);
	ipc_value_free(call_ok(ids[0].list, "sort",
	    ipc_value_container(IPC_TUPLE)));
	r = call_ok(ids[0].list, "__getitem__", ipc_tuple(1, INT(-1)));
	assert_int_equal(r->i, 1049);
	ipc_value_free(r);
	r = call_ok(ids[0].list, "_getvalue", ipc_value_container(IPC_TUPLE));
	for (i = 0; i < 100; i++)
		assert_int_equal(r->items[i]->i, i < 50 ? i : 1000 + i - 50);
	ipc_value_free(r);
	ipc_value_free(call_exc(ids[0].list, "__getitem__",
	    ipc_tuple(1, INT(100)), "IndexError"));
	ipc_value_free(call_exc(ids[0].list, "remove", ipc_tuple(1, INT(-5)),
	    "ValueError"));

	/* The lock made the counter exact. */
	r = call_ok(ids[0].value, "get", ipc_value_container(IPC_TUPLE));
	assert_int_equal(r->i, 100);
	ipc_value_free(r);

	/* An empty queue with a timeout: queue.Empty. */
	e = call_exc(ids[0].queue, "get", ipc_tuple(2, ipc_value_bool(1),
	    ipc_value_float(0.01)), "Empty");
	assert_string_equal(e->s, "queue");
	ipc_value_free(e);
	ipc_value_free(call_exc(ids[0].lock, "release",
	    ipc_value_container(IPC_TUPLE), "RuntimeError"));
	ipc_mgr_release(mgr, ids[0].dict);
	ipc_value_free(call_exc(ids[0].dict, "__len__",
	    ipc_value_container(IPC_TUPLE), "KeyError"));
}

/* RLock: owned by the caller; another process may not release it. */
static int
body_release_foreign(void *arg)
{
	int64_t id = *(int64_t *)arg;
	struct ipc_value *r;
	char *cause = NULL;
	int ok;

	ok = ipc_mgr_call(mgr, id, "release", ipc_value_container(IPC_TUPLE),
	    &r, &cause);
	ok = ok == 0 && strcmp(r->s2, "RuntimeError") == 0;
	ipc_value_free(r);
	return ok ? 0 : 2;
}

static void
test_rlock_and_event(void **state)
{
	char *cause = NULL;
	int64_t rl, ev;
	struct ipc_value *r;

	rl = ipc_mgr_create(mgr, "RLock", ipc_value_container(IPC_TUPLE),
	    &cause);
	ev = ipc_mgr_create(mgr, "Event", ipc_value_container(IPC_TUPLE),
	    &cause);
	r = call_ok(rl, "acquire", ipc_value_container(IPC_TUPLE));
	assert_true(r->i);
	ipc_value_free(r);
	r = call_ok(rl, "acquire", ipc_value_container(IPC_TUPLE));
	assert_true(r->i);
	ipc_value_free(r);
	assert_int_equal(finish(start(body_release_foreign, &rl)), 0);
	ipc_value_free(call_ok(rl, "release", ipc_value_container(IPC_TUPLE)));
	ipc_value_free(call_ok(rl, "release", ipc_value_container(IPC_TUPLE)));
	ipc_value_free(call_exc(rl, "release", ipc_value_container(IPC_TUPLE),
	    "RuntimeError"));

	r = call_ok(ev, "wait", ipc_tuple(1, ipc_value_float(0.01)));
	assert_false(r->i);
	ipc_value_free(r);
	ipc_value_free(call_ok(ev, "set", ipc_value_container(IPC_TUPLE)));
	r = call_ok(ev, "wait", ipc_value_container(IPC_TUPLE));
	assert_true(r->i);
	ipc_value_free(r);
}

static void
test_shutdown_leaves_nothing(void **state)
{
	struct proc *server = ipc_mgr_proc(mgr);
	pid_t pid = proc_pid(server);

	assert_int_equal(strncmp(proc_name(server), "SyncManager-", 12), 0);
	assert_true(proc_is_alive(server));
	ipc_mgr_shutdown(mgr);
	mgr = NULL;
	assert_int_equal(kill(pid, 0), -1);
	assert_int_equal(errno, ESRCH);
}

static int
setup(void **state)
{
	char *cause = NULL;

	proc_contain_init();
	shm_init();
	mgr = ipc_mgr_start(&cause);
	if (mgr == NULL)
		fail_msg("ipc_mgr_start: %s", cause);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_objects),
		cmocka_unit_test(test_rlock_and_event),
		cmocka_unit_test(test_shutdown_leaves_nothing),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
