/*
 * cmd-watch.c — "concviz watch" and "concviz attach": observe any program
 * (a real CPython, a compiled program) from /proc, in the interactive view
 * or headless, recordable like a run of our own interpreter (SPEC §5).
 *
 * watch starts COMMAND as our child (in our process group, so that the
 * terminal's Ctrl-C reaches it, while concviz itself ignores SIGINT and
 * SIGQUIT like system() does) and samples its tree until it exits; its exit
 * status becomes ours. attach samples an existing process until it exits or
 * concviz is interrupted, and never touches it. The sampling is
 * src/watch/watch.c.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "core/buf.h"
#include "core/xmalloc.h"
#include "trace/emit.h"
#include "ui/ui.h"
#include "watch/watch.h"

/* Set by SIGINT/SIGTERM/SIGHUP in attach (detach), SIGTERM/SIGHUP in watch. */
static volatile sig_atomic_t watch_stop_sig;

/* Note a stopping signal. */
static void
watch_on_signal(int sig)
{
	watch_stop_sig = sig;
}

/* Print the options of watch or attach. */
static void
watch_help(int attach)
{
	if (attach)
		printf("Usage: concviz attach [OPTION]... PID\n"
		    "Observe a running process and its threads and children from "
		    "/proc until it\nexits (or Ctrl-C: concviz detaches; the "
		    "process is never stopped or signalled).\n");
	else
		printf("Usage: concviz watch [OPTION]... -- COMMAND [ARG]...\n"
		    "Run COMMAND and observe its processes and threads from /proc "
		    "until it exits;\nconcviz exits with its status.\n");
	printf("\n"
	    "  --headless              no interactive view\n"
	    "  --record=FILE.cvz       record every state change to FILE.cvz\n"
	    "  --summary               at the end, print the time in each state "
	    "to stderr\n"
	    "  --interval=MS           sample /proc every MS milliseconds "
	    "(default 2)\n"
	    "  --stream-fd=N           stream .cvz chunks to file descriptor N\n"
	    "  -h, --help              display this help and exit\n"
	    "\n"
	    "Kernel states map to the notes' states: running (R) is Runnable; "
	    "a sleep, or a\nwait with a timeout, is Timed Waiting; a wait "
	    "without one (a lock, a pipe, a\nchild, input) is Blocked/Waiting; "
	    "an exited, unreaped process is a zombie.\n");
}

/* Sleep for ns nanoseconds (interrupted early by a signal). */
static void
watch_nap(uint64_t ns)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ns / 1000000000u);
	ts.tv_nsec = (long)(ns % 1000000000u);
	nanosleep(&ts, NULL);
}

/* Start COMMAND held at a gate until tracing runs; -1 on failure. */
static pid_t
watch_spawn(char **argv, int *gate)
{
	int	p[2], e[2], err = 0;
	pid_t	pid;
	char	c;

	/* Close-on-exec: the error pipe reads EOF once exec succeeded. */
	if (pipe2(p, O_CLOEXEC) != 0 || pipe2(e, O_CLOEXEC) != 0) {
		cmd_error("watch", "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		cmd_error("watch", "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		close(p[1]);
		close(e[0]);
		/* Wait for the gate to open (or close), then become COMMAND. */
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		close(p[0]);
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execvp(argv[0], argv);
		err = errno;
		if (write(e[1], &err, sizeof err) < 0) {
			/* the parent sees status 127 anyway */
		}
		_exit(127);
	}
	close(p[0]);
	close(e[1]);
	*gate = p[1];
	/* Keep the error pipe's read end: watch_exec_error() reads it. */
	gate[1] = e[0];
	return pid;
}

/* After the gate opened: did exec fail? errno value, or 0. */
static int
watch_exec_error(int fd)
{
	int	err = 0;
	ssize_t	n;

	while ((n = read(fd, &err, sizeof err)) < 0 && errno == EINTR)
		;
	close(fd);
	return n == (ssize_t)sizeof err ? err : 0;
}

/* The common body of watch and attach. */
static int
watch_main(const char *cmd, int attach, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "headless",  no_argument,       NULL, 'H' },
		{ "record",    required_argument, NULL, 'r' },
		{ "summary",   no_argument,       NULL, 's' },
		{ "interval",  required_argument, NULL, 'i' },
		{ "stream-fd", required_argument, NULL, 'S' },
		{ "help",      no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct trace_sink_config	 cfg;
	struct sigaction		 sa, old_int, old_quit, old_term, old_hup;
	struct watch			*w;
	struct buf			 title;
	const char			*record = NULL;
	char				 tmp_record[4096] = "", *cause = NULL, *end;
	char				 letter, *settings;
	double				 interval_ms = 2;
	int				 c, headless = 0, summary = 0, stream_fd = -1;
	int				 gate[2] = { -1, -1 }, status = 0, rc, err, i;
	pid_t				 pid = 0, r;
	long				 lpid;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			headless = 1;
			break;
		case 'r':
			record = optarg;
			break;
		case 's':
			summary = 1;
			break;
		case 'i':
			interval_ms = strtod(optarg, &end);
			if (end == optarg || *end != '\0' || !(interval_ms >= 0.1) ||
			    interval_ms > 1000) {
				cmd_error(cmd, "bad --interval '%s' (milliseconds, "
				    "0.1 to 1000)", optarg);
				return cmd_usage(cmd);
			}
			break;
		case 'S':
			stream_fd = (int)strtol(optarg, &end, 10);
			if (end == optarg || *end != '\0' || stream_fd < 0) {
				cmd_error(cmd, "bad --stream-fd '%s'", optarg);
				return cmd_usage(cmd);
			}
			break;
		case 'h':
			watch_help(attach);
			return CMD_EXIT_OK;
		default:
			cmd_error(cmd, "bad option '%s'", argv[optind - 1]);
			return cmd_usage(cmd);
		}
	}
	if (optind >= argc || (attach && optind + 1 != argc))
		return cmd_usage(cmd);
	if (attach) {
		lpid = strtol(argv[optind], &end, 10);
		if (end == argv[optind] || *end != '\0' || lpid <= 0 ||
		    lpid > 0x7fffffff) {
			cmd_error(cmd, "'%s' is not a process id", argv[optind]);
			return cmd_usage(cmd);
		}
		pid = (pid_t)lpid;
		if (kill(pid, 0) != 0 && errno == ESRCH) {
			cmd_error(cmd, "no process %ld", lpid);
			return CMD_EXIT_FAIL;
		}
	}
	buf_init(&title);
	if (attach)
		buf_printf(&title, "attach %ld", (long)pid);
	else
		for (i = optind; i < argc; i++)
			buf_printf(&title, "%s%s", i > optind ? " " : "", argv[i]);

	if (!headless) {
		struct ui_options uo;

		if (summary || stream_fd >= 0) {
			cmd_error(cmd, "--summary and --stream-fd need --headless");
			buf_fini(&title);
			return cmd_usage(cmd);
		}
		memset(&uo, 0, sizeof uo);
		uo.self = cmd_self();
		uo.record = record;
		uo.watch_argv = argv + optind;
		uo.watch_argc = argc - optind;
		uo.watch_attach = attach;
		uo.watch_interval_ms = interval_ms;
		uo.watch_title = title.data;
		rc = ui_main(&uo);
		buf_fini(&title);
		return rc;
	}

	if (summary && record == NULL) {
		if (cmd_tmp_record(cmd, tmp_record, sizeof tmp_record) != 0) {
			buf_fini(&title);
			return CMD_EXIT_FAIL;
		}
		record = tmp_record;
	}
	if (!attach && (pid = watch_spawn(argv + optind, gate)) < 0) {
		buf_fini(&title);
		return CMD_EXIT_FAIL;
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.record_path = record;
	cfg.stream_fd = stream_fd;
	cfg.source_name = title.data;
	settings = xasprintf("watch interval_ns=%lld",
	    (long long)(interval_ms * 1e6));
	cfg.settings = settings;
	rc = 0;
	if ((record != NULL || stream_fd >= 0) &&
	    trace_start(&cfg, &cause) < 0) {
		cmd_error(cmd, "%s", cause);
		free(cause);
		rc = -1;
	}
	free(settings);

	/* Signals: Ctrl-C belongs to COMMAND (watch) or detaches (attach). */
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = attach ? watch_on_signal : SIG_IGN;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGQUIT, &sa, &old_quit);
	sa.sa_handler = watch_on_signal;
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);

	if (!attach) {
		if (rc != 0) {
			/* Tracing failed: COMMAND must not run unobserved. */
			kill(pid, SIGKILL);
			close(gate[0]);
			close(gate[1]);
			waitpid(pid, NULL, 0);
			goto out;
		}
		close(gate[0]);		/* open the gate */
		if ((err = watch_exec_error(gate[1])) != 0) {
			waitpid(pid, NULL, 0);
			cmd_error(cmd, "%s: %s", argv[optind], strerror(err));
			status = 127 << 8;
			rc = -1;
			goto out;
		}
	} else if (rc != 0)
		goto out;

	trace_thread_begin();
	w = watch_create(pid, !attach);
	for (;;) {
		letter = watch_sample(w);
		if (!attach) {
			r = waitpid(pid, &status, WNOHANG);
			if (r == pid) {
				watch_root_gone(w, status);
				break;
			}
			if (watch_stop_sig != 0) {
				/* SIGTERM or SIGHUP: pass it on, keep watching. */
				kill(pid, watch_stop_sig);
				watch_stop_sig = 0;
			}
		} else if (letter == 0 || letter == 'Z' || watch_stop_sig != 0) {
			if (letter == 0)
				watch_root_gone(w, -1);
			break;
		}
		watch_nap((uint64_t)(interval_ms * 1e6));
	}
	watch_free(w);
	trace_thread_end();
out:
	if (record != NULL || stream_fd >= 0)
		trace_stop();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	if (rc == 0 && summary && cmd_summary(cmd, record) != 0)
		rc = -1;
	if (*tmp_record != '\0')
		unlink(tmp_record);
	buf_fini(&title);
	if (attach)
		return rc == 0 ? CMD_EXIT_OK : CMD_EXIT_FAIL;
	if (WIFEXITED(status))
		return WEXITSTATUS(status) != 0 ? WEXITSTATUS(status) :
		    rc == 0 ? CMD_EXIT_OK : CMD_EXIT_FAIL;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return CMD_EXIT_FAIL;
}

int
cmd_watch(int argc, char **argv)
{
	return watch_main("watch", 0, argc, argv);
}

int
cmd_attach(int argc, char **argv)
{
	return watch_main("attach", 1, argc, argv);
}
