/*
 * cmd-list.c — "concviz list": print the scenario catalogue by topic, each
 * scenario with its title and the file it comes from, and say which files
 * were skipped and why. Reads the catalogue through src/ui/scenario.h only.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "ui/scenario.h"

/* Print the options of "list". */
static void
list_help(void)
{
	printf("Usage: concviz list\n"
	    "List the scenarios by topic, with the directory each comes from.\n"
	    "\n"
	    "Scenarios are read from $CONCVIZ_DATA_DIR/scenarios (default\n"
	    "%s/scenarios) and $XDG_DATA_HOME/concviz/scenarios.\n"
	    "\n"
	    "  -h, --help   display this help and exit\n", PKGDATADIR);
}

int
cmd_list(int argc, char **argv)
{
	struct scenario_list	 l;
	char			**dirs;
	size_t			 i;
	int			 topic = -2;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		list_help();
		return CMD_EXIT_OK;
	}
	if (argc > 1) {
		cmd_error("list", "unexpected argument '%s'", argv[1]);
		return cmd_usage("list");
	}
	dirs = scenario_dirs();
	scenario_list_load(&l, dirs);
	for (i = 0; i < l.n; i++) {
		if (l.v[i].topic != topic) {
			topic = l.v[i].topic;
			printf("%s%s\n", i > 0 ? "\n" : "", scenario_topic_name(topic));
		}
		printf("  %-44s %s\n", l.v[i].title, l.v[i].path);
	}
	if (l.n == 0) {
		printf("No scenarios found in:\n");
		for (i = 0; dirs[i] != NULL; i++)
			printf("  %s\n", dirs[i]);
	}
	for (i = 0; i < l.nnotes; i++)
		cmd_error("list", "skipped %s", l.notes[i]);
	scenario_list_free(&l);
	scenario_dirs_free(dirs);
	return CMD_EXIT_OK;
}
