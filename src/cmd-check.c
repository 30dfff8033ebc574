/*
 * cmd-check.c — "concviz check FILE.py...": compile only, report errors.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"

int
cmd_check(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("Usage: concviz check FILE.py...\n"
		    "Compile each FILE without running it; report the first error of each.\n");
		return CMD_EXIT_OK;
	}
	if (argc < 2)
		return cmd_usage("check");
	return cmd_unavailable("check", "the Python compiler");
}
