/*
 * cmd-watch.c — "concviz watch" and "concviz attach": observe a foreign
 * program from /proc. Not built yet: both say so and fail (SPEC §5).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"

/* Answer --help, otherwise report that the command is not in this build. */
static int
cmd_not_built(const char *name, int argc, char **argv, const char *what)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cmd_usage(name);
		return CMD_EXIT_OK;
	}
	return cmd_unavailable(name, what);
}

int
cmd_watch(int argc, char **argv)
{
	return cmd_not_built("watch", argc, argv, "observing programs from /proc");
}

int
cmd_attach(int argc, char **argv)
{
	return cmd_not_built("attach", argc, argv, "attaching to a running process");
}
