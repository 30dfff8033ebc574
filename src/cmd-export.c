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
#include "core/xmalloc.h"
#include "export/export.h"
#include "trace/cvz.h"

/* Print the help of "concviz export". */
static void
export_help(void)
{
	const struct export_format *f;

	printf("Usage: concviz export --format=FORMAT [OPTION]... FILE.cvz\n"
	    "Write a recording in another format (to standard output, or OUT).\n"
	    "\n"
	    "  -f, --format=FORMAT  one of:\n");
	for (f = export_formats; f->name != NULL; f++)
		printf("      %-10s %s%s\n", f->name, f->summary,
		    f->run == NULL ? " (not built yet)" : "");
	printf("  -o, --output=OUT     write to OUT instead of standard output\n"
	    "      --from=TIME      start TIME after the first event (e.g. 1.5s,\n"
	    "                       20ms, 300us; text, chrome, svg)\n"
	    "      --to=TIME        end TIME after the first event\n"
	    "      --width=PX       svg: picture width in pixels (default 1200)\n"
	    "      --size=COLSxROWS asciicast: screen size (default 100x30)\n"
	    "      --speed=RATE     asciicast: playback rate, e.g. 0.01 for 1/100\n"
	    "                       (default: 1/100, faster if the cast would\n"
	    "                       last over a minute)\n"
	    "      --fps=N          asciicast: frames per second (default 10)\n"
	    "      --title=TEXT     title of the picture or cast\n"
	    "  -h, --help           display this help and exit\n"
	    "\n"
	    "A recording cut short is exported up to its last whole chunk, with\n"
	    "a warning. A damaged recording is an error naming the byte offset.\n");
}

/* Parse a duration ("1.5s", "20ms", "300us", "5000ns"; bare numbers are
   seconds) into ns; -1 if it is not one. */
static int
export_parse_time(const char *s, uint64_t *ns)
{
	char	*end;
	double	 v, unit = 1e9;

	v = strtod(s, &end);
	if (end == s || !(v >= 0) || v > 1e6)
		return -1;
	if (strcmp(end, "ns") == 0)
		unit = 1;
	else if (strcmp(end, "us") == 0)
		unit = 1e3;
	else if (strcmp(end, "ms") == 0)
		unit = 1e6;
	else if (strcmp(end, "s") != 0 && *end != '\0')
		return -1;
	*ns = (uint64_t)(v * unit + 0.5);
	return 0;
}

/* Parse a positive number within [lo, hi]; -1 if it is not one. */
static int
export_parse_num(const char *s, double lo, double hi, double *out)
{
	char	*end;
	double	 v = strtod(s, &end);

	if (end == s || *end != '\0' || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
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
		{ "from",   required_argument, NULL, 'F' },
		{ "to",     required_argument, NULL, 'T' },
		{ "width",  required_argument, NULL, 'W' },
		{ "size",   required_argument, NULL, 'S' },
		{ "speed",  required_argument, NULL, 'P' },
		{ "fps",    required_argument, NULL, 'R' },
		{ "title",  required_argument, NULL, 'I' },
		{ "help",   no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct export_format *fmt;
	const char *format = NULL, *output = NULL, *path;
	struct export_opts opts;
	struct model *m;
	char *cause = NULL, *end;
	double v;
	long cols, rows;
	FILE *out;
	int c, truncated = 0, rc;

	memset(&opts, 0, sizeof opts);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'F':
		case 'T':
			if (export_parse_time(optarg, c == 'F' ? &opts.from :
			    &opts.to) != 0) {
				cmd_error("export", "bad time '%s' (try 1.5s, "
				    "20ms or 300us)", optarg);
				return cmd_usage("export");
			}
			break;
		case 'W':
			if (export_parse_num(optarg, 200, 100000, &v) != 0) {
				cmd_error("export", "bad --width '%s' (200 to "
				    "100000 pixels)", optarg);
				return cmd_usage("export");
			}
			opts.width = (int)v;
			break;
		case 'S':
			cols = strtol(optarg, &end, 10);
			rows = *end == 'x' ? strtol(end + 1, &end, 10) : 0;
			if (*end != '\0' || cols < 40 || cols > 1000 ||
			    rows < 12 || rows > 500) {
				cmd_error("export", "bad --size '%s' (COLSxROWS, "
				    "at least 40x12)", optarg);
				return cmd_usage("export");
			}
			opts.cols = (int)cols;
			opts.rows = (int)rows;
			break;
		case 'P':
			if (export_parse_num(optarg, 1e-6, 1e6, &v) != 0) {
				cmd_error("export", "bad --speed '%s'", optarg);
				return cmd_usage("export");
			}
			opts.speed = v;
			break;
		case 'R':
			if (export_parse_num(optarg, 0.1, 60, &v) != 0) {
				cmd_error("export", "bad --fps '%s' (0.1 to 60)",
				    optarg);
				return cmd_usage("export");
			}
			opts.fps = v;
			break;
		case 'I': opts.title = optarg; break;
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
	if (opts.to != 0 && opts.to <= opts.from) {
		cmd_error("export", "--to must come after --from");
		return cmd_usage("export");
	}
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
	rc = fmt->run(m, &opts, out, &cause);
	if (rc == 0 && fflush(out) != 0) {
		cause = xstrdup(strerror(errno));
		rc = -1;
	}
	if (out != stdout && fclose(out) != 0 && rc == 0) {
		cause = xstrdup(strerror(errno));
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
