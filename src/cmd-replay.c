/*
 * cmd-replay.c — "concviz replay". Not built yet: it says so and fails.
 */
#include "config.h"

#include <string.h>

#include "cmd.h"

int
cmd_replay(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cmd_usage("replay");
		return CMD_EXIT_OK;
	}
	return cmd_unavailable("replay", "the 'replay' command");
}

/* The interactive view (no command, or a FILE.py argument). */
int
cmd_ui(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cmd_unavailable(NULL, "the interactive view");
}
