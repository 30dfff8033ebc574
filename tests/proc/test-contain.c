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

#include "rt/proc.h"

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
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
