/*
 * test-ipc.c — pipes and queues between real fork()ed processes: round
 * trips, EOF on a closed end, poll and get with timeouts, Empty and Full,
 * the feeder that keeps put() from blocking on a full pipe, JoinableQueue's
 * task accounting, SimpleQueue, and bad frames.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/buf.h"
#include "rt/ipc.h"
#include "rt/proc.h"
#include "rt/shm.h"
#include "trace/emit.h"
#include "trace-stub.h"

#define SEC	1000000000LL
#define MS	1000000LL

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

/* A value with a bit of everything, numbered n. */
static struct ipc_value *
sample(int64_t n)
{
	struct ipc_value *t = ipc_value_container(IPC_TUPLE);
	struct ipc_value *d = ipc_value_container(IPC_DICT);

	ipc_value_append(t, ipc_value_int(n));
	ipc_value_append(t, ipc_value_str("caf\xc3\xa9", 5));
	ipc_value_append(d, ipc_value_float(n / 2.0));
	ipc_value_append(d, ipc_value_bytes("\0x", 2));
	ipc_value_append(t, d);
	return t;
}

struct pair {
	struct ipc_conn	*a, *b;
};

/* Echo every value back until EOF; exit 7 on a clean EOF. */
static int
body_echo(void *arg)
{
	struct pair *pp = arg;
	struct ipc_value *v;
	char *cause = NULL;
	int r;

	ipc_conn_close(pp->a);
	while ((r = ipc_conn_recv(pp->b, &v, &cause)) == 1) {
		if (ipc_conn_send(pp->b, v, &cause) != 0)
			return 2;
		ipc_value_free(v);
	}
	return r == 0 ? 7 : 3;
}

static void
test_duplex_roundtrip(void **state)
{
	struct ipc_value *v, *want;
	struct pair pp;
	struct proc *p;
	char *cause = NULL;
	int i;

	assert_int_equal(ipc_pipe(1, &pp.a, &pp.b, &cause), 0);
	assert_true(ipc_conn_readable(pp.a) && ipc_conn_writable(pp.a));
	p = start(body_echo, &pp);
	ipc_conn_close(pp.b);
	stub_reset();
	for (i = 0; i < 200; i++) {
		want = sample(i);
		assert_int_equal(ipc_conn_send(pp.a, want, &cause), 0);
		assert_int_equal(ipc_conn_recv(pp.a, &v, &cause), 1);
		assert_true(ipc_value_equal(v, want));
		ipc_value_free(v);
		ipc_value_free(want);
	}
	assert_non_null(stub_find(TRACE_EV_PIPE_SEND, 0, -1));
	assert_non_null(stub_find(TRACE_EV_PIPE_RECV, 0, -1));
	assert_int_equal(stub_find(TRACE_EV_PIPE_SEND, 0, -1)->obj,
	    ipc_conn_entity(pp.a));
	/* Closing our end: the child sees EOF and ends with 7. */
	ipc_conn_close(pp.a);
	assert_int_equal(finish(p), 7);
	assert_int_equal(ipc_conn_send(pp.a, NULL, &cause), -1);
	assert_string_equal(cause, "handle is closed");
	free(cause);
	ipc_conn_free(pp.a);
	ipc_conn_free(pp.b);
}

/* Write three messages on the one-way pipe, then end. */
static int
body_writer(void *arg)
{
	struct pair *pp = arg;
	char *cause = NULL;
	int i;

	ipc_conn_close(pp->a);
	for (i = 0; i < 3; i++)
		if (ipc_conn_send_bytes(pp->b, "msg", 3, &cause) != 0)
			return 2;
	return 0;
}

static void
test_oneway_eof(void **state)
{
	struct pair pp;
	struct proc *p;
	struct buf b;
	char *cause = NULL;
	int i;

	assert_int_equal(ipc_pipe(0, &pp.a, &pp.b, &cause), 0);
	assert_int_equal(ipc_conn_send_bytes(pp.a, "x", 1, &cause), -1);
	assert_string_equal(cause, "connection is read-only");
	free(cause);
	buf_init(&b);
	assert_int_equal(ipc_conn_recv_bytes(pp.b, &b, &cause), -1);
	assert_string_equal(cause, "connection is write-only");
	free(cause);

	/* Nothing yet: poll times out. */
	assert_int_equal(ipc_conn_poll(pp.a, 10 * MS, &cause), 0);
	p = start(body_writer, &pp);
	ipc_conn_close(pp.b);
	assert_int_equal(ipc_conn_poll(pp.a, -1, &cause), 1);
	for (i = 0; i < 3; i++) {
		assert_int_equal(ipc_conn_recv_bytes(pp.a, &b, &cause), 1);
		assert_int_equal(b.len, 3);
		assert_memory_equal(b.data, "msg", 3);
	}
	assert_int_equal(finish(p), 0);
	/* Every writer is gone: EOF (EOFError), and poll says ready. */
	assert_int_equal(ipc_conn_poll(pp.a, 0, &cause), 1);
	assert_int_equal(ipc_conn_recv_bytes(pp.a, &b, &cause), 0);
	buf_fini(&b);
	ipc_conn_free(pp.a);
	ipc_conn_free(pp.b);
}

static void
test_bad_frames(void **state)
{
	struct pair pp;
	struct buf b;
	char *cause = NULL;

	buf_init(&b);
	assert_int_equal(ipc_pipe(0, &pp.a, &pp.b, &cause), 0);
	/* A length far beyond the limit. */
	assert_int_equal(write(ipc_conn_fileno(pp.b), "\x7f\xff\xff\xff", 4), 4);
	assert_int_equal(ipc_conn_recv_bytes(pp.a, &b, &cause), -1);
	assert_non_null(strstr(cause, "bad frame"));
	free(cause);
	/* A frame cut short by its writer's end. */
	assert_int_equal(write(ipc_conn_fileno(pp.b), "\0\0\0\x09" "abc", 7), 7);
	ipc_conn_close(pp.b);
	assert_int_equal(ipc_conn_recv_bytes(pp.a, &b, &cause), -1);
	assert_non_null(strstr(cause, "cut short"));
	free(cause);
	ipc_conn_free(pp.a);
	ipc_conn_free(pp.b);

	/* A frame whose bytes are not a value. */
	assert_int_equal(ipc_pipe(1, &pp.a, &pp.b, &cause), 0);
	assert_int_equal(ipc_conn_send_bytes(pp.b, "CV\x01Q", 4, &cause), 0);
	{
		struct ipc_value *v = NULL;

		assert_int_equal(ipc_conn_recv(pp.a, &v, &cause), -1);
		assert_non_null(strstr(cause, "unknown type tag"));
		free(cause);
	}
	ipc_conn_free(pp.a);
	ipc_conn_free(pp.b);
	buf_fini(&b);
}

/* Producer: 300 messages of 1 KiB (more than a pipe holds), then say so. */
struct prod_args {
	struct ipc_queue	*q;
	struct shm_event	*done;
};
#define NBIG	300

static int
body_producer(void *arg)
{
	struct prod_args *a = arg;
	char msg[1024];
	char *cause = NULL;
	int i;

	for (i = 0; i < NBIG; i++) {
		memset(msg, 'a' + i % 26, sizeof msg);
		memcpy(msg, &i, sizeof i);
		if (ipc_queue_put_bytes(a->q, msg, sizeof msg, 1, -1,
		    &cause) != 1)
			return 2;
	}
	/* Every put returned although nobody has read: the feeder holds them. */
	shm_event_set(a->done);
	return 0;
}

static void
test_queue_feeder(void **state)
{
	struct prod_args a;
	struct proc *p;
	struct buf b;
	char *cause = NULL;
	int i, n;

	a.q = ipc_queue_create(IPC_QUEUE, 0, &cause);
	a.done = shm_event_create();
	assert_non_null(a.q);
	p = start(body_producer, &a);
	assert_int_equal(shm_event_wait(a.done, 30 * SEC), 1);
	assert_int_equal(ipc_queue_qsize(a.q), NBIG);
	buf_init(&b);
	for (i = 0; i < NBIG; i++) {
		assert_int_equal(ipc_queue_get_bytes(a.q, &b, 1, 30 * SEC,
		    &cause), 1);
		assert_int_equal(b.len, 1024);
		memcpy(&n, b.data, sizeof n);
		assert_int_equal(n, i);	/* one producer: FIFO */
	}
	/* The child flushed its feeder and ended. */
	assert_int_equal(finish(p), 0);
	assert_int_equal(ipc_queue_qsize(a.q), 0);
	assert_true(ipc_queue_empty(a.q));
	buf_fini(&b);
	ipc_queue_free(a.q);
	shm_event_free(a.done);
}

static uint32_t
test_entity(void)
{
	return 555;
}

static void
test_queue_empty_full(void **state)
{
	struct ipc_queue *q = ipc_queue_create(IPC_QUEUE, 2, NULL);
	struct ipc_value *v, *one = ipc_value_int(1);
	const struct stub_ev *ev;
	char *cause = NULL;

	/* Empty: non-blocking and timed gets come back with nothing. */
	assert_int_equal(ipc_queue_get(q, &v, 0, -1, &cause), 0);
	stub_reset();
	assert_int_equal(ipc_queue_get(q, &v, 1, 20 * MS, &cause), 0);
	ev = stub_find(TRACE_EV_STATE, 555, TRACE_ST_TIMED);
	assert_non_null(ev);
	assert_int_equal(ev->arg >> 8, TRACE_WHY_QUEUE);
	assert_int_equal(ev->obj, ipc_queue_entity(q));

	assert_int_equal(ipc_queue_put(q, one, 1, -1, &cause), 1);
	assert_int_equal(ipc_queue_put(q, one, 1, -1, &cause), 1);
	assert_true(ipc_queue_full(q));
	assert_int_equal(ipc_queue_qsize(q), 2);
	/* Full: non-blocking and timed puts fail. */
	assert_int_equal(ipc_queue_put(q, one, 0, -1, &cause), 0);
	assert_int_equal(ipc_queue_put(q, one, 1, 20 * MS, &cause), 0);
	ev = stub_find(TRACE_EV_QUEUE_PUT, 555, -1);
	assert_non_null(ev);
	assert_int_equal(ev->val, 1);

	assert_int_equal(ipc_queue_get(q, &v, 1, 10 * SEC, &cause), 1);
	assert_true(ipc_value_equal(v, one));
	ipc_value_free(v);
	assert_int_equal(ipc_queue_qsize(q), 1);
	assert_false(ipc_queue_full(q));
	ev = stub_find(TRACE_EV_QUEUE_GET, 555, -1);
	assert_non_null(ev);
	assert_int_equal(ev->val, 1);

	ipc_queue_close(q);
	assert_int_equal(ipc_queue_put(q, one, 1, -1, &cause), -1);
	assert_string_equal(cause, "Queue is closed");
	free(cause);
	ipc_value_free(one);
	ipc_queue_free(q);
}

/* Consumer of a JoinableQueue: get n items, task_done each. */
static int
body_consumer(void *arg)
{
	struct ipc_queue *q = arg;
	struct ipc_value *v;
	char *cause = NULL;
	int i;

	for (i = 0; i < 5; i++) {
		if (ipc_queue_get(q, &v, 1, 30 * SEC, &cause) != 1)
			return 2;
		if (v->type != IPC_INT || v->i != i)
			return 3;
		ipc_value_free(v);
		if (ipc_queue_task_done(q, &cause) != 0)
			return 4;
	}
	return 0;
}

static void
test_joinable(void **state)
{
	struct ipc_queue *q = ipc_queue_create(IPC_JOINABLE, 0, NULL);
	struct ipc_value *v;
	struct proc *p;
	char *cause = NULL;
	int i;

	for (i = 0; i < 5; i++) {
		v = ipc_value_int(i);
		assert_int_equal(ipc_queue_put(q, v, 1, -1, &cause), 1);
		ipc_value_free(v);
	}
	p = start(body_consumer, q);
	ipc_queue_join(q);	/* returns only once all 5 are done */
	assert_int_equal(ipc_queue_qsize(q), 0);
	assert_int_equal(finish(p), 0);
	assert_int_equal(ipc_queue_task_done(q, &cause), -1);
	assert_string_equal(cause, "task_done() called too many times");
	free(cause);
	ipc_queue_free(q);
}

/* SimpleQueue: the child answers each number with its square. */
struct sq_args {
	struct ipc_queue	*in, *out;
};

static int
body_square(void *arg)
{
	struct sq_args *a = arg;
	struct ipc_value *v, *r;
	char *cause = NULL;

	for (;;) {
		if (ipc_queue_get(a->in, &v, 1, -1, &cause) != 1)
			return 2;
		if (v->type == IPC_NONE) {
			ipc_value_free(v);
			return 0;
		}
		r = ipc_value_int(v->i * v->i);
		ipc_value_free(v);
		if (ipc_queue_put(a->out, r, 1, -1, &cause) != 1)
			return 3;
		ipc_value_free(r);
	}
}

static void
test_simple_queue(void **state)
{
	struct sq_args a;
	struct ipc_value *v;
	struct proc *p;
	char *cause = NULL;
	int i;

	a.in = ipc_queue_create(IPC_SIMPLE, 0, &cause);
	a.out = ipc_queue_create(IPC_SIMPLE, 0, &cause);
	assert_true(ipc_queue_empty(a.in));
	p = start(body_square, &a);
	for (i = 0; i < 50; i++) {
		v = ipc_value_int(i);
		assert_int_equal(ipc_queue_put(a.in, v, 1, -1, &cause), 1);
		ipc_value_free(v);
		assert_int_equal(ipc_queue_get(a.out, &v, 1, -1, &cause), 1);
		assert_int_equal(v->i, i * i);
		ipc_value_free(v);
	}
	v = ipc_value_none();
	assert_int_equal(ipc_queue_put(a.in, v, 1, -1, &cause), 1);
	ipc_value_free(v);
	assert_int_equal(finish(p), 0);
	assert_true(ipc_queue_empty(a.out));
	ipc_queue_free(a.in);
	ipc_queue_free(a.out);
}

/* Two producers, one consumer: every item arrives exactly once. */
struct range_args {
	struct ipc_queue	*q;
	int			 base;
};

static int
body_put_range(void *arg)
{
	struct range_args *a = arg;
	struct ipc_queue *q = a->q;
	int base = a->base;
	struct ipc_value *v;
	char *cause = NULL;
	int i;

	for (i = 0; i < 500; i++) {
		v = ipc_value_int(base + i);
		if (ipc_queue_put(q, v, 1, -1, &cause) != 1)
			return 2;
		ipc_value_free(v);
	}
	return 0;
}

static void
test_many_producers(void **state)
{
	struct range_args args[2];
	unsigned char seen[1000];
	struct ipc_queue *q = ipc_queue_create(IPC_QUEUE, 10, NULL);
	struct ipc_value *v;
	struct proc *p[2];
	char *cause = NULL;
	int i;

	memset(seen, 0, sizeof seen);
	for (i = 0; i < 2; i++) {
		args[i].q = q;
		args[i].base = i * 500;
		p[i] = start(body_put_range, &args[i]);
	}
	for (i = 0; i < 1000; i++) {
		assert_int_equal(ipc_queue_get(q, &v, 1, 30 * SEC, &cause), 1);
		assert_true(v->i >= 0 && v->i < 1000);
		assert_int_equal(seen[v->i], 0);
		seen[v->i] = 1;
		ipc_value_free(v);
	}
	for (i = 0; i < 2; i++)
		assert_int_equal(finish(p[i]), 0);
	assert_int_equal(ipc_queue_get(q, &v, 0, -1, &cause), 0);
	ipc_queue_free(q);
}

static int
setup(void **state)
{
	struct proc_hooks h = { .current_entity = test_entity };

	proc_set_hooks(&h);
	proc_contain_init();
	shm_init();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duplex_roundtrip),
		cmocka_unit_test(test_oneway_eof),
		cmocka_unit_test(test_bad_frames),
		cmocka_unit_test(test_queue_feeder),
		cmocka_unit_test(test_queue_empty_full),
		cmocka_unit_test(test_joinable),
		cmocka_unit_test(test_simple_queue),
		cmocka_unit_test(test_many_producers),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
