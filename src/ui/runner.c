/*
 * runner.c — the workload's process. The UI re-executes concviz as
 * "concviz run --headless --stream-fd=3 --on-deadlock=wait FILE.py" in a
 * process group of its own, reads the .cvz stream from fd 3 and the
 * program's stdout and stderr from two pipes, all through libev, and reaps
 * it through ev_child. A crash
 * or a hang of the workload only ends the runner; quitting kills the whole
 * group (multiprocessing children included) and reaps everything.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "ui/feed.h"
#include "ui/ui.h"

#define RUNNER_CAPTURE_MAX	(4u << 20)	/* keep at most 4 MiB of output */

/* The group to kill from atexit or a fatal signal (0 when none). */
static volatile pid_t	 runner_pgid;
static struct feed	*runner_feed;

/* Kill the runner's whole group; async-signal-safe. */
void
runner_kill_all(void)
{
	pid_t pg = runner_pgid;

	if (pg > 0)
		kill(-pg, SIGKILL);
}

/* Close one of the runner's pipes. */
static void
runner_close(struct ui *ui, int i)
{
	if (ui->run.fds[i] < 0)
		return;
	ev_io_stop(ui->loop, &ui->run.w[i]);
	close(ui->run.fds[i]);
	ui->run.fds[i] = -1;
}

/* Ask for a redraw of new data soon (or at the next frame). */
static void
runner_changed(struct ui *ui)
{
	if (!ev_is_active(&ui->wframe) && !ev_is_active(&ui->wsoon)) {
		ev_timer_set(&ui->wsoon, 0.1, 0);
		ev_timer_start(ui->loop, &ui->wsoon);
	}
}

/* Data on the stream or on stdout/stderr. */
static void
runner_read_cb(struct ev_loop *loop, struct ev_io *w, int revents)
{
	struct ui	*ui = w->data;
	int		 i = (int)(w - ui->run.w);
	char		 tmp[65536], *cause = NULL;
	ssize_t		 n;

	(void)loop;
	(void)revents;
	n = read(w->fd, tmp, sizeof tmp);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		runner_close(ui, i);
		if (i == 0)
			view_fit(ui);	/* the whole run is known now */
		runner_changed(ui);
		return;
	}
	if (i == 0) {
		ui->run.stream_bytes += (uint64_t)n;
		if (feed_stream_push(runner_feed, tmp, (size_t)n, &cause) != 0) {
			ui_message(ui, "the event stream is corrupt: %s", cause);
			free(cause);
			runner_close(ui, 0);
		}
	} else if (ui->run.captured.len < RUNNER_CAPTURE_MAX) {
		buf_add(&ui->run.captured, tmp, (size_t)n);
		if (i == 2)
			buf_add(&ui->run.captured_err, tmp, (size_t)n);
	}
	runner_changed(ui);
	ui_animate(ui);
}

/* The runner ended. */
static void
runner_child_cb(struct ev_loop *loop, struct ev_child *w, int revents)
{
	struct ui *ui = w->data;

	(void)revents;
	ev_child_stop(loop, w);
	ui->run.alive = 0;
	ui->run.status = w->rstatus;
	/* Anything it forked dies with it. */
	kill(-ui->run.pid, SIGKILL);
	while (waitpid(-ui->run.pid, NULL, WNOHANG) > 0)
		;
	view_fit(ui);
	ui->dirty = 1;
	runner_changed(ui);
}

/* In the runner: become "concviz watch|attach --headless ...". */
static void
runner_exec_watch(struct ui *ui, char *fdarg)
{
	const struct ui_options	*o = ui->opt;
	const char		**av;
	char			  iv[48];
	int			  n = 0, i;

	av = xcalloc((size_t)o->watch_argc + 8, sizeof *av);
	snprintf(iv, sizeof iv, "--interval=%g", o->watch_interval_ms > 0 ?
	    o->watch_interval_ms : 2.0);
	av[n++] = "concviz";
	av[n++] = o->watch_attach ? "attach" : "watch";
	av[n++] = "--headless";
	av[n++] = fdarg;
	av[n++] = iv;
	if (!o->watch_attach)
		av[n++] = "--";
	for (i = 0; i < o->watch_argc; i++)
		av[n++] = o->watch_argv[i];
	av[n] = NULL;
	execv(o->self, (char *const *)av);
	dprintf(2, "concviz: cannot start the runner %s: %s\n", o->self,
	    strerror(errno));
	_exit(127);
}

/* Start the runner for path. */
int
runner_start(struct ui *ui, const char *path, char **cause)
{
	int	p[3][2], i, j;
	pid_t	pid;
	char	fdarg[32];

	for (i = 0; i < 3; i++)
		if (pipe2(p[i], O_CLOEXEC) != 0) {
			*cause = xasprintf("pipe: %s", strerror(errno));
			for (j = 0; j < i; j++) {
				close(p[j][0]);
				close(p[j][1]);
			}
			return -1;
		}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		*cause = xasprintf("fork: %s", strerror(errno));
		for (i = 0; i < 3; i++) {
			close(p[i][0]);
			close(p[i][1]);
		}
		return -1;
	}
	if (pid == 0) {
		/* The runner: own group, no terminal input, pipes as 1, 2, 3. */
		int devnull = open("/dev/null", O_RDONLY), n = 0;
		const char *av[16];
		char gilarg[32], swarg[48], brarg[48];
		const char *gil = ui->gil_pick, *br = ui->opt->breaker;
		double sw = ui->opt->switch_ms;
		sigset_t all;

		setpgid(0, 0);
		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGWINCH, SIG_DFL);
		signal(SIGSEGV, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(p[1][1], 1);
		dup2(p[2][1], 2);
		dup2(p[0][1], 3);
		snprintf(fdarg, sizeof fdarg, "--stream-fd=3");
		if (ui->opt->watch_argv != NULL)
			runner_exec_watch(ui, fdarg);
		av[n++] = "concviz";
		av[n++] = "run";
		av[n++] = "--headless";
		av[n++] = fdarg;
		/* As under CPython: a deadlock is shown, the program goes on. */
		av[n++] = "--on-deadlock=wait";
		/* The GIL: 'm' key, then the command line, then the scenario. */
		if (gil == NULL)
			gil = ui->opt->gil != NULL ? ui->opt->gil : ui->cur.gil;
		if (gil != NULL) {
			snprintf(gilarg, sizeof gilarg, "--gil=%s", gil);
			av[n++] = gilarg;
		}
		if (sw <= 0)
			sw = ui->cur.switch_ms;
		if (sw > 0) {
			snprintf(swarg, sizeof swarg, "--switch-interval=%g", sw);
			av[n++] = swarg;
		}
		if (br == NULL)
			br = ui->cur.breaker;
		if (br != NULL) {
			snprintf(brarg, sizeof brarg, "--breaker=%s", br);
			av[n++] = brarg;
		}
		av[n++] = "--";
		av[n++] = path;
		av[n] = NULL;
		execv(ui->opt->self, (char *const *)av);
		dprintf(2, "concviz: cannot start the runner %s: %s\n",
		    ui->opt->self, strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	runner_pgid = pid;
	for (i = 0; i < 3; i++) {
		close(p[i][1]);
		ui->run.fds[i] = p[i][0];
		fcntl(p[i][0], F_SETFL, fcntl(p[i][0], F_GETFL) | O_NONBLOCK);
		ev_io_init(&ui->run.w[i], runner_read_cb, p[i][0], EV_READ);
		ui->run.w[i].data = ui;
		ev_io_start(ui->loop, &ui->run.w[i]);
	}
	ev_child_init(&ui->run.wchild, runner_child_cb, pid, 0);
	ui->run.wchild.data = ui;
	ev_child_start(ui->loop, &ui->run.wchild);
	ui->run.pid = pid;
	ui->run.alive = 1;
	ui->run.t_start = clock_now_ns();
	runner_feed = feed_stream_create(ui);
	return 0;
}

/* Kill the runner's group, reap it, close the pipes. */
void
runner_stop(struct ui *ui)
{
	int i;

	if (ui->run.pid > 0) {
		if (ui->run.alive) {
			kill(-ui->run.pid, SIGKILL);
			ev_child_stop(ui->loop, &ui->run.wchild);
			waitpid(ui->run.pid, NULL, 0);
			ui->run.alive = 0;
		}
		/* Reap what it left behind in its group (we are a subreaper). */
		kill(-ui->run.pid, SIGKILL);
		for (;;) {
			if (waitpid(-ui->run.pid, NULL, 0) > 0)
				continue;
			if (errno == EINTR)
				continue;
			break;
		}
		runner_pgid = 0;
	}
	for (i = 0; i < 3; i++)
		runner_close(ui, i);
	feed_free(runner_feed);
	runner_feed = NULL;
	ui->run.pid = 0;
}
