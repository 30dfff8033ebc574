/*
 * cmd-run.c — "concviz run": run a Python program under full instrumentation,
 * headless (output to the terminal, optional summary and recording) or in the
 * interactive view.
 *
 * The program runs on a thread of its own with a large stack, so that deep
 * (but bounded) C recursion through the VM never overflows.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "export/export.h"
#include "rt/intr.h"
#include "rt/proc.h"
#include "core/xmalloc.h"
#include "lang/lang.h"
#include "lang/modules/rtbind.h"
#include "trace/cvz.h"
#include "trace/emit.h"
#include "ui/ui.h"

#define RUN_STACK_SIZE	((size_t)512 << 20)

struct run_job {
	struct interp	*in;
	const char	*path;
	char		*text;
	size_t		 len;
	int		 status;
};

/* An interpreter that daemon threads may still use at exit. */
static struct interp *run_kept_interp;

/* Print the options of "run". */
static void
run_help(void)
{
	printf("Usage: concviz run [OPTION]... FILE.py [ARG]...\n"
	    "Run FILE.py in concviz's interpreter with full instrumentation.\n"
	    "\n"
	    "  --headless              no interactive view: print the program's output\n"
	    "  --record=FILE.cvz       record every event to FILE.cvz\n"
	    "  --summary               after the run, print states, GIL and loop statistics\n"
	    "                          to standard error\n"
	    "  --gil=MODE              modern (default), legacy or none\n"
	    "  --switch-interval=MS    GIL switch interval in milliseconds (default 5)\n"
	    "  --breaker=MODE          eval-breaker checks: default or instruction\n"
	    "  --on-deadlock=ACTION    exit (default, headless) or wait\n"
	    "  --stream-fd=N           stream .cvz chunks to file descriptor N (used by\n"
	    "                          the interactive view's runner)\n"
	    "  --max-procs=N           at most N processes in the run (default %d)\n"
	    "  -h, --help              display this help and exit\n",
	    PROC_MAX_DEFAULT);
}

/* Take --gil, --switch-interval or --breaker (see cmd.h). */
int
run_settings_option(const char *cmd, int c, const char *arg,
    struct run_settings *s)
{
	static const char *gils[] = { "modern", "legacy", "none" };
	static const char *breakers[] = { "default", "instruction" };
	char	*end;
	int	 i;

	switch (c) {
	case 'g':
		for (i = 0; i < 3; i++)
			if (strcmp(arg, gils[i]) == 0) {
				s->gil = gils[i];
				s->given |= 1;
				return 1;
			}
		cmd_error(cmd, "bad --gil mode '%s' (modern, legacy or none)",
		    arg);
		return -1;
	case 'i':
		s->interval_ms = strtod(arg, &end);
		if (end == arg || *end != '\0' || !(s->interval_ms > 0) ||
		    s->interval_ms > 10000) {
			cmd_error(cmd, "bad --switch-interval '%s' (milliseconds, "
			    "more than 0, at most 10000)", arg);
			return -1;
		}
		s->given |= 2;
		return 1;
	case 'b':
		for (i = 0; i < 2; i++)
			if (strcmp(arg, breakers[i]) == 0) {
				s->breaker = breakers[i];
				s->given |= 4;
				return 1;
			}
		cmd_error(cmd, "bad --breaker mode '%s' (default or instruction)",
		    arg);
		return -1;
	}
	return 0;
}

/* Read a whole file; NULL with errno set on failure. */
static char *
run_read(const char *path, size_t *lenp)
{
	FILE	*fp = fopen(path, "rb");
	char	*buf = NULL;
	size_t	 len = 0, cap = 0, n;

	if (fp == NULL)
		return NULL;
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap + 1);
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	fclose(fp);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

/* A deadlock in a headless run: say which threads wait for whom, exit 1. */
static void
run_deadlock_exit(const char *cycle, void *arg)
{
	fflush(stdout);
	fprintf(stderr, "concviz: deadlock: %s\n", cycle);
	fflush(stderr);
	if (trace_on)
		trace_stop();
	_exit(CMD_EXIT_FAIL);
}

/* A deadlock with --on-deadlock=wait: say it, and let the threads wait. */
static void
run_deadlock_note(const char *cycle, void *arg)
{
	fflush(stdout);
	fprintf(stderr, "concviz: deadlock: %s\n", cycle);
	fflush(stderr);
}

/* Make a private recording file for --summary (see cmd.h). */
int
cmd_tmp_record(const char *cmd, char *path, size_t size)
{
	const char	*dir = getenv("TMPDIR");
	int		 fd;

	if (dir == NULL || *dir == '\0' || strlen(dir) + 24 > size)
		dir = "/tmp";
	snprintf(path, size, "%s/concviz-run-XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1) {
		cmd_error(cmd, "--summary: %s: %s", path, strerror(errno));
		*path = '\0';
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * Print the summary of a finished run's recording to standard error (the
 * program's output keeps standard output to itself). Returns 0, or -1
 * after saying why.
 */
int
cmd_summary(const char *cmd, const char *path)
{
	struct model		*m;
	struct export_opts	 opts;
	char			*cause = NULL;
	int			 truncated = 0, rc;

	if ((m = cvz_load_model(path, &truncated, &cause)) == NULL) {
		cmd_error(cmd, "summary: %s", cause);
		free(cause);
		return -1;
	}
	memset(&opts, 0, sizeof opts);
	fflush(stdout);
	rc = export_summary(m, &opts, stderr, &cause);
	model_free(m);
	if (rc != 0) {
		cmd_error(cmd, "summary: %s", cause ? cause : "write error");
		free(cause);
		return -1;
	}
	return 0;
}

/* The program's thread: run __main__. */
static void *
run_thread(void *arg)
{
	struct run_job *job = arg;

	if (trace_on)
		trace_thread_begin();
	/* The runtime registers MainThread (its entity) and gives it the GIL. */
	vm_thread_attach(job->in->main_thread);
	job->status = vm_run_main(job->in, job->path, job->text, job->len, stderr);
	fflush(stdout);
	/* An unhandled KeyboardInterrupt: end by SIGINT after cleanup. */
	if (job->status == VM_EXIT_INTERRUPTED) {
		job->status = 130;
		rt_intr_die_at_exit();
	}
	/* Wait for non-daemon threads, stop daemons, end MainThread. */
	rtbind_shutdown(job->in, job->status);
	if (trace_on)
		trace_thread_end();
	return NULL;
}

int
cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "headless",        no_argument,       NULL, 'H' },
		{ "record",          required_argument, NULL, 'r' },
		{ "summary",         no_argument,       NULL, 's' },
		RUN_SETTINGS_LONGOPTS,
		{ "on-deadlock",     required_argument, NULL, 'd' },
		{ "stream-fd",       required_argument, NULL, 'S' },
		{ "max-procs",       required_argument, NULL, 'P' },
		{ "help",            no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct run_job		 job;
	pthread_attr_t		 attr;
	pthread_t		 th;
	const char		*record = NULL;
	struct rtbind_config	 rtc;
	struct run_settings	 set = { "modern", 5, "default", 0 };
	int			 c, headless = 0, gil, every, i;
	int			 stream_fd = -1;
	int			 on_deadlock_wait = 0, summary = 0;
	char			 tmp_record[4096] = "";
	unsigned		 max_procs;
	char			*why = NULL;
	double			 interval_ms;
	char			*end;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			headless = 1;
			break;
		case 'r':
			record = optarg;
			break;
		case 'P':
			if (proc_limit_parse(optarg, &max_procs, &why) != 0) {
				cmd_error("run", "%s", why);
				free(why);
				return cmd_usage("run");
			}
			proc_limit_set(max_procs);
			break;
		case 'S':
			stream_fd = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || stream_fd < 0) {
				cmd_error("run", "bad --stream-fd '%s'", optarg);
				return cmd_usage("run");
			}
			break;
		case 's':
			summary = 1;
			break;
		case 'd':
			if (strcmp(optarg, "wait") == 0)
				on_deadlock_wait = 1;
			else if (strcmp(optarg, "exit") == 0)
				on_deadlock_wait = 0;
			else {
				cmd_error("run", "bad --on-deadlock '%s'", optarg);
				return cmd_usage("run");
			}
			break;
		case 'g': case 'i': case 'b':
			if (run_settings_option("run", c, optarg, &set) < 0)
				return cmd_usage("run");
			break;
		case 'h':
			run_help();
			return CMD_EXIT_OK;
		default:
			cmd_error("run", "bad option '%s'", argv[optind - 1]);
			return cmd_usage("run");
		}
	}
	if (optind >= argc)
		return cmd_usage("run");
	if (!headless) {
		/* The interactive view runs the program (as "concviz FILE.py"). */
		struct ui_options	uo;

		if (stream_fd >= 0 || summary || optind + 1 < argc) {
			cmd_error("run", "--summary, --stream-fd and program "
			    "arguments need --headless");
			return cmd_usage("run");
		}
		memset(&uo, 0, sizeof uo);
		uo.file = argv[optind];
		uo.record = record;
		uo.self = cmd_self();
		if (set.given & 1)
			uo.gil = set.gil;
		if (set.given & 2)
			uo.switch_ms = set.interval_ms;
		if (set.given & 4)
			uo.breaker = set.breaker;
		if (access(uo.file, R_OK) != 0) {
			cmd_error("run", "%s: %s", uo.file, strerror(errno));
			return CMD_EXIT_FAIL;
		}
		return ui_main(&uo);
	}
	gil = strcmp(set.gil, "legacy") == 0 ? 1 :
	    strcmp(set.gil, "none") == 0 ? 2 : 0;
	every = strcmp(set.breaker, "instruction") == 0;
	interval_ms = set.interval_ms;
	memset(&job, 0, sizeof job);
	job.path = argv[optind];
	job.text = run_read(job.path, &job.len);
	if (job.text == NULL) {
		cmd_error("run", "%s: %s", job.path, strerror(errno));
		return CMD_EXIT_FAIL;
	}
	if (summary && record == NULL) {
		/* The summary is made from a recording: a private one. */
		if (cmd_tmp_record("run", tmp_record, sizeof tmp_record) != 0) {
			free(job.text);
			return CMD_EXIT_FAIL;
		}
		record = tmp_record;
	}
	if (record != NULL || stream_fd >= 0) {
		struct trace_sink_config	 cfg;
		char				*cause = NULL, *settings;

		settings = xasprintf("gil=%s switch_interval_ns=%lld breaker=%s",
		    gil == 0 ? "modern" : gil == 1 ? "legacy" : "none",
		    (long long)(interval_ms * 1e6), every ? "instruction" : "default");
		memset(&cfg, 0, sizeof cfg);
		cfg.record_path = record;
		cfg.stream_fd = stream_fd;
		cfg.source_name = job.path;
		cfg.source_text = job.text;
		cfg.source_len = job.len;
		cfg.settings = settings;
		if (trace_start(&cfg, &cause) < 0) {
			cmd_error("run", "%s", cause);
			free(cause);
			free(settings);
			free(job.text);
			if (*tmp_record != '\0')
				unlink(tmp_record);
			return CMD_EXIT_FAIL;
		}
		free(settings);
	}
	job.in = interp_create();
	job.in->breaker_every_insn = every;
	memset(&rtc, 0, sizeof rtc);
	rtc.gil_mode = (enum gil_mode)gil;
	rtc.switch_interval_ns = (uint64_t)(interval_ms * 1e6);
	rtc.on_deadlock = on_deadlock_wait ? RT_DEADLOCK_WAIT : RT_DEADLOCK_FAIL;
	rtc.deadlock_cb = on_deadlock_wait ? run_deadlock_note : run_deadlock_exit;
	rtbind_install(job.in, &rtc);
	for (i = optind; i < argc; i++)
		list_append(job.in->argv, val_obj(str_cstr(argv[i])));
	vm_thread_detach(job.in->main_thread);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, RUN_STACK_SIZE);
	if (pthread_create(&th, &attr, run_thread, &job) != 0) {
		/* Fall back to the calling thread. */
		run_thread(&job);
	} else
		pthread_join(th, NULL);
	pthread_attr_destroy(&attr);
	vm_thread_attach(job.in->main_thread);
	if (rtbind_threads_left() == 0)
		interp_free(job.in);
	else {
		/*
		 * Daemon threads were stopped where they stood and may still touch
		 * the interpreter on their way to park, so it is never freed (as in
		 * CPython); it stays reachable for LeakSanitizer.
		 */
		run_kept_interp = job.in;
	}
	if (record != NULL || stream_fd >= 0)
		trace_stop();
	if (summary && cmd_summary("run", record) != 0 && job.status == 0)
		job.status = CMD_EXIT_FAIL;
	if (*tmp_record != '\0')
		unlink(tmp_record);
	free(job.text);
	return job.status;
}
