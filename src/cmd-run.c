/*
 * cmd-run.c — "concviz run": run a Python program under full instrumentation,
 * headless (output to the terminal, optional summary and recording) or in the
 * interactive view.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "rt/proc.h"

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
	    "  --gil=MODE              modern (default), legacy or none\n"
	    "  --switch-interval=MS    GIL switch interval in milliseconds (default 5)\n"
	    "  --breaker=MODE          eval-breaker checks: default or instruction\n"
	    "  --on-deadlock=ACTION    exit (default, headless) or wait\n"
	    "  --max-procs=N           at most N processes in the run (default %d)\n"
	    "  --stream-fd=N           stream .cvz chunks to file descriptor N (used by\n"
	    "                          the interactive view's runner)\n"
	    "  -h, --help              display this help and exit\n",
	    PROC_MAX_DEFAULT);
}

int
cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "headless",        no_argument,       NULL, 'H' },
		{ "record",          required_argument, NULL, 'r' },
		{ "summary",         no_argument,       NULL, 's' },
		{ "gil",             required_argument, NULL, 'g' },
		{ "switch-interval", required_argument, NULL, 'i' },
		{ "breaker",         required_argument, NULL, 'b' },
		{ "on-deadlock",     required_argument, NULL, 'd' },
		{ "max-procs",       required_argument, NULL, 'P' },
		{ "stream-fd",       required_argument, NULL, 'S' },
		{ "help",            no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *cause = NULL;
	unsigned max_procs;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'H': case 'r': case 's': case 'g': case 'i': case 'b': case 'd':
		case 'S':
			break;
		case 'P':
			if (proc_limit_parse(optarg, &max_procs, &cause) != 0) {
				cmd_error("run", "%s", cause);
				free(cause);
				return cmd_usage("run");
			}
			proc_limit_set(max_procs);
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
	return cmd_unavailable("run", "the Python interpreter");
}
