/*
 * cmd-export.c — "concviz export": turn a recording into text, a summary,
 * Chrome trace JSON, an asciicast or an SVG.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

int
cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help",   no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *format = NULL, *output = NULL;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'h':
			printf("Usage: concviz export --format=FORMAT [-o OUT] FILE.cvz\n"
			    "Formats: text, summary, chrome, asciicast, svg.\n");
			return CMD_EXIT_OK;
		default:
			cmd_error("export", "bad option '%s'", argv[optind - 1]);
			return cmd_usage("export");
		}
	}
	(void)output;
	if (format == NULL || optind != argc - 1)
		return cmd_usage("export");
	return cmd_unavailable("export", "reading recordings");
}
