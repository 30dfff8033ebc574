/*
 * cmd-list.c — "concviz list". Not built yet: it says so and fails.
 */
#include "config.h"

#include <string.h>

#include "cmd.h"

int
cmd_list(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cmd_usage("list");
		return CMD_EXIT_OK;
	}
	return cmd_unavailable("list", "the 'list' command");
}
