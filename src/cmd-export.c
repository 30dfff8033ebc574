/*
 * cmd-export.c — "concviz export": turn a recording into text, a summary,
 * Chrome trace JSON, an asciicast or an SVG. Wiring only: the formats live
 * in src/export/, the reading in src/trace/cvz-read.c.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "export/export.h"
#include "trace/cvz.h"

/* Print the help of "concviz export". */
static void
export_help(void)
{
	const struct export_format *f;

	printf("Usage: concviz export --format=FORMAT [-o OUT] FILE.cvz\n"
	    "Write a recording in another format (to standard output, or OUT).\n"
	    "\n"
	    "  -f, --format=FORMAT  one of:\n");
	for (f = export_formats; f->name != NULL; f++)
		printf("      %-10s %s%s\n", f->name, f->summary,
		    f->run == NULL ? " (not built yet)" : "");
	printf("  -o, --output=OUT     write to OUT instead of standard output\n"
	    "  -h, --help           display this help and exit\n"
	    "\n"
	    "A recording cut short is exported up to its last whole chunk, with\n"
	    "a warning. A damaged recording is an error naming the byte offset.\n");
}

/*
 * "concviz export --format=FORMAT [-o OUT] FILE.cvz": load the recording
 * into the model and run the format's exporter. Exit 0, 1 when the file is
 * unreadable or damaged (the message names the byte offset) or the format is
 * not built yet, 2 on a usage error.
 */
int
cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help",   no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct export_format *fmt;
	const char *format = NULL, *output = NULL, *path;
	struct model *m;
	char *cause = NULL;
	FILE *out;
	int c, truncated = 0, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'h':
			export_help();
			return CMD_EXIT_OK;
		default:
			cmd_error("export", "bad option '%s'", argv[optind - 1]);
			return cmd_usage("export");
		}
	}
	if (format == NULL || optind != argc - 1)
		return cmd_usage("export");
	if ((fmt = export_find(format)) == NULL) {
		cmd_error("export", "unknown format '%s' (try text, summary, "
		    "chrome, asciicast or svg)", format);
		return cmd_usage("export");
	}
	if (fmt->run == NULL) {
		cmd_error("export", "the %s format is not built yet in concviz "
		    "%s (available: text, summary)", fmt->name, PACKAGE_VERSION);
		return CMD_EXIT_FAIL;
	}
	path = argv[optind];

	if ((m = cvz_load_model(path, &truncated, &cause)) == NULL) {
		cmd_error("export", "%s", cause);
		free(cause);
		return CMD_EXIT_FAIL;
	}
	if (truncated)
		cmd_error("export", "%s: warning: the recording was cut short; "
		    "exporting its %llu complete events", path,
		    (unsigned long long)model_event_count(m));

	if (output != NULL && strcmp(output, "-") != 0) {
		if ((out = fopen(output, "w")) == NULL) {
			cmd_error("export", "%s: %s", output, strerror(errno));
			model_free(m);
			return CMD_EXIT_FAIL;
		}
	} else
		out = stdout;
	rc = fmt->run(m, out, &cause);
	if (rc == 0 && fflush(out) != 0) {
		cause = strdup(strerror(errno));
		rc = -1;
	}
	if (out != stdout && fclose(out) != 0 && rc == 0) {
		cause = strdup(strerror(errno));
		rc = -1;
	}
	model_free(m);
	if (rc != 0) {
		cmd_error("export", "%s: %s", output ? output : "stdout",
		    cause ? cause : "write error");
		free(cause);
		return CMD_EXIT_FAIL;
	}
	return CMD_EXIT_OK;
}
