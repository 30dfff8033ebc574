/*
 * cmd-replay.c — the interactive entry points: "concviz" (the scenario
 * menu), "concviz FILE.py" (run a file in the view) and "concviz replay
 * FILE.cvz". Checks what can be checked before the terminal is taken over
 * (the file exists and reads), so that errors are plain messages with exit
 * status 1; the view itself is src/ui/.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "ui/feed.h"
#include "ui/ui.h"

/* Print the options of "replay". */
static void
replay_help(void)
{
	printf("Usage: concviz replay FILE.cvz\n"
	    "Open a recording in the interactive view: the same panes as a live\n"
	    "run, with pause, step, speed and seek. See concviz(1), KEYS.\n"
	    "\n"
	    "  -h, --help   display this help and exit\n");
}

/* How the runner re-executes this program ($CONCVIZ_RUNNER for tests). */
const char *
cmd_self(void)
{
	const char *e = getenv("CONCVIZ_RUNNER");

	if (e != NULL && *e != '\0')
		return e;
	if (access("/proc/self/exe", X_OK) == 0)
		return "/proc/self/exe";
	return cmd_progname;
}

int
cmd_replay(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ui_options	 opt;
	char			*cause = NULL;
	int			 c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			replay_help();
			return CMD_EXIT_OK;
		default:
			cmd_error("replay", "bad option '%s'", argv[optind - 1]);
			return cmd_usage("replay");
		}
	}
	if (optind != argc - 1)
		return cmd_usage("replay");
	if (feed_check_file(argv[optind], &cause) != 0) {
		cmd_error("replay", "%s", cause);
		free(cause);
		return CMD_EXIT_FAIL;
	}
	memset(&opt, 0, sizeof opt);
	opt.replay = argv[optind];
	opt.self = cmd_self();
	return ui_main(&opt);
}

/* The interactive view: no argument (the menu) or FILE.py [--record F]. */
int
cmd_ui(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "record", required_argument, NULL, 'r' },
		RUN_SETTINGS_LONGOPTS,
		{ "help",   no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ui_options	 opt;
	struct run_settings	 set;
	int			 c;

	memset(&opt, 0, sizeof opt);
	opt.self = cmd_self();
	if (argc == 0)
		return ui_main(&opt);
	/* argv[0] is the file; options may follow it. */
	opt.file = argv[0];
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			opt.record = optarg;
			break;
		case 'g': case 'i': case 'b':
			memset(&set, 0, sizeof set);
			if (run_settings_option(NULL, c, optarg, &set) < 0)
				return cmd_usage(NULL);
			if (c == 'g')
				opt.gil = set.gil;
			else if (c == 'i')
				opt.switch_ms = set.interval_ms;
			else
				opt.breaker = set.breaker;
			break;
		case 'h':
			printf("Usage: concviz FILE.py [--record=FILE.cvz] "
			    "[--gil=MODE] [--switch-interval=MS] [--breaker=MODE]\n");
			return CMD_EXIT_OK;
		default:
			cmd_error(NULL, "bad option '%s'", argv[optind - 1]);
			return cmd_usage(NULL);
		}
	}
	if (optind < argc) {
		cmd_error(NULL, "unexpected argument '%s'", argv[optind]);
		return cmd_usage(NULL);
	}
	if (access(opt.file, R_OK) != 0) {
		cmd_error(NULL, "%s: cannot read the file", opt.file);
		return CMD_EXIT_FAIL;
	}
	return ui_main(&opt);
}
