/*
 * test-contain.c — nothing is left behind. A root process (a run) starts a
 * child that starts a grandchild; the root is then ended by SIGTERM, SIGINT,
 * SIGKILL or a normal exit, and no process of that tree may remain: not
 * running, not a zombie.
 *
 * This test process is a child subreaper, so whatever the root leaves
 * behind comes back to us and we can see it. Waits are bounded by an alarm
 * that fails the test, never by fixed sleeps.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rt/ipc-mgr.h"
#include "rt/proc.h"
#include "rt/proc-pool.h"
#include "rt/shm.h"

static int report_fd = -1;

/* Write "TAG PID\n" to the report pipe. */
static void
report(char tag, pid_t pid)
{
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%c %d\n", tag, (int)pid);

	if (write(report_fd, buf, (size_t)n) != n)
		_exit(99);
}

static int
body_pause(void *arg)
{
	for (;;)
		pause();
	return 0;
}

/* The child: start the grandchild, report it, wait. */
static int
body_child(void *arg)
{
	struct proc *g = proc_create(NULL, 0, body_pause, NULL);
	char *cause = NULL;

	if (proc_start(g, &cause) != 0)
		return 2;
	report('G', proc_pid(g));
	for (;;)
		pause();
	return 0;
}

/* The root of the run: contain, start the child, then end as told. */
static void __attribute__((noreturn))
root_main(int how)
{
	struct proc *c;
	char *cause = NULL;

	proc_contain_init();
	c = proc_create(NULL, 0, body_child, NULL);
	if (proc_start(c, &cause) != 0)
		_exit(2);
	report('C', proc_pid(c));
	if (how == 0) {
		/* Wait until the grandchild exists, then end normally. */
		char b;
		while (read(STDIN_FILENO, &b, 1) == -1 && errno == EINTR)
			;
		exit(0);
	}
	for (;;)
		pause();
}

/* Read both pids from the report pipe. */
static void
read_pids(int fd, pid_t *c, pid_t *g)
{
	char buf[128];
	size_t len = 0;
	ssize_t n;
	char *line, *save;

	*c = *g = 0;
	while (*c == 0 || *g == 0) {
		n = read(fd, buf + len, sizeof buf - 1 - len);
		assert_true(n > 0);
		len += (size_t)n;
		buf[len] = '\0';
		if (strchr(buf, '\n') == NULL || strchr(strchr(buf, '\n') + 1,
		    '\n') == NULL)
			continue;
		for (line = strtok_r(buf, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			if (line[0] == 'C')
				*c = atoi(line + 2);
			else if (line[0] == 'G')
				*g = atoi(line + 2);
		}
	}
	assert_true(*c > 0);
	assert_true(*g > 0);
}

/* Nonzero if pid exists in any form (zombie included). */
static int
pid_exists(pid_t pid)
{
	return kill(pid, 0) == 0 || errno != ESRCH;
}

/*
 * Run a tree, end its root with sig (0: normal exit), and check that the
 * child and grandchild are gone. With reparent, they may come back to us
 * (the root could not reap them): reap them as they die.
 */
static void
run_tree(int sig)
{
	int rep[2], go[2], status;
	pid_t root, c, g, r;

	assert_int_equal(pipe(rep), 0);
	assert_int_equal(pipe(go), 0);
	root = fork();
	assert_true(root != -1);
	if (root == 0) {
		close(rep[0]);
		close(go[1]);
		dup2(go[0], STDIN_FILENO);
		report_fd = rep[1];
		root_main(sig);
	}
	close(rep[1]);
	close(go[0]);
	read_pids(rep[0], &c, &g);
	close(rep[0]);
	assert_true(pid_exists(c));
	assert_true(pid_exists(g));

	alarm(30);	/* a tree that does not die fails the test */
	if (sig != 0)
		assert_int_equal(kill(root, sig), 0);
	close(go[1]);
	assert_int_equal(waitpid(root, &status, 0), root);
	if (sig != 0) {
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), sig);
	} else {
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	/* Whatever was orphaned comes to us (subreaper): reap until none. */
	while (pid_exists(c) || pid_exists(g)) {
		r = waitpid(-1, &status, 0);
		if (r == -1 && errno == ECHILD)
			break;
	}
	alarm(0);
	assert_false(pid_exists(c));
	assert_false(pid_exists(g));
	assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

/* A pool task that never ends. */
static struct ipc_value *
pool_block(void *ctx, const struct ipc_value *task, int *raised)
{
	for (;;)
		pause();
	return NULL;
}

/* The root of a run in the middle of a Pool run, with a Manager. */
static void __attribute__((noreturn))
pool_root_main(void)
{
	struct ipc_value **tasks;
	struct proc_pool *pool;
	struct ipc_mgr *mgr;
	char *cause = NULL;
	unsigned i;

	proc_contain_init();
	shm_init();
	if ((mgr = ipc_mgr_start(&cause)) == NULL)
		_exit(2);
	if ((pool = proc_pool_create(3, pool_block, NULL, &cause)) == NULL)
		_exit(2);
	tasks = calloc(6, sizeof *tasks);
	for (i = 0; i < 6; i++)
		tasks[i] = ipc_value_int(i);
	if (proc_pool_submit(pool, tasks, 6, 1, NULL, NULL, &cause) == NULL)
		_exit(2);
	for (i = 0; i < 3; i++)
		report('W', proc_pool_worker_pid(pool, i));
	report('M', proc_pid(ipc_mgr_proc(mgr)));
	for (;;)
		pause();
}

/* Pool run, root ended by sig: no worker, no manager left. */
static void
run_pool_tree(int sig)
{
	char buf[256];
	pid_t root, pids[4], r;
	size_t len = 0, n = 0;
	int rep[2], status, i;
	ssize_t k;
	char *p;

	assert_int_equal(pipe(rep), 0);
	root = fork();
	assert_true(root != -1);
	if (root == 0) {
		close(rep[0]);
		report_fd = rep[1];
		pool_root_main();
	}
	close(rep[1]);
	alarm(30);
	while (n < 4) {
		k = read(rep[0], buf + len, sizeof buf - 1 - len);
		assert_true(k > 0);
		len += (size_t)k;
		buf[len] = '\0';
		for (n = 0, p = buf; (p = strchr(p, '\n')) != NULL; p++)
			n++;
	}
	for (i = 0, p = buf; i < 4; i++) {
		pids[i] = atoi(p + 2);
		p = strchr(p, '\n') + 1;
		assert_true(pid_exists(pids[i]));
	}
	close(rep[0]);
	assert_int_equal(kill(root, sig), 0);
	assert_int_equal(waitpid(root, &status, 0), root);
	assert_true(WIFSIGNALED(status));
	for (;;) {
		for (i = 0; i < 4; i++)
			if (pid_exists(pids[i]))
				break;
		if (i == 4)
			break;
		r = waitpid(-1, &status, 0);
		if (r == -1 && errno == ECHILD)
			break;
	}
	alarm(0);
	for (i = 0; i < 4; i++)
		assert_false(pid_exists(pids[i]));
	assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
}

static void
test_pool_sigterm(void **state)
{
	run_pool_tree(SIGTERM);
}

static void
test_pool_sigkill(void **state)
{
	run_pool_tree(SIGKILL);
}

/* Started from a thread that then ends: the child must live on. */
static int thread_pipe[2];

static int
body_wait_go(void *arg)
{
	char c;

	while (read(thread_pipe[0], &c, 1) == -1 && errno == EINTR)
		;
	return 0;
}

static void *
thread_starts_child(void *arg)
{
	struct proc **pp = arg;
	char *cause = NULL;

	*pp = proc_create(NULL, 0, body_wait_go, NULL);
	if (proc_start(*pp, &cause) != 0)
		abort();
	return NULL;
}

static void
test_child_outlives_forking_thread(void **state)
{
	struct proc *p = NULL;
	pthread_t t;
	int code;

	assert_int_equal(pipe(thread_pipe), 0);
	assert_int_equal(pthread_create(&t, NULL, thread_starts_child, &p), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	/* The forking thread is gone; the child must not have died with it. */
	assert_int_equal(write(thread_pipe[1], "g", 1), 1);
	assert_int_equal(proc_join(p, -1), 1);
	assert_true(proc_exitcode(p, &code));
	assert_int_equal(code, 0);
	proc_free(p);
	close(thread_pipe[0]);
	close(thread_pipe[1]);
}

/* The root starts a child from a thread that then ends, and waits. */
static void *
root_thread_starts(void *arg)
{
	struct proc *c = proc_create(NULL, 0, body_pause, NULL);
	char *cause = NULL;

	if (proc_start(c, &cause) != 0)
		_exit(2);
	report('C', proc_pid(c));
	report('G', proc_pid(c));
	return NULL;
}

static void
test_thread_child_dies_with_root(void **state)
{
	int rep[2], status;
	pid_t root, c, g, r;
	pthread_t t;

	assert_int_equal(pipe(rep), 0);
	root = fork();
	assert_true(root != -1);
	if (root == 0) {
		close(rep[0]);
		report_fd = rep[1];
		proc_contain_init();
		if (pthread_create(&t, NULL, root_thread_starts, NULL) != 0 ||
		    pthread_join(t, NULL) != 0)
			_exit(2);
		for (;;)
			pause();
	}
	close(rep[1]);
	read_pids(rep[0], &c, &g);
	close(rep[0]);
	alarm(30);
	assert_int_equal(kill(root, SIGKILL), 0);
	assert_int_equal(waitpid(root, &status, 0), root);
	while (pid_exists(c)) {
		r = waitpid(-1, &status, 0);
		if (r == -1 && errno == ECHILD)
			break;
	}
	alarm(0);
	assert_false(pid_exists(c));
}

static void
test_sigterm_root(void **state)
{
	run_tree(SIGTERM);
}

static void
test_sigint_root(void **state)
{
	run_tree(SIGINT);
}

static void
test_sighup_root(void **state)
{
	run_tree(SIGHUP);
}

static void
test_sigkill_root(void **state)
{
	run_tree(SIGKILL);
}

static void
test_normal_exit_root(void **state)
{
	run_tree(0);
}

static int
setup(void **state)
{
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	/* A signal-ignoring parent (nohup, background) must not hide bugs. */
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigterm_root),
		cmocka_unit_test(test_sigint_root),
		cmocka_unit_test(test_sighup_root),
		cmocka_unit_test(test_sigkill_root),
		cmocka_unit_test(test_normal_exit_root),
		cmocka_unit_test(test_pool_sigterm),
		cmocka_unit_test(test_pool_sigkill),
		cmocka_unit_test(test_child_outlives_forking_thread),
		cmocka_unit_test(test_thread_child_dies_with_root),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
