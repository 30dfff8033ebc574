/*
 * main.c — options, subcommand dispatch and exit status. Wiring only: the work
 * of each subcommand lives in its own cmd-*.c file.
 */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

const char *cmd_progname = "concviz";

static const struct cmd_entry cmd_table[] = {
	{ "run",    "[--headless] [--record FILE.cvz] [--gil=MODE] FILE.py [ARG...]",
	  "run a Python program under full instrumentation", cmd_run },
	{ "replay", "FILE.cvz", "replay a recording in the interactive view", cmd_replay },
	{ "export", "--format=FORMAT [-o OUT] FILE.cvz",
	  "export a recording (text, summary, chrome, asciicast, svg)", cmd_export },
	{ "check",  "FILE.py...", "compile programs without running them", cmd_check },
	{ "list",   "", "list the scenarios and where they come from", cmd_list },
	{ "watch",  "[--record FILE.cvz] -- COMMAND [ARG...]",
	  "observe any program's processes and threads from /proc", cmd_watch },
	{ "attach", "PID", "observe a running process from /proc", cmd_attach },
};

/* Print the full GNU-style help to stdout. */
static void
usage_full(void)
{
	size_t i;

	printf("Usage: %s [OPTION]... [FILE.py]\n"
	    "  or:  %s COMMAND [OPTION]... [ARG]...\n"
	    "Watch real threads, processes, the GIL and the asyncio event loop at work.\n"
	    "\n"
	    "With no FILE and no COMMAND, open the scenario menu. With FILE.py, run that\n"
	    "program in the interactive view.\n"
	    "\n"
	    "Commands:\n", cmd_progname, cmd_progname);
	for (i = 0; i < sizeof cmd_table / sizeof cmd_table[0]; i++)
		printf("  %-8s %s\n", cmd_table[i].name, cmd_table[i].summary);
	printf("\n"
	    "Options:\n"
	    "  -h, --help       display this help and exit\n"
	    "  -V, --version    output version information and exit\n"
	    "\n"
	    "Run '%s COMMAND --help' for the options of one command.\n"
	    "\n"
	    "Exit status:\n"
	    "  0  success\n"
	    "  1  the program or file failed (or the feature is not in this build)\n"
	    "  2  usage error\n"
	    "\n"
	    "Report bugs to: <%s>\n"
	    "See concviz(1) for keys, files and the environment.\n",
	    cmd_progname, PACKAGE_BUGREPORT);
}

/* Print the version banner to stdout. */
static void
version(void)
{
	printf("%s %s\n"
	    "Copyright (C) 2026 the concviz authors.\n"
	    "License ISC: <https://opensource.org/licenses/ISC>.\n"
	    "This is free software: you are free to change and redistribute it.\n"
	    "There is NO WARRANTY, to the extent permitted by law.\n",
	    PACKAGE_NAME, PACKAGE_VERSION);
}

/* Look a subcommand up by name. */
static const struct cmd_entry *
cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof cmd_table / sizeof cmd_table[0]; i++)
		if (strcmp(cmd_table[i].name, name) == 0)
			return &cmd_table[i];
	return NULL;
}

void
cmd_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (cmd != NULL)
		fprintf(stderr, "%s %s: ", cmd_progname, cmd);
	else
		fprintf(stderr, "%s: ", cmd_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cmd_usage(const char *cmd)
{
	const struct cmd_entry *e = cmd != NULL ? cmd_find(cmd) : NULL;

	if (e != NULL)
		fprintf(stderr, "Usage: %s %s %s\n", cmd_progname, e->name, e->args);
	else
		fprintf(stderr, "Usage: %s [OPTION]... [FILE.py | COMMAND ...]\n",
		    cmd_progname);
	fprintf(stderr, "Try '%s%s%s --help' for more information.\n", cmd_progname,
	    e != NULL ? " " : "", e != NULL ? e->name : "");
	return CMD_EXIT_USAGE;
}

int
cmd_unavailable(const char *cmd, const char *what)
{
	cmd_error(cmd, "%s is not available in this build of concviz %s yet",
	    what, PACKAGE_VERSION);
	return CMD_EXIT_FAIL;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",    no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry *e;
	int c;

	setlocale(LC_ALL, "");
	opterr = 0;
	/* "+" stops at the first non-option: the subcommand or the file. */
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage_full();
			return CMD_EXIT_OK;
		case 'V':
			version();
			return CMD_EXIT_OK;
		default:
			if (optopt != 0 && optopt != '?')
				cmd_error(NULL, "unknown option '-%c'", optopt);
			else
				cmd_error(NULL, "unknown option '%s'", argv[optind - 1]);
			return cmd_usage(NULL);
		}
	}
	argc -= optind;
	argv += optind;

	if (argc == 0)
		return cmd_ui(argc, argv);
	if ((e = cmd_find(argv[0])) != NULL) {
		optind = 0;	/* reset getopt for the subcommand */
		return e->exec(argc, argv);
	}
	if (strchr(argv[0], '.') != NULL || strchr(argv[0], '/') != NULL)
		return cmd_ui(argc, argv);
	cmd_error(NULL, "unknown command '%s'", argv[0]);
	return cmd_usage(NULL);
}
