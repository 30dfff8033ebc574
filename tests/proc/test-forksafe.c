/*
 * test-forksafe.c — fork() beside our own busy helper threads never leaves
 * a child stuck on a lock (trace/forkgate.h).
 *
 * Two exact checks of the gate, then a stress run:
 *  - a fork waits for a section in progress: the section's thread marks
 *    itself done only once a fork is waiting at the gate, and the child's
 *    copy of memory must show it done;
 *  - likewise for a thread that ended with forkgate_thread_end(): the child
 *    is forked only after that thread is fully gone; and a thread ending
 *    while a fork waits never leaves that fork waiting for good;
 *  - hundreds of children forked through proc_start() while the trace
 *    collector merges the events of emitting threads, queue feeders write,
 *    a reader thread decodes, and helper threads start and end all the
 *    time. Each child allocates, starts and joins a thread and uses a
 *    queue (where a child that inherited a held allocator or feeder lock
 *    hangs), then exits; the parent sees its end as the EOF of a pipe only
 *    the child holds, with a generous poll timeout as the hang guard.
 * Run under --enable-sanitizers too (ASan's allocator has no fork handler).
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
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
#include "trace/forkgate.h"

#define SEC		1000000000LL
#define GUARD_MS	60000	/* hang guard only: a healthy child takes ms */
#define NFORKS		200
#define NFEEDERS	2
#define QMAX		64	/* bounded: putters wait for the reader */

static _Atomic int stop, rstop;
static sem_t churn_sem;		/* one post: one more short thread */
static _Atomic int mark;	/* the child's copy tells what it inherited */
static _Atomic unsigned long progress;

/* Nonzero once a fork is waiting at the gate or has happened since base. */
static int
fork_waiting(unsigned long base)
{
	return forkgate_waiting() || forkgate_forks() != base;
}

/* Fork; the child exits with the value of mark it inherited. */
static void *
forker_main(void *arg)
{
	pid_t pid;

	pid = fork();
	if (pid == 0)
		_exit(atomic_load(&mark));
	return (void *)(intptr_t)pid;
}

/* Wait for pid; its exit code. */
static int
exit_code(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* A section holds a fork back until it has left. */
static void
test_fork_waits_for_section(void **state)
{
	unsigned long base = forkgate_forks();
	pthread_t forker;
	void *ret;

	atomic_store(&mark, 1);
	forkgate_enter();
	assert_int_equal(pthread_create(&forker, NULL, forker_main, NULL), 0);
	while (!fork_waiting(base))
		sched_yield();
	atomic_store(&mark, 2);		/* still inside: the fork must wait */
	forkgate_leave();
	assert_int_equal(pthread_join(forker, &ret), 0);
	assert_int_equal(exit_code((pid_t)(intptr_t)ret), 2);
}

/* Set once ending_main is counted inside the gate (it is ending). */
static _Atomic int ending_inside;

/* A thread that ends with forkgate_thread_end(): sets mark, then ends. */
static void *
ending_main(void *arg)
{
	unsigned long base = *(unsigned long *)arg;

	forkgate_thread_end();
	atomic_store(&ending_inside, 1);
	while (!fork_waiting(base))
		sched_yield();
	atomic_store(&mark, 3);
	return NULL;
}

/* A fork waits until an ended thread is fully gone. */
static void
test_fork_waits_for_ending_thread(void **state)
{
	unsigned long base = forkgate_forks();
	pthread_t t, forker;
	void *ret;

	atomic_store(&mark, 1);
	atomic_store(&ending_inside, 0);
	assert_int_equal(forkgate_thread_create(&t, NULL, ending_main, &base),
	    0);
	/* Fork only once the thread is ending (an ending thread that has not
	   reached the gate yet waits for the fork instead). */
	while (!atomic_load(&ending_inside))
		sched_yield();
	assert_int_equal(pthread_create(&forker, NULL, forker_main, NULL), 0);
	assert_int_equal(pthread_join(forker, &ret), 0);
	assert_int_equal(exit_code((pid_t)(intptr_t)ret), 3);
}

static _Atomic int ending;

/* A thread that ends at once (gate-joined). */
static void *
end_now_main(void *arg)
{
	atomic_store(&ending, 1);
	forkgate_thread_end();
	return NULL;
}

/* Fork, then tell through the pipe that fork() returned. */
static void *
forker_signal_main(void *arg)
{
	int fd = *(int *)arg;
	pid_t pid;

	pid = fork();
	if (pid == 0)
		_exit(0);
	if (write(fd, "f", 1) != 1)
		abort();
	return (void *)(intptr_t)pid;
}

/*
 * A thread that ends while a fork waits for a section: the fork still goes
 * on once the section is left (it was stuck: the ending thread counted as
 * inside and nothing woke the fork to join it).
 */
static void
test_fork_beside_ending_thread(void **state)
{
	unsigned long base = forkgate_forks();
	pthread_t forker, t;
	struct pollfd pfd;
	void *ret;
	int fds[2], n;

	assert_int_equal(pipe(fds), 0);
	atomic_store(&ending, 0);
	forkgate_enter();
	assert_int_equal(pthread_create(&forker, NULL, forker_signal_main,
	    &fds[1]), 0);
	while (!fork_waiting(base))
		sched_yield();
	assert_int_equal(forkgate_thread_create(&t, NULL, end_now_main, NULL),
	    0);
	while (!atomic_load(&ending))
		sched_yield();
	forkgate_leave();
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	do
		n = poll(&pfd, 1, GUARD_MS);
	while (n == -1 && errno == EINTR);
	if (n == 0)
		fail_msg("the fork never went on");
	assert_int_equal(pthread_join(forker, &ret), 0);
	assert_int_equal(exit_code((pid_t)(intptr_t)ret), 0);
	close(fds[0]);
	close(fds[1]);
}

/* A helper thread cannot use cmocka's fail(): abort with a message. */
static void __attribute__((noreturn))
die(const char *what, const char *cause)
{
	fprintf(stderr, "%s: %s\n", what, cause != NULL ? cause : "?");
	abort();
}

/* Emit events with strings as fast as possible, with ring churn. */
static void *
emitter_main(void *arg)
{
	char s[64];
	unsigned i;

	while (!atomic_load(&stop)) {
		trace_thread_begin();
		for (i = 0; i < 2000; i++) {
			snprintf(s, sizeof s, "event %u of a busy thread", i);
			trace_emit_str(TRACE_EV_ENTITY_NAME, 1, 0, 0, 0, s,
			    strlen(s));
		}
		trace_thread_end();
	}
	return NULL;
}

/* Put values of many sizes: the feeder allocates, writes and frees. */
static void *
putter_main(void *arg)
{
	struct ipc_queue *q = arg;
	struct ipc_value *v;
	char *cause = NULL, big[3000];
	unsigned i = 0;

	memset(big, 'x', sizeof big);
	while (!atomic_load(&stop)) {
		v = ipc_value_str(big, 1 + (i++ * 37) % sizeof big);
		if (ipc_queue_put(q, v, 1, -1, &cause) != 1)
			die("put", cause);
		ipc_value_free(v);
		atomic_fetch_add(&progress, 1);
	}
	return NULL;
}

/* Read and decode every queue's values without a GIL (as a handler). */
struct reader {
	struct ipc_queue	**q;
	unsigned		  n;
};

static void *
reader_main(void *arg)
{
	struct reader *r = arg;
	struct ipc_value *v;
	char *cause = NULL;
	unsigned i;
	int got;

	for (;;) {
		got = 0;
		for (i = 0; i < r->n; i++) {
			if (ipc_queue_get(r->q[i], &v, 1, SEC / 100,
			    &cause) == 1) {
				forkgate_enter();
				ipc_value_free(v);
				forkgate_leave();
				got = 1;
			}
		}
		if (!got && atomic_load(&rstop))
			break;
	}
	return NULL;
}

/* A helper thread that allocates a little and ends at once. */
static void *
short_main(void *arg)
{
	forkgate_enter();
	free(malloc(100 + (size_t)(uintptr_t)arg));
	forkgate_leave();
	forkgate_thread_end();
	return NULL;
}

/* Start and end helper threads all the time. */
static void *
churn_main(void *arg)
{
	pthread_t t;
	uintptr_t i = 0;

	for (;;) {
		while (sem_wait(&churn_sem) != 0)
			;
		if (atomic_load(&stop))
			break;
		if (forkgate_thread_create(&t, NULL, short_main,
		    (void *)i++) != 0)
			die("churn", "cannot start a thread");
	}
	return NULL;
}

/* In a child: a thread of its own. */
static void *
child_thread_main(void *arg)
{
	return malloc(64);
}

/* The child's body: allocate, a thread, a queue; tell by exiting. */
static int
body_child(void *arg)
{
	struct ipc_queue *q = arg;
	struct ipc_value *v;
	pthread_t t;
	char *cause = NULL;
	void *p;

	free(malloc(4096));
	if (pthread_create(&t, NULL, child_thread_main, NULL) != 0)
		return 10;
	pthread_join(t, &p);
	free(p);
	v = ipc_value_int(getpid());
	if (ipc_queue_put(q, v, 1, -1, &cause) != 1)
		return 11;
	ipc_value_free(v);
	return 0;
}

/* Hundreds of children beside busy helpers: none hangs, each exits 0. */
static void
test_fork_beside_busy_threads(void **state)
{
	struct trace_sink_config cfg = { .stream_fd = -1, .keep_model = 0 };
	struct ipc_queue *q[NFEEDERS];
	pthread_t emit, put[NFEEDERS], rd, churn;
	struct reader r = { q, NFEEDERS };
	struct pollfd pfd;
	struct proc *p;
	char *cause = NULL, c;
	unsigned i;
	int fds[2], code, n;

	assert_int_equal(trace_start(&cfg, &cause), 0);
	proc_set_self_entity(trace_entity_new(TRACE_ENT_PROCESS, 0,
	    "MainProcess"));
	for (i = 0; i < NFEEDERS; i++) {
		q[i] = ipc_queue_create(IPC_QUEUE, QMAX, &cause);
		assert_non_null(q[i]);
	}
	atomic_store(&stop, 0);
	atomic_store(&rstop, 0);
	assert_int_equal(sem_init(&churn_sem, 0, 0), 0);
	assert_int_equal(pthread_create(&emit, NULL, emitter_main, NULL), 0);
	for (i = 0; i < NFEEDERS; i++)
		assert_int_equal(pthread_create(&put[i], NULL, putter_main,
		    q[i]), 0);
	assert_int_equal(pthread_create(&rd, NULL, reader_main, &r), 0);
	assert_int_equal(pthread_create(&churn, NULL, churn_main, NULL), 0);

	for (i = 0; i < NFORKS; i++) {
		assert_int_equal(pipe(fds), 0);
		for (n = 0; n < 4; n++)
			sem_post(&churn_sem);
		p = proc_create(NULL, 0, body_child, q[i % NFEEDERS]);
		assert_int_equal(proc_start(p, &cause), 0);
		close(fds[1]);	/* the child holds the only write end */
		pfd.fd = fds[0];
		pfd.events = POLLIN;
		do
			n = poll(&pfd, 1, GUARD_MS);
		while (n == -1 && errno == EINTR);
		if (n == 0)
			fail_msg("child %u (pid %d) is stuck: no exit within "
			    "%d ms", i, (int)proc_pid(p), GUARD_MS);
		assert_int_equal(read(fds[0], &c, 1), 0);	/* EOF */
		close(fds[0]);
		assert_int_equal(proc_join(p, -1), 1);
		assert_true(proc_exitcode(p, &code));
		assert_int_equal(code, 0);
		proc_free(p);
	}
	/* The helpers really were busy while we forked. */
	assert_true(atomic_load(&progress) > 0);
	assert_true(forkgate_forks() >= NFORKS);

	atomic_store(&stop, 1);
	sem_post(&churn_sem);
	pthread_join(emit, NULL);
	for (i = 0; i < NFEEDERS; i++)
		pthread_join(put[i], NULL);	/* the reader still drains */
	pthread_join(churn, NULL);
	atomic_store(&rstop, 1);
	pthread_join(rd, NULL);
	sem_destroy(&churn_sem);
	for (i = 0; i < NFEEDERS; i++)
		ipc_queue_free(q[i]);
	trace_stop();
}

static int
setup(void **state)
{
	proc_contain_init();
	shm_init();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fork_waits_for_section),
		cmocka_unit_test(test_fork_waits_for_ending_thread),
		cmocka_unit_test(test_fork_beside_ending_thread),
		cmocka_unit_test(test_fork_beside_busy_threads),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
